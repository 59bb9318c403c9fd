// Thousands of seeded random event sequences through the order manager against a small model of the
// exchange (the independent computation): after every step the invariants hold, and after a
// reconciliation snapshot taken past the ambiguity window the manager's view equals the exchange's.
// Restarts are among the steps: the process dies (answers in flight are lost), and a new manager is
// restored from what the old one asked to persist, as the live driver restores from SQLite. Lies are
// among them too (issue 18): an order/result that claims, under a true trade id of a named order, more
// than the order's amount, the other side, or a price beyond its limit, alone or before the truth. No
// lie may move the position or reach the history, and the manager's position is always what the fills
// it wrote add up to; once the liar is quiet, everything converges as before.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>

#include "engine/engine_test_support.h"
#include "engine/order_manager.h"
#include "support/test_support.h"

namespace dealer::engine {
namespace {

using dealer::testing::at_s;

// The exchange's truth about one order.
struct ExchangeOrder {
  ClientId client_id = 0;  // which of ours it is (the manager is never told this for ambiguous ones)
  Side side = Side::kBid;
  Price price;
  Amount amount;
  Amount filled;
  bool open = true;
  int64_t date = 0;
};

class Model {
 public:
  explicit Model(std::mt19937_64& rng) : rng_(rng) {}

  void step() {
    switch (pick(0, 11)) {
      case 0:
      case 1:
        place();
        break;
      case 2:
      case 3:
        fill_something();
        break;
      case 4:
        cancel_something();
        break;
      case 5:
        answer_something();
        break;
      case 6:
        close_silently();
        break;
      case 7:
        deliver_or_duplicate_fill();
        break;
      case 8:
        reconcile();
        break;
      case 9:
        now_ += pick(1, 20);
        break;
      case 10:
        lie_about_a_fill();
        break;
      default:
        if (pick(0, 2) == 0) restart();
        break;
    }
    check_invariants();
  }

  // A snapshot long after everything settled: the views must agree.
  void converge() {
    lies_.clear();  // the liar is quiet now
    while (!unanswered_.empty()) answer_something();
    now_ += 120;
    reconcile();
    check_invariants();
    check_converged();
  }

 private:
  int pick(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }

