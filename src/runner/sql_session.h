// `db2kafka sql`: runs one SQL statement on the task's source and hands each result row to the
// caller as a JSON line. Queries (SELECT, VALUES, WITH) stream their rows; other statements report
// {"rows_affected": N} and are committed, as in an interactive SQL shell.
#pragma once

#include <functional>
#include <string_view>

#include "base/error.h"
#include "config/task_config.h"

namespace db2kafka::runner {

using JsonLineSink = std::function<void(std::string_view line)>;

base::Status RunSql(const config::SourceConfig& source, std::string_view sql,
                    const JsonLineSink& sink);

// Whether the statement returns rows (its first keyword is SELECT, VALUES or WITH).
bool IsQuery(std::string_view sql);

}  // namespace db2kafka::runner
