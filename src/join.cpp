// Join handles (mote/join.hpp): the list of handles whose tasks run, the task-end hook the
// executor calls, and cancellation.
//
// How a cancel reaches a task without a test on the executor's fast path: a coroutine frame
// starts with its resume function (GCC and clang lay frames out as {resume, destroy, promise,
// ...}; std::coroutine_handle::resume calls through that first word). cancel() replaces it with
// cancel_resume and clears the task's poll function, then wakes the task: whichever way the
// executor resumes it next (straight from the queue, or after polling in ready_slow, which
// recognises the replaced pointer), cancel_resume runs instead of the body, ends the task like
// its final suspension does and destroys the frame at the await it was suspended on.
#include "mote/join.hpp"

#include "mote/critical_section.hpp"
#include "mote/panic.hpp"

namespace mote::detail {

namespace {

JoinNode* g_join_list = nullptr;  // handles whose task has not ended

// The link that points at `node` (null if it is not in the list). Inside a critical section.
JoinNode** link_to(const JoinNode* node) noexcept {
  for (JoinNode** link = &g_join_list; *link != nullptr; link = &(*link)->next) {
    if (*link == node) return link;
  }
  return nullptr;
}

JoinNode* node_of(const TaskHeader* task) noexcept {
  for (JoinNode* n = g_join_list; n != nullptr; n = n->next) {
    if (n->task == task) return n;
  }
  return nullptr;
}

void unlink(JoinNode& node) noexcept {
  if (JoinNode** link = link_to(&node)) *link = node.next;
  node.next = nullptr;
  node.task = nullptr;
}

// Executor::finish's hook, inside its critical section: the task has ended (finished, or
// destroyed by cancel_resume). Wakes the joiner.
void on_task_end(TaskHeader* task) noexcept {
  JoinNode* const node = node_of(task);
  if (node == nullptr) return;  // spawned without a handle, or the handle was dropped
  node->state = node->state == JoinNode::State::CancelRequested ? JoinNode::State::Cancelled : JoinNode::State::Finished;
  unlink(*node);
  const Waker joiner = std::exchange(node->joiner, Waker{});
  joiner.wake();
}

// Runs instead of a cancelled task's body (its frame's resume function), from the executor.
void cancel_resume(void* frame) noexcept {
  const TaskHandle handle = TaskHandle::from_address(frame);
  TaskHeader* const task = &handle.promise();
  // Like the final suspension: no more wake-ups, no timer, the handle told. The frame is freed
  // now, or (if a wake-up queued the task meanwhile) when the executor takes it from the queue.
  if (task->executor->finish(task)) handle.destroy();
}

}  // namespace

void join_attach(JoinNode& node, TaskHeader* task, void* value) noexcept {
  CriticalSection cs;
  g_task_end_hook = &on_task_end;
  node.task = task;
  node.value = value;
  node.state = JoinNode::State::Running;
  node.next = g_join_list;
  g_join_list = &node;
}

void join_detach(JoinNode& node) noexcept {
  CriticalSection cs;
  if (node.state == JoinNode::State::Running || node.state == JoinNode::State::CancelRequested) unlink(node);
  node.state = JoinNode::State::Empty;
  node.value = nullptr;
}

void join_move_locked(JoinNode& to, JoinNode& from, void* to_value) noexcept {
  if (from.joiner) MOTE_PANIC("mote: a JoinHandle was moved while a task was joining it");
  to.task = from.task;
  to.state = from.state;
  to.value = to_value;
  to.next = nullptr;
  if (JoinNode** link = link_to(&from)) {
    to.next = from.next;
    *link = &to;
  }
  from.next = nullptr;
  from.task = nullptr;
  from.value = nullptr;
  from.state = JoinNode::State::Empty;
}

void join_cancel(JoinNode& node) noexcept {
  CriticalSection cs;
  if (node.state != JoinNode::State::Running) return;  // ended, already cancelled, or empty
  node.state = JoinNode::State::CancelRequested;
  TaskHeader* const task = node.task;
  g_cancel_resume = reinterpret_cast<void*>(&cancel_resume);
  *static_cast<void**>(handle_of(task).address()) = g_cancel_resume;
  task->poll_fn = nullptr;  // resumed (into cancel_resume) without polling its future
  wake_task(task);
}

bool join_poll(JoinNode& node, Waker waker) noexcept {
  CriticalSection cs;
  if (node.state != JoinNode::State::Running && node.state != JoinNode::State::CancelRequested) return true;
  if (node.joiner && node.joiner != waker) MOTE_PANIC("mote: two tasks join the same JoinHandle");
  node.joiner = waker;
  return false;
}

void join_forget(JoinNode& node, Waker waker) noexcept {
  CriticalSection cs;
  if (node.joiner == waker) node.joiner = {};
}

void join_store_value(TaskHeader* task, void* value, void (*store)(void* storage, void* value)) noexcept {
  if (g_join_list == nullptr) return;
  CriticalSection cs;
  JoinNode* const node = node_of(task);
  if (node != nullptr && node->value != nullptr) store(node->value, value);
}

}  // namespace mote::detail
