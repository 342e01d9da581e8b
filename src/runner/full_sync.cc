#include "runner/full_sync.h"

#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <set>
#include <thread>

#include "base/logger.h"
#include "base/status_macros.h"
#include "runner/chunk_bounds.h"
#include "runner/partition_chooser.h"
#include "runner/throttle.h"
#include "snapshot/chunk_planner.h"
#include "snapshot/chunk_reader.h"

namespace db2kafka::runner {
namespace {

// One pending chunk of one table.
struct WorkItem {
  size_t table_index = 0;
  snapshot::Chunk chunk;  // id is the store's chunk id
};

struct OutRecord {
  int32_t partition = 0;
  std::optional<std::string> key;
  std::optional<std::string> value;
};

// What readers tell the sender, in the order each reader did it.
struct Message {
  enum class Kind : uint8_t { kChunkStarted, kRecords, kChunkRead, kReaderFailed, kReaderDone };
  Kind kind = Kind::kRecords;
  size_t work_index = 0;
  std::vector<OutRecord> records;
  int64_t rows = 0;  // kRecords: rows of the batch; kChunkRead: rows of the chunk
  size_t bytes = 0;
  std::optional<base::Error> error;
};

// FIFO between readers and the sender, bounded by the bytes of the records it holds. Once closed
// it refuses records (a reader then stops) but still passes the readers' last words.
class MessageQueue {
 public:
  explicit MessageQueue(size_t capacity_bytes) : capacity_bytes_(capacity_bytes) {}

  bool Push(Message message) {
    std::unique_lock lock(mutex_);
    if (message.kind == Message::Kind::kRecords) {
      // An empty queue takes any batch, so one batch larger than the capacity still moves.
      not_full_.wait(lock, [&] {
        return closed_ || bytes_ == 0 || bytes_ + message.bytes <= capacity_bytes_;
      });
      if (closed_) return false;
    }
    bytes_ += message.bytes;
    messages_.push_back(std::move(message));
    not_empty_.notify_one();
    return true;
  }

  std::optional<Message> Pop(std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex_);
    if (!not_empty_.wait_for(lock, timeout, [&] { return !messages_.empty(); })) {
      return std::nullopt;
    }
    Message message = std::move(messages_.front());
    messages_.pop_front();
    bytes_ -= message.bytes;
    not_full_.notify_all();
    return message;
  }

  void Close() {
    std::lock_guard lock(mutex_);
    closed_ = true;
    not_full_.notify_all();
  }

  bool closed() const {
    std::lock_guard lock(mutex_);
    return closed_;
  }

