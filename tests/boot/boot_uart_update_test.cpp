// mote/boot/uart_update.hpp on the host: frames in, answers out, through FirmwareUpdater into the
// simulated flash. Damaged, truncated, misplaced and oversized frames are refused with a NAK and
// write nothing; a push interrupted halfway resumes from the offset the device reports; a bad
// image's boot::Error reaches the host; an accepted image is swapped in by the bootloader.
#include <mote/boot/uart_update.hpp>

#include <deque>

#include "boot_fixture.hpp"

namespace {
using namespace boot_test;
using mote::block_on;
using mote::boot::BootAction;
using mote::boot::BootLoader;
using mote::boot::FirmwareUpdater;
using mote::boot::UartUpdate;
namespace wire = mote::boot::uart_update;
using wire::NakReason;
using wire::Type;

template <class T>
struct ReadyFuture {
  T value;
  bool poll(mote::Waker) noexcept { return true; }
  T take() noexcept { return value; }
};

enum class LineError { Overrun };
[[maybe_unused]] constexpr mote::io::ErrorKind error_kind(LineError) noexcept { return mote::io::ErrorKind::Other; }

/// The host's side of the line: what it sends, read by the device a chunk per read (an empty
/// chunk is a read error, an overrun), then the end of the stream (a lost connection).
struct Line {
  std::deque<std::vector<std::byte>> to_device;
  std::vector<std::byte> from_device;

  ReadyFuture<mote::Result<std::size_t, LineError>> read(std::span<std::byte> b) {
    if (to_device.empty()) return {std::size_t{0}};
    auto& c = to_device.front();
    if (c.empty()) {
      to_device.pop_front();
      return {mote::Err{LineError::Overrun}};
    }
    const std::size_t n = std::min(b.size(), c.size());
    std::memcpy(b.data(), c.data(), n);
    c.erase(c.begin(), c.begin() + static_cast<std::ptrdiff_t>(n));
    if (c.empty()) to_device.pop_front();
    return {n};
  }
  ReadyFuture<std::size_t> write(std::span<const std::byte> b) {
    const std::size_t n = std::min<std::size_t>(b.size(), 5);  // a writer that takes a few bytes at a time
    from_device.insert(from_device.end(), b.begin(), b.begin() + static_cast<std::ptrdiff_t>(n));
    return {n};
  }

  void send(std::vector<std::byte> bytes) { to_device.push_back(std::move(bytes)); }
  void send(Type t, std::uint32_t offset, std::span<const std::byte> payload = {}) {
    std::vector<std::byte> f(wire::header_bytes + payload.size() + wire::crc_bytes);
    f.resize(wire::encode(f, t, offset, payload));
    send(std::move(f));
  }
  void send_begin(const std::vector<std::byte>& image) {
    std::array<std::byte, wire::begin_payload> p;
    wire::put_le(p.data(), static_cast<std::uint32_t>(image.size()), 4);
    std::memcpy(&p[4], &image[96], 32);
    send(Type::Begin, 0, p);
  }
  void send_data(const std::vector<std::byte>& image, std::size_t from, std::size_t to, std::size_t chunk = 512) {
    for (std::size_t at = from; at < to; at += chunk) {
      send(Type::Data, static_cast<std::uint32_t>(at), std::span(image).subspan(at, std::min(chunk, to - at)));
    }
  }
  /// What a (re)connecting host sends first: completes any half-received frame.
  void send_preamble() { send(std::vector<std::byte>(wire::header_bytes + wire::max_payload + wire::crc_bytes)); }
};

struct Answer {
  Type type;
  std::uint32_t offset;
  std::vector<std::byte> payload;
};

/// The device's answers, parsed as tools/mote-push does (bytes outside frames skipped).
std::vector<Answer> answers(const std::vector<std::byte>& bytes) {
  std::vector<Answer> out;
  std::size_t i = 0;
  while (i + wire::header_bytes + wire::crc_bytes <= bytes.size()) {
    if (bytes[i] != std::byte{wire::start_byte}) {
      ++i;
      continue;
    }
    const std::size_t len = wire::get_le(&bytes[i + 2], 2);
    const std::size_t end = i + wire::header_bytes + len;
    if (end + wire::crc_bytes > bytes.size()) break;
    EXPECT_EQ(wire::crc32(std::span(bytes).subspan(i + 1, end - i - 1)), wire::get_le(&bytes[end], 4));
    out.push_back({static_cast<Type>(bytes[i + 1]), wire::get_le(&bytes[i + 4], 4),
                   std::vector<std::byte>(bytes.begin() + static_cast<std::ptrdiff_t>(i + wire::header_bytes),
                                          bytes.begin() + static_cast<std::ptrdiff_t>(end))});
    i = end + wire::crc_bytes;
  }
  return out;
}

struct BootUartUpdate : ::testing::Test {
  Flash flash{19 * page};
  Layout l = layout(flash);
  std::vector<std::byte> v1 = load("v1"), v2 = load("v2");
  FirmwareUpdater<Flash> up{l, policy(0x01000000)};
  UartUpdate<Flash> link{up, 0x01000000};
  Line line;
  void SetUp() override { factory_program(flash, v1); }

