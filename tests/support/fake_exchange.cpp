#include "support/fake_exchange.h"

#include <algorithm>

namespace dealer::testing {

std::vector<int64_t> FakeExchange::times(const std::string& name) const {
  std::vector<int64_t> out;
  for (const Call& c : calls_)
    if (c.name == name) out.push_back(to_us(c.at));
  return out;
}

size_t FakeExchange::pending(const std::string& name) const {
  return std::count_if(held_.begin(), held_.end(), [&](const Held& h) { return h.name == name; });
}

bool FakeExchange::answer(const std::string& name) { return take(name, std::nullopt, std::nullopt); }
bool FakeExchange::fail(const std::string& name, Error error) {
  return take(name, std::move(error), std::nullopt);
}
bool FakeExchange::answer_trades(std::vector<Trade> trades) {
  return take("trades", std::nullopt, std::move(trades));
}

void FakeExchange::auto_answer(const std::string& name, Micros delay, int errors, Error error) {
  auto_[name] = Auto{delay, errors, std::move(error)};
}

bool FakeExchange::take(const std::string& name, std::optional<Error> error,
                        std::optional<std::vector<Trade>> trades) {
  auto it = std::find_if(held_.begin(), held_.end(), [&](const Held& h) { return h.name == name; });
  if (it == held_.end()) return false;
  Respond respond = std::move(it->respond);
  held_.erase(it);
  respond(std::move(error), std::move(trades));
  return true;
}

void FakeExchange::hold(std::string name, std::optional<int64_t> since, Respond respond) {
  calls_.push_back(Call{name, scheduler_.now(), since});
  auto a = auto_.find(name);
  if (a == auto_.end()) return held_.push_back(Held{std::move(name), std::move(respond)});
  std::optional<Error> error;
  if (a->second.errors > 0) {
    --a->second.errors;
    error = a->second.error;
  }
  scheduler_.after(a->second.delay, [respond = std::move(respond), error] { respond(error, std::nullopt); });
}

std::vector<Trade> FakeExchange::tape_since(std::optional<int64_t> since) const {
  if (!since) return {tape.end() - std::min(recent, tape.size()), tape.end()};
  auto from = std::upper_bound(tape.begin(), tape.end(), *since,
                               [](int64_t tid, const Trade& t) { return tid < t.tid; });
  return {from, from + std::min<ptrdiff_t>(1000, tape.end() - from)};
}

void FakeExchange::ticker(Callback<Ticker> done) {
  hold("ticker", std::nullopt, [done = std::move(done)](std::optional<Error> e, auto) {
    if (e) return done(std::move(*e));
    done(Ticker{});
  });
}

void FakeExchange::trades_since(std::optional<int64_t> since, Callback<std::vector<Trade>> done) {
  hold("trades", since,
       [this, since, done = std::move(done)](std::optional<Error> e, std::optional<std::vector<Trade>> t) {
         if (e) return done(std::move(*e));
         done(t ? std::move(*t) : tape_since(since));
       });
}

void FakeExchange::depth(bool full, Callback<Depth> done) {
  hold(full ? "fulldepth" : "depth", std::nullopt, [done = std::move(done)](std::optional<Error> e, auto) {
    if (e) return done(std::move(*e));
    done(Depth{});
  });
}

}  // namespace dealer::testing
