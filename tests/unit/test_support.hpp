// Shared helpers for the host unit tests.
#pragma once

#include <gtest/gtest.h>

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

}  // namespace mote_test
