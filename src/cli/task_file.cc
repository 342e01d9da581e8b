#include "cli/task_file.h"

#include <cstdio>

#include "base/logger.h"
#include "config/task_config_loader.h"

namespace db2kafka::cli {

namespace {

void ReportIssues(const std::string& task_file, const config::ConfigIssues& issues) {
  for (const config::ConfigIssue& issue : issues) {
    std::fprintf(stderr, "%s\n", issue.ToString(task_file).c_str());
  }
  std::fprintf(stderr, "%zu problem%s in %s\n", issues.size(), issues.size() == 1 ? "" : "s",
               task_file.c_str());
}

}  // namespace

std::optional<config::TaskConfig> LoadTaskFileOrReport(const std::string& task_file, TaskUse use) {
  config::LoadResult loaded = config::LoadTaskConfigFile(task_file, config::ProcessEnvironment());
  if (!loaded) {
    ReportIssues(task_file, loaded.error());
    return std::nullopt;
  }
  if (use == TaskUse::kSync) {
    if (const config::ConfigIssues issues = config::CheckReadyToSync(*loaded); !issues.empty()) {
      ReportIssues(task_file, issues);
      return std::nullopt;
    }
  }
  for (const std::string& secret : config::SecretValues(*loaded)) {
    base::Logger::Default().AddSecret(secret);
  }
  return std::move(*loaded);
}

}  // namespace db2kafka::cli
