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
# I2C0 (mote::lm3s6965::I2c, docs/drivers/lm3s6965.md) and the TMP105 driver against QEMU's tmp105
# model: reads, writes read back, merged writes, NACK, interrupt-driven completion, cancellation.
mote_target_test(lm3s6965_i2c
  QEMU_ARGS -device tmp105,bus=i2c,address=0x48
  MATCH "tmp105: temperature 0x0000, config 0x00, T_LOW 0x4b00, T_HIGH 0x5000\n"
        "tmp105: config written 0x60 read 0x60, T_HIGH written 0x5a00 read 0x5a00\n"
        "transaction: T_HIGH written in two merged operations, read back 0x4c80\n"
        "nack: write, read and write_read at 0x49: i2c: no acknowledge \\(NACK\\); the bus is idle; 0x48 answers after\n"
        "interrupt: a read with the interrupt masked completed after 1 ms, when it was enabled\n"
        "with_timeout: cancelled mid-transfer, bus idle, buffer untouched, next read 0x4b00\n"
        "select: the timer won, read cancelled after its first byte, bus idle, next read 0x4c80\n"
        "queue: a waiting transfer cancelled by with_timeout, the running one then completed, next served\n"
        "\nok\n")
find_package(Python3 REQUIRED COMPONENTS Interpreter)  # serial_session.py
# GPIO edge and level waits (mote::lm3s6965::Input, docs/drivers/gpio.md) on the lines QEMU's
# gamepad drives: keys pressed and released over QMP (input-send-event), each after the line the
# firmware prints when its wait is armed.
set(_qmp_socket "${CMAKE_CURRENT_BINARY_DIR}/lm3s6965_gpio_wait.qmp")
mote_add_firmware(target_lm3s6965_gpio_wait lm3s6965_gpio_wait.cpp
  QEMU_ARGS -qmp unix:${_qmp_socket},server=on,wait=off)
mote_firmware_run_command(_run target_lm3s6965_gpio_wait)
foreach(key up down ctrl)
  foreach(dir press release)
    set(_down true)
    if(dir STREQUAL "release")
      set(_down false)
    endif()
    set(_${dir}_${key} "--qmp={\"execute\": \"input-send-event\", \"arguments\": {\"events\": [{\"type\": \"key\", \"data\": {\"down\": ${_down}, \"key\": {\"type\": \"qcode\", \"data\": \"${key}\"}}}]}}")
  endforeach()
endforeach()
add_test(NAME target.lm3s6965_gpio_wait
  COMMAND ${Python3_EXECUTABLE} "${CMAKE_CURRENT_SOURCE_DIR}/serial_session.py" --qmp-socket "${_qmp_socket}"
    "--expect=gpio_wait: ready, PE0 low\n" ${_press_up} ${_release_up}
    "--expect=wait_for_high: PE0 high\narmed: falling edge on PE0\n" ${_press_up}
    "--expect=falling edge: PE0 low\narmed: rising edge on PE0 or falling edge on PE1\n" ${_release_up}
    "--expect=select: PE0 rising edge won, PE1 wait cancelled, both interrupts masked\n"
    "--expect=with_timeout: one wait on PE0 cancelled, the other still armed\n" ${_press_up}
    "--expect=second waiter: falling edge, PE0 low\nidle: PE1 not armed; waiting for a rising edge on PF1\n"
    ${_press_down} ${_release_down} ${_press_ctrl} ${_release_ctrl}
    "--expect=PF1 rising edge; PE1's earlier edges not seen by a later wait \\(PE1 high\\)\narmed: any edge on PE1\n"
    ${_press_down}
    "--expect=any edge: PE1 low; wait_for_low completed\nok\n"
    -- ${_run})
# SSI0 (mote::lm3s6965::Spi) and the shared-bus SPI devices against QEMU's SD card model, with a
# blank 1 MiB card image made by the fixture (QEMU 7.2 wants a power-of-two size).
set(_sd_image "${CMAKE_CURRENT_BINARY_DIR}/lm3s6965_spi_sd.img")
add_test(NAME target.lm3s6965_spi_image
  COMMAND ${Python3_EXECUTABLE} -c "open(r'${_sd_image}', 'wb').truncate(1 << 20)")
set_tests_properties(target.lm3s6965_spi_image PROPERTIES FIXTURES_SETUP lm3s6965_spi_image)
mote_target_test(lm3s6965_spi
  QEMU_ARGS -drive if=sd,format=raw,file=${_sd_image}
  MATCH "write, read: CMD0 -> R1 0x01\n"
        "transfer: CMD8 -> R7 01 00 00 01 aa; transfer_in_place: R1 0x01; flush: idle\n"
        "interrupt: a 64-byte read stalled while masked, completed by the interrupt\n"
        "with_timeout: read cancelled, bus idle, buffer untouched, CMD0 -> R1 0x01\n"
        "exclusive: CMD0 -> R1 0x01, CMD8 -> R1 0x01, cs high\n"
        "shared: card, then oled \\(serialised\\); cancelled transaction: cs high, bus unlocked; CMD0 -> R1 0x01\n"
        "clocks: oled 3571428 Hz \\(asked 4 MHz\\), card 1000000 Hz \\(asked 1 MHz\\)\n"
        "queue: a waiting read cancelled by with_timeout, the running one then completed, next served\n"
        "\nok\n")
