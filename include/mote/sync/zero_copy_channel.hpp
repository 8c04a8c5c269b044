// mote/sync/zero_copy_channel.hpp: a bounded FIFO of slots filled and read in place.
//
//   static mote::ZeroCopyChannel<Frame, 4> frames;   // 4 Frames, default-constructed, reused
//   auto slot = co_await frames.send();              // borrows a free slot (waits while full)
//   fill(*slot);                                      // writes straight into the channel
//   slot.commit();                                    // now the receiver can take it
//   auto in = co_await frames.receive();             // borrows the oldest filled slot
//   use(*in);                                         // reads it in place
//   in.release();                                     // (or let `in` go): the slot is free again
//   if (auto s = frames.try_send()) { (*s)->x = 1; s->commit(); }   // from an interrupt
//
// Nothing is copied or moved: a slot's T lives in the channel for the channel's lifetime and
// is handed out by reference. One send slot and one receive slot may be borrowed at a time;
// further senders (receivers) wait, in FIFO order, until the borrowed one is committed or
// dropped (released). A send slot dropped without commit() is not sent (cancellation); a
// receive slot is consumed when released or dropped. Cancelling a waiting send or receive
// leaves no waiter behind, and a slot borrowed by a future that is then destroyed before its
// result was taken is given back as if never borrowed.
#pragma once

#include <cstddef>
#include <optional>
#include <utility>

#include "mote/critical_section.hpp"
#include "mote/sync/wait_queue.hpp"

namespace mote {

template <class T, std::size_t N, class RawMutex = CriticalSectionRawMutex>
class ZeroCopyChannel {
  static_assert(N > 0, "mote::ZeroCopyChannel needs a capacity of at least 1");

 public:
  constexpr ZeroCopyChannel() noexcept = default;
  ZeroCopyChannel(const ZeroCopyChannel&) = delete;
  ZeroCopyChannel& operator=(const ZeroCopyChannel&) = delete;
  /// Every borrowed slot and future of this channel must be gone by then.
  ~ZeroCopyChannel() = default;

  /// A borrowed free slot. Fill it through `*` / `->`, then `commit()` it. Dropping it
  /// uncommitted gives the slot back unsent. Move-only. Its members are ISR-safe.
  class [[nodiscard]] SendSlot {
   public:
    SendSlot(SendSlot&& o) noexcept : ch_(std::exchange(o.ch_, nullptr)), slot_(o.slot_) {}
    SendSlot& operator=(SendSlot&&) = delete;
    ~SendSlot() {
      if (ch_ != nullptr) ch_->mutex_.lock([&] { ch_->end_send(false); });
    }
    T& operator*() const noexcept { return *slot_; }
    T* operator->() const noexcept { return slot_; }
    /// Hands the filled slot to receivers. Afterwards this guard is empty. ISR-safe.
    void commit() noexcept {
      if (ch_ == nullptr) MOTE_PANIC("mote: ZeroCopyChannel slot committed twice");
      ch_->mutex_.lock([&] { ch_->end_send(true); });
      ch_ = nullptr;
    }

   private:
    friend class ZeroCopyChannel;
    SendSlot(ZeroCopyChannel* ch, T* slot) noexcept : ch_(ch), slot_(slot) {}
    ZeroCopyChannel* ch_;
    T* slot_;
  };

  /// The borrowed oldest filled slot. Read (or modify) it through `*` / `->`; releasing or
  /// dropping it frees the slot for senders. Move-only. Its members are ISR-safe.
  class [[nodiscard]] ReceiveSlot {
   public:
    ReceiveSlot(ReceiveSlot&& o) noexcept : ch_(std::exchange(o.ch_, nullptr)), slot_(o.slot_) {}
    ReceiveSlot& operator=(ReceiveSlot&&) = delete;
    ~ReceiveSlot() { release(); }
    T& operator*() const noexcept { return *slot_; }
    T* operator->() const noexcept { return slot_; }
    /// Frees the slot (the value is consumed). Afterwards this guard is empty. ISR-safe.
    void release() noexcept {
      if (ch_ == nullptr) return;
      ch_->mutex_.lock([&] { ch_->end_receive(); });
      ch_ = nullptr;
    }

   private:
    friend class ZeroCopyChannel;
    ReceiveSlot(ZeroCopyChannel* ch, T* slot) noexcept : ch_(ch), slot_(slot) {}
    ZeroCopyChannel* ch_;
    T* slot_;
  };

