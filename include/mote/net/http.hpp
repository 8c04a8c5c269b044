// mote/net/http.hpp: a small HTTP/1.1 server helper over any byte stream (mote::io::Read and
// io::Write: a net::TcpSocket, a UART, a mote::Pipe in a test). No heap, no lwIP: the request's
// head is parsed in place in a buffer the caller gives, the body is streamed in the caller's
// chunks, so a 1 MiB firmware upload needs no more RAM than a GET.
//
//   char head[512];                                   // the largest request head accepted
//   mote::net::http::Connection conn(socket, head);
//   auto req = co_await conn.read_request(64 * 1024);  // bodies above 64 KiB get 413
//   if (!req) { co_await mote::net::http::write_error(socket, req.error()); ... close }
//   if (req->method == Method::Put) {
//     std::byte chunk[256];
//     for (;;) {
//       auto n = co_await conn.read_body(chunk);       // 0: the whole body (Content-Length) read
//       ...
//     }
//   }
//   co_await mote::net::http::write_response(socket, 200, "text/plain", "done\n");
//
// What it accepts (RFC 9112, the part a device needs): a request line `METHOD SP target SP
// HTTP/1.x` with an origin-form target (`/path?query`) or `*`; header fields `name: value`, each
// line ending in CRLF; a body only by Content-Length. Transfer-Encoding (chunked uploads) is not
// implemented (501): a device's client can send a length. Every violation is a typed
// RequestError naming the status to answer with, so a server answers bad input with the right
// code instead of guessing:
//   400 BadRequest        malformed request line, header line or Content-Length; a missing
//                         Host in HTTP/1.1; a folded header line; a NUL or control byte
//   411 LengthRequired    a POST or PUT without Content-Length
//   413 PayloadTooLarge   a Content-Length above the caller's limit
//   431 HeaderTooLarge    a head that does not fit the caller's buffer
//   501 NotImplemented    Transfer-Encoding
//   505 VersionNotSupported  not HTTP/1.0 or HTTP/1.1
//   Closed / Stream       the client closed, or the stream failed, before a whole request came
//                         (nothing to answer: close the connection)
//
// Every function here is task context (it awaits the stream); none is ISR-safe. The pure
// functions (parse_head, find_head_end, status_of, reason) may be called from anywhere, an
// interrupt included: they only read their arguments.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <string_view>

#include "mote/async.hpp"
#include "mote/io.hpp"
#include "mote/result.hpp"

namespace mote::net::http {

enum class Method : std::uint8_t { Get, Head, Post, Put, Delete, Options, Patch, Other };

/// Why a request could not be read; status_of() gives the response status (0: none possible).
enum class RequestError : std::uint8_t {
  BadRequest,           ///< 400
  LengthRequired,       ///< 411
  PayloadTooLarge,      ///< 413
  HeaderTooLarge,       ///< 431
  NotImplemented,       ///< 501 (Transfer-Encoding)
  VersionNotSupported,  ///< 505
  Closed,               ///< the client closed before a whole request (or body) arrived
  Stream,               ///< the stream failed (Connection::stream_error() says how)
};

/// The status code to answer `e` with; 0 for Closed and Stream (no answer can be sent). ISR-safe.
constexpr std::uint16_t status_of(RequestError e) noexcept {
  switch (e) {
    case RequestError::BadRequest: return 400;
    case RequestError::LengthRequired: return 411;
    case RequestError::PayloadTooLarge: return 413;
    case RequestError::HeaderTooLarge: return 431;
    case RequestError::NotImplemented: return 501;
    case RequestError::VersionNotSupported: return 505;
    case RequestError::Closed:
    case RequestError::Stream: break;
  }
  return 0;
}

/// The reason phrase of the statuses a device answers with ("" for others). ISR-safe.
constexpr std::string_view reason(std::uint16_t status) noexcept {
  switch (status) {
    case 200: return "OK";
    case 201: return "Created";
    case 204: return "No Content";
    case 303: return "See Other";
    case 400: return "Bad Request";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 409: return "Conflict";
    case 411: return "Length Required";
    case 413: return "Content Too Large";
    case 422: return "Unprocessable Content";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 503: return "Service Unavailable";
    case 505: return "HTTP Version Not Supported";
    default: return "";
  }
}

/// For Result::unwrap()'s panic message. ISR-safe.
constexpr const char* error_message(RequestError e) noexcept {
  switch (e) {
    case RequestError::BadRequest: return "http: bad request";
    case RequestError::LengthRequired: return "http: length required";
    case RequestError::PayloadTooLarge: return "http: body too large";
    case RequestError::HeaderTooLarge: return "http: head too large";
    case RequestError::NotImplemented: return "http: transfer-encoding not implemented";
    case RequestError::VersionNotSupported: return "http: version not supported";
    case RequestError::Closed: return "http: client closed";
    case RequestError::Stream: return "http: stream error";
  }
  return "http: ?";
}

/// A parsed request head. Its string_views point into the buffer it was parsed from (the
/// Connection's), valid until the next read_request.
struct Request {
  Method method = Method::Other;
  std::string_view method_name;   ///< as sent ("GET", "PROPFIND")
  std::string_view target;        ///< "/path?query" or "*"
  std::string_view path;          ///< target up to '?'
  std::string_view query;         ///< after '?' ("" if none)
  std::uint8_t version_minor = 1; ///< HTTP/1.0 or HTTP/1.1
  bool has_content_length = false;
  std::size_t content_length = 0; ///< 0 without a Content-Length
  bool keep_alive = true;         ///< HTTP/1.1 unless "Connection: close"; HTTP/1.0 only with keep-alive
  std::string_view content_type;  ///< "" if none
  std::string_view fields;        ///< the header lines, each ending in CRLF (for header())

