#include "snapshot/chunk_sql.h"

#include <cstdint>

#include "base/status_macros.h"

namespace db2kafka::snapshot {
namespace {

std::string ColumnList(const model::TableSchema& table, std::span<const size_t> columns) {
  std::string text;
  for (size_t i = 0; i < columns.size(); ++i) {
    if (i > 0) text += ", ";
    text += QuoteIdentifier(table.columns.at(columns[i]).name);
  }
  return text;
}

std::string TimestampText(const model::Timestamp& timestamp) {
  // "2024-01-31T13:14:15.123" → "2024-01-31-13.14.15.123".
  std::string text = timestamp.ToString();
  for (size_t i = 10; i < text.size() && i < 19; ++i) {
    if (text[i] == 'T') text[i] = '-';
    if (text[i] == ':') text[i] = '.';
  }
  return text;
}

}  // namespace

std::string QuoteIdentifier(std::string_view name) {
  std::string quoted = "\"";
  for (char c : name) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  quoted += '"';
  return quoted;
}

std::string QuoteTable(const model::TableSchema& table) {
  return QuoteIdentifier(table.schema) + "." + QuoteIdentifier(table.table);
}

std::string KeyQuery(const model::TableSchema& table, std::span<const size_t> key) {
  const std::string columns = ColumnList(table, key);
  return "SELECT " + columns + " FROM " + QuoteTable(table) + " ORDER BY " + columns;
}

std::string KeyBoundCondition(const model::TableSchema& table, std::span<const size_t> key,
                              BoundKind kind) {
  const bool lower = kind == BoundKind::kLowerExclusive;
  const std::string first = QuoteIdentifier(table.columns.at(key.front()).name);
  if (key.size() == 1) return first + (lower ? " > ?" : " <= ?");
  // Term i: the first i columns equal the bound, column i is beyond it (or, for the last term of
  // an inclusive upper bound, at it).
  std::string terms;
  for (size_t i = 0; i < key.size(); ++i) {
    if (i > 0) terms += " OR ";
    terms += "(";
    for (size_t j = 0; j < i; ++j) {
      terms += QuoteIdentifier(table.columns.at(key[j]).name) + " = ? AND ";
    }
    const char* op = lower ? " > ?" : (i + 1 == key.size() ? " <= ?" : " < ?");
    terms += QuoteIdentifier(table.columns.at(key[i]).name) + op + ")";
  }
  return "(" + first + (lower ? " >= ?" : " <= ?") + " AND (" + terms + "))";
}

base::Result<std::vector<drda::Parameter>> BoundParameters(const model::Row& bound,
                                                           BoundKind kind) {
  static_cast<void>(kind);  // both kinds take the same values in the same order
  std::vector<drda::Parameter> parameters;
  if (bound.empty()) return parameters;
  DB2KAFKA_ASSIGN_OR_RETURN(drda::Parameter first, ToParameter(bound.front()));
  if (bound.size() == 1) {
    parameters.push_back(std::move(first));
    return parameters;
  }
  std::vector<drda::Parameter> values;
  for (const model::Value& value : bound) {
    DB2KAFKA_ASSIGN_OR_RETURN(drda::Parameter parameter, ToParameter(value));
    values.push_back(std::move(parameter));
  }
  parameters.push_back(std::move(first));
  for (size_t i = 0; i < values.size(); ++i) {
    for (size_t j = 0; j <= i; ++j) parameters.push_back(values[j]);
  }
  return parameters;
}

std::string ChunkQuery(const model::TableSchema& table, const ChunkQuerySpec& spec) {
  std::string sql = "SELECT " + ColumnList(table, spec.columns) + " FROM " + QuoteTable(table);
  std::vector<std::string> conditions;
  if (!spec.key.empty() && spec.has_lower) {
    conditions.push_back(KeyBoundCondition(table, spec.key, BoundKind::kLowerExclusive));
  }
  if (!spec.key.empty() && spec.has_upper) {
    conditions.push_back(KeyBoundCondition(table, spec.key, BoundKind::kUpperInclusive));
  }
  if (!spec.filter.empty()) conditions.push_back("(" + std::string(spec.filter) + ")");
  for (size_t i = 0; i < conditions.size(); ++i) {
    sql += i == 0 ? " WHERE " : " AND ";
    sql += conditions[i];
  }
  if (!spec.key.empty()) sql += " ORDER BY " + ColumnList(table, spec.key);
  return sql;
}

base::Result<drda::Parameter> ToParameter(const model::Value& value) {
  using model::ValueKind;
  // Assigned, then returned once: GCC 12 reports a false free-nonheap-object when each case
  // returns a temporary variant through the expected.
  drda::Parameter parameter;
  switch (value.kind()) {
    case ValueKind::kInt16:
      parameter = int64_t{value.As<int16_t>()};
      break;
    case ValueKind::kInt32:
      parameter = int64_t{value.As<int32_t>()};
      break;
    case ValueKind::kInt64:
      parameter = value.As<int64_t>();
      break;
    case ValueKind::kDecimal:
      parameter = drda::DecimalParameter{value.As<model::Decimal>().ToString()};
      break;
    case ValueKind::kDecFloat: {
      DB2KAFKA_ASSIGN_OR_RETURN(model::Decimal decimal,
                                value.As<model::DecFloat>().FiniteDecimal());
      // A positive exponent: the decimal syntax has none, so append the zeros.
      const int32_t zeros = decimal.scale < 0 ? -decimal.scale : 0;
      if (zeros > 0) decimal.scale = 0;
      parameter =
          drda::DecimalParameter{decimal.ToString() + std::string(static_cast<size_t>(zeros), '0')};
      break;
    }
    case ValueKind::kFloat32:
      parameter = static_cast<double>(value.As<float>());
      break;
    case ValueKind::kFloat64:
      parameter = value.As<double>();
      break;
    case ValueKind::kString:
      parameter = value.As<model::String>().utf8;
      break;
    case ValueKind::kBytes: {
      const std::string& data = value.As<model::Bytes>().data;
      parameter = drda::BinaryParameter{std::vector<uint8_t>(data.begin(), data.end())};
      break;
    }
    case ValueKind::kDate:
      parameter = value.As<model::Date>().ToString();
      break;
    case ValueKind::kTime:
      parameter = value.As<model::Time>().ToString();
      break;
    case ValueKind::kTimestamp:
      parameter = TimestampText(value.As<model::Timestamp>());
      break;
    case ValueKind::kBoolean:
      parameter = int64_t{value.As<bool>() ? 1 : 0};
      break;
    case ValueKind::kNull:
    case ValueKind::kXml:
      return base::Fail(base::ErrorCode::kInvalidArgument,
                        "a " + std::string(model::ValueKindName(value.kind())) +
                            " value cannot bound a snapshot chunk: chunk keys must be NOT NULL "
                            "and comparable");
  }
  return parameter;
}

}  // namespace db2kafka::snapshot
