// mote/boot/uart_update.hpp: receiving a signed update over a byte stream (a UART, a socket):
// a small framed protocol with CRC-32, ACK/NAK carrying the offset the device expects next, and
// resume after a lost connection. The device side of tools/mote-push (docs/boot.md, "UART
// transport", has the wire format).
//
//   mote::boot::FirmwareUpdater<Flash> up(layout, policy);
//   mote::boot::UartUpdate<Flash> link(up, MY_VERSION);        // holds the frame buffer
//   auto verdict = co_await link.serve(serial, serial);        // any io::Read and io::Write
//   if (verdict) reset();                                       // accepted: the bootloader installs it
//   else printf("%s\n", error_message(verdict.error()));
//
// Stop-and-wait: the host sends one frame and waits for the device's answer. Every answer says
// which image offset the device needs next, so a lost frame, a lost answer or a host tool that
// was restarted all recover the same way: the host sends from that offset. The device writes a
// chunk only when its CRC is good and it starts exactly at that offset: bytes are never written
// twice nor out of order (FirmwareUpdater's alignment rules follow from it). Bytes that are not
// part of a frame (text from a console sharing the line, a resync preamble) are skipped.
// Portable: no timer, no board code; serve() runs in a task (not from an interrupt).
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <span>

#include "mote/async.hpp"
#include "mote/boot/firmware_updater.hpp"
#include "mote/io.hpp"

