// ListTables and DescribeTable against the real Derby Network Server from scripts/testenv: every
// Derby type, keys of two columns, a table without keys, a mixed-case name, a second schema,
// names that differ only where a LIKE wildcard matches, an unsupported type, and 200 tables.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>

#include "base/status_macros.h"
#include "db2/catalog.h"
#include "drda/tests/derby_test_env.h"

namespace db2kafka::db2 {
namespace {

using model::Db2Type;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

std::string Upper(std::string text) {
  for (char& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return text;
}

std::unique_ptr<drda::Connection> Connect() {
  auto connection = drda::Connection::Open(drda::testing::DerbyOptions());
  EXPECT_TRUE(connection) << connection.error().ToString();
  return connection ? std::move(*connection) : nullptr;
}

void RunSql(drda::Connection& connection, const std::string& sql) {
  const auto done = connection.ExecuteImmediate(sql);
  ASSERT_TRUE(done) << done.error().ToString() << "\n" << sql;
}

// Best effort, for clean-up: the object may not exist when set-up failed half-way.
void RunIgnoringErrors(drda::Connection& connection, const std::string& sql) {
  DB2KAFKA_IGNORE_ERROR(connection.ExecuteImmediate(sql));
  DB2KAFKA_IGNORE_ERROR(connection.Commit());
}

// One set of objects for the whole suite: Derby DDL is slow, and the tests only read.
class Catalog : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    shared_connection = Connect().release();
    ASSERT_NE(shared_connection, nullptr);
    const std::string pid = std::to_string(getpid());
    name_suffix = new std::string("_" + pid);
    drda::Connection& c = *shared_connection;
    const std::string all = Name("CAT_ALL");
    RunSql(c, "CREATE TABLE " + all +
                  " (ID INT NOT NULL, S SMALLINT NOT NULL, B BIGINT, D DECIMAL(31,5),"
                  " N NUMERIC(7,2), DEF DECIMAL, R REAL, DB DOUBLE, F FLOAT, F20 FLOAT(20),"
                  " C CHAR(10), VC VARCHAR(200) NOT NULL, LVC LONG VARCHAR,"
                  " CB CHAR(8) FOR BIT DATA, VB VARCHAR(20) FOR BIT DATA,"
                  " LVB LONG VARCHAR FOR BIT DATA, DT DATE, TM TIME, TS TIMESTAMP, BO BOOLEAN,"
                  " BL BLOB(1M), CL CLOB(2M), X XML,"
                  " CONSTRAINT " +
                  Name("CAT_PK") +
                  " PRIMARY KEY (S, ID),"
                  " CONSTRAINT " +
                  Name("CAT_UC") + " UNIQUE (C, DT))");
    // Unique over two columns, listed in index order, not column order.
    RunSql(c, "CREATE UNIQUE INDEX " + Name("CAT_UX") + " ON " + all + " (VC, B)");
    // Unique over the primary key's columns in another order: it adds no key.
    RunSql(c, "CREATE UNIQUE INDEX " + Name("CAT_PKDUP") + " ON " + all + " (ID, S)");
    RunSql(c, "CREATE INDEX " + Name("CAT_NX") + " ON " + all + " (R)");
    // Matches the pattern CAT_ALL_<pid> on Derby, whose LIKE cannot escape '_'.
    RunSql(c, "CREATE TABLE " + Name("CATXALL") + " (Z INT)");
    RunSql(c, "CREATE TABLE " + Name("CAT_NOKEY") + " (A INT, B VARCHAR(5))");
    RunSql(c, "CREATE TABLE \"" + Mixed() +
                  R"(" ("id" INT NOT NULL PRIMARY KEY, "lower col" VARCHAR(3)))");
    RunSql(c, "CREATE VIEW " + Name("CAT_V") + " AS SELECT ID FROM " + all);
    RunSql(c, "CREATE SCHEMA " + Other());
    RunSql(c, "CREATE TABLE " + Other() + "." + all + " (X INT NOT NULL PRIMARY KEY)");
    RunSql(c,
           "CREATE TYPE " + Name("CAT_UDT") + " EXTERNAL NAME 'java.util.ArrayList' LANGUAGE JAVA");
    RunSql(c, "CREATE TABLE " + Name("CAT_UDTT") + " (ID INT, P " + Name("CAT_UDT") + ")");
    ASSERT_TRUE(c.Commit());
  }

