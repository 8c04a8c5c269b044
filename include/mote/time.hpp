// mote/time.hpp: Duration and Instant, 64-bit tick counts at MOTE_TICK_HZ.
//
// 64 bits of 1 MHz ticks last 584,000 years, so no wrap-around is ever handled by users.
// Conversions from human units round up (a timer never fires early); conversions to them
// round down. All functions are constexpr and ISR-safe.
#pragma once

#include <compare>
#include <cstdint>

#include "mote/config.hpp"

namespace mote {

inline constexpr std::uint64_t kTickHz = MOTE_TICK_HZ;

namespace detail {
constexpr std::uint64_t to_ticks_ceil(std::uint64_t value, std::uint64_t per_second) noexcept {
  if (kTickHz % per_second == 0) return value * (kTickHz / per_second);
  // Split to avoid overflowing value * kTickHz for large values.
  const std::uint64_t whole = value / per_second, part = value % per_second;
  return whole * kTickHz + (part * kTickHz + per_second - 1) / per_second;
}
constexpr std::uint64_t from_ticks_floor(std::uint64_t ticks, std::uint64_t per_second) noexcept {
  if (per_second % kTickHz == 0) return ticks * (per_second / kTickHz);
  const std::uint64_t whole = ticks / kTickHz, part = ticks % kTickHz;
  return whole * per_second + part * per_second / kTickHz;
}
}  // namespace detail

/// A span of time in ticks.
class Duration {
 public:
  constexpr Duration() noexcept = default;
  static constexpr Duration from_ticks(std::uint64_t t) noexcept { return Duration(t); }
  static constexpr Duration from_micros(std::uint64_t us) noexcept { return Duration(detail::to_ticks_ceil(us, 1000000)); }
  static constexpr Duration from_millis(std::uint64_t ms) noexcept { return Duration(detail::to_ticks_ceil(ms, 1000)); }
  static constexpr Duration from_secs(std::uint64_t s) noexcept { return Duration(s * kTickHz); }
  static constexpr Duration zero() noexcept { return Duration(0); }
  static constexpr Duration max() noexcept { return Duration(UINT64_MAX); }

  constexpr std::uint64_t ticks() const noexcept { return ticks_; }
  constexpr std::uint64_t as_micros() const noexcept { return detail::from_ticks_floor(ticks_, 1000000); }
  constexpr std::uint64_t as_millis() const noexcept { return detail::from_ticks_floor(ticks_, 1000); }
  constexpr std::uint64_t as_secs() const noexcept { return ticks_ / kTickHz; }

  constexpr Duration operator+(Duration o) const noexcept { return Duration(ticks_ + o.ticks_); }
  constexpr Duration operator-(Duration o) const noexcept { return Duration(ticks_ - o.ticks_); }
  constexpr Duration operator*(std::uint64_t k) const noexcept { return Duration(ticks_ * k); }
  constexpr Duration operator/(std::uint64_t k) const noexcept { return Duration(ticks_ / k); }
  constexpr Duration& operator+=(Duration o) noexcept { ticks_ += o.ticks_; return *this; }
  constexpr Duration& operator-=(Duration o) noexcept { ticks_ -= o.ticks_; return *this; }
  constexpr auto operator<=>(const Duration&) const noexcept = default;

 private:
  constexpr explicit Duration(std::uint64_t t) noexcept : ticks_(t) {}
  std::uint64_t ticks_ = 0;
};

constexpr Duration operator*(std::uint64_t k, Duration d) noexcept { return d * k; }

namespace detail {
/// The platform time driver's clock in ticks (src/timer_queue.cpp). ISR-safe.
std::uint64_t now_ticks() noexcept;
}  // namespace detail

/// A point in time: ticks since the time driver started.
class Instant {
 public:
  constexpr Instant() noexcept = default;
  /// The current time from the platform's time driver. ISR-safe. Inline around a call that
  /// returns the ticks in registers: an out-of-line Instant would come back through memory
  /// (AAPCS returns 8-byte classes that way), and a task awaiting a Timer kept that slot in its
  /// frame (clang: 8 bytes per task).
  static Instant now() noexcept { return Instant(detail::now_ticks()); }
  static constexpr Instant from_ticks(std::uint64_t t) noexcept { return Instant(t); }
  static constexpr Instant max() noexcept { return Instant(UINT64_MAX); }

  constexpr std::uint64_t ticks() const noexcept { return ticks_; }
  /// Time since this instant (zero if it lies in the future). ISR-safe.
  Duration elapsed() const noexcept { return now() - *this; }

  /// Saturates at Instant::max() instead of wrapping.
  constexpr Instant operator+(Duration d) const noexcept {
    return Instant(d.ticks() > UINT64_MAX - ticks_ ? UINT64_MAX : ticks_ + d.ticks());
  }
  constexpr Instant operator-(Duration d) const noexcept { return Instant(ticks_ - d.ticks()); }
  /// Saturates at zero when `o` is later.
  constexpr Duration operator-(Instant o) const noexcept {
    return Duration::from_ticks(ticks_ > o.ticks_ ? ticks_ - o.ticks_ : 0);
  }
  constexpr Instant& operator+=(Duration d) noexcept { return *this = *this + d; }
  constexpr auto operator<=>(const Instant&) const noexcept = default;

 private:
  constexpr explicit Instant(std::uint64_t t) noexcept : ticks_(t) {}
  std::uint64_t ticks_ = 0;
};

namespace literals {
constexpr Duration operator""_us(unsigned long long v) noexcept { return Duration::from_micros(v); }
constexpr Duration operator""_ms(unsigned long long v) noexcept { return Duration::from_millis(v); }
constexpr Duration operator""_s(unsigned long long v) noexcept { return Duration::from_secs(v); }
}  // namespace literals

}  // namespace mote
