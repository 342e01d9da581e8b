// What the full-sync end-to-end tests share: the db2kafka binary run as a user runs it, source
// tables made in the test Derby, task files for the test servers, and the independent check of a
// topic (Derby's JDBC client reads the source, tests/e2e/tools/verify_topic.py reads Kafka).
#pragma once

#include <sys/types.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "drda/connection.h"

namespace db2kafka::e2e {

struct CommandResult {
  int exit_code = -1;
  std::string output;  // stdout and stderr together
};

// Runs a shell command line and collects its output.
CommandResult RunCommand(const std::string& command);
// Runs build/db2kafka (the binary of this build) with `arguments`.
CommandResult RunDb2kafka(const std::string& arguments);
// The command line that runs the binary, for tests that start it themselves.
std::string Db2kafkaCommand(const std::string& arguments);

// A connection to the test Derby; fails the test when it cannot connect.
std::unique_ptr<drda::Connection> ConnectToDerby();
// Runs each statement and commits; fails the test on the first error.
void ExecuteAll(drda::Connection& connection, const std::vector<std::string>& statements);
// DROP TABLE, ignoring "does not exist".
void DropTableIfExists(drda::Connection& connection, const std::string& qualified_name);
// Inserts rows given as SQL value lists ("1, 'a'") in multi-row INSERTs of `per_statement`.
void InsertRows(drda::Connection& connection, const std::string& qualified_name,
                const std::vector<std::string>& value_lists, size_t per_statement = 500);

// A task file in the test's temp dir for the test Derby and the broker's plaintext listener:
// name, state_dir (fresh per name), source (then `source_settings`), destination settings after
// bootstrap_servers, then `body` (any other sections), each written as given.
std::string WriteTaskFile(const std::string& name, const std::string& destination_settings,
                          const std::string& body, const std::string& source_settings = "");

// `text` in lower case (ASCII), as the default capitalization names destination objects.
std::string Lower(std::string text);
std::string StateDir(const std::string& task_name);

// Derby's JDBC client reads `query` into a JSON-lines file (JdbcJsonDump.java); returns its path.
std::string DumpWithJdbc(const std::string& query, const std::string& file_name);

struct Verification {
  int exit_code = -1;
  std::string output;
  nlohmann::json report;  // verify_topic.py --report-json
};
// verify_topic.py over the plaintext listener; `arguments` after --bootstrap and --report-json.
Verification VerifyTopic(const std::string& arguments);

// Records the topic holds (high minus low watermarks over its partitions).
int64_t CountRecords(const std::string& topic);

// `db2kafka run` as a child process of the test, so that it can be stopped or killed. Killed with
// SIGKILL when the test ends while it still runs.
class BackgroundRun {
 public:
  BackgroundRun(const std::string& task, const std::string& log);
  ~BackgroundRun();
  BackgroundRun(const BackgroundRun&) = delete;
  BackgroundRun& operator=(const BackgroundRun&) = delete;

  bool started() const { return pid_ > 0; }
  // True once the process ended by itself (its wait status is then in wait_status()).
  bool Finished();
  // SIGKILL, then reaps it; the wait status says how it ended.
  int KillNine();
  // Sends `signal_number` (SIGINT: stop at a checkpoint) and waits for the end; returns the wait
  // status, or -1 when it did not end within `seconds` (it is then killed).
  int StopWith(int signal_number, int seconds);
  int wait_status() const { return wait_status_; }

 private:
  pid_t pid_ = -1;
  bool reaped_ = false;
  int wait_status_ = 0;
};

}  // namespace db2kafka::e2e
