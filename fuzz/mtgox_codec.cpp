// The MtGox v1 codec over any response body: every payload shape the client decodes, wrapped in the
// {"result":"success","return":...} envelope and bare (?raw), then the conversions to the domain model.
// Invariants: the codec round trip (codec_roundtrip.h); conversions return values or errors, never
// crash; a body that is neither a payload nor an error body is a parse error.
#include "exchange/mtgox/codec.h"
#include "exchange/mtgox/convert.h"
#include "fuzz/codec_roundtrip.h"

using namespace dealer::mtgox;  // the wire types; their domain namesakes are dealer::Ticker etc.
using dealer::Currency;
using dealer::Side;
namespace fuzz = dealer::fuzz;

namespace {

template <class T>
std::optional<T> decode_both(std::string_view body) {
  std::optional<T> wrapped;
  for (const Envelope envelope : {Envelope::kWrapped, Envelope::kRaw}) {
    auto value = fuzz::check_roundtrip<T>(
        body, [envelope](std::string_view b) { return decode_response<T>(b, envelope); },
        [envelope](const T& x) { return encode_response(x, envelope); });
    if (envelope == Envelope::kWrapped) wrapped = std::move(value);
  }
  return wrapped;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view body = fuzz::text_of(data, size);
  if (auto t = decode_both<Ticker>(body)) (void)to_domain(*t);
  if (auto d = decode_both<Depth>(body)) (void)to_domain(*d);
  if (auto trades = decode_both<std::vector<Trade>>(body)) {
    for (const auto& t : *trades) (void)to_domain(t);
  }
  if (auto info = decode_both<Info>(body)) (void)to_domain(*info);
  if (auto orders = decode_both<std::vector<Order>>(body)) {
    for (const auto& o : *orders) (void)to_domain(o);
  }
  if (auto r = decode_both<OrderResult>(body)) {
    (void)to_domain(*r, Side::kBid, Currency::usd());
    (void)to_domain(*r, Side::kAsk, Currency::usd());
  }
  if (auto trades = decode_both<std::vector<PrivateTrade>>(body)) {
    for (const auto& t : *trades) (void)to_own_trade(t, Currency::usd());
  }
  decode_both<CancelResult>(body);
  decode_both<std::vector<CancelledTid>>(body);
  decode_both<CurrencyInfo>(body);
  decode_both<HotpKey>(body);
  decode_both<Lag>(body);
  decode_both<std::string>(body);
  decode_both<MerchantOrder>(body);
  decode_both<WalletHistory>(body);
  decode_both<ErrorBody>(body);
  return 0;
}
