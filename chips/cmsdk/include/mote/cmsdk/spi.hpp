// mote/cmsdk/spi.hpp: the MPS2 images' five SPI ports as interrupt-driven hal::SpiBus drivers
// (SPI master, 8-bit frames). Each port is an Arm PL022: the driver is mote::pl022::Spi
// (mote/pl022/spi.hpp, where transfers, the interrupt and cancellation are described), named
// here for this chip.
//
//   namespace cm = mote::cmsdk;
//   // Ports 0 and 1 share interrupt `spi`, 2 and 3 `shield_spi`: bind a handler for each port
//   // in use to its line, e.g. both (spi, cm::spi::InterruptHandler<cm::Ssp0>, cm::spi::InterruptHandler<cm::Ssp1>).
//   MOTE_BIND_INTERRUPTS(Irqs, (spi, cm::spi::InterruptHandler<cm::Ssp0>));
//
//   cm::Spi<cm::Ssp0> spi(std::move(p.ssp0), Irqs{}, cm::spi::Config{.frequency_hz = 1'000'000});
//   std::byte id[3];
//   auto r = co_await spi.read(id);                 // Result<void, hal::SpiError>
//
// SCK: 1 kHz to 12.5 MHz (half of PCLK, 25 MHz). The ports have no chip-select output the driver
// drives (devices bring their own: mote/hal/spi_device.hpp). QEMU 7.2 attaches no device to
// these ports (its SPI flash models would stay selected with no chip-select wiring), so the
// tests run the port in loopback (Config::loopback).
#pragma once

#include "mote/cmsdk/interrupts.hpp"
#include "mote/cmsdk/peripherals.hpp"
#include "mote/hal/interrupts.hpp"
#include "mote/pl022/spi.hpp"

namespace mote::cmsdk {

namespace spi = pl022::spi;  // spi::Config, spi::Mode, spi::InterruptHandler<P>, spi::TransferFuture
using pl022::Spi;            // Spi<P>: SPI port `P` (Ssp0..Ssp4) as a hal::SpiBus

}  // namespace mote::cmsdk

namespace mote::pl022::spi::detail {
template <unsigned N, class Irqs>
struct RequireBinding<cmsdk::Ssp<N>, Irqs> {
  static_assert(::mote::hal::Binds<Irqs, typename cmsdk::Ssp<N>::Interrupt, InterruptHandler<cmsdk::Ssp<N>>>,
                "mote: cmsdk::Spi<SspN> needs its port's interrupt bound to its handler. Add, once, at namespace "
                "scope: MOTE_BIND_INTERRUPTS(Irqs, (<line>, mote::cmsdk::spi::InterruptHandler<mote::cmsdk::SspN>)); "
                "with <line> spi (ports 0, 1), shield_spi (2, 3) or adc_spi (4), and pass Irqs{} to the constructor");
  static constexpr bool ok = true;
};
}  // namespace mote::pl022::spi::detail

static_assert(mote::hal::SpiBus<mote::cmsdk::Spi<mote::cmsdk::Ssp0>>);
