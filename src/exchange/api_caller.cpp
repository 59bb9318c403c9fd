#include "exchange/api_caller.h"

#include <boost/asio/steady_timer.hpp>

namespace dealer {

ApiCaller::ApiCaller(boost::asio::io_context& io, net::Url base, ApiCallerOptions options, const Clock& steady)
    : io_(io), base_(std::move(base)), options_(std::move(options)), http_(io, options_.http), steady_(steady),
      jitter_(std::random_device{}()) {}

void ApiCaller::run(Call c, Callback<bool> done, int attempt) {
  auto& bucket = buckets_.try_emplace(c.endpoint, options_.per_second, options_.burst).first->second;
  if (const int64_t wait = bucket.wait_us(steady_.now_us()); wait > 0) {
    auto timer = std::make_shared<boost::asio::steady_timer>(io_, std::chrono::microseconds(wait));
    timer->async_wait([this, timer, c = std::move(c), done = std::move(done), attempt](auto) mutable {
      run(std::move(c), std::move(done), attempt);
    });
    return;
  }
  (void)bucket.try_take(steady_.now_us());
  auto request = c.build();
  if (!request) return done(std::move(request).error());
  net::Url url = base_;
  url.target = request->target;
  http_.send(url, std::move(*request), [this, c = std::move(c), done = std::move(done), attempt](net::HttpOutcome o) mutable {
    CallOutcome outcome;
    outcome.transport_failed = !o.response;
    outcome.sent = o.sent;
    Error last = o.response ? Error{} : o.response.error();
    if (o.response) {
      outcome.status = o.response->status;
      outcome.decoded = c.decode(*o.response);
      if (!outcome.decoded) last = outcome.decoded.error();
      if (outcome.status >= 500 || (outcome.decoded.ok() && outcome.status >= 300))
        last = make_error(Errc::kHttpStatus, "HTTP " + std::to_string(outcome.status));
    }
    const std::string what = options_.service + " " + c.endpoint;
    switch (classify(outcome, c.write)) {
      case Verdict::kDone: return done(true);
      case Verdict::kFail: return done(std::move(last));
      case Verdict::kAmbiguous:
        return done(make_error(Errc::kAmbiguous, what + " may have reached the exchange (" + last.describe() +
                                                     "): reconcile before acting, never resend blindly"));
      case Verdict::kRetry:
        if (attempt >= options_.backoff.read_attempts)
          return done(make_error(last.code, what + ": gave up after " + std::to_string(attempt) + " attempts: " + last.message,
                                 last.token));
        auto timer = std::make_shared<boost::asio::steady_timer>(io_, backoff_delay(options_.backoff, attempt, jitter_));
        timer->async_wait([this, timer, c = std::move(c), done = std::move(done), attempt](auto) mutable {
          run(std::move(c), std::move(done), attempt + 1);
        });
    }
  });
}

}  // namespace dealer
