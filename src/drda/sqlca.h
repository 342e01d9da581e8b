// The SQL communications area (SQLCARD, and the SQLCA in front of every row of QRYDTA): SQLCODE,
// SQLSTATE, message tokens, row counts. Layout per SQLAM level 7 and above, which Derby (7) and
// Db2 LUW (10, 11) speak.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>

#include "base/byte_reader.h"
#include "base/error.h"

namespace db2kafka::drda {

struct Sqlca {
  int32_t sqlcode = 0;
  std::string sqlstate;           // five characters
  std::string error_proc;         // SQLERRPROC: the server product, e.g. CSS10140 or SQL11058
  std::array<int32_t, 6> errd{};  // SQLERRD1..6; ERRD3 holds the row count of INSERT/UPDATE/DELETE
  std::string warnings;           // SQLWARN0..A
  std::string rdb_name;
  std::string tokens;  // message tokens, separated by "; "

  bool IsError() const { return sqlcode < 0; }
  bool IsEndOfData() const { return sqlcode == 100; }
  int64_t RowCount() const { return errd[2]; }
};

struct SqlcaFormat {
  base::ByteOrder byte_order = base::ByteOrder::kBigEndian;  // the server's TYPDEFNAM
  char token_separator = '\xFF';                             // Derby 0x14, Db2 0xFF
};

// Reads one SQLCA; std::nullopt for a null SQLCA (success without details, as Db2 sends it).
base::Result<std::optional<Sqlca>> ReadSqlca(base::ByteReader& reader, const SqlcaFormat& format);

// The error a failed statement reports, retriable by its SQLSTATE class.
base::Error SqlcaError(const Sqlca& sqlca, std::string_view context);

}  // namespace db2kafka::drda
