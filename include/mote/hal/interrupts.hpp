// mote/hal/interrupts.hpp: binding interrupt handlers at compile time (every platform with
// interrupts: Cortex-M, where the chip's vector table names the handlers, and RISC-V, where the
// chip's PLIC handler table does).
//
//   MOTE_BIND_INTERRUPTS(Irqs, (uart0, mote::lm3s6965::uart::InterruptHandler<mote::lm3s6965::Uart0>));
//   ...
//   mote::lm3s6965::BufferedUart<mote::lm3s6965::Uart0> serial(std::move(p.uart0), Irqs{});
//
// The macro does two things at once, so that one cannot exist without the other:
// - it defines the interrupt's real handler: the function the chip's vector table names (it
//   overrides the chip's weak default), which calls each handler class's on_interrupt();
// - it defines a type (`Irqs`) that records which handler classes are bound to which interrupt.
// A driver that needs an interrupt takes that type in its constructor and static_asserts that it
// binds the driver's handler (mote::hal::Binds), with a message naming the binding to add.
// So a driver cannot be built for an interrupt nobody handles, and binding one interrupt twice is
// a link error (two definitions of its handler), as is binding one the chip's own drivers use
// (e.g. the time driver's alarm).
//
// The chip supplies the names, through two macros in its interrupts header (for the LM3S6965:
// mote/lm3s6965/interrupts.hpp): MOTE_CHIP_INTERRUPT_TYPE(irq), the tag type of interrupt `irq`
// (with `static constexpr unsigned number`), and MOTE_CHIP_INTERRUPT_SYMBOL(irq), the vector
// table's symbol for it. `irq` is the interrupt's name as the chip spells it (uart0, timer1a...).
// The chip lists its interrupts once, as an X-macro list of (name, number), and
// MOTE_CHIP_INTERRUPTS (below) makes the tag types and symbol declarations from it.
//
// A handler class H has `using interrupt = <tag type>` (the one interrupt it can serve) and
// `static void on_interrupt() noexcept`. Like Embassy's bind_interrupts!, one interrupt may have
// several handlers (a shared vector): (irq, H1, H2) calls them in order.
#pragma once

#include <type_traits>

namespace mote::hal {

/// A handler class: serves interrupt `H::interrupt` in `H::on_interrupt()`, which the bound
/// interrupt's real handler calls (in interrupt context).
template <class H>
concept InterruptHandlerClass = requires {
  typename H::interrupt;
  { H::on_interrupt() } noexcept;
};

/// One interrupt and the handler classes bound to it (what one (irq, handlers...) group of
/// MOTE_BIND_INTERRUPTS records).
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

/// The type MOTE_BIND_INTERRUPTS defines derives from this: the set of bindings. Build one only
/// through the macro, which also defines the handlers this type promises.
template <class... Bindings>
struct InterruptBindings {
  template <class Irq, class Handler>
  static constexpr bool binds = ((std::is_same_v<typename Bindings::interrupt, Irq> &&
                                  Bindings::template has_handler<Handler>) ||
                                 ...);
};

/// Whether `Irqs` (a type defined by MOTE_BIND_INTERRUPTS) binds `Handler` to interrupt `Irq`.
/// False for any other type, so a driver's static_assert gives its own message.
template <class Irqs, class Irq, class Handler>
concept Binds = requires { requires Irqs::template binds<Irq, Handler>; };

}  // namespace mote::hal

/// Defines type `name` and the real handlers of the interrupts listed, each as
/// `(irq, HandlerClass...)`, with irq named as the chip's interrupts header names it. Use at
/// namespace scope, once per interrupt in the whole program (a second binding of an interrupt
/// is a link error). Needs the chip's interrupts header (MOTE_CHIP_INTERRUPT_TYPE/_SYMBOL).
#define MOTE_BIND_INTERRUPTS(name, ...)                                                               \
  struct name : ::mote::hal::InterruptBindings<MOTE_DETAIL_IRQ_FOR_EACH(MOTE_DETAIL_IRQ_BINDING, \
                                                                             __VA_ARGS__)> {};        \
  MOTE_DETAIL_IRQ_FOR_EACH_NO_COMMA(MOTE_DETAIL_IRQ_HANDLER, __VA_ARGS__)                             \
  static_assert(true, "a semicolon follows MOTE_BIND_INTERRUPTS(...)")

/// For a chip's interrupts header: from the chip's X-macro list `list` (`list(X)` calls
/// X(name, number) once per interrupt; the number is the NVIC line or the PLIC source),
/// declares every handler symbol
/// MOTE_CHIP_INTERRUPT_SYMBOL(name) (the declarations vectors.cpp makes weak) and defines every tag
/// type `chip_ns::interrupt::name`, with `static constexpr unsigned number` and
/// `static constexpr const char name[]`. Use at global scope, after defining
/// MOTE_CHIP_INTERRUPT_SYMBOL:
///   MOTE_CHIP_INTERRUPTS(mote::lm3s6965, MOTE_LM3S6965_INTERRUPTS);
#define MOTE_CHIP_INTERRUPTS(chip_ns, list) \
  list(MOTE_DETAIL_IRQ_DECLARE_VECTOR)               \
  namespace chip_ns::interrupt {                     \
  list(MOTE_DETAIL_IRQ_TAG)                          \
  }                                                  \
  static_assert(true, "a semicolon follows MOTE_CHIP_INTERRUPTS(...)")
#define MOTE_DETAIL_IRQ_DECLARE_VECTOR(name, number) extern "C" void MOTE_CHIP_INTERRUPT_SYMBOL(name)() noexcept;
#define MOTE_DETAIL_IRQ_TAG(name_, number_)      \
  struct name_ {                                 \
    static constexpr unsigned number = number_;  \
    static constexpr const char name[] = #name_; \
  };

// ---- Implementation of the macro ---------------------------------------------------------
// (irq, H...) -> ::mote::hal::InterruptBinding<tag of irq, H...>
#define MOTE_DETAIL_IRQ_BINDING(group) MOTE_DETAIL_IRQ_BINDING_I group
#define MOTE_DETAIL_IRQ_BINDING_I(irq, ...) ::mote::hal::InterruptBinding<MOTE_CHIP_INTERRUPT_TYPE(irq), __VA_ARGS__>
// (irq, H...) -> the vector's handler, calling each H::on_interrupt(). `extern "C"` gives the
// symbol the chip's vector table names, wherever the macro is used.
#define MOTE_DETAIL_IRQ_HANDLER(group) MOTE_DETAIL_IRQ_HANDLER_I group
#define MOTE_DETAIL_IRQ_HANDLER_I(irq, ...)                                                  \
  extern "C" void MOTE_CHIP_INTERRUPT_SYMBOL(irq)() noexcept {                                \
    ::mote::hal::InterruptBinding<MOTE_CHIP_INTERRUPT_TYPE(irq), __VA_ARGS__>::run(); \
  }

// FOR_EACH with __VA_OPT__ (C++20): every nested MOTE_DETAIL_IRQ_EXPAND1 rescans the recursion
// once more; 81 rescans allow 81 (irq, handlers...) groups in one MOTE_BIND_INTERRUPTS, more
// than any chip here has interrupts.
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
