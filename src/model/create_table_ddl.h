// The DDL text of a table's schema record: a Db2 LUW CREATE TABLE statement rebuilt from the
// TableSchema the catalog gave (after renaming, capitalization and column exclusion).
#pragma once

#include <string>

#include "model/table_schema.h"

namespace db2kafka::model {

// One line, no terminating semicolon, the same text for the same schema:
//   CREATE TABLE "S"."T" ("ID" INTEGER NOT NULL, "NAME" VARCHAR(40),
//   CONSTRAINT "PK_T" PRIMARY KEY ("ID"), CONSTRAINT "UK_T" UNIQUE ("NAME"))
// Every identifier is delimited (embedded '"' doubled), so names keep their case and may hold
// dots or blanks. Primary key columns are always NOT NULL, in key order. A unique key is written
// only when Db2 would accept it as a UNIQUE constraint: its columns all survive and are NOT NULL
// (SQL0542N otherwise), and it does not repeat the columns of the primary key or of an earlier
// key. CONSTRAINT names are written when known and not already used in the statement.
std::string CreateTableDdl(const TableSchema& table);

// `"name"` with each '"' doubled: a Db2 delimited identifier.
std::string QuoteIdentifier(const std::string& name);

}  // namespace db2kafka::model
