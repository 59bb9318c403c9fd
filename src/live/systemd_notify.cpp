#include "live/systemd_notify.h"

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstddef>
#include <cstdlib>
#include <cstring>

namespace dealer::live {

struct SystemdNotifier::Socket {
  Socket(int fd, std::string address) : fd(fd), address(std::move(address)) {}
  ~Socket() { ::close(fd); }
  Socket(const Socket&) = delete;
  Socket& operator=(const Socket&) = delete;

  Status send(std::string_view message) const {
    sockaddr_un to{};
    to.sun_family = AF_UNIX;
    std::memcpy(to.sun_path, address.data(), address.size());
    if (address[0] == '@') to.sun_path[0] = '\0';  // the abstract namespace
    const auto length = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + address.size());
    if (::sendto(fd, message.data(), message.size(), MSG_NOSIGNAL, reinterpret_cast<const sockaddr*>(&to), length) < 0)
      return make_error(Errc::kIo, "cannot notify systemd at " + address + ": " + std::strerror(errno));
    return {};
  }

  int fd;
  std::string address;  // a path, or '@' and the name of an abstract socket
};

namespace {

Result<std::optional<int64_t>> env_integer(const char* name) {
  const char* text = std::getenv(name);
  if (text == nullptr || *text == '\0') return std::optional<int64_t>();
  int64_t value = 0;
  const auto [end, ec] = std::from_chars(text, text + std::strlen(text), value);
  if (ec != std::errc() || *end != '\0' || value <= 0)
    return make_error(Errc::kConfig, std::string("$") + name + " is not a positive integer: '" + text + "'");
  return std::optional<int64_t>(value);
}

}  // namespace

Result<SystemdNotifier> SystemdNotifier::from_environment() {
  const char* path = std::getenv("NOTIFY_SOCKET");
  if (path == nullptr || *path == '\0') return SystemdNotifier(nullptr, std::nullopt);
  if (std::strlen(path) >= sizeof(sockaddr_un::sun_path) || (path[0] != '/' && path[0] != '@'))
    return make_error(Errc::kConfig, std::string("$NOTIFY_SOCKET is not a socket path: '") + path + "'");

  auto usec = env_integer("WATCHDOG_USEC");
  if (!usec) return std::move(usec).error();
  auto pid = env_integer("WATCHDOG_PID");
  if (!pid) return std::move(pid).error();
  std::optional<Micros> watchdog;
  // A watchdog meant for another process (a parent that exec'd us keeps its own) is not ours to feed.
  if (*usec && (!*pid || **pid == getpid())) watchdog = Micros(**usec);

  const int fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return make_error(Errc::kIo, std::string("cannot create the notify socket: ") + std::strerror(errno));
  return SystemdNotifier(std::make_shared<Socket>(fd, path), watchdog);
}

Status SystemdNotifier::send(std::string_view message) { return socket_ ? socket_->send(message) : Status(); }

Status SystemdNotifier::status(std::string_view text) {
  std::string message = "STATUS=";
  for (char c : text) message += (c == '\n' ? ' ' : c);
  return send(message);
}

void SystemdNotifier::keep_alive(Scheduler& scheduler) {
  if (!socket_ || !watchdog_) return;
  (void)watchdog();
  schedule_ping(scheduler, socket_, *watchdog_ / 2);
}

void SystemdNotifier::schedule_ping(Scheduler& scheduler, std::weak_ptr<const Socket> socket, Micros every) {
  scheduler.after(every, [&scheduler, socket, every] {
    const auto live = socket.lock();
    if (!live) return;
    (void)live->send("WATCHDOG=1");
    schedule_ping(scheduler, socket, every);
  });
}

}  // namespace dealer::live