 private:
  const size_t capacity_bytes_;
  mutable std::mutex mutex_;
  std::condition_variable not_full_;
  std::condition_variable not_empty_;
  std::deque<Message> messages_;
  size_t bytes_ = 0;
  bool closed_ = false;
};

bool IsStop(const base::Error& error) { return error.code == base::ErrorCode::kCancelled; }

// Everything the reader threads share, read-only except the work counter and the queue.
struct ReaderContext {
  std::span<const SyncTable> tables;
  const std::vector<WorkItem>& work;
  const std::vector<snapshot::ChunkReader>& readers;  // one per table
  const FullSyncOptions& options;
  const FullSyncHooks& hooks;
  MessageQueue& queue;
  std::atomic<size_t> next_work{0};
};

base::Error InContext(base::Error error, const std::string& context) {
  error.message = context + ": " + error.message;
  return error;
}

// One reader thread: takes chunks until none is left or the queue closes.
void ReadChunks(ReaderContext& context) {
  const auto fail = [&](base::Error error) {
    context.queue.Push({.kind = Message::Kind::kReaderFailed, .error = std::move(error)});
    context.queue.Push({.kind = Message::Kind::kReaderDone});
  };
  auto connection = context.hooks.connect();
  if (!connection) return fail(InContext(connection.error(), "full phase: cannot connect"));
  auto encoder = context.hooks.make_encoder();
  if (!encoder) return fail(encoder.error());
  PartitionChooser chooser(context.options.partition_policy);
  std::vector<encode::EncodedRecord> encoded;

  for (size_t index = context.next_work++; index < context.work.size();
       index = context.next_work++) {
    if (context.queue.closed()) break;
    const WorkItem& item = context.work[index];
    const SyncTable& table = context.tables[item.table_index];
    const std::string& topic = table.shaped.topic;
    const int32_t partition_count = context.options.partition_counts.at(topic);
    context.queue.Push({.kind = Message::Kind::kChunkStarted, .work_index = index});

    const auto sink = [&](model::EventBatch&& batch) -> base::Status {
      Message message{.kind = Message::Kind::kRecords, .work_index = index};
      message.records.reserve(batch.events.size());
      for (const model::ChangeEvent& event : batch.events) {
        encoded.clear();
        DB2KAFKA_TRY((*encoder)->Encode(event, topic, encoded));
        const int32_t partition = chooser.Choose(table, event, partition_count);
        for (encode::EncodedRecord& record : encoded) {
          message.bytes +=
              (record.key ? record.key->size() : 0) + (record.value ? record.value->size() : 0);
          message.records.push_back({partition, std::move(record.key), std::move(record.value)});
        }
      }
      message.rows = static_cast<int64_t>(batch.events.size());
      if (!context.queue.Push(std::move(message))) {
        return base::Fail(base::ErrorCode::kCancelled, "the full phase is stopping");
      }
      return {};
    };
    auto rows = context.readers[item.table_index].Read(**connection, item.chunk, sink);
    // The chunk's unit of work only read; ending it releases the server's read locks.
    (void)(*connection)->Rollback();
    if (!rows) {
      if (IsStop(rows.error())) break;
      return fail(InContext(rows.error(), "full phase: reading chunk " +
                                              std::to_string(item.chunk.id) + " of " + table.name));
    }
    context.queue.Push({.kind = Message::Kind::kChunkRead, .work_index = index, .rows = *rows});
  }
  context.queue.Push({.kind = Message::Kind::kReaderDone});
}

// Reads the chunks the store holds for each table, planning them first when it holds none.
base::Result<std::vector<WorkItem>> PendingWork(std::span<const SyncTable> tables,
                                                const FullSyncOptions& options,
                                                const FullSyncHooks& hooks,
                                                store::TaskStore& store) {
  std::unique_ptr<drda::Connection> connection;
  std::vector<WorkItem> work;
  for (size_t t = 0; t < tables.size(); ++t) {
    const SyncTable& table = tables[t];
    DB2KAFKA_ASSIGN_OR_RETURN(std::vector<store::Chunk> chunks, store.Chunks(table.name));
    if (chunks.empty()) {
      if (!connection) {
        DB2KAFKA_ASSIGN_OR_RETURN(connection, hooks.connect());
      }
      auto plan = snapshot::ChunkPlanner::Plan(*connection, table.source,
                                               {.chunk_rows = options.chunk_rows});
      if (!plan) return base::Fail(InContext(plan.error(), "planning chunks of " + table.name));
      if (!plan->single_chunk_reason.empty()) {
        base::LogInfo("full", table.name + " is read as one chunk: " + plan->single_chunk_reason);
      }
      std::vector<store::ChunkBounds> bounds;
      for (const snapshot::Chunk& chunk : plan->chunks) {
        DB2KAFKA_ASSIGN_OR_RETURN(std::string lower, EncodeChunkBound(chunk.lower));
        DB2KAFKA_ASSIGN_OR_RETURN(std::string upper, EncodeChunkBound(chunk.upper));
        bounds.push_back({std::move(lower), std::move(upper)});
      }
      DB2KAFKA_TRY(store.RegisterTable(table.name, plan->estimated_rows));
      DB2KAFKA_ASSIGN_OR_RETURN(chunks, store.PlanChunks(table.name, bounds));
      DB2KAFKA_TRY(connection->Rollback());
    }
    for (const store::Chunk& chunk : chunks) {
      if (chunk.state == store::ChunkState::kDone) continue;
      WorkItem& item = work.emplace_back();
      item.table_index = t;
      item.chunk.id = static_cast<uint32_t>(chunk.id);
      DB2KAFKA_ASSIGN_OR_RETURN(item.chunk.lower, DecodeChunkBound(chunk.bounds.lower));
      DB2KAFKA_ASSIGN_OR_RETURN(item.chunk.upper, DecodeChunkBound(chunk.bounds.upper));
    }
  }
  return work;
}

// The sender's view of one chunk of this run.
struct ChunkSlot {
  bool read = false;     // the reader finished it
  bool dropped = false;  // some of its records were never sent (stopping): not complete
  bool done = false;     // checkpointed
  bool resent = false;   // an earlier run had started it
  int64_t rows = 0;
};

class Sender {
 public:
  Sender(std::span<const SyncTable> tables, const std::vector<WorkItem>& work,
         const FullSyncOptions& options, const FullSyncHooks& hooks, RecordWriter& writer,
         store::TaskStore& store)
      : tables_(tables),
        work_(work),
        writer_(writer),
        store_(store),
        slots_(work.size()),
        throttle_(options.max_rows_per_second, options.max_bytes_per_second, *hooks.clock,
                  [this](int64_t micros) { Wait(micros); }) {}

