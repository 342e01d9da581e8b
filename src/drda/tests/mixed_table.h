#pragma once

#include <cstdint>
#include <string>

#include "base/error.h"
#include "drda/connection.h"

namespace db2kafka::drda::testing {

// Creates `table` with `rows` rows of ten mixed columns (~150 bytes a row: ids, a name, a
// decimal, a double, a timestamp, a date, a boolean, a note) and commits. ID runs 1..rows.
base::Status CreateMixedTable(Connection& connection, const std::string& table, int64_t rows);

}  // namespace db2kafka::drda::testing
