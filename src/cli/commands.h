// The subcommands of the db2kafka binary, one file each. Each returns the process exit code:
// 0 success, 1 operational failure, 2 bad input.
#pragma once

#include <string>

namespace db2kafka::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitBadInput = 2;

int RunValidate(const std::string& task_file);
int RunCheck(const std::string& task_file);
int RunSql(const std::string& task_file, const std::string& sql);
int RunRun(const std::string& task_file);
int RunStatus(const std::string& task_file);

}  // namespace db2kafka::cli
