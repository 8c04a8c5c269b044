# The RISC-V firmware tests (included by tests/target/CMakeLists.txt on MOTE_PLATFORM riscv).

# An illegal instruction: the trap report names the cause (2), where, and the instruction (0).
mote_target_test(riscv_trap MUST_FAIL
  MATCH "illegal instruction at 0x([0-9a-f]+)\n" "trap: mcause 0x2 mepc 0x[0-9a-f]+ mtval 0x0 ")

# An external interrupt nobody handles panics with its PLIC source: the console UART's
# transmit-empty interrupt, raised by the board's UART (ns16550 IER.THRE; FE310 ie.txwm).
if(MOTE_CHIP STREQUAL "riscv-virt")
  set(_uart_irq 10)
  set(_uart_raise "*reinterpret_cast<volatile unsigned char*>(0x10000001) = 0x02")
elseif(MOTE_CHIP STREQUAL "fe310")
  set(_uart_irq 3)
  set(_uart_raise "*reinterpret_cast<volatile unsigned*>(0x10013010) = 0x01")
endif()
mote_target_test(riscv_unhandled_irq MUST_FAIL MATCH "panicked: interrupt ${_uart_irq} has no handler\n")
target_compile_definitions(target_riscv_unhandled_irq PRIVATE MOTE_TEST_UART_IRQ=${_uart_irq}
  "MOTE_TEST_UART_RAISE=${_uart_raise}")

# PLIC priorities preempt: a more urgent source's handler runs inside a less urgent one's, not
# the reverse; software interrupts wait for hardware handlers. Two sources software can raise:
# riscv_plic_priority/<chip>.hpp.
mote_target_test(riscv_plic_priority
  MATCH "B \\(priority 7\\) raised in A's handler \\(priority 1\\): ran inside A \\(preempted it\\)\n"
        "B \\(priority 1\\) raised in A's handler \\(priority 7\\): ran after A\n"
        "software interrupt pended in A's handler: ran after A\n" "\nok\n")
target_compile_definitions(target_riscv_plic_priority
  PRIVATE "MOTE_TEST_PLIC_HEADER=\"riscv_plic_priority/${MOTE_CHIP}.hpp\"")
target_include_directories(target_riscv_plic_priority PRIVATE "${CMAKE_CURRENT_SOURCE_DIR}")

# While a 1 s timer is pending: one WFI, one interrupt (the alarm), on time.
mote_target_test(riscv_idle MATCH "idle second: 1 interrupt\\(s\\), 1 WFI\\(s\\), woke [0-9]+ ticks late: ok\n")

# A deadline beyond 2^32 mtime counts (200 s of virtual time; WFI with -icount sleep=off skips it).
# (The shared list enables it for Cortex-M boards that idle in WFI; RISC-V always does.)
mote_target_test(timer_long MATCH "200 s timer: late [0-9]+ ticks, ok\n")

# The virtio-rng driver (riscv32-virt only: the FE310 has no virtio), with QEMU's modern
# virtio-mmio transport and one entropy device (which goes to slot 7).
if(MOTE_CHIP STREQUAL "riscv-virt")
  mote_add_firmware(target_virtio_rng virtio_rng.cpp)
  mote_board_run_command(run $<TARGET_FILE:target_virtio_rng>)
  list(APPEND run -global virtio-mmio.force-legacy=false -device virtio-rng-device)
  add_test(NAME target.virtio_rng COMMAND ${CMAKE_COMMAND} "-DPROGRAM=${run}"
    "-DMATCH=first:( [0-9a-f][0-9a-f])+\n;completion interrupts: ([2-9]|[1-9][0-9]+)\n;cancelled a read in flight: yes; its buffer after the device completed: untouched\n;after the cancel:( [0-9a-f][0-9a-f])+\n;fill_bytes: 300 bytes, [0-9]+ zero, several requests\n;\nok\n"
    -P ${MOTE_ROOT}/cmake/run_and_match.cmake)
  # Without the device in the slot the driver says so, naming the slot (a MOTE_PANIC: decoded).
  mote_firmware_run_command(run target_virtio_rng)
  add_test(NAME target.virtio_rng_missing COMMAND ${CMAKE_COMMAND} "-DPROGRAM=${run}" -DEXPECT_FAILURE=ON
    "-DMATCH=panicked: virtio-rng: no such device in the virtio-mmio slot at 0x10008000"
    -P ${MOTE_ROOT}/cmake/run_and_match.cmake)
