// Loading the task file for a subcommand: prints every problem to stderr and registers the task's
// secrets with the logger before anything else can print them.
#pragma once

#include <optional>
#include <string>

#include "config/task_config.h"

namespace db2kafka::cli {

std::optional<config::TaskConfig> LoadTaskFileOrReport(const std::string& task_file);

}  // namespace db2kafka::cli
