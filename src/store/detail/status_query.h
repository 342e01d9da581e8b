// Queries shared by the writer and the read-only status reader.
#pragma once

#include <span>

#include "base/error.h"
#include "store/detail/sqlite_database.h"
#include "store/task_status.h"

namespace db2kafka::store::detail {

// Reads the whole status; run it inside a transaction so the snapshot is consistent.
base::Result<TaskStatus> QueryStatus(Database& database);

// Adds each delta to its counter (creating it at 0); call inside a write transaction.
base::Status ApplyCounters(Database& database, std::span<const CounterDelta> counters);

}  // namespace db2kafka::store::detail
