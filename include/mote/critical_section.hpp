// mote/critical_section.hpp: mutual exclusion against interrupts (and, on the host, threads).
//
// Sync primitives take a raw-mutex policy: CriticalSectionRawMutex (the default) is safe
// against interrupts and other executors; NoopRawMutex is for state touched by one executor
// only and costs nothing.
#pragma once

#include <mote/platform/port.hpp>
#include <utility>

namespace mote {

/// RAII critical section; nests. Constructing and destroying it is ISR-safe. Always inlined:
/// on Cortex-M it is two instructions each way, which GCC at -Os would otherwise call out of
/// line from every sync primitive (docs/performance.md traced 4 instructions per use).
class CriticalSection {
 public:
  [[gnu::always_inline]] CriticalSection() noexcept : state_(platform::cs_enter()) {}
  [[gnu::always_inline]] ~CriticalSection() { platform::cs_exit(state_); }
  CriticalSection(const CriticalSection&) = delete;
  CriticalSection& operator=(const CriticalSection&) = delete;

 private:
  platform::CsState state_;
};

/// Runs `f` inside a critical section and returns its result. ISR-safe.
template <class F>
decltype(auto) critical_section(F&& f) {
  CriticalSection cs;
  return std::forward<F>(f)();
}

/// Raw-mutex policy: a critical section (safe from interrupts, threads and other executors).
struct CriticalSectionRawMutex {
  /// Inside lock() no interrupt runs, so a wake-up made there may skip its own critical
  /// section (WaitQueue::complete uses the masked wake).
  static constexpr bool excludes_interrupts = true;
  template <class F>
  decltype(auto) lock(F&& f) const {
    CriticalSection cs;
    return std::forward<F>(f)();
  }
};

/// Raw-mutex policy for data used by a single executor and no interrupt: no locking at all.
struct NoopRawMutex {
  static constexpr bool excludes_interrupts = false;
  template <class F>
  decltype(auto) lock(F&& f) const {
    return std::forward<F>(f)();
  }
};

}  // namespace mote
