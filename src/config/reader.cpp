#include "config/reader.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <set>

#include "core/file_text.h"

namespace dealer::config {

struct Node::Impl {
  std::shared_ptr<const std::string> file;
  YAML::Node node;  // undefined when the key is absent
  // Where errors point: the value; for a null value ("key:" and nothing) its key, since yaml-cpp marks
  // such a value at the next token, often on a later line; for an absent key its parent.
  YAML::Mark mark;
  std::string path;
};

namespace {

// The one exception of the reader: thrown by Node::fail, caught by visit.
struct Failure {
  Error error;
};

std::string key_path(const std::string& parent, std::string_view key) {
  return parent.empty() ? std::string(key) : parent + "." + std::string(key);
}

std::string format_position(const std::string& file, const YAML::Mark& mark) {
  if (mark.is_null()) return file;
  return file + ":" + std::to_string(mark.line + 1) + ":" + std::to_string(mark.column + 1);
}

// The units of a duration, largest first, in milliseconds.
constexpr std::pair<std::string_view, int64_t> kDurationUnits[] = {
    {"d", 86'400'000}, {"h", 3'600'000}, {"m", 60'000}, {"s", 1000}, {"ms", 1}};

// "250ms", "30s", "2h": the largest unit that shows `d` exactly.
std::string format_duration(std::chrono::milliseconds d) {
  for (const auto& [name, ms] : kDurationUnits)
    if (d.count() != 0 && d.count() % ms == 0) return std::to_string(d.count() / ms) + std::string(name);
  return "0s";
}

Error invalid(std::string message) { return make_error(Errc::kConfig, std::move(message)); }

// A scalar's value: `parse` (text to Result<T>) applied to the node's text, or `fallback` when the key
// is absent; a parse error stops the build at the node.
template <class T, class Parse>
T parsed(const Node& n, std::optional<T> fallback, Parse parse) {
  if (!n && fallback) return std::move(*fallback);
  Result<T> value = parse(n.string());
  if (!value) n.fail(value.error().message);
  return std::move(*value);
}

}  // namespace

Node::operator bool() const { return impl_->node.IsDefined(); }

bool Node::is_map() const { return impl_->node.IsMap(); }

const std::string& Node::path() const { return impl_->path; }

std::string Node::position() const { return format_position(*impl_->file, impl_->mark); }

void Node::fail(std::string_view message) const {
  std::string text = position() + ": ";
  if (!path().empty()) text += path() + ": ";
  text.append(message);
  throw Failure{make_error(Errc::kConfig, std::move(text))};
}

// --- maps and lists

Node Node::operator[](std::string_view key) const {
  for (auto& [k, v] : entries())
    if (k.impl_->node.IsScalar() && k.impl_->node.Scalar() == key) return v;
  return Node(std::make_shared<Impl>(
      Impl{impl_->file, YAML::Node(YAML::NodeType::Undefined), impl_->mark, key_path(path(), key)}));
}

void Node::allow_keys(std::initializer_list<std::string_view> allowed) const {
  for (const auto& [key, value] : entries()) {
    if (std::find(allowed.begin(), allowed.end(), key.string()) != allowed.end()) continue;
    std::string known;
    for (std::string_view a : allowed) known += (known.empty() ? "" : ", ") + std::string(a);
    key.fail("unknown key (known here: " + known + ")");
  }
}

std::vector<Node> Node::list() const {
  std::vector<Node> out;
  if (!*this || impl_->node.IsNull()) return out;
  if (!impl_->node.IsSequence()) fail("expected a list");
  for (size_t i = 0; i < impl_->node.size(); ++i) {
    const YAML::Node item = impl_->node[i];
    out.push_back(Node(std::make_shared<Impl>(
        Impl{impl_->file, item, item.Mark(), path() + "[" + std::to_string(i) + "]"})));
  }
  return out;
}

std::vector<std::pair<Node, Node>> Node::entries() const {
  std::vector<std::pair<Node, Node>> out;
  if (!*this || impl_->node.IsNull()) return out;
  if (!impl_->node.IsMap()) fail("expected a mapping");
  std::set<std::string> seen;
  for (const auto& kv : impl_->node) {
    // A key that is itself a list or map has no text; it gets "?" in the path and fails as a string.
    const std::string path = key_path(impl_->path, kv.first.IsScalar() ? kv.first.Scalar() : "?");
    const YAML::Mark value_mark = kv.second.IsNull() ? kv.first.Mark() : kv.second.Mark();
    Node key(std::make_shared<Impl>(Impl{impl_->file, kv.first, kv.first.Mark(), path}));
    // yaml-cpp keeps both entries of a key given twice; one of them silently winning would hide a mistake.
    if (kv.first.IsScalar() && !seen.insert(kv.first.Scalar()).second) key.fail("given twice");
    out.emplace_back(std::move(key),
                     Node(std::make_shared<Impl>(Impl{impl_->file, kv.second, value_mark, path})));
  }
  return out;
}

// --- scalars

std::string Node::scalar() const {
  if (!*this) fail("missing");
  if (impl_->node.IsNull()) fail("has no value");
  if (!impl_->node.IsScalar()) fail("expected a single value, not a list or mapping");
  return impl_->node.Scalar();
}

std::string Node::string(std::optional<std::string> fallback) const {
  if (!*this && fallback) return std::move(*fallback);
  return scalar();
}

bool Node::boolean(std::optional<bool> fallback) const {
  return parsed(*this, fallback, [](const std::string& s) -> Result<bool> {
    if (s == "true" || s == "false") return s == "true";
    return invalid("expected true or false");
  });
}

int64_t Node::integer(int64_t min, int64_t max, std::optional<int64_t> fallback) const {
  return parsed(*this, fallback, [&](const std::string& s) -> Result<int64_t> {
    auto v = parse_int64(s);
    if (v && (*v < min || *v > max))
      return invalid("must be between " + std::to_string(min) + " and " + std::to_string(max));
    return v;
  });
}

Decimal Node::decimal(std::optional<Decimal> fallback) const {
  return parsed(*this, fallback, Decimal::parse);
}

int64_t Node::units(int decimals, std::optional<int64_t> fallback) const {
  return parsed(*this, fallback, [&](const std::string& s) -> Result<int64_t> {
    auto d = Decimal::parse(s);
    if (!d) return d.error();
    auto units = d->to_units(decimals);
    if (!units || *units < 0)
      return invalid("expected a non-negative number with at most " + std::to_string(decimals) + " decimals");
    return units;
  });
}

Currency Node::currency(std::optional<Currency> fallback) const {
  return parsed(*this, fallback, Currency::from_code);
}

std::chrono::milliseconds Node::duration(std::chrono::milliseconds min, std::chrono::milliseconds max,
                                         std::optional<std::chrono::milliseconds> fallback) const {
  return parsed(*this, fallback, [&](const std::string& text) -> Result<std::chrono::milliseconds> {
    const size_t digits = text.find_first_not_of("0123456789");
    const std::string unit = digits == std::string::npos ? "" : text.substr(digits);
    const auto it = std::find_if(std::begin(kDurationUnits), std::end(kDurationUnits),
                                 [&](const auto& u) { return unit == u.first; });
    auto count = parse_int64(text.substr(0, digits));
    if (digits == 0 || it == std::end(kDurationUnits) || !count)
      return invalid("expected a whole number and a unit (ms, s, m, h or d), e.g. 30s");
    // The bound check comes before the multiplication, which therefore cannot overflow.
    if (*count > max.count() / it->second || std::chrono::milliseconds(*count * it->second) < min)
      return invalid("must be between " + format_duration(min) + " and " + format_duration(max));
    return std::chrono::milliseconds(*count * it->second);
  });
}

// --- documents

namespace {

// The child of `node` named by one path segment: a map's key, or the list element whose `id:` is it.
YAML::Node child(const YAML::Node& node, const std::string& segment) {
  if (node.IsMap()) return node[segment];
  if (node.IsSequence())
    for (const YAML::Node& item : node)
      if (item.IsMap() && item["id"] && item["id"].IsScalar() && item["id"].Scalar() == segment) return item;
  return YAML::Node(YAML::NodeType::Undefined);
}

// Sets the scalar `o.path` in `root` (YAML nodes share their data: the root sees the change).
void apply(YAML::Node root, const Override& o, const std::string& file) {
  const auto fail = [&](const std::string& why) {
    throw Failure{invalid(file + ": " + o.path + " (set outside the file): " + why)};
  };
  // reset(), not operator=: assigning one YAML::Node to another overwrites the first one's data.
  YAML::Node node;
  node.reset(root);
  size_t start = 0;
  for (size_t dot = o.path.find('.'); dot != std::string::npos; dot = o.path.find('.', start)) {
    const std::string segment = o.path.substr(start, dot - start);
    node.reset(child(node, segment));
    if (!node.IsDefined() || !(node.IsMap() || node.IsSequence()))
      fail("the file has no map or list '" + o.path.substr(0, dot) +
           "' (in a list, a key is an element's id)");
    start = dot + 1;
  }
  if (!node.IsMap()) fail("'" + o.path.substr(0, start - 1) + "' is a list: name an element by its id");
  const std::string key = o.path.substr(start);
  if (key.empty()) fail("empty key");
  if (node[key].IsDefined() && !node[key].IsScalar() && !node[key].IsNull())
    fail("is a list or map in the file; only single values can be set");
  node[key] = o.value;
}

}  // namespace

Status visit(std::string_view text, std::string file_name, const std::function<void(const Node&)>& build,
             const std::vector<Override>& overrides) {
  auto file = std::make_shared<const std::string>(std::move(file_name));
  try {
    const YAML::Node loaded = YAML::Load(std::string(text));
    // An empty document is an empty map: every key takes its default, and a missing one is reported at
    // line 1, column 1 (the map yaml-cpp makes here has no position of its own).
    const YAML::Node root = loaded.IsNull() ? YAML::Node(YAML::NodeType::Map) : loaded;
    for (const Override& o : overrides) apply(root, o, *file);
    const YAML::Mark mark = root.Mark().is_null() ? YAML::Mark() : root.Mark();
    build(Node(std::make_shared<Node::Impl>(Node::Impl{file, root, mark, ""})));
    return {};
  } catch (const Failure& f) {
    return f.error;
  } catch (const YAML::Exception& e) {
    return make_error(Errc::kConfig, format_position(*file, e.mark) + ": not valid YAML: " + e.msg);
  }
}

Result<std::string> read_file(const std::string& path) {
  // A configuration is a few KiB; /dev/zero named as one must not take all memory.
  constexpr size_t kMaxConfigBytes = 16 * 1024 * 1024;
  auto text = read_file_text(path, kMaxConfigBytes, "configuration file");
  if (!text && text.error().code == Errc::kIo)
    return make_error(Errc::kConfig, "cannot read config file '" + path + "'");
  if (!text) return make_error(Errc::kConfig, text.error().message);
  return text;
}

}  // namespace dealer::config
