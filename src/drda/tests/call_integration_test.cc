// CALL of stored procedures with dynamic result sets (the catalog procedures SYSIBM.SQLTABLES,
// SQLCOLUMNS, SQLPRIMARYKEYS, SQLSTATISTICS) against the real Derby Network Server from
// scripts/testenv.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include "drda/connection.h"
#include "drda/cursor.h"
#include "drda/tests/derby_test_env.h"
#include "drda/value_decoder.h"

namespace db2kafka::drda {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

using Row = std::map<std::string, std::string>;  // column name → value as text, "NULL" for null

std::unique_ptr<Connection> Connect(const ConnectOptions& options) {
  auto connection = Connection::Open(options);
  EXPECT_TRUE(connection) << connection.error().ToString();
  return connection ? std::move(*connection) : nullptr;
}

std::string UniqueName(const std::string& stem) {
  static int counter = 0;
  return stem + "_" + std::to_string(getpid()) + "_" + std::to_string(++counter);
}

std::string FieldText(const Column& column, const FieldView& field, base::ByteOrder order) {
  if (field.null) return "NULL";
  switch (column.type->kind) {
    case ValueKind::kSmallInt:
    case ValueKind::kInteger:
    case ValueKind::kBigInt:
      return std::to_string(DecodeInteger(column, field.bytes, order).value());
    case ValueKind::kBoolean:
      return DecodeBoolean(field.bytes) ? "true" : "false";
    default: {
      std::string text(AsText(field.bytes));
      while (!text.empty() && text.back() == ' ') text.pop_back();
      return text;
    }
  }
}

Row CurrentRow(const Cursor& cursor, base::ByteOrder order) {
  Row row;
  for (size_t i = 0; i < cursor.columns().size(); ++i) {
    row[cursor.columns()[i].name] = FieldText(cursor.columns()[i], cursor.row()[i], order);
  }
  return row;
}

std::vector<Row> ReadAll(Cursor& cursor, base::ByteOrder order) {
  std::vector<Row> rows;
  while (true) {
    auto more = cursor.Next();
    EXPECT_TRUE(more) << more.error().ToString();
    if (!more || !*more) return rows;
    rows.push_back(CurrentRow(cursor, order));
  }
}

std::vector<std::string> ColumnNames(const Cursor& cursor) {
  std::vector<std::string> names;
  for (const Column& column : cursor.columns()) names.push_back(column.name);
  return names;
}

// The one result set of a catalog procedure, read to the end.
std::vector<Row> CallForRows(Connection& connection, std::string_view sql,
                             std::span<const Parameter> parameters = {}) {
  auto result = connection.Call(sql, parameters);
  EXPECT_TRUE(result) << result.error().ToString();
  if (!result) return {};
  EXPECT_EQ(result->result_sets.size(), 1u);
  if (result->result_sets.size() != 1) return {};
  return ReadAll(*result->result_sets[0], connection.server().byte_order);
}

// A table with three columns of different types, a two-column primary key and a unique index.
class CatalogProcedures : public ::testing::Test {
 protected:
  void SetUp() override {
    connection_ = Connect(testing::DerbyOptions());
    ASSERT_TRUE(connection_);
    table_ = UniqueName("CALLCAT");
    auto created = connection_->ExecuteImmediate(
        "CREATE TABLE " + table_ +
        " (REGION INTEGER NOT NULL, CODE VARCHAR(20) NOT NULL, PRICE DECIMAL(9,2),"
        " PRIMARY KEY (CODE, REGION))");
    ASSERT_TRUE(created) << created.error().ToString();
    auto indexed = connection_->ExecuteImmediate("CREATE UNIQUE INDEX " + table_ + "_UX ON " +
                                                 table_ + " (PRICE)");
    ASSERT_TRUE(indexed) << indexed.error().ToString();
    ASSERT_TRUE(connection_->Commit());
    schema_ = testing::DerbyOptions().user;
    for (char& c : schema_) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  void TearDown() override {
    if (!connection_) return;
    static_cast<void>(connection_->ExecuteImmediate("DROP TABLE " + table_));
    static_cast<void>(connection_->Commit());
  }

  std::unique_ptr<Connection> connection_;
  std::string table_;
  std::string schema_;
};

TEST(DerbyCall, SqlTablesReturnsSysTables) {
  auto connection = Connect(testing::DerbyOptions());
  ASSERT_TRUE(connection);
  auto result =
      connection->Call("CALL SYSIBM.SQLTABLES(NULL, 'SYS', 'SYSTABLES', 'SYSTEM TABLE', NULL)");
  ASSERT_TRUE(result) << result.error().ToString();
  ASSERT_EQ(result->result_sets.size(), 1u);
  Cursor& cursor = *result->result_sets[0];
  const std::vector<std::string> names = ColumnNames(cursor);
  ASSERT_GE(names.size(), 5u);
  EXPECT_THAT(std::vector<std::string>(names.begin(), names.begin() + 5),
              ElementsAre("TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "TABLE_TYPE", "REMARKS"));
  const std::vector<Row> rows = ReadAll(cursor, connection->server().byte_order);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].at("TABLE_SCHEM"), "SYS");
  EXPECT_EQ(rows[0].at("TABLE_NAME"), "SYSTABLES");
  EXPECT_EQ(rows[0].at("TABLE_TYPE"), "SYSTEM TABLE");
  EXPECT_EQ(rows[0].at("TABLE_CAT"), "");  // Derby has no catalogs: the empty string
}

TEST_F(CatalogProcedures, SqlColumnsDescribesEachColumn) {
  const std::vector<Row> rows =
      CallForRows(*connection_,
                  "CALL SYSIBM.SQLCOLUMNS(NULL, '" + schema_ + "', '" + table_ + "', NULL, NULL)");
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].at("COLUMN_NAME"), "REGION");
  EXPECT_EQ(rows[0].at("TYPE_NAME"), "INTEGER");
  EXPECT_EQ(rows[0].at("ORDINAL_POSITION"), "1");
  EXPECT_EQ(rows[0].at("IS_NULLABLE"), "NO");
  EXPECT_EQ(rows[1].at("COLUMN_NAME"), "CODE");
  EXPECT_EQ(rows[1].at("TYPE_NAME"), "VARCHAR");
  EXPECT_EQ(rows[1].at("ORDINAL_POSITION"), "2");
  EXPECT_EQ(rows[1].at("COLUMN_SIZE"), "20");
  EXPECT_EQ(rows[2].at("COLUMN_NAME"), "PRICE");
  EXPECT_EQ(rows[2].at("TYPE_NAME"), "DECIMAL");
  EXPECT_EQ(rows[2].at("ORDINAL_POSITION"), "3");
  EXPECT_EQ(rows[2].at("DECIMAL_DIGITS"), "2");
  EXPECT_EQ(rows[2].at("IS_NULLABLE"), "YES");
  for (const Row& row : rows) {
    EXPECT_EQ(row.at("TABLE_SCHEM"), schema_);
    EXPECT_EQ(row.at("TABLE_NAME"), table_);
  }
}

