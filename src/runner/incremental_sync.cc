#include "runner/incremental_sync.h"

#include <deque>
#include <set>

#include "base/status_macros.h"
#include "cdc/change_reader.h"
#include "db2/sql_replication.h"
#include "runner/heartbeat.h"
#include "runner/partition_chooser.h"

namespace db2kafka::runner {
namespace {

// Groups of the record writer are windows here; numbered high so they never meet the full
// phase's chunk groups or the schema phase's.
constexpr uint64_t kFirstWindowGroup = uint64_t{1} << 48;

cdc::SentOperations SentOperationsOf(const OperationSet& operations) {
  return {.inserts = operations.Contains(Operation::kInsert),
          .updates = operations.Contains(Operation::kUpdate),
          .deletes = operations.Contains(Operation::kDelete)};
}

// A window whose records are in Kafka's hands but not all acknowledged yet.
struct SentWindow {
  uint64_t group = 0;
  model::Position end;
  int64_t changes = 0;
  int64_t transactions = 0;
  int64_t last_commit_time_us = 0;  // of its last change; 0 when it had none
};

class IncrementalSender {
 public:
  IncrementalSender(std::span<const SyncTable> tables, const IncrementalOptions& options,
                    encode::Encoder& encoder, RecordWriter& writer, store::TaskStore& store,
                    const model::Position& start, std::optional<model::Position> sent_before,
                    const model::TableSchema* heartbeat)
      : sent_before_(std::move(sent_before)),
        heartbeat_(heartbeat),
        options_(options),
        encoder_(encoder),
        writer_(writer),
        store_(store),
        chooser_(options.partition_policy) {
    progress_.position = start;
    for (const SyncTable& table : tables) by_destination_[table.destination.get()] = &table;
  }

  base::Status Send(cdc::Window& window) {
    int64_t resent = 0;
    bool sends_records = false;
    for (const model::ChangeEvent& event : window.events) {
      if (event.table.get() == heartbeat_) continue;
      sends_records = true;
      if (sent_before_ && !(*sent_before_ < event.position)) ++resent;
    }
    // Recorded before sending (and what is sent again counted), so every duplicate a stop can
    // leave in Kafka is counted, and the next run knows how far this one got.
    if (sends_records) {
      const store::CounterDelta counted{std::string(store::kDuplicatesResent), resent};
      DB2KAFKA_TRY(store_.RecordSentPosition(window.end, std::span(&counted, 1)));
    }
    progress_.resent += resent;
    SentWindow& sent = sent_.emplace_back();
    sent.group = next_group_++;
    sent.end = window.end;
    progress_.not_sent += window.not_sent;
    const std::string* transaction = nullptr;
    for (model::ChangeEvent& event : window.events) {
      // A beat only tells how recent the source's commits are.
      if (event.table.get() == heartbeat_) {
        sent.last_commit_time_us = event.commit_time_us;
        continue;
      }
      ++sent.changes;
      if (transaction == nullptr || *transaction != event.transaction_id) {
        ++sent.transactions;
        transaction = &event.transaction_id;
      }
      event.sequence = ++sequence_;
      const SyncTable& table = *by_destination_.at(event.table.get());
      const std::string& topic = table.shaped.topic;
      encoded_.clear();
      DB2KAFKA_TRY(encoder_.Encode(event, topic, encoded_));
      const int32_t partition = chooser_.Choose(table, event, options_.partition_counts.at(topic));
      for (const encode::EncodedRecord& record : encoded_) {
        DB2KAFKA_TRY(writer_.Send(topic, partition,
                                  record.key ? std::string_view(*record.key) : std::string_view(),
                                  record.value, sent.group));
      }
      sent.last_commit_time_us = event.commit_time_us;
    }
    return {};
  }

  // Commits, in order, every window whose records Kafka has all acknowledged.
  base::Status CommitAcknowledged() {
    while (!sent_.empty()) {
      const SentWindow& window = sent_.front();
      const RecordWriter::GroupState group = writer_.Group(window.group);
      if (group.first_error) {
        base::Error error = *group.first_error;
        error.message =
            "writing changes up to " + window.end.ToHex() + " to Kafka: " + error.message;
        return base::Fail(std::move(error));
      }
      if (group.outstanding() > 0) return {};
      if (progress_.position < window.end || group.sent > 0) {
        const std::vector<store::CounterDelta> counters = {
            {std::string(store::kRecordsWritten), group.sent},
            {"changes_sent", window.changes},
            {"transactions_sent", window.transactions}};
        DB2KAFKA_TRY(store_.CommitPosition(window.end, counters, window.last_commit_time_us));
      }
      progress_.position = window.end;
      progress_.changes_sent += window.changes;
      progress_.transactions_sent += window.transactions;
      if (window.last_commit_time_us != 0) {
        progress_.last_commit_time_us = window.last_commit_time_us;
      }
      writer_.Release(window.group);
      sent_.pop_front();
    }
    return {};
  }

