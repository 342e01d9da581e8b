// Kafka Connect's JsonConverter (ConnectJsonCheck.java, with the Kafka 3.9.1 jars the test setup
// downloads) reads every debezium_json record back to the schema and values we meant.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "base/hex.h"
#include "encode/tests/debezium_json_test_events.h"

namespace db2kafka::encode::debezium_test {
namespace {

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
}  // namespace db2kafka::encode::debezium_test
