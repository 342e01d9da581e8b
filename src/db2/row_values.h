// DRDA result rows as model::Value, one per column: the one place where values read off the wire
// become the values every later stage carries.
//
//   SMALLINT/INTEGER/BIGINT   int16/int32/int64    REAL/DOUBLE  float/double
//   DECIMAL(p,s)              Decimal{unscaled, s} straight from the packed BCD, no text
//   DECFLOAT                  DecFloat{text}       (drda::DecodeDecFloat's spelling)
//   CHAR/VARCHAR/CLOB         String (UTF-8; CHAR keeps its blank padding, as JDBC does)
//   GRAPHIC/VARGRAPHIC/DBCLOB String (UTF-16BE converted to UTF-8)
//   FOR BIT DATA/BINARY/BLOB  Bytes                XML  Xml
//   DATE "YYYY-MM-DD"         Date                 TIME "HH.MM.SS" (Db2) or "HH:MM:SS" (Derby)
//   TIMESTAMP "YYYY-MM-DD-HH.MM.SS[.f…]" (up to 12 digits)  Timestamp in picoseconds
//   BOOLEAN                   bool                 NULL  Null
//
// Malformed values (an invalid date, a bad packed decimal, a wrong size) are Protocol errors
// naming the column.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "base/byte_reader.h"
#include "base/error.h"
#include "drda/column.h"
#include "drda/cursor.h"
#include "model/table_schema.h"
#include "model/value.h"

namespace db2kafka::db2 {

// Converts the rows of one result set. Built once per query from its columns, then used for every
// row: the per-column decisions are made here, so decoding a row is one switch per value and no
// allocation beyond the strings a Value owns. Immutable after Create; it keeps no reference to
// the cursor, so several threads may share one.
class RowValueDecoder {
 public:
  // `declared` is empty, or the catalog's description of each result column in the same order
  // (the TableSchema columns a full-sync query selects). It supplies what the wire does not say:
  // a TIMESTAMP's declared fractional digits (else the number of digits the server sent), which
  // character columns hold bytes or XML, a BOOLEAN that Derby sends as SMALLINT. A result column
  // that cannot hold the declared type is FailedPrecondition (the table changed since it was
  // described). A wire type with no model value (LOB locators) is InvalidArgument.
  static base::Result<RowValueDecoder> Create(std::vector<drda::Column> columns,
                                              base::ByteOrder byte_order,
                                              std::span<const model::ColumnSchema> declared = {});

  // Replaces the contents of `values` with one Value per column of `row` (after an error they are
  // unspecified). Reusing one vector across rows keeps its capacity.
  base::Status Decode(std::span<const drda::FieldView> row,
                      std::vector<model::Value>& values) const;

  const std::vector<drda::Column>& columns() const { return columns_; }

 private:
  // How the wire bytes are read; the target kind says what Value they become.
  enum class Source : uint8_t {
    kInteger,
    kDecimal,
    kDecFloat,
    kFloating,
    kUtf8,
    kUtf16,
    kBytes,
    kBoolean,
    kDate,
    kTime,
    kTimestamp,
  };
  struct Plan {
    Source source;
    model::ValueKind target;
    int8_t timestamp_precision;  // declared fractional digits; -1: as many as the server sent
  };

  static base::Result<Plan> PlanFor(const drda::Column& column);
  static bool Accepts(Source source, model::ValueKind target);
  static base::Status ApplyDeclared(const drda::Column& column, const model::ColumnSchema& declared,
                                    Plan& plan);
  RowValueDecoder(std::vector<drda::Column> columns, base::ByteOrder byte_order,
                  std::vector<Plan> plans)
      : columns_(std::move(columns)), byte_order_(byte_order), plans_(std::move(plans)) {}
  base::Status AppendField(const drda::Column& column, const Plan& plan,
                           std::span<const uint8_t> bytes, std::vector<model::Value>& values) const;

  std::vector<drda::Column> columns_;
  base::ByteOrder byte_order_;
  std::vector<Plan> plans_;
};

// One row, for diagnostics and catalog reads; builds a decoder each call (use RowValueDecoder for
// many rows).
base::Result<std::vector<model::Value>> RowToValues(const std::vector<drda::Column>& columns,
                                                    const std::vector<drda::FieldView>& row,
                                                    base::ByteOrder byte_order);

// The single-value parsers, exposed for tests. `column` only names the value in errors.
base::Result<model::Decimal> DecodePackedDecimal(const drda::Column& column,
                                                 std::span<const uint8_t> bytes);
base::Result<model::Date> ParseDate(const drda::Column& column, std::string_view text);
base::Result<model::Time> ParseTime(const drda::Column& column, std::string_view text);
// `declared_precision` -1 keeps the number of fractional digits sent.
base::Result<model::Timestamp> ParseTimestamp(const drda::Column& column, std::string_view text,
                                              int declared_precision);

}  // namespace db2kafka::db2
