// Integration tests of the Metaexchange API of the real `dealer exchange` process, over loopback.
#include <gtest/gtest.h>

#include <chrono>
#include <regex>
#include <thread>

#include "core/form.h"
#include "exchange/metaexchange/codec.h"
#include "support/sim_process.h"
#include "support/test_support.h"

namespace dealer::testing {
namespace {

using namespace metaexchange;

// bitBTC_BTC: a regular market. bitUSD_BTC: an order-book market, prices in BTC per bitUSD, 0.5 % fees.
std::string config(int confirm_seconds, const std::string& extra = "", bool btc_book = false) {
  return "metaexchange:\n  confirm_seconds: " + std::to_string(confirm_seconds) +
         "\n  markets:\n"
         "    - {symbol_pair: bitBTC_BTC, ask: \"1.006\", bid: \"0.994\", ask_max: \"1\", bid_max: \"0.8\", has_orderbook: " +
         (btc_book ? "true" : "false") +
         "}\n"
         "    - {symbol_pair: bitUSD_BTC, ask: \"0.0016\", bid: \"0.0015\", ask_max: \"2\", bid_max: \"1000\",\n"
         "       ask_fee_percent: \"0.5\", bid_fee_percent: \"0.5\", has_orderbook: true}\n" +
         extra;
}

constexpr const char* kBtcAddress = "1AAXCcSjgsgoTnQLqUfPh7qRsUyvbYSbGW";

template <class T>
T decode(const HttpResult& r) {
  auto v = decode_response<T>(r.body);
  EXPECT_TRUE(v.ok()) << (v.ok() ? "" : v.error().describe()) << "\n" << r.body;
  return v.ok() ? *v : T{};
}

std::string error_name_of(const HttpResult& r) {
  auto v = decode_response<ErrorBody>(r.body);
  return v.ok() ? std::string(error_name(static_cast<int>(v->error))) : "";
}

DepositDetails submit(const SimProcess& sim, const std::string& form) {
  auto r = sim.meta("/api/1/submitAddress", form);
  EXPECT_EQ(r.status, 200) << form << ": " << r.body;
  return decode<DepositDetails>(r);
}

// Deposits to an address or memo; returns the deposit's txid.
std::string deposit(const SimProcess& sim, const DepositDetails& d, const std::string& amount, const std::string& txid = "") {
  const std::string target = d.memo ? "memo=" + *d.memo : "deposit_address=" + d.deposit_address;
  auto r = sim.meta("/sim/metaexchange/deposit", target + "&amount=" + amount + (txid.empty() ? "" : "&txid=" + txid));
  EXPECT_EQ(r.status, 200) << r.body;
  const size_t at = r.body.find("\"txid\":\"");
  return at == std::string::npos ? "" : r.body.substr(at + 8, r.body.find('"', at + 8) - at - 8);
}

std::vector<Transaction> status_v2(const SimProcess& sim, const std::string& txid) {
  return decode<std::vector<Transaction>>(sim.meta("/api/2/getOrderStatus", "txid=" + txid));
}

TEST(MetaexchangeSim, MarketOrderIsPendingThenCompletedAtTheQuotedAmount) {
  SimProcess sim(config(1));
  const DepositDetails d = submit(sim, "symbol_pair=bitBTC_BTC&receiving_address=monsterer&order_type=buy");
  EXPECT_EQ(d.deposit_address.size(), 34u);
  EXPECT_FALSE(d.memo.has_value());
  // 0.5 BTC / 1.006 = 0.497017892..., in units of 1e-8 rounded: 0.49701789 bitBTC.
  const Quote q = decode<Quote>(sim.meta("/api/2/getQuote", "symbol_pair=bitBTC_BTC&order_type=buy&deposit_amount=0.5"));
  EXPECT_EQ(q.result.to_string(), "0.49701789");
  EXPECT_EQ(q.remaining.to_string(), "0");
  const std::string txid = deposit(sim, d, "0.5");
  const Transaction pending = decode<Transaction>(sim.meta("/api/1/getOrderStatus", "txid=" + txid));
  EXPECT_EQ(pending.status, OrderStatus::kPending);
  EXPECT_FALSE(pending.sent_txid.has_value());
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  const Transaction done = decode<Transaction>(sim.meta("/api/1/getOrderStatus", "txid=" + txid));
  EXPECT_EQ(done.status, OrderStatus::kCompleted);
  EXPECT_EQ(done.amount, q.result);  // the quote, to the unit
  EXPECT_EQ(done.price.to_string(), "1.006");
  ASSERT_TRUE(done.sent_txid.has_value());
  EXPECT_EQ(done.sent_txid->size(), 40u);
  // The output's txid finds the same transaction.
  EXPECT_EQ(decode<Transaction>(sim.meta("/api/1/getOrderStatus", "txid=" + *done.sent_txid)).received_txid, txid);
  const Market m = decode<Market>(sim.meta("/api/1/getMarket", "symbol_pair=bitBTC_BTC"));
  EXPECT_EQ(m.last_price.to_string(), "1.006");
  EXPECT_EQ(m.quote_volume_24h.to_string(), "0.5");  // the 0.5 BTC deposited and converted
}

TEST(MetaexchangeSim, RegularMarketRefundsAWholeDepositOverTheMaximum) {
  SimProcess sim(config(0));
  const DepositDetails d = submit(sim, "symbol_pair=bitBTC_BTC&receiving_address=monsterer&order_type=buy");
  const Quote q = decode<Quote>(sim.meta("/api/2/getQuote", "symbol_pair=bitBTC_BTC&order_type=buy&deposit_amount=1.5"));
  EXPECT_EQ(q.result.to_string(), "0");
  EXPECT_EQ(q.remaining.to_string(), "1.5");
  const auto out = status_v2(sim, deposit(sim, d, "1.5"));
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].status, OrderStatus::kRefunded);
  EXPECT_EQ(out[0].amount.to_string(), "1.5");
  ASSERT_TRUE(out[0].notes.has_value());
  EXPECT_EQ(*out[0].notes, "Over 1 BTC!");
}

