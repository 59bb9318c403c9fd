#include "market/trade_file.h"

#include <iterator>
#include <limits>

#include "core/decimal.h"
#include "market/line_reader.h"

namespace dealer {
namespace {

constexpr std::string_view kMtGoxHeader = "id,price,amount,type";
// The last second whose tids (seconds * 1e6 + index) fit int64.
constexpr int64_t kMaxUnixSeconds = std::numeric_limits<int64_t>::max() / 1'000'000 - 1;

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

// One CSV line as a trade, or what is wrong with it. `previous` is the last good trade (tick rule,
// same-second counter).
class CsvLineParser {
 public:
  CsvLineParser(Currency currency, bool mtgox) : currency_(currency), mtgox_(mtgox) {}

  Result<Trade> parse(std::string_view line, const Trade* previous) {
    std::string_view f[4];
    if (!split_fields(line, f, mtgox_ ? 4 : 3))
      return fail(mtgox_ ? "expected id,price,amount,type" : "expected unix_seconds,price,amount");
    Trade t;
    t.price_currency = currency_;
    t.item = Currency::btc();
    t.properties = "limit";
    auto price = parse_units(f[1], currency_.decimals());
    if (!price) return fail("price: " + price.error().message);
    auto amount = parse_units(f[2], t.item.decimals());
    if (!amount) return fail("amount: " + amount.error().message);
    t.price = Price(*price);
    t.amount = Amount(*amount);
    if (mtgox_) {
      auto tid = parse_int64(f[0]);
      if (!tid) return fail("id: " + tid.error().message);
      t.tid = *tid;
      t.date = *tid / 1'000'000;
      if (f[3] == "bid")
        t.side = Side::kBid;
      else if (f[3] == "ask")
        t.side = Side::kAsk;
      else
        return fail("type must be bid or ask");
    } else {
      auto seconds = parse_int64(f[0]);
      if (!seconds) return fail("unix_seconds: " + seconds.error().message);
      // The tid is seconds * 1e6 plus an index below 1e6: it must fit int64 (found by fuzz/trade_file).
      if (*seconds < 0 || *seconds > kMaxUnixSeconds)
        return fail("unix_seconds " + std::to_string(*seconds) + " is outside 0.." + std::to_string(kMaxUnixSeconds));
      t.date = *seconds;
      const bool same_second = previous && previous->date == t.date;
      t.tid = t.date * 1'000'000 + (same_second ? previous->tid % 1'000'000 + 1 : 0);
      t.side = tick_rule(t.price, previous);
    }
    return t;
  }

 private:
  static Error fail(std::string what) { return make_error(Errc::kParse, std::move(what)); }

  static Side tick_rule(Price price, const Trade* previous) {
    if (!previous) return Side::kBid;
    if (price > previous->price) return Side::kBid;
    if (price < previous->price) return Side::kAsk;
    return previous->side;
  }

  Currency currency_;
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
  market::LineReader lines = market::LineReader::over(text);
  auto summary = read_csv_lines(lines, name, {currency, true, {}}, append_to(trades));
  if (!summary) return summary.error();
  return trades;
}

}  // namespace dealer
