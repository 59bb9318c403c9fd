#include "support/prometheus_text.h"

#include <cmath>
#include <cstdlib>
#include <optional>
#include <regex>
#include <set>

#include "live/metrics.h"

namespace dealer::testing {
namespace {

const std::regex kMetricName("[a-zA-Z_:][a-zA-Z0-9_:]*");
const std::regex kLabelName("[a-zA-Z_][a-zA-Z0-9_]*");
// Go's strconv.ParseFloat forms Prometheus writes and reads, without hex floats.
const std::regex kFloat("[+-]?(([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]+)?|Inf|NaN)");
const std::regex kTimestamp("-?[0-9]+");
const std::set<std::string> kTypes = {"counter", "gauge", "histogram", "summary", "untyped"};

struct Sample {
  std::string name;
  std::map<std::string, std::string> labels;  // unescaped values
  double value = 0;
};

double to_double(const std::string& text) {
  if (text.ends_with("Inf")) return text[0] == '-' ? -INFINITY : INFINITY;
  if (text.ends_with("NaN")) return NAN;
  return std::strtod(text.c_str(), nullptr);
}

std::string canonical(const std::string& name, const std::map<std::string, std::string>& labels) {
  if (labels.empty()) return name;
  std::string out = name + "{";
  bool first = true;
  for (const auto& [k, v] : labels) {
    out += (first ? "" : ",") + k + "=\"" + live::escape_label_value(v) + "\"";
    first = false;
  }
  return out + "}";
}

// name{labels} value [timestamp]; nullopt with `error` set when malformed.
std::optional<Sample> parse_sample(const std::string& line, std::string& error) {
  Sample s;
  size_t i = 0;
  while (i < line.size() && line[i] != '{' && line[i] != ' ') ++i;
  s.name = line.substr(0, i);
  if (!std::regex_match(s.name, kMetricName)) return error = "bad metric name '" + s.name + "'", std::nullopt;
  if (i < line.size() && line[i] == '{') {
    ++i;
    while (true) {
      if (i < line.size() && line[i] == '}') {
        ++i;
        break;
      }
      size_t eq = line.find('=', i);
      if (eq == std::string::npos) return error = "label without '='", std::nullopt;
      const std::string label = line.substr(i, eq - i);
      if (!std::regex_match(label, kLabelName)) return error = "bad label name '" + label + "'", std::nullopt;
      if (label.starts_with("__")) return error = "reserved label name '" + label + "'", std::nullopt;
      i = eq + 1;
      if (i >= line.size() || line[i] != '"') return error = "label value not quoted", std::nullopt;
      ++i;
      std::string value;
      bool closed = false;
      while (i < line.size()) {
        const char c = line[i++];
        if (c == '"') {
          closed = true;
          break;
        }
        if (c == '\\') {
          if (i >= line.size()) return error = "escape at end of line", std::nullopt;
          const char e = line[i++];
          if (e == '\\')
            value += '\\';
          else if (e == '"')
            value += '"';
          else if (e == 'n')
            value += '\n';
          else
            return error = std::string("bad escape \\") + e + " in a label value", std::nullopt;
        } else {
          value += c;
        }
      }
      if (!closed) return error = "unterminated label value", std::nullopt;
      if (!s.labels.emplace(label, value).second) return error = "label '" + label + "' twice", std::nullopt;
      if (i < line.size() && line[i] == ',') {
        ++i;
      } else if (i >= line.size() || line[i] != '}') {
        return error = "expected ',' or '}' after a label", std::nullopt;
      }
    }
  }
  if (i >= line.size() || line[i] != ' ') return error = "no space before the value", std::nullopt;
  const std::string rest = line.substr(i + 1);
  const size_t space = rest.find(' ');
  const std::string value = rest.substr(0, space);
  if (!std::regex_match(value, kFloat)) return error = "bad value '" + value + "'", std::nullopt;
  if (space != std::string::npos && !std::regex_match(rest.substr(space + 1), kTimestamp))
    return error = "bad timestamp '" + rest.substr(space + 1) + "'", std::nullopt;
  s.value = to_double(value);
  return s;
}

bool valid_help(const std::string& text) {
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\\' && (i + 1 >= text.size() || (text[i + 1] != '\\' && text[i + 1] != 'n')))
      return false;
    if (text[i] == '\\') ++i;
  }
  return true;
}

// The family a sample belongs to: its own name, or a histogram's/summary's base name.
std::string family_of(const std::string& name, const std::map<std::string, std::string>& types) {
  for (const char* suffix : {"_bucket", "_sum", "_count"}) {
    if (!name.ends_with(suffix)) continue;
    const std::string base = name.substr(0, name.size() - std::string(suffix).size());
    auto it = types.find(base);
    if (it != types.end() &&
        (it->second == "histogram" || (it->second == "summary" && suffix != std::string("_bucket"))))
      return base;
  }
  return name;
}

struct HistogramSeen {
  std::vector<std::pair<double, double>> buckets;  // (le, count) in order
  std::optional<double> sum, count;
};

}  // namespace