  // Handles one message; an error stops the phase.
  base::Status Handle(Message& message) {
    ChunkSlot& slot = slots_[message.work_index];
    switch (message.kind) {
      case Message::Kind::kChunkStarted: {
        if (stopping_) return {};
        const WorkItem& item = work_[message.work_index];
        DB2KAFKA_ASSIGN_OR_RETURN(
            slot.resent, store_.MarkChunkStarted(tables_[item.table_index].name, item.chunk.id));
        return {};
      }
      case Message::Kind::kRecords:
        if (stopping_) {
          slot.dropped = true;
          return {};
        }
        throttle_.Acquire(message.rows, static_cast<int64_t>(message.bytes));
        for (const OutRecord& record : message.records) {
          const SyncTable& table = tables_[work_[message.work_index].table_index];
          DB2KAFKA_TRY(writer_.Send(table.shaped.topic, record.partition,
                                    record.key ? std::string_view(*record.key) : std::string_view(),
                                    record.value, message.work_index));
        }
        return {};
      case Message::Kind::kChunkRead:
        slot.read = true;
        if (!slot.dropped) read_not_done_.insert(message.work_index);
        slot.rows = message.rows;
        return {};
      case Message::Kind::kReaderFailed:
        return base::Fail(std::move(*message.error));
      case Message::Kind::kReaderDone:
        ++readers_done_;
        return {};
    }
    return {};
  }

  // Checkpoints every chunk that was read whole and that Kafka acknowledged whole.
  base::Status CheckpointAcknowledged() {
    for (auto it = read_not_done_.begin(); it != read_not_done_.end();) {
      const size_t index = *it;
      ChunkSlot& slot = slots_[index];
      if (slot.dropped) {
        it = read_not_done_.erase(it);
        continue;
      }
      const RecordWriter::GroupState group = writer_.Group(index);
      const WorkItem& item = work_[index];
      const std::string& table = tables_[item.table_index].name;
      if (group.first_error) {
        return base::Fail(InContext(
            *group.first_error,
            "writing chunk " + std::to_string(item.chunk.id) + " of " + table + " to Kafka"));
      }
      if (group.outstanding() > 0) {
        ++it;
        continue;
      }
      const std::vector<store::CounterDelta> counters = {
          {std::string(store::kRecordsWritten), group.sent},
          {std::string(store::kDuplicatesResent), slot.resent ? slot.rows : 0}};
      DB2KAFKA_TRY(store_.MarkChunkDone(table, item.chunk.id, slot.rows, counters));
      slot.done = true;
      it = read_not_done_.erase(it);
      writer_.Release(index);
      result_.rows += slot.rows;
      result_.chunks += 1;
      if (slot.resent) result_.resent_rows += slot.rows;
    }
    return {};
  }

  // Rows done per table: checkpointed by earlier runs, plus what Kafka acknowledged in this one.
  std::vector<FullSyncTableProgress> Progress() {
    std::vector<FullSyncTableProgress> progress;
    auto status = store_.Status();
    for (const SyncTable& table : tables_) {
      FullSyncTableProgress& entry = progress.emplace_back();
      entry.table = table.name;
      if (!status) continue;
      for (const store::TableProgress& stored : status->tables) {
        if (stored.table != table.name) continue;
        entry.rows_estimate = stored.rows_estimate;
        entry.rows_done = stored.rows_written;
        entry.chunks_total = stored.chunks_total;
        entry.chunks_done = stored.chunks_done;
      }
    }
    for (size_t index = 0; index < slots_.size(); ++index) {
      if (slots_[index].done) continue;
      const size_t table_index = work_[index].table_index;
      progress[table_index].rows_done += writer_.Group(index).acknowledged;
    }
    return progress;
  }

  void Stop() { stopping_ = true; }
  bool stopping() const { return stopping_; }
  int readers_done() const { return readers_done_; }
  const FullSyncResult& result() const { return result_; }
  bool AllDone() const {
    for (const ChunkSlot& slot : slots_) {
      if (!slot.done) return false;
    }
    return true;
  }

