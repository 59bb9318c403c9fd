// SweepResults: a sweep's results file (`--json OUT` writes OUT.rows as the sweep runs), so that a sweep
// killed in the middle loses only the points that were running. Line 1 is the header: the shard file
// of sweep_table.h with no rows (format, grid, input fingerprint, quote, shard, shards); then one line
// per finished point, a SweepRow as in the shard file, each written whole and fsync'd before the next
// (the file and its folder are synced when it is made). `--resume` reads it back: the header must be
// the resumed sweep's (same grid, same inputs, same shard), rows become the sweep's without running
// again, and a last line cut off by the crash is dropped. Without --resume an existing file with rows
// is refused rather than overwritten: it may be the only copy of a long run's work.
//
// Thread-safe: the sweep's workers call finished() as their points finish.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "backtest/sweep_table.h"

namespace dealer::backtest {

// OUT.rows for --json OUT.
std::string results_path(const std::string& json_path);

class SweepResults final : public RowSink {
 public:
  // `header`: the sweep's shard file without rows. Errors: a file that cannot be made or read, another
  // sweep's file (what differs), a damaged line, and rows left without `resume`.
  static Result<std::unique_ptr<SweepResults>> open(const std::string& path, const SweepFile& header,
                                                    bool resume);
  ~SweepResults() override;
  SweepResults(const SweepResults&) = delete;
  SweepResults& operator=(const SweepResults&) = delete;

  // The rows the file held when opened (resume), ascending by point.
  const std::vector<SweepRow>& earlier() const { return earlier_; }
  void finished(const SweepRow& row) override;
  // How many rows are in the file now (earlier and finished).
  size_t rows() const;
  // The first write that failed, if any (the sweep goes on; its end reports it).
  Status status() const;
  // Deletes the file once the --json file holds every row.
  Status remove();

 private:
  SweepResults(std::string path, int fd, std::vector<SweepRow> earlier);

  const std::string path_;
  const int fd_;
  const std::vector<SweepRow> earlier_;
  mutable std::mutex mutex_;  // guards the file's end, rows_ and status_
  size_t rows_;
  Status status_;
};

}  // namespace dealer::backtest
