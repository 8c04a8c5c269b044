// mote/task.hpp: task functions, their static pools, and the token a call returns.
//
//   MOTE_TASK(blink, 1, mote::Duration period) { ... co_await ...; }
//
// defines a task function `blink`. Calling `blink(100_ms)` allocates a coroutine frame from
// blink's pool and returns a SpawnToken; `Spawner::spawn` starts it. The first call reserves
// the whole pool (pool size x frame size) from the static arena, so once every task function
// has been spawned once, no spawn can fail for memory, only for a full pool.
#pragma once

#include <coroutine>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <type_traits>
#include <utility>

#include "mote/config.hpp"
#include "mote/trace.hpp"
#include "mote/executor.hpp"
#include "mote/future.hpp"
#include "mote/panic.hpp"
#include "mote/static.hpp"
#include "mote/waker.hpp"

namespace mote {

/// Static sizing of a task function: how many may be alive at once and how many bytes each
/// instance keeps for the frames of the nested `mote::Async` calls it awaits.
/// Write `1` for a pool of one, or `mote::pool(2).async_bytes(512)`.
struct TaskConfig {
  std::size_t pool_size;
  std::size_t async_budget = MOTE_DEFAULT_ASYNC_BYTES;

  constexpr TaskConfig(std::size_t pool) noexcept : pool_size(pool) {}  // NOLINT: implicit by design
  constexpr TaskConfig async_bytes(std::size_t bytes) const noexcept {
    TaskConfig c = *this;
    c.async_budget = bytes;
    return c;
  }
};
constexpr TaskConfig pool(std::size_t n) noexcept { return TaskConfig(n); }

class SpawnToken;

namespace detail {

class TaskPool;

#if MOTE_ALLOC
/// Alloc mode: each frame comes from the heap with its pool's address in front (no address
/// range to find it by). Padded so that the frame keeps operator new's alignment.
inline constexpr std::size_t kPrefixBytes = align_up(sizeof(void*));
#else
/// No-alloc mode: nothing in front of a frame; a freed frame's pool is found by address.
inline constexpr std::size_t kPrefixBytes = 0;
#endif

/// The head of a slot's nested-frame region (present only when the task's async budget is not
/// zero): how many of the region's bytes the Async frames on it use.
struct AsyncStack {
  std::uint32_t used;
};
inline constexpr std::size_t kAsyncStackBytes = align_up(sizeof(AsyncStack));

/// What a task function's pool is, fixed at compile time: constant data in flash, apart from
/// the pool's state (TaskPool), which starts all zero so that it costs no flash (.bss, not
/// .data with an initial image of every pool).
struct TaskPoolConfig {
  const char* name;
  std::uint32_t capacity;
  std::uint32_t async_region_bytes;  // the nested-frame budget plus its AsyncStack head, or 0

  // The region's size in a slot: the budget and the stack head, or nothing.
  static constexpr std::uint32_t async_slot_bytes(std::size_t budget) noexcept {
    return budget == 0 ? 0 : static_cast<std::uint32_t>(kAsyncStackBytes + align_up(budget));
  }
  constexpr TaskPoolConfig(const char* task_name, TaskConfig config) noexcept
      : name(task_name),
        capacity(static_cast<std::uint32_t>(config.pool_size)),
        async_region_bytes(async_slot_bytes(config.async_budget)) {}
};

/// The static storage of one task function. Reserved from the arena on first allocation.
/// Allocation and release are guarded by a critical section. A slot is the frame followed by
/// the nested-frame region (kPrefixBytes before it in alloc mode). Its configuration is known
/// from the first allocation on; before it the pool reports a capacity of 0 and no name.
class TaskPool {
 public:
  constexpr TaskPool() noexcept = default;
  TaskPool(const TaskPool&) = delete;
  TaskPool& operator=(const TaskPool&) = delete;

