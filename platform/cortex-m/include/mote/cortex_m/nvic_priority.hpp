// mote/cortex_m/nvic_priority.hpp: interrupt priorities as levels, whatever the chip implements.
//
// An NVIC priority is a byte of which a chip implements only the top 2 to 8 bits (Armv6-M: 2;
// LM3S6965: 3; STM32F4: 4; QEMU 7.2 models all 8 on Armv7-M). A level counts in implemented
// steps instead: level 0 is the most urgent, level 1 the next, and so on up to levels - 1. The
// number of levels is found on the NVIC itself (unimplemented bits read as zero), so the same
// code means the same thing on every chip. Every access here is a whole word, which Armv6-M
// requires of the priority registers.
//
// Convention (docs/interrupt-executor.md): level 0 is the time base's clock interrupt (e.g.
// SysTick's wrap), level 1 its alarm, interrupt executors 1 and up. A chip should set its time
// interrupts with set_priority_level rather than as 1 << (8 - bits): where the NVIC implements
// more bits than the data sheet says (QEMU 7.2: all 8 on Armv7-M) the raw value would be level
// 32, less urgent than most interrupt executors.
#pragma once

namespace mote::cortex_m {

/// How many priority levels the NVIC implements (4 to 256), found by writing all ones to the
/// priority of `irq` and reading back which bits hold them. The priority of `irq` is restored.
/// ISR-safe (a critical section around the read-modify-write).
unsigned priority_levels(unsigned irq) noexcept;

/// Gives `irq` priority `level` (0 is the most urgent; see priority_levels). Panics if the chip
/// has no such level. ISR-safe (a critical section around the read-modify-write).
void set_priority_level(unsigned irq, unsigned level) noexcept;

/// A driver's last step of set-up: gives `irq` priority `level`, forgets a pending request from
/// before (the driver has set the peripheral's state since) and enables the line. Panics as
/// set_priority_level does. ISR-safe.
void enable_at_level(unsigned irq, unsigned level) noexcept;
/// The priority level `irq` has now (see priority_levels). ISR-safe.
unsigned priority_level(unsigned irq) noexcept;

}  // namespace mote::cortex_m
