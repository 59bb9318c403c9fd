// Helpers for engine and strategy tests: BTCUSD money from text, hand-made events, and typed views of
// an effect list.
#pragma once

#include <gtest/gtest.h>

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/money.h"
#include "engine/effects.h"

namespace dealer::testing {

inline const engine::Pair kBtcUsd{Currency::btc(), Currency::usd()};

// "13.40" in USD units (1e-5) and "2.0" in BTC units (1e-8); the test fails on bad text.
inline Price usd(std::string_view text) {
  auto units = parse_units(text, 5);
  EXPECT_TRUE(units.ok()) << text;
  return Price(units.ok() ? *units : 0);
}
inline Amount btc(std::string_view text) {
  auto units = parse_units(text, 8);
  EXPECT_TRUE(units.ok()) << text;
  return Amount(units.ok() ? *units : 0);
}

// Seconds since the epoch as the event time.
inline WallTime at_s(int64_t seconds) { return wall_from_us(seconds * 1'000'000); }

inline Trade trade_at(std::string_view price, std::string_view amount = "1", int64_t tid = 0) {
  Trade t;
  t.tid = tid;
  t.price = usd(price);
  t.amount = btc(amount);
  t.price_currency = Currency::usd();
  return t;
}

inline engine::Fill fill_of(std::string trade_id, std::string order_id, Side side, std::string_view price,
                            std::string_view amount, WallTime time = at_s(0)) {
  engine::Fill f;
  f.trade_id = std::move(trade_id);
  f.order_id = std::move(order_id);
  f.side = side;
  f.price = usd(price);
  f.amount = btc(amount);
  f.fee_currency = Currency::usd();
  f.time = time;
  return f;
}

// A stored order row of strategy `strategy_id` on BTCUSD, as the store would hand it back.
inline engine::OrderRecord order_row(engine::ClientId id, std::string strategy_id, Side side,
                                     std::string_view price, std::string_view amount,
                                     engine::OrderState state, std::string exchange_id) {
  engine::OrderRecord row;
  row.client_id = id;
  row.strategy_id = std::move(strategy_id);
  row.pair = kBtcUsd;
  row.side = side;
  row.price = usd(price);
  row.amount = btc(amount);
  row.state = state;
  row.exchange_id = std::move(exchange_id);
  return row;
}

inline Order open_order(std::string id, Side side, std::string_view price, std::string_view remaining,
                        int64_t date_s = 0) {
  Order o;
  o.id = std::move(id);
  o.currency = Currency::usd();
  o.side = side;
  o.price = usd(price);
  o.amount = btc(remaining);
  o.date = date_s;
  return o;
}

// The effects of type T, in order.
template <class T>
std::vector<T> effects_of(std::span<const engine::Effect> effects) {
  std::vector<T> out;
  for (const auto& e : effects) {
    if (const T* t = std::get_if<T>(&e)) out.push_back(*t);
  }
  return out;
}

inline std::vector<engine::Decision> decisions(std::span<const engine::Effect> effects,
                                               engine::DecisionKind kind) {
  std::vector<engine::Decision> out;
  for (const auto& d : effects_of<engine::PersistDecision>(effects)) {
    if (d.decision.kind == kind) out.push_back(d.decision);
  }
  return out;
}

// Index of the first effect of type T (effects.size() if none), to check effect order.
template <class T>
size_t index_of(std::span<const engine::Effect> effects) {
  for (size_t i = 0; i < effects.size(); ++i) {
    if (std::holds_alternative<T>(effects[i])) return i;
  }
  return effects.size();
}

}  // namespace dealer::testing
