// The dts_avro encoder against golden bytes (testdata/dts_avro/<case>.hex) and, independently,
// against fastavro reading the published schema (dts_avro_decode.py): every golden case decodes
// to testdata/dts_avro/<case>.json, and the values whose mapping matters are spelled out below.
// DB2KAFKA_UPDATE_GOLDEN=1 rewrites both kinds of golden file from the current output; review the
// diff before committing it.
#include "encode/dts_avro_encoder.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>
#include <sstream>
#include <utility>

#include "base/hex.h"
#include "base/tests/test_env.h"
#include "encode/detail/dts_values.h"
#include "encode/tests/test_events.h"

namespace db2kafka::encode {
namespace {

using model::ChangeEvent;
using model::ColumnSchema;
using model::Db2Type;
using model::Operation;
using model::Row;
using model::TableSchema;
using model::Value;
using nlohmann::json;

constexpr int64_t kNowMicros = 1'718'000'000'123'456;     // readerThroughoutTime 1718000000123
constexpr int64_t kCommitMicros = 1'717'171'717'654'321;  // 1717171717 s, 1717171717654 ms

std::shared_ptr<const TableSchema> AllTypes() {
  return test_events::MakeTable(
      "APP", "ALL_TYPES",
      {
          {.name = "ID", .type = Db2Type::kInteger, .nullable = false, .key_position = 1},
          {.name = "C_SMALLINT", .type = Db2Type::kSmallint},
          {.name = "C_INTEGER", .type = Db2Type::kInteger},
          {.name = "C_BIGINT", .type = Db2Type::kBigint},
          {.name = "C_DECIMAL", .type = Db2Type::kDecimal, .precision = 31, .scale = 2},
          {.name = "C_DECFLOAT", .type = Db2Type::kDecfloat, .precision = 34},
          {.name = "C_REAL", .type = Db2Type::kReal},
          {.name = "C_DOUBLE", .type = Db2Type::kDouble},
          {.name = "C_CHAR", .type = Db2Type::kChar, .length = 10},
          {.name = "C_VARCHAR", .type = Db2Type::kVarchar, .length = 100},
          {.name = "C_LONG_VARCHAR", .type = Db2Type::kLongVarchar},
          {.name = "C_CHAR_BIT", .type = Db2Type::kCharForBitData, .length = 4},
          {.name = "C_VARCHAR_BIT", .type = Db2Type::kVarcharForBitData, .length = 8},
          {.name = "C_LONG_VARCHAR_BIT", .type = Db2Type::kLongVarcharForBitData},
          {.name = "C_BINARY", .type = Db2Type::kBinary, .length = 4},
          {.name = "C_VARBINARY", .type = Db2Type::kVarbinary, .length = 8},
          {.name = "C_GRAPHIC", .type = Db2Type::kGraphic, .length = 3},
          {.name = "C_VARGRAPHIC", .type = Db2Type::kVargraphic, .length = 20},
          {.name = "C_LONG_VARGRAPHIC", .type = Db2Type::kLongVargraphic},
          {.name = "C_DATE", .type = Db2Type::kDate},
          {.name = "C_TIME", .type = Db2Type::kTime},
          {.name = "C_TIMESTAMP12", .type = Db2Type::kTimestamp, .scale = 12},
          {.name = "C_TIMESTAMP6", .type = Db2Type::kTimestamp, .scale = 6},
          {.name = "C_TIMESTAMP0", .type = Db2Type::kTimestamp, .scale = 0},
          {.name = "C_CLOB", .type = Db2Type::kClob, .length = 1 << 20},
          {.name = "C_BLOB", .type = Db2Type::kBlob, .length = 1 << 20},
          {.name = "C_DBCLOB", .type = Db2Type::kDbclob, .length = 1 << 20},
          {.name = "C_XML", .type = Db2Type::kXml},
          {.name = "C_BOOLEAN", .type = Db2Type::kBoolean},
      });
}

model::Timestamp Ts(model::Date date, model::Time time, int64_t picoseconds, uint8_t precision) {
  return model::Timestamp{date, time, picoseconds, precision};
}

Row TypicalRow() {
  return {Value(int32_t{1}),
          Value(int16_t{-12}),
          Value(int32_t{123456}),
          Value(int64_t{9'007'199'254'740'993}),
          Value(model::Decimal{-1234567, 2}),
          Value(model::DecFloat{"1.23E+5"}),
          Value(0.1F),
          Value(-2.5e-300),
          Value(model::String{"abc       "}),
          Value(model::String{"héllo, 世界 🎉"}),
          Value(model::String{"long\nline"}),
          Value(model::Bytes{std::string("\x00\x01\xfe\xff", 4)}),
          Value(model::Bytes{std::string("\x00", 1)}),
          Value(model::Bytes{"lv"}),
          Value(model::Bytes{std::string("\xde\xad\x00\x00", 4)}),
          Value(model::Bytes{std::string("\x00\x00\x00", 3)}),
          Value(model::String{"日本語"}),
          Value(model::String{"Ünïcödé"}),
          Value(model::String{"long vargraphic"}),
          Value(model::Date{2024, 2, 29}),
          Value(model::Time{13, 14, 15}),
          Value(Ts({2024, 1, 31}, {13, 14, 15}, 123'456'789'012, 12)),
          Value(Ts({2024, 1, 31}, {13, 14, 15}, 123'456'000'000, 6)),
          Value(Ts({2024, 1, 31}, {13, 14, 15}, 0, 0)),
          Value(model::String{"clob text ✓"}),
          Value(model::Bytes{std::string("\x89PNG\x00", 5)}),
          Value(model::String{"dbclob テキスト"}),
          Value(model::Xml{"<a b=\"1\">x</a>"}),
          Value(true)};
}

Row MinimumRow() {
  return {Value(std::numeric_limits<int32_t>::min()),
          Value(std::numeric_limits<int16_t>::min()),
          Value(std::numeric_limits<int32_t>::min()),
          Value(std::numeric_limits<int64_t>::min()),
          Value(*model::Decimal::Parse("-99999999999999999999999999999.99")),
          Value(model::DecFloat{"-9.999999999999999999999999999999999E+6144"}),
          Value(std::numeric_limits<float>::lowest()),
          Value(std::numeric_limits<double>::lowest()),
          Value(model::String{""}),
          Value(model::String{""}),
          Value(model::String{""}),
          Value(model::Bytes{std::string(4, '\0')}),
          Value(model::Bytes{""}),
          Value(model::Bytes{""}),
          Value(model::Bytes{std::string(4, '\0')}),
          Value(model::Bytes{""}),
          Value(model::String{""}),
          Value(model::String{""}),
          Value(model::String{""}),
          Value(model::Date{1, 1, 1}),
          Value(model::Time{0, 0, 0}),
          Value(Ts({1, 1, 1}, {0, 0, 0}, 0, 12)),
          Value(Ts({1, 1, 1}, {0, 0, 0}, 0, 6)),
          Value(Ts({1, 1, 1}, {0, 0, 0}, 0, 0)),
          Value(model::String{""}),
          Value(model::Bytes{""}),
          Value(model::String{""}),
          Value(model::Xml{""}),
          Value(false)};
}

Row MaximumRow() {
  return {Value(std::numeric_limits<int32_t>::max()),
          Value(std::numeric_limits<int16_t>::max()),
          Value(std::numeric_limits<int32_t>::max()),
          Value(std::numeric_limits<int64_t>::max()),
          Value(*model::Decimal::Parse("99999999999999999999999999999.99")),
          Value(model::DecFloat{"9.999999999999999999999999999999999E+6144"}),
          Value(std::numeric_limits<float>::max()),
          Value(std::numeric_limits<double>::max()),
          Value(model::String{"ÿÿÿÿÿÿÿÿÿÿ"}),
          Value(model::String{"𝄞 emoji 😀 and \\\"quotes\""}),
          Value(model::String{std::string(1000, 'x')}),
          Value(model::Bytes{"\xff\xff\xff\xff"}),
          Value(model::Bytes{std::string("\xff\x00\xff\x00\xff\x00\xff\x00", 8)}),
          Value(model::Bytes{std::string(300, '\x7f')}),
          Value(model::Bytes{"\xff\xff\xff\xff"}),
          Value(model::Bytes{std::string(8, '\xff')}),
          Value(model::String{"ＡＢＣ"}),
          Value(model::String{"最大"}),
          Value(model::String{"𠀋"}),
          Value(model::Date{9999, 12, 31}),
          Value(model::Time{24, 0, 0}),
          Value(Ts({9999, 12, 31}, {23, 59, 59}, 999'999'999'999, 12)),
          Value(Ts({9999, 12, 31}, {23, 59, 59}, 999'999'000'000, 6)),
          Value(Ts({9999, 12, 31}, {23, 59, 59}, 0, 0)),
          Value(model::String{"clob"}),
          Value(model::Bytes{std::string(2, '\0')}),
          Value(model::String{"dbclob"}),
          Value(model::Xml{"<?xml version=\"1.0\"?><r/>"}),
          Value(true)};
}

Row NullRow() {
  Row row(AllTypes()->columns.size());
  row[0] = Value(int32_t{7});
  return row;
}

// ORDERS(ID INTEGER PK, NAME VARCHAR(20) UNIQUE, QTY DECIMAL(9,2), AT TIMESTAMP(6)).
std::shared_ptr<const TableSchema> Orders(std::string schema = "APP", std::string name = "ORDERS") {
  auto table = test_events::MakeTable(
      std::move(schema), std::move(name),
      {
          {.name = "ID", .type = Db2Type::kInteger, .nullable = false, .key_position = 1},
          {.name = "NAME", .type = Db2Type::kVarchar, .length = 20},
          {.name = "QTY", .type = Db2Type::kDecimal, .precision = 9, .scale = 2},
          {.name = "AT", .type = Db2Type::kTimestamp, .scale = 6},
      });
  table->primary_key_name = "PK_ORDERS";
  table->unique_keys = {{"UK_ORDERS_NAME", {"NAME"}}};
  return table;
}

Row OrderRow(int32_t id, std::string name, int64_t cents) {
  return {Value(id), Value(model::String{std::move(name)}), Value(model::Decimal{cents, 2}),
          Value(Ts({2024, 5, 31}, {16, 8, 37}, 654'321'000'000, 6))};
}

ChangeEvent Event(Operation operation, std::shared_ptr<const TableSchema> table, Row before,
                  Row after) {
  ChangeEvent event = test_events::MakeEvent(operation, std::move(table), kCommitMicros,
                                             std::move(before), std::move(after));
  event.position.commit_sequence = std::string("\x00\x00\x00\x00\x00\x00\x12\x34\x56\x78", 10);
  event.position.intent_sequence = std::string("\x00\x00\x00\x00\x00\x00\x12\x34\x56\x9a", 10);
  event.transaction_id = "0000000000001a2b";
  event.order_in_transaction = 1;
  event.transaction_size = 1;
  event.sequence = 42;
  return event;
}

struct GoldenCase {
  std::string name;
  ChangeEvent event;
  std::optional<std::string> key;
};

std::vector<GoldenCase> GoldenCases() {
  std::vector<GoldenCase> cases;
  cases.push_back({"insert_typical", Event(Operation::kInsert, AllTypes(), {}, TypicalRow()), "1"});
  cases.push_back(
      {"insert_minimum", Event(Operation::kInsert, AllTypes(), {}, MinimumRow()), "-2147483648"});
  cases.push_back(
      {"insert_maximum", Event(Operation::kInsert, AllTypes(), {}, MaximumRow()), "2147483647"});
  cases.push_back({"insert_nulls", Event(Operation::kInsert, AllTypes(), {}, NullRow()), "7"});
  cases.push_back(
      {"update",
       Event(Operation::kUpdate, Orders(), OrderRow(5, "old", 100), OrderRow(5, "new", -250)),
       "5"});
  cases.push_back({"update_without_before",
                   Event(Operation::kUpdate, Orders(), {}, OrderRow(5, "new", -250)), "5"});
  cases.push_back({"delete", Event(Operation::kDelete, Orders(), OrderRow(6, "gone", 1), {}), "6"});
  ChangeEvent snapshot = Event(Operation::kSnapshotRead, Orders(), {}, OrderRow(7, "full", 0));
  snapshot.position = {};
  snapshot.transaction_id.clear();
  snapshot.order_in_transaction = 0;
  cases.push_back({"snapshot_read", std::move(snapshot), "7"});
  ChangeEvent ddl = Event(Operation::kDdl, Orders(), {}, {});
  ddl.ddl = "ALTER TABLE APP.ORDERS ADD COLUMN NOTE VARCHAR(10)";
  cases.push_back({"ddl", std::move(ddl), std::nullopt});
  ChangeEvent heartbeat = Event(Operation::kHeartbeat, nullptr, {}, {});
  heartbeat.position.commit_sequence = std::string(16, '\x01');
  heartbeat.position.intent_sequence = std::string(16, '\xff');
  heartbeat.transaction_id.clear();
  cases.push_back({"heartbeat", std::move(heartbeat), std::nullopt});
  cases.push_back({"dotted_names",
                   Event(Operation::kInsert, Orders("MY.SCHEMA", "T.1"), {}, OrderRow(8, "d", 1)),
                   "8"});
  return cases;
}

EncoderOptions TestOptions(const base::Clock& clock) {
  EncoderOptions options;
  options.clock = &clock;
  options.source_version = "DB2/LINUXX8664 11.5.9";
  return options;
}

// Decodes record values with fastavro; one JSON document per value. Fails the test (not skips)
// when the checker is missing.
std::vector<json> DecodeWithFastavro(const std::vector<std::string>& values) {
  const std::string python = base::testing::RequireCheckerPython();
  if (python.empty()) return {};
  static int call = 0;
  const std::string base = testing::TempDir() + "/dts_avro_" + std::to_string(++call);
  {
    std::ofstream input(base + ".hex");
    for (const std::string& value : values) input << base::HexLower(value) << '\n';
  }
  const std::string command = python + " " + DB2KAFKA_SOURCE_DIR +
                              "/src/encode/tests/dts_avro_decode.py " + DB2KAFKA_SOURCE_DIR +
                              "/../shared/reference/dts-record.avsc " + base + ".hex " + base +
                              ".jsonl";
  if (std::system(command.c_str()) != 0) {
    ADD_FAILURE() << "fastavro could not decode the records: " << command;
    return {};
  }
  std::ifstream output(base + ".jsonl");
  std::vector<json> decoded;
  decoded.reserve(values.size());
  for (std::string line; std::getline(output, line);) decoded.push_back(json::parse(line));
  EXPECT_EQ(decoded.size(), values.size());
  return decoded;
}

// Reports every difference with its JSON path, so a failure names the field.
void ExpectSameJson(const json& expected, const json& actual, const std::string& path) {
  const bool both_numbers = expected.is_number() && actual.is_number();  // 16 == 16u
  if ((expected.type() != actual.type() && !both_numbers) ||
      (!expected.is_structured() && expected != actual)) {
    ADD_FAILURE() << path << ": expected " << expected.dump() << ", decoded " << actual.dump();
    return;
  }
  if (expected.is_object()) {
    for (const auto& [name, value] : expected.items()) {
      if (!actual.contains(name)) {
        ADD_FAILURE() << path << "." << name << ": missing";
        continue;
      }
      ExpectSameJson(value, actual[name], std::string(path).append(".").append(name));
    }
    for (const auto& [name, value] : actual.items()) {
      if (!expected.contains(name)) ADD_FAILURE() << path << "." << name << ": unexpected";
    }
  } else if (expected.is_array()) {
    if (expected.size() != actual.size()) {
      ADD_FAILURE() << path << ": " << expected.size() << " items expected, " << actual.size()
                    << " decoded";
      return;
    }
    for (size_t i = 0; i < expected.size(); ++i) {
      ExpectSameJson(expected[i], actual[i], path + "[" + std::to_string(i) + "]");
    }
  }
}

EncodedRecord EncodeOne(Encoder& encoder, const ChangeEvent& event) {
  std::vector<EncodedRecord> out;
  test_events::EncodeOk(encoder, event, out);
  EXPECT_EQ(out.size(), 1U);
  return out.empty() ? EncodedRecord{} : out.front();
}

TEST(DtsAvroEncoder, MatchesGoldenBytesAndKeys) {
  base::ManualClock clock(kNowMicros);
  auto encoder = MakeDtsAvroEncoder(TestOptions(clock));
  for (const GoldenCase& golden : GoldenCases()) {
    SCOPED_TRACE(golden.name);
    const EncodedRecord record = EncodeOne(*encoder, golden.event);
    ASSERT_TRUE(record.value.has_value());
    EXPECT_EQ(record.key, golden.key);
    test_events::ExpectGoldenFile("dts_avro/" + golden.name + ".hex",
                                  base::HexLower(*record.value) + "\n");
  }
}

TEST(DtsAvroEncoder, FastavroDecodesEveryGoldenCaseToTheExpectedRecord) {
  base::ManualClock clock(kNowMicros);
  auto encoder = MakeDtsAvroEncoder(TestOptions(clock));
  const std::vector<GoldenCase> cases = GoldenCases();
  std::vector<std::string> values;
  values.reserve(cases.size());
  for (const GoldenCase& golden : cases) values.push_back(*EncodeOne(*encoder, golden.event).value);
  const std::vector<json> decoded = DecodeWithFastavro(values);
  ASSERT_EQ(decoded.size(), cases.size());
  for (size_t i = 0; i < cases.size(); ++i) {
    const std::string relative = "dts_avro/" + cases[i].name + ".json";
    if (test_events::UpdatingGolden()) {
      std::ofstream(test_events::TestdataPath(relative)) << decoded[i].dump(2) << '\n';
    }
    ExpectSameJson(json::parse(test_events::ReadTestdata(relative)), decoded[i], cases[i].name);
  }
}

// Image items as fastavro returns them: [record name, record].
json Item(std::string_view type, json record) {
  return json::array({"com.alibaba.dts.formats.avro." + std::string(type), std::move(record)});
}
json Integer(int precision, std::string value) {
  return Item("Integer", {{"precision", precision}, {"value", std::move(value)}});
}
json Character(std::string_view utf8) {
  return Item("Character", {{"charset", "utf8"}, {"value", {{"hex", base::HexLower(utf8)}}}});
}
json DecimalItem(std::string value, int precision, int scale) {
  return Item("Decimal", {{"value", std::move(value)}, {"precision", precision}, {"scale", scale}});
}
json FloatItem(double value, int precision) {
  return Item("Float", {{"value", value}, {"precision", precision}, {"scale", 0}});
}
json Binary(std::string_view type, std::string_view bytes) {
  return Item("BinaryObject", {{"type", type}, {"value", {{"hex", base::HexLower(bytes)}}}});
}
json Text(std::string_view type, std::string_view value) {
  return Item("TextObject", {{"type", type}, {"value", value}});
}
json DateTime(json year, json month, json day, json hour, json minute, json second, json nanos) {
  return Item("DateTime", {{"year", year},
                           {"month", month},
                           {"day", day},
                           {"hour", hour},
                           {"minute", minute},
                           {"second", second},
                           {"millis", nanos}});
}

// The mapping table of docs/FORMATS.md, value by value, as an independent decoder reads it.
TEST(DtsAvroEncoder, EveryDb2TypeDecodesAsDocumented) {
  base::ManualClock clock(kNowMicros);
  auto encoder = MakeDtsAvroEncoder(TestOptions(clock));
  const std::vector<json> decoded = DecodeWithFastavro(
      {*EncodeOne(*encoder, Event(Operation::kInsert, AllTypes(), {}, TypicalRow())).value,
       *EncodeOne(*encoder, Event(Operation::kInsert, AllTypes(), {}, MaximumRow())).value});
  ASSERT_EQ(decoded.size(), 2U);
  const json null;
  const json typical = json::array({
      Integer(10, "1"),
      Integer(5, "-12"),
      Integer(10, "123456"),
      Integer(19, "9007199254740993"),
      DecimalItem("-12345.67", 31, 2),
      DecimalItem("1.23E+5", 34, -3),
      FloatItem(static_cast<double>(0.1F), 24),
      FloatItem(-2.5e-300, 53),
      Character("abc       "),
      Character("héllo, 世界 🎉"),
      Character("long\nline"),
      Binary("BINARY", std::string("\x00\x01\xfe\xff", 4)),
      Binary("BINARY", std::string("\x00", 1)),
      Binary("BINARY", "lv"),
      Binary("BINARY", std::string("\xde\xad\x00\x00", 4)),
      Binary("BINARY", std::string(3, '\0')),
      Character("日本語"),
      Character("Ünïcödé"),
      Character("long vargraphic"),
      DateTime(2024, 2, 29, null, null, null, null),
      DateTime(null, null, null, 13, 14, 15, null),
      DateTime(2024, 1, 31, 13, 14, 15, 123456789),  // digits 10-12 (012) are cut
      DateTime(2024, 1, 31, 13, 14, 15, 123456000),
      DateTime(2024, 1, 31, 13, 14, 15, null),
      Text("TEXT", "clob text ✓"),
      Binary("BLOB", std::string("\x89PNG\x00", 5)),
      Text("TEXT", "dbclob テキスト"),
      Text("XML", "<a b=\"1\">x</a>"),
      Integer(1, "1"),
  });
  ExpectSameJson(typical, decoded[0]["afterImages"], "typical.afterImages");
  const json& maximum = decoded[1]["afterImages"];
  ExpectSameJson(Integer(19, "9223372036854775807"), maximum[3], "maximum.C_BIGINT");
  ExpectSameJson(DecimalItem("99999999999999999999999999999.99", 31, 2), maximum[4],
                 "maximum.C_DECIMAL");
  ExpectSameJson(DecimalItem("9.999999999999999999999999999999999E+6144", 34, -6111), maximum[5],
                 "maximum.C_DECFLOAT");
  ExpectSameJson(FloatItem(std::numeric_limits<double>::max(), 53), maximum[7], "maximum.C_DOUBLE");
  ExpectSameJson(Character("𝄞 emoji 😀 and \\\"quotes\""), maximum[9], "maximum.C_VARCHAR");
  ExpectSameJson(DateTime(9999, 12, 31, null, null, null, null), maximum[19], "maximum.C_DATE");
  ExpectSameJson(DateTime(null, null, null, 24, 0, 0, null), maximum[20], "maximum.C_TIME");
  ExpectSameJson(DateTime(9999, 12, 31, 23, 59, 59, 999999999), maximum[21],
                 "maximum.C_TIMESTAMP12");

  const json& fields = decoded[0]["fields"];
  const std::vector<int> sqltypes = {496, 500, 496, 492, 484, 996, 480, 480, 452, 448,
                                     456, 452, 448, 456, 912, 908, 468, 464, 472, 384,
                                     388, 392, 392, 392, 408, 404, 412, 988, 2436};
  ASSERT_EQ(fields.size(), sqltypes.size());
  for (size_t i = 0; i < sqltypes.size(); ++i) {
    EXPECT_EQ(fields[i]["name"], AllTypes()->columns[i].name);
    EXPECT_EQ(fields[i]["dataTypeNumber"], sqltypes[i]) << AllTypes()->columns[i].name;
  }
}

TEST(DtsAvroEncoder, WritesTheRecordHeaderAsDocumented) {
  base::ManualClock clock(kNowMicros);
  auto encoder = MakeDtsAvroEncoder(TestOptions(clock));
  ChangeEvent before_epoch = Event(Operation::kDelete, Orders(), OrderRow(1, "a", 1), {});
  before_epoch.commit_time_us = -1;  // rounds toward the past, as every epoch time does
  before_epoch.sequence = std::numeric_limits<int64_t>::max();
  ChangeEvent heartbeat = Event(Operation::kHeartbeat, Orders("HB", "HEARTBEAT"), {}, {});
  const std::vector<json> decoded = DecodeWithFastavro(
      {*EncodeOne(*encoder, Event(Operation::kInsert, Orders(), {}, OrderRow(1, "a", 1))).value,
       *EncodeOne(*encoder, before_epoch).value, *EncodeOne(*encoder, heartbeat).value});
  ASSERT_EQ(decoded.size(), 3U);
  const json expected_insert = {
      {"version", 0},
      {"id", 42},
      {"sourceTimestamp", 1717171717},
      {"sourcePosition", "00000000000012345678:0000000000001234569a"},
      {"safeSourcePosition", "00000000000012345678:00000000000000000000"},
      {"sourceTxid", "0000000000001a2b"},
      {"source", {{"sourceType", "DB2"}, {"version", "DB2/LINUXX8664 11.5.9"}}},
      {"operation", "INSERT"},
      {"objectName", "SAMPLE.APP.ORDERS"},
      {"processTimestamps", nullptr},
      {"tags",
       {{"pk_uk_info", R"({"PRIMARY":["ID"],"UK_ORDERS_NAME":["NAME"]})"},
        {"metaVersion", decoded[0]["tags"].value("metaVersion", "")},
        {"readerThroughoutTime", "1718000000123"}}},
      {"fields", json::array({{{"name", "ID"}, {"dataTypeNumber", 496}},
                              {{"name", "NAME"}, {"dataTypeNumber", 448}},
                              {{"name", "QTY"}, {"dataTypeNumber", 484}},
                              {{"name", "AT"}, {"dataTypeNumber", 392}}})},
      {"beforeImages", nullptr},
      {"afterImages", json::array({Integer(10, "1"), Character("a"), DecimalItem("0.01", 9, 2),
                                   DateTime(2024, 5, 31, 16, 8, 37, 654321000)})},
      {"bornTimestamp", 1717171717654},
  };
  ExpectSameJson(expected_insert, decoded[0], "insert");
  EXPECT_FALSE(decoded[0]["tags"]["metaVersion"].get<std::string>().empty());

  EXPECT_EQ(decoded[1]["sourceTimestamp"], -1);
  EXPECT_EQ(decoded[1]["bornTimestamp"], -1);
  EXPECT_EQ(decoded[1]["id"], std::numeric_limits<int64_t>::max());
  EXPECT_EQ(decoded[1]["operation"], "DELETE");
  EXPECT_TRUE(decoded[1]["afterImages"].is_null());

  EXPECT_EQ(decoded[2]["operation"], "HEARTBEAT");
  EXPECT_EQ(decoded[2]["objectName"], "SAMPLE.HB.HEARTBEAT");
  EXPECT_TRUE(decoded[2]["fields"].is_null());
  EXPECT_TRUE(decoded[2]["afterImages"].is_null());
  EXPECT_EQ(decoded[2]["tags"], json({{"readerThroughoutTime", "1718000000123"}}));
}

// DTS consumers read a Decimal that is not a number only as NaN, Infinity or -Infinity.
TEST(DtsAvroEncoder, WritesDecfloatTextAndItsBigDecimalScale) {
  auto table = std::make_shared<TableSchema>();
  table->schema = "APP";
  table->table = "D";
  table->columns = {{.name = "D", .type = Db2Type::kDecfloat, .precision = 16}};
  const std::vector<std::pair<std::string, json>> cases = {
      {"1.23E+5", DecimalItem("1.23E+5", 16, -3)},
      {"-0", DecimalItem("-0", 16, 0)},
      {"0E-398", DecimalItem("0E-398", 16, 398)},
      {"-1.5E-3", DecimalItem("-1.5E-3", 16, 4)},
      {"123.4500", DecimalItem("123.4500", 16, 4)},
      {"NaN", DecimalItem("NaN", 16, 0)},
      {"-NaN", DecimalItem("NaN", 16, 0)},
      {"sNaN", DecimalItem("NaN", 16, 0)},
      {"-sNaN", DecimalItem("NaN", 16, 0)},
      {"Infinity", DecimalItem("Infinity", 16, 0)},
      {"-Infinity", DecimalItem("-Infinity", 16, 0)},
  };
  base::ManualClock clock(kNowMicros);
  auto encoder = MakeDtsAvroEncoder(TestOptions(clock));
  std::vector<std::string> values;
  values.reserve(cases.size());
  for (const auto& [text, expected] : cases) {
    values.push_back(
        *EncodeOne(*encoder, Event(Operation::kInsert, table, {}, {Value(model::DecFloat{text})}))
             .value);
  }
  const std::vector<json> decoded = DecodeWithFastavro(values);
  ASSERT_EQ(decoded.size(), cases.size());
  for (size_t i = 0; i < cases.size(); ++i) {
    ExpectSameJson(cases[i].second, decoded[i]["afterImages"][0], "DECFLOAT " + cases[i].first);
  }
  EXPECT_EQ(decoded[0]["objectName"], "APP.D");  // no database name: SCHEMA.TABLE
  EXPECT_EQ(decoded[0]["tags"]["pk_uk_info"], "{}");
}

// 38 digits need 128-bit arithmetic; a scale beyond the digits needs leading zeros.
TEST(DtsAvroEncoder, WritesEveryDigitOfWideDecimals) {
  auto table = std::make_shared<TableSchema>();
  table->schema = "APP";
  table->table = "WIDE";
  table->columns = {{.name = "V",
                     .type = Db2Type::kDecimal,
                     .precision = 38,
                     .scale = 10,
                     .nullable = false,
                     .key_position = 1}};
  const std::vector<std::string> texts = {"-9999999999999999999999999999.9999999999",
                                          "1234567890123456789.0123456789", "0.0000000005",
                                          "-0.1000000000", "0.0000000000"};
  base::ManualClock clock(kNowMicros);
  auto encoder = MakeDtsAvroEncoder(TestOptions(clock));
  std::vector<std::string> values;
  values.reserve(texts.size());
  for (const std::string& text : texts) {
    const EncodedRecord record = EncodeOne(
        *encoder, Event(Operation::kInsert, table, {}, {Value(*model::Decimal::Parse(text))}));
    EXPECT_EQ(record.key, text);
    values.push_back(*record.value);
  }
  const std::vector<json> decoded = DecodeWithFastavro(values);
  ASSERT_EQ(decoded.size(), texts.size());
  for (size_t i = 0; i < texts.size(); ++i) {
    ExpectSameJson(DecimalItem(texts[i], 38, 10), decoded[i]["afterImages"][0], texts[i]);
  }
}

TEST(DtsAvroEncoder, KeyIsTheKeyColumnsTextJoinedByBars) {
  auto table = std::make_shared<TableSchema>();
  table->schema = "APP";
  table->table = "K";
  table->columns = {
      {.name = "NOTE", .type = Db2Type::kVarchar, .length = 10},
      {.name = "AT", .type = Db2Type::kTimestamp, .scale = 9, .nullable = false, .key_position = 2},
      {.name = "RAW", .type = Db2Type::kVarbinary, .length = 4, .key_position = 3},
      {.name = "AMOUNT", .type = Db2Type::kDecimal, .precision = 5, .scale = 2, .key_position = 1},
      {.name = "NICK", .type = Db2Type::kVarchar, .length = 10, .key_position = 4},
  };
  const Row row = {Value(model::String{"x"}), Value(Ts({2024, 1, 2}, {3, 4, 5}, 6'000, 9)),
                   Value(model::Bytes{"\xfb\xff"}), Value(model::Decimal{-5, 2}), Value()};
  base::ManualClock clock(kNowMicros);
  auto encoder = MakeDtsAvroEncoder(TestOptions(clock));
  EXPECT_EQ(EncodeOne(*encoder, Event(Operation::kInsert, table, {}, row)).key,
            "-0.05|2024-01-02 03:04:05.000000006|+/8=|");
  // A delete is keyed by its before image; an update by its after image.
  Row after = row;
  after[3] = Value(model::Decimal{700, 2});
  EXPECT_EQ(EncodeOne(*encoder, Event(Operation::kDelete, table, row, {})).key,
            "-0.05|2024-01-02 03:04:05.000000006|+/8=|");
  EXPECT_EQ(EncodeOne(*encoder, Event(Operation::kUpdate, table, row, after)).key,
            "7.00|2024-01-02 03:04:05.000000006|+/8=|");

  // Without a primary key, the first unique key; without either, no key.
  auto unique_only = std::make_shared<TableSchema>(*table);
  for (ColumnSchema& column : unique_only->columns) column.key_position = 0;
  unique_only->unique_keys = {{"UK_NOTE", {"NOTE", "NICK"}}};
  EXPECT_EQ(EncodeOne(*encoder, Event(Operation::kInsert, unique_only, {}, row)).key, "x|");
  auto keyless = std::make_shared<TableSchema>(*unique_only);
  keyless->unique_keys.clear();
  EXPECT_EQ(EncodeOne(*encoder, Event(Operation::kInsert, keyless, {}, row)).key, std::nullopt);
  ChangeEvent ddl = Event(Operation::kDdl, table, {}, {});
  ddl.ddl = "DROP TABLE APP.K";
  EXPECT_EQ(EncodeOne(*encoder, ddl).key, std::nullopt);
}

TEST(DtsAvroEncoder, PkUkInfoListsOnlyKeysWhoseColumnsAreAllPresent) {
  auto table = std::make_shared<TableSchema>(*Orders());
  table->unique_keys = {
      {"UK_GONE", {"NAME", "EXCLUDED"}}, {"PRIMARY", {"QTY"}}, {"UK \"Q\"", {"QTY", "AT"}}};
  base::ManualClock clock(kNowMicros);
  auto encoder = MakeDtsAvroEncoder(TestOptions(clock));
  const std::vector<json> decoded = DecodeWithFastavro(
      {*EncodeOne(*encoder, Event(Operation::kInsert, table, {}, OrderRow(1, "a", 1))).value});
  ASSERT_EQ(decoded.size(), 1U);
  EXPECT_EQ(decoded[0]["tags"]["pk_uk_info"], R"({"PRIMARY":["ID"],"UK \"Q\"":["QTY","AT"]})");
  EXPECT_EQ(json::parse(decoded[0]["tags"]["pk_uk_info"].get<std::string>()),
            json::parse(R"({"PRIMARY":["ID"],"UK \"Q\"":["QTY","AT"]})"));
}

// The DTS SDK caches a table's field list by objectName until metaVersion changes.
TEST(DtsAvroEncoder, MetaVersionAndFieldsFollowTheSchemaObject) {
  base::ManualClock clock(kNowMicros);
  auto encoder = MakeDtsAvroEncoder(TestOptions(clock));
  auto first = Orders();
  auto widened = std::make_shared<TableSchema>(*first);
  widened->columns.push_back({.name = "NOTE", .type = Db2Type::kVarchar, .length = 10});
  Row wide_row = OrderRow(1, "a", 1);
  wide_row.emplace_back(model::String{"n"});
  const std::vector<json> decoded = DecodeWithFastavro(
      {*EncodeOne(*encoder, Event(Operation::kInsert, first, {}, OrderRow(1, "a", 1))).value,
       *EncodeOne(*encoder, Event(Operation::kInsert, widened, {}, wide_row)).value,
       *EncodeOne(*encoder, Event(Operation::kInsert, first, {}, OrderRow(2, "b", 1))).value,
       *EncodeOne(*encoder, Event(Operation::kInsert, Orders(), {}, OrderRow(3, "c", 1))).value});
  ASSERT_EQ(decoded.size(), 4U);
  EXPECT_EQ(decoded[0]["fields"].size(), 4U);
  EXPECT_EQ(decoded[1]["fields"].size(), 5U);
  EXPECT_EQ(decoded[2]["fields"].size(), 4U);
  EXPECT_NE(decoded[0]["tags"]["metaVersion"], decoded[1]["tags"]["metaVersion"]);
  EXPECT_EQ(decoded[0]["tags"]["metaVersion"], decoded[2]["tags"]["metaVersion"]);
  EXPECT_EQ(decoded[0]["tags"]["metaVersion"], decoded[3]["tags"]["metaVersion"]);
}

TEST(DtsAvroEncoder, RejectsAValueThatDoesNotFitNamingTableAndColumn) {
  base::ManualClock clock(kNowMicros);
  auto encoder = MakeDtsAvroEncoder(TestOptions(clock));
  std::vector<EncodedRecord> out(1);  // what the caller already holds stays untouched
  struct Case {
    ChangeEvent event;
    std::string message;
  };
  Row too_precise = OrderRow(1, "a", 1);
  too_precise[2] = Value(model::Decimal{1'234'567'890, 2});
  Row wrong_kind = OrderRow(1, "a", 1);
  wrong_kind[0] = Value(int64_t{1});
  Row null_key = OrderRow(1, "a", 1);
  null_key[0] = Value();
  const Case cases[] = {
      {Event(Operation::kInsert, Orders(), {}, too_precise),
       "dts_avro: APP.ORDERS column QTY: DECIMAL(9,2) cannot hold DECIMAL 12345678.90 (too many "
       "digits)"},
      {Event(Operation::kUpdate, Orders(), wrong_kind, OrderRow(1, "a", 1)),
       "dts_avro: APP.ORDERS column ID: INTEGER cannot hold INT64 1 (wrong kind of value)"},
      {Event(Operation::kDelete, Orders(), null_key, {}),
       "dts_avro: APP.ORDERS column ID: INTEGER cannot hold NULL (the column is NOT NULL)"},
      {Event(Operation::kInsert, Orders(), {}, {Value(int32_t{1})}),
       "dts_avro: APP.ORDERS: a row has 1 values for 4 columns"},
  };
  for (const Case& c : cases) {
    auto status = encoder->Encode(c.event, "topic", out);
    ASSERT_FALSE(status.has_value()) << c.message;
    EXPECT_EQ(status.error().code, base::ErrorCode::kInvalidArgument);
    EXPECT_EQ(status.error().message, c.message);
    EXPECT_EQ(out.size(), 1U);
  }
}

}  // namespace
}  // namespace db2kafka::encode
