#include "exchange/mtgox/codec.h"

#include "core/crypto.h"

namespace dealer::mtgox {

std::span<const std::string_view> enum_names(YesNo) {
  static constexpr std::string_view kNames[] = {"N", "Y"};
  return kNames;
}

void read_json(JsonReader& r, CancelledTid& out, Enc) {
  dealer::read_json(r, out.tid, r.peek() == JsonReader::Kind::kString ? Enc::kString : Enc::kNumber);
}

void write_json(JsonWriter& w, CancelledTid v, Enc) { dealer::write_json(w, v.tid, Enc::kString); }

Error to_error(const ErrorBody& body) {
  return make_error(Errc::kExchange, "MtGox: " + body.error, body.token.value_or(""));
}

namespace detail {

Status read_envelope(std::string_view body, const std::function<void(JsonReader&)>& read_return) {
  ErrorBody error;
  bool has_return = false;
  auto parsed = read_json_text(body, [&](JsonReader& r) {
    r.begin_object();
    while (r.next_key()) {
      const std::string_view key = r.key();
      if (key == "result") {
        error.result.assign(r.string());
      } else if (key == "return") {
        read_return(r);
        has_return = true;
      } else if (key == "error") {
        error.error.assign(r.string());
      } else if (key == "token") {
        error.token.emplace(r.string());
      } else {
        r.skip();
      }
    }
    return true;
  });
  if (!parsed) return std::move(parsed).error();
  if (error.result == "success" && has_return) return {};
  if (error.result == "error") return to_error(error);
  return make_error(Errc::kParse, "MtGox envelope: expected \"result\":\"success\" with \"return\", got result '" +
                                      error.result.substr(0, 32) + "'");
}

std::optional<Error> as_error_body(std::string_view body) {
  auto e = decode_json<ErrorBody>(body);
  if (!e || e->result != "error") return std::nullopt;
  return to_error(*e);
}

}  // namespace detail

std::string encode_error(std::string_view message, std::string_view token) {
  ErrorBody body;
  body.error.assign(message);
  if (!token.empty()) body.token.emplace(token);
  return encode_json(body);
}

namespace {

Result<int64_t> int_field(const std::string& text, const char* name) {
  auto v = parse_int64(text);
  if (!v) return make_error(Errc::kParse, std::string("IPN field '") + name + "': " + v.error().message);
  return v;
}

}  // namespace

Result<Ipn> parse_ipn(std::string_view form_body) {
  auto fields = parse_form(form_body);
  if (!fields) return std::move(fields).error();
  Ipn ipn;
  for (const char* required : {"id", "payment_id", "status"}) {
    if (!find_field(*fields, required))
      return make_error(Errc::kParse, std::string("IPN: missing field '") + required + "'");
  }
  ipn.id = *find_field(*fields, "id");
  ipn.payment_id = *find_field(*fields, "payment_id");
  ipn.status = *find_field(*fields, "status");
  if (const auto* s = find_field(*fields, "amount")) {
    auto v = int_field(*s, "amount");
    if (!v) return std::move(v).error();
    ipn.amount = *v;
  }
  if (const auto* s = find_field(*fields, "date")) {
    auto v = int_field(*s, "date");
    if (!v) return std::move(v).error();
    ipn.date = *v;
  }
  if (const auto* s = find_field(*fields, "currency")) ipn.currency = *s;
  if (const auto* s = find_field(*fields, "method")) ipn.method = *s;
  if (const auto* s = find_field(*fields, "data")) ipn.data = *s;
  return ipn;
}

Result<Ipn> verify_ipn(std::string_view key, std::string_view secret_base64, std::string_view rest_key,
                       std::string_view rest_sign, std::string_view body) {
  auto secret = base64_decode(secret_base64);
  if (!secret) return make_error(Errc::kConfig, "the MtGox API secret is not valid base64");
  if (rest_key != key) return make_error(Errc::kInvalidArgument, "IPN signed with another key");
  if (!mtgox_signature_valid(*secret, body, rest_sign)) return make_error(Errc::kInvalidArgument, "IPN signature does not match its body");
  return parse_ipn(body);
}

std::string encode_ipn(const Ipn& ipn) {
  FormFields f = {{"id", ipn.id}, {"payment_id", ipn.payment_id}, {"status", ipn.status}};
  if (ipn.amount) f.emplace_back("amount", std::to_string(*ipn.amount));
  if (ipn.currency) f.emplace_back("currency", *ipn.currency);
  if (ipn.method) f.emplace_back("method", *ipn.method);
  if (ipn.date) f.emplace_back("date", std::to_string(*ipn.date));
  if (ipn.data) f.emplace_back("data", *ipn.data);
  return encode_form(f);
}

}  // namespace dealer::mtgox
