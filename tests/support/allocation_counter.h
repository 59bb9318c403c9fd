// Counts heap allocations made by this thread (global operator new is replaced in the test binary), so
// a test can assert that a hot path does not allocate.
#pragma once

#include <cstdint>

namespace dealer::testing {

// Allocations by the calling thread since it started.
int64_t thread_allocations();

}  // namespace dealer::testing
