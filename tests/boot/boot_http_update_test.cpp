// mote/boot/http_update.hpp on the host: `PUT /firmware` requests, as curl sends them, in odd
// pieces through the request parser into FirmwareUpdater and the simulated flash. An accepted
// image is swapped in by the bootloader; every bad image gets its status and its boot::Error by
// name, with ACTIVE untouched; malformed requests get the parser's status; a body cut short
// gets no answer.
#include <mote/boot/http_update.hpp>

#include <string>

#include "boot_fixture.hpp"

namespace {
using namespace boot_test;
using mote::block_on;
using mote::boot::BootAction;
using mote::boot::BootLoader;
using mote::boot::FirmwareUpdater;
using mote::boot::HttpUpdate;

template <class T>
struct ReadyFuture {
  T value;
  bool poll(mote::Waker) noexcept { return true; }
  T take() noexcept { return value; }
};

/// A TCP connection as the device sees it: the client's bytes arrive `piece` at a time (a
/// socket hands out what has arrived), then the end of the stream (the client closed).
struct Client {
  explicit Client(std::string request) : to_device(std::move(request)) {}
  std::string to_device;
  std::size_t at = 0;
  std::size_t piece = 333;
  std::string from_device;

  ReadyFuture<std::size_t> read(std::span<std::byte> b) {
    const std::size_t n = std::min({b.size(), piece, to_device.size() - at});
    std::memcpy(b.data(), to_device.data() + at, n);
    at += n;
    return {n};
  }
  ReadyFuture<std::size_t> write(std::span<const std::byte> b) {
    from_device.append(reinterpret_cast<const char*>(b.data()), b.size());
    return {b.size()};
  }
};

std::string put(const std::vector<std::byte>& image, bool expect = true, std::size_t length = SIZE_MAX) {
  std::string r = "PUT /firmware HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: curl/7.88.1\r\nAccept: */*\r\n";
  r += "Content-Length: " + std::to_string(length == SIZE_MAX ? image.size() : length) + "\r\n";
  if (expect) r += "Expect: 100-continue\r\n";
  r += "\r\n";
  r.append(reinterpret_cast<const char*>(image.data()), image.size());
  return r;
}

struct BootHttpUpdate : ::testing::Test {
  Flash flash{19 * page};
  Layout l = layout(flash);
  std::vector<std::byte> v1 = load("v1"), v2 = load("v2");
  FirmwareUpdater<Flash> up{l, policy(0x01000000)};
  HttpUpdate<Flash> http{up, 0x01000000};
  void SetUp() override { factory_program(flash, v1); }

