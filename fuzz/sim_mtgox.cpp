// The simulator's MtGox port: routing, authentication, every public and private call and the /sim/
// controls, fed in process (sim_harness.h says the input format and the invariants).
#include "fuzz/sim_harness.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  dealer::fuzz::run_requests(dealer::fuzz::text_of(data, size), dealer::fuzz::Port::kMtGox);
  return 0;
}
