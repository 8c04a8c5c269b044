// expect: static assertion failed( due to requirement .*)?: mote: MOTE_BIND_INTERRUPTS: a handler is bound to another interrupt
// The UART's handler bound to an interrupt it does not serve.
#include <mote/mote.hpp>

#include "serial_board.hpp"

MOTE_BIND_INTERRUPTS(Irqs, (MOTE_TEST_OTHER_IRQ, MOTE_TEST_CONSOLE_HANDLER));
