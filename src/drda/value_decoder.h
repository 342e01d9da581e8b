// Typed reads of one field of a row, per its column's wire type. The bytes are the FieldView's
// (no null indicator or length prefix); numbers follow the server's byte order. Malformed values
// are Protocol errors; nothing is read outside the field.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "base/byte_reader.h"
#include "base/error.h"
#include "drda/column.h"

namespace db2kafka::drda {

// SMALLINT, INTEGER, BIGINT.
base::Result<int64_t> DecodeInteger(const Column& column, std::span<const uint8_t> bytes,
                                    base::ByteOrder order);
// REAL, DOUBLE.
base::Result<double> DecodeFloating(const Column& column, std::span<const uint8_t> bytes,
                                    base::ByteOrder order);
// Packed decimal as exact text: "-12345.67", "0.00", "-0.50" (never exponent notation).
base::Result<std::string> DecodeDecimal(const Column& column, std::span<const uint8_t> bytes);
// GRAPHIC/VARGRAPHIC (UTF-16BE, CCSID 1200) as UTF-8.
base::Result<std::string> DecodeUtf16(std::span<const uint8_t> bytes);
// BOOLEAN: any non-zero byte is true.
bool DecodeBoolean(std::span<const uint8_t> bytes);
// Character data in CCSID 1208 is UTF-8 already.
inline std::string_view AsText(std::span<const uint8_t> bytes) {
  return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
}

}  // namespace db2kafka::drda
