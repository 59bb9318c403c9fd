#include "exchange/api_caller.h"

#include "net/asio_scheduler.h"

namespace dealer {

struct ApiCaller::Pending {
  Call call;
  Callback<bool> done;
  MonoTime deadline;
  int attempt = 1;
  bool nonce_retried = false;
  bool holds_nonce = false;
  std::string path;     // of the attempt in flight, for the observer
  JournalEntry record;  // of the attempt in flight, when there is a journal
};

namespace {
std::unique_ptr<Scheduler> scheduler_unless_given(boost::asio::io_context& io, Scheduler* given) {
  return given ? nullptr : std::make_unique<net::AsioScheduler>(io);
}
}  // namespace

ApiCaller::ApiCaller(boost::asio::io_context& io, net::Url base, ApiCallerOptions options)
    : base_(std::move(base)), options_(std::move(options)), own_scheduler_(scheduler_unless_given(io, options_.scheduler)),
      scheduler_(options_.scheduler ? *options_.scheduler : *own_scheduler_), http_(io, options_.http),
      jitter_(std::random_device{}()) {}

ApiCaller::~ApiCaller() {
  // http_'s destructor aborts the requests in flight; the timers are ours to cancel.
  for (const Scheduler::TimerId id : timers_) scheduler_.cancel(id);
}

std::string ApiCaller::what(const Pending& p) const { return options_.service + " " + p.call.endpoint; }

void ApiCaller::run(Call c, Callback<bool> done) {
  auto p = std::make_shared<Pending>();
  p->call = std::move(c);
  p->done = std::move(done);
  p->deadline = scheduler_.now() + options_.backoff.deadline;
  attempt(std::move(p));
}

void ApiCaller::later(PendingPtr p, MonoTime when, void (ApiCaller::*next)(PendingPtr), const Error& why) {
  if (when > p->deadline)
    return p->done(make_error(Errc::kTimeout, what(*p) + ": the call's deadline would pass before attempt " +
                                                  std::to_string(p->attempt) + " (" + why.describe() + ")",
                              why.token));
  // The id is known only once at() returns, and the task runs strictly later: it can erase it.
  auto id = std::make_shared<Scheduler::TimerId>();
  *id = scheduler_.at(when, [this, p = std::move(p), next, id]() mutable {
    timers_.erase(*id);
    (this->*next)(std::move(p));
  });
  timers_.insert(*id);
}

void ApiCaller::attempt(PendingPtr p) {
  auto& bucket = buckets_.try_emplace(p->call.endpoint, options_.per_second, options_.burst).first->second;
  const MonoTime now = scheduler_.now();
  if (const int64_t wait = bucket.wait_us(to_us(now)); wait > 0)
    return later(std::move(p), now + Micros(wait), &ApiCaller::attempt,
                 make_error(Errc::kRateLimited, "waiting for the rate limit"));
  (void)bucket.try_take(to_us(now));
  send(std::move(p));
}

void ApiCaller::send(PendingPtr p) {
  if (p->call.nonce) {
    if (nonce_in_flight_) return nonce_queue_.push_back(std::move(p));
    nonce_in_flight_ = p->holds_nonce = true;
  }
  auto request = p->call.build();
  const Micros budget = p->deadline - scheduler_.now();
  if (!request || budget <= Micros(0)) {
    if (p->holds_nonce) release_nonce();
    if (!request) return p->done(std::move(request).error());
    return p->done(make_error(Errc::kTimeout, what(*p) + ": the call's deadline passed before it could be sent"));
  }
  if (options_.observer) p->path = request->target.substr(0, request->target.find('?'));
  if (options_.journal) {
    // Method and target only: the key and signature are headers, the nonce is in the body.
    p->record = JournalEntry{options_.service,
                             request->method,
                             request->target,
                             0,
                             {},
                             wall_now_us(),
                             0,
                             to_us(scheduler_.now()),
                             0};
  }
  net::Url url = base_;
  url.target = request->target;
  http_.send(url, std::move(*request), [this, p](net::HttpOutcome o) mutable { answered(std::move(p), std::move(o)); },
             budget);
}

void ApiCaller::release_nonce() {
  nonce_in_flight_ = false;
  if (nonce_queue_.empty()) return;
  PendingPtr next = std::move(nonce_queue_.front());
  nonce_queue_.pop_front();
  send(std::move(next));
}

void ApiCaller::answered(PendingPtr p, net::HttpOutcome o) {
  if (std::exchange(p->holds_nonce, false)) release_nonce();
  if (options_.journal) {
    JournalEntry& r = p->record;
    r.wall_received_us = wall_now_us();
    r.mono_received_us = to_us(scheduler_.now());
    r.status = o.response ? o.response->status : 0;
    r.body = o.response ? o.response->body : o.response.error().describe();
    options_.journal(std::move(r));
  }
  CallOutcome outcome;
  outcome.transport_failed = !o.response;
  outcome.sent = o.sent;
  Error last = o.response ? Error{} : o.response.error();
  if (o.response) {
    outcome.status = o.response->status;
    outcome.decoded = p->call.decode(*o.response);
    if (!outcome.decoded) last = outcome.decoded.error();
    // An answer that is not the exchange's own (a proxy's HTML page, a plain-text 413) says more by
    // its status than by the parser's complaint.
    if (outcome.status >= 500 || (outcome.status >= 300 && (outcome.decoded.ok() || last.code == Errc::kParse)))
      last = make_error(Errc::kHttpStatus, "HTTP " + std::to_string(outcome.status) + ": " + o.response->body.substr(0, 200));
  }
  const Verdict verdict = classify(outcome, p->call.write);
  if (options_.observer) options_.observer(p->path, verdict == Verdict::kDone);
  switch (verdict) {
    case Verdict::kDone: return p->done(true);
    case Verdict::kFail: return p->done(std::move(last));
    case Verdict::kAmbiguous:
      return p->done(make_error(Errc::kAmbiguous, what(*p) + " may have reached the exchange (" + last.describe() +
                                                      "): reconcile before acting, never resend blindly"));
    case Verdict::kRetryNow:
      if (std::exchange(p->nonce_retried, true)) return p->done(std::move(last));
      return attempt(std::move(p));
    case Verdict::kRetry:
      if (p->attempt >= options_.backoff.read_attempts)
        return p->done(make_error(last.code, what(*p) + ": gave up after " + std::to_string(p->attempt) + " attempts: " + last.message,
                                  last.token));
      const MonoTime when = scheduler_.now() + backoff_delay(options_.backoff, p->attempt, jitter_);
      ++p->attempt;
      later(std::move(p), when, &ApiCaller::attempt, last);
  }
}

}  // namespace dealer
