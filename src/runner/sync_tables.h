// The tables a task syncs, read from the source catalog and shaped by the task's rules: what the
// schema and full phases work through. Also the precheck of each table's filter on the server.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "base/error.h"
#include "config/task_config.h"
#include "drda/connection.h"
#include "model/table_schema.h"
#include "runner/object_selection.h"

namespace db2kafka::runner {

struct SyncTable {
  ShapedTable shaped;
  model::TableSchema source;                              // as the catalog describes it
  std::shared_ptr<const model::TableSchema> destination;  // shaped.destination, shared by events
  std::vector<size_t> source_columns;  // indexes into source.columns, in destination order
  // Indexes into destination columns that choose a primary_key partition: the rule's
  // partition_key, else the destination's key; empty when the table has neither.
  std::vector<size_t> partition_columns;
  std::string name;  // "SCHEMA.TABLE" as the source spells it: the task store's name for it
};

struct SyncTables {
  std::vector<SyncTable> tables;
  // Things the user should know but that do not stop the task: tables without a key
  // (duplicates possible after a restart, as DTS warns), rules that select nothing.
  std::vector<std::string> warnings;
};

// Lists the source's tables, selects and shapes them. InvalidArgument (bad input: exit 2) names
// every rule problem at once, including a filter the server refuses; NotFound when nothing is
// selected. Runs in the connection's unit of work and rolls it back.
base::Result<SyncTables> ReadSyncTables(drda::Connection& connection,
                                        const config::TaskConfig& task);

}  // namespace db2kafka::runner
