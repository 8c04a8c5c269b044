// The STM32F4 part of tests/target/interrupt_bindings.cpp, included by it at namespace scope after
// Probe and SecondHandler: every interrupt that is free (all but tim5, the time driver's alarm);
// 81 groups, the most the macro takes. wwdg's group has two handlers. This checks the chip's
// interrupt names and numbers (mote/stm32f4/interrupts.hpp) against the real vector table.
#pragma once

#include <mote/stm32f4/interrupts.hpp>

namespace irq = mote::stm32f4::interrupt;
namespace mote_test {
using ReservedIrq = irq::tim5;  // the time driver's: neither bound nor pended
using SecondIrq = irq::wwdg;  // bound with two handlers (kSecondName)
inline constexpr unsigned kFreeInterrupts = 81;
inline constexpr const char* kSecondName = "wwdg";
}  // namespace mote_test
#define MOTE_TEST_CHIP_INTERRUPTS MOTE_STM32F4_INTERRUPTS

MOTE_BIND_INTERRUPTS(Irqs,
    (wwdg, Probe<irq::wwdg>, SecondHandler<irq::wwdg>), (pvd, Probe<irq::pvd>), (tamp_stamp, Probe<irq::tamp_stamp>),
    (rtc_wkup, Probe<irq::rtc_wkup>), (flash, Probe<irq::flash>), (rcc, Probe<irq::rcc>),
    (exti0, Probe<irq::exti0>), (exti1, Probe<irq::exti1>), (exti2, Probe<irq::exti2>),
    (exti3, Probe<irq::exti3>), (exti4, Probe<irq::exti4>), (dma1_stream0, Probe<irq::dma1_stream0>),
    (dma1_stream1, Probe<irq::dma1_stream1>), (dma1_stream2, Probe<irq::dma1_stream2>),
    (dma1_stream3, Probe<irq::dma1_stream3>), (dma1_stream4, Probe<irq::dma1_stream4>),
    (dma1_stream5, Probe<irq::dma1_stream5>), (dma1_stream6, Probe<irq::dma1_stream6>),
    (adc, Probe<irq::adc>), (can1_tx, Probe<irq::can1_tx>), (can1_rx0, Probe<irq::can1_rx0>),
    (can1_rx1, Probe<irq::can1_rx1>), (can1_sce, Probe<irq::can1_sce>), (exti9_5, Probe<irq::exti9_5>),
    (tim1_brk_tim9, Probe<irq::tim1_brk_tim9>), (tim1_up_tim10, Probe<irq::tim1_up_tim10>),
    (tim1_trg_com_tim11, Probe<irq::tim1_trg_com_tim11>), (tim1_cc, Probe<irq::tim1_cc>),
    (tim2, Probe<irq::tim2>), (tim3, Probe<irq::tim3>), (tim4, Probe<irq::tim4>),
    (i2c1_ev, Probe<irq::i2c1_ev>), (i2c1_er, Probe<irq::i2c1_er>), (i2c2_ev, Probe<irq::i2c2_ev>),
    (i2c2_er, Probe<irq::i2c2_er>), (spi1, Probe<irq::spi1>), (spi2, Probe<irq::spi2>),
    (usart1, Probe<irq::usart1>), (usart2, Probe<irq::usart2>), (usart3, Probe<irq::usart3>),
    (exti15_10, Probe<irq::exti15_10>), (rtc_alarm, Probe<irq::rtc_alarm>),
    (otg_fs_wkup, Probe<irq::otg_fs_wkup>), (tim8_brk_tim12, Probe<irq::tim8_brk_tim12>),
    (tim8_up_tim13, Probe<irq::tim8_up_tim13>), (tim8_trg_com_tim14, Probe<irq::tim8_trg_com_tim14>),
    (tim8_cc, Probe<irq::tim8_cc>), (dma1_stream7, Probe<irq::dma1_stream7>), (fsmc, Probe<irq::fsmc>),
    (sdio, Probe<irq::sdio>), (spi3, Probe<irq::spi3>), (uart4, Probe<irq::uart4>),
    (uart5, Probe<irq::uart5>), (tim6_dac, Probe<irq::tim6_dac>), (tim7, Probe<irq::tim7>),
    (dma2_stream0, Probe<irq::dma2_stream0>), (dma2_stream1, Probe<irq::dma2_stream1>),
    (dma2_stream2, Probe<irq::dma2_stream2>), (dma2_stream3, Probe<irq::dma2_stream3>),
    (dma2_stream4, Probe<irq::dma2_stream4>), (eth, Probe<irq::eth>), (eth_wkup, Probe<irq::eth_wkup>),
    (can2_tx, Probe<irq::can2_tx>), (can2_rx0, Probe<irq::can2_rx0>), (can2_rx1, Probe<irq::can2_rx1>),
    (can2_sce, Probe<irq::can2_sce>), (otg_fs, Probe<irq::otg_fs>),
    (dma2_stream5, Probe<irq::dma2_stream5>), (dma2_stream6, Probe<irq::dma2_stream6>),
    (dma2_stream7, Probe<irq::dma2_stream7>), (usart6, Probe<irq::usart6>), (i2c3_ev, Probe<irq::i2c3_ev>),
    (i2c3_er, Probe<irq::i2c3_er>), (otg_hs_ep1_out, Probe<irq::otg_hs_ep1_out>),
    (otg_hs_ep1_in, Probe<irq::otg_hs_ep1_in>), (otg_hs_wkup, Probe<irq::otg_hs_wkup>),
    (otg_hs, Probe<irq::otg_hs>), (dcmi, Probe<irq::dcmi>), (cryp, Probe<irq::cryp>),
    (hash_rng, Probe<irq::hash_rng>), (fpu, Probe<irq::fpu>));

static_assert(mote::hal::Binds<Irqs, irq::usart1, Probe<irq::usart1>>);
static_assert(mote::hal::Binds<Irqs, irq::fpu, Probe<irq::fpu>>);
static_assert(mote::hal::Binds<Irqs, irq::wwdg, SecondHandler<irq::wwdg>>);
static_assert(!mote::hal::Binds<Irqs, irq::tim5, Probe<irq::tim5>>);
static_assert(!mote::hal::Binds<Irqs, irq::usart1, Probe<irq::usart2>>);
