# The LM3S6965's GPIO output and ADC drivers (docs/drivers/gpio.md, docs/drivers/adc.md), under QEMU
# (included by tests/target/CMakeLists.txt; only for boards with that chip).
if(NOT MOTE_CHIP STREQUAL "lm3s6965")
  return()
endif()
mote_target_test(lm3s6965_gpio_adc
  MATCH "gpio: PF0 set, toggled 101 times, read back. PF2 untouched. released and taken again\n"
        "adc: 40 samples in [0-9]+ us at 1000 triggers/s \\([12] per trigger\\), all in 51[2-9]\\.\\.51[2-9]\n"
        "adc: a sample\\(\\) cancelled by with_timeout\\(50 us\\), the next one served, 0 lost\n"
        "adc: 50 ms unread: 16 samples, then Overrun, then fresh samples. [0-9]+ conversions = [0-9]+ taken"
        "adc: released and started again" "\nok\n")
mote_target_test(lm3s6965_gpio_claim_twice MUST_FAIL MATCH "first Output on PF0\n" "panicked: .*GPIO PF pin mask 0x01 already has a driver")
# The SysTick-based clock against an independent 1 Hz reference over six 1 s sleeps.
mote_target_test(lm3s6965_clock_vs_rtc MATCH "clock 6000 ms, rtc 6 s\n" "clock and rtc agree\n")
