// The MPS2 AN505's DMA controller 0 (mote::sse200::Dma, the PL081 driver) under QEMU: copies of
// several sizes and alignments (word, halfword and byte transfers; longer than one transfer's
// 4095 items), a 512 KiB copy, copies cancelled mid-flight by select and with_timeout (channel
// disabled once the future is gone, destination partly copied and never written afterwards),
// two copies in sequence after that, copies queued behind a running one (one cancelled while it
// waits), and the errors for bad input.
#include <mote/mote.hpp>
#include <mote/sse200/dma.hpp>

#include "checks.hpp"

#include <cstdio>
#include <cstring>
#include <span>
#include <utility>
#include <variant>

namespace s2 = mote::sse200;
using namespace mote::literals;
using mote_test::expect;

MOTE_BIND_INTERRUPTS(Irqs, (dma0, s2::dma::InterruptHandler<s2::Dma0>));

namespace {

constexpr std::size_t kBig = 512 * 1024;
constexpr std::byte kUntouched{0xEE};
alignas(4) std::byte g_src[kBig];
alignas(4) std::byte g_dst[kBig + 8];  // room for guard bytes around offset copies

void fill_source() {
  for (std::size_t i = 0; i < kBig; ++i) g_src[i] = static_cast<std::byte>((i * 13 + (i >> 8)) & 0xFF);
}

bool all(const std::byte* b, std::size_t n, std::byte v) {
  for (std::size_t i = 0; i < n; ++i) {
    if (b[i] != v) return false;
  }
  return true;
}

// Copies n bytes from g_src + src_off to g_dst + 4 + dst_off (the byte before and after stay
// kUntouched); true if the copy succeeded, is exact and the guards are intact.
mote::Async<bool> copy_checked(s2::Dma<s2::Dma0>& dma, std::size_t n, std::size_t src_off, std::size_t dst_off) {
  std::byte* const to = g_dst + 4 + dst_off;
  std::memset(to - 1, static_cast<int>(kUntouched), n + 2);
  auto r = co_await dma.copy(std::span(to, n), std::span<const std::byte>(g_src + src_off, n));
  co_return r.has_value() && std::memcmp(to, g_src + src_off, n) == 0 && to[-1] == kUntouched && to[n] == kUntouched;
}

MOTE_TASK(dma_test, mote::pool(1).async_bytes(256), s2::Dma0 token) {
  s2::Dma<s2::Dma0> dma(std::move(token), Irqs{});
  fill_source();

  // 1. Sizes around the limits of one transfer (4095 items) and of an item, at word, halfword
  //    and byte alignment.
  {
    constexpr std::size_t kSizes[] = {1, 3, 4, 61, 4095, 4096, 8190, 16380, 16384, 100003};
    constexpr std::size_t kOffsets[][2] = {{0, 0}, {2, 2}, {1, 3}};  // word, halfword, byte
    int exact = 0, total = 0;
    for (std::size_t n : kSizes) {
      for (const auto& off : kOffsets) {
        ++total;
        if (co_await copy_checked(dma, n, off[0], off[1])) {
          ++exact;
        } else {
          std::printf("FAILED: copy of %u bytes at offsets %u/%u\n", static_cast<unsigned>(n),
                      static_cast<unsigned>(off[0]), static_cast<unsigned>(off[1]));
        }
      }
    }
    expect(exact == total, "every size and alignment copied exactly");
    expect(!dma.channel_busy(), "channel idle after the copies");
    std::printf("sizes: %d of %d copies exact (1 B to 100003 B; word, halfword, byte), guard bytes untouched\n", exact,
                total);
  }

  // 2. 512 KiB at once (33 transfers), timed: the cancellation tests stop copies half-way.
  std::uint64_t full_ticks = 0;
  {
    std::memset(g_dst, static_cast<int>(kUntouched), kBig);
    const auto start = mote::Instant::now();
    auto r = co_await dma.copy(std::span(g_dst, kBig), std::span<const std::byte>(g_src, kBig));
    full_ticks = (mote::Instant::now() - start).ticks();
    const bool exact = r.has_value() && std::memcmp(g_dst, g_src, kBig) == 0;
    expect(exact, "512 KiB copied exactly");
    std::printf("large: 512 KiB copied %s in %llu ticks\n", exact ? "exactly" : "WRONGLY",
                static_cast<unsigned long long>(full_ticks));
  }
  const auto half = mote::Duration::from_ticks(full_ticks / 2);

  // A cancelled 512 KiB copy: the channel is disabled, the destination begins copied and ends
  // untouched (stopped mid-flight), and nothing writes there afterwards.
  auto check_cancelled = [&](const char* how) -> mote::Async<void> {
    const bool idle = !dma.channel_busy();
    const bool head = g_dst[0] == g_src[0] && std::memcmp(g_dst, g_src, 4096) == 0;
    const bool tail = all(g_dst + kBig - 4096, 4096, kUntouched);
    co_await mote::Timer::after(1_ms);
    const bool still = all(g_dst + kBig - 4096, 4096, kUntouched);
    expect(idle, "channel disabled once the cancelled copy is gone");
    expect(head && tail, "cancelled mid-flight: head copied, tail untouched");
    expect(still, "nothing written after the cancellation");
    std::printf("%s: copy cancelled mid-flight (head copied %s, tail untouched %s), channel %s, nothing written "
                "after %s\n",
                how, head ? "yes" : "no", tail ? "yes" : "no", idle ? "disabled" : "BUSY", still ? "yes" : "NO");
  };

  // 3. select against a timer that ends half-way through.
  {
    std::memset(g_dst, static_cast<int>(kUntouched), kBig);
    auto winner = co_await mote::select(dma.copy(std::span(g_dst, kBig), std::span<const std::byte>(g_src, kBig)),
                                        mote::Timer::after(half));
    expect(winner.index() == 1, "select: the timer won against the 512 KiB copy");
    co_await check_cancelled("select");
  }

  // 4. with_timeout, the same.
  {
    std::memset(g_dst, static_cast<int>(kUntouched), kBig);
    auto r = co_await mote::with_timeout(half, dma.copy(std::span(g_dst, kBig), std::span<const std::byte>(g_src, kBig)));
    expect(!r && r.error() == mote::TimeoutError::Elapsed, "with_timeout: the 512 KiB copy timed out");
    co_await check_cancelled("with_timeout");
  }

  // 5. Two copies in sequence after the cancellations.
  {
    const bool first = co_await copy_checked(dma, 20000, 0, 0);
    const bool second = co_await copy_checked(dma, 777, 5, 1);
    expect(first && second, "two copies in sequence after cancelling");
    std::printf("sequence: two copies after the cancellations %s\n", first && second ? "exact" : "WRONG");
  }

  // 6. Two copies queued behind a running one: the first cancelled by with_timeout while it
  //    waits its turn (its buffer never touched), the second served once the running copy is done.
  {
    alignas(4) static std::byte small[2][256];
    std::memset(small, static_cast<int>(kUntouched), sizeof small);
    std::memset(g_dst, static_cast<int>(kUntouched), kBig);
    auto [big, waited, served] = co_await mote::join(
        dma.copy(std::span(g_dst, kBig), std::span<const std::byte>(g_src, kBig)),
        mote::with_timeout(mote::Duration::from_ticks(full_ticks / 4),
                           dma.copy(std::span(small[0], 256), std::span<const std::byte>(g_src + 1, 256))),
        dma.copy(std::span(small[1], 256), std::span<const std::byte>(g_src + 3, 256)));
    const bool big_exact = big.has_value() && std::memcmp(g_dst, g_src, kBig) == 0;
    const bool timed_out = !waited && waited.error() == mote::TimeoutError::Elapsed;
    const bool untouched = all(small[0], 256, kUntouched);
    const bool next_exact = served.has_value() && std::memcmp(small[1], g_src + 3, 256) == 0;
    expect(timed_out && untouched, "a queued copy cancelled by with_timeout left its buffer untouched");
    expect(big_exact && next_exact, "the running copy and the one queued after it are exact");
    std::printf("queue: a waiting copy cancelled by with_timeout (buffer untouched %s), the running one %s, "
                "the next one served after it %s\n",
                untouched ? "yes" : "NO", big_exact ? "exact" : "WRONG", next_exact ? "exact" : "WRONG");
  }

  // 7. Bad input: nothing moves, the driver says why.
  {
    std::memset(g_dst, static_cast<int>(kUntouched), 64);
    auto mismatch = co_await dma.copy(std::span(g_dst, 64), std::span<const std::byte>(g_src, 63));
    // The System Control Space (0xE000E000): the core's own, not on the controller's bus.
    const auto* scs = reinterpret_cast<const std::byte*>(std::uintptr_t{0xE000E000});
    auto unreachable = co_await dma.copy(std::span(g_dst, 16), std::span<const std::byte>(scs, 16));
    auto empty = co_await dma.copy(std::span(g_dst, 0), std::span<const std::byte>(g_src, 0));
    const bool untouched = all(g_dst, 64, kUntouched);
    expect(!mismatch && mismatch.error() == mote::hal::DmaError::SizeMismatch, "sizes differ: SizeMismatch");
    expect(!unreachable && unreachable.error() == mote::hal::DmaError::Unaligned, "SCS source: Unaligned");
    expect(empty.has_value(), "empty copy: ok");
    expect(untouched, "bad input moved nothing");
    std::printf("errors: %s; %s; empty copy %s; nothing moved %s\n",
                mismatch ? "no error" : mote::hal::error_message(mismatch.error()),
                unreachable ? "no error" : mote::hal::error_message(unreachable.error()), empty ? "ok" : "FAILED",
                untouched ? "yes" : "NO");
  }
  mote_test::finish();
}

}  // namespace

MOTE_MAIN(spawner) {
  auto p = s2::Peripherals::take();
  spawner.must_spawn(dma_test(std::move(p.dma0)));
  co_return;
}
