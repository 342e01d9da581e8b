#include "drda/column.h"

#include <array>

namespace db2kafka::drda {
namespace {

// DRDA type codes (DRDAConstants; Db2 extras per go-db2/pydrda), the not-null code of each pair.
constexpr std::array kWireTypes = {
    WireType{0x02, "INTEGER", ValueKind::kInteger, WireLayout::kFixed, false},
    WireType{0x04, "SMALLINT", ValueKind::kSmallInt, WireLayout::kFixed, false},
    WireType{0x16, "BIGINT", ValueKind::kBigInt, WireLayout::kFixed, false},
    WireType{0x0E, "DECIMAL", ValueKind::kDecimal, WireLayout::kDecimal, false},
    WireType{0xBA, "DECFLOAT", ValueKind::kDecFloat, WireLayout::kFixed, false},
    WireType{0x0C, "REAL", ValueKind::kReal, WireLayout::kFixed, false},
    WireType{0x0A, "DOUBLE", ValueKind::kDouble, WireLayout::kFixed, false},
    WireType{0x30, "CHAR", ValueKind::kChar, WireLayout::kFixed, false},
    WireType{0x3C, "CHAR (mixed)", ValueKind::kChar, WireLayout::kFixed, false},
    WireType{0x32, "VARCHAR", ValueKind::kVarChar, WireLayout::kVarying16, false},
    WireType{0x3E, "VARCHAR (mixed)", ValueKind::kVarChar, WireLayout::kVarying16, false},
    WireType{0x34, "LONG VARCHAR", ValueKind::kVarChar, WireLayout::kVarying16, false},
    WireType{0x40, "LONG VARCHAR (mixed)", ValueKind::kVarChar, WireLayout::kVarying16, false},
    WireType{0x26, "CHAR FOR BIT DATA", ValueKind::kBinary, WireLayout::kFixed, true},
    WireType{0x28, "VARCHAR FOR BIT DATA", ValueKind::kBinary, WireLayout::kVarying16, true},
    WireType{0x2A, "LONG VARCHAR FOR BIT DATA", ValueKind::kBinary, WireLayout::kVarying16, true},
    WireType{0xC0, "BINARY", ValueKind::kBinary, WireLayout::kFixed, true},
    WireType{0xC2, "VARBINARY", ValueKind::kBinary, WireLayout::kVarying16, true},
    WireType{0x36, "GRAPHIC", ValueKind::kGraphic, WireLayout::kFixed, false},
    WireType{0x38, "VARGRAPHIC", ValueKind::kGraphic, WireLayout::kVaryingChars, false},
    WireType{0x3A, "LONG VARGRAPHIC", ValueKind::kGraphic, WireLayout::kVaryingChars, false},
    WireType{0x20, "DATE", ValueKind::kDate, WireLayout::kFixed, false},
    WireType{0x22, "TIME", ValueKind::kTime, WireLayout::kFixed, false},
    WireType{0x24, "TIMESTAMP", ValueKind::kTimestamp, WireLayout::kFixed, false},
    WireType{0xBE, "BOOLEAN", ValueKind::kBoolean, WireLayout::kFixed, false},
    WireType{0xC8, "BLOB", ValueKind::kBlob, WireLayout::kLob, true},
    WireType{0xCA, "CLOB", ValueKind::kClob, WireLayout::kLob, false},
    WireType{0xCE, "CLOB (mixed)", ValueKind::kClob, WireLayout::kLob, false},
    WireType{0xCC, "DBCLOB", ValueKind::kDbClob, WireLayout::kLob, false},
    WireType{0xC6, "XML", ValueKind::kXml, WireLayout::kLob, false},
    WireType{0x1E, "ROWID", ValueKind::kRowId, WireLayout::kVarying16, true},
    WireType{0x18, "BLOB locator", ValueKind::kLocator, WireLayout::kFixed, false},
    WireType{0x1A, "CLOB locator", ValueKind::kLocator, WireLayout::kFixed, false},
    WireType{0x1C, "DBCLOB locator", ValueKind::kLocator, WireLayout::kFixed, false},
};

}  // namespace

const WireType* FindWireType(uint8_t fdoca_type) {
  const uint8_t not_null = fdoca_type & 0xFE;
  for (const WireType& type : kWireTypes) {
    if (type.fdoca_type == not_null) return &type;
  }
  return nullptr;
}

std::string_view ValueKindName(ValueKind kind) {
  constexpr std::array<std::string_view, 21> kNames = {
      "SMALLINT", "INTEGER", "BIGINT", "DECIMAL", "DECFLOAT", "REAL",    "DOUBLE",
      "CHAR",     "VARCHAR", "BINARY", "GRAPHIC", "DATE",     "TIME",    "TIMESTAMP",
      "BOOLEAN",  "BLOB",    "CLOB",   "DBCLOB",  "ROWID",    "LOCATOR", "XML"};
  return kNames[static_cast<size_t>(kind)];
}

}  // namespace db2kafka::drda
