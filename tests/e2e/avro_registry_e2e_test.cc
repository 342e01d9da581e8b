// The avro_registry format end to end against the real servers of scripts/testenv: records are
// encoded by our encoder, their schemas registered in the real Schema Registry (Apicurio,
// Confluent API) by our libcurl client, produced to the real Kafka broker by our producer, and
// read back by a consumer that is not ours (confluent_kafka + AvroDeserializer, which fetches each
// writer schema from the registry by the id in the record).
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <limits>
#include <nlohmann/json.hpp>
#include <sstream>

#include "base/status_macros.h"
#include "base/tests/test_env.h"
#include "encode/avro_registry_encoder.h"
#include "kafka/admin.h"
#include "kafka/producer.h"
#include "kafka/tests/kafka_test_env.h"

namespace db2kafka::encode {
namespace {

using base::testing::RequireTestEnv;
using model::ColumnSchema;
using model::Db2Type;
using model::Operation;
using model::Row;
using model::Value;
using ::testing::AllOf;
using ::testing::HasSubstr;

// confluent_kafka's consumer and AvroDeserializer (avro_registry_consume.py consume).
std::vector<nlohmann::json> ConsumeWithConfluent(const std::string& topic, size_t count) {
  const std::string python = base::testing::RequireCheckerPython();
  if (python.empty()) return {};
  const std::string command = python + " " + DB2KAFKA_SOURCE_DIR +
                              "/src/encode/tests/avro_registry_consume.py consume --bootstrap " +
                              RequireTestEnv("KAFKA_BOOTSTRAP") + " --registry " +
                              RequireTestEnv("SCHEMA_REGISTRY_URL") + " --topic " + topic +
                              " --count " + std::to_string(count) + " --timeout 120";
  FILE* pipe = popen(command.c_str(), "r");
  std::string output;
  char buffer[4096];
  while (pipe != nullptr && std::fgets(buffer, sizeof buffer, pipe) != nullptr) output += buffer;
  EXPECT_EQ(pipe != nullptr ? pclose(pipe) : -1, 0) << command << "\n" << output;
  std::vector<nlohmann::json> records;
  std::istringstream lines(output);
  for (std::string line; std::getline(lines, line);) records.push_back(nlohmann::json::parse(line));
  return records;
}

ColumnSchema Column(std::string name, Db2Type type, bool nullable = true, int32_t key_position = 0,
                    int32_t scale = -1) {
  ColumnSchema column{
      .name = std::move(name), .type = type, .nullable = nullable, .key_position = key_position};
  if (model::InfoOf(type).has_length) column.length = 1000;
  if (type == Db2Type::kDecimal) {
    column.precision = 31;
    column.scale = 2;
  }
  if (type == Db2Type::kDecfloat) column.precision = 34;
  if (type == Db2Type::kTimestamp) column.scale = 6;
  if (scale >= 0) column.scale = scale;
  return column;
}

std::shared_ptr<model::TableSchema> Table(std::string name, std::vector<ColumnSchema> columns) {
  auto table = std::make_shared<model::TableSchema>();
  table->database = "TESTDB";
  table->schema = "APP";
  table->table = std::move(name);
  table->columns = std::move(columns);
  return table;
}

model::Timestamp Ts(int year, int month, int day, int hour, int minute, int second,
                    int64_t picoseconds, int precision) {
  return model::Timestamp{
      .date = {static_cast<int16_t>(year), static_cast<uint8_t>(month), static_cast<uint8_t>(day)},
      .time = {static_cast<uint8_t>(hour), static_cast<uint8_t>(minute),
               static_cast<uint8_t>(second)},
      .picoseconds = picoseconds,
      .precision = static_cast<uint8_t>(precision)};
}

model::ChangeEvent Event(Operation operation, std::shared_ptr<const model::TableSchema> table,
                         Row before, Row after) {
  model::ChangeEvent event;
  event.operation = operation;
  event.table = std::move(table);
  event.before = std::move(before);
  event.after = std::move(after);
  event.commit_time_us = 1'700'000'000'000'000;
  event.position.commit_sequence = std::string(16, '\x01');
  event.position.intent_sequence = std::string(16, '\x02');
  return event;
}

// Creates topics, encodes events into them and produces the records with our producer.
class AvroRegistryIntegration : public ::testing::Test {
 protected:
  void SetUp() override {
    auto admin =
        kafka::Admin::Create(kafka::testing::OptionsFor(kafka::testing::Listener::kPlaintext));
    ASSERT_TRUE(admin) << admin.error().ToString();
    admin_ = std::move(*admin);
    auto client = SchemaRegistryClient::Create({.url = RequireTestEnv("SCHEMA_REGISTRY_URL")});
    ASSERT_TRUE(client) << client.error().ToString();
    client_ = std::move(*client);
    options_.format = Format::kAvroRegistry;
    options_.logical_name = "db2kafka-itest";
    encoder_ = MakeAvroRegistryEncoder(options_, *client_);
  }

