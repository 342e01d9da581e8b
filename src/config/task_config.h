// The typed task: one Db2 database into one Kafka cluster. Filled only by LoadTaskConfig (which
// applies the defaults declared in the settings table), so a TaskConfig is always valid. Optional
// strings are empty when unset.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace db2kafka::config {

struct SourceTls {
  bool enabled = false;
  std::string ca_file;
};

struct SourceConfig {
  std::string host;
  int64_t port = 0;
  std::string database;
  std::string user;
  std::string password;  // secret; read from password_file when that is set
  std::string password_file;
  SourceTls tls;
  std::string security_mechanism;
  int64_t connect_timeout_ms = 0;
  std::string capture_schema;
};

struct KafkaSecurity {
  std::string protocol;  // plaintext | sasl_plaintext | ssl | sasl_ssl
  std::string mechanism;
  std::string user;
  std::string password;  // secret
  std::string ca_file;
};

struct SchemaRegistry {
  std::string url;
  std::string user;
  std::string password;  // secret
};

// Options of the debezium_json format, named as Debezium names them.
struct DebeziumOptions {
  std::string decimal_handling;  // precise | string | double
  bool tombstones_on_delete = true;
};

struct DestinationConfig {
  std::string bootstrap_servers;
  KafkaSecurity security;
  std::string topic;
  std::string ddl_topic;
  std::string format;
  SchemaRegistry schema_registry;
  DebeziumOptions debezium;
  std::string partition_policy;
  std::string compression;
  std::string acks;
  std::string delivery;
  int64_t connect_timeout_ms = 0;
  std::map<std::string, std::string>
      producer;  // extra librdkafka properties, checked by librdkafka

  // The DDL topic, falling back to the default topic as DTS does.
  const std::string& EffectiveDdlTopic() const { return ddl_topic.empty() ? topic : ddl_topic; }
};

struct TaskConfig {
  std::string name;
  SourceConfig source;
  DestinationConfig destination;
  std::string state_dir;
};

// Every secret value of the task (passwords), for the logger's redactor.
std::vector<std::string> SecretValues(const TaskConfig& task);

}  // namespace db2kafka::config
