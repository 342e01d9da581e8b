// What a result column looks like on the wire (FD:OCA type from QRYDSC) and to people (name and
// SQL type from SQLDARD).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace db2kafka::drda {

// How a column's value is laid out in QRYDTA.
enum class WireLayout {
  kFixed,         // `length` bytes
  kVarying16,     // u16 big-endian byte count, then the bytes
  kVaryingChars,  // u16 big-endian count of 2-byte characters (VARGRAPHIC), then the bytes
  kDecimal,       // packed BCD: precision/2 + 1 bytes
  kLob,           // a placeholder of `length & 0x7FFF` bytes, the value in EXTDTA
};

// The kinds of values a column holds, independent of the wire type.
enum class ValueKind {
  kSmallInt,
  kInteger,
  kBigInt,
  kDecimal,
  kDecFloat,
  kReal,
  kDouble,
  kChar,
  kVarChar,
  kBinary,
  kGraphic,
  kDate,
  kTime,
  kTimestamp,
  kBoolean,
  kBlob,
  kClob,
  kDbClob,
  kRowId,
  kLocator,
  kXml,  // serialized XML, arriving like a CLOB (UTF-8 in EXTDTA)
};

struct WireType {
  uint8_t fdoca_type = 0;  // the FD:OCA/DRDA type code; odd = nullable
  std::string_view name;
  ValueKind kind = ValueKind::kInteger;
  WireLayout layout = WireLayout::kFixed;
  bool binary = false;  // bytes, not characters
};

// The known types by FD:OCA code (with or without the nullable bit); nullptr when unknown.
const WireType* FindWireType(uint8_t fdoca_type);

struct Column {
  std::string name;  // from SQLDARD; "1", "2", ... when the server sent no name
  uint8_t fdoca_type = 0;
  uint16_t length = 0;  // as QRYDSC says: bytes, characters, or precision<<8 | scale
  uint16_t ccsid = 0;   // from an SDA override or SQLDARD; 0 when unknown
  const WireType* type = nullptr;
  bool nullable() const { return (fdoca_type & 1) != 0; }
  int precision() const { return length >> 8; }
  int scale() const { return length & 0xFF; }
};

std::string_view ValueKindName(ValueKind kind);

}  // namespace db2kafka::drda
