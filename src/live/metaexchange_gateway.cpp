#include "live/metaexchange_gateway.h"

#include <algorithm>
#include <random>
#include <sstream>

#include "live/logging.h"
#include "strategies/params.h"

namespace dealer::live {
namespace {

using strategies::GatewayDepositStatus;
using State = GatewayDepositStatus::State;

constexpr size_t kQuotesKept = 4;
constexpr int kPollsFresh = 3;  // answers older than this many polls are stale
// How each transfer state is saved: a send in flight may have arrived, so it is checked after a restart.
constexpr std::string_view kTransferNames[] = {"send", "check", "check", "check", "sent"};

// A transaction id as a blockchain's: 64 hex digits, random, so a retry can be recognised by it.
std::string new_txid() {
  static constexpr char kHex[] = "0123456789abcdef";
  std::random_device device;
  std::string id;
  for (int i = 0; i < 8; ++i) {
    uint32_t bits = device();
    for (int j = 0; j < 8; ++j, bits >>= 4) id += kHex[bits & 15];
  }
  return id;
}

Result<int64_t> units_of(const Decimal& d, const char* what) {
  auto u = d.to_units(8);
  if (!u) return make_error(Errc::kParse, std::string("the gateway's ") + what + " " + d.to_string() + ": " + u.error().message);
  return u;
}

bool is_final(metaexchange::OrderStatus s) {
  using metaexchange::OrderStatus;
  return s == OrderStatus::kCompleted || s == OrderStatus::kRefunded || s == OrderStatus::kFailure;
}

// The outcome of a deposit from the outputs the gateway lists for it, once every one is final.
std::optional<GatewayDepositStatus> outcome_of(const std::vector<metaexchange::Transaction>& outputs) {
  if (outputs.empty()) return std::nullopt;
  GatewayDepositStatus s;
  bool failed = false;
  for (const auto& t : outputs) {
    if (!is_final(t.status)) return std::nullopt;
    auto amount = units_of(t.amount, "amount");
    if (!amount) return std::nullopt;  // unreadable: asked again on the next poll
    if (t.status == metaexchange::OrderStatus::kCompleted) s.received += *amount;
    if (t.status == metaexchange::OrderStatus::kRefunded) s.refunded += *amount;
    failed |= t.status == metaexchange::OrderStatus::kFailure;
    if (t.notes && !t.notes->empty()) s.note += (s.note.empty() ? "" : "; ") + *t.notes;
  }
  if (failed) s.note = "the gateway reports a permanent failure" + (s.note.empty() ? "" : ": " + s.note);
  s.state = s.received > 0 ? State::kCompleted : State::kRefunded;
  return s;
}

}  // namespace

MetaexchangeGateway::MetaexchangeGateway(std::unique_ptr<metaexchange::Client> client,
                                         std::unique_ptr<DepositTransfer> transfer, Scheduler& scheduler,
                                         MetaexchangeGatewayOptions options)
    : client_(std::move(client)), transfer_(std::move(transfer)), scheduler_(scheduler), options_(std::move(options)) {
  timer_ = scheduler_.after(Micros(0), [this] { poll(); });
}

MetaexchangeGateway::~MetaexchangeGateway() { scheduler_.cancel(timer_); }

bool MetaexchangeGateway::fresh(MonoTime at) const {
  return at != MonoTime{} && scheduler_.now() - at <= options_.poll * kPollsFresh;
}

Result<strategies::GatewayOffer> MetaexchangeGateway::quote(int64_t amount, WallTime) const {
  if (!quotes_.contains(amount) && quotes_.size() >= kQuotesKept) {  // the least recently asked goes
    quotes_.erase(std::min_element(quotes_.begin(), quotes_.end(), [](const auto& a, const auto& b) {
      return a.second.asked < b.second.asked;
    }));
  }
  CachedQuote& q = quotes_[amount];
  q.asked = scheduler_.now();
  if (!address_) return make_error(Errc::kNotFound, "no deposit address from the gateway yet");
  if (!max_deposit_ || !fresh(market_at_)) return make_error(Errc::kNotFound, "no recent getMarket answer");
  if (!fresh(q.at)) return make_error(Errc::kNotFound, "no recent getQuote for " + format_units(amount, 8) + " BTC");
  strategies::GatewayOffer offer = q.offer;
  offer.max_deposit = *max_deposit_;
  return offer;
}

Result<std::string> MetaexchangeGateway::deposit(int64_t amount, int64_t network_fee, WallTime) {
  if (!address_) return make_error(Errc::kNotFound, "no deposit address from the gateway yet");
  if (amount <= 0 || network_fee < 0) return make_error(Errc::kInvalidArgument, "a deposit must be positive");
  auto d = std::make_unique<Deposit>();
  d->txid = new_txid();
  d->amount = amount;
  d->fee = network_fee;
  deposits_.push_back(std::move(d));
  send(*deposits_.back());
  return deposits_.back()->txid;
}

Result<GatewayDepositStatus> MetaexchangeGateway::status(const std::string& id, WallTime) const {
  Deposit* d = find(id);
  if (!d) {  // not in the saved state (never ours?): followed at the gateway, never sent from here
    log_warn("gateway deposit " + id + ": not known here; following it at the gateway");
    deposits_.push_back(std::make_unique<Deposit>());
    deposits_.back()->txid = id;
    deposits_.back()->transfer = Transfer::kSent;
    return GatewayDepositStatus{};
  }
  if (!d->outcome) return GatewayDepositStatus{};
  GatewayDepositStatus s = *d->outcome;
  std::erase_if(deposits_, [&id](const auto& p) { return p->txid == id; });
  return s;
}

MetaexchangeGateway::Deposit* MetaexchangeGateway::find(const std::string& txid) const {
  for (const auto& d : deposits_)
    if (d->txid == txid) return d.get();
  return nullptr;
}

void MetaexchangeGateway::poll() {
  if (!address_) ask_address();
  ask_market();
  for (const auto& [amount, q] : quotes_) ask_quote(amount);
  for (const auto& d : deposits_) follow(*d);
  timer_ = scheduler_.after(options_.poll, [this] { poll(); });
}

void MetaexchangeGateway::ask_address() {
  if (address_in_flight_) return;
  address_in_flight_ = true;
  metaexchange::SubmitRequest r;
  r.symbol_pair = options_.symbol_pair;
  r.receiving_address = options_.receiving_address;
  r.type = options_.btc_is_quote ? metaexchange::OrderType::kBuy : metaexchange::OrderType::kSell;
  // submitAddress only registers where to pay out: asking again after a lost answer gives the same
  // kind of address and moves no money.
  client_->submit_address(r, [this](Result<metaexchange::DepositDetails> a) {
    address_in_flight_ = false;
    if (!a) return failed("submitAddress", a.error());
    answered("submitAddress");
    address_ = std::move(*a);
    log_info("gateway " + options_.symbol_pair + ": deposits go to " +
             (address_->memo ? "memo " + *address_->memo : address_->deposit_address));
  });
}

void MetaexchangeGateway::ask_market() {
  if (market_in_flight_) return;
  market_in_flight_ = true;
  client_->market(options_.symbol_pair, [this](Result<metaexchange::Market> m) {
    market_in_flight_ = false;
    if (!m) return failed("getMarket", m.error());
    auto max = units_of(options_.btc_is_quote ? m->ask_max : m->bid_max, "maximum");
    if (!max) return failed("getMarket", max.error());
    answered("getMarket");
    max_deposit_ = *max;
    market_at_ = scheduler_.now();
  });
}

void MetaexchangeGateway::ask_quote(int64_t amount) {
  CachedQuote& q = quotes_[amount];
  if (q.in_flight) return;
  q.in_flight = true;
  const auto type = options_.btc_is_quote ? metaexchange::OrderType::kBuy : metaexchange::OrderType::kSell;
  client_->quote(options_.symbol_pair, type, Decimal(amount, 8), [this, amount](Result<metaexchange::Quote> r) {
    auto it = quotes_.find(amount);
    if (it == quotes_.end()) return;  // no longer asked for
    it->second.in_flight = false;
    if (!r) return failed("getQuote", r.error());
    auto receive = units_of(r->result, "quote");
    if (!receive) return failed("getQuote", receive.error());
    auto remaining = units_of(r->remaining, "remaining");
    if (!remaining) return failed("getQuote", remaining.error());
    answered("getQuote");
    it->second.offer.receive = *receive;
    it->second.offer.refund = *remaining;
    it->second.at = scheduler_.now();
  });
}

void MetaexchangeGateway::follow(Deposit& d) {
  if (d.outcome) return;
  if (d.transfer == Transfer::kSend) {
    if (address_) send(d);  // a restored deposit waits for the address
    return;
  }
  if (d.transfer == Transfer::kCheck || d.transfer == Transfer::kSent) ask_status(d);
}

void MetaexchangeGateway::send(Deposit& d) {
  d.transfer = Transfer::kSending;
  const bool memo = address_->memo.has_value();
  transfer_->send(memo ? *address_->memo : address_->deposit_address, memo, d.amount, d.fee, d.txid,
                  [this, txid = d.txid](Result<bool> r) {
                    Deposit* d = find(txid);
                    if (!d) return;
                    if (r) {
                      d->transfer = Transfer::kSent;
                      return log_info("gateway deposit " + txid + ": " + format_units(d->amount, 8) + " BTC sent");
                    }
                    const Error& e = r.error();
                    log_warn("gateway deposit " + txid + ": transfer: " + e.describe());
                    // Perhaps sent (a lost answer), or refused (perhaps as a late duplicate): the gateway
                    // says which. Anything else left nothing behind: the next poll sends it.
                    const bool maybe_sent = e.code == Errc::kAmbiguous || e.code == Errc::kExchange;
                    d->transfer = maybe_sent ? Transfer::kCheck : Transfer::kSend;
                    if (e.code == Errc::kExchange) d->refusal = e.message;
                  });
}

void MetaexchangeGateway::ask_status(Deposit& d) {
  if (d.asking) return;
  d.asking = true;
  if (d.transfer == Transfer::kCheck) d.transfer = Transfer::kChecking;
  client_->order_statuses(d.txid, [this, txid = d.txid](Result<std::vector<metaexchange::Transaction>> r) {
    Deposit* d = find(txid);
    if (!d) return;
    d->asking = false;
    const bool checking = d->transfer == Transfer::kChecking;
    if (r) {
      answered("getOrderStatus");
      d->transfer = Transfer::kSent;
      d->refusal.clear();
      d->outcome = outcome_of(*r);
      return;
    }
    if (metaexchange::error_code(r.error()) != metaexchange::ErrorCode::kOrderNotFound) {
      if (checking) d->transfer = Transfer::kCheck;
      return failed("getOrderStatus", r.error());
    }
    if (!checking) return;  // sent, not seen by the gateway yet
    if (d->refusal.empty()) {
      d->transfer = Transfer::kSend;  // it never arrived: sent again, same id
      return;
    }
    d->outcome = GatewayDepositStatus{State::kRefunded, 0, d->amount, "not sent: " + d->refusal};
  });
}

void MetaexchangeGateway::failed(const std::string& call, const Error& e) {
  std::string text = e.describe();
  auto [it, first] = failing_.try_emplace(call, text);
  if (!first && it->second == text) return;  // the same trouble as last time: said already
  it->second = std::move(text);
  log_warn("gateway " + call + ": " + it->second);
}

void MetaexchangeGateway::answered(const std::string& call) {
  if (failing_.erase(call) > 0) log_info("gateway " + call + ": answering again");
}

std::string MetaexchangeGateway::save_state() const {
  std::ostringstream out;
  for (const auto& d : deposits_) {
    // A final outcome not yet reported is asked again after a restart: saved as sent.
    const auto t = d->outcome ? Transfer::kSent : d->transfer;
    out << d->txid << ' ' << d->amount << ' ' << d->fee << ' ' << kTransferNames[static_cast<size_t>(t)] << '\n';
  }
  return out.str();
}

Status MetaexchangeGateway::load_state(std::string_view text) {
  std::vector<std::unique_ptr<Deposit>> loaded;
  std::istringstream in{std::string(text)};
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    auto d = std::make_unique<Deposit>();
    std::string transfer;
    fields >> d->txid >> d->amount >> d->fee >> transfer;
    if (!fields || d->amount < 0 || d->fee < 0 || (transfer != "send" && transfer != "check" && transfer != "sent"))
      return make_error(Errc::kParse, "gateway deposit state \"" + line + "\" is not \"TXID AMOUNT FEE send|check|sent\"");
    d->transfer = transfer == "send" ? Transfer::kSend : transfer == "check" ? Transfer::kCheck : Transfer::kSent;
    loaded.push_back(std::move(d));
  }
  deposits_ = std::move(loaded);
  return {};
}

