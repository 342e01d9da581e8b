// destination.format = dts_avro: each change becomes one Kafka record whose value is the plain
// Avro binary encoding of one com.alibaba.dts.formats.avro.Record (../shared/reference/
// dts-record.avsc) — no container header, no registry prefix — so DTS consumers (the DTS SDK,
// fastavro's schemaless_reader with the published schema) read it as they read DTS's own
// messages. docs/FORMATS.md ("dts_avro") documents every field and the Db2 type mapping.
//
// Record fields, as written:
//   version             0, as in DTS's own messages
//   id                  event.sequence
//   sourceTimestamp     commit time, epoch seconds (snapshot rows: when the full phase started)
//   sourcePosition      event.position.ToHex(): "<commit seq hex>:<intent seq hex>", "" if none
//   safeSourcePosition  "<commit seq hex>:<zeros>": before the first change of the transaction,
//                       where a reader resumes without missing part of it ("" if no position)
//   sourceTxid          event.transaction_id (hex; "" for snapshot rows)
//   source              {DB2, options.source_version}
//   operation           SNAPSHOT_READ and INSERT → INSERT (DTS writes full-sync rows as
//                       INSERT), UPDATE, DELETE, DDL, HEARTBEAT
//   objectName          DB.SCHEMA.TABLE ("." inside a name written \u002E, as the DTS SDK's
//                       ObjectNameUtils escapes); SCHEMA.TABLE without a database name; null
//                       for an event without a table
//   processTimestamps   null
//   tags                readerThroughoutTime (encode time, ms); row events add pk_uk_info
//                       ({"PRIMARY":[..], "<unique key name>":[..]}) and metaVersion (a hash of
//                       the field list and keys, so the SDK's schema cache notices a change)
//   fields              array of Field{name, dataTypeNumber = Db2 SQLTYPE} for row events,
//                       null for DDL and heartbeats
//   beforeImages        UPDATE (when the source has before images) and DELETE: array of values
//   afterImages         INSERT, snapshot rows, UPDATE: array; DDL: the statement (string branch)
//   bornTimestamp       commit time, epoch milliseconds
//
// Key: the key columns' values (primary key, else the first unique key) joined by '|' in key
// order, each as ValueText (encode/value_text.h, default options) prints it and a NULL empty —
// the string kafka::PrimaryKeyKey builds. No key for DDL, heartbeats and keyless tables.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "encode/encoder.h"
#include "model/change_event.h"
#include "model/table_schema.h"

namespace db2kafka::encode {

// One per task thread, like every Encoder. Keeps the table-constant parts of a record (object
// name, field list, tags) per TableSchema it has seen, holding a reference to each schema so a
// freed schema's address cannot be mistaken for a new one.
class DtsAvroEncoder final : public Encoder {
 public:
  explicit DtsAvroEncoder(EncoderOptions options);
  ~DtsAvroEncoder() override;

  base::Status Encode(const model::ChangeEvent& event, std::string_view topic,
                      std::vector<EncodedRecord>& out) override;

 private:
  struct TableParts;

  const TableParts& PartsFor(const std::shared_ptr<const model::TableSchema>& table);
  void WriteRecord(const model::ChangeEvent& event, const TableParts* parts);

  EncoderOptions options_;
  std::unordered_map<const model::TableSchema*, std::unique_ptr<TableParts>> tables_;
  const model::TableSchema* last_table_ = nullptr;
  const TableParts* last_parts_ = nullptr;
  std::string value_;  // the record being written, reused
  std::string text_;   // number text, reused
};

std::unique_ptr<Encoder> MakeDtsAvroEncoder(const EncoderOptions& options);

}  // namespace db2kafka::encode
