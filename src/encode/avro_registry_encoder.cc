#include "encode/avro_registry_encoder.h"

#include <string>
#include <unordered_map>
#include <vector>

#include "base/status_macros.h"
#include "encode/avro_writer.h"
#include "encode/detail/avro_registry_schema.h"
#include "encode/detail/avro_registry_values.h"
#include "encode/detail/debezium_schema.h"
#include "model/row_check.h"

namespace db2kafka::encode {
namespace {

using detail::AvroColumn;
using detail::AvroTableLayout;

// source.connector says "db2" so that consumers written for Debezium's Db2 connector accept the
// records; source.version says who really wrote them.
constexpr std::string_view kConnector = "db2";
constexpr char kMagicByte = 0;

// Confluent wire format header: magic byte, then the schema id big-endian.
void BeginFrame(std::string& buffer, int32_t schema_id) {
  const auto id = static_cast<uint32_t>(schema_id);
  const char header[5] = {kMagicByte, static_cast<char>(id >> 24), static_cast<char>(id >> 16),
                          static_cast<char>(id >> 8), static_cast<char>(id)};
  buffer.assign(header, sizeof header);
}

// Milliseconds as Java's Instant.toEpochMilli gives them: rounded down, also before 1970.
int64_t FloorMillis(int64_t micros) { return micros / 1000 - (micros % 1000 < 0 ? 1 : 0); }

struct TopicSubjects {
  std::string key;
  std::string value;
};

TopicSubjects SubjectsOf(std::string_view topic) {
  return {std::string(topic) + "-key", std::string(topic) + "-value"};
}

// What one (table, topic) needs at encoding time; built and registered once.
struct TableEntry {
  std::shared_ptr<const model::TableSchema> table;  // keeps the key pointer valid
  std::string topic;
  AvroTableLayout layout;
  int32_t key_schema_id = -1;  // -1: the table has no key
  int32_t value_schema_id = -1;
};

struct EntryKey {
  const model::TableSchema* table;
  std::string_view topic;
  friend bool operator==(const EntryKey&, const EntryKey&) = default;
};

struct EntryKeyHash {
  size_t operator()(const EntryKey& key) const {
    return std::hash<const void*>{}(key.table) * 31 + std::hash<std::string_view>{}(key.topic);
  }
};

class AvroRegistryEncoder final : public Encoder {
 public:
  AvroRegistryEncoder(EncoderOptions options, SchemaRegistryClient& registry)
      : options_(std::move(options)), registry_(registry) {}

  base::Status Encode(const model::ChangeEvent& event, std::string_view topic,
                      std::vector<EncodedRecord>& out) override {
    DB2KAFKA_TRY(model::CheckEvent(event));
    if (event.operation == model::Operation::kHeartbeat) return {};
    if (event.operation == model::Operation::kDdl) return EncodeDdl(event, topic, out);
    DB2KAFKA_ASSIGN_OR_RETURN(const TableEntry* entry, EntryFor(event.table, topic));
    const size_t size_before = out.size();
    base::Status encoded = EncodeRowEvent(*entry, event, out);
    if (!encoded) out.resize(size_before);
    return encoded;
  }

 private:
  base::Result<const TableEntry*> EntryFor(const std::shared_ptr<const model::TableSchema>& table,
                                           std::string_view topic);
  base::Status EncodeRowEvent(const TableEntry& entry, const model::ChangeEvent& event,
                              std::vector<EncodedRecord>& out);
  base::Status EncodeDdl(const model::ChangeEvent& event, std::string_view topic,
                         std::vector<EncodedRecord>& out);
  // Appends one envelope record; `before`/`after` may be null (absent image).
  base::Status AppendEnvelope(const TableEntry& entry, const model::ChangeEvent& event,
                              std::string_view op, const model::Row* before,
                              const model::Row* after, const model::Row& key_row,
                              std::vector<EncodedRecord>& out);
  std::optional<std::string> EncodeKey(const TableEntry& entry, const model::Row& row);
  void WriteSource(const model::TableSchema* table, const model::ChangeEvent& event,
                   AvroWriter& writer) const;
  base::Error UnrepresentableValue(const TableEntry& entry, const AvroColumn& column) const;

