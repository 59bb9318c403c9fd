#include "store/history_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

namespace dealer::store {
namespace {

// The pid the holder wrote, as text ("" when it has not written it yet).
std::string holder_of(int fd) {
  char buf[32] = {};
  const ssize_t n = ::pread(fd, buf, sizeof buf - 1, 0);
  std::string pid(buf, n > 0 ? static_cast<size_t>(n) : 0);
  while (!pid.empty() && (pid.back() == '\n' || pid.back() == ' ')) pid.pop_back();
  return pid;
}

}  // namespace

std::string HistoryLock::path_for(const std::string& store_path) { return store_path + ".lock"; }

Result<HistoryLock> HistoryLock::acquire(const std::string& store_path) {
  const std::string path = path_for(store_path);
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) return make_error(Errc::kIo, "lock file " + path + ": " + std::strerror(errno));
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    const int err = errno;
    std::string holder = err == EWOULDBLOCK ? holder_of(fd) : "";
    ::close(fd);
    if (err != EWOULDBLOCK) return make_error(Errc::kIo, "lock file " + path + ": " + std::strerror(err));
    return make_error(Errc::kConfig, "the history " + store_path + " is in use by dealer process " +
                                         (holder.empty() ? "(pid not written yet)" : holder) + " (lock " +
                                         path + "); only one process may write a history");
  }
  const std::string pid = std::to_string(::getpid()) + "\n";
  if (::ftruncate(fd, 0) != 0 ||
      ::pwrite(fd, pid.data(), pid.size(), 0) != static_cast<ssize_t>(pid.size())) {
    const int err = errno;
    ::close(fd);
    return make_error(Errc::kIo, "lock file " + path + ": " + std::strerror(err));
  }
  return HistoryLock(fd);
}

HistoryLock::HistoryLock(HistoryLock&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}

HistoryLock& HistoryLock::operator=(HistoryLock&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = std::exchange(other.fd_, -1);
  }
  return *this;
}

HistoryLock::~HistoryLock() {
  if (fd_ >= 0) ::close(fd_);
}

}  // namespace dealer::store
