// Declarative JSON binding. A wire type lists its fields once, in a `describe` function found by ADL:
//
//   template <class V> void describe(V& v, Trade& t) {
//     v("date", t.date);             // encoding by type: int64 -> JSON number, Decimal -> string
//     v.str("tid", t.tid);           // int64 carried as a JSON string
//     v.num("price", t.price);       // Decimal carried as a JSON number
//     v("properties", t.properties); // std::optional<T>: the member may be absent
//   }
//
// and that one list drives both decode_json (reader) and encode_json (writer), so the two directions
// cannot drift apart. Absent required members, wrong types and bad numbers are errors naming the
// member path and byte offset. Unknown members are skipped (exchanges add fields over time).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "core/currency.h"
#include "core/decimal.h"
#include "core/json_reader.h"
#include "core/json_writer.h"
#include "core/money.h"
#include "core/result.h"

namespace dealer {

// A member that is always present but may be null (Metaexchange "notes":null).
template <class T>
struct Nullable : std::optional<T> {
  using std::optional<T>::optional;
  using std::optional<T>::operator=;
};

// A JSON object whose member names are data, not schema (MtGox "Wallets": {"BTC": {...}, "EUR": ...}).
template <class V>
struct Keyed {
  std::vector<std::pair<std::string, V>> entries;
};

enum class Enc { kDefault, kString, kNumber };

// Any JSON value, kept as its exact text (for tools that print what an exchange answered).
struct RawJson {
  std::string text;
};

// Scalars. int64: JSON number by default, kString for digits in a string. Decimal: string by default,
// kNumber for a JSON number. Money types: their raw units as a string (MtGox *_int fields).
void read_json(JsonReader& r, std::string& out, Enc enc);
void read_json(JsonReader& r, bool& out, Enc enc);
void read_json(JsonReader& r, int64_t& out, Enc enc);
void read_json(JsonReader& r, Decimal& out, Enc enc);
void read_json(JsonReader& r, Currency& out, Enc enc);
void write_json(JsonWriter& w, const std::string& v, Enc enc);
void write_json(JsonWriter& w, bool v, Enc enc);
void write_json(JsonWriter& w, int64_t v, Enc enc);
void write_json(JsonWriter& w, const Decimal& v, Enc enc);
void write_json(JsonWriter& w, Currency v, Enc enc);
void read_json(JsonReader& r, RawJson& out, Enc enc);
void write_json(JsonWriter& w, const RawJson& v, Enc enc);

template <class Tag>
void read_json(JsonReader& r, Fixed<Tag>& out, Enc enc) {
  int64_t raw;
  read_json(r, raw, enc == Enc::kDefault ? Enc::kString : enc);
  out = Fixed<Tag>(raw);
}
template <class Tag>
void write_json(JsonWriter& w, Fixed<Tag> v, Enc enc) {
  write_json(w, v.raw(), enc == Enc::kDefault ? Enc::kString : enc);
}

// Enums are strings; a type opts in with `std::span<const std::string_view> enum_names(E)` whose
// entries are indexed by the enumerator's value.
template <class E>
concept NamedEnum = std::is_enum_v<E> && requires(E e) {
  { enum_names(e) } -> std::convertible_to<std::span<const std::string_view>>;
};

template <NamedEnum E>
void read_json(JsonReader& r, E& out, Enc) {
  const size_t at = r.offset();
  const std::string_view s = r.string();
  const auto names = enum_names(E{});
  for (size_t i = 0; i < names.size(); ++i) {
    if (names[i] == s) {
      out = static_cast<E>(i);
      return;
    }
  }
  r.fail_at(at, "unexpected value '" + std::string(s.substr(0, 32)) + "'");
}
template <NamedEnum E>
void write_json(JsonWriter& w, E v, Enc) {
  w.string(enum_names(E{})[static_cast<size_t>(v)]);
}

template <NamedEnum E>
std::string_view to_string(E v) {
  return enum_names(E{})[static_cast<size_t>(v)];
}

namespace json_detail {

template <class T>
struct is_optional : std::false_type {};
template <class T>
struct is_optional<std::optional<T>> : std::true_type {};
template <class T>
struct is_nullable : std::false_type {};
template <class T>
struct is_nullable<Nullable<T>> : std::true_type {};
template <class T>
struct is_keyed : std::false_type {};
template <class T>
struct is_keyed<Keyed<T>> : std::true_type {};
template <class T>
struct is_vector : std::false_type {};
template <class T>
struct is_vector<std::vector<T>> : std::true_type {};

class FieldMatcher;
class MissingFields;
class FieldWriter;

template <class T>
concept Described = requires(FieldMatcher& v, T& t) { describe(v, t); };

template <class T>
void read_value(JsonReader& r, T& out, Enc enc);
template <class T>
void write_value(JsonWriter& w, const T& v, Enc enc);

// Reads one member into the field whose name matches the current key, remembering which it was.
class FieldMatcher {
 public:
  FieldMatcher(JsonReader& r, std::string_view key) : r_(r), key_(key) {}
  template <class F>
  void operator()(std::string_view name, F& field, Enc enc = Enc::kDefault) {
    if (matched_ < 0 && name == key_) {
      read_value(r_, field, enc);
      matched_ = index_;
    }
    ++index_;
  }
  template <class F>
  void str(std::string_view name, F& field) { (*this)(name, field, Enc::kString); }
  template <class F>
  void num(std::string_view name, F& field) { (*this)(name, field, Enc::kNumber); }
  int matched() const { return matched_; }

