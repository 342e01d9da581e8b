// destination.format = debezium_json: the records Debezium's Db2 connector produces, written as
// Kafka Connect's JsonConverter writes them with schemas.enable=true, so consumers of a Debezium
// Db2 pipeline can switch to db2kafka unchanged. docs/FORMATS.md (Debezium JSON) has the envelope,
// the type mapping and where db2kafka differs.
//
// Per event: a row change gives one record (key {"schema","payload"} with the key columns, or no
// key for a table without one; value {"schema": Envelope, "payload": {before, after, source, op,
// ts_ms, ts_us, ts_ns, transaction}}); a delete adds a tombstone when tombstones_on_delete; an
// update that changes the key becomes delete, tombstone and create, as Debezium emits it; a DDL
// event gives a schema change record and a heartbeat a heartbeat record (both for the topics
// Debezium uses for them, which the runner picks).
#pragma once

#include <memory>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "encode/encoder.h"
#include "model/table_schema.h"

namespace db2kafka::encode {

namespace detail {
struct DebeziumTableText;
}  // namespace detail

// Renders each table's schemas once, on its first event, and keeps them for the encoder's life,
// keyed by the TableSchema's address (and holding that schema, so the address stays its own; the
// cache starts over past 4096 schemas). Used by one thread at a time.
class DebeziumJsonEncoder final : public Encoder {
 public:
  explicit DebeziumJsonEncoder(EncoderOptions options);
  ~DebeziumJsonEncoder() override;
  DebeziumJsonEncoder(const DebeziumJsonEncoder&) = delete;
  DebeziumJsonEncoder& operator=(const DebeziumJsonEncoder&) = delete;

  base::Status Encode(const model::ChangeEvent& event, std::string_view topic,
                      std::vector<EncodedRecord>& out) override;

 private:
  detail::DebeziumTableText& TextFor(const std::shared_ptr<const model::TableSchema>& table);

  EncoderOptions options_;
  std::unordered_map<const model::TableSchema*, std::unique_ptr<detail::DebeziumTableText>> tables_;
  detail::DebeziumTableText* last_table_ = nullptr;  // most events repeat the previous table
};

std::unique_ptr<Encoder> MakeDebeziumJsonEncoder(const EncoderOptions& options);

}  // namespace db2kafka::encode
