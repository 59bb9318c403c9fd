// Journal: every HTTP exchange a bot makes with an exchange, kept beside its history (issue 18), so
// that a person can answer "what did the exchange tell us at 03:12?" long after. One JSON line per
// exchange (JournalEntry), written in zstd frames, one frame per batch (a crash loses at most the batch
// being written; `zstd -dc FILE` reads a file), into files of at most `max_file_bytes` in `dir`
// (journal-<wall µs>.jsonl.zst, so their names sort by time), the oldest deleted once all of them
// together pass `max_total_bytes`. What is recorded holds no secret: the request's method and target
// (the key and signature travel in headers, which are not recorded; the nonce in the body, not
// recorded either), the answer's status and body.
//
// Thread safety: append() is called on the io_context thread and never waits for the disk: it queues
// the entry under a mutex and a writer thread of the journal's own compresses and writes. A queue over
// `max_queue` entries drops the newest and counts them (the journal must not take the bot's memory).
// The destructor writes what is queued and joins the writer.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "core/json_binding.h"
#include "core/result.h"

namespace dealer {

struct JournalEntry {
  std::string service;  // "MtGox", "Metaexchange"
  std::string method;   // GET, POST
  std::string target;   // path and query: "/api/1/BTCUSD/public/trades?since=1357000000000000"
  int64_t status = 0;   // 0: no answer (the transport failed; `body` says why)
  std::string body;
  int64_t wall_sent_us = 0, wall_received_us = 0;  // the wall clock, µs since the epoch
  int64_t mono_sent_us = 0, mono_received_us = 0;  // the monotonic clock, µs
};
template <class V>
void describe(V& v, JournalEntry& t) {
  v("service", t.service);
  v("method", t.method);
  v("target", t.target);
  v("status", t.status);
  v("body", t.body);
  v("wall_sent_us", t.wall_sent_us);
  v("wall_received_us", t.wall_received_us);
  v("mono_sent_us", t.mono_sent_us);
  v("mono_received_us", t.mono_received_us);
}

// Told of every HTTP exchange of an exchange client (exchange/api_caller.h).
using JournalSink = std::function<void(JournalEntry)>;
// The wall clock as entries are stamped with it: µs since the epoch.
int64_t wall_now_us();

struct JournalOptions {
  std::string dir;                               // created when missing
  int64_t max_file_bytes = 64 * 1024 * 1024;     // compressed bytes a file may reach before the next one
  int64_t max_total_bytes = 1024 * 1024 * 1024;  // all files together; the oldest go first
  size_t max_queue = 100'000;
};

class Journal {
 public:
  static Result<std::unique_ptr<Journal>> open(JournalOptions options);
  ~Journal();
  Journal(const Journal&) = delete;
  Journal& operator=(const Journal&) = delete;

  void append(JournalEntry entry);
  int64_t dropped() const;
  // Writes everything queued so far before it returns (tests, shut-down).
  void flush();

 private:
  explicit Journal(JournalOptions options);
  void run();
  Status write_batch(const std::string& lines);
  // Deletes the oldest files until they and a new file of max_file_bytes fit max_total_bytes.
  void prune();

  const JournalOptions options_;
  mutable std::mutex mutex_;
  std::condition_variable wake_, drained_;
  std::deque<JournalEntry> queue_;  // guarded by mutex_
  bool stopping_ = false;           // guarded by mutex_
  bool writing_ = false;            // guarded by mutex_: a batch taken but not yet written
  int64_t dropped_ = 0;             // guarded by mutex_
  // The writer thread's own.
  std::string file_;
  int64_t file_bytes_ = 0;
  std::thread writer_;
};

// Every entry of a journal file, oldest first, to `each`; an error for a file that is not one.
Status read_journal(const std::string& path, const std::function<void(const JournalEntry&)>& each);

}  // namespace dealer