  /// A frame of `frame_bytes` for a new instance, or nullptr (with the reason recorded for
  /// get_return_object_on_allocation_failure). `config` is the task function's (the same on
  /// every call). Thread mode only (spawning is not ISR work).
  void* allocate(std::size_t frame_bytes, const TaskPoolConfig& config) noexcept;
  /// Gives an instance's frame back to its pool. Thread mode only.
  static void release(void* frame) noexcept;

  const char* name() const noexcept { return config_ != nullptr ? config_->name : ""; }
  std::size_t capacity() const noexcept { return config_ != nullptr ? config_->capacity : 0; }
  std::size_t frame_bytes() const noexcept { return frame_bytes_; }
  /// Bytes each instance keeps for nested Async frames (the configured budget, aligned).
  std::size_t async_budget() const noexcept {
    return async_region_bytes() == 0 ? 0 : async_region_bytes() - kAsyncStackBytes;
  }
  std::size_t slot_bytes() const noexcept { return kPrefixBytes + align_up(frame_bytes_) + async_region_bytes(); }
  std::size_t in_use() const noexcept { return in_use_; }
  std::size_t peak_in_use() const noexcept { return peak_in_use_; }
  std::size_t async_peak() const noexcept { return async_peak_; }
  /// Bytes the pool takes (or, if its first spawn failed, tried to take) from the arena; known
  /// once a spawn was attempted (it needs the frame size).
  std::size_t wanted_bytes() const noexcept { return slot_bytes() * capacity(); }
  /// Whether the first allocation happened (frame size known, memory reserved).
  bool reserved() const noexcept {
#if MOTE_ALLOC
    return reserved_;
#else
    return base_ != nullptr;
#endif
  }
  TaskPool* next_registered() const noexcept { return next_registered_; }

  /// The nested-frame region of the task whose header is `task` (a task of this pool with a
  /// budget): found from the header's place in the slot.
  AsyncStack* async_stack(const TaskHeader* task) const noexcept {
    return reinterpret_cast<AsyncStack*>(const_cast<unsigned char*>(reinterpret_cast<const unsigned char*>(task)) -
                                         header_offset_ + align_up(frame_bytes_));
  }
  void note_async_use(std::size_t used) noexcept {
    if (used > async_peak_) async_peak_ = static_cast<std::uint32_t>(used);
  }
  /// The pool and slot of the frame allocated last on this thread; the promise constructor,
  /// which runs right after the frame's operator new, takes it (and only it) to find its pool
  /// and learn where the header sits in the slot.
  static void take_new(const TaskHeader* header) noexcept;
  /// The pool of the frame take_new took last on this thread (for the new task's SpawnToken).
  static TaskPool* last_created() noexcept;
  /// The pool whose slots contain `address` (a frame or a task header in it). Walks the
  /// registered pools (a few compares each). Not in alloc mode. Thread mode.
  static TaskPool* containing(const void* address) noexcept;

 private:
  bool reserve(std::size_t frame_bytes) noexcept;
  std::size_t async_region_bytes() const noexcept { return config_ != nullptr ? config_->async_region_bytes : 0; }

