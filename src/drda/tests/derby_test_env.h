// The Derby Network Server started by scripts/testenv, read from its env.sh variables.
#pragma once

#include "drda/connection.h"

namespace db2kafka::drda::testing {

// Connection options for the plain (tls = false) or the TLS Derby server. Fails the current test
// (never skips) when the environment is missing.
ConnectOptions DerbyOptions(bool tls = false);

}  // namespace db2kafka::drda::testing

namespace db2kafka::drda::testing {

// Creates `table` with `rows` rows of ten mixed columns (~150 bytes a row: ids, a name, a
// decimal, a double, a timestamp, a date, a boolean, a note) and commits. ID runs 1..rows.
base::Status CreateMixedTable(Connection& connection, const std::string& table, int64_t rows);

}  // namespace db2kafka::drda::testing