 private:
  // Waits for the throttle while serving acknowledgements, so checkpoints keep up.
  void Wait(int64_t micros) {
    const auto until = std::chrono::steady_clock::now() + std::chrono::microseconds(micros);
    while (std::chrono::steady_clock::now() < until) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          until - std::chrono::steady_clock::now());
      writer_.Poll(std::clamp(left, std::chrono::milliseconds(0), std::chrono::milliseconds(50)));
    }
  }

  std::span<const SyncTable> tables_;
  const std::vector<WorkItem>& work_;
  RecordWriter& writer_;
  store::TaskStore& store_;
  std::vector<ChunkSlot> slots_;
  std::set<size_t> read_not_done_;  // chunks read whole, waiting for their acknowledgements
  Throttle throttle_;
  FullSyncResult result_;
  bool stopping_ = false;
  int readers_done_ = 0;
};

}  // namespace

base::Result<FullSyncResult> RunFullSync(std::span<const SyncTable> tables,
                                         const FullSyncOptions& options, const FullSyncHooks& hooks,
                                         RecordWriter& writer, store::TaskStore& store) {
  DB2KAFKA_ASSIGN_OR_RETURN(const std::vector<WorkItem> work,
                            PendingWork(tables, options, hooks, store));
  std::vector<snapshot::ChunkReader> readers;
  for (const SyncTable& table : tables) {
    DB2KAFKA_ASSIGN_OR_RETURN(
        snapshot::ChunkReader reader,
        snapshot::ChunkReader::Create(table.source, table.destination,
                                      {.columns = table.source_columns,
                                       .filter = table.shaped.filter,
                                       .batch_size = options.batch_rows,
                                       .snapshot_time_us = options.snapshot_time_us}));
    readers.push_back(std::move(reader));
  }

  MessageQueue queue(options.queue_bytes);
  ReaderContext context{tables, work, readers, options, hooks, queue};
  Sender sender(tables, work, options, hooks, writer, store);
  const int reader_count = static_cast<int>(
      std::min<size_t>(std::max(options.parallelism, 1), std::max<size_t>(work.size(), 1)));
  std::vector<std::thread> threads;
  threads.reserve(static_cast<size_t>(reader_count));
  for (int i = 0; i < reader_count; ++i) threads.emplace_back([&context] { ReadChunks(context); });

  std::optional<base::Error> failure;
  const auto stop_with = [&](std::optional<base::Error> error) {
    if (error && !failure) failure = std::move(error);
    sender.Stop();
    queue.Close();
  };
  auto last_progress = std::chrono::steady_clock::now();
  while (sender.readers_done() < reader_count) {
    if (!sender.stopping() && hooks.stop != nullptr && hooks.stop->load()) stop_with(std::nullopt);
    std::optional<Message> message = queue.Pop(std::chrono::milliseconds(50));
    writer.Poll(std::chrono::milliseconds(0));
    if (message) {
      if (base::Status status = sender.Handle(*message); !status) stop_with(status.error());
    }
    if (!failure) {
      if (base::Status status = sender.CheckpointAcknowledged(); !status) {
        stop_with(status.error());
      }
    }
    if (hooks.progress &&
        std::chrono::steady_clock::now() - last_progress >= std::chrono::seconds(1)) {
      hooks.progress(sender.Progress());
      last_progress = std::chrono::steady_clock::now();
    }
  }
  for (std::thread& thread : threads) thread.join();

  // What was sent is acknowledged (or failed) before the last checkpoints; a stop keeps them.
  const base::Status flushed = writer.Flush(std::chrono::seconds(60));
  if (!failure) {
    if (base::Status status = sender.CheckpointAcknowledged(); !status) failure = status.error();
  }
  if (hooks.progress) hooks.progress(sender.Progress());
  if (failure) return base::Fail(std::move(*failure));
  if (!flushed) return base::Fail(flushed.error());
  if (sender.stopping()) {
    return base::Fail(base::ErrorCode::kCancelled,
                      "stopped; completed chunks are checkpointed, the rest are read on the next "
                      "run");
  }
  if (!sender.AllDone()) {
    return base::Fail(base::ErrorCode::kInternal,
                      "the full phase ended with chunks neither done nor failed; this is a bug in "
                      "db2kafka, please report it");
  }
  return sender.result();
}

}  // namespace db2kafka::runner
