// The systemd install of systemd/README.md, as far as it can be tried without systemd: every path that
// systemd/dealer.service names is laid out in a temporary root with the modes of the README's install
// commands (and the ones systemd gives: StateDirectoryMode= for the state directory, owned by the
// service's user; a credentials directory of the service's own), and `dealer run` starts there as the
// unit starts it: under setpriv with a uid and gid that no user has (DynamicUser=yes), the unit's UMask=
// and WorkingDirectory=, DEALER_MTGOX_KEY as dealer.env gives it and the secret as a credential. It
// must trade against the simulator and stop cleanly on SIGTERM (issue 23: as written before, it could
// not read its configuration). Needs root for setpriv; skipped otherwise.
#include <fcntl.h>
#include <grp.h>
#include <gtest/gtest.h>
#include <pwd.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <thread>

#include "support/bot_process.h"
#include "support/sim_process.h"
#include "support/test_accounts.h"

namespace dealer::live {
namespace {

using namespace std::chrono_literals;

std::string read_text(const std::string& path) {
  std::stringstream s;
  s << std::ifstream(path).rdbuf();
  return s.str();
}

// The value of the unit's `key=` (the first), or "" (and a test failure).
std::string unit_value(const std::string& unit, const std::string& key) {
  std::smatch m;
  if (std::regex_search(unit, m, std::regex("(^|\n)" + key + "=([^\n]*)"))) return m[2].str();
  ADD_FAILURE() << "systemd/dealer.service has no " << key << "=";
  return "";
}

// The octal mode an install command of the README gives `path` ("install [-d] -m MODE ... PATH").
mode_t readme_mode(const std::string& readme, const std::string& what, const std::string& path) {
  std::smatch m;
  if (std::regex_search(readme, m, std::regex("install " + what + "-m ([0-7]+) [^\n&]*" + path + "( |\n)")))
    return static_cast<mode_t>(std::stoul(m[1].str(), nullptr, 8));
  ADD_FAILURE() << "systemd/README.md installs no " << path;
  return 0;
}

// A uid and gid that name nobody, as a dynamic user's.
uid_t free_id() {
  for (uid_t id = 61184 + static_cast<uid_t>(getpid() % 4000);; ++id)
    if (getpwuid(id) == nullptr && getgrgid(id) == nullptr) return id;
}

void make_dir(const std::string& path, mode_t mode, uid_t owner = 0) {
  std::filesystem::create_directories(path);
  ASSERT_EQ(chmod(path.c_str(), mode), 0) << path;
  ASSERT_EQ(chown(path.c_str(), owner, owner), 0) << path;
}

void make_file(const std::string& path, const std::string& text, mode_t mode, uid_t owner = 0) {
  std::ofstream(path) << text;
  ASSERT_EQ(chmod(path.c_str(), mode), 0) << path;
  ASSERT_EQ(chown(path.c_str(), owner, owner), 0) << path;
}

TEST(SystemdInstall, DealerRunsAsTheUnitsDynamicUserWithTheReadmesModes) {
  if (geteuid() != 0) GTEST_SKIP() << "not root: setpriv cannot change the uid";
  if (access("/usr/bin/setpriv", X_OK) != 0) GTEST_SKIP() << "setpriv is not installed";
  const std::string unit = read_text(DEALER_SOURCE_DIR "/systemd/dealer.service");
  const std::string readme = read_text(DEALER_SOURCE_DIR "/systemd/README.md");
  ASSERT_NE(unit.find("DynamicUser=yes"), std::string::npos);
  ASSERT_NE(unit_value(unit, "ExecStart").find(" run --config /etc/dealer/dealer.yaml"), std::string::npos);
  ASSERT_EQ(unit_value(unit, "StateDirectory"), "dealer");
  ASSERT_EQ(unit_value(unit, "WorkingDirectory"), "/var/lib/dealer");
  ASSERT_EQ(unit_value(unit, "EnvironmentFile"), "-/etc/dealer/dealer.env");
  ASSERT_EQ(unit_value(unit, "LoadCredential"), "mtgox-secret:/etc/dealer/mtgox-secret");
  const mode_t etc_mode = readme_mode(readme, "-d ", "/etc/dealer");
  const mode_t config_mode = readme_mode(readme, "", "/etc/dealer/dealer.yaml");
  EXPECT_EQ(etc_mode, std::stoul(unit_value(unit, "ConfigurationDirectoryMode"), nullptr, 8));
  const auto state_mode = static_cast<mode_t>(std::stoul(unit_value(unit, "StateDirectoryMode"), nullptr, 8));
  const auto umask_value = static_cast<mode_t>(std::stoul(unit_value(unit, "UMask"), nullptr, 8));

  testing::SimProcess sim(testing::chain_sim_config());
  testing::TempDir dir;
  const uid_t id = free_id();
  const std::string root = dir.path + "/root";
  make_dir(dir.path, 0755);  // the path down to the root is open to all, as / is
  make_dir(root + "/etc/dealer", etc_mode);
  const std::string state = root + "/var/lib/dealer";
  make_dir(root + "/var/lib", 0755);
  make_dir(state, state_mode, id);  // StateDirectory=: made for the service's user
  const std::string config = root + "/etc/dealer/dealer.yaml";
  make_file(config, testing::chain_bot_config(sim.port(), state + "/dealer.sqlite"), config_mode);
  // LoadCredential=: systemd reads the root-only file and gives the service its own copy.
  const std::string credentials = root + "/run/credentials/dealer.service";
  make_dir(root + "/run/credentials", 0755);
  make_dir(credentials, 0500, id);
  make_file(credentials + "/mtgox-secret", testing::kAliceSecret, 0400, id);

  const std::string log = dir.path + "/dealer.log";
  const pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    const int out = open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    dup2(out, STDERR_FILENO);
    dup2(out, STDOUT_FILENO);
    if (chdir(state.c_str()) != 0) _exit(126);
    umask(umask_value);
    const std::string uid = "--reuid=" + std::to_string(id), gid = "--regid=" + std::to_string(id);
    const std::string binary = testing::dealer_binary();
    const char* argv[] = {"setpriv",  uid.c_str(), gid.c_str(),   "--clear-groups", binary.c_str(), "run",
                          "--config", "/dev/null", "--log-level", "info",           nullptr};
    argv[7] = config.c_str();
    const std::string key = std::string("DEALER_MTGOX_KEY=") + testing::kAliceKey;
    const std::string creds = "CREDENTIALS_DIRECTORY=" + credentials;
    const char* envp[] = {"PATH=/usr/local/bin:/usr/bin:/bin", key.c_str(), creds.c_str(), nullptr};
    execve("/usr/bin/setpriv", const_cast<char* const*>(argv), const_cast<char* const*>(envp));
    _exit(127);
  }
  const auto deadline = std::chrono::steady_clock::now() + 30s;
  auto park_open = [&] {
    auto orders = testing::stored_orders(state + "/dealer.sqlite");
    return orders.contains("1") && orders.at("1").state == "open";
  };
  int status = 0;
  bool exited = false;
  while (!park_open() && std::chrono::steady_clock::now() < deadline) {
    if (waitpid(pid, &status, WNOHANG) == pid) {
      exited = true;
      break;
    }
    std::this_thread::sleep_for(50ms);
  }
  if (!exited) {
    EXPECT_TRUE(park_open()) << read_text(log);
    kill(pid, SIGTERM);
    waitpid(pid, &status, 0);
  }
  EXPECT_FALSE(exited) << "dealer run stopped by itself:\n" << read_text(log);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << read_text(log);

  // Everything it wrote is the service user's own and private to it (UMask=).
  for (const char* name : {"dealer.sqlite", "dealer.sqlite.lock", "dealer.sqlite.nonce"}) {
    struct stat st {};
    ASSERT_EQ(stat((state + "/" + name).c_str(), &st), 0) << name;
    EXPECT_EQ(st.st_uid, id) << name;
    EXPECT_EQ(st.st_mode & 077, 0u) << name;
  }
}

}  // namespace
}  // namespace dealer::live
