#include "core/crypto.h"

#include <gtest/gtest.h>

namespace dealer {
namespace {

constexpr std::string_view kSecret =
    "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4vMDEyMzQ1Njc4OTo7PD0+Pw==";

TEST(Crypto, SignsTheMtGoxTestVector) {
  // shared/data/README.md: this secret and body give this Rest-Sign.
  EXPECT_EQ(mtgox_sign(kSecret, "nonce=1365779997854917").value(),
            "GKGyh4zA6GC858belc7PkXUntRD9HacywUOx7gtt8hiW6Pg29ddu9zzkGa9JR9kdGi9jFcS5VXvB2IGBh/PUYw==");
}

TEST(Crypto, VerifiesOnlyTheExactBody) {
  const std::string key = base64_decode(kSecret).value();
  ASSERT_EQ(key.size(), 64u);
  const std::string sig = mtgox_sign(kSecret, "nonce=1365779997854917").value();
  EXPECT_TRUE(mtgox_signature_valid(key, "nonce=1365779997854917", sig));
  EXPECT_FALSE(mtgox_signature_valid(key, "nonce=1365779997854918", sig));
  EXPECT_FALSE(mtgox_signature_valid(key, "nonce=1365779997854917", sig.substr(1)));
}

TEST(Crypto, Base64RoundTripsAndRejectsGarbage) {
  EXPECT_EQ(base64_encode(""), "");
  EXPECT_EQ(base64_encode("f"), "Zg==");
  EXPECT_EQ(base64_encode("fo"), "Zm8=");
  EXPECT_EQ(base64_encode("foo"), "Zm9v");
  EXPECT_EQ(base64_decode("Zg==").value(), "f");
  EXPECT_EQ(base64_decode("Zm8=").value(), "fo");
  EXPECT_EQ(base64_decode("Zm9v").value(), "foo");
  std::string all;
  for (int i = 0; i < 256; ++i) all += static_cast<char>(i);
  EXPECT_EQ(base64_decode(base64_encode(all)).value(), all);
  for (const char* bad : {"Zg=", "Z===", "Zm9v\n", "Zm!v", "=Zm9"}) EXPECT_FALSE(base64_decode(bad).ok()) << bad;
  EXPECT_EQ(mtgox_sign("not base64!", "x").error().code, Errc::kConfig);
}

}  // namespace
}  // namespace dealer