namespace mote::boot {

namespace uart_update {

/// Every frame starts with this byte (not ASCII: console text on the same line never starts one).
inline constexpr std::uint8_t start_byte = 0xA5;
/// start, type, payload length (2), offset (4).
inline constexpr std::size_t header_bytes = 8;
inline constexpr std::size_t crc_bytes = 4;
/// The longest payload the protocol allows; a device may accept less (its STATUS says how much).
/// A host that (re)connects first sends header_bytes + max_payload + crc_bytes zero bytes, which
/// complete any frame the device had half received (it fails its CRC) and are then skipped.
inline constexpr std::size_t max_payload = 1024;
/// BEGIN's payload: the image size and the image's SHA-256 digest (header bytes 96..127), which
/// names the image, so a resumed push continues the same image and no other; an optional 37th
/// byte of 1 makes the device start over instead of resuming what DFU holds after a reset.
inline constexpr std::size_t begin_payload = 4 + 32;
/// STATUS's payload: state, 0, max payload (2), image size (4), running version (4), image digest (32).
inline constexpr std::size_t status_payload = 44;

/// Frame types: host to device below 0x80, device to host from 0x80.
enum class Type : std::uint8_t {
  Hello = 0x01,   ///< asks for STATUS
  Begin = 0x02,   ///< starts or resumes an image: payload begin_payload (+1); ACK: offset, CRC-32 of DFU before it
  Data = 0x03,    ///< image bytes at `offset`
  Finish = 0x04,  ///< check the image (FirmwareUpdater::finish): DONE or ERROR
  Reset = 0x05,   ///< the host is done: the device ACKs and serve() returns
  Status = 0x81,  ///< offset = next expected; payload status_payload
  Ack = 0x82,     ///< offset = next expected
  Nak = 0x83,     ///< offset = next expected; payload: the reason (1 byte, NakReason)
  Error = 0x84,   ///< offset = next expected; payload: boot::Error (1 byte) + its message
  Done = 0x85,    ///< the image is accepted: offset = its size, payload its version (4)
};

/// Why a frame was refused (nothing of it was written).
enum class NakReason : std::uint8_t {
  BadCrc = 1,       ///< the CRC does not match: damaged on the line
  WrongOffset = 2,  ///< DATA not at the offset the device expects
  TooLong = 3,      ///< a payload longer than the device accepts (its STATUS says how long)
  BadFrame = 4,     ///< an unknown type, or a payload of the wrong length for its type
};

/// CRC-32 of IEEE 802.3 (reflected 0xEDB88320, initial and final XOR 0xFFFFFFFF: zlib.crc32),
/// continued from `crc` (0 to start). A 16-entry table: small, and fast enough for a UART. ISR-safe.
constexpr std::uint32_t crc32(std::span<const std::byte> bytes, std::uint32_t crc = 0) noexcept {
  constexpr std::uint32_t table[16] = {0x00000000, 0x1DB71064, 0x3B6E20C8, 0x26D930AC, 0x76DC4190, 0x6B6B51F4,
                                       0x4DB26158, 0x5005713C, 0xEDB88320, 0xF00F9344, 0xD6D6A3E8, 0xCB61B38C,
                                       0x9B64C2B0, 0x86D3D2D4, 0xA00AE278, 0xBDBDF21C};
  crc = ~crc;
  for (std::byte b : bytes) {
    crc ^= std::to_integer<std::uint32_t>(b);
    crc = (crc >> 4) ^ table[crc & 15];
    crc = (crc >> 4) ^ table[crc & 15];
  }
  return ~crc;
}

/// Little-endian helpers of the wire format. ISR-safe.
constexpr std::uint32_t get_le(const std::byte* p, std::size_t n) noexcept {
  std::uint32_t v = 0;
  for (std::size_t i = n; i-- > 0;) v = v << 8 | std::to_integer<std::uint32_t>(p[i]);
  return v;
}
constexpr void put_le(std::byte* p, std::uint32_t v, std::size_t n) noexcept {
  for (std::size_t i = 0; i < n; ++i) p[i] = static_cast<std::byte>(v >> (8 * i));
}

/// Builds a frame into `out` (at least header_bytes + payload + crc_bytes); returns its length. ISR-safe.
constexpr std::size_t encode(std::span<std::byte> out, Type type, std::uint32_t offset,
                             std::span<const std::byte> payload) noexcept {
  out[0] = std::byte{start_byte};
  out[1] = static_cast<std::byte>(type);
  put_le(&out[2], static_cast<std::uint32_t>(payload.size()), 2);
  put_le(&out[4], offset, 4);
  for (std::size_t i = 0; i < payload.size(); ++i) out[header_bytes + i] = payload[i];
  const std::size_t end = header_bytes + payload.size();
  put_le(&out[end], crc32(out.subspan(1, end - 1)), 4);
  return end + crc_bytes;
}

namespace detail {
constexpr std::array<std::byte, 9> crc_check_input{std::byte{'1'}, std::byte{'2'}, std::byte{'3'}, std::byte{'4'}, std::byte{'5'},
                                                   std::byte{'6'}, std::byte{'7'}, std::byte{'8'}, std::byte{'9'}};
static_assert(crc32(crc_check_input) == 0xCBF43926u, "the CRC-32 check value of the catalogue");
}  // namespace detail

}  // namespace uart_update

/// What a serve() saw, for logs and tests.
struct UartUpdateStats {
  std::uint32_t frames = 0;         ///< frames with a good CRC
  std::uint32_t naks = 0;           ///< NAKs sent (bad CRC, wrong offset, too long, bad frame)
  std::uint32_t stream_errors = 0;  ///< read errors of the stream (a UART overrun): the frame in progress is dropped
  bool ended_by_host = false;       ///< the last serve() ended with RESET (not with the end of the stream)
};

/// The device side: reads frames from a stream, drives `updater`, answers each frame.
/// `MaxPayload` (a multiple of the flash's write unit, at most uart_update::max_payload) sizes
/// the frame buffer kept in this object. One serve() at a time; task context only.
template <hal::NorFlash Flash, std::size_t MaxPayload = 512>
class UartUpdate {
  static_assert(MaxPayload >= 64 && MaxPayload <= uart_update::max_payload, "MaxPayload: 64 to 1024 bytes");
  static_assert(MaxPayload % Flash::write_size == 0, "chunks must be whole write units (FirmwareUpdater)");

 public:
  /// `running_version` is reported in STATUS (the host shows it; the updater's policy decides).
  /// Not from an interrupt (nothing would need it there).
  UartUpdate(FirmwareUpdater<Flash>& updater, std::uint32_t running_version) noexcept
      : up_(&updater), running_version_(running_version) {}

  /// Serves frames until the host sends RESET or the stream ends (a read of 0 bytes). Yields
  /// the verdict of the last FINISH (the accepted image's header, or the boot::Error it was
  /// refused with); NotStarted when no FINISH came. The caller resets to install an accepted
  /// image. Read errors (overruns) drop the frame in progress; the host resends it. Task
  /// context only (it awaits the streams and the updater's futures).
  template <io::Read In, io::Write Out>
  Async<Result<ImageHeader, Error>> serve(In& in, Out& out) {
    have_ = 0;
    stats_.ended_by_host = false;
    std::span<const std::byte> pending;  // bytes read while hunting, not yet looked at
    for (;;) {
      Event e = Event::None;
      if (!pending.empty()) {
        e = feed(pending);
      } else {
        // Inside a frame, read straight into the frame buffer, never beyond the frame.
        const bool direct = have_ > 0;
        const std::span<std::byte> into = direct ? std::span(frame_).subspan(have_, needed() - have_) : std::span(rx_);
        auto got = co_await in.read(into);
        if (!io::ok(got)) {
          ++stats_.stream_errors;
          have_ = 0;
          continue;
        }
        const std::size_t n = io::value(got);
        if (n == 0) break;
        if (!direct) {
          pending = std::span(rx_).first(n);
          continue;
        }
        have_ += n;
        e = check();
      }
      if (e == Event::None) continue;
      if (e == Event::BadCrc || e == Event::TooLong) {
        co_await nak(out, e == Event::BadCrc ? uart_update::NakReason::BadCrc : uart_update::NakReason::TooLong);
        continue;
      }
      ++stats_.frames;
      if (co_await handle(out)) co_return result();
    }
    co_return result();
  }

