#include "strategies/gateway_arbitrage.h"

#include <sstream>

#include "strategies/params.h"
#include "strategies/simulated_gateway.h"

namespace dealer::strategies {
namespace {

constexpr std::string_view kStepNames[] = {"idle", "buying", "in-flight"};

std::unique_ptr<GatewayLeg> make_gateway(const config::Node& n, const StrategyServices& services) {
  const std::string mode = n["mode"].string("simulated");
  if (mode == "metaexchange") {
    if (!services.live_gateway) {
      n["mode"].fail(
          "metaexchange is the live gateway, for `dealer run` only; backtest and paper simulate it (mode: "
          "simulated, with the market's parameters)");
    }
    return services.live_gateway(n);
  }
  if (mode != "simulated") n["mode"].fail("expected simulated or metaexchange, got \"" + mode + "\"");
  n.allow_keys({"mode", "symbol_pair", "ask", "bid", "ask_max", "bid_max", "ask_fee_percent",
                "bid_fee_percent", "buy_disabled", "sell_disabled", "confirm"});
  const bool buying = btc_is_quote(n["symbol_pair"]);
  market::GatewayPricing p;
  p.ask = positive_units(n["ask"], 8);
  p.bid = positive_units(n["bid"], 8);
  if (p.bid > p.ask) n["bid"].fail("must not be above ask");
  p.ask_max = positive_units(n["ask_max"], 8);
  p.bid_max = positive_units(n["bid_max"], 8);
  p.ask_fee_percent =
      decimal_in(n["ask_fee_percent"], Decimal(0, 0), true, Decimal(100, 0), false, Decimal(0, 0));
  p.bid_fee_percent =
      decimal_in(n["bid_fee_percent"], Decimal(0, 0), true, Decimal(100, 0), false, Decimal(0, 0));
  p.buy_disabled = n["buy_disabled"].boolean(false);
  p.sell_disabled = n["sell_disabled"].boolean(false);
  const auto confirm = n["confirm"].duration(std::chrono::milliseconds(0), std::chrono::hours(24 * 7),
                                             std::chrono::seconds(2));
  return std::make_unique<SimulatedGateway>(p, buying, confirm);
}

}  // namespace

std::unique_ptr<engine::Strategy> GatewayArbitrage::create(const StrategySpec& spec) {
  const config::Node& n = spec.node;
  n.allow_keys({"id", "strategy", "pair", "amount", "min_edge_percent", "mtgox_fee_percent",
                "mtgox_fee_in_btc", "slippage_percent", "transfer_fee_btc", "transfer_cost", "asset_value", "order_timeout",
                "gateway"});
  const int quote_decimals = spec.pair.quote.decimals();
  GatewayArbitrageParams p;
  p.amount = Amount(positive_units(n["amount"], spec.pair.item.decimals()));
  p.min_edge_percent = decimal_in(n["min_edge_percent"], Decimal(0, 0), true, Decimal(100, 0), false);
  p.mtgox_fee_percent = decimal_in(n["mtgox_fee_percent"], Decimal(0, 0), true, Decimal(100, 0), false);
  p.mtgox_fee_in_btc = n["mtgox_fee_in_btc"].boolean(false);
  p.slippage_percent =
      decimal_in(n["slippage_percent"], Decimal(0, 0), true, Decimal(100, 0), false, Decimal(0, 0));
  p.transfer_fee = Amount(n["transfer_fee_btc"].units(spec.pair.item.decimals(), 0));
  if (p.transfer_fee >= p.amount) n["transfer_fee_btc"].fail("must be below amount");
  p.transfer_cost = n["transfer_cost"].units(quote_decimals, 0);
  p.asset_value =
      decimal_in(n["asset_value"], Decimal(0, 0), false, Decimal(1'000'000, 0), false, Decimal(1, 0));
  p.order_timeout =
      n["order_timeout"].duration(std::chrono::seconds(1), std::chrono::hours(24), std::chrono::seconds(60));
  if (!n["gateway"]) n.fail("expected a gateway: block (mode: simulated, symbol_pair, ask, bid, ...)");
  return std::make_unique<GatewayArbitrage>(spec.id, spec.pair, std::move(p),
                                            make_gateway(n["gateway"], spec.services));
}

GatewayArbitrage::GatewayArbitrage(std::string id, engine::Pair pair, GatewayArbitrageParams params,
                                   std::unique_ptr<GatewayLeg> gateway)
    : Strategy(std::move(id), pair), params_(std::move(params)), gateway_(std::move(gateway)) {}

Result<ArbitrageEdge> GatewayArbitrage::edge_at(Price reference, WallTime now) const {
  ArbitrageEdge e;
  auto slip = percent_of(reference, params_.slippage_percent);
  if (!slip) return std::move(slip).error();
  e.limit = reference + *slip;
  auto offer = gateway_->quote(deposit_of(params_.amount.raw()), now);
  if (!offer) return std::move(offer).error();
  // Bounded by the gateway's maximum: the deposit (bought less the fees) must not exceed it.
  e.amount = std::min(params_.amount, Amount(offer->max_deposit) + params_.transfer_fee);
  e.deposit = deposit_of(e.amount.raw());
  if (e.amount < params_.amount) offer = gateway_->quote(e.deposit, now);
  if (!offer) return std::move(offer).error();
  e.offer = *offer;
  auto notional = cost_of(e.limit, e.amount, pair().item.decimals());
  if (!notional) return std::move(notional).error();
  auto fee = percent_of(notional->raw(), params_.mtgox_fee_percent);
  if (!fee) return std::move(fee).error();
  e.cost = notional->raw() + (params_.mtgox_fee_in_btc ? 0 : *fee) + params_.transfer_cost;
  // The asset (units of 1e-8) at asset_value quote units each, into the quote currency's units.
  const Decimal& v = params_.asset_value;
  auto value = to_int64(divide_pow10_rounded(static_cast<Int128>(offer->receive) * v.mantissa(),
                                             v.scale() + 8 - pair().quote.decimals()),
                        "the gateway's payout in the quote currency");
  if (!value) return std::move(value).error();
  e.value = *value;
  e.edge = e.value - e.cost;
  // edge > min_edge_percent % of cost, exactly: edge x 100 x 10^scale > mantissa x cost.
  const Decimal& m = params_.min_edge_percent;
  e.go = offer->refund == 0 && e.cost > 0 &&
         static_cast<Int128>(e.edge) * 100 * pow10(m.scale()) > static_cast<Int128>(m.mantissa()) * e.cost;
  return e;
}

int64_t GatewayArbitrage::btc_fee(int64_t bought) const {
  if (!params_.mtgox_fee_in_btc) return 0;
  auto fee = percent_of(bought, params_.mtgox_fee_percent);
  return fee ? *fee : bought;  // beyond 64 bits: nothing left to deposit
}

int64_t GatewayArbitrage::deposit_of(int64_t bought) const {
  return bought - btc_fee(bought) - params_.transfer_fee.raw();
}

void GatewayArbitrage::on_trades(engine::StrategyContext& ctx, std::span<const Trade>) { advance(ctx); }

void GatewayArbitrage::advance(engine::StrategyContext& ctx) {
  if (step_ == Step::kInFlight) return follow_deposit(ctx);
  if (step_ == Step::kBuying) {
    const engine::OrderRecord* o = ctx.order(order_);
    if (o && (o->state == engine::OrderState::kOpen || o->state == engine::OrderState::kPartiallyFilled) &&
        to_us(ctx.now()) - placed_us_ > params_.order_timeout.count()) {
      (void)ctx.cancel(order_, "leg one not filled within the order timeout");
    }
    return;
  }
  if (ctx.halted() || to_us(ctx.now()) < retry_us_) return;
  const auto reference = ctx.book().best_ask() ? ctx.book().best_ask() : ctx.last_price();
  if (reference) start_round(ctx, *reference);
}

void GatewayArbitrage::start_round(engine::StrategyContext& ctx, Price reference) {
  auto e = edge_at(reference, ctx.now());
  if (!e || !e->go) return;  // no edge: the common case, nothing to say
  const engine::Pair& p = pair();
  const std::string figures =
      "buy " + p.format_amount(e->amount) + " at " + p.format_price(e->limit) + " costs " +
      format_units(e->cost, p.quote.decimals()) + " with fees; the gateway pays " +
      format_units(e->offer.receive, 8) + " for " + format_units(e->deposit, 8) + " BTC, worth " +
      format_units(e->value, p.quote.decimals()) + ": edge " + format_units(e->edge, p.quote.decimals()) +
      " > " + params_.min_edge_percent.to_string() + " %";
  auto placed = ctx.place(Side::kBid, e->limit, e->amount, "gateway arbitrage leg one: " + figures);
  if (placed) {
    step_ = Step::kBuying;
    order_ = *placed;
    placed_us_ = to_us(ctx.now());
  } else if (placed.error().code != Errc::kAmbiguous) {
    retry_us_ = to_us(ctx.now()) + params_.order_timeout.count();
    ctx.decide("gateway arbitrage: " + figures + "; buy refused (" + placed.error().message + ")");
  }
}

void GatewayArbitrage::on_fill(engine::StrategyContext& ctx, const engine::OrderRecord& order,
                               const engine::Fill&) {
  on_order(ctx, order, nullptr);
}

void GatewayArbitrage::on_order(engine::StrategyContext& ctx, const engine::OrderRecord& order,
                                const Error* error) {
  if (step_ != Step::kBuying || order.client_id != order_ || !engine::is_terminal(order.state)) return;
  order_ = 0;
  if (order.filled.raw() > 0) return deposit(ctx, order.filled);
  step_ = Step::kIdle;
  ctx.decide("gateway arbitrage: leg one ended " + std::string(engine::to_string(order.state)) +
             " with nothing bought" + (error ? " (" + error->describe() + ")" : ""));
}

void GatewayArbitrage::deposit(engine::StrategyContext& ctx, Amount bought) {
  step_ = Step::kIdle;
  const int64_t fee_btc = btc_fee(bought.raw());
  const int64_t amount = bought.raw() - fee_btc - params_.transfer_fee.raw();
  const std::string what = "gateway arbitrage leg two: " + pair().format_amount(bought) + " BTC bought" +
                           (fee_btc > 0 ? " (" + format_units(fee_btc, 8) + " of it the exchange's fee)" : "");
  if (amount <= 0) return ctx.decide(what + ", not more than the fees: kept, no deposit");
  auto id = gateway_->deposit(amount, params_.transfer_fee.raw(), ctx.now());
  if (!id) return ctx.decide(what + "; the deposit failed (" + id.error().message + "): the BTC stays here");
  step_ = Step::kInFlight;
  deposit_id_ = *id;
  deposit_ = amount;
  ctx.decide(what + "; deposited " + format_units(amount, 8) + " at the gateway as " + deposit_id_);
}

void GatewayArbitrage::follow_deposit(engine::StrategyContext& ctx) {
  auto s = gateway_->status(deposit_id_, ctx.now());
  if (!s || s->state == GatewayDepositStatus::State::kPending) return;  // asked again on the next event
  step_ = Step::kIdle;
  const std::string what =
      "gateway arbitrage: deposit " + deposit_id_ + " of " + format_units(deposit_, 8) + " BTC ";
  if (s->state == GatewayDepositStatus::State::kCompleted) {
    ++rounds_;
    received_ += s->received;
    ctx.decide(what + "completed: received " + format_units(s->received, 8));
  } else {
    refunded_ += s->refunded;
    ctx.decide(what + "refunded: " + format_units(s->refunded, 8) + " BTC back (" + s->note + ")");
  }
  deposit_id_ = "-";
  deposit_ = 0;
}

std::string GatewayArbitrage::save_state() const {
  std::ostringstream out;
  out << kStepNames[static_cast<size_t>(step_)] << ' ' << order_ << ' ' << placed_us_ << ' ' << deposit_id_
      << ' ' << deposit_ << ' ' << rounds_ << ' ' << received_ << ' ' << refunded_ << '\n'
      << gateway_->save_state();
  return out.str();
}

std::string GatewayArbitrage::describe_state() const {
  std::string out = "step " + std::string(kStepNames[static_cast<size_t>(step_)]);
  if (order_ != 0) out += ", order " + std::to_string(order_);
  if (deposit_id_ != "-") out += ", deposit " + deposit_id_;
  return out + ", " + std::to_string(rounds_) + " rounds done";
}

Status GatewayArbitrage::load_state(std::string_view text) {
  if (text.empty()) return {};
  const size_t eol = text.find('\n');
  std::istringstream in{std::string(text.substr(0, eol))};
  std::string step, id;
  engine::ClientId order = -1;
  int64_t placed = 0, deposit = -1, rounds = -1, received = -1, refunded = -1;
  in >> step >> order >> placed >> id >> deposit >> rounds >> received >> refunded;
  const auto* named = std::find(std::begin(kStepNames), std::end(kStepNames), step);
  if (!in || named == std::end(kStepNames) || order < 0 || deposit < 0 || rounds < 0 || received < 0 ||
      refunded < 0) {
    return make_error(Errc::kParse,
                      "gateway_arbitrage state \"" + std::string(text.substr(0, eol)) +
                          "\" is not \"STEP ORDER PLACED_US DEPOSIT_ID DEPOSIT ROUNDS RECEIVED REFUNDED\"");
  }
  if (Status s = gateway_->load_state(eol == std::string_view::npos ? "" : text.substr(eol + 1)); !s)
    return s;
  step_ = static_cast<Step>(named - std::begin(kStepNames));
  order_ = order;
  placed_us_ = placed;
  deposit_id_ = id;
  deposit_ = deposit;
  rounds_ = rounds;
  received_ = received;
  refunded_ = refunded;
  return {};
}

}  // namespace dealer::strategies
