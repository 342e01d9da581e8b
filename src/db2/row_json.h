// A result row as one JSON object, for `db2kafka sql` and diagnostics. Types are rendered exactly:
// integers and floating point as JSON numbers, DECIMAL as a string of its digits, binary as
// lower-case hex, DATE/TIME/TIMESTAMP in ISO 8601 with every digit the server sent, NULL as null.
#pragma once

#include <string>
#include <vector>

#include "base/byte_reader.h"
#include "base/error.h"
#include "drda/column.h"
#include "drda/cursor.h"

namespace db2kafka::db2 {

base::Result<std::string> RowToJson(const std::vector<drda::Column>& columns,
                                    const std::vector<drda::FieldView>& row,
                                    base::ByteOrder byte_order);

// Db2's "HH.MM.SS" (Derby: "HH:MM:SS") as "HH:MM:SS".
std::string IsoTime(std::string_view time);
// "YYYY-MM-DD-HH.MM.SS[.fff...]" as "YYYY-MM-DDTHH:MM:SS[.fff...]"; other shapes pass unchanged.
std::string IsoTimestamp(std::string_view timestamp);

}  // namespace db2kafka::db2
