// `dealer history` tables. The expected text is typed out by hand: 13.45 USD is 1345000 units at 5
// decimals, 2 BTC 200000000 at 8; columns are as wide as their widest cell, two spaces apart, numbers
// right-aligned; 2013-01-01 00:00:00 UTC is 1356998400 s.
#include "store/history_format.h"

#include <gtest/gtest.h>

#include "store/store.h"
#include "store_fixture.h"

namespace dealer::store {
namespace {

using testing::sample_fill;
using testing::sample_order;
using testing::StoreTest;

class HistoryFormatTest : public StoreTest {
 protected:
  void write(std::vector<WriteOp> rows) {
    auto store = Store::open({.path = db_path()});
    ASSERT_TRUE(store.ok()) << store.error().describe();
    ASSERT_TRUE((*store)->submit(std::move(rows)).ok());
    ASSERT_TRUE((*store)->flush().ok());
  }
  std::string history(HistoryQuery query) {
    auto reader = HistoryReader::open(db_path());
    EXPECT_TRUE(reader.ok());
    auto text = format_history(*reader, query);
    EXPECT_TRUE(text.ok()) << text.error().describe();
    return text.ok() ? *text : "";
  }
};

TEST_F(HistoryFormatTest, PrintsOrdersAndFillsAsAlignedTables) {
  const OrderRow order = sample_order();  // created 1 us after the new year
  write({order,
         OrderEvent{order.client_id, order.created_us + 5, "partially_filled", "abc-1", 100'000'000, ""},
         sample_fill()});  // the fill at 00:01:00.123456
  EXPECT_EQ(
      history({}),
      "orders (1)\n"
      "created (UTC)        client id    strategy   pair    side  kind      price      amount      "
      "filled  state             exchange id  mode\n"
      "2013-01-01 00:00:00  dip-chain-1  dip-chain  BTCUSD  bid   limit  13.45000  2.00000000  "
      "1.00000000  partially_filled  abc-1        live\n"
      "\n"
      "fills (1)\n"
      "time (UTC)           traded (UTC)                 trade id  client id    strategy   pair    side     "
      "price      amount          fee  mode\n"
      "2013-01-01 00:01:00  2013-01-01 00:01:00  1356998460123456  dip-chain-1  dip-chain  BTCUSD  bid   "
      "13.45000  1.00000000  0.08070 USD  live\n");
}

TEST_F(HistoryFormatTest, SinceAndTheKindFilterSelectRows) {
  write({sample_order(), sample_fill()});
  // The order was created at 00:00:00.000001, the fill at 00:01:00.123456.
  const int64_t after_order = testing::kNewYear2013Us + 2;
  EXPECT_EQ(history({.orders = true, .fills = false, .since_us = after_order}), "orders (0)\n");
  const std::string fills_only = history({.orders = false, .fills = true, .since_us = after_order});
  EXPECT_EQ(fills_only.substr(0, fills_only.find('\n')), "fills (1)");
  EXPECT_EQ(history({.since_us = testing::kNewYear2013Us + 60'123'457}), "orders (0)\n\nfills (0)\n");
}

TEST_F(HistoryFormatTest, AMarketOrderHasNoPriceAndAnUnknownCurrencyShowsUnits) {
  OrderRow order = sample_order();
  order.kind = OrderKind::kMarket;
  order.price_int = 0;
  order.pair = "BTCXYZ";
  write({order});
  const std::string text = history({.fills = false});
  EXPECT_NE(text.find("  market  market  "), std::string::npos) << text;  // the kind, then the price
  EXPECT_NE(text.find("  2.00000000  "), std::string::npos) << text;      // BTC is still known
}

}  // namespace
}  // namespace dealer::store