  EncoderOptions options_;
  SchemaRegistryClient& registry_;
  std::unordered_map<EntryKey, std::unique_ptr<TableEntry>, EntryKeyHash> entries_;
  // "SCHEMA.TABLE" '\0' topic → the entry of the newest TableSchema of that table, so that an
  // older TableSchema (before a schema change) is released instead of kept forever.
  std::unordered_map<std::string, EntryKey> newest_entry_;
  const TableEntry* last_entry_ = nullptr;  // most events follow one of the same table
  std::unordered_map<std::string, std::pair<int32_t, int32_t>> ddl_schema_ids_;  // by topic
  std::string value_buffer_;  // reused: one heap copy per record, none per field
  std::string key_buffer_;
};

base::Result<const TableEntry*> AvroRegistryEncoder::EntryFor(
    const std::shared_ptr<const model::TableSchema>& table, std::string_view topic) {
  if (last_entry_ != nullptr && last_entry_->table.get() == table.get() &&
      last_entry_->topic == topic) {
    return last_entry_;
  }
  const auto found = entries_.find(EntryKey{table.get(), topic});
  if (found != entries_.end()) {
    last_entry_ = found->second.get();
    return last_entry_;
  }
  auto entry = std::make_unique<TableEntry>();
  entry->table = table;
  entry->topic = std::string(topic);
  const std::string context = "cannot make the Avro schemas of " + table->QualifiedName() +
                              " for topic " + std::string(topic);
  base::Result<AvroTableLayout> layout =
      detail::BuildAvroTableLayout(*table, options_.logical_name, options_.decimal_handling);
  if (!layout) return base::Fail(std::move(layout).error());
  entry->layout = std::move(*layout);
  const TopicSubjects subjects = SubjectsOf(topic);
  if (!entry->layout.key_schema.empty()) {
    base::Result<int32_t> key_id = registry_.Register(subjects.key, entry->layout.key_schema);
    if (!key_id) return base::Fail(base::WithContext(std::move(key_id).error(), context));
    entry->key_schema_id = *key_id;
  }
  base::Result<int32_t> value_id = registry_.Register(subjects.value, entry->layout.value_schema);
  if (!value_id) return base::Fail(base::WithContext(std::move(value_id).error(), context));
  entry->value_schema_id = *value_id;
  const EntryKey key{entry->table.get(), entry->topic};
  auto [newest, first] =
      newest_entry_.try_emplace(table->QualifiedName() + '\0' + std::string(topic), key);
  if (!first) {
    entries_.erase(newest->second);
    newest->second = key;
  }
  last_entry_ = entries_.emplace(key, std::move(entry)).first->second.get();
  return last_entry_;
}

base::Status AvroRegistryEncoder::EncodeRowEvent(const TableEntry& entry,
                                                 const model::ChangeEvent& event,
                                                 std::vector<EncodedRecord>& out) {
  const bool keyed = entry.key_schema_id >= 0;
  const model::Row* before = event.before.empty() ? nullptr : &event.before;
  switch (event.operation) {
    case model::Operation::kSnapshotRead:
      return AppendEnvelope(entry, event, "r", nullptr, &event.after, event.after, out);
    case model::Operation::kInsert:
      return AppendEnvelope(entry, event, "c", nullptr, &event.after, event.after, out);
    case model::Operation::kDelete:
      DB2KAFKA_TRY(AppendEnvelope(entry, event, "d", before, nullptr, event.before, out));
      if (keyed && options_.tombstones_on_delete) {
        out.push_back(EncodedRecord{.key = out.back().key, .value = std::nullopt});
      }
      return {};
    case model::Operation::kUpdate:
      break;
    default:
      return base::Fail(base::ErrorCode::kInternal, "not a row event");
  }
  bool key_changed = false;
  if (keyed && before != nullptr) {
    for (const AvroColumn& column : entry.layout.key_columns) {
      key_changed = key_changed || event.before[column.index] != event.after[column.index];
    }
  }
  if (!key_changed) {
    return AppendEnvelope(entry, event, "u", before, &event.after, event.after, out);
  }
  // A new key is another Kafka key: as Debezium does, delete the old row (and tombstone its key),
  // then create the new one.
  DB2KAFKA_TRY(AppendEnvelope(entry, event, "d", before, nullptr, event.before, out));
  if (options_.tombstones_on_delete) {
    out.push_back(EncodedRecord{.key = out.back().key, .value = std::nullopt});
  }
  return AppendEnvelope(entry, event, "c", nullptr, &event.after, event.after, out);
}

base::Status AvroRegistryEncoder::AppendEnvelope(const TableEntry& entry,
                                                 const model::ChangeEvent& event,
                                                 std::string_view op, const model::Row* before,
                                                 const model::Row* after, const model::Row& key_row,
                                                 std::vector<EncodedRecord>& out) {
  BeginFrame(value_buffer_, entry.value_schema_id);
  AvroWriter writer(value_buffer_);
  for (const model::Row* image : {before, after}) {
    if (image == nullptr) {
      writer.UnionBranch(0);
      continue;
    }
    writer.UnionBranch(1);
    for (const AvroColumn& column : entry.layout.columns) {
      if (!detail::WriteAvroField(column, (*image)[column.index], writer)) {
        return base::Fail(UnrepresentableValue(entry, column));
      }
    }
  }
  WriteSource(entry.table.get(), event, writer);
  writer.UnionBranch(0);  // transaction
  writer.String(op);
  const int64_t now_us = options_.clock->NowMicros();
  writer.UnionBranch(1);
  writer.Long(FloorMillis(now_us));
  writer.UnionBranch(1);
  writer.Long(now_us);
  writer.UnionBranch(1);
  writer.Long(now_us * 1000);
  std::optional<std::string> key = EncodeKey(entry, key_row);
  out.push_back(EncodedRecord{.key = std::move(key), .value = value_buffer_});
  return {};
}

std::optional<std::string> AvroRegistryEncoder::EncodeKey(const TableEntry& entry,
                                                          const model::Row& row) {
  if (entry.key_schema_id < 0) return std::nullopt;
  BeginFrame(key_buffer_, entry.key_schema_id);
  AvroWriter writer(key_buffer_);
  for (const AvroColumn& column : entry.layout.key_columns) {
    // Key columns were written in the value already, so they cannot fail here.
    DB2KAFKA_CHECK(detail::WriteAvroField(column, row[column.index], writer));
  }
  return key_buffer_;
}

void AvroRegistryEncoder::WriteSource(const model::TableSchema* table,
                                      const model::ChangeEvent& event, AvroWriter& writer) const {
  writer.String(detail::DebeziumSourceVersion());
  writer.String(kConnector);
  writer.String(options_.logical_name);
  writer.Long(FloorMillis(event.commit_time_us));
  writer.UnionBranch(0);  // snapshot: the string branch comes first
  writer.String(event.operation == model::Operation::kSnapshotRead ? "true" : "false");
  writer.String(table != nullptr ? std::string_view{table->database} : std::string_view());
  writer.UnionBranch(0);  // sequence
  writer.UnionBranch(1);
  writer.Long(event.commit_time_us);
  writer.UnionBranch(1);
  writer.Long(event.commit_time_us * 1000);
  writer.String(table != nullptr ? std::string_view{table->schema} : std::string_view());
  writer.String(table != nullptr ? std::string_view{table->table} : std::string_view());
  for (const std::string* lsn :
       {&event.position.intent_sequence, &event.position.commit_sequence}) {
    if (lsn->empty()) {
      writer.UnionBranch(0);
    } else {
      writer.UnionBranch(1);
      detail::WriteLsnString(*lsn, writer);
    }
  }
}

base::Status AvroRegistryEncoder::EncodeDdl(const model::ChangeEvent& event, std::string_view topic,
                                            std::vector<EncodedRecord>& out) {
  auto ids = ddl_schema_ids_.find(std::string(topic));
  if (ids == ddl_schema_ids_.end()) {
    const TopicSubjects subjects = SubjectsOf(topic);
    const std::string context =
        "cannot register the Avro schemas of DDL records for topic " + std::string(topic);
    base::Result<int32_t> key_id =
        registry_.Register(subjects.key, detail::SchemaChangeKeySchema(options_.logical_name));
    if (!key_id) return base::Fail(base::WithContext(std::move(key_id).error(), context));
    base::Result<int32_t> value_id =
        registry_.Register(subjects.value, detail::SchemaChangeValueSchema(options_.logical_name));
    if (!value_id) return base::Fail(base::WithContext(std::move(value_id).error(), context));
    ids = ddl_schema_ids_.emplace(std::string(topic), std::pair(*key_id, *value_id)).first;
  }
  const model::TableSchema* table = event.table.get();
  const std::string_view database = table != nullptr ? std::string_view{table->database} : "";
  BeginFrame(key_buffer_, ids->second.first);
  AvroWriter(key_buffer_).String(database);
  BeginFrame(value_buffer_, ids->second.second);
  AvroWriter writer(value_buffer_);
  WriteSource(table, event, writer);
  writer.Long(options_.clock->NowMillis());
  writer.String(database);
  for (const std::string* name :
       {table != nullptr ? &table->schema : nullptr, table != nullptr ? &table->table : nullptr}) {
    if (name == nullptr) {
      writer.UnionBranch(0);
    } else {
      writer.UnionBranch(1);
      writer.String(*name);
    }
  }
  writer.String(event.ddl);
  out.push_back(EncodedRecord{.key = key_buffer_, .value = value_buffer_});
  return {};
}

base::Error AvroRegistryEncoder::UnrepresentableValue(const TableEntry& entry,
                                                      const AvroColumn& column) const {
  const model::ColumnSchema& schema = entry.table->columns[column.index];
  return base::MakeError(base::ErrorCode::kInvalidArgument,
                         entry.table->QualifiedName() + " column " + schema.name + ": " +
                             schema.TypeText() + " value is not a number Avro can carry");
}

}  // namespace

std::unique_ptr<Encoder> MakeAvroRegistryEncoder(const EncoderOptions& options,
                                                 SchemaRegistryClient& registry) {
  return std::make_unique<AvroRegistryEncoder>(options, registry);
}

}  // namespace db2kafka::encode
