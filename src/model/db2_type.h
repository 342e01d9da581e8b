// The Db2 column types db2kafka carries, with the facts every encoder needs about each: the name
// Db2's catalog gives it, the Value kind its values have and its java.sql.Types code (what a JDBC
// or Canal consumer sees). Format-specific codes (DTS dataTypeNumber, Avro types) live with their
// encoder.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "model/value.h"

namespace db2kafka::model {

enum class Db2Type : uint8_t {
  kSmallint,
  kInteger,
  kBigint,
  kDecimal,  // also NUMERIC, which Db2 stores as DECIMAL
  kDecfloat,
  kReal,
  kDouble,
  kChar,
  kVarchar,
  kLongVarchar,
  kCharForBitData,
  kVarcharForBitData,
  kLongVarcharForBitData,
  kBinary,
  kVarbinary,
  kGraphic,
  kVargraphic,
  kLongVargraphic,
  kDate,
  kTime,
  kTimestamp,
  kClob,
  kBlob,
  kDbclob,
  kXml,
  kBoolean,
};

struct Db2TypeInfo {
  Db2Type type;
  std::string_view name;  // as Db2 writes it in DDL: "VARCHAR", "CHAR FOR BIT DATA"
  ValueKind value_kind;
  int32_t jdbc_type;  // java.sql.Types (DECFLOAT: IBM JCC's DB2Types.DECFLOAT = -360)
  bool has_length;    // declared as NAME(length)
};

const Db2TypeInfo& InfoOf(Db2Type type);
std::span<const Db2TypeInfo> AllDb2Types();

// A type name as SYSIBM.SQLCOLUMNS reports it on Db2 or Derby ("VARCHAR", "NUMERIC",
// "CHAR () FOR BIT DATA", "LONG VARCHAR FOR BIT DATA", "DOUBLE PRECISION", "FLOAT", ...);
// nullopt for a type db2kafka does not carry.
std::optional<Db2Type> Db2TypeFromCatalogName(std::string_view catalog_name);

}  // namespace db2kafka::model
