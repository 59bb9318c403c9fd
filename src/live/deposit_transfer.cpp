#include "live/deposit_transfer.h"

#include "core/form.h"
#include "exchange/metaexchange/codec.h"

namespace dealer::live {
namespace {

// The simulator's answer: {"txid": "..."}.
struct SentAnswer {
  std::string txid;
};
template <class V>
void describe(V& v, SentAnswer& t) {
  v("txid", t.txid);
}

}  // namespace

SimulatorTransfer::SimulatorTransfer(boost::asio::io_context& io, net::Url base, std::string mtgox_key,
                                     Scheduler& scheduler)
    : mtgox_key_(std::move(mtgox_key)),
      caller_(io, std::move(base), ApiCallerOptions{"the simulator's BTC transfer", 1, 1, {}, {}, &scheduler, {}}) {}

void SimulatorTransfer::send(const std::string& target, bool is_memo, int64_t amount, int64_t fee,
                             const std::string& txid, Callback<bool> done) {
  const FormFields fields = {{is_memo ? "memo" : "deposit_address", target},
                             {"amount", format_units(amount, 8)},
                             {"fee", format_units(fee, 8)},
                             {"txid", txid},
                             {"mtgox_key", mtgox_key_}};
  ApiCaller::Call c{"sim/metaexchange/deposit", true, false,
                    [body = encode_form(fields)]() -> Result<net::HttpRequest> {
                      net::HttpRequest r;
                      r.method = "POST";
                      r.target = "/sim/metaexchange/deposit";
                      r.body = body;
                      r.headers = {{"Accept", "application/json"},
                                   {"Content-Type", "application/x-www-form-urlencoded"}};
                      return r;
                    },
                    [](const net::HttpResponse& r) -> Status {
                      if (r.status == 403) return make_error(Errc::kRateLimited, "HTTP 403: over the rate limit");
                      auto answer = metaexchange::decode_response<SentAnswer>(r.body);
                      if (!answer) return std::move(answer).error();
                      return {};
                    }};
  caller_.run(std::move(c), std::move(done));
}

}  // namespace dealer::live
