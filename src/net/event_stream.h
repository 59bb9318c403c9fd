// EventStream: one open Server-Sent Events response (text/event-stream), shared by whoever publishes
// into it and the HttpServer session that writes it to its socket. A handler returns it in its Reply
// (Reply::stream): the server sends the headers and then, in order, every message sent into it, until
// either side closes it. A client that falls kMaxPending messages behind is closed (a browser
// reconnects by itself and gets a fresh state), so a stuck reader never holds memory.
//
// Ownership: shared (std::shared_ptr) between the publisher and the session. Not thread-safe: use it
// on the io_context's thread.
#pragma once

#include <chrono>
#include <cstddef>
#include <deque>
#include <functional>
#include <string>
#include <string_view>

namespace dealer::net {

class EventStream {
 public:
  static constexpr size_t kMaxPending = 64;

  // One event: "event: NAME\ndata: DATA\n\n" (DATA must hold no newline; JSON text does not).
  void send(std::string_view name, std::string_view data);
  // A comment line, which keeps the connection alive and finds dead peers.
  void heartbeat();
  // Tells the browser how long to wait before reconnecting once the connection is lost.
  void retry(std::chrono::milliseconds wait);
  void close();
  bool closed() const { return closed_; }

  // The transport's side (net/http_server.cpp): `wake` runs when there is something to write or the
  // stream was closed; take() hands over the next message.
  void attach(std::function<void()> wake);
  bool has_pending() const { return !pending_.empty(); }
  std::string take();

 private:
  void push(std::string message);

  std::deque<std::string> pending_;
  std::function<void()> wake_;
  bool closed_ = false;
};

}  // namespace dealer::net
