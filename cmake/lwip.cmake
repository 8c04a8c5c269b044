# lwip.cmake: lwIP, fetched from Debian's source package at configure time (never committed),
# and the mote::net library (mote's stack, sockets and the board's NIC driver). docs/net.md.
#
# A board with a NIC sets, in its board.cmake:
#   MOTE_BOARD_NET_SOURCES   its network() and NIC driver sources (compiled into mote::net only)
#   MOTE_BOARD_LWIPOPTS_DIR  the folder with its lwipopts.h
#   MOTE_BOARD_NET_NIC       the QEMU NIC model for -nic (e.g. lan9118)
#   MOTE_BOARD_NET_DEVICE    ON if the NIC is a -device QEMU's -nic does not wire (virtio-net on
#                            riscv32-virt): -netdev <backend>,id=... -device <NIC>,netdev=...
#   MOTE_BOARD_NET_QEMU_ARGS what else a networked run needs (e.g. the modern virtio transport)
# Options:
#   MOTE_NET           build mote::net and its tests where the board has a NIC (default ON)
#   MOTE_LWIP_CACHE    where the download and the unpacked tree go (default: the environment's
#                      MOTE_LWIP_CACHE, else <build>/_deps/lwip); share it between build trees
#   MOTE_NET_MAX_SOCKETS  lwIP's TCP PCB pool (StackResources<N> allows N up to it)
include_guard(GLOBAL)

option(MOTE_NET "Build mote::net (lwIP) where the board has a NIC" ON)
set(MOTE_LWIP_VERSION 2.1.3)
set(MOTE_LWIP_CACHE "$ENV{MOTE_LWIP_CACHE}" CACHE PATH "lwIP download cache (default <build>/_deps/lwip)")
set(MOTE_NET_MAX_SOCKETS 8 CACHE STRING "TCP connections lwIP's static pools hold")

# Fetches lwIP (once per cache) and sets <out_src> to its src/ folder, or to "" (with a warning
# naming `what`, which is then skipped) if it cannot be fetched.
function(mote_lwip_fetch out_src what)
  set(_cache "${MOTE_LWIP_CACHE}")
  if(NOT _cache)
    set(_cache "${CMAKE_BINARY_DIR}/_deps/lwip")
  endif()
  execute_process(COMMAND "${MOTE_ROOT}/tools/fetch_lwip.sh" "${_cache}" ${MOTE_LWIP_VERSION}
                  OUTPUT_VARIABLE _dir RESULT_VARIABLE _rc ERROR_VARIABLE _err OUTPUT_STRIP_TRAILING_WHITESPACE)
  if(NOT _rc EQUAL 0 OR NOT EXISTS "${_dir}/src/core/tcp.c")
    message(WARNING "mote: lwIP ${MOTE_LWIP_VERSION} could not be fetched (${_err}); ${what} skipped. "
                    "tools/fetch_lwip.sh needs apt-get and Debian's archive (docs/net.md).")
    set(${out_src} "" PARENT_SCOPE)
    return()
  endif()
  message(STATUS "mote: lwIP ${MOTE_LWIP_VERSION} from ${_dir}")
  set(${out_src} "${_dir}/src" PARENT_SCOPE)
endfunction()

# Sets <out> to lwIP's C sources mote builds, in lwIP's src/ folder <src>: the core, IPv4 and
# Ethernet (what NO_SYS=1 with the raw API uses; options turn off the rest) and the MQTT client.
# The firmware's library (below) and the host fuzzer (tests/fuzz) compile the same list.
function(mote_lwip_sources out src)
  set(${out}
    ${src}/core/init.c ${src}/core/def.c ${src}/core/dns.c ${src}/core/inet_chksum.c ${src}/core/ip.c
    ${src}/core/mem.c ${src}/core/memp.c ${src}/core/netif.c ${src}/core/pbuf.c ${src}/core/raw.c
    ${src}/core/stats.c ${src}/core/sys.c ${src}/core/tcp.c ${src}/core/tcp_in.c ${src}/core/tcp_out.c
    ${src}/core/timeouts.c ${src}/core/udp.c
    ${src}/core/ipv4/autoip.c ${src}/core/ipv4/dhcp.c ${src}/core/ipv4/etharp.c ${src}/core/ipv4/icmp.c
    ${src}/core/ipv4/igmp.c ${src}/core/ipv4/ip4_frag.c ${src}/core/ipv4/ip4.c ${src}/core/ipv4/ip4_addr.c
    ${src}/netif/ethernet.c
    ${src}/apps/mqtt/mqtt.c  # lwIP's MQTT client (the demo's publisher); linked only where used
    PARENT_SCOPE)
