// mote/riscv/interrupts.hpp: binding PLIC interrupt handlers at compile time, the same contract
// as on Cortex-M (mote/cortex_m/interrupts.hpp, where the design is explained):
//
//   MOTE_BIND_INTERRUPTS(Irqs, (uart0, mote::riscv_virt::uart::InterruptHandler<mote::riscv_virt::Uart0>));
//   mote::riscv_virt::BufferedUart<mote::riscv_virt::Uart0> serial(std::move(p.uart0), Irqs{});
//
// The macro defines the interrupt's real handler (the name in the chip's PLIC handler table,
// overriding its weak default) and a type recording what is bound where; a driver takes that
// type and static_asserts that its handler is bound (mote::riscv::Binds). Binding one interrupt
// twice is a link error. The chip supplies MOTE_CHIP_INTERRUPT_TYPE(irq) and
// MOTE_CHIP_INTERRUPT_SYMBOL(irq), and makes its tag types with MOTE_RISCV_CHIP_INTERRUPTS from
// its X-macro list of (name, PLIC source). Differences from Cortex-M: the handlers run from the
// port's PLIC claim loop (platform/riscv/src/startup.cpp), not from a hardware vector table,
// and software cannot pend a PLIC source (tests use the port's soft interrupts instead).
//
// (The template part is the same as Cortex-M's; it is architecture-neutral and could move to
// include/mote/hal/ for both ports.)
#pragma once

#include <type_traits>

namespace mote::riscv {

/// A handler class: serves interrupt `H::interrupt` in `H::on_interrupt()` (interrupt context).
template <class H>
concept InterruptHandlerClass = requires {
  typename H::interrupt;
  { H::on_interrupt() } noexcept;
};

/// One interrupt and the handler classes bound to it.
template <class Irq, class... Handlers>
struct InterruptBinding {
  static_assert(sizeof...(Handlers) > 0, "mote: MOTE_BIND_INTERRUPTS: an interrupt needs at least one handler");
  static_assert((InterruptHandlerClass<Handlers> && ...),
                "mote: MOTE_BIND_INTERRUPTS: a handler must have `using interrupt = ...` and "
                "`static void on_interrupt() noexcept`");
  static_assert((std::is_same_v<typename Handlers::interrupt, Irq> && ...),
                "mote: MOTE_BIND_INTERRUPTS: a handler is bound to another interrupt than the one it "
                "serves (its `interrupt` type); the note below names both");

  using interrupt = Irq;
  template <class H>
  static constexpr bool has_handler = (std::is_same_v<H, Handlers> || ...);

  /// Runs every handler. Called only from the interrupt's real handler (the macro's).
  static void run() noexcept { (Handlers::on_interrupt(), ...); }
};

/// The set of bindings MOTE_BIND_INTERRUPTS defines.
template <class... Bindings>
struct InterruptBindings {
  template <class Irq, class Handler>
  static constexpr bool binds = ((std::is_same_v<typename Bindings::interrupt, Irq> &&
                                  Bindings::template has_handler<Handler>) ||
                                 ...);
};

/// Whether `Irqs` (a type defined by MOTE_BIND_INTERRUPTS) binds `Handler` to interrupt `Irq`.
template <class Irqs, class Irq, class Handler>
concept Binds = requires { requires Irqs::template binds<Irq, Handler>; };

}  // namespace mote::riscv

/// Defines type `name` and the real handlers of the interrupts listed, each as
/// `(irq, HandlerClass...)`. At namespace scope, once per interrupt in the whole program.
#define MOTE_BIND_INTERRUPTS(name, ...)                                                                       \
  struct name : ::mote::riscv::InterruptBindings<MOTE_DETAIL_IRQ_FOR_EACH(MOTE_DETAIL_IRQ_BINDING, __VA_ARGS__)> { \
  };                                                                                                          \
  MOTE_DETAIL_IRQ_FOR_EACH_NO_COMMA(MOTE_DETAIL_IRQ_HANDLER, __VA_ARGS__)                                     \
  static_assert(true, "a semicolon follows MOTE_BIND_INTERRUPTS(...)")

/// For a chip's interrupts header: declares every handler symbol MOTE_CHIP_INTERRUPT_SYMBOL(name)
/// of the X-macro list `list` (X(name, source)) and defines the tag types
/// `chip_ns::interrupt::name` with `number` (the PLIC source) and `name`.
#define MOTE_RISCV_CHIP_INTERRUPTS(chip_ns, list) \
  list(MOTE_DETAIL_IRQ_DECLARE_VECTOR)            \
  namespace chip_ns::interrupt {                  \
  list(MOTE_DETAIL_IRQ_TAG)                       \
  }                                               \
  static_assert(true, "a semicolon follows MOTE_RISCV_CHIP_INTERRUPTS(...)")