  mote::Result<mote::boot::ImageHeader, Error> serve(Client& c) { return block_on(http.serve(c, c)); }
};

TEST_F(BootHttpUpdate, APutIsAcceptedAndInstalled) {
  // Shows: curl's request (Expect: 100-continue) gets 100, then the body in 333-byte pieces
  // becomes 512-byte writes; 200 names the version; the bootloader swaps v2 in.
  Client c{put(v2)};
  auto verdict = serve(c);
  ASSERT_TRUE(verdict) << error_message(verdict.error());
  EXPECT_EQ(verdict->version, 0x02000000u);
  EXPECT_EQ(c.from_device.rfind("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\n", 0), 0u) << c.from_device;
  EXPECT_NE(c.from_device.find("\r\n\r\naccepted: version 2.0.0, " + std::to_string(v2.size()) + " bytes\n"),
            std::string::npos)
      << c.from_device;
  auto boot = BootLoader<Flash>(l, policy()).prepare_boot();
  ASSERT_TRUE(boot);
  EXPECT_EQ(boot->action, BootAction::Swapped);
  EXPECT_TRUE(active_holds(flash, v2));
}

struct Refusal {
  const char* name;
  std::vector<std::byte> image;
  std::string status;
  std::string body;
};

TEST_F(BootHttpUpdate, EachBadImageHasItsStatusAndItsError) {
  // Shows: each bad image is refused with its status and "<Error>: <message>"; after all of
  // them (one keep-alive connection each) ACTIVE is still v1 and nothing is pending.
  auto corrupt = v2;
  corrupt[1000] ^= std::byte{0x01};
  auto truncated = std::vector<std::byte>(v2.begin(), v2.begin() + 3000);
  std::vector<Refusal> cases = {
      {"corrupt", corrupt, "422 Unprocessable Content", "Corrupt: boot: image corrupt"},
      {"other_key", load("other_key"), "422 Unprocessable Content", "WrongKey: boot: signature does not verify"},
      {"unsigned", load("unsigned"), "422 Unprocessable Content", "Unsigned: boot: image not signed"},
      {"wrong_board", load("wrong_board"), "422 Unprocessable Content", "WrongBoard: boot: image built for another"},
      {"truncated", truncated, "422 Unprocessable Content", "Truncated: boot: image truncated"},
      {"v0", load("v0"), "409 Conflict", "VersionRollback: boot: image older than the running one"},
      {"too_large", load("too_large"), "413 Content Too Large", "TooLarge: boot: image too large"},
  };
  for (auto& k : cases) {
    SCOPED_TRACE(k.name);
    Client c{put(k.image)};
    auto verdict = serve(c);
    ASSERT_FALSE(verdict);
    EXPECT_EQ(c.from_device.find("HTTP/1.1 200"), std::string::npos) << c.from_device;
    const auto head = c.from_device.find("HTTP/1.1 " + k.status + "\r\n");
    EXPECT_NE(head, std::string::npos) << c.from_device;
    EXPECT_NE(c.from_device.find("\r\n\r\n" + k.body, head), std::string::npos) << c.from_device;
    EXPECT_TRUE(active_holds(flash, v1));
    EXPECT_EQ(*up.state(), mote::boot::UpdateState::Idle);
  }
  // TooLarge is refused at Content-Length: with Expect no 100 and no body read; the
  // connection ends there (the client must not send the body on it).
  Client c{put(load("too_large"))};
  (void)serve(c);
  EXPECT_EQ(c.from_device.find("100 Continue"), std::string::npos);
  EXPECT_NE(c.from_device.find("Connection: close"), std::string::npos);
  EXPECT_LT(c.at, 8000u);
}

TEST_F(BootHttpUpdate, ARefusedBodyWithoutExpectIsReadBeforeTheAnswer) {
  // Shows: without Expect the client sends the body anyway; the device reads it all before
  // answering 413 (closing with unread bytes would reset the connection and lose the answer).
  Client c{put(load("too_large"), false)};
  auto verdict = serve(c);
  EXPECT_EQ(verdict.error(), Error::TooLarge);
  EXPECT_EQ(c.at, c.to_device.size());
  EXPECT_EQ(c.from_device.rfind("HTTP/1.1 413 Content Too Large\r\n", 0), 0u) << c.from_device;
}

TEST_F(BootHttpUpdate, AFlashErrorMidwayIs500AndTheRestOfTheBodyIsRead) {
  // Shows: the 4th chunk's write fails (power lost under the flash): 500 with "Flash: ...",
  // after the body the client was sending (it got 100 Continue) has been read; ACTIVE is v1.
  Client c{put(v2)};
  flash.cut_power_after(2 + 3);  // STATE erase, DFU erase, 3 chunks; the 4th fails
  auto verdict = serve(c);
  flash.restore_power();
  EXPECT_EQ(verdict.error(), Error::Flash);
  EXPECT_EQ(c.at, c.to_device.size());
  EXPECT_NE(c.from_device.find("HTTP/1.1 500 Internal Server Error\r\n"), std::string::npos) << c.from_device;
  EXPECT_NE(c.from_device.find("\r\n\r\nFlash: boot: flash operation failed"), std::string::npos) << c.from_device;
  EXPECT_TRUE(active_holds(flash, v1));
}

TEST_F(BootHttpUpdate, MalformedRequestsGetTheParsersStatus) {
  // Shows: no Content-Length is 411, chunked is 501, another path 404, another method 405; GET
  // /firmware reports the running version and the state. Nothing is written.
  struct Case {
    std::string request, status;
  };
  for (auto& k : {Case{"PUT /firmware HTTP/1.1\r\nHost: d\r\n\r\n", "411 Length Required"},
                  Case{"PUT /firmware HTTP/1.1\r\nHost: d\r\nTransfer-Encoding: chunked\r\n\r\n", "501 Not Implemented"},
                  Case{"PUT /other HTTP/1.1\r\nHost: d\r\nContent-Length: 0\r\n\r\n", "404 Not Found"},
                  Case{"DELETE /firmware HTTP/1.1\r\nHost: d\r\n\r\n", "405 Method Not Allowed"},
                  Case{"PUT /firmware HTTP/1.1\r\nContent-Length: 10\r\n\r\n", "400 Bad Request"}}) {
    SCOPED_TRACE(k.request);
    Client c{k.request};
    (void)serve(c);
    EXPECT_EQ(c.from_device.rfind("HTTP/1.1 " + k.status + "\r\n", 0), 0u) << c.from_device;
  }
  Client c{"GET /firmware HTTP/1.1\r\nHost: d\r\n\r\n"};
  EXPECT_EQ(serve(c).error(), Error::NotStarted);
  EXPECT_NE(c.from_device.find("\r\n\r\nrunning 1.0.0, idle\n"), std::string::npos) << c.from_device;
  EXPECT_TRUE(active_holds(flash, v1));
}

TEST_F(BootHttpUpdate, ABodyCutShortGetsNoAnswerAndInstallsNothing) {
  // Shows: the client closes after 2000 of the announced bytes: serve() yields Truncated and
  // answers nothing (no one to answer); nothing is pending; a full PUT afterwards works.
  std::string r = put(v2, false);
  r.resize(r.size() - (v2.size() - 2000));
  Client c{r};
  EXPECT_EQ(serve(c).error(), Error::Truncated);
  EXPECT_EQ(c.from_device, "");
  EXPECT_NE(*up.state(), mote::boot::UpdateState::Pending);
  Client again{put(v2)};
  EXPECT_TRUE(serve(again));
}

}  // namespace
