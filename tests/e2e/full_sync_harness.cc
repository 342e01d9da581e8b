#include "tests/e2e/full_sync_harness.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cctype>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "base/tests/test_env.h"
#include "drda/tests/derby_test_env.h"
#include "kafka/admin.h"
#include "kafka/tests/kafka_test_env.h"

namespace db2kafka::e2e {

using base::testing::RequireTestEnv;

CommandResult RunCommand(const std::string& command) {
  CommandResult result;
  // Braces, so that stderr of every part (background jobs too) is collected.
  FILE* pipe = popen(("{ " + command + "; } 2>&1").c_str(), "r");
  if (pipe == nullptr) return result;
  std::array<char, 4096> buffer{};
  size_t read = 0;
  while ((read = fread(buffer.data(), 1, buffer.size(), pipe)) > 0) {
    result.output.append(buffer.data(), read);
  }
  const int status = pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

std::string Db2kafkaCommand(const std::string& arguments) {
  return std::string(DB2KAFKA_BINARY) + " " + arguments;
}

CommandResult RunDb2kafka(const std::string& arguments) {
  return RunCommand(Db2kafkaCommand(arguments));
}

std::unique_ptr<drda::Connection> ConnectToDerby() {
  auto connection = drda::Connection::Open(drda::testing::DerbyOptions());
  EXPECT_TRUE(connection) << connection.error().ToString();
  return connection ? std::move(*connection) : nullptr;
}

void ExecuteAll(drda::Connection& connection, const std::vector<std::string>& statements) {
  for (const std::string& statement : statements) {
    auto done = connection.ExecuteImmediate(statement);
    ASSERT_TRUE(done) << statement << ": " << done.error().ToString();
  }
  ASSERT_TRUE(connection.Commit());
}

void DropTableIfExists(drda::Connection& connection, const std::string& qualified_name) {
  (void)connection.ExecuteImmediate("DROP TABLE " + qualified_name);
  ASSERT_TRUE(connection.Commit());
}

void InsertRows(drda::Connection& connection, const std::string& qualified_name,
                const std::vector<std::string>& value_lists, size_t per_statement) {
  for (size_t start = 0; start < value_lists.size(); start += per_statement) {
    std::string sql = "INSERT INTO " + qualified_name + " VALUES ";
    for (size_t i = start; i < std::min(value_lists.size(), start + per_statement); ++i) {
      sql += (i == start ? "(" : ", (") + value_lists[i] + ")";
    }
    auto done = connection.ExecuteImmediate(sql);
    ASSERT_TRUE(done) << done.error().ToString();
  }
  ASSERT_TRUE(connection.Commit());
}

std::string StateDir(const std::string& task_name) {
  return ::testing::TempDir() + "/state-" + task_name;
}

std::string Lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

std::string WriteTaskFile(const std::string& name, const std::string& destination_settings,
                          const std::string& body, const std::string& source_settings) {
  const std::string path = ::testing::TempDir() + "/" + name + ".yaml";
  std::filesystem::remove_all(StateDir(name));
  std::ofstream(path) << "name: " << name << "\nstate_dir: " << StateDir(name)
                      << "\nsource:\n  host: " << RequireTestEnv("DERBY_HOST")
                      << "\n  port: " << RequireTestEnv("DERBY_PORT")
                      << "\n  database: " << RequireTestEnv("DERBY_DB")
                      << "\n  user: " << RequireTestEnv("DERBY_USER")
                      << "\n  password: ${DERBY_PASSWORD}"
                      << "\n  security_mechanism: userid_password\n"
                      << source_settings
                      << "destination:\n  bootstrap_servers: " << RequireTestEnv("KAFKA_BOOTSTRAP")
                      << "\n"
                      << destination_settings << body;
  return path;
}

std::string DumpWithJdbc(const std::string& query, const std::string& file_name) {
  const std::string url = "jdbc:derby://" + RequireTestEnv("DERBY_HOST") + ":" +
                          RequireTestEnv("DERBY_PORT") + "/" + RequireTestEnv("DERBY_DB");
  const std::string output = ::testing::TempDir() + "/" + file_name;
  const std::string command =
      "java -Dstdout.encoding=UTF-8 -cp " + RequireTestEnv("DERBY_CLASSPATH") + " " +
      DB2KAFKA_SOURCE_DIR + "/src/db2/tests/JdbcJsonDump.java '" + url + "' " +
      RequireTestEnv("DERBY_USER") + " DERBY_PASSWORD \"" + query + "\" > " + output;
  const CommandResult result = RunCommand(command);
  EXPECT_EQ(result.exit_code, 0) << command << "\n" << result.output;
  return output;
}

Verification VerifyTopic(const std::string& arguments) {
  static int counter = 0;
  const std::string report_path =
      ::testing::TempDir() + "/verify-report-" + std::to_string(++counter) + ".json";
  std::filesystem::remove(report_path);
  const std::string command = base::testing::RequireCheckerPython() + " " + DB2KAFKA_SOURCE_DIR +
                              "/tests/e2e/tools/verify_topic.py --bootstrap " +
                              RequireTestEnv("KAFKA_BOOTSTRAP") + " --report-json " + report_path +
                              " " + arguments;
  const CommandResult result = RunCommand(command);
  Verification verification{result.exit_code, command + "\n" + result.output, {}};
  std::ifstream report(report_path);
  if (report) verification.report = nlohmann::json::parse(report, nullptr, false);
  return verification;
}

int64_t CountRecords(const std::string& topic) {
  auto admin =
      kafka::Admin::Create(kafka::testing::OptionsFor(kafka::testing::Listener::kPlaintext));
  EXPECT_TRUE(admin) << admin.error().ToString();
  if (!admin) return -1;
  auto count = (*admin)->CountRecords(topic);
  EXPECT_TRUE(count) << count.error().ToString();
  return count.value_or(-1);
}

BackgroundRun::BackgroundRun(const std::string& task, const std::string& log) {
  const std::string command = "exec " + Db2kafkaCommand("run -c " + task) + " > " + log + " 2>&1";
  pid_ = fork();
  if (pid_ == 0) {
    execl("/bin/sh", "sh", "-c", command.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
}

BackgroundRun::~BackgroundRun() {
  if (pid_ > 0 && !Finished()) KillNine();
}

bool BackgroundRun::Finished() {
  if (reaped_) return true;
  reaped_ = waitpid(pid_, &wait_status_, WNOHANG) == pid_;
  return reaped_;
}

int BackgroundRun::KillNine() {
  kill(pid_, SIGKILL);
  if (!reaped_) reaped_ = waitpid(pid_, &wait_status_, 0) == pid_;
  return wait_status_;
}

int BackgroundRun::StopWith(int signal_number, int seconds) {
  if (!Finished()) kill(pid_, signal_number);
  for (int waited = 0; waited < seconds * 10 && !Finished(); ++waited) usleep(100'000);
  if (!Finished()) {
    KillNine();
    return -1;
  }
  return wait_status_;
}

}  // namespace db2kafka::e2e
