#include "encode/debezium_json_encoder.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>
#include <sstream>

#include "base/clock.h"
#include "base/hex.h"
#include "base/logger.h"
#include "encode/detail/debezium_schema.h"
#include "encode/detail/debezium_values.h"
#include "encode/tests/debezium_json_test_events.h"

namespace db2kafka::encode::debezium_test {
namespace {

// ---- Renderers --------------------------------------------------------------------------------

TEST(DebeziumValues, Base64FollowsRfc4648) {
  const std::pair<std::string, std::string> cases[] = {
      {"", ""},
      {"f", "Zg=="},
      {"fo", "Zm8="},
      {"foo", "Zm9v"},
      {"foob", "Zm9vYg=="},
      {"fooba", "Zm9vYmE="},
      {"foobar", "Zm9vYmFy"},
      {Raw({0xFF, 0xFE}), "//4="},
  };
  for (const auto& [bytes, expected] : cases) {
    std::string out = "x";
    detail::AppendDebeziumBase64(out, bytes);
    EXPECT_EQ(out, "x" + expected);
  }
}

TEST(DebeziumValues, TwosComplementBytesAreBigIntegerToByteArray) {
  // Python: v.to_bytes(n, 'big', signed=True) with the fewest n.
  const std::pair<model::Int128, std::string> cases[] = {
      {0, "00"},
      {1, "01"},
      {127, "7f"},
      {128, "0080"},
      {255, "00ff"},
      {-1, "ff"},
      {-128, "80"},
      {-129, "ff7f"},
      {-256, "ff00"},
      {ParseDecimal("99999999999999999999999999999999999999").unscaled,
       "4b3b4ca85a86c47a098a223fffffffff"},
      {ParseDecimal("-99999999999999999999999999999999999999").unscaled,
       "b4c4b357a5793b85f675ddc000000001"},
  };
  for (const auto& [value, hex] : cases) {
    EXPECT_EQ(base::HexLower(detail::TwosComplementBytes(value, 0)), hex);
    std::string base64;
    detail::AppendTwosComplementBase64(base64, value);
    std::string expected;
    detail::AppendDebeziumBase64(expected, detail::TwosComplementBytes(value, 0));
    EXPECT_EQ(base64, expected);
  }
  EXPECT_EQ(base::HexLower(detail::TwosComplementBytes(15, 39)),
            "2c14beeaa50af71f8196f0118000000000");
  EXPECT_EQ(base::HexLower(detail::TwosComplementBytes(-15, 39)),
            "d3eb41155af508e07e690fee8000000000");
  EXPECT_EQ(base::HexLower(detail::TwosComplementBytes(0, 400)), "00");
}

TEST(DebeziumValues, FloatingPointIsWrittenAsJavaToStringWritesIt) {
  const std::pair<double, std::string> doubles[] = {
      {1.0, "1.0"},
      {0.001, "0.001"},
      {0.0001, "1.0E-4"},
      {1e7, "1.0E7"},
      {9999999.0, "9999999.0"},
      {123456.789, "123456.789"},
      {-0.0, "-0.0"},
      {0.1, "0.1"},
      {100.0, "100.0"},
      {1e21, "1.0E21"},
      {0.0015, "0.0015"},
      {-2.5e-10, "-2.5E-10"},
      {1.7976931348623157e308, "1.7976931348623157E308"},
      {4.9e-324, "4.9E-324"},
      {std::nan(""), R"("NaN")"},
      {-HUGE_VAL, R"("-Infinity")"},
  };
  for (const auto& [value, expected] : doubles) {
    std::string out;
    detail::AppendJavaDouble(out, value);
    EXPECT_EQ(out, expected);
  }
  const std::pair<float, std::string> floats[] = {
      {3.4028235e38F, "3.4028235E38"}, {0.1F, "0.1"},   {1.4e-45F, "1.4E-45"},
      {16777216.0F, "1.6777216E7"},    {-1.5F, "-1.5"},
  };
  for (const auto& [value, expected] : floats) {
    std::string out;
    detail::AppendJavaFloat(out, value);
    EXPECT_EQ(out, expected);
  }
}

TEST(DebeziumValues, DecimalsAsBigDecimalWritesThem) {
  const std::tuple<model::Int128, int32_t, std::string> plain[] = {
      {0, 0, "0"},  {0, 2, "0.00"},         {-1, 2, "-0.01"}, {123, -3, "123000"},
      {0, -3, "0"}, {-12340, 3, "-12.340"}, {5, 0, "5"},
  };
  for (const auto& [unscaled, scale, expected] : plain) {
    std::string out;
    detail::AppendPlainDecimal(out, unscaled, scale);
    EXPECT_EQ(out, expected);
  }
  EXPECT_EQ(detail::DecimalToDouble(1, 1), 0.1);
  EXPECT_EQ(detail::DecimalToDouble(15, -39), 1.5e40);
  EXPECT_EQ(detail::DecimalToDouble(-1, -400), -HUGE_VAL);
  EXPECT_EQ(detail::DecimalToDouble(1, 400), 0.0);
}

TEST(DebeziumValues, LsnsAreHexWithColonsAfterTheFourthAndEighthByte) {
  std::string bytes;
  for (int i = 0; i < 16; ++i) bytes.push_back(static_cast<char>(i));
  std::string out;
  detail::AppendLsnText(out, bytes);
  EXPECT_EQ(out, "00010203:04050607:08090a0b0c0d0e0f");
  out.clear();
  detail::AppendLsnText(out, bytes.substr(0, 10));  // Db2 9.7 and compatibility '0801'
  EXPECT_EQ(out, "00010203:04050607:0809");
}

// ---- Golden output ----------------------------------------------------------------------------

void ExpectAllTypesGolden(DecimalHandling mode, const std::string& golden) {
  const CapturedLog log;
  Fixture fixture(mode);
  std::vector<model::ChangeEvent> events;
  for (const Row& row : AllTypesRows()) {
    events.push_back(Event(Operation::kInsert, AllTypesTable(), {}, row));
  }
  // One TableSchema for all rows, as the runner shares it: the schema text is built once.
  const auto table = AllTypesTable();
  for (model::ChangeEvent& event : events) event.table = table;
  const std::vector<EncodedRecord> records = fixture.EncodeAll(events);
  ASSERT_EQ(records.size(), events.size());
  ExpectWellFormed(records);
  ExpectGolden(golden, GoldenText(records, true));
  // TS9 and TS12 at 0001-01-01 and 9999-12-31 become null, each column warned about once.
  ASSERT_EQ(log.lines().size(), 2U);
  EXPECT_NE(log.lines()[0].find("APP.ALL_TYPES column TS9 "), std::string::npos) << log.lines()[0];
  EXPECT_NE(log.lines()[1].find("APP.ALL_TYPES column TS12 "), std::string::npos) << log.lines()[1];
}

TEST(DebeziumJsonEncoder, WritesEveryTypeAtItsBoundariesWithPreciseDecimals) {
  ExpectAllTypesGolden(DecimalHandling::kPrecise, "all_types_precise.txt");
}

TEST(DebeziumJsonEncoder, WritesEveryTypeAtItsBoundariesWithStringDecimals) {
  ExpectAllTypesGolden(DecimalHandling::kString, "all_types_string.txt");
}

TEST(DebeziumJsonEncoder, WritesEveryTypeAtItsBoundariesWithDoubleDecimals) {
  ExpectAllTypesGolden(DecimalHandling::kDouble, "all_types_double.txt");
}

TEST(DebeziumJsonEncoder, WritesReadCreateUpdateDeleteWithTombstones) {
  Fixture fixture;
  const std::vector<EncodedRecord> records = fixture.EncodeAll(OrderEvents());
  // r, c, u, u, then d + tombstone + c for the key change, then d + tombstone.
  ASSERT_EQ(records.size(), 9U);
  EXPECT_FALSE(records[5].value.has_value());
  EXPECT_EQ(records[5].key, records[4].key);
  EXPECT_FALSE(records[8].value.has_value());
  EXPECT_EQ(records[8].key, records[7].key);
  ExpectWellFormed(records);
  ExpectGolden("operations.txt", GoldenText(records, false));
}

TEST(DebeziumJsonEncoder, WritesNoTombstonesWhenTheyAreOff) {
  Fixture fixture(DecimalHandling::kPrecise, false);
  const std::vector<EncodedRecord> records = fixture.EncodeAll(OrderEvents());
  ASSERT_EQ(records.size(), 7U);
  for (const EncodedRecord& record : records) EXPECT_TRUE(record.value.has_value());
  ExpectGolden("operations_without_tombstones.txt", GoldenText(records, true));
}

TEST(DebeziumJsonEncoder, KeysAKeylessTableWithNullAndAUniqueKeyTableWithItsKey) {
  Fixture fixture;
  const std::vector<EncodedRecord> records = fixture.EncodeAll({
      Event(Operation::kInsert, KeylessTable(), {}, {model::String{"hello"}}),
      Event(Operation::kDelete, KeylessTable(), {model::String{"hello"}}, {}),
      Event(Operation::kInsert, UniqueKeyTable(), {}, {Value(), model::String{"ABC"}}),
  });
  ASSERT_EQ(records.size(), 4U);
  EXPECT_FALSE(records[0].key.has_value());
  EXPECT_FALSE(records[2].key.has_value());  // Debezium's tombstone carries the (null) key too
  EXPECT_FALSE(records[2].value.has_value());
  ExpectWellFormed(records);
  ExpectGolden("keyless_and_unique_key.txt", GoldenText(records, false));
}

TEST(DebeziumJsonEncoder, WritesHeartbeatAndSchemaChangeRecords) {
  Fixture fixture;
  model::ChangeEvent heartbeat;
  heartbeat.operation = Operation::kHeartbeat;
  model::ChangeEvent alter = Event(Operation::kDdl, OrdersTable(), {}, {});
  alter.ddl = "ALTER TABLE APP.ORDERS ADD COLUMN NOTE VARCHAR(20)";
  model::ChangeEvent create = Event(Operation::kDdl, AllTypesTable(), {}, {});
  create.ddl = "  create table APP.ALL_TYPES (...)";
  model::ChangeEvent drop = Event(Operation::kDdl, KeylessTable(), {}, {});
  drop.ddl = "DROP TABLE APP.LOG";
  model::ChangeEvent tableless = Event(Operation::kDdl, nullptr, {}, {});
  const std::vector<EncodedRecord> records =
      fixture.EncodeAll({heartbeat, alter, create, drop, tableless});
  ASSERT_EQ(records.size(), 5U);
  ExpectWellFormed(records);
  ExpectGolden("heartbeat_and_schema_changes.txt", GoldenText(records, false));
}

TEST(DebeziumJsonEncoder, BuildsASchemaPerTableSchemaAndReusesIt) {
  Fixture fixture;
  const auto orders = OrdersTable();
  auto altered = std::make_shared<model::TableSchema>(*orders);
  altered->columns.push_back({.name = "NOTE", .type = Db2Type::kVarchar, .length = 20});
  const Row row = {1, model::String{"a"}, ParseDecimal("1.00")};
  Row altered_row = row;
  altered_row.push_back(model::String{"note"});
  const std::vector<EncodedRecord> records = fixture.EncodeAll({
      Event(Operation::kInsert, orders, {}, row),
      Event(Operation::kInsert, altered, {}, altered_row),
      Event(Operation::kInsert, orders, {}, row),
  });
  ASSERT_EQ(records.size(), 3U);
  EXPECT_EQ(records[0].value, records[2].value);
  EXPECT_NE(records[1].value->find(R"("field":"NOTE")"), std::string::npos);
  EXPECT_EQ(records[0].value->find(R"("field":"NOTE")"), std::string::npos);
}

// ---- Errors -----------------------------------------------------------------------------------

TEST(DebeziumJsonEncoder, RejectsAValueThatDoesNotFitItsColumnAndAppendsNothing) {
  Fixture fixture;
  std::vector<EncodedRecord> out(1);
  const Row row = {1, int64_t{5}, ParseDecimal("1.00")};
  auto status = fixture.encoder.Encode(Event(Operation::kInsert, OrdersTable(), {}, row), "t", out);
  ASSERT_FALSE(status.has_value());
  EXPECT_NE(status.error().message.find("APP.ORDERS column NAME"), std::string::npos)
      << status.error().message;
  EXPECT_EQ(out.size(), 1U);
}

TEST(DebeziumJsonEncoder, RejectsANotNullNanoTimestampOutsideInt64Nanoseconds) {
  auto table = std::make_shared<model::TableSchema>(*OrdersTable());
  table->columns.push_back(
      {.name = "AT", .type = Db2Type::kTimestamp, .scale = 9, .nullable = false});
  Fixture fixture;
  std::vector<EncodedRecord> out;
  const Row row = {1, model::String{"a"}, ParseDecimal("1.00"), Ts(1, 1, 1, 0, 0, 0, 0, 9)};
  auto status = fixture.encoder.Encode(Event(Operation::kInsert, table, {}, row), "t", out);
  ASSERT_FALSE(status.has_value());
  EXPECT_NE(status.error().message.find("APP.ORDERS column AT"), std::string::npos);
  EXPECT_NE(status.error().message.find("NanoTimestamp"), std::string::npos);
  EXPECT_TRUE(out.empty());
}

TEST(DebeziumJsonEncoder, WritesDecFloatSpecialValuesAsDebeziumDoesOrRejectsThemWhenPrecise) {
  auto table = std::make_shared<model::TableSchema>(*OrdersTable());
  table->columns.push_back({.name = "DF", .type = Db2Type::kDecfloat, .precision = 34});
  auto encode = [&](DecimalHandling mode, const std::string& text,
                    std::vector<EncodedRecord>& out) {
    Fixture fixture(mode);
    const Row before = {1, model::String{"a"}, ParseDecimal("1.00"), model::DecFloat{"1"}};
    const Row after = {2, model::String{"a"}, ParseDecimal("1.00"), model::DecFloat{text}};
    return fixture.encoder.Encode(Event(Operation::kUpdate, table, before, after), "t", out);
  };
  std::vector<EncodedRecord> out;
  auto status = encode(DecimalHandling::kPrecise, "NaN", out);
  ASSERT_FALSE(status.has_value());
  EXPECT_NE(status.error().message.find("APP.ORDERS column DF"), std::string::npos);
  EXPECT_TRUE(out.empty()) << "the key change's delete must not be appended alone";

  const std::tuple<DecimalHandling, std::string, std::string> cases[] = {
      {DecimalHandling::kString, "NaN", R"("DF":"NAN")"},
      {DecimalHandling::kString, "-Infinity", R"("DF":"NEGATIVE_INFINITY")"},
      {DecimalHandling::kString, "Infinity", R"("DF":"POSITIVE_INFINITY")"},
      {DecimalHandling::kDouble, "sNaN", R"("DF":"NaN")"},
      {DecimalHandling::kDouble, "-Infinity", R"("DF":"-Infinity")"},
  };
  for (const auto& [mode, text, expected] : cases) {
    out.clear();
    ASSERT_TRUE(encode(mode, text, out).has_value()) << text;
    ASSERT_EQ(out.size(), 3U);
    EXPECT_NE(out[2].value->find(expected), std::string::npos) << *out[2].value;
  }
}

}  // namespace
}  // namespace db2kafka::encode::debezium_test
