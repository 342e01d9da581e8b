// The full phase: every selected table read in key-ordered chunks over `parallelism` source
// connections, encoded, and written to Kafka, with each chunk checkpointed in the task store only
// once Kafka has acknowledged all its records. A restarted task plans nothing again and reads only
// the chunks not yet done.
//
// Threads: `parallelism` readers each own a connection and an encoder; they read a chunk, encode
// its rows and pass batches of finished records through one bounded queue (queue_bytes) to the
// calling thread, which alone owns the producer and the store: it paces (throttle), sends, serves
// acknowledgements and checkpoints. The queue bounds memory whatever the table size; a slow broker
// slows the readers.
//
// Order: a chunk's records are sent in key order from one thread, and no key is in two chunks, so
// every key's record is sent once per run in its chunk's order: per-key order holds for every
// partition policy. Records of different chunks interleave.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/error.h"
#include "drda/connection.h"
#include "encode/encoder.h"
#include "kafka/partitioner.h"
#include "runner/record_writer.h"
#include "runner/sync_tables.h"
#include "store/task_store.h"

namespace db2kafka::runner {

struct FullSyncOptions {
  int parallelism = 4;
  int64_t chunk_rows = 100'000;
  size_t batch_rows = 1000;  // rows per batch from a reader to the sender
  int64_t max_rows_per_second = 0;
  int64_t max_bytes_per_second = 0;
  size_t queue_bytes = 32u << 20;  // encoded bytes waiting between readers and the sender
  int64_t snapshot_time_us = 0;    // the commit time every snapshot event carries
  kafka::PartitionPolicy partition_policy = kafka::PartitionPolicy::kTable;
  std::map<std::string, int32_t> partition_counts;  // of every table topic
};

// One table's progress as the sender sees it, for the progress display.
struct FullSyncTableProgress {
  std::string table;  // SyncTable::name
  int64_t rows_estimate = 0;
  int64_t rows_done = 0;  // acknowledged by Kafka (this run and checkpointed earlier runs)
  int64_t chunks_total = 0;
  int64_t chunks_done = 0;
};

struct FullSyncHooks {
  std::function<base::Result<std::unique_ptr<drda::Connection>>()> connect;
  std::function<base::Result<std::unique_ptr<encode::Encoder>>()> make_encoder;
  // Set from another thread (a signal handler's flag): stop at the next batch, checkpoint what
  // Kafka acknowledged, and return Cancelled.
  const std::atomic<bool>* stop = nullptr;
  // Called on the calling thread about once a second and at the end.
  std::function<void(std::span<const FullSyncTableProgress>)> progress;
  const base::Clock* clock = &base::SystemClock::Instance();
};

struct FullSyncResult {
  int64_t rows = 0;         // rows sent by this run
  int64_t resent_rows = 0;  // rows of chunks an earlier run had started: possible duplicates
  int64_t chunks = 0;       // chunks completed by this run
};

// Plans chunks of tables that have none in the store (on a connection from hooks.connect), then
// reads every pending chunk. Cancelled when stopped through hooks.stop; otherwise the first error
// of any reader, of Kafka or of the store, after the others stopped.
base::Result<FullSyncResult> RunFullSync(std::span<const SyncTable> tables,
                                         const FullSyncOptions& options, const FullSyncHooks& hooks,
                                         RecordWriter& writer, store::TaskStore& store);

}  // namespace db2kafka::runner
