// How to reach and talk to a Kafka cluster. Values use librdkafka's own names, so the runner maps
// the task file onto them one to one.
#pragma once

#include <chrono>
#include <map>
#include <string>

namespace db2kafka::kafka {

struct ClientOptions {
  std::string bootstrap_servers = "127.0.0.1:9092";
  std::string security_protocol = "plaintext";  // plaintext | sasl_plaintext | ssl | sasl_ssl
  std::string sasl_mechanism = "SCRAM-SHA-256";
  std::string sasl_user;
  std::string sasl_password;
  std::string ca_file;  // empty: the system's CAs
  std::chrono::milliseconds connect_timeout{10000};
  std::string client_id = "db2kafka";
  // Applied last, so they can override anything above; librdkafka validates them.
  std::map<std::string, std::string> extra_properties;
};

struct ProducerOptions {
  ClientOptions client;
  std::string compression = "lz4";  // none | gzip | snappy | lz4 | zstd
  std::string acks = "all";         // 0 | 1 | all
  // On by default; only possible with acks=all. Off, librdkafka's retries may duplicate records.
  bool idempotence = true;
  // Throughput defaults chosen by bench/ (docs/PERFORMANCE.md); extra_properties override them.
  std::chrono::milliseconds linger{20};
  int batch_num_messages = 10000;
  int queue_max_messages = 500000;
  // Bytes librdkafka may hold unacknowledged. Its own default (1 GiB) let a full sync of large
  // records (Debezium JSON carries its schema in every record) grow past 1 GiB of memory; 64 MiB
  // keeps the broker busy at the same speed (docs/PERFORMANCE.md, full sync).
  int queue_max_kbytes = 65536;
  // Records never time out one by one (message.timeout.ms=0): librdkafka would report one lost
  // while delivering later ones, and sending it again afterwards breaks per-key order. Instead,
  // when Kafka takes no record and acknowledges none for this long, Produce and CheckProgress
  // report it unreachable and the caller starts over with a new producer.
  std::chrono::milliseconds stall_timeout{60'000};
};

}  // namespace db2kafka::kafka