endif()

# The virtio-blk driver (riscv32-virt only) on a 1 MiB raw file the host makes with known blocks
# before the run and checks after it (the SD card test's image layout: sd_image.py); with the
# slot empty (NoDevice) and with the drive read-only (WriteFailed).
if(MOTE_CHIP STREQUAL "riscv-virt")
  find_package(Python3 COMPONENTS Interpreter)
  set(_blk_image "${CMAKE_CURRENT_BINARY_DIR}/virtio_blk.img")
  set(_blk_args -global virtio-mmio.force-legacy=false -device virtio-blk-device,drive=blk)
  add_test(NAME target.virtio_blk_image COMMAND ${Python3_EXECUTABLE} "${CMAKE_CURRENT_SOURCE_DIR}/sd_image.py" make "${_blk_image}")
  # The read-only run gets its own file: QEMU locks an image it writes against other users.
  add_test(NAME target.virtio_blk_image_ro COMMAND ${Python3_EXECUTABLE} "${CMAKE_CURRENT_SOURCE_DIR}/sd_image.py" make "${_blk_image}.ro")
  set_tests_properties(target.virtio_blk_image target.virtio_blk_image_ro PROPERTIES FIXTURES_SETUP virtio_blk_image)
  mote_add_firmware(target_virtio_blk virtio_blk.cpp
    QEMU_ARGS -drive if=none,format=raw,file=${_blk_image},id=blk ${_blk_args})
  mote_firmware_run_command(_run target_virtio_blk)
  add_test(NAME target.virtio_blk
    COMMAND ${Python3_EXECUTABLE} "${CMAKE_CURRENT_SOURCE_DIR}/serial_session.py"
      "--expect=capacity: 2048 blocks\n"
      "--expect=read: blocks 0 and 100 match the image, woken by completion interrupts\n"
      "--expect=write: blocks 5-6 \\(one write\\) and 2047 read back\n"
      "--expect=two reads at once: both right\n"
      "--expect=figures: read of one block [0-9]+ us, write of one block [0-9]+ us\n"
      "--expect=refused: block: block number out of range; block: block number out of range; block: buffer size is not a multiple of 512\n"
      "--expect=cancelled in flight: a read \\(its buffer untouched\\) and a write \\(landed whole\\); a queued read timed out: [a-z]+; then block 100 read, block 7 written and read back\nok\n"
      "--run=${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/sd_image.py check ${_blk_image}"
      -- ${_run})
  set_tests_properties(target.virtio_blk PROPERTIES FIXTURES_REQUIRED virtio_blk_image)
  mote_add_firmware(target_virtio_blk_no_device virtio_blk.cpp QEMU_ARGS -global virtio-mmio.force-legacy=false)
  target_compile_definitions(target_virtio_blk_no_device PRIVATE MOTE_TEST_BLK_NO_DEVICE)
  mote_firmware_run_command(_run target_virtio_blk_no_device)
  add_test(NAME target.virtio_blk_no_device COMMAND ${CMAKE_COMMAND} "-DPROGRAM=${_run}"
    "-DMATCH=no device: block: no device; block: no device; block: no device\n;\nok\n"
    -P ${MOTE_ROOT}/cmake/run_and_match.cmake)
  mote_add_firmware(target_virtio_blk_read_only virtio_blk.cpp
    QEMU_ARGS -drive if=none,format=raw,file=${_blk_image}.ro,id=blk,readonly=on ${_blk_args})
  target_compile_definitions(target_virtio_blk_read_only PRIVATE MOTE_TEST_BLK_READ_ONLY)
  mote_firmware_run_command(_run target_virtio_blk_read_only)
  add_test(NAME target.virtio_blk_read_only COMMAND ${CMAKE_COMMAND} "-DPROGRAM=${_run}"
    "-DMATCH=read-only: block 100 read; write: block: write refused\n;\nok\n"
    -P ${MOTE_ROOT}/cmake/run_and_match.cmake)
  set_tests_properties(target.virtio_blk_read_only PROPERTIES FIXTURES_REQUIRED virtio_blk_image)