  /// Counts since construction (ended_by_host: of the last serve()). Task context, on the
  /// executor that runs serve() (a plain copy, not synchronised); not from an interrupt.
  UartUpdateStats stats() const noexcept { return stats_; }

 private:
  using Type = uart_update::Type;
  using NakReason = uart_update::NakReason;
  static constexpr std::size_t hdr = uart_update::header_bytes;
  enum class Event : std::uint8_t { None, Frame, BadCrc, TooLong };

  Result<ImageHeader, Error> result() const {
    if (verdict_) return *verdict_;
    return Err{Error::NotStarted};
  }

  /// The bytes the frame being assembled needs in all: its header, then all of it.
  std::size_t needed() const noexcept {
    if (have_ < hdr) return hdr;
    return hdr + uart_update::get_le(&frame_[2], 2) + uart_update::crc_bytes;
  }

  /// What the have_ bytes of frame_ amount to.
  Event check() noexcept {
    if (have_ < hdr) return Event::None;
    const std::size_t len = uart_update::get_le(&frame_[2], 2);
    if (len > MaxPayload) {  // a corrupt length, or a host that ignored STATUS: hunt again
      have_ = 0;
      return Event::TooLong;
    }
    if (have_ < hdr + len + uart_update::crc_bytes) return Event::None;
    have_ = 0;
    const std::uint32_t crc = uart_update::crc32(std::span(frame_).subspan(1, hdr + len - 1));
    return crc == uart_update::get_le(&frame_[hdr + len], 4) ? Event::Frame : Event::BadCrc;
  }

  /// Takes bytes from the front of `in` into the frame assembler until a frame ends (or is
  /// refused) or `in` is used up; bytes before a start byte are skipped.
  Event feed(std::span<const std::byte>& in) noexcept {
    while (!in.empty()) {
      if (have_ == 0) {
        const auto* at = std::find(in.data(), in.data() + in.size(), std::byte{uart_update::start_byte});
        in = in.subspan(static_cast<std::size_t>(at - in.data()));
        if (in.empty()) break;
      }
      const std::size_t k = std::min(needed() - have_, in.size());
      std::memcpy(&frame_[have_], in.data(), k);
      have_ += k;
      in = in.subspan(k);
      if (const Event e = check(); e != Event::None) return e;
    }
    return Event::None;
  }

