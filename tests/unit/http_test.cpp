// mote/net/http.hpp: the request-head parser on good and malformed input (each error with the
// status it stands for), and Connection/write_response over scripted streams that deliver a
// request in arbitrary pieces, fail, or close early.
#include <mote/net/http.hpp>

#include <algorithm>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "test_support.hpp"

namespace {

namespace http = mote::net::http;
using http::Method;
using http::RequestError;

constexpr std::size_t kMaxBody = 1024;

auto parse(std::string_view head, std::size_t max_body = kMaxBody) { return http::parse_head(head, max_body); }

RequestError error_of(std::string_view head, std::size_t max_body = kMaxBody) {
  auto r = parse(head, max_body);
  EXPECT_FALSE(r) << head;
  return r ? RequestError::Stream : r.error();
}

TEST(HttpParse, SimpleGet) {
  auto r = parse("GET /readings?x=1 HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nUser-Agent: curl/7.88.1\r\nAccept: */*\r\n\r\n");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->method, Method::Get);
  EXPECT_EQ(r->method_name, "GET");
  EXPECT_EQ(r->target, "/readings?x=1");
  EXPECT_EQ(r->path, "/readings");
  EXPECT_EQ(r->query, "x=1");
  EXPECT_EQ(r->version_minor, 1);
  EXPECT_TRUE(r->keep_alive);
  EXPECT_FALSE(r->has_content_length);
  EXPECT_EQ(r->content_length, 0u);
  EXPECT_EQ(r->header("user-agent"), "curl/7.88.1");
  EXPECT_EQ(r->header("HOST"), "127.0.0.1:8080");
  EXPECT_EQ(r->header("missing"), "");
}