  const TaskPoolConfig* config_ = nullptr;  // set by the first allocation
  unsigned char* base_ = nullptr;
  void* free_list_ = nullptr;
  TaskPool* next_registered_ = nullptr;
  std::uint32_t in_use_ = 0;
  std::uint32_t peak_in_use_ = 0;
  std::uint32_t frame_bytes_ = 0;
  std::uint32_t async_peak_ = 0;
  std::uint16_t header_offset_ = 0;  // where the task header sits in a slot (a few words in)
#if MOTE_ALLOC
  bool reserved_ = false;
#endif
};

/// The configuration and the pool of the task function whose tag is `Tag`.
template <class Tag>
inline constexpr TaskPoolConfig task_pool_config{Tag::task_name, Tag::task_config};
template <class Tag>
inline constinit TaskPool task_pool{};

/// Which pool failed last and why (read right after a failed frame allocation).
struct SpawnFailure {
  TaskPool* pool;
  SpawnError error;
};
SpawnFailure last_spawn_failure() noexcept;

struct TaskPromise;
using TaskHandle = std::coroutine_handle<TaskPromise>;

/// How a task awaits a mote::Future: poll it at once (ready: no suspension at all); otherwise
/// record what the executor must poll before resuming, and hand over to the next ready task.
template <class F>
struct TaskAwaiter {
  F& future;
  bool await_ready() noexcept {
    if constexpr (requires { future.awaited_by_task(); }) future.awaited_by_task();  // see future.hpp
    return future.poll(Waker(current_task));
  }
  template <class Promise>  // VoidTaskPromise or ValueTaskPromise<T>: a TaskPromise
  SuspendTo await_suspend(std::coroutine_handle<Promise> h) noexcept;
  decltype(auto) await_resume() noexcept { return future.take(); }
};

/// `co_await mote::yield_now()` in a task: straight to the back of the run queue, marked to
/// resume without a poll, and the next ready task runs (or this one, if none is).
/// It keeps no reference to the (empty) YieldNow: one store and 4 frame bytes less per yield.
template <>
struct TaskAwaiter<YieldNow> {
  TaskAwaiter(YieldNow&) noexcept {}  // NOLINT: implicit, as await_transform's `{f}` builds it
  bool await_ready() const noexcept { return false; }
  template <class Promise>
  SuspendTo await_suspend(std::coroutine_handle<Promise> h) noexcept;
  void await_resume() const noexcept {}
};

/// A task's final suspension. Normally it does not suspend at all: the coroutine ends, which
/// frees its frame at once (its pool slot is free for the next spawn), and control returns to
/// the run loop that started this chain of tasks. Only if a wake-up queued the task meanwhile
/// does it suspend, to be freed when it leaves the queue.
struct TaskFinalAwaiter {
  TaskHeader* task;
  bool await_ready() const noexcept { return task->executor->finish(task); }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  void await_resume() const noexcept {}
};

/// The promise of every task: the task header plus the coroutine hooks. A task function's
/// coroutine uses VoidTaskPromise (MOTE_TASK) or ValueTaskPromise<T> (MOTE_TASK_RESULT), which
/// add only how the body ends; the executor sees every task as a TaskPromise.
struct TaskPromise : TaskHeader {
  // No pool pointer in the promise (4 bytes per task): the pool is found from the frame's
  // address where it is needed (TaskPool::containing: freeing a frame, a nested Async frame).
  TaskPromise() noexcept;

  // The task tag is always the coroutine's first argument (MOTE_TASK puts it there), which
  // is how the frame finds its pool. A coroutine returning SpawnToken without a tag does not
  // compile: there is no operator new for it.
  template <class Tag, class... Args>
  static void* operator new(std::size_t n, const Tag&, const Args&...) noexcept {
    return task_pool<Tag>.allocate(n, task_pool_config<Tag>);
  }
  static void operator delete(void* frame, std::size_t) noexcept { TaskPool::release(frame); }
  static SpawnToken get_return_object_on_allocation_failure() noexcept;
  SpawnToken get_return_object() noexcept;

  std::suspend_always initial_suspend() const noexcept { return {}; }
  TaskFinalAwaiter final_suspend() noexcept { return {this}; }
  [[noreturn]] void unhandled_exception() const noexcept { MOTE_PANIC("unhandled exception in a mote task"); }

  /// Only mote Futures may be awaited: a foreign awaiter would resume the task behind the
  /// executor's back.
  template <class F>
  TaskAwaiter<std::remove_reference_t<F>> await_transform(F&& f) noexcept {
    static_assert(Future<std::remove_cvref_t<F>>, MOTE_DETAIL_ONLY_FUTURES_MESSAGE);
    return {f};
  }

