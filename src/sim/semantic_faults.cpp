#include "sim/semantic_faults.h"

#include <algorithm>

#include "exchange/mtgox/codec.h"
#include "exchange/mtgox/convert.h"

namespace dealer::sim {
namespace {

enum Kind : size_t {
  kNegativePrice,
  kTinyPrice,
  kCrossedDepth,
  kUnsortedDepth,
  kRepeatedTid,
  kBackwardTid,
  kOverstatedFill,
  kBalanceJump,
  kDeniedOrder,
};

constexpr SemanticShare kShares[] = {
    {"negative_price_percent", &FaultConfig::negative_price_percent, "trades"},
    {"tiny_price_percent", &FaultConfig::tiny_price_percent, "trades"},
    {"crossed_depth_percent", &FaultConfig::crossed_depth_percent, "depth, fulldepth"},
    {"unsorted_depth_percent", &FaultConfig::unsorted_depth_percent, "depth, fulldepth"},
    {"repeated_tid_percent", &FaultConfig::repeated_tid_percent, "trades"},
    {"backward_tid_percent", &FaultConfig::backward_tid_percent, "trades"},
    {"overstated_fill_percent", &FaultConfig::overstated_fill_percent, "order/result"},
    {"balance_jump_percent", &FaultConfig::balance_jump_percent, "info"},
    {"denied_order_percent", &FaultConfig::denied_order_percent, "order/add"},
};

constexpr int64_t kDrawRange = 100'000'000;  // a draw in millionths of a percent, as sim/faults.cpp
constexpr int64_t kBalanceFactor = 1000;

// Decodes a wrapped success answer as W, lets `change` alter it (false: nothing it could change) and
// encodes it again; any other answer is returned as it was. Whether it changed goes to `changed`.
template <class W, class F>
net::HttpResponse rewritten(net::HttpResponse r, bool& changed, F change) {
  changed = false;
  if (r.status != 200) return r;
  auto wire = mtgox::decode_response<W>(r.body);
  if (!wire || !change(*wire)) return r;
  r.body = mtgox::encode_response(*wire);
  changed = true;
  return r;
}

void set_price(mtgox::Trade& t, int64_t raw) {
  t.price_int = Price(raw);
  t.price = Decimal(raw, t.price_currency.decimals()).normalized();
}

// The float twin is only text that no client reads (mtgox/wire.h); five decimals, as USD and EUR.
void set_price(mtgox::DepthLevel& l, int64_t raw) {
  l.price_int = Price(raw);
  l.price = mtgox::FloatText{format_units_trimmed(raw, 5)};
}

int64_t negated(int64_t raw) { return raw > 0 ? -raw : -1; }

}  // namespace

std::span<const SemanticShare> semantic_shares() { return kShares; }

bool SemanticFaults::drawn(const FaultConfig& config, size_t share) {
  const Decimal& percent = config.*kShares[share].field;
  if (percent == Decimal(0, 0)) return false;  // no draw: the other faults' sequence stays as it was
  return std::uniform_int_distribution<int64_t>(0, kDrawRange - 1)(rng_) < *percent.to_units_rounded(6);
}

bool SemanticFaults::denies_order(const FaultConfig& config) {
  if (!drawn(config, kDeniedOrder)) return false;
  ++injected_[kDeniedOrder];
  return true;
}

net::HttpResponse SemanticFaults::rewrite(const FaultConfig& config, std::string_view endpoint,
                                          net::HttpResponse r) {
  // Which item of a list a fault hits.
  auto pick = [this](size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(rng_); };
  auto apply = [&](size_t kind, auto&& step) {
    if (!drawn(config, kind)) return;
    bool changed = false;
    r = step(std::move(r), changed);
    if (changed) ++injected_[kind];
  };
  using Trades = std::vector<mtgox::Trade>;
  if (endpoint == "trades") {
    apply(kNegativePrice, [&](net::HttpResponse in, bool& changed) {
      return rewritten<Trades>(std::move(in), changed, [&](Trades& ts) {
        if (ts.empty()) return false;
        mtgox::Trade& t = ts[pick(ts.size())];
        set_price(t, negated(t.price_int.raw()));
        return true;
      });
    });
    apply(kTinyPrice, [&](net::HttpResponse in, bool& changed) {
      return rewritten<Trades>(std::move(in), changed, [&](Trades& ts) {
        if (ts.empty()) return false;
        set_price(ts[pick(ts.size())], 1);
        return true;
      });
    });
    apply(kRepeatedTid, [&](net::HttpResponse in, bool& changed) {
      return rewritten<Trades>(std::move(in), changed, [&](Trades& ts) {
        if (ts.empty()) return false;
        const size_t i = pick(ts.size());
        ts.insert(ts.begin() + static_cast<std::ptrdiff_t>(i), ts[i]);
        return true;
      });
    });
    apply(kBackwardTid, [&](net::HttpResponse in, bool& changed) {
      return rewritten<Trades>(std::move(in), changed, [&](Trades& ts) {
        if (ts.size() < 2) return false;
        const size_t i = pick(ts.size() - 1);
        if (ts[i].tid == ts[i + 1].tid) return false;
        std::swap(ts[i], ts[i + 1]);
        return true;
      });
    });
  } else if (endpoint == "depth" || endpoint == "fulldepth") {
    apply(kCrossedDepth, [&](net::HttpResponse in, bool& changed) {
      return rewritten<mtgox::Depth>(std::move(in), changed, [&](mtgox::Depth& d) {
        if (d.bids.empty() || d.asks.empty()) return false;
        // MtGox sends bids in ascending order: the last is the best, and above the best ask it stays last.
        set_price(d.bids.back(), d.asks.front().price_int.raw() + 1);
        return true;
      });
    });
    apply(kUnsortedDepth, [&](net::HttpResponse in, bool& changed) {
      return rewritten<mtgox::Depth>(std::move(in), changed, [&](mtgox::Depth& d) {
        if (d.asks.size() < 2) return false;
        std::reverse(d.asks.begin(), d.asks.end());
        return true;
      });
    });
  } else if (endpoint == "order/result") {
    apply(kOverstatedFill, [&](net::HttpResponse in, bool& changed) {
      return rewritten<mtgox::OrderResult>(std::move(in), changed, [&](mtgox::OrderResult& o) {
        auto times = [&](mtgox::Value& v) {
          int64_t raw = 0;
          if (__builtin_mul_overflow(v.value_int, config.overstated_fill_factor, &raw)) return false;
          v = mtgox::make_value(raw, v.currency);
          return true;
        };
        if (o.trades.empty()) return false;
        bool all = times(o.total_amount);
        for (mtgox::OrderTrade& t : o.trades) all = times(t.amount) && all;
        return all;
      });
    });
  } else if (endpoint == "info") {
    apply(kBalanceJump, [&](net::HttpResponse in, bool& changed) {
      return rewritten<mtgox::Info>(std::move(in), changed, [&](mtgox::Info& info) {
        bool any = false;
        for (auto& [code, wallet] : info.Wallets.entries) {
          int64_t raw = 0;
          if (__builtin_mul_overflow(wallet.Balance.value_int, kBalanceFactor, &raw)) continue;
          wallet.Balance = mtgox::make_value(raw, wallet.Balance.currency);
          any = true;
        }
        return any;
      });
    });
  }
  return r;
}

void SemanticFaults::write_counts(JsonWriter& w) const {
  static_assert(std::tuple_size_v<decltype(injected_)> == std::size(kShares));
  constexpr std::string_view kSuffix = "_percent";
  for (size_t i = 0; i < std::size(kShares); ++i) {
    std::string_view name = kShares[i].name;
    name.remove_suffix(kSuffix.size());
    w.key(name);
    w.integer(injected_[i]);
  }
}

}  // namespace dealer::sim
