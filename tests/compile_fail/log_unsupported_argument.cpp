// expect: MOTE_LOG: no encoding for this argument
// A struct has no wire encoding: log its fields instead.
#include <mote/log.hpp>

struct Reading {
  int channel;
  int millivolts;
};

void report(Reading r) { MOTE_LOG_INFO("reading {}", r); }