endif()

# The CTU CAN FD driver (riscv32-virt only): one ctucan_pci card, both cores on one QEMU CAN bus
# (a bus id that is not a property name: "canbus0" is ambiguous to QEMU). The firmware
# enumerates PCIe and assigns the card's BARs itself (docs/drivers/ctucan.md).
if(MOTE_CHIP STREQUAL "riscv-virt")
  mote_add_firmware(target_ctucan ctucan.cpp)
  mote_board_run_command(run $<TARGET_FILE:target_ctucan>)
  list(APPEND run -object can-bus,id=canbus -device ctucan_pci,canbus0=canbus,canbus1=canbus)
  add_test(NAME target.ctucan COMMAND ${CMAKE_COMMAND} "-DPROGRAM=${run}"
    "-DMATCH=pcie: 00:01.0 1760:ff00 BAR0 0x40000000 32768 B BAR1 0x40010000 65536 B INTA -> PLIC 33\n;classic, standard id 0x123, 8 bytes, core 0 -> 1: ok\n;classic, extended id 0x1abcde0f, 5 bytes, core 1 -> 0: ok\n;remote frame 0x7ff asking 4 bytes, core 1 -> 0: ok\n;FD, extended id, 64 bytes, bit-rate switch, core 0 -> 1: ok\n;FD, standard id, 12 bytes, no bit-rate switch, core 1 -> 0: ok\n;two transmits at once: both sent, in order\n;receive waiting, then a frame: woken by the interrupt;filter passed: 0x123 0x1ff 0x18ff0042x; dropped 3\n;bad filters: 9 refused, id 0x800 standard refused; old filters kept: yes\n;malformed frames: classic 9 bytes refused, FD 13 bytes refused, standard id 0x800 refused; on the bus: nothing\n;receives cancelled while waiting, then a frame: received\n;overrun: 110 frames sent, 102 received in order, then: can: receive overrun\n;after the overrun, a frame: ok\n;\nok\n"
    -P ${MOTE_ROOT}/cmake/run_and_match.cmake)
  # Without the card the driver says so, with the QEMU arguments that add it (decoded).
  mote_firmware_run_command(run target_ctucan)
  add_test(NAME target.ctucan_missing COMMAND ${CMAKE_COMMAND} "-DPROGRAM=${run}" -DEXPECT_FAILURE=ON
    "-DMATCH=panicked: ctucan_pci: no card 0 on the PCIe bus"
    -P ${MOTE_ROOT}/cmake/run_and_match.cmake)
  # A handler bound to a line the card does not reach: the driver names the one to bind.
  mote_add_firmware(target_ctucan_wrong_line ctucan.cpp)
  target_compile_definitions(target_ctucan_wrong_line PRIVATE MOTE_TEST_CTUCAN_WRONG_LINE)
  mote_board_run_command(run $<TARGET_FILE:target_ctucan_wrong_line>)
  list(APPEND run -object can-bus,id=canbus -device ctucan_pci,canbus0=canbus,canbus1=canbus)
  add_test(NAME target.ctucan_wrong_line COMMAND ${CMAKE_COMMAND} "-DPROGRAM=${run}" -DEXPECT_FAILURE=ON
    "-DMATCH=panicked: ctucan_pci: the card at 00:01.0 interrupts on PLIC source 33: bind interrupt pcie1, not source 32"
    -P ${MOTE_ROOT}/cmake/run_and_match.cmake)
endif()

# The CFI flash driver against QEMU's pflash model, on a file kept across two runs (docs/boot.md).
if(MOTE_CHIP STREQUAL "riscv-virt")
  find_package(Python3 COMPONENTS Interpreter)
  mote_add_firmware(target_pflash boot/pflash.cpp)
  mote_board_run_command(run $<TARGET_FILE:target_pflash>)
  add_test(NAME target.pflash_persists
    COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/boot/pflash_runs.py
            ${CMAKE_CURRENT_BINARY_DIR}/pflash_test_bank0.bin 2 "run 1\n(.|\n)*ok\n"
            "run 2\nleft by run 1: 0xc0ffee01\nok\n" -- ${run})