  const IncrementalProgress& progress() const { return progress_; }

 private:
  std::optional<model::Position> sent_before_;  // the highest position an earlier run sent
  const model::TableSchema* heartbeat_;         // the heartbeat table's events; may be null
  const IncrementalOptions& options_;
  encode::Encoder& encoder_;
  RecordWriter& writer_;
  store::TaskStore& store_;
  PartitionChooser chooser_;
  std::map<const model::TableSchema*, const SyncTable*> by_destination_;
  std::deque<SentWindow> sent_;
  std::vector<encode::EncodedRecord> encoded_;
  IncrementalProgress progress_;
  uint64_t next_group_ = kFirstWindowGroup;
  uint64_t sequence_ = 0;
};

bool Stopping(const IncrementalHooks& hooks) { return hooks.stop != nullptr && hooks.stop->load(); }

// incremental.prune: Capture may delete what Kafka has, up to just below the last acknowledged
// change, so that change's transaction stays in IBMSNAP_UOW as the anchor of the pruned-gap
// check (cdc/pruned_gap.h). At most once a second, on the reader's connection between polls.
class PrunePointAdvancer {
 public:
  explicit PrunePointAdvancer(std::string capture_schema)
      : capture_schema_(std::move(capture_schema)) {}

  // Turns pruning on when the task's IBMSNAP_PRUNE_SET row exists; a missing one is a warning.
  base::Status Start(drda::Connection& connection,
                     const std::function<void(std::string_view)>& report) {
    DB2KAFKA_ASSIGN_OR_RETURN(enabled_, db2::PruneSetExists(connection, capture_schema_, set_));
    DB2KAFKA_TRY(connection.Rollback());
    if (!enabled_ && report) {
      report("warning: incremental.prune: " + capture_schema_ + ".IBMSNAP_PRUNE_SET has no row " +
             set_.target_server + "/" + set_.apply_qualifier + "/" + set_.set_name +
             " (with IBMSNAP_PRUNCNTL rows naming it, as Debezium's ADDTABLE writes): Capture "
             "keeps every CD row for db2kafka");
    }
    return {};
  }

  base::Status Advance(drda::Connection& connection, const model::Position& acknowledged) {
    if (!enabled_ || acknowledged.intent_sequence.empty() ||
        std::chrono::steady_clock::now() - last_advance_ < std::chrono::seconds(1)) {
      return {};
    }
    const std::optional<std::string> below = db2::SequenceBefore(acknowledged.commit_sequence);
    if (!below || *below == advanced_to_) return {};
    DB2KAFKA_TRY(db2::AdvancePrunePoint(connection, capture_schema_, set_, *below));
    DB2KAFKA_TRY(connection.Commit());
    advanced_to_ = *below;
    last_advance_ = std::chrono::steady_clock::now();
    return {};
  }

