#include "support/allocation_counter.h"

#include <cstdlib>
#include <new>

namespace {
thread_local int64_t g_allocations = 0;
}  // namespace

namespace dealer::testing {
int64_t thread_allocations() { return g_allocations; }
}  // namespace dealer::testing

// The replaceable global allocation functions; the array and nothrow forms forward to these.
void* operator new(std::size_t size) {
  ++g_allocations;
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
