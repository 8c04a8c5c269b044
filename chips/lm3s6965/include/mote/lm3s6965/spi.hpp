// mote/lm3s6965/spi.hpp: the LM3S6965's SSI0 as an interrupt-driven hal::SpiBus (SPI master,
// 8-bit frames). SSI0 is an Arm PL022: the driver is mote::pl022::Spi (mote/pl022/spi.hpp, where
// transfers, the interrupt and cancellation are described), named here for this chip.
//
//   MOTE_BIND_INTERRUPTS(Irqs, (ssi0, mote::lm3s6965::spi::InterruptHandler<mote::lm3s6965::Ssi0>));
//
//   mote::lm3s6965::Spi<mote::lm3s6965::Ssi0> spi(std::move(p.ssi0), Irqs{},
//                                                mote::lm3s6965::spi::Config{.frequency_hz = 400'000});
//   std::byte id[3];
//   auto r = co_await spi.read(id);                 // Result<void, hal::SpiError>
//   // several devices with chip selects: mote/hal/spi_device.hpp (SharedSpiBus, SharedSpiDevice)
//
// SCK: 1 kHz to 25 MHz (half the 50 MHz system clock).
#pragma once

#include "mote/hal/interrupts.hpp"
#include "mote/lm3s6965/interrupts.hpp"
#include "mote/lm3s6965/peripherals.hpp"
#include "mote/pl022/spi.hpp"

namespace mote::lm3s6965 {

namespace spi = pl022::spi;  // spi::Config, spi::Mode, spi::InterruptHandler<P>, spi::TransferFuture
using pl022::Spi;            // Spi<P>: SSI `P` (Ssi0) as a hal::SpiBus

}  // namespace mote::lm3s6965

namespace mote::pl022::spi::detail {
template <class Irqs>
struct RequireBinding<lm3s6965::Ssi0, Irqs> {
  static_assert(::mote::hal::Binds<Irqs, lm3s6965::interrupt::ssi0, InterruptHandler<lm3s6965::Ssi0>>,
                "mote: lm3s6965::Spi<Ssi0> needs interrupt ssi0 bound to its handler. Add, once, at namespace "
                "scope: MOTE_BIND_INTERRUPTS(Irqs, (ssi0, mote::lm3s6965::spi::InterruptHandler<"
                "mote::lm3s6965::Ssi0>)); and pass Irqs{} to the constructor");
  static constexpr bool ok = true;
};
}  // namespace mote::pl022::spi::detail

static_assert(mote::hal::SpiBus<mote::lm3s6965::Spi<mote::lm3s6965::Ssi0>>);
