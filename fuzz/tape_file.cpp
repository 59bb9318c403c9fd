// The binary tape reader (market/tape_file.h) over any bytes: opening never crashes, and a tape it
// accepts hands out every trade with the readers' values (plausible, tids increasing) and the header's
// first and last tid. The bytes go through a file, as the reader maps one.
#include "market/tape_file.h"

#include <unistd.h>

#include <cstdio>
#include <string>

#include "fuzz/fuzz_support.h"
#include "market/trade_file.h"

using namespace dealer;
using fuzz::check;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::string path = "/tmp/fuzz_tape_file_" + std::to_string(getpid()) + ".tape";
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) return 0;
  std::fwrite(data, 1, size, f);
  std::fclose(f);
  auto tape = market::TapeFile::open(path);
  if (!tape) return 0;
  std::vector<Trade> trades(tape->size());
  tape->copy(0, trades);
  for (size_t i = 0; i < trades.size(); ++i) {
    const Trade& t = trades[i];
    check(!file_trade_fault(t), "every trade handed out is plausible");
    check(i == 0 || t.tid > trades[i - 1].tid, "tids increase strictly");
  }
  check(trades.front().tid == tape->header().first_tid && trades.back().tid == tape->header().last_tid,
        "the header's first and last tid are the tape's");
  return 0;
}
