#include "strategies/simulated_gateway.h"

#include <algorithm>
#include <sstream>

namespace dealer::strategies {

SimulatedGateway::SimulatedGateway(market::GatewayPricing pricing, bool btc_is_quote, Micros confirm)
    : pricing_(std::move(pricing)), buying_(btc_is_quote), confirm_(confirm) {}

Result<GatewayOffer> SimulatedGateway::quote(int64_t amount, WallTime) const {
  if (amount <= 0) return make_error(Errc::kInvalidArgument, "a gateway deposit must be positive");
  for (const CachedOffer& c : cache_)
    if (c.amount == amount) return c.offer;
  auto q =
      market::quote_of(pricing_, buying_, market::plan_gateway_deposit(pricing_, "BTC", buying_, {}, amount));
  if (!q) return std::move(q).error();
  const GatewayOffer offer{q->receive, q->remaining, buying_ ? pricing_.ask_max : pricing_.bid_max};
  cache_[next_cached_] = CachedOffer{amount, offer};
  next_cached_ = (next_cached_ + 1) % cache_.size();
  return offer;
}

Result<std::string> SimulatedGateway::deposit(int64_t amount, int64_t, WallTime now) {
  if (amount <= 0) return make_error(Errc::kInvalidArgument, "a gateway deposit must be positive");
  deposits_.push_back(Deposit{"sim-" + std::to_string(deposits_.size() + 1), amount, to_us(now)});
  return deposits_.back().id;
}

Result<GatewayDepositStatus> SimulatedGateway::status(const std::string& id, WallTime now) const {
  auto it = std::find_if(deposits_.begin(), deposits_.end(), [&](const Deposit& d) { return d.id == id; });
  if (it == deposits_.end()) return make_error(Errc::kNotFound, "no simulated gateway deposit " + id);
  GatewayDepositStatus s;
  if (to_us(now) < it->made_us + confirm_.count()) return s;
  const market::GatewayPlan plan = market::plan_gateway_deposit(pricing_, "BTC", buying_, {}, it->amount);
  auto q = market::quote_of(pricing_, buying_, plan);
  if (!q) return std::move(q).error();
  s.received = q->receive;
  s.refunded = q->remaining;
  s.note = plan.refund_note;
  // A regular market converts all or refunds all.
  s.state = s.received > 0 ? GatewayDepositStatus::State::kCompleted : GatewayDepositStatus::State::kRefunded;
  return s;
}

std::string SimulatedGateway::save_state() const {
  std::string out;
  for (const Deposit& d : deposits_)
    out += d.id + " " + std::to_string(d.amount) + " " + std::to_string(d.made_us) + "\n";
  return out;
}

Status SimulatedGateway::load_state(std::string_view text) {
  std::vector<Deposit> deposits;
  std::istringstream in{std::string(text)};
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    std::istringstream fields(line);
    Deposit d;
    if (!(fields >> d.id >> d.amount >> d.made_us) || d.amount <= 0)
      return make_error(Errc::kParse,
                        "simulated gateway state line \"" + line + "\" is not \"ID AMOUNT MADE_US\"");
    deposits.push_back(std::move(d));
  }
  deposits_ = std::move(deposits);
  return {};
}

}  // namespace dealer::strategies
