// mote/devices/sd_card.hpp: an SD card in SPI mode as a hal::BlockDevice, written once against
// mote::hal::SpiBus (through a SharedSpiBus) and a hal::OutputPin chip select.
//
//   mote::hal::SharedSpiBus shared(spi);                 // spi: lm3s6965::Spi<Ssi0>, ...
//   mote::devices::SdCard card(shared, card_cs);         // card_cs: lm::Output<lm::PD0>
//   auto ok = co_await card.init();                      // Result<void, hal::BlockError>
//   std::byte block[512];
//   auto r = co_await card.read(0, block);               // block 0
//   auto w = co_await card.write(5, block);
//
// The protocol (SD Physical Layer Simplified Specification, chapter 7, SPI mode):
//   init   80 clocks deselected at <= 400 kHz; CMD0 (go idle) -> R1 0x01, else NoDevice;
//          CMD8 0x1AA (interface condition) -> R7 echoes 0xAA (version 2) or "illegal" (version 1);
//          CMD55 + ACMD41 (HCS for version 2) until R1 0x00 (1 s at most, else Timeout);
//          CMD58 -> OCR, whose CCS bit says block addressing (SDHC/SDXC) or byte addressing (SDSC,
//          then CMD16 sets 512-byte blocks); CMD9 -> the CSD, whose C_SIZE gives the block count;
//          then the bus goes to `fast_hz` (if the bus has set_frequency; every read and write
//          sets it again after taking the bus, which another device may have slowed down).
//   read   CMD17 per block -> R1 0x00, a start token 0xFE, 512 bytes, CRC16 (checked: Crc).
//   write  CMD24 per block -> R1 0x00, token 0xFE, 512 bytes, CRC16; the data response says
//          accepted (0x05), CRC error (Crc) or write error (WriteFailed); then busy until 0xFF.
// Every command frame carries its real CRC7. R1 error bits map to errors: address or parameter
// error -> OutOfRange, CRC error -> Crc, anything else -> Response.
//
// Each operation locks the shared bus for its whole exchange (the card's protocol is decided byte
// by byte, so it drives the bus itself rather than through SpiDevice transactions) and keeps chip
// select low throughout. They are mote::Async (frames from the calling task's budget: give it
// about 512 bytes). Cancellation: destroying an operation deasserts chip select and unlocks the
// bus at once; the card may be left mid-block, so the next operation first clocks 520 idle bytes,
// which ends any block read or write in progress, and sends CMD12 and CMD13 (a block being
// written when cancelled has unspecified contents).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <span>
#include <utility>

#include "mote/async.hpp"
#include "mote/hal/block.hpp"
#include "mote/hal/digital.hpp"
#include "mote/hal/spi.hpp"
#include "mote/hal/spi_device.hpp"
#include "mote/time.hpp"
#include "mote/timer.hpp"

namespace mote::devices {

namespace detail {

/// The CRC7 of an SD command frame's first 5 bytes, shifted left with the end bit set. ISR-safe.
constexpr std::uint8_t sd_crc7(const std::uint8_t* data, std::size_t n) noexcept {
  std::uint8_t crc = 0;
  for (std::size_t k = 0; k < n; ++k) {
    for (int i = 0; i < 8; ++i) {
      const bool top = ((data[k] << i) & 0x80) != 0;
      const bool crc_top = (crc & 0x40) != 0;
      crc = static_cast<std::uint8_t>((crc << 1) & 0x7F);
      if (top != crc_top) crc ^= 0x09;
    }
  }
  return static_cast<std::uint8_t>((crc << 1) | 1);
}
inline constexpr std::uint8_t kCmd0Frame[5]{0x40, 0, 0, 0, 0};
inline constexpr std::uint8_t kCmd8Frame[5]{0x48, 0, 0, 1, 0xAA};
static_assert(sd_crc7(kCmd0Frame, 5) == 0x95 && sd_crc7(kCmd8Frame, 5) == 0x87, "the CRC7 the specification gives");

/// The CRC16 of each 4-bit value shifted through the top of the register: a 32-byte table that
/// makes sd_crc16 four times faster than bit by bit (a block read is CRC-bound under QEMU).
struct Crc16Nibbles {
  std::uint16_t entry[16];
  constexpr Crc16Nibbles() noexcept : entry{} {
    for (unsigned n = 0; n < 16; ++n) {
      auto crc = static_cast<std::uint16_t>(n << 12);
      for (int i = 0; i < 4; ++i) crc = static_cast<std::uint16_t>((crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1);
      entry[n] = crc;
    }
  }
};
inline constexpr Crc16Nibbles kCrc16Nibbles{};

/// CRC16-CCITT (polynomial 0x1021, initial 0), the SD data block checksum. ISR-safe.
constexpr std::uint16_t sd_crc16(std::span<const std::byte> data, std::uint16_t crc = 0) noexcept {
  for (std::byte b : data) {
    const unsigned v = std::to_integer<unsigned>(b);
    crc = static_cast<std::uint16_t>((crc << 4) ^ kCrc16Nibbles.entry[((crc >> 12) ^ (v >> 4)) & 0xF]);
    crc = static_cast<std::uint16_t>((crc << 4) ^ kCrc16Nibbles.entry[((crc >> 12) ^ v) & 0xF]);
  }
  return crc;
}

/// One byte read from `Bus` (sending 0xFF) as a leaf future: the byte, or -1 on a bus error.
/// The bus operation is made at the first poll, so the 1-byte buffer inside never moves while
/// the bus may write to it. Cheaper than a nested coroutine on the card's many 1-byte reads.
template <class Bus>
class ByteFuture {
  using Inner = decltype(std::declval<Bus&>().read(std::span<std::byte>{}));

