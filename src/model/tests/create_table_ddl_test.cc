#include "model/create_table_ddl.h"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <utility>

namespace db2kafka::model {
namespace {

ColumnSchema Column(std::string name, Db2Type type, int32_t length = 0, int32_t precision = 0,
                    int32_t scale = 0) {
  ColumnSchema column;
  column.name = std::move(name);
  column.type = type;
  column.length = length;
  column.precision = precision;
  column.scale = scale;
  return column;
}

TableSchema Table(std::vector<ColumnSchema> columns) {
  TableSchema table;
  table.database = "SAMPLE";
  table.schema = "APP";
  table.table = "T";
  table.columns = std::move(columns);
  return table;
}

std::string TypeTextOf(const ColumnSchema& column) { return column.TypeText(); }

TEST(CreateTableDdl, RendersEveryTypeAsDb2Ddl) {
  const std::pair<ColumnSchema, std::string> cases[] = {
      {Column("C", Db2Type::kSmallint), "SMALLINT"},
      {Column("C", Db2Type::kInteger), "INTEGER"},
      {Column("C", Db2Type::kBigint), "BIGINT"},
      {Column("C", Db2Type::kDecimal, 0, 31, 2), "DECIMAL(31,2)"},
      {Column("C", Db2Type::kDecimal, 0, 5, 0), "DECIMAL(5,0)"},
      {Column("C", Db2Type::kDecfloat, 0, 16), "DECFLOAT(16)"},
      {Column("C", Db2Type::kDecfloat, 0, 34), "DECFLOAT(34)"},
      {Column("C", Db2Type::kReal), "REAL"},
      {Column("C", Db2Type::kDouble), "DOUBLE"},
      {Column("C", Db2Type::kChar, 10), "CHAR(10)"},
      {Column("C", Db2Type::kVarchar, 100), "VARCHAR(100)"},
      {Column("C", Db2Type::kLongVarchar, 32700), "LONG VARCHAR"},
      {Column("C", Db2Type::kCharForBitData, 16), "CHAR(16) FOR BIT DATA"},
      {Column("C", Db2Type::kVarcharForBitData, 200), "VARCHAR(200) FOR BIT DATA"},
      {Column("C", Db2Type::kLongVarcharForBitData, 32700), "LONG VARCHAR FOR BIT DATA"},
      {Column("C", Db2Type::kBinary, 8), "BINARY(8)"},
      {Column("C", Db2Type::kVarbinary, 64), "VARBINARY(64)"},
      {Column("C", Db2Type::kGraphic, 4), "GRAPHIC(4)"},
      {Column("C", Db2Type::kVargraphic, 40), "VARGRAPHIC(40)"},
      {Column("C", Db2Type::kLongVargraphic, 16350), "LONG VARGRAPHIC"},
      {Column("C", Db2Type::kDate), "DATE"},
      {Column("C", Db2Type::kTime), "TIME"},
      {Column("C", Db2Type::kTimestamp, 0, 0, 6), "TIMESTAMP(6)"},
      {Column("C", Db2Type::kTimestamp, 0, 0, 0), "TIMESTAMP(0)"},
      {Column("C", Db2Type::kTimestamp, 0, 0, 12), "TIMESTAMP(12)"},
      {Column("C", Db2Type::kClob, 1048576), "CLOB(1048576)"},
      {Column("C", Db2Type::kBlob, 2147483647), "BLOB(2147483647)"},
      {Column("C", Db2Type::kDbclob, 1000), "DBCLOB(1000)"},
      {Column("C", Db2Type::kXml), "XML"},
      {Column("C", Db2Type::kBoolean), "BOOLEAN"},
  };
  std::set<Db2Type> types_seen;
  for (const auto& [column, expected] : cases) {
    EXPECT_EQ(TypeTextOf(column), expected);
    EXPECT_EQ(CreateTableDdl(Table({column})),
              "CREATE TABLE \"APP\".\"T\" (\"C\" " + expected + ")");
    types_seen.insert(column.type);
  }
  EXPECT_EQ(types_seen.size(), AllDb2Types().size()) << "a Db2Type without a case here";
}

TEST(CreateTableDdl, WritesUnknownLengthsAndPrecisionsAsValidDdl) {
  EXPECT_EQ(TypeTextOf(Column("C", Db2Type::kDecfloat)), "DECFLOAT");
  EXPECT_EQ(TypeTextOf(Column("C", Db2Type::kChar)), "CHAR");
  EXPECT_EQ(TypeTextOf(Column("C", Db2Type::kCharForBitData)), "CHAR FOR BIT DATA");
  EXPECT_EQ(TypeTextOf(Column("C", Db2Type::kBinary)), "BINARY");
  EXPECT_EQ(TypeTextOf(Column("C", Db2Type::kGraphic)), "GRAPHIC");
  EXPECT_EQ(TypeTextOf(Column("C", Db2Type::kClob)), "CLOB");
  EXPECT_EQ(TypeTextOf(Column("C", Db2Type::kBlob)), "BLOB");
  EXPECT_EQ(TypeTextOf(Column("C", Db2Type::kDbclob)), "DBCLOB");
}

TEST(CreateTableDdl, QuotesEveryIdentifier) {
  EXPECT_EQ(QuoteIdentifier("Mixed Case"), "\"Mixed Case\"");
  EXPECT_EQ(QuoteIdentifier("a\"b"), "\"a\"\"b\"");
  EXPECT_EQ(QuoteIdentifier("\""), "\"\"\"\"");
  EXPECT_EQ(QuoteIdentifier("A.B"), "\"A.B\"");

  TableSchema table = Table({Column("it's \"x\"", Db2Type::kInteger)});
  table.schema = "My.Schema";
  table.table = "odd\"Table";
  EXPECT_EQ(CreateTableDdl(table),
            R"(CREATE TABLE "My.Schema"."odd""Table" ("it's ""x""" INTEGER))");
}

TEST(CreateTableDdl, WritesNullabilityAndACompositePrimaryKeyInKeyOrder) {
  ColumnSchema a = Column("A", Db2Type::kInteger);
  a.key_position = 2;
  a.nullable = false;
  ColumnSchema b = Column("B", Db2Type::kVarchar, 20);
  b.key_position = 1;
  b.nullable = true;  // a key column reads NOT NULL whatever the catalog said
  ColumnSchema c = Column("C", Db2Type::kDate);
  c.nullable = false;
  ColumnSchema d = Column("D", Db2Type::kDecimal, 0, 9, 2);
  TableSchema table = Table({a, b, c, d});
  table.primary_key_name = "PK_T";
  EXPECT_EQ(CreateTableDdl(table),
            R"(CREATE TABLE "APP"."T" ("A" INTEGER NOT NULL, "B" VARCHAR(20) NOT NULL, )"
            R"("C" DATE NOT NULL, "D" DECIMAL(9,2), CONSTRAINT "PK_T" PRIMARY KEY ("B", "A")))");

  table.primary_key_name.clear();
  EXPECT_EQ(CreateTableDdl(table),
            R"(CREATE TABLE "APP"."T" ("A" INTEGER NOT NULL, "B" VARCHAR(20) NOT NULL, )"
            R"("C" DATE NOT NULL, "D" DECIMAL(9,2), PRIMARY KEY ("B", "A")))");
}

TEST(CreateTableDdl, WritesUniqueKeysDb2Accepts) {
  ColumnSchema id = Column("ID", Db2Type::kBigint);
  id.key_position = 1;
  id.nullable = false;
  ColumnSchema x = Column("X", Db2Type::kChar, 3);
  x.nullable = false;
  ColumnSchema y = Column("Y", Db2Type::kInteger);
  y.nullable = false;
  ColumnSchema z = Column("Z", Db2Type::kInteger);  // nullable
  TableSchema table = Table({id, x, y, z});
  table.primary_key_name = "PK";
  table.unique_keys = {
      {"UK_YX", {"Y", "X"}},
      {"UK_GONE", {"X", "EXCLUDED"}},  // a column did not survive exclusion
      {"UK_NULLABLE", {"Z"}},          // Db2 refuses: SQL0542N
      {"UK_XY", {"X", "Y"}},           // repeats UK_YX's columns
      {"UK_ID", {"ID"}},               // repeats the primary key
      {"", {"X"}},                     // no known name
      {"PK", {"ID", "Y"}},             // name already used
  };
  EXPECT_EQ(CreateTableDdl(table),
            R"(CREATE TABLE "APP"."T" ("ID" BIGINT NOT NULL, "X" CHAR(3) NOT NULL, )"
            R"("Y" INTEGER NOT NULL, "Z" INTEGER, CONSTRAINT "PK" PRIMARY KEY ("ID"), )"
            R"(CONSTRAINT "UK_YX" UNIQUE ("Y", "X"), UNIQUE ("X"), UNIQUE ("ID", "Y")))");
}

TEST(CreateTableDdl, WritesAKeylessTableWithoutConstraints) {
  TableSchema table = Table({Column("A", Db2Type::kInteger), Column("B", Db2Type::kXml)});
  table.primary_key_name = "IGNORED_WITHOUT_KEY_COLUMNS";
  EXPECT_EQ(CreateTableDdl(table), R"(CREATE TABLE "APP"."T" ("A" INTEGER, "B" XML))");
}

TEST(CreateTableDdl, IsDeterministic) {
  ColumnSchema a = Column("A", Db2Type::kInteger);
  a.key_position = 1;
  TableSchema table = Table({a, Column("B", Db2Type::kVarchar, 5)});
  table.unique_keys = {{"U", {"B"}}};
  EXPECT_EQ(CreateTableDdl(table), CreateTableDdl(table));
  EXPECT_EQ(CreateTableDdl(table).find('\n'), std::string::npos);
}

}  // namespace
}  // namespace db2kafka::model
