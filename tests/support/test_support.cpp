#include "support/test_support.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <boost/json.hpp>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>

namespace dealer::testing {
namespace {

namespace json = boost::json;

// Returns the path of the first difference, or an empty optional when equal.
std::optional<std::string> first_difference(const json::value& a, const json::value& b, const std::string& path) {
  if (a.kind() != b.kind()) {
    // int64 and uint64 hold the same integers; anything else of another kind is a difference.
    const bool both_ints = (a.is_int64() || a.is_uint64()) && (b.is_int64() || b.is_uint64());
    if (!both_ints || a != b)
      return path + ": " + json::serialize(a) + " vs " + json::serialize(b) + " (different JSON types)";
    return std::nullopt;
  }
  if (a.is_object()) {
    const auto& x = a.as_object();
    const auto& y = b.as_object();
    for (const auto& kv : x) {
      const auto* other = y.if_contains(kv.key());
      const std::string sub = path + "." + std::string(kv.key());
      if (!other) return sub + ": missing in actual";
      if (auto d = first_difference(kv.value(), *other, sub)) return d;
    }
    for (const auto& kv : y)
      if (!x.contains(kv.key())) return path + "." + std::string(kv.key()) + ": unexpected in actual";
    return std::nullopt;
  }
  if (a.is_array()) {
    const auto& x = a.as_array();
    const auto& y = b.as_array();
    if (x.size() != y.size())
      return path + ": " + std::to_string(x.size()) + " vs " + std::to_string(y.size()) + " elements";
    for (size_t i = 0; i < x.size(); ++i)
      if (auto d = first_difference(x[i], y[i], path + "[" + std::to_string(i) + "]")) return d;
    return std::nullopt;
  }
  if (a != b) return path + ": " + json::serialize(a) + " vs " + json::serialize(b);
  return std::nullopt;
}

std::optional<std::string> shape_difference(const json::value& a, const json::value& b,
                                            const std::string& path, ExtraMembers extra) {
  if (a.is_null()) return std::nullopt;
  if (a.is_number() && b.is_number()) return std::nullopt;
  if (a.kind() != b.kind()) return path + ": expected " + json::serialize(a).substr(0, 60) + ", got " + json::serialize(b).substr(0, 60);
  if (a.is_object()) {
    for (const auto& kv : a.as_object()) {
      const auto* other = b.as_object().if_contains(kv.key());
      if (!other) return path + "." + std::string(kv.key()) + ": missing";
      if (auto d = shape_difference(kv.value(), *other, path + "." + std::string(kv.key()), extra)) return d;
    }
    if (extra == ExtraMembers::kRefused)
      for (const auto& kv : b.as_object())
        if (!a.as_object().contains(kv.key()))
          return path + "." + std::string(kv.key()) + ": not in the expected shape";
  }
  if (a.is_array() && !a.as_array().empty()) {
    // Each actual element must have the shape of one of the expected elements (the seed's examples
    // show a nullable member as a string in one element and null in another).
    const auto& x = a.as_array();
    const auto& y = b.as_array();
    for (size_t i = 0; i < y.size(); ++i) {
      const std::string at = path + "[" + std::to_string(i) + "]";
      bool matched = false;
      for (const auto& e : x) matched = matched || !shape_difference(e, y[i], at, extra);
      if (!matched) return shape_difference(x[0], y[i], at, extra);
    }
  }
  return std::nullopt;
}

}  // namespace

::testing::AssertionResult json_same_shape(std::string_view expected, std::string_view actual,
                                           ExtraMembers extra) {
  boost::system::error_code ec;
  const json::value a = json::parse(expected, ec);
  if (ec) return ::testing::AssertionFailure() << "expected is not JSON: " << ec.message();
  const json::value b = json::parse(actual, ec);
  if (ec) return ::testing::AssertionFailure() << "actual is not JSON: " << ec.message() << "\n" << actual.substr(0, 300);
  if (auto d = shape_difference(a, b, "$", extra))
    return ::testing::AssertionFailure() << "shape differs at " << *d;
  return ::testing::AssertionSuccess();
}

std::string test_data_path(std::string_view relative) {
  return std::string(DEALER_TEST_DATA_DIR) + "/" + std::string(relative);
}

std::string read_test_file(std::string_view relative) {
  const std::string path = test_data_path(relative);
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in.good()) << "cannot read " << path;
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

::testing::AssertionResult json_equal(std::string_view expected, std::string_view actual) {
  boost::system::error_code ec;
  const json::value a = json::parse(expected, ec);
  if (ec) return ::testing::AssertionFailure() << "expected is not JSON: " << ec.message();
  const json::value b = json::parse(actual, ec);
  if (ec) return ::testing::AssertionFailure() << "actual is not JSON: " << ec.message() << "\n" << actual;
  if (auto d = first_difference(a, b, "$")) return ::testing::AssertionFailure() << "JSON differs at " << *d;
  return ::testing::AssertionSuccess();
}

int bind_loopback(int fd) {
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) return -1;
  socklen_t len = sizeof addr;
  if (getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) return -1;
  return ntohs(addr.sin_port);
}

std::mt19937_64 seeded_rng() {
  uint64_t seed;
  if (const char* s = std::getenv("DEALER_TEST_SEED")) {
    seed = std::strtoull(s, nullptr, 10);
  } else {
    seed = kDefaultTestSeed;  // fixed, so a run is repeatable; vary it on purpose with the variable
  }
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  std::cout << "[ seed     ] " << (info ? info->name() : "") << ": DEALER_TEST_SEED=" << seed << "\n";
  ::testing::Test::RecordProperty("seed", std::to_string(seed));
  return std::mt19937_64(seed);
}

}  // namespace dealer::testing