 private:
  std::string capture_schema_;
  const db2::PruneSet set_;
  bool enabled_ = false;
  std::string advanced_to_;
  std::chrono::steady_clock::time_point last_advance_{};
};

}  // namespace

base::Status RunIncrementalSync(std::span<const SyncTable> tables, const model::Position& start,
                                const IncrementalOptions& options, const IncrementalHooks& hooks,
                                encode::Encoder& encoder, RecordWriter& writer,
                                store::TaskStore& store) {
  std::vector<cdc::FollowedTable> followed;
  for (const SyncTable& table : tables) {
    followed.push_back({.source = table.source,
                        .destination = table.destination,
                        .columns = table.source_columns,
                        .filter = table.shaped.filter,
                        .operations = SentOperationsOf(table.shaped.operations)});
  }
  std::shared_ptr<const model::TableSchema> heartbeat_table;
  std::optional<HeartbeatWriter> heartbeat;
  std::string heartbeat_name;
  if (!options.heartbeat_table.empty()) {
    const HeartbeatTableName name = ParseHeartbeatTableName(options.heartbeat_table);
    DB2KAFKA_ASSIGN_OR_RETURN(auto heartbeat_connection, hooks.connect());
    DB2KAFKA_ASSIGN_OR_RETURN(model::TableSchema described,
                              PrepareHeartbeatTable(*heartbeat_connection, name, hooks.report));
    heartbeat_name = described.QualifiedName();
    heartbeat_table = std::make_shared<const model::TableSchema>(described);
    std::vector<size_t> columns(described.columns.size());
    for (size_t i = 0; i < columns.size(); ++i) columns[i] = i;
    followed.push_back({.source = std::move(described),
                        .destination = heartbeat_table,
                        .columns = std::move(columns),
                        .filter = "",
                        .operations = {}});
    heartbeat.emplace(std::move(heartbeat_connection), name);
  }
  DB2KAFKA_ASSIGN_OR_RETURN(
      auto reader,
      cdc::ChangeReader::Create(std::move(followed), {.capture_schema = options.capture_schema,
                                                      .max_window_rows = options.max_window_rows}));
  DB2KAFKA_ASSIGN_OR_RETURN(auto connection, hooks.connect());
  DB2KAFKA_ASSIGN_OR_RETURN(std::optional<model::Position> sent_before, store.SentPosition());
  if (sent_before && start < *sent_before) {
    if (hooks.report) {
      hooks.report("incremental: an earlier run sent changes up to " + sent_before->ToHex() +
                   " that Kafka had not all acknowledged; the ones after " + start.ToHex() +
                   " are sent again and may be in Kafka twice (counted as " +
                   std::string(store::kDuplicatesResent) + ")");
    }
  } else {
    sent_before.reset();
  }
  IncrementalSender sender(tables, options, encoder, writer, store, start, sent_before,
                           heartbeat_table.get());
  const auto beat = [&]() -> base::Status {
    return heartbeat ? heartbeat->BeatIfDue(std::chrono::steady_clock::now()) : base::Status();
  };

  model::Position read_position = start;
  std::set<std::string> reported_unregistered;
  auto last_progress = std::chrono::steady_clock::now();
  const auto report_progress = [&] {
    if (hooks.progress) hooks.progress(sender.progress());
    last_progress = std::chrono::steady_clock::now();
  };
  PrunePointAdvancer pruner(options.capture_schema);
  if (options.prune) DB2KAFKA_TRY(pruner.Start(*connection, hooks.report));

  // Between reads and while idle: acknowledgements served and committed, Kafka's progress
  // checked, the heartbeat written.
  const auto serve = [&](std::chrono::milliseconds wait) -> base::Status {
    writer.Poll(wait);
    DB2KAFKA_TRY(writer.CheckProgress());
    DB2KAFKA_TRY(beat());
    return sender.CommitAcknowledged();
  };
  const auto report_unregistered = [&] {
    for (const std::string& table : reader->unregistered()) {
      if (!reported_unregistered.insert(table).second || !hooks.report) continue;
      if (table == heartbeat_name) {
        hooks.report("warning: the heartbeat table " + table + " is not registered in " +
                     options.capture_schema +
                     ".IBMSNAP_REGISTER: register it like the synced tables, or latency stops "
                     "moving while the source is idle");
      } else {
        hooks.report("warning: " + table + " is not registered in " + options.capture_schema +
                     ".IBMSNAP_REGISTER: its changes are not captured until it is");
      }
    }
  };
  const auto poll_once = [&]() -> base::Status {
    // Idle polls start every poll_interval, however long a poll takes: the interval bounds how
    // late a change is seen.
    const auto started = std::chrono::steady_clock::now();
    DB2KAFKA_ASSIGN_OR_RETURN(cdc::Window window, reader->Next(*connection, read_position));
    report_unregistered();
    DB2KAFKA_TRY(sender.Send(window));
    read_position = window.end;
    DB2KAFKA_TRY(serve(std::chrono::milliseconds(0)));
    DB2KAFKA_TRY(pruner.Advance(*connection, sender.progress().position));
    if (window.events.empty()) {
      const auto until = started + options.poll_interval;
      while (!Stopping(hooks) && std::chrono::steady_clock::now() < until) {
        DB2KAFKA_TRY(serve(std::chrono::milliseconds(20)));
      }
    }
    if (std::chrono::steady_clock::now() - last_progress >= std::chrono::seconds(10)) {
      report_progress();
    }
    return {};
  };
  std::optional<base::Error> failure;
  while (!Stopping(hooks)) {
    if (base::Status polled = poll_once(); !polled) {
      failure = polled.error();
      break;
    }
  }
  // What was sent is acknowledged (or failed) before the last commits.
  const base::Status flushed = writer.Flush(std::chrono::seconds(60));
  if (!failure) {
    if (base::Status committed = sender.CommitAcknowledged(); !committed) {
      failure = committed.error();
    }
  }
  report_progress();
  if (failure) return base::Fail(std::move(*failure));
  if (!flushed) return base::Fail(flushed.error());
  return base::Fail(base::ErrorCode::kCancelled,
                    "stopped at position " + sender.progress().position.ToHex() +
                        "; everything up to it is in Kafka, the next run goes on from there");
}

}  // namespace db2kafka::runner
