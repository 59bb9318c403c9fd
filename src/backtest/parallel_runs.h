// run_parallel: jobs 0..n-1 on up to `threads` threads (the caller's among them), each taken by the
// next free thread, so long and short replays share the cores. A job writes only its own result slot;
// what comes out therefore depends on nothing but the jobs, whatever the thread count (sweeps and
// walk-forward windows rely on that for output that is the same bytes on any machine).
#pragma once

#include <atomic>
#include <cstddef>
#include <thread>
#include <vector>

namespace dealer::backtest {

template <class Job>
void run_parallel(size_t n, unsigned threads, const Job& job) {
  std::atomic<size_t> next{0};
  const auto work = [&] {
    for (size_t i; (i = next.fetch_add(1)) < n;) job(i);
  };
  std::vector<std::jthread> pool;
  for (unsigned t = 1; t < threads && t < n; ++t) pool.emplace_back(work);
  work();
}  // the pool joins here

}  // namespace dealer::backtest
