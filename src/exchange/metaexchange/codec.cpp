#include "exchange/metaexchange/codec.h"

namespace dealer::metaexchange {

std::span<const std::string_view> enum_names(OrderType) {
  static constexpr std::string_view kNames[] = {"none", "buy", "sell", "buyLimit", "sellLimit"};
  return kNames;
}

std::span<const std::string_view> enum_names(OrderStatus) {
  static constexpr std::string_view kNames[] = {"none",   "processing", "completed",   "refunded",
                                                "pending", "placed",     "partialFill", "failure"};
  return kNames;
}

std::string_view error_name(int code) {
  static constexpr std::string_view kNames[] = {
      "None",          "GeneralException", "MissingParameter", "UnknownMarket",    "InvalidAddress",
      "InvalidAccount", "OrderNotFound",   "UnknownCurrency",  "NetworkAlert",     "InvalidParameter",
      "Unsupported",   "OrderException",   "BadCaptcha"};
  if (code < 1 || code > 13) return "Unknown";
  return kNames[code - 1];
}

Error to_error(const ErrorBody& body) {
  const int code = static_cast<int>(body.error);
  return make_error(Errc::kExchange,
                    "Metaexchange error " + std::to_string(body.error) + " (" + std::string(error_name(code)) +
                        "): " + body.message,
                    std::string(error_name(code)));
}

namespace detail {
std::optional<Error> as_error_body(std::string_view body) {
  auto e = decode_json<ErrorBody>(body);
  if (!e) return std::nullopt;
  return to_error(*e);
}
}  // namespace detail

std::string encode_error(ErrorCode code, std::string_view message) {
  return encode_json(ErrorBody{static_cast<int64_t>(code), std::string(message)});
}

}  // namespace dealer::metaexchange
