# Toolchain for 32-bit RISC-V microcontrollers (rv32imac, ilp32) with clang-16
# (MOTE_TOOLCHAIN=clang): clang compiles, the GNU toolchain links. Same headers, libraries and
# flags as toolchain-riscv32.cmake (read that file first; this one only says what differs).
#
# Headers: the same freestanding libstdc++ 12.2 headers the GCC RISC-V build borrows (newlib
# flavour of libstdc++-arm-none-eabi-dev, -nostdinc++ so clang looks nowhere else) over
# picolibc's RISC-V C headers; clang's resource headers stand in for GCC's. Enums are int-sized
# under both compilers on RISC-V (the psABI has no short-enum variant), so no -fshort-enums.
#
# -march: clang 16 rejects the _zicsr suffix GCC's assembler wants (it counts Zicsr as part of
# rv32i) and its integrated assembler accepts the CSR instructions without it: -march=rv32imac.
#
# Linking: the riscv64-unknown-elf-gcc driver with picolibc.specs, exactly as in the GCC build
# (same GNU ld and its relaxation, linker scripts, picolibc and libgcc for the rv32imac multilib).
# Why not ld.lld: then a GCC and a clang firmware differ only in the compiler's code, and the
# boards' GNU ld scripts and map files serve both. clang emits R_RISCV_RELAX like GCC, so GNU ld
# relaxes clang's calls and gp-relative accesses the same way.
set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_SYSTEM_PROCESSOR riscv32)

set(CMAKE_C_COMPILER clang-16)
set(CMAKE_CXX_COMPILER clang++-16)
set(CMAKE_ASM_COMPILER clang-16)
set(CMAKE_AR riscv64-unknown-elf-ar)
set(CMAKE_RANLIB riscv64-unknown-elf-ranlib)
set(CMAKE_OBJCOPY riscv64-unknown-elf-objcopy)
set(CMAKE_SIZE riscv64-unknown-elf-size)

set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

set(_mote_cxx_headers /usr/include/newlib/c++/12.2.1)
set(_mote_c_headers /usr/lib/picolibc/riscv64-unknown-elf/include)
if(NOT EXISTS "${_mote_cxx_headers}/coroutine" OR NOT EXISTS "${_mote_c_headers}/stdio.h")
  message(FATAL_ERROR "mote: clang for RISC-V borrows the C++ headers of libstdc++-arm-none-eabi-dev and picolibc-riscv64-unknown-elf's C headers; run tools/setup.sh")
endif()

# As in the GCC file (-msmall-data-limit=0: no small-data sections), plus picolibc.specs's
# -ftls-model=local-exec and include path, which clang does not read from the specs.
set(_mote_rv_flags "--target=riscv32-unknown-elf -march=rv32imac -mabi=ilp32 -mcmodel=medany -msmall-data-limit=0 -ftls-model=local-exec -isystem ${_mote_c_headers} -Os -ffunction-sections -fdata-sections")
include("${CMAKE_CURRENT_LIST_DIR}/toolchain-flags.cmake")
mote_toolchain_flags("${_mote_rv_flags}" "-ffreestanding -nostdinc++ -isystem ${_mote_cxx_headers} -isystem ${_mote_cxx_headers}/arm-none-eabi")

# The link: the GCC driver with the GCC build's linker flags and libraries (the compile flags
# above are clang's and are not passed to it).
set(_mote_gcc_link_flags "--specs=picolibc.specs")
set(CMAKE_C_LINK_EXECUTABLE "riscv64-unknown-elf-gcc ${_mote_gcc_link_flags} <CMAKE_C_LINK_FLAGS> <LINK_FLAGS> <OBJECTS> -o <TARGET> <LINK_LIBRARIES>")
set(CMAKE_CXX_LINK_EXECUTABLE "riscv64-unknown-elf-gcc ${_mote_gcc_link_flags} <CMAKE_CXX_LINK_FLAGS> <LINK_FLAGS> <OBJECTS> -o <TARGET> <LINK_LIBRARIES>")
set(CMAKE_EXE_LINKER_FLAGS_INIT "-march=rv32imac -mabi=ilp32 -nostartfiles -nodefaultlibs -Wl,--gc-sections -Wl,--no-warn-rwx-segments -DPICOLIBC_INTEGER_PRINTF_SCANF")
set(CMAKE_C_STANDARD_LIBRARIES "-Wl,--start-group -lc -lgcc -Wl,--end-group" CACHE STRING "")
set(CMAKE_CXX_STANDARD_LIBRARIES "-Wl,--start-group -lc -lgcc -Wl,--end-group" CACHE STRING "")
