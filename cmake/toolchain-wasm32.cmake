# Toolchain for WebAssembly (wasm32-wasi) with clang-16, Debian's wasi-libc and libc++ for wasm32.
#
# Programs are .wasm modules run by node (platform/wasm/js/run.mjs) or a browser
# (platform/wasm/js/mote.mjs). clang finds wasi-libc's headers and libraries by itself; libc++'s
# headers live in a target directory of LLVM's own that the driver does not search, so it is
# named here (before the C library's headers, as libc++ requires).
set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_SYSTEM_PROCESSOR wasm32)

set(CMAKE_C_COMPILER clang-16)
set(CMAKE_CXX_COMPILER clang++-16)
set(CMAKE_C_COMPILER_TARGET wasm32-wasi)
set(CMAKE_CXX_COMPILER_TARGET wasm32-wasi)
find_program(CMAKE_AR NAMES llvm-ar-16 llvm-ar)
find_program(CMAKE_RANLIB NAMES llvm-ranlib-16 llvm-ranlib)
set(CMAKE_EXECUTABLE_SUFFIX ".wasm")
set(CMAKE_EXECUTABLE_SUFFIX_C ".wasm")
set(CMAKE_EXECUTABLE_SUFFIX_CXX ".wasm")

# Compiler checks build a static library (no need to run anything).
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

# Every .wasm runs under node: test discovery (gtest_discover_tests) and add_test with a target
# as its command use this emulator. --no-warnings silences node 20's "WASI is experimental".
get_filename_component(_mote_wasm_root "${CMAKE_CURRENT_LIST_DIR}/.." ABSOLUTE)
find_program(MOTE_NODE node REQUIRED)
set(CMAKE_CROSSCOMPILING_EMULATOR "${MOTE_NODE};${_mote_wasm_root}/platform/wasm/js/run.mjs")

# No exceptions, no RTTI (as on every target); sections per function so the linker drops the
# unused ones; -Os by default like the microcontroller builds (the .wasm is what a page downloads).
set(CMAKE_C_FLAGS_INIT "-Os -ffunction-sections -fdata-sections")
set(CMAKE_CXX_FLAGS_INIT "-Os -ffunction-sections -fdata-sections -fno-exceptions -fno-rtti -isystem /usr/lib/llvm-16/include/wasm32-wasi/c++/v1")
# Debug builds are -O1, not -O0: clang-16 for wasm32 at -O0 destroys a coroutine's by-value
# parameter twice (once in the caller after moving it into the frame) when the promise has
# get_return_object_on_allocation_failure, as every mote task and Async does: a unique_ptr
# argument is freed while the coroutine still uses it. Seen with a 30-line program without mote;
# host clang-16 at -O0 and wasm32 at -O1 and above are correct. docs/boards/wasm32.md.
set(CMAKE_C_FLAGS_DEBUG_INIT "-O1 -g")
set(CMAKE_CXX_FLAGS_DEBUG_INIT "-O1 -g")
foreach(_lang C CXX)
  set(CMAKE_${_lang}_FLAGS_RELEASE_INIT "-DNDEBUG")
  set(CMAKE_${_lang}_FLAGS_RELWITHDEBINFO_INIT "-g -DNDEBUG")
  set(CMAKE_${_lang}_FLAGS_MINSIZEREL_INIT "-DNDEBUG")
endforeach()
# __data_end and __heap_base are exported so that size.mjs can tell static RAM (data + bss) from
# the stack without a symbol table.
set(CMAKE_EXE_LINKER_FLAGS_INIT "-Wl,--gc-sections -Wl,--export=__data_end -Wl,--export=__heap_base")
# Debian's wasi-libc and libc++ carry DWARF (about 125 KiB in every module): dropped outside Debug
# builds. The name section stays, so a trap's stack trace still names functions.
foreach(_type RELEASE MINSIZEREL)
  set(CMAKE_EXE_LINKER_FLAGS_${_type}_INIT "-Wl,--strip-debug")
endforeach()
