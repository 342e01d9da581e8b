#include "kafka/partition_count_guard.h"

namespace db2kafka::kafka {

base::Status PartitionCountGuard::Observe(const std::string& topic, int32_t partition_count) {
  auto [entry, inserted] = known_.try_emplace(topic, partition_count);
  if (inserted || entry->second == partition_count) return {};
  return base::Fail(base::ErrorCode::kFailedPrecondition,
                    "topic " + topic + " had " + std::to_string(entry->second) +
                        " partitions when the task started and now has " +
                        std::to_string(partition_count) +
                        ": records of one key could now land in two partitions, out of order. "
                        "Stop the task, and either restore the partition count or restart the "
                        "task from a full sync into a new topic");
}

}  // namespace db2kafka::kafka
