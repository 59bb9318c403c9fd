// Where the commands find the MtGox key and secret: never a config file or an option (they would land in
// shell histories and process lists). The key from DEALER_MTGOX_KEY; the base64 secret from
// DEALER_MTGOX_SECRET, or the file named by DEALER_MTGOX_SECRET_FILE, or, under systemd's
// LoadCredential=, the files mtgox-key and mtgox-secret in $CREDENTIALS_DIRECTORY. The environment wins.
// The secret file must be private to its owner (mode 0600 or 0400): one its group or others may access
// is refused with the `chmod 600` that fixes it.
#pragma once

#include <string>

#include "core/result.h"
#include "notify/notify_config.h"

namespace dealer::cli {

struct MtGoxCredentials {
  std::string key;     // empty: not given
  std::string secret;  // base64; empty: not given
};

// An error (Errc::kConfig) when a named file cannot be read or is not private; missing values stay empty.
Result<MtGoxCredentials> mtgox_credentials();

// The dashboard's token (docs/dashboard.md): the systemd credential `dashboard-token`, else the file
// `dashboard-token` in `state_dir` (the store's folder), made on first start with 32 random bytes in hex
// and mode 0600. An error (Errc::kConfig, kIo) when it cannot be read or made, or is not private.
Result<std::string> dashboard_token(const std::string& state_dir);

// The environment variable's value, or "" when unset.
std::string env(const char* name);

// How `notify:` values given as {credential: NAME} (the file NAME in $CREDENTIALS_DIRECTORY) or
// {env: NAME} are looked up; "" when not set.
notify::SecretLookup notify_secret_lookup();

}  // namespace dealer::cli
