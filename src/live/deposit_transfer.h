// DepositTransfer: how the BTC bought on MtGox reaches a gateway's deposit address, as the transaction
// `txid` that the caller picks, so that a lost answer can be looked up at the gateway by that id
// before anything is sent again. The MtGox API v1 seed (tests/data/seeds/mtgox-api-v1.txt) documents
// no withdrawal, so the one transfer is the simulator's: SimulatorTransfer posts to
// /sim/metaexchange/deposit with the MtGox key, and the simulator takes the BTC (and the miner's fee)
// from that MtGox account as it deposits them at its gateway.
//
// Ownership: destroying a transfer drops its calls in flight (no callback runs). Single io_context
// thread.
#pragma once

#include <boost/asio/io_context.hpp>
#include <cstdint>
#include <string>

#include "exchange/api_caller.h"

namespace dealer::live {

class DepositTransfer {
 public:
  virtual ~DepositTransfer() = default;
  // Sends `amount` BTC units to `target` (the deposit address, or the memo for a market that gives
  // one), paying `fee` on top. Answers true once sent; Errc::kExchange (the gateway's refusal, nothing
  // sent); Errc::kAmbiguous (the answer was lost: perhaps sent); any other error: nothing was sent.
  virtual void send(const std::string& target, bool is_memo, int64_t amount, int64_t fee, const std::string& txid,
                    Callback<bool> done) = 0;
};

class SimulatorTransfer final : public DepositTransfer {
 public:
  // `base`: the simulator ("http://127.0.0.1:PORT"); `mtgox_key`: the account the BTC comes from.
  SimulatorTransfer(boost::asio::io_context& io, net::Url base, std::string mtgox_key, Scheduler& scheduler);

  void send(const std::string& target, bool is_memo, int64_t amount, int64_t fee, const std::string& txid,
            Callback<bool> done) override;

 private:
  std::string mtgox_key_;
  ApiCaller caller_;
};

}  // namespace dealer::live
