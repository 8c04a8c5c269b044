# The TMP105 driver (mote/devices/tmp105.hpp) reads what QEMU's tmp105 is set to at run time
# over QMP (qom-set on its temperature): 25.5 C and -12.25 C are exact in the sensor's 12-bit
# resolution. On every chip whose I2C bus QEMU attaches `-device tmp105,bus=i2c` to: the
# lm3s6965's I2C0 and the MPS2's SBCon 3. One source, tmp105_qmp.cpp; the chip's part in
# tmp105_qmp/<chip>.hpp. (Included by tests/target/CMakeLists.txt.)
if(NOT MOTE_CHIP MATCHES "^(lm3s6965|cmsdk)$")
  return()
endif()
find_package(Python3 REQUIRED COMPONENTS Interpreter)
set(_qmp_socket "${CMAKE_CURRENT_BINARY_DIR}/tmp105_qmp.qmp")
mote_add_firmware(target_tmp105_qmp tmp105_qmp.cpp
  QEMU_ARGS -device tmp105,bus=i2c,address=0x48,id=tmp105 -qmp unix:${_qmp_socket},server=on,wait=off)
target_include_directories(target_tmp105_qmp PRIVATE "${CMAKE_CURRENT_SOURCE_DIR}")
target_compile_definitions(target_tmp105_qmp PRIVATE "MOTE_TEST_TMP105_HEADER=\"tmp105_qmp/${MOTE_CHIP}.hpp\"")
mote_firmware_run_command(_run target_tmp105_qmp)
set(_qom_set "{\"execute\": \"qom-set\", \"arguments\": {\"path\": \"/machine/peripheral/tmp105\", \"property\": \"temperature\", \"value\": ")
add_test(NAME target.tmp105_qmp
  COMMAND ${Python3_EXECUTABLE} "${CMAKE_CURRENT_SOURCE_DIR}/serial_session.py" --qmp-socket "${_qmp_socket}"
    "--expect=tmp105_qmp: ready, 0 mC\n"
    "--qmp=${_qom_set}25500}}" "--send=\\n" "--expect=tmp105_qmp: 25500 mC\n"
    "--qmp=${_qom_set}-12250}}" "--send=\\n" "--expect=tmp105_qmp: -12250 mC\nok\n"
    -- ${_run})