  static void TearDownTestSuite() {
    if (shared_connection == nullptr) return;
    drda::Connection& c = *shared_connection;
    for (const std::string& sql :
         {"DROP VIEW " + Name("CAT_V"), "DROP TABLE " + Name("CAT_ALL"),
          "DROP TABLE " + Name("CATXALL"), "DROP TABLE " + Name("CAT_NOKEY"),
          "DROP TABLE \"" + Mixed() + "\"", "DROP TABLE " + Other() + "." + Name("CAT_ALL"),
          "DROP SCHEMA " + Other() + " RESTRICT", "DROP TABLE " + Name("CAT_UDTT"),
          "DROP TYPE " + Name("CAT_UDT") + " RESTRICT"}) {
      RunIgnoringErrors(c, sql);
    }
    delete shared_connection;
    shared_connection = nullptr;
    delete name_suffix;
  }

  static std::string Name(const std::string& stem) { return stem + *name_suffix; }
  static std::string Mixed() { return "CatMixed" + *name_suffix; }
  static std::string Other() { return "CATOTHER" + *name_suffix; }
  static std::string Schema() { return Upper(drda::testing::DerbyOptions().user); }
  static std::string Database() { return drda::testing::DerbyOptions().database; }

  static drda::Connection* shared_connection;
  static std::string* name_suffix;
};

drda::Connection* Catalog::shared_connection = nullptr;
std::string* Catalog::name_suffix = nullptr;

struct ExpectedColumn {
  std::string name;
  Db2Type type;
  int32_t length;
  int32_t precision;
  int32_t scale;
  bool nullable;
  int32_t key_position;
};

TEST_F(Catalog, DescribesEveryDerbyTypeFieldByField) {
  auto described = DescribeTable(*shared_connection, Database(), Schema(), Name("CAT_ALL"));
  ASSERT_TRUE(described) << described.error().ToString();
  EXPECT_EQ(described->database, Database());
  EXPECT_EQ(described->schema, Schema());
  EXPECT_EQ(described->table, Name("CAT_ALL"));
  const ExpectedColumn expected[] = {
      {"ID", Db2Type::kInteger, 0, 0, 0, false, 2},
      {"S", Db2Type::kSmallint, 0, 0, 0, false, 1},
      {"B", Db2Type::kBigint, 0, 0, 0, true, 0},
      {"D", Db2Type::kDecimal, 0, 31, 5, true, 0},
      {"N", Db2Type::kDecimal, 0, 7, 2, true, 0},
      {"DEF", Db2Type::kDecimal, 0, 5, 0, true, 0},
      {"R", Db2Type::kReal, 0, 0, 0, true, 0},
      {"DB", Db2Type::kDouble, 0, 0, 0, true, 0},
      {"F", Db2Type::kDouble, 0, 0, 0, true, 0},
      {"F20", Db2Type::kReal, 0, 0, 0, true, 0},
      {"C", Db2Type::kChar, 10, 0, 0, true, 0},
      {"VC", Db2Type::kVarchar, 200, 0, 0, false, 0},
      {"LVC", Db2Type::kLongVarchar, 32700, 0, 0, true, 0},
      {"CB", Db2Type::kCharForBitData, 8, 0, 0, true, 0},
      {"VB", Db2Type::kVarcharForBitData, 20, 0, 0, true, 0},
      {"LVB", Db2Type::kLongVarcharForBitData, 32700, 0, 0, true, 0},
      {"DT", Db2Type::kDate, 0, 0, 0, true, 0},
      {"TM", Db2Type::kTime, 0, 0, 0, true, 0},
      {"TS", Db2Type::kTimestamp, 0, 0, 9, true, 0},  // Derby: always nine digits
      {"BO", Db2Type::kBoolean, 0, 0, 0, true, 0},
      {"BL", Db2Type::kBlob, 1 << 20, 0, 0, true, 0},
      {"CL", Db2Type::kClob, 2 << 20, 0, 0, true, 0},
      {"X", Db2Type::kXml, 0, 0, 0, true, 0},
  };
  ASSERT_EQ(described->columns.size(), std::size(expected));
  for (size_t i = 0; i < std::size(expected); ++i) {
    const model::ColumnSchema& column = described->columns[i];
    const ExpectedColumn& want = expected[i];
    SCOPED_TRACE("column " + want.name);
    EXPECT_EQ(column.name, want.name);
    EXPECT_EQ(column.type, want.type) << model::InfoOf(column.type).name;
    EXPECT_EQ(column.length, want.length);
    EXPECT_EQ(column.precision, want.precision);
    EXPECT_EQ(column.scale, want.scale);
    EXPECT_EQ(column.nullable, want.nullable);
    EXPECT_EQ(column.key_position, want.key_position);
  }
  EXPECT_EQ(described->columns[3].TypeText(), "DECIMAL(31,5)");
  EXPECT_EQ(described->columns[13].TypeText(), "CHAR(8) FOR BIT DATA");
  EXPECT_EQ(described->columns[18].TypeText(), "TIMESTAMP(9)");
  EXPECT_EQ(described->primary_key_name, Name("CAT_PK"));
  EXPECT_THAT(described->PrimaryKeyColumnIndexes(), ElementsAre(1, 0));
  // Only CAT_UX: the index repeating the primary key's columns adds nothing, CAT_NX is not
  // unique, and Derby keeps the UNIQUE constraint over nullable columns (C, DT) with a
  // non-unique index, so its catalog does not call it unique.
  ASSERT_EQ(described->unique_keys.size(), 1u);
  EXPECT_EQ(described->unique_keys[0].name, Name("CAT_UX"));
  EXPECT_THAT(described->unique_keys[0].columns, ElementsAre("VC", "B"));
}

TEST_F(Catalog, TableWithoutKeysHasNone) {
  auto described = DescribeTable(*shared_connection, Database(), Schema(), Name("CAT_NOKEY"));
  ASSERT_TRUE(described) << described.error().ToString();
  ASSERT_EQ(described->columns.size(), 2u);
  EXPECT_EQ(described->columns[0].name, "A");
  EXPECT_EQ(described->columns[1].name, "B");
  EXPECT_EQ(described->columns[1].length, 5);
  for (const model::ColumnSchema& column : described->columns) {
    EXPECT_EQ(column.key_position, 0);
    EXPECT_TRUE(column.nullable);
  }
  EXPECT_EQ(described->primary_key_name, "");
  EXPECT_THAT(described->unique_keys, IsEmpty());
  EXPECT_THAT(described->KeyColumnIndexes(), IsEmpty());
}

TEST_F(Catalog, NamesAreTakenAsStoredCaseSensitively) {
  auto described = DescribeTable(*shared_connection, Database(), Schema(), Mixed());
  ASSERT_TRUE(described) << described.error().ToString();
  ASSERT_EQ(described->columns.size(), 2u);
  EXPECT_EQ(described->columns[0].name, "id");
  EXPECT_EQ(described->columns[0].key_position, 1);
  EXPECT_FALSE(described->columns[0].nullable);
  EXPECT_EQ(described->columns[1].name, "lower col");
  EXPECT_FALSE(described->primary_key_name.empty());  // Derby's generated SQL... name
  auto upper = DescribeTable(*shared_connection, Database(), Schema(), Upper(Mixed()));
  ASSERT_FALSE(upper);
  EXPECT_EQ(upper.error().code, base::ErrorCode::kNotFound);
  auto lower_schema = DescribeTable(*shared_connection, Database(), "db2kafka", Name("CAT_NOKEY"));
  ASSERT_FALSE(lower_schema);
  EXPECT_EQ(lower_schema.error().code, base::ErrorCode::kNotFound);
}

TEST_F(Catalog, TablesOfTheSameNameInOtherSchemasAndLikeMatchesStayApart) {
  auto other = DescribeTable(*shared_connection, Database(), Other(), Name("CAT_ALL"));
  ASSERT_TRUE(other) << other.error().ToString();
  ASSERT_EQ(other->columns.size(), 1u);
  EXPECT_EQ(other->columns[0].name, "X");
  EXPECT_EQ(other->columns[0].key_position, 1);
  EXPECT_EQ(other->schema, Other());
  auto lookalike = DescribeTable(*shared_connection, Database(), Schema(), Name("CATXALL"));
  ASSERT_TRUE(lookalike) << lookalike.error().ToString();
  ASSERT_EQ(lookalike->columns.size(), 1u);
  EXPECT_EQ(lookalike->columns[0].name, "Z");
}

TEST_F(Catalog, MissingTableIsNotFoundNamingIt) {
  auto missing = DescribeTable(*shared_connection, Database(), Schema(), Name("NO_SUCH"));
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, base::ErrorCode::kNotFound);
  EXPECT_THAT(missing.error().message, HasSubstr(Schema() + "." + Name("NO_SUCH")));
  EXPECT_THAT(missing.error().message, HasSubstr(Database()));
  auto no_schema = DescribeTable(*shared_connection, Database(), "NO_SUCH_SCHEMA", Name("CAT_ALL"));
  ASSERT_FALSE(no_schema);
  EXPECT_EQ(no_schema.error().code, base::ErrorCode::kNotFound);
  // The connection is still good afterwards.
  EXPECT_TRUE(DescribeTable(*shared_connection, Database(), Schema(), Name("CAT_NOKEY")));
}