  Waker waker() noexcept { return Waker(this); }
};

/// The promise of a MOTE_TASK (a body that returns nothing).
struct VoidTaskPromise : TaskPromise {
  void return_void() const noexcept {}
};

inline TaskHandle handle_of(TaskHeader* task) noexcept {
  return TaskHandle::from_promise(*static_cast<TaskPromise*>(task));
}

template <class T>
struct ValueTaskPromise;

}  // namespace detail

/// A created but not yet spawned task, or the reason it could not be created. Move-only;
/// dropping it unspawned frees its frame. Not ISR-safe (creating tasks is thread-mode work).
class [[nodiscard]] SpawnToken {
 public:
  using promise_type = detail::VoidTaskPromise;

  SpawnToken(SpawnToken&& o) noexcept : handle_(std::exchange(o.handle_, {})), pool_(o.pool_), error_(o.error_) {}
  SpawnToken& operator=(SpawnToken&&) = delete;
  ~SpawnToken() {
    if (handle_) handle_.destroy();
  }

  bool valid() const noexcept { return static_cast<bool>(handle_); }
  SpawnError error() const noexcept { return error_; }
  /// The task function's pool (for messages and statistics); null only for a moved-from token.
  const detail::TaskPool* pool() const noexcept { return pool_; }

 private:
  friend struct detail::TaskPromise;
  friend class Spawner;
  template <class T>
  friend class SpawnTokenOf;
  SpawnToken(detail::TaskHandle h, detail::TaskPool* pool) noexcept : handle_(h), pool_(pool) {}
  SpawnToken(detail::TaskPool* pool, SpawnError e) noexcept : pool_(pool), error_(e) {}
  detail::TaskHandle release() noexcept { return std::exchange(handle_, {}); }

  detail::TaskHandle handle_{};
  detail::TaskPool* pool_ = nullptr;
  SpawnError error_ = SpawnError::Busy;
};

/// The token of a task that returns a T (MOTE_TASK_RESULT): a SpawnToken (spawn it like any
/// other, the value is then dropped) whose `Spawner::spawn_joinable` gives a JoinHandleOf<T>
/// (mote/join.hpp) that yields the value.
template <class T>
class [[nodiscard]] SpawnTokenOf : public SpawnToken {
 public:
  using promise_type = detail::ValueTaskPromise<T>;
  SpawnTokenOf(SpawnTokenOf&&) noexcept = default;

