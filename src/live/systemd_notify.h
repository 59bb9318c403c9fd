// SystemdNotifier: the sd_notify protocol without libsystemd. Under systemd (Type=notify) the service
// manager passes a datagram socket in $NOTIFY_SOCKET and, with WatchdogSec=, the interval it expects
// keep-alives at in $WATCHDOG_USEC; each message is one datagram of "KEY=value" lines (READY=1,
// STATUS=..., WATCHDOG=1, STOPPING=1). Outside systemd there is no socket and every call is a no-op,
// so the bot runs the same from a terminal.
//
// The watchdog pings are scheduled on the bot's own event loop (Scheduler), so they stop when the loop
// stalls and systemd restarts a hung process, which is the point of the watchdog.
//
// Ownership: owns its socket. Not thread-safe: use it from the event-loop thread.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"
#include "core/scheduler.h"

namespace dealer::live {

class SystemdNotifier {
 public:
  // From $NOTIFY_SOCKET and $WATCHDOG_USEC (and $WATCHDOG_PID, which must be ours if set). Without
  // $NOTIFY_SOCKET: a notifier that sends nothing. An error if the socket cannot be created or a
  // variable is malformed.
  static Result<SystemdNotifier> from_environment();

  bool enabled() const { return socket_ != nullptr; }
  // How often systemd expects WATCHDOG=1; none when the unit has no WatchdogSec=.
  std::optional<Micros> watchdog_interval() const { return watchdog_; }

  Status ready() { return send("READY=1"); }
  Status status(std::string_view text);  // one line; newlines are replaced by spaces
  Status stopping() { return send("STOPPING=1"); }
  Status reloading() { return send("RELOADING=1"); }
  Status watchdog() { return send("WATCHDOG=1"); }

  // Sends WATCHDOG=1 now and then every half interval (systemd's advice) on `scheduler`, for as long as
  // the scheduler runs and this notifier lives. No-op without a watchdog interval.
  void keep_alive(Scheduler& scheduler);

  Status send(std::string_view message);

 private:
  struct Socket;  // the descriptor and the address; shared with pending pings, which stop when it dies
  SystemdNotifier(std::shared_ptr<Socket> socket, std::optional<Micros> watchdog)
      : socket_(std::move(socket)), watchdog_(watchdog) {}
  // WATCHDOG=1 every `every` while the socket lives.
  static void schedule_ping(Scheduler& scheduler, std::weak_ptr<const Socket> socket, Micros every);

  std::shared_ptr<Socket> socket_;  // null outside systemd
  std::optional<Micros> watchdog_;
};

}  // namespace dealer::live
