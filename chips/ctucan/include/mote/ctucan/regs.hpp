// mote/ctucan/regs.hpp: the registers of the CTU CAN FD IP core (Czech Technical University's
// open CAN FD controller), offsets from a core's base, from its datasheet's register map
// (version 2.x, as QEMU 7.2's ctucan model implements it). Written here by hand.
#pragma once

#include <cstdint>

namespace mote::ctucan {

namespace regs {
inline constexpr std::uintptr_t kDeviceId = 0x00;    // DEVICE_ID (15..0) = 0xCAFD, VERSION (31..16)
inline constexpr std::uintptr_t kMode = 0x04;        // MODE (15..0) and SETTINGS (31..16)
inline constexpr std::uintptr_t kStatus = 0x08;
inline constexpr std::uintptr_t kCommand = 0x0c;
inline constexpr std::uintptr_t kIntStat = 0x10;     // write 1 to clear
inline constexpr std::uintptr_t kIntEnaSet = 0x14;
inline constexpr std::uintptr_t kIntEnaClr = 0x18;   // reads give the enables
inline constexpr std::uintptr_t kIntMaskClr = 0x20;
inline constexpr std::uintptr_t kBtr = 0x24;         // nominal (arbitration) bit timing
inline constexpr std::uintptr_t kBtrFd = 0x28;       // data bit timing (FD frames with BRS)
inline constexpr std::uintptr_t kFault = 0x2c;       // EWL (7..0), ERP (15..8), FAULT_STATE (18..16)
inline constexpr std::uintptr_t kRxStatus = 0x68;    // RX_STATUS (15..0), RX_SETTINGS (31..16)
inline constexpr std::uintptr_t kRxData = 0x6c;      // the receive FIFO, one 32-bit word per read
inline constexpr std::uintptr_t kTxStatus = 0x70;    // 4 bits per TXT buffer
inline constexpr std::uintptr_t kTxCommand = 0x74;
inline constexpr std::uintptr_t kTxPriority = 0x78;  // 3 bits per TXT buffer (nibbles)
inline constexpr std::uintptr_t kErrCapt = 0x7c;     // ERR_CAPT (7..0): position (4..0), type (7..5)
inline constexpr std::uintptr_t kTxtb1 = 0x100;      // TXT buffer 1: a frame in the layout below

inline constexpr std::uint32_t kDeviceIdValue = 0xcafd;

inline constexpr std::uint32_t kModeRst = 1u << 0;       // soft reset
inline constexpr std::uint32_t kModeFde = 1u << 4;       // CAN FD frames enabled
inline constexpr std::uint32_t kSettingsEna = 1u << 22;  // SETTINGS.ENA: the core takes part in the bus

inline constexpr std::uint32_t kStatusDor = 1u << 1;     // data overrun: a received frame was lost

inline constexpr std::uint32_t kCommandCdo = 1u << 3;    // clear the data-overrun flag
inline constexpr std::uint32_t kCommandErcrst = 1u << 4;  // bus-off: rejoin after 128 x 11 recessive bits

inline constexpr std::uint32_t kIntRxi = 1u << 0;      // a frame was received
inline constexpr std::uint32_t kIntDoi = 1u << 3;      // data overrun
inline constexpr std::uint32_t kIntBei = 1u << 6;      // bus error
inline constexpr std::uint32_t kIntFcsi = 1u << 4;     // fault confinement state changed (e.g. bus-off)
inline constexpr std::uint32_t kIntRbnei = 1u << 10;   // receive buffer not empty (level)
inline constexpr std::uint32_t kIntTxbhci = 1u << 11;  // a TXT buffer's state changed (frame done)
inline constexpr std::uint32_t kIntAll = 0xfff;

inline constexpr std::uint32_t kFaultBof = 1u << 18;   // FAULT_STATE.BOF: bus-off

inline constexpr std::uint32_t kRxStatusFrcShift = 4;  // RX_STATUS.RXFRC: frames in the FIFO (10..0)
inline constexpr std::uint32_t kRxStatusFrcMask = 0x7ff;

// TX_STATUS states of one buffer, and TX_COMMAND: the command (bits 2..0) applies to the
// buffers selected by bits 8.. (TXB1 = bit 8).
inline constexpr std::uint32_t kTxtReady = 0x1, kTxtTransmitting = 0x2, kTxtAbortPending = 0x3, kTxtOk = 0x4,
                               kTxtError = 0x6, kTxtAborted = 0x7, kTxtEmpty = 0x8;
inline constexpr std::uint32_t kTxCommandEmpty = 1u << 0;   // TXCE: TOK/ERR/ABT -> empty
inline constexpr std::uint32_t kTxCommandReady = 1u << 1;   // TXCR: the buffer's frame may go
inline constexpr std::uint32_t kTxCommandAbort = 1u << 2;   // TXCA: ready -> aborted, transmitting -> abort pending
inline constexpr std::uint32_t kTxCommandBuffer1 = 1u << 8;

// A frame in a TXT buffer and in the receive FIFO: FRAME_FORMAT_W, IDENTIFIER_W, the two
// timestamp words, then the data, 4 bytes a word, first byte lowest.
inline constexpr std::uint32_t kFrameDlcMask = 0xf;
inline constexpr std::uint32_t kFrameRtr = 1u << 5;
inline constexpr std::uint32_t kFrameIde = 1u << 6;    // extended identifier
inline constexpr std::uint32_t kFrameFdf = 1u << 7;    // FD frame
inline constexpr std::uint32_t kFrameBrs = 1u << 9;    // bit-rate switch
inline constexpr std::uint32_t kFrameRwcntShift = 11;  // words that follow FRAME_FORMAT_W (5 bits)
inline constexpr std::uint32_t kIdBaseShift = 18;      // IDENTIFIER_W: base (28..18), extension (17..0)
inline constexpr unsigned kFrameHeaderWords = 4;
}  // namespace regs

}  // namespace mote::ctucan
