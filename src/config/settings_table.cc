// The declared settings of the task file. Adding a setting here makes it parsed, validated,
// defaulted, documented (docs/CONFIGURATION.md) and, when secret, redacted.
#include <array>
#include <cctype>
#include <charconv>

#include "config/setting.h"

namespace db2kafka::config {
namespace {

constexpr std::array<std::string_view, 3> kSecurityMechanisms = {"auto", "userid_password",
                                                                 "encrypted_userid_password"};
constexpr std::array<std::string_view, 4> kKafkaProtocols = {"plaintext", "sasl_plaintext", "ssl",
                                                             "sasl_ssl"};
constexpr std::array<std::string_view, 3> kSaslMechanisms = {"SCRAM-SHA-256", "SCRAM-SHA-512",
                                                             "PLAIN"};
constexpr std::array<std::string_view, 5> kFormats = {"dts_avro", "canal_json", "shareplex_json",
                                                      "debezium_json", "avro_registry"};
constexpr std::array<std::string_view, 3> kPartitionPolicies = {"partition0", "table",
                                                                "primary_key"};
constexpr std::array<std::string_view, 5> kCompressions = {"none", "gzip", "snappy", "lz4", "zstd"};
constexpr std::array<std::string_view, 3> kDecimalHandlings = {"precise", "string", "double"};
constexpr std::array<std::string_view, 3> kAcks = {"0", "1", "all"};
// exactly_once (Kafka transactions) is planned; until then only at-least-once is accepted.
constexpr std::array<std::string_view, 1> kDeliveries = {"at_least_once"};

std::string CheckTaskName(std::string_view name) {
  for (char c : name) {
    const bool allowed =
        (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
    if (!allowed) {
      return "may contain only lower-case letters, digits, '.', '_' and '-'";
    }
  }
  return {};
}

// "host:port[,host:port...]", the form librdkafka and Kafka's own clients take.
std::string CheckBootstrapServers(std::string_view servers) {
  size_t start = 0;
  while (start <= servers.size()) {
    size_t end = servers.find(',', start);
    if (end == std::string_view::npos) end = servers.size();
    std::string_view server = servers.substr(start, end - start);
    while (!server.empty() && std::isspace(static_cast<unsigned char>(server.front()))) {
      server.remove_prefix(1);
    }
    while (!server.empty() && std::isspace(static_cast<unsigned char>(server.back()))) {
      server.remove_suffix(1);
    }
    const size_t colon = server.rfind(':');
    if (server.empty() || colon == std::string_view::npos || colon == 0) {
      return "each server must be host:port, separated by commas (got \"" + std::string(server) +
             "\")";
    }
    std::string_view port_text = server.substr(colon + 1);
    int port = 0;
    auto [end_of_number, error] =
        std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
    if (error != std::errc() || end_of_number != port_text.data() + port_text.size() || port < 1 ||
        port > 65535) {
      return "port of \"" + std::string(server) + "\" must be a number from 1 to 65535";
    }
    start = end + 1;
  }
  return {};
}

constexpr int64_t kMaxTimeoutMs = 3'600'000;

constexpr std::array<std::string_view, 3> kConflictModes = {"precheck_error", "clear_destination",
                                                            "ignore"};
constexpr std::array<std::string_view, 4> kCapitalizations = {"default", "source", "upper",
                                                              "lower"};

const std::array kSettings = {
    Setting{.path = "name",
            .kind = SettingKind::kString,
            .field = StringField{[](TaskConfig& c) -> std::string& { return c.name; }},
            .description = "Name of the task: lower-case letters, digits, '.', '_' and '-'.",
            .required = true,
            .check = CheckTaskName},
    Setting{.path = "state_dir",
            .kind = SettingKind::kString,
            .field = StringField{[](TaskConfig& c) -> std::string& { return c.state_dir; }},
            .description = "Directory of the task's state store (checkpoints).",
            .default_value = "./db2kafka-state"},
    Setting{.path = "conflict_mode",
            .kind = SettingKind::kEnum,
            .field = StringField{[](TaskConfig& c) -> std::string& { return c.conflict_mode; }},
            .description = "When a destination topic already holds records: precheck_error fails "
                           "the precheck, clear_destination deletes them first, ignore goes on.",
            .default_value = "precheck_error",
            .choices = kConflictModes},
    Setting{.path = "capitalization",
            .kind = SettingKind::kEnum,
            .field = StringField{[](TaskConfig& c) -> std::string& { return c.capitalization; }},
            .description = "Destination object names: default (DTS's policy for Db2: database, "
                           "schema and table lower case, columns as in the source), source (as "
                           "in the source), upper or lower (every name). Names given by rename "
                           "are kept verbatim.",
            .default_value = "default",
            .choices = kCapitalizations},

    Setting{.path = "source.host",
            .kind = SettingKind::kString,
            .field = StringField{[](TaskConfig& c) -> std::string& { return c.source.host; }},
            .description = "Host name or IP address of the Db2 server.",
            .required = true},
    Setting{.path = "source.port",
            .kind = SettingKind::kInteger,
            .field = IntegerField{[](TaskConfig& c) -> int64_t& { return c.source.port; }},
            .description = "TCP port of the Db2 server (DRDA).",
            .default_value = "50000",
            .min_value = 1,
            .max_value = 65535},
    Setting{.path = "source.database",
            .kind = SettingKind::kString,
            .field = StringField{[](TaskConfig& c) -> std::string& { return c.source.database; }},
            .description = "Database name (RDBNAM), e.g. SAMPLE.",
            .required = true},
    Setting{.path = "source.user",
            .kind = SettingKind::kString,
            .field = StringField{[](TaskConfig& c) -> std::string& { return c.source.user; }},
            .description = "User to connect as; incremental sync needs DBADM.",
            .required = true},
    Setting{.path = "source.password",
            .kind = SettingKind::kOptionalString,
            .field = StringField{[](TaskConfig& c) -> std::string& { return c.source.password; }},
            .description = "Password of source.user. Write ${VAR} to read it from the environment. "
                           "Exactly one of password and password_file must be set.",
            .secret = true},
    Setting{
        .path = "source.password_file",
        .kind = SettingKind::kOptionalString,
        .field = StringField{[](TaskConfig& c) -> std::string& { return c.source.password_file; }},
        .description = "File holding the password (one trailing newline is ignored)."},
    Setting{.path = "source.tls.enabled",
            .kind = SettingKind::kBoolean,
            .field = BooleanField{[](TaskConfig& c) -> bool& { return c.source.tls.enabled; }},
            .description = "Connect to Db2 over TLS.",
            .default_value = "false"},
    Setting{
        .path = "source.tls.ca_file",
        .kind = SettingKind::kOptionalString,
        .field = StringField{[](TaskConfig& c) -> std::string& { return c.source.tls.ca_file; }},
        .description = "PEM file of the CA that signed the Db2 server's certificate; the "
                       "system's CAs when unset."},
    Setting{
        .path = "source.security_mechanism",
        .kind = SettingKind::kEnum,
        .field =
            StringField{[](TaskConfig& c) -> std::string& { return c.source.security_mechanism; }},
        .description = "DRDA security mechanism: userid_password (SECMEC 3, password in clear: "
                       "use with TLS), encrypted_userid_password (SECMEC 9, Diffie-Hellman + "
                       "DES), or auto: SECMEC 9 on plain TCP and 3 under TLS, falling back to 3 "
                       "with a warning when the server does not offer 9.",
        .default_value = "auto",
        .choices = kSecurityMechanisms},
    Setting{.path = "source.connect_timeout_ms",
            .kind = SettingKind::kInteger,
            .field =
                IntegerField{[](TaskConfig& c) -> int64_t& { return c.source.connect_timeout_ms; }},
            .description = "How long to wait for the Db2 server to accept a connection.",
            .default_value = "10000",
            .min_value = 100,
            .max_value = kMaxTimeoutMs},
    Setting{
        .path = "source.capture_schema",
        .kind = SettingKind::kString,
        .field = StringField{[](TaskConfig& c) -> std::string& { return c.source.capture_schema; }},
        .description = "Schema of the SQL Replication control tables (Debezium setups use "
                       "ASNCDC).",
        .default_value = "ASN"},

    Setting{.path = "destination.bootstrap_servers",
            .kind = SettingKind::kString,
            .field = StringField{[](TaskConfig& c) -> std::string& {
              return c.destination.bootstrap_servers;
            }},
            .description = "Kafka brokers as host:port, comma-separated; one is enough, the rest "
                           "are discovered.",
            .default_value = "127.0.0.1:9092",
            .check = CheckBootstrapServers},
    Setting{.path = "destination.security.protocol",
            .kind = SettingKind::kEnum,
            .field = StringField{[](TaskConfig& c) -> std::string& {
              return c.destination.security.protocol;
            }},
            .description = "How to talk to the brokers: plaintext, sasl_plaintext (SASL without "
                           "TLS), ssl (TLS) or sasl_ssl (SASL over TLS).",
            .default_value = "plaintext",
            .choices = kKafkaProtocols},
    Setting{.path = "destination.security.mechanism",
            .kind = SettingKind::kEnum,
            .field = StringField{[](TaskConfig& c) -> std::string& {
              return c.destination.security.mechanism;
            }},
            .description = "SASL mechanism for sasl_plaintext and sasl_ssl.",
            .default_value = "SCRAM-SHA-256",
            .choices = kSaslMechanisms},
    Setting{.path = "destination.security.user",
            .kind = SettingKind::kOptionalString,
            .field = StringField{[](TaskConfig& c) -> std::string& {
              return c.destination.security.user;
            }},
            .description = "SASL user; required for sasl_plaintext and sasl_ssl."},
    Setting{.path = "destination.security.password",
            .kind = SettingKind::kOptionalString,
            .field = StringField{[](TaskConfig& c) -> std::string& {
              return c.destination.security.password;
            }},
            .description = "SASL password; required for sasl_plaintext and sasl_ssl. Write ${VAR} "
                           "to read it from the environment.",
            .secret = true},
    Setting{.path = "destination.security.ca_file",
            .kind = SettingKind::kOptionalString,
            .field = StringField{[](TaskConfig& c) -> std::string& {
              return c.destination.security.ca_file;
            }},
            .description = "PEM file of the CA that signed the brokers' certificates (ssl, "
                           "sasl_ssl); the system's CAs when unset."},
    Setting{.path = "destination.topic",
            .kind = SettingKind::kString,
            .field = StringField{[](TaskConfig& c) -> std::string& { return c.destination.topic; }},
            .description = "Default topic for every table's records.",
            .required = true},
    Setting{
        .path = "destination.ddl_topic",
        .kind = SettingKind::kOptionalString,
        .field = StringField{[](TaskConfig& c) -> std::string& { return c.destination.ddl_topic; }},
        .description = "Topic for DDL records; destination.topic when unset."},
    Setting{
        .path = "destination.format",
        .kind = SettingKind::kEnum,
        .field = StringField{[](TaskConfig& c) -> std::string& { return c.destination.format; }},
        .description = "Record format: DTS Avro, Canal JSON, Shareplex JSON, Debezium-style "
                       "JSON, or Avro with a Schema Registry.",
        .default_value = "dts_avro",
        .choices = kFormats},
    Setting{.path = "destination.schema_registry.url",
            .kind = SettingKind::kOptionalString,
            .field = StringField{[](TaskConfig& c) -> std::string& {
              return c.destination.schema_registry.url;
            }},
            .description = "Schema Registry URL; required for format avro_registry."},
    Setting{.path = "destination.schema_registry.user",
            .kind = SettingKind::kOptionalString,
            .field = StringField{[](TaskConfig& c) -> std::string& {
              return c.destination.schema_registry.user;
            }},
            .description = "Schema Registry basic-auth user."},
    Setting{.path = "destination.schema_registry.password",
            .kind = SettingKind::kOptionalString,
            .field = StringField{[](TaskConfig& c) -> std::string& {
              return c.destination.schema_registry.password;
            }},
            .description = "Schema Registry basic-auth password.",
            .secret = true},
    Setting{.path = "destination.debezium.decimal_handling",
            .kind = SettingKind::kEnum,
            .field = StringField{[](TaskConfig& c) -> std::string& {
              return c.destination.debezium.decimal_handling;
            }},
            .description = "debezium_json: DECIMAL and DECFLOAT as Kafka Connect Decimal bytes "
                           "(precise), as strings, or as doubles (lossy), as Debezium's "
                           "decimal.handling.mode.",
            .default_value = "precise",
            .choices = kDecimalHandlings},
    Setting{.path = "destination.debezium.tombstones_on_delete",
            .kind = SettingKind::kBoolean,
            .field = BooleanField{[](TaskConfig& c) -> bool& {
              return c.destination.debezium.tombstones_on_delete;
            }},
            .description = "debezium_json: follow each delete with a record with the same key and "
                           "a null value, so log compaction can drop the key (Debezium's "
                           "tombstones.on.delete).",
            .default_value = "true"},
    Setting{.path = "destination.partition_policy",
            .kind = SettingKind::kEnum,
            .field = StringField{[](TaskConfig& c) -> std::string& {
              return c.destination.partition_policy;
            }},
            .description =
                "partition0: everything to partition 0; table: hash of "
                "\"schema.table\"; primary_key: hash of the primary-key values. The hash "
                "is Java's String.hashCode, see docs/PARTITIONING.md.",
            .default_value = "table",
            .choices = kPartitionPolicies},
    Setting{
        .path = "destination.create_topics",
        .kind = SettingKind::kBoolean,
        .field = BooleanField{[](TaskConfig& c) -> bool& { return c.destination.create_topics; }},
        .description = "Create a missing destination or DDL topic before writing, with "
                       "topic_partitions and topic_replication_factor. false: a missing topic "
                       "stops the task before anything is written.",
        .default_value = "true"},
    Setting{.path = "destination.topic_partitions",
            .kind = SettingKind::kInteger,
            .field = IntegerField{[](TaskConfig& c) -> int64_t& {
              return c.destination.topic_partitions;
            }},
            .description = "Partitions of a topic db2kafka creates. With partition_policy table "
                           "or primary_key, more partitions spread the records; never change a "
                           "topic's count during a task (per-key order would break).",
            .default_value = "1",
            .min_value = 1,
            .max_value = 10000},
    Setting{.path = "destination.topic_replication_factor",
            .kind = SettingKind::kInteger,
            .field = IntegerField{[](TaskConfig& c) -> int64_t& {
              return c.destination.topic_replication_factor;
            }},
            .description = "Replication factor of a topic db2kafka creates; -1 takes the "
                           "broker's default.replication.factor.",
            .default_value = "-1",
            .min_value = -1,
            .max_value = 32767},
    Setting{.path = "destination.compression",
            .kind = SettingKind::kEnum,
            .field = StringField{[](TaskConfig& c) -> std::string& {
              return c.destination.compression;
            }},
            .description = "Producer compression codec.",
            .default_value = "lz4",
            .choices = kCompressions},
    Setting{.path = "destination.acks",
            .kind = SettingKind::kEnum,
            .field = StringField{[](TaskConfig& c) -> std::string& { return c.destination.acks; }},
            .description = "Acknowledgements the producer waits for. all keeps the idempotent "
                           "producer (no duplicates from retries); 0 or 1 turn idempotence off.",
            .default_value = "all",
            .choices = kAcks},
    Setting{
        .path = "destination.delivery",
        .kind = SettingKind::kEnum,
        .field = StringField{[](TaskConfig& c) -> std::string& { return c.destination.delivery; }},
        .description = "Delivery guarantee. Only at_least_once exists so far; exactly_once "
                       "(Kafka transactions) is planned.",
        .default_value = "at_least_once",
        .choices = kDeliveries},
    Setting{.path = "destination.connect_timeout_ms",
            .kind = SettingKind::kInteger,
            .field = IntegerField{[](TaskConfig& c) -> int64_t& {
              return c.destination.connect_timeout_ms;
            }},
            .description = "How long checks wait for the brokers' metadata before giving up.",
            .default_value = "10000",
            .min_value = 100,
            .max_value = kMaxTimeoutMs},
    Setting{.path = "destination.producer",
            .kind = SettingKind::kStringMap,
            .field = StringMapField{[](TaskConfig& c) -> std::map<std::string, std::string>& {
              return c.destination.producer;
            }},
            .description = "Extra librdkafka producer properties (e.g. linger.ms: 50), applied "
                           "last; librdkafka rejects unknown names and bad values."},

    Setting{.path = "sync.schema",
            .kind = SettingKind::kBoolean,
            .field = BooleanField{[](TaskConfig& c) -> bool& { return c.sync.schema; }},
            .description = "Schema phase: one DDL record per selected table to ddl_topic.",
            .default_value = "true"},
    Setting{.path = "sync.full",
            .kind = SettingKind::kBoolean,
            .field = BooleanField{[](TaskConfig& c) -> bool& { return c.sync.full; }},
            .description = "Full phase: every row of every selected table.",
            .default_value = "true"},
    Setting{.path = "sync.incremental",
            .kind = SettingKind::kBoolean,
            .field = BooleanField{[](TaskConfig& c) -> bool& { return c.sync.incremental; }},
            .description = "Incremental phase: changes from SQL Replication's change tables.",
            .default_value = "true"},
    Setting{.path = "sync.start_from",
            .kind = SettingKind::kOptionalString,
            .field = StringField{[](TaskConfig& c) -> std::string& { return c.sync.start_from; }},
            .description = "Incremental only: an ISO-8601 time or a position in hex to start "
                           "from; unset = where the full phase handed off (or now)."},
    Setting{
        .path = "objects",
        .kind = SettingKind::kRuleList,
        .field = RuleListField{[](TaskConfig& c) -> std::vector<ObjectRule>& { return c.objects; }},
        .description = "What to sync: a list of rules (fields below); the most specific rule "
                       "wins for a table. At least one rule is needed to sync; only check and "
                       "sql run without.",
        .item_settings = ObjectRuleSettings},
    Setting{.path = "full.parallelism",
            .kind = SettingKind::kInteger,
            .field = IntegerField{[](TaskConfig& c) -> int64_t& { return c.full.parallelism; }},
            .description = "Source connections reading chunks in parallel.",
            .default_value = "4",
            .min_value = 1,
            .max_value = 64},
    Setting{.path = "full.chunk_rows",
            .kind = SettingKind::kInteger,
            .field = IntegerField{[](TaskConfig& c) -> int64_t& { return c.full.chunk_rows; }},
            .description = "Rows per key-ordered chunk; a chunk is the unit of checkpoint and "
                           "resume.",
            .default_value = "100000",
            .min_value = 1000,
            .max_value = 10'000'000},
    Setting{
        .path = "full.max_rows_per_second",
        .kind = SettingKind::kInteger,
        .field = IntegerField{[](TaskConfig& c) -> int64_t& { return c.full.max_rows_per_second; }},
        .description = "Throttle of the full phase in rows per second; 0 = unlimited.",
        .default_value = "0",
        .min_value = 0},
    Setting{.path = "full.max_bytes_per_second",
            .kind = SettingKind::kInteger,
            .field =
                IntegerField{[](TaskConfig& c) -> int64_t& { return c.full.max_bytes_per_second; }},
            .description = "Throttle of the full phase in bytes per second of the records "
                           "written (keys and values as encoded); 0 = unlimited.",
            .default_value = "0",
            .min_value = 0},
    Setting{.path = "incremental.poll_interval_ms",
            .kind = SettingKind::kInteger,
            .field = IntegerField{[](TaskConfig& c) -> int64_t& {
              return c.incremental.poll_interval_ms;
            }},
            .description = "How long the incremental phase waits before asking the capture "
                           "control tables again when the last poll found nothing new.",
            .default_value = "500",
            .min_value = 10,
            .max_value = 60'000},
    Setting{.path = "incremental.max_window_rows",
            .kind = SettingKind::kInteger,
            .field = IntegerField{[](TaskConfig& c) -> int64_t& {
              return c.incremental.max_window_rows;
            }},
            .description = "Changes read in one poll, at most; a transaction is never split, so "
                           "one larger than this is read whole. Bounds memory after a backlog.",
            .default_value = "100000",
            .min_value = 1,
            .max_value = 10'000'000},
    Setting{.path = "incremental.heartbeat_table",
            .kind = SettingKind::kOptionalString,
            .field = StringField{[](TaskConfig& c) -> std::string& {
              return c.incremental.heartbeat_table;
            }},
            .description =
                "SCHEMA.TABLE of a one-row table db2kafka updates every second, created when "
                "missing. Register it with Capture like the synced tables: its changes then flow "
                "through the CD tables (never to Kafka), so latency stays current on an idle "
                "source."},
    Setting{.path = "incremental.prune",
            .kind = SettingKind::kBoolean,
            .field = BooleanField{[](TaskConfig& c) -> bool& { return c.incremental.prune; }},
            .description =
                "Advance Capture's prune point for db2kafka (the IBMSNAP_PRUNE_SET row "
                "KAFKA/KAFKAQUAL/SET001 that Debezium-style registrations create) to just below "
                "the last change Kafka acknowledged, at most once a second, so Capture can delete "
                "CD rows db2kafka no longer needs.",
            .default_value = "false"},
    Setting{
        .path = "retry.connection_minutes",
        .kind = SettingKind::kInteger,
        .field = IntegerField{[](TaskConfig& c) -> int64_t& { return c.retry.connection_minutes; }},
        .description = "How long a running task keeps retrying when the source or Kafka "
                       "cannot be reached (refused or lost connections, timeouts) before it "
                       "fails with the last error. A task that cannot connect at its start "
                       "fails at once.",
        .default_value = "720",
        .min_value = 10,
        .max_value = 1440},
    Setting{.path = "retry.other_minutes",
            .kind = SettingKind::kInteger,
            .field = IntegerField{[](TaskConfig& c) -> int64_t& { return c.retry.other_minutes; }},
            .description = "How long other transient errors (deadlocks, lock timeouts, server "
                           "resource limits) are retried. Errors that need a person (bad input, "
                           "refused credentials, a pruned gap) are never retried.",
            .default_value = "10",
            .min_value = 1,
            .max_value = 1440},
};

}  // namespace

std::string_view SettingKindName(SettingKind kind) {
  switch (kind) {
    case SettingKind::kString:
      return "string";
    case SettingKind::kOptionalString:
      return "string or null";
    case SettingKind::kInteger:
      return "integer";
    case SettingKind::kBoolean:
      return "boolean";
    case SettingKind::kEnum:
      return "enum";
    case SettingKind::kStringMap:
      return "map";
    case SettingKind::kStringList:
      return "list of strings";
    case SettingKind::kEnumList:
      return "list";
    case SettingKind::kRuleList:
      return "list of rules";
  }
  return "?";
}

std::span<const Setting> AllSettings() { return kSettings; }

const Setting* FindSetting(std::string_view path) {
  for (const Setting& setting : kSettings) {
    if (setting.path == path) return &setting;
  }
  return nullptr;
}

}  // namespace db2kafka::config