 private:
  friend struct detail::ValueTaskPromise<T>;
  explicit SpawnTokenOf(SpawnToken&& token) noexcept : SpawnToken(std::move(token)) {}
};

namespace detail {

inline SpawnToken TaskPromise::get_return_object() noexcept {
  return SpawnToken(TaskHandle::from_promise(*this), TaskPool::last_created());
}
inline SpawnToken TaskPromise::get_return_object_on_allocation_failure() noexcept {
  const SpawnFailure f = last_spawn_failure();
  return SpawnToken(f.pool, f.error);
}

/// Stores a finished task's value in the JoinHandleOf<T> that waits for it, if any (src/join.cpp
/// keeps the handles; `store` moves the value into the handle's storage). Thread mode.
void join_store_value(TaskHeader* task, void* value, void (*store)(void* storage, void* value)) noexcept;

/// The promise of a MOTE_TASK_RESULT: `co_return value;` hands the value to the task's join
/// handle (dropped if the task was spawned without one, or the handle was dropped).
template <class T>
struct ValueTaskPromise : TaskPromise {
  static_assert(alignof(T) <= alignof(TaskHeader) && std::is_nothrow_move_constructible_v<T>,
                "mote: a task's result type must be nothrow-movable and no more aligned than the task header");
  SpawnTokenOf<T> get_return_object() noexcept { return SpawnTokenOf<T>(TaskPromise::get_return_object()); }
  static SpawnTokenOf<T> get_return_object_on_allocation_failure() noexcept {
    return SpawnTokenOf<T>(TaskPromise::get_return_object_on_allocation_failure());
  }
  void return_value(T value) noexcept {
    join_store_value(this, &value, [](void* storage, void* v) {
      static_cast<std::optional<T>*>(storage)->emplace(std::move(*static_cast<T*>(v)));
    });
  }
};

// ---- the hot path: suspension, yield, end (declared in mote/executor.hpp) --------------

template <class F>
template <class Promise>
SuspendTo TaskAwaiter<F>::await_suspend(std::coroutine_handle<Promise> h) noexcept {
  TaskPromise& p = h.promise();
  p.poll_obj = &future;
  p.poll_fn = &poll_thunk<F>;
  return p.executor->switch_out();
}

template <class Promise>
inline SuspendTo TaskAwaiter<YieldNow>::await_suspend(std::coroutine_handle<Promise> h) noexcept {
  TaskPromise& p = h.promise();
  return p.executor->yield_from(&p);
}

// ---- compile-time checks on task parameters -------------------------------------------

template <class T>
inline constexpr bool is_span_v = false;
template <class T, std::size_t E>
inline constexpr bool is_span_v<std::span<T, E>> = true;
template <class T>
inline constexpr bool is_string_view_v = false;
template <class C, class Tr>
inline constexpr bool is_string_view_v<std::basic_string_view<C, Tr>> = true;

template <class T>
struct IsAsync : std::false_type {};

template <class T>
consteval bool check_task_param() {
  static_assert(!std::is_reference_v<T>,
                "mote: a task parameter must not be a reference: the task outlives the call that "
                "spawns it, so the reference would dangle. Pass it by value, or as mote::Static<T&> "
                "if it refers to something that lives forever.");
  static_assert(!std::is_pointer_v<T> || std::is_function_v<std::remove_pointer_t<T>>,
                "mote: a task parameter must not be a pointer: the task outlives the call that "
                "spawns it, so the pointer would dangle. Pass the value, or mote::Static<T*> if "
                "it points to something that lives forever.");
  static_assert(!is_span_v<T>,
                "mote: a task parameter must not be a std::span: it would dangle once the task is "
                "spawned. Use mote::Static<std::span<T>> for storage that lives forever.");
  static_assert(!is_string_view_v<T>,
                "mote: a task parameter must not be a std::string_view: it would dangle once the "
                "task is spawned. Use mote::Static<std::string_view> for a string literal.");
  static_assert(!borrows_storage_v<T>,
                "mote: a task parameter must not be a handle that refers to storage it does not "
                "own (such as a channel's Sender or Receiver): it would dangle if that storage "
                "dies first. Wrap it as mote::Static<Handle> when the storage lives forever.");
  static_assert(!IsAsync<T>::value,
                "mote: a task parameter must not be a mote::Async: its frame belongs to the task "
                "that created it. Pass the arguments and call the Async function inside the task.");
  return true;
}

template <class Signature>
struct TaskParams;
template <class... Args>
struct TaskParams<void(Args...)> {
  static constexpr bool ok = (check_task_param<Args>() && ... && true);
};

/// The callable object a MOTE_TASK defines: checks nothing at run time, forwards to the
/// coroutine with the tag in front.
template <class Tag, class Signature, class Token = SpawnToken>
struct TaskFunction;
template <class Tag, class... Args, class Token>
struct TaskFunction<Tag, void(Args...), Token> {
  Token (*body)(Tag, Args...);
  /// Creates an instance (allocates its frame from the pool); spawn the token to run it.
  Token operator()(Args... args) const noexcept { return body(Tag{}, std::move(args)...); }
  /// The task function's static pool (frame size known after the first call).
  static const TaskPool& pool() noexcept { return task_pool<Tag>; }
};

}  // namespace detail
}  // namespace mote

// ---- the executor's hot path (declared in mote/executor.hpp; needs the task promise) ------

