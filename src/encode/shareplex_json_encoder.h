// destination.format shareplex_json: one SharePlex-style JSON document {meta, data, key} per
// change, as Alibaba DTS writes "Shareplex Json" (docs/FORMATS.md has the fields,
// the value texts and why). Owned by the runner's encoding stage and used by one thread at a time,
// like every Encoder.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "encode/detail/table_cache.h"
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
  void WriteMeta(const model::ChangeEvent& event, std::string_view op);
  void WriteRowChange(const model::ChangeEvent& event, const std::vector<size_t>& key_columns);
  void WriteDdl(const model::ChangeEvent& event);
  // The text of the last second rendered: events of one transaction share their commit time, and
  // posttime moves once a second.
  struct SecondText {
    int64_t second = INT64_MIN;
    std::string text;
  };
  // "2024-01-31T13:14:15Z".
  void WriteUtcSeconds(int64_t epoch_micros, SecondText& cache);

  const base::Clock& clock_;
  std::string buffer_;  // the message being written; its capacity is reused
  JsonWriter json_{buffer_};
  std::string key_buffer_;
  JsonWriter key_json_{key_buffer_};
  std::string scratch_;  // one value's text
  SecondText commit_time_;
  SecondText post_time_;
  detail::TableCache<std::vector<size_t>> tables_;  // key column indexes per table
};

std::unique_ptr<Encoder> MakeShareplexJsonEncoder(const EncoderOptions& options);

}  // namespace db2kafka::encode
