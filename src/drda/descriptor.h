// Result-set descriptions: the FD:OCA descriptor QRYDSC (how each column is laid out in QRYDTA)
// and the SQLDARD (names and SQL types). Rows are decoded from QRYDSC only; SQLDARD adds names.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "base/byte_reader.h"
#include "base/error.h"
#include "drda/column.h"

namespace db2kafka::drda {

// Parses the triplets of one or more QRYDSC objects (concatenated) into columns. Unknown types
// and malformed triplets are Protocol errors naming the offset.
base::Result<std::vector<Column>> ParseQueryDescriptor(std::span<const uint8_t> qrydsc);

struct SqldaColumn {
  std::string name;
  int16_t sql_type = 0;  // odd = nullable
  int16_t precision = 0;
  int16_t scale = 0;
  int64_t length = 0;
  uint16_t ccsid = 0;
};

struct SqldardFormat {
  uint16_t sqlam = 7;
  base::ByteOrder byte_order = base::ByteOrder::kBigEndian;
  char token_separator = '\xFF';
};

// Parses an SQLDARD (SQLCA, then the column descriptions) at the given SQLAM level.
base::Result<std::vector<SqldaColumn>> ParseSqldard(std::span<const uint8_t> sqldard,
                                                    const SqldardFormat& format);

}  // namespace db2kafka::drda