 private:
  JsonReader& r_;
  std::string_view key_;
  int index_ = 0;
  int matched_ = -1;
};

// Finds the first required field (anything but std::optional) that was not seen.
class MissingFields {
 public:
  explicit MissingFields(uint64_t seen) : seen_(seen) {}
  template <class F>
  void operator()(std::string_view name, F&, Enc = Enc::kDefault) {
    if (missing_.empty() && !is_optional<F>::value && !(seen_ & (uint64_t{1} << index_))) missing_ = name;
    ++index_;
  }
  template <class F>
  void str(std::string_view name, F& field) { (*this)(name, field); }
  template <class F>
  void num(std::string_view name, F& field) { (*this)(name, field); }
  std::string_view missing() const { return missing_; }

 private:
  uint64_t seen_;
  int index_ = 0;
  std::string_view missing_;
};

class FieldWriter {
 public:
  explicit FieldWriter(JsonWriter& w) : w_(w) {}
  template <class F>
  void operator()(std::string_view name, const F& field, Enc enc = Enc::kDefault) {
    if constexpr (is_optional<F>::value) {
      if (!field) return;
    }
    w_.key(name);
    write_value(w_, field, enc);
  }
  template <class F>
  void str(std::string_view name, const F& field) { (*this)(name, field, Enc::kString); }
  template <class F>
  void num(std::string_view name, const F& field) { (*this)(name, field, Enc::kNumber); }

 private:
  JsonWriter& w_;
};

template <class T>
void read_object(JsonReader& r, T& out) {
  static_assert(sizeof(T) > 0);
  r.begin_object();
  uint64_t seen = 0;
  while (r.next_key()) {
    FieldMatcher m(r, r.key());
    describe(m, out);
    if (m.matched() >= 0) seen |= uint64_t{1} << m.matched();
    else r.skip();
  }
  MissingFields check(seen);
  describe(check, out);
  if (!check.missing().empty()) r.fail("missing member '" + std::string(check.missing()) + "'");
}

template <class T>
void read_value(JsonReader& r, T& out, Enc enc) {
  if constexpr (is_optional<T>::value) {
    out.emplace();
    read_value(r, *out, enc);
  } else if constexpr (is_nullable<T>::value) {
    if (r.null_if_present()) {
      out.reset();
    } else {
      out.emplace();
      read_value(r, *out, enc);
    }
  } else if constexpr (is_vector<T>::value) {
    out.clear();
    r.begin_array();
    while (r.next_element()) read_value(r, out.emplace_back(), enc);
  } else if constexpr (is_keyed<T>::value) {
    out.entries.clear();
    r.begin_object();
    while (r.next_key()) {
      auto& entry = out.entries.emplace_back();
      entry.first.assign(r.key());
      read_value(r, entry.second, enc);
    }
  } else if constexpr (Described<T>) {
    read_object(r, out);
  } else {
    read_json(r, out, enc);
  }
}

template <class T>
void write_value(JsonWriter& w, const T& v, Enc enc) {
  if constexpr (is_optional<T>::value) {
    write_value(w, *v, enc);
  } else if constexpr (is_nullable<T>::value) {
    if (v) write_value(w, *v, enc);
    else w.null();
  } else if constexpr (is_vector<T>::value) {
    w.begin_array();
    for (const auto& e : v) write_value(w, e, enc);
    w.end_array();
  } else if constexpr (is_keyed<T>::value) {
    w.begin_object();
    for (const auto& [name, value] : v.entries) {
      w.key(name);
      write_value(w, value, enc);
    }
    w.end_object();
  } else if constexpr (Described<T>) {
    w.begin_object();
    FieldWriter fw(w);
    describe(fw, const_cast<T&>(v));  // describe only reads the fields when writing
    w.end_object();
  } else {
    write_json(w, v, enc);
  }
}

}  // namespace json_detail

// Runs `read` over the whole text; a JsonError becomes an Errc::kParse error naming path and offset.
template <class F>
auto read_json_text(std::string_view text, F&& read) -> Result<decltype(read(std::declval<JsonReader&>()))> {
  try {
    JsonReader r(text);
    auto value = read(r);
    r.expect_end();
    return value;
  } catch (const JsonError& e) {
    return make_error(Errc::kParse, e.what());
  }
}

template <class T>
Result<T> decode_json(std::string_view text) {
  return read_json_text(text, [](JsonReader& r) {
    T value{};
    json_detail::read_value(r, value, Enc::kDefault);
    return value;
  });
}

template <class T>
void encode_json(JsonWriter& w, const T& value) {
  json_detail::write_value(w, value, Enc::kDefault);
}

template <class T>
std::string encode_json(const T& value) {
  JsonWriter w;
  encode_json(w, value);
  return w.take();
}

}  // namespace dealer