#define MOTE_DETAIL_IRQ_DECLARE_VECTOR(name, number) extern "C" void MOTE_CHIP_INTERRUPT_SYMBOL(name)() noexcept;
#define MOTE_DETAIL_IRQ_TAG(name_, number_)      \
  struct name_ {                                 \
    static constexpr unsigned number = number_;  \
    static constexpr const char name[] = #name_; \
  };

#define MOTE_DETAIL_IRQ_BINDING(group) MOTE_DETAIL_IRQ_BINDING_I group
#define MOTE_DETAIL_IRQ_BINDING_I(irq, ...) ::mote::riscv::InterruptBinding<MOTE_CHIP_INTERRUPT_TYPE(irq), __VA_ARGS__>
#define MOTE_DETAIL_IRQ_HANDLER(group) MOTE_DETAIL_IRQ_HANDLER_I group
#define MOTE_DETAIL_IRQ_HANDLER_I(irq, ...)                                               \
  extern "C" void MOTE_CHIP_INTERRUPT_SYMBOL(irq)() noexcept {                             \
    ::mote::riscv::InterruptBinding<MOTE_CHIP_INTERRUPT_TYPE(irq), __VA_ARGS__>::run(); \
  }

// FOR_EACH with __VA_OPT__ (C++20): up to 81 (irq, handlers...) groups.
#define MOTE_DETAIL_IRQ_PARENS ()
#define MOTE_DETAIL_IRQ_EXPAND(...) MOTE_DETAIL_IRQ_EXPAND4(MOTE_DETAIL_IRQ_EXPAND4(MOTE_DETAIL_IRQ_EXPAND4(__VA_ARGS__)))
#define MOTE_DETAIL_IRQ_EXPAND4(...) MOTE_DETAIL_IRQ_EXPAND3(MOTE_DETAIL_IRQ_EXPAND3(MOTE_DETAIL_IRQ_EXPAND3(__VA_ARGS__)))
#define MOTE_DETAIL_IRQ_EXPAND3(...) MOTE_DETAIL_IRQ_EXPAND2(MOTE_DETAIL_IRQ_EXPAND2(MOTE_DETAIL_IRQ_EXPAND2(__VA_ARGS__)))
#define MOTE_DETAIL_IRQ_EXPAND2(...) MOTE_DETAIL_IRQ_EXPAND1(MOTE_DETAIL_IRQ_EXPAND1(MOTE_DETAIL_IRQ_EXPAND1(__VA_ARGS__)))
#define MOTE_DETAIL_IRQ_EXPAND1(...) __VA_ARGS__
#define MOTE_DETAIL_IRQ_FOR_EACH(macro, ...) \
  __VA_OPT__(MOTE_DETAIL_IRQ_EXPAND(MOTE_DETAIL_IRQ_FOR_EACH_STEP(macro, __VA_ARGS__)))
#define MOTE_DETAIL_IRQ_FOR_EACH_STEP(macro, first, ...) \
  macro(first) __VA_OPT__(, MOTE_DETAIL_IRQ_FOR_EACH_AGAIN MOTE_DETAIL_IRQ_PARENS(macro, __VA_ARGS__))
#define MOTE_DETAIL_IRQ_FOR_EACH_AGAIN() MOTE_DETAIL_IRQ_FOR_EACH_STEP
#define MOTE_DETAIL_IRQ_FOR_EACH_NO_COMMA(macro, ...) \
  __VA_OPT__(MOTE_DETAIL_IRQ_EXPAND(MOTE_DETAIL_IRQ_FOR_EACH_NO_COMMA_STEP(macro, __VA_ARGS__)))
#define MOTE_DETAIL_IRQ_FOR_EACH_NO_COMMA_STEP(macro, first, ...) \
  macro(first) __VA_OPT__(MOTE_DETAIL_IRQ_FOR_EACH_NO_COMMA_AGAIN MOTE_DETAIL_IRQ_PARENS(macro, __VA_ARGS__))
#define MOTE_DETAIL_IRQ_FOR_EACH_NO_COMMA_AGAIN() MOTE_DETAIL_IRQ_FOR_EACH_NO_COMMA_STEP
