// `db2kafka run`: a task's phases in order — precheck of objects and topics, schema, full,
// incremental — with every checkpoint in the task store, so running the same task again resumes
// where it stopped. The incremental phase runs until stopped (hooks.stop) or failed.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "base/error.h"
#include "config/task_config.h"
#include "runner/full_sync.h"
#include "runner/incremental_sync.h"

namespace db2kafka::runner {

struct RunHooks {
  const std::atomic<bool>* stop = nullptr;  // set by a signal: stop at the next checkpoint
  // A phase starts, or something the user should know (warnings, conflict handling).
  std::function<void(std::string_view line)> report;
  std::function<void(std::span<const FullSyncTableProgress>)> progress;
  std::function<void(const IncrementalProgress&)> incremental_progress;
};

struct RunSummary {
  size_t tables = 0;
  int64_t ddl_records = 0;
  FullSyncResult full;
  bool already_done = false;  // an earlier run finished the task; nothing was done now
};

// Errors: InvalidArgument for what the task file must fix (objects, filters, a changed task over
// old checkpoints); Cancelled when stopped through hooks.stop; anything else is operational.
base::Result<RunSummary> RunTask(const config::TaskConfig& task, const RunHooks& hooks);

// What the checkpoints of a task depend on: a change here makes old checkpoints unusable.
// Secrets and connection details that do not change the records (passwords, timeouts, TLS files)
// are left out.
std::string TaskFingerprint(const config::TaskConfig& task);

}  // namespace db2kafka::runner
