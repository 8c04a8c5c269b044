// mote/boot/http_update.hpp: receiving a signed update over HTTP, `PUT /firmware` with the
// image as the body (`curl -T app.img http://device/firmware`), on any byte stream a TCP
// socket (net::TcpSocket) satisfies: io::Read and io::Write. The request is parsed by
// mote/net/http.hpp; the body streams into FirmwareUpdater (begin, write in whole chunks,
// finish), so the image never needs RAM beyond one chunk.
//
//   mote::boot::FirmwareUpdater<Flash> up(layout, policy);
//   mote::boot::HttpUpdate<Flash> http(up, MY_VERSION);          // ~1 KB of buffers inside
//   for (;;) {
//     net::TcpSocket socket(stack, rx, tx);
//     if (!co_await socket.accept(80)) continue;
//     auto verdict = co_await http.serve(socket, socket);        // one connection
//     socket.close();
//     co_await socket.flush();
//     if (verdict) reset();                                       // accepted: the bootloader installs it
//   }
//
// Answers (a text body: "accepted: version 2.0.0, 40714 bytes" or "<boot::Error name>: <its
// message>", so a script can tell the errors apart without parsing prose):
//   200 PUT /firmware accepted (finish() verified it and requested the swap)
//       GET /firmware: the running version and the update state
//   411 PUT without Content-Length (and 400/431/501/505 for other malformed requests, by
//       net/http.hpp: chunked uploads are 501)
//   413 TooLarge: Content-Length larger than ACTIVE (refused before the body is read)
//   422 BadHeader, Truncated, WrongBoard, Corrupt, Unsigned, WrongKey: the image is refused
//   409 VersionRollback (older than the running image), NotConfirmed (the running image is
//       on trial: confirm it before the next update)
//   500 Flash (or any other updater error)
//   404 another path; 405 another method on /firmware
// "Expect: 100-continue" (curl sends it for large uploads) is answered with 100 once begin()
// has accepted the size, so a refused size costs no upload. A body cut short by the client
// (the connection closed early) gets no answer; serve() yields Truncated. Refused images
// leave the running one untouched (FirmwareUpdater). Task context only.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "mote/async.hpp"
#include "mote/boot/firmware_updater.hpp"
#include "mote/io.hpp"
#include "mote/net/http.hpp"

namespace mote::boot {

/// The HTTP status an updater error is answered with (see the top). ISR-safe.
constexpr std::uint16_t http_status(Error e) noexcept {
  switch (e) {
    case Error::TooLarge: return 413;
    case Error::BadHeader:
    case Error::Truncated:
    case Error::WrongBoard:
    case Error::Corrupt:
    case Error::Unsigned:
    case Error::WrongKey: return 422;
    case Error::VersionRollback:
    case Error::NotConfirmed: return 409;
    default: return 500;
  }
}

/// The device side of `PUT /firmware`. `Chunk` (a multiple of the flash's write unit) is the
/// body buffer: what each FirmwareUpdater::write gets. One serve() at a time; task context only.
template <hal::NorFlash Flash, std::size_t Chunk = 512, std::size_t HeadBytes = 512>
class HttpUpdate {
  static_assert(Chunk % Flash::write_size == 0, "chunks must be whole write units (FirmwareUpdater)");

 public:
  /// `running_version` is reported by GET /firmware (the updater's policy decides what it
  /// accepts). Not from an interrupt.
  HttpUpdate(FirmwareUpdater<Flash>& updater, std::uint32_t running_version) noexcept
      : up_(&updater), running_version_(running_version) {}

  /// Serves the requests of one connection until the client closes it, a request cannot be
  /// read (answered and ended: malformed, or a body refused before it was read), or an image
  /// is accepted (after its 200 has been written). Yields the accepted image's header, the
  /// boot::Error of the last refused PUT, or NotStarted when no PUT came. The caller closes
  /// the connection and resets to install an accepted image. Task context only.
  template <io::Read In, io::Write Out>
  Async<Result<ImageHeader, Error>> serve(In& in, Out& out) {
    net::http::Connection<In> conn(in, head_);
    Result<ImageHeader, Error> verdict = Err{Error::NotStarted};
    for (;;) {
      auto req = co_await conn.read_request(static_cast<std::size_t>(-1));  // the updater judges sizes
      if (!req) {
        (void)co_await net::http::write_error(out, req.error());
        co_return verdict;
      }
      const bool close = !req->keep_alive;
      if (req->path != "/firmware") {
        (void)co_await net::http::write_response(out, 404, "text/plain", "only /firmware here\n", close);
      } else if (req->method == net::http::Method::Get) {
        (void)co_await status(out, close);
      } else if (req->method != net::http::Method::Put) {
        (void)co_await net::http::write_response(out, 405, "text/plain", "PUT or GET /firmware\n", close);
      } else {
        cut_short_ = false;
        auto r = co_await receive(conn, *req, out);
        verdict = r;
        if (cut_short_) co_return verdict;  // the client is gone: nothing to answer
        if (r) {
          char text[64];
          const auto n = accepted_text(text, *r);
          (void)co_await net::http::write_response(out, 200, "text/plain", std::string_view(text, n), true);
          co_return verdict;
        }
        const bool early = conn.body_remaining() > 0;  // refused before the whole body was read
        if (early && (!expect_continue_ || began_)) {
          // The client sends the body anyway (it did not ask for 100 Continue, or got it and a
          // write failed midway): read it first, so that closing the connection with unread
          // bytes (a reset) cannot destroy the answer on its way.
          for (;;) {
            auto n = co_await conn.read_body(chunk_);
            if (!n || *n == 0) break;
          }
        }
        if (!(co_await refuse(out, r.error(), close || early))) co_return verdict;
        if (early) co_return verdict;  // the client waits for 100 Continue, or the body was drained: end
      }
      if (close) co_return verdict;
    }
  }

