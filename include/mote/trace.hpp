// mote/trace.hpp: execution trace hooks, compiled out unless the build sets MOTE_TRACE=ON.
//
// With MOTE_TRACE the executor and the time driver record events into a RAM ring of
// MOTE_TRACE_EVENTS entries (oldest overwritten): a task spawned, resumed (runs), finished,
// woken (and by which task, or by an interrupt), the executor idle and awake again, the alarm
// set and fired. mote::exit prints the ring to the console ("mote-trace: ..." lines) and
// tools/mote-trace turns a capture into Chrome trace JSON (chrome://tracing, ui.perfetto.dev):
// a lane per task over time. Without MOTE_TRACE every hook is nothing at all.
// docs/observability.md, "Traces".
#pragma once

#include <cstddef>
#include <cstdint>
#include <type_traits>

#ifndef MOTE_TRACE
#define MOTE_TRACE 0
#endif
#ifndef MOTE_TRACE_EVENTS
#define MOTE_TRACE_EVENTS 512
#endif

namespace mote::trace {

/// What happened. The numbers are the dump's and tools/mote-trace's: append only.
enum class Event : std::uint8_t {
  Spawned = 1,     // task; arg: address of its name (a string in the ELF)
  Run = 2,         // task starts or resumes running
  Finished = 3,    // task
  Woken = 4,       // task queued; arg: the waking task, or 1 when an interrupt handler woke it
  IdleEnter = 5,   // the thread-mode executor sleeps
  IdleLeave = 6,   // ... and wakes up
  AlarmSet = 7,    // arg: the deadline's low 32 bits (0xFFFFFFFF: disarmed)
  AlarmFired = 8,  // the time driver's alarm interrupt
};

/// An event's argument as a word: a pointer's address or an integer's low bits.
template <class T>
inline std::uintptr_t arg_of(T value) noexcept {
  if constexpr (std::is_pointer_v<T>) {
    return reinterpret_cast<std::uintptr_t>(value);
  } else {
    return static_cast<std::uintptr_t>(value);
  }
}

/// Records one event with the current time. ISR-safe (a short critical section).
void record(Event event, const void* task, std::uintptr_t arg) noexcept;
/// Prints the ring, oldest first, as "mote-trace: ..." lines on stdout (mote::exit calls it).
/// Not ISR-safe: it prints with printf.
void dump() noexcept;

}  // namespace mote::trace

#if MOTE_TRACE
#define MOTE_TRACE_EVENT(event, task, arg) \
  ::mote::trace::record(::mote::trace::Event::event, (task), ::mote::trace::arg_of(arg))
#else
#define MOTE_TRACE_EVENT(event, task, arg) static_cast<void>(0)
#endif
