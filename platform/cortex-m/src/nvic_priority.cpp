// Interrupt priority levels (mote/cortex_m/nvic_priority.hpp). Out of line: the chip's time
// driver and every interrupt executor share one copy.
#include "mote/cortex_m/nvic_priority.hpp"

#include <cstdint>

#include <mote/platform/port.hpp>

#include "mote/cortex_m.hpp"
#include "mote/panic.hpp"

namespace mote::cortex_m {
namespace {

// Whole-word accesses: Armv6-M does not allow byte accesses to the priority registers.
volatile std::uint32_t& priority_word(unsigned irq) noexcept { return reg32(nvic::kIpr + 4 * (irq / 4)); }
unsigned priority_shift(unsigned irq) noexcept { return 8 * (irq % 4); }

// One level's step in the priority byte: the lowest bit that holds a 1 written to `irq`'s
// priority (0xE0 read back: 3 bits, step 0x20), but never a bit of the sub-priority field:
// priorities that differ only there do not preempt each other. With PRIGROUP = n (reset: 0) the
// low n + 1 bits are sub-priority, so the step is at least 2 << n. This matters where all 8 bits
// exist (QEMU 7.2's Armv7-M NVIC): 0xFE and 0xFF would be two "levels" that never preempt.
// Armv6-M has no sub-priority, but implements only 2 bits (step 0x40), so the floor changes
// nothing there. Leaves all ones in the priority: callers hold a critical section and write it next.
unsigned step_of(volatile std::uint32_t& word, unsigned shift) noexcept {
  word = word | (0xFFu << shift);
  const unsigned implemented = (word >> shift) & 0xFFu;
  const unsigned lowest_bit = implemented & (0u - implemented);
  const unsigned prigroup = (reg32(scb::kAircr) >> scb::kAircrPrigroupShift) & 0x7u;
  const unsigned group_step = 2u << prigroup;
  return lowest_bit > group_step ? lowest_bit : group_step;
}

}  // namespace

void write_priority_byte(std::uintptr_t byte_address, std::uint8_t priority) noexcept {
  const unsigned shift = 8 * (byte_address % 4);
  const platform::CsState cs = platform::cs_enter();
  volatile std::uint32_t& word = reg32(byte_address - byte_address % 4);
  word = (word & ~(0xFFu << shift)) | (std::uint32_t{priority} << shift);
  platform::cs_exit(cs);
}

unsigned priority_levels(unsigned irq) noexcept {
  const platform::CsState cs = platform::cs_enter();
  volatile std::uint32_t& word = priority_word(irq);
  const std::uint32_t saved = word;
  const unsigned step = step_of(word, priority_shift(irq));
  word = saved;
  platform::cs_exit(cs);
  return 256u / step;
}

void set_priority_level(unsigned irq, unsigned level) noexcept {
  const unsigned shift = priority_shift(irq);
  const platform::CsState cs = platform::cs_enter();
  volatile std::uint32_t& word = priority_word(irq);
  const unsigned step = step_of(word, shift);
  const unsigned value = level * step;
  if (value <= 0xFFu) word = (word & ~(0xFFu << shift)) | (value << shift);
  platform::cs_exit(cs);
  if (value > 0xFFu) MOTE_PANIC("irq {}: no priority level {} (0..{})", irq, level, 256u / step - 1);
}

unsigned priority_level(unsigned irq) noexcept {
  const unsigned levels = priority_levels(irq);
  return ((priority_word(irq) >> priority_shift(irq)) & 0xFFu) / (256u / levels);
}

void enable_at_level(unsigned irq, unsigned level) noexcept {
  set_priority_level(irq, level);
  nvic::clear_pending(irq);
  nvic::enable(irq);
}

}  // namespace mote::cortex_m