 public:
  explicit ByteFuture(Bus& bus) noexcept : bus_(&bus) {}
  ByteFuture(ByteFuture&& o) noexcept : bus_(o.bus_) {}  // before the first poll only
  bool poll(Waker waker) noexcept {
    if (!inner_) inner_.emplace(bus_->read(std::span(byte_)));
    return inner_->poll(waker);
  }
  int take() noexcept { return inner_->take() ? std::to_integer<int>(byte_[0]) : -1; }

 private:
  Bus* bus_;
  std::byte byte_[1]{};
  std::optional<Inner> inner_;
};

/// A future that is ready at once with a value (block_count()).
template <class T>
struct Ready {
  T value;
  bool poll(Waker) noexcept { return true; }
  T take() noexcept { return value; }
};

}  // namespace detail

/// An SD card (SDSC, SDHC or SDXC) on a shared SPI bus, chip select `Cs` (low = selected).
/// Borrows the bus and the pin. Models hal::BlockDevice once init() has succeeded.
template <hal::SpiBus Bus, hal::OutputPin Cs>
class SdCard {
 public:
  enum class Type : std::uint8_t { None, Sd1, Sd2ByteAddressed, Sd2BlockAddressed };

  /// Deasserts chip select. `fast_hz`: the clock after init (if the bus has set_frequency).
  /// Task or thread context.
  SdCard(hal::SharedSpiBus<Bus>& bus, Cs& cs, std::uint32_t fast_hz = 12'500'000) noexcept
      : bus_(&bus), cs_(&cs), fast_hz_(fast_hz) {
    static_cast<void>(hal::detail::set_chip_select(cs, true));
  }

  /// Brings the card from power-up to the transfer state and reads its size. Task context.
  Async<hal::BlockResult> init() { return init_card(); }

  /// Reads buffer.size() / 512 blocks from `first_block`. Task context.
  Async<hal::BlockResult> read(std::uint32_t first_block, std::span<std::byte> buffer) {
    return transfer_blocks(first_block, buffer.data(), nullptr, buffer.size());
  }
  /// Writes bytes.size() / 512 blocks from `first_block`. Task context.
  Async<hal::BlockResult> write(std::uint32_t first_block, std::span<const std::byte> bytes) {
    return transfer_blocks(first_block, nullptr, bytes.data(), bytes.size());
  }
  /// The card's size in blocks (from its CSD), or NotReady before init(). Task context.
  detail::Ready<Result<std::uint32_t, hal::BlockError>> block_count() const noexcept {
    if (type_ == Type::None) return {Err{hal::BlockError::NotReady}};
    return {Result<std::uint32_t, hal::BlockError>(blocks_)};
  }
  /// What init() found. Task context.
  Type type() const noexcept { return type_; }

 private:
  using Error = hal::BlockError;

  // Chip select high (and the bus's lock released by the caller's guard) on every way out; a
  // way out before `finished` marks the card as possibly mid-block.
  struct Session {
    SdCard* card;
    bool finished = false;
    ~Session() {
      static_cast<void>(hal::detail::set_chip_select(*card->cs_, true));
      if (!finished) card->dirty_ = true;
    }
  };

