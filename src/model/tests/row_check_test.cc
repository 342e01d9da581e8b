#include "model/row_check.h"

#include <gtest/gtest.h>

namespace db2kafka::model {
namespace {

std::shared_ptr<TableSchema> Orders() {
  auto table = std::make_shared<TableSchema>();
  table->database = "SAMPLE";
  table->schema = "APP";
  table->table = "ORDERS";
  table->columns = {
      {.name = "ID", .type = Db2Type::kInteger, .nullable = false, .key_position = 1},
      {.name = "QTY", .type = Db2Type::kDecimal, .precision = 5, .scale = 2},
      {.name = "CODE", .type = Db2Type::kChar, .length = 2},
      {.name = "RAW", .type = Db2Type::kVarcharForBitData, .length = 4},
      {.name = "AT", .type = Db2Type::kTimestamp, .scale = 6},
  };
  return table;
}

TEST(RowCheck, AcceptsValuesThatFit) {
  auto table = Orders();
  Row row = {Value(7), Value(Decimal{-99999, 2}), Value(String{"ab"}), Value(Bytes{"\x01\x02"}),
             Value(Timestamp{{2024, 2, 29}, {23, 59, 59}, 999999000000, 6})};
  EXPECT_TRUE(CheckRowFits(*table, row).has_value());
  row = {Value(7), Value(), Value(), Value(), Value()};
  EXPECT_TRUE(CheckRowFits(*table, row).has_value());
}

TEST(RowCheck, NamesTableAndColumnOfAValueThatDoesNotFit) {
  auto table = Orders();
  struct Case {
    size_t column;
    Value value;
    std::string expected;
  };
  const Case cases[] = {
      {0, Value(), "APP.ORDERS column ID: INTEGER cannot hold NULL (the column is NOT NULL)"},
      {0, Value(int64_t{1}),
       "APP.ORDERS column ID: INTEGER cannot hold INT64 1 (wrong kind of value)"},
      {1, Value(Decimal{123456, 2}),
       "APP.ORDERS column QTY: DECIMAL(5,2) cannot hold DECIMAL 1234.56 (too many digits)"},
      {1, Value(Decimal{1, 3}),
       "APP.ORDERS column QTY: DECIMAL(5,2) cannot hold DECIMAL 0.001 (scale differs)"},
      {2, Value(String{"123456789"}),
       "APP.ORDERS column CODE: CHAR(2) cannot hold STRING \"123456789\" (longer than the declared "
       "length)"},
      {3, Value(Bytes{"12345"}),
       "APP.ORDERS column RAW: VARCHAR(4) FOR BIT DATA cannot hold BYTES x'3132333435' (longer "
       "than the declared length)"},
      {4, Value(Timestamp{{2023, 2, 29}, {0, 0, 0}, 0, 6}),
       "APP.ORDERS column AT: TIMESTAMP(6) cannot hold TIMESTAMP 2023-02-29T00:00:00.000000 (not a "
       "valid timestamp)"},
  };
  for (const Case& c : cases) {
    auto status = CheckValueFits(*table, c.column, c.value);
    ASSERT_FALSE(status.has_value()) << c.expected;
    EXPECT_EQ(status.error().message, c.expected);
    EXPECT_EQ(status.error().code, base::ErrorCode::kInvalidArgument);
  }
}

TEST(RowCheck, EventsCarryTheRowsTheirOperationNeeds) {
  ChangeEvent event;
  event.table = Orders();
  event.operation = Operation::kDelete;
  EXPECT_FALSE(CheckEvent(event).has_value());  // a delete without its before image
  event.before = {Value(7), Value(), Value(), Value(), Value()};
  EXPECT_TRUE(CheckEvent(event).has_value());
  event.operation = Operation::kInsert;
  EXPECT_FALSE(CheckEvent(event).has_value());
  event.after = event.before;
  EXPECT_TRUE(CheckEvent(event).has_value());
  EXPECT_FALSE(CheckEvent(ChangeEvent{.operation = Operation::kUpdate}).has_value());
  EXPECT_TRUE(CheckEvent(ChangeEvent{.operation = Operation::kDdl, .ddl = "CREATE TABLE T(A INT)"})
                  .has_value());
}

TEST(TableSchema, KeyIsThePrimaryKeyElseTheFirstUniqueKey) {
  TableSchema table = *Orders();
  table.columns[0].key_position = 2;
  table.columns[2].key_position = 1;
  EXPECT_EQ(table.KeyColumnIndexes(), (std::vector<size_t>{2, 0}));
  for (ColumnSchema& column : table.columns) column.key_position = 0;
  EXPECT_TRUE(table.KeyColumnIndexes().empty());
  table.unique_keys = {{"UK1", {"RAW", "CODE"}}};
  EXPECT_EQ(table.KeyColumnIndexes(), (std::vector<size_t>{3, 2}));
}

}  // namespace
}  // namespace db2kafka::model
