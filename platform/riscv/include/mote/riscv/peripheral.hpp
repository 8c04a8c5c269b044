// mote/riscv/peripheral.hpp: peripheral tokens and a chip's Peripherals, as on Cortex-M
// (mote/cortex_m/peripheral.hpp explains the rules): a token is an empty, move-only object
// standing for one hardware block, handed out once by the chip's Peripherals::take(); copying
// one is a compile error, and drivers also claim their block at run time.
#pragma once

#include <optional>

namespace mote::riscv {

namespace detail {
/// Marks the chip's peripherals taken, inside a critical section; true if they were not taken
/// before. ISR-safe.
[[nodiscard]] bool take_once() noexcept;
/// take_once(), but panics with "<chip>::Peripherals::take() called twice: each peripheral has
/// one owner" if they were taken before. ISR-safe.
void take_once_or_panic(const char* chip) noexcept;
}  // namespace detail

/// Base of every peripheral token: movable, not copyable.
class PeripheralToken {
 protected:
  constexpr PeripheralToken() noexcept = default;
  PeripheralToken(PeripheralToken&&) noexcept = default;
  PeripheralToken& operator=(PeripheralToken&&) noexcept = default;
  PeripheralToken(const PeripheralToken&) = delete;             // a peripheral is a singleton: std::move it, never copy it
  PeripheralToken& operator=(const PeripheralToken&) = delete;  // a peripheral is a singleton: std::move it, never copy it
};

/// Base of a chip's Peripherals class `Chip`, which starts with MOTE_RISCV_PERIPHERALS("<chip>").
template <class Chip>
class PeripheralSet {
 public:
  /// The tokens; panics if they were taken before. Thread mode or ISR.
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

}  // namespace mote::riscv

/// Opens a token class `Token`: its private default constructor, for the chip's Peripherals.
#define MOTE_RISCV_PERIPHERAL_TOKEN(Token) \
 private:                                  \
  friend class Peripherals;                \
  constexpr Token() noexcept = default

/// Opens a chip's Peripherals class: its private constructor and `chip`, the name in take()'s panic.
#define MOTE_RISCV_PERIPHERALS(chip)                   \
 private:                                              \
  friend ::mote::riscv::PeripheralSet<Peripherals>;    \
  static constexpr const char kChip[] = chip;          \
  constexpr Peripherals() noexcept = default
