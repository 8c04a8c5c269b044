// The chip-independent part of the serial drivers that is not a template: the read future.
// (mote/hal/buffered_serial.hpp describes the split between this and each chip's uart.cpp.)
#include "mote/hal/buffered_serial.hpp"

#include <algorithm>
#include <bit>

namespace mote::serial {

bool ReadFuture::poll(Waker waker) noexcept {
  CriticalSection cs;
  RxState& s = *s_;
  if (buffer_.empty()) {
    count_ = 0;
    s.readers.done(node_);
    return true;
  }
  if (s.errors != 0) {
    // One error per read, oldest kind first (the order of SerialError); the bytes stay.
    const unsigned e = static_cast<unsigned>(std::countr_zero(s.errors));
    s.errors = static_cast<std::uint8_t>(s.errors & ~(1u << e));
    error_ = static_cast<std::int8_t>(e);
    finish();
    return true;
  }
  const std::uint32_t buffered = s.head - s.tail;
  std::uint32_t n = buffered < buffer_.size() ? buffered : static_cast<std::uint32_t>(buffer_.size());
  if (delimiter_ != kAny && n != 0) {
    std::uint32_t i = 0;
    while (i < n && s.ring[(s.tail + i) & s.ring_mask] != static_cast<std::byte>(delimiter_)) ++i;
    if (i < n) {
      n = i + 1;  // through the delimiter
    } else if (n < buffer_.size() && buffered <= s.ring_mask) {
      n = 0;  // no delimiter yet, and room for more in both the buffer and the ring: wait
    }
  }
  if (n == 0) {
    s.readers.wait(node_, waker);
    return false;
  }
  // Two copies at most: up to the end of the ring, then from its start.
  const std::uint32_t start = s.tail & s.ring_mask;
  const std::uint32_t first = n < s.ring_mask + 1 - start ? n : s.ring_mask + 1 - start;
  std::copy_n(s.ring + start, first, buffer_.data());
  std::copy_n(s.ring, n - first, buffer_.data() + first);
  s.tail += n;
  count_ = n;
  finish();
  return true;
}

// Called with the critical section held, once this read has its result.
void ReadFuture::finish() noexcept {
  s_->readers.done(node_);
  // The handler wakes one reader per interrupt; if this one leaves something, the next may use it.
  if (s_->head != s_->tail || s_->errors != 0) s_->readers.wake_one();
}

ReadFuture::~ReadFuture() {
  if (node_.state == ::mote::detail::WaitNode::State::Idle) return;
  // A read woken by data and dropped passes its wake-up on, so no waiting reader misses the bytes.
  critical_section([&] { s_->readers.cancel(node_, s_->head != s_->tail || s_->errors != 0); });
}

}  // namespace mote::serial
