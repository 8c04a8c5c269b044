// GCC 12 destroys the members of an aggregate temporary twice when it is initialised in a
// full-expression that contains co_await (docs/guide.md, "Compiler pitfalls"). This program shows
// it, without mote and with mote, by counting constructions and destructions of a member type;
// tools/gcc_coroutine_guard.py keeps the pattern out of GCC builds of mote programs, so this file
// is built with plain add_executable (not scanned) on purpose.
//
// Expected behaviour is passed in: MOTE_EXPECT_DOUBLE_DESTROY=1 for GCC (every GCC checked so far,
// 12.2 on x86_64 and arm-none-eabi, shows it), 0 for clang. The program fails if what it sees
// differs, so a GCC that fixes the bug fails this test: then the guard can be relaxed for it.
#include <coroutine>
#include <cstdio>
#include <utility>

#include <mote/mote.hpp>

namespace {

int constructed = 0;
int destroyed = 0;

// The member with a destructor (think std::unique_ptr or a buffer handle).
struct Counted {
  int value;
  explicit Counted(int v) noexcept : value(v) { ++constructed; }
  Counted(Counted&& o) noexcept : value(o.value) { ++constructed; }
  Counted(const Counted& o) noexcept : value(o.value) { ++constructed; }
  ~Counted() { ++destroyed; }
};

// ---- without mote: a minimal eager coroutine and hand-resumed awaiters -----------------------
struct Eager {
  struct promise_type {
    Eager get_return_object() noexcept { return {}; }
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_void() noexcept {}
    void unhandled_exception() noexcept {}
  };
};
std::coroutine_handle<> parked;
struct Suspend {  // suspends once; main() resumes it
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<> h) noexcept { parked = h; }
  int await_resume() const noexcept { return 0; }
};
struct AggregateAwaiter {  // no constructor: an aggregate
  Counted c;
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<> h) noexcept { parked = h; }
  int await_resume() const noexcept { return c.value; }
};
struct Msg {  // an aggregate argument, as in channel.send(Msg{...})
  Counted c;
  int n;
};
Suspend consume(Msg m) noexcept {
  (void)m;
  return Suspend{};
}

Eager awaiter_is_aggregate() { co_await AggregateAwaiter{Counted(1)}; }
Eager argument_is_aggregate() { co_await consume(Msg{Counted(2), 3}); }

// ---- with mote: the ordinary way to send a message ---------------------------------------------
mote::Channel<Msg, 2> channel;
mote::Async<int> send_then_receive() {
  co_await channel.send(Msg{Counted(4), 5});  // the pattern
  Msg m = co_await channel.receive();
  co_return m.c.value;
}

// Runs `body`, returns destructions minus constructions (0 when correct).
template <typename F>
int excess_destructions(const char* what, F body) {
  constructed = destroyed = 0;
  body();
  const int excess = destroyed - constructed;
  std::printf("%-52s constructed %d, destroyed %d%s\n", what, constructed, destroyed,
              excess > 0 ? "  <- destroyed twice" : "");
  return excess;
}

}  // namespace

int main() {
  int runs_with_excess = 0;
  runs_with_excess += excess_destructions("co_await AggregateAwaiter{Counted(1)}", [] {
    awaiter_is_aggregate();
    std::exchange(parked, {}).resume();
  }) > 0;
  runs_with_excess += excess_destructions("co_await consume(Msg{Counted(2), 3})", [] {
    argument_is_aggregate();
    std::exchange(parked, {}).resume();
  }) > 0;
  runs_with_excess += excess_destructions("mote: co_await channel.send(Msg{Counted(4), 5})", [] {
    if (mote::block_on(send_then_receive()) != 4) std::printf("wrong value received\n");
  }) > 0;
  const bool expected = MOTE_EXPECT_DOUBLE_DESTROY != 0;
  std::printf("%d of 3 show the double destruction; expected %s for this compiler\n", runs_with_excess,
              expected ? "all 3 (GCC)" : "none (clang)");
  return runs_with_excess == (expected ? 3 : 0) ? 0 : 1;
}
