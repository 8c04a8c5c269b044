// mote/hal/spi_device.hpp: SPI devices with chip select over any hal::SpiBus (embedded-hal-bus's
// ExclusiveDevice, embassy-embedded-hal's shared SpiDevice).
//
//   ExclusiveSpiDevice  one device owns the bus (no lock).
//   SharedSpiBus        a bus several devices use; one transaction at a time, serialised by a
//                       mote::Mutex (FIFO: transactions run in the order they asked).
//   SharedSpiDevice     one device on a SharedSpiBus.
//
//   mote::hal::SharedSpiBus shared(spi);                  // spi: e.g. lm3s6965::Spi<Ssi0>
//   mote::hal::SharedSpiDevice card(shared, sd_cs);       // sd_cs: any hal::OutputPin, low = selected
//   mote::hal::SharedSpiDevice oled(shared, oled_cs);
//   co_await card.transaction(ops);                       // oled's transactions wait meanwhile
//
// A transaction: (lock the bus,) the device's clock (if given and the bus has
// set_frequency(hz): each device on a shared bus may need its own), chip select low, each
// operation in order, flush, chip select high (, unlock). It is a mote::Async (a nested coroutine: its frame comes from the calling
// task's budget, about 100 bytes). Destroying it at any point cancels the bus operation in
// flight (the bus driver leaves the bus idle), deasserts chip select and unlocks the bus: the
// next transaction starts clean. A chip select that fails (a pin behind an I/O expander) gives
// SpiError::ChipSelectFault.
#pragma once

#include <cstdint>
#include <span>
#include <type_traits>

#include "mote/async.hpp"
#include "mote/hal/delay.hpp"
#include "mote/hal/digital.hpp"
#include "mote/hal/spi.hpp"
#include "mote/sync/mutex.hpp"

namespace mote::hal {

namespace detail {

/// Drives chip select high (`high`) or low, as a SpiResult. Task context.
template <OutputPin Cs>
SpiResult set_chip_select(Cs& cs, bool high) noexcept {
  if constexpr (std::is_void_v<decltype(cs.set_high())>) {
    high ? cs.set_high() : cs.set_low();
    return {};
  } else {
    auto r = high ? cs.set_high() : cs.set_low();
    if (!r) return Err{SpiError::ChipSelectFault};
    return {};
  }
}

/// Sets the bus's clock to `frequency_hz` if that is not 0 and the bus can (a
/// set_frequency(std::uint32_t) member). No operation may be in flight. Task context.
template <class Bus>
void set_bus_frequency(Bus& bus, std::uint32_t frequency_hz) noexcept {
  if constexpr (requires { bus.set_frequency(frequency_hz); }) {
    if (frequency_hz != 0) bus.set_frequency(frequency_hz);
  }
}

/// Runs `operations` on `bus` (held by the caller) with `cs` low, the bus at `frequency_hz` (0:
/// as it is); deasserts chip select at the end or when destroyed. Task context.
template <SpiBus Bus, OutputPin Cs>
Async<SpiResult> run_transaction(Bus& bus, Cs& cs, std::span<SpiOperation> operations, std::uint32_t frequency_hz) {
  set_bus_frequency(bus, frequency_hz);
  if (auto r = set_chip_select(cs, false); !r) co_return r;
  struct Deselect {  // on cancellation (the coroutine destroyed while suspended)
    Cs* cs;
    ~Deselect() {
      if (cs != nullptr) static_cast<void>(set_chip_select(*cs, true));
    }
  } deselect{&cs};
  SpiResult result;
  for (const SpiOperation& op : operations) {
    switch (op.kind) {
      case SpiOperation::Kind::Read: result = co_await bus.read(std::span(op.in, op.size)); break;
      case SpiOperation::Kind::Write: result = co_await bus.write(std::span(op.out, op.size)); break;
      case SpiOperation::Kind::Transfer:
        result = co_await bus.transfer(std::span(op.in, op.extra), std::span(op.out, op.out_size));
        break;
      case SpiOperation::Kind::TransferInPlace: result = co_await bus.transfer_in_place(std::span(op.in, op.size)); break;
      case SpiOperation::Kind::DelayNs: co_await TimerDelay{}.delay_ns(static_cast<std::uint32_t>(op.extra)); break;
    }
    if (!result) break;
  }
  if (result) result = co_await bus.flush();
  deselect.cs = nullptr;
  const SpiResult released = set_chip_select(cs, true);
  co_return result ? released : result;
}

}  // namespace detail

/// The only device on `Bus`: transaction() needs no lock. Borrows the bus and the pin.
template <SpiBus Bus, OutputPin Cs>
class ExclusiveSpiDevice {
 public:
  /// Deasserts chip select. `frequency_hz`: the clock for this device's transactions (0: the
  /// bus's). Task or thread context.
  ExclusiveSpiDevice(Bus& bus, Cs& cs, std::uint32_t frequency_hz = 0) noexcept
      : bus_(&bus), cs_(&cs), frequency_hz_(frequency_hz) {
    static_cast<void>(detail::set_chip_select(cs, true));
  }
  /// Chip select low, `operations` in order, flush, chip select high. The operations array and
  /// the buffers must outlive the returned Async. Task context.
  Async<SpiResult> transaction(std::span<SpiOperation> operations) noexcept {
    return detail::run_transaction(*bus_, *cs_, operations, frequency_hz_);
  }

 private:
  Bus* bus_;
  Cs* cs_;
  std::uint32_t frequency_hz_;
};

/// A bus that several SharedSpiDevices use, one transaction at a time (FIFO). Borrows the bus.
template <SpiBus Bus>
class SharedSpiBus {
 public:
  /// Borrows `bus` for the devices made on it. Task or thread context.
  explicit SharedSpiBus(Bus& bus) noexcept : mutex_(&bus) {}
  /// The lock every device takes around its transaction (a mote::Mutex holding the bus). Task
  /// context.
  Mutex<Bus*>& mutex() noexcept { return mutex_; }

 private:
  Mutex<Bus*> mutex_;
};

/// One device on a SharedSpiBus, selected by `Cs` (low = selected). Borrows the shared bus and
/// the pin.
template <SpiBus Bus, OutputPin Cs>
class SharedSpiDevice {
 public:
  /// Deasserts chip select. `frequency_hz`: the clock for this device's transactions, set after
  /// taking the bus (0: whatever the bus runs at). Task or thread context.
  SharedSpiDevice(SharedSpiBus<Bus>& bus, Cs& cs, std::uint32_t frequency_hz = 0) noexcept
      : bus_(&bus), cs_(&cs), frequency_hz_(frequency_hz) {
    static_cast<void>(detail::set_chip_select(cs, true));
  }
  /// Waits for the bus (FIFO), then as ExclusiveSpiDevice::transaction; unlocks the bus when it
  /// completes or is destroyed. Task context.
  Async<SpiResult> transaction(std::span<SpiOperation> operations) noexcept {
    return run(bus_, cs_, operations, frequency_hz_);
  }

 private:
  static Async<SpiResult> run(SharedSpiBus<Bus>* shared, Cs* cs, std::span<SpiOperation> operations,
                              std::uint32_t frequency_hz) {
    auto bus = co_await shared->mutex().lock();
    co_return co_await detail::run_transaction(**bus, *cs, operations, frequency_hz);
  }

  SharedSpiBus<Bus>* bus_;
  Cs* cs_;
  std::uint32_t frequency_hz_;
};

}  // namespace mote::hal
