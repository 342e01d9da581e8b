// Points in time as task files and Db2 write them: ISO-8601 instants with a zone ("2024-05-01T
// 08:00:00Z", "...+02:00") for sync.start_from, and the "YYYY-MM-DD HH:MM:SS.ffffff" literal that
// CAST(? AS TIMESTAMP) takes on Db2 and Derby.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "base/error.h"

namespace db2kafka::model {

// Microseconds since the epoch. InvalidArgument naming the expected form for anything else:
// a missing zone, an impossible date, more than 9 fractional digits.
base::Result<int64_t> ParseInstant(std::string_view text);

// The UTC timestamp literal of `epoch_micros`, six fractional digits.
std::string TimestampLiteral(int64_t epoch_micros);

}  // namespace db2kafka::model
