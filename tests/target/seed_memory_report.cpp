// Linked with the unchanged seed demo (examples/seed/main.cpp) and -Wl,--wrap=mote::exit:
// prints mote::memory_report() (each task's frame size and the arena's use) on the way out,
// so the seed's real figures on this target are visible without touching the demo.
#include <mote/memory.hpp>
#include <mote/panic.hpp>

extern "C" {
[[noreturn]] void __real__ZN4mote4exitEi(int code);  // mote::exit(int), as the linker names it

void __wrap__ZN4mote4exitEi(int code) {
  mote::memory_report();
  __real__ZN4mote4exitEi(code);
}
}