PromText parse_prometheus_text(const std::string& text) {
  PromText out;
  if (!text.empty() && text.back() != '\n') out.errors.push_back("the text does not end with a newline");
  std::set<std::string> helped, finished;
  std::string current;  // the family whose samples are being read
  std::map<std::string, HistogramSeen> histograms;
  size_t start = 0;
  for (int n = 1; start < text.size(); ++n) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    const std::string line = text.substr(start, end - start);
    start = end + 1;
    auto fail = [&](const std::string& what) {
      out.errors.push_back("line " + std::to_string(n) + ": " + what + ": " + line);
    };
    if (line.empty()) continue;
    if (line.find('\r') != std::string::npos) fail("carriage return");
    if (line[0] == '#') {
      std::smatch m;
      static const std::regex kHelp("# HELP ([^ ]+) (.*)");
      static const std::regex kType("# TYPE ([^ ]+) ([^ ]+)");
      if (line.starts_with("# HELP ")) {
        if (!std::regex_match(line, m, kHelp)) {
          fail("malformed HELP");
          continue;
        }
        if (!std::regex_match(m[1].str(), kMetricName)) fail("bad metric name in HELP");
        if (!valid_help(m[2].str())) fail("bad escape in HELP");
        if (!helped.insert(m[1].str()).second) fail("second HELP for " + m[1].str());
      } else if (line.starts_with("# TYPE ")) {
        if (!std::regex_match(line, m, kType)) {
          fail("malformed TYPE");
          continue;
        }
        if (!std::regex_match(m[1].str(), kMetricName)) fail("bad metric name in TYPE");
        if (!kTypes.contains(m[2].str())) fail("unknown type " + m[2].str());
        if (out.types.contains(m[1].str()) || finished.contains(m[1].str()) || current == m[1].str())
          fail("TYPE after the family's samples or twice");
        out.types[m[1].str()] = m[2].str();
      }
      continue;  // other comments are allowed
    }
    std::string error;
    auto s = parse_sample(line, error);
    if (!s) {
      fail(error);
      continue;
    }
    const std::string family = family_of(s->name, out.types);
    if (family != current) {
      if (finished.contains(family)) fail("samples of " + family + " are not together");
      if (!current.empty()) finished.insert(current);
      current = family;
    }
    const auto type = out.types.find(family);
    const std::string key = canonical(s->name, s->labels);
    if (!out.samples.emplace(key, s->value).second) fail("sample twice");
    if (type == out.types.end()) {
      fail("a sample without a TYPE for its family");
      continue;
    }
    if (type->second == "counter" && !(s->value >= 0)) fail("a counter below zero");
    if (type->second != "histogram") continue;
    if (s->labels.contains("le") != s->name.ends_with("_bucket")) fail("le belongs to _bucket lines only");
    HistogramSeen& h = histograms[canonical(family, {})];  // one label set per histogram in our tests
    if (s->name.ends_with("_bucket")) {
      const std::string le = s->labels["le"];
      if (!std::regex_match(le, kFloat)) {
        fail("le is not a float");
        continue;
      }
      if (!h.buckets.empty() && !(to_double(le) > h.buckets.back().first)) fail("le bounds not increasing");
      if (!h.buckets.empty() && s->value < h.buckets.back().second) fail("bucket counts not cumulative");
      h.buckets.emplace_back(to_double(le), s->value);
    } else if (s->name.ends_with("_sum")) {
      h.sum = s->value;
    } else if (s->name.ends_with("_count")) {
      h.count = s->value;
    } else {
      fail("a histogram's samples are _bucket, _sum and _count");
    }
  }
  for (const auto& [name, h] : histograms) {
    if (h.buckets.empty() || h.buckets.back().first != INFINITY)
      out.errors.push_back(name + ": no le=\"+Inf\" bucket");
    if (!h.sum) out.errors.push_back(name + ": no _sum");
    if (!h.count) out.errors.push_back(name + ": no _count");
    if (h.count && !h.buckets.empty() && h.buckets.back().second != *h.count)
      out.errors.push_back(name + ": le=\"+Inf\" differs from _count");
  }
  for (const auto& [name, type] : out.types) {
    if (!helped.contains(name)) out.errors.push_back(name + ": TYPE without HELP");
  }
  return out;
}

}  // namespace dealer::testing
