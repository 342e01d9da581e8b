#include "base/logger.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace db2kafka::base {
namespace {

class LoggerTest : public ::testing::Test {
 protected:
  LoggerTest() {
    logger_.SetSink([this](std::string_view line) { lines_.emplace_back(line); });
  }
  Logger logger_;
  std::vector<std::string> lines_;
};

TEST_F(LoggerTest, RedactsRegisteredSecretsEverywhereInTheLine) {
  logger_.AddSecret("s3cr3t");
  logger_.Log(LogLevel::kError, "kafka", "login with s3cr3t failed; s3cr3t again");
  ASSERT_EQ(lines_.size(), 1u);
  EXPECT_EQ(lines_[0].find("s3cr3t"), std::string::npos) << lines_[0];
  EXPECT_NE(lines_[0].find("login with *** failed; *** again"), std::string::npos) << lines_[0];
}

TEST_F(LoggerTest, DropsLinesBelowTheLevel) {
  logger_.SetLevel(LogLevel::kWarning);
  logger_.Log(LogLevel::kInfo, "x", "hidden");
  logger_.Log(LogLevel::kWarning, "x", "shown");
  ASSERT_EQ(lines_.size(), 1u);
  EXPECT_NE(lines_[0].find("shown"), std::string::npos);
}

TEST_F(LoggerTest, JsonLinesAreParseableAndRedacted) {
  logger_.SetFormat(LogFormat::kJson);
  logger_.AddSecret("pw\"1");
  logger_.Log(LogLevel::kInfo, "cli", "password pw\"1 and a quote \"");
  ASSERT_EQ(lines_.size(), 1u);
  const auto line = nlohmann::json::parse(lines_[0]);
  EXPECT_EQ(line["level"], "info");
  EXPECT_EQ(line["component"], "cli");
  EXPECT_EQ(line["msg"], "password *** and a quote \"");
}

TEST(RedactSecrets, HandlesOverlapAndEmptySecrets) {
  EXPECT_EQ(RedactSecrets("aaaa", {"aa"}), "******");
  EXPECT_EQ(RedactSecrets("abc", {""}), "abc");
  EXPECT_EQ(RedactSecrets("***", {"*"}), "*********");
}

}  // namespace
}  // namespace db2kafka::base
