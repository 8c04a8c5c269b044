// The same program written the ways GCC 12 compiles correctly: the guard must stay quiet (and the
// program must run). Each line is a shape the text pass looks at twice.
#include <mote/mote.hpp>
#include <cstdio>
#include <utility>

struct Buffer {
  int id;
  explicit Buffer(int i) noexcept : id(i) {}
  ~Buffer() {}
};
struct Msg { Buffer buffer; int length; };
struct Reading { int when; int value; };  // an aggregate without destructors: not affected
struct Packet {                           // a constructor: not an aggregate, not affected
  Buffer buffer;
  Packet(Buffer b, int) noexcept : buffer(std::move(b)) {}
};
static mote::Channel<Msg, 2> outbox;
static mote::Channel<Reading, 2> readings;
static mote::Channel<Packet, 2> packets;

MOTE_TASK(producer, 1) {
  Msg m{Buffer(1), 10};                     // a named variable, then the co_await
  co_await outbox.send(std::move(m));
  co_await readings.send(Reading{1, 2});
  co_await packets.send(Packet{Buffer(2), 3});
  co_await outbox.ready_to_send();
  auto pick = [](int v) { return Reading{v, v}; };
  co_await readings.send(pick(5));
  std::printf("ordinary shapes ran\n");
  mote::exit(0);  // boards run until told to stop
}
MOTE_MAIN(spawner) {
  spawner.must_spawn(producer());
  co_return;
}