namespace mote {

// Inlined into the wake paths (a call would cost a tenth of a wake).
[[gnu::always_inline]] inline void Executor::enqueue(detail::TaskHeader* task) noexcept {
  MOTE_TRACE_EVENT(Woken, task, detail::current_task);
#if MOTE_RUN_QUEUE_LOCK_FREE
  if (queue_.push(task)) pender_.pend();
#else
  if (queue_.push_locked(task)) pender_.pend();
#endif
}

[[gnu::always_inline]] inline void detail::wake_task_masked(TaskHeader* task) noexcept {
#if MOTE_RUN_QUEUE_LOCK_FREE
  wake_task(task);  // other threads: the host's lock-free wake
#else
  if (task->run_next != nullptr) return;  // already queued
  if (Executor* const executor = task->executor) executor->enqueue(task);
#endif
}

[[gnu::always_inline]] inline void detail::wake_resolved_masked(TaskHeader* task, const void* future,
                                                                PollFn poll) noexcept {
#if MOTE_RUN_QUEUE_LOCK_FREE
  wake_resolved(task, future, poll);  // other threads: the host's lock-free wake
#else
  // Only if the task waits on exactly this future: its poll function and object both match.
  // (A match on the address alone could be a select whose first member is this future.) A
  // running task has no poll function, so this never marks a task that has moved on.
  if (task->poll_obj == future && task->poll_fn == poll) task->poll_fn = nullptr;
  wake_task_masked(task);
#endif
}

inline void Executor::resume(detail::TaskHeader* task) noexcept {
  MOTE_TRACE_EVENT(Run, task, 0);
  detail::handle_of(task).resume();
}

inline detail::TaskHeader* Executor::pop() noexcept {
#if MOTE_RUN_QUEUE_LOCK_FREE
  if (batch_ == nullptr) {
    batch_ = queue_.take_all();
    if (batch_ == nullptr) return nullptr;
  }
  detail::TaskHeader* const task = batch_;
  batch_ = task->run_next;
  task->run_next = nullptr;
  task->state.fetch_and(static_cast<std::uint8_t>(~detail::kStateRunQueued), std::memory_order_acq_rel);
  return task;
#else
  const platform::CsState cs = platform::cs_enter();  // interrupts push concurrently
  detail::TaskHeader* const task = queue_.pop_locked();
  platform::cs_exit(cs);
  return task;
#endif
}

inline detail::TaskHeader* Executor::next_ready() noexcept {
  for (;;) {
    detail::TaskHeader* const task = pop();
    if (task == nullptr) return nullptr;
    if (task->poll_fn == nullptr) [[likely]] {  // its wake-up carried the answer
      detail::current_task = task;
      return task;
    }
    if (ready_slow(task)) return task;
  }
}

inline SuspendTo Executor::switch_out() noexcept {
#if MOTE_SYMMETRIC_TRANSFER
  if (chaining()) {
    if (detail::TaskHeader* const next = next_ready()) {
      MOTE_TRACE_EVENT(Run, next, 0);
      return detail::handle_of(next);
    }
  }
  return std::noop_coroutine();
#else
  return true;
#endif
}

// Always inlined into the yield's await_suspend: a yield is rare in code but its cost is the
// task switch itself (the call and its register saves were a tenth of it).
[[gnu::always_inline]] inline SuspendTo Executor::yield_from(detail::TaskHeader* self) noexcept {
#if MOTE_SYMMETRIC_TRANSFER && !MOTE_RUN_QUEUE_LOCK_FREE
  if (chaining()) [[likely]] {
    // Take the next task and queue this one in one critical section. Nothing else ready: go on
    // at once. (Already queued by an interrupt's wake-up: it is in the queue, and resumes
    // without a poll just the same, since it runs with no poll function.)
    const platform::CsState cs = platform::cs_enter();
    detail::TaskHeader* next = queue_.pop_locked();
    if (next == nullptr) [[unlikely]] {
      platform::cs_exit(cs);
      return detail::handle_of(self);
    }
    if (self->run_next == nullptr) [[likely]] queue_.push_locked(self);
    platform::cs_exit(cs);
    if (next->poll_fn == nullptr) [[likely]] {
      detail::current_task = next;
    } else if (!ready_slow(next)) {
      next = next_ready();  // never null: this task is queued
    }
    MOTE_TRACE_EVENT(Run, next, 0);
    return detail::handle_of(next);
  }
#endif
  detail::wake_task(self);  // to the back of the queue, resumed without a poll (poll_fn is null)
  return switch_out();
}

}  // namespace mote

