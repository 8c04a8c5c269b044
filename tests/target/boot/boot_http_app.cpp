// Firmware (riscv32-virt): the application behind mote's bootloader, as boot_app.cpp, but it
// receives its updates over TCP: `PUT /firmware` (mote::boot::HttpUpdate) on port 80 of its
// virtio-net NIC, sent by curl through QEMU's port forwarding (boot_http_update_runs.py drives
// it). Built as v1, v2 and v3 (MOTE_APP_VERSION); on trial after an update v1 and v2 confirm
// themselves, v3 never does (the next reset rolls it back). It serves connections until one
// delivers an accepted image, then "resets" (QEMU exits; the test starts it again on the same
// pflash file, and the bootloader installs the image).
#include <mote/mote.hpp>
#include <mote/boot/http_update.hpp>
#include <mote/net.hpp>

#include <cstdio>

#include "busy_meter.hpp"
#include "virt_layout.hpp"

namespace {
namespace net = mote::net;
using Flash = virt_boot::rv::PFlash;

[[gnu::noinline]] std::uintptr_t here() noexcept { return reinterpret_cast<std::uintptr_t>(&here); }

net::StackResources<2> resources;
net::Stack* stack = nullptr;
std::byte rx_buf[2048], tx_buf[1024];
}  // namespace

// HttpUpdate::serve and the coroutines it awaits (receive, the parser's reads, the answers)
// come from this budget.
MOTE_TASK(app, mote::pool(1).async_bytes(3072)) {
  constexpr unsigned version = MOTE_APP_VERSION;
  static auto flash = Flash::bank(0);
  static mote::boot::FirmwareUpdater<Flash> up(virt_boot::layout(flash), virt_boot::policy(version << 24));
  std::printf("app v%u: running at 0x%08lx\n", version, static_cast<unsigned long>(here()));
  auto state = up.state();
  if (!state) mote::exit(1);
  if (*state == mote::boot::UpdateState::Trial) {
    if (version == 3) {
      std::printf("app v3: not confirming\n");
      mote::exit(0);
    }
    auto r = co_await up.mark_booted();
    std::printf("app v%u: %s\n", version, r ? "confirmed" : error_message(r.error()));
  }
  co_await stack->wait_config_up();
  static mote::boot::HttpUpdate<Flash> http(up, version << 24);
  std::printf("app v%u: waiting for PUT /firmware on port 80\n", version);
  for (;;) {
    net::TcpSocket socket(*stack, rx_buf, tx_buf);
    socket.set_timeout(mote::Duration::from_secs(60));
    if (auto a = co_await socket.accept(80); !a) {
      std::printf("app v%u: accept: %s\n", version, net::error_message(a.error()));
      continue;
    }
    virt_boot::BusyMeter<net::TcpSocket> meter{&socket};
    auto verdict = co_await http.serve(meter, socket);
    socket.close();
    (void)co_await socket.flush();  // the answer reaches the client before any reset
    if (verdict) {
      std::printf("app v%u: received v%u over HTTP (%lu bytes, %llu instructions busy), reset to install\n", version,
                  unsigned(verdict->version >> 24), static_cast<unsigned long>(verdict->total_size()),
                  static_cast<unsigned long long>(meter.busy));
      mote::exit(0);
    }
    if (verdict.error() != mote::boot::Error::NotStarted) {
      std::printf("app v%u: update refused: %s: %s\n", version, mote::boot::error_name(verdict.error()),
                  error_message(verdict.error()));
    }
  }
}

MOTE_MAIN(spawner) {
  stack = &net::start(spawner, mote::board::network(), net::Config::ipv4_static({{{10, 0, 2, 15}, 24}, {10, 0, 2, 2}}),
                      resources);
  spawner.must_spawn(app());
  co_return;
}