TEST(HttpParse, PostWithLengthTypeAndClose) {
  auto r = parse("POST /led HTTP/1.1\r\nHost: x\r\ncontent-length:  3 \r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->method, Method::Post);
  EXPECT_TRUE(r->has_content_length);
  EXPECT_EQ(r->content_length, 3u);
  EXPECT_EQ(r->content_type, "text/plain");
  EXPECT_FALSE(r->keep_alive);
}

TEST(HttpParse, Http10NeedsNoHostAndClosesByDefault) {
  auto r = parse("GET / HTTP/1.0\r\n\r\n");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->version_minor, 0);
  EXPECT_FALSE(r->keep_alive);
  auto k = parse("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
  ASSERT_TRUE(k);
  EXPECT_TRUE(k->keep_alive);
}

TEST(HttpParse, OtherMethodsAndAsterisk) {
  auto r = parse("OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->method, Method::Options);
  EXPECT_EQ(r->target, "*");
  auto p = parse("PROPFIND /a HTTP/1.1\r\nHost: x\r\n\r\n");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->method, Method::Other);
  EXPECT_EQ(p->method_name, "PROPFIND");
  auto put = parse("PUT /firmware HTTP/1.1\r\nHost: x\r\nContent-Length: 1024\r\n\r\n");
  ASSERT_TRUE(put);
  EXPECT_EQ(put->method, Method::Put);
  EXPECT_EQ(put->content_length, 1024u);  // exactly the limit is allowed
}

TEST(HttpParse, MalformedRequestLinesAre400) {
  for (std::string_view head : {
           "\r\n\r\n",                                  // no request line
           "GET\r\nHost: x\r\n\r\n",                    // no target
           "GET /\r\nHost: x\r\n\r\n",                  // no version
           " GET / HTTP/1.1\r\nHost: x\r\n\r\n",        // leading space
           "GET  / HTTP/1.1\r\nHost: x\r\n\r\n",        // empty target
           "GET / HTTP/1.1 \r\nHost: x\r\n\r\n",        // trailing space in the version
           "G(T / HTTP/1.1\r\nHost: x\r\n\r\n",         // not a token
           "GET readings HTTP/1.1\r\nHost: x\r\n\r\n",  // not origin-form
           "GET /a\tb HTTP/1.1\r\nHost: x\r\n\r\n",     // a tab inside the target
           "GET /\xc3\xa9 HTTP/1.1\r\nHost: x\r\n\r\n", // raw non-ASCII in the target
           "GET / HTTP/1\r\nHost: x\r\n\r\n",           // short version
           "GET / http/1.1\r\nHost: x\r\n\r\n",         // lower-case protocol name
           "GET / HTTP/1.x\r\nHost: x\r\n\r\n",         // not a digit
       }) {
    EXPECT_EQ(error_of(head), RequestError::BadRequest) << head;
  }
}

TEST(HttpParse, MalformedHeaderLinesAre400) {
  for (std::string_view head : {
           "GET / HTTP/1.1\r\n\r\n",                                   // HTTP/1.1 without Host
           "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",             // two Hosts
           "GET / HTTP/1.1\r\nHost: x\r\nNoColon\r\n\r\n",             // no colon
           "GET / HTTP/1.1\r\nHost: x\r\n: empty name\r\n\r\n",        // empty name
           "GET / HTTP/1.1\r\nHost: x\r\nBad Name: v\r\n\r\n",         // space inside the name
           "GET / HTTP/1.1\r\nHost : x\r\n\r\n",                       // space before the colon
           "GET / HTTP/1.1\r\nHost: x\r\nA: b\r\n folded\r\n\r\n",     // obsolete line folding
           "GET / HTTP/1.1\r\nHost: x\nA: b\r\n\r\n",                  // bare LF
           "GET / HTTP/1.1\r\nHost: x\r\nA: b\x01\r\n\r\n",            // control byte
           "GET / HTTP/1.1\r\nHost: x\r\nA: \x7f\r\n\r\n",             // DEL
           "GET / HTTP/1.1\r\nHost: x\r\n\r",                          // not ending in CRLF CRLF
       }) {
    EXPECT_EQ(error_of(head), RequestError::BadRequest) << head;
  }
  EXPECT_EQ(error_of(std::string_view("GET / HTTP/1.1\r\nHost: \0x\r\n\r\n", 28)), RequestError::BadRequest);
}

TEST(HttpParse, BadContentLengthIs400) {
  for (std::string_view cl : {"", "-1", "+1", "0x10", "1 2", "1,1", "abc", "1.0"}) {
    std::string head = "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: " + std::string(cl) + "\r\n\r\n";
    EXPECT_EQ(error_of(head), RequestError::BadRequest) << cl;
  }
  // Two different lengths: request smuggling territory.
  EXPECT_EQ(error_of("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n"),
            RequestError::BadRequest);
  // The same length twice is harmless.
  EXPECT_TRUE(parse("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\n"));
}

TEST(HttpParse, TypedErrorsCarryTheirStatus) {
  EXPECT_EQ(error_of("POST /led HTTP/1.1\r\nHost: x\r\n\r\n"), RequestError::LengthRequired);
  EXPECT_EQ(error_of("PUT /firmware HTTP/1.1\r\nHost: x\r\n\r\n"), RequestError::LengthRequired);
  EXPECT_EQ(error_of("PUT /f HTTP/1.1\r\nHost: x\r\nContent-Length: 1025\r\n\r\n"), RequestError::PayloadTooLarge);
  EXPECT_EQ(error_of("PUT /f HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999999999\r\n\r\n"),
            RequestError::PayloadTooLarge);  // overflows size_t: too large, not wrapped
  EXPECT_EQ(error_of("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"),
            RequestError::NotImplemented);
  EXPECT_EQ(error_of("GET / HTTP/2.0\r\nHost: x\r\n\r\n"), RequestError::VersionNotSupported);
  EXPECT_EQ(error_of("GET / HTTP/1.2\r\nHost: x\r\n\r\n"), RequestError::VersionNotSupported);
  EXPECT_EQ(http::status_of(RequestError::BadRequest), 400);
  EXPECT_EQ(http::status_of(RequestError::LengthRequired), 411);
  EXPECT_EQ(http::status_of(RequestError::PayloadTooLarge), 413);
  EXPECT_EQ(http::status_of(RequestError::HeaderTooLarge), 431);
  EXPECT_EQ(http::status_of(RequestError::NotImplemented), 501);
  EXPECT_EQ(http::status_of(RequestError::VersionNotSupported), 505);
  EXPECT_EQ(http::status_of(RequestError::Closed), 0);
  EXPECT_EQ(http::status_of(RequestError::Stream), 0);
  EXPECT_EQ(http::reason(431), "Request Header Fields Too Large");
}

TEST(HttpParse, FindHeadEnd) {
  EXPECT_EQ(http::find_head_end("GET / HTTP/1.0\r\n"), 0u);
  EXPECT_EQ(http::find_head_end("GET / HTTP/1.0\r\n\r\nbody"), 18u);
}

// ---- Streams ---------------------------------------------------------------------------------

enum class FakeError { Reset };
constexpr mote::io::ErrorKind error_kind(FakeError) noexcept { return mote::io::ErrorKind::ConnectionReset; }

template <class T>
struct Ready {
  T value;
  bool poll(mote::Waker) noexcept { return true; }
  T take() noexcept { return value; }
};

// Delivers `data` in pieces of at most `piece` bytes, then end of stream (or an error if `fail`).
// Records what is written.
struct ScriptedStream {
  ScriptedStream(std::string d, std::size_t p = 1, bool f = false) : data(std::move(d)), piece(p), fail(f) {}
  std::string data;
  std::size_t piece;
  bool fail;
  std::size_t at = 0;
  std::string written;
  std::size_t write_piece = 7;  // takes at most this many bytes per write (a partial writer)

  Ready<mote::Result<std::size_t, FakeError>> read(std::span<std::byte> buf) {
    if (at == data.size()) {
      if (fail) return {mote::Err{FakeError::Reset}};
      return {std::size_t{0}};
    }
    std::size_t n = std::min({piece, buf.size(), data.size() - at});
    std::memcpy(buf.data(), data.data() + at, n);
    at += n;
    return {n};
  }
  Ready<mote::Result<std::size_t, FakeError>> write(std::span<const std::byte> b) {
    std::size_t n = std::min(write_piece, b.size());
    written.append(reinterpret_cast<const char*>(b.data()), n);
    return {n};
  }
};
static_assert(mote::io::Read<ScriptedStream> && mote::io::Write<ScriptedStream>);

std::string read_body_all(http::Connection<ScriptedStream>& c, std::size_t chunk_size) {
  std::string body;
  std::byte chunk[64];
  for (;;) {
    auto n = mote::block_on(c.read_body(std::span(chunk, chunk_size)));
    EXPECT_TRUE(n);
    if (!n || *n == 0) return body;
    body.append(reinterpret_cast<const char*>(chunk), *n);
  }
}

TEST(HttpConnection, ReadsHeadAndBodyInAnyPiecesAndPipelinedRequests) {
  for (std::size_t piece : {1u, 2u, 3u, 5u, 64u, 1000u}) {
    ScriptedStream s{"PUT /firmware HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n0123456789"
                     "GET /next HTTP/1.1\r\nHost: x\r\n\r\n",
                     piece};
    char head[128];
    http::Connection c(s, head);
    auto r = mote::block_on(c.read_request(kMaxBody));
    ASSERT_TRUE(r) << piece;
    EXPECT_EQ(r->path, "/firmware");
    EXPECT_EQ(c.body_remaining(), 10u);
    EXPECT_EQ(read_body_all(c, 3), "0123456789") << piece;
    auto next = mote::block_on(c.read_request(kMaxBody));
    ASSERT_TRUE(next) << piece;
    EXPECT_EQ(next->path, "/next");
    auto end = mote::block_on(c.read_request(kMaxBody));
    ASSERT_FALSE(end);
    EXPECT_EQ(end.error(), RequestError::Closed);
  }
}

TEST(HttpConnection, UnreadBodyIsSkippedBeforeTheNextRequest) {
  ScriptedStream s{"POST /led HTTP/1.1\r\nHost: x\r\nContent-Length: 40\r\n\r\n"
                   "0123456789012345678901234567890123456789"
                   "GET / HTTP/1.1\r\nHost: x\r\n\r\n",
                   16};
  char head[96];
  http::Connection c(s, head);
  ASSERT_TRUE(mote::block_on(c.read_request(kMaxBody)));
  auto next = mote::block_on(c.read_request(kMaxBody));
  ASSERT_TRUE(next);
  EXPECT_EQ(next->path, "/");
}

TEST(HttpConnection, HeadLargerThanTheBufferIs431) {
  std::string big = "GET / HTTP/1.1\r\nHost: x\r\nCookie: " + std::string(200, 'a') + "\r\n\r\n";
  ScriptedStream s{big, 13};
  char head[128];
  http::Connection c(s, head);
  auto r = mote::block_on(c.read_request(kMaxBody));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), RequestError::HeaderTooLarge);
  // A head that exactly fits is accepted.
  std::string exact = "GET / HTTP/1.1\r\nHost: x\r\nA: ";
  exact += std::string(128 - exact.size() - 4, 'b') + "\r\n\r\n";
  ASSERT_EQ(exact.size(), 128u);
  ScriptedStream s2{exact, 5};
  http::Connection c2(s2, head);
  EXPECT_TRUE(mote::block_on(c2.read_request(kMaxBody)));
}

