// The incremental phase: committed changes from SQL Replication's CD tables (cdc::ChangeReader),
// encoded and written to Kafka in commit order, with the position committed to the task store
// only once Kafka acknowledged every record up to it. It runs until stopped or failed; a
// restarted task resumes after the committed position, so what was sent but not yet acknowledged
// is sent again (at-least-once).
//
// Threads: everything runs on the calling thread, which owns the connection, the encoder, the
// producer and the store. One thread sending in commit order keeps per-key order in every
// partition policy (the producer is idempotent and keeps order per partition).
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>

#include "base/clock.h"
#include "base/error.h"
#include "drda/connection.h"
#include "encode/encoder.h"
#include "kafka/partitioner.h"
#include "model/change_event.h"
#include "runner/record_writer.h"
#include "runner/sync_tables.h"
#include "store/task_store.h"

namespace db2kafka::runner {

struct IncrementalOptions {
  std::string capture_schema = "ASN";
  std::chrono::milliseconds poll_interval{500};
  int64_t max_window_rows = 100'000;
  kafka::PartitionPolicy partition_policy = kafka::PartitionPolicy::kTable;
  std::map<std::string, int32_t> partition_counts;  // of every table topic
  std::string heartbeat_table;                      // "SCHEMA.TABLE"; empty: none (heartbeat.h)
  // Advance Capture's prune point (IBMSNAP_PRUNE_SET) to just below the last acknowledged change.
  bool prune = false;
};

// What the phase has done so far, for progress lines and `db2kafka status`.
struct IncrementalProgress {
  model::Position position;       // committed: acknowledged by Kafka and stored
  int64_t changes_sent = 0;       // this run
  int64_t transactions_sent = 0;  // this run
  int64_t not_sent = 0;           // changes left out by filters and operations, this run
  int64_t resent = 0;             // changes an earlier, stopped run had sent already, this run
  // Commit time of the last acknowledged change (microseconds since the epoch); 0 before one.
  int64_t last_commit_time_us = 0;
};

struct IncrementalHooks {
  std::function<base::Result<std::unique_ptr<drda::Connection>>()> connect;
  const std::atomic<bool>* stop = nullptr;            // stop at the next poll and return Cancelled
  std::function<void(std::string_view line)> report;  // warnings, e.g. unregistered tables
  // Called on the calling thread about every ten seconds and when the phase ends.
  std::function<void(const IncrementalProgress&)> progress;
  const base::Clock* clock = &base::SystemClock::Instance();
};

// Streams changes after `start` ({COMMITSEQ, ""}) until hooks.stop is set (Cancelled, after the
// acknowledged windows are committed) or an error.
base::Status RunIncrementalSync(std::span<const SyncTable> tables, const model::Position& start,
                                const IncrementalOptions& options, const IncrementalHooks& hooks,
                                encode::Encoder& encoder, RecordWriter& writer,
                                store::TaskStore& store);

}  // namespace db2kafka::runner
