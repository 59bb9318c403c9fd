// The form/query parser (MtGox private calls, IPN posts, Metaexchange calls, simulator query strings).
// Invariant: what parses re-encodes and parses back to the same fields, in the same order.
#include "core/form.h"

#include "fuzz/fuzz_support.h"

using namespace dealer;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto fields = parse_form(fuzz::text_of(data, size));
  if (!fields) {
    fuzz::check(fields.error().code == Errc::kParse, "a bad form is a parse error");
    return 0;
  }
  auto again = parse_form(encode_form(*fields));
  fuzz::check(again.ok(), "an encoded form parses");
  fuzz::check(*again == *fields, "encode then parse gives the same fields");
  return 0;
}
