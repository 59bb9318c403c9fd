#include "market/trade_file.h"

#include <iterator>
#include <optional>

#include "core/decimal.h"
#include "core/money.h"
#include "market/line_reader.h"

namespace dealer {
namespace {

constexpr std::string_view kMtGoxHeader = "id,price,amount,type";

// Splits "a,b,c" into exactly `n` fields.
bool split_fields(std::string_view line, std::string_view* out, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    const size_t comma = line.find(',');
    if ((comma == std::string_view::npos) != (i == n - 1)) return false;
    out[i] = line.substr(0, comma);
    line = comma == std::string_view::npos ? std::string_view{} : line.substr(comma + 1);
  }
  return true;
}

// The plain form every recorded tape uses ("13.51001", "36.87430786", "1361"): digits, an optional '.'
// with 1..`decimals` digits after it, at most 18 digits in all, straight to units in one pass, from the
// start of `text` to the first character that is not part of it. Returns how many characters it took,
// 0 for anything else (a sign, more places, too many digits), which then goes to the exact general
// parser; that gives the same value for the plain form, so the fast path never changes a result.
size_t plain_prefix(std::string_view text, int decimals, int64_t* units) {
  constexpr size_t kMaxDigits = 18;  // 10^18 - 1 < 2^63: no overflow before the scaling
  uint64_t value = 0;
  size_t i = 0;
  const size_t n = text.size();
  for (; i < n && static_cast<unsigned char>(text[i] - '0') < 10; ++i) value = value * 10 + (text[i] - '0');
  size_t digits = i;
  if (digits == 0) return 0;
  int places = 0;
  if (i < n && text[i] == '.') {
    const size_t first = ++i;
    for (; i < n && static_cast<unsigned char>(text[i] - '0') < 10; ++i) value = value * 10 + (text[i] - '0');
    places = static_cast<int>(i - first);
    digits += i - first;
    if (places == 0 || places > decimals) return 0;
  }
  if (digits > kMaxDigits) return 0;
  if (__builtin_mul_overflow(static_cast<int64_t>(value), pow10(decimals - places), units)) return 0;
  return i;
}

std::optional<int64_t> plain_units(std::string_view text, int decimals) {
  int64_t units = 0;
  if (text.empty() || plain_prefix(text, decimals, &units) != text.size()) return std::nullopt;
  return units;
}

Result<int64_t> units(std::string_view text, int decimals) {
  if (auto v = plain_units(text, decimals)) return *v;
  return parse_units(text, decimals);
}

Result<int64_t> integer(std::string_view text) {
  if (auto v = plain_units(text, 0)) return *v;
  return parse_int64(text);
}

// One CSV line as a trade, or what is wrong with it. `previous` is the last good trade (tick rule,
// same-second counter).
class CsvLineParser {
 public:
  CsvLineParser(Currency currency, bool mtgox)
      : currency_(currency),
        price_decimals_(currency.decimals()),
        amount_decimals_(Currency::btc().decimals()),
        mtgox_(mtgox) {}

  Result<Trade> parse(std::string_view line, const Trade* previous) {
    int64_t first = 0, price = 0, amount = 0;  // first: MtGox's tid, bitcoincharts' seconds
    std::string_view type;
    if (!plain_line(line, first, price, amount, type)) {
      // The general path: the same values for what the plain scan took, or what is wrong.
      std::string_view f[4];
      if (!split_fields(line, f, mtgox_ ? 4 : 3))
        return fail(mtgox_ ? "expected id,price,amount,type" : "expected unix_seconds,price,amount");
      auto p = units(f[1], price_decimals_);
      if (!p) return fail("price: " + p.error().message);
      auto a = units(f[2], amount_decimals_);
      if (!a) return fail("amount: " + a.error().message);
      auto id = integer(f[0]);
      if (!id) return fail(std::string(mtgox_ ? "id: " : "unix_seconds: ") + id.error().message);
      first = *id;
      price = *p;
      amount = *a;
      type = f[3];
    }
    return trade_of(first, price, amount, type, previous);
  }

 private:
  static Error fail(std::string what) { return make_error(Errc::kParse, std::move(what)); }

  // "first,price,amount" (bitcoincharts) or "first,price,amount,type" (MtGox) of plain numbers, in one
  // scan without splitting first; false for any other line, which the general path reads.
  bool plain_line(std::string_view line, int64_t& first, int64_t& price, int64_t& amount,
                  std::string_view& type) const {
    int64_t* const out[3] = {&first, &price, &amount};
    const int decimals[3] = {0, price_decimals_, amount_decimals_};
    size_t at = 0;
    for (int k = 0; k < 3; ++k) {
      const size_t used = plain_prefix(line.substr(at), decimals[k], out[k]);
      if (used == 0) return false;
      at += used;
      if (k == 2 && !mtgox_) return at == line.size();
      if (at >= line.size() || line[at] != ',') return false;
      ++at;
    }
    type = line.substr(at);
    return type.find(',') == std::string_view::npos;
  }

