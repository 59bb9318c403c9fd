#include "live/systemd_notify.h"

#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace dealer::live {
namespace {

using std::chrono::seconds;

// A stand-in for systemd's notify socket: a bound datagram socket that collects what arrives.
class FakeNotifySocket {
 public:
  explicit FakeNotifySocket(std::string address) : address_(std::move(address)) {
    fd_ = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK, 0);
    sockaddr_un a{};
    a.sun_family = AF_UNIX;
    std::memcpy(a.sun_path, address_.data(), address_.size());
    if (address_[0] == '@') a.sun_path[0] = '\0';
    const auto length = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + address_.size());
    EXPECT_EQ(::bind(fd_, reinterpret_cast<sockaddr*>(&a), length), 0) << std::strerror(errno);
  }
  ~FakeNotifySocket() {
    ::close(fd_);
    if (address_[0] == '/') std::filesystem::remove(address_);
  }
  std::vector<std::string> received() {
    std::vector<std::string> out;
    char buffer[4096];
    for (ssize_t n; (n = ::recv(fd_, buffer, sizeof buffer, 0)) > 0;) out.emplace_back(buffer, static_cast<size_t>(n));
    return out;
  }

 private:
  std::string address_;
  int fd_;
};

class SystemdNotifyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ::unsetenv("NOTIFY_SOCKET");
    ::unsetenv("WATCHDOG_USEC");
    ::unsetenv("WATCHDOG_PID");
  }
  void TearDown() override { SetUp(); }
  static std::string socket_path() {
    return (std::filesystem::temp_directory_path() / ("dealer-notify-" + std::to_string(::getpid()))).string();
  }
};

TEST_F(SystemdNotifyTest, OutsideSystemdEveryCallIsANoOp) {
  auto notifier = SystemdNotifier::from_environment();
  ASSERT_TRUE(notifier.ok()) << notifier.error().describe();
  EXPECT_FALSE(notifier->enabled());
  EXPECT_TRUE(notifier->ready().ok());
  VirtualScheduler scheduler;
  notifier->keep_alive(scheduler);
  EXPECT_EQ(scheduler.pending(), 0u);
}

TEST_F(SystemdNotifyTest, SendsReadyStatusAndWatchdogAtHalfTheConfiguredInterval) {
  FakeNotifySocket systemd(socket_path());
  ::setenv("NOTIFY_SOCKET", socket_path().c_str(), 1);
  ::setenv("WATCHDOG_USEC", "2000000", 1);  // WatchdogSec=2s
  ::setenv("WATCHDOG_PID", std::to_string(::getpid()).c_str(), 1);
  auto notifier = SystemdNotifier::from_environment();
  ASSERT_TRUE(notifier.ok()) << notifier.error().describe();
  ASSERT_EQ(notifier->watchdog_interval(), Micros(2'000'000));

  VirtualScheduler scheduler;
  ASSERT_TRUE(notifier->ready().ok());
  ASSERT_TRUE(notifier->status("trading BTCUSD\n2 open orders").ok());
  notifier->keep_alive(scheduler);
  EXPECT_EQ(systemd.received(),
            (std::vector<std::string>{"READY=1", "STATUS=trading BTCUSD 2 open orders", "WATCHDOG=1"}));

  // Half the interval: pings at 1 s, 2 s and 3 s, none at 0.9 s.
  scheduler.advance(Micros(900'000));
  EXPECT_TRUE(systemd.received().empty());
  scheduler.advance(Micros(2'100'000));
  EXPECT_EQ(systemd.received(), (std::vector<std::string>{"WATCHDOG=1", "WATCHDOG=1", "WATCHDOG=1"}));
}

TEST_F(SystemdNotifyTest, PingsStopWhenTheNotifierIsGone) {
  FakeNotifySocket systemd("@dealer-notify-test-" + std::to_string(::getpid()));  // abstract socket
  ::setenv("NOTIFY_SOCKET", ("@dealer-notify-test-" + std::to_string(::getpid())).c_str(), 1);
  ::setenv("WATCHDOG_USEC", "1000000", 1);
  VirtualScheduler scheduler;
  {
    auto notifier = SystemdNotifier::from_environment();
    ASSERT_TRUE(notifier.ok());
    notifier->keep_alive(scheduler);
  }
  EXPECT_EQ(systemd.received(), (std::vector<std::string>{"WATCHDOG=1"}));
  scheduler.advance(seconds(5));
  EXPECT_TRUE(systemd.received().empty());
}

TEST_F(SystemdNotifyTest, AWatchdogMeantForAnotherProcessIsNotFed) {
  ::setenv("NOTIFY_SOCKET", socket_path().c_str(), 1);
  ::setenv("WATCHDOG_USEC", "2000000", 1);
  ::setenv("WATCHDOG_PID", std::to_string(::getpid() + 1).c_str(), 1);
  auto notifier = SystemdNotifier::from_environment();
  ASSERT_TRUE(notifier.ok());
  EXPECT_FALSE(notifier->watchdog_interval().has_value());
}

TEST_F(SystemdNotifyTest, MalformedVariablesAreErrorsNamingThem) {
  ::setenv("NOTIFY_SOCKET", socket_path().c_str(), 1);
  ::setenv("WATCHDOG_USEC", "30s", 1);
  auto notifier = SystemdNotifier::from_environment();
  ASSERT_FALSE(notifier.ok());
  EXPECT_NE(notifier.error().message.find("WATCHDOG_USEC"), std::string::npos) << notifier.error().message;

  ::setenv("NOTIFY_SOCKET", "relative/path", 1);
  ::unsetenv("WATCHDOG_USEC");
  EXPECT_FALSE(SystemdNotifier::from_environment().ok());
}

// The shipped unit, with ExecStart pointing at the built binary (verify checks that it exists).
TEST(SystemdUnit, VerifiesWhereSystemdAnalyzeExists) {
  if (std::system("command -v systemd-analyze >/dev/null 2>&1") != 0)
    GTEST_SKIP() << "systemd-analyze is not installed: unit not verified";
  std::ifstream in(DEALER_SOURCE_DIR "/systemd/dealer.service");
  ASSERT_TRUE(in) << "systemd/dealer.service missing";
  std::stringstream unit;
  for (std::string line; std::getline(in, line);) {
    if (line.starts_with("ExecStart=")) line = "ExecStart=" DEALER_BINARY " run --config /etc/dealer/dealer.yaml";
    unit << line << "\n";
  }
  const auto dir = std::filesystem::temp_directory_path() / ("dealer-unit-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "dealer.service") << unit.str();
  const std::string log = (dir / "verify.log").string();
  const int rc = std::system(("systemd-analyze verify " + (dir / "dealer.service").string() + " >" + log + " 2>&1").c_str());
  std::stringstream output;
  output << std::ifstream(log).rdbuf();
  std::filesystem::remove_all(dir);
  EXPECT_EQ(rc, 0) << output.str();
  EXPECT_EQ(output.str(), "") << "systemd-analyze had warnings";
}

}  // namespace
}  // namespace dealer::live
