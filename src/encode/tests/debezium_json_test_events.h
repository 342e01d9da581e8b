// Tables, rows, events and checks the debezium_json tests share: its golden output and the
// Kafka Connect JsonConverter read-back (debezium_json_connect_test.cc) encode the same rows.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/logger.h"
#include "encode/debezium_json_encoder.h"
#include "encode/detail/debezium_schema.h"
#include "encode/tests/test_events.h"

namespace db2kafka::encode::debezium_test {

using model::Db2Type;
using model::Operation;
using model::Row;
using model::Value;
using test_events::ParseDecimal;
using Json = nlohmann::ordered_json;

constexpr int64_t kNowMicros = 1'700'000'000'123'456;     // 2023-11-14T22:13:20.123456Z
constexpr int64_t kCommitMicros = 1'699'999'999'000'001;  // 2023-11-14T22:13:19.000001Z

// ---- Values and tables ------------------------------------------------------------------------

inline model::Timestamp Ts(int16_t year, uint8_t month, uint8_t day, uint8_t hour, uint8_t minute,
                           uint8_t second, int64_t picoseconds, uint8_t precision) {
  int64_t unit = 1;
  for (int i = precision; i < 12; ++i) unit *= 10;
  return {{year, month, day}, {hour, minute, second}, picoseconds - picoseconds % unit, precision};
}

inline std::string Raw(std::initializer_list<int> bytes) {
  std::string raw;
  for (int byte : bytes) raw.push_back(static_cast<char>(byte));
  return raw;
}

inline std::shared_ptr<const model::TableSchema> AllTypesTable() {
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
inline void SetTimestamps(Row& row, int16_t year, uint8_t month, uint8_t day, uint8_t hour,
                          uint8_t minute, uint8_t second, int64_t picoseconds) {
  const uint8_t precisions[] = {0, 3, 6, 9, 12};
  for (size_t i = 0; i < 5; ++i) {
    row[24 + i] = Ts(year, month, day, hour, minute, second, picoseconds, precisions[i]);
  }
}

// The lowest value of every type; TS9 and TS12 fall outside NanoTimestamp's range.
inline Row MinRow() {
  Row row = {1,
             int16_t{-32768},
             std::numeric_limits<int32_t>::min(),
             std::numeric_limits<int64_t>::min(),
             ParseDecimal("-9999999999999999999999999999999"),
             ParseDecimal("-0.9999999999999999999999999999999"),
             ParseDecimal("-9999999999999.99"),
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

inline Row MaxRow() {
  Row row = {2,
             int16_t{32767},
             std::numeric_limits<int32_t>::max(),
             std::numeric_limits<int64_t>::max(),
             ParseDecimal("9999999999999999999999999999999"),
             ParseDecimal("0.9999999999999999999999999999999"),
             ParseDecimal("9999999999999.99"),
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

inline Row NullRow() {
  Row row(AllTypesTable()->columns.size());
  row[0] = 3;
  return row;
}

// Zeros, the Unix epoch, 24:00:00 and leap day, every timestamp digit different.
inline Row TypicalRow() {
  Row row = MaxRow();
  row[0] = 4;
  row[1] = int16_t{0};
  row[2] = 0;
  row[3] = int64_t{0};
  row[4] = ParseDecimal("0");
  row[5] = ParseDecimal("0.0000000000000000000000000000000");
  row[6] = ParseDecimal("-0.01");
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
inline Row NegativeEpochRow() {
  Row row = MaxRow();
  row[0] = 5;
  row[6] = ParseDecimal("5.00");
  row[7] = model::DecFloat{"1.23E+5"};
  row[8] = model::DecFloat{"-12345678901234567890123456789012.34"};
  row[9] = 1e-4F;
  row[10] = 1e7;
  row[22] = model::Date{1969, 12, 31};
  SetTimestamps(row, 1969, 12, 31, 23, 59, 59, 500'000'000'000);
  return row;
}

inline std::vector<Row> AllTypesRows() {
  return {MinRow(), MaxRow(), NullRow(), TypicalRow(), NegativeEpochRow()};
}

inline std::shared_ptr<const model::TableSchema> OrdersTable() {
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

inline std::shared_ptr<const model::TableSchema> KeylessTable() {
  auto table = std::make_shared<model::TableSchema>();
  table->database = "SAMPLE";
  table->schema = "APP";
  table->table = "LOG";
  table->columns = {{.name = "MSG", .type = Db2Type::kVarchar, .length = 50}};
  return table;
}

inline std::shared_ptr<const model::TableSchema> UniqueKeyTable() {
  auto table = std::make_shared<model::TableSchema>();
  table->database = "SAMPLE";
  table->schema = "APP";
  table->table = "CODES";
  table->columns = {{.name = "N", .type = Db2Type::kInteger},
                    {.name = "CODE", .type = Db2Type::kChar, .length = 3, .nullable = false}};
  table->unique_keys = {{.name = "UQ_CODES", .columns = {"CODE"}}};
  return table;
}

inline model::Position StreamPosition(uint8_t last) {
  std::string commit(16, '\0');
  std::string intent(16, '\0');
  commit[7] = 0x2A;
  commit[15] = static_cast<char>(last);
  intent[6] = 0x01;
  intent[15] = static_cast<char>(last + 1);
  return {commit, intent};
}

inline model::ChangeEvent Event(Operation operation,
                                std::shared_ptr<const model::TableSchema> table, Row before,
                                Row after) {
  model::ChangeEvent event = test_events::MakeEvent(operation, std::move(table), kCommitMicros,
                                                    std::move(before), std::move(after));
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
      test_events::EncodeOk(encoder, event, records, "db2server.APP.T");
    }
    return records;
  }

  base::ManualClock clock;
  DebeziumJsonEncoder encoder;
};

// ---- Golden files and the schema/payload agreement --------------------------------------------

// "key <json>" and "value <json>" per record ("null" when absent). With payload_only, a value whose
// schema equals the first value's is written as "payload <its payload>".
inline std::string GoldenText(const std::vector<EncodedRecord>& records, bool payload_only) {
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

// testdata/debezium_json/<name> holds `actual`, with db2kafka's version as @VERSION@.
inline void ExpectGolden(const std::string& name, std::string actual) {
  const std::string version(detail::DebeziumSourceVersion());
  for (size_t at = 0; (at = actual.find(version, at)) != std::string::npos;) {
    actual.replace(at, version.size(), "@VERSION@");
  }
  test_events::ExpectGoldenFile("debezium_json/" + name, actual);
}

// The payload has exactly the schema's fields, in its order, with JSON types that fit.
inline void ExpectPayloadFollowsSchema(const Json& schema, const Json& payload,
                                       const std::string& where) {
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

inline void ExpectWellFormed(const std::vector<EncodedRecord>& records) {
  for (const EncodedRecord& record : records) {
    for (const std::optional<std::string>* message : {&record.key, &record.value}) {
      if (!message->has_value()) continue;
      const Json json = Json::parse(**message);
      ASSERT_EQ(json.size(), 2U);
      ExpectPayloadFollowsSchema(json["schema"], json["payload"], "payload");
    }
  }
}

inline std::vector<model::ChangeEvent> OrderEvents() {
  const auto orders = OrdersTable();
  const Row first = {1, model::String{"first"}, ParseDecimal("10.00")};
  const Row renamed = {1, model::String{"renamed"}, ParseDecimal("-0.50")};
  const Row rekeyed = {2, model::String{"renamed"}, ParseDecimal("-0.50")};
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

}  // namespace db2kafka::encode::debezium_test