TEST_F(Catalog, UnsupportedTypeNamesTableColumnAndType) {
  auto described = DescribeTable(*shared_connection, Database(), Schema(), Name("CAT_UDTT"));
  ASSERT_FALSE(described);
  EXPECT_EQ(described.error().code, base::ErrorCode::kInvalidArgument);
  EXPECT_THAT(described.error().message, HasSubstr(Schema() + "." + Name("CAT_UDTT")));
  EXPECT_THAT(described.error().message, HasSubstr("column P"));
  EXPECT_THAT(described.error().message, HasSubstr(Name("CAT_UDT")));
  EXPECT_THAT(described.error().message, HasSubstr("exclude the column"));
}

std::vector<std::string> Qualified(const std::vector<TableName>& tables) {
  std::vector<std::string> names;
  names.reserve(tables.size());
  for (const TableName& table : tables) names.push_back(table.schema + "." + table.table);
  return names;
}

TEST_F(Catalog, ListTablesMatchesPatternsAndOrdinaryTablesOnly) {
  auto listed = ListTables(*shared_connection, Schema(), "%" + *name_suffix);
  ASSERT_TRUE(listed) << listed.error().ToString();
  const std::string s = Schema() + ".";
  // Sorted by name in byte order: upper case before lower, '_' (0x5F) after letters.
  EXPECT_THAT(
      Qualified(*listed),
      ElementsAre(s + "CATXALL" + *name_suffix, s + "CAT_ALL" + *name_suffix,
                  s + "CAT_NOKEY" + *name_suffix, s + "CAT_UDTT" + *name_suffix, s + Mixed()));
  for (const TableName& table : *listed) EXPECT_EQ(table.type, "TABLE");

  // '_' matches any one character, as LIKE does.
  listed = ListTables(*shared_connection, "%", Name("CAT_ALL"));
  ASSERT_TRUE(listed) << listed.error().ToString();
  EXPECT_THAT(Qualified(*listed), ElementsAre(Other() + "." + Name("CAT_ALL"), s + Name("CATXALL"),
                                              s + Name("CAT_ALL")));

  listed = ListTables(*shared_connection, Other(), "%");
  ASSERT_TRUE(listed) << listed.error().ToString();
  EXPECT_THAT(Qualified(*listed), ElementsAre(Other() + "." + Name("CAT_ALL")));

  listed = ListTables(*shared_connection, Schema(), "Cat%" + *name_suffix);
  ASSERT_TRUE(listed) << listed.error().ToString();
  EXPECT_THAT(Qualified(*listed), ElementsAre(s + Mixed()));

  listed = ListTables(*shared_connection, Schema(), Name("NO_SUCH"));
  ASSERT_TRUE(listed) << listed.error().ToString();
  EXPECT_THAT(*listed, IsEmpty());
}

