# Netduino Plus 2 (ST STM32F405RG): Cortex-M4F at 168 MHz, 1 MiB flash, 128 KiB SRAM (+ 64 KiB
# CCM, unused). Runs under QEMU's netduinoplus2 machine (USART1 is its serial0, on stdio); see
# docs/boards/netduinoplus2.md.
include("${MOTE_ROOT}/cmake/cortex-m-board.cmake")
mote_cortex_m_board(
  CHIP stm32f4 CPU cortex-m4 MACHINE netduinoplus2
  # Hard-float ABI: floats travel in FPU registers. The reset handler turns the FPU on first.
  FLOAT_FLAGS "-mfloat-abi=hard -mfpu=fpv4-sp-d16"
  TICK_HZ 1000000                        # 1 us ticks: TIM2 counts them exactly (any divisor of 4 MHz works)
  LINKER_SCRIPT linker.ld SOURCES board.cpp)
