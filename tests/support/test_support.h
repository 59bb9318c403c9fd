// Helpers shared by the unit tests: test data files, JSON comparison by an independent parser
// (Boost.JSON), and seeded randomness whose seed is printed so any failure can be replayed.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <string>
#include <string_view>

namespace dealer::testing {

// The bytes of tests/data/<relative>; fails the test if the file cannot be read.
std::string read_test_file(std::string_view relative);
std::string test_data_path(std::string_view relative);

// Parses both texts with Boost.JSON and compares them as values: same members, same types (a string
// stays a string), numbers equal, member order ignored. On a difference, names the first path.
::testing::AssertionResult json_equal(std::string_view expected, std::string_view actual);

// Whether `actual` has the shape of `expected`: the same member names and JSON types at every level
// (numbers are numbers whether integer or not; a null in `expected` matches anything; each array
// element must match one of the expected array's elements). Values are not compared. With
// kExtraAllowed, `actual` may carry members `expected` lacks (it must still carry all of its members).
enum class ExtraMembers { kRefused, kAllowed };
::testing::AssertionResult json_same_shape(std::string_view expected, std::string_view actual,
                                           ExtraMembers extra = ExtraMembers::kRefused);

// Binds the TCP socket `fd` to 127.0.0.1 on a free port and returns the port (the caller listens or
// releases it as it needs); -1 if the bind fails.
int bind_loopback(int fd);

// A generator seeded from DEALER_TEST_SEED if set, else from kDefaultTestSeed; the seed is printed.
inline constexpr uint64_t kDefaultTestSeed = 20130101;
std::mt19937_64 seeded_rng();

}  // namespace dealer::testing
