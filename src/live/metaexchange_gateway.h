// MetaexchangeGateway: gateway_arbitrage's live gateway leg (strategies/gateway_leg.h) on the
// Metaexchange API (tests/data/seeds/metaexchange-api.txt). The strategy asks synchronously, on the
// core's thread; the API answers asynchronously. So the leg polls on its own, every `poll`, on the same
// io_context thread, and answers the strategy from what it last heard:
//   - quote: getMarket (ask_max or bid_max) and api/2/getQuote for the amounts the strategy asked about
//     (the last four), none older than three polls, and the deposit address from submitAddress. Until
//     all are there, quote() says what is missing and no round starts; an amount asked about for the
//     first time is quoted from the next poll on.
//   - deposit: picks the transaction id, answers it at once, and sends the BTC through the
//     DepositTransfer (live/deposit_transfer.h). A transfer whose answer was lost is never sent again
//     blindly: api/2/getOrderStatus says whether the gateway has that transaction, and only if it
//     does not (OrderNotFound) is it sent again, with the same id. A refusal is checked the same way
//     before it is believed, since an earlier send of the same transaction may have arrived late.
//   - status: pending until the transfer is confirmed and every output the gateway lists for the
//     deposit is final; then completed (received: the completed outputs' amounts) or refunded (the
//     refunded outputs' amounts and the gateway's note). A transfer refused outright, so nothing was
//     sent, is reported refunded in full with the refusal as its note; the gateway's `failure` is
//     reported refunded with nothing back.
// Saved state: the deposits not yet reported final, so a restart picks up a transfer or a deposit in
// flight; an id the leg does not know (reported final before a crash that lost the save) is looked up
// at the gateway again.
//
// Ownership: owns its client and transfer; destroying the leg drops their calls and its poll timer.
// Single io_context thread (the core's).
#pragma once

#include <boost/asio/io_context.hpp>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/scheduler.h"
#include "exchange/metaexchange/client.h"
#include "live/deposit_transfer.h"
#include "strategies/gateway_leg.h"
#include "strategies/registry.h"

namespace dealer::live {

struct MetaexchangeGatewayOptions {
  std::string symbol_pair;        // "bitUSD_BTC": BTC on exactly one side
  bool btc_is_quote = true;       // a BTC deposit buys the base asset (else it sells base BTC)
  std::string receiving_address;  // where the gateway pays out
  Micros poll = std::chrono::seconds(5);
};

class MetaexchangeGateway final : public strategies::GatewayLeg {
 public:
  MetaexchangeGateway(std::unique_ptr<metaexchange::Client> client, std::unique_ptr<DepositTransfer> transfer,
                      Scheduler& scheduler, MetaexchangeGatewayOptions options);
  ~MetaexchangeGateway() override;
  MetaexchangeGateway(const MetaexchangeGateway&) = delete;
  MetaexchangeGateway& operator=(const MetaexchangeGateway&) = delete;

  Result<strategies::GatewayOffer> quote(int64_t amount, WallTime now) const override;
  Result<std::string> deposit(int64_t amount, int64_t network_fee, WallTime now) override;
  Result<strategies::GatewayDepositStatus> status(const std::string& id, WallTime now) const override;
  // One line per deposit not yet reported final: "txid amount fee send|check|sent".
  std::string save_state() const override;
  Status load_state(std::string_view text) override;

 private:
  enum class Transfer { kSend, kSending, kCheck, kChecking, kSent };
  struct Deposit {
    std::string txid;
    int64_t amount = 0, fee = 0;
    Transfer transfer = Transfer::kSend;
    std::string refusal;  // the last send was refused: final unless the gateway has the deposit anyway
    bool asking = false;  // a getOrderStatus for it is in flight
    std::optional<strategies::GatewayDepositStatus> outcome;  // final
  };
  struct CachedQuote {
    strategies::GatewayOffer offer;
    MonoTime at{};
    MonoTime asked{};  // last asked for by the strategy: the least recent is dropped first
    bool in_flight = false;
  };

  void poll();
  void ask_address();
  void ask_market();
  void ask_quote(int64_t amount);
  void follow(Deposit& d);
  void send(Deposit& d);
  void ask_status(Deposit& d);
  bool fresh(MonoTime at) const;
  // A failed call is logged once, not on every poll of an outage: again only when the error changes,
  // and once more ("answering again") when the call next succeeds.
  void failed(const std::string& call, const Error& e);
  void answered(const std::string& call);
  Deposit* find(const std::string& txid) const;

  std::unique_ptr<metaexchange::Client> client_;
  std::unique_ptr<DepositTransfer> transfer_;
  Scheduler& scheduler_;
  MetaexchangeGatewayOptions options_;
  Scheduler::TimerId timer_ = 0;
  // What the gateway last said; `mutable`: the strategy's const quote()/status() note what to ask next.
  std::optional<metaexchange::DepositDetails> address_;
  bool address_in_flight_ = false;
  std::optional<int64_t> max_deposit_;
  MonoTime market_at_{};
  bool market_in_flight_ = false;
  mutable std::map<int64_t, CachedQuote> quotes_;
  std::map<std::string, std::string> failing_;  // call -> the error last logged for it
  mutable std::vector<std::unique_ptr<Deposit>> deposits_;
};

// `dealer run`'s services for its strategies: the live gateway leg for a `gateway:` block with
// `mode: metaexchange` (keys: mode, url, symbol_pair, receiving_address, poll, transfer), whose BTC comes
// from the MtGox account of `mtgox_key` (transfer: simulator, the only one).
strategies::StrategyServices live_strategy_services(boost::asio::io_context& io, Scheduler& scheduler,
                                                    std::string mtgox_key);

}  // namespace dealer::live
