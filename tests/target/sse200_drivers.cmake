# The MPS2 TrustZone images' drivers under QEMU (included by tests/target/CMakeLists.txt; only
# for boards with the sse200 chip folder: mps2-an505). docs/drivers/pl081.md.
if(NOT MOTE_CHIP STREQUAL "sse200")
  return()
endif()
# DMA controller 0 (mote::sse200::Dma, the PL081 driver) as a copy engine.
mote_target_test(sse200_dma
  MATCH "sizes: 30 of 30 copies exact"
        "large: 512 KiB copied exactly in [0-9]+ ticks\n"
        "select: copy cancelled mid-flight \\(head copied yes, tail untouched yes\\), channel disabled, nothing written after yes\n"
        "with_timeout: copy cancelled mid-flight \\(head copied yes, tail untouched yes\\), channel disabled, nothing written after yes\n"
        "sequence: two copies after the cancellations exact\n"
        "queue: a waiting copy cancelled by with_timeout \\(buffer untouched yes\\), the running one exact, the next one served after it exact\n"
        "errors: dma: destination and source sizes differ; dma: address not usable by the controller; empty copy ok; nothing moved yes\n"
        "\nok\n")
