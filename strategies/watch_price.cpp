#include "strategies/watch_price.h"

#include <algorithm>
#include <sstream>

#include "strategies/yaml_params.h"

namespace dealer::strategies {
namespace {

// "last <= 13.40" / "last >= 13.80", spaces free around the operator.
Result<WatchRule> parse_when(const YAML::Node& rule, const std::string& path, engine::Pair pair,
                             WatchRule out) {
  auto when = required_text(rule, "when", path);
  if (!when) return std::move(when).error();
  std::string text = *when;
  std::erase(text, ' ');
  const YAML::Node node = rule["when"];
  const std::string where = path + ".when";
  if (text.rfind("last", 0) != 0 || text.size() < 7 || (text[4] != '<' && text[4] != '>') || text[5] != '=') {
    return param_error(node, where, "expected \"last <= PRICE\" or \"last >= PRICE\", got \"" + *when + "\"");
  }
  out.trigger = text[4] == '<' ? WatchRule::Trigger::kAtOrBelow : WatchRule::Trigger::kAtOrAbove;
  auto level = parse_units(text.substr(6), pair.quote.decimals());
  if (!level || *level <= 0) {
    return param_error(node, where,
                       "trigger \"" + text.substr(6) + "\" is not a positive price with at most " +
                           std::to_string(pair.quote.decimals()) + " digits after the point");
  }
  out.level = Price(*level);
  return out;
}

Result<WatchRule> parse_rule(const YAML::Node& rule, const std::string& path, engine::Pair pair) {
  if (Status s = check_keys(rule, path, {"id", "side", "when", "price", "amount", "after"}); !s)
    return s.error();
  WatchRule r;
  auto id = required_text(rule, "id", path);
  if (!id) return std::move(id).error();
  if (id->empty() || id->find_first_of(" \t\n") != std::string::npos) {
    return param_error(rule["id"], path + ".id", "a rule id is one word, got \"" + *id + "\"");
  }
  r.id = *id;
  auto side = side_of(rule, "side", path);
  if (!side) return std::move(side).error();
  r.side = *side;
  auto price = positive_price(rule, "price", path, pair);
  if (!price) return std::move(price).error();
  r.price = *price;
  auto amount = positive_amount(rule, "amount", path, pair);
  if (!amount) return std::move(amount).error();
  r.amount = *amount;
  return parse_when(rule, path, pair, std::move(r));
}

std::string price_text(engine::Pair pair, Price p) {
  return format_units_trimmed(p.raw(), pair.quote.decimals());
}
std::string amount_text(engine::Pair pair, Amount a) {
  return format_units_trimmed(a.raw(), pair.item.decimals());
}

}  // namespace

Result<std::unique_ptr<engine::Strategy>> WatchPrice::create(const StrategySpec& spec) {
  if (Status s = check_keys(spec.node, spec.path, {"id", "strategy", "pair", "rules"}); !s) return s.error();
  const YAML::Node list = spec.node["rules"];
  if (!list.IsSequence() || list.size() == 0) {
    return param_error(list.IsDefined() ? list : spec.node, spec.path + ".rules", "expected a list of rules");
  }
  std::vector<WatchRule> rules;
  std::vector<std::optional<std::string>> afters;
  for (size_t i = 0; i < list.size(); ++i) {
    const std::string path = spec.path + ".rules[" + std::to_string(i) + "]";
    auto rule = parse_rule(list[i], path, spec.pair);
    if (!rule) return std::move(rule).error();
    for (const WatchRule& earlier : rules) {
      if (earlier.id == rule->id)
        return param_error(list[i]["id"], path + ".id", "rule id \"" + rule->id + "\" is used twice");
    }
    auto after = optional_text(list[i], "after", path);
    if (!after) return std::move(after).error();
    afters.push_back(*after);
    rules.push_back(std::move(*rule));
  }
  for (size_t i = 0; i < rules.size(); ++i) {
    if (!afters[i]) continue;
    const std::string path = spec.path + ".rules[" + std::to_string(i) + "].after";
    auto it =
        std::find_if(rules.begin(), rules.end(), [&](const WatchRule& r) { return r.id == *afters[i]; });
    if (it == rules.end() || it == rules.begin() + i) {
      return param_error(list[i]["after"], path,
                         "\"" + *afters[i] + "\" names no other rule of this strategy");
    }
    rules[i].after = static_cast<size_t>(it - rules.begin());
  }
  return std::unique_ptr<engine::Strategy>(
      std::make_unique<WatchPrice>(spec.id, spec.pair, std::move(rules)));
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
  for (size_t i = 0; i < rules_.size(); ++i) {
    const WatchRule& r = rules_[i];
    const bool met = r.trigger == WatchRule::Trigger::kAtOrBelow ? last <= r.level : last >= r.level;
    if (!armed(i) || !met) continue;
    const std::string trigger = "last " + price_text(pair(), last) +
                                (r.trigger == WatchRule::Trigger::kAtOrBelow ? " <= " : " >= ") +
                                price_text(pair(), r.level);
    const std::string what = std::string(r.side == Side::kBid ? "buy " : "sell ") +
                             amount_text(pair(), r.amount) + " at " + price_text(pair(), r.price);
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
               std::string(engine::to_string(order.state)) + " with " + amount_text(pair(), order.filled) +
               " of " + amount_text(pair(), order.amount) + " filled" +
               (error ? " (" + error->describe() + ")" : "") + "; not retried, rules after it stay unarmed");
  }
}

void WatchPrice::on_fill(engine::StrategyContext& ctx, const engine::OrderRecord& order,
                         const engine::Fill&) {
  on_order(ctx, order, nullptr);
}

namespace {
constexpr std::string_view kOutcomeNames[] = {"pending", "filled", "ended"};
}  // namespace

std::string WatchPrice::save_state() const {
  std::string out;
  for (size_t i = 0; i < rules_.size(); ++i) {
    if (!states_[i].fired) continue;
    out += rules_[i].id + " " + std::to_string(states_[i].order) + " " +
           std::string(kOutcomeNames[static_cast<size_t>(states_[i].outcome)]) + "\n";
  }
  return out;
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