namespace {

// The `gateway:` block of `mode: metaexchange`.
MetaexchangeGatewayOptions read_options(const config::Node& n, std::string& url) {
  n.allow_keys({"mode", "url", "symbol_pair", "receiving_address", "poll", "transfer"});
  url = n["url"].string();
  MetaexchangeGatewayOptions o;
  o.symbol_pair = n["symbol_pair"].string();
  o.btc_is_quote = strategies::btc_is_quote(n["symbol_pair"]);
  o.receiving_address = n["receiving_address"].string();
  if (o.receiving_address.empty()) n["receiving_address"].fail("must not be empty");
  o.poll = n["poll"].duration(std::chrono::seconds(1), std::chrono::hours(1), std::chrono::seconds(5));
  const std::string transfer = n["transfer"].string("simulator");
  if (transfer != "simulator") {
    n["transfer"].fail("only \"simulator\" is available: the MtGox API v1 documents no withdrawal, so the "
                       "simulator's /sim/metaexchange/deposit stands in for sending the BTC");
  }
  return o;
}

}  // namespace

strategies::StrategyServices live_strategy_services(boost::asio::io_context& io, Scheduler& scheduler,
                                                    std::string mtgox_key) {
  strategies::StrategyServices s;
  s.live_gateway = [&io, &scheduler, mtgox_key](const config::Node& n) -> std::unique_ptr<strategies::GatewayLeg> {
    std::string url;
    MetaexchangeGatewayOptions options = read_options(n, url);
    metaexchange::ClientOptions client_options;
    client_options.base_url = url;
    client_options.scheduler = &scheduler;
    auto client = metaexchange::Client::create(io, client_options);
    if (!client) n["url"].fail(client.error().message);
    auto base = net::parse_url(url);
    if (!base) n["url"].fail(base.error().message);
    auto transfer = std::make_unique<SimulatorTransfer>(io, *base, mtgox_key, scheduler);
    return std::make_unique<MetaexchangeGateway>(std::move(*client), std::move(transfer), scheduler, std::move(options));
  };
  return s;
}

}  // namespace dealer::live
