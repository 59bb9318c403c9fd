// The Metaexchange v1/v2 codec over any response body: every payload shape the client decodes.
// Invariant: the codec round trip (codec_roundtrip.h); the error object becomes an error value.
#include "exchange/metaexchange/codec.h"
#include "fuzz/codec_roundtrip.h"

using namespace dealer;
using namespace dealer::metaexchange;

namespace {

template <class T>
void check_shape(std::string_view body) {
  fuzz::check_roundtrip<T>(
      body, [](std::string_view b) { return decode_response<T>(b); },
      [](const T& x) { return encode_response(x); });
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view body = fuzz::text_of(data, size);
  check_shape<Market>(body);
  check_shape<std::vector<Market>>(body);
  check_shape<DepositDetails>(body);
  check_shape<Transaction>(body);
  check_shape<std::vector<Transaction>>(body);
  check_shape<Quote>(body);
  check_shape<std::vector<OpenOrder>>(body);
  check_shape<OrderBook>(body);
  check_shape<ErrorBody>(body);
  return 0;
}
