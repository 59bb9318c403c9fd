// NonceSource: MtGox nonces that strictly increase across calls and across restarts of the process.
// Each nonce is max(now in microseconds, last + 1), and the last one is written to a file before it
// is used, so a restarted process (even after kill -9) never sends a nonce it sent before.
// Not thread-safe; one per API key.
#pragma once

#include <cstdint>
#include <string>

#include "core/clock.h"
#include "core/result.h"

namespace dealer {

class NonceSource {
 public:
  // `path` empty: nothing is persisted (tests, one-off calls).
  static Result<NonceSource> open(const std::string& path, const Clock& clock);
  NonceSource(NonceSource&& other) noexcept;
  NonceSource& operator=(NonceSource&&) = delete;
  ~NonceSource();

  Result<uint64_t> next();

 private:
  NonceSource(int fd, uint64_t last, const Clock& clock) : fd_(fd), last_(last), clock_(clock) {}

  int fd_;
  uint64_t last_;
  const Clock& clock_;
};

}  // namespace dealer
