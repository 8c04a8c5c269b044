# Toolchain for 32-bit RISC-V microcontrollers (rv32imac, ilp32) with Debian's
# riscv64-unknown-elf-gcc 12 (it carries the rv32 multilibs) and picolibc.
#
# C++ standard headers: Debian ships none for riscv64-unknown-elf (not even <cstdint>). mote uses
# only header-only parts of the C++ library (<coroutine>, <atomic>, <optional>, <span>, <array>,
# <type_traits>, ...; no libstdc++ code is linked on any target), so RISC-V borrows the very same
# libstdc++ 12.2 headers the Cortex-M builds use (libstdc++-arm-none-eabi-dev, the newlib
# flavour), compiled -ffreestanding over picolibc's RISC-V C headers. Why this and not the
# alternatives (docs/boards/riscv.md): it is the same GCC release and the same header text as
# on Cortex-M, so the framework compiles identically on both; the Linux cross headers
# (libstdc++-12-dev-riscv64-cross) need glibc's missing rv32 stubs; clang finds no riscv32 C++
# headers either; a home-made <coroutine> would fork the framework per architecture. The only
# Arm-specific header in that set, bits/c++config.h and friends, describes newlib's C library
# (the same ABI-neutral configuration picolibc answers), not the CPU; the CPU-specific facts
# (atomics, alignment, sizes) come from the compiler's predefined macros.
set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_SYSTEM_PROCESSOR riscv32)

set(CMAKE_C_COMPILER riscv64-unknown-elf-gcc)
set(CMAKE_CXX_COMPILER riscv64-unknown-elf-g++)
set(CMAKE_ASM_COMPILER riscv64-unknown-elf-gcc)
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
if(NOT EXISTS "${_mote_cxx_headers}/coroutine")
  message(FATAL_ERROR "mote: RISC-V borrows the C++ headers of libstdc++-arm-none-eabi-dev (${_mote_cxx_headers}); run tools/setup.sh")
endif()

# binutils 2.40 wants _zicsr in -march for the CSR instructions, but GCC 12 then picks the
# wrong (rv64) multilib at link time: compile with rv32imac_zicsr, link with rv32imac.
# -msmall-data-limit=0: no .sdata/.sbss, so the linker script and startup need no gp-relative
# small-data area (gp is still set up for linker relaxation).
set(_mote_rv_flags "-march=rv32imac_zicsr -mabi=ilp32 -mcmodel=medany -msmall-data-limit=0 --specs=picolibc.specs -Os -ffunction-sections -fdata-sections")
include("${CMAKE_CURRENT_LIST_DIR}/toolchain-flags.cmake")
mote_toolchain_flags("${_mote_rv_flags}" "-ffreestanding -isystem ${_mote_cxx_headers} -isystem ${_mote_cxx_headers}/arm-none-eabi")
# Link for the rv32imac multilib (see above); the port's startup replaces crt0; integer printf.
# g++ would add -lstdc++, which does not exist for this target (and no code of it is needed):
# -nodefaultlibs, then the C library and libgcc by hand, at the end of the link line.
set(CMAKE_EXE_LINKER_FLAGS_INIT "-march=rv32imac -mabi=ilp32 -nostartfiles -nodefaultlibs -Wl,--gc-sections -Wl,--no-warn-rwx-segments -DPICOLIBC_INTEGER_PRINTF_SCANF")
set(CMAKE_C_STANDARD_LIBRARIES "-Wl,--start-group -lc -lgcc -Wl,--end-group" CACHE STRING "")
set(CMAKE_CXX_STANDARD_LIBRARIES "-Wl,--start-group -lc -lgcc -Wl,--end-group" CACHE STRING "")