TEST_F(CatalogProcedures, SqlPrimaryKeysListsKeyColumnsInKeyOrder) {
  std::vector<Row> rows = CallForRows(
      *connection_, "CALL SYSIBM.SQLPRIMARYKEYS(NULL, '" + schema_ + "', '" + table_ + "', NULL)");
  ASSERT_EQ(rows.size(), 2u);
  std::sort(rows.begin(), rows.end(),
            [](const Row& a, const Row& b) { return a.at("KEY_SEQ") < b.at("KEY_SEQ"); });
  EXPECT_EQ(rows[0].at("COLUMN_NAME"), "CODE");
  EXPECT_EQ(rows[0].at("KEY_SEQ"), "1");
  EXPECT_EQ(rows[1].at("COLUMN_NAME"), "REGION");
  EXPECT_EQ(rows[1].at("KEY_SEQ"), "2");
  EXPECT_EQ(rows[0].at("PK_NAME"), rows[1].at("PK_NAME"));
}

TEST_F(CatalogProcedures, SqlStatisticsReturnsTheUniqueIndex) {
  // unique = 0: unique indexes only; approximate = 1.
  const std::vector<Row> rows =
      CallForRows(*connection_, "CALL SYSIBM.SQLSTATISTICS(NULL, '" + schema_ + "', '" + table_ +
                                    "', 0, 1, NULL)");
  std::vector<std::string> indexed;
  for (const Row& row : rows) {
    if (row.at("INDEX_NAME") == table_ + "_UX") {
      EXPECT_EQ(row.at("COLUMN_NAME"), "PRICE");
      EXPECT_EQ(row.at("ORDINAL_POSITION"), "1");
      EXPECT_EQ(row.at("NON_UNIQUE"), "false");
    }
    if (row.at("INDEX_NAME") != "NULL") indexed.push_back(row.at("INDEX_NAME"));
  }
  EXPECT_THAT(indexed, Contains(table_ + "_UX"));
}