TEST(MetaexchangeSim, LimitOrderRestsFillsPartlyThenFullyAndRefundsOnlyTheExcess) {
  SimProcess sim(config(0));
  // Alice sells 500 bitUSD at 0.0016 BTC each: it rests.
  const DepositDetails alice = submit(sim, std::string("symbol_pair=bitUSD_BTC&order_type=sellLimit&price=0.0016&receiving_address=") +
                                               kBtcAddress + "&refund_address=alice-bts");
  ASSERT_TRUE(alice.memo.has_value());
  EXPECT_EQ(alice.deposit_address, "metaexchange");
  const std::string alice_tx = deposit(sim, alice, "500");
  EXPECT_EQ(status_v2(sim, alice_tx).back().status, OrderStatus::kPlaced);
  const OrderBook book = decode<OrderBook>(sim.meta("/api/2/getOrderbook", "symbol_pair=bitUSD_BTC"));
  ASSERT_EQ(book.asks.size(), 1u);
  EXPECT_EQ(book.asks[0].price.to_string(), "0.0016");
  EXPECT_EQ(book.asks[0].amount.to_string(), "500");

  // Bob buys with 0.4 BTC: 250 bitUSD at 0.0016, less 0.5 % = 248.75; Alice gets 0.4 BTC less 0.5 % = 0.398.
  const DepositDetails bob = submit(sim, "symbol_pair=bitUSD_BTC&order_type=buy&receiving_address=bob-bts");
  const Quote q = decode<Quote>(sim.meta("/api/2/getQuote", "symbol_pair=bitUSD_BTC&order_type=buy&deposit_amount=0.4"));
  EXPECT_EQ(q.result.to_string(), "248.75");
  EXPECT_EQ(q.remaining.to_string(), "0");
  const auto bob_out = status_v2(sim, deposit(sim, bob, "0.4"));
  ASSERT_EQ(bob_out.size(), 1u);
  EXPECT_EQ(bob_out[0].amount, q.result);
  EXPECT_EQ(bob_out[0].fee.to_string(), "1.25");
  auto alice_out = status_v2(sim, alice_tx);
  ASSERT_EQ(alice_out.size(), 2u);  // the fill, and the order still live
  EXPECT_EQ(alice_out[0].amount.to_string(), "0.398");
  EXPECT_EQ(alice_out[0].status, OrderStatus::kPartialFill);
  EXPECT_EQ(alice_out[1].status, OrderStatus::kPartialFill);
  const auto open = decode<std::vector<OpenOrder>>(
      sim.meta("/api/2/getMyOpenOrders", std::string("symbol_pair=bitUSD_BTC&receiving_address=") + kBtcAddress));
  ASSERT_EQ(open.size(), 1u);
  EXPECT_EQ(open[0].remaining_balance.to_string(), "250");
  EXPECT_EQ(open[0].total_balance.to_string(), "500");

  // Carol deposits 2.5 BTC, over the 2 BTC maximum: 0.5 is refunded; 0.4 buys the last 250 bitUSD;
  // the 1.6 BTC that finds no seller is refunded too. Her quote said so beforehand.
  const DepositDetails carol = submit(sim, "symbol_pair=bitUSD_BTC&order_type=buy&receiving_address=carol-bts");
  const Quote cq = decode<Quote>(sim.meta("/api/2/getQuote", "symbol_pair=bitUSD_BTC&order_type=buy&deposit_amount=2.5"));
  EXPECT_EQ(cq.result.to_string(), "248.75");
  EXPECT_EQ(cq.remaining.to_string(), "2.1");
  const auto carol_out = status_v2(sim, deposit(sim, carol, "2.5"));
  ASSERT_EQ(carol_out.size(), 3u);
  EXPECT_EQ(carol_out[0].status, OrderStatus::kRefunded);
  EXPECT_EQ(carol_out[0].amount.to_string(), "0.5");
  EXPECT_EQ(*carol_out[0].notes, "Over 2 BTC!");
  EXPECT_EQ(carol_out[1].amount.to_string(), "248.75");
  EXPECT_EQ(carol_out[2].status, OrderStatus::kRefunded);
  EXPECT_EQ(carol_out[2].amount.to_string(), "1.6");
  alice_out = status_v2(sim, alice_tx);
  ASSERT_EQ(alice_out.size(), 2u);
  EXPECT_EQ(alice_out[1].status, OrderStatus::kCompleted);
  EXPECT_TRUE(decode<std::vector<OpenOrder>>(sim.meta("/api/2/getMyOpenOrders",
                                                      std::string("symbol_pair=bitUSD_BTC&receiving_address=") + kBtcAddress))
                  .empty());
  const Market m = decode<Market>(sim.meta("/api/1/getMarket", "symbol_pair=bitUSD_BTC"));
  EXPECT_EQ(m.last_price.to_string(), "0.0016");
  EXPECT_EQ(m.btc_volume_24h.to_string(), "0.8");  // two fills of 250 bitUSD at 0.0016
  // getLastTransactions lists only completed and partly filled outputs, newest first.
  const auto last = decode<std::vector<Transaction>>(sim.meta("/api/1/getLastTransactions", "symbol_pair=bitUSD_BTC&limit=50"));
  ASSERT_EQ(last.size(), 4u);
  for (const auto& t : last) EXPECT_TRUE(t.status == OrderStatus::kCompleted || t.status == OrderStatus::kPartialFill);
}

