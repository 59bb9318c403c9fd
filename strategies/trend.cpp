#include "strategies/trend.h"

#include <cmath>
#include <cstdio>
#include <sstream>

#include "strategies/params.h"

namespace dealer::strategies {
namespace {

// A refused or failed sell is tried again on the first trade this long after the failure, so a risk
// limit that refuses it does not cost a refusal on every trade.
constexpr int64_t kSellRetrySeconds = 60;

int64_t seconds_of(WallTime t) { return to_us(t) / 1'000'000; }

std::string text_of(double v) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.17g", v);  // 17 digits: a double reads back exactly
  return buffer;
}

}  // namespace

std::unique_ptr<engine::Strategy> Trend::create(const StrategySpec& spec) {
  const config::Node& n = spec.node;
  n.allow_keys({"id", "strategy", "pair", "fast", "slow", "window_unit", "amount", "fraction",
                "slippage_percent", "trailing_stop_percent"});
  TrendParams p;
  p.fast = n["fast"].integer(1, 1'000'000);
  p.slow = n["slow"].integer(2, 1'000'000);
  if (p.slow <= p.fast) n["slow"].fail("must be above fast (" + std::to_string(p.fast) + ")");
  const std::string unit = n["window_unit"].string("trades");
  if (unit != "trades" && unit != "seconds")
    n["window_unit"].fail("expected trades or seconds, got \"" + unit + "\"");
  p.unit = unit == "trades" ? TrendParams::WindowUnit::kTrades : TrendParams::WindowUnit::kSeconds;
  if (n["amount"] && n["fraction"]) n["fraction"].fail("give amount or fraction, not both");
  if (n["amount"]) {
    p.amount = Amount(positive_units(n["amount"], spec.pair.item.decimals()));
  } else if (n["fraction"]) {
    p.fraction = decimal_in(n["fraction"], Decimal(0, 0), false, Decimal(1, 0), true);
  } else {
    n.fail("expected amount (a fixed buy size) or fraction (of the free " +
           std::string(spec.pair.quote.code()) + " balance)");
  }
  p.slippage_percent =
      decimal_in(n["slippage_percent"], Decimal(0, 0), true, Decimal(100, 0), false, Decimal(5, 1));
  if (n["trailing_stop_percent"])
    p.trailing_stop_percent =
        decimal_in(n["trailing_stop_percent"], Decimal(0, 0), false, Decimal(100, 0), false);
  return std::make_unique<Trend>(spec.id, spec.pair, std::move(p));
}

Trend::Trend(std::string id, engine::Pair pair, TrendParams params)
    : Strategy(std::move(id), pair), params_(std::move(params)), fast_(params_.fast), slow_(params_.slow) {}

void Trend::update_indicator(const Trade& t) {
  const double price = static_cast<double>(t.price.raw());
  if (trades_ == 0) first_date_ = t.date;
  auto alpha = [&](const Ema& e) {
    if (params_.unit == TrendParams::WindowUnit::kTrades) return 2.0 / static_cast<double>(e.window() + 1);
    const double dt = static_cast<double>(std::max<int64_t>(0, t.date - last_date_));
    return 1.0 - std::exp(-dt / static_cast<double>(e.window()));
  };
  fast_.add(price, alpha(fast_));
  slow_.add(price, alpha(slow_));
  ++trades_;
  last_date_ = t.date;
}

int Trend::relation() const {
  const bool warm = params_.unit == TrendParams::WindowUnit::kTrades
                        ? trades_ >= params_.slow
                        : last_date_ - first_date_ >= params_.slow;
  if (!warm || fast_.value() == slow_.value()) return 0;
  return fast_.value() > slow_.value() ? 1 : -1;
}

const engine::OrderRecord* Trend::working(engine::StrategyContext& ctx) const {
  const engine::OrderRecord* o = order_ ? ctx.order(order_) : nullptr;
  return o && !engine::is_terminal(o->state) ? o : nullptr;
}

bool Trend::stop_hit(Price last) const {
  if (!params_.trailing_stop_percent || held_.raw() == 0) return false;
  return last <= peak_ - *percent_of(peak_, *params_.trailing_stop_percent);
}

