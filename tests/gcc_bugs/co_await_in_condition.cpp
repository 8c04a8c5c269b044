// co_await written directly in if / switch / while conditions and in the conditional operator,
// with objects that have destructors before, inside and after them: the order of events, the
// values and the balance of constructions and destructions must be right. docs/guide.md used to
// say GCC 12 miscompiles `if (co_await ...)`; this program is the evidence that it does not (host
// g++ 12.2 at -O0/-O2 with ASan+UBSan, arm-none-eabi-g++ 12.2 at -O0/-Os/-O2 under QEMU, clang-16),
// kept as a test so that a compiler that does break it is caught. Plain C++20 first, then the same
// shapes with mote's own futures. Every tracked object checks it is alive when used or destroyed.
#include <coroutine>
#include <cstdio>
#include <cstdlib>
#include <utility>

#include <mote/mote.hpp>

static int live = 0, errors = 0, ctor_count = 0, dtor_count = 0;
#define CHECK(c) do { if (!(c)) { std::printf("FAIL line %d: %s\n", __LINE__, #c); ++errors; } } while (0)

struct Tracked {
  static constexpr unsigned kAlive = 0xA11CEu, kDead = 0xDEADu;
  unsigned magic;
  int value;
  explicit Tracked(int v = 0) : magic(kAlive), value(v) { ++live; ++ctor_count; }
  Tracked(const Tracked& o) : magic(kAlive), value(o.value) { CHECK(o.magic == kAlive); ++live; ++ctor_count; }
  Tracked(Tracked&& o) noexcept : magic(kAlive), value(o.value) { CHECK(o.magic == kAlive); o.value = -1; ++live; ++ctor_count; }
  Tracked& operator=(const Tracked& o) { CHECK(magic == kAlive && o.magic == kAlive); value = o.value; return *this; }
  ~Tracked() {
    if (magic != kAlive) { std::printf("FAIL: destroyed twice or never built (magic %x, value %d)\n", magic, value); ++errors; }
    magic = kDead; --live; ++dtor_count;
  }
  int get() const { CHECK(magic == kAlive); return value; }
};

// A tiny scheduler: awaiters park the handle here; main resumes them in order.
static std::coroutine_handle<> ready[16];
static int n_ready = 0;
static void park(std::coroutine_handle<> h) { ready[n_ready++] = h; }
static void run_all() {
  while (n_ready > 0) {
    auto h = ready[0];
    for (int i = 1; i < n_ready; ++i) ready[i - 1] = ready[i];
    --n_ready;
    h.resume();
  }
}

struct Task {
  struct promise_type {
    Task get_return_object() { return {}; }
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() { std::abort(); }
  };
};

// Suspends for real and resumes with a non-trivial value.
struct ValueAwaiter {
  int v;
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<> h) noexcept { park(h); }
  Tracked await_resume() const { return Tracked(v); }
};
struct BoolAwaiter {
  bool v;
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<> h) noexcept { park(h); }
  bool await_resume() const noexcept { return v; }
};
struct IntAwaiter {
  int v;
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<> h) noexcept { park(h); }
  int await_resume() const noexcept { return v; }
};

static int trace[64];
static int n_trace = 0;
static void note(int x) { if (n_trace < 64) trace[n_trace++] = x; }

// ---- (a) co_await directly in conditions ----
Task cond_if(int k) {
  Tracked before(100 + k);
  if (co_await BoolAwaiter{k % 2 == 0}) {
    Tracked inner(200 + k);
    co_await IntAwaiter{1};
    note(inner.get());
  } else {
    Tracked other(300 + k);
    co_await IntAwaiter{2};
    note(other.get());
  }
  if ((co_await ValueAwaiter{k}).get() == k) note(400 + k); else note(-1);
  if (co_await IntAwaiter{k} > 1)
    note(500 + k);
  else
    note(600 + k);
  if (co_await IntAwaiter{k} == 2) co_await IntAwaiter{0};  // no braces, co_await in the branch
  if (co_await BoolAwaiter{true} && (co_await ValueAwaiter{k + 1}).get() == k + 1) note(700 + k);
  if (co_await BoolAwaiter{false} || co_await BoolAwaiter{true}) note(800 + k);
  note(before.get());
}

