#include <cstdio>

#include "base/logger.h"
#include "cli/commands.h"
#include "cli/task_file.h"
#include "runner/sql_session.h"

namespace db2kafka::cli {

int RunSql(const std::string& task_file, const std::string& sql) {
  const auto task = LoadTaskFileOrReport(task_file);
  if (!task) return kExitBadInput;
  const base::Status result = runner::RunSql(task->source, sql, [](std::string_view line) {
    std::fwrite(line.data(), 1, line.size(), stdout);
    std::fputc('\n', stdout);
  });
  std::fflush(stdout);
  if (!result) {
    std::fprintf(stderr, "source %s:%lld database %s: %s\n", task->source.host.c_str(),
                 static_cast<long long>(task->source.port), task->source.database.c_str(),
                 base::Logger::Default().Redact(result.error().ToString()).c_str());
    return result.error().code == base::ErrorCode::kInvalidArgument ? kExitBadInput : kExitFailure;
  }
  return kExitOk;
}

}  // namespace db2kafka::cli
