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
  bool create_topics = true;
  int64_t topic_partitions = 1;
  int64_t topic_replication_factor = -1;
  std::string compression;
  std::string acks;
  std::string delivery;
  int64_t connect_timeout_ms = 0;
  std::map<std::string, std::string>
      producer;  // extra librdkafka properties, checked by librdkafka

  // The DDL topic, falling back to the default topic as DTS does.
  const std::string& EffectiveDdlTopic() const { return ddl_topic.empty() ? topic : ddl_topic; }
};

// Which phases run, and where the incremental phase starts.
struct SyncConfig {
  bool schema = true;
  bool full = true;
  bool incremental = true;
  std::string start_from;  // ISO-8601 time or position hex; empty = the full phase's hand-off
};

struct ColumnRules {
  std::vector<std::string> exclude;           // source column names
  std::map<std::string, std::string> rename;  // source column name -> destination name
};

// One entry of `objects`. A schema rule (no `table`) selects tables of `schema` by name or `*`
// pattern; a table rule (`table` set) selects one table and may shape it. Names are
// case-sensitive, as Db2 stores them. Selection and shaping: runner/object_selection.h.
struct ObjectRule {
  std::string schema;
  std::vector<std::string> tables;  // empty = every table of the schema
  std::vector<std::string> exclude_tables;
  std::string table;
  std::string rename;  // destination schema (schema rule) or table (table rule) name
  std::string topic;   // empty = inherited, then destination.topic
  ColumnRules columns;
  std::string filter;                   // SQL condition on the source row; empty = every row
  std::vector<std::string> operations;  // subset of insert, update, delete; empty = inherited/all
  std::vector<std::string> partition_key;  // source column names

  bool IsTableRule() const { return !table.empty(); }
};

struct FullSyncConfig {
  int64_t parallelism = 0;
  int64_t chunk_rows = 0;
  int64_t max_rows_per_second = 0;  // 0 = unlimited
  int64_t max_bytes_per_second = 0;
};

struct IncrementalConfig {
  int64_t poll_interval_ms = 0;
  int64_t max_window_rows = 0;
  std::string heartbeat_table;  // "SCHEMA.TABLE"; empty: no heartbeat
  bool prune = false;
};

struct RetryConfig {
  int64_t connection_minutes = 0;
  int64_t other_minutes = 0;
};

struct TaskConfig {
  std::string name;
  SourceConfig source;
  DestinationConfig destination;
  SyncConfig sync;
  std::string conflict_mode;   // precheck_error | clear_destination | ignore
  std::string capitalization;  // default | source | upper | lower
  std::vector<ObjectRule> objects;
  FullSyncConfig full;
  IncrementalConfig incremental;
  RetryConfig retry;
  std::string state_dir;
};

// Every secret value of the task (passwords), for the logger's redactor.
std::vector<std::string> SecretValues(const TaskConfig& task);

}  // namespace db2kafka::config