TEST(MetaexchangeSim, UnfilledLimitOrderIsRefundedAtExpiry) {
  SimProcess sim(config(0));
  const DepositDetails dave = submit(sim, std::string("symbol_pair=bitUSD_BTC&order_type=buyLimit&price=0.0015&expiry=1") +
                                              "&receiving_address=dave-bts&refund_address=" + kBtcAddress);
  const std::string tx = deposit(sim, dave, "0.3");
  const OrderBook book = decode<OrderBook>(sim.meta("/api/2/getOrderbook", "symbol_pair=bitUSD_BTC&limit=5"));
  ASSERT_EQ(book.bids.size(), 1u);
  EXPECT_EQ(book.bids[0].amount.to_string(), "200");  // 0.3 BTC buys 200 bitUSD at 0.0015
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  const auto out = status_v2(sim, tx);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].status, OrderStatus::kRefunded);
  EXPECT_EQ(out[0].amount.to_string(), "0.3");
  EXPECT_EQ(*out[0].notes, "Expired");
  EXPECT_TRUE(decode<OrderBook>(sim.meta("/api/2/getOrderbook", "symbol_pair=bitUSD_BTC")).bids.empty());
}

TEST(MetaexchangeSim, EveryDocumentedErrorCode) {
  SimProcess sim(config(0));
  struct Case {
    const char* target;
    const char* body;
    const char* error;
  } cases[] = {
      {"/api/1/getMarket", "", "MissingParameter"},
      {"/api/1/getMarket", "symbol_pair=NOPE_BTC", "UnknownMarket"},
      {"/api/1/submitAddress", "symbol_pair=bitBTC_BTC&order_type=buy&receiving_address=Not A Name", "InvalidAddress"},
      {"/api/1/submitAddress", "symbol_pair=bitBTC_BTC&order_type=sell&receiving_address=monsterer", "InvalidAddress"},
      {"/api/1/submitAddress", "symbol_pair=bitBTC_BTC&order_type=swap&receiving_address=monsterer", "InvalidParameter"},
      {"/api/1/submitAddress", "symbol_pair=bitBTC_BTC&order_type=buyLimit&price=1&receiving_address=monsterer", "Unsupported"},
      {"/api/1/submitAddress", "symbol_pair=bitUSD_BTC&order_type=buyLimit&receiving_address=monsterer", "MissingParameter"},
      {"/api/1/getOrderStatus", "txid=0000", "OrderNotFound"},
      {"/api/2/getOrderStatus", "", "MissingParameter"},
      {"/api/2/getQuote", "symbol_pair=bitBTC_BTC&order_type=buy&deposit_amount=abc", "InvalidParameter"},
      {"/api/2/getQuote", "symbol_pair=bitBTC_BTC&order_type=buy&deposit_amount=0.000000001", "InvalidParameter"},
      {"/api/2/getOrderbook", "symbol_pair=bitBTC_BTC", "Unsupported"},
      {"/api/1/getLastTransactions", "limit=0", "InvalidParameter"},
      {"/api/1/getMyLastTransactions", "limit=5", "MissingParameter"},
      {"/api/3/whatever", "", "Unsupported"},
      {"/sim/metaexchange/deposit", "memo=1-unknown&amount=1", "OrderNotFound"},
  };
  for (const auto& c : cases) {
    auto r = sim.meta(c.target, c.body);
    EXPECT_GE(r.status, 400) << c.target << " " << c.body;
    EXPECT_EQ(error_name_of(r), c.error) << c.target << " " << c.body << " -> " << r.body;
  }
}

