#include "cli/credentials.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>

#include "core/crypto.h"

namespace dealer::cli {
namespace {

// The file's text without trailing white space; `what` names it in the error (never its content). With
// `private_only`, a file that its group or others may access is refused before a byte is read: a secret
// anyone else on the machine can read is no longer a secret.
Result<std::string> read_secret_file(const std::string& path, const std::string& what, bool private_only) {
  const auto cannot_read = [&](int error) {
    return make_error(Errc::kConfig, what + ": cannot read '" + path + "': " + std::strerror(error));
  };
  const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return cannot_read(errno);
  struct stat st {};
  // fstat on the open descriptor: the mode checked is that of the file read, even if the path changes.
  if (fstat(fd, &st) != 0) {
    const int stat_errno = errno;
    close(fd);
    return cannot_read(stat_errno);
  }
  if (private_only && (st.st_mode & 077) != 0) {
    close(fd);
    char mode[8];
    std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(st.st_mode & 0777));
    return make_error(Errc::kConfig, what + ": '" + path + "' has mode " + mode +
                                         ", so its group or others may read the secret; make it private to "
                                         "its owner: chmod 600 " +
                                         path);
  }
  std::string s;
  char buffer[4096];
  ssize_t n;
  while ((n = read(fd, buffer, sizeof buffer)) > 0) s.append(buffer, static_cast<size_t>(n));
  const int read_errno = errno;
  close(fd);
  if (n < 0) return cannot_read(read_errno);
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.pop_back();
  return s;
}

// The value of `variable`, else the file named by `file_variable`, else the systemd credential `name`
// (either variable may be null: not looked at).
Result<std::string> credential(const char* variable, const char* file_variable, const char* name) {
  if (variable != nullptr) {
    if (std::string s = env(variable); !s.empty()) return s;
  }
  if (file_variable != nullptr) {
    if (std::string path = env(file_variable); !path.empty())
      return read_secret_file(path, file_variable, true);
  }
  const std::string directory = env("CREDENTIALS_DIRECTORY");
  if (directory.empty()) return std::string();
  const std::string path = directory + "/" + name;
  if (!std::ifstream(path)) return std::string();
  // systemd makes credentials readable by the service alone, in a directory of the unit's own; their mode
  // is its business (and not always 0600), so it is not checked here.
  return read_secret_file(path, "$CREDENTIALS_DIRECTORY/" + std::string(name), false);
}

}  // namespace

std::string env(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}

Result<std::string> dashboard_token(const std::string& state_dir) {
  auto given = credential("", nullptr, "dashboard-token");  // no variable: "" is never set
  if (!given || !given->empty()) return given;
  const std::string path = (state_dir.empty() ? std::string(".") : state_dir) + "/dashboard-token";
  auto token = random_token();
  if (!token) return token.error();
  // O_EXCL: two bots starting at once in one folder agree on the first one's token.
  const int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    if (errno == EEXIST) return read_secret_file(path, "dashboard token", true);
    return make_error(Errc::kIo, "dashboard token: cannot create '" + path + "': " + std::strerror(errno));
  }
  const std::string line = *token + "\n";
  const bool written = write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size());
  const int write_errno = errno;
  close(fd);
  if (!written) {
    unlink(path.c_str());
    return make_error(Errc::kIo,
                      "dashboard token: cannot write '" + path + "': " + std::strerror(write_errno));
  }
  return token;
}

Result<MtGoxCredentials> mtgox_credentials() {
  auto key = credential("DEALER_MTGOX_KEY", nullptr, "mtgox-key");
  if (!key) return key.error();
  auto secret = credential("DEALER_MTGOX_SECRET", "DEALER_MTGOX_SECRET_FILE", "mtgox-secret");
  if (!secret) return secret.error();
  return MtGoxCredentials{std::move(*key), std::move(*secret)};
}

notify::SecretLookup notify_secret_lookup() {
  return [](notify::SecretRef::From from, const std::string& name) -> Result<std::string> {
    if (from == notify::SecretRef::From::kEnv) return env(name.c_str());
    if (name.empty() || name.find('/') != std::string::npos)
      return make_error(Errc::kConfig, "notify: credential '" + name + "' is not a file name");
    return credential(nullptr, nullptr, name.c_str());
  };
}

}  // namespace dealer::cli