TEST_F(Catalog, ListTablesReturnsViewsAndSystemTablesOnlyWhenAsked) {
  constexpr std::string_view kTablesAndViews[] = {"TABLE", "VIEW"};
  auto listed = ListTables(*shared_connection, Schema(), "CAT_%" + *name_suffix, kTablesAndViews);
  ASSERT_TRUE(listed) << listed.error().ToString();
  EXPECT_THAT(*listed, ::testing::Contains(TableName{Schema(), Name("CAT_V"), "VIEW"}));
  EXPECT_THAT(*listed, ::testing::Contains(TableName{Schema(), Name("CAT_ALL"), "TABLE"}));
  constexpr std::string_view kViews[] = {"VIEW"};
  listed = ListTables(*shared_connection, Schema(), "%" + *name_suffix, kViews);
  ASSERT_TRUE(listed) << listed.error().ToString();
  EXPECT_THAT(*listed, ElementsAre(TableName{Schema(), Name("CAT_V"), "VIEW"}));
  listed = ListTables(*shared_connection, Schema(), "%" + *name_suffix, {});  // every type
  ASSERT_TRUE(listed) << listed.error().ToString();
  EXPECT_EQ(listed->size(), 6u);

  listed = ListTables(*shared_connection, "SYS", "SYSTABLES");
  ASSERT_TRUE(listed) << listed.error().ToString();
  EXPECT_THAT(*listed, IsEmpty());
  constexpr std::string_view kSystem[] = {"SYSTEM TABLE"};
  listed = ListTables(*shared_connection, "SYS", "SYSTABLES", kSystem);
  ASSERT_TRUE(listed) << listed.error().ToString();
  EXPECT_THAT(*listed, ElementsAre(TableName{"SYS", "SYSTABLES", "SYSTEM TABLE"}));

  constexpr std::string_view kBad[] = {"TABLE','VIEW"};
  listed = ListTables(*shared_connection, Schema(), "%", kBad);
  ASSERT_FALSE(listed);
  EXPECT_EQ(listed.error().code, base::ErrorCode::kInvalidArgument);
}