TEST_F(CatalogProcedures, ParametersBindTheProcedureArguments) {
  const Parameter parameters[] = {NullParameter{}, std::string(schema_), std::string(table_),
                                  std::string("%"), NullParameter{}};
  const std::vector<Row> rows =
      CallForRows(*connection_, "CALL SYSIBM.SQLCOLUMNS(?, ?, ?, ?, ?)", parameters);
  std::vector<std::string> columns;
  for (const Row& row : rows) columns.push_back(row.at("COLUMN_NAME"));
  EXPECT_THAT(columns, ElementsAre("REGION", "CODE", "PRICE"));
}

TEST(DerbyCall, ResultSetSpanningManyBlocksSurvivesOtherStatements) {
  ConnectOptions options = testing::DerbyOptions();
  options.query_block_size = 512;
  auto connection = Connect(options);
  ASSERT_TRUE(connection);
  const base::ByteOrder order = connection->server().byte_order;

  // The expected rows, through an ordinary query of the same catalog.
  auto expected_cursor = connection->OpenQuery(
      "SELECT COUNT(*) FROM SYS.SYSCOLUMNS C JOIN SYS.SYSTABLES T ON C.REFERENCEID = T.TABLEID"
      " JOIN SYS.SYSSCHEMAS S ON T.SCHEMAID = S.SCHEMAID WHERE S.SCHEMANAME = 'SYS'");
  ASSERT_TRUE(expected_cursor) << expected_cursor.error().ToString();
  auto counted = (*expected_cursor)->Next();
  ASSERT_TRUE(counted && *counted);
  const int64_t expected =
      DecodeInteger((*expected_cursor)->columns()[0], (*expected_cursor)->row()[0].bytes, order)
          .value();
  ASSERT_FALSE((*expected_cursor)->Next().value());
  ASSERT_GT(expected, 100);

  auto result = connection->Call("CALL SYSIBM.SQLCOLUMNS(NULL, 'SYS', NULL, NULL, NULL)");
  ASSERT_TRUE(result) << result.error().ToString();
  ASSERT_EQ(result->result_sets.size(), 1u);
  Cursor& cursor = *result->result_sets[0];
  int64_t rows = 0;
  std::set<std::string> seen;
  const auto read = [&](int64_t limit) {
    while (rows < limit) {
      auto more = cursor.Next();
      ASSERT_TRUE(more) << more.error().ToString();
      if (!*more) return;
      ++rows;
      const Row row = CurrentRow(cursor, order);
      EXPECT_EQ(row.at("TABLE_SCHEM"), "SYS");
      seen.insert(row.at("TABLE_NAME") + "." + row.at("COLUMN_NAME"));
    }
  };
  read(10);
  ASSERT_EQ(rows, 10);
  // Another statement on the connection while the result set is half read: it must neither take
  // the CALL's section nor lose the block the cursor requested ahead.
  const std::string table = UniqueName("CALLMID");
  auto created = connection->ExecuteImmediate("CREATE TABLE " + table + " (X INTEGER)");
  ASSERT_TRUE(created) << created.error().ToString();
  auto dropped = connection->ExecuteImmediate("DROP TABLE " + table);
  ASSERT_TRUE(dropped) << dropped.error().ToString();
  read(expected + 1);
  EXPECT_EQ(rows, expected);
  EXPECT_EQ(static_cast<int64_t>(seen.size()), expected);
  EXPECT_GT(cursor.blocks_received(), 10);
  ASSERT_TRUE(connection->Commit());
}

