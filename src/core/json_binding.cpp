#include "core/json_binding.h"

namespace dealer {

void read_json(JsonReader& r, std::string& out, Enc) { out.assign(r.string()); }

void read_json(JsonReader& r, bool& out, Enc) { out = r.boolean(); }

void read_json(JsonReader& r, int64_t& out, Enc enc) {
  const size_t at = r.offset();
  const std::string_view text = enc == Enc::kString ? r.string() : r.number();
  auto v = parse_int64(text);
  if (!v) r.fail_at(at, v.error().message);
  out = *v;
}

void read_json(JsonReader& r, Decimal& out, Enc enc) {
  const size_t at = r.offset();
  auto v = enc == Enc::kNumber ? Decimal::parse_json_number(r.number()) : Decimal::parse(r.string());
  if (!v) r.fail_at(at, v.error().message);
  out = *v;
}

void read_json(JsonReader& r, Currency& out, Enc) {
  const size_t at = r.offset();
  auto v = Currency::from_code(r.string());
  if (!v) r.fail_at(at, v.error().message);
  out = *v;
}

void write_json(JsonWriter& w, const std::string& v, Enc) { w.string(v); }

void write_json(JsonWriter& w, bool v, Enc) { w.boolean(v); }

void write_json(JsonWriter& w, int64_t v, Enc enc) {
  if (enc == Enc::kString) {
    w.string(std::to_string(v));
  } else {
    w.integer(v);
  }
}

void write_json(JsonWriter& w, const Decimal& v, Enc enc) {
  if (enc == Enc::kNumber) {
    w.number(v);
  } else {
    w.string(v.to_string());
  }
}

void write_json(JsonWriter& w, Currency v, Enc) { w.string(v.code()); }

void read_json(JsonReader& r, RawJson& out, Enc) {
  r.peek();  // past white space
  const size_t begin = r.offset();
  r.skip();
  out.text.assign(r.slice(begin, r.offset()));
}

void write_json(JsonWriter& w, const RawJson& v, Enc) { w.raw(v.text); }

}  // namespace dealer
