#include "market/trade_file.h"

#include <fstream>
#include <limits>
#include <sstream>

#include "core/decimal.h"

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

Error line_error(size_t line_no, const std::string& what) {
  return make_error(Errc::kParse, "trade file line " + std::to_string(line_no) + ": " + what);
}

class Parser {
 public:
  explicit Parser(Currency currency) : currency_(currency) {}

  Status add_line(std::string_view line, size_t line_no, bool mtgox) {
    std::string_view f[4];
    if (!split_fields(line, f, mtgox ? 4 : 3))
      return line_error(line_no, mtgox ? "expected id,price,amount,type" : "expected unix_seconds,price,amount");
    Trade t;
    t.price_currency = currency_;
    t.item = Currency::btc();
    t.properties = "limit";
    auto price = parse_units(f[1], currency_.decimals());
    if (!price) return line_error(line_no, "price: " + price.error().message);
    auto amount = parse_units(f[2], t.item.decimals());
    if (!amount) return line_error(line_no, "amount: " + amount.error().message);
    t.price = Price(*price);
    t.amount = Amount(*amount);
    if (mtgox) {
      auto tid = parse_int64(f[0]);
      if (!tid) return line_error(line_no, "id: " + tid.error().message);
      t.tid = *tid;
      t.date = *tid / 1'000'000;
      if (f[3] == "bid") t.side = Side::kBid;
      else if (f[3] == "ask") t.side = Side::kAsk;
      else return line_error(line_no, "type must be bid or ask");
    } else {
      auto seconds = parse_int64(f[0]);
      if (!seconds) return line_error(line_no, "unix_seconds: " + seconds.error().message);
      // The tid is seconds * 1e6 plus an index below 1e6: it must fit int64 (found by fuzz/trade_file).
      if (*seconds < 0 || *seconds > kMaxUnixSeconds)
        return line_error(line_no, "unix_seconds " + std::to_string(*seconds) + " is outside 0.." +
                                       std::to_string(kMaxUnixSeconds));
      t.date = *seconds;
      same_second_ = (!trades_.empty() && trades_.back().date == t.date) ? same_second_ + 1 : 0;
      t.tid = t.date * 1'000'000 + same_second_;
      t.side = tick_rule(t.price);
    }
    if (!trades_.empty() && t.tid <= trades_.back().tid)
      return line_error(line_no, "tid " + std::to_string(t.tid) + " does not increase");
    trades_.push_back(std::move(t));
    return {};
  }

  std::vector<Trade> take() { return std::move(trades_); }

 private:
  Side tick_rule(Price price) const {
    if (trades_.empty()) return Side::kBid;
    const Trade& prev = trades_.back();
    if (price > prev.price) return Side::kBid;
    if (price < prev.price) return Side::kAsk;
    return prev.side;
  }

  Currency currency_;
  std::vector<Trade> trades_;
  int64_t same_second_ = 0;
};

}  // namespace

Result<std::vector<Trade>> parse_trade_csv(std::string_view text, Currency currency) {
  Parser parser(currency);
  bool mtgox = false;
  size_t line_no = 0;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    start = end + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) continue;
    if (line_no == 1 && line == kMtGoxHeader) {
      mtgox = true;
      continue;
    }
    Status s = parser.add_line(line, line_no, mtgox);
    if (!s) return s.error();
  }
  return parser.take();
}

Result<std::vector<Trade>> read_trade_file(const std::string& path, Currency currency) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return make_error(Errc::kIo, "cannot open trade file '" + path + "'");
  std::ostringstream buffer;
  buffer << in.rdbuf();
  auto trades = parse_trade_csv(buffer.str(), currency);
  if (!trades) return make_error(trades.error().code, path + ": " + trades.error().message);
  return trades;
}

}  // namespace dealer
