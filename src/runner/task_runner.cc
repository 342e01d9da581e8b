#include "runner/task_runner.h"

#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <set>
#include <thread>

#include "base/hex.h"
#include "base/logger.h"
#include "base/status_macros.h"
#include "db2/catalog.h"
#include "db2/sql_replication.h"
#include "drda/cursor.h"
#include "encode/encoder_factory.h"
#include "encode/schema_registry_client.h"
#include "kafka/admin.h"
#include "model/create_table_ddl.h"
#include "model/instant.h"
#include "runner/incremental_sync.h"
#include "runner/kafka_options.h"
#include "runner/partition_chooser.h"
#include "runner/record_writer.h"
#include "runner/retry_policy.h"
#include "runner/source_options.h"
#include "runner/sync_tables.h"
#include "snapshot/chunk_sql.h"
#include "store/task_store.h"

namespace db2kafka::runner {
namespace {

constexpr uint64_t kSchemaPhaseGroup = UINT64_MAX;

void Report(const RunHooks& hooks, const std::string& line) {
  if (hooks.report) hooks.report(line);
}

uint64_t Fnv1a(std::string_view text) {
  uint64_t hash = 14695981039346656037ULL;
  for (const char c : text) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 1099511628211ULL;
  }
  return hash;
}

// An encoder that keeps its schema-registry client alive as long as itself.
class EncoderWithRegistry final : public encode::Encoder {
 public:
  EncoderWithRegistry(std::unique_ptr<encode::SchemaRegistryClient> registry,
                      std::unique_ptr<encode::Encoder> encoder)
      : registry_(std::move(registry)), encoder_(std::move(encoder)) {}
  base::Status Encode(const model::ChangeEvent& event, std::string_view topic,
                      std::vector<encode::EncodedRecord>& out) override {
    return encoder_->Encode(event, topic, out);
  }

