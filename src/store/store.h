// Store: dealer's SQLite history writer. Callers (the io_context thread) enqueue groups of rows and never
// wait on the disk; one writer thread takes everything queued, writes it in one transaction and, after
// COMMIT, calls each group's `durable` callback, so the driver can send an order only once its row is
// committed and tell a strategy of a fill only once the fill is ("write before you tell").
//
// A group commits all or nothing. A group the database refuses (a constraint such as an unknown order
// or a duplicate client id: Errc::kInvalidArgument / kNotFound) fails alone: its callback gets the
// error and the rest of the batch commits. Any other SQLite error (disk full, I/O error, busy for more
// than 5 s) rolls the whole transaction back, gives every group in it and every group still queued the
// error, and puts the store into a failed state: health() returns the error and later submits fail at
// once with it. Nothing is retried; restart the process to resume.
//
// Ownership: the Store owns its connection and its thread; the destructor writes what is queued, calls
// the callbacks, and joins. Thread-safety: submit, flush, health and stats may be called from any
// thread. Callbacks run on the writer thread, in submit order, and must not throw; flush() from one
// returns an error instead of waiting for itself.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "core/result.h"
#include "store/rows.h"
#include "store/sqlite.h"

namespace dealer::store {

struct StoreOptions {
  std::string path;  // the database file; created (and migrated) when missing
  // FULL: each COMMIT reaches the disk (survives power loss). NORMAL: survives a killed process but
  // perhaps not a power cut; faster. Either way a batch costs at most one sync.
  bool sync_full = true;
  // Caps the file at this many pages (PRAGMA max_page_count; 0: no cap). A full cap behaves as a full
  // disk (SQLITE_FULL), which is how the tests simulate one.
  int64_t max_page_count = 0;
  // The most groups one transaction takes, bounding how long a callback can wait behind a backlog.
  size_t max_batch_groups = 4096;
};

// Counters since open(), for tests and status pages.
struct StoreStats {
  int64_t transactions = 0;  // committed
  int64_t groups = 0;        // committed (refused ones not counted)
  int64_t ops = 0;           // rows in committed groups
  int64_t backlog = 0;       // groups submitted whose callbacks have not run yet (a slow disk shows here)
};

class Store {
 public:
  // Called once per group from the writer thread: ok after COMMIT, or the reason it was not written.
  using Durable = std::function<void(const Status&)>;

  // Opens (creating and migrating when needed) and starts the writer thread.
  static Result<std::unique_ptr<Store>> open(StoreOptions options);
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  // Enqueues rows written together in one transaction, all or nothing. Returns at once. On an error
  // (the store has failed, or an empty group) nothing is queued and `durable` is never called.
  Status submit(std::vector<WriteOp> group, Durable durable = {});
  Status submit(WriteOp op, Durable durable = {});

  // Blocks until every group submitted before the call is committed (or failed) and its callback has
  // run; returns health(). For shutdown and tests, never on the io_context thread.
  Status flush();
  // Ok, or the error that failed the store.
  Status health() const;
  StoreStats stats() const;

 private:
  struct Pending {
    std::vector<WriteOp> ops;
    Durable durable;
  };
  Store(Database db, StoreOptions options);
  void run();
  // Writes one batch; fills `results` (one per group). A returned error failed the whole transaction.
  Status write_batch(const std::vector<Pending>& batch, std::vector<Status>& results);
  Status write_group(const std::vector<WriteOp>& ops);

  Database db_;  // used by the writer thread only
  const StoreOptions options_;

  mutable std::mutex mutex_;
  std::condition_variable wake_writer_;
  std::condition_variable done_;
  std::deque<Pending> queue_;
  int64_t submitted_ = 0;  // groups accepted so far
  int64_t finished_ = 0;   // groups whose callbacks have run
  std::optional<Error> failure_;
  bool stopping_ = false;
  StoreStats stats_;
  std::thread writer_;  // last: started once everything above exists
};

}  // namespace dealer::store
