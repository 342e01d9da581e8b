#include "cli/task_file.h"

#include <cstdio>

#include "base/logger.h"
#include "config/task_config_loader.h"

namespace db2kafka::cli {

std::optional<config::TaskConfig> LoadTaskFileOrReport(const std::string& task_file) {
  config::LoadResult loaded = config::LoadTaskConfigFile(task_file, config::ProcessEnvironment());
  if (!loaded) {
    for (const config::ConfigIssue& issue : loaded.error()) {
      std::fprintf(stderr, "%s\n", issue.ToString(task_file).c_str());
    }
    std::fprintf(stderr, "%zu problem%s in %s\n", loaded.error().size(),
                 loaded.error().size() == 1 ? "" : "s", task_file.c_str());
    return std::nullopt;
  }
  for (const std::string& secret : config::SecretValues(*loaded)) {
    base::Logger::Default().AddSecret(secret);
  }
  return std::move(*loaded);
}

}  // namespace db2kafka::cli