TEST(MetaexchangeSim, DepositEchoesItsTxidAsValidJson) {
  SimProcess sim(config(1));
  const DepositDetails d = submit(sim, "symbol_pair=bitBTC_BTC&receiving_address=monsterer&order_type=buy");
  const std::string txid = "a\"},\"x\":{\"";
  auto r = sim.meta("/sim/metaexchange/deposit",
                    encode_form({{"deposit_address", d.deposit_address}, {"amount", "0.1"}, {"txid", txid}}));
  ASSERT_EQ(r.status, 200) << r.body;
  // Boost.JSON parses it and finds one member holding the exact text.
  EXPECT_TRUE(json_equal(R"({"txid":"a\"},\"x\":{\""})", r.body));
  const auto status =
      decode<std::vector<Transaction>>(sim.meta("/api/2/getOrderStatus", encode_form({{"txid", txid}})));
  ASSERT_EQ(status.size(), 1u);
  EXPECT_EQ(status[0].received_txid, txid);
}

TEST(MetaexchangeSim, RateLimitAnswers403ThenServesAgain) {
  SimProcess sim(config(0, "rate_limits:\n  endpoints:\n    getMarket: {per_second: 1, burst: 2}\n"));
  EXPECT_EQ(sim.meta("/api/1/getMarket", "symbol_pair=bitBTC_BTC").status, 200);
  EXPECT_EQ(sim.meta("/api/1/getMarket", "symbol_pair=bitBTC_BTC").status, 200);
  EXPECT_EQ(sim.meta("/api/1/getMarket", "symbol_pair=bitBTC_BTC").status, 403);
  EXPECT_EQ(sim.get("/api/1/getAllMarkets", sim.meta_port()).status, 200);  // its own bucket
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  EXPECT_EQ(sim.meta("/api/1/getMarket", "symbol_pair=bitBTC_BTC").status, 200);
}

