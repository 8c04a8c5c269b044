# Toolchain for Arm Cortex-M with the Debian/Arm GNU toolchain (arm-none-eabi-gcc 12) and picolibc.
#
# The board chooses the core before project(): MOTE_ARM_CPU (default cortex-m3) and, for cores
# with an FPU, MOTE_ARM_FLOAT_FLAGS (e.g. "-mfloat-abi=hard -mfpu=fpv4-sp-d16"). Both are passed
# on to CMake's try_compile checks. The board adds its linker script per firmware.
#
# Why picolibc and not newlib-nano: picolibc's stdio writes straight to a FILE's put function
# and never calls malloc; newlib-nano's printf allocates its stdout buffer with malloc (pulling
# in _sbrk and a heap) and needs the _write/_sbrk/_close... syscall stubs. mote uses no heap.
# Cost on the seed demo (Cortex-M3, -Os): picolibc contributes 1.4 KiB of flash (integer
# printf, vsnprintf, strlen, strcmp); printf with double support would add 6 KiB more.
set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_SYSTEM_PROCESSOR arm)

set(CMAKE_C_COMPILER arm-none-eabi-gcc)
set(CMAKE_CXX_COMPILER arm-none-eabi-g++)
set(CMAKE_ASM_COMPILER arm-none-eabi-gcc)
set(CMAKE_AR arm-none-eabi-ar)
set(CMAKE_RANLIB arm-none-eabi-ranlib)
set(CMAKE_OBJCOPY arm-none-eabi-objcopy)
set(CMAKE_SIZE arm-none-eabi-size)

# Compiler checks build a static library: a bare-metal executable cannot link without the
# board's startup code and linker script.
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)
list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES MOTE_ARM_CPU MOTE_ARM_FLOAT_FLAGS)
if(NOT MOTE_ARM_CPU)
  set(MOTE_ARM_CPU cortex-m3)
endif()

# Never look for programs in the target's paths, nor for libraries and headers in the host's.
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

# --specs=picolibc.specs selects picolibc's headers and libraries (and its TLS model for errno).
# -Os: flash is the scarce resource. Sections per function/object so --gc-sections drops the
# unused ones. The C++ flags every target shares: cmake/toolchain-flags.cmake.
set(_mote_arm_flags "-mcpu=${MOTE_ARM_CPU} -mthumb ${MOTE_ARM_FLOAT_FLAGS} --specs=picolibc.specs -Os -ffunction-sections -fdata-sections")
include("${CMAKE_CURRENT_LIST_DIR}/toolchain-flags.cmake")
mote_toolchain_flags("${_mote_arm_flags}" "")
# The port's startup code replaces crt0; unused sections are dropped. -T <script> comes from
# the board (mote_board_configure_firmware). printf without floating point: picolibc's integer
# variant (its specs map vfprintf to __i_vfprintf) is about 5 KiB smaller than the default,
# which carries a double-to-decimal engine. For %f, link with -DPICOLIBC_DOUBLE_PRINTF_SCANF.
set(CMAKE_EXE_LINKER_FLAGS_INIT "-nostartfiles -Wl,--gc-sections -DPICOLIBC_INTEGER_PRINTF_SCANF")