 private:
  std::unique_ptr<encode::SchemaRegistryClient> registry_;
  std::unique_ptr<encode::Encoder> encoder_;
};

base::Result<std::unique_ptr<encode::Encoder>> MakeTaskEncoder(const config::TaskConfig& task,
                                                               const std::string& source_version) {
  encode::EncoderOptions options;
  DB2KAFKA_ASSIGN_OR_RETURN(options.format, encode::FormatFromName(task.destination.format));
  options.source_version = source_version;
  options.logical_name = task.name;
  const std::string& decimals = task.destination.debezium.decimal_handling;
  options.decimal_handling = decimals == "string"   ? encode::DecimalHandling::kString
                             : decimals == "double" ? encode::DecimalHandling::kDouble
                                                    : encode::DecimalHandling::kPrecise;
  options.tombstones_on_delete = task.destination.debezium.tombstones_on_delete;
  if (options.format != encode::Format::kAvroRegistry) {
    return encode::MakeEncoder(options, nullptr);
  }
  const config::SchemaRegistry& registry_config = task.destination.schema_registry;
  DB2KAFKA_ASSIGN_OR_RETURN(
      auto registry, encode::SchemaRegistryClient::Create({.url = registry_config.url,
                                                           .user = registry_config.user,
                                                           .password = registry_config.password}));
  DB2KAFKA_ASSIGN_OR_RETURN(auto encoder, encode::MakeEncoder(options, registry.get()));
  return std::unique_ptr<encode::Encoder>(
      new EncoderWithRegistry(std::move(registry), std::move(encoder)));
}

std::string SourceVersion(const drda::Connection& connection) {
  const drda::ServerInfo& server = connection.server();
  std::string version = server.server_class;
  if (!server.release.empty()) version += (version.empty() ? "" : " ") + server.release;
  return version;
}

// The topics the run writes to, each checked once: created when missing (create_topics), and on a
// task's first run handled by conflict_mode when it already holds records.
base::Status PrepareTopics(const config::TaskConfig& task, const std::set<std::string>& topics,
                           bool first_run, const RunHooks& hooks) {
  DB2KAFKA_ASSIGN_OR_RETURN(auto admin, kafka::Admin::Create(ClientOptionsFor(task.destination)));
  for (const std::string& topic : topics) {
    auto described = admin->DescribeTopic(topic);
    if (!described) {
      if (described.error().code != base::ErrorCode::kNotFound) {
        return base::Fail(described.error());
      }
      if (!task.destination.create_topics) {
        return base::Fail(base::ErrorCode::kFailedPrecondition,
                          "topic " + topic +
                              " does not exist; create it, or set destination.create_topics: true");
      }
      DB2KAFKA_TRY(admin->CreateTopic(
          {.name = topic,
           .partition_count = static_cast<int32_t>(task.destination.topic_partitions),
           .replication_factor = static_cast<int32_t>(task.destination.topic_replication_factor)}));
      Report(hooks, "created topic " + topic + " with " +
                        std::to_string(task.destination.topic_partitions) + " partition(s)");
      continue;
    }
    if (!first_run) continue;  // a resumed task keeps what it wrote before
    DB2KAFKA_ASSIGN_OR_RETURN(const int64_t records, admin->CountRecords(topic));
    if (records == 0) continue;
    const std::string holds = "topic " + topic + " already holds " + std::to_string(records) +
                              " record" + (records == 1 ? "" : "s");
    if (task.conflict_mode == "precheck_error") {
      return base::Fail(base::ErrorCode::kFailedPrecondition,
                        holds +
                            " (conflict_mode: precheck_error); use an empty topic, or set "
                            "conflict_mode: clear_destination to delete them first, or ignore "
                            "to write after them");
    }
    if (task.conflict_mode == "clear_destination") {
      DB2KAFKA_TRY(admin->DeleteRecords(topic));
      Report(hooks, holds + ": deleted them (conflict_mode: clear_destination)");
    } else {
      Report(hooks, holds + ": writing after them (conflict_mode: ignore)");
    }
  }
  return {};
}

// The capture program's highest synchpoint: every change committed up to it is in the CD tables,
// so the incremental phase starts after it and the full phase, reading afterwards, sees the rest.
// Unset when the source has no capture control tables (fine for a task without incremental sync).
base::Result<std::optional<model::Position>> CaptureSynchpoint(drda::Connection& connection,
                                                               const std::string& capture_schema) {
  std::optional<model::Position> position;
  DB2KAFKA_ASSIGN_OR_RETURN(const bool exists,
                            db2::CaptureSchemaExists(connection, capture_schema));
  if (exists) {
    DB2KAFKA_ASSIGN_OR_RETURN(const db2::RegisterState state,
                              db2::ReadRegister(connection, capture_schema));
    if (state.synchpoint) position = model::Position{*state.synchpoint, ""};
  }
  DB2KAFKA_TRY(connection.Rollback());
  return position;
}

// Records where the incremental phase starts, once, before the full phase reads anything.
base::Status RecordHandoff(const config::TaskConfig& task, drda::Connection& connection,
                           store::TaskStore& store, const RunHooks& hooks) {
  DB2KAFKA_ASSIGN_OR_RETURN(auto stored, store.HandoffPosition());
  if (stored) return {};
  DB2KAFKA_ASSIGN_OR_RETURN(auto handoff,
                            CaptureSynchpoint(connection, task.source.capture_schema));
  if (handoff) {
    DB2KAFKA_TRY(store.SetHandoffPosition(*handoff));
    Report(hooks, "hand-off position for incremental sync: " + handoff->ToHex());
    return {};
  }
  const std::string missing =
      task.source.capture_schema + ".IBMSNAP_REGISTER has no synchpoint (or does not exist)";
  if (!task.sync.incremental) {
    if (task.sync.full) {
      Report(hooks, "warning: " + missing +
                        "; a later incremental sync will need SQL "
                        "Replication's capture control tables");
    }
    return {};
  }
  return base::Fail(base::ErrorCode::kFailedPrecondition,
                    missing +
                        ": incremental sync reads the change-data tables of SQL Replication's "
                        "Capture. Set up Capture with its control tables in that schema and start "
                        "it (or set source.capture_schema, e.g. ASNCDC for a Debezium setup), or "
                        "set sync.incremental: false");
}

// sync.start_from as a time: just below the first transaction committed at or after it, so that
// transaction is the first one read; a time no transaction has reached yet starts from now (the
// highest synchpoint).
base::Result<model::Position> PositionAtTime(const drda::ConnectOptions& connect_options,
                                             const config::TaskConfig& task, int64_t time_us,
                                             const RunHooks& hooks) {
  DB2KAFKA_ASSIGN_OR_RETURN(auto connection, drda::Connection::Open(connect_options));
  const std::string& schema = task.source.capture_schema;
  DB2KAFKA_ASSIGN_OR_RETURN(const auto first,
                            db2::FirstCommitAtOrAfter(*connection, schema, time_us));
  model::Position position;
  if (first) {
    position.commit_sequence =
        db2::SequenceBefore(*first).value_or(std::string(first->size(), '\0'));
    Report(hooks, "sync.start_from " + task.sync.start_from +
                      ": from the first transaction committed at or after it, " +
                      base::HexLower(*first));
  } else {
    DB2KAFKA_ASSIGN_OR_RETURN(const db2::RegisterState state,
                              db2::ReadRegister(*connection, schema));
    position.commit_sequence = state.synchpoint.value_or("");
    Report(hooks, "sync.start_from " + task.sync.start_from +
                      ": no transaction committed since; from now");
  }
  (void)connection->Rollback();
  return position;
}

// sync.start_from is a position (hex of IBMSNAP_COMMITSEQ[:IBMSNAP_INTENTSEQ]) or a time.
base::Status CheckStartFrom(const std::string& start_from) {
  if (start_from.empty() || model::Position::FromHex(start_from) ||
      model::ParseInstant(start_from)) {
    return {};
  }
  return base::Fail(base::ErrorCode::kInvalidArgument,
                    "sync.start_from: \"" + start_from +
                        "\" is neither a position (hex of IBMSNAP_COMMITSEQ, optionally \":\" and "
                        "IBMSNAP_INTENTSEQ) nor an ISO-8601 time with a zone, like "
                        "2024-05-01T08:00:00Z");
}

// Where the incremental phase goes on from: the committed position, else sync.start_from, else
// the hand-off.
base::Result<model::Position> IncrementalStart(const config::TaskConfig& task,
                                               store::TaskStore& store,
                                               const drda::ConnectOptions& connect_options,
                                               const RunHooks& hooks) {
  DB2KAFKA_ASSIGN_OR_RETURN(auto committed, store.CommittedPosition());
  if (committed) return *committed;
  if (!task.sync.start_from.empty()) {
    if (auto position = model::Position::FromHex(task.sync.start_from)) {
      return model::Position{position->commit_sequence, ""};
    }
    DB2KAFKA_ASSIGN_OR_RETURN(const int64_t time_us, model::ParseInstant(task.sync.start_from));
    return PositionAtTime(connect_options, task, time_us, hooks);
  }
  DB2KAFKA_ASSIGN_OR_RETURN(auto handoff, store.HandoffPosition());
  if (!handoff) {
    return base::Fail(base::ErrorCode::kInternal,
                      "the incremental phase has no position to start from; this is a bug in "
                      "db2kafka, please report it");
  }
  return *handoff;
}

base::Result<int64_t> SendSchemaRecords(std::span<const SyncTable> tables,
                                        const config::TaskConfig& task, encode::Encoder& encoder,
                                        RecordWriter& writer, kafka::PartitionPolicy policy) {
  const std::string& topic = task.destination.EffectiveDdlTopic();
  DB2KAFKA_ASSIGN_OR_RETURN(const int32_t partitions, writer.producer().PartitionCount(topic));
  PartitionChooser chooser(policy);
  std::vector<encode::EncodedRecord> records;
  for (const SyncTable& table : tables) {
    model::ChangeEvent event;
    event.operation = model::Operation::kDdl;
    event.table = table.destination;
    event.ddl = model::CreateTableDdl(*table.destination);
    event.commit_time_us = base::SystemClock::Instance().NowMicros();
    records.clear();
    DB2KAFKA_TRY(encoder.Encode(event, topic, records));
    const int32_t partition = chooser.Choose(table, event, partitions);
    for (const encode::EncodedRecord& record : records) {
      DB2KAFKA_TRY(writer.Send(topic, partition, record.key ? *record.key : std::string_view(),
                               record.value, kSchemaPhaseGroup));
    }
  }
  DB2KAFKA_TRY(writer.Flush(std::chrono::seconds(60)));
  const RecordWriter::GroupState group = writer.Group(kSchemaPhaseGroup);
  if (group.first_error) return base::Fail(*group.first_error);
  writer.Release(kSchemaPhaseGroup);
  return group.sent;
}

// `started` is set once the task reached its phases (the source read, the hand-off recorded, the
// topics ready in Kafka): failures after that are retried, earlier ones are the task's setup
// failing, which a person has to look at.
base::Result<RunSummary> RunPhases(const config::TaskConfig& task, const RunHooks& hooks,
                                   store::TaskStore& store, bool& started) {
  RunSummary summary;
  DB2KAFKA_ASSIGN_OR_RETURN(store::TaskStatus status, store.Status());
  if (status.phase == store::TaskPhase::kDone) {
    summary.already_done = true;
    return summary;
  }
  const bool first_run = status.phase == store::TaskPhase::kSchema && status.tables.empty();

  const drda::ConnectOptions connect_options = ConnectOptionsFor(task.source);
  DB2KAFKA_ASSIGN_OR_RETURN(auto connection, drda::Connection::Open(connect_options));
  DB2KAFKA_ASSIGN_OR_RETURN(SyncTables selected, ReadSyncTables(*connection, task));
  // The heartbeat table is the task's own: never synced, even when a rule selects its schema.
  std::erase_if(selected.tables, [&task](const SyncTable& table) {
    return table.name == task.incremental.heartbeat_table;
  });
  for (const std::string& warning : selected.warnings) Report(hooks, "warning: " + warning);
  summary.tables = selected.tables.size();
  // Before anything is written: a task whose incremental phase cannot start fails here, and the
  // position is taken before the full phase reads.
  DB2KAFKA_TRY(RecordHandoff(task, *connection, store, hooks));

  std::set<std::string> topics;
  for (const SyncTable& table : selected.tables) topics.insert(table.shaped.topic);
  if (task.sync.schema) topics.insert(task.destination.EffectiveDdlTopic());
  DB2KAFKA_TRY(PrepareTopics(task, topics, first_run, hooks));

  DB2KAFKA_ASSIGN_OR_RETURN(const kafka::PartitionPolicy policy,
                            kafka::ParsePartitionPolicy(task.destination.partition_policy));
  DB2KAFKA_ASSIGN_OR_RETURN(auto writer,
                            RecordWriter::Create(ProducerOptionsFor(task.destination)));
  started = true;
  const std::string source_version = SourceVersion(*connection);

  if (status.phase == store::TaskPhase::kSchema) {
    if (task.sync.schema) {
      Report(hooks, "schema phase: one CREATE TABLE record per table to " +
                        task.destination.EffectiveDdlTopic());
      DB2KAFKA_ASSIGN_OR_RETURN(auto encoder, MakeTaskEncoder(task, source_version));
      DB2KAFKA_ASSIGN_OR_RETURN(
          summary.ddl_records, SendSchemaRecords(selected.tables, task, *encoder, *writer, policy));
    }
    DB2KAFKA_TRY(store.SetPhase(store::TaskPhase::kFull));
  }

  connection.reset();  // each phase opens its own

  std::map<std::string, int32_t> partition_counts;
  for (const SyncTable& table : selected.tables) {
    DB2KAFKA_ASSIGN_OR_RETURN(partition_counts[table.shaped.topic],
                              writer->producer().PartitionCount(table.shaped.topic));
  }
  if (task.sync.full && status.phase <= store::TaskPhase::kFull) {
    FullSyncOptions options;
    options.parallelism = static_cast<int>(task.full.parallelism);
    options.chunk_rows = task.full.chunk_rows;
    options.max_rows_per_second = task.full.max_rows_per_second;
    options.max_bytes_per_second = task.full.max_bytes_per_second;
    options.snapshot_time_us = base::SystemClock::Instance().NowMicros();
    options.partition_policy = policy;
    options.partition_counts = partition_counts;
    FullSyncHooks full_hooks;
    full_hooks.connect = [&connect_options]() { return drda::Connection::Open(connect_options); };
    full_hooks.make_encoder = [&task, &source_version]() {
      return MakeTaskEncoder(task, source_version);
    };
    full_hooks.stop = hooks.stop;
    full_hooks.progress = hooks.progress;
    Report(hooks, "full phase: " + std::to_string(selected.tables.size()) + " table(s) over " +
                      std::to_string(options.parallelism) + " connection(s)");
    DB2KAFKA_ASSIGN_OR_RETURN(summary.full,
                              RunFullSync(selected.tables, options, full_hooks, *writer, store));
  }
  // Partition counts must not have changed while records were written by key.
  DB2KAFKA_TRY(writer->producer().VerifyPartitionCounts());
  if (!task.sync.incremental) {
    DB2KAFKA_TRY(store.SetPhase(store::TaskPhase::kDone));
    return summary;
  }
  DB2KAFKA_TRY(store.SetPhase(store::TaskPhase::kIncremental));
  DB2KAFKA_ASSIGN_OR_RETURN(const model::Position start,
                            IncrementalStart(task, store, connect_options, hooks));
  Report(hooks, "incremental phase: changes after " + start.ToHex() + " from " +
                    task.source.capture_schema + "'s CD tables");
  DB2KAFKA_ASSIGN_OR_RETURN(auto encoder, MakeTaskEncoder(task, source_version));
  IncrementalOptions options;
  options.capture_schema = task.source.capture_schema;
  options.poll_interval = std::chrono::milliseconds(task.incremental.poll_interval_ms);
  options.max_window_rows = task.incremental.max_window_rows;
  options.partition_policy = policy;
  options.partition_counts = partition_counts;
  options.heartbeat_table = task.incremental.heartbeat_table;
  options.prune = task.incremental.prune;
  IncrementalHooks incremental_hooks;
  incremental_hooks.connect = [&connect_options]() {
    return drda::Connection::Open(connect_options);
  };
  incremental_hooks.stop = hooks.stop;
  incremental_hooks.report = hooks.report;
  incremental_hooks.progress = hooks.incremental_progress;
  base::Status streamed = RunIncrementalSync(selected.tables, start, options, incremental_hooks,
                                             *encoder, *writer, store);
  if (!streamed && streamed.error().code == base::ErrorCode::kDataLoss) {
    // Advice to start over names the file to delete.
    base::Error error = streamed.error();
    error.message += " (the task's state: " + store.path() + ")";
    return base::Fail(std::move(error));
  }
  DB2KAFKA_TRY(std::move(streamed));
  return summary;
}

// The last error of a task that stops retrying: said so when it had been retried.
base::Error GivenUp(const config::TaskConfig& task, const RetryPolicy& retry, base::Error error) {
  const FailureKind kind = ClassifyFailure(error);
  if (retry.attempts() == 0 || kind == FailureKind::kFatal) return error;
  error.message = "gave up after retrying for " +
                  std::to_string(kind == FailureKind::kConnection ? task.retry.connection_minutes
                                                                  : task.retry.other_minutes) +
                  " minute(s) (retry.*_minutes): " + error.message;
  return error;
}

// False when a stop was requested before `delay` passed.
bool WaitUnlessStopped(const RunHooks& hooks, std::chrono::milliseconds delay) {
  const auto until = std::chrono::steady_clock::now() + delay;
  while (std::chrono::steady_clock::now() < until) {
    if (hooks.stop != nullptr && hooks.stop->load()) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return true;
}

}  // namespace

std::string TaskFingerprint(const config::TaskConfig& task) {
  std::string text = "v1\n";
  const auto add = [&text](std::string_view name, std::string_view value) {
    text.append(name).append("=").append(value).append("\n");
  };
  add("source.database", task.source.database);
  add("destination.topic", task.destination.topic);
  add("destination.ddl_topic", task.destination.ddl_topic);
  add("destination.format", task.destination.format);
  add("destination.partition_policy", task.destination.partition_policy);
  add("destination.debezium.decimal_handling", task.destination.debezium.decimal_handling);
  add("destination.debezium.tombstones_on_delete",
      task.destination.debezium.tombstones_on_delete ? "true" : "false");
  add("capitalization", task.capitalization);
  add("full.chunk_rows", std::to_string(task.full.chunk_rows));
  for (const config::ObjectRule& rule : task.objects) {
    add("objects.schema", rule.schema);
    for (const std::string& name : rule.tables) add("objects.tables", name);
    for (const std::string& name : rule.exclude_tables) add("objects.exclude_tables", name);
    add("objects.table", rule.table);
    add("objects.rename", rule.rename);
    add("objects.topic", rule.topic);
    for (const std::string& name : rule.columns.exclude) add("objects.columns.exclude", name);
    for (const auto& [from, to] : rule.columns.rename) {
      std::string name = "objects.columns.rename.";
      name += from;
      add(name, to);
    }
    add("objects.filter", rule.filter);
    for (const std::string& name : rule.operations) add("objects.operations", name);
    for (const std::string& name : rule.partition_key) add("objects.partition_key", name);
  }
  char hex[17];
  std::snprintf(hex, sizeof(hex), "%016" PRIx64, Fnv1a(text));
  return hex;
}

base::Result<RunSummary> RunTask(const config::TaskConfig& task, const RunHooks& hooks) {
  DB2KAFKA_TRY(CheckStartFrom(task.sync.start_from));  // before anything is written
  DB2KAFKA_ASSIGN_OR_RETURN(auto store, store::TaskStore::Open(task.state_dir, task.name));
  DB2KAFKA_ASSIGN_OR_RETURN(const store::ConfigMatch match,
                            store->CheckConfig(TaskFingerprint(task)));
  if (match == store::ConfigMatch::kChanged) {
    return base::Fail(base::ErrorCode::kInvalidArgument,
                      "the task file changed since the checkpoints in " + store->path() +
                          " were written (objects, topics, format, partition policy, "
                          "capitalization or chunk_rows); resuming would mix two "
                          "configurations. Restore the old task file, or remove that file to "
                          "start the task over");
  }
  RetryPolicy retry({.connection = std::chrono::minutes(task.retry.connection_minutes),
                     .other = std::chrono::minutes(task.retry.other_minutes)},
                    base::SystemClock::Instance());
  bool started = false;
  while (true) {
    const int64_t written_before = store->Counter(store::kRecordsWritten).value_or(0);
    auto summary = RunPhases(task, hooks, *store, started);
    if (summary) return summary;
    if (summary.error().code == base::ErrorCode::kCancelled) return summary;
    // The phase stays, so the next attempt or run resumes it; the error is kept for `db2kafka
    // status`.
    const auto status = store->Status();
    if (status) (void)store->SetPhase(status->phase, summary.error().message);
    const bool progressed = store->Counter(store::kRecordsWritten).value_or(0) != written_before;
    const auto delay = started ? retry.NextDelay(summary.error(), progressed) : std::nullopt;
    if (!delay) return base::Fail(GivenUp(task, retry, std::move(summary).error()));
    Report(hooks, "error: " + summary.error().ToString() + "; retrying in " +
                      std::to_string((delay->count() + 999) / 1000) + " s (attempt " +
                      std::to_string(retry.attempts()) + ")");
    if (!WaitUnlessStopped(hooks, *delay)) {
      return base::Fail(base::ErrorCode::kCancelled,
                        "stopped while waiting to retry; the next run resumes from the last "
                        "checkpoint");
    }
  }
}

}  // namespace db2kafka::runner