  void TearDown() override {
    for (const std::string& topic : topics_) DB2KAFKA_IGNORE_ERROR(admin_->DeleteTopic(topic));
  }

  std::string NewTopic(const std::string& stem) {
    std::string topic = kafka::testing::UniqueTopic("avro-registry-" + stem);
    const base::Status created = admin_->CreateTopic({.name = topic, .partition_count = 1});
    EXPECT_TRUE(created) << created.error().ToString();
    topics_.push_back(topic);
    return topic;
  }

  // Encodes every event to `topic` and produces the records; returns how many were produced.
  size_t Produce(const std::string& topic, const std::vector<model::ChangeEvent>& events) {
    std::vector<EncodedRecord> records;
    for (const model::ChangeEvent& event : events) {
      const base::Status encoded = encoder_->Encode(event, topic, records);
      EXPECT_TRUE(encoded) << encoded.error().ToString();
    }
    kafka::ProducerOptions options;
    options.client = kafka::testing::OptionsFor(kafka::testing::Listener::kPlaintext);
    std::vector<std::string> errors;
    auto producer = kafka::Producer::Create(options, [&](const kafka::DeliveryReport& report) {
      if (report.error) errors.push_back(report.error->ToString());
    });
    EXPECT_TRUE(producer) << producer.error().ToString();
    if (!producer) return 0;
    for (size_t i = 0; i < records.size(); ++i) {
      const EncodedRecord& record = records[i];
      const base::Status produced = (*producer)->Produce(
          {.topic = topic,
           .partition = 0,
           .key = record.key ? std::string_view{*record.key} : std::string_view(),
           .value = record.value ? std::string_view{*record.value} : std::string_view(),
           .token = i});
      EXPECT_TRUE(produced) << produced.error().ToString();
    }
    const base::Status flushed = (*producer)->Flush(std::chrono::seconds(60));
    EXPECT_TRUE(flushed) << flushed.error().ToString();
    EXPECT_THAT(errors, ::testing::IsEmpty());
    return records.size();
  }

  // How many versions the registry holds for a subject.
  size_t VersionCount(const std::string& subject) {
    auto versions = client_->Get("/subjects/" + subject + "/versions");
    EXPECT_TRUE(versions) << versions.error().ToString();
    return versions ? nlohmann::json::parse(*versions).size() : 0;
  }