  void place() {
    // Few distinct prices and amounts, so ambiguous orders often look alike.
    const Side side = pick(0, 1) == 0 ? Side::kBid : Side::kAsk;
    const Price price(1'000'000 + 100'000 * pick(0, 2));
    const Amount amount(100'000'000 * pick(1, 3));
    const ClientId id =
        manager_.place(at_s(now_), "s", testing::kBtcUsd, side, price, amount, "random", out_).client_id;
    unanswered_.push_back(id);
    // The exchange may or may not have received it; the answer comes later.
    if (pick(0, 3) != 0) {
      ExchangeOrder o{id, side, price, amount, Amount(0), true, now_};
      exchange_["ex" + std::to_string(id)] = o;
    }
  }

  void answer_something() {
    if (unanswered_.empty()) return;
    const size_t i = pick(0, static_cast<int>(unanswered_.size()) - 1);
    const ClientId id = unanswered_[i];
    unanswered_.erase(unanswered_.begin() + i);
    const std::string ex = "ex" + std::to_string(id);
    const bool landed = exchange_.contains(ex);
    const int kind = pick(0, 2);
    if (landed && kind != 0) {
      manager_.on_placed(at_s(now_), id, ex, out_);
    } else if (!landed && kind == 1) {
      manager_.on_place_rejected(at_s(now_), id, make_error(Errc::kExchange, "no"), out_);
    } else {
      manager_.on_place_ambiguous(at_s(now_), id, make_error(Errc::kAmbiguous, "lost"), out_);
    }
  }

  ExchangeOrder* random_open(std::string* id_out) {
    std::vector<std::string> open;
    for (auto& [id, o] : exchange_) {
      if (o.open) open.push_back(id);
    }
    if (open.empty()) return nullptr;
    *id_out = open[pick(0, static_cast<int>(open.size()) - 1)];
    return &exchange_[*id_out];
  }

  void fill_something() {
    std::string id;
    ExchangeOrder* o = random_open(&id);
    if (o == nullptr) return;
    const Amount left = o->amount - o->filled;
    const Amount part = pick(0, 1) == 0 ? left : Amount(std::max<int64_t>(1, left.raw() / pick(2, 4)));
    o->filled += part;
    if (o->filled == o->amount) o->open = false;
    Fill f;
    f.trade_id = "t" + std::to_string(++trade_seq_);
    f.order_id = id;
    f.side = o->side;
    f.price = o->price;
    f.amount = part;
    f.time = at_s(now_);
    own_trades_.push_back(f);
    if (pick(0, 1) == 0) manager_.on_fill(at_s(now_), f, out_);  // else only a reconciliation shows it
  }

  // A claim about a true fill of an order the manager knows by its exchange id (order/result is asked
  // only of those) that cannot be true; given now or kept for the reconciliations, before the truth.
  void lie_about_a_fill() {
    if (own_trades_.empty()) return;
    const Fill& truth = own_trades_[pick(0, static_cast<int>(own_trades_.size()) - 1)];
    const ExchangeOrder& o = exchange_.at(truth.order_id);
    const OrderRecord* known = manager_.find(o.client_id);
    if (known == nullptr || known->exchange_id != truth.order_id) return;
    Fill lie = truth;
    lie.client_id = o.client_id;
    switch (pick(0, 2)) {
      case 0:
        lie.amount = o.amount + truth.amount;  // more than the whole order
        break;
      case 1:
        lie.side = o.side == Side::kBid ? Side::kAsk : Side::kBid;
        break;
      default:  // beyond the limit: a buy dearer, a sell cheaper
        lie.price = Price(o.price.raw() + (o.side == Side::kBid ? 1 : -1) * pick(1, 1000));
        break;
    }
    if (pick(0, 1) == 0) {
      manager_.on_fill(at_s(now_), lie, out_);
    } else {
      lies_.push_back(lie);
    }
  }

  void deliver_or_duplicate_fill() {
    if (own_trades_.empty()) return;
    manager_.on_fill(at_s(now_), own_trades_[pick(0, static_cast<int>(own_trades_.size()) - 1)], out_);
  }

  void cancel_something() {
    std::vector<ClientId> cancellable;
    for (const auto& [id, o] : manager_.orders()) {
      if (o.state == OrderState::kOpen || o.state == OrderState::kPartiallyFilled) cancellable.push_back(id);
    }
    if (cancellable.empty()) return;
    const ClientId id = cancellable[pick(0, static_cast<int>(cancellable.size()) - 1)];
    ASSERT_TRUE(manager_.cancel(at_s(now_), id, "random", out_).ok());
    const std::string ex = manager_.find(id)->exchange_id;
    if (pick(0, 2) == 0) fill_something();  // a fill may race the cancel
    ExchangeOrder& o = exchange_.at(ex);
    if (o.open) {
      o.open = false;
      if (pick(0, 3) != 0) manager_.on_cancelled(at_s(now_), id, out_);  // else the answer is lost
    } else {
      manager_.on_cancel_failed(at_s(now_), id, make_error(Errc::kExchange, "order not found"), out_);
    }
  }

  // The exchange (or a person) closes an order; nobody tells us. Not a partly filled order the manager
  // has never bound: its fills would be indistinguishable from a complete fill of another order of
  // that amount, for the manager as for a person (the documented limitation of matching).
  void close_silently() {
    std::string id;
    ExchangeOrder* o = random_open(&id);
    if (o == nullptr || pick(0, 3) != 0) return;
    const OrderRecord* known = manager_.find(o->client_id);
    if (o->filled.raw() == 0 || (known != nullptr && known->exchange_id == id)) o->open = false;
  }

  void reconcile() {
    std::vector<Order> open;
    for (const auto& [id, o] : exchange_) {
      if (!o.open) continue;
      Order row;
      row.id = id;
      row.side = o.side;
      row.price = o.price;
      row.amount = o.amount - o.filled;
      row.date = o.date;
      open.push_back(row);
    }
    // Own trades are fetched after the open orders, so they include every fill of an order that is
    // no longer open.
    // order/result's lies first, as the driver lists order/result's fills before the own trades; only
    // of orders the manager knows by exchange id (others are not asked about).
    std::vector<Fill> trades;
    for (const Fill& lie : lies_) {
      const OrderRecord* known = manager_.find(lie.client_id);
      if (known != nullptr && known->exchange_id == lie.order_id && pick(0, 1) == 0) trades.push_back(lie);
    }
    trades.insert(trades.end(), own_trades_.begin(), own_trades_.end());
    manager_.on_reconcile(at_s(now_), open, trades, out_);
  }

  // A crash and a start-up: the order and fill rows the manager asked for are durable (the driver
  // writes before it sends); the answers the dead process was waiting for are lost. The restored
  // manager's own requests are carried out: a cancel it repeats, a reconciliation it asks for.
  void restart() {
    std::vector<OrderRecord> rows;
    for (const auto& [id, o] : stored_orders_) rows.push_back(o);
    manager_ = OrderManager(kConfig);
    unanswered_.clear();
    now_ += pick(1, 100);
    manager_.restore(at_s(now_), rows, stored_fills_, next_stored_id_, out_);
    bool reconcile_asked = false;
    const Effects asked = out_;
    for (const Effect& e : asked) {
      if (const auto* c = std::get_if<SendCancel>(&e)) {
        ExchangeOrder& o = exchange_.at(c->exchange_id);
        if (o.open) {
          o.open = false;
          manager_.on_cancelled(at_s(now_), c->client_id, out_);
        } else {
          manager_.on_cancel_failed(at_s(now_), c->client_id, make_error(Errc::kExchange, "not found"), out_);
        }
      }
      reconcile_asked |= std::holds_alternative<RequestReconcile>(e);
    }
    if (reconcile_asked) reconcile();
  }

  // What the driver would write: the latest row of each order, each fill once.
  void persist(const Effects& effects) {
    for (const Effect& e : effects) {
      if (const auto* o = std::get_if<PersistOrder>(&e)) {
        stored_orders_[o->order.client_id] = o->order;
        next_stored_id_ = std::max(next_stored_id_, o->order.client_id + 1);
      } else if (const auto* f = std::get_if<PersistFill>(&e)) {
        Fill fill = f->fill;
        fill.client_id = f->client_id;
        stored_fills_.push_back(fill);
      }
    }
  }

  void check_invariants() {
    persist(out_);
    // What the history holds is true, and is the manager's position.
    int64_t written = 0;
    for (const Fill& f : stored_fills_) {
      const auto truth = std::find_if(own_trades_.begin(), own_trades_.end(), [&](const Fill& t) {
        return t.trade_id == f.trade_id && t.order_id == f.order_id;
      });
      ASSERT_NE(truth, own_trades_.end()) << "fill " << f.trade_id << " was never made";
      ASSERT_EQ(f.amount, truth->amount) << "fill " << f.trade_id;
      ASSERT_EQ(f.side, truth->side) << "fill " << f.trade_id;
      ASSERT_EQ(f.price, truth->price) << "fill " << f.trade_id;
      ASSERT_GT(f.amount.raw(), 0);
      written += f.side == Side::kBid ? f.amount.raw() : -f.amount.raw();
    }
    ASSERT_EQ(manager_.position(Currency::btc()), written);
    for (const auto& [id, o] : manager_.orders()) {
      ASSERT_GT(o.amount.raw(), 0);
      ASSERT_GE(o.filled.raw(), 0);
      ASSERT_LE(o.filled, o.amount) << "order " << id;
      ASSERT_LE(static_cast<int>(o.state), static_cast<int>(OrderState::kAmbiguous));
      auto prev = last_state_.find(id);
      if (prev != last_state_.end() && is_terminal(prev->second)) {
        ASSERT_EQ(o.state, prev->second) << "order " << id << " left a terminal state";
      }
      last_state_[id] = o.state;
      // The filled amount is what the fills the manager was given add up to, by the exchange's books.
      if (!o.exchange_id.empty()) {
        const ExchangeOrder& truth = exchange_.at(o.exchange_id);
        ASSERT_LE(o.filled, truth.filled);
        ASSERT_EQ(o.side, truth.side);
      }
    }
    out_.clear();
    manager_.notices().clear();
  }

  void check_converged() {
    std::map<std::string, ClientId> bound;
    for (const auto& [id, o] : manager_.orders()) {
      if (o.exchange_id.empty()) {
        ASSERT_EQ(o.state, OrderState::kRejected) << "order " << id << " never reached the exchange";
        continue;
      }
      ASSERT_TRUE(bound.emplace(o.exchange_id, id).second) << o.exchange_id << " bound twice";
      const ExchangeOrder& truth = exchange_.at(o.exchange_id);
      ASSERT_EQ(o.filled, truth.filled) << "order " << id;
      ASSERT_EQ(o.price, truth.price);
      ASSERT_EQ(o.amount, truth.amount);
      if (truth.open) {
        ASSERT_TRUE(o.state == OrderState::kOpen || o.state == OrderState::kPartiallyFilled ||
                    o.state == OrderState::kCancelling)
            << "order " << id << " is " << to_string(o.state);
      } else if (truth.filled == truth.amount) {
        ASSERT_EQ(o.state, OrderState::kFilled) << "order " << id;
      } else {
        ASSERT_EQ(o.state, OrderState::kCancelled) << "order " << id;
      }
    }
    // Every order that reached the exchange is known, except an ambiguous one closed unfilled before a
    // snapshot saw it open: as good as never placed (its order is rejected).
    int64_t position = 0;
    for (const auto& [ex, truth] : exchange_) {
      position += truth.side == Side::kBid ? truth.filled.raw() : -truth.filled.raw();
      if (bound.contains(ex)) continue;
      ASSERT_FALSE(truth.open) << ex << " is open but unknown";
      ASSERT_EQ(truth.filled.raw(), 0) << ex << " has fills but is unknown";
    }
    ASSERT_EQ(manager_.position(Currency::btc()), position) << "the position is not the exchange's";
  }

  std::mt19937_64& rng_;
  static constexpr OrderManagerConfig kConfig{std::chrono::seconds(60), std::chrono::seconds(30)};
  OrderManager manager_{kConfig};
  std::map<ClientId, OrderRecord> stored_orders_;
  std::vector<Fill> stored_fills_;
  ClientId next_stored_id_ = 1;
  Effects out_;
  std::map<std::string, ExchangeOrder> exchange_;
  std::vector<Fill> own_trades_;
  std::vector<Fill> lies_;  // order/result's false claims, repeated by the reconciliations
  std::vector<ClientId> unanswered_;
  std::map<ClientId, OrderState> last_state_;
  int64_t now_ = 1'000;
  int trade_seq_ = 0;
};

TEST(OrderManagerProperty, RandomSequencesKeepInvariantsAndConvergeAfterReconciliation) {
  std::mt19937_64 rng = dealer::testing::seeded_rng();
  for (int sequence = 0; sequence < 3000; ++sequence) {
    SCOPED_TRACE("sequence " + std::to_string(sequence));
    Model model(rng);
    const int steps = std::uniform_int_distribution<int>(5, 60)(rng);
    for (int i = 0; i < steps; ++i) {
      model.step();
      if (::testing::Test::HasFatalFailure()) return;
    }
    model.converge();
    if (::testing::Test::HasFatalFailure()) return;
  }
}

}  // namespace
}  // namespace dealer::engine
