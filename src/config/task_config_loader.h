// Reads a task file (YAML, or JSON, which YAML accepts) into a TaskConfig, applying the declared
// defaults and reporting every problem at once, each with its key path and line.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <tl/expected.hpp>
#include <vector>

#include "config/task_config.h"

namespace db2kafka::config {

struct ConfigIssue {
  std::string path;  // "destination.acks"; empty for the file as a whole
  int line = 0;      // 1-based line in the file; 0 when unknown (a missing setting)
  std::string message;

  // "task.yaml:12: destination.acks: must be one of 0, 1, all (got "2")"
  std::string ToString(std::string_view file_name) const;
};

using ConfigIssues = std::vector<ConfigIssue>;
using LoadResult = tl::expected<TaskConfig, ConfigIssues>;

// Looks up ${VAR} references; the default reads the process environment.
using EnvironmentLookup = std::function<std::optional<std::string>(const std::string& name)>;
EnvironmentLookup ProcessEnvironment();

// What only commands that sync (validate, precheck, run) need of a loaded task: at least one
// `objects` rule, as DTS needs selected objects. The loader accepts a task without `objects`
// (absent, not an empty list) so that check and sql work with connection settings alone.
ConfigIssues CheckReadyToSync(const TaskConfig& task);

LoadResult ParseTaskConfig(std::string_view text, const EnvironmentLookup& environment);
LoadResult LoadTaskConfigFile(const std::string& file_path, const EnvironmentLookup& environment);

}  // namespace db2kafka::config
