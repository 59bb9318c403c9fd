// Logging set-up: level names and the redaction of credentials.
#include "live/logging.h"

#include <gtest/gtest.h>

namespace dealer::live {
namespace {

TEST(Logging, ParsesLevelNames) {
  EXPECT_EQ(*parse_log_level("debug"), LogLevel::kDebug);
  EXPECT_EQ(*parse_log_level("warning"), LogLevel::kWarn);
  EXPECT_EQ(*parse_log_level("off"), LogLevel::kOff);
  auto bad = parse_log_level("verbose");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, Errc::kConfig);
  EXPECT_NE(bad.error().message.find("verbose"), std::string::npos);
  EXPECT_NE(bad.error().message.find("critical"), std::string::npos);
}

TEST(Logging, RedactKeepsNothingOfTheCredential) {
  const std::string secret = "0b5bd1a5-3f16-4a8b-8ae3-3c0b1b4a0d11";
  const std::string shown = redact(secret);
  EXPECT_EQ(shown, "<redacted, 36 chars>");
  for (size_t i = 0; i + 3 <= secret.size(); ++i)
    EXPECT_EQ(shown.find(secret.substr(i, 3)), std::string::npos) << secret.substr(i, 3);
}

TEST(Logging, LinesGoToStderrWithTimeAndLevelAndRespectTheLevel) {
  setup_logging(LogLevel::kInfo);
  ::testing::internal::CaptureStderr();
  log_debug("hidden line");
  log_warn("trades: exchange busy");
  const std::string out = ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(out.find("hidden line"), std::string::npos);
  // "YYYY-MM-DD HH:MM:SS.mmm [warning] trades: exchange busy\n"
  EXPECT_NE(out.find("[warning] trades: exchange busy\n"), std::string::npos) << out;
  ASSERT_GE(out.size(), 24u);
  EXPECT_EQ(out[4], '-');
  EXPECT_EQ(out[13], ':');
  EXPECT_EQ(out[19], '.');
  setup_logging(LogLevel::kOff);
}

}  // namespace
}  // namespace dealer::live
