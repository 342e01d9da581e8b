#include "db2/row_json.h"

#include <nlohmann/json.hpp>

#include "base/hex.h"
#include "base/status_macros.h"
#include "drda/decfloat.h"
#include "drda/value_decoder.h"

namespace db2kafka::db2 {
namespace {

using drda::ValueKind;

base::Result<nlohmann::ordered_json> FieldToJson(const drda::Column& column,
                                                 const drda::FieldView& field,
                                                 base::ByteOrder byte_order) {
  if (field.null) return nullptr;
  switch (column.type->kind) {
    case ValueKind::kSmallInt:
    case ValueKind::kInteger:
    case ValueKind::kBigInt:
    case ValueKind::kLocator: {
      DB2KAFKA_ASSIGN_OR_RETURN(int64_t value,
                                drda::DecodeInteger(column, field.bytes, byte_order));
      return value;
    }
    case ValueKind::kReal:
    case ValueKind::kDouble: {
      DB2KAFKA_ASSIGN_OR_RETURN(double value,
                                drda::DecodeFloating(column, field.bytes, byte_order));
      return value;
    }
    case ValueKind::kDecimal: {
      DB2KAFKA_ASSIGN_OR_RETURN(std::string value, drda::DecodeDecimal(column, field.bytes));
      return value;
    }
    case ValueKind::kBoolean:
      return drda::DecodeBoolean(field.bytes);
    case ValueKind::kGraphic:
    case ValueKind::kDbClob: {
      DB2KAFKA_ASSIGN_OR_RETURN(std::string value, drda::DecodeUtf16(field.bytes));
      return value;
    }
    case ValueKind::kTime:
      return IsoTime(drda::AsText(field.bytes));
    case ValueKind::kTimestamp:
      return IsoTimestamp(drda::AsText(field.bytes));
    case ValueKind::kBinary:
    case ValueKind::kBlob:
    case ValueKind::kRowId:
      return base::HexLower(field.bytes);
    case ValueKind::kChar:
    case ValueKind::kVarChar:
    case ValueKind::kClob:
    case ValueKind::kXml:
    case ValueKind::kDate:
      return std::string(drda::AsText(field.bytes));
    case ValueKind::kDecFloat: {
      // A string like DECIMAL: "1.23E+5", "-0", "NaN" keep every digit and the exponent.
      DB2KAFKA_ASSIGN_OR_RETURN(std::string value,
                                drda::DecodeDecFloat(column, field.bytes, byte_order));
      return value;
    }
  }
  return base::Fail(base::ErrorCode::kInternal, "unhandled column kind");
}

}  // namespace

std::string IsoTime(std::string_view time) {
  std::string iso(time);
  if (iso.size() == 8 && iso[2] == '.' && iso[5] == '.') iso[2] = iso[5] = ':';
  return iso;
}

std::string IsoTimestamp(std::string_view timestamp) {
  std::string iso(timestamp);
  const bool db2_shape = iso.size() >= 19 && iso[10] == '-' && iso[13] == '.' && iso[16] == '.';
  if (!db2_shape) return iso;
  iso[10] = 'T';
  iso[13] = ':';
  iso[16] = ':';
  return iso;
}

base::Result<std::string> RowToJson(const std::vector<drda::Column>& columns,
                                    const std::vector<drda::FieldView>& row,
                                    base::ByteOrder byte_order) {
  nlohmann::ordered_json object = nlohmann::ordered_json::object();
  for (size_t i = 0; i < columns.size(); ++i) {
    DB2KAFKA_ASSIGN_OR_RETURN(object[columns[i].name], FieldToJson(columns[i], row[i], byte_order));
  }
  // Invalid UTF-8 from the server is replaced rather than aborting the whole output.
  return object.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace db2kafka::db2
