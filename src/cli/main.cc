// db2kafka: streams IBM Db2 for LUW into Apache Kafka. This file only parses the command line and
// dispatches to one subcommand per file.
#include <CLI/CLI.hpp>
#include <cstdio>

#include "base/logger.h"
#include "cli/commands.h"
#include "cli/version.h"

namespace {

using db2kafka::base::LogFormat;
using db2kafka::base::Logger;
using db2kafka::base::LogLevel;

int Run(int argc, char** argv) {
  CLI::App app{"db2kafka: stream IBM Db2 for LUW into Apache Kafka"};
  app.set_version_flag("--version", std::string("db2kafka ") + db2kafka::cli::kVersion);
  app.require_subcommand(1);
  app.fallthrough();  // global options may follow the subcommand

  std::string log_format = "text";
  std::string log_level = "warning";
  app.add_option("--log-format", log_format, "text or json")
      ->check(CLI::IsMember({"text", "json"}));
  app.add_option("--log-level", log_level, "debug, info, warning or error")
      ->check(CLI::IsMember({"debug", "info", "warning", "error"}));

  std::string task_file;
  CLI::App* validate = app.add_subcommand("validate", "check a task file; every problem at once");
  validate->add_option("-c,--config", task_file, "task file (YAML or JSON)")->required();
  CLI::App* check =
      app.add_subcommand("check", "connect to the source and destination of a task file");
  check->add_option("-c,--config", task_file, "task file (YAML or JSON)")->required();
  std::string sql;
  CLI::App* sql_command =
      app.add_subcommand("sql", "run SQL on the task's source; rows as JSON lines");
  sql_command->add_option("-c,--config", task_file, "task file (YAML or JSON)")->required();
  sql_command->add_option("statement", sql, "one SQL statement")->required();

  CLI::App* run = app.add_subcommand(
      "run", "run a task: schema, then full sync; Ctrl-C stops at a checkpoint, run again resumes");
  run->add_option("-c,--config", task_file, "task file (YAML or JSON)")->required();
  CLI::App* status =
      app.add_subcommand("status", "a task's phase, per-table progress and counters");
  status->add_option("-c,--config", task_file, "task file (YAML or JSON)")->required();

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    // CLI11 reports --help and --version as "errors" with exit code 0.
    const int code = app.exit(error);
    return code == 0 ? db2kafka::cli::kExitOk : db2kafka::cli::kExitBadInput;
  }

  Logger::Default().SetFormat(log_format == "json" ? LogFormat::kJson : LogFormat::kText);
  const LogLevel level = log_level == "debug"   ? LogLevel::kDebug
                         : log_level == "info"  ? LogLevel::kInfo
                         : log_level == "error" ? LogLevel::kError
                                                : LogLevel::kWarning;
  Logger::Default().SetLevel(level);

  if (validate->parsed()) return db2kafka::cli::RunValidate(task_file);
  if (check->parsed()) return db2kafka::cli::RunCheck(task_file);
  if (sql_command->parsed()) return db2kafka::cli::RunSql(task_file, sql);
  if (run->parsed()) return db2kafka::cli::RunRun(task_file);
  if (status->parsed()) return db2kafka::cli::RunStatus(task_file);
  return db2kafka::cli::kExitBadInput;
}

}  // namespace

int main(int argc, char** argv) {
  // The one place where a library exception (CLI11, the standard library) could still surface.
  try {
    return Run(argc, argv);
  } catch (const std::exception& error) {
    std::fprintf(stderr, "db2kafka: internal error: %s\n", error.what());
    return db2kafka::cli::kExitFailure;
  }
}
