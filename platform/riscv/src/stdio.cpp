// The C library's standard streams on the chip's console (console_write, mote/riscv.hpp).
//
// The C library is picolibc, not newlib-nano (see cmake/toolchain-arm-none-eabi.cmake): its tiny
// stdio calls a FILE's put function for every character and never allocates, so stdout and
// stderr are one static FILE whose put function is console_write. newlib-nano's printf would
// malloc a stdout buffer (pulling in a heap and _sbrk) and need _write and friends.
// This file is an object of every firmware, not a library member (cmake/mote.cmake): the C
// library, which needs stdout, is searched after mote's own library.
#include <cstdio>

#include "mote/riscv.hpp"

namespace {

int console_put(char c, FILE*) {
  mote::riscv::console_write(&c, 1);
  return static_cast<unsigned char>(c);
}

int console_get(FILE*) { return EOF; }  // no input yet

FILE g_console_out = FDEV_SETUP_STREAM(console_put, nullptr, nullptr, _FDEV_SETUP_WRITE);
FILE g_console_in = FDEV_SETUP_STREAM(nullptr, console_get, nullptr, _FDEV_SETUP_READ);

}  // namespace

// Declared (extern, outside any extern "C") by picolibc's <stdio.h>; global variables carry no
// C++ name mangling, so these are the C library's symbols. Unbuffered: nothing is lost when the
// program stops.
FILE* const stdin = &g_console_in;
FILE* const stdout = &g_console_out;
FILE* const stderr = &g_console_out;
