// mote/hal/peripheral.hpp: what every chip's peripheral tokens and Peripherals share.
//
// A chip's peripherals header (e.g. mote/lm3s6965/peripherals.hpp) says which tokens exist and
// what each one knows (base address, interrupt, power_on); the rules are here:
//
//   class Uart0 : public mote::hal::PeripheralToken {     // move-only, never copied
//     MOTE_PERIPHERAL_TOKEN(Uart0);                   // only Peripherals makes one
//    public:
//     static constexpr std::uintptr_t kBase = 0x4000C000;
//   };
//
//   class Peripherals : public mote::hal::PeripheralSet<Peripherals> {   // take() once
//     MOTE_PERIPHERALS("lm3s6965");                   // the name take()'s panic gives
//    public:
//     Uart0 uart0;
//   };
//
// A token is an empty object that stands for a hardware block: a driver takes it by rvalue, so
// the block has one owner. Copying a token (or Peripherals) is a compile error whose note points
// at the deleted copy constructor below. C++ cannot stop a moved-from token from being moved
// again, so drivers also claim their block at run time and panic if it is taken twice.
//
// The two macros are the part a base class cannot give: a private default constructor that only
// the chip's Peripherals (for a token) or PeripheralSet (for Peripherals) may call.
#pragma once

#include <optional>
#include <utility>

namespace mote::hal {

namespace detail {
/// Marks the chip's peripherals taken (one flag: a program has one chip), inside a critical
/// section; true if they were not taken before. ISR-safe (the Cortex-M0 has no compare-and-swap,
/// so a plain bool and a critical section on every core).
[[nodiscard]] bool take_once() noexcept;
/// take_once(), but panics with "<chip>::Peripherals::take() called twice: each peripheral has
/// one owner" if the peripherals were taken before.
void take_once_or_panic(const char* chip) noexcept;
}  // namespace detail

/// The ownership part of a move-only driver: a flag that a move hands over, and `Release::release()`
/// run once, by the destructor of whichever object owns the peripheral last. A driver keeps one
/// as a member and needs no move constructor or destructor of its own:
///
///   struct Release { static void release() noexcept { my_chip::stop(...); } };
///   hal::Ownership<Release> owner_;
///
/// Release::release is thread mode (drivers are destroyed in tasks or thread code).
template <class Release>
class Ownership {
 public:
  Ownership() noexcept = default;
  Ownership(Ownership&& o) noexcept : owner_(std::exchange(o.owner_, false)) {}
  Ownership(const Ownership&) = delete;
  Ownership& operator=(Ownership&&) = delete;
  ~Ownership() {
    if (owner_) Release::release();
  }

 private:
  bool owner_ = true;
};

/// An interrupt handler for MOTE_BIND_INTERRUPTS: interrupt `Irq`, whose on_interrupt() calls
/// `Work` (interrupt context only). For drivers whose handler is one function.
template <class Irq, void (*Work)() noexcept>
struct IrqHandler {
  using interrupt = Irq;
  static void on_interrupt() noexcept { Work(); }
};

/// Base of every peripheral token: movable, not copyable. The derived token starts with
/// MOTE_PERIPHERAL_TOKEN, so that only the chip's Peripherals constructs it.
class PeripheralToken {
 protected:
  constexpr PeripheralToken() noexcept = default;
  PeripheralToken(PeripheralToken&&) noexcept = default;
  PeripheralToken& operator=(PeripheralToken&&) noexcept = default;
  PeripheralToken(const PeripheralToken&) = delete;             // a peripheral is a singleton: std::move it, never copy it
  PeripheralToken& operator=(const PeripheralToken&) = delete;  // a peripheral is a singleton: std::move it, never copy it
};

/// Base of a chip's Peripherals class `Chip` (every token of the chip, handed out once per
/// program). `Chip` starts with MOTE_PERIPHERALS("<chip>"), which gives the private
/// constructor this class calls and the chip's name for take()'s panic message.
template <class Chip>
class PeripheralSet {
 public:
  /// The tokens; panics if they were taken before. Thread mode or ISR (a critical section).
  [[nodiscard]] static Chip take() noexcept {
    detail::take_once_or_panic(Chip::kChip);
    return Chip{};
  }
  /// The tokens, or nothing if they were taken before. ISR-safe.
  [[nodiscard]] static std::optional<Chip> try_take() noexcept {
    if (!detail::take_once()) return std::nullopt;
    return Chip{};
  }

  PeripheralSet(PeripheralSet&&) noexcept = default;
  PeripheralSet(const PeripheralSet&) = delete;  // a peripheral is a singleton: std::move it, never copy it

 protected:
  constexpr PeripheralSet() noexcept = default;
};

}  // namespace mote::hal

/// Opens a token class `Token` (derived from mote::hal::PeripheralToken): its private
/// default constructor, for the chip's Peripherals only (declared in the same namespace).
#define MOTE_PERIPHERAL_TOKEN(Token) \
 private:                                     \
  friend class Peripherals;                   \
  constexpr Token() noexcept = default

/// Opens a chip's Peripherals class (derived from mote::hal::PeripheralSet<Peripherals>):
/// its private default constructor, for PeripheralSet::try_take() only, and `chip`, the name
/// take()'s panic gives ("<chip>::Peripherals::take() called twice: ...").
#define MOTE_PERIPHERALS(chip)                    \
 private:                                                  \
  friend ::mote::hal::PeripheralSet<Peripherals>;          \
  static constexpr const char kChip[] = chip;              \
  constexpr Peripherals() noexcept = default
