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

namespace db2kafka::encode {
namespace {

using model::Db2Type;
using model::Operation;
using model::Row;
using model::Value;
using Json = nlohmann::ordered_json;

constexpr int64_t kNowMicros = 1'700'000'000'123'456;     // 2023-11-14T22:13:20.123456Z
constexpr int64_t kCommitMicros = 1'699'999'999'000'001;  // 2023-11-14T22:13:19.000001Z

// ---- Values and tables ------------------------------------------------------------------------

model::Decimal Dec(std::string_view text) { return model::Decimal::Parse(text).value(); }

model::Timestamp Ts(int16_t year, uint8_t month, uint8_t day, uint8_t hour, uint8_t minute,
                    uint8_t second, int64_t picoseconds, uint8_t precision) {
  int64_t unit = 1;
  for (int i = precision; i < 12; ++i) unit *= 10;
  return {{year, month, day}, {hour, minute, second}, picoseconds - picoseconds % unit, precision};
}

std::string Raw(std::initializer_list<int> bytes) {
  std::string raw;
  for (int byte : bytes) raw.push_back(static_cast<char>(byte));
  return raw;
}

std::shared_ptr<const model::TableSchema> AllTypesTable() {
  auto table = std::make_shared<model::TableSchema>();
  table->database = "SAMPLE";
  table->schema = "APP";
  table->table = "ALL_TYPES";
  table->primary_key_name = "PK_ALL_TYPES";
  table->columns = {
      {.name = "ID", .type = Db2Type::kInteger, .nullable = false, .key_position = 1},
      {.name = "SI", .type = Db2Type::kSmallint},
      {.name = "I", .type = Db2Type::kInteger},
      {.name = "BI", .type = Db2Type::kBigint},
      {.name = "D31", .type = Db2Type::kDecimal, .precision = 31, .scale = 0},
      {.name = "D31S", .type = Db2Type::kDecimal, .precision = 31, .scale = 31},
      {.name = "D", .type = Db2Type::kDecimal, .precision = 15, .scale = 2},
      {.name = "DF16", .type = Db2Type::kDecfloat, .precision = 16},
      {.name = "DF34", .type = Db2Type::kDecfloat, .precision = 34},
      {.name = "R", .type = Db2Type::kReal},
      {.name = "DB", .type = Db2Type::kDouble},
      {.name = "C", .type = Db2Type::kChar, .length = 10},
      {.name = "VC", .type = Db2Type::kVarchar, .length = 100},
      {.name = "LVC", .type = Db2Type::kLongVarchar},
      {.name = "CB", .type = Db2Type::kCharForBitData, .length = 8},
      {.name = "VB", .type = Db2Type::kVarcharForBitData, .length = 16},
      {.name = "LVB", .type = Db2Type::kLongVarcharForBitData},
      {.name = "BIN", .type = Db2Type::kBinary, .length = 4},
      {.name = "VBIN", .type = Db2Type::kVarbinary, .length = 8},
      {.name = "G", .type = Db2Type::kGraphic, .length = 4},
      {.name = "VG", .type = Db2Type::kVargraphic, .length = 10},
      {.name = "LVG", .type = Db2Type::kLongVargraphic},
      {.name = "DT", .type = Db2Type::kDate},
      {.name = "TM", .type = Db2Type::kTime},
      {.name = "TS0", .type = Db2Type::kTimestamp, .scale = 0},
      {.name = "TS3", .type = Db2Type::kTimestamp, .scale = 3},
      {.name = "TS6", .type = Db2Type::kTimestamp, .scale = 6},
      {.name = "TS9", .type = Db2Type::kTimestamp, .scale = 9},
      {.name = "TS12", .type = Db2Type::kTimestamp, .scale = 12},
      {.name = "CL", .type = Db2Type::kClob, .length = 1000},
      {.name = "BL", .type = Db2Type::kBlob, .length = 1000},
      {.name = "DBCL", .type = Db2Type::kDbclob, .length = 100},
      {.name = "X", .type = Db2Type::kXml},
      {.name = "BO", .type = Db2Type::kBoolean},
  };
  return table;
}

// A row with every timestamp column at the same instant, each at its column's precision.
void SetTimestamps(Row& row, int16_t year, uint8_t month, uint8_t day, uint8_t hour, uint8_t minute,
                   uint8_t second, int64_t picoseconds) {
  const uint8_t precisions[] = {0, 3, 6, 9, 12};
  for (size_t i = 0; i < 5; ++i) {
    row[24 + i] = Ts(year, month, day, hour, minute, second, picoseconds, precisions[i]);
  }
}

// The lowest value of every type; TS9 and TS12 fall outside NanoTimestamp's range.
Row MinRow() {
  Row row = {1,
             int16_t{-32768},
             std::numeric_limits<int32_t>::min(),
             std::numeric_limits<int64_t>::min(),
             Dec("-9999999999999999999999999999999"),
             Dec("-0.9999999999999999999999999999999"),
             Dec("-9999999999999.99"),
             model::DecFloat{"-9.999999999999999E+384"},
             model::DecFloat{"-1E-100"},
             -3.4028235e38F,
             std::numeric_limits<double>::lowest(),
             model::String{""},
             model::String{""},
             model::String{""},
             model::Bytes{std::string(8, '\0')},
             model::Bytes{""},
             model::Bytes{std::string(1, '\0')},
             model::Bytes{std::string(4, '\0')},
             model::Bytes{""},
             model::String{""},
             model::String{""},
             model::String{""},
             model::Date{1, 1, 1},
             model::Time{0, 0, 0},
             {},
             {},
             {},
             {},
             {},
             model::String{""},
             model::Bytes{""},
             model::String{""},
             model::Xml{"<a/>"},
             false};
  SetTimestamps(row, 1, 1, 1, 0, 0, 0, 0);
  return row;
}

Row MaxRow() {
  Row row = {2,
             int16_t{32767},
             std::numeric_limits<int32_t>::max(),
             std::numeric_limits<int64_t>::max(),
             Dec("9999999999999999999999999999999"),
             Dec("0.9999999999999999999999999999999"),
             Dec("9999999999999.99"),
             model::DecFloat{"9.999999999999999E+384"},
             model::DecFloat{"1.5E+40"},
             3.4028235e38F,
             std::numeric_limits<double>::max(),
             model::String{"abcdefghij"},
             model::String{"h\xC3\xA9llo w\xC3\xB6rld \xE4\xB8\xAD\xE6\x96\x87 \xF0\x9F\x98\x80 "
                           "\"quoted\" \\back\n\ttab\x01"},
             model::String{"long varchar"},
             model::Bytes{Raw({0xDE, 0xAD, 0xBE, 0xEF, 0x00, 0xC0, 0xFF, 0xEE})},
             model::Bytes{Raw({0x00, 0xFF, 0x00})},
             model::Bytes{Raw({0xFF, 0xFE, 0xFD, 0x00, 0x01})},
             model::Bytes{Raw({0xFF, 0xFF, 0xFF, 0xFF})},
             model::Bytes{Raw({0, 1, 2, 3, 4, 5, 6, 7})},
             model::String{"\xE5\x85\xA8\xE8\xA7\x92"},
             model::String{"\xEF\xBD\xB6\xEF\xBE\x80\xEF\xBD\xB6\xEF\xBE\x85"},
             model::String{"long vargraphic"},
             model::Date{9999, 12, 31},
             model::Time{23, 59, 59},
             {},
             {},
             {},
             {},
             {},
             model::String{"clob \xE2\x9C\x93"},
             model::Bytes{Raw({0x00, 0x00, 0x01})},
             model::String{"dbclob"},
             model::Xml{"<doc a=\"1\">\xC3\xA9</doc>"},
             true};
  SetTimestamps(row, 9999, 12, 31, 23, 59, 59, 999'999'999'999);
  return row;
}

Row NullRow() {
  Row row(AllTypesTable()->columns.size());
  row[0] = 3;
  return row;
}

// Zeros, the Unix epoch, 24:00:00 and leap day, every timestamp digit different.
Row TypicalRow() {
  Row row = MaxRow();
  row[0] = 4;
  row[1] = int16_t{0};
  row[2] = 0;
  row[3] = int64_t{0};
  row[4] = Dec("0");
  row[5] = Dec("0.0000000000000000000000000000000");
  row[6] = Dec("-0.01");
  row[7] = model::DecFloat{"1.50"};
  row[8] = model::DecFloat{"-0"};
  row[9] = 0.1F;
  row[10] = 0.1;
  row[11] = model::String{"a         "};
  row[22] = model::Date{1970, 1, 1};
  row[23] = model::Time{24, 0, 0};
  SetTimestamps(row, 2024, 2, 29, 13, 14, 15, 123'456'789'012);
  return row;
}

// Before the epoch, exponents that Java writes in E notation, a 34-digit DECFLOAT.
Row NegativeEpochRow() {
  Row row = MaxRow();
  row[0] = 5;
  row[6] = Dec("5.00");
  row[7] = model::DecFloat{"1.23E+5"};
  row[8] = model::DecFloat{"-12345678901234567890123456789012.34"};
  row[9] = 1e-4F;
  row[10] = 1e7;
  row[22] = model::Date{1969, 12, 31};
  SetTimestamps(row, 1969, 12, 31, 23, 59, 59, 500'000'000'000);
  return row;
}

std::vector<Row> AllTypesRows() {
  return {MinRow(), MaxRow(), NullRow(), TypicalRow(), NegativeEpochRow()};
}

std::shared_ptr<const model::TableSchema> OrdersTable() {
  auto table = std::make_shared<model::TableSchema>();
  table->database = "SAMPLE";
  table->schema = "APP";
  table->table = "ORDERS";
  table->primary_key_name = "PK_ORDERS";
  table->columns = {
      {.name = "ID", .type = Db2Type::kInteger, .nullable = false, .key_position = 1},
      {.name = "NAME", .type = Db2Type::kVarchar, .length = 20},
      {.name = "AMOUNT", .type = Db2Type::kDecimal, .precision = 10, .scale = 2, .nullable = false},
  };
  return table;
}

std::shared_ptr<const model::TableSchema> KeylessTable() {
  auto table = std::make_shared<model::TableSchema>();
  table->database = "SAMPLE";
  table->schema = "APP";
  table->table = "LOG";
  table->columns = {{.name = "MSG", .type = Db2Type::kVarchar, .length = 50}};
  return table;
}

std::shared_ptr<const model::TableSchema> UniqueKeyTable() {
  auto table = std::make_shared<model::TableSchema>();
  table->database = "SAMPLE";
  table->schema = "APP";
  table->table = "CODES";
  table->columns = {{.name = "N", .type = Db2Type::kInteger},
                    {.name = "CODE", .type = Db2Type::kChar, .length = 3, .nullable = false}};
  table->unique_keys = {{.name = "UQ_CODES", .columns = {"CODE"}}};
  return table;
}

model::Position StreamPosition(uint8_t last) {
  std::string commit(16, '\0');
  std::string intent(16, '\0');
  commit[7] = 0x2A;
  commit[15] = static_cast<char>(last);
  intent[6] = 0x01;
  intent[15] = static_cast<char>(last + 1);
  return {commit, intent};
}

model::ChangeEvent Event(Operation operation, std::shared_ptr<const model::TableSchema> table,
                         Row before, Row after) {
  model::ChangeEvent event;
  event.operation = operation;
  event.table = std::move(table);
  event.before = std::move(before);
  event.after = std::move(after);
  event.commit_time_us = kCommitMicros;
  if (operation != Operation::kSnapshotRead) {
    event.position = StreamPosition(1);
    event.transaction_id = "00000000000000a1";
    event.order_in_transaction = 1;
  }
  return event;
}

// What the encoder logs while it lives; logging goes back to stderr after.
class CapturedLog {
 public:
  CapturedLog() {
    base::Logger::Default().SetSink([this](std::string_view line) { lines_.emplace_back(line); });
  }
  ~CapturedLog() { base::Logger::Default().SetSink({}); }
  CapturedLog(const CapturedLog&) = delete;
  CapturedLog& operator=(const CapturedLog&) = delete;
  const std::vector<std::string>& lines() const { return lines_; }

 private:
  std::vector<std::string> lines_;
};

struct Fixture {
  explicit Fixture(DecimalHandling decimal_handling = DecimalHandling::kPrecise,
                   bool tombstones = true)
      : clock(kNowMicros),
        encoder(EncoderOptions{.format = Format::kDebeziumJson,
                               .clock = &clock,
                               .logical_name = "db2server",
                               .decimal_handling = decimal_handling,
                               .tombstones_on_delete = tombstones}) {}

  std::vector<EncodedRecord> EncodeAll(const std::vector<model::ChangeEvent>& events) {
    std::vector<EncodedRecord> records;
    for (const model::ChangeEvent& event : events) {
      auto status = encoder.Encode(event, "db2server.APP.T", records);
      EXPECT_TRUE(status.has_value()) << status.error().ToString();
    }
    return records;
  }

  base::ManualClock clock;
  DebeziumJsonEncoder encoder;
};

// ---- Golden files and the schema/payload agreement --------------------------------------------

// "key <json>" and "value <json>" per record ("null" when absent). With payload_only, a value whose
// schema equals the first value's is written as "payload <its payload>".
std::string GoldenText(const std::vector<EncodedRecord>& records, bool payload_only) {
  std::string text;
  std::string first_schema;
  for (const EncodedRecord& record : records) {
    text += "key " + record.key.value_or("null") + "\n";
    if (!record.value) {
      text += "value null\n";
      continue;
    }
    const std::string& value = *record.value;
    const size_t payload_at = value.find(R"(,"payload":)");
    const std::string schema = value.substr(0, payload_at);
    if (payload_only && !first_schema.empty() && schema == first_schema) {
      text += "payload " + value.substr(payload_at + 11, value.size() - payload_at - 12) + "\n";
      continue;
    }
    if (first_schema.empty()) first_schema = schema;
    text += "value " + value + "\n";
  }
  return text;
}

void ExpectGolden(const std::string& name, std::string actual) {
  const std::string version(detail::DebeziumSourceVersion());
  for (size_t at = 0; (at = actual.find(version, at)) != std::string::npos;) {
    actual.replace(at, version.size(), "@VERSION@");
  }
  const std::string path =
      std::string(DB2KAFKA_SOURCE_DIR) + "/src/encode/tests/testdata/debezium_json/" + name;
  if (std::getenv("DB2KAFKA_UPDATE_GOLDEN") != nullptr) {
    std::ofstream(path, std::ios::binary) << actual;
    return;
  }
  std::ifstream file(path, std::ios::binary);
  ASSERT_TRUE(file) << path << " is missing; DB2KAFKA_UPDATE_GOLDEN=1 writes it";
  std::stringstream expected;
  expected << file.rdbuf();
  EXPECT_EQ(expected.str(), actual) << "golden " << path;
}

// The payload has exactly the schema's fields, in its order, with JSON types that fit.
void ExpectPayloadFollowsSchema(const Json& schema, const Json& payload, const std::string& where) {
  if (payload.is_null()) {
    EXPECT_TRUE(schema["optional"].get<bool>() || schema.contains("default")) << where;
    return;
  }
  const std::string type = schema["type"];
  if (type == "struct") {
    ASSERT_TRUE(payload.is_object()) << where;
    std::vector<std::string> schema_fields;
    std::vector<std::string> payload_fields;
    for (const Json& field : schema["fields"]) schema_fields.push_back(field["field"]);
    for (const auto& [name, value] : payload.items()) payload_fields.push_back(name);
    ASSERT_EQ(schema_fields, payload_fields) << where;
    for (const Json& field : schema["fields"]) {
      const std::string name = field["field"];
      std::string path = where;
      path.append(".").append(name);
      ExpectPayloadFollowsSchema(field, payload[name], path);
    }
  } else if (type == "array") {
    ASSERT_TRUE(payload.is_array()) << where;
    for (const Json& item : payload) {
      ExpectPayloadFollowsSchema(schema["items"], item, where + "[]");
    }
  } else if (type == "int16" || type == "int32" || type == "int64") {
    EXPECT_TRUE(payload.is_number_integer()) << where;
  } else if (type == "float" || type == "double") {
    EXPECT_TRUE(payload.is_number() || payload.is_string()) << where;
  } else if (type == "boolean") {
    EXPECT_TRUE(payload.is_boolean()) << where;
  } else {
    EXPECT_TRUE(payload.is_string()) << where << " " << type;
  }
}

void ExpectWellFormed(const std::vector<EncodedRecord>& records) {
  for (const EncodedRecord& record : records) {
    for (const std::optional<std::string>* message : {&record.key, &record.value}) {
      if (!message->has_value()) continue;
      const Json json = Json::parse(**message);
      ASSERT_EQ(json.size(), 2U);
      ExpectPayloadFollowsSchema(json["schema"], json["payload"], "payload");
    }
  }
}

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
      {Dec("99999999999999999999999999999999999999").unscaled, "4b3b4ca85a86c47a098a223fffffffff"},
      {Dec("-99999999999999999999999999999999999999").unscaled, "b4c4b357a5793b85f675ddc000000001"},
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

std::vector<model::ChangeEvent> OrderEvents() {
  const auto orders = OrdersTable();
  const Row first = {1, model::String{"first"}, Dec("10.00")};
  const Row renamed = {1, model::String{"renamed"}, Dec("-0.50")};
  const Row rekeyed = {2, model::String{"renamed"}, Dec("-0.50")};
  std::vector<model::ChangeEvent> events = {
      Event(Operation::kSnapshotRead, orders, {}, first),
      Event(Operation::kInsert, orders, {}, first),
      Event(Operation::kUpdate, orders, first, renamed),
      Event(Operation::kUpdate, orders, {}, renamed),       // no before image
      Event(Operation::kUpdate, orders, renamed, rekeyed),  // key change
      Event(Operation::kDelete, orders, rekeyed, {}),
  };
  for (size_t i = 1; i < events.size(); ++i) {
    events[i].position = StreamPosition(static_cast<uint8_t>(2 * i));
  }
  return events;
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
  const Row row = {1, model::String{"a"}, Dec("1.00")};
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
  const Row row = {1, int64_t{5}, Dec("1.00")};
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
  const Row row = {1, model::String{"a"}, Dec("1.00"), Ts(1, 1, 1, 0, 0, 0, 0, 9)};
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
    const Row before = {1, model::String{"a"}, Dec("1.00"), model::DecFloat{"1"}};
    const Row after = {2, model::String{"a"}, Dec("1.00"), model::DecFloat{text}};
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

// ---- Kafka Connect's JsonConverter reads what we write ----------------------------------------

std::string KafkaToolsDirectory() {
  if (const char* cache = std::getenv("DB2KAFKA_CACHE"); cache != nullptr && *cache != '\0') {
    return std::string(cache) + "/kafka-3.9.1/tools";
  }
  const char* xdg = std::getenv("XDG_CACHE_HOME");
  const char* home = std::getenv("HOME");
  const std::string base =
      xdg != nullptr && *xdg != '\0' ? std::string(xdg) : std::string(home ? home : "") + "/.cache";
  return base + "/db2kafka/kafka-3.9.1/tools";
}

// ConnectJsonCheck.java's line for each message; empty after a failure.
std::vector<Json> ReadWithJsonConverter(const std::vector<std::string>& messages) {
  const std::string tools = KafkaToolsDirectory();
  if (!std::filesystem::exists(tools + "/connect-json-3.9.1.jar")) {
    ADD_FAILURE() << "Kafka Connect's JsonConverter (connect-json-3.9.1.jar) is not in " << tools
                  << "; run make deps";
    return {};
  }
  const std::string input = testing::TempDir() + "/debezium_json_messages.txt";
  const std::string output = testing::TempDir() + "/debezium_json_connect.txt";
  {
    std::ofstream file(input, std::ios::binary);
    for (const std::string& message : messages) file << message << '\n';
  }
  const std::string errors = testing::TempDir() + "/debezium_json_connect_errors.txt";
  const std::string command = "java -cp '" + tools + "/*' " + DB2KAFKA_SOURCE_DIR +
                              "/src/encode/tests/ConnectJsonCheck.java " + input + " > " + output +
                              " 2> " + errors;
  if (std::system(command.c_str()) != 0) {
    std::ifstream error_file(errors);
    std::stringstream error_text;
    error_text << error_file.rdbuf();
    ADD_FAILURE() << "the JVM could not run: " << command << "\n" << error_text.str();
    return {};
  }
  std::vector<Json> lines;
  std::ifstream file(output, std::ios::binary);
  for (std::string line; std::getline(file, line);) lines.push_back(Json::parse(line));
  return lines;
}

struct ExpectedField {
  std::string type;
  std::string name;  // empty: no logical name
  Json parameters;   // null: none
};

// Debezium's Db2 mapping (time.precision.mode adaptive) as ConnectJsonCheck prints Connect types.
ExpectedField ExpectedFieldOf(const model::ColumnSchema& column, DecimalHandling mode) {
  switch (column.type) {
    case Db2Type::kSmallint:
      return {"int16", "", nullptr};
    case Db2Type::kInteger:
      return {"int32", "", nullptr};
    case Db2Type::kBigint:
      return {"int64", "", nullptr};
    case Db2Type::kDecimal:
      if (mode == DecimalHandling::kPrecise) {
        return {"bytes", "org.apache.kafka.connect.data.Decimal",
                Json{{"scale", std::to_string(column.scale)},
                     {"connect.decimal.precision", std::to_string(column.precision)}}};
      }
      return {mode == DecimalHandling::kString ? "string" : "float64", "", nullptr};
    case Db2Type::kDecfloat:
      if (mode == DecimalHandling::kPrecise) {
        return {"struct", "io.debezium.data.VariableScaleDecimal", nullptr};
      }
      return {mode == DecimalHandling::kString ? "string" : "float64", "", nullptr};
    case Db2Type::kReal:
      return {"float32", "", nullptr};
    case Db2Type::kDouble:
      return {"float64", "", nullptr};
    case Db2Type::kDate:
      return {"int32", "io.debezium.time.Date", nullptr};
    case Db2Type::kTime:
      return {"int32", "io.debezium.time.Time", nullptr};
    case Db2Type::kTimestamp:
      return {"int64",
              column.scale <= 3   ? "io.debezium.time.Timestamp"
              : column.scale <= 6 ? "io.debezium.time.MicroTimestamp"
                                  : "io.debezium.time.NanoTimestamp",
              nullptr};
    case Db2Type::kXml:
      return {"string", "io.debezium.data.Xml", nullptr};
    case Db2Type::kBoolean:
      return {"boolean", "", nullptr};
    default:
      return {
          model::InfoOf(column.type).value_kind == model::ValueKind::kBytes ? "bytes" : "string",
          "", nullptr};
  }
}

// What ConnectJsonCheck prints for a value, derived from the model's own text forms; a
// floating-point result is the number the printed text must read back to.
Json ExpectedLogical(const model::ColumnSchema& column, const Value& value, DecimalHandling mode) {
  switch (value.kind()) {
    case model::ValueKind::kNull:
      return nullptr;
    case model::ValueKind::kInt16:
      return value.As<int16_t>();
    case model::ValueKind::kInt32:
      return value.As<int32_t>();
    case model::ValueKind::kInt64:
      return value.As<int64_t>();
    case model::ValueKind::kDecimal: {
      const std::string text = value.As<model::Decimal>().ToString();
      return mode == DecimalHandling::kDouble ? Json(std::strtod(text.c_str(), nullptr))
                                              : Json(text);
    }
    case model::ValueKind::kDecFloat: {
      std::string text = value.As<model::DecFloat>().FiniteDecimal().value().ToString();
      if (mode == DecimalHandling::kDouble) return std::strtod(text.c_str(), nullptr);
      if (mode == DecimalHandling::kPrecise && text.find('.') != std::string::npos) {
        text.erase(text.find_last_not_of('0') + 1);  // BigDecimal.stripTrailingZeros()
        if (text.back() == '.') text.pop_back();
      }
      return text;
    }
    case model::ValueKind::kFloat32:
      return static_cast<double>(value.As<float>());
    case model::ValueKind::kFloat64:
      return value.As<double>();
    case model::ValueKind::kString:
      return value.As<model::String>().utf8;
    case model::ValueKind::kXml:
      return value.As<model::Xml>().utf8;
    case model::ValueKind::kBytes:
      return base::HexLower(value.As<model::Bytes>().data);
    case model::ValueKind::kDate:
      return value.As<model::Date>().ToString();
    case model::ValueKind::kTime: {
      const auto& time = value.As<model::Time>();
      char text[16];
      std::snprintf(text, sizeof text, "%02d:%02d:%02d.000", time.hour % 24, time.minute,
                    time.second);
      return text;
    }
    case model::ValueKind::kTimestamp: {
      model::Timestamp timestamp = value.As<model::Timestamp>();
      const int digits = column.scale <= 3 ? 3 : column.scale <= 6 ? 6 : 9;
      if (digits == 9 && std::abs(timestamp.EpochSeconds()) > 9'223'372'036) return nullptr;
      int64_t unit = 1;
      for (int i = digits; i < 12; ++i) unit *= 10;
      timestamp.precision = static_cast<uint8_t>(digits);
      timestamp.picoseconds -= timestamp.picoseconds % unit;
      return timestamp.ToString();
    }
    case model::ValueKind::kBoolean:
      return value.As<bool>();
  }
  return nullptr;
}

void ExpectLogicalEquals(const Json& expected, const Json& actual, bool float32,
                         const std::string& where) {
  if (!expected.is_number_float()) {
    EXPECT_EQ(expected, actual) << where;
    return;
  }
  ASSERT_TRUE(actual.is_string()) << where << ": " << actual;
  const std::string text = actual;
  if (std::isinf(expected.get<double>())) {
    // We write "Infinity" as JsonConverter does, but its reader takes any string for 0.0.
    EXPECT_EQ(text, "0.0") << where;
    return;
  }
  if (float32) {
    EXPECT_EQ(std::strtof(text.c_str(), nullptr), static_cast<float>(expected.get<double>()))
        << where << ": " << text;
  } else {
    EXPECT_EQ(std::strtod(text.c_str(), nullptr), expected.get<double>()) << where << ": " << text;
  }
}

std::vector<std::string> FieldNames(const Json& struct_schema) {
  std::vector<std::string> names;
  for (const Json& field : struct_schema["fields"]) names.push_back(field["name"]);
  return names;
}

std::string ExpectedLsn(const std::string& bytes) {
  std::string hex = base::HexLower(bytes);
  hex.insert(16, ":");
  hex.insert(8, ":");
  return hex;
}

// One all-types record read back: the key, the Envelope, the source and every column's value.
void ExpectAllTypesRecord(const Json& key, const Json& value, const Row& row, Operation operation,
                          DecimalHandling mode) {
  const auto table = AllTypesTable();
  EXPECT_EQ(key["schema"]["name"], "db2server.APP.ALL_TYPES.Key");
  EXPECT_EQ(key["schema"]["optional"], false);
  EXPECT_EQ(FieldNames(key["schema"]), std::vector<std::string>{"ID"});
  EXPECT_EQ(key["value"], (Json{{"ID", row[0].As<int32_t>()}}));

  const Json& schema = value["schema"];
  EXPECT_EQ(schema["name"], "db2server.APP.ALL_TYPES.Envelope");
  EXPECT_EQ(schema["version"], 2);
  EXPECT_EQ(FieldNames(schema),
            (std::vector<std::string>{"before", "after", "source", "op", "ts_ms", "ts_us", "ts_ns",
                                      "transaction"}));
  const Json& after_schema = schema["fields"][1]["schema"];
  EXPECT_EQ(after_schema["name"], "db2server.APP.ALL_TYPES.Value");
  EXPECT_EQ(after_schema["optional"], true);
  const Json& source_schema = schema["fields"][2]["schema"];
  EXPECT_EQ(source_schema["name"], "io.debezium.connector.db2.Source");
  EXPECT_EQ(FieldNames(source_schema),
            (std::vector<std::string>{"version", "connector", "name", "ts_ms", "snapshot", "db",
                                      "sequence", "ts_us", "ts_ns", "schema", "table", "change_lsn",
                                      "commit_lsn"}));
  EXPECT_EQ(schema["fields"][7]["schema"]["name"], "event.block");

  const Json& payload = value["value"];
  const bool snapshot = operation == Operation::kSnapshotRead;
  EXPECT_EQ(payload["op"], snapshot ? "r" : "c");
  EXPECT_EQ(payload["before"], nullptr);
  EXPECT_EQ(payload["ts_ms"], kNowMicros / 1000);
  EXPECT_EQ(payload["ts_us"], kNowMicros);
  EXPECT_EQ(payload["ts_ns"], kNowMicros * 1000);
  EXPECT_EQ(payload["transaction"], nullptr);
  const Json& source = payload["source"];
  EXPECT_EQ(source["version"], std::string(detail::DebeziumSourceVersion()));
  EXPECT_EQ(source["connector"], "db2");
  EXPECT_EQ(source["name"], "db2server");
  EXPECT_EQ(source["ts_ms"], kCommitMicros / 1000);
  EXPECT_EQ(source["ts_us"], kCommitMicros);
  EXPECT_EQ(source["ts_ns"], kCommitMicros * 1000);
  EXPECT_EQ(source["snapshot"], snapshot ? "true" : "false");
  EXPECT_EQ(source["db"], "SAMPLE");
  EXPECT_EQ(source["sequence"], nullptr);
  EXPECT_EQ(source["schema"], "APP");
  EXPECT_EQ(source["table"], "ALL_TYPES");
  const model::Position position = StreamPosition(1);
  EXPECT_EQ(source["change_lsn"], snapshot ? Json() : Json(ExpectedLsn(position.intent_sequence)));
  EXPECT_EQ(source["commit_lsn"], snapshot ? Json() : Json(ExpectedLsn(position.commit_sequence)));

  for (size_t i = 0; i < table->columns.size(); ++i) {
    const model::ColumnSchema& column = table->columns[i];
    const std::string where = "column " + column.name + " of row ID " + row[0].DebugString();
    const Json& field = after_schema["fields"][i];
    ASSERT_EQ(field["name"], column.name) << where;
    const ExpectedField expected = ExpectedFieldOf(column, mode);
    EXPECT_EQ(field["schema"]["type"], expected.type) << where;
    EXPECT_EQ(field["schema"].value("name", ""), expected.name) << where;
    EXPECT_EQ(field["schema"].value("parameters", Json()), expected.parameters) << where;
    EXPECT_EQ(field["schema"]["optional"], column.nullable) << where;
    ExpectLogicalEquals(ExpectedLogical(column, row[i], mode), payload["after"][column.name],
                        column.type == Db2Type::kReal, where);
  }
}

TEST(DebeziumJsonEncoder, KafkaConnectJsonConverterReadsEveryRecordBackUnchanged) {
  const CapturedLog log;  // the out-of-range NanoTimestamp warnings, tested above
  struct Batch {
    DecimalHandling mode;
    Operation operation;
    size_t first_message;
  };
  std::vector<Batch> batches;
  std::vector<std::string> messages;
  auto add_messages = [&](const std::vector<EncodedRecord>& records) {
    for (const EncodedRecord& record : records) {
      if (!record.value) continue;  // a tombstone's key is the delete's, read already
      if (record.key) messages.push_back(*record.key);
      messages.push_back(*record.value);
    }
  };
  const std::tuple<DecimalHandling, Operation> modes[] = {
      {DecimalHandling::kPrecise, Operation::kInsert},
      {DecimalHandling::kString, Operation::kSnapshotRead},
      {DecimalHandling::kDouble, Operation::kInsert},
  };
  for (const auto& [mode, operation] : modes) {
    Fixture fixture(mode);
    std::vector<model::ChangeEvent> events;
    const auto table = AllTypesTable();
    for (const Row& row : AllTypesRows()) events.push_back(Event(operation, table, {}, row));
    batches.push_back({mode, operation, messages.size()});
    add_messages(fixture.EncodeAll(events));
  }
  const size_t operations_at = messages.size();
  Fixture fixture;
  add_messages(fixture.EncodeAll(OrderEvents()));
  const size_t others_at = messages.size();
  model::ChangeEvent heartbeat;
  heartbeat.operation = Operation::kHeartbeat;
  model::ChangeEvent alter = Event(Operation::kDdl, OrdersTable(), {}, {});
  alter.ddl = "ALTER TABLE APP.ORDERS ADD COLUMN NOTE VARCHAR(20)";
  add_messages(fixture.EncodeAll({heartbeat, alter}));
  add_messages(fixture.EncodeAll({Event(Operation::kInsert, KeylessTable(), {}, {Value()})}));

  const std::vector<Json> read = ReadWithJsonConverter(messages);
  ASSERT_EQ(read.size(), messages.size());
  for (size_t i = 0; i < read.size(); ++i) {
    ASSERT_FALSE(read[i].contains("error")) << read[i]["error"] << "\nmessage: " << messages[i];
    // What JsonConverter writes for the schema and value it read is byte for byte our message,
    // but for the infinities its reader turns into 0.0 (it reads any JSON string as 0.0).
    std::string expected = messages[i];
    for (const std::string infinity : {R"(:"Infinity")", R"(:"-Infinity")"}) {
      for (size_t at = 0; (at = expected.find(infinity, at)) != std::string::npos;) {
        expected.replace(at, infinity.size(), ":0.0");
      }
    }
    EXPECT_EQ(read[i]["roundtrip"], expected) << "message " << i;
  }

  for (const Batch& batch : batches) {
    const std::vector<Row> rows = AllTypesRows();
    for (size_t r = 0; r < rows.size(); ++r) {
      const size_t at = batch.first_message + 2 * r;
      ExpectAllTypesRecord(read[at], read[at + 1], rows[r], batch.operation, batch.mode);
    }
  }

  // r, c, u, u, d + c (the key change), d: keys and values alternate, tombstones left out.
  std::vector<std::string> ops;
  for (size_t i = operations_at + 1; i < others_at; i += 2) ops.push_back(read[i]["value"]["op"]);
  EXPECT_EQ(ops, (std::vector<std::string>{"r", "c", "u", "u", "d", "c", "d"}));
  EXPECT_EQ(read[operations_at + 5]["value"]["before"],
            (Json{{"ID", 1}, {"NAME", "first"}, {"AMOUNT", "10.00"}}));
  EXPECT_EQ(read[operations_at + 5]["value"]["after"],
            (Json{{"ID", 1}, {"NAME", "renamed"}, {"AMOUNT", "-0.50"}}));

  EXPECT_EQ(read[others_at]["schema"]["name"], "io.debezium.connector.common.ServerNameKey");
  EXPECT_EQ(read[others_at]["value"], (Json{{"serverName", "db2server"}}));
  EXPECT_EQ(read[others_at + 1]["schema"]["name"], "io.debezium.connector.common.Heartbeat");
  EXPECT_EQ(read[others_at + 1]["value"], (Json{{"ts_ms", kNowMicros / 1000}}));
  EXPECT_EQ(read[others_at + 2]["value"], (Json{{"databaseName", "SAMPLE"}}));
  const Json& change = read[others_at + 3];
  EXPECT_EQ(change["schema"]["name"], "io.debezium.connector.db2.SchemaChangeValue");
  const Json& table_change = change["value"]["tableChanges"][0];
  EXPECT_EQ(table_change["type"], "ALTER");
  EXPECT_EQ(table_change["id"], R"("SAMPLE"."APP"."ORDERS")");
  EXPECT_EQ(table_change["table"]["primaryKeyColumnNames"], (Json{"ID"}));
  const Json& amount = table_change["table"]["columns"][2];
  EXPECT_EQ(amount["name"], "AMOUNT");
  EXPECT_EQ(amount["jdbcType"], 3);
  EXPECT_EQ(amount["length"], 10);
  EXPECT_EQ(amount["scale"], 2);
  EXPECT_EQ(amount["position"], 3);
  EXPECT_EQ(amount["optional"], false);
  // The keyless table's record has no key: its value is the last message.
  EXPECT_EQ(read.back()["schema"]["name"], "db2server.APP.LOG.Envelope");
}

}  // namespace
}  // namespace db2kafka::encode
