// The SQL text and parameter values of the full phase's queries, kept apart from the connection so
// they can be tested without a server. Db2 and Derby share all of it: Derby has no row-value
// comparison ((a, b) > (?, ?)), so a bound over a composite key is spelled out column by column.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"
#include "drda/parameter.h"
#include "model/change_event.h"
#include "model/table_schema.h"
#include "model/value.h"

namespace db2kafka::snapshot {

// "NAME" with embedded double quotes doubled: a delimited identifier keeps the catalog's spelling.
std::string QuoteIdentifier(std::string_view name);
// "SCHEMA"."TABLE".
std::string QuoteTable(const model::TableSchema& table);

// SELECT "K1", "K2" FROM "S"."T" ORDER BY "K1", "K2": the key stream the planner cuts into chunks.
std::string KeyQuery(const model::TableSchema& table, std::span<const size_t> key);

// The condition "key > lower" (exclusive) or "key <= upper" (inclusive) over the key columns, with
// one marker per compared value, e.g. for (A, B) and a lower bound:
//   ("A" >= ? AND (("A" > ?) OR ("A" = ? AND "B" > ?)))
// The leading "A" >= ? is implied by the rest; it is there so the server can start an index range
// scan instead of testing every row. BoundParameters gives the values in marker order.
enum class BoundKind { kLowerExclusive, kUpperInclusive };
std::string KeyBoundCondition(const model::TableSchema& table, std::span<const size_t> key,
                              BoundKind kind);

// The marker values of KeyBoundCondition for `bound` (one value per key column).
base::Result<std::vector<drda::Parameter>> BoundParameters(const model::Row& bound, BoundKind kind);

struct ChunkQuerySpec {
  std::span<const size_t> columns;  // selected columns of the table, in result order
  std::span<const size_t> key;      // ORDER BY and bound columns; empty: unordered, no bounds
  bool has_lower = false;
  bool has_upper = false;
  std::string_view filter;  // a search condition ANDed in parentheses; empty: none
};
// SELECT <columns> FROM "S"."T" [WHERE <lower> AND <upper> AND (<filter>)] [ORDER BY <key>].
std::string ChunkQuery(const model::TableSchema& table, const ChunkQuerySpec& spec);

// A key value as a statement parameter that the server converts back to the column's type:
// integers as int64, DECIMAL (and finite DECFLOAT) as decimal text, REAL/DOUBLE as double,
// strings as UTF-8, bytes as binary, DATE "2024-01-31", TIME "13:14:15", TIMESTAMP in the IBM
// form "2024-01-31-13.14.15.123456" (Db2 and Derby both accept it), BOOLEAN as 1/0.
// InvalidArgument for NULL, XML and DECFLOAT NaN/Infinity, which cannot be a chunk bound.
base::Result<drda::Parameter> ToParameter(const model::Value& value);

}  // namespace db2kafka::snapshot
