// mote/block_on.hpp: running a future to completion from ordinary (non-task) code.
//
//   int v = mote::block_on(compute());   // host code, tests, tools
//
// Creates an executor on the calling thread, runs the future as a task on it and returns
// its result. For the host and for firmware start-up code outside any task; never from
// inside a task (it would block its executor).
#pragma once

#include <optional>
#include <type_traits>
#include <utility>

#include "mote/executor.hpp"
#include "mote/future.hpp"
#include "mote/task.hpp"

namespace mote {
namespace detail {

template <class F>
struct BlockOnTag {
  static constexpr const char* task_name = "block_on";
  static constexpr TaskConfig task_config = TaskConfig(4).async_bytes(4096);
};

#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"  // GCC 12 false positive, see task.hpp
#endif
template <class F>
SpawnToken block_on_task(BlockOnTag<F>, F* future, std::optional<future_value_t<F>>* out) {
  if constexpr (std::is_void_v<future_result_t<F>>) {
    co_await *future;
    out->emplace();
  } else {
    out->emplace(co_await *future);
  }
}
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif

}  // namespace detail

/// Runs `future` to completion on a new executor on this thread and returns its result.
/// Not ISR-safe; not from inside a task.
template <class F>
future_result_t<std::remove_cvref_t<F>> block_on(F&& future) noexcept {
  using Fut = std::remove_cvref_t<F>;
  Fut local(std::forward<F>(future));
  std::optional<future_value_t<Fut>> out;
  Executor executor;
  executor.spawner().must_spawn(detail::block_on_task<Fut>(detail::BlockOnTag<Fut>{}, &local, &out));
  // Also wait for the root's frame to be freed: if a wake-up raced with its end, that
  // happens only when it leaves the run queue.
  for (;;) {
    executor.poll();
    if (out.has_value() && executor.live_tasks() == 0 && executor.pending_releases() == 0) break;
    executor.idle();
  }
  if constexpr (!std::is_void_v<future_result_t<Fut>>) return std::move(*out);
}

}  // namespace mote
