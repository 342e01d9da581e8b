// destination.format canal_json: one Canal FlatMessage JSON document per change, as Alibaba DTS
// writes "Canal Json" (docs/FORMATS.md has the fields, the value texts and why).
// Owned by the runner's encoding stage and used by one thread at a time, like every Encoder.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "encode/detail/table_cache.h"
#include "encode/encoder.h"
#include "encode/json_writer.h"

namespace db2kafka::encode {

class CanalJsonEncoder final : public Encoder {
 public:
  explicit CanalJsonEncoder(const EncoderOptions& options);

  // One record for a snapshot row (type INSERT), an INSERT, UPDATE, DELETE or DDL; none for a
  // heartbeat, which Canal JSON has no message for.
  base::Status Encode(const model::ChangeEvent& event, std::string_view topic,
                      std::vector<EncodedRecord>& out) override;

 private:
  // What every message of one table repeats, rendered once.
  struct TableInfo {
    std::vector<size_t> key_columns;
    std::string pk_names_json;    // ["ID"]
    std::string sql_type_json;    // {"ID":4,...}
    std::string mysql_type_json;  // {"ID":"INTEGER",...}
  };

  static TableInfo MakeTableInfo(const std::shared_ptr<const model::TableSchema>& table);
  void WriteRowChange(const model::ChangeEvent& event, const TableInfo& info);
  void WriteDdl(const model::ChangeEvent& event);

  const base::Clock& clock_;
  std::string buffer_;  // the message being written; its capacity is reused
  JsonWriter json_{buffer_};
  std::string key_buffer_;
  JsonWriter key_json_{key_buffer_};
  std::string scratch_;  // one value's text
  detail::TableCache<TableInfo> tables_;
};

std::unique_ptr<Encoder> MakeCanalJsonEncoder(const EncoderOptions& options);

// Canal's type for a DDL statement, from its first words: CREATE (table), ALTER, ERASE (drop
// table), RENAME, TRUNCATE, CINDEX, DINDEX, or QUERY for anything else.
std::string_view CanalDdlType(std::string_view ddl);

}  // namespace db2kafka::encode
