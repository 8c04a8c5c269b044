// The host board's network interface: a Linux TAP device (docs/net.md, "The host's TAP NIC").
// The device must exist (`ip tuntap add dev mote0 mode tap`, inside a private network namespace:
// `unshare -n`, so nothing outside the test's namespace needs privileges or sees it); its name
// is MOTE_TAP (environment), default "mote0". A reader thread plays the NIC's interrupt: it
// blocks in read(), queues the frame in a ring and wakes the runner's waker (thread-safe on the
// host); receive() and transmit() run in the runner's task, like every driver's.
#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <thread>

#include "mote/net/stack.hpp"
#include "mote/panic.hpp"

namespace mote::board {
namespace {

class Tap final : public net::Driver {
 public:
  void start() noexcept override {
    const char* name = std::getenv("MOTE_TAP");
    if (name == nullptr) name = "mote0";
    fd_ = ::open("/dev/net/tun", O_RDWR);
    if (fd_ < 0) MOTE_PANIC("tap: cannot open /dev/net/tun");
    ifreq ifr{};
    ifr.ifr_flags = IFF_TAP | IFF_NO_PI;
    std::strncpy(ifr.ifr_name, name, IFNAMSIZ - 1);
    if (::ioctl(fd_, TUNSETIFF, &ifr) < 0) {
      MOTE_PANIC("tap: cannot attach to the TAP device (create it: ip tuntap add dev mote0 mode tap)");
    }
    reader_ = std::thread([this] { read_loop(); });
    reader_.detach();  // lives as long as the process (the driver is a static)
  }
  net::MacAddress mac_address() const noexcept override { return {{0x52, 0x54, 0x00, 0x12, 0x34, 0x57}}; }
  bool link_up() noexcept override { return true; }
  std::size_t receive(std::span<std::byte> frame) noexcept override {
    std::lock_guard lock(m_);
    while (count_ > 0) {
      Slot& s = ring_[head_];
      head_ = (head_ + 1) % kSlots;
      --count_;
      if (s.len <= frame.size()) {
        std::memcpy(frame.data(), s.data.data(), s.len);
        return s.len;
      }
      ++dropped_;
    }
    return 0;
  }
  bool transmit(std::span<const std::byte> frame) noexcept override {
    return ::write(fd_, frame.data(), frame.size()) == static_cast<ssize_t>(frame.size());
  }
  bool wait_receive(Waker waker) noexcept override {
    std::lock_guard lock(m_);
    if (count_ > 0) return true;
    waker_ = waker;
    armed_ = true;
    return false;
  }
  std::uint32_t dropped() const noexcept override { return dropped_; }

 private:
  static constexpr std::size_t kSlots = 32;
  struct Slot {
    std::array<std::byte, 2048> data;
    std::size_t len;
  };
  void read_loop() {
    std::array<std::byte, 2048> buf;
    for (;;) {
      const ssize_t n = ::read(fd_, buf.data(), buf.size());
      if (n <= 0) continue;
      Waker w;
      bool wake = false;
      {
        std::lock_guard lock(m_);
        if (count_ == kSlots) {  // the runner is behind: drop, as a NIC's full FIFO would
          ++dropped_;
          continue;
        }
        Slot& s = ring_[(head_ + count_) % kSlots];
        std::memcpy(s.data.data(), buf.data(), static_cast<std::size_t>(n));
        s.len = static_cast<std::size_t>(n);
        ++count_;
        wake = std::exchange(armed_, false);
        w = waker_;
      }
      if (wake) w.wake();
    }
  }
  int fd_ = -1;
  std::thread reader_;
  std::mutex m_;
  std::array<Slot, kSlots> ring_{};
  std::size_t head_ = 0, count_ = 0;
  Waker waker_;
  bool armed_ = false;
  std::atomic<std::uint32_t> dropped_{0};
};

}  // namespace

net::Driver& network() noexcept {
  static Tap nic;
  return nic;
}

}  // namespace mote::board
