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

namespace {

// "NAME VALUE is below zero" when `value` < 0 (or <= 0 with `positive`).
std::optional<std::string> sign_fault(const char* name, const Decimal& value, bool positive = false) {
  const Decimal zero(0, 0);
  if (value > zero || (!positive && value == zero)) return std::nullopt;
  return std::string(name) + " " + value.to_string() + (positive ? " is not above zero" : " is below zero");
}

std::optional<std::string> fee_fault(const char* name, const Decimal& percent) {
  if (auto f = sign_fault(name, percent)) return f;
  if (percent < Decimal(100, 0)) return std::nullopt;
  return std::string(name) + " " + percent.to_string() + " is 100 % or more";
}

template <class... Checks>
std::optional<std::string> first_of(std::string_view what, Checks... checks) {
  std::optional<std::string> found;
  ((found = found ? found : checks), ...);
  if (found) return std::string(what) + ": " + *found;
  return found;
}

}  // namespace

std::optional<std::string> implausible(const Market& m) {
  return first_of("market " + m.symbol_pair, sign_fault("ask", m.ask), sign_fault("bid", m.bid),
                  sign_fault("ask_max", m.ask_max), sign_fault("bid_max", m.bid_max),
                  fee_fault("ask_fee_percent", m.ask_fee_percent),
                  fee_fault("bid_fee_percent", m.bid_fee_percent));
}

std::optional<std::string> implausible(const Transaction& t) {
  return first_of("transaction " + t.received_txid, sign_fault("amount", t.amount),
                  sign_fault("price", t.price), sign_fault("fee", t.fee),
                  sign_fault("miners_fee", t.miners_fee));
}

std::optional<std::string> implausible(const Quote& q) {
  return first_of("quote", sign_fault("result", q.result), sign_fault("remaining", q.remaining));
}

std::optional<std::string> implausible(const OpenOrder& o) {
  return first_of("open order " + o.txid, sign_fault("total_balance", o.total_balance),
                  sign_fault("remaining_balance", o.remaining_balance), sign_fault("price", o.price));
}

std::optional<std::string> implausible(const OrderBook& b) {
  for (const auto* side : {&b.bids, &b.asks}) {
    for (const BookEntry& e : *side) {
      if (auto f = first_of(side == &b.bids ? "order book bid" : "order book ask",
                            sign_fault("price", e.price, true), sign_fault("amount", e.amount, true)))
        return f;
    }
  }
  return std::nullopt;
}

std::string encode_error(ErrorCode code, std::string_view message) {
  return encode_json(ErrorBody{static_cast<int64_t>(code), std::string(message)});
}

}  // namespace dealer::metaexchange
