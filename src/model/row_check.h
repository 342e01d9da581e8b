// Checks that values fit the columns they belong to before an encoder writes them, so a value
// that does not fit its column's declared type becomes an error naming the table and column
// instead of a silently wrong message.
#pragma once

#include "base/error.h"
#include "model/change_event.h"
#include "model/table_schema.h"

namespace db2kafka::model {

// InvalidArgument "APP.ORDERS column QTY: DECIMAL(5,2) cannot hold 12345.678" when a value has
// the wrong kind, is NULL in a NOT NULL column, exceeds the declared precision, scale or length,
// or is not a valid date, time or timestamp.
base::Status CheckValueFits(const TableSchema& table, size_t column_index, const Value& value);
base::Status CheckRowFits(const TableSchema& table, const Row& row);
// The rows an operation must carry (after for inserts, before for deletes, ...), each checked.
base::Status CheckEvent(const ChangeEvent& event);

}  // namespace db2kafka::model
