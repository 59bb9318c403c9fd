// The merchant's IPN verifier (mtgox::verify_ipn) over any POST body. Invariants: with the right key and
// signature it accepts exactly what parse_ipn accepts, with the same fields; a signature over other
// bytes, arbitrary text as signature (the body itself) or another key is always refused; an accepted
// notification re-encodes to a form that parses to the same notification.
#include "core/crypto.h"
#include "exchange/mtgox/codec.h"
#include "fuzz/fuzz_support.h"

using namespace dealer;
using fuzz::check;

namespace {

// A merchant key and secret of this harness only (the secret is 64 bytes 0x00..0x3f).
constexpr std::string_view kKey = "0b5bd1a5-3f16-4a8b-8ae3-3c0b1b4a0d11";
constexpr std::string_view kSecret =
    "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4vMDEyMzQ1Njc4OTo7PD0+Pw==";

bool refused(const Result<mtgox::Ipn>& r) { return !r.ok() && r.error().code == Errc::kInvalidArgument; }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view body = fuzz::text_of(data, size);
  const std::string sign = *mtgox_sign(kSecret, body);

  const auto verified = mtgox::verify_ipn(kKey, kSecret, kKey, sign, body);
  const auto parsed = mtgox::parse_ipn(body);
  check(verified.ok() == parsed.ok(), "a correctly signed IPN is accepted exactly when it parses");
  if (verified) {
    check(mtgox::encode_ipn(*verified) == mtgox::encode_ipn(*parsed), "verifying keeps every field");
    const auto again = mtgox::parse_ipn(mtgox::encode_ipn(*verified));
    check(again.ok() && mtgox::encode_ipn(*again) == mtgox::encode_ipn(*verified),
          "an IPN re-encodes to a form that parses to the same IPN");
  }

  const std::string altered = std::string(body) + "&";
  check(refused(mtgox::verify_ipn(kKey, kSecret, kKey, sign, altered)), "an altered body is refused");
  check(refused(mtgox::verify_ipn(kKey, kSecret, kKey, body, body)),
        "arbitrary text as signature is refused");
  check(refused(mtgox::verify_ipn(kKey, kSecret, "another-key", sign, body)), "another key is refused");
  return 0;
}
