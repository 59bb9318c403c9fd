// Result<T>: a value or a named, human-readable error. Used at every module edge (parsing, network,
// exchange answers, config) so that expected failures travel as values, never as crashes or zeros.
#pragma once

#include <cassert>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace dealer {

enum class Errc {
  kParse,            // malformed input: JSON, decimal text, CSV, form body
  kInvalidArgument,  // well-formed but unacceptable input
  kOverflow,         // a value does not fit the money type
  kNotFound,
  kConfig,
  kIo,
  kNetwork,
  kTimeout,
  kHttpStatus,
  kRateLimited,   // HTTP 403 rate limit: back off, then retry reads
  kExchangeBusy,  // MtGox "MySQL error, please retry later": retryable
  kExchange,      // the exchange answered with an error body
  kAmbiguous,     // a write may or may not have reached the exchange: reconcile before acting
};

std::string_view to_string(Errc code);

struct Error {
  Errc code;
  std::string message;
  // Machine-readable detail from the exchange, e.g. MtGox "login_error_invalid_nonce" or the
  // Metaexchange error name "OrderNotFound"; empty when there is none.
  std::string token;

  std::string describe() const;  // "parse error: ..." for logs and the command line
};

inline Error make_error(Errc code, std::string message, std::string token = {}) {
  return Error{code, std::move(message), std::move(token)};
}

template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::in_place_index<0>, std::move(value)) {}
  Result(Error error) : state_(std::in_place_index<1>, std::move(error)) {}

  bool ok() const { return state_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & { assert(ok()); return std::get<0>(state_); }
  const T& value() const& { assert(ok()); return std::get<0>(state_); }
  T&& value() && { assert(ok()); return std::get<0>(std::move(state_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  const Error& error() const& { assert(!ok()); return std::get<1>(state_); }
  Error&& error() && { assert(!ok()); return std::get<1>(std::move(state_)); }

 private:
  std::variant<T, Error> state_;
};

// A success with no value, or an error.
class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(Error error) : error_(std::move(error)) {}
  bool ok() const { return !error_; }
  explicit operator bool() const { return ok(); }
  const Error& error() const { assert(!ok()); return *error_; }

 private:
  std::optional<Error> error_;
};

}  // namespace dealer