endif()

# The bootloader core and the updater on the pflash model, QEMU run after QEMU run on one file:
# a device's life (update, confirm, update that never confirms, rollback) and power cuts
# spread over the swap (docs/boot.md). Needs mbedTLS and openssl, like the host boot tests.
if(MOTE_CHIP STREQUAL "riscv-virt")
  mote_boot_define_library()
  find_program(MOTE_OPENSSL openssl)
  if(MOTE_BOOT_AVAILABLE AND MOTE_OPENSSL AND Python3_FOUND)
    set(_images "${CMAKE_CURRENT_BINARY_DIR}/boot_images")
    add_custom_command(OUTPUT "${_images}/test_key.hpp" "${_images}/v1.img" "${_images}/v2.img" "${_images}/v3.img"
      COMMAND ${Python3_EXECUTABLE} "${MOTE_ROOT}/tests/boot/make_test_images.py" "${MOTE_ROOT}/tools/sign-image"
              "${_images}" riscv32-virt 65536
      DEPENDS "${MOTE_ROOT}/tests/boot/make_test_images.py" "${MOTE_ROOT}/tools/sign-image"
      COMMENT "Signing the riscv32-virt boot test's images (tools/sign-image)")
    add_custom_target(target_boot_swap_images DEPENDS "${_images}/test_key.hpp" "${_images}/v3.img")
    # Links `target` to execute in place from pflash with `script` (its MEMORY; the sections are
    # in_flash_sections.ld) instead of the board's RAM-only map.
    function(_mote_boot_link_in_flash target script)
      get_target_property(_opts ${target} LINK_OPTIONS)
      list(TRANSFORM _opts REPLACE "^-T.*$" "-T${CMAKE_CURRENT_SOURCE_DIR}/boot/${script}")
      list(APPEND _opts "-L${CMAKE_CURRENT_SOURCE_DIR}/boot")
      set_property(TARGET ${target} PROPERTY LINK_OPTIONS "${_opts}")
      set_property(TARGET ${target} APPEND PROPERTY LINK_DEPENDS
                   "${CMAKE_CURRENT_SOURCE_DIR}/boot/${script}" "${CMAKE_CURRENT_SOURCE_DIR}/boot/in_flash_sections.ld")
    endfunction()
    mote_add_firmware(target_boot_swap boot/boot_swap.cpp)
    add_dependencies(target_boot_swap target_boot_swap_images)
    target_link_libraries(target_boot_swap PRIVATE mote_boot)
    target_include_directories(target_boot_swap PRIVATE "${_images}")
    target_compile_definitions(target_boot_swap PRIVATE MOTE_TEST_IMAGES="${_images}")
    set_source_files_properties(boot/boot_swap.cpp PROPERTIES
      OBJECT_DEPENDS "${_images}/v1.img;${_images}/v2.img;${_images}/v3.img")
    mote_board_run_command(run $<TARGET_FILE:target_boot_swap>)
    add_test(NAME target.boot_swap_power_cuts
      COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/boot/boot_swap_runs.py
              ${CMAKE_CURRENT_BINARY_DIR} 13 -- ${run})
    set_tests_properties(target.boot_swap_power_cuts PROPERTIES TIMEOUT 600)

    # The bootloader firmware (executing in place from sector 0, as its flat binary) starting a
    # signed application that executes in place from ACTIVE,
    # updated over the UART by tools/mote-push: v1 receives v2 (interrupted and resumed, frames
    # damaged on purpose), the bootloader swaps, v2 confirms itself and receives v3, which never
    # confirms: the next reset rolls back to v2, which refuses an older image (VersionRollback).
    mote_add_firmware(target_boot_loader boot/boot_loader.cpp)
    add_dependencies(target_boot_loader target_boot_swap_images)
    target_link_libraries(target_boot_loader PRIVATE mote_boot)
    target_include_directories(target_boot_loader PRIVATE "${_images}")
    _mote_boot_link_in_flash(target_boot_loader boot_in_flash.ld)
    find_program(_mote_objcopy NAMES riscv64-unknown-elf-objcopy objcopy REQUIRED)
    add_custom_command(TARGET target_boot_loader POST_BUILD
      COMMAND "${_mote_objcopy}" -O binary "$<TARGET_FILE:target_boot_loader>" "$<TARGET_FILE:target_boot_loader>.bin"
      VERBATIM)
    foreach(v 1 2 3)
      mote_add_firmware(target_boot_app_v${v} boot/boot_app.cpp)
      add_dependencies(target_boot_app_v${v} target_boot_swap_images)
      target_link_libraries(target_boot_app_v${v} PRIVATE mote_boot)
      target_include_directories(target_boot_app_v${v} PRIVATE "${_images}")
      target_compile_definitions(target_boot_app_v${v} PRIVATE MOTE_APP_VERSION=${v})
      _mote_boot_link_in_flash(target_boot_app_v${v} app_in_flash.ld)  # ACTIVE + 256
      mote_sign_firmware(target_boot_app_v${v} KEY ${_images}/key.pem VERSION ${v}.0.0 OUTPUT ${_images}/app_v${v}.img)
    endforeach()
    add_dependencies(target_boot_loader target_boot_app_v1 target_boot_app_v2 target_boot_app_v3)
    mote_board_run_command(run $<TARGET_FILE:target_boot_loader>)
    add_test(NAME target.boot_uart_update
      COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/boot/boot_uart_update_runs.py ${CMAKE_CURRENT_BINARY_DIR}
              $<TARGET_FILE:target_boot_loader>.bin ${MOTE_ROOT}/tools/mote-push ${_images}/app_v1.img ${_images}/app_v2.img ${_images}/app_v3.img
              ${_images}/v1.img -- ${run})
    set_tests_properties(target.boot_uart_update PROPERTIES TIMEOUT 900)

    # The same device life over TCP: the application behind the bootloader takes `PUT /firmware`
    # (boot::HttpUpdate) on its virtio-net NIC; curl sends v2 through QEMU's port forwarding, v2
    # refuses every kind of bad image with its status, accepts v3, which never confirms and is
    # rolled back.
    mote_net_define_library()
    find_program(MOTE_CURL curl)
    if(MOTE_NET_AVAILABLE AND MOTE_CURL)
      foreach(v 1 2 3)
        mote_add_firmware(target_boot_http_app_v${v} boot/boot_http_app.cpp)
        add_dependencies(target_boot_http_app_v${v} target_boot_swap_images)
        target_link_libraries(target_boot_http_app_v${v} PRIVATE mote_boot mote::net)
        target_include_directories(target_boot_http_app_v${v} PRIVATE "${_images}")
        target_compile_definitions(target_boot_http_app_v${v} PRIVATE MOTE_APP_VERSION=${v})
        _mote_boot_link_in_flash(target_boot_http_app_v${v} app_in_flash.ld)
        mote_sign_firmware(target_boot_http_app_v${v} KEY ${_images}/key.pem VERSION ${v}.0.0
                           OUTPUT ${_images}/http_app_v${v}.img)
        add_dependencies(target_boot_loader target_boot_http_app_v${v})
      endforeach()
      mote_net_run_command(_run $<TARGET_FILE:target_boot_loader> "tcp:127.0.0.1:@PORT@-:80")
      add_test(NAME target.boot_http_update
        COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/boot/boot_http_update_runs.py ${CMAKE_CURRENT_BINARY_DIR}
                $<TARGET_FILE:target_boot_loader>.bin ${MOTE_ROOT}/tools/sign-image ${_images}/key.pem ${_images}/http_app_v1.img ${_images}/http_app_v2.img
                ${_images}/http_app_v3.img -- ${_run})
      set_tests_properties(target.boot_http_update PROPERTIES TIMEOUT 900)
    else()
      mote_target_test_not_run(boot_http_update "mote::net (a NIC and lwIP) and curl")
    endif()
  else()
    mote_target_test_not_run(boot_swap_power_cuts "mbedTLS (Debian's source package), openssl and Python 3")
    mote_target_test_not_run(boot_uart_update "mbedTLS (Debian's source package), openssl and Python 3")
    mote_target_test_not_run(boot_http_update "mbedTLS (Debian's source package), openssl and Python 3")
  endif()
endif()
