// Shared pieces of the store tests: a fresh directory per test and sample rows whose integers are
// chosen by hand (see each comment), including values a double cannot hold, so a REAL column or a
// conversion through double anywhere would show up as a changed number.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "store/rows.h"

namespace dealer::store::testing {

// 2^53 + 1: the smallest positive integer a double cannot represent.
inline constexpr int64_t kNotADouble = 9'007'199'254'740'993;
// 2013-01-01 00:00:00 UTC = 1356998400 s.
inline constexpr int64_t kNewYear2013Us = 1'356'998'400'000'000;

class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = ::testing::TempDir() + "/dealer-store-XXXXXX";
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string db_path() const { return dir_ + "/history.sqlite"; }

  std::string dir_;
};

// A buy of 2 BTC at 13.45 USD: price 13.45 x 1e5 = 1345000, amount 2 x 1e8 = 200000000.
inline OrderRow sample_order(std::string client_id = "dip-chain-1", int64_t seq = 1) {
  OrderRow o;
  o.client_id = std::move(client_id);
  o.strategy_id = "dip-chain";
  o.seq = seq;
  o.pair = "BTCUSD";
  o.side = Side::kBid;
  o.kind = OrderKind::kLimit;
  o.price_int = 1'345'000;
  o.amount_int = 200'000'000;
  o.state = "new";
  o.created_us = kNewYear2013Us + seq;
  o.updated_us = o.created_us;
  return o;
}

// Half of that order filled: 1 BTC = 100000000 units; fee 0.6 % of 13.45 USD = 0.0807 USD = 8070 units.
inline FillRow sample_fill(int64_t trade_id = 1'356'998'460'123'456, std::string client_id = "dip-chain-1") {
  FillRow f;
  f.trade_id = std::to_string(trade_id);
  f.client_id = std::move(client_id);
  f.exchange_order_id = "4f6b3bd1-2c3e-4a5b-9c1d-0123456789ab";
  f.pair = "BTCUSD";
  f.side = Side::kBid;
  f.price_int = 1'345'000;
  f.amount_int = 100'000'000;
  f.fee_int = 8'070;
  f.fee_currency = "USD";
  f.time_us = kNewYear2013Us + 60'123'456;
  f.seen_us = f.time_us;  // seen as it executed
  return f;
}

inline TradeRow sample_trade(int64_t tid = 1'356'998'401'000'001) {
  return TradeRow{"BTCUSD", tid, tid, 1'340'000, kNotADouble, Side::kAsk, "limit,mixed_currency"};
}

}  // namespace dealer::store::testing
