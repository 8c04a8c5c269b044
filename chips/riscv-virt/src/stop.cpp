// How a riscv32-virt image without semihosting stops (mote::riscv::chip_stop): QEMU virt's
// SiFive test device ("sifive,test0" at 0x100000, the board's power-off and reset controller)
// ends the emulation with a status, so exit(0) and a failure stay distinguishable.
#include "mote/riscv.hpp"

namespace mote::riscv {
namespace {
constexpr std::uintptr_t kTestDevice = 0x100000;
constexpr std::uint32_t kFinisherPass = 0x5555;  // QEMU exits 0
constexpr std::uint32_t kFinisherFail = 0x3333;  // QEMU exits with the status in bits 31:16
}  // namespace

void chip_stop(bool success) noexcept {
  reg32(kTestDevice) = success ? kFinisherPass : (1u << 16) | kFinisherFail;
}

}  // namespace mote::riscv
