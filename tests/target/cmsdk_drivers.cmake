# The MPS2 (CMSDK chip folder) bus drivers under QEMU (included by tests/target/CMakeLists.txt;
# only for boards with that chip: mps2-an385, mps2-an386). docs/drivers/mps2.md.
if(NOT MOTE_CHIP STREQUAL "cmsdk")
  return()
endif()
# SBCon 3 (mote::cmsdk::I2c, bit-banged) and the TMP105 driver against QEMU's tmp105 model: QEMU
# puts `bus=i2c` on SBCon 3 (SBCon 0 and 1 are marked full, 2 comes after 3 in its search).
mote_target_test(cmsdk_i2c
  QEMU_ARGS -device tmp105,bus=i2c,address=0x48
  MATCH "tmp105: 0 mC, config 0x00, T_LOW 0x4b00, T_HIGH 0x5000\n"
        "tmp105: config written 0x60 read 0x60, T_HIGH written 0x5a00 read 0x5a00\n"
        "transaction: T_HIGH written in two merged operations, read back 0x4c80\n"
        "nack: write, read, write_read and probe at 0x49: i2c: no acknowledge \\(NACK\\); probe at 0x48: ack; bus idle: yes\n"
        "yield: another task ran 4 or more times during a register read\n"
        "with_timeout: cancelled between bytes, bus idle, buffer 4b ee, next read 0x4b00\n"
        "select: the timer won, write_read cancelled after its pointer byte, bus idle, next read 0x4c80\n"
        "queue: a waiting transfer cancelled by with_timeout, the running one then completed, next served\n"
        "\nok\n")
# SPI port 0 (mote::cmsdk::Spi, the PL022 driver shared with the lm3s6965) in loopback: QEMU
# attaches no device to the MPS2's SPI ports.
mote_target_test(cmsdk_spi
  MATCH "loopback: transfer 64 B echoed, in place echoed, read fill, fill after output yes, write\\+flush idle\n"
        "interrupt: a 64-byte transfer stalled while masked, completed by the interrupt\n"
        "select: the timer won, transfer cancelled mid-flight, port idle, buffer untouched, next transfer exact\n"
        "with_timeout: read cancelled, port idle, buffer untouched, next transfer exact\n"
        "queue: a waiting read cancelled by with_timeout, the running one then completed, next exact\n"
        "shared line: port 1 echoed, then stopped; port 0 still served\n"
        "\nok\n")
# Misuse the compiler cannot catch, stopped at run time with a clear message.
mote_target_test(cmsdk_i2c_claim_twice MUST_FAIL SOURCES cmsdk_driver_misuse.cpp
  MATCH "first I2c on SBCon 3\n" "panicked: .*I2C \\(SBCon\\) at 0x4002a000 already has a driver")
target_compile_definitions(target_cmsdk_i2c_claim_twice PRIVATE MISUSE_CASE=1)
mote_target_test(cmsdk_i2c_bad_frequency MUST_FAIL SOURCES cmsdk_driver_misuse.cpp
  MATCH "I2c at 1 MHz\n" "panicked: .*SCL frequency 1000000 Hz out of range \\(1000..400000\\)")
target_compile_definitions(target_cmsdk_i2c_bad_frequency PRIVATE MISUSE_CASE=2)
mote_target_test(cmsdk_spi_bad_frequency MUST_FAIL SOURCES cmsdk_driver_misuse.cpp
  MATCH "Spi at 20 MHz\n" "panicked: .*SSI: SCK frequency 20000000 Hz out of range \\(1000..12500000\\)")
target_compile_definitions(target_cmsdk_spi_bad_frequency PRIVATE MISUSE_CASE=3)
