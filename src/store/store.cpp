#include "store/store.h"

#include <pthread.h>

#include <utility>

#include "store/schema.h"
#include "store/write_ops.h"

namespace dealer::store {

Result<std::unique_ptr<Store>> Store::open(StoreOptions options) {
  auto db = Database::open(options.path, Database::Access::kReadWriteCreate);
  if (!db) return std::move(db).error();
  if (Status s = migrate(*db); !s) return s.error();
  std::string pragmas = options.sync_full ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL";
  if (options.max_page_count > 0)
    pragmas += "; PRAGMA max_page_count = " + std::to_string(options.max_page_count);
  if (Status s = db->exec(pragmas); !s) return s.error();
  return std::unique_ptr<Store>(new Store(std::move(*db), std::move(options)));
}

Store::Store(Database db, StoreOptions options)
    : db_(std::move(db)), options_(std::move(options)), writer_([this] { run(); }) {}

Store::~Store() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_writer_.notify_one();
  writer_.join();
}

Status Store::submit(WriteOp op, Durable durable) {
  std::vector<WriteOp> group;
  group.push_back(std::move(op));
  return submit(std::move(group), std::move(durable));
}

Status Store::submit(std::vector<WriteOp> group, Durable durable) {
  if (group.empty()) return make_error(Errc::kInvalidArgument, "an empty group of rows to write");
  {
    std::lock_guard lock(mutex_);
    if (failure_) return *failure_;
    queue_.push_back(Pending{std::move(group), std::move(durable)});
    ++submitted_;
  }
  wake_writer_.notify_one();
  return {};
}

Status Store::flush() {
  if (std::this_thread::get_id() == writer_.get_id()) {
    return make_error(Errc::kInvalidArgument, "flush() from a durable callback would wait for itself");
  }
  std::unique_lock lock(mutex_);
  const int64_t target = submitted_;
  done_.wait(lock, [&] { return finished_ >= target; });
  if (failure_) return *failure_;
  return {};
}

Status Store::health() const {
  std::lock_guard lock(mutex_);
  if (failure_) return *failure_;
  return {};
}

StoreStats Store::stats() const {
  std::lock_guard lock(mutex_);
  StoreStats stats = stats_;
  stats.backlog = submitted_ - finished_;
  return stats;
}

void Store::run() {
  pthread_setname_np(pthread_self(), "dealer-store");  // how top, gdb and perf show the writer
  std::vector<Pending> batch;
  std::vector<Status> results;
  for (;;) {
    batch.clear();
    std::optional<Error> failed_before;
    {
      std::unique_lock lock(mutex_);
      wake_writer_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, and everything is written
      while (!queue_.empty() && batch.size() < options_.max_batch_groups) {
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
      failed_before = failure_;
    }
    results.assign(batch.size(), Status());
    // Once failed, nothing more is written: what was still queued gets the original error.
    const Status outcome = failed_before ? Status(*failed_before) : write_batch(batch, results);
    {
      std::lock_guard lock(mutex_);
      if (!outcome) {
        if (!failure_) failure_ = outcome.error();
        results.assign(batch.size(), outcome);
      } else {
        ++stats_.transactions;
        for (size_t i = 0; i < batch.size(); ++i) {
          if (!results[i]) continue;
          ++stats_.groups;
          stats_.ops += static_cast<int64_t>(batch[i].ops.size());
        }
      }
    }
    for (size_t i = 0; i < batch.size(); ++i) {
      if (batch[i].durable) batch[i].durable(results[i]);
    }
    {
      std::lock_guard lock(mutex_);
      finished_ += static_cast<int64_t>(batch.size());
    }
    done_.notify_all();
  }
}

Status Store::write_batch(const std::vector<Pending>& batch, std::vector<Status>& results) {
  // IMMEDIATE: take the write lock now, not at the first write halfway through the batch.
  Status s = db_.run("BEGIN IMMEDIATE");
  for (size_t i = 0; s && i < batch.size(); ++i) {
    results[i] = write_group(batch[i].ops);
    if (!results[i] && results[i].error().code == Errc::kIo) s = results[i];
  }
  if (s) s = db_.run("COMMIT");
  // SQLite may already have rolled back by itself (SQLITE_FULL, SQLITE_IOERR); the rest is ours to undo.
  if (!s && db_.in_transaction()) (void)db_.run("ROLLBACK");
  return s;
}

namespace {

// A single-statement op alone needs no savepoint: SQLite undoes a refused statement by itself. Skipping it
// doubles the rate of one-row groups (bench/store_bench.cpp), the common case for fills.
bool needs_savepoint(const std::vector<WriteOp>& ops) {
  return ops.size() > 1 || std::holds_alternative<OrderRow>(ops.front()) ||
         std::holds_alternative<OrderEvent>(ops.front());
}

}  // namespace

Status Store::write_group(const std::vector<WriteOp>& ops) {
  if (!needs_savepoint(ops)) return write_op(db_, ops.front());
  if (Status s = db_.run("SAVEPOINT grp"); !s) return s;
  for (const WriteOp& op : ops) {
    Status s = write_op(db_, op);
    if (s) continue;
    if (s.error().code == Errc::kIo) return s;  // the whole transaction goes
    // Refused data: undo this group only and keep the rest of the batch.
    if (Status undo = db_.run("ROLLBACK TO grp"); !undo) return undo;
    if (Status release = db_.run("RELEASE grp"); !release) return release;
    return s;
  }
  return db_.run("RELEASE grp");
}

}  // namespace dealer::store
