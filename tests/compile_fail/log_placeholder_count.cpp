// expect: MOTE_LOG: the format's \{\} placeholders and the arguments differ in number
// Two placeholders, one argument: caught at compile time (the decoder could not print it).
#include <mote/log.hpp>

void report(int channel) { MOTE_LOG_INFO("adc {} = {} mV", channel); }