void Trend::on_trades(engine::StrategyContext& ctx, std::span<const Trade> trades) {
  for (const Trade& t : trades) {
    update_indicator(t);
    if (held_.raw() > 0) peak_ = std::max(peak_, t.price);
    const int rel = relation();
    const bool up = rel == 1 && above_ == -1, down = rel == -1 && above_ == 1;
    if (rel != 0) above_ = rel;
    const bool stop = !sell_owed_ && stop_hit(t.price);
    const bool retry = sell_owed_ && order_ == 0 && held_.raw() > 0 && t.date >= retry_at_;
    if (up || down || stop || retry)
      act(ctx, t.price, up ? Signal::kUp : down ? Signal::kDown : stop ? Signal::kStop : Signal::kRetry);
  }
}

void Trend::act(engine::StrategyContext& ctx, Price last, Signal signal) {
  const engine::OrderRecord* w = working(ctx);
  const std::string why =
      signal == Signal::kStop ? "trailing stop: last " + pair().format_price(last) + " is " +
                                    params_.trailing_stop_percent->to_string() +
                                    " % or more below the peak " + pair().format_price(peak_)
      : signal == Signal::kRetry ? std::string("sell owed")
                                 : "fast EMA " + text_of(fast_.value() / pow10(pair().quote.decimals())) +
                                       (signal == Signal::kUp ? " crossed above" : " crossed below") +
                                       " slow EMA " + text_of(slow_.value() / pow10(pair().quote.decimals()));
  if (signal == Signal::kUp) {
    sell_owed_ = false;
    if (ctx.halted()) return;
    if (w && w->side == Side::kAsk) {
      (void)ctx.cancel(w->client_id, why + ": keep the position");
    } else if (!w && held_.raw() == 0) {
      enter(ctx, last, why);
    }
    return;
  }
  if (signal != Signal::kRetry) {
    if (sell_owed_ || !(held_.raw() > 0 || (w && w->side == Side::kBid))) return;  // nothing to sell
    sell_owed_ = true;
    retry_at_ = 0;
  }
  if (ctx.halted()) return;  // the sell stays owed for later
  if (w && w->side == Side::kBid) {
    (void)ctx.cancel(w->client_id, why + ": cancel the buy, then sell what filled");
  } else if (!w && held_.raw() > 0) {
    exit(ctx, last, why);
  }
}

void Trend::enter(engine::StrategyContext& ctx, Price last, const std::string& why) {
  const Price limit = last + *percent_of(last, params_.slippage_percent);
  Amount amount;
  if (params_.amount) {
    amount = *params_.amount;
  } else {
    const auto free = ctx.free_balance(pair().quote);
    if (!free) return ctx.decide(why + "; no balances yet: no buy");
    // free x fraction quote units buy that / limit whole items: floored, so the order stays within it.
    const Decimal& f = *params_.fraction;
    const Int128 budget = static_cast<Int128>(*free) * f.mantissa();
    amount =
        Amount(static_cast<int64_t>(budget * pow10(pair().item.decimals()) / pow10(f.scale()) / limit.raw()));
  }
  if (amount.raw() <= 0)
    return ctx.decide(why + "; the free balance buys nothing at " + pair().format_price(limit));
  auto placed = ctx.place(Side::kBid, limit, amount, why + ": buy");
  if (placed) {
    order_ = *placed;
  } else if (placed.error().code != Errc::kAmbiguous) {
    ctx.decide(why + "; buy refused (" + placed.error().message + "): waiting for the next crossing");
  }
}

void Trend::exit(engine::StrategyContext& ctx, Price last, const std::string& why) {
  const Price limit = last - *percent_of(last, params_.slippage_percent);
  Amount amount = held_;
  if (auto free = ctx.free_balance(pair().item); free && *free < amount.raw()) amount = Amount(*free);
  if (amount.raw() <= 0) {
    retry_at_ = last_date_ + kSellRetrySeconds;
    return ctx.decide(why + "; none of the " + pair().format_amount(held_) + " held is free to sell");
  }
  auto placed = ctx.place(Side::kAsk, limit, amount, why + ": sell");
  if (placed) {
    order_ = *placed;
  } else if (placed.error().code != Errc::kAmbiguous) {
    retry_at_ = last_date_ + kSellRetrySeconds;
    ctx.decide(why + "; sell refused (" + placed.error().message + "): trying again in " +
               std::to_string(kSellRetrySeconds) + " s");
  }
}

