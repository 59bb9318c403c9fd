// Issue 8's money attacks, tried over HTTP against the real `dealer exchange` process on 127.0.0.1:
// each must be answered 400 invalid_parameter and leave the balances as they were.
#include <gtest/gtest.h>

#include "exchange/mtgox/codec.h"
#include "support/sim_process.h"
#include "support/test_accounts.h"

namespace dealer::testing {
namespace {

// alice: 1,000 USD and 10 BTC; no tape, no liquidity, so nothing else moves her balances.
std::string config() {
  return std::string("accounts:\n") + "  - {name: alice, key: " + kAliceKey + ", secret: \"" + kAliceSecret +
         "\", rights: [get_info, trade, merchant], balances: {BTC: \"10\", USD: \"1000\"}}\n";
}

void expect_invalid_parameter(const HttpResult& r) {
  EXPECT_EQ(r.status, 400) << r.body;
  auto e = mtgox::decode_response<std::string>(r.body);
  ASSERT_FALSE(e.ok()) << r.body;
  EXPECT_EQ(e.error().token, "invalid_parameter");
}

int64_t balance(const SimProcess& sim, const char* currency) { return sim.balance(kAliceKey, kAliceSecret, currency); }

TEST(MoneySim, BidWhoseReservationOverflowsIsRefused) {
  SimProcess sim(config());
  // 1e11 x 9.3e15 / 1e8 = 9.3e18 USD units: past INT64_MAX, once a negative reservation.
  expect_invalid_parameter(sim.private_call("/api/1/BTCUSD/private/order/add", kAliceKey, kAliceSecret,
                                            "type=bid&amount_int=100000000000&price_int=9300000000000000"));
  // 9e18 x 2e8 / 1e8 = 1.8e19.
  expect_invalid_parameter(sim.private_call("/api/1/BTCUSD/private/order/add", kAliceKey, kAliceSecret,
                                            "type=bid&amount_int=200000000&price_int=9000000000000000000"));
  EXPECT_EQ(balance(sim, "USD"), 100000000);
}

TEST(MoneySim, MerchantOrderBeyondAllBitcoinIsRefused) {
  SimProcess sim(config());
  expect_invalid_parameter(sim.private_call("/api/1/generic/private/merchant/order/create", kAliceKey, kAliceSecret,
                                            "currency=BTC&amount_int=9223372036854775807&return_success=a&return_failure=b"));
  EXPECT_EQ(balance(sim, "BTC"), 1000000000);
}

}  // namespace
}  // namespace dealer::testing
