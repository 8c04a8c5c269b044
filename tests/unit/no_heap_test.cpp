// Checks that the runtime never touches the heap once every task function has been spawned
// once: timers, channels, select, join, with_timeout, yield_now and nested Asyncs all run
// from static pools. Global operator new / delete are replaced here with counting versions.
#include <atomic>
#include <cstddef>
#include <cstdlib>
#include <new>
#include <tuple>

#include "test_support.hpp"

namespace {

std::atomic<bool> g_counting{false};
std::atomic<std::size_t> g_news{0}, g_deletes{0};

void* counted_new(std::size_t n, std::size_t align = 0) noexcept {
  if (g_counting.load(std::memory_order_relaxed)) g_news.fetch_add(1, std::memory_order_relaxed);
  if (n == 0) n = 1;
  if (align <= __STDCPP_DEFAULT_NEW_ALIGNMENT__) return std::malloc(n);
  return std::aligned_alloc(align, (n + align - 1) / align * align);
}
void* counted_new_or_throw(std::size_t n, std::size_t align = 0) {
  if (void* p = counted_new(n, align)) return p;
  throw std::bad_alloc();
}
void counted_delete(void* p) noexcept {
  if (p == nullptr) return;
  if (g_counting.load(std::memory_order_relaxed)) g_deletes.fetch_add(1, std::memory_order_relaxed);
  std::free(p);
}

}  // namespace

// clang-format off
void* operator new(std::size_t n) { return counted_new_or_throw(n); }
void* operator new[](std::size_t n) { return counted_new_or_throw(n); }
void* operator new(std::size_t n, std::align_val_t a) { return counted_new_or_throw(n, static_cast<std::size_t>(a)); }
void* operator new[](std::size_t n, std::align_val_t a) { return counted_new_or_throw(n, static_cast<std::size_t>(a)); }
void* operator new(std::size_t n, const std::nothrow_t&) noexcept { return counted_new(n); }
void* operator new[](std::size_t n, const std::nothrow_t&) noexcept { return counted_new(n); }
void* operator new(std::size_t n, std::align_val_t a, const std::nothrow_t&) noexcept { return counted_new(n, static_cast<std::size_t>(a)); }
void* operator new[](std::size_t n, std::align_val_t a, const std::nothrow_t&) noexcept { return counted_new(n, static_cast<std::size_t>(a)); }
void operator delete(void* p) noexcept { counted_delete(p); }
void operator delete[](void* p) noexcept { counted_delete(p); }
void operator delete(void* p, std::size_t) noexcept { counted_delete(p); }
void operator delete[](void* p, std::size_t) noexcept { counted_delete(p); }
void operator delete(void* p, std::align_val_t) noexcept { counted_delete(p); }
void operator delete[](void* p, std::align_val_t) noexcept { counted_delete(p); }
void operator delete(void* p, std::size_t, std::align_val_t) noexcept { counted_delete(p); }
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept { counted_delete(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { counted_delete(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { counted_delete(p); }
void operator delete(void* p, std::align_val_t, const std::nothrow_t&) noexcept { counted_delete(p); }
void operator delete[](void* p, std::align_val_t, const std::nothrow_t&) noexcept { counted_delete(p); }
// clang-format on

using namespace mote::literals;
using mote::Duration;
using mote::Instant;

namespace {

mote::Channel<int, 2> nh_ch;
mote::Signal<int> nh_sig;

struct Results {
  int sum = 0, join_value = 0, timeout_value = 0, nested_value = 0;
  std::size_t select_index = 99;
  bool elapsed = false;
  Duration at;
} res;
Instant t0;

mote::Async<int> leaf(Duration d, int v) {
  co_await mote::Timer::after(d);
  co_return v;
}
mote::Async<int> nested(int v) {
  const int a = co_await leaf(1_ms, v);
  co_await mote::yield_now();
  co_return a + co_await leaf(1_ms, v);
}

MOTE_TASK(nh_producer, 1) {
  for (int i = 1; i <= 8; ++i) co_await nh_ch.send(i);  // waits whenever 2 are queued
}
MOTE_TASK(nh_consumer, 1) {
  for (int i = 0; i < 8; ++i) {
    res.sum += co_await nh_ch.receive();
    if (i % 3 == 0) co_await mote::Timer::after(1_ms);
  }
}
MOTE_TASK(nh_combinators, mote::pool(1).async_bytes(4096)) {
  auto s = co_await mote::select(nh_sig.wait(), mote::Timer::after(2_ms));  // cancels the wait
  res.select_index = s.index();
  auto j = co_await mote::join(mote::Timer::after(1_ms), leaf(3_ms, 4));
  res.join_value = std::get<1>(j);
  auto e = co_await mote::with_timeout(1_ms, nh_sig.wait());
  res.elapsed = !e.has_value();
  auto ok = co_await mote::with_timeout(5_ms, nested(3));
  res.timeout_value = ok ? *ok : -1;
  co_await mote::yield_now();
  res.nested_value = co_await nested(10);
  res.at = Instant::now() - t0;
}

void run_scenario() {
  res = {};
  t0 = Instant::now();
  mote::Executor ex;
  ex.spawner().must_spawn(nh_producer());
  ex.spawner().must_spawn(nh_consumer());
  ex.spawner().must_spawn(nh_combinators());
  ex.run();
}

}  // namespace

class NoHeap : public mote_test::VirtualTime {
 protected:
  void SetUp() override {
    if (MOTE_ALLOC) GTEST_SKIP() << "alloc mode (MOTE_ALLOC=1) takes frames from the heap by design";
    VirtualTime::SetUp();
  }
};

// The counting operator new is the one in use: an allocation in the window is seen.
TEST_F(NoHeap, CountingIsLive) {
  g_news = 0;
  g_deletes = 0;
  g_counting = true;
  void* p = ::operator new(16);
  ::operator delete(p);
  g_counting = false;
  EXPECT_EQ(g_news.load(), 1u);
  EXPECT_EQ(g_deletes.load(), 1u);
}

// After a warm-up run (first spawns reserve each pool), a run using timers, channels,
// select, join, with_timeout, yield_now and nested Asyncs allocates and frees nothing.
TEST_F(NoHeap, SteadyStateRunDoesNotAllocate) {
  run_scenario();  // warm-up
  g_news = 0;
  g_deletes = 0;
  g_counting = true;
  run_scenario();
  g_counting = false;
  EXPECT_EQ(g_news.load(), 0u);
  EXPECT_EQ(g_deletes.load(), 0u);
  // The run did what it should (so zero allocations is not the result of doing nothing).
  EXPECT_EQ(res.sum, 36);
  EXPECT_EQ(res.select_index, 1u);
  EXPECT_EQ(res.join_value, 4);
  EXPECT_TRUE(res.elapsed);
  EXPECT_EQ(res.timeout_value, 6);
  EXPECT_EQ(res.nested_value, 20);
  EXPECT_EQ(res.at, 10_ms);
}