TEST(DerbyCall, TwoCallsReadInterleaved) {
  auto connection = Connect(testing::DerbyOptions());
  ASSERT_TRUE(connection);
  const base::ByteOrder order = connection->server().byte_order;
  auto first =
      connection->Call("CALL SYSIBM.SQLTABLES(NULL, 'SYS', 'SYSTABLES', 'SYSTEM TABLE', NULL)");
  ASSERT_TRUE(first) << first.error().ToString();
  auto second =
      connection->Call("CALL SYSIBM.SQLTABLES(NULL, 'SYS', 'SYSCOLUMNS', 'SYSTEM TABLE', NULL)");
  ASSERT_TRUE(second) << second.error().ToString();
  const std::vector<Row> second_rows = ReadAll(*second->result_sets.at(0), order);
  const std::vector<Row> first_rows = ReadAll(*first->result_sets.at(0), order);
  ASSERT_EQ(first_rows.size(), 1u);
  ASSERT_EQ(second_rows.size(), 1u);
  EXPECT_EQ(first_rows[0].at("TABLE_NAME"), "SYSTABLES");
  EXPECT_EQ(second_rows[0].at("TABLE_NAME"), "SYSCOLUMNS");
}

TEST(DerbyCall, ClosingAResultSetHalfwayLeavesTheConnectionUsable) {
  ConnectOptions options = testing::DerbyOptions();
  options.query_block_size = 512;
  auto connection = Connect(options);
  ASSERT_TRUE(connection);
  auto result = connection->Call("CALL SYSIBM.SQLCOLUMNS(NULL, 'SYS', NULL, NULL, NULL)");
  ASSERT_TRUE(result) << result.error().ToString();
  Cursor& cursor = *result->result_sets.at(0);
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(cursor.Next().value());
  auto closed = cursor.Close();
  ASSERT_TRUE(closed) << closed.error().ToString();
  EXPECT_FALSE(cursor.Next().value());
  const std::vector<Row> rows = CallForRows(
      *connection, "CALL SYSIBM.SQLTABLES(NULL, 'SYS', 'SYSTABLES', 'SYSTEM TABLE', NULL)");
  EXPECT_EQ(rows.size(), 1u);
}

// The CALL's section is held by its result sets and returned once they are read or closed: more
// CALLs than a package has sections still find one.
TEST(DerbyCall, SectionsComeBackAfterResultSetsAreReadOrClosed) {
  auto connection = Connect(testing::DerbyOptions());
  ASSERT_TRUE(connection);
  for (int i = 0; i < 100; ++i) {
    auto result =
        connection->Call("CALL SYSIBM.SQLTABLES(NULL, 'SYS', 'SYSTABLES', 'SYSTEM TABLE', NULL)");
    ASSERT_TRUE(result) << "call " << i << ": " << result.error().ToString();
    Cursor& cursor = *result->result_sets.at(0);
    if (i % 2 == 0) {
      EXPECT_EQ(ReadAll(cursor, connection->server().byte_order).size(), 1u);
    } else {
      auto closed = cursor.Close();
      ASSERT_TRUE(closed) << closed.error().ToString();
    }
  }
}

TEST(DerbyCall, ProcedureWithoutResultSetsAnswersWithNone) {
  auto connection = Connect(testing::DerbyOptions());
  ASSERT_TRUE(connection);
  auto result = connection->Call("CALL SYSCS_UTIL.SYSCS_SET_RUNTIMESTATISTICS(0)");
  ASSERT_TRUE(result) << result.error().ToString();
  EXPECT_TRUE(result->result_sets.empty());
}

TEST(DerbyCall, UnknownProcedureFailsAndTheConnectionStaysUsable) {
  auto connection = Connect(testing::DerbyOptions());
  ASSERT_TRUE(connection);
  auto result = connection->Call("CALL SYSIBM.NO_SUCH_PROCEDURE(1)");
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().sqlstate, "42Y03") << result.error().ToString();
  // The connection still works, including for the next CALL.
  const std::vector<Row> rows = CallForRows(
      *connection, "CALL SYSIBM.SQLTABLES(NULL, 'SYS', 'SYSTABLES', 'SYSTEM TABLE', NULL)");
  EXPECT_EQ(rows.size(), 1u);
  auto executed = connection->ExecuteImmediate(
      "DECLARE GLOBAL TEMPORARY TABLE SESSION.T (X INT) "
      "NOT LOGGED");
  EXPECT_TRUE(executed) << executed.error().ToString();
}

}  // namespace
}  // namespace db2kafka::drda
