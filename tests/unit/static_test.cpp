// mote::Static: task parameters that refer to things that live forever.
#include <array>
#include <atomic>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>

#include "test_support.hpp"

namespace {

struct Uart {  // stands in for a peripheral: neither copyable nor movable
  Uart() = default;
  Uart(const Uart&) = delete;
  Uart& operator=(const Uart&) = delete;
  std::atomic<int> writes{0};
  std::string last;
  void write(std::string_view s) {
    last = s;
    ++writes;
  }
};

struct Config {
  int baud = 9600;
  const char* name = "uart0";
};

Uart g_uart;
Config g_config;
const Config g_const_config{115200, "uart1"};
std::array<int, 4> g_buffer = {1, 2, 3, 4};
constexpr std::array<int, 3> kTable = {10, 20, 30};
bool g_ran = false;

MOTE_TASK(uses_reference, 1, mote::Static<Uart&> uart, mote::Static<const Config&> cfg) {
  EXPECT_EQ(&uart.get(), &g_uart);  // the referent itself, not a copy
  EXPECT_EQ(cfg->baud, 115200);
  EXPECT_EQ(std::string_view((*cfg).name), "uart1");
  uart->write("hello");
  (*uart).write("again");
  Uart& u = uart;  // implicit conversion to T&
  u.write("third");
  g_ran = true;
  co_return;
}

MOTE_TASK(uses_pointer, 1, mote::Static<Config*> cfg) {
  EXPECT_EQ(cfg.get(), &g_config);
  EXPECT_EQ(cfg->baud, 19200);  // sees the change made after the task was created
  cfg->baud = 57600;            // and writes through to the referent
  (*cfg).name = "renamed";
  Config* raw = cfg;
  EXPECT_EQ(raw, &g_config);
  g_ran = true;
  co_return;
}

MOTE_TASK(uses_string_view, 1, mote::Static<std::string_view> text) {
  EXPECT_EQ(text.get(), "a string literal");
  std::string_view s = text;
  EXPECT_EQ(s.size(), 16u);
  EXPECT_EQ(s.data(), text.get().data());
  g_ran = true;
  co_return;
}

MOTE_TASK(uses_span, 1, mote::Static<std::span<int>> buffer, mote::Static<std::span<const int>> table) {
  std::span<int> b = buffer;
  EXPECT_EQ(b.data(), g_buffer.data());
  EXPECT_EQ(b.size(), 4u);
  int sum = 0;
  for (int v : table.get()) sum += v;
  EXPECT_EQ(sum, 60);
  for (int& v : b) v *= sum;  // writes land in the global buffer
  g_ran = true;
  co_return;
}

}  // namespace

class StaticTest : public mote_test::VirtualTime {
 protected:
  void SetUp() override {
    VirtualTime::SetUp();
    g_ran = false;
  }
  static void run(mote::SpawnToken token) {
    mote::Executor ex;
    ex.spawner().must_spawn(std::move(token));
    ex.run();
  }
};

// Static<T&> reaches the referent (even a non-copyable one) from inside the task.
TEST_F(StaticTest, Reference) {
  g_uart.writes = 0;
  run(uses_reference(mote::Static<Uart&>(g_uart), mote::Static<const Config&>(g_const_config)));
  EXPECT_TRUE(g_ran);
  EXPECT_EQ(g_uart.writes, 3);
  EXPECT_EQ(g_uart.last, "third");
  static_assert(std::is_trivially_copyable_v<mote::Static<Uart&>>, "holds a pointer");
}

// Static<T*> points at the referent: changes made before the task ran are seen, and the
// task's writes are visible afterwards.
TEST_F(StaticTest, Pointer) {
  g_config = Config{};
  auto token = uses_pointer(mote::Static<Config*>(&g_config));
  g_config.baud = 19200;
  run(std::move(token));
  EXPECT_TRUE(g_ran);
  EXPECT_EQ(g_config.baud, 57600);
  EXPECT_EQ(std::string_view(g_config.name), "renamed");
}

// Static<std::string_view> of a literal keeps pointing at the literal.
TEST_F(StaticTest, StringView) {
  run(uses_string_view(mote::Static<std::string_view>("a string literal")));
  EXPECT_TRUE(g_ran);
}

// Static<std::span<...>> gives the task the global storage itself.
TEST_F(StaticTest, Span) {
  g_buffer = {1, 2, 3, 4};
  run(uses_span(mote::Static<std::span<int>>(g_buffer), mote::Static<std::span<const int>>(kTable)));
  EXPECT_TRUE(g_ran);
  EXPECT_EQ(g_buffer, (std::array<int, 4>{60, 120, 180, 240}));
}

// The wrappers are usable in constant expressions.
TEST(Static, Constexpr) {
  static constexpr int answer = 42;
  static_assert(mote::Static<const int&>(answer).get() == 42);
  static_assert(*mote::Static<const int*>(&answer) == 42);
  static_assert(mote::Static<std::string_view>("abc").get().size() == 3);
  static_assert(mote::Static<std::span<const int>>(kTable).get()[2] == 30);
}