TEST(HttpConnection, EarlyCloseAndStreamErrors) {
  {
    ScriptedStream s{"GET / HTTP/1.1\r\nHo", 4};
    char head[128];
    http::Connection c(s, head);
    auto r = mote::block_on(c.read_request(kMaxBody));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error(), RequestError::Closed);
  }
  {
    ScriptedStream s{"GET / HTTP/1.1\r\nHo", 4, true};
    char head[128];
    http::Connection c(s, head);
    auto r = mote::block_on(c.read_request(kMaxBody));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error(), RequestError::Stream);
    EXPECT_EQ(c.stream_error(), mote::io::ErrorKind::ConnectionReset);
  }
  {  // the body is cut short
    ScriptedStream s{"PUT /f HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n01234", 4};
    char head[128];
    http::Connection c(s, head);
    ASSERT_TRUE(mote::block_on(c.read_request(kMaxBody)));
    std::byte chunk[16];
    std::size_t got = 0;
    mote::Result<std::size_t, RequestError> n = std::size_t{0};
    while ((n = mote::block_on(c.read_body(chunk))) && *n > 0) got += *n;
    ASSERT_FALSE(n);
    EXPECT_EQ(n.error(), RequestError::Closed);
    EXPECT_EQ(got, 5u);
  }
  {  // a malformed head read from a stream gives the parser's error
    ScriptedStream s{"GET / HTTP/1.1\r\nHost x\r\n\r\n", 3};
    char head[128];
    http::Connection c(s, head);
    auto r = mote::block_on(c.read_request(kMaxBody));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error(), RequestError::BadRequest);
  }
}

TEST(HttpWrite, ResponseThroughAPartialWriter) {
  ScriptedStream s{""};
  ASSERT_TRUE(mote::block_on(http::write_response(s, 200, "application/json", std::string_view("{\"led\":true}"))));
  EXPECT_EQ(s.written,
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 12\r\n\r\n{\"led\":true}");
  ScriptedStream e{""};
  ASSERT_TRUE(mote::block_on(http::write_error(e, RequestError::HeaderTooLarge)));
  EXPECT_EQ(e.written,
            "HTTP/1.1 431 Request Header Fields Too Large\r\nContent-Type: text/plain\r\nContent-Length: 31\r\n"
            "Connection: close\r\n\r\nRequest Header Fields Too Large");
  ScriptedStream none{""};
  ASSERT_TRUE(mote::block_on(http::write_error(none, RequestError::Closed)));
  EXPECT_EQ(none.written, "");
  ScriptedStream bad{""};
  auto r = mote::block_on(http::write_head(bad, 200, std::string(65, 't'), 0));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), mote::io::ErrorKind::InvalidInput);
  EXPECT_EQ(bad.written, "");
}

}  // namespace
