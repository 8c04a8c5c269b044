# Network figures (lm3s6965evb): bench-net runs bench/net/net_bench.py, which drives net_bench.cpp
# under QEMU with the instruction-counting plugin and real clients (Python sockets).
mote_net_define_library()
if(NOT MOTE_NET_AVAILABLE OR NOT MOTE_BOARD STREQUAL "lm3s6965evb")
  return()
endif()
mote_add_firmware(bench_net ${_bench_dir}/net/net_bench.cpp)
target_link_libraries(bench_net PRIVATE mote::net)
add_dependencies(bench_net bench_plugin)
mote_net_run_command(_net_run $<TARGET_FILE:bench_net> "tcp:127.0.0.1:@PORT@-:7")
add_custom_target(bench-net
  COMMAND ${Python3_EXECUTABLE} ${_bench_dir}/net/net_bench.py -- ${_net_run} -plugin ${bench_plugin}
  DEPENDS bench_net bench_plugin VERBATIM)
