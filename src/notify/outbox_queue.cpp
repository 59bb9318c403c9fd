#include "notify/outbox_queue.h"

#include <charconv>

namespace dealer::notify {
namespace {

// Retry-After as delta-seconds (RFC 9110 10.2.3); an HTTP date is not parsed and falls back to the
// backoff.
std::optional<Micros> retry_after(const net::HttpResponse& r) {
  const std::string_view text = net::find_header(r.headers, "Retry-After");
  int64_t seconds = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), seconds);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || seconds < 0)
    return std::nullopt;
  return std::chrono::seconds(seconds);
}

std::string status_detail(const net::HttpResponse& r) {
  std::string detail = "HTTP " + std::to_string(r.status);
  if (!r.body.empty()) detail += ": " + r.body.substr(0, 200);
  return detail;
}

}  // namespace

Answer classify(const Result<net::HttpResponse>& response) {
  if (!response) return Answer{Answer::Kind::kRetry, std::nullopt, response.error().describe()};
  const int status = response->status;
  if (status >= 200 && status < 300)
    return Answer{Answer::Kind::kDelivered, std::nullopt, status_detail(*response)};
  if (status == 429) return Answer{Answer::Kind::kRetry, retry_after(*response), status_detail(*response)};
  if (status >= 400 && status < 500)
    return Answer{Answer::Kind::kGiveUp, std::nullopt, status_detail(*response)};
  return Answer{Answer::Kind::kRetry, std::nullopt, status_detail(*response)};
}

Micros backoff_ceiling(const Backoff& backoff, int64_t failures) {
  Micros d = backoff.first;
  for (int64_t i = 1; i < failures && d < backoff.max; ++i) d *= 2;
  return std::min(d, backoff.max);
}

OutboxQueue::OutboxQueue(std::vector<std::string> receivers, Backoff backoff, Micros expire_after,
                         uint64_t seed)
    : names_(std::move(receivers)), backoff_(backoff), expire_after_(expire_after), rng_(seed) {
  for (const std::string& name : names_) lanes_[name];
}

OutboxQueue::Lane* OutboxQueue::lane(const std::string& receiver) {
  auto it = lanes_.find(receiver);
  return it == lanes_.end() ? nullptr : &it->second;
}

const OutboxQueue::Lane* OutboxQueue::lane(const std::string& receiver) const {
  auto it = lanes_.find(receiver);
  return it == lanes_.end() ? nullptr : &it->second;
}

bool OutboxQueue::add(Pending row) {
  Lane* l = lane(row.receiver);
  if (!l || row.id <= l->last_id) return false;
  l->last_id = row.id;
  l->rows.push_back(std::move(row));
  return true;
}

OutboxQueue::Step OutboxQueue::due(int64_t now_us) {
  Step step;
  for (auto& [name, l] : lanes_) {
    while (!l.in_flight && !l.rows.empty()) {
      Pending& head = l.rows.front();
      if (head.created_us + expire_after_.count() <= now_us) {
        step.updates.push_back(
            {head.id, "expired", head.attempts, head.next_attempt_us, now_us,
             "not delivered within " + std::to_string(expire_after_.count() / 1'000'000) + " s"});
        l.rows.pop_front();
        continue;
      }
      if (head.next_attempt_us > now_us) break;
      l.in_flight = true;
      step.send.push_back(head);
    }
  }
  return step;
}

Micros OutboxQueue::jittered(int64_t failures) {
  const Micros ceiling = backoff_ceiling(backoff_, failures);
  std::uniform_int_distribution<int64_t> pick(ceiling.count() / 2, ceiling.count());
  return Micros(pick(rng_));
}

std::optional<store::NotificationUpdate> OutboxQueue::answered(const std::string& receiver, int64_t id,
                                                               const Answer& answer, int64_t now_us) {
  Lane* l = lane(receiver);
  if (!l || !l->in_flight || l->rows.empty() || l->rows.front().id != id) return std::nullopt;
  l->in_flight = false;
  Pending& head = l->rows.front();
  ++head.attempts;
  store::NotificationUpdate u{head.id, "pending", head.attempts, 0, now_us, answer.detail};
  switch (answer.kind) {
    case Answer::Kind::kDelivered:
      u.state = "delivered";
      l->rows.pop_front();
      return u;
    case Answer::Kind::kGiveUp:
      ++l->failures;
      u.state = "given_up";
      l->rows.pop_front();
      return u;
    case Answer::Kind::kRetry:
      ++l->failures;
      break;
  }
  // Consecutive failures of this row drive its backoff; a Retry-After is the receiver's own word.
  const Micros wait = answer.retry_after ? *answer.retry_after : jittered(head.attempts);
  head.next_attempt_us = now_us + wait.count();
  u.next_attempt_us = head.next_attempt_us;
  return u;
}

std::optional<int64_t> OutboxQueue::next_due_us() const {
  std::optional<int64_t> next;
  for (const auto& [name, l] : lanes_) {
    if (l.in_flight || l.rows.empty()) continue;
    const Pending& head = l.rows.front();
    const int64_t at = std::min(head.next_attempt_us, head.created_us + expire_after_.count());
    if (!next || at < *next) next = at;
  }
  return next;
}

int64_t OutboxQueue::pending(const std::string& receiver) const {
  const Lane* l = lane(receiver);
  return l ? static_cast<int64_t>(l->rows.size()) : 0;
}

int64_t OutboxQueue::failures(const std::string& receiver) const {
  const Lane* l = lane(receiver);
  return l ? l->failures : 0;
}

bool OutboxQueue::in_flight(const std::string& receiver) const {
  const Lane* l = lane(receiver);
  return l && l->in_flight;
}

}  // namespace dealer::notify
