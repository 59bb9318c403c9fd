// Reading YAML configuration with errors a person can act on: every error names the file, line and
// column, then the key path, e.g.
//   config/exchange.yaml:12:10: accounts[0].key: expected a UUID such as 0b5bd1a5-...
//
// Usage: `load` (or `parse`, for text) hands the document's root to a function that builds the
// config; the result is the built value or the first error:
//
//   Result<BotConfig> load_bot_config(const std::string& path) {
//     return config::load(path, [](const config::Node& root) {
//       root.allow_keys({"name", "poll", "strategies"});
//       BotConfig c;
//       c.name = root["name"].string();                    // required: missing is an error
//       c.poll = root["poll"].duration(1s, 1h, c.poll);    // optional: the default when absent
//       for (const config::Node& s : root["strategies"].list()) ...
//       return c;
//     });
//   }
//
// A Node's getters stop the build at the first mistake (they throw an exception private to the
// reader); `load` and `parse` catch it and return it as an Errc::kConfig error. Only `visit` makes
// Nodes, for that function: use them there and no exception leaves the reader. yaml-cpp stays out of
// this header.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/currency.h"
#include "core/decimal.h"
#include "core/result.h"

namespace dealer::config {

// A value given outside the file (`dealer backtest --sweep`) that replaces, or adds, one scalar before
// the build reads the document. `path` is dotted keys, "backtest.fee_percent"; inside a list a segment
// picks the element whose `id:` is that text, "strategies.dip.rules.buy.price". Every segment but the
// last must exist; a path that leads nowhere is an error naming it "(set outside the file)". A value
// the build refuses is reported like one written in the file (at the replaced value's position).
struct Override {
  std::string path;
  std::string value;
};

// One node of a YAML document with its key path ("accounts[0].key") and position. A node may be
// absent (a key the file does not have): `if (node)` tells. Cheap to copy (shares the document).
// Not thread-safe; used only inside the build function given to `load` or `parse`.
class Node {
 public:
  struct Impl;

  explicit operator bool() const;   // whether the key is present in the file
  bool is_map() const;              // present and a mapping (a value given as `{credential: NAME}`)
  const std::string& path() const;  // empty for the root
  std::string position() const;     // "file:line:col", or "file" when yaml-cpp has no mark

  // --- maps and lists. A null value ("key:" with nothing after it) reads as an empty map or list.
  // The child under `key`; absent when the key is not there. An error if this node is not a map.
  Node operator[](std::string_view key) const;
  // An error naming the first key not in `allowed` (a typo must not become a silent default), and
  // on a key given twice. An error if this node is not a map.
  void allow_keys(std::initializer_list<std::string_view> allowed) const;
  // The elements of a list (empty when absent); paths "key[0]", "key[1]", ...
  std::vector<Node> list() const;
  // The entries of a map (empty when absent), as (key, value): the key node's string() is the key
  // text, and both carry the path "parent.KEY".
  std::vector<std::pair<Node, Node>> entries() const;

  // --- scalars. Without a fallback a missing key is an error; with one, the fallback is returned
  // when the key is absent. A present value that does not parse is always an error.
  std::string string(std::optional<std::string> fallback = std::nullopt) const;
  // true or false, nothing else (YAML 1.1's yes/no/on/off are a known source of surprises).
  bool boolean(std::optional<bool> fallback = std::nullopt) const;
  // A base-10 integer in [min, max].
  int64_t integer(int64_t min, int64_t max, std::optional<int64_t> fallback = std::nullopt) const;
  // Exact decimal text ("0.6", "1000"): digits, an optional point and fraction, an optional '-'.
  Decimal decimal(std::optional<Decimal> fallback = std::nullopt) const;
  // A non-negative decimal as an integer count of 10^-decimals units, exactly (money: "10.5" BTC at
  // 8 decimals is 1050000000); more fraction digits than `decimals` or an int64 overflow is an error.
  int64_t units(int decimals, std::optional<int64_t> fallback = std::nullopt) const;
  // A currency code such as USD.
  Currency currency(std::optional<Currency> fallback = std::nullopt) const;
  // A whole number with a unit: "250ms", "30s", "5m", "2h", "1d"; in [min, max].
  std::chrono::milliseconds duration(std::chrono::milliseconds min, std::chrono::milliseconds max,
                                     std::optional<std::chrono::milliseconds> fallback = std::nullopt) const;

  // Stops the build with `message` at this node: "file:line:col: path: message".
  [[noreturn]] void fail(std::string_view message) const;

 private:
  friend Status visit(std::string_view, std::string, const std::function<void(const Node&)>&,
                      const std::vector<Override>&);
  explicit Node(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}
  std::string scalar() const;  // the text of a present scalar, else an error

  std::shared_ptr<const Impl> impl_;
};

// Parses `text` (named `file_name` in errors), applies `overrides` in order and calls `build` with its
// root. An empty document is an empty map. Errors: invalid YAML (with yaml-cpp's position), an override
// whose path does not lead anywhere, and whatever `build` reports.
Status visit(std::string_view text, std::string file_name, const std::function<void(const Node&)>& build,
             const std::vector<Override>& overrides = {});

// `visit`, returning what `build` returns.
template <class Build>
auto parse(std::string_view text, std::string file_name, Build&& build,
           const std::vector<Override>& overrides = {}) -> Result<std::invoke_result_t<Build, const Node&>> {
  std::optional<std::invoke_result_t<Build, const Node&>> built;
  const Status status = visit(
      text, std::move(file_name), [&](const Node& root) { built.emplace(build(root)); }, overrides);
  if (!status) return status.error();
  return std::move(*built);
}

// Reads the file at `path`, then `parse` with the path as the file name.
Result<std::string> read_file(const std::string& path);
template <class Build>
auto load(const std::string& path, Build&& build) -> Result<std::invoke_result_t<Build, const Node&>> {
  auto text = read_file(path);
  if (!text) return text.error();
  return parse(*text, path, std::forward<Build>(build));
}

}  // namespace dealer::config
