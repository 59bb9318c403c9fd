#include "sim/simulator.h"

#include <limits>

#include "core/json_binding.h"
#include "core/json_writer.h"
#include "exchange/mtgox/codec.h"

namespace dealer::sim {

Simulator::Simulator(boost::asio::io_context& io, const ExchangeConfig& config, std::vector<Trade> recorded,
                     const Clock& exchange_clock, const Clock& steady_clock, const Clock& wall_clock)
    : engine_(config, std::move(recorded), exchange_clock),
      merchant_(io, engine_, config.ipn_retry_seconds),
      limiter_(config.rate_limits, steady_clock),
      mtgox_(engine_, merchant_, limiter_),
      gateway_(config.metaexchange, wall_clock),
      metaexchange_(gateway_),
      faults_(config.faults) {}

net::Reply Simulator::handle(const net::HttpRequest& request) {
  engine_.advance();
  if (!tape_end_told_ && engine_.replay_over() && engine_.replayed() > 0) {
    tape_end_told_ = true;
    if (tape_end_) tape_end_(engine_.replayed());
  }
  const std::string_view path = request.path();
  if (path.starts_with("/sim/")) return control(request);
  const MtGoxRoute route = route_mtgox(path);
  count_mtgox(request, route);
  if (route.endpoint.empty())
    return stats_.answered(
        {mtgox_error(404, "Unknown API call: " + std::string(path.substr(0, 200)), "api_not_found")});
  if (faults_.refuses()) return stats_.answered({mtgox_rate_limited()});
  if (route.endpoint == "order/add" && faults_.denies_order())  // an id for an order never placed
    return stats_.answered(
        faults_.apply({200, "application/json", mtgox::encode_response(engine_.new_uuid()), {}}));
  // mtgox_.handle applies the rate limits.
  return stats_.answered(faults_.apply(mtgox_.handle(request, route), route.endpoint));
}

void Simulator::count_mtgox(const net::HttpRequest& request, const MtGoxRoute& route) {
  if (route.endpoint.empty()) return stats_.count_public("mtgox", RequestStats::kUnknownEndpoint);
  if (!route.is_private) return stats_.count_public("mtgox", route.endpoint);
  // Named by the account, never by the key itself (keys stay out of answers and logs).
  const std::string_view key = request.header("Rest-Key");
  const Account* account = key.empty() ? nullptr : engine_.find_account(key);
  std::string_view name = "(no key)";
  if (!key.empty()) name = account ? std::string_view(account->config.name) : "(unknown key)";
  stats_.count_private("mtgox", name, route.endpoint);
}

net::Reply Simulator::handle_metaexchange(const net::HttpRequest& request) {
  gateway_.advance();
  const std::string_view path = request.path();
  if (path.starts_with("/sim/")) return control(request);
  const std::string endpoint = MetaexchangeApi::endpoint_of(path);
  stats_.count_public("metaexchange", endpoint.empty() ? RequestStats::kUnknownEndpoint : endpoint);
  if (!endpoint.empty() && (faults_.refuses() || !limiter_.allow(request.remote, endpoint)))
    return stats_.answered(
        {metaexchange_error(403, metaexchange::ErrorCode::kGeneralException, "Rate limit exceeded")});
  return stats_.answered(faults_.apply(metaexchange_.handle(request)));
}

net::Reply Simulator::control(const net::HttpRequest& request) {
  const std::string_view path = request.path();
  if (path == "/sim/faults") {
    if (request.method == "POST") {
      auto fields = parse_form(request.body);
      if (!fields) return {net::HttpResponse{400, "text/plain", fields.error().message, {}}};
      Status s = faults_.update(*fields);
      if (!s) return {net::HttpResponse{400, "text/plain", s.error().message, {}}};
    }
    return {net::HttpResponse{200, "application/json", faults_.describe_json(), {}}};
  }
  constexpr std::string_view kPay = "/sim/merchant/pay/";
  if (path.starts_with(kPay) && request.method == "POST") return {merchant_.pay(path.substr(kPay.size()))};
  if (path == "/sim/merchant/ipn") return {merchant_.deliveries()};
  if (path == "/sim/metaexchange/deposit" && request.method == "POST") return {deposit(request.body)};
  if (path == "/sim/mtgox/orders") return {orders()};
  if (path == "/sim/stats" && request.method == "GET") return {stats()};
  return {net::HttpResponse{404, "text/plain", "no such simulator control", {}}};
}

net::HttpResponse Simulator::deposit(std::string_view body) {
  auto fields = parse_form(body);
  if (!fields) return metaexchange_error(400, metaexchange::ErrorCode::kInvalidParameter, fields.error().message);
  const std::string* target = find_field(*fields, "deposit_address");
  if (!target) target = find_field(*fields, "memo");
  const std::string* amount = find_field(*fields, "amount");
  if (!target || !amount)
    return metaexchange_error(400, metaexchange::ErrorCode::kMissingParameter, "deposit_address or memo, and amount, are required");
  auto units = parse_units(*amount, 8);
  if (!units) return metaexchange_error(400, metaexchange::ErrorCode::kInvalidParameter, "Invalid parameter: amount");
  std::optional<std::string> txid;
  if (const std::string* t = find_field(*fields, "txid")) txid = *t;
  // With mtgox_key the BTC comes from that MtGox account (amount plus the miner's `fee`, which leaves
  // the system), standing in for a withdrawal the MtGox v1 seed does not document; checked before the
  // deposit, taken after it, so a refused deposit (a txid seen before) takes nothing.
  const Account* from = nullptr;
  int64_t withdrawn = 0;
  if (const std::string* key = find_field(*fields, "mtgox_key")) {
    from = engine_.find_account(*key);
    if (!from) return metaexchange_error(400, metaexchange::ErrorCode::kInvalidAccount, "no MtGox account has this key");
    const std::string* fee_text = find_field(*fields, "fee");
    auto fee = fee_text ? parse_units(*fee_text, 8) : Result<int64_t>(0);
    if (!fee || *fee < 0 || *fee > std::numeric_limits<int64_t>::max() - *units)
      return metaexchange_error(400, metaexchange::ErrorCode::kInvalidParameter, "Invalid parameter: fee");
    withdrawn = *units + *fee;
    const Wallet& btc = from->wallets[Currency::btc().index()];
    if (*units <= 0 || btc.available().raw() < withdrawn) {
      return metaexchange_error(400, metaexchange::ErrorCode::kInvalidParameter,
                                "the MtGox account has " + format_units(btc.available().raw(), 8) +
                                    " BTC available, not the " + format_units(withdrawn, 8) + " to send");
    }
  }
  auto r = gateway_.deposit(*target, *units, txid);
  if (const auto* e = std::get_if<GatewayError>(&r)) return metaexchange_error(400, e->code, e->message);
  if (from) (void)engine_.withdraw(static_cast<int>(from - engine_.accounts().data()), Currency::btc(), Funds(withdrawn));
  JsonWriter w;  // the txid may be the caller's own text: escaped, never pasted
  w.begin_object();
  w.key("txid");
  w.string(std::get<std::string>(r));
  w.end_object();
  return net::HttpResponse{200, "application/json", w.take(), {}};
}

// Every order of every account, open or not, in the order each account placed them: what MtGox never
// listed (its API shows open orders only), so that tests can compare a bot's history with the exchange's.
net::HttpResponse Simulator::orders() const {
  static constexpr std::string_view kStates[] = {"open", "invalid", "done", "cancelled"};
  JsonWriter w;
  w.begin_array();
  const auto& accounts = engine_.accounts();
  for (size_t a = 0; a < accounts.size(); ++a) {
    for (const SimOrder* o : engine_.orders_of(static_cast<int>(a))) {
      w.begin_object();
      w.key("account");
      w.string(accounts[a].config.name);
      w.key("oid");
      w.string(o->oid);
      w.key("side");
      w.string(to_string(o->side));
      w.key("price_int");
      w.integer(o->price.raw());
      w.key("amount_int");
      w.integer(o->amount.raw());
      w.key("remaining_int");
      w.integer(o->remaining.raw());
      w.key("state");
      w.string(kStates[static_cast<size_t>(o->state)]);
      w.end_object();
    }
  }
  w.end_array();
  return net::HttpResponse{200, "application/json", w.take(), {}};
}

net::HttpResponse Simulator::stats() const {
  JsonWriter w;
  w.begin_object();
  stats_.write(w);
  faults_.write_counts(w);
  w.key("rate_limited");  // refusals by the real limits, not the injected bursts
  w.integer(limiter_.refused());
  w.end_object();
  return net::HttpResponse{200, "application/json", w.take(), {}};
}

void shift_trades(std::vector<Trade>& trades, int64_t start_us) {
  if (trades.empty()) return;
  const int64_t by = start_us - trades.front().tid;
  for (Trade& t : trades) {
    t.tid += by;
    t.date = t.tid / 1'000'000;
  }
}

std::unique_ptr<Clock> make_exchange_clock(const MarketConfig& market, const std::vector<Trade>& recorded) {
  if (recorded.empty()) return std::make_unique<SystemClock>();
  if (market.speed == 0) return std::make_unique<ScaledClock>(recorded.back().tid, 1);
  return std::make_unique<ScaledClock>(recorded.front().tid, market.speed);
}

}  // namespace dealer::sim