void Trend::on_fill(engine::StrategyContext& ctx, const engine::OrderRecord& order, const engine::Fill&) {
  on_order(ctx, order, nullptr);
}

// Counts the working order's fills into the position by its filled total rather than fill by fill, so
// fills the core counted at a restore (written before a crash, after the state) are not missed.
void Trend::on_order(engine::StrategyContext& ctx, const engine::OrderRecord& order, const Error* error) {
  if (order.client_id != order_) return;
  const Amount delta = order.filled - counted_;
  counted_ = order.filled;
  if (order.side == Side::kBid) {
    held_ += delta;
    if (delta.raw() > 0) peak_ = std::max(peak_, order.price);  // the peak starts at the buy's limit
  } else {
    held_ = std::max(Amount(0), held_ - delta);
    if (held_.raw() == 0) {
      peak_ = Price(0);
      sell_owed_ = false;
    }
  }
  if (!engine::is_terminal(order.state)) return;
  order_ = 0;
  counted_ = Amount(0);
  if (order.state == engine::OrderState::kRejected) {
    if (order.side == Side::kAsk) retry_at_ = seconds_of(ctx.now()) + kSellRetrySeconds;
    ctx.decide(std::string(order.side == Side::kBid ? "buy " : "sell ") + std::to_string(order.client_id) +
               " rejected" + (error ? " (" + error->describe() + ")" : "") + " with " +
               pair().format_amount(order.filled) + " filled");
  }
}

std::string Trend::save_state() const {
  std::ostringstream out;
  out << text_of(fast_.value()) << ' ' << text_of(slow_.value()) << ' ' << trades_ << ' ' << first_date_
      << ' ' << last_date_ << ' ' << above_ << ' ' << held_.raw() << ' ' << peak_.raw() << ' ' << order_
      << ' ' << counted_.raw() << ' ' << (sell_owed_ ? 1 : 0) << ' ' << retry_at_ << '\n';
  return out.str();
}

std::string Trend::describe_state() const {
  const engine::Pair p = pair();
  // The averages are doubles (a report, not money): shown to the quote currency's precision.
  const auto average = [&](double units) {
    char buffer[48];
    std::snprintf(buffer, sizeof buffer, "%.*f %s", p.quote.decimals(), units / pow10(p.quote.decimals()),
                  std::string(p.quote.code()).c_str());
    return std::string(buffer);
  };
  std::string out = "fast EMA " + average(fast_.value()) + ", slow EMA " + average(slow_.value()) + ", " +
                    std::to_string(trades_) + " trades seen, holding " +
                    format_units_trimmed(held_.raw(), p.item.decimals()) + " " + std::string(p.item.code());
  if (held_.raw() > 0) out += " (peak " + p.format_price(peak_) + ")";
  if (order_ != 0) out += ", working order " + std::to_string(order_);
  if (sell_owed_) out += ", a sell owed";
  return out;
}

Status Trend::load_state(std::string_view text) {
  if (text.empty()) return {};
  std::istringstream in{std::string(text)};
  double fast = 0, slow = 0;
  int64_t trades = -1, first = 0, last = 0, held = -1, peak = -1, counted = -1, retry = 0;
  int above = 2, owed = -1;
  engine::ClientId order = -1;
  in >> fast >> slow >> trades >> first >> last >> above >> held >> peak >> order >> counted >> owed >> retry;
  if (!in || trades < 0 || above < -1 || above > 1 || held < 0 || peak < 0 || order < 0 || counted < 0 ||
      (owed != 0 && owed != 1)) {
    return make_error(
        Errc::kParse,
        "trend state \"" + std::string(text) +
            "\" is not \"FAST SLOW TRADES FIRST LAST ABOVE HELD PEAK ORDER COUNTED OWED RETRY\"");
  }
  if (trades > 0) {
    fast_.restore(fast);
    slow_.restore(slow);
  }
  trades_ = trades;
  first_date_ = first;
  last_date_ = last;
  above_ = above;
  held_ = Amount(held);
  peak_ = Price(peak);
  order_ = order;
  counted_ = Amount(counted);
  sell_owed_ = owed == 1;
  retry_at_ = retry;
  return {};
}

}  // namespace dealer::strategies