 private:
  /// begin, the body in Chunk-byte writes, finish. A body cut short (the client closed) is
  /// Truncated with cut_short_ set (nothing can be answered then).
  template <class Conn, io::Write Out>
  Async<Result<ImageHeader, Error>> receive(Conn& conn, const net::http::Request& req, Out& out) {
    expect_continue_ = net::http::detail::iequals(req.header("expect"), "100-continue");
    began_ = false;
    if (req.content_length > std::uint32_t(-1)) co_return Err{Error::TooLarge};
    const auto size = static_cast<std::uint32_t>(req.content_length);
    if (auto b = co_await up_->begin(size); !b) co_return Err{b.error()};
    began_ = true;
    if (expect_continue_) {
      constexpr std::string_view cont = "HTTP/1.1 100 Continue\r\n\r\n";
      (void)co_await net::http::write_all(out, std::as_bytes(std::span(cont.data(), cont.size())));
    }
    std::uint32_t at = 0;
    while (at < size) {
      std::size_t have = 0;  // fill a whole chunk (the socket hands out what has arrived)
      const std::size_t want = std::min<std::size_t>(chunk_.size(), size - at);
      while (have < want) {
        auto n = co_await conn.read_body(std::span(chunk_).subspan(have, want - have));
        if (!n || *n == 0) {
          cut_short_ = true;
          co_return Err{Error::Truncated};
        }
        have += *n;
      }
      if (auto w = co_await up_->write(at, std::span(chunk_).first(have)); !w) {
        co_return Err{w.error()};
      }
      at += static_cast<std::uint32_t>(have);
    }
    co_return co_await up_->finish();
  }

  /// Answers a refused PUT: its status and "<Name>: <message>". False if the answer could not
  /// be written.
  template <io::Write Out>
  Async<bool> refuse(Out& out, Error e, bool close) {
    char text[96];
    std::size_t n = 0;
    auto put = [&](std::string_view s) {
      const std::size_t k = std::min(s.size(), sizeof text - 1 - n);
      std::memcpy(text + n, s.data(), k);
      n += k;
    };
    put(error_name(e));
    put(": ");
    put(error_message(e));
    put("\n");
    auto w = co_await net::http::write_response(out, http_status(e), "text/plain", std::string_view(text, n), close);
    co_return w.has_value();
  }

  template <io::Write Out>
  Async<Result<void, io::ErrorKind>> status(Out& out, bool close) {
    static constexpr const char* states[] = {"idle", "receiving", "pending", "trial"};
    char text[64];
    std::size_t n = put_version(text, "running ", running_version_);
    auto st = up_->state();
    const std::string_view s = st ? states[static_cast<std::size_t>(*st)] : "state unreadable";
    text[n++] = ',';
    text[n++] = ' ';
    std::memcpy(text + n, s.data(), s.size());
    n += s.size();
    text[n++] = '\n';
    co_return co_await net::http::write_response(out, 200, "text/plain", std::string_view(text, n), close);
  }

  /// "<prefix>major.minor.patch" into `out`; returns the length.
  static std::size_t put_version(char* out, std::string_view prefix, std::uint32_t v) noexcept {
    std::memcpy(out, prefix.data(), prefix.size());
    std::size_t n = prefix.size();
    const unsigned parts[3] = {v >> 24, (v >> 16) & 0xFF, v & 0xFFFF};
    for (int i = 0; i < 3; ++i) {
      if (i) out[n++] = '.';
      n += net::http::detail::format_decimal(out + n, parts[i]);
    }
    return n;
  }

  static std::size_t accepted_text(char (&out)[64], const ImageHeader& h) noexcept {
    std::size_t n = put_version(out, "accepted: version ", h.version);
    constexpr std::string_view mid = ", ";
    std::memcpy(out + n, mid.data(), mid.size());
    n += mid.size();
    n += net::http::detail::format_decimal(out + n, h.total_size());
    constexpr std::string_view tail = " bytes\n";
    std::memcpy(out + n, tail.data(), tail.size());
    return n + tail.size();
  }

  FirmwareUpdater<Flash>* up_;
  std::uint32_t running_version_;
  bool cut_short_ = false;        // the last PUT's body ended early (the client closed)
  bool expect_continue_ = false;  // the last PUT asked for 100 Continue
  bool began_ = false;            // the last PUT's size was accepted (100 Continue sent if asked)
  std::array<char, HeadBytes> head_;
  std::array<std::byte, Chunk> chunk_;
};

}  // namespace mote::boot
