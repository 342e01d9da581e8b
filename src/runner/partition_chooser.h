// The partition of each record under destination.partition_policy, with the key strings of
// docs/PARTITIONING.md so a Java consumer can recompute it.
#pragma once

#include <cstdint>
#include <string>

#include "kafka/partitioner.h"
#include "model/change_event.h"
#include "runner/sync_tables.h"

namespace db2kafka::runner {

class PartitionChooser {
 public:
  explicit PartitionChooser(kafka::PartitionPolicy policy) : policy_(policy) {}

  // The partition of `event`'s records in a topic of `partition_count` partitions. `table` is the
  // event's table (its destination names and partition columns); a DDL record of the table
  // follows the table under the table policy and goes to 0 under primary_key.
  int32_t Choose(const SyncTable& table, const model::ChangeEvent& event, int32_t partition_count);

  // The key string hashed for `event` ("" when the record goes to partition 0).
  std::string KeyString(const SyncTable& table, const model::ChangeEvent& event);

 private:
  kafka::PartitionPolicy policy_;
  std::string scratch_;
};

}  // namespace db2kafka::runner
