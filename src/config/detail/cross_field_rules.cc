#include "config/detail/cross_field_rules.h"

#include <unistd.h>

namespace db2kafka::config::detail {

// Kafka's own rule for topic names (kafka.common.Topic / Topic.validate).
std::string CheckTopicName(const std::string& topic) {
  constexpr size_t kMaxTopicLength = 249;
  if (topic == "." || topic == "..") return R"(cannot be "." or "..")";
  if (topic.size() > kMaxTopicLength) return "is longer than Kafka's 249 characters";
  for (char c : topic) {
    const bool legal = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                       c == '.' || c == '_' || c == '-';
    if (!legal) {
      return "may contain only ASCII letters, digits, '.', '_' and '-' (Kafka's rule), got \"" +
             topic + "\"";
    }
  }
  return {};
}

namespace {

void CheckReadableFile(const std::string& path, const std::string& file, ConfigIssues& issues) {
  if (file.empty()) return;
  if (access(file.c_str(), R_OK) != 0) {
    issues.push_back({path, 0, "cannot read " + file + "; check the path and permissions"});
  }
}

void CheckSource(const TaskConfig& task, const std::set<std::string>& written,
                 ConfigIssues& issues) {
  const bool has_password = written.contains("source.password");
  const bool has_password_file = !task.source.password_file.empty();
  if (has_password && has_password_file) {
    issues.push_back({"source.password", 0, "set either password or password_file, not both"});
  } else if (!has_password && !has_password_file) {
    issues.push_back({"source.password", 0,
                      "is required: set password (e.g. ${DB2_PASSWORD}) or password_file"});
  }
  if (!task.source.tls.ca_file.empty() && !task.source.tls.enabled) {
    issues.push_back({"source.tls.ca_file", 0, "is set but source.tls.enabled is false"});
  }
  CheckReadableFile("source.tls.ca_file", task.source.tls.ca_file, issues);
}

void CheckKafkaSecurity(const KafkaSecurity& security, ConfigIssues& issues) {
  const bool uses_sasl = security.protocol == "sasl_plaintext" || security.protocol == "sasl_ssl";
  const bool uses_tls = security.protocol == "ssl" || security.protocol == "sasl_ssl";
  if (uses_sasl) {
    if (security.user.empty()) {
      issues.push_back(
          {"destination.security.user", 0, "is required for protocol " + security.protocol});
    }
    if (security.password.empty()) {
      issues.push_back(
          {"destination.security.password", 0, "is required for protocol " + security.protocol});
    }
  } else {
    for (const auto& [path, value] :
         {std::pair{"destination.security.user", &security.user},
          std::pair{"destination.security.password", &security.password}}) {
      if (!value->empty()) {
        issues.push_back({path, 0,
                          "is set but protocol " + security.protocol +
                              " sends no credentials; use sasl_plaintext or sasl_ssl"});
      }
    }
  }
  if (!uses_tls && !security.ca_file.empty()) {
    issues.push_back(
        {"destination.security.ca_file", 0,
         "is set but protocol " + security.protocol + " does not use TLS; use ssl or sasl_ssl"});
  }
  CheckReadableFile("destination.security.ca_file", security.ca_file, issues);
}

void CheckDestination(const DestinationConfig& destination, ConfigIssues& issues) {
  CheckKafkaSecurity(destination.security, issues);
  for (const auto& [path, topic] : {std::pair{"destination.topic", &destination.topic},
                                    std::pair{"destination.ddl_topic", &destination.ddl_topic}}) {
    if (topic->empty()) continue;
    if (std::string problem = CheckTopicName(*topic); !problem.empty()) {
      issues.push_back({path, 0, problem});
    }
  }
  for (const char* property : {"message.timeout.ms", "delivery.timeout.ms"}) {
    if (destination.producer.count(property) > 0) {
      issues.push_back({"destination.producer." + std::string(property), 0,
                        "is db2kafka's own: a record that times out while later ones are "
                        "delivered would break per-key order, so records never time out one by "
                        "one; a Kafka outage is bounded by retry.connection_minutes instead"});
    }
  }
  if (destination.format == "avro_registry" && destination.schema_registry.url.empty()) {
    issues.push_back(
        {"destination.schema_registry.url", 0, "is required for format avro_registry"});
  }
}

void CheckSync(const SyncConfig& sync, ConfigIssues& issues) {
  if (!sync.schema && !sync.full && !sync.incremental) {
    issues.push_back({"sync", 0, "turns every phase off; set schema, full or incremental"});
  }
  if (!sync.start_from.empty() && !sync.incremental) {
    issues.push_back({"sync.start_from", 0, "is set but sync.incremental is false"});
  }
}

void CheckIncremental(const IncrementalConfig& incremental, ConfigIssues& issues) {
  const std::string& name = incremental.heartbeat_table;
  if (name.empty()) return;
  const size_t dot = name.find('.');
  const bool plain = name.find_first_of(" \t\"'") == std::string::npos;
  if (!plain || dot == std::string::npos || dot == 0 || dot + 1 == name.size() ||
      name.find('.', dot + 1) != std::string::npos) {
    issues.push_back({"incremental.heartbeat_table", 0,
                      "must be SCHEMA.TABLE in the catalog's spelling, for example "
                      "DB2KAFKA.HEARTBEAT"});
  }
}

}  // namespace

void CheckCrossFieldRules(const TaskConfig& task, const std::set<std::string>& written,
                          ConfigIssues& issues) {
  CheckSource(task, written, issues);
  CheckDestination(task.destination, issues);
  CheckSync(task.sync, issues);
  CheckIncremental(task.incremental, issues);
  if (task.retry.other_minutes >= task.retry.connection_minutes) {
    issues.push_back({"retry.other_minutes", 0, "must be smaller than retry.connection_minutes"});
  }
}

}  // namespace db2kafka::config::detail
