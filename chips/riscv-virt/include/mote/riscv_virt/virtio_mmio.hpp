// mote/riscv_virt/virtio_mmio.hpp: the virtio-mmio transport (version 2, "modern") and the split
// virtqueue layout, as the virtio 1.1 specification defines them (sections 2.6 and 4.2), written
// here by hand. What a device driver on top needs: bring a device up with one queue, post
// buffers, collect used ones.
//
// QEMU 7.2's virt machine offers version 1 ("legacy") transports unless it is run with
// `-global virtio-mmio.force-legacy=false`; only version 2 is supported here (its queue
// addresses are plain 64-bit registers, no guest page size or PFN).
#pragma once

#include <cstddef>
#include <cstdint>

#include "mote/hal/interrupts.hpp"
#include "mote/hal/peripheral.hpp"

namespace mote::riscv_virt::virtio {

// ---- Transport registers (offsets from the slot's base) ------------------------------------
inline constexpr std::uintptr_t kMagicValue = 0x000;  // "virt"
inline constexpr std::uintptr_t kVersion = 0x004;
inline constexpr std::uintptr_t kDeviceId = 0x008;    // 0: empty slot
inline constexpr std::uintptr_t kDeviceFeatures = 0x010;
inline constexpr std::uintptr_t kDeviceFeaturesSel = 0x014;
inline constexpr std::uintptr_t kDriverFeatures = 0x020;
inline constexpr std::uintptr_t kDriverFeaturesSel = 0x024;
inline constexpr std::uintptr_t kQueueSel = 0x030;
inline constexpr std::uintptr_t kQueueNumMax = 0x034;
inline constexpr std::uintptr_t kQueueNum = 0x038;
inline constexpr std::uintptr_t kQueueReady = 0x044;
inline constexpr std::uintptr_t kQueueNotify = 0x050;
inline constexpr std::uintptr_t kInterruptStatus = 0x060;
inline constexpr std::uintptr_t kInterruptAck = 0x064;
inline constexpr std::uintptr_t kStatus = 0x070;
inline constexpr std::uintptr_t kQueueDescLow = 0x080;
inline constexpr std::uintptr_t kQueueDescHigh = 0x084;
inline constexpr std::uintptr_t kQueueDriverLow = 0x090;  // the available ring
inline constexpr std::uintptr_t kQueueDriverHigh = 0x094;
inline constexpr std::uintptr_t kQueueDeviceLow = 0x0A0;  // the used ring
inline constexpr std::uintptr_t kQueueDeviceHigh = 0x0A4;
inline constexpr std::uintptr_t kConfig = 0x100;  // the device-specific configuration space

inline constexpr std::uint32_t kMagic = 0x74726976;
inline constexpr std::uint32_t kStatusAcknowledge = 1;
inline constexpr std::uint32_t kStatusDriver = 2;
inline constexpr std::uint32_t kStatusDriverOk = 4;
inline constexpr std::uint32_t kStatusFeaturesOk = 8;
inline constexpr std::uint32_t kStatusFailed = 128;
inline constexpr std::uint32_t kInterruptUsedBuffer = 1u << 0;
inline constexpr std::uint32_t kInterruptConfigChange = 1u << 1;
inline constexpr unsigned kFeatureVersion1 = 32;  // VIRTIO_F_VERSION_1: bit 0 of feature word 1

/// Device types (virtio 1.1, section 5).
enum class DeviceId : std::uint32_t { Network = 1, Block = 2, Console = 3, Entropy = 4 };

// ---- Split virtqueue ------------------------------------------------------------------------
inline constexpr std::uint16_t kDescNext = 1;   // the chain continues at `next`
inline constexpr std::uint16_t kDescWrite = 2;  // the device writes this buffer
inline constexpr std::uint16_t kAvailNoInterrupt = 1;  // avail.flags: no interrupt for this queue's completions
inline constexpr std::uint16_t kUsedNoNotify = 1;      // used.flags: the device needs no doorbell

/// One descriptor: a buffer in guest memory, seen by the device by its physical address (the
/// same as its address here: machine mode, no MMU).
struct Desc {
  std::uint64_t addr;
  std::uint32_t len;
  std::uint16_t flags;
  std::uint16_t next;
};
static_assert(sizeof(Desc) == 16);

/// A queue of N entries (a power of two): descriptors (16-byte aligned), the available ring
/// (the driver's: which descriptors it offers) and the used ring (the device's: which it has
/// filled, and how many bytes). The device reads and writes these by DMA.
template <unsigned N>
struct SplitQueue {
  static_assert(N != 0 && (N & (N - 1)) == 0, "a virtqueue's size is a power of two");
  alignas(16) Desc desc[N];
  struct Avail {
    std::uint16_t flags;
    std::uint16_t idx;  // free-running count of entries offered
    std::uint16_t ring[N];
    std::uint16_t used_event;
  } avail;
  struct UsedElem {
    std::uint32_t id;   // head descriptor of the buffer chain
    std::uint32_t len;  // bytes the device wrote
  };
  struct alignas(4) Used {
    std::uint16_t flags;
    std::uint16_t idx;  // free-running count of entries used
    UsedElem ring[N];
    std::uint16_t avail_event;
  } used;
};

// ---- Virtqueue operations shared by the drivers (virtio-rng, virtio-net, virtio-blk) --------

/// Orders the driver's ring writes before the index that publishes them and before the
/// doorbell, and the device's DMA writes before the driver's reads of them (QEMU's DMA is
/// coherent; real hardware needs the fence). ISR-safe.
inline void fence() noexcept { __asm volatile("fence iorw, iorw" ::: "memory"); }

/// A ring field the device writes by DMA, read once (the compiler must not cache it). ISR-safe.
template <class T>
T load(const T& field) noexcept {
  return *const_cast<const volatile T*>(&field);
}
/// A ring field the device reads by DMA, written once. ISR-safe.
template <class T>
void store(T& field, T value) noexcept {
  *const_cast<volatile T*>(&field) = value;
}

/// Offers the descriptor chain starting at `head` on queue `queue` of the device at `base`, and
/// rings the doorbell unless the device said it needs none (used.flags). The chain's
/// descriptors must be written before. Whoever owns the queue (task with the critical section,
/// or the only user); ISR-safe.
template <unsigned N>
void offer(SplitQueue<N>& q, std::uintptr_t base, unsigned queue, std::uint16_t head) noexcept {
  q.avail.ring[q.avail.idx % N] = head;
  fence();  // the entry before the index
  store(q.avail.idx, static_cast<std::uint16_t>(q.avail.idx + 1));
  fence();  // the index before the doorbell, and before reading used.flags
  if ((load(q.used.flags) & kUsedNoNotify) == 0) {
    *reinterpret_cast<volatile std::uint32_t*>(base + kQueueNotify) = queue;
  }
}

/// Reads the device's interrupt status and acknowledges it (its PLIC line drops once
/// acknowledged); returns the status (kInterruptUsedBuffer, kInterruptConfigChange). Interrupt
/// context.
inline std::uint32_t acknowledge(std::uintptr_t base) noexcept {
  const std::uint32_t status = *reinterpret_cast<volatile std::uint32_t*>(base + kInterruptStatus);
  *reinterpret_cast<volatile std::uint32_t*>(base + kInterruptAck) = status;
  return status;
}

/// Takes the next entry the device has put in the used ring, if any: copies it to `out` and
/// advances `seen` (the driver's count of used entries collected). Owner of the queue; ISR-safe.
template <unsigned N>
bool take_used(SplitQueue<N>& q, std::uint16_t& seen, typename SplitQueue<N>::UsedElem& out) noexcept {
  fence();
  if (load(q.used.idx) == seen) return false;
  fence();  // the index before the entry and the buffer it covers
  const auto& elem = q.used.ring[seen % N];
  out.id = load(elem.id);
  out.len = load(elem.len);
  seen = static_cast<std::uint16_t>(seen + 1);
  return true;
}

/// Resets the device in the slot at `base` and brings it up to DRIVER_OK with queue 0 of `n`
/// entries at `desc`/`avail`/`used`, negotiating VIRTIO_F_VERSION_1 only. Panics, naming `what`,
/// if the slot holds no such device, is a legacy transport, refuses the features or offers a
/// smaller queue. Thread mode, before the device's interrupt is enabled. Not ISR-safe.
/// (begin + setup_queue + finish, for a device with one queue and no device features.)
void setup(std::uintptr_t base, DeviceId id, const char* what, const void* desc, const void* avail, const void* used,
           unsigned n) noexcept;

/// The first steps of set-up for a device with several queues or device features: checks the
/// slot (panics as setup() does), resets the device and negotiates VIRTIO_F_VERSION_1 plus those
/// of `wanted` (device feature bits 0..31) the device offers; returns the latter. Thread mode,
/// before the device's interrupt is enabled. Not ISR-safe.
std::uint32_t begin(std::uintptr_t base, DeviceId id, const char* what, std::uint32_t wanted) noexcept;
/// Gives queue `index` its `n` entries at `desc`/`avail`/`used` (after begin()). Panics if the
/// device's queue is smaller or already in use. Thread mode. Not ISR-safe.
void setup_queue(std::uintptr_t base, const char* what, unsigned index, const void* desc, const void* avail,
                 const void* used, unsigned n) noexcept;
/// Sets DRIVER_OK: the device may use its queues from now on. Thread mode. Not ISR-safe.
void finish(std::uintptr_t base) noexcept;

/// A virtio driver's first step of start(): takes `claimed` (panics, naming `what` and the slot,
/// if a driver has the device already) and masks the slot's PLIC line `irq`. Thread mode.
void claim(bool& claimed, std::uintptr_t base, unsigned irq, const char* what) noexcept;

/// claim(), then the ring bookkeeping every driver's state `S` has (queue, base, in_flight,
/// used_seen) reset for a device that is about to be reset. Thread mode.
template <class S>
void claim(S& s, std::uintptr_t base, unsigned irq, const char* what) noexcept {
  claim(s.claimed, base, irq, what);
  s.queue = {};
  s.base = base;
  s.in_flight = false;
  s.used_seen = 0;
}

/// What every virtio-mmio slot driver class shares: the interrupt handler to bind (it runs
/// `Work(Instance)`, interrupt context only) and the ownership of the slot, whose last owner's
/// destruction runs `Stop(Instance, irq)` (thread mode). The driver derives from it and adds its
/// constructor (with its own binding message) and its operations.
template <class Slot, class S, S& Instance, void (*Work)(S&) noexcept, void (*Stop)(S&, unsigned) noexcept>
class SlotDriver {
  static void on_irq() noexcept { Work(Instance); }
  struct Release {
    static void release() noexcept { Stop(Instance, Slot::Interrupt::number); }
  };

 public:
  /// The handler to bind to the slot's interrupt (virtio<N>).
  using InterruptHandler = hal::IrqHandler<typename Slot::Interrupt, &SlotDriver::on_irq>;

 protected:
  static S& state() noexcept { return Instance; }

 private:
  hal::Ownership<Release> owner_;
};

/// The device id in the slot at `base` (0: nothing there). ISR-safe.
std::uint32_t device_id(std::uintptr_t base) noexcept;

}  // namespace mote::riscv_virt::virtio
