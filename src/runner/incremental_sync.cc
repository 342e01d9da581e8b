#include "runner/incremental_sync.h"

#include <deque>
#include <set>

#include "base/status_macros.h"
#include "cdc/change_reader.h"
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
                    const model::Position& start)
      : options_(options),
        encoder_(encoder),
        writer_(writer),
        store_(store),
        chooser_(options.partition_policy) {
    progress_.position = start;
    for (const SyncTable& table : tables) by_destination_[table.destination.get()] = &table;
  }

  base::Status Send(cdc::Window& window) {
    SentWindow& sent = sent_.emplace_back();
    sent.group = next_group_++;
    sent.end = window.end;
    sent.changes = static_cast<int64_t>(window.events.size());
    sent.transactions = window.transactions;
    progress_.not_sent += window.not_sent;
    for (model::ChangeEvent& event : window.events) {
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
        DB2KAFKA_TRY(store_.CommitPosition(window.end, counters));
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
  DB2KAFKA_ASSIGN_OR_RETURN(
      auto reader,
      cdc::ChangeReader::Create(std::move(followed), {.capture_schema = options.capture_schema,
                                                      .max_window_rows = options.max_window_rows}));
  DB2KAFKA_ASSIGN_OR_RETURN(auto connection, hooks.connect());
  IncrementalSender sender(tables, options, encoder, writer, store, start);

  model::Position read_position = start;
  std::set<std::string> reported_unregistered;
  auto last_progress = std::chrono::steady_clock::now();
  const auto report_progress = [&] {
    if (hooks.progress) hooks.progress(sender.progress());
    last_progress = std::chrono::steady_clock::now();
  };
  std::optional<base::Error> failure;
  while (!Stopping(hooks)) {
    auto window = reader->Next(*connection, read_position);
    if (!window) {
      failure = std::move(window).error();
      break;
    }
    for (const std::string& table : reader->unregistered()) {
      if (reported_unregistered.insert(table).second && hooks.report) {
        hooks.report("warning: " + table + " is not registered in " + options.capture_schema +
                     ".IBMSNAP_REGISTER: its changes are not captured until it is");
      }
    }
    if (base::Status sent = sender.Send(*window); !sent) {
      failure = sent.error();
      break;
    }
    read_position = window->end;
    writer.Poll(std::chrono::milliseconds(0));
    if (base::Status committed = sender.CommitAcknowledged(); !committed) {
      failure = committed.error();
      break;
    }
    if (window->events.empty()) {
      // Idle: wait for the next poll while serving acknowledgements, so positions keep up.
      const auto until = std::chrono::steady_clock::now() + options.poll_interval;
      while (!Stopping(hooks) && std::chrono::steady_clock::now() < until) {
        writer.Poll(std::chrono::milliseconds(20));
      }
      if (base::Status committed = sender.CommitAcknowledged(); !committed) {
        failure = committed.error();
        break;
      }
    }
    if (std::chrono::steady_clock::now() - last_progress >= std::chrono::seconds(10)) {
      report_progress();
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
