#include "cli/credentials.h"

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace dealer::cli {
namespace {

// The file's text without trailing white space; `what` names it in the error (never its content).
Result<std::string> read_secret_file(const std::string& path, const std::string& what) {
  std::ifstream in(path);
  if (!in) return make_error(Errc::kConfig, what + ": cannot read '" + path + "'");
  std::stringstream text;
  text << in.rdbuf();
  std::string s = text.str();
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.pop_back();
  return s;
}

// The value of `variable`, else the file named by `file_variable`, else the systemd credential `name`.
Result<std::string> credential(const char* variable, const char* file_variable, const char* name) {
  if (std::string s = env(variable); !s.empty()) return s;
  if (file_variable != nullptr) {
    if (std::string path = env(file_variable); !path.empty()) return read_secret_file(path, file_variable);
  }
  const std::string directory = env("CREDENTIALS_DIRECTORY");
  if (directory.empty()) return std::string();
  const std::string path = directory + "/" + name;
  if (!std::ifstream(path)) return std::string();
  return read_secret_file(path, "$CREDENTIALS_DIRECTORY/" + std::string(name));
}

}  // namespace

std::string env(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}

Result<MtGoxCredentials> mtgox_credentials() {
  auto key = credential("DEALER_MTGOX_KEY", nullptr, "mtgox-key");
  if (!key) return key.error();
  auto secret = credential("DEALER_MTGOX_SECRET", "DEALER_MTGOX_SECRET_FILE", "mtgox-secret");
  if (!secret) return secret.error();
  return MtGoxCredentials{std::move(*key), std::move(*secret)};
}

}  // namespace dealer::cli
