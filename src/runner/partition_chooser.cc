#include "runner/partition_chooser.h"

#include <string_view>
#include <vector>

#include "encode/value_text.h"

namespace db2kafka::runner {

std::string PartitionChooser::KeyString(const SyncTable& table, const model::ChangeEvent& event) {
  switch (policy_) {
    case kafka::PartitionPolicy::kPartition0:
      return {};
    case kafka::PartitionPolicy::kTable:
      return kafka::TableKey(table.destination->schema, table.destination->table);
    case kafka::PartitionPolicy::kPrimaryKey:
      break;
  }
  const model::Row& row = event.operation == model::Operation::kDelete ? event.before : event.after;
  if (event.operation == model::Operation::kDdl || table.partition_columns.empty() || row.empty()) {
    return {};
  }
  // Texts are kept apart from the scratch buffer, which each ValueText call may overwrite.
  std::vector<std::string> texts;
  texts.reserve(table.partition_columns.size());
  const encode::ValueTextOptions options{.timestamp_separator = ' ',
                                         .binary = encode::BinaryText::kHex};
  for (const size_t column : table.partition_columns) {
    const model::Value& value = row[column];
    texts.emplace_back(value.is_null() ? std::string_view()
                                       : encode::ValueText(value, scratch_, options));
  }
  const std::vector<std::string_view> views(texts.begin(), texts.end());
  return kafka::PrimaryKeyKey(views);
}

int32_t PartitionChooser::Choose(const SyncTable& table, const model::ChangeEvent& event,
                                 int32_t partition_count) {
  if (policy_ == kafka::PartitionPolicy::kPartition0) return 0;
  return kafka::ChoosePartition(policy_, KeyString(table, event), partition_count);
}

}  // namespace db2kafka::runner
