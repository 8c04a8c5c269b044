// The static frame arena, per-task-function pools, nested Async frames and the memory report.
#include <cstdio>
#include <cstring>
#include <new>

#include "mote/async.hpp"
#include "mote/critical_section.hpp"
#include "mote/executor.hpp"
#include "mote/memory.hpp"
#include "mote/task.hpp"

#if MOTE_ASAN
#include <sanitizer/asan_interface.h>
#define MOTE_POISON(p, n) ASAN_POISON_MEMORY_REGION((p), (n))
#define MOTE_UNPOISON(p, n) ASAN_UNPOISON_MEMORY_REGION((p), (n))
#else
#define MOTE_POISON(p, n) ((void)(p), (void)(n))
#define MOTE_UNPOISON(p, n) ((void)(p), (void)(n))
#endif

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
TaskPool* g_last_pool = nullptr;
MOTE_THREAD_LOCAL SpawnFailure g_last_failure{nullptr, SpawnError::Busy};
// Handed from operator new to the promise constructor: the pool and slot just allocated.
MOTE_THREAD_LOCAL TaskPool* g_new_pool = nullptr;
MOTE_THREAD_LOCAL unsigned char* g_new_slot = nullptr;

[[maybe_unused]] bool in_arena(const void* p) noexcept {
  const auto* b = static_cast<const unsigned char*>(p);
  return b >= arena_begin() && b < arena_begin() + arena_bytes();
}

[[maybe_unused]] void* arena_reserve(std::size_t bytes) noexcept {  // caller holds the critical section
  if (bytes > arena_bytes() - g_arena_used) return nullptr;
  void* p = arena_begin() + g_arena_used;
  g_arena_used += bytes;
  return p;
}

// Poisons the whole arena the first time a pool reserves (nothing is allocated before).
[[maybe_unused]] void poison_arena_once() noexcept {
  static bool done = false;
  if (!done) MOTE_POISON(arena_begin(), arena_bytes());
  done = true;
}

}  // namespace

SpawnFailure last_spawn_failure() noexcept { return g_last_failure; }

bool TaskPool::reserve(std::size_t frame_bytes) noexcept {
  frame_bytes_ = static_cast<std::uint32_t>(frame_bytes);
  wanted_bytes_ = slot_bytes() * capacity_;
#if MOTE_ALLOC
  base_ = nullptr;  // slots come from the heap one by one
#else
  poison_arena_once();
  base_ = static_cast<unsigned char*>(arena_reserve(wanted_bytes_));
  if (base_ == nullptr) {
    frame_bytes_ = 0;  // stay unreserved: a later spawn may try again
    return false;
  }
  // Thread the free list through the free slots (their first word).
  for (std::size_t i = capacity_; i-- > 0;) {
    void* slot = base_ + i * slot_bytes();
    MOTE_UNPOISON(slot, sizeof(void*));
    *static_cast<void**>(slot) = free_list_;
    free_list_ = slot;
  }
#endif
  (g_last_pool != nullptr ? g_last_pool->next_registered_ : g_first_pool) = this;
  g_last_pool = this;
  return true;
}

