// ApiCaller: the part every exchange client shares. Per-endpoint token buckets, one HTTP exchange per
// attempt, the retry rules of exchange/retry_policy.h (reads retried with jittered backoff, writes
// never retried once sent: Errc::kAmbiguous instead), and a deadline for the whole call (every
// attempt, rate-limit wait and backoff). Signed calls hold the one nonce slot from building their
// request to its answer, so the exchange sees the nonces of one key in the order they were made; an
// invalid-nonce refusal is retried once at once with a fresh, larger nonce. Waits and backoff go
// through the injected Scheduler, so tests run them on virtual time. The client supplies how to
// build each attempt's request (a MtGox retry gets a fresh nonce and signature) and how to read an
// answer. Destroying the caller drops every pending call: no callback runs, no timer or handler is
// left that touches it. Single io_context thread; one caller per API key.
#pragma once

#include <boost/asio/io_context.hpp>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <random>
#include <set>
#include <string>
#include <string_view>

#include "core/scheduler.h"
#include "core/token_bucket.h"
#include "exchange/exchange.h"
#include "exchange/journal.h"
#include "exchange/retry_policy.h"
#include "net/http_client.h"

namespace dealer {

// Told of every HTTP attempt when it ends: the request's path (no query, so one value per endpoint)
// and whether the answer was a success. For metrics: runs on the io_context thread, must be cheap.
using AttemptObserver = std::function<void(std::string_view path, bool ok)>;

struct ApiCallerOptions {
  std::string service;  // "MtGox", for messages
  double per_second = 5;
  double burst = 10;
  BackoffPolicy backoff;
  net::HttpClientOptions http;
  Scheduler* scheduler = nullptr;  // waits and backoff; none: an Asio scheduler on the io_context
  AttemptObserver observer;        // none: attempts are not reported
  JournalSink journal;             // every HTTP exchange, answered or not (exchange/journal.h); may be empty
};

class ApiCaller {
 public:
  struct Call {
    std::string endpoint;  // limiter bucket and messages
    bool write = false;
    bool nonce = false;  // carries a nonce: one such call in flight at a time
    // Builds the request for one attempt (target, method, headers, body); may fail (e.g. no key).
    std::function<Result<net::HttpRequest>()> build;
    // Reads an answer: ok, or the error it carries (HTTP status included in the decision).
    std::function<Status(const net::HttpResponse&)> decode;
  };

  ApiCaller(boost::asio::io_context& io, net::Url base, ApiCallerOptions options);
  ~ApiCaller();
  ApiCaller(const ApiCaller&) = delete;
  ApiCaller& operator=(const ApiCaller&) = delete;

  void run(Call call, Callback<bool> done);
  const net::Url& base() const { return base_; }

 private:
  struct Pending;
  using PendingPtr = std::shared_ptr<Pending>;

  void attempt(PendingPtr p);
  void send(PendingPtr p);
  void answered(PendingPtr p, net::HttpOutcome o);
  // Runs `next` at `when` unless that is past the call's deadline, in which case the call fails.
  void later(PendingPtr p, MonoTime when, void (ApiCaller::*next)(PendingPtr), const Error& why);
  void release_nonce();
  std::string what(const Pending& p) const;

  net::Url base_;
  ApiCallerOptions options_;
  std::unique_ptr<Scheduler> own_scheduler_;
  Scheduler& scheduler_;
  net::HttpClient http_;
  std::map<std::string, TokenBucket> buckets_;
  std::mt19937_64 jitter_;
  std::set<Scheduler::TimerId> timers_;
  bool nonce_in_flight_ = false;
  std::deque<PendingPtr> nonce_queue_;  // signed calls waiting for the slot, oldest first
};

}  // namespace dealer