  static constexpr std::byte kIdle[16]{std::byte{0xFF}, std::byte{0xFF}, std::byte{0xFF}, std::byte{0xFF},
                                       std::byte{0xFF}, std::byte{0xFF}, std::byte{0xFF}, std::byte{0xFF},
                                       std::byte{0xFF}, std::byte{0xFF}, std::byte{0xFF}, std::byte{0xFF},
                                       std::byte{0xFF}, std::byte{0xFF}, std::byte{0xFF}, std::byte{0xFF}};

  static Error r1_error(unsigned r1) noexcept {
    if ((r1 & 0x60) != 0) return Error::OutOfRange;  // address error, parameter error
    if ((r1 & 0x08) != 0) return Error::Crc;         // command CRC error
    return Error::Response;
  }

  // Sends `n` idle bytes. Bus held.
  static Async<hal::BlockResult> idle(Bus& b, std::size_t n) {
    while (n > 0) {
      const std::size_t k = n < sizeof kIdle ? n : sizeof kIdle;
      if (!co_await b.write(std::span(kIdle, k))) co_return Err{Error::Bus};
      n -= k;
    }
    co_return hal::BlockResult{};
  }

  // Reads one byte (sending 0xFF): the byte, or -1 on a bus error. Bus held.
  static detail::ByteFuture<Bus> byte(Bus& b) noexcept { return detail::ByteFuture<Bus>(b); }

  // Sends command `index` with `arg` and returns its R1 (bit 7 clear), 0x1FF if the card never
  // answered (8 bytes), or -1 on a bus error. Bus held, chip select low.
  static Async<int> command(Bus& b, std::uint8_t index, std::uint32_t arg) {
    // One idle byte first: the card needs N_RC >= 8 clocks after its last response before it
    // takes a command (QEMU's model swallows the byte after a response).
    std::uint8_t frame[7]{0xFF, static_cast<std::uint8_t>(0x40 | index), static_cast<std::uint8_t>(arg >> 24),
                          static_cast<std::uint8_t>(arg >> 16), static_cast<std::uint8_t>(arg >> 8),
                          static_cast<std::uint8_t>(arg), 0};
    frame[6] = detail::sd_crc7(frame + 1, 5);
    if (!co_await b.write(std::as_bytes(std::span(frame)))) co_return -1;
    for (int i = 0; i < 9; ++i) {  // N_CR: the answer comes within 8 bytes
      const int r = co_await byte(b);
      if (r < 0 || (r & 0x80) == 0) co_return r;
    }
    co_return 0x1FF;
  }

  // Reads a data block of `out.size()` bytes: start token, data, CRC16 (checked). Bus held.
  static Async<hal::BlockResult> read_data(Bus& b, std::span<std::byte> out) {
    const Instant deadline = Instant::now() + Duration::from_millis(100);  // N_AC for reads
    for (;;) {
      const int t = co_await byte(b);
      if (t < 0) co_return Err{Error::Bus};
      if (t == 0xFE) break;
      if (t != 0xFF) co_return Err{(t & 0x08) != 0 ? Error::OutOfRange : Error::Response};  // a data error token
      if (Instant::now() > deadline) co_return Err{Error::Timeout};
    }
    if (!co_await b.read(out)) co_return Err{Error::Bus};
    std::byte crc[2];
    if (!co_await b.read(crc)) co_return Err{Error::Bus};
    const unsigned got = std::to_integer<unsigned>(crc[0]) << 8 | std::to_integer<unsigned>(crc[1]);
    if (got != detail::sd_crc16(out)) co_return Err{Error::Crc};
    co_return hal::BlockResult{};
  }

  // Waits until the card stops holding the line low (busy). Bus held.
  static Async<hal::BlockResult> wait_ready(Bus& b, Duration limit) {
    const Instant deadline = Instant::now() + limit;
    for (;;) {
      const int r = co_await byte(b);
      if (r < 0) co_return Err{Error::Bus};
      if (r == 0xFF) co_return hal::BlockResult{};
      if (Instant::now() > deadline) co_return Err{Error::Timeout};
    }
  }