set_tests_properties(target.lm3s6965_spi PROPERTIES FIXTURES_REQUIRED lm3s6965_spi_image)
# The SSD0323 OLED driver (mote/devices/ssd0323.hpp) drawing a known picture, checked pixel by
# pixel in QEMU's screendump (check_oled.py).
set(_qmp_socket "${CMAKE_CURRENT_BINARY_DIR}/lm3s6965_oled.qmp")
set(_screendump "${CMAKE_CURRENT_BINARY_DIR}/lm3s6965_oled.ppm")
mote_add_firmware(target_lm3s6965_oled lm3s6965_oled.cpp
  QEMU_ARGS -qmp unix:${_qmp_socket},server=on,wait=off)
mote_firmware_run_command(_run target_lm3s6965_oled)
add_test(NAME target.lm3s6965_oled
  COMMAND ${Python3_EXECUTABLE} "${CMAKE_CURRENT_SOURCE_DIR}/serial_session.py" --qmp-socket "${_qmp_socket}"
    "--expect=refused: ssd0323: window outside the 128 x 64 panel; ssd0323: x and width must be even; ssd0323: pixel buffer size is not width x height / 2\ndrawn\n"
    "--qmp={\"execute\": \"screendump\", \"arguments\": {\"filename\": \"${_screendump}\"}}"
    "--run=${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/check_oled.py ${_screendump}"
    ${_press_up} ${_release_up}
    "--expect=ok\n"
    -- ${_run})
# The SD card driver (mote/devices/sd_card.hpp) on QEMU's card: the image is made with known
# blocks before the run and its written blocks are checked on the host afterwards.
set(_sd_image "${CMAKE_CURRENT_BINARY_DIR}/lm3s6965_sd.img")
add_test(NAME target.lm3s6965_sd_image COMMAND ${Python3_EXECUTABLE} "${CMAKE_CURRENT_SOURCE_DIR}/sd_image.py" make "${_sd_image}")
set_tests_properties(target.lm3s6965_sd_image PROPERTIES FIXTURES_SETUP lm3s6965_sd_image)
mote_add_firmware(target_lm3s6965_sd lm3s6965_sd.cpp QEMU_ARGS -drive if=sd,format=raw,file=${_sd_image})
mote_firmware_run_command(_run target_lm3s6965_sd)
add_test(NAME target.lm3s6965_sd
  COMMAND ${Python3_EXECUTABLE} "${CMAKE_CURRENT_SOURCE_DIR}/serial_session.py"
    "--expect=init: ok, 2048 blocks, SDSC \\(byte addresses\\)\n"
    "--expect=read: blocks 0 and 100 match the image\n"
    "--expect=write: blocks 5-6 \\(one write\\) and 2047 read back\n"
    "--expect=figures: read of one block [0-9]+ us, write of one block [0-9]+ us \\(instructions / 1000\\)\n"
    "--expect=refused: block: block number out of range; block: block number out of range; block: buffer size is not a multiple of 512\n"
    "--expect=cancelled: a read and a write; then block 100 read, block 7 written and read back\nok\n"
    "--run=${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/sd_image.py check ${_sd_image}"
    -- ${_run})
set_tests_properties(target.lm3s6965_sd PROPERTIES FIXTURES_REQUIRED lm3s6965_sd_image)
mote_target_test(lm3s6965_sd_no_card SOURCES lm3s6965_sd.cpp MATCH "no card: block: no device\n" "ok\n")
target_compile_definitions(target_lm3s6965_sd_no_card PRIVATE MOTE_SD_NO_CARD)
# Misuse the compiler cannot catch, stopped at run time with a clear message.
mote_target_test(lm3s6965_input_claim_twice MUST_FAIL SOURCES lm3s6965_driver_misuse.cpp
  MATCH "Output on PF0\n" "panicked: .*GPIO PF pin mask 0x01 already has a driver")
target_compile_definitions(target_lm3s6965_input_claim_twice PRIVATE MISUSE_CASE=1)
mote_target_test(lm3s6965_spi_claim_twice MUST_FAIL SOURCES lm3s6965_driver_misuse.cpp
  MATCH "first Spi on SSI0\n" "panicked: .*SSI at 0x40008000 already has a driver")
target_compile_definitions(target_lm3s6965_spi_claim_twice PRIVATE MISUSE_CASE=2)
mote_target_test(lm3s6965_spi_bad_frequency MUST_FAIL SOURCES lm3s6965_driver_misuse.cpp
  MATCH "Spi at 40 MHz\n" "panicked: .*SSI: SCK frequency 40000000 Hz out of range \\(1000..25000000\\)")
target_compile_definitions(target_lm3s6965_spi_bad_frequency PRIVATE MISUSE_CASE=3)
