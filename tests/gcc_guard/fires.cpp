// A mote program with the pattern GCC 12 miscompiles: its GCC build must fail, naming line 14.
#include <mote/mote.hpp>
#include <utility>

struct Buffer {  // stands for a handle with a destructor (a pool buffer, a unique_ptr)
  int id;
  explicit Buffer(int i) noexcept : id(i) {}
  ~Buffer() {}
};
struct Msg { Buffer buffer; int length; };  // an aggregate with such a member
static mote::Channel<Msg, 2> outbox;

MOTE_TASK(producer, 1) {
  co_await outbox.send(Msg{Buffer(1), 10});
}
MOTE_MAIN(spawner) { spawner.must_spawn(producer()); co_return; }