  Result<Trade> trade_of(int64_t first, int64_t price, int64_t amount, std::string_view type,
                         const Trade* previous) const {
    Trade t;
    t.price_currency = currency_;
    t.item = Currency::btc();
    t.properties = "limit";
    t.price = Price(price);
    t.amount = Amount(amount);
    if (mtgox_) {
      t.tid = first;
      t.date = first / 1'000'000;
      if (type == "bid")
        t.side = Side::kBid;
      else if (type == "ask")
        t.side = Side::kAsk;
      else
        return fail("type must be bid or ask");
    } else {
      // The tid is seconds * 1e6 plus an index below 1e6: it must fit int64 (found by fuzz/trade_file),
      // which the sane range does with room to spare.
      if (first < 0 || first > kLastTradeSecond)
        return fail("unix_seconds " + std::to_string(first) + " is outside 0.." +
                    std::to_string(kLastTradeSecond));
      t.date = first;
      const bool same_second = previous && previous->date == t.date;
      t.tid = t.date * 1'000'000 + (same_second ? previous->tid % 1'000'000 + 1 : 0);
      t.side = tick_rule(t.price, previous);
    }
    return t;
  }

  static Side tick_rule(Price price, const Trade* previous) {
    if (!previous) return Side::kBid;
    if (price > previous->price) return Side::kBid;
    if (price < previous->price) return Side::kAsk;
    return previous->side;
  }

  Currency currency_;
  int price_decimals_;   // cached: decimals() is a table look-up per call
  int amount_decimals_;  // the item's, BTC
  bool mtgox_;
};

Result<TradeReadSummary> read_csv_lines(market::LineReader& lines, const std::string& name,
                                        const TradeReadOptions& options, const TradeBatchSink& sink) {
  TradeCollector collector(name, options, sink);
  std::optional<CsvLineParser> parser;
  while (auto line = lines.next()) {
    if (line->empty()) continue;
    if (!parser) {
      parser.emplace(options.currency, *line == kMtGoxHeader);
      if (*line == kMtGoxHeader) continue;
    }
    auto trade = parser->parse(*line, collector.last());
    Status s = trade ? collector.add(std::move(*trade), lines.line_no())
                     : collector.bad_line(lines.line_no(), trade.error().message);
    if (!s) return s.error();
  }
  if (Status s = lines.status(); !s) return s.error();
  return collector.finish();
}

}  // namespace

std::optional<std::string> file_trade_fault(const Trade& t) {
  if (plausible(t.tid, t.date, t.price.raw(), t.amount.raw())) return std::nullopt;
  if (t.price.raw() <= 0)
    return "price " + format_units(t.price.raw(), t.price_currency.decimals()) + " is not above 0";
  if (t.amount.raw() <= 0)
    return "amount " + format_units(t.amount.raw(), t.item.decimals()) + " is not above 0";
  if (t.tid < 0) return "tid " + std::to_string(t.tid) + " is negative";
  return "time " + std::to_string(t.date) + " (unix seconds) is outside 0.." +
         std::to_string(kLastTradeSecond) + " (9999-12-31 23:59:59 UTC)";
}

TradeCollector::TradeCollector(std::string name, const TradeReadOptions& options, const TradeBatchSink& sink)
    : name_(std::move(name)), options_(options), sink_(sink) {
  batch_.reserve(kTradeBatchSize);
}

Status TradeCollector::bad_line(size_t line_no, const std::string& what) {
  Error e = make_error(Errc::kParse, name_ + ":" + std::to_string(line_no) + ": " + what);
  if (options_.strict) return e;
  ++summary_.bad_lines;
  if (options_.on_bad_line) options_.on_bad_line(e);
  return {};
}

Status TradeCollector::add(Trade trade, size_t line_no) {
  if (auto wrong = file_trade_fault(trade)) return bad_line(line_no, *wrong);
  if (const Trade* previous = last(); previous && trade.tid <= previous->tid)
    return bad_line(line_no, "tid " + std::to_string(trade.tid) + " does not increase (the one before is " +
                                 std::to_string(previous->tid) + ")");
  batch_.push_back(std::move(trade));
  return batch_.size() < kTradeBatchSize ? Status{} : flush();
}

Status TradeCollector::flush() {
  if (batch_.empty()) return {};
  summary_.trades += batch_.size();
  last_ = batch_.back();
  has_last_ = true;
  Status s = sink_(batch_);
  batch_.clear();
  return s;
}

Result<TradeReadSummary> TradeCollector::finish() {
  if (Status s = flush(); !s) return s.error();
  return summary_;
}

TradeBatchSink append_to(std::vector<Trade>& out) {
  return [&out](std::span<Trade> batch) {
    out.insert(out.end(), std::make_move_iterator(batch.begin()), std::make_move_iterator(batch.end()));
    return Status{};
  };
}

Result<TradeReadSummary> read_trade_csv(const std::string& path, const TradeReadOptions& options,
                                        const TradeBatchSink& sink) {
  auto lines = market::LineReader::open(path);
  if (!lines) return lines.error();
  return read_csv_lines(*lines, path, options, sink);
}

Result<std::vector<Trade>> read_trade_file(const std::string& path, Currency currency) {
  std::vector<Trade> trades;
  auto summary = read_trade_csv(path, {currency, true, {}}, append_to(trades));
  if (!summary) return summary.error();
  return trades;
}

Result<std::vector<Trade>> parse_trade_csv(std::string_view text, Currency currency,
                                           const std::string& name) {
  std::vector<Trade> trades;
  market::LineReader lines = market::LineReader::over(text, name);
  auto summary = read_csv_lines(lines, name, {currency, true, {}}, append_to(trades));
  if (!summary) return summary.error();
  return trades;
}

}  // namespace dealer
