// The SQL text and parameters of the full phase's queries, without a server.
#include "snapshot/chunk_sql.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <type_traits>
#include <variant>
#include <vector>

namespace db2kafka::snapshot {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

// drda::Parameter has no ==; tests compare a spelling of kind and value.
std::string Show(const drda::Parameter& parameter) {
  return std::visit(
      [](const auto& value) -> std::string {
        using T = std::decay_t<decltype(value)>;
        if constexpr (std::is_same_v<T, drda::NullParameter>) return "null";
        if constexpr (std::is_same_v<T, int64_t>) return "int " + std::to_string(value);
        if constexpr (std::is_same_v<T, double>) return "double " + std::to_string(value);
        if constexpr (std::is_same_v<T, drda::DecimalParameter>) return "decimal " + value.digits;
        if constexpr (std::is_same_v<T, std::string>) return "string " + value;
        if constexpr (std::is_same_v<T, drda::BinaryParameter>) {
          return "binary " + std::to_string(value.bytes.size());
        }
      },
      parameter);
}

std::vector<std::string> ShowAll(const std::vector<drda::Parameter>& parameters) {
  std::vector<std::string> shown;
  shown.reserve(parameters.size());
  for (const drda::Parameter& parameter : parameters) shown.push_back(Show(parameter));
  return shown;
}

model::TableSchema Table() {
  model::TableSchema table;
  table.schema = "APP";
  table.table = "ORDERS";
  table.columns = {{.name = "ID", .type = model::Db2Type::kInteger},
                   {.name = "NAME", .type = model::Db2Type::kVarchar},
                   {.name = "Region", .type = model::Db2Type::kVarchar},
                   {.name = "AMOUNT", .type = model::Db2Type::kDecimal}};
  return table;
}

TEST(QuoteIdentifier, DoublesEmbeddedQuotes) {
  EXPECT_EQ(QuoteIdentifier("ORDERS"), "\"ORDERS\"");
  EXPECT_EQ(QuoteIdentifier("a\"b"), "\"a\"\"b\"");
  EXPECT_EQ(QuoteIdentifier(""), "\"\"");
}

TEST(KeyQuery, SelectsAndOrdersByTheKeyColumns) {
  const std::vector<size_t> key = {2, 0};
  EXPECT_EQ(KeyQuery(Table(), key),
            R"(SELECT "Region", "ID" FROM "APP"."ORDERS" ORDER BY "Region", "ID")");
}

TEST(KeyBoundCondition, SingleColumnIsOneComparison) {
  const std::vector<size_t> key = {0};
  EXPECT_EQ(KeyBoundCondition(Table(), key, BoundKind::kLowerExclusive), R"("ID" > ?)");
  EXPECT_EQ(KeyBoundCondition(Table(), key, BoundKind::kUpperInclusive), R"("ID" <= ?)");
}

TEST(KeyBoundCondition, CompositeKeyExpandsColumnByColumn) {
  const std::vector<size_t> key = {0, 1, 2};
  EXPECT_EQ(KeyBoundCondition(Table(), key, BoundKind::kLowerExclusive),
            R"(("ID" >= ? AND (("ID" > ?) OR ("ID" = ? AND "NAME" > ?))"
            R"( OR ("ID" = ? AND "NAME" = ? AND "Region" > ?))))");
  EXPECT_EQ(KeyBoundCondition(Table(), key, BoundKind::kUpperInclusive),
            R"(("ID" <= ? AND (("ID" < ?) OR ("ID" = ? AND "NAME" < ?))"
            R"( OR ("ID" = ? AND "NAME" = ? AND "Region" <= ?))))");
}

TEST(BoundParameters, FollowTheMarkersOfTheCondition) {
  const model::Row bound = {model::Value(int32_t{7}), model::Value(model::String{"b"})};
  auto parameters = BoundParameters(bound, BoundKind::kLowerExclusive);
  ASSERT_TRUE(parameters) << parameters.error().ToString();
  // "ID" >= 7 AND ("ID" > 7 OR ("ID" = 7 AND "NAME" > 'b'))
  EXPECT_THAT(ShowAll(*parameters), ElementsAre("int 7", "int 7", "int 7", "string b"));

  auto single = BoundParameters({model::Value(int64_t{9})}, BoundKind::kUpperInclusive);
  ASSERT_TRUE(single);
  EXPECT_THAT(ShowAll(*single), ElementsAre("int 9"));
}

TEST(ChunkQuery, BoundsFilterAndOrder) {
  const std::vector<size_t> columns = {0, 1, 3};
  const std::vector<size_t> key = {0};
  EXPECT_EQ(ChunkQuery(Table(), {.columns = columns,
                                 .key = key,
                                 .has_lower = true,
                                 .has_upper = true,
                                 .filter = "AMOUNT > 10 OR NAME = 'x'"}),
            R"(SELECT "ID", "NAME", "AMOUNT" FROM "APP"."ORDERS" WHERE "ID" > ? AND "ID" <= ?)"
            R"( AND (AMOUNT > 10 OR NAME = 'x') ORDER BY "ID")");
  EXPECT_EQ(ChunkQuery(Table(), {.columns = columns, .key = key, .has_upper = true}),
            R"(SELECT "ID", "NAME", "AMOUNT" FROM "APP"."ORDERS" WHERE "ID" <= ? ORDER BY "ID")");
  EXPECT_EQ(ChunkQuery(Table(), {.columns = columns, .key = key}),
            R"(SELECT "ID", "NAME", "AMOUNT" FROM "APP"."ORDERS" ORDER BY "ID")");
}

TEST(ChunkQuery, KeylessTableIsUnorderedAndUnbounded) {
  const std::vector<size_t> columns = {1};
  EXPECT_EQ(ChunkQuery(Table(), {.columns = columns}), R"(SELECT "NAME" FROM "APP"."ORDERS")");
  EXPECT_EQ(ChunkQuery(Table(), {.columns = columns, .filter = "ID = 1"}),
            R"(SELECT "NAME" FROM "APP"."ORDERS" WHERE (ID = 1))");
}

TEST(ToParameter, ConvertsEveryComparableKind) {
  const auto convert = [](const model::Value& value) {
    auto parameter = ToParameter(value);
    EXPECT_TRUE(parameter) << parameter.error().ToString();
    return parameter ? Show(*parameter) : std::string("error");
  };
  EXPECT_EQ(convert(int16_t{-3}), "int -3");
  EXPECT_EQ(convert(int32_t{5}), "int 5");
  EXPECT_EQ(convert(int64_t{1} << 40), "int 1099511627776");
  EXPECT_EQ(convert(model::Decimal{-1234, 2}), "decimal -12.34");
  EXPECT_EQ(convert(model::DecFloat{"1.5E+3"}), "decimal 1500");
  EXPECT_EQ(convert(model::DecFloat{"-2.50"}), "decimal -2.50");
  EXPECT_EQ(convert(1.5f), "double 1.500000");
  EXPECT_EQ(convert(model::String{"h\u00e9llo"}), "string h\u00e9llo");
  EXPECT_EQ(convert(model::Bytes{std::string("\x00\xff", 2)}), "binary 2");
  EXPECT_EQ(convert(model::Date{2024, 1, 31}), "string 2024-01-31");
  EXPECT_EQ(convert(model::Time{13, 14, 15}), "string 13:14:15");
  EXPECT_EQ(convert(model::Timestamp{{2024, 1, 31}, {13, 14, 15}, 123'456'000'000, 6}),
            "string 2024-01-31-13.14.15.123456");
  EXPECT_EQ(convert(model::Timestamp{{2024, 1, 31}, {1, 2, 3}, 0, 0}),
            "string 2024-01-31-01.02.03");
  EXPECT_EQ(convert(true), "int 1");
}

TEST(ToParameter, RejectsNullXmlAndNan) {
  for (const model::Value& value :
       {model::Value(), model::Value(model::Xml{"<a/>"}), model::Value(model::DecFloat{"NaN"})}) {
    auto parameter = ToParameter(value);
    ASSERT_FALSE(parameter) << value.DebugString();
    EXPECT_EQ(parameter.error().code, base::ErrorCode::kInvalidArgument);
  }
  EXPECT_THAT(ToParameter(model::Value()).error().message, HasSubstr("NOT NULL"));
}

}  // namespace
}  // namespace db2kafka::snapshot