  /// Acts on the frame in frame_ and answers; true when serve() should return.
  Async<bool> handle(auto& out) {
    const auto type = static_cast<Type>(frame_[1]);
    const std::size_t len = uart_update::get_le(&frame_[2], 2);
    const std::uint32_t offset = uart_update::get_le(&frame_[4], 4);
    const std::span<const std::byte> payload(&frame_[hdr], len);
    switch (type) {
      case Type::Hello: {
        std::array<std::byte, uart_update::status_payload> s{};
        auto st = up_->state();
        s[0] = static_cast<std::byte>(st ? static_cast<std::uint8_t>(*st) : 0xFF);
        uart_update::put_le(&s[2], MaxPayload, 2);
        uart_update::put_le(&s[4], size_, 4);
        uart_update::put_le(&s[8], running_version_, 4);
        std::memcpy(&s[12], id_.data(), id_.size());
        co_await reply(out, Type::Status, next_, s);
        co_return false;
      }
      case Type::Begin: {
        // 36 bytes: size and digest; a 37th byte of 1 asks to start over rather than resume.
        if (len != uart_update::begin_payload && !(len == uart_update::begin_payload + 1 && payload[36] == std::byte{1})) {
          break;
        }
        const bool fresh = len > uart_update::begin_payload;
        receiving_ = false;
        verdict_.reset();
        const std::uint32_t size = uart_update::get_le(&payload[0], 4);
        std::memcpy(id_.data(), &payload[4], id_.size());  // frame_ is reused below
        std::uint32_t at = 0;
        if (!fresh) {  // the device may have been reset in the middle of this very image
          auto r = co_await up_->resume(size, std::span<const std::byte, 32>(id_));
          if (!r) {
            co_await error(out, r.error());
            co_return false;
          }
          at = *r;
        }
        if (at == 0) {
          if (auto r = co_await up_->begin(size); !r) {
            co_await error(out, r.error());
            co_return false;
          }
        }
        // The ACK carries the CRC-32 of what DFU holds before `at`: the host resumes only if it
        // matches its own bytes (else it sends BEGIN again with the start-over byte).
        std::uint32_t crc = 0;
        for (std::uint32_t done = 0; done < at;) {
          const auto part = std::span(frame_).first(std::min<std::size_t>(frame_.size(), at - done));
          if (auto r = up_->read_received(done, part); !r) {
            co_await error(out, r.error());
            co_return false;
          }
          crc = uart_update::crc32(part, crc);
          done += static_cast<std::uint32_t>(part.size());
        }
        receiving_ = true;
        size_ = size;
        next_ = at;
        std::array<std::byte, 4> c;
        uart_update::put_le(c.data(), crc, 4);
        co_await reply(out, Type::Ack, next_, c);
        co_return false;
      }
      case Type::Data: {
        if (!receiving_) {
          co_await error(out, Error::NotStarted);
          co_return false;
        }
        if (std::uint64_t{offset} + len <= next_ && len > 0) {  // already have it (our ACK was lost): nothing to write
          co_await reply(out, Type::Ack, next_, {});
          co_return false;
        }
        if (offset != next_) {
          co_await nak(out, NakReason::WrongOffset);
          co_return false;
        }
        if (auto r = co_await up_->write(offset, payload); !r) {
          co_await error(out, r.error());
          co_return false;
        }
        next_ += static_cast<std::uint32_t>(len);
        co_await reply(out, Type::Ack, next_, {});
        co_return false;
      }
      case Type::Finish: {
        if (receiving_) {
          receiving_ = false;
          verdict_.emplace(co_await up_->finish());
        }
        if (!verdict_) {
          co_await error(out, Error::NotStarted);
        } else if (*verdict_) {  // a repeated FINISH (the answer was lost) gets the same verdict
          std::array<std::byte, 4> v;
          uart_update::put_le(v.data(), (*verdict_)->version, 4);
          co_await reply(out, Type::Done, (*verdict_)->total_size(), v);
        } else {
          co_await error(out, verdict_->error());
        }
        co_return false;
      }
      case Type::Reset:
        co_await reply(out, Type::Ack, next_, {});
        stats_.ended_by_host = true;
        co_return true;
      default: break;
    }
    co_await nak(out, NakReason::BadFrame);
    co_return false;
  }

  Async<void> nak(auto& out, NakReason why) {
    ++stats_.naks;
    const std::byte b{static_cast<std::uint8_t>(why)};
    co_await reply(out, Type::Nak, next_, std::span(&b, 1));
  }

  Async<void> error(auto& out, Error e) {
    std::array<std::byte, 1 + 63> p;
    p[0] = static_cast<std::byte>(e);
    const std::size_t n = std::min<std::size_t>(std::strlen(error_message(e)), p.size() - 1);
    std::memcpy(&p[1], error_message(e), n);
    co_await reply(out, Type::Error, next_, std::span(p).first(1 + n));
  }

  /// Sends one frame, all of it. A failed write loses the answer; the host asks again.
  Async<void> reply(auto& out, Type type, std::uint32_t offset, std::span<const std::byte> payload) {
    std::span<const std::byte> rest(tx_.data(), uart_update::encode(tx_, type, offset, payload));
    while (!rest.empty()) {
      auto r = co_await out.write(rest);
      if (!io::ok(r) || io::value(r) == 0) co_return;
      rest = rest.subspan(io::value(r));
    }
  }

  FirmwareUpdater<Flash>* up_;
  std::uint32_t running_version_;
  std::uint32_t size_ = 0;
  std::uint32_t next_ = 0;  // the image offset expected next
  bool receiving_ = false;
  std::array<std::byte, 32> id_{};
  std::optional<Result<ImageHeader, Error>> verdict_;
  UartUpdateStats stats_;
  std::size_t have_ = 0;  // bytes of the frame being assembled
  std::array<std::byte, uart_update::header_bytes + MaxPayload + uart_update::crc_bytes> frame_;
  std::array<std::byte, uart_update::header_bytes + 64 + uart_update::crc_bytes> tx_;
  std::array<std::byte, 64> rx_;
};

}  // namespace mote::boot
