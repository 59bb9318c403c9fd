#include "net/event_stream.h"

namespace dealer::net {

void EventStream::send(std::string_view name, std::string_view data) {
  std::string message;
  message.reserve(name.size() + data.size() + 16);
  message.append("event: ").append(name).append("\ndata: ").append(data).append("\n\n");
  push(std::move(message));
}

void EventStream::heartbeat() { push(":\n\n"); }

void EventStream::retry(std::chrono::milliseconds wait) {
  push("retry: " + std::to_string(wait.count()) + "\n\n");
}

void EventStream::push(std::string message) {
  if (closed_) return;
  if (pending_.size() >= kMaxPending) return close();
  pending_.push_back(std::move(message));
  if (wake_) wake_();
}

void EventStream::close() {
  if (closed_) return;
  closed_ = true;
  pending_.clear();
  // Once more, so the session sees the stream closed and shuts its connection.
  auto wake = std::move(wake_);
  wake_ = {};
  if (wake) wake();
}

void EventStream::attach(std::function<void()> wake) {
  wake_ = std::move(wake);
  if (wake_ && (closed_ || !pending_.empty())) wake_();
}

std::string EventStream::take() {
  std::string message = std::move(pending_.front());
  pending_.pop_front();
  return message;
}

}  // namespace dealer::net
