#include <cstdio>

#include "cli/commands.h"
#include "cli/task_file.h"

namespace db2kafka::cli {

int RunValidate(const std::string& task_file) {
  const auto task = LoadTaskFileOrReport(task_file, TaskUse::kSync);
  if (!task) return kExitBadInput;
  std::printf("%s: task %s is valid\n", task_file.c_str(), task->name.c_str());
  return kExitOk;
}

}  // namespace db2kafka::cli
