// `db2kafka status`: what the task store says, read without disturbing a running task.
#include <cstdio>
#include <ctime>

#include "base/clock.h"
#include "base/logger.h"
#include "cli/commands.h"
#include "cli/task_file.h"
#include "store/task_store.h"

namespace db2kafka::cli {
namespace {

std::string UtcTime(int64_t micros) {
  if (micros <= 0) return "never";
  const std::time_t seconds = micros / 1'000'000;
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[32];
  std::strftime(text, sizeof(text), "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

}  // namespace

int RunStatus(const std::string& task_file) {
  const auto task = LoadTaskFileOrReport(task_file);
  if (!task) return kExitBadInput;
  const auto status = store::TaskStore::ReadStatus(task->state_dir, task->name);
  if (!status) {
    if (status.error().code == base::ErrorCode::kNotFound) {
      std::fprintf(stderr, "task %s has not run yet: no state in %s\n", task->name.c_str(),
                   task->state_dir.c_str());
    } else {
      std::fprintf(stderr, "task %s: %s\n", task->name.c_str(),
                   base::Logger::Default().Redact(status.error().ToString()).c_str());
    }
    return kExitFailure;
  }
  std::printf("task:       %s\n", status->task_name.c_str());
  std::printf("phase:      %s\n", std::string(store::TaskPhaseName(status->phase)).c_str());
  std::printf("updated:    %s\n", UtcTime(status->updated_at_us).c_str());
  if (!status->last_error.empty()) {
    std::printf("last error: %s\n", base::Logger::Default().Redact(status->last_error).c_str());
  }
  std::printf("hand-off:   %s\n",
              status->handoff_position ? status->handoff_position->ToHex().c_str() : "none");
  std::printf("position:   %s\n",
              status->position ? status->PositionHex().c_str() : "none (no incremental yet)");
  if (status->sent_position && status->position && *status->position < *status->sent_position) {
    std::printf(
        "sent up to: %s (not all acknowledged when the last run stopped: the next run "
        "sends it again)\n",
        status->sent_position->ToHex().c_str());
  }
  if (status->last_commit_time_us > 0) {
    // Latency as a consumer sees it: how old the newest change in Kafka is.
    const double latency = static_cast<double>(base::SystemClock::Instance().NowMicros() -
                                               status->last_commit_time_us) /
                           1e6;
    std::printf("latency:    %.1f s (the last change in Kafka committed at %s)\n", latency,
                UtcTime(status->last_commit_time_us).c_str());
  }
  if (!status->tables.empty()) {
    std::printf("%-40s %-12s %14s %14s %12s\n", "table", "state", "rows written", "rows (est.)",
                "chunks");
  }
  for (const store::TableProgress& table : status->tables) {
    const std::string chunks =
        std::to_string(table.chunks_done) + "/" + std::to_string(table.chunks_total);
    std::printf("%-40s %-12s %14lld %14lld %12s\n", table.table.c_str(),
                std::string(store::TableStateName(table.state)).c_str(),
                static_cast<long long>(table.rows_written),
                static_cast<long long>(table.rows_estimate), chunks.c_str());
  }
  for (const auto& [name, value] : status->counters) {
    std::printf("counter %-30s %lld\n", name.c_str(), static_cast<long long>(value));
  }
  return kExitOk;
}

}  // namespace db2kafka::cli
