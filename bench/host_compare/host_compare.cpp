// mote's host executor against Boost.Asio (C++20 coroutines: co_spawn, steady_timer), Boost.Fiber
// (stackful fibers) and std::thread, in one run (issue 5, "On the host"):
//
//   spawn    N tasks that each wait on a timer (1 h away): memory per task (RSS growth / N) and
//            spawn time per task (create + start until every task waits);
//   pingpong two tasks wake each other in turn while N tasks wait on timers: ns per hop
//            (one wake -> resume of the other task);
//   timers   N timers with random deadlines: insert + expire, ns per timer (mote and Asio: the
//            others have no timers apart from their tasks; their timer waits are in "spawn").
//
// Every measurement runs in a child process of its own (fork), so that one measurement's freed
// memory cannot hide the next one's RSS growth and a crashed peer cannot take the others down.
// Each is repeated (--reps, default 5 for ping-pong and timers, 3 for spawn); the median, min and
// max are reported. Caps, to keep the machine usable: std::thread to 10^4 threads (default 8 MiB
// stacks, mostly untouched, plus kernel memory not in RSS), Boost.Fiber to 10^5 fibers (16 KiB
// stacks from fixedsize_stack; at least one touched page each).
//
// mote runs in MOTE_ALLOC mode (frames from the heap, so malloc's chunk overhead is included and
// no arena has to be sized for 10^6 frames), on its single-threaded executor with the virtual
// clock off (real steady clock, like the peers).
//
// Output: a table on stderr and JSON (--json FILE) for bench/render_doc.py.
//   tools/bench.sh builds and runs it (configure with -DMOTE_BENCH_PEERS=ON).
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <coroutine>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <utility>  // before Boost 1.74 asio/awaitable.hpp, which uses std::exchange without it
#include <vector>

#include <boost/asio.hpp>
#include <boost/fiber/all.hpp>

#include <mote/host.hpp>
#include <mote/mote.hpp>

namespace asio = boost::asio;
using Clock = std::chrono::steady_clock;
using namespace mote::literals;

