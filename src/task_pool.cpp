// The static frame arena and the per-task-function pools. (Nested Async frames: async_frames.cpp;
// the memory report: memory_report.cpp.)
#include <new>

#include "mote/async.hpp"
#include "mote/critical_section.hpp"
#include "mote/executor.hpp"
#include "mote/memory.hpp"
#include "mote/task.hpp"

#include "poison.hpp"

namespace mote {
namespace detail {

namespace {

// ---- the arena: a bump allocator that pools reserve from, once each ----------------------

// Its bounds come from arena.cpp, compiled into each firmware (free RAM from the linker script
// on boards, a static array on the host and wasm32).
[[maybe_unused]] unsigned char* arena_begin() noexcept { return arena_bounds().begin; }
std::size_t arena_bytes() noexcept { return static_cast<std::size_t>(arena_bounds().end - arena_bounds().begin); }
std::size_t g_arena_used = 0;
TaskPool* g_first_pool = nullptr;
TaskPool** g_pool_tail = &g_first_pool;  // where the next registered pool is linked
MOTE_THREAD_LOCAL SpawnFailure g_last_failure{nullptr, SpawnError::Busy};
// Handed from operator new to the promise constructor: the pool and slot just allocated.
MOTE_THREAD_LOCAL TaskPool* g_new_pool = nullptr;
MOTE_THREAD_LOCAL unsigned char* g_new_slot = nullptr;
MOTE_THREAD_LOCAL TaskPool* g_created_pool = nullptr;  // take_new's, for get_return_object


// Poisons the whole arena the first time a pool reserves (nothing is allocated before).
[[maybe_unused]] void poison_arena_once() noexcept {
  static bool done = false;
  if (!done) MOTE_POISON(arena_begin(), arena_bytes());
  done = true;
}

}  // namespace

SpawnFailure last_spawn_failure() noexcept { return g_last_failure; }

bool TaskPool::reserve(std::size_t frame_bytes) noexcept {
  frame_bytes_ = static_cast<std::uint32_t>(frame_bytes);  // kept on failure: wanted_bytes() reports it
  const std::size_t slot = slot_bytes();
  const std::size_t wanted = slot * config_->capacity;
#if MOTE_ALLOC
  (void)wanted;
  reserved_ = true;  // slots come from the heap one by one
#else
#if MOTE_ASAN
  poison_arena_once();
#endif
  // The bounds once (a call into the firmware's arena.cpp), the bump inline: this runs once per
  // task function and is in every firmware, so it is written for size.
  const ArenaBounds arena = arena_bounds();
  unsigned char* const base = arena.begin + g_arena_used;
  if (wanted > static_cast<std::size_t>(arena.end - base)) return false;  // stays unreserved: a later spawn may try again
  g_arena_used += wanted;
  base_ = base;
  // Thread the free list through the free slots (their first word), first slot first.
  void* next = nullptr;
  for (unsigned char* p = base + wanted; p != base;) {
    p -= slot;
    MOTE_UNPOISON(p, sizeof(void*));
    *static_cast<void**>(static_cast<void*>(p)) = next;
    next = p;
  }
  free_list_ = next;
#endif
  *g_pool_tail = this;  // registered in first-spawn order (the memory report's order)
  g_pool_tail = &next_registered_;
  return true;
}

void* TaskPool::allocate(std::size_t frame_bytes, const TaskPoolConfig& config) noexcept {
  CriticalSection cs;
  config_ = &config;  // the same every time: a store is smaller than a test
  if (!reserved() && !reserve(frame_bytes)) {
    g_last_failure = {this, SpawnError::NoMemory};
    return nullptr;
  }
  if (frame_bytes != frame_bytes_) {
    MOTE_PANIC("task '{}': frame size {}, was {}", config.name, frame_bytes, static_cast<std::size_t>(frame_bytes_));
  }
#if MOTE_ALLOC
  auto* slot = static_cast<unsigned char*>(::operator new(slot_bytes(), std::nothrow));
  if (slot == nullptr) {
    g_last_failure = {this, SpawnError::NoMemory};
    return nullptr;
  }
  *reinterpret_cast<TaskPool**>(slot) = this;  // the prefix: release() finds the pool there
#else
  auto* slot = static_cast<unsigned char*>(free_list_);
  if (slot == nullptr) {
    g_last_failure = {this, SpawnError::Busy};
    return nullptr;
  }
  free_list_ = *static_cast<void**>(free_list_);
  // The frame and the AsyncStack head; the Async frames' part stays poisoned until used.
  MOTE_UNPOISON(slot, align_up(frame_bytes_) + (config.async_region_bytes != 0 ? kAsyncStackBytes : 0));
#endif
  if (++in_use_ > peak_in_use_) peak_in_use_ = in_use_;
  if (config.async_region_bytes != 0) reinterpret_cast<AsyncStack*>(slot + kPrefixBytes + align_up(frame_bytes_))->used = 0;
  g_new_pool = this;
  g_new_slot = slot + kPrefixBytes;
  return slot + kPrefixBytes;
}

void TaskPool::take_new(const TaskHeader* header) noexcept {
  TaskPool* const pool = g_new_pool;
  if (pool == nullptr) MOTE_PANIC("task promise without its pool's operator new");
  g_new_pool = nullptr;
  g_created_pool = pool;
  pool->header_offset_ = static_cast<std::uint16_t>(reinterpret_cast<const unsigned char*>(header) - g_new_slot);
}

TaskPool* TaskPool::last_created() noexcept { return g_created_pool; }

#if !MOTE_ALLOC
TaskPool* TaskPool::containing(const void* address) noexcept {
  // Every frame comes from a registered pool, so the walk ends on one.
  const auto* const p = static_cast<const unsigned char*>(address);
  TaskPool* pool = g_first_pool;
  while (p < pool->base_ || p >= pool->base_ + pool->wanted_bytes()) pool = pool->next_registered_;
  return pool;
}
#endif

void TaskPool::release(void* frame) noexcept {
  CriticalSection cs;
#if MOTE_ALLOC
  unsigned char* const slot = static_cast<unsigned char*>(frame) - kPrefixBytes;
  TaskPool* const pool = *reinterpret_cast<TaskPool**>(slot);
  --pool->in_use_;
  ::operator delete(slot);
#else
  // No prefix to say which pool a frame came from: the one whose slots contain its address.
  // (A walk over the task functions, only when a task ends; it saves 8 bytes per task.)
  auto* const slot = static_cast<unsigned char*>(frame);
  TaskPool* const pool = containing(slot);
  --pool->in_use_;
  // The slot is poisoned so that AddressSanitizer reports any use of the dead frame, except
  // its first word (the free-list link) and the task header, which a stale Waker may still
  // read: waking a finished task is a defined no-op.
  MOTE_POISON(slot, pool->slot_bytes());
  MOTE_UNPOISON(slot, sizeof(void*));
  MOTE_UNPOISON(slot + pool->header_offset_, sizeof(TaskHeader));
  *static_cast<void**>(static_cast<void*>(slot)) = pool->free_list_;
  pool->free_list_ = slot;
#endif
}

TaskPromise::TaskPromise() noexcept { TaskPool::take_new(this); }

// ---- reporting ------------------------------------------------------------------------

TaskInfo info_of(const TaskPool& p) noexcept {
  return TaskInfo{p.name(),         p.frame_bytes(), p.capacity(),    p.async_budget(), p.slot_bytes() * p.capacity(),
                  p.in_use(),       p.peak_in_use(), p.async_peak()};
}
const TaskPool* first_registered_pool() noexcept { return g_first_pool; }

}  // namespace detail

ArenaStats arena_stats() noexcept {
  CriticalSection cs;
  return ArenaStats{detail::arena_bytes(), detail::g_arena_used};
}

}  // namespace mote