  /// Future of a free slot to fill; completes when no other send slot is borrowed and the
  /// channel is not full.
  class [[nodiscard]] SendFuture {
   public:
    bool poll(Waker waker) noexcept {
      return ch_->mutex_.lock([&] {
        if (ch_->can_send()) {
          ch_->senders_.done(node_);
          slot_.emplace(ch_->begin_send());
          return true;
        }
        ch_->senders_.wait(node_, waker);
        return false;
      });
    }
    SendSlot take() noexcept { return std::move(*slot_); }
    SendFuture(SendFuture&&) noexcept = default;
    ~SendFuture() {
      if (node_.state == detail::WaitNode::State::Idle) return;  // an untaken slot_ gives itself back
      ch_->mutex_.lock([&] { ch_->senders_.cancel(node_, ch_->can_send()); });
    }

   private:
    friend class ZeroCopyChannel;
    explicit SendFuture(ZeroCopyChannel* ch) noexcept : ch_(ch) {}
    ZeroCopyChannel* ch_;
    std::optional<SendSlot> slot_;
    detail::WaitNode node_;
  };

  /// Future of the oldest filled slot; completes when no other receive slot is borrowed and
  /// one is filled.
  class [[nodiscard]] ReceiveFuture {
   public:
    bool poll(Waker waker) noexcept {
      return ch_->mutex_.lock([&] {
        if (ch_->can_receive()) {
          ch_->receivers_.done(node_);
          slot_.emplace(ch_->begin_receive());
          return true;
        }
        ch_->receivers_.wait(node_, waker);
        return false;
      });
    }
    ReceiveSlot take() noexcept { return std::move(*slot_); }
    ReceiveFuture(ReceiveFuture&&) noexcept = default;
    ~ReceiveFuture() {
      // An untaken slot_ would consume the value when dropped: hand it back unread instead.
      if (slot_.has_value() && slot_->ch_ != nullptr) {
        ch_->mutex_.lock([&] { ch_->unborrow_receive(); });
        slot_->ch_ = nullptr;
      }
      if (node_.state == detail::WaitNode::State::Idle) return;
      ch_->mutex_.lock([&] { ch_->receivers_.cancel(node_, ch_->can_receive()); });
    }

   private:
    friend class ZeroCopyChannel;
    explicit ReceiveFuture(ZeroCopyChannel* ch) noexcept : ch_(ch) {}
    ZeroCopyChannel* ch_;
    std::optional<ReceiveSlot> slot_;
    detail::WaitNode node_;
  };

  /// Borrows a free slot, waiting while full or while another send slot is out. Task context only.
  SendFuture send() noexcept { return SendFuture(this); }
  /// Borrows the oldest filled slot, waiting while empty or while another receive slot is
  /// out. Task context only.
  ReceiveFuture receive() noexcept { return ReceiveFuture(this); }

  /// A free slot without waiting, or nothing if full or a send slot is already out. ISR-safe.
  std::optional<SendSlot> try_send() noexcept {
    return mutex_.lock([&]() -> std::optional<SendSlot> {
      if (!can_send()) return std::nullopt;
      return begin_send();
    });
  }
  /// The oldest filled slot without waiting, or nothing if none is filled or a receive slot
  /// is already out. ISR-safe.
  std::optional<ReceiveSlot> try_receive() noexcept {
    return mutex_.lock([&]() -> std::optional<ReceiveSlot> {
      if (!can_receive()) return std::nullopt;
      return begin_receive();
    });
  }

  /// Filled slots (committed, not yet released; a borrowed receive slot counts). ISR-safe.
  std::size_t len() const noexcept {
    return mutex_.lock([&] { return count_; });
  }
  static constexpr std::size_t capacity() noexcept { return N; }
  /// ISR-safe.
  bool is_empty() const noexcept { return len() == 0; }
  /// ISR-safe.
  bool is_full() const noexcept { return len() == N; }

 private:
  // All of these run with the mutex held.
  bool can_send() const noexcept { return !send_out_ && count_ < N; }
  bool can_receive() const noexcept { return !recv_out_ && count_ > 0; }
  SendSlot begin_send() noexcept {
    send_out_ = true;
    return SendSlot(this, &slots_[(head_ + count_) % N]);
  }
  void end_send(bool committed) noexcept {
    send_out_ = false;
    if (committed) {
      ++count_;
      receivers_.wake_one();
    }
    senders_.wake_one();  // the next sender may borrow (if there is room)
  }
  ReceiveSlot begin_receive() noexcept {
    recv_out_ = true;
    return ReceiveSlot(this, &slots_[head_]);
  }
  void end_receive() noexcept {
    recv_out_ = false;
    head_ = (head_ + 1) % N;
    --count_;
    senders_.wake_one();
    receivers_.wake_one();  // the next receiver may borrow (if another is filled)
  }
  void unborrow_receive() noexcept {
    recv_out_ = false;
    receivers_.wake_one();
  }

  [[no_unique_address]] RawMutex mutex_;
  std::size_t head_ = 0;
  std::size_t count_ = 0;
  bool send_out_ = false;
  bool recv_out_ = false;
  detail::WaitQueue senders_;
  detail::WaitQueue receivers_;
  T slots_[N]{};
};

}  // namespace mote
