// expect: OK
// The control case: the same parameter kinds compile when marked as living forever, so the
// failures above come from the checks, not from a broken build line.
#include <mote/mote.hpp>
#include <span>
#include <string_view>

MOTE_TASK(uses_statics, 1, mote::Static<int&> counter, mote::Static<const char*> name,
          mote::Static<std::span<const int>> values, mote::Static<std::string_view> text) {
  *counter += static_cast<int>(values.get().size() + text.get().size()) + name.get()[0];
  co_return;
}

mote::Channel<int, 4> readings;
MOTE_TASK(uses_static_sender, 1, mote::Static<mote::Channel<int, 4>::Sender> tx) {
  co_await tx->send(1);
}
void spawn_sender(mote::Spawner s) { s.must_spawn(uses_static_sender(mote::Static(readings.sender()))); }
