// The heartbeat table (incremental.heartbeat_table): one row that db2kafka updates every second.
// Registered with Capture like the synced tables, its changes come back through the CD tables in
// commit order with everything else, so the commit time of the last change read, and with it the
// latency, keeps moving on an idle source. Its changes are read but never sent to Kafka.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "base/error.h"
#include "drda/connection.h"
#include "model/table_schema.h"

namespace db2kafka::runner {

struct HeartbeatTableName {
  std::string schema;
  std::string table;
};

// "SCHEMA.TABLE", as the task file's rules accept it.
HeartbeatTableName ParseHeartbeatTableName(std::string_view name);

// Creates the table, with its one row, when it is missing; then describes it. Commits.
base::Result<model::TableSchema> PrepareHeartbeatTable(
    drda::Connection& connection, const HeartbeatTableName& name,
    const std::function<void(std::string_view)>& report);

// Updates the row at most once a second on a connection of its own, committing each beat, so a
// beat never shares a unit of work with the reader's queries.
class HeartbeatWriter {
 public:
  HeartbeatWriter(std::unique_ptr<drda::Connection> connection, HeartbeatTableName name);
  base::Status BeatIfDue(std::chrono::steady_clock::time_point now);

 private:
  std::unique_ptr<drda::Connection> connection_;
  HeartbeatTableName name_;
  std::string update_;
  std::chrono::steady_clock::time_point last_beat_{};
};

}  // namespace db2kafka::runner
