#include "sim/request_stats.h"

namespace dealer::sim {
namespace {

void write_counts(JsonWriter& w, const std::map<std::string, int64_t, std::less<>>& counts) {
  w.begin_object();
  for (const auto& [name, n] : counts) {
    w.key(name);
    w.integer(n);
  }
  w.end_object();
}

}  // namespace

void RequestStats::add(Counts& counts, std::string_view name) {
  auto it = counts.find(name);
  if (it == counts.end()) it = counts.emplace(std::string(name), 0).first;
  ++it->second;
}

RequestStats::Port& RequestStats::port(std::string_view name) {
  auto it = ports_.find(name);
  if (it == ports_.end()) it = ports_.emplace(std::string(name), Port{}).first;
  return it->second;
}

void RequestStats::count_public(std::string_view port_name, std::string_view endpoint) {
  add(port(port_name).public_calls, endpoint);
}

void RequestStats::count_private(std::string_view port_name, std::string_view key_name,
                                 std::string_view endpoint) {
  auto& by_key = port(port_name).private_calls;
  auto it = by_key.find(key_name);
  if (it == by_key.end()) it = by_key.emplace(std::string(key_name), Counts{}).first;
  add(it->second, endpoint);
}

net::Reply RequestStats::answered(net::Reply reply) {
  if (reply.delivery == net::Delivery::kDrop) {
    add(answers_, "dropped");
  } else {
    const char digit = static_cast<char>('0' + reply.response.status / 100 % 10);
    add(answers_, std::string(1, digit) + "xx");
  }
  return reply;
}

void RequestStats::write(JsonWriter& w) const {
  w.key("requests");
  w.begin_object();
  for (const auto& [name, p] : ports_) {
    w.key(name);
    w.begin_object();
    w.key("public");
    write_counts(w, p.public_calls);
    w.key("private");
    w.begin_object();
    for (const auto& [key_name, counts] : p.private_calls) {
      w.key(key_name);
      write_counts(w, counts);
    }
    w.end_object();
    w.end_object();
  }
  w.end_object();
  w.key("answers");
  write_counts(w, answers_);
}

}  // namespace dealer::sim
