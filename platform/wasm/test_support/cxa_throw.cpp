// Linked into unit tests built for wasm32 whose code contains a `throw` (compiled with
// -fexceptions): libc++abi for wasm32-wasi is built without exceptions, so these entry points
// are missing. A throw on wasm stops the program, as a failed allocation does in libc++ there.
#include <cxxabi.h>

#include <cstddef>
#include <cstdio>
#include <cstdlib>

namespace __cxxabiv1 {
extern "C" {
void* __cxa_allocate_exception(std::size_t) throw() {
  std::fputs("a C++ exception was thrown: exceptions are off on wasm32\n", stdout);
  std::abort();
}
void __cxa_throw(void*, std::type_info*, void (*)(void*)) { std::abort(); }
}
}  // namespace __cxxabiv1