TEST(MetaexchangeSim, SeedExampleRequestsGetTheSeedShapes) {
  // bitBTC_BTC gets an order book here so that the seed's buyLimit example has a home.
  SimProcess sim(config(0, "", true));
  auto same = [&](const char* seed_file, const HttpResult& r) {
    EXPECT_EQ(r.status, 200) << seed_file << ": " << r.body;
    // The seed shows only finished transactions; a live order has sent nothing yet, so its sent_txid
    // is null. Everything else must match the seed's shape exactly.
    const std::string expected = std::regex_replace(read_test_file(std::string("metaexchange/") + seed_file),
                                                    std::regex(R"("sent_txid":"[0-9a-f]+")"), R"("sent_txid":null)");
    EXPECT_TRUE(json_same_shape(expected, r.body)) << seed_file;
  };
  // Some state for the examples to find: a resting sell, the seed's buy (deposited under the txid the
  // seed's getOrderStatus example asks for), and a resting buyLimit for monsterer.
  const DepositDetails seller = submit(sim, std::string("symbol_pair=bitBTC_BTC&order_type=sellLimit&price=1&receiving_address=") +
                                                "16KLJg9B1Nfky5HL72tsbtV7gyoWNTENor&refund_address=seller-bts");
  deposit(sim, seller, "1");
  auto submitted = sim.meta("/api/1/submitAddress", "symbol_pair=bitBTC_BTC&receiving_address=monsterer&order_type=buy");
  same("seed-v1-submitAddress.json", submitted);
  deposit(sim, decode<DepositDetails>(submitted), "0.1", "ed7364fd1b8ba4cc3428470072300fb88097c3a343c75b6e604c68799a0148cb");
  deposit(sim, submit(sim, std::string("symbol_pair=bitBTC_BTC&order_type=buyLimit&price=0.9&receiving_address=monsterer"
                                       "&refund_address=") + kBtcAddress), "0.5");

  same("seed-v1-getOrderStatus.json", sim.meta("/api/1/getOrderStatus", "txid=ed7364fd1b8ba4cc3428470072300fb88097c3a343c75b6e604c68799a0148cb"));
  same("seed-v2-getOrderStatus.json", sim.meta("/api/2/getOrderStatus", "txid=ed7364fd1b8ba4cc3428470072300fb88097c3a343c75b6e604c68799a0148cb"));
  same("seed-v1-getMarket.json", sim.meta("/api/1/getMarket", "symbol_pair=bitBTC_BTC"));
  same("seed-v1-getAllMarkets.json", sim.get("/api/1/getAllMarkets", sim.meta_port()));
  same("seed-v1-getLastTransactions.json", sim.meta("/api/1/getLastTransactions", "symbol_pair=bitBTC_BTC"));
  same("seed-v2-getQuote.json", sim.meta("/api/2/getQuote", "symbol_pair=bitBTC_BTC&order_type=buy&deposit_amount=1"));
  same("seed-v2-getMyLastTransactions.json",
       sim.meta("/api/2/getMyLastTransactions", "symbol_pair=bitBTC_BTC&receiving_address=monsterer,16KLJg9B1Nfky5HL72tsbtV7gyoWNTENor&limit=20"));
  same("seed-v2-getMyOpenOrders.json",
       sim.meta("/api/2/getMyOpenOrders", "symbol_pair=bitBTC_BTC&receiving_address=monsterer,16KLJg9B1Nfky5HL72tsbtV7gyoWNTENor"));
  same("seed-v2-getOrderbook.json", sim.meta("/api/2/getOrderbook", "symbol_pair=bitBTC_BTC&limit=20"));
  // The seed's memo (1-mqjz4GnADMucWuR4v) was issued by the real gateway; ours issues its own.
  same("seed-v1-getMyLastTransactions.json", sim.meta("/api/1/getMyLastTransactions", "memo=" + *seller.memo));
  EXPECT_TRUE(decode<std::vector<Transaction>>(sim.meta("/api/1/getMyLastTransactions", "memo=1-mqjz4GnADMucWuR4v")).empty());
}

}  // namespace
}  // namespace dealer::testing
