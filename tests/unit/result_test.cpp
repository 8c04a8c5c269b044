// Result<T, E> and Result<void, E>: access, errors as values, and panics on misuse.
#include <memory>
#include <string>
#include <utility>

#include <gtest/gtest.h>

#include <mote/futures.hpp>
#include <mote/result.hpp>
#include <mote/task.hpp>

namespace app {
enum class IoError { Timeout, Nack };
// Found by ADL from mote::detail::describe_error.
inline const char* error_message(IoError e) noexcept { return e == IoError::Timeout ? "i/o timeout" : "nack"; }

struct Point {
  int x, y;
};
}  // namespace app

namespace {
enum class Plain { Bad };  // no error_message: unwrap reports a generic "error"

using app::IoError;

mote::Result<int, IoError> parse(int v) {
  if (v < 0) return mote::Err{IoError::Nack};
  return v * 2;
}
mote::Result<void, IoError> check(bool ok) {
  if (!ok) return mote::Err{IoError::Timeout};
  return {};
}
mote::Result<std::unique_ptr<int>, IoError> make(bool ok) {
  if (!ok) return mote::Err{IoError::Timeout};
  return std::make_unique<int>(99);
}
}  // namespace

// A value: has_value, bool, *, ->, value() and unwrap() all give it.
TEST(Result, HoldsValue) {
  auto r = parse(21);
  EXPECT_TRUE(r.has_value());
  EXPECT_TRUE(static_cast<bool>(r));
  EXPECT_EQ(*r, 42);
  EXPECT_EQ(r.value(), 42);
  *r = 5;  // mutable access
  EXPECT_EQ(r.unwrap(), 5);
  const auto& cr = r;
  EXPECT_EQ(*cr, 5);
  EXPECT_EQ(cr.value(), 5);

  mote::Result<app::Point, IoError> p = app::Point{1, 2};
  EXPECT_EQ(p->x, 1);
  p->y = 7;
  const auto& cp = p;
  EXPECT_EQ(cp->y, 7);
  static_assert(!std::is_convertible_v<mote::Result<int, IoError>, bool>, "operator bool is explicit");
}

// An error: has_value is false and error() gives it back.
TEST(Result, HoldsError) {
  auto r = parse(-1);
  EXPECT_FALSE(r.has_value());
  EXPECT_FALSE(r);
  EXPECT_EQ(r.error(), IoError::Nack);
  // Err deduces its type; an Err<G> converts to the Result's E.
  mote::Result<long, std::string> s = mote::Err{"bad input"};
  EXPECT_EQ(s.error(), "bad input");
}

// Result<void, E>: success or an error.
TEST(Result, Void) {
  auto ok = check(true);
  EXPECT_TRUE(ok.has_value());
  EXPECT_TRUE(ok);
  ok.unwrap();  // no panic
  ok.value();
  *ok;
  auto bad = check(false);
  EXPECT_FALSE(bad.has_value());
  EXPECT_FALSE(bad);
  EXPECT_EQ(bad.error(), IoError::Timeout);
  mote::Result<void, IoError> def;
  EXPECT_TRUE(def.has_value());
}

// A move-only value can be stored, moved out with unwrap() or *std::move(r), and moved along.
TEST(Result, MoveOnlyValue) {
  auto r = make(true);
  ASSERT_TRUE(r);
  EXPECT_EQ(**r, 99);
  std::unique_ptr<int> p = r.unwrap();
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(*p, 99);
  EXPECT_EQ(*r, nullptr);  // moved out

  auto r2 = make(true);
  auto r3 = std::move(r2);
  std::unique_ptr<int> q = *std::move(r3);
  EXPECT_EQ(*q, 99);
  std::unique_ptr<int> v = make(true).value();
  EXPECT_EQ(*v, 99);
  EXPECT_EQ(make(false).error(), IoError::Timeout);
}

using ResultDeathTest = ::testing::Test;

// unwrap() and value() on an error panic with the message error_message(E) gives (by ADL).
TEST_F(ResultDeathTest, UnwrapOnErrorPanicsWithMessage) {
  EXPECT_DEATH((void)parse(-1).unwrap(), "panicked: unwrap on an error: nack");
  EXPECT_DEATH((void)parse(-1).value(), "panicked: unwrap on an error: nack");
  EXPECT_DEATH((void)*parse(-1), "panicked: unwrap on an error: nack");
  EXPECT_DEATH((void)make(false).unwrap(), "panicked: unwrap on an error: i/o timeout");
  EXPECT_DEATH(check(false).unwrap(), "panicked: unwrap on an error: i/o timeout");
  EXPECT_DEATH(check(false).value(), "panicked: unwrap on an error: i/o timeout");
}

// mote's own error types carry their messages the same way.
TEST_F(ResultDeathTest, MoteErrorTypesHaveMessages) {
  mote::Result<void, mote::SpawnError> spawn = mote::Err{mote::SpawnError::Busy};
  EXPECT_DEATH(spawn.unwrap(), "panicked: unwrap on an error: task pool full");
  mote::Result<int, mote::TimeoutError> timeout = mote::Err{mote::TimeoutError::Elapsed};
  EXPECT_DEATH((void)timeout.unwrap(), "panicked: unwrap on an error: timed out");
}

// Without an error_message for E the panic still happens, with a generic text.
TEST_F(ResultDeathTest, UnwrapWithoutErrorMessage) {
  mote::Result<int, Plain> r = mote::Err{Plain::Bad};
  EXPECT_DEATH((void)r.unwrap(), "panicked: unwrap on an error: error");
  mote::Result<void, Plain> v = mote::Err{Plain::Bad};
  EXPECT_DEATH(v.unwrap(), "panicked: unwrap on an error: error");
}

// error() on a value panics.
TEST_F(ResultDeathTest, ErrorOnValuePanics) {
  EXPECT_DEATH((void)parse(1).error(), "panicked: Result::error\\(\\) called on a value");
  EXPECT_DEATH((void)check(true).error(), "panicked: Result::error\\(\\) called on a value");
}
