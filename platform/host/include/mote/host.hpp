// mote/host.hpp: controls that exist only on the host platform.
//
// The host runs on the real (steady) clock by default. Tests switch to the virtual clock:
// time then stands still while any task is ready and jumps straight to the next deadline
// when every task is idle, so timer tests run instantly and give exact results.
// Applications may set MOTE_VIRTUAL_TIME=1 in the environment for the same effect.
// MOTE_MEMORY_REPORT=1 makes a program print mote::memory_report() when it exits.
#pragma once

#include "mote/time.hpp"

namespace mote::host {

/// Switches between the virtual clock (true) and the real one (false). The virtual clock
/// continues from the current reading. Call while no executor runs.
void use_virtual_time(bool enabled) noexcept;
/// Whether the virtual clock is in use.
bool virtual_time() noexcept;
/// Moves the virtual clock forward by `d` (no effect on the real clock). Thread-safe.
void advance_virtual_time(Duration d) noexcept;

}  // namespace mote::host
