// Property tests of the simulator's money (issue 8): thousands of seeded random steps against the
// matching engine and the Metaexchange gateway, absurd values included, with the ledger checked after
// EVERY step. The expected sums are computed here, independently of the code under test: the starting
// balances of the config plus every deposit the test made, less every withdrawal.
#include <gtest/gtest.h>

#include <array>
#include <limits>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "sim/engine.h"
#include "sim/gateway.h"
#include "support/test_support.h"

namespace dealer::sim {
namespace {

constexpr int64_t kT0 = 1'356'998'600'000'000;  // 2013-01-01 00:10 UTC, in microseconds
constexpr int kAccounts = 4;
constexpr int kSteps = 4000;
const Currency kUsd = Currency::usd();
const Currency kEur = *Currency::from_code("EUR");
const Currency kBtc = Currency::btc();

// Picks one of a few ordinary magnitudes or, one time in eight, an absurd one.
int64_t pick(std::mt19937_64& rng, int64_t ordinary_max) {
  static constexpr int64_t kAbsurd[] = {1, 9'223'372'036'854'775'807, 9'000'000'000'000'000'000,
                                        9'300'000'000'000'000, 100'000'000'000, 4'611'686'018'427'387'904};
  if (rng() % 8 == 0) return kAbsurd[rng() % std::size(kAbsurd)];
  return 1 + static_cast<int64_t>(rng() % static_cast<uint64_t>(ordinary_max));
}

std::vector<Trade> random_tape(std::mt19937_64& rng, int n) {
  std::vector<Trade> tape;
  int64_t tid = kT0;
  for (int i = 0; i < n; ++i) {
    Trade t;
    tid += 1 + static_cast<int64_t>(rng() % 5'000'000);
    t.tid = tid;
    t.date = tid / 1'000'000;
    t.price = Price(1'000'000 + static_cast<int64_t>(rng() % 2'000'000));  // 10 to 30 USD
    t.amount = Amount(rng() % 4 == 0 ? 100'000'000'000 : 1 + static_cast<int64_t>(rng() % 300'000'000));
    t.side = rng() % 2 ? Side::kBid : Side::kAsk;
    t.price_currency = kUsd;
    t.item = kBtc;
    t.properties = "limit";
    tape.push_back(t);
  }
  return tape;
}

ExchangeConfig engine_config() {
  static const char* kFees[] = {"0", "0.6", "0.59999999999999998", "99.99"};
  ExchangeConfig c;
  for (int i = 0; i < kAccounts; ++i) {
    AccountConfig a;
    a.name = "acct" + std::to_string(i);
    a.key = "00000000-0000-4000-8000-00000000000" + std::to_string(i);
    a.fee_percent = *Decimal::parse(kFees[i]);
    a.balances[kUsd.index()] = 100'000'000;    // 1,000 USD
    a.balances[kEur.index()] = 50'000'000;     // 500 EUR
    a.balances[kBtc.index()] = 1'000'000'000;  // 10 BTC
    c.accounts.push_back(a);
  }
  c.market.fx[kEur.index()] = *Decimal::parse("0.76");
  c.market.liquidity.enabled = true;
  c.market.max_unfunded_orders = 50;
  return c;
}

std::vector<const SimOrder*> open_orders(const Engine& e) {
  std::vector<const SimOrder*> out;
  for (int a = 0; a < kAccounts; ++a)
    for (const SimOrder* o : e.open_orders(a))
      if (o->state == OrderState::kOpen) out.push_back(o);
  return out;
}

class EngineLedger {
 public:
  explicit EngineLedger(const ExchangeConfig& c) {
    for (const AccountConfig& a : c.accounts)
      for (const auto& [index, units] : a.balances) expected_[index] += units;
  }
  void deposited(Currency c, int64_t units) { expected_[c.index()] += units; }
  void withdrawn(Currency c, int64_t units) { expected_[c.index()] -= units; }

  void check(Engine& e, const std::vector<std::pair<int, std::string>>& orders, int step) const {
    std::array<Int128, Currency::kCount> held_by_orders{};
    for (const SimOrder* o : open_orders(e)) held_by_orders[(o->side == Side::kBid ? o->currency : kBtc).index()] += o->reserved.raw();
    for (int ci = 0; ci < Currency::kCount; ++ci) {
      Int128 sum = static_cast<Int128>(e.fees()[ci].raw()) + e.counterparty()[ci].raw();
      Int128 held = 0;
      for (int a = 0; a < kAccounts; ++a) {
        const Wallet& w = e.accounts()[a].wallets[ci];
        ASSERT_GE(w.total.raw(), 0) << "step " << step << " account " << a << " currency " << ci;
        ASSERT_GE(w.reserved.raw(), 0) << "step " << step;
        ASSERT_LE(w.reserved, w.total) << "step " << step << " account " << a << " currency " << ci;
        sum += w.total.raw();
        held += w.reserved.raw();
      }
      ASSERT_GE(e.fees()[ci].raw(), 0) << "step " << step;
      const auto it = expected_.find(ci);
      ASSERT_TRUE(sum == (it == expected_.end() ? 0 : it->second))
          << "step " << step << ": currency " << Currency::at(ci).code() << " not conserved";
      // What the wallets hold for orders is exactly what the open orders say they hold.
      ASSERT_TRUE(held == held_by_orders[ci]) << "step " << step << ": reservations disagree in " << Currency::at(ci).code();
    }
    // Each fill once: the ones added since the last step.
    checked_fills_.resize(orders.size());
    for (size_t i = 0; i < orders.size(); ++i) {
      const SimOrder* o = e.find_order(orders[i].first, orders[i].second);
      ASSERT_NE(o, nullptr);
      for (; checked_fills_[i] < o->fills.size(); ++checked_fills_[i]) {
        const Fill& f = o->fills[checked_fills_[i]];
        ASSERT_GT(f.amount, Amount(0));
        if (o->kind != OrderKind::kLimit) continue;
        if (o->side == Side::kBid) ASSERT_LE(f.price, o->price) << "step " << step << " order " << o->oid;
        else ASSERT_GE(f.price, o->price) << "step " << step << " order " << o->oid;
      }
    }
  }

 private:
  std::map<int, Int128> expected_;
  mutable std::vector<size_t> checked_fills_;  // per order: fills already checked
};

TEST(LedgerProperty, EngineConservesEveryCurrencyAndNeverGoesNegative) {
  auto rng = testing::seeded_rng();
  ManualClock clock(kT0);
  const ExchangeConfig config = engine_config();
  const std::vector<Trade> tape = random_tape(rng, kSteps);
  Engine e(config, tape, clock);
  EngineLedger ledger(config);
  std::vector<std::pair<int, std::string>> orders;
  int placed = 0, refused = 0, filled = 0;
  for (int step = 0; step < kSteps; ++step) {
    const int account = static_cast<int>(rng() % kAccounts);
    switch (rng() % 8) {
      case 0:
      case 1:
      case 2:
      case 3: {  // an order: both sides, both currencies, market or limit, prices near the tape or absurd
        const Currency c = rng() % 4 == 0 ? kEur : kUsd;
        const Side side = rng() % 2 ? Side::kBid : Side::kAsk;
        const Amount amount(pick(rng, 300'000'000));
        std::optional<Price> price;
        if (rng() % 5 != 0) price = Price(rng() % 8 == 0 ? pick(rng, 1) : 800'000 + static_cast<int64_t>(rng() % 2'400'000));
        auto oid = e.place(account, c, side, amount, price);
        if (oid) {
          orders.emplace_back(account, *oid);
          ++placed;
        } else {
          ASSERT_TRUE(oid.error().code == Errc::kOverflow || oid.error().code == Errc::kInvalidArgument)
              << oid.error().describe();
          ++refused;
        }
        break;
      }
      case 4: {  // a cancel, of an order of this account or another's
        if (orders.empty()) break;
        const auto& [owner, oid] = orders[rng() % orders.size()];
        (void)e.cancel(rng() % 4 == 0 ? (owner + 1) % kAccounts : owner, oid);
        break;
      }
      case 5: {  // a deposit (the merchant's payments), absurd ones refused whole; or a withdrawal (the
                 // gateway transfer), refused whole beyond what is available
        const Currency c = rng() % 2 ? kBtc : kUsd;
        const int64_t units = pick(rng, 1'000'000'000);
        if (rng() % 2) {
          if (e.deposit(account, c, Funds(units))) ledger.deposited(c, units);
        } else if (e.withdraw(account, c, Funds(units))) {
          ledger.withdrawn(c, units);
        }
        break;
      }
      default:  // time passes: recorded trades replay, the liquidity provider re-quotes
        clock.advance(static_cast<int64_t>(rng() % 20'000'000));
        e.advance();
        break;
    }
    ledger.check(e, orders, step);
    if (::testing::Test::HasFatalFailure()) return;
  }
  for (const auto& [account, oid] : orders) filled += !e.find_order(account, oid)->fills.empty();
  // The walk must have exercised both outcomes, or it proves nothing.
  EXPECT_GT(placed, kSteps / 4);
  EXPECT_GT(refused, 0);
  EXPECT_GT(filled, kSteps / 20);
  for (int ci : {kBtc.index(), kUsd.index()}) EXPECT_GT(e.fees()[ci], Funds(0));
}

GatewayConfig gateway_config() {
  GatewayConfig c;
  c.confirm_seconds = 2;
  GatewayMarketConfig regular;
  regular.symbol_pair = "bitUSD_BTC";
  regular.ask = 160'000;  // 0.0016 BTC per bitUSD
  regular.bid = 150'000;
  regular.ask_max = 100'000'000'000;  // 1,000 BTC
  regular.bid_max = 9'000'000'000'000'000'000;
  regular.ask_fee_percent = *Decimal::parse("0.5");
  regular.bid_fee_percent = *Decimal::parse("0.59999999999999998");
  GatewayMarketConfig book = regular;
  book.symbol_pair = "bitBTC_BTC";
  book.has_orderbook = true;
  book.ask_max = book.bid_max = 9'000'000'000'000'000'000;
  c.markets = {regular, book};
  return c;
}

TEST(LedgerProperty, GatewayConservesEveryAssetAndFillsWithinLimits) {
  auto rng = testing::seeded_rng();
  ManualClock clock(kT0);
  Gateway g(gateway_config(), clock);
  using metaexchange::OrderType;
  struct Registered {
    std::string deposit_to;
    OrderType type;
    std::optional<int64_t> limit;
    std::string deposit_asset;  // buys pay the quote (BTC), sells the base (bitUSD, bitBTC)
  };
  std::vector<Registered> registered;
  std::map<std::string, Int128> deposited;  // by asset, as this test sent it
  std::map<std::string, size_t> by_txid;    // -> index into registered
  int deposits = 0, fills = 0;
  for (int step = 0; step < kSteps; ++step) {
    switch (rng() % 4) {
      case 0: {  // an order, with limit prices near 1 or absurd, and expiries up to absurd
        GatewayOrderRequest r;
        const bool book = rng() % 3 != 0;
        r.symbol_pair = book ? "bitBTC_BTC" : "bitUSD_BTC";
        r.type = book ? static_cast<OrderType>(1 + rng() % 4) : (rng() % 2 ? OrderType::kBuy : OrderType::kSell);
        const bool buy = r.type == OrderType::kBuy || r.type == OrderType::kBuyLimit;
        r.receiving_address = buy ? "alice-bts" : "1AAXCcSjgsgoTnQLqUfPh7qRsUyvbYSbGW";
        if (r.type == OrderType::kBuyLimit || r.type == OrderType::kSellLimit)
          r.price = rng() % 8 == 0 ? pick(rng, 1) : 95'000'000 + static_cast<int64_t>(rng() % 10'000'000);
        r.expiry_seconds = rng() % 16 == 0 ? 9'223'372'036'854 : 1 + static_cast<int64_t>(rng() % 600);
        auto details = g.submit(r);
        if (const auto* d = std::get_if<metaexchange::DepositDetails>(&details))
          registered.push_back({d->memo ? *d->memo : d->deposit_address, r.type, r.price,
                                buy ? "BTC" : r.symbol_pair.substr(0, r.symbol_pair.find('_'))});
        break;
      }
      case 1:
      case 2: {  // a deposit, absurd amounts included
        if (registered.empty()) break;
        const size_t to = rng() % registered.size();
        const int64_t amount = pick(rng, 200'000'000);
        auto txid = g.deposit(registered[to].deposit_to, amount, std::nullopt);
        if (const auto* t = std::get_if<std::string>(&txid)) {
          by_txid[*t] = to;
          ++deposits;
          deposited[registered[to].deposit_asset] += amount;
        }
        break;
      }
      default:
        clock.advance(static_cast<int64_t>(rng() % 120'000'000));
        g.advance();
        break;
    }
    for (const auto& [asset, a] : g.audit()) {
      ASSERT_TRUE(a.deposited == deposited[asset]) << "step " << step << ": deposits of " << asset;
      ASSERT_GE(a.fees, 0);
      ASSERT_GE(a.resting, 0);
      ASSERT_TRUE(a.deposited == a.paid_out + a.fees + a.resting + a.house)
          << "step " << step << ": " << asset << " not conserved";
    }
    if (step % 50 == 0 || step == kSteps - 1) {  // every output's price within its order's limit
      for (const auto& [txid, index] : by_txid) {
        const Registered* order = &registered[index];
        const auto outputs = std::get<std::vector<metaexchange::Transaction>>(g.status(txid));
        for (const auto& tx : outputs) {
          ASSERT_GE(tx.amount, Decimal(0, 0)) << txid;
          if (tx.status != metaexchange::OrderStatus::kCompleted && tx.status != metaexchange::OrderStatus::kPartialFill)
            continue;
          if (!tx.sent_txid) continue;
          ++fills;
          if (!order->limit) continue;
          const int64_t price = *tx.price.to_units(8);
          if (order->type == OrderType::kBuyLimit) ASSERT_LE(price, *order->limit) << "step " << step;
          else ASSERT_GE(price, *order->limit) << "step " << step;
        }
      }
    }
  }
  EXPECT_GT(deposits, kSteps / 4);
  EXPECT_GT(fills, 0);
}

}  // namespace
}  // namespace dealer::sim
