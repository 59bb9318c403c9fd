#include "strategies/grid.h"

#include <algorithm>
#include <sstream>

#include "strategies/params.h"

namespace dealer::strategies {
namespace {

// Enough for any sensible ladder; more would only be a typo placing thousands of orders.
constexpr int64_t kMaxLevels = 1000;

const char* side_word(Side side) { return side == Side::kBid ? "buy" : "sell"; }

}  // namespace

std::unique_ptr<engine::Strategy> Grid::create(const StrategySpec& spec) {
  const config::Node& n = spec.node;
  n.allow_keys({"id", "strategy", "pair", "lower", "upper", "step", "levels", "amount"});
  const Price lower = positive_price(n["lower"], spec.pair);
  const Price upper = positive_price(n["upper"], spec.pair);
  if (upper <= lower) n["upper"].fail("must be above lower (" + spec.pair.format_price(lower) + ")");
  const Amount amount = positive_amount(n["amount"], spec.pair);
  const config::Node step_node = n["step"], count_node = n["levels"];
  if (static_cast<bool>(step_node) == static_cast<bool>(count_node)) {
    n.fail("give exactly one of `step` (a price distance) and `levels` (a count)");
  }
  const int64_t width = (upper - lower).raw();
  std::vector<Price> levels;
  if (step_node) {
    // lower, lower + step, ... up to the last one not above upper.
    const Price step = positive_price(step_node, spec.pair);
    if (step.raw() > width) step_node.fail("is wider than upper - lower: the grid would have one level");
    if (width / step.raw() + 1 > kMaxLevels)
      step_node.fail("makes more than " + std::to_string(kMaxLevels) + " levels");
    for (Price p = lower; p <= upper; p += step) levels.push_back(p);
  } else {
    // Evenly spread from lower to upper, each rounded down to the quote unit (the ends are exact).
    const int64_t count = count_node.integer(2, kMaxLevels);
    if (width < count - 1) count_node.fail("is more than the quote units between lower and upper");
    // width x i / (count - 1) without overflow: width = q (count - 1) + r, and r x i stays small.
    const int64_t q = width / (count - 1), r = width % (count - 1);
    for (int64_t i = 0; i < count; ++i) levels.push_back(lower + Price(q * i + r * i / (count - 1)));
  }
  return std::make_unique<Grid>(spec.id, spec.pair, std::move(levels), amount);
}

Grid::Grid(std::string id, engine::Pair pair, std::vector<Price> levels, Amount amount)
    : Strategy(std::move(id), pair), levels_(std::move(levels)), amount_(amount) {}

void Grid::on_trades(engine::StrategyContext& ctx, std::span<const Trade> trades) {
  if (cells_.empty()) {
    const Price last = trades.back().price;
    cells_.resize(levels_.size() - 1);
    for (size_t k = 0; k < cells_.size(); ++k) cells_[k].side = levels_[k] < last ? Side::kBid : Side::kAsk;
    ctx.decide("grid set up at last price " + pair().format_price(last) + ": buys below it, sells above");
  }
  place_missing(ctx, "grid level");
}

void Grid::place_missing(engine::StrategyContext& ctx, std::string_view why) {
  if (ctx.halted()) return;
  for (size_t k = 0; k < cells_.size(); ++k) {
    Cell& c = cells_[k];
    if (c.order != 0 || c.blocked) continue;
    auto placed = ctx.place(c.side, price_of(k), amount_, why);
    if (placed) {
      c.order = *placed;
    } else if (placed.error().code == Errc::kAmbiguous) {
      return;  // an order of ours is being reconciled: try again on a later trade
    } else {
      c.blocked = true;  // the core reported the refusal; funds change only when something fills
    }
  }
}

void Grid::on_order(engine::StrategyContext& ctx, const engine::OrderRecord& order, const Error* error) {
  size_t k = 0;
  while (k < cells_.size() && cells_[k].order != order.client_id) ++k;
  if (k == cells_.size()) return;  // not a current order of the grid (or a late notice of one)
  Cell& c = cells_[k];
  const std::string what = std::string(side_word(c.side)) + " " + pair().format_amount(order.amount) +
                           " at " + pair().format_price(order.price) + " (order " +
                           std::to_string(order.client_id) + ")";
  if (order.complete()) {
    c.side = c.side == Side::kBid ? Side::kAsk : Side::kBid;
    c.order = 0;
    for (Cell& other : cells_) other.blocked = false;
    place_missing(ctx, "grid: " + what + " filled; " + side_word(c.side) + " one step " +
                           (c.side == Side::kAsk ? "up" : "down") + " at " +
                           pair().format_price(price_of(k)));
  } else if (order.state == engine::OrderState::kRejected || order.state == engine::OrderState::kCancelled) {
    c.order = 0;
    c.blocked = order.state == engine::OrderState::kRejected;
    ctx.decide("grid: " + what + " ended " + std::string(engine::to_string(order.state)) + " with " +
               pair().format_amount(order.filled) + " filled" +
               (error ? " (" + error->describe() + ")" : "") +
               (c.blocked ? "; placed again once another order of the grid fills"
                          : "; placed again on the next trade"));
  }
}

void Grid::on_fill(engine::StrategyContext& ctx, const engine::OrderRecord& order, const engine::Fill&) {
  on_order(ctx, order, nullptr);
}

std::string Grid::shape() const {
  return "grid " + std::to_string(levels_.front().raw()) + " " + std::to_string(levels_.back().raw()) + " " +
         std::to_string(levels_.size());
}

std::string Grid::save_state() const {
  std::string out = shape() + "\n";
  for (size_t k = 0; k < cells_.size(); ++k) {
    out += "cell " + std::to_string(k) + " " + side_word(cells_[k].side) + " " +
           std::to_string(cells_[k].order) + "\n";
  }
  return out;
}

std::string Grid::describe_state() const {
  if (cells_.empty()) return "waiting for the first trade to set the sides";
  const engine::Pair p = pair();
  std::string out;
  for (size_t k = 0; k < cells_.size(); ++k) {
    out +=
        (k == 0 ? "" : ", ") + std::string(cells_[k].side == Side::kBid ? "buy " : "sell ") +
        format_units_trimmed(price_of(k).raw(), p.quote.decimals()) +
        (cells_[k].order == 0 ? std::string(" (none)") : " (order " + std::to_string(cells_[k].order) + ")");
  }
  return out;
}

Status Grid::load_state(std::string_view text) {
  std::istringstream in{std::string(text)};
  std::string line;
  if (!std::getline(in, line) || line.empty()) return {};  // nothing saved yet
  if (line != shape()) {
    return make_error(Errc::kConfig, "the grid's levels changed since its state was saved (saved \"" + line +
                                         "\", configured \"" + shape() +
                                         "\"): give the new grid a new id to start it afresh");
  }
  std::vector<Cell> cells(levels_.size() - 1);
  std::vector<bool> seen(cells.size());
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    std::istringstream fields(line);
    std::string key, side, rest;
    size_t k = 0;
    engine::ClientId order = -1;
    fields >> key >> k >> side >> order;
    if (!fields || (fields >> rest) || key != "cell" || k >= cells.size() || seen[k] || order < 0 ||
        (side != "buy" && side != "sell")) {
      return make_error(Errc::kParse, "grid state line \"" + line + "\" is not \"cell K buy|sell ORDER\"");
    }
    seen[k] = true;
    cells[k].side = side == "buy" ? Side::kBid : Side::kAsk;
    cells[k].order = order;
  }
  if (std::find(seen.begin(), seen.end(), false) != seen.end()) {
    return make_error(Errc::kParse, "grid state lists " +
                                        std::to_string(std::count(seen.begin(), seen.end(), true)) +
                                        " of its " + std::to_string(cells.size()) + " cells");
  }
  cells_ = std::move(cells);
  return {};
}

}  // namespace dealer::strategies
