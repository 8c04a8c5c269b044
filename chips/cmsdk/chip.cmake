# Blocks this chip shares with other chips (cmake/mote.cmake adds their headers and sources).
set(MOTE_CHIP_BLOCKS pl022 cmsdk-apb)  # the SPI ports: Arm PL022s (chips/pl022); the CMSDK APB
                                       # UART console and dual-timer time driver (chips/cmsdk-apb)
