// Loading the task file for a subcommand: prints every problem to stderr and registers the task's
// secrets with the logger before anything else can print them.
#pragma once

#include <optional>
#include <string>

#include "config/task_config.h"

namespace db2kafka::cli {

enum class TaskUse {
  kConnect,  // check, sql: connection settings are enough
  kSync,     // validate, run: the task must also select objects (config::CheckReadyToSync)
};

std::optional<config::TaskConfig> LoadTaskFileOrReport(const std::string& task_file,
                                                       TaskUse use = TaskUse::kConnect);

}  // namespace db2kafka::cli
