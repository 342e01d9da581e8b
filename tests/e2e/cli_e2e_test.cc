// The db2kafka binary as a user runs it: exit codes, what it prints, and that secrets stay out.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <fstream>

#include "base/tests/test_env.h"
#include "kafka/admin.h"
#include "kafka/tests/kafka_test_env.h"

namespace db2kafka {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

struct RunResult {
  int exit_code = -1;
  std::string output;  // stdout and stderr together
};

RunResult RunDb2kafka(const std::string& arguments) {
  const std::string command = std::string(DB2KAFKA_BINARY) + " " + arguments + " 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  RunResult result;
  if (pipe == nullptr) return result;
  std::array<char, 4096> buffer{};
  size_t read = 0;
  while ((read = fread(buffer.data(), 1, buffer.size(), pipe)) > 0)
    result.output.append(buffer.data(), read);
  const int status = pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

using base::testing::RequireTestEnv;

// A task whose source is the test Derby server; the password stays in the environment.
std::string WriteTask(const std::string& name, const std::string& destination,
                      const std::string& source_password = "${DERBY_PASSWORD}") {
  const std::string path = ::testing::TempDir() + "/" + name + ".yaml";
  std::ofstream(path) << "name: " << name << "\n"
                      << "source:\n  host: " << RequireTestEnv("DERBY_HOST")
                      << "\n  port: " << RequireTestEnv("DERBY_PORT")
                      << "\n  database: " << RequireTestEnv("DERBY_DB")
                      << "\n  user: " << RequireTestEnv("DERBY_USER") << "\n  password: \""
                      << source_password << "\"\n"
                      << "destination:\n"
                      << destination;
  return path;
}

std::string SaslSslDestination(const std::string& topic, const std::string& password) {
  const kafka::ClientOptions options =
      kafka::testing::OptionsFor(kafka::testing::Listener::kSaslSsl);
  return "  bootstrap_servers: " + options.bootstrap_servers + "\n  topic: " + topic +
         "\n  security: {protocol: sasl_ssl, mechanism: SCRAM-SHA-256, user: " + options.sasl_user +
         ", password: \"" + password + "\", ca_file: " + options.ca_file +
         "}\n  connect_timeout_ms: 5000\n";
}

TEST(Cli, PrintsItsVersion) {
  const RunResult result = RunDb2kafka("--version");
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_THAT(result.output, HasSubstr("db2kafka 0."));
}

TEST(Cli, UnknownSubcommandIsBadInput) {
  EXPECT_EQ(RunDb2kafka("frobnicate").exit_code, 2);
  EXPECT_EQ(RunDb2kafka("validate").exit_code, 2);  // -c is required
}

TEST(Cli, ValidateReportsEveryProblemWithExitCode2) {
  const std::string path = WriteTask("bad-task", "  acks: maybe\n  linger: 5\n");
  const RunResult result = RunDb2kafka("validate -c " + path);
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.output, HasSubstr("destination.acks: must be one of 0, 1, all"));
  EXPECT_THAT(result.output, HasSubstr("destination.linger: unknown setting"));
  EXPECT_THAT(result.output, HasSubstr("destination.topic: is required"));
  EXPECT_THAT(result.output, HasSubstr("3 problems in"));
  EXPECT_THAT(result.output, Not(HasSubstr(RequireTestEnv("DERBY_PASSWORD"))));
}

TEST(Cli, ValidateAcceptsAGoodTask) {
  const std::string path =
      WriteTask("good-task", "  topic: db2.sample\nobjects:\n  - schema: APP\n");
  const RunResult result = RunDb2kafka("validate -c " + path);
  EXPECT_EQ(result.exit_code, 0) << result.output;
  EXPECT_THAT(result.output, HasSubstr("task good-task is valid"));
}

TEST(Cli, ValidateWantsObjectsToSync) {
  const std::string path = WriteTask("no-objects-task", "  topic: db2.sample\n");
  const RunResult result = RunDb2kafka("validate -c " + path);
  EXPECT_EQ(result.exit_code, 2) << result.output;
  EXPECT_THAT(result.output, HasSubstr("objects"));
}

TEST(Cli, CheckListsTheConfiguredTopicOverSaslSsl) {
  const std::string topic = kafka::testing::UniqueTopic("cli-check");
  auto admin = kafka::Admin::Create(kafka::testing::OptionsFor(kafka::testing::Listener::kSaslSsl));
  ASSERT_TRUE(admin);
  ASSERT_TRUE((*admin)->CreateTopic({.name = topic, .partition_count = 3}));
  const std::string password =
      kafka::testing::OptionsFor(kafka::testing::Listener::kSaslSsl).sasl_password;
  const std::string path = WriteTask("check-ok", SaslSslDestination(topic, password));

  const RunResult result = RunDb2kafka("check -c " + path);
  EXPECT_EQ(result.exit_code, 0) << result.output;
  EXPECT_THAT(result.output, HasSubstr("Apache Derby CSS10140, SQLAM 7"));
  EXPECT_THAT(result.output, HasSubstr("reachable"));
  EXPECT_THAT(result.output, HasSubstr("topic " + topic + " (default topic): 3 partitions"));
  EXPECT_THAT(result.output, Not(HasSubstr(password)));
  EXPECT_TRUE((*admin)->DeleteTopic(topic));
}

TEST(Cli, CheckFailsClearlyOnAMissingTopic) {
  const std::string password =
      kafka::testing::OptionsFor(kafka::testing::Listener::kSaslSsl).sasl_password;
  const std::string path =
      WriteTask("check-missing", SaslSslDestination("no-such-topic-cli", password));
  const RunResult result = RunDb2kafka("check -c " + path);
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_THAT(result.output, HasSubstr("topic no-such-topic-cli (default topic) does not exist"));
}

TEST(Cli, CheckWithAWrongPasswordSaysSoWithoutPrintingIt) {
  const std::string path = WriteTask("check-badpw", SaslSslDestination("any", "Wr0ng-Pa55word"));
  const RunResult result = RunDb2kafka("check -c " + path + " --log-level debug");
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_THAT(result.output, HasSubstr("Authentication failed"));
  EXPECT_THAT(result.output, HasSubstr("check destination.security.user, password and mechanism"));
  EXPECT_THAT(result.output, Not(HasSubstr("Wr0ng-Pa55word")));
}

TEST(Cli, CheckOfAnUnreachableBrokerEndsWithinTheTimeout) {
  const std::string path = WriteTask(
      "check-down", "  bootstrap_servers: 127.0.0.1:1\n  topic: t\n  connect_timeout_ms: 1500\n");
  const RunResult result = RunDb2kafka("check -c " + path);
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_THAT(result.output, HasSubstr("cannot read Kafka metadata at 127.0.0.1:1 within 1500 ms"));
  EXPECT_THAT(result.output, HasSubstr("Connection refused"));
  EXPECT_THAT(result.output, HasSubstr("check destination.bootstrap_servers"));
}

TEST(Cli, CheckWithAWrongSourcePasswordNamesTheSettingsToFix) {
  const std::string path =
      WriteTask("check-badsource",
                "  topic: t\n  bootstrap_servers: " + RequireTestEnv("KAFKA_BOOTSTRAP") + "\n",
                "Wr0ng-Db2-Pa55");
  const RunResult result = RunDb2kafka("check -c " + path);
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_THAT(result.output, HasSubstr("user id or password invalid"));
  EXPECT_THAT(result.output, HasSubstr("check source.user and source.password"));
  EXPECT_THAT(result.output, Not(HasSubstr("Wr0ng-Db2-Pa55")));
}

TEST(Cli, SqlPrintsRowsAsJsonLinesAndStatementsAsCounts) {
  const std::string path = WriteTask("sql", "  topic: t\n");
  const std::string table = "CLI_SQL_" + std::to_string(getpid());
  EXPECT_EQ(RunDb2kafka("sql -c " + path + " \"CREATE TABLE " + table +
                        " (ID INT, NAME VARCHAR(10), PRICE DECIMAL(7,2))\"")
                .exit_code,
            0);
  const RunResult inserted = RunDb2kafka("sql -c " + path + " \"INSERT INTO " + table +
                                         " VALUES (1, 'caf\xC3\xA9', -1.50), (2, NULL, 0)\"");
  EXPECT_EQ(inserted.exit_code, 0) << inserted.output;
  EXPECT_THAT(inserted.output, HasSubstr(R"({"rows_affected":2})"));
  const RunResult selected =
      RunDb2kafka("sql -c " + path + " \"SELECT * FROM " + table + " ORDER BY ID\"");
  EXPECT_EQ(selected.exit_code, 0) << selected.output;
  EXPECT_THAT(selected.output, HasSubstr("{\"ID\":1,\"NAME\":\"caf\xC3\xA9\",\"PRICE\":\"-1.50\"}\n"
                                         "{\"ID\":2,\"NAME\":null,\"PRICE\":\"0.00\"}\n"));
  const RunResult missing = RunDb2kafka("sql -c " + path + " \"SELECT * FROM NO_SUCH_TABLE\"");
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_THAT(missing.output, HasSubstr("SQLSTATE 42X05"));
  EXPECT_EQ(RunDb2kafka("sql -c " + path + " \"DROP TABLE " + table + "\"").exit_code, 0);
}

}  // namespace
}  // namespace db2kafka
