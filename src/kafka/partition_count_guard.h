// Remembers each topic's partition count as first seen in a task and reports a change: with a
// hash partition policy a new count moves keys to other partitions, so per-key order would break
// silently (DTS fails the task in this case too).
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "base/error.h"

namespace db2kafka::kafka {

class PartitionCountGuard {
 public:
  // The first observation of a topic is remembered; a later, different one is an error.
  base::Status Observe(const std::string& topic, int32_t partition_count);
  const std::map<std::string, int32_t>& known() const { return known_; }

 private:
  std::map<std::string, int32_t> known_;
};

}  // namespace db2kafka::kafka