  /// The value of the first header field named `name` (case-insensitive), trimmed; "" if none.
  /// ISR-safe.
  std::string_view header(std::string_view name) const noexcept;
};

namespace detail {

constexpr char lower(char c) noexcept { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

constexpr bool iequals(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

// RFC 9110 tchar: what a method or a field name may be made of.
constexpr bool is_tchar(char c) noexcept {
  if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return true;
  return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

// string_view::substr without its exception (mote builds with -fno-exceptions, and the throw
// would link libstdc++'s exception machinery into a firmware): `pos` past the end gives "".
constexpr std::string_view sub(std::string_view s, std::size_t pos, std::size_t n = std::string_view::npos) noexcept {
  if (pos > s.size()) pos = s.size();
  return {s.data() + pos, n < s.size() - pos ? n : s.size() - pos};
}

constexpr std::string_view trim(std::string_view s) noexcept {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

constexpr Method method_of(std::string_view m) noexcept {
  if (m == "GET") return Method::Get;
  if (m == "HEAD") return Method::Head;
  if (m == "POST") return Method::Post;
  if (m == "PUT") return Method::Put;
  if (m == "DELETE") return Method::Delete;
  if (m == "OPTIONS") return Method::Options;
  if (m == "PATCH") return Method::Patch;
  return Method::Other;
}

/// Writes `v` in decimal at the end of `out` (which has room for 20 digits); returns the count.
inline std::size_t format_decimal(char* out, std::size_t v) noexcept {
  char digits[20];
  std::size_t n = 0;
  do {
    digits[n++] = static_cast<char>('0' + v % 10);
    v /= 10;
  } while (v != 0);
  for (std::size_t i = 0; i < n; ++i) out[i] = digits[n - 1 - i];
  return n;
}

/// The io::ErrorKind of a failed stream result (a plain result cannot fail).
template <class R>
constexpr io::ErrorKind kind_of(const R& r) noexcept {
  if constexpr (std::same_as<io::error_t<R>, io::Infallible>) {
    (void)r;
    return io::ErrorKind::Other;
  } else {
    return error_kind(r.error());
  }
}

}  // namespace detail

inline std::string_view Request::header(std::string_view name) const noexcept {
  std::string_view rest = fields;
  while (!rest.empty()) {
    const std::size_t eol = rest.find("\r\n");
    const std::string_view line = detail::sub(rest, 0, eol);
    rest.remove_prefix(eol == std::string_view::npos ? rest.size() : eol + 2);
    const std::size_t colon = line.find(':');
    if (colon != std::string_view::npos && detail::iequals(detail::sub(line, 0, colon), name)) {
      return detail::trim(detail::sub(line, colon + 1));
    }
  }
  return {};
}

/// Where the head in `bytes` ends: the index just past its blank line (CRLF CRLF), or 0 while
/// it is incomplete. ISR-safe.
constexpr std::size_t find_head_end(std::string_view bytes) noexcept {
  const std::size_t at = bytes.find("\r\n\r\n");
  return at == std::string_view::npos ? 0 : at + 4;
}

/// Parses a request head: `head` runs from the request line to its blank line included
/// (find_head_end's length). `max_body` bounds Content-Length (413 above it). ISR-safe.
inline Result<Request, RequestError> parse_head(std::string_view head, std::size_t max_body) noexcept {
  using detail::is_tchar;
  Request r;
  if (head.size() < 4 || detail::sub(head, head.size() - 4) != "\r\n\r\n") return Err{RequestError::BadRequest};
  for (char c : head) {  // NUL and other controls (but TAB, CR, LF) are never valid in a head
    const auto u = static_cast<unsigned char>(c);
    if ((u < 0x20 && c != '\t' && c != '\r' && c != '\n') || u == 0x7f) return Err{RequestError::BadRequest};
  }
  // Request line.
  const std::size_t line_end = head.find("\r\n");
  std::string_view line = detail::sub(head, 0, line_end);
  if (line.find('\n') != std::string_view::npos) return Err{RequestError::BadRequest};  // bare LF
  const std::size_t sp1 = line.find(' ');
  if (sp1 == 0 || sp1 == std::string_view::npos) return Err{RequestError::BadRequest};
  r.method_name = detail::sub(line, 0, sp1);
  for (char c : r.method_name) {
    if (!is_tchar(c)) return Err{RequestError::BadRequest};
  }
  r.method = detail::method_of(r.method_name);
  const std::size_t sp2 = line.find(' ', sp1 + 1);
  if (sp2 == std::string_view::npos || sp2 == sp1 + 1) return Err{RequestError::BadRequest};
  r.target = detail::sub(line, sp1 + 1, sp2 - sp1 - 1);
  for (char c : r.target) {
    if (c == '\t' || static_cast<unsigned char>(c) >= 0x80) return Err{RequestError::BadRequest};
  }
  if (r.target != "*" && r.target.front() != '/') return Err{RequestError::BadRequest};
  const std::string_view version = detail::sub(line, sp2 + 1);
  if (version.size() != 8 || detail::sub(version, 0, 5) != "HTTP/" || version[6] != '.' || version[5] < '0' ||
      version[5] > '9' || version[7] < '0' || version[7] > '9') {
    return Err{RequestError::BadRequest};
  }
  if (version[5] != '1' || (version[7] != '0' && version[7] != '1')) return Err{RequestError::VersionNotSupported};
  r.version_minor = static_cast<std::uint8_t>(version[7] - '0');
  r.keep_alive = r.version_minor == 1;
  const std::size_t q = r.target.find('?');
  r.path = detail::sub(r.target, 0, q);
  if (q != std::string_view::npos) r.query = detail::sub(r.target, q + 1);

  // Header fields: from after the request line to before the final CRLF.
  r.fields = detail::sub(head, line_end + 2, head.size() - 2 - (line_end + 2));
  bool has_host = false;
  std::string_view rest = r.fields;
  while (!rest.empty()) {
    const std::size_t eol = rest.find("\r\n");
    line = detail::sub(rest, 0, eol);
    rest.remove_prefix(eol + 2);  // every field line ends in CRLF (the head's blank line follows)
    if (line.find('\n') != std::string_view::npos) return Err{RequestError::BadRequest};  // bare LF
    if (line.empty() || line.front() == ' ' || line.front() == '\t') {
      return Err{RequestError::BadRequest};  // obsolete line folding (RFC 9112 5.2: reject)
    }
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0) return Err{RequestError::BadRequest};
    const std::string_view name = detail::sub(line, 0, colon);
    for (char c : name) {  // also rejects "Name : value" (a space before the colon, RFC 9112 5.1)
      if (!is_tchar(c)) return Err{RequestError::BadRequest};
    }
    const std::string_view value = detail::trim(detail::sub(line, colon + 1));
    if (detail::iequals(name, "content-length")) {
      if (value.empty()) return Err{RequestError::BadRequest};
      std::size_t n = 0;
      for (char c : value) {
        if (c < '0' || c > '9') return Err{RequestError::BadRequest};  // also "-1", "1, 2", "0x10"
        const std::size_t digit = static_cast<std::size_t>(c - '0');
        if (n > (static_cast<std::size_t>(-1) - digit) / 10) return Err{RequestError::PayloadTooLarge};
        n = n * 10 + digit;
      }
      // Two different lengths would let a proxy and this server split requests differently.
      if (r.has_content_length && n != r.content_length) return Err{RequestError::BadRequest};
      r.has_content_length = true;
      r.content_length = n;
    } else if (detail::iequals(name, "transfer-encoding")) {
      return Err{RequestError::NotImplemented};
    } else if (detail::iequals(name, "host")) {
      if (has_host) return Err{RequestError::BadRequest};  // RFC 9112 3.2: exactly one
      has_host = true;
    } else if (detail::iequals(name, "connection")) {
      if (detail::iequals(value, "close")) r.keep_alive = false;
      if (detail::iequals(value, "keep-alive")) r.keep_alive = true;
    } else if (detail::iequals(name, "content-type")) {
      r.content_type = value;
    }
  }
  if (r.version_minor == 1 && !has_host) return Err{RequestError::BadRequest};
  if ((r.method == Method::Post || r.method == Method::Put) && !r.has_content_length) {
    return Err{RequestError::LengthRequired};
  }
  if (r.content_length > max_body) return Err{RequestError::PayloadTooLarge};
  return r;
}

/// Writes all of `bytes` to `out`: Result<void, io::ErrorKind>. Task context.
template <io::Write W>
Async<Result<void, io::ErrorKind>> write_all(W& out, std::span<const std::byte> bytes) {
  while (!bytes.empty()) {
    auto w = co_await out.write(bytes);
    if (!io::ok(w)) co_return Err{detail::kind_of(w)};
    const std::size_t n = io::value(w);
    if (n == 0) co_return Err{io::ErrorKind::WriteZero};
    bytes = bytes.subspan(n);
  }
  co_return Result<void, io::ErrorKind>{};
}

/// Writes a response head: status line, Content-Type (omitted if empty), Content-Length and,
/// if `close`, "Connection: close". The body (exactly `content_length` bytes) follows with
/// write_all. A content type longer than 64 characters is io::ErrorKind::InvalidInput. Task
/// context.
template <io::Write W>
Async<Result<void, io::ErrorKind>> write_head(W& out, std::uint16_t status, std::string_view content_type,
                                              std::size_t content_length, bool close = false) {
  // One buffer, one write: the head leaves in one segment instead of one per piece.
  char head[160];
  if (content_type.size() > 64 || status < 100 || status > 999) co_return Err{io::ErrorKind::InvalidInput};
  std::size_t n = 0;
  auto put = [&](std::string_view s) {
    std::memcpy(head + n, s.data(), s.size());
    n += s.size();
  };
  put("HTTP/1.1 ");
  n += detail::format_decimal(head + n, status);
  put(" ");
  const std::string_view phrase = reason(status);
  put(phrase.size() <= 31 ? phrase : std::string_view{});
  if (!content_type.empty()) {
    put("\r\nContent-Type: ");
    put(content_type);
  }
  put("\r\nContent-Length: ");
  n += detail::format_decimal(head + n, content_length);
  if (close) put("\r\nConnection: close");
  put("\r\n\r\n");
  co_return co_await write_all(out, std::as_bytes(std::span<const char>(head, n)));
}

/// Writes a whole response: head and body. Task context.
template <io::Write W>
Async<Result<void, io::ErrorKind>> write_response(W& out, std::uint16_t status, std::string_view content_type,
                                                  std::span<const std::byte> body, bool close = false) {
  if (auto h = co_await write_head(out, status, content_type, body.size(), close); !h) co_return h;
  co_return co_await write_all(out, body);
}
template <io::Write W>
Async<Result<void, io::ErrorKind>> write_response(W& out, std::uint16_t status, std::string_view content_type,
                                                  std::string_view body, bool close = false) {
  return write_response(out, status, content_type, std::as_bytes(std::span<const char>(body.data(), body.size())),
                        close);
}

/// Answers a request that could not be read: its status, its reason as a text body, and
/// "Connection: close" (the stream's position in the request is lost). Does nothing for
/// Closed and Stream. Task context.
template <io::Write W>
Async<Result<void, io::ErrorKind>> write_error(W& out, RequestError e) {
  const std::uint16_t status = status_of(e);
  if (status == 0) co_return Result<void, io::ErrorKind>{};
  co_return co_await write_response(out, status, "text/plain", reason(status), true);
}

/// Reads requests from one stream: the head into the caller's buffer (its size bounds the
/// head: 431 above it), the body in the caller's chunks. Bytes after a request's body (a
/// pipelined next request) stay for the next read_request. Task context; one operation at a
/// time. Cancelling read_request or read_body loses the connection's position in the stream:
/// answer nothing more on it.
template <io::Read S>
class Connection {
 public:
  Connection(S& stream, std::span<char> head_buffer) noexcept : stream_(stream), buf_(head_buffer) {}

  /// Reads and parses the next request head (skipping what is left of the previous body).
  /// Result<Request, RequestError>; the Request's views point into the head buffer.
  Async<Result<Request, RequestError>> read_request(std::size_t max_body) {
    std::byte discard[32];
    while (body_left_ > 0) {  // the handler did not read the whole body: skip it
      auto n = co_await read_body(discard);
      if (!n) co_return Err{n.error()};
    }
    // Keep what followed the previous request (pipelining), at the buffer's start.
    std::memmove(buf_.data(), buf_.data() + pos_, filled_ - pos_);
    filled_ -= pos_;
    pos_ = 0;
    std::size_t end = 0;
    std::size_t scanned = 0;  // where the search for the blank line resumes (less 3 for a split CRLFCRLF)
    while ((end = find_head_end(std::string_view(buf_.data() + scanned, filled_ - scanned))) == 0) {
      scanned = filled_ > 3 ? filled_ - 3 : 0;
      if (filled_ == buf_.size()) co_return Err{RequestError::HeaderTooLarge};
      auto n = co_await stream_.read(std::as_writable_bytes(buf_.subspan(filled_)));
      if (!io::ok(n)) {
        error_ = detail::kind_of(n);
        co_return Err{RequestError::Stream};
      }
      if (io::value(n) == 0) co_return Err{RequestError::Closed};
      filled_ += io::value(n);
    }
    end += scanned;
    auto r = parse_head(std::string_view(buf_.data(), end), max_body);
    if (!r) co_return r;
    pos_ = end;
    body_left_ = r->content_length;
    co_return r;
  }

  /// Reads the next bytes of the body into `chunk`: Result<count, RequestError>, 0 once the
  /// whole body (Content-Length) has been read. Closed if the client closes before.
  Async<Result<std::size_t, RequestError>> read_body(std::span<std::byte> chunk) {
    if (body_left_ == 0 || chunk.empty()) co_return std::size_t{0};
    const std::size_t want = chunk.size() < body_left_ ? chunk.size() : body_left_;
    if (pos_ < filled_) {  // body bytes that arrived with the head
      const std::size_t n = want < filled_ - pos_ ? want : filled_ - pos_;
      std::memcpy(chunk.data(), buf_.data() + pos_, n);
      pos_ += n;
      body_left_ -= n;
      co_return n;
    }
    auto n = co_await stream_.read(chunk.first(want));
    if (!io::ok(n)) {
      error_ = detail::kind_of(n);
      co_return Err{RequestError::Stream};
    }
    if (io::value(n) == 0) co_return Err{RequestError::Closed};
    body_left_ -= io::value(n);
    co_return io::value(n);
  }

  /// Body bytes of the current request not yet read.
  std::size_t body_remaining() const noexcept { return body_left_; }
  /// The stream's error after RequestError::Stream.
  io::ErrorKind stream_error() const noexcept { return error_; }

 private:
  S& stream_;
  std::span<char> buf_;
  std::size_t filled_ = 0;     // bytes in buf_
  std::size_t pos_ = 0;        // the first byte not yet consumed (after the head, then the body)
  std::size_t body_left_ = 0;  // of the current request's body
  io::ErrorKind error_ = io::ErrorKind::Other;
};

}  // namespace mote::net::http
