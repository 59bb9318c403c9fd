// A strict reader of the Prometheus text exposition format 0.0.4, for tests of /metrics: every line is
// checked (HELP and TYPE lines, metric and label name grammar, label value escaping, the sample value
// as a float, an optional integer timestamp), TYPE before a family's samples, a family's samples
// together, no sample twice, and histograms whole: `le` bounds increasing, bucket counts cumulative,
// le="+Inf" present and equal to _count, _sum and _count present.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace dealer::testing {

struct PromText {
  std::vector<std::string> errors;  // "line N: what is wrong"; empty when the text is valid
  // Each sample's value by its name and labels in canonical form: `name{a="x",b="y"}` (labels sorted
  // by name, values unescaped and escaped again by live::escape_label_value) or `name`.
  std::map<std::string, double> samples;
  std::map<std::string, std::string> types;  // family name -> counter, gauge, histogram, ...
};

PromText parse_prometheus_text(const std::string& text);

}  // namespace dealer::testing
