// Firmware test (RISC-V): while one 1 s timer is pending, the hart sleeps in a single WFI and
// takes exactly one interrupt, the alarm's (tickless: no periodic interrupt, no polling). The
// port counts interrupts taken and WFIs entered (mote::riscv::interrupts_taken, idle_sleeps).
// (The Cortex-M idle test counts instructions with a QEMU plugin that decodes Thumb code; on
// RISC-V, minstret under -icount counts virtual time, not instructions, so this test counts what
// the port sees instead.)
#include <mote/mote.hpp>
#include <mote/riscv.hpp>

#include <cstdio>

using namespace mote::literals;

MOTE_TASK(measure, 1) {
  co_await mote::Timer::after(1_ms);  // everything started up, the console quiet
  const std::uint32_t interrupts_before = mote::riscv::interrupts_taken();
  const std::uint32_t sleeps_before = mote::riscv::idle_sleeps();
  const mote::Instant deadline = mote::Instant::now() + 1_s;
  co_await mote::Timer::at(deadline);
  const mote::Instant woke = mote::Instant::now();
  const std::uint32_t interrupts = mote::riscv::interrupts_taken() - interrupts_before;
  const std::uint32_t sleeps = mote::riscv::idle_sleeps() - sleeps_before;
  const std::uint64_t late = woke >= deadline ? (woke - deadline).ticks() : 0;
  const bool ok = interrupts == 1 && sleeps == 1 && woke >= deadline && late <= mote::Duration::from_micros(20).ticks();
  std::printf("idle second: %lu interrupt(s), %lu WFI(s), woke %lu ticks late: %s\n",
              static_cast<unsigned long>(interrupts), static_cast<unsigned long>(sleeps),
              static_cast<unsigned long>(late), ok ? "ok" : "FAILED");
  mote::exit(ok ? 0 : 1);
}

MOTE_MAIN(spawner) {
  spawner.must_spawn(measure());
  co_return;
}
