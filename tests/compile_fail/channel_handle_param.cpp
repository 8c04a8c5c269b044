// expect: must not be a handle that refers to storage it does not own
// A channel's Sender refers to the channel: as a bare task parameter it could outlive it.
#include <mote/mote.hpp>

mote::Channel<int, 4> readings;

MOTE_TASK(producer, 1, mote::Channel<int, 4>::Sender tx) {
  co_await tx.send(1);
}

void spawn_it(mote::Spawner s) { s.must_spawn(producer(readings.sender())); }
