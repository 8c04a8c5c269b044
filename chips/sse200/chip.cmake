# The MPS2 TrustZone images' subsystem (IoTKit on the AN505, SSE-200 on the AN521) and FPGA
# peripherals. Blocks it shares with other chips (cmake/mote.cmake adds their headers and sources):
set(MOTE_CHIP_BLOCKS cmsdk-apb pl081)  # the CMSDK APB UART console and dual-timer time driver
                                       # (chips/cmsdk-apb); the PL081 DMA controllers (chips/pl081)
