# Blocks this chip shares with other chips (cmake/mote.cmake adds their headers and sources).
set(MOTE_CHIP_BLOCKS ctucan)  # the CAN FD cores of the ctucan_pci card: CTU CAN FD (chips/ctucan)
