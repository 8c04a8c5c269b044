# The wasm32 board: WebAssembly (wasm32-wasi), run by node or a browser. See docs/boards/wasm32.md.
#
# A firmware (mote_add_firmware) is a WASI *reactor*: it has no main() that runs to the end.
# platform/wasm/js/mote.mjs instantiates it, calls mote_start() and then polls the executor from
# the JavaScript event loop (microtasks for wake-ups, setTimeout for the alarm) until the program
# calls mote::exit. Unit tests stay ordinary WASI commands (GoogleTest's main).
set(MOTE_PLATFORM wasm)
set(MOTE_BOARD_TICK_HZ 1000000)          # 1 us ticks, from performance.now() (a double in ms)
# The frame arena: a static array. Linear memory has no fixed size to fill (it grows on demand),
# and the memory above __heap_base is where wasi-libc's malloc starts, which WASI's environ and
# GoogleTest use. 1 MiB, like riscv32-virt's RAM: frames are about Cortex-M sized (32-bit
# pointers); the engine maps zeroed pages, so unused arena costs (almost) nothing.
set(MOTE_BOARD_ARENA_BYTES 1048576)
set(CMAKE_TOOLCHAIN_FILE "${MOTE_ROOT}/cmake/toolchain-wasm32.cmake" CACHE FILEPATH "Toolchain of the board")
# There is no size(1) for wasm: size.mjs parses the module and answers in the same (Berkeley)
# format: text = code section, data = initialised data segments, bss = the rest of static RAM.
set(MOTE_SIZE_TOOL "${MOTE_ROOT}/platform/wasm/js/size.mjs")

# A firmware is a reactor: _initialize runs the static constructors, then JS calls mote_start.
function(mote_board_configure_firmware target)
  target_link_options(${target} PRIVATE -mexec-model=reactor)
endfunction()

# How run-<name> runs a program: under node, with the program's exit code as node's.
function(mote_board_run_command out wasm)
  find_program(MOTE_NODE node REQUIRED)
  set(${out} ${MOTE_NODE} ${MOTE_ROOT}/platform/wasm/js/run.mjs ${wasm} PARENT_SCOPE)
endfunction()
