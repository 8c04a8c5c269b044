// Nested Async frames: a LIFO region in the owning task's pool slot (see src/task_pool.cpp for
// the slots themselves). A file of its own so that a firmware without Async links neither this
// code nor its messages: clang puts all string literals of a file into one section, which the
// linker keeps whole as soon as one of them is used.
#include <new>

#include "mote/async.hpp"
#include "mote/critical_section.hpp"
#include "mote/executor.hpp"
#include "mote/memory.hpp"
#include "mote/task.hpp"

#include "poison.hpp"

namespace mote {
namespace detail {

#if defined(MOTE_PLATFORM_HOST) && !MOTE_ALLOC
namespace {
bool in_arena(const void* p) noexcept {
  const ArenaBounds arena = arena_bounds();
  const auto* b = static_cast<const unsigned char*>(p);
  return b >= arena.begin && b < arena.end;
}
}  // namespace
#endif

// Each block is [payload][trailer]; the trailer records the block's size, a freed bit and the
// owning slot's AsyncStack, so a free finds its stack and the stack top can drop past blocks freed out of
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
  MOTE_PANIC("out of heap for a {}-byte Async frame", n);
#else
  TaskHeader* task = current_task;
  if (task == nullptr) {
#if defined(MOTE_PLATFORM_HOST)
    return ::operator new(n);  // host only: an Async created outside a task (block_on(f()))
#else
    MOTE_PANIC("an Async was called outside a task: its frame must come from a task's budget");
#endif
  }
  TaskPool* const pool = TaskPool::containing(task);  // a walk over the pools: no pointer in every task
  const std::size_t need = align_up(n) + kTrailerBytes;
  const std::size_t used = pool->async_budget() == 0 ? 0 : pool->async_stack(task)->used;
  if (used + need > pool->async_budget()) {
    MOTE_PANIC("task '{}' ran out of nested-frame memory: an Async needs {} bytes, {} of {} are in use; "
                "raise it with MOTE_TASK({}, mote::pool({}).async_bytes({}), ...)",
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

}  // namespace detail
}  // namespace mote
