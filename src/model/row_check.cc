#include "model/row_check.h"

#include "base/status_macros.h"

namespace db2kafka::model {
namespace {

// Lengths count characters for character columns; UTF-8 needs at most 4 bytes per character, so
// only a byte count beyond 4 × length proves a value too long without decoding it.
constexpr size_t kMaxUtf8BytesPerCharacter = 4;

base::Error DoesNotFit(const TableSchema& table, const ColumnSchema& column, const Value& value,
                       std::string_view why) {
  return base::MakeError(base::ErrorCode::kInvalidArgument,
                         table.QualifiedName() + " column " + column.name + ": " +
                             column.TypeText() + " cannot hold " + value.DebugString() + " (" +
                             std::string(why) + ")");
}

// Returns the reason a value of the right kind still does not fit, or empty.
std::string_view MisfitReason(const ColumnSchema& column, const Value& value) {
  const auto length = static_cast<size_t>(column.length);
  switch (value.kind()) {
    case ValueKind::kDecimal: {
      const auto& decimal = value.As<Decimal>();
      if (decimal.scale != column.scale) return "scale differs";
      if (decimal.unscaled != 0 && decimal.DigitCount() > column.precision) {
        return "too many digits";
      }
      return {};
    }
    case ValueKind::kString:
      if (column.length > 0 &&
          value.As<String>().utf8.size() > length * kMaxUtf8BytesPerCharacter) {
        return "longer than the declared length";
      }
      return {};
    case ValueKind::kBytes:
      if (column.length > 0 && value.As<Bytes>().data.size() > length) {
        return "longer than the declared length";
      }
      return {};
    case ValueKind::kDate:
      return value.As<Date>().IsValid() ? std::string_view{} : "not a valid date";
    case ValueKind::kTime:
      return value.As<Time>().IsValid() ? std::string_view{} : "not a valid time";
    case ValueKind::kTimestamp:
      return value.As<Timestamp>().IsValid() ? std::string_view{} : "not a valid timestamp";
    default:
      return {};
  }
}

}  // namespace

base::Status CheckValueFits(const TableSchema& table, size_t column_index, const Value& value) {
  const ColumnSchema& column = table.columns[column_index];
  if (value.is_null()) {
    if (column.nullable) return {};
    return base::Fail(DoesNotFit(table, column, value, "the column is NOT NULL"));
  }
  if (value.kind() != InfoOf(column.type).value_kind) {
    return base::Fail(DoesNotFit(table, column, value, "wrong kind of value"));
  }
  if (std::string_view reason = MisfitReason(column, value); !reason.empty()) {
    return base::Fail(DoesNotFit(table, column, value, reason));
  }
  return {};
}

base::Status CheckRowFits(const TableSchema& table, const Row& row) {
  if (row.size() != table.columns.size()) {
    return base::Fail(base::ErrorCode::kInvalidArgument,
                      table.QualifiedName() + ": a row has " + std::to_string(row.size()) +
                          " values for " + std::to_string(table.columns.size()) + " columns");
  }
  for (size_t i = 0; i < row.size(); ++i) DB2KAFKA_TRY(CheckValueFits(table, i, row[i]));
  return {};
}

base::Status CheckEvent(const ChangeEvent& event) {
  const bool needs_table =
      event.operation != Operation::kDdl && event.operation != Operation::kHeartbeat;
  if (needs_table && event.table == nullptr) {
    return base::Fail(base::ErrorCode::kInvalidArgument,
                      std::string(OperationName(event.operation)) + " event without a table");
  }
  if (!needs_table) return {};
  const TableSchema& table = *event.table;
  const bool needs_after = event.operation != Operation::kDelete;
  const bool needs_before = event.operation == Operation::kDelete;
  if (needs_after) DB2KAFKA_TRY(CheckRowFits(table, event.after));
  if (needs_before || !event.before.empty()) DB2KAFKA_TRY(CheckRowFits(table, event.before));
  return {};
}

}  // namespace db2kafka::model
