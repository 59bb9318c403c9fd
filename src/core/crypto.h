// The cryptography of MtGox private calls: Rest-Sign = base64(HMAC-SHA512(base64decode(secret), body)).
// Shared by the client (signs) and the simulator (verifies). OpenSSL underneath.
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"

namespace dealer {

std::string base64_encode(std::string_view bytes);
// Standard alphabet with padding; white space or any other character is an error.
Result<std::string> base64_decode(std::string_view text);

// Raw 64-byte HMAC-SHA512 of `message` under `key`.
std::string hmac_sha512(std::string_view key, std::string_view message);

// Rest-Sign for a private call: `secret_base64` as MtGox issued it, `body` the exact bytes sent.
Result<std::string> mtgox_sign(std::string_view secret_base64, std::string_view body);

// Whether `signature_base64` is the Rest-Sign of `body`, compared in constant time.
bool mtgox_signature_valid(std::string_view raw_secret, std::string_view body, std::string_view signature_base64);

// Whether two secrets are equal, in time that depends on their lengths only (no early exit on a byte).
bool same_secret(std::string_view a, std::string_view b);

// 32 bytes from OpenSSL's random generator (RAND_bytes) as 64 lowercase hex digits: a token.
Result<std::string> random_token();

}  // namespace dealer
