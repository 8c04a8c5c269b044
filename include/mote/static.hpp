// mote/static.hpp: marking a task argument as referring to something that lives forever.
//
// Task parameters that are references, pointers, spans, string views or handles that borrow
// storage (a channel's Sender/Receiver) are rejected at
// compile time, because a spawned task outlives the call that created it. When the referent
// really is static (a peripheral, a global buffer, a string literal), wrap the parameter:
//
//   static Config config;
//   MOTE_TASK(worker, 1, mote::Static<Config&> cfg) { use(*cfg); co_return; }
//   spawner.must_spawn(worker(mote::Static<Config&>(config)));
//
// The wrapper is a promise made by the caller, visible at both ends; it checks nothing more.
#pragma once

#include <type_traits>

namespace mote {

/// True for class types that refer to storage they do not own (they declare
/// `static constexpr bool mote_borrows_storage = true;`, as a channel's Sender does): task
/// parameters of such a type are rejected like pointers unless wrapped in mote::Static.
template <class T>
inline constexpr bool borrows_storage_v = requires { requires T::mote_borrows_storage; };

/// A T (reference, pointer, span, string view, handle) that the caller promises stays valid
/// forever.
template <class T>
class Static {
 public:
  constexpr explicit Static(T value) noexcept : value_(value) {}
  constexpr T get() const noexcept { return value_; }
  constexpr operator T() const noexcept { return value_; }
  constexpr decltype(auto) operator*() const noexcept {
    if constexpr (std::is_class_v<T>) {
      return (value_);  // a handle (e.g. a channel's Sender): the handle itself
    } else {
      return *value_;
    }
  }
  constexpr auto operator->() const noexcept {
    if constexpr (std::is_class_v<T>) {
      return &value_;
    } else {
      return value_;
    }
  }

 private:
  T value_;
};

/// Static<T&> holds a pointer so that it stays copyable.
template <class T>
class Static<T&> {
 public:
  constexpr explicit Static(T& ref) noexcept : ptr_(&ref) {}
  constexpr T& get() const noexcept { return *ptr_; }
  constexpr operator T&() const noexcept { return *ptr_; }
  constexpr T& operator*() const noexcept { return *ptr_; }
  constexpr T* operator->() const noexcept { return ptr_; }

 private:
  T* ptr_;
};

}  // namespace mote