  std::unique_ptr<kafka::Admin> admin_;
  std::unique_ptr<SchemaRegistryClient> client_;
  EncoderOptions options_;
  std::unique_ptr<Encoder> encoder_;
  std::vector<std::string> topics_;
};

std::shared_ptr<const model::TableSchema> AllTypes() {
  return Table("ALL_TYPES", {Column("ID", Db2Type::kInteger, false, 1),
                             Column("C_SMALLINT", Db2Type::kSmallint),
                             Column("C_BIGINT", Db2Type::kBigint),
                             Column("C_DECIMAL", Db2Type::kDecimal),
                             Column("C_DECFLOAT", Db2Type::kDecfloat),
                             Column("C_REAL", Db2Type::kReal),
                             Column("C_DOUBLE", Db2Type::kDouble),
                             Column("C_CHAR", Db2Type::kChar),
                             Column("C_VARCHAR", Db2Type::kVarchar),
                             Column("C_LONGVARCHAR", Db2Type::kLongVarchar),
                             Column("C_BIT", Db2Type::kCharForBitData),
                             Column("C_VARBIT", Db2Type::kVarcharForBitData),
                             Column("C_BINARY", Db2Type::kBinary),
                             Column("C_VARBINARY", Db2Type::kVarbinary),
                             Column("C_GRAPHIC", Db2Type::kGraphic),
                             Column("C_VARGRAPHIC", Db2Type::kVargraphic),
                             Column("C_DATE", Db2Type::kDate),
                             Column("C_TIME", Db2Type::kTime),
                             Column("C_TS0", Db2Type::kTimestamp, true, 0, 0),
                             Column("C_TS3", Db2Type::kTimestamp, true, 0, 3),
                             Column("C_TS6", Db2Type::kTimestamp),
                             Column("C_TS12", Db2Type::kTimestamp, true, 0, 12),
                             Column("C_CLOB", Db2Type::kClob),
                             Column("C_DBCLOB", Db2Type::kDbclob),
                             Column("C_BLOB", Db2Type::kBlob),
                             Column("C_XML", Db2Type::kXml),
                             Column("C_BOOLEAN", Db2Type::kBoolean)});
}

Row AllTypesRow() {
  return {int32_t{1},
          int16_t{-32768},
          std::numeric_limits<int64_t>::min(),
          model::Decimal::Parse("-99999999999999999999999999999.99").value(),
          model::DecFloat{"1.5E+300"},
          1.5f,
          -0.1,
          model::String{"ABC"},
          model::String{""},
          model::String{"long"},
          model::Bytes{std::string("\0\1\0\xff", 4)},
          model::Bytes{""},
          model::Bytes{std::string(4, '\0')},
          model::Bytes{"\x01\x02"},
          model::String{"日本"},
          model::String{"Grüße 😀"},
          model::Date{1, 1, 1},
          model::Time{23, 59, 59},
          Ts(9999, 12, 31, 23, 59, 59, 0, 0),
          Ts(1969, 12, 31, 23, 59, 59, 500'000'000'000, 3),
          Ts(2024, 2, 29, 12, 34, 56, 123'456'000'000, 6),
          Ts(2024, 2, 29, 12, 34, 56, 123'456'789'012, 12),
          model::String{"clob"},
          model::String{"ｶﾀｶﾅ"},
          model::Bytes{std::string("\0\0\xff", 3)},
          model::Xml{"<a>ü</a>"},
          true};
}

const char* const kAllTypesAfter = R"({
  "ID": 1, "C_SMALLINT": -32768, "C_BIGINT": -9223372036854775808,
  "C_DECIMAL": "-99999999999999999999999999999.99", "C_DECFLOAT": "1.5E+300", "C_REAL": 1.5,
  "C_DOUBLE": -0.1, "C_CHAR": "ABC", "C_VARCHAR": "", "C_LONGVARCHAR": "long",
  "C_BIT": {"hex": "000100ff"}, "C_VARBIT": {"hex": ""}, "C_BINARY": {"hex": "00000000"},
  "C_VARBINARY": {"hex": "0102"}, "C_GRAPHIC": "日本", "C_VARGRAPHIC": "Grüße 😀",
  "C_DATE": "0001-01-01", "C_TIME": "23:59:59", "C_TS0": "9999-12-31T23:59:59+00:00",
  "C_TS3": "1969-12-31T23:59:59.500000+00:00", "C_TS6": "2024-02-29T12:34:56.123456+00:00",
  "C_TS12": "2024-02-29T12:34:56.123456789012", "C_CLOB": "clob", "C_DBCLOB": "ｶﾀｶﾅ",
  "C_BLOB": {"hex": "0000ff"}, "C_XML": "<a>ü</a>", "C_BOOLEAN": true})";

TEST_F(AvroRegistryIntegration, ConfluentDeserializerReadsEveryTypeAndOperation) {
  const auto all_types = AllTypes();
  const auto orders = Table("ORDERS", {Column("ORDER_ID", Db2Type::kBigint, false, 1),
                                       Column("LINE", Db2Type::kSmallint, false, 2),
                                       Column("AMOUNT", Db2Type::kDecimal)});
  const auto log = Table("LOG", {Column("MSG", Db2Type::kVarchar)});
  const std::string all_types_topic = NewTopic("all-types");
  const std::string orders_topic = NewTopic("orders");
  const std::string log_topic = NewTopic("log");

  Row nulls(all_types->columns.size());
  nulls[0] = int32_t{2};
  Row changed = AllTypesRow();
  changed[8] = model::String{"changed"};
  const size_t all_types_count =
      Produce(all_types_topic, {Event(Operation::kSnapshotRead, all_types, {}, AllTypesRow()),
                                Event(Operation::kInsert, all_types, {}, nulls),
                                Event(Operation::kUpdate, all_types, AllTypesRow(), changed),
                                Event(Operation::kDelete, all_types, nulls, {})});
  ASSERT_EQ(all_types_count, 5u);  // the delete adds a tombstone
  const Row order1 = {int64_t{10}, int16_t{1}, model::Decimal::Parse("12.50").value()};
  const Row order2 = {int64_t{10}, int16_t{2}, Value()};
  std::vector<model::ChangeEvent> order_events;
  order_events.reserve(501);
  for (int i = 0; i < 500; ++i) {
    order_events.push_back(Event(Operation::kInsert, orders, {},
                                 {int64_t{1000 + i}, int16_t{1}, model::Decimal{i, 2}}));
  }
  order_events.push_back(Event(Operation::kUpdate, orders, order1, order2));  // key changes
  ASSERT_EQ(Produce(orders_topic, order_events), 503u);
  ASSERT_EQ(Produce(log_topic, {Event(Operation::kInsert, log, {}, {model::String{"hello"}}),
                                Event(Operation::kDelete, log, {model::String{"hello"}}, {})}),
            2u);

  // One registration per subject, however many records: 2 + 2 + 1 (LOG has no key).
  EXPECT_EQ(client_->requests_sent(), 5);
  for (const std::string& subject :
       {all_types_topic + "-key", all_types_topic + "-value", orders_topic + "-key",
        orders_topic + "-value", log_topic + "-value"}) {
    EXPECT_EQ(VersionCount(subject), 1u) << subject;
  }

  const std::vector<nlohmann::json> all = ConsumeWithConfluent(all_types_topic, all_types_count);
  ASSERT_EQ(all.size(), all_types_count);
  const nlohmann::json expected_after = nlohmann::json::parse(kAllTypesAfter);
  EXPECT_EQ(all[0]["key"], nlohmann::json({{"ID", 1}}));
  EXPECT_EQ(all[0]["value"]["op"], "r");
  EXPECT_EQ(all[0]["value"]["before"], nullptr);
  EXPECT_EQ(all[0]["value"]["after"], expected_after);
  EXPECT_EQ(all[0]["value"]["source"]["connector"], "db2");
  EXPECT_EQ(all[0]["value"]["source"]["name"], "db2kafka-itest");
  EXPECT_EQ(all[0]["value"]["source"]["db"], "TESTDB");
  EXPECT_EQ(all[0]["value"]["source"]["table"], "ALL_TYPES");
  EXPECT_EQ(all[0]["value"]["source"]["ts_ms"], 1'700'000'000'000);
  EXPECT_EQ(all[0]["value"]["source"]["commit_lsn"], "01010101:01010101:0101010101010101");
  nlohmann::json expected_nulls = expected_after;
  for (auto& [name, value] : expected_nulls.items()) value = nullptr;
  expected_nulls["ID"] = 2;
  EXPECT_EQ(all[1]["value"]["op"], "c");
  EXPECT_EQ(all[1]["value"]["after"], expected_nulls);
  EXPECT_EQ(all[2]["value"]["op"], "u");
  EXPECT_EQ(all[2]["value"]["before"], expected_after);
  EXPECT_EQ(all[2]["value"]["after"]["C_VARCHAR"], "changed");
  EXPECT_EQ(all[3]["value"]["op"], "d");
  EXPECT_EQ(all[3]["value"]["before"], expected_nulls);
  EXPECT_EQ(all[4]["key"], nlohmann::json({{"ID", 2}}));
  EXPECT_EQ(all[4]["value"], nullptr);
  for (const nlohmann::json& record : all) {
    EXPECT_EQ(record["key_schema_id"], all[0]["key_schema_id"]);
  }

  const std::vector<nlohmann::json> order_records = ConsumeWithConfluent(orders_topic, 503);
  ASSERT_EQ(order_records.size(), 503u);
  EXPECT_EQ(order_records[499]["key"], nlohmann::json({{"ORDER_ID", 1499}, {"LINE", 1}}));
  EXPECT_EQ(order_records[499]["value"]["after"],
            nlohmann::json({{"ORDER_ID", 1499}, {"LINE", 1}, {"AMOUNT", "4.99"}}));
  EXPECT_EQ(order_records[500]["value"]["op"], "d");
  EXPECT_EQ(order_records[501]["value"], nullptr);
  EXPECT_EQ(order_records[501]["key"], nlohmann::json({{"ORDER_ID", 10}, {"LINE", 1}}));
  EXPECT_EQ(order_records[502]["value"]["op"], "c");
  EXPECT_EQ(order_records[502]["key"], nlohmann::json({{"ORDER_ID", 10}, {"LINE", 2}}));
  EXPECT_EQ(order_records[502]["value"]["after"]["AMOUNT"], nullptr);

  const std::vector<nlohmann::json> log_records = ConsumeWithConfluent(log_topic, 2);
  ASSERT_EQ(log_records.size(), 2u);
  EXPECT_EQ(log_records[0]["key"], nullptr);
  EXPECT_EQ(log_records[0]["value"]["after"], nlohmann::json({{"MSG", "hello"}}));
  EXPECT_EQ(log_records[1]["value"]["op"], "d");
}

TEST_F(AvroRegistryIntegration, IncompatibleColumnChangeIsAClearError) {
  const std::string topic = NewTopic("evolution");
  const auto v1 = Table(
      "EVOLVING", {Column("ID", Db2Type::kInteger, false, 1), Column("QTY", Db2Type::kInteger)});
  ASSERT_EQ(Produce(topic, {Event(Operation::kInsert, v1, {}, {int32_t{1}, int32_t{5}})}), 1u);
  ASSERT_TRUE(client_->SetCompatibility(topic + "-value", "FULL"));

  // A nullable column added at the end has a default: FULL-compatible, a second version.
  const auto v2 =
      Table("EVOLVING", {Column("ID", Db2Type::kInteger, false, 1),
                         Column("QTY", Db2Type::kInteger), Column("NOTE", Db2Type::kVarchar)});
  ASSERT_EQ(Produce(topic, {Event(Operation::kInsert, v2, {}, {int32_t{2}, int32_t{6}, Value()})}),
            1u);
  EXPECT_EQ(VersionCount(topic + "-value"), 2u);

  // QTY turned into VARCHAR cannot be read by either side.
  const auto v3 =
      Table("EVOLVING", {Column("ID", Db2Type::kInteger, false, 1),
                         Column("QTY", Db2Type::kVarchar), Column("NOTE", Db2Type::kVarchar)});
  std::vector<EncodedRecord> out;
  const base::Status status = encoder_->Encode(
      Event(Operation::kInsert, v3, {}, {int32_t{3}, model::String{"7"}, Value()}), topic, out);
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().code, base::ErrorCode::kFailedPrecondition);
  EXPECT_THAT(
      status.error().message,
      AllOf(HasSubstr("APP.EVOLVING"), HasSubstr("subject \"" + topic + "-value\""),
            HasSubstr("HTTP 409"), HasSubstr("compatibility to NONE"), HasSubstr("new topic")));
  EXPECT_TRUE(out.empty());
  EXPECT_EQ(VersionCount(topic + "-value"), 2u);
}

TEST_F(AvroRegistryIntegration, WrongUrlAndUnreachableRegistryAreClearErrors) {
  auto wrong_path =
      SchemaRegistryClient::Create({.url = RequireTestEnv("SCHEMA_REGISTRY_URL") + "/no-such-api"});
  ASSERT_TRUE(wrong_path);
  auto not_found = (*wrong_path)->Register("x-value", R"("string")");
  ASSERT_FALSE(not_found);
  EXPECT_THAT(not_found.error().ToString(),
              AllOf(HasSubstr("NotFound"), HasSubstr("/no-such-api/subjects/x-value/versions")));

  // Port 1 refuses connections: retried until the budget ends, then Unavailable.
  auto unreachable =
      SchemaRegistryClient::Create({.url = "http://127.0.0.1:1",
                                    .retry_budget = std::chrono::milliseconds(1500),
                                    .initial_backoff = std::chrono::milliseconds(50)});
  ASSERT_TRUE(unreachable);
  auto refused = (*unreachable)->Register("x-value", R"("string")");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, base::ErrorCode::kUnavailable);
  EXPECT_THAT(refused.error().message, AllOf(HasSubstr("127.0.0.1:1"), HasSubstr("attempts")));
  EXPECT_GT((*unreachable)->requests_sent(), 2);
}

}  // namespace
}  // namespace db2kafka::encode
