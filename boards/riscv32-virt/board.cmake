# QEMU's RISC-V `virt` machine with one rv32imac hart, run in machine mode without firmware
# (-bios none): 128 MiB of RAM at 0x80000000, ns16550 UART, CLINT, PLIC, virtio-mmio slots.
# See docs/boards/riscv.md.
include("${MOTE_ROOT}/cmake/riscv-board.cmake")
mote_riscv_board(
  CHIP riscv-virt MACHINE virt
  QEMU_ARGS -bios none
  MTIME_HZ 10000000                      # the CLINT's mtime on virt: 10 MHz
  TICK_HZ 10000000                       # one tick per mtime count (100 ns)
  LINKER_SCRIPT linker.ld SOURCES board.cpp)
# A virtio-net device in virtio-mmio slot 7 (mote::net only: docs/net.md). virt wires no -nic
# model, so QEMU gets -netdev plus -device (MOTE_BOARD_NET_DEVICE), on the modern transport.
set(MOTE_BOARD_NET_SOURCES "${CMAKE_CURRENT_LIST_DIR}/network.cpp" "${MOTE_ROOT}/chips/riscv-virt/net/virtio_net.cpp")
set(MOTE_BOARD_LWIPOPTS_DIR "${CMAKE_CURRENT_LIST_DIR}/net")
set(MOTE_BOARD_NET_NIC virtio-net-device)
set(MOTE_BOARD_NET_DEVICE ON)
set(MOTE_BOARD_NET_QEMU_ARGS -global virtio-mmio.force-legacy=false)
