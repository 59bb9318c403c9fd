#include "strategies/market_maker.h"

#include <sstream>
#include <stdexcept>
#include <vector>

#include "strategies/params.h"

namespace dealer::strategies {
namespace {

constexpr auto kMaxBookAge = std::chrono::hours(24);

bool resting(engine::OrderState s) {
  return s == engine::OrderState::kOpen || s == engine::OrderState::kPartiallyFilled;
}

}  // namespace

// The best price on one side of the book at which others rest: not our resting quotes (the book knows
// them), nor those that settled after the snapshot was taken (the snapshot may still show them).
std::optional<Price> MarketMaker::best_of_others(const engine::Book& book, Side side) const {
  for (const DepthLevel& level : side == Side::kBid ? book.bids() : book.asks()) {
    Amount others = book.others_at(side, level.price);
    for (const engine::OwnQuote& q : gone_) {
      if (q.side == side && q.price == level.price) others -= q.remaining;
    }
    if (others > Amount(0)) return level.price;
  }
  return std::nullopt;
}

std::unique_ptr<engine::Strategy> MarketMaker::create(const StrategySpec& spec) {
  const config::Node& n = spec.node;
  n.allow_keys({"id", "strategy", "pair", "amount", "spread", "requote_threshold", "skew", "max_inventory",
                "book_max_age"});
  MarketMakerParams p;
  p.amount = positive_amount(n["amount"], spec.pair);
  p.spread = positive_price(n["spread"], spec.pair);
  if (p.spread < Price(2)) n["spread"].fail("must be at least two units of the quote currency");
  p.requote_threshold = price_or(n["requote_threshold"], spec.pair, Price(p.spread.raw() / 2));
  p.skew = price_or(n["skew"], spec.pair, Price(0));
  p.max_inventory = positive_amount(n["max_inventory"], spec.pair);
  if (p.max_inventory < p.amount) {
    n["max_inventory"].fail("must be at least `amount` (" + spec.pair.format_amount(p.amount) +
                            "), or no quote could ever be placed");
  }
  // The largest shift the skew can cause must fit the price type (it is computed at every requote).
  if (!cost_of(p.skew, p.max_inventory + p.amount, spec.pair.item.decimals())) {
    n["skew"].fail("times max_inventory does not fit a price");
  }
  p.book_max_age =
      n["book_max_age"].duration(std::chrono::milliseconds(1), kMaxBookAge,
                                 std::chrono::duration_cast<std::chrono::milliseconds>(p.book_max_age));
  return std::make_unique<MarketMaker>(spec.id, spec.pair, p);
}

MarketMaker::MarketMaker(std::string id, engine::Pair pair, MarketMakerParams params)
    : Strategy(std::move(id), pair), params_(params) {}

std::optional<QuotePrices> MarketMaker::prices(const engine::StrategyContext& ctx) const {
  const engine::Book& book = ctx.book();
  std::optional<Price> best_bid, best_ask;
  if (!book.stale(ctx.now(), params_.book_max_age)) {
    best_bid = best_of_others(book, Side::kBid);
    best_ask = best_of_others(book, Side::kAsk);
  }
  QuotePrices q;
  if (best_bid && best_ask) {
    q.mid = Price((best_bid->raw() + best_ask->raw()) / 2);  // rounded down to the quote unit
    q.from_book = true;
  } else {
    const std::optional<Price> last = ctx.last_price();
    if (!last) return std::nullopt;
    q.mid = *last;
    best_bid = best_ask = last;  // no book: the last trade price is the only reference for crossing
  }
  // skew x inventory in quote units, half away from zero; it fits (checked against max_inventory),
  // unless the inventory went past max_inventory by fills the strategy did not ask for.
  auto shift = cost_of(params_.skew, inventory_, pair().item.decimals());
  if (!shift) throw std::runtime_error("inventory skew overflows: " + shift.error().message);
  q.bid = q.mid - Price(params_.spread.raw() / 2) - Price(shift->raw());
  q.ask = q.bid + params_.spread;
  q.bid = std::min(q.bid, *best_ask - Price(1));
  q.ask = std::max(q.ask, *best_bid + Price(1));
  return q;
}

void MarketMaker::on_trades(engine::StrategyContext& ctx, std::span<const Trade>) { update(ctx); }
void MarketMaker::on_book(engine::StrategyContext& ctx) { update(ctx); }
void MarketMaker::on_timer(engine::StrategyContext& ctx) { update(ctx); }

void MarketMaker::on_order(engine::StrategyContext& ctx, const engine::OrderRecord& order, const Error*) {
  count_fills(ctx, order);
  update(ctx);
}

void MarketMaker::on_fill(engine::StrategyContext& ctx, const engine::OrderRecord& order,
                          const engine::Fill&) {
  count_fills(ctx, order);
  update(ctx);
}

void MarketMaker::on_stop(engine::StrategyContext& ctx) { cancel_quotes(ctx, "stopping"); }

// Counts what the order filled since last seen. Only orders this strategy placed (or restored from its
// state) count, each until it settles: a late notice of a settled order is not counted twice.
void MarketMaker::count_fills(engine::StrategyContext& ctx, const engine::OrderRecord& order) {
  auto it = filled_seen_.find(order.client_id);
  if (it == filled_seen_.end()) return;
  const Amount delta = order.filled - it->second;
  it->second = order.filled;
  inventory_ += order.side == Side::kBid ? delta : -delta;
  if (delta > Amount(0)) {
    requote_why_ = std::string(order.side == Side::kBid ? "bid" : "ask") + " " +
                   std::to_string(order.client_id) + " filled " + pair().format_amount(delta);
  }
  if (!engine::is_terminal(order.state)) return;
  filled_seen_.erase(it);
  gone_latest_ = ctx.now();
  // Its whole amount: the snapshot may have been taken before any of its fills.
  gone_.push_back(engine::OwnQuote{order.side, order.price, order.amount});
}

void MarketMaker::update(engine::StrategyContext& ctx) {
  bool pending = false, live = false;
  for (const engine::OrderRecord* o : ctx.orders()) (resting(o->state) ? live : pending) = true;
  if (ctx.halted()) {
    if (live) cancel_quotes(ctx, "halted: quotes are not left resting unattended");
    return;
  }
  if (pending) return;  // a place or cancel is out: decide once it is answered
  // A snapshot newer than all of them no longer shows them; a stale book is not used (a backtest's
  // never is: this keeps the list short).
  const engine::Book& book = ctx.book();
  if (!gone_.empty() && (book.updated() > gone_latest_ || book.stale(ctx.now(), params_.book_max_age))) {
    gone_.clear();
  }
  const std::optional<QuotePrices> q = prices(ctx);
  if (!q) {
    // No mid yet (e.g. just restarted): nothing to quote, but outdated quotes still go.
  } else if (!quoted_mid_) {
    if (requote_why_.empty()) requote_why_ = "first quote";
  } else if (requote_why_.empty()) {
    const Price moved = q->mid > *quoted_mid_ ? q->mid - *quoted_mid_ : *quoted_mid_ - q->mid;
    if (moved > params_.requote_threshold) {
      requote_why_ = "mid moved " + pair().format_price(moved) + " from " +
                     pair().format_price(*quoted_mid_) + ", more than " +
                     pair().format_price(params_.requote_threshold);
    }
  }
  if (requote_why_.empty()) return;
  // The new pair goes out once the old one is gone (update runs again on each cancel's answer).
  if (live) return cancel_quotes(ctx, "requote: " + requote_why_);
  if (q) place_quotes(ctx, *q);
}

void MarketMaker::cancel_quotes(engine::StrategyContext& ctx, std::string_view reason) {
  std::vector<engine::ClientId> ids;
  for (const engine::OrderRecord* o : ctx.orders()) {
    if (resting(o->state)) ids.push_back(o->client_id);
  }
  for (engine::ClientId id : ids) (void)ctx.cancel(id, reason);
}

void MarketMaker::place_quotes(engine::StrategyContext& ctx, const QuotePrices& q) {
  const engine::Pair p = pair();
  const std::string why = requote_why_ + "; mid " + p.format_price(q.mid) +
                          (q.from_book ? " (book)" : " (last trade)") + ", inventory " +
                          p.format_amount(inventory_);
  quoted_mid_ = q.mid;
  requote_why_.clear();
  auto quote = [&](Side side, Price price, Amount after) {
    const char* name = side == Side::kBid ? "bid" : "ask";
    bool& held = side_held_[side == Side::kBid ? 0 : 1];
    const bool hold = after > params_.max_inventory || after < -params_.max_inventory;
    if (hold && !held) {
      ctx.decide(std::string(name) + " not quoted: a fill would take the inventory to " +
                 p.format_amount(after) + ", past max_inventory " + p.format_amount(params_.max_inventory) +
                 " (until the inventory comes back)");
    }
    held = hold;
    if (hold) return;
    if (price <= Price(0)) {
      ctx.decide(std::string(name) + " not quoted: its price " + p.format_price(price) + " is not positive");
      return;
    }
    auto placed = ctx.place(side, price, params_.amount, std::string(name) + ": " + why);
    if (placed) filled_seen_[*placed] = Amount(0);
    // A refusal is already a decision of the core; it is retried at the next requote, not before.
  };
  quote(Side::kBid, q.bid, inventory_ + params_.amount);
  quote(Side::kAsk, q.ask, inventory_ - params_.amount);
}

std::string MarketMaker::save_state() const {
  std::string out = "inventory " + std::to_string(inventory_.raw()) + "\n";
  if (quoted_mid_) out += "mid " + std::to_string(quoted_mid_->raw()) + "\n";
  for (const auto& [id, filled] : filled_seen_) {
    out += "order " + std::to_string(id) + " " + std::to_string(filled.raw()) + "\n";
  }
  return out;
}

std::string MarketMaker::describe_state() const {
  const engine::Pair p = pair();
  std::string out = "inventory " + format_units_trimmed(inventory_.raw(), p.item.decimals()) + " " +
                    std::string(p.item.code());
  out += quoted_mid_ ? ", quoting around " + format_units_trimmed(quoted_mid_->raw(), p.quote.decimals()) +
                           " " + std::string(p.quote.code())
                     : ", not quoting";
  return out + ", " + std::to_string(filled_seen_.size()) + " orders followed";
}

Status MarketMaker::load_state(std::string_view text) {
  Amount inventory;
  std::optional<Price> mid;
  std::map<engine::ClientId, Amount> seen;
  std::istringstream in{std::string(text)};
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    std::istringstream fields(line);
    std::string key;
    int64_t a = 0, b = 0;
    fields >> key >> a;
    const bool two = key == "order";
    if (two) fields >> b;
    std::string rest;
    if (!fields || (fields >> rest) || (key != "inventory" && key != "mid" && !two)) {
      return make_error(Errc::kParse, "market_maker state line \"" + line +
                                          "\" is not \"inventory N\", \"mid N\" or \"order ID FILLED\"");
    }
    if (key == "inventory") inventory = Amount(a);
    if (key == "mid") mid = Price(a);
    if (two) seen[a] = Amount(b);
  }
  inventory_ = inventory;
  quoted_mid_ = mid;
  filled_seen_ = std::move(seen);
  requote_why_.clear();
  return {};
}

}  // namespace dealer::strategies
