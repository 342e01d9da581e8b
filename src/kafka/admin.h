// Cluster administration for db2kafka's own needs: which topics exist with how many partitions,
// creating topics and partitions. One thread owns an Admin.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "base/error.h"
#include "kafka/client_options.h"

namespace db2kafka::kafka {

namespace detail {
class ClientHandle;
}

struct TopicInfo {
  std::string name;
  int32_t partition_count = 0;
};

struct NewTopic {
  std::string name;
  int32_t partition_count = 1;
  int32_t replication_factor = -1;  // the broker's default
  std::map<std::string, std::string> configs;
};

class Admin {
 public:
  static base::Result<std::unique_ptr<Admin>> Create(const ClientOptions& options);
  ~Admin();
  Admin(const Admin&) = delete;
  Admin& operator=(const Admin&) = delete;

  // Every topic the cluster reports, internal ones (__consumer_offsets, ...) left out, by name.
  // Waits for a broker up to the connect timeout and fails with the most telling reason.
  base::Result<std::vector<TopicInfo>> ListTopics();
  // NotFound when the topic does not exist.
  base::Result<TopicInfo> DescribeTopic(const std::string& topic);

  // Returns once the cluster's metadata shows the new topic, so that a producer created next finds
  // it (brokers learn of a new topic shortly after the controller answers).
  base::Status CreateTopic(const NewTopic& topic);
  base::Status CreatePartitions(const std::string& topic, int32_t total_partition_count);
  base::Status DeleteTopic(const std::string& topic);

  // Records the topic holds now: the sum over its partitions of high minus low watermark
  // (deleted and compacted-away records are not counted). NotFound when the topic does not exist.
  base::Result<int64_t> CountRecords(const std::string& topic);
  // Deletes every record the topic holds now, in all partitions, keeping the topic and its
  // configuration (Kafka's DeleteRecords up to each high watermark).
  base::Status DeleteRecords(const std::string& topic);

 private:
  explicit Admin(std::unique_ptr<detail::ClientHandle> client);
  base::Status WaitUntilVisible(const std::string& topic);

  std::unique_ptr<detail::ClientHandle> client_;
};

}  // namespace db2kafka::kafka
