// A change as every encoder sees it: one row read by the full phase, one committed INSERT, UPDATE
// or DELETE from a CD table, a DDL statement or a heartbeat. Snapshot and CDC produce batches of
// these; encoders turn each into Kafka records.
#pragma once

#include <compare>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "base/error.h"
#include "model/table_schema.h"
#include "model/value.h"

namespace db2kafka::model {

// Values aligned with TableSchema::columns.
using Row = std::vector<Value>;

enum class Operation : uint8_t {
  kSnapshotRead,  // a row of the full phase
  kInsert,
  kUpdate,
  kDelete,
  kDdl,
  kHeartbeat,
};
std::string_view OperationName(Operation operation);

// Where a change sits in the source's commit order: (IBMSNAP_COMMITSEQ, IBMSNAP_INTENTSEQ), raw
// bytes of 10 (Db2 9.7 and compatibility '0801') or 16 bytes. Compared as unsigned bytes after
// left-padding each part to 16, so positions of both widths order correctly.
struct Position {
  std::string commit_sequence;
  std::string intent_sequence;

  bool empty() const { return commit_sequence.empty() && intent_sequence.empty(); }
  // "<commit hex>:<intent hex>", lower case; "" for the empty position.
  std::string ToHex() const;
  static base::Result<Position> FromHex(std::string_view text);

  friend std::strong_ordering operator<=>(const Position& a, const Position& b);
  friend bool operator==(const Position& a, const Position& b) { return std::is_eq(a <=> b); }
};

struct ChangeEvent {
  Operation operation = Operation::kInsert;
  // Null only for a DDL or heartbeat that names no table.
  std::shared_ptr<const TableSchema> table;
  Row before;       // UPDATE (when the source has before images) and DELETE
  Row after;        // SNAPSHOT_READ, INSERT and UPDATE
  std::string ddl;  // DDL only: the statement text
  Position position;
  // Commit time of the transaction (IBMSNAP_UOW.IBMSNAP_LOGMARKER), microseconds since the epoch,
  // UTC; for snapshot rows the time the full phase started.
  int64_t commit_time_us = 0;
  std::string transaction_id;         // hex; empty for snapshot rows
  uint32_t order_in_transaction = 0;  // 1-based; 0 when not in a transaction
  uint32_t transaction_size = 0;      // changes in the transaction; 0 when unknown
  // Monotonic number of the event within the task, assigned by whoever produces the events.
  uint64_t sequence = 0;
};

struct EventBatch {
  std::vector<ChangeEvent> events;
};

}  // namespace db2kafka::model