  mote::Result<mote::boot::ImageHeader, Error> serve() { return block_on(link.serve(line, line)); }
  std::vector<std::byte> dfu(std::size_t n) {
    std::vector<std::byte> b(n);
    EXPECT_TRUE(flash.read(9 * page, b));
    return b;
  }
  static bool erased(const std::vector<std::byte>& b) {
    return std::all_of(b.begin(), b.end(), [](std::byte x) { return x == std::byte{0xFF}; });
  }
};

/// A NakReason or boot::Error as the byte on the wire.
template <class E>
std::byte code(E e) {
  return static_cast<std::byte>(e);
}

std::string text(const std::vector<std::byte>& p) { return std::string(reinterpret_cast<const char*>(p.data()), p.size()); }

TEST_F(BootUartUpdate, APushIsAcceptedAndInstalled) {
  // Shows: HELLO, BEGIN, DATA..., FINISH, RESET; every DATA ACKed with the next offset; DONE
  // carries the version; the bootloader then swaps v2 in.
  line.send(std::vector<std::byte>{std::byte{'h'}, std::byte{'i'}, std::byte{'\n'}});  // console text: skipped
  line.send(Type::Hello, 0);
  line.send_begin(v2);
  line.send_data(v2, 0, v2.size());
  line.send(Type::Finish, 0);
  line.send(Type::Reset, 0);
  auto verdict = serve();
  ASSERT_TRUE(verdict) << error_message(verdict.error());
  EXPECT_EQ(verdict->version, 0x02000000u);
  auto a = answers(line.from_device);
  const std::size_t chunks = (v2.size() + 511) / 512;
  ASSERT_EQ(a.size(), 1 + 1 + chunks + 1 + 1);
  EXPECT_EQ(a[0].type, Type::Status);
  ASSERT_EQ(a[0].payload.size(), wire::status_payload);
  EXPECT_EQ(wire::get_le(&a[0].payload[2], 2), 512u);          // max payload
  EXPECT_EQ(wire::get_le(&a[0].payload[8], 4), 0x01000000u);   // running version
  EXPECT_EQ(a[1].type, Type::Ack);
  for (std::size_t k = 0; k < chunks; ++k) {
    EXPECT_EQ(a[2 + k].type, Type::Ack);
    EXPECT_EQ(a[2 + k].offset, std::min((k + 1) * 512, v2.size()));
  }
  EXPECT_EQ(a[2 + chunks].type, Type::Done);
  EXPECT_EQ(a[2 + chunks].offset, v2.size());
  EXPECT_EQ(wire::get_le(a[2 + chunks].payload.data(), 4), 0x02000000u);
  EXPECT_EQ(a.back().type, Type::Ack);
  EXPECT_EQ(dfu(v2.size()), v2);
  auto boot = BootLoader<Flash>(l, policy()).prepare_boot();
  ASSERT_TRUE(boot);
  EXPECT_EQ(boot->action, BootAction::Swapped);
  EXPECT_TRUE(active_holds(flash, v2));
}

TEST_F(BootUartUpdate, ACorruptedFrameIsNakedAndNothingIsWritten) {
  // Shows: one bit flipped in a DATA payload: NAK BadCrc with the offset still expected, DFU
  // untouched there; the same frame sent again is taken.
  line.send_begin(v2);
  std::vector<std::byte> f(wire::header_bytes + 512 + wire::crc_bytes);
  wire::encode(f, Type::Data, 0, std::span(v2).first(512));
  auto bad = f;
  bad[wire::header_bytes + 100] ^= std::byte{0x10};
  line.send(bad);
  line.send(Type::Reset, 0);
  EXPECT_EQ(serve().error(), Error::NotStarted);  // no FINISH: no verdict
  auto a = answers(line.from_device);
  ASSERT_EQ(a.size(), 3u);
  EXPECT_EQ(a[1].type, Type::Nak);
  EXPECT_EQ(a[1].offset, 0u);
  EXPECT_EQ(a[1].payload.at(0), code(NakReason::BadCrc));
  EXPECT_TRUE(erased(dfu(512)));  // begin erased DFU; nothing written since
  EXPECT_EQ(link.stats().naks, 1u);
  line.from_device.clear();
  line.send(f);
  line.send(Type::Reset, 0);
  (void)serve();
  a = answers(line.from_device);
  ASSERT_GE(a.size(), 1u);
  EXPECT_EQ(a[0].type, Type::Ack);
  EXPECT_EQ(a[0].offset, 512u);
  EXPECT_EQ(dfu(512), std::vector<std::byte>(v2.begin(), v2.begin() + 512));
}

TEST_F(BootUartUpdate, ATruncatedFrameIsCompletedByThePreambleAndNaked) {
  // Shows: half a frame, then the host goes away (the UART does not notice): the device waits
  // for the rest; the next connection's preamble completes it (bad CRC, NAK, nothing written)
  // and the push goes on from the offset STATUS reports.
  line.send_begin(v2);
  std::vector<std::byte> f(wire::header_bytes + 512 + wire::crc_bytes);
  wire::encode(f, Type::Data, 0, std::span(v2).first(512));
  f.resize(300);
  line.send(f);
  line.send_preamble();
  line.send(Type::Hello, 0);
  line.send_data(v2, 0, 512);
  line.send(Type::Reset, 0);
  (void)serve();
  auto a = answers(line.from_device);
  ASSERT_EQ(a.size(), 5u);
  EXPECT_EQ(a[0].type, Type::Ack);  // BEGIN
  EXPECT_EQ(a[1].type, Type::Nak);
  EXPECT_EQ(a[1].payload.at(0), code(NakReason::BadCrc));
  EXPECT_EQ(a[2].type, Type::Status);
  EXPECT_EQ(a[2].offset, 0u);
  EXPECT_EQ(a[3].type, Type::Ack);
  EXPECT_EQ(a[3].offset, 512u);
  EXPECT_EQ(dfu(512), std::vector<std::byte>(v2.begin(), v2.begin() + 512));
}

TEST_F(BootUartUpdate, AWrongOffsetIsNakedWithTheExpectedOne) {
  // Shows: DATA ahead of the expected offset is refused (NAK WrongOffset, offset 512 expected),
  // nothing written; DATA already received (a lost ACK) is ACKed without a second write.
  line.send_begin(v2);
  line.send_data(v2, 0, 512);
  line.send_data(v2, 1024, 1536);
  line.send_data(v2, 0, 512);
  line.send(Type::Reset, 0);
  (void)serve();
  auto a = answers(line.from_device);
  ASSERT_EQ(a.size(), 5u);
  EXPECT_EQ(a[2].type, Type::Nak);
  EXPECT_EQ(a[2].offset, 512u);
  EXPECT_EQ(a[2].payload.at(0), code(NakReason::WrongOffset));
  EXPECT_EQ(a[3].type, Type::Ack);
  EXPECT_EQ(a[3].offset, 512u);
  const auto written = dfu(1536);
  EXPECT_TRUE(erased(std::vector<std::byte>(written.begin() + 512, written.end())));
}

TEST_F(BootUartUpdate, AnOversizedFrameIsRefusedClearly) {
  // Shows: a payload longer than the device accepts (600 > 512) is NAKed TooLong as soon as its
  // header is in, nothing is written, and the frames after it are still understood.
  line.send_begin(v2);
  line.send(Type::Data, 0, std::span(v2).first(600));
  line.send(Type::Hello, 0);
  line.send(Type::Reset, 0);
  (void)serve();
  auto a = answers(line.from_device);
  ASSERT_GE(a.size(), 3u);
  EXPECT_EQ(a[1].type, Type::Nak);
  EXPECT_EQ(a[1].payload.at(0), code(NakReason::TooLong));
  EXPECT_EQ(a[a.size() - 2].type, Type::Status);  // the payload's bytes may cause more NAKs first
  EXPECT_EQ(a[a.size() - 2].offset, 0u);
  EXPECT_TRUE(erased(dfu(1024)));
}

TEST_F(BootUartUpdate, UnknownTypesAndMalformedBeginsAreNaked) {
  // Shows: a frame of an unknown type and a BEGIN without its digest are NAKed BadFrame; DATA
  // before any BEGIN is the updater's NotStarted.
  line.send(static_cast<Type>(0x42), 0);
  line.send(Type::Begin, 0, std::span(v2).first(4));
  line.send(Type::Data, 0, std::span(v2).first(4));
  line.send(Type::Reset, 0);
  (void)serve();
  auto a = answers(line.from_device);
  ASSERT_EQ(a.size(), 4u);
  EXPECT_EQ(a[0].payload.at(0), code(NakReason::BadFrame));
  EXPECT_EQ(a[1].payload.at(0), code(NakReason::BadFrame));
  EXPECT_EQ(a[2].type, Type::Error);
  EXPECT_EQ(a[2].payload.at(0), code(Error::NotStarted));
}

TEST_F(BootUartUpdate, APushResumesAfterALostConnection) {
  // Shows: the connection drops after 2 KiB; the next one asks HELLO, which reports the image
  // (size, digest) and 2048 as the next offset; the host sends only the rest; FINISH accepts.
  // A read error (overrun) on the way drops only the frame it hit.
  line.send_begin(v2);
  line.send_data(v2, 0, 2048);
  EXPECT_EQ(serve().error(), Error::NotStarted);
  EXPECT_FALSE(link.stats().ended_by_host);  // the stream ended
  line.from_device.clear();
  line.send_preamble();
  line.send(Type::Hello, 0);
  (void)serve();
  auto a = answers(line.from_device);
  ASSERT_EQ(a.size(), 1u);
  EXPECT_EQ(a[0].type, Type::Status);
  EXPECT_EQ(a[0].offset, 2048u);
  EXPECT_EQ(a[0].payload[0], std::byte{static_cast<std::uint8_t>(mote::boot::UpdateState::Receiving)});
  EXPECT_EQ(wire::get_le(&a[0].payload[4], 4), v2.size());
  EXPECT_TRUE(std::equal(v2.begin() + 96, v2.begin() + 128, a[0].payload.begin() + 12));
  line.from_device.clear();
  std::vector<std::byte> f(wire::header_bytes + 512 + wire::crc_bytes);
  wire::encode(f, Type::Data, 2048, std::span(v2).subspan(2048, 512));
  line.send(std::vector<std::byte>(f.begin(), f.begin() + 100));
  line.send(std::vector<std::byte>{});  // an overrun: the half frame is dropped
  line.send_preamble();
  line.send_data(v2, 2048, v2.size());
  line.send(Type::Finish, 0);
  line.send(Type::Finish, 0);  // as if DONE had been lost: the same verdict again
  line.send(Type::Reset, 0);
  auto verdict = serve();
  ASSERT_TRUE(verdict) << error_message(verdict.error());
  EXPECT_EQ(link.stats().stream_errors, 1u);
  EXPECT_TRUE(link.stats().ended_by_host);
  a = answers(line.from_device);
  ASSERT_GE(a.size(), 3u);
  EXPECT_EQ(a[a.size() - 3].type, Type::Done);
  EXPECT_EQ(a[a.size() - 2].type, Type::Done);
  EXPECT_EQ(dfu(v2.size()), v2);
}

TEST_F(BootUartUpdate, APushResumesAfterAResetOfTheDevice) {
  // Shows: power fails while the 6th DATA chunk is programmed (torn: half of it written); after
  // the reset a new updater knows nothing, but BEGIN of the same image resumes where DFU's
  // programmed bytes end (the torn unit included), with the CRC-32 of what it kept, which the
  // host checks against its own bytes; the rest completes the image and the bootloader swaps.
  line.send_begin(v2);
  line.send_data(v2, 0, 4096);
  flash.cut_power_after(2 + 5);  // STATE erase, DFU erase, 5 whole chunks, then a torn one
  (void)serve();
  ASSERT_TRUE(flash.power_lost());
  flash.restore_power();
  FirmwareUpdater<Flash> up2{l, policy(0x01000000)};  // the device after its reset
  UartUpdate<Flash> link2{up2, 0x01000000};
  line.from_device.clear();
  line.send(Type::Hello, 0);
  line.send_begin(v2);
  (void)block_on(link2.serve(line, line));
  auto a = answers(line.from_device);
  ASSERT_EQ(a.size(), 2u);
  EXPECT_EQ(a[0].payload[0], std::byte{static_cast<std::uint8_t>(mote::boot::UpdateState::Idle)});
  ASSERT_EQ(a[1].type, Type::Ack);
  const std::uint32_t at = a[1].offset;
  EXPECT_GT(at, 5u * 512);       // more than the whole chunks: part of the torn one was programmed
  EXPECT_LT(at, 6u * 512);       // but not all of it
  EXPECT_EQ(at % 4, 0u);         // a write unit
  ASSERT_EQ(a[1].payload.size(), 4u);
  EXPECT_EQ(wire::get_le(a[1].payload.data(), 4), wire::crc32(std::span(v2).first(at)));
  line.from_device.clear();
  line.send_data(v2, at, v2.size());
  line.send(Type::Finish, 0);
  line.send(Type::Reset, 0);
  auto verdict = block_on(link2.serve(line, line));
  ASSERT_TRUE(verdict) << error_message(verdict.error());
  EXPECT_EQ(dfu(v2.size()), v2);
  auto boot = BootLoader<Flash>(l, policy()).prepare_boot();
  ASSERT_TRUE(boot);
  EXPECT_EQ(boot->action, BootAction::Swapped);
  EXPECT_TRUE(active_holds(flash, v2));
}

TEST_F(BootUartUpdate, AResumeIsRefusedWhenTheHostAsksToStartOverOrTheImageDiffers) {
  // Shows: what DFU kept is offered only for the same image (digest and size) while STATE is
  // erased; a 37th BEGIN byte of 1 starts over (DFU erased, offset 0); after FINISH accepted
  // the image nothing is resumed; a 37th byte of another value is a bad frame.
  line.send_begin(v2);
  line.send_data(v2, 0, 2048);
  (void)serve();
  FirmwareUpdater<Flash> up2{l, policy(0x01000000)};
  UartUpdate<Flash> link2{up2, 0x01000000};
  line.from_device.clear();
  auto v3 = load("v3");
  line.send_begin(v3);  // another image: begins
  std::array<std::byte, wire::begin_payload + 1> p;
  wire::put_le(p.data(), static_cast<std::uint32_t>(v2.size()), 4);
  std::memcpy(&p[4], &v2[96], 32);
  p[36] = std::byte{2};
  line.send(Type::Begin, 0, p);  // not a flag we know
  p[36] = std::byte{1};
  line.send(Type::Begin, 0, p);  // start over
  (void)block_on(link2.serve(line, line));
  auto a = answers(line.from_device);
  ASSERT_EQ(a.size(), 3u);
  EXPECT_EQ(a[0].type, Type::Ack);
  EXPECT_EQ(a[0].offset, 0u);
  EXPECT_EQ(a[1].type, Type::Nak);
  EXPECT_EQ(a[1].payload.at(0), code(NakReason::BadFrame));
  EXPECT_EQ(a[2].type, Type::Ack);
  EXPECT_EQ(a[2].offset, 0u);
  EXPECT_TRUE(erased(dfu(v2.size())));
  // A whole image, accepted: STATE holds the swap request, so a BEGIN of it starts over.
  line.from_device.clear();
  line.send_data(v2, 0, v2.size());
  line.send(Type::Finish, 0);
  (void)block_on(link2.serve(line, line));
  FirmwareUpdater<Flash> up3{l, policy(0x01000000)};
  UartUpdate<Flash> link3{up3, 0x01000000};
  line.from_device.clear();
  line.send_begin(v2);
  (void)block_on(link3.serve(line, line));
  a = answers(line.from_device);
  ASSERT_EQ(a.size(), 1u);
  EXPECT_EQ(a[0].type, Type::Ack);
  EXPECT_EQ(a[0].offset, 0u);
}

struct BadImage {
  const char* name;
  Error error;
};

TEST_F(BootUartUpdate, ABadImagesErrorReachesTheHost) {
  // Shows: each refusal arrives as ERROR with the boot::Error code and its message, at BEGIN
  // (TooLarge) or at FINISH (the rest), and serve() yields it; ACTIVE stays v1.
  for (auto [name, expected] : {BadImage{"too_large", Error::TooLarge}, BadImage{"wrong_board", Error::WrongBoard},
                                BadImage{"other_key", Error::WrongKey}, BadImage{"unsigned", Error::Unsigned},
                                BadImage{"v0", Error::VersionRollback}}) {
    SCOPED_TRACE(name);
    auto image = load(name);
    line.from_device.clear();
    line.send_begin(image);
    if (expected != Error::TooLarge) line.send_data(image, 0, image.size());
    line.send(Type::Finish, 0);
    line.send(Type::Reset, 0);
    auto verdict = serve();
    ASSERT_FALSE(verdict);
    EXPECT_EQ(verdict.error(), expected == Error::TooLarge ? Error::NotStarted : expected);
    auto a = answers(line.from_device);
    ASSERT_GE(a.size(), 3u);
    const auto& e = expected == Error::TooLarge ? a[0] : a[a.size() - 2];
    EXPECT_EQ(e.type, Type::Error);
    EXPECT_EQ(e.payload.at(0), code(expected));
    EXPECT_EQ(text(std::vector<std::byte>(e.payload.begin() + 1, e.payload.end())), error_message(expected));
    EXPECT_TRUE(active_holds(flash, v1));
  }
}

}  // namespace