Task cond_switch(int k) {
  Tracked before(900 + k);
  switch (co_await IntAwaiter{k}) {
    case 0: { Tracked a(1000); co_await IntAwaiter{0}; note(a.get()); break; }
    case 1: note(1001); [[fallthrough]];
    case 2: { Tracked b(1002 + k); co_await IntAwaiter{0}; note(b.get()); break; }
    default: note(1099);
  }
  switch ((co_await ValueAwaiter{k}).get()) {
    case 1: note(1101); break;
    default: note(1100 + k);
  }
  note(before.get());
}

Task cond_while(int k) {
  Tracked before(1200 + k);
  int n = 0;
  while (co_await IntAwaiter{n} < k) { Tracked loop(n); co_await IntAwaiter{0}; note(1300 + loop.get()); ++n; }
  int t = (co_await BoolAwaiter{k > 1}) ? (co_await ValueAwaiter{7}).get() : 8;
  note(1400 + t);
  note(before.get());
}


// ---- the same shapes with mote futures ------------------------------------------------------
mote::Channel<int, 8> numbers;
mote::Async<int> mote_conditions() {
  int sum = 0;
  Tracked keep(7);
  if (co_await numbers.receive() == 1) {
    Tracked inner(1);
    co_await mote::yield_now();
    sum += inner.get();
  } else {
    sum += 1000;
  }
  switch (co_await numbers.receive()) {
    case 2: { Tracked t(2); co_await mote::yield_now(); sum += 10 * t.get(); break; }
    default: sum += 2000;
  }
  while (co_await numbers.receive() != 0) sum += 100;
  sum += (co_await mote::with_timeout(mote::Duration::from_ticks(MOTE_TICK_HZ / 100), numbers.receive())) ? 5000 : 300;
  co_return sum + keep.get();
}

int main() {
  int expected_ctor_dtor_balance = 0;
  for (int k = 0; k < 4; ++k) {
    n_trace = 0; cond_if(k); run_all();
    // expected trace for cond_if
    int e[16], m = 0;
    e[m++] = (k % 2 == 0) ? 200 + k : 300 + k;
    e[m++] = 400 + k;
    e[m++] = (k > 1) ? 500 + k : 600 + k;
    e[m++] = 700 + k; e[m++] = 800 + k; e[m++] = 100 + k;
    CHECK(n_trace == m);
    for (int i = 0; i < m && i < n_trace; ++i) if (trace[i] != e[i]) { std::printf("FAIL cond_if(%d) trace[%d]=%d want %d\n", k, i, trace[i], e[i]); ++errors; }

    n_trace = 0; cond_switch(k); run_all();
    m = 0;
    if (k == 0) e[m++] = 1000; else if (k == 1) { e[m++] = 1001; e[m++] = 1003; } else if (k == 2) e[m++] = 1004; else e[m++] = 1099;
    e[m++] = (k == 1) ? 1101 : 1100 + k;
    e[m++] = 900 + k;
    CHECK(n_trace == m);
    for (int i = 0; i < m && i < n_trace; ++i) if (trace[i] != e[i]) { std::printf("FAIL cond_switch(%d) trace[%d]=%d want %d\n", k, i, trace[i], e[i]); ++errors; }

    n_trace = 0; cond_while(k); run_all();
    m = 0;
    for (int i = 0; i < k; ++i) e[m++] = 1300 + i;
    e[m++] = 1400 + (k > 1 ? 7 : 8);
    e[m++] = 1200 + k;
    CHECK(n_trace == m);
    for (int i = 0; i < m && i < n_trace; ++i) if (trace[i] != e[i]) { std::printf("FAIL cond_while(%d) trace[%d]=%d want %d\n", k, i, trace[i], e[i]); ++errors; }

  }
  (void)expected_ctor_dtor_balance;
  // 1, 2, then 3 and 4 (non-zero: the loop counts them), 0 ends the loop, and the last receive
  // times out: 1 + 20 + 200 + 300 + 7.
  for (int v : {1, 2, 3, 4, 0}) numbers.try_send(v).unwrap();
  const int got = mote::block_on(mote_conditions());
  if (got != 528) { std::printf("FAIL mote conditions: %d, want 528\n", got); ++errors; }
  CHECK(live == 0);
  std::printf("constructed %d, destroyed %d, live %d, errors %d\n", ctor_count, dtor_count, live, errors);
  std::printf(errors == 0 ? "ok\n" : "MISCOMPILED\n");
  return errors == 0 ? 0 : 1;
}