// 200 tables in one schema: one CALL streams them all; the time is linear in the rows.
TEST(CatalogScale, ListsTwoHundredTablesInOneCall) {
  auto connection = Connect();
  ASSERT_TRUE(connection);
  const std::string schema = "CATMANY_" + std::to_string(getpid());
  constexpr int kTables = 200;
  RunSql(*connection, "CREATE SCHEMA " + schema);
  for (int i = 0; i < kTables; ++i) {
    char name[16];
    std::snprintf(name, sizeof name, "T%03d", i);
    RunSql(*connection, "CREATE TABLE " + schema + "." + name + " (ID INT NOT NULL PRIMARY KEY)");
  }
  ASSERT_TRUE(connection->Commit());

  const auto time = [&](std::string_view pattern, size_t expected) {
    const auto start = std::chrono::steady_clock::now();
    auto listed = ListTables(*connection, schema, pattern);
    const auto elapsed = std::chrono::steady_clock::now() - start;
    EXPECT_TRUE(listed) << listed.error().ToString();
    EXPECT_EQ(listed ? listed->size() : 0, expected);
    return std::chrono::duration<double, std::milli>(elapsed).count();
  };
  time("%", kTables);  // warms Derby's statement cache
  const double ten = time("T00%", 10);
  const double all = time("%", kTables);
  std::printf("ListTables: 10 tables %.1f ms, 200 tables %.1f ms\n", ten, all);
  ::testing::Test::RecordProperty("list_10_ms", static_cast<int>(ten));
  ::testing::Test::RecordProperty("list_200_ms", static_cast<int>(all));
  // Quadratic work (a call per table, a scan per row) would take seconds here.
  EXPECT_LT(all, 3000.0);
  auto listed = ListTables(*connection, schema, "%");
  ASSERT_TRUE(listed);
  EXPECT_EQ(listed->front().table, "T000");
  EXPECT_EQ(listed->back().table, "T199");
  EXPECT_TRUE(
      std::is_sorted(listed->begin(), listed->end(),
                     [](const TableName& a, const TableName& b) { return a.table < b.table; }));

  for (int i = 0; i < kTables; ++i) {
    char name[16];
    std::snprintf(name, sizeof name, "T%03d", i);
    RunIgnoringErrors(*connection, "DROP TABLE " + schema + "." + name);
  }
  RunIgnoringErrors(*connection, "DROP SCHEMA " + schema + " RESTRICT");
}

}  // namespace
}  // namespace db2kafka::db2
