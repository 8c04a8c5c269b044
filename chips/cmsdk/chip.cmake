# Blocks this chip shares with other chips (cmake/mote.cmake adds their headers and sources).
set(MOTE_CHIP_BLOCKS pl022)  # the SPI ports: Arm PL022s (chips/pl022)
