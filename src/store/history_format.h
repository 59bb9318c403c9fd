// The text tables `dealer history [--orders|--fills] [--since T]` prints: recent orders and fills from the
// SQLite history, money in decimal units of its currency (integers kept exact), times in UTC.
#pragma once

#include <cstdint>
#include <string>

#include "core/result.h"
#include "store/history_reader.h"

namespace dealer::store {

struct HistoryQuery {
  bool orders = true;
  bool fills = true;
  int64_t since_us = 0;  // rows at or after this time (orders by creation time)
};

// One section per kind asked for: a title line with the count ("orders (2)"), then an aligned table.
Result<std::string> format_history(HistoryReader& reader, const HistoryQuery& query);

}  // namespace dealer::store
