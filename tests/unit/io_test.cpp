// mote/io.hpp: the stream concepts against archetypes (what models them and what does not),
// the result helpers, and serial::Driver's fill_buf/consume (io::BufRead) over a fake chip.
#include <mote/hal/buffered_serial.hpp>
#include <mote/io.hpp>
#include <mote/net/types.hpp>

#include <array>
#include <cstring>
#include <span>
#include <string>

#include "test_support.hpp"

namespace {

using mote::Result;
using mote::SerialError;

// ---- Archetypes: the least a type needs to model each concept. ----------------------------------

template <class T>
struct ReadyFuture {  // a Future that completes at once with a fixed value
  T value;
  bool poll(mote::Waker) noexcept { return true; }
  T take() noexcept { return value; }
};

enum class StreamError { Reset };
constexpr mote::io::ErrorKind error_kind(StreamError) noexcept { return mote::io::ErrorKind::ConnectionReset; }
enum class UnclassifiedError { Oops };  // no error_kind: not an io::Error

struct FallibleStream {  // Result<T, E> with an io::Error E
  ReadyFuture<Result<std::size_t, StreamError>> read(std::span<std::byte> b) { return {b.size()}; }
  ReadyFuture<Result<std::size_t, StreamError>> write(std::span<const std::byte> b) { return {b.size()}; }
  ReadyFuture<Result<std::span<const std::byte>, StreamError>> fill_buf() { return {std::span<const std::byte>{}}; }
  void consume(std::size_t) {}
};
struct InfallibleStream {  // plain results: cannot fail
  ReadyFuture<std::size_t> read(std::span<std::byte> b) { return {b.size()}; }
  ReadyFuture<std::size_t> write(std::span<const std::byte> b) { return {b.size()}; }
};
struct UnclassifiedStream {  // its error has no kind
  ReadyFuture<Result<std::size_t, UnclassifiedError>> read(std::span<std::byte> b) { return {b.size()}; }
};
struct WrongCountStream {  // yields int, not std::size_t
  ReadyFuture<int> read(std::span<std::byte>) { return {0}; }
};
struct BufReadWithoutConsume {
  ReadyFuture<std::span<const std::byte>> fill_buf() { return {{}}; }
};
struct NotAFuture {  // read returns the count directly: not awaitable in mote
  std::size_t read(std::span<std::byte> b) { return b.size(); }
};

static_assert(mote::io::Read<FallibleStream> && mote::io::Write<FallibleStream> && mote::io::BufRead<FallibleStream>);
static_assert(mote::io::Read<InfallibleStream> && mote::io::Write<InfallibleStream>);
static_assert(!mote::io::BufRead<InfallibleStream>);
static_assert(!mote::io::Read<UnclassifiedStream>, "an error type without error_kind is not an io::Error");
static_assert(!mote::io::Read<WrongCountStream>);
static_assert(!mote::io::BufRead<BufReadWithoutConsume>);
static_assert(!mote::io::Read<NotAFuture>);
static_assert(!mote::io::Write<FallibleStream const>);
static_assert(std::is_same_v<mote::io::error_t<Result<std::size_t, StreamError>>, StreamError>);
static_assert(std::is_same_v<mote::io::error_t<std::size_t>, mote::io::Infallible>);
static_assert(mote::io::Error<SerialError>);

TEST(Io, ResultHelpersTreatPlainValuesAsSuccess) {
  const Result<std::size_t, StreamError> good(std::size_t{3});
  const Result<std::size_t, StreamError> bad(mote::Err{StreamError::Reset});
  EXPECT_TRUE(mote::io::ok(good));
  EXPECT_EQ(mote::io::value(good), 3u);
  EXPECT_FALSE(mote::io::ok(bad));
  EXPECT_EQ(error_kind(bad.error()), mote::io::ErrorKind::ConnectionReset);
  const std::size_t plain = 5;
  EXPECT_TRUE(mote::io::ok(plain));
  EXPECT_EQ(mote::io::value(plain), 5u);
}

TEST(Io, SerialErrorsHaveKinds) {
  EXPECT_EQ(error_kind(SerialError::Framing), mote::io::ErrorKind::InvalidData);
  EXPECT_EQ(error_kind(SerialError::Parity), mote::io::ErrorKind::InvalidData);
  EXPECT_EQ(error_kind(SerialError::Overrun), mote::io::ErrorKind::Other);
  EXPECT_EQ(error_kind(SerialError::Break), mote::io::ErrorKind::Other);
}

// A TcpSocket's errors are io::Errors (tcp.hpp asserts TcpSocket models io::Read and io::Write):
// generic stream code tells a reset from a timeout without knowing it talks to a socket.
static_assert(mote::io::Error<mote::net::Error>);
TEST(Io, NetworkErrorsHaveKinds) {
  using mote::net::Error;
  using Kind = mote::io::ErrorKind;
  EXPECT_EQ(error_kind(Error::ConnectionReset), Kind::ConnectionReset);
  EXPECT_EQ(error_kind(Error::ConnectionRefused), Kind::ConnectionRefused);
  EXPECT_EQ(error_kind(Error::Timeout), Kind::TimedOut);
  EXPECT_EQ(error_kind(Error::InvalidState), Kind::NotConnected);
  EXPECT_EQ(error_kind(Error::AddressInUse), Kind::AddrInUse);
  EXPECT_EQ(error_kind(Error::NoMemory), Kind::OutOfMemory);
  EXPECT_EQ(error_kind(Error::Truncated), Kind::InvalidData);
}

// ---- serial::Driver as io::BufRead, over a chip with no registers. ------------------------------

struct FakeUart {};  // the token
struct FakeChip {
  using State = mote::serial::RxState;
  struct Config {};
  using TxPort = void;
  template <class P, class Irqs>
  struct Binding {
    static constexpr bool ok = true;
  };
  template <class P>
  static void start(State& s, std::byte* ring, std::uint32_t bytes, const Config&) noexcept {
    ASSERT_TRUE(mote::serial::try_claim(s));
    mote::critical_section([&] { mote::serial::reset(s, ring, bytes); });
  }
  template <class P>
  static void stop(State& s) noexcept {
    s.claimed = false;
  }
};
using FakeSerial = mote::serial::Driver<FakeUart, FakeChip, 8>;
static_assert(mote::io::Read<FakeSerial> && mote::io::BufRead<FakeSerial>);

// What the chip's interrupt handler does for each received byte.
void receive(const char* text) {
  mote::critical_section([&] {
    auto& s = mote::serial::instance<FakeUart, mote::serial::RxState>;
    for (const char* c = text; *c != '\0'; ++c) mote::serial::rx_byte(s, static_cast<std::byte>(*c));
    s.readers.wake_one();
  });
}
std::string text(std::span<const std::byte> b) { return std::string(reinterpret_cast<const char*>(b.data()), b.size()); }

TEST(Io, FillBufShowsBufferedBytesUntilConsumed) {
  FakeSerial serial(FakeUart{}, 0);
  receive("abc");
  auto first = mote::block_on(serial.fill_buf());
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(text(*first), "abc");
  auto again = mote::block_on(serial.fill_buf());  // not consumed: the same bytes, in place
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(again->data(), first->data());
  serial.consume(2);
  EXPECT_EQ(serial.available(), 1u);
  auto rest = mote::block_on(serial.fill_buf());
  ASSERT_TRUE(rest.has_value());
  EXPECT_EQ(text(*rest), "c");
  serial.consume(100);  // more than buffered: drops what there is
  EXPECT_EQ(serial.available(), 0u);
}

TEST(Io, FillBufSplitsAtTheRingsEndAndReportsErrorsFirst) {
  FakeSerial serial(FakeUart{}, 0);
  receive("123456");
  serial.consume(6);
  receive("abcdef");  // ring of 8: "ab" at 6..7, "cdef" at 0..3
  auto a = mote::block_on(serial.fill_buf());
  ASSERT_TRUE(a.has_value());
  EXPECT_EQ(text(*a), "ab");
  serial.consume(a->size());
  auto b = mote::block_on(serial.fill_buf());
  ASSERT_TRUE(b.has_value());
  EXPECT_EQ(text(*b), "cdef");
  receive("ghijkl");  // "cdef" still buffered: "ghij" fill the ring, "kl" are lost, Overrun latched
  auto e = mote::block_on(serial.fill_buf());
  ASSERT_FALSE(e.has_value());
  EXPECT_EQ(e.error(), SerialError::Overrun);
  auto c = mote::block_on(serial.fill_buf());  // the bytes before the loss are intact
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(text(*c), "cdefghij");
}

MOTE_TASK(fill_buf_waiter, 1, mote::Static<FakeSerial&> serial, mote::Static<std::string&> seen) {
  auto r = co_await (*serial).fill_buf();
  if (r) *seen = text(*r);
}

TEST(Io, FillBufWaitsForTheHandlerAndACancelledOneLosesNothing) {
  FakeSerial serial(FakeUart{}, 0);
  {
    // Polled once while empty, then dropped: nothing was taken.
    auto once = mote::block_on(mote::poll_once(serial.fill_buf()));
    EXPECT_FALSE(once.has_value());
  }
  mote::Executor ex;
  std::string seen;
  ex.spawner().must_spawn(fill_buf_waiter(mote::Static<FakeSerial&>(serial), mote::Static<std::string&>(seen)));
  ex.poll();
  EXPECT_EQ(seen, "");
  receive("xy");  // the handler wakes the waiting reader
  mote_test::run_to_completion(ex);
  EXPECT_EQ(seen, "xy");
}

}  // namespace
