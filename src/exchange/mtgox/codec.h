// MtGox v1 response codec: the {"result":"success","return":...} envelope (or the bare payload of
// ?raw), error bodies, the plain-text "MySQL error" answer, and the IPN form.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "core/form.h"
#include "core/json_binding.h"
#include "exchange/mtgox/wire.h"

namespace dealer::mtgox {

enum class Envelope { kWrapped, kRaw };

// The 200 body MtGox sent under load. Clients treat it as retryable (Errc::kExchangeBusy).
inline constexpr std::string_view kBusyBody = "MySQL error, please retry later";

// An error body as an Error: Errc::kExchange, the text as message, the token as token.
Error to_error(const ErrorBody& body);

namespace detail {
// Reads the envelope, calling `read_return` for the "return" member; errors become values.
Status read_envelope(std::string_view body, const std::function<void(JsonReader&)>& read_return);
// Whether a body that failed to decode as a payload is an error body; if so, that error.
std::optional<Error> as_error_body(std::string_view body);
}  // namespace detail

// Decodes a response body into T: a success payload, or an Error (kExchange with the MtGox token,
// kExchangeBusy for the MySQL body, kParse naming member path and byte offset).
template <class T>
Result<T> decode_response(std::string_view body, Envelope envelope = Envelope::kWrapped) {
  if (body.starts_with(kBusyBody)) return make_error(Errc::kExchangeBusy, std::string(kBusyBody));
  if (envelope == Envelope::kRaw) {
    auto value = decode_json<T>(body);
    if (!value) {
      if (auto e = detail::as_error_body(body)) return std::move(*e);
    }
    return value;
  }
  T value{};
  Status s = detail::read_envelope(body, [&value](JsonReader& r) { json_detail::read_value(r, value, Enc::kDefault); });
  if (!s) return s.error();
  return value;
}

template <class T>
std::string encode_response(const T& payload, Envelope envelope = Envelope::kWrapped) {
  if (envelope == Envelope::kRaw) return encode_json(payload);
  JsonWriter w;
  w.begin_object();
  w.key("result");
  w.string("success");
  w.key("return");
  encode_json(w, payload);
  w.end_object();
  return w.take();
}

std::string encode_error(std::string_view message, std::string_view token);

// IPN form bodies, both ways. Parsing requires id, payment_id and status; a malformed amount or date
// is an error naming the field.
Result<Ipn> parse_ipn(std::string_view form_body);
std::string encode_ipn(const Ipn& ipn);

// For a merchant receiving an IPN POST: checks that it was signed by our own key (Rest-Key equals
// `key`, Rest-Sign is the HMAC of the exact body under `secret_base64`), then parses it. A forged or
// altered notification is an Errc::kInvalidArgument error, never an Ipn.
Result<Ipn> verify_ipn(std::string_view key, std::string_view secret_base64, std::string_view rest_key,
                       std::string_view rest_sign, std::string_view body);

}  // namespace dealer::mtgox