endfunction()

# Defines mote_lwip and mote_net (alias mote::net) once; sets MOTE_NET_AVAILABLE in the caller.
function(mote_net_define_library)
  get_property(_done GLOBAL PROPERTY MOTE_NET_DEFINED SET)
  if(_done)
    get_property(_avail GLOBAL PROPERTY MOTE_NET_DEFINED)
    set(MOTE_NET_AVAILABLE ${_avail} PARENT_SCOPE)
    return()
  endif()
  set_property(GLOBAL PROPERTY MOTE_NET_DEFINED OFF)
  set(MOTE_NET_AVAILABLE OFF PARENT_SCOPE)
  if(NOT MOTE_NET OR NOT MOTE_BOARD_NET_SOURCES)
    return()
  endif()
  mote_lwip_fetch(_src "mote::net and its tests are")
  if(NOT _src)
    return()
  endif()
  mote_lwip_sources(_lwip_sources "${_src}")
  add_library(mote_lwip STATIC ${_lwip_sources}
    "${MOTE_ROOT}/src/net/port/lwip_port.cpp")  # sys_now and the hooks arch/cc.h names: lwIP's own needs
  target_include_directories(mote_lwip SYSTEM PUBLIC "${_src}/include" "${MOTE_ROOT}/src/net/port"
                             "${MOTE_BOARD_LWIPOPTS_DIR}")
  target_compile_definitions(mote_lwip PUBLIC MOTE_NET_MAX_SOCKETS=${MOTE_NET_MAX_SOCKETS})
  target_link_libraries(mote_lwip PUBLIC mote_core)  # sys_now and the assert hook are mote's

  file(GLOB _net_sources CONFIGURE_DEPENDS "${MOTE_ROOT}/src/net/*.cpp")
  add_library(mote_net STATIC ${_net_sources} ${MOTE_BOARD_NET_SOURCES})
  add_library(mote::net ALIAS mote_net)
  target_link_libraries(mote_net PUBLIC mote_core mote_lwip)
  target_compile_options(mote_net PRIVATE -Wall -Wextra -Wshadow)
  set_property(GLOBAL PROPERTY MOTE_NET_DEFINED ON)
  set(MOTE_NET_AVAILABLE ON PARENT_SCOPE)
endfunction()

# The command that runs a networked firmware: the board's, with QEMU's user-mode network on
# the board's NIC and the host ports forwarded (each `forward` as for hostfwd=, e.g.
# tcp:127.0.0.1:17007-:7). Idle time follows the host's clock (-icount sleep=on): with
# sleep=off the virtual clock would jump to lwIP's next timer whenever the firmware waits for
# a packet, so retransmission and socket timeouts would fire long before a real client could
# answer. Instructions still count 1 ns each while the CPU runs.
function(mote_net_run_command out elf)
  set(_nic "user")
  foreach(_fwd IN LISTS ARGN)
    string(APPEND _nic ",hostfwd=${_fwd}")
  endforeach()
  mote_net_run_command_netdev(_cmd "${elf}" "${_nic}")
  set(${out} "${_cmd}" PARENT_SCOPE)
endfunction()

# The same with another QEMU network backend on the board's NIC: `netdev` is what -nic takes
# before the model (e.g. socket,udp=127.0.0.1:PEER,localaddr=127.0.0.1:PORT: each UDP datagram
# one Ethernet frame, so a test program can be the whole network).
function(mote_net_run_command_netdev out elf netdev)
  mote_board_run_command(_cmd "${elf}")
  list(TRANSFORM _cmd REPLACE "sleep=off" "sleep=on")
  list(APPEND _cmd ${MOTE_BOARD_NET_QEMU_ARGS})
  if(MOTE_BOARD_NET_DEVICE)
    # The backend keeps the id the caller gave (net.link's QMP set_link names it), else net0.
    if(netdev MATCHES "(^|,)id=([^,]+)")
      set(_id "${CMAKE_MATCH_2}")
      set(_backend "${netdev}")
    else()
      set(_id net0)
      set(_backend "${netdev},id=net0")
    endif()
    list(APPEND _cmd -netdev "${_backend}" -device "${MOTE_BOARD_NET_NIC},netdev=${_id}")
  else()
    list(APPEND _cmd -nic "${netdev},model=${MOTE_BOARD_NET_NIC}")
  endif()
  set(${out} "${_cmd}" PARENT_SCOPE)
endfunction()
