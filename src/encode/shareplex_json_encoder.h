// destination.format shareplex_json: one SharePlex-style JSON document {meta, data, key} per
// change, as Alibaba DTS writes "Shareplex Json" (docs/FORMATS.md has the fields,
// the value texts and why). Owned by the runner's encoding stage and used by one thread at a time,
// like every Encoder.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "encode/encoder.h"
#include "encode/json_writer.h"

namespace db2kafka::encode {

class ShareplexJsonEncoder final : public Encoder {
 public:
  explicit ShareplexJsonEncoder(const EncoderOptions& options);

  // One record for a snapshot row (op "ins"), an INSERT, UPDATE, DELETE or DDL; none for a
  // heartbeat, which SharePlex JSON has no message for.
  base::Status Encode(const model::ChangeEvent& event, std::string_view topic,
                      std::vector<EncodedRecord>& out) override;

 private:
  struct TableInfo {
    std::shared_ptr<const model::TableSchema> table;  // keeps the address unique while cached
    std::vector<size_t> key_columns;
  };

  const TableInfo& InfoFor(const std::shared_ptr<const model::TableSchema>& table);
  void WriteMeta(const model::ChangeEvent& event, std::string_view op);
  void WriteRowChange(const model::ChangeEvent& event, const TableInfo& info);
  void WriteDdl(const model::ChangeEvent& event);
  // Columns `row` holds, all of them or only those in `columns`.
  void WriteRowObject(const model::TableSchema& table, const model::Row& row);
  void WriteColumns(const model::TableSchema& table, const model::Row& row,
                    const std::vector<size_t>& columns);
  void WriteChangedColumns(const model::TableSchema& table, const model::Row& before,
                           const model::Row& after);
  void WriteValue(const model::Value& value);
  // The text of the last second rendered: events of one transaction share their commit time, and
  // posttime moves once a second.
  struct SecondText {
    int64_t second = INT64_MIN;
    std::string text;
  };
  // "2024-01-31T13:14:15Z".
  void WriteUtcSeconds(int64_t epoch_micros, SecondText& cache);
  std::optional<std::string> RowKey(const TableInfo& info, const model::Row& row);

  const base::Clock& clock_;
  std::string buffer_;  // the message being written; its capacity is reused
  JsonWriter json_{buffer_};
  std::string key_buffer_;
  JsonWriter key_json_{key_buffer_};
  std::string scratch_;  // one value's text
  SecondText commit_time_;
  SecondText post_time_;
  std::unordered_map<const model::TableSchema*, TableInfo> tables_;
};

std::unique_ptr<Encoder> MakeShareplexJsonEncoder(const EncoderOptions& options);

}  // namespace db2kafka::encode
