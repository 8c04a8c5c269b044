# Toolchain for Arm Cortex-M with clang-16 (MOTE_TOOLCHAIN=clang): clang compiles, the GNU
# toolchain links. Same libraries, headers, flags and board contract as
# toolchain-arm-none-eabi.cmake (read that file first; this one only says what differs).
#
# Headers: clang finds no C++ library for a bare-metal Arm target on its own, so it gets exactly
# the ones arm-none-eabi-g++ uses with picolibc.specs: libstdc++ 12.2 of
# libstdc++-arm-none-eabi-picolibc (plus the multilib subfolder for the core, which holds
# bits/c++config.h) and picolibc's C headers; clang's own resource headers (stdint.h, arm_acle.h)
# stand in for GCC's. Only header-only parts of libstdc++ are used, as with GCC.
#
# ABI: arm-none-eabi-gcc defaults to short enums (Tag_ABI_enum_size: small; picolibc and libgcc
# are built that way) while clang's arm-none-eabi default is int-sized enums, so clang gets
# -fshort-enums: otherwise an enum inside a struct shared with the C library would change size
# and the linker warns about mixing enum sizes. wchar_t is 4 bytes under both.
#
# Linking: the arm-none-eabi-g++ driver with picolibc.specs, exactly as in the GCC build (same
# GNU ld, linker scripts, picolibc libc.a, libgcc.a, specs-selected integer printf, multilib
# chosen by -mcpu/-mfloat-abi). Why not ld.lld: with the same link the only difference between
# a GCC and a clang firmware is the compiler's code, which is what bench/ compares; and the
# boards' GNU ld scripts, the map files and the --wrap tricks of the tests need no second
# dialect. clang's objects use the same AEABI helpers (__aeabi_*), which libgcc and picolibc
# provide; compiler-rt is not needed.
set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_SYSTEM_PROCESSOR arm)

set(CMAKE_C_COMPILER clang-16)
set(CMAKE_CXX_COMPILER clang++-16)
set(CMAKE_ASM_COMPILER clang-16)
set(CMAKE_AR arm-none-eabi-ar)
set(CMAKE_RANLIB arm-none-eabi-ranlib)
set(CMAKE_OBJCOPY arm-none-eabi-objcopy)
set(CMAKE_SIZE arm-none-eabi-size)

set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)
list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES MOTE_ARM_CPU MOTE_ARM_FLOAT_FLAGS)
if(NOT MOTE_ARM_CPU)
  set(MOTE_ARM_CPU cortex-m3)
endif()

set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

# The target triple per core (clang would derive the same from -mcpu; naming it keeps the
# architecture visible in the compile lines).
if(MOTE_ARM_CPU MATCHES "^cortex-m(0|0plus|1)$")
  set(_mote_triple thumbv6m-none-eabi)
elseif(MOTE_ARM_CPU STREQUAL "cortex-m3")
  set(_mote_triple thumbv7m-none-eabi)
elseif(MOTE_ARM_CPU MATCHES "^cortex-m(4|7)$")
  set(_mote_triple thumbv7em-none-eabi)
elseif(MOTE_ARM_CPU STREQUAL "cortex-m23")
  set(_mote_triple thumbv8m.base-none-eabi)
elseif(MOTE_ARM_CPU MATCHES "^cortex-m(33|35p)([+].*)?$")  # +nodsp, +nofp: extensions left out
  set(_mote_triple thumbv8m.main-none-eabi)
else()
  set(_mote_triple arm-none-eabi)
endif()
separate_arguments(_mote_float UNIX_COMMAND "${MOTE_ARM_FLOAT_FLAGS}")
if(NOT _mote_float)
  set(_mote_float -mfloat-abi=soft)  # what arm-none-eabi-gcc picks for a core without FPU flags
endif()
# The multilib folder GCC would use for this core (e.g. thumb/v7-m/nofp): where libstdc++'s
# bits/c++config.h lives. Asked of the GCC driver, so both compilers agree by construction.
execute_process(COMMAND arm-none-eabi-gcc -mcpu=${MOTE_ARM_CPU} -mthumb ${_mote_float} -print-multi-directory
                OUTPUT_VARIABLE _mote_multilib OUTPUT_STRIP_TRAILING_WHITESPACE RESULT_VARIABLE _rc)
set(_mote_cxx_headers /usr/lib/arm-none-eabi/include/c++/12.2.1)
set(_mote_c_headers /usr/lib/picolibc/arm-none-eabi/include)
if(NOT _rc EQUAL 0 OR NOT EXISTS "${_mote_cxx_headers}/arm-none-eabi/${_mote_multilib}/bits/c++config.h"
   OR NOT EXISTS "${_mote_c_headers}/stdio.h")
  message(FATAL_ERROR "mote: clang for ${MOTE_ARM_CPU} needs arm-none-eabi-gcc, libstdc++-arm-none-eabi-picolibc and picolibc-arm-none-eabi (multilib '${_mote_multilib}'); run tools/setup.sh")
endif()
string(REPLACE ";" " " _mote_float "${_mote_float}")

# As in the GCC file: -Os, a section per function and object; no exceptions, RTTI, local-static
# guards or __cxa_atexit. -ftls-model=local-exec: what picolibc.specs gives GCC (picolibc's errno
# is thread-local). No -ffreestanding: like the GCC build this is a hosted C library, and
# freestanding would also turn off clang's memcpy/memset builtins. -fomit-frame-pointer: clang-16
# keeps r7 as a frame pointer on arm-none-eabi even at -Os (its default omits it only for Linux
# and a few other targets), which GCC never does when optimising; without it every function
# pays a push of r7 and a `mov r7, sp`, and the comparison with GCC would measure that.
set(_mote_arm_flags "--target=${_mote_triple} -mcpu=${MOTE_ARM_CPU} -mthumb ${_mote_float} -fshort-enums -fomit-frame-pointer -ftls-model=local-exec -isystem ${_mote_c_headers} -Os -ffunction-sections -fdata-sections")
include("${CMAKE_CURRENT_LIST_DIR}/toolchain-flags.cmake")
mote_toolchain_flags("${_mote_arm_flags}" "-nostdinc++ -isystem ${_mote_cxx_headers} -isystem ${_mote_cxx_headers}/arm-none-eabi/${_mote_multilib}")

# The link: the GCC driver, its own core flags (the compile flags above are clang's and are not
# passed), then the same linker flags as the GCC build.
set(_mote_gcc_link_flags "-mcpu=${MOTE_ARM_CPU} -mthumb ${_mote_float} --specs=picolibc.specs")
set(CMAKE_C_LINK_EXECUTABLE "arm-none-eabi-gcc ${_mote_gcc_link_flags} <CMAKE_C_LINK_FLAGS> <LINK_FLAGS> <OBJECTS> -o <TARGET> <LINK_LIBRARIES>")
set(CMAKE_CXX_LINK_EXECUTABLE "arm-none-eabi-g++ ${_mote_gcc_link_flags} <CMAKE_CXX_LINK_FLAGS> <LINK_FLAGS> <OBJECTS> -o <TARGET> <LINK_LIBRARIES>")
# --no-warn-execstack: clang marks its objects with .note.GNU-stack, GCC's and picolibc's carry
# none, and GNU ld warns about that mix on every link ("missing .note.GNU-stack section implies
# executable stack"); a Cortex-M has no such thing as a non-executable stack to lose.
set(CMAKE_EXE_LINKER_FLAGS_INIT "-nostartfiles -Wl,--gc-sections -Wl,--no-warn-execstack -DPICOLIBC_INTEGER_PRINTF_SCANF")