namespace {

// Resident set size in bytes (/proc/self/statm: pages).
double rss_bytes() {
  long pages = 0, resident = 0;
  if (FILE* f = std::fopen("/proc/self/statm", "r")) {
    if (std::fscanf(f, "%ld %ld", &pages, &resident) != 2) resident = 0;
    std::fclose(f);
  }
  return static_cast<double>(resident) * static_cast<double>(sysconf(_SC_PAGESIZE));
}

double ns_since(Clock::time_point t0) { return std::chrono::duration<double, std::nano>(Clock::now() - t0).count(); }

// Result of one measurement in a child: up to two numbers.
struct Sample {
  double a = 0, b = 0;
  bool ok = false;
};

Sample in_child(const std::function<Sample()>& body) {
  int fds[2];
  if (pipe(fds) != 0) return {};
  const pid_t pid = fork();
  if (pid == 0) {
    close(fds[0]);
    const Sample s = body();
    char line[128];
    const int n = std::snprintf(line, sizeof line, "%.6f %.6f\n", s.a, s.b);
    if (write(fds[1], line, static_cast<size_t>(n)) != n) _exit(2);
    _exit(0);  // no destructors: waiting threads, fibers and tasks are simply dropped
  }
  close(fds[1]);
  char buf[128] = {};
  ssize_t got = 0, r;
  while ((r = read(fds[0], buf + got, sizeof buf - 1 - static_cast<size_t>(got))) > 0) got += r;
  close(fds[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  Sample s;
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0 && std::sscanf(buf, "%lf %lf", &s.a, &s.b) == 2) s.ok = true;
  return s;
}

// ---------------------------------------------------------------------------------------------
// mote

MOTE_TASK(mote_sleeper, mote::pool(10000000).async_bytes(0)) { co_await mote::Timer::after(3600_s); }

mote::Signal<int> g_ping, g_pong;
std::atomic<long> g_rounds{0};
double g_pingpong_ns = 0;

MOTE_TASK(mote_ping, 1, long rounds) {
  const auto t0 = Clock::now();
  for (long i = 0; i < rounds; ++i) {
    g_pong.signal(1);
    const int v = co_await g_ping.wait();
    (void)v;
  }
  g_pingpong_ns = ns_since(t0) / static_cast<double>(2 * rounds);
  std::fflush(stdout);
  // Measured: leave now (the N sleepers would otherwise keep the executor for an hour).
  char line[128];
  const int n = std::snprintf(line, sizeof line, "%.6f 0\n", g_pingpong_ns);
  if (write(3, line, static_cast<size_t>(n)) < 0) _exit(2);
  _exit(0);
}
MOTE_TASK(mote_pong, 1) {
  for (;;) {
    const int v = co_await g_pong.wait();
    (void)v;
    g_ping.signal(1);
  }
}

Sample mote_spawn(long n) {
  static mote::Executor ex;
  const double rss0 = rss_bytes();
  const auto t0 = Clock::now();
  for (long i = 0; i < n; ++i) ex.spawner().must_spawn(mote_sleeper());
  ex.poll();  // every task starts and waits on its timer
  const double ns = ns_since(t0);
  return {(rss_bytes() - rss0) / static_cast<double>(n), ns / static_cast<double>(n), true};
}

Sample mote_pingpong(long n, long rounds) {
  static mote::Executor ex;
  for (long i = 0; i < n; ++i) ex.spawner().must_spawn(mote_sleeper());
  ex.poll();
  ex.spawner().must_spawn(mote_pong());
  ex.spawner().must_spawn(mote_ping(rounds));
  ex.run();  // mote_ping reports and exits
  return {};
}

Sample mote_timers(long n) {
  // The timer queue itself, as in bench/timer_queue_scaling.cpp: bare task headers (waking one
  // that no executor owns is a no-op), random deadlines, then one alarm expires them all.
  mote::host::use_virtual_time(true);
  auto headers = std::make_unique<mote::detail::TaskHeader[]>(static_cast<size_t>(n));
  std::mt19937_64 rng(42);
  const std::uint64_t now = mote::Instant::now().ticks();
  std::vector<std::uint64_t> deadlines(static_cast<size_t>(n));
  for (auto& d : deadlines) d = now + 1 + rng() % static_cast<std::uint64_t>(n * 10);
  const auto t0 = Clock::now();
  for (long i = 0; i < n; ++i) {
    mote::schedule_wake(mote::Instant::from_ticks(deadlines[static_cast<size_t>(i)]), mote::Waker(&headers[i]));
  }
  mote::host::advance_virtual_time(mote::Duration::from_ticks(static_cast<std::uint64_t>(n) * 10 + 1));
  mote::on_alarm();
  const double ns = ns_since(t0);
  if (mote::detail::timer_queue_size() != 0) return {};
  return {ns / static_cast<double>(n), 0, true};
}

// ---------------------------------------------------------------------------------------------
// Boost.Asio, C++20 coroutines

asio::awaitable<void> asio_sleeper() {
  asio::steady_timer t(co_await asio::this_coro::executor);
  t.expires_after(std::chrono::hours(1));
  co_await t.async_wait(asio::use_awaitable);
}

Sample asio_spawn(long n) {
  auto* ctx = new asio::io_context(1);  // leaked on purpose: the child exits without cleanup
  const double rss0 = rss_bytes();
  const auto t0 = Clock::now();
  for (long i = 0; i < n; ++i) asio::co_spawn(*ctx, asio_sleeper(), asio::detached);
  ctx->poll();  // every coroutine starts and waits on its timer
  const double ns = ns_since(t0);
  return {(rss_bytes() - rss0) / static_cast<double>(n), ns / static_cast<double>(n), true};
}

// Ping-pong with the usual Asio idiom for a wake-up: a timer that never expires, cancelled by
// the waker (the waiter's async_wait completes with operation_aborted).
asio::awaitable<void> asio_player(asio::steady_timer& mine, asio::steady_timer& other, long rounds, bool starter,
                                  double* out) {
  const auto t0 = Clock::now();
  boost::system::error_code ec;
  for (long i = 0; i < rounds; ++i) {
    if (starter) other.cancel();
    co_await mine.async_wait(asio::redirect_error(asio::use_awaitable, ec));
    if (!starter) other.cancel();
  }
  if (starter) *out = ns_since(t0) / static_cast<double>(2 * rounds);
}

Sample asio_pingpong(long n, long rounds) {
  auto* ctx = new asio::io_context(1);
  for (long i = 0; i < n; ++i) asio::co_spawn(*ctx, asio_sleeper(), asio::detached);
  ctx->poll();
  asio::steady_timer a(*ctx, asio::steady_timer::time_point::max());
  asio::steady_timer b(*ctx, asio::steady_timer::time_point::max());
  double ns = 0;
  asio::co_spawn(*ctx, asio_player(b, a, rounds, false, nullptr), asio::detached);  // waits first
  asio::co_spawn(*ctx, asio_player(a, b, rounds, true, &ns), asio::detached);
  while (ns == 0) ctx->run_one();
  return {ns, 0, true};
}

Sample asio_timers(long n) {
  // N steady_timers with random deadlines, all already due by the time run() looks: each
  // async_wait inserts into Asio's timer heap, run() expires them in deadline order.
  auto* ctx = new asio::io_context(1);
  std::vector<asio::steady_timer> timers;
  timers.reserve(static_cast<size_t>(n));
  std::mt19937_64 rng(42);
  const auto base = asio::steady_timer::clock_type::now() - std::chrono::seconds(1);
  std::vector<asio::steady_timer::time_point> deadlines(static_cast<size_t>(n));
  for (auto& d : deadlines) d = base - std::chrono::microseconds(rng() % static_cast<std::uint64_t>(n * 10));
  for (long i = 0; i < n; ++i) timers.emplace_back(*ctx);
  long fired = 0;
  const auto t0 = Clock::now();
  for (long i = 0; i < n; ++i) {
    timers[static_cast<size_t>(i)].expires_at(deadlines[static_cast<size_t>(i)]);
    timers[static_cast<size_t>(i)].async_wait([&fired](const boost::system::error_code&) { ++fired; });
  }
  ctx->run();
  const double ns = ns_since(t0);
  if (fired != n) return {};
  return {ns / static_cast<double>(n), 0, true};
}

// ---------------------------------------------------------------------------------------------
// Boost.Fiber

constexpr std::size_t kFiberStack = 16 * 1024;

Sample fiber_spawn(long n) {
  const double rss0 = rss_bytes();
  const auto t0 = Clock::now();
  for (long i = 0; i < n; ++i) {
    boost::fibers::fiber(std::allocator_arg, boost::fibers::fixedsize_stack(kFiberStack), [] {
      boost::this_fiber::sleep_for(std::chrono::hours(1));
    }).detach();
  }
  boost::this_fiber::yield();  // every fiber runs up to its sleep
  const double ns = ns_since(t0);
  return {(rss_bytes() - rss0) / static_cast<double>(n), ns / static_cast<double>(n), true};
}

Sample fiber_pingpong(long n, long rounds) {
  for (long i = 0; i < n; ++i) {
    boost::fibers::fiber(std::allocator_arg, boost::fibers::fixedsize_stack(kFiberStack), [] {
      boost::this_fiber::sleep_for(std::chrono::hours(1));
    }).detach();
  }
  boost::this_fiber::yield();
  boost::fibers::buffered_channel<int> ab(2), ba(2);
  double ns = 0;
  boost::fibers::fiber pong(std::allocator_arg, boost::fibers::fixedsize_stack(kFiberStack), [&] {
    int v;
    for (long i = 0; i < rounds; ++i) {
      ab.pop(v);
      ba.push(v);
    }
  });
  boost::fibers::fiber ping(std::allocator_arg, boost::fibers::fixedsize_stack(kFiberStack), [&] {
    const auto t0 = Clock::now();
    int v = 0;
    for (long i = 0; i < rounds; ++i) {
      ab.push(1);
      ba.pop(v);
    }
    ns = ns_since(t0) / static_cast<double>(2 * rounds);
  });
  ping.join();
  pong.join();
  return {ns, 0, true};
}

// ---------------------------------------------------------------------------------------------
// std::thread

Sample thread_spawn(long n) {
  auto* m = new std::mutex;
  auto* cv = new std::condition_variable;
  auto* started = new std::atomic<long>(0);
  auto* threads = new std::vector<std::thread>;
  threads->reserve(static_cast<size_t>(n));
  const double rss0 = rss_bytes();
  const auto t0 = Clock::now();
  for (long i = 0; i < n; ++i) {
    threads->emplace_back([m, cv, started] {
      std::unique_lock<std::mutex> lock(*m);
      started->fetch_add(1);
      cv->wait_for(lock, std::chrono::hours(1));
    });
  }
  while (started->load() < n) std::this_thread::yield();
  const double ns = ns_since(t0);
  return {(rss_bytes() - rss0) / static_cast<double>(n), ns / static_cast<double>(n), true};
}

Sample thread_pingpong(long n, long rounds) {
  auto* m = new std::mutex;
  auto* cv = new std::condition_variable;
  auto* started = new std::atomic<long>(0);
  auto* threads = new std::vector<std::thread>;
  for (long i = 0; i < n; ++i) {
    threads->emplace_back([m, cv, started] {
      std::unique_lock<std::mutex> lock(*m);
      started->fetch_add(1);
      cv->wait_for(lock, std::chrono::hours(1));
    });
  }
  while (started->load() < n) std::this_thread::yield();
  // The turn is an atomic that each side waits on (futex) and flips: one wake per hop.
  std::atomic<int> turn{0};
  double ns = 0;
  std::thread pong([&] {
    for (long i = 0; i < rounds; ++i) {
      turn.wait(0);
      turn.store(0);
      turn.notify_one();
    }
  });
  const auto t0 = Clock::now();
  for (long i = 0; i < rounds; ++i) {
    turn.store(1);
    turn.notify_one();
    turn.wait(1);
  }
  ns = ns_since(t0) / static_cast<double>(2 * rounds);
  pong.join();
  return {ns, 0, true};
}

// ---------------------------------------------------------------------------------------------

struct Peer {
  const char* name;
  long max_tasks;
  Sample (*spawn)(long);
  Sample (*pingpong)(long, long);
  Sample (*timers)(long);
  long rounds;
};

struct Stat {
  double median = 0, min = 0, max = 0;
  int reps = 0;
};

Stat stat(std::vector<double> v) {
  Stat s;
  if (v.empty()) return s;
  std::sort(v.begin(), v.end());
  s.reps = static_cast<int>(v.size());
  s.min = v.front();
  s.max = v.back();
  s.median = v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
  return s;
}

std::string json_stat(const Stat& s) {
  char b[200];
  std::snprintf(b, sizeof b, "{\"median\": %.3f, \"min\": %.3f, \"max\": %.3f, \"reps\": %d}", s.median, s.min, s.max,
                s.reps);
  return b;
}

// mote's ping-pong task reports through fd 3 (it exits from inside the executor).
Sample mote_pingpong_child(long n, long rounds) {
  int fds[2];
  if (pipe(fds) != 0) return {};
  const pid_t pid = fork();
  if (pid == 0) {
    close(fds[0]);
    dup2(fds[1], 3);
    mote_pingpong(n, rounds);
    _exit(3);
  }
  close(fds[1]);
  char buf[128] = {};
  ssize_t got = 0, r;
  while ((r = read(fds[0], buf + got, sizeof buf - 1 - static_cast<size_t>(got))) > 0) got += r;
  close(fds[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  Sample s;
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0 && std::sscanf(buf, "%lf %lf", &s.a, &s.b) == 2) s.ok = true;
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  std::string json_path;
  int reps = 5;
  long max_n = 1000000;
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--json") && i + 1 < argc) json_path = argv[++i];
    if (!std::strcmp(argv[i], "--reps") && i + 1 < argc) reps = std::atoi(argv[++i]);
    if (!std::strcmp(argv[i], "--max-n") && i + 1 < argc) max_n = std::atol(argv[++i]);
  }
  const Peer peers[] = {
      {"mote", 1000000, mote_spawn, nullptr, mote_timers, 200000},
      {"asio", 1000000, asio_spawn, asio_pingpong, asio_timers, 200000},
      {"fiber", 100000, fiber_spawn, fiber_pingpong, nullptr, 200000},
      {"thread", 10000, thread_spawn, thread_pingpong, nullptr, 20000},
  };
  std::string out = "{\n";
  out += "  \"notes\": \"spawn/pingpong N = tasks waiting on timers; caps: fiber 1e5, thread 1e4\",\n";
  std::string spawn_json, ping_json, timer_json;
  std::fprintf(stderr, "%-7s %8s %14s %14s %14s\n", "peer", "N", "bytes/task", "spawn ns/task", "ns/hop");
  for (const Peer& p : peers) {
    for (long n = 100; n <= std::min(p.max_tasks, max_n); n *= 10) {
      const int spawn_reps = std::max(1, reps >= 3 ? 3 : reps);
      std::vector<double> mem, spawn_ns, hop_ns;
      for (int r = 0; r < spawn_reps; ++r) {
        const Sample s = in_child([&] { return p.spawn(n); });
        if (s.ok) {
          mem.push_back(s.a);
          spawn_ns.push_back(s.b);
        }
      }
      for (int r = 0; r < reps; ++r) {
        const long rounds = p.rounds;
        const Sample s = p.pingpong ? in_child([&] { return p.pingpong(n, rounds); }) : mote_pingpong_child(n, rounds);
        if (s.ok) hop_ns.push_back(s.a);
      }
      const Stat m = stat(mem), sp = stat(spawn_ns), h = stat(hop_ns);
      std::fprintf(stderr, "%-7s %8ld %14.1f %14.1f %14.1f\n", p.name, n, m.median, sp.median, h.median);
      char head[100];
      std::snprintf(head, sizeof head, "    {\"peer\": \"%s\", \"n\": %ld, ", p.name, n);
      spawn_json += std::string(spawn_json.empty() ? "" : ",\n") + head + "\"bytes_per_task\": " + json_stat(m) +
                    ", \"spawn_ns_per_task\": " + json_stat(sp) + "}";
      ping_json += std::string(ping_json.empty() ? "" : ",\n") + head + "\"ns_per_hop\": " + json_stat(h) + "}";
    }
  }
  std::fprintf(stderr, "%-7s %8s %14s\n", "peer", "timers", "ns/timer");
  for (const Peer& p : peers) {
    if (p.timers == nullptr) continue;
    for (long n = 1000; n <= max_n; n *= 10) {
      std::vector<double> v;
      for (int r = 0; r < reps; ++r) {
        const Sample s = in_child([&] { return p.timers(n); });
        if (s.ok) v.push_back(s.a);
      }
      const Stat t = stat(v);
      std::fprintf(stderr, "%-7s %8ld %14.1f\n", p.name, n, t.median);
      char head[100];
      std::snprintf(head, sizeof head, "    {\"peer\": \"%s\", \"n\": %ld, ", p.name, n);
      timer_json += std::string(timer_json.empty() ? "" : ",\n") + head + "\"ns_per_timer\": " + json_stat(t) + "}";
    }
  }
  out += "  \"spawn\": [\n" + spawn_json + "\n  ],\n";
  out += "  \"pingpong\": [\n" + ping_json + "\n  ],\n";
  out += "  \"timers\": [\n" + timer_json + "\n  ]\n}\n";
  if (!json_path.empty()) {
    FILE* f = std::fopen(json_path.c_str(), "w");
    if (f == nullptr) return 1;
    std::fputs(out.c_str(), f);
    std::fclose(f);
  } else {
    std::fputs(out.c_str(), stdout);
  }
  return 0;
}
