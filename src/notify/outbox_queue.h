// OutboxQueue: the notifier's bookkeeping, without I/O or a clock of its own (times are passed in), so
// the backoff schedule and the delivery rules are tested on virtual time (tests/notify/).
//
// Per receiver, a FIFO of outbox rows in id order. Only the head is ever in flight, so a receiver gets
// its messages in order; the next one goes only once the head is delivered, given up or expired:
//   - a 2xx answer: delivered;
//   - 429: again after its Retry-After (seconds), or after the backoff when it has none;
//   - another 4xx: given up with the answer as the reason (a malformed request will not heal);
//   - anything else (no connection, a timeout, 5xx): again after the backoff, base x 2^(n-1) for the
//     n-th failure, at most `max`, drawn uniformly from its upper half (jitter, from a seeded generator);
//   - a head queued more than `expire_after` ago is dropped as expired when it comes due (from when it
//     was queued, not its event's time: a fill carries the exchange's clock).
// Every change comes back as the store::NotificationUpdate to persist. Rows are added from the outbox
// table; a row already known is ignored, so re-reading the table after a restart is safe. Delivery is at
// least once: a crash after the receiver answered but before the update is durable sends it again
// (with the same Idempotency-Key).
//
// Ownership: a plain value. Not thread-safe: the notifier's thread only.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "core/result.h"
#include "core/time.h"
#include "net/http_message.h"
#include "notify/event.h"
#include "store/rows.h"

namespace dealer::notify {

struct Backoff {
  Micros first = std::chrono::seconds(1);
  Micros max = std::chrono::minutes(10);
};

// One outbox row still to deliver.
struct Pending {
  int64_t id = 0;
  std::string receiver;
  Event event;
  int64_t created_us = 0;  // when it was queued: it expires `expire_after` later
  int64_t attempts = 0;
  int64_t next_attempt_us = 0;  // not before
};

// What one attempt's outcome means for the message.
struct Answer {
  enum class Kind { kDelivered, kRetry, kGiveUp };
  Kind kind = Kind::kRetry;
  std::optional<Micros> retry_after;  // a 429's Retry-After
  std::string detail;                 // "HTTP 200", "HTTP 400: bad chat_id", the transport's error
};

// The answer to an HTTP outcome (response or transport error).
Answer classify(const Result<net::HttpResponse>& response);

// The backoff before attempt n + 1 after n >= 1 failures, before jitter: first x 2^(n-1), at most max.
Micros backoff_ceiling(const Backoff& backoff, int64_t failures);

class OutboxQueue {
 public:
  struct Step {
    std::vector<Pending> send;                       // now in flight: send each
    std::vector<store::NotificationUpdate> updates;  // to persist (expired heads)
  };

  OutboxQueue(std::vector<std::string> receivers, Backoff backoff, Micros expire_after, uint64_t seed);

  // Adds a row read from the outbox. Ignored (false): an unknown receiver, or an id not above the last
  // one added for the receiver (already known).
  bool add(Pending row);
  // The heads that are due at `now_us` and not in flight, marked in flight; expired heads dropped.
  Step due(int64_t now_us);
  // The answer to the attempt of the head `id` of `receiver` (in flight), and the update to persist.
  // A stale answer (not the head in flight) changes nothing and returns nullopt.
  std::optional<store::NotificationUpdate> answered(const std::string& receiver, int64_t id,
                                                    const Answer& answer, int64_t now_us);

  // The earliest time a head not in flight comes due; none when nothing waits.
  std::optional<int64_t> next_due_us() const;
  int64_t pending(const std::string& receiver) const;   // rows not yet finished
  int64_t failures(const std::string& receiver) const;  // failed attempts since start
  bool in_flight(const std::string& receiver) const;
  const std::vector<std::string>& receivers() const { return names_; }

 private:
  struct Lane {
    std::deque<Pending> rows;
    int64_t last_id = 0;
    bool in_flight = false;
    int64_t failures = 0;
  };
  Lane* lane(const std::string& receiver);
  const Lane* lane(const std::string& receiver) const;
  Micros jittered(int64_t failures);

  std::vector<std::string> names_;
  std::map<std::string, Lane, std::less<>> lanes_;
  Backoff backoff_;
  Micros expire_after_;
  std::mt19937_64 rng_;
};

}  // namespace dealer::notify
