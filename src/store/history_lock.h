// HistoryLock: one process owns a history at a time. Every command that writes a store (`dealer run`,
// `paper`, `record`, `demo`) takes it before it reads anything of the store: an exclusive flock(2) on
// the lock file beside it (STORE.lock), which holds the owner's pid so that a second owner can be told
// who has it. Readers (`dealer history`, `status`, `backtest --trades`) never take it. The kernel
// drops the lock when the process ends, however it ends; the file itself stays (removing it would let
// two processes each lock a different file of the same name).
//
// Ownership: the lock is held while the object lives (movable, not copyable). Thread-safety: none
// needed; take it once at start-up.
#pragma once

#include <string>

#include "core/result.h"

namespace dealer::store {

class HistoryLock {
 public:
  // The lock file of the history at `store_path`.
  static std::string path_for(const std::string& store_path);
  // Takes the lock without waiting. Errc::kConfig (one line naming the holder's pid) when another
  // process holds it; Errc::kIo when the lock file cannot be opened or written.
  static Result<HistoryLock> acquire(const std::string& store_path);

  HistoryLock(HistoryLock&& other) noexcept;
  HistoryLock& operator=(HistoryLock&& other) noexcept;
  HistoryLock(const HistoryLock&) = delete;
  HistoryLock& operator=(const HistoryLock&) = delete;
  ~HistoryLock();

 private:
  explicit HistoryLock(int fd) : fd_(fd) {}
  int fd_ = -1;
};

}  // namespace dealer::store
