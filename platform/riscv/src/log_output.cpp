// Where MOTE_LOG_* frames go on RISC-V: the chip's console UART, like printf (mote/log.hpp).
#include "mote/riscv.hpp"
#include "mote/log.hpp"

namespace mote::log::detail {

// Called with interrupts masked (Frame::send), so a frame is never split by another.
void write_frame(const std::uint8_t* data, std::size_t n) noexcept {
  riscv::console_write(reinterpret_cast<const char*>(data), n);
}

}  // namespace mote::log::detail
