// HeldSignals: the signals a long-running command handles (SIGINT, SIGTERM, SIGHUP) are held back from
// its first statement until its handlers (boost::asio::signal_set) are installed, then let through, so
// one that arrives during start-up waits for them instead of being lost or ending the process
// half-way (issue 23: a SIGINT 5 ms after start went unnoticed while the bot traded on). A blocked
// signal stays pending, even one whose inherited disposition is "ignore", and is delivered when
// release() unblocks it.
//
// Use: construct first thing in the command, before any thread is started (threads inherit the mask,
// so the store's writer thread never takes them); call release() once the signal_set objects exist.
// The destructor releases too (an early return). Not thread-safe: the main thread's.
#pragma once

#include <signal.h>

namespace dealer::live {

class HeldSignals {
 public:
  HeldSignals();
  ~HeldSignals() { release(); }
  HeldSignals(const HeldSignals&) = delete;
  HeldSignals& operator=(const HeldSignals&) = delete;

  void release();

 private:
  sigset_t set_;
  bool held_ = true;
};

}  // namespace dealer::live
