// A host stand-in for a device with mote::boot::UartUpdate: serves the protocol on a unix socket
// over the simulated flash of the boot tests, so tools/mote-push can be tested against the real
// device code in a second (tests/boot/mote_push_test.py; the QEMU test does the same on
// riscv32-virt in minutes).
//
//   uart_update_device <socket-path>
//
// The flash starts with the test image v1 in ACTIVE; the running version is 1.0.0. Connections
// are served one after another (a push interrupted by a lost connection resumes on the next)
// until a host sends RESET; then the verdict is printed and, for an accepted image, the
// bootloader is run on the flash and reports what ACTIVE holds. Exit status 0.
#include <mote/boot/uart_update.hpp>

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstdio>

#include "boot_fixture.hpp"

namespace {

template <class T>
struct Ready {
  T value;
  bool poll(mote::Waker) noexcept { return true; }
  T take() noexcept { return value; }
};

/// A connected socket as an io stream; blocking calls inside poll are fine for a one-task host tool.
struct Socket {
  int fd;
  Ready<std::size_t> read(std::span<std::byte> b) {
    const ssize_t n = ::read(fd, b.data(), b.size());
    return {n > 0 ? static_cast<std::size_t>(n) : 0};  // an error ends the connection like EOF
  }
  Ready<std::size_t> write(std::span<const std::byte> b) {
    const ssize_t n = ::write(fd, b.data(), b.size());
    return {n > 0 ? static_cast<std::size_t>(n) : 0};
  }
};

}  // namespace

int main(int argc, char** argv) {
  using namespace boot_test;
  if (argc != 2) {
    std::fprintf(stderr, "usage: uart_update_device <socket-path>\n");
    return 2;
  }
  Flash flash{19 * page};
  Layout l = layout(flash);
  factory_program(flash, load("v1"));
  mote::boot::FirmwareUpdater<Flash> up(l, policy(0x01000000));
  mote::boot::UartUpdate<Flash> link(up, 0x01000000);

  const int server = ::socket(AF_UNIX, SOCK_STREAM, 0);
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  std::snprintf(addr.sun_path, sizeof addr.sun_path, "%s", argv[1]);
  ::unlink(argv[1]);
  if (server < 0 || ::bind(server, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(server, 1) != 0) {
    std::perror("uart_update_device: socket");
    return 2;
  }
  std::printf("device: serving on %s\n", argv[1]);
  std::fflush(stdout);
  for (;;) {
    Socket s{::accept(server, nullptr, nullptr)};
    if (s.fd < 0) return 2;
    const char hello[] = "device: console text before the update loop\n";  // skipped by the tool
    (void)::write(s.fd, hello, sizeof hello - 1);
    auto verdict = mote::block_on(link.serve(s, s));
    const auto st = link.stats();
    ::close(s.fd);
    std::printf("device: connection ended (%u frames, %u NAKs so far)\n", unsigned(st.frames), unsigned(st.naks));
    if (!st.ended_by_host) continue;
    if (!verdict) {
      std::printf("device: update refused: %s\n", error_message(verdict.error()));
      return 0;
    }
    auto boot = mote::boot::BootLoader<Flash>(l, policy()).prepare_boot();
    std::printf("device: accepted v%u; after reset: %s, ACTIVE holds v%u\n", unsigned(verdict->version >> 24),
                boot && boot->action == mote::boot::BootAction::Swapped ? "swapped" : "NOT swapped",
                boot ? unsigned(boot->image.version >> 24) : 0u);
    return 0;
  }
}
