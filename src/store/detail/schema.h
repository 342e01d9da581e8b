// The store's tables and their forward migrations. The version lives in the table schema_version;
// a file whose version is newer than this build knows is refused, never downgraded.
#pragma once

#include <cstdint>

#include "base/error.h"
#include "store/detail/sqlite_database.h"

namespace db2kafka::store::detail {

inline constexpr int64_t kSchemaVersion = 3;

// Brings a freshly opened read-write database to kSchemaVersion in one transaction.
base::Status Migrate(Database& database);

// Checks, without writing, that a database opened read-only has a version this build can read.
base::Status CheckVersion(Database& database);

}  // namespace db2kafka::store::detail
