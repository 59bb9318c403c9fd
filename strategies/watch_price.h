// WatchPrice: the original bitcoin_dealer's rules. Each rule watches the last trade price and, once
// armed, fires one limit order the first time the price meets its trigger ("last <= 13.40" or
// "last >= 13.80"), and never again, across restarts too (which rules fired is the saved state). A rule
// with `after: <rule id>` is armed only once that rule's order is completely filled; a partial fill is
// not enough. A refused or rejected order (insufficient funds, a risk limit) is reported as a decision
// and not retried. While an ambiguous order of the strategy is being reconciled, or the core is halted,
// a triggered rule waits and fires on a later trade if the price still meets its trigger.
//
// Ownership: owns its rules. Runs on the core's thread only.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/strategy.h"
#include "strategies/registry.h"

namespace dealer::strategies {

struct WatchRule {
  enum class Trigger { kAtOrBelow, kAtOrAbove };
  std::string id;
  Side side = Side::kBid;
  Trigger trigger = Trigger::kAtOrBelow;
  Price level;  // the trigger price
  Price price;  // the order's limit price
  Amount amount;
  std::optional<size_t> after;  // index of the rule whose complete fill arms this one
};

class WatchPrice final : public engine::Strategy {
 public:
  // Keys: id, strategy, pair, rules (a list of {id, side, when, price, amount, after?}). Inside a
  // configuration build: a mistake stops it with the key's position.
  static std::unique_ptr<engine::Strategy> create(const StrategySpec& spec);

  WatchPrice(std::string id, engine::Pair pair, std::vector<WatchRule> rules);

  void on_trades(engine::StrategyContext& ctx, std::span<const Trade> trades) override;
  void on_order(engine::StrategyContext& ctx, const engine::OrderRecord& order, const Error* error) override;
  void on_fill(engine::StrategyContext& ctx, const engine::OrderRecord& order,
               const engine::Fill& fill) override;

  // One line per fired rule: "<rule id> <client id, 0 if refused> <pending|filled|ended>".
  std::string save_state() const override;
  Status load_state(std::string_view text) override;
  std::string describe_state() const override;

  const std::vector<WatchRule>& rules() const { return rules_; }

 private:
  // What became of a fired rule's order: still working, completely filled, or ended otherwise
  // (refused, rejected, cancelled) and reported.
  enum class Outcome { kPending, kFilled, kEnded };
  struct RuleState {
    bool fired = false;
    engine::ClientId order = 0;  // 0: fired without an order (refused)
    Outcome outcome = Outcome::kPending;
  };

  bool armed(size_t rule) const;
  void fire(engine::StrategyContext& ctx, Price last);
  void update_thresholds();
  std::optional<size_t> rule_of(engine::ClientId order) const;

  std::vector<WatchRule> rules_;
  std::vector<RuleState> states_;
  // The armed rules' tightest triggers, so a trade that meets none costs two comparisons.
  int64_t fire_at_or_below_ = INT64_MIN;
  int64_t fire_at_or_above_ = INT64_MAX;
};

}  // namespace dealer::strategies
