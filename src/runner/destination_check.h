// `db2kafka check`, destination part: can we reach the cluster with the task's security settings,
// and do the configured topics exist, with how many partitions.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "base/error.h"
#include "config/task_config.h"

namespace db2kafka::runner {

struct TopicStatus {
  std::string topic;
  std::string role;  // "default topic", "DDL topic"
  int32_t partition_count = 0;
  std::optional<base::Error> error;  // NotFound when the topic does not exist
};

struct DestinationStatus {
  size_t cluster_topic_count = 0;  // topics visible to the user, internal ones left out
  std::vector<TopicStatus> topics;
  bool ok() const;
};

// Fails when the cluster cannot be reached in destination.connect_timeout_ms; the error names
// the setting to look at.
base::Result<DestinationStatus> CheckDestination(const config::DestinationConfig& destination);

}  // namespace db2kafka::runner
