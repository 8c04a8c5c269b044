// Shared helpers for the host unit tests.
#pragma once

#include <gtest/gtest.h>

#include <cstddef>
#include <utility>
#include <vector>

#include <mote/host.hpp>
#include <mote/mote.hpp>

namespace mote_test {

/// Runs each test on the virtual clock: timers complete instantly and exactly.
class VirtualTime : public ::testing::Test {
 protected:
  void SetUp() override { mote::host::use_virtual_time(true); }
  void TearDown() override { mote::host::use_virtual_time(false); }
};

/// Runs the executor until no task is alive (each test's tasks must finish).
inline void run_to_completion(mote::Executor& ex) { ex.run(); }

/// A future that stays pending until the test opens it; counts its polls and keeps the
/// wakers it was given, so that a test can wake tasks by hand.
struct Gate {
  bool open = false;
  int polls = 0;
  std::vector<mote::Waker> waiters;
  void release() {
    open = true;
    for (mote::Waker w : std::exchange(waiters, {})) w.wake();
  }
  struct Wait {
    Gate* gate;
    bool poll(mote::Waker w) noexcept {
      ++gate->polls;
      if (gate->open) return true;
      gate->waiters.push_back(w);
      return false;
    }
    void take() const noexcept {}
  };
  Wait wait() noexcept { return Wait{this}; }
};

/// Instances of the task function `name` alive now (0 if it was never spawned).
inline std::size_t in_use(const char* name) {
  const auto info = mote::task_info(name);
  return info ? info->in_use : 0;
}

}  // namespace mote_test