#define MOTE_DETAIL_TASK_PRELUDE(name, config, ...) \
  MOTE_DETAIL_TASK_PRELUDE_NAMED(name, #name, config __VA_OPT__(, ) __VA_ARGS__)

#define MOTE_DETAIL_TASK_PRELUDE_NAMED(name, display_name, config, ...) \
  MOTE_DETAIL_TASK_PRELUDE_TOKEN(::mote::SpawnToken, name, display_name, config __VA_OPT__(, ) __VA_ARGS__)

#define MOTE_DETAIL_TASK_PRELUDE_TOKEN(token, name, display_name, config, ...)                  \
  struct mote_task_tag_##name {                                                                \
    static constexpr const char* task_name = display_name;                                     \
    static constexpr ::mote::TaskConfig task_config = ::mote::TaskConfig(config);              \
  };                                                                                           \
  static_assert(::mote::detail::TaskParams<void(__VA_ARGS__)>::ok);                            \
  token mote_task_body_##name(mote_task_tag_##name __VA_OPT__(, ) __VA_ARGS__);                \
  inline constexpr ::mote::detail::TaskFunction<mote_task_tag_##name, void(__VA_ARGS__), token> name{ \
      &mote_task_body_##name}

// GCC 12 wrongly reports -Wmismatched-new-delete for a coroutine whose promise has a
// placement-style operator new (the frame is freed by the matching sized delete).
#if defined(__GNUC__) && !defined(__clang__)
#define MOTE_DETAIL_NO_NEW_DELETE_WARNING _Pragma("GCC diagnostic ignored \"-Wmismatched-new-delete\"")
#else
#define MOTE_DETAIL_NO_NEW_DELETE_WARNING
#endif

#define MOTE_DETAIL_TASK_BODY(name, ...) \
  MOTE_DETAIL_NO_NEW_DELETE_WARNING      \
  ::mote::SpawnToken mote_task_body_##name(mote_task_tag_##name __VA_OPT__(, ) __VA_ARGS__)

/// Defines a task function: `MOTE_TASK(name, pool_size, params...) { body }`.
/// `pool_size` is how many instances may be alive at once (or a mote::TaskConfig such as
/// `mote::pool(2).async_bytes(256)`). Parameters are checked at compile time: references,
/// pointers, spans and string views are rejected unless wrapped in mote::Static.
#define MOTE_TASK(name, config, ...)                          \
  MOTE_DETAIL_TASK_PRELUDE(name, config __VA_OPT__(, ) __VA_ARGS__); \
  MOTE_DETAIL_TASK_BODY(name __VA_OPT__(, ) __VA_ARGS__)

/// Defines a task function whose body ends with `co_return value;` of type `type`:
/// `MOTE_TASK_RESULT(int, worker, 2, int x) { ...; co_return x * 2; }`. Spawned with
/// `spawner.spawn_joinable(worker(21))`, its JoinHandleOf<int>'s `co_await handle.join()` yields
/// `mote::Result<int, mote::Cancelled>` (mote/join.hpp); spawned with `spawn`, the value is
/// dropped. `type` must not contain a top-level comma (use an alias).
#define MOTE_TASK_RESULT(type, name, config, ...)                                                          \
  MOTE_DETAIL_TASK_PRELUDE_TOKEN(::mote::SpawnTokenOf<type>, name, #name, config __VA_OPT__(, ) __VA_ARGS__); \
  MOTE_DETAIL_NO_NEW_DELETE_WARNING                                                                        \
  ::mote::SpawnTokenOf<type> mote_task_body_##name(mote_task_tag_##name __VA_OPT__(, ) __VA_ARGS__)