  // After a cancelled operation: 520 idle bytes end a block read (512 + CRC) or write in
  // progress, CMD12 (stop transmission) takes a card that accepted a read or write command but
  // saw no data back to the transfer state (elsewhere it is an illegal command: its R1 is
  // ignored) and CMD13 clears the status it leaves, then wait until the card is ready. Bus held,
// chip select low.
  Async<hal::BlockResult> resync(Bus& b) {
    if (!dirty_) co_return hal::BlockResult{};
    if (auto r = co_await idle(b, 520); !r) co_return r;
    if (co_await command(b, 12, 0) < 0) co_return Err{Error::Bus};
    // CMD13 (send status, R2) reads and so clears the error bits CMD12 may have set (QEMU's card
    // reports an illegal CMD12 again in the next command's R1 otherwise).
    if (co_await command(b, 13, 0) < 0 || co_await byte(b) < 0) co_return Err{Error::Bus};
    if (auto r = co_await wait_ready(b, Duration::from_millis(500)); !r) co_return r;
    dirty_ = false;
    co_return hal::BlockResult{};
  }

  Async<hal::BlockResult> init_card() {
    auto guard = co_await bus_->mutex().lock();
    Bus& b = **guard;
    type_ = Type::None;
    hal::detail::set_bus_frequency(b, 400'000);
    static_cast<void>(hal::detail::set_chip_select(*cs_, true));
    if (auto r = co_await idle(b, 10); !r) co_return r;  // 80 clocks, card deselected
    Session session{this};
    static_cast<void>(hal::detail::set_chip_select(*cs_, false));
    dirty_ = false;
    int r1 = 0x1FF;
    for (int attempt = 0; attempt < 4 && r1 != 0x01; ++attempt) r1 = co_await command(b, 0, 0);
    if (r1 < 0) co_return Err{Error::Bus};
    // An empty slot leaves the line high (0xFF: no R1). QEMU's empty slot answers 0x04
    // (illegal command) to everything instead. Either way no card went idle.
    if (r1 != 0x01) co_return Err{Error::NoDevice};

    bool v2 = false;
    r1 = co_await command(b, 8, 0x1AA);
    if (r1 < 0) co_return Err{Error::Bus};
    if ((r1 & 0x04) == 0) {  // version 2 answers R7: the voltage and the check pattern echoed
      std::byte r7[4];
      if (!co_await b.read(r7)) co_return Err{Error::Bus};
      // QEMU 7.2's card answers CMD8 with R1 alone (the line stays high where the R7 payload
      // belongs); a real card either echoes the pattern or calls CMD8 illegal.
      const bool no_payload = r7[0] == std::byte{0xFF} && r7[1] == std::byte{0xFF} && r7[2] == std::byte{0xFF} &&
                              r7[3] == std::byte{0xFF};
      const bool echoed = (std::to_integer<unsigned>(r7[2]) & 0x0F) == 0x1 && r7[3] == std::byte{0xAA};
      if (r1 != 0x01 || !(echoed || no_payload)) co_return Err{Error::Response};
      v2 = true;
    }

    const Instant deadline = Instant::now() + Duration::from_millis(1000);
    for (;;) {
      r1 = co_await command(b, 55, 0);
      if (r1 < 0) co_return Err{Error::Bus};
      if ((r1 & ~0x01) != 0) co_return Err{r1_error(static_cast<unsigned>(r1))};
      r1 = co_await command(b, 41, v2 ? 0x4000'0000u : 0u);
      if (r1 < 0) co_return Err{Error::Bus};
      if (r1 == 0x00) break;
      if (r1 != 0x01) co_return Err{r1_error(static_cast<unsigned>(r1))};
      if (Instant::now() > deadline) co_return Err{Error::Timeout};
      co_await Timer::after(Duration::from_millis(1));
    }

    Type type = Type::Sd1;
    if (v2) {
      r1 = co_await command(b, 58, 0);
      std::byte ocr[4];
      if (r1 < 0 || !co_await b.read(ocr)) co_return Err{Error::Bus};
      // The idle bit is informational here (QEMU 7.2's card always sets it in CMD58's R1).
      if ((r1 & ~0x01) != 0) co_return Err{r1_error(static_cast<unsigned>(r1))};
      type = (std::to_integer<unsigned>(ocr[0]) & 0x40) != 0 ? Type::Sd2BlockAddressed : Type::Sd2ByteAddressed;
    }
    if (type != Type::Sd2BlockAddressed) {
      r1 = co_await command(b, 16, hal::kBlockSize);
      if (r1 < 0) co_return Err{Error::Bus};
      if (r1 != 0x00) co_return Err{r1_error(static_cast<unsigned>(r1))};
    }

    r1 = co_await command(b, 9, 0);  // the CSD, as a 16-byte data block
    if (r1 < 0) co_return Err{Error::Bus};
    if (r1 != 0x00) co_return Err{r1_error(static_cast<unsigned>(r1))};
    std::byte csd_bytes[16];
    if (auto r = co_await read_data(b, csd_bytes); !r) co_return r;
    const auto csd = [&](int i) { return std::to_integer<std::uint32_t>(csd_bytes[i]); };
    if ((csd(0) >> 6) == 1) {  // CSD version 2: C_SIZE counts 512 KiB units
      blocks_ = (((csd(7) & 0x3F) << 16 | csd(8) << 8 | csd(9)) + 1) * 1024;
    } else {  // version 1: (C_SIZE + 1) * 2^(C_SIZE_MULT + 2) blocks of 2^READ_BL_LEN bytes
      const std::uint32_t c_size = (csd(6) & 0x3) << 10 | csd(7) << 2 | csd(8) >> 6;
      const std::uint32_t mult = (csd(9) & 0x3) << 1 | csd(10) >> 7;
      const std::uint32_t bl_len = csd(5) & 0xF;
      blocks_ = ((c_size + 1) << (mult + 2)) << (bl_len - 9);
    }

    hal::detail::set_bus_frequency(b, fast_hz_);
    type_ = type;
    session.finished = true;
    co_return hal::BlockResult{};
  }

  Async<hal::BlockResult> transfer_blocks(std::uint32_t first, std::byte* in, const std::byte* out, std::size_t size) {
    if (type_ == Type::None) co_return Err{Error::NotReady};
    if (size == 0 || size % hal::kBlockSize != 0) co_return Err{Error::BadBufferSize};
    const std::uint32_t count = static_cast<std::uint32_t>(size / hal::kBlockSize);
    if (first >= blocks_ || count > blocks_ - first) co_return Err{Error::OutOfRange};
    auto guard = co_await bus_->mutex().lock();
    Bus& b = **guard;
    hal::detail::set_bus_frequency(b, fast_hz_);  // another device on the bus may have changed it
    Session session{this};
    static_cast<void>(hal::detail::set_chip_select(*cs_, false));
    if (auto r = co_await resync(b); !r) co_return r;
    for (std::uint32_t k = 0; k < count; ++k) {
      const std::uint32_t block = first + k;
      const std::uint32_t address = type_ == Type::Sd2BlockAddressed ? block : block * hal::kBlockSize;
      const std::size_t at = k * hal::kBlockSize;
      if (in != nullptr) {
        const int r1 = co_await command(b, 17, address);
        if (r1 < 0) co_return Err{Error::Bus};
        if (r1 != 0x00) co_return Err{r1 == 0x1FF ? Error::Timeout : r1_error(static_cast<unsigned>(r1))};
        if (auto r = co_await read_data(b, std::span(in + at, hal::kBlockSize)); !r) co_return r;
      } else {
        const int r1 = co_await command(b, 24, address);
        if (r1 < 0) co_return Err{Error::Bus};
        if (r1 != 0x00) co_return Err{r1 == 0x1FF ? Error::Timeout : r1_error(static_cast<unsigned>(r1))};
        const std::span<const std::byte> data(out + at, hal::kBlockSize);
        const std::uint16_t crc = detail::sd_crc16(data);
        const std::byte start[2]{std::byte{0xFF}, std::byte{0xFE}};  // one byte gap, start token
        const std::byte tail[2]{std::byte(crc >> 8), std::byte(crc & 0xFF)};
        if (!co_await b.write(start) || !co_await b.write(data) || !co_await b.write(tail)) co_return Err{Error::Bus};
        int response = 0xFF;
        for (int i = 0; i < 8 && response == 0xFF; ++i) response = co_await byte(b);
        if (response < 0) co_return Err{Error::Bus};
        switch (response & 0x1F) {
          case 0x05: break;  // accepted
          case 0x0B: co_return Err{Error::Crc};
          case 0x0D: co_return Err{Error::WriteFailed};
          default: co_return Err{Error::Response};
        }
        if (auto r = co_await wait_ready(b, Duration::from_millis(500)); !r) co_return r;
      }
    }
    session.finished = true;
    co_return hal::BlockResult{};
  }

  hal::SharedSpiBus<Bus>* bus_;
  Cs* cs_;
  std::uint32_t fast_hz_;
  std::uint32_t blocks_ = 0;
  Type type_ = Type::None;
  bool dirty_ = false;  // an operation was cancelled: the card may be mid-block
};

}  // namespace mote::devices
