#include "exchange/nonce.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>

#include "core/decimal.h"

namespace dealer {

Result<NonceSource> NonceSource::open(const std::string& path, const Clock& clock) {
  if (path.empty()) return NonceSource(-1, 0, clock);
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) return make_error(Errc::kIo, "nonce file '" + path + "': " + std::strerror(errno));
  char buf[32] = {};
  const ssize_t n = ::pread(fd, buf, sizeof buf - 1, 0);
  uint64_t last = 0;
  if (n > 0) {
    std::string_view text(buf, static_cast<size_t>(n));
    while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.remove_suffix(1);
    auto v = parse_int64(text);
    if (!v || *v < 0) {
      ::close(fd);
      return make_error(Errc::kIo, "nonce file '" + path + "' is corrupt: refusing to guess a nonce");
    }
    last = static_cast<uint64_t>(*v);
  }
  return NonceSource(fd, last, clock);
}

NonceSource::NonceSource(NonceSource&& o) noexcept : fd_(o.fd_), last_(o.last_), clock_(o.clock_) { o.fd_ = -1; }

NonceSource::~NonceSource() {
  if (fd_ >= 0) ::close(fd_);
}

Result<uint64_t> NonceSource::next() {
  const uint64_t nonce = std::max(static_cast<uint64_t>(clock_.now_us()), last_ + 1);
  if (fd_ >= 0) {
    // Fixed width, so a shorter number never leaves digits of a longer one behind.
    char buf[24];
    const int len = std::snprintf(buf, sizeof buf, "%020llu\n", static_cast<unsigned long long>(nonce));
    if (::pwrite(fd_, buf, static_cast<size_t>(len), 0) != len)
      return make_error(Errc::kIo, std::string("cannot record the nonce: ") + std::strerror(errno));
  }
  last_ = nonce;
  return nonce;
}

}  // namespace dealer
