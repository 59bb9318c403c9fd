#include "strategies/watch_price.h"

#include <algorithm>
#include <sstream>

#include "strategies/params.h"

namespace dealer::strategies {
namespace {

// "last <= 13.40" / "last >= 13.80", spaces free around the operator.
void parse_when(const config::Node& node, engine::Pair pair, WatchRule& rule) {
  const std::string when = node.string();
  std::string text = when;
  std::erase(text, ' ');
  if (text.rfind("last", 0) != 0 || text.size() < 7 || (text[4] != '<' && text[4] != '>') || text[5] != '=') {
    node.fail("expected \"last <= PRICE\" or \"last >= PRICE\", got \"" + when + "\"");
  }
  rule.trigger = text[4] == '<' ? WatchRule::Trigger::kAtOrBelow : WatchRule::Trigger::kAtOrAbove;
  auto level = parse_units(text.substr(6), pair.quote.decimals());
  if (!level || *level <= 0) {
    node.fail("trigger \"" + text.substr(6) + "\" is not a positive price with at most " +
              std::to_string(pair.quote.decimals()) + " digits after the point");
  }
  rule.level = Price(*level);
}

WatchRule parse_rule(const config::Node& node, engine::Pair pair) {
  node.allow_keys({"id", "side", "when", "price", "amount", "after"});
  WatchRule r;
  r.id = node["id"].string();
  if (r.id.empty() || r.id.find_first_of(" \t\n") != std::string::npos) {
    node["id"].fail("a rule id is one word, got \"" + r.id + "\"");
  }
  const config::Node side = node["side"];
  if (side.string() != "buy" && side.string() != "sell") {
    side.fail("expected buy or sell, got \"" + side.string() + "\"");
  }
  r.side = side.string() == "buy" ? Side::kBid : Side::kAsk;
  r.price = positive_price(node["price"], pair);
  r.amount = positive_amount(node["amount"], pair);
  parse_when(node["when"], pair, r);
  return r;
}

constexpr std::string_view kOutcomeNames[] = {"pending", "filled", "ended"};

}  // namespace

std::unique_ptr<engine::Strategy> WatchPrice::create(const StrategySpec& spec) {
  spec.node.allow_keys({"id", "strategy", "pair", "rules"});
  const std::vector<config::Node> list = spec.node["rules"].list();
  if (list.empty()) spec.node["rules"].fail("expected a list of rules");
  std::vector<WatchRule> rules;
  for (const config::Node& node : list) {
    rules.push_back(parse_rule(node, spec.pair));
    for (size_t i = 0; i + 1 < rules.size(); ++i) {
      if (rules[i].id == rules.back().id)
        node["id"].fail("rule id \"" + rules.back().id + "\" is used twice");
    }
  }
  for (size_t i = 0; i < rules.size(); ++i) {
    const config::Node after = list[i]["after"];
    if (!after) continue;
    const std::string name = after.string();
    auto it = std::find_if(rules.begin(), rules.end(), [&](const WatchRule& r) { return r.id == name; });
    if (it == rules.end() || it == rules.begin() + i)
      after.fail("\"" + name + "\" names no other rule of this strategy");
    rules[i].after = static_cast<size_t>(it - rules.begin());
  }
  return std::make_unique<WatchPrice>(spec.id, spec.pair, std::move(rules));
}

WatchPrice::WatchPrice(std::string id, engine::Pair pair, std::vector<WatchRule> rules)
    : Strategy(std::move(id), pair), rules_(std::move(rules)), states_(rules_.size()) {
  update_thresholds();
}

bool WatchPrice::armed(size_t i) const {
  if (states_[i].fired) return false;
  const auto& after = rules_[i].after;
  return !after || states_[*after].outcome == Outcome::kFilled;
}

void WatchPrice::update_thresholds() {
  fire_at_or_below_ = INT64_MIN;
  fire_at_or_above_ = INT64_MAX;
  for (size_t i = 0; i < rules_.size(); ++i) {
    if (!armed(i)) continue;
    const int64_t level = rules_[i].level.raw();
    if (rules_[i].trigger == WatchRule::Trigger::kAtOrBelow) {
      fire_at_or_below_ = std::max(fire_at_or_below_, level);
    } else {
      fire_at_or_above_ = std::min(fire_at_or_above_, level);
    }
  }
}

void WatchPrice::on_trades(engine::StrategyContext& ctx, std::span<const Trade> trades) {
  for (const Trade& t : trades) {
    const int64_t p = t.price.raw();
    if (p <= fire_at_or_below_ || p >= fire_at_or_above_) fire(ctx, t.price);
  }
}

void WatchPrice::fire(engine::StrategyContext& ctx, Price last) {
  if (ctx.halted()) return;  // nothing would be placed: the rules stay armed for after a restart
  for (size_t i = 0; i < rules_.size(); ++i) {
    const WatchRule& r = rules_[i];
    const bool met = r.trigger == WatchRule::Trigger::kAtOrBelow ? last <= r.level : last >= r.level;
    if (!armed(i) || !met) continue;
    const std::string trigger = "last " + pair().format_price(last) +
                                (r.trigger == WatchRule::Trigger::kAtOrBelow ? " <= " : " >= ") +
                                pair().format_price(r.level);
    const std::string what = std::string(r.side == Side::kBid ? "buy " : "sell ") +
                             pair().format_amount(r.amount) + " at " + pair().format_price(r.price);
    auto placed = ctx.place(r.side, r.price, r.amount, "rule " + r.id + ": " + trigger);
    if (!placed && placed.error().code == Errc::kAmbiguous) continue;  // not fired: try on a later trade
    states_[i].fired = true;
    states_[i].outcome = placed ? Outcome::kPending : Outcome::kEnded;
    if (placed) {
      states_[i].order = *placed;
      ctx.decide("rule " + r.id + " fired: " + trigger + "; " + what + " as order " +
                 std::to_string(*placed));
    } else {
      ctx.decide("rule " + r.id + " fired: " + trigger + "; " + what + " refused (" + placed.error().message +
                 "); the rule will not fire again");
    }
  }
  update_thresholds();
}

std::optional<size_t> WatchPrice::rule_of(engine::ClientId order) const {
  for (size_t i = 0; i < states_.size(); ++i) {
    if (states_[i].fired && states_[i].order == order) return i;
  }
  return std::nullopt;
}

void WatchPrice::on_order(engine::StrategyContext& ctx, const engine::OrderRecord& order,
                          const Error* error) {
  auto i = rule_of(order.client_id);
  if (!i || states_[*i].outcome != Outcome::kPending) return;
  if (order.complete()) {
    states_[*i].outcome = Outcome::kFilled;  // e.g. after a restart that counted fills from the store
    update_thresholds();
  } else if (order.state == engine::OrderState::kRejected || order.state == engine::OrderState::kCancelled) {
    states_[*i].outcome = Outcome::kEnded;
    ctx.decide("rule " + rules_[*i].id + ": order " + std::to_string(order.client_id) + " ended " +
               std::string(engine::to_string(order.state)) + " with " + pair().format_amount(order.filled) +
               " of " + pair().format_amount(order.amount) + " filled" +
               (error ? " (" + error->describe() + ")" : "") + "; not retried, rules after it stay unarmed");
  }
}

void WatchPrice::on_fill(engine::StrategyContext& ctx, const engine::OrderRecord& order,
                         const engine::Fill&) {
  on_order(ctx, order, nullptr);
}

std::string WatchPrice::save_state() const {
  std::string out;
  for (size_t i = 0; i < rules_.size(); ++i) {
    if (!states_[i].fired) continue;
    out += rules_[i].id + " " + std::to_string(states_[i].order) + " " +
           std::string(kOutcomeNames[static_cast<size_t>(states_[i].outcome)]) + "\n";
  }
  return out;
}

std::string WatchPrice::describe_state() const {
  std::string out;
  for (size_t i = 0; i < rules_.size(); ++i) {
    if (!states_[i].fired) continue;
    out += (out.empty() ? "" : ", ") + rules_[i].id + ": " +
           (states_[i].order == 0 ? std::string("no order") : "order " + std::to_string(states_[i].order)) +
           " " + std::string(kOutcomeNames[static_cast<size_t>(states_[i].outcome)]);
  }
  return out.empty() ? "no rule fired yet" : out;
}

Status WatchPrice::load_state(std::string_view text) {
  std::vector<RuleState> states(rules_.size());
  std::istringstream in{std::string(text)};
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    std::istringstream fields(line);
    std::string id, outcome;
    engine::ClientId order = -1;
    const auto* named = std::end(kOutcomeNames);
    if (fields >> id >> order >> outcome)
      named = std::find(std::begin(kOutcomeNames), std::end(kOutcomeNames), outcome);
    if (order < 0 || named == std::end(kOutcomeNames)) {
      return make_error(Errc::kParse,
                        "watch_price state line \"" + line + "\" is not \"RULE ORDER pending|filled|ended\"");
    }
    auto it = std::find_if(rules_.begin(), rules_.end(), [&](const WatchRule& r) { return r.id == id; });
    // A rule removed from the configuration since: its state has nothing left to guard.
    if (it == rules_.end()) continue;
    states[it - rules_.begin()] =
        RuleState{true, order, static_cast<Outcome>(named - std::begin(kOutcomeNames))};
  }
  states_ = std::move(states);
  update_thresholds();
  return {};
}

}  // namespace dealer::strategies
