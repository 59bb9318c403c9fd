#include "input/mtgox_json_trades.h"

#include "exchange/mtgox/codec.h"
#include "exchange/mtgox/convert.h"
#include "market/line_reader.h"

namespace dealer::input {
namespace {

// A bound on one answer, so that an endless one cannot take all memory (issue 18); MtGox's largest
// answer, the full depth, is under 1 MB.
constexpr size_t kMaxAnswerBytes = size_t{16} << 20;

// Cuts a stream of JSON texts into whole documents by counting brackets outside strings, so each
// answer can be decoded on its own without holding the file.
class DocumentSplitter {
 public:
  // Feeds one line; `done(document, first_line)` for each document it completes, `stray(line)` for a
  // line with text outside any document (its rest is skipped). Returns the first error of either.
  template <class Done, class Stray>
  Status feed(std::string_view line, size_t line_no, Done&& done, Stray&& stray) {
    for (size_t i = 0; i < line.size(); ++i) {
      const char c = line[i];
      if (depth_ == 0) {
        if (c == ' ' || c == '\t' || c == '\r') continue;
        if (c != '{' && c != '[') return stray(line_no);
        start_line_ = line_no;
      }
      doc_.push_back(c);
      if (in_string_) {
        if (escaped_)
          escaped_ = false;
        else if (c == '\\')
          escaped_ = true;
        else if (c == '"')
          in_string_ = false;
        continue;
      }
      if (c == '"')
        in_string_ = true;
      else if (c == '{' || c == '[')
        ++depth_;
      else if ((c == '}' || c == ']') && --depth_ == 0) {
        Status s = done(std::string_view(doc_), start_line_);
        doc_.clear();
        if (!s) return s;
      }
    }
    if (depth_ > 0) doc_.push_back('\n');
    return {};
  }

  // An answer left open (at the end of the file, or while it grows): its first line.
  std::optional<size_t> unfinished() const {
    return depth_ > 0 ? std::optional<size_t>(start_line_) : std::nullopt;
  }
  // The bytes of the answer left open.
  size_t open_bytes() const { return doc_.size(); }

 private:
  std::string doc_;
  size_t start_line_ = 0;
  int depth_ = 0;
  bool in_string_ = false;
  bool escaped_ = false;
};

Status add_answer(std::string_view doc, size_t line_no, const TradeReadOptions& options,
                  TradeCollector& collector) {
  const auto envelope = doc.front() == '{' ? mtgox::Envelope::kWrapped : mtgox::Envelope::kRaw;
  auto answer = mtgox::decode_response<std::vector<mtgox::Trade>>(doc, envelope);
  if (!answer) return collector.bad_line(line_no, "MtGox trades answer: " + answer.error().describe());
  for (const mtgox::Trade& wire : *answer) {
    Trade t = mtgox::to_domain(wire);
    if (!t.primary) continue;
    if (t.price_currency != options.currency || t.item != Currency::btc()) {
      Status s =
          collector.bad_line(line_no, "trade " + std::to_string(t.tid) + " is " + std::string(t.item.code()) +
                                          std::string(t.price_currency.code()) + ", expected BTC" +
                                          std::string(options.currency.code()));
      if (!s) return s;
      continue;
    }
    if (const Trade* last = collector.last(); last && t.tid <= last->tid) continue;  // seen already
    if (Status s = collector.add(std::move(t), line_no); !s) return s;
  }
  return {};
}

Result<TradeReadSummary> read_answers(market::LineReader& lines, const std::string& name,
                                      const TradeReadOptions& options, const TradeBatchSink& sink) {
  TradeCollector collector(name, options, sink);
  DocumentSplitter splitter;
  auto done = [&](std::string_view doc, size_t first_line) {
    return add_answer(doc, first_line, options, collector);
  };
  auto stray = [&](size_t line_no) {
    return collector.bad_line(line_no, "expected a MtGox trades answer ({...} or [...])");
  };
  while (auto line = lines.next()) {
    if (Status s = splitter.feed(*line, lines.line_no(), done, stray); !s) return s.error();
    if (splitter.open_bytes() > kMaxAnswerBytes)
      return make_error(Errc::kParse, name + ":" + std::to_string(*splitter.unfinished()) +
                                          ": the answer starting here is longer than " +
                                          std::to_string(kMaxAnswerBytes) + " bytes");
  }
  if (Status s = lines.status(); !s) return s.error();
  if (auto open = splitter.unfinished()) {
    if (Status s = collector.bad_line(*open, "the answer starting here is cut off at the end of the file");
        !s)
      return s.error();
  }
  return collector.finish();
}

}  // namespace

Result<TradeReadSummary> read_mtgox_trades_json(const std::string& path, const TradeReadOptions& options,
                                                const TradeBatchSink& sink) {
  auto lines = market::LineReader::open(path);
  if (!lines) return lines.error();
  return read_answers(*lines, path, options, sink);
}

Result<TradeReadSummary> parse_mtgox_trades_json(std::string_view text, const std::string& name,
                                                 const TradeReadOptions& options,
                                                 const TradeBatchSink& sink) {
  market::LineReader lines = market::LineReader::over(text, name);
  return read_answers(lines, name, options, sink);
}

}  // namespace dealer::input