void* TaskPool::allocate(std::size_t frame_bytes) noexcept {
  CriticalSection cs;
  if (!reserved() && !reserve(frame_bytes)) {
    g_last_failure = {this, SpawnError::NoMemory};
    return nullptr;
  }
  if (frame_bytes != frame_bytes_) {
    mote::panic("task '%s': frame size changed from %zu to %zu bytes", name_, static_cast<std::size_t>(frame_bytes_), frame_bytes);
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
  MOTE_UNPOISON(slot, align_up(frame_bytes_) + (async_region_bytes_ != 0 ? kAsyncStackBytes : 0));
#endif
  if (++in_use_ > peak_in_use_) peak_in_use_ = in_use_;
  if (async_region_bytes_ != 0) reinterpret_cast<AsyncStack*>(slot + kPrefixBytes + align_up(frame_bytes_))->used = 0;
  g_new_pool = this;
  g_new_slot = slot + kPrefixBytes;
  return slot + kPrefixBytes;
}

TaskPool* TaskPool::take_new(const TaskHeader* header) noexcept {
  TaskPool* const pool = g_new_pool;
  if (pool == nullptr) mote::panic("a task promise was created without its pool's operator new");
  g_new_pool = nullptr;
  pool->header_offset_ =
      static_cast<std::uint32_t>(reinterpret_cast<const unsigned char*>(header) - g_new_slot);
  return pool;
}

void TaskPool::release(void* frame) noexcept {
  CriticalSection cs;
#if MOTE_ALLOC
  unsigned char* const slot = static_cast<unsigned char*>(frame) - kPrefixBytes;
  TaskPool* const pool = *reinterpret_cast<TaskPool**>(slot);
  --pool->in_use_;
  ::operator delete(slot);
#else
  // No prefix to say which pool a frame came from: the one whose slots contain its address.
  // (A walk over the task functions, only when a task ends; it saves 8 bytes per task.) Every
  // frame comes from a registered pool, so the walk ends on one.
  auto* const slot = static_cast<unsigned char*>(frame);
  TaskPool* pool = g_first_pool;
  while (slot < pool->base_ || slot >= pool->base_ + pool->capacity_ * pool->slot_bytes()) {
    pool = pool->next_registered_;
  }
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

TaskPromise::TaskPromise() noexcept : pool(TaskPool::take_new(this)) {}

// ---- nested Async frames: a stack in the owning task's slot ----------------------------
//
// Each block is [payload][trailer]; the trailer records the block's size, a freed bit and the
// owning slot, so a free finds its stack and the stack top can drop past blocks freed out of
// order (select may destroy its futures in any order).

namespace {
struct Trailer {
  std::size_t size_and_freed;
  AsyncStack* owner;
};
constexpr std::size_t kTrailerBytes = align_up(sizeof(Trailer));

[[maybe_unused]] Trailer* trailer_at(unsigned char* p) noexcept { return reinterpret_cast<Trailer*>(p); }
[[maybe_unused]] unsigned char* blocks_of(AsyncStack* stack) noexcept {
  return reinterpret_cast<unsigned char*>(stack) + kAsyncStackBytes;
}
}  // namespace

void* async_frame_alloc(std::size_t n) noexcept {
#if MOTE_ALLOC
  if (void* p = ::operator new(n, std::nothrow)) return p;
  mote::panic("out of heap for a %zu-byte Async frame", n);
#else
  TaskHeader* task = current_task;
  if (task == nullptr) {
#if defined(MOTE_PLATFORM_HOST)
    return ::operator new(n);  // host only: an Async created outside a task (block_on(f()))
#else
    mote::panic("an Async was called outside a task: its frame must come from a task's budget");
#endif
  }
  TaskPool* pool = static_cast<TaskPromise*>(task)->pool;
  const std::size_t need = align_up(n) + kTrailerBytes;
  const std::size_t used = pool->async_budget() == 0 ? 0 : pool->async_stack(task)->used;
  if (used + need > pool->async_budget()) {
    mote::panic("task '%s' ran out of nested-frame memory: an Async needs %zu bytes, %zu of %zu are in use; "
                "raise it with MOTE_TASK(%s, mote::pool(%zu).async_bytes(%zu), ...)",
                pool->name(), need, used, pool->async_budget(), pool->name(), pool->capacity(),
                align_up(used + need, 64));
  }
  AsyncStack* const stack = pool->async_stack(task);
  unsigned char* block = blocks_of(stack) + used;
  MOTE_UNPOISON(block, need);
  *trailer_at(block + align_up(n)) = Trailer{need, stack};
  stack->used = static_cast<std::uint32_t>(used + need);
  pool->note_async_use(stack->used);
  return block;
#endif
}

void async_frame_free(void* p, std::size_t n) noexcept {
#if MOTE_ALLOC
  (void)n;
  ::operator delete(p);
#else
#if defined(MOTE_PLATFORM_HOST)
  if (!in_arena(p)) {
    ::operator delete(p);  // host-only heap frame (see async_frame_alloc)
    return;
  }
#endif
  auto* block = static_cast<unsigned char*>(p);
  Trailer* t = trailer_at(block + align_up(n));
  AsyncStack* const stack = t->owner;
  t->size_and_freed |= 1;  // sizes are multiples of the alignment, so bit 0 is free
  MOTE_POISON(block, align_up(n));
  unsigned char* const region = blocks_of(stack);
  while (stack->used > 0) {
    Trailer* last = trailer_at(region + stack->used - kTrailerBytes);
    if ((last->size_and_freed & 1) == 0) break;
    const std::size_t size = last->size_and_freed & ~std::size_t{1};
    MOTE_POISON(region + stack->used - size, size);
    stack->used -= static_cast<std::uint32_t>(size);
  }
#endif
}

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

std::optional<TaskInfo> task_info(const char* name) noexcept {
  std::optional<TaskInfo> found;
  for_each_task([&](const TaskInfo& info) {
    if (!found && std::strcmp(info.name, name) == 0) found = info;
  });
  return found;
}

void memory_report() noexcept {
  std::printf("task              frame  pool  async  reserved  peak\n");
  for_each_task([](const TaskInfo& t) {
    std::printf("%-16s %6zu %5zu %6zu %9zu %5zu\n", t.name, t.frame_bytes, t.pool_size, t.async_budget,
                t.reserved_bytes, t.peak_in_use);
  });
  const ArenaStats a = arena_stats();
#if MOTE_ALLOC
  (void)a;
  std::printf("frames on the heap (alloc mode); arena unused\n");
#else
  std::printf("arena: %zu bytes, %zu used, %zu free\n", a.total_bytes, a.used_bytes, a.free_bytes());
#endif
}

}  // namespace mote
