// mote/static.hpp: marking a task argument as referring to something that lives forever.
//
// Task parameters that are references, pointers, spans or string views are rejected at
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

/// A T (reference, pointer, span, string view) that the caller promises stays valid forever.
template <class T>
class Static {
 public:
  constexpr explicit Static(T value) noexcept : value_(value) {}
  constexpr T get() const noexcept { return value_; }
  constexpr operator T() const noexcept { return value_; }
  constexpr decltype(auto) operator*() const noexcept { return *value_; }
  constexpr auto operator->() const noexcept { return value_; }

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
