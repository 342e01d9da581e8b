#include "encode/avro_registry_encoder.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "base/hex.h"
#include "base/tests/test_env.h"
#include "encode/avro_writer.h"
#include "encode/detail/avro_registry_schema.h"
#include "encode/detail/avro_registry_values.h"
#include "encode/tests/test_events.h"

namespace db2kafka::encode {
namespace {

using model::ColumnSchema;
using model::Db2Type;
using model::Operation;
using model::Value;
using ::testing::AllOf;
using ::testing::HasSubstr;
using OrderedJson = nlohmann::ordered_json;
using test_events::MakeTable;
using test_events::ParseDecimal;

// A Schema Registry in memory behind the transport seam: one id per distinct schema text, as
// Confluent's registry assigns them; subjects listed in refuse_subjects answer 409.
class InMemoryRegistry final : public HttpTransport {
 public:
  base::Result<HttpResponse> Send(const HttpRequest& request) override {
    ++requests;
    const std::string prefix = "http://registry.test/subjects/";
    const std::string suffix = "/versions";
    if (request.method != "POST" || !request.url.starts_with(prefix) ||
        !request.url.ends_with(suffix)) {
      return HttpResponse{.status = 404, .body = R"({"error_code":404,"message":"no route"})"};
    }
    const std::string subject =
        request.url.substr(prefix.size(), request.url.size() - prefix.size() - suffix.size());
    if (refuse_subjects.contains(subject)) {
      return HttpResponse{.status = 409,
                          .body = R"({"error_code":409,"message":"incompatible schema"})"};
    }
    const std::string schema = nlohmann::json::parse(request.body).at("schema");
    const auto [id, added] = ids.emplace(schema, static_cast<int32_t>(ids.size() + 1));
    schemas_by_subject[subject] = schema;
    return HttpResponse{.status = 200, .body = R"({"id":)" + std::to_string(id->second) + "}"};
  }

  int requests = 0;
  std::map<std::string, int32_t> ids;
  std::map<std::string, std::string> schemas_by_subject;
  std::set<std::string> refuse_subjects;
};

ColumnSchema Column(std::string name, Db2Type type, bool nullable = true,
                    int32_t key_position = 0) {
  ColumnSchema column{
      .name = std::move(name), .type = type, .nullable = nullable, .key_position = key_position};
  if (model::InfoOf(type).has_length) column.length = 16;
  if (type == Db2Type::kDecimal) {
    column.precision = 31;
    column.scale = 2;
  }
  if (type == Db2Type::kDecfloat) column.precision = 34;
  if (type == Db2Type::kTimestamp) column.scale = 6;
  return column;
}

ColumnSchema WithLength(ColumnSchema column, int32_t length) {
  column.length = length;
  return column;
}

ColumnSchema WithScale(ColumnSchema column, int32_t scale) {
  column.scale = scale;
  return column;
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

// Compares with the golden file; DB2KAFKA_UPDATE_GOLDEN=1 rewrites it instead.
void ExpectGolden(std::string_view file, const OrderedJson& actual) {
  const std::string relative = "avro_registry/" + std::string(file);
  if (test_events::UpdatingGolden()) {
    std::ofstream(test_events::TestdataPath(relative)) << actual.dump(2) << "\n";
  }
  const std::string expected = test_events::ReadTestdata(relative);
  ASSERT_FALSE(expected.empty());
  EXPECT_EQ(actual, OrderedJson::parse(expected)) << file << " differs; generated:\n"
                                                  << actual.dump(2);
}

detail::AvroTableLayout Layout(const model::TableSchema& table,
                               DecimalHandling handling = DecimalHandling::kPrecise) {
  auto layout = detail::BuildAvroTableLayout(table, "db2kafka-test", handling);
  EXPECT_TRUE(layout) << layout.error().ToString();
  return layout ? *layout : detail::AvroTableLayout{};
}

// The Value record inside the Envelope (the type of "before").
OrderedJson ValueRecord(const detail::AvroTableLayout& layout) {
  return OrderedJson::parse(layout.value_schema).at("fields").at(0).at("type").at(1);
}

std::string GoldenFileName(Db2Type type) {
  std::string name(model::InfoOf(type).name);
  for (char& c : name) c = c == ' ' ? '_' : static_cast<char>(std::tolower(c));
  return "type_" + name + ".json";
}

TEST(AvroRegistrySchema, GoldenValueRecordPerDb2Type) {
  for (const model::Db2TypeInfo& info : model::AllDb2Types()) {
    SCOPED_TRACE(info.name);
    const auto table = MakeTable("APP", "T",
                                 {Column("ID", Db2Type::kInteger, false, 1), Column("C", info.type),
                                  Column("C_NN", info.type, false)});
    ExpectGolden(GoldenFileName(info.type), ValueRecord(Layout(*table)));
  }
}

TEST(AvroRegistrySchema, GoldenTimestampPrecisions) {
  std::vector<ColumnSchema> columns;
  for (int32_t scale : {0, 3, 4, 6, 7, 9, 12}) {
    columns.push_back(WithScale(Column("TS" + std::to_string(scale), Db2Type::kTimestamp), scale));
  }
  ExpectGolden("timestamp_precisions.json", ValueRecord(Layout(*MakeTable("APP", "T", columns))));
}

TEST(AvroRegistrySchema, GoldenDecimalHandlingModes) {
  const auto table = MakeTable(
      "APP", "T", {Column("D", Db2Type::kDecimal), Column("F", Db2Type::kDecfloat, false)});
  ExpectGolden("decimal_handling_string.json",
               ValueRecord(Layout(*table, DecimalHandling::kString)));
  ExpectGolden("decimal_handling_double.json",
               ValueRecord(Layout(*table, DecimalHandling::kDouble)));
}

TEST(AvroRegistrySchema, GoldenEnvelopeAndKey) {
  const auto table =
      MakeTable("APP", "ORDERS",
                {Column("ORDER_ID", Db2Type::kBigint, false, 1),
                 Column("LINE", Db2Type::kSmallint, false, 2), Column("NOTE", Db2Type::kVarchar)});
  const detail::AvroTableLayout layout = Layout(*table);
  ExpectGolden("envelope.json", OrderedJson::parse(layout.value_schema));
  ExpectGolden("key.json", OrderedJson::parse(layout.key_schema));
}

TEST(AvroRegistrySchema, GoldenSchemaChangeRecords) {
  ExpectGolden("schema_change_key.json",
               OrderedJson::parse(detail::SchemaChangeKeySchema("db2kafka-test")));
  ExpectGolden("schema_change_value.json",
               OrderedJson::parse(detail::SchemaChangeValueSchema("db2kafka-test")));
}

TEST(AvroRegistrySchema, KeylessTableHasNoKeySchema) {
  const detail::AvroTableLayout layout =
      Layout(*MakeTable("APP", "LOG", {Column("MSG", Db2Type::kVarchar)}));
  EXPECT_TRUE(layout.key_schema.empty());
  EXPECT_TRUE(layout.key_columns.empty());
}

TEST(AvroRegistrySchema, UniqueKeyStandsInForAMissingPrimaryKey) {
  auto table =
      MakeTable("APP", "U", {Column("A", Db2Type::kInteger), Column("B", Db2Type::kInteger)});
  table->unique_keys = {{"U1", {"B"}}};
  const detail::AvroTableLayout layout = Layout(*table);
  ASSERT_EQ(layout.key_columns.size(), 1u);
  EXPECT_EQ(layout.key_columns[0].field_name, "B");
  // Unique-key columns may be nullable, and the key schema says so.
  EXPECT_THAT(layout.key_schema, HasSubstr(R"(["null","int"])"));
}

TEST(AvroRegistrySchema, NamesAreSanitizedAsDebeziumDoes) {
  EXPECT_EQ(detail::AvroName("ORDER-LINES"), "ORDER_LINES");
  EXPECT_EQ(detail::AvroName("1ST"), "_ST");
  EXPECT_EQ(detail::AvroName("A1"), "A1");
  EXPECT_EQ(detail::AvroName("PREIS_€"), "PREIS__");
  EXPECT_EQ(detail::AvroName("GRÖSSE"), "GR_SSE");  // one '_' per character, not per byte
  EXPECT_EQ(detail::AvroName("$"), "_");
  EXPECT_EQ(detail::AvroName(""), "_");
  EXPECT_EQ(detail::AvroNamespace({"orders-to-kafka", "MY SCHEMA", "T.1"}),
            "orders_to_kafka.MY_SCHEMA.T_1");
  EXPECT_EQ(detail::AvroNamespace({"", "APP", "T"}), "APP.T");
  const auto table =
      MakeTable("MY-SCHEMA", "ORDER LINES",
                {Column("UNIT-PRICE", Db2Type::kInteger), Column("2ND", Db2Type::kVarchar)});
  ExpectGolden("sanitized_names.json", OrderedJson::parse(Layout(*table).value_schema));
}

TEST(AvroRegistrySchema, ColumnsThatCollideAfterSanitizingAreAnError) {
  const auto table =
      MakeTable("APP", "T", {Column("A-B", Db2Type::kInteger), Column("A_B", Db2Type::kInteger)});
  auto layout = detail::BuildAvroTableLayout(*table, "x", DecimalHandling::kPrecise);
  ASSERT_FALSE(layout);
  EXPECT_EQ(layout.error().code, base::ErrorCode::kInvalidArgument);
  EXPECT_THAT(layout.error().message,
              AllOf(HasSubstr("APP.T"), HasSubstr("A-B and A_B"), HasSubstr("Avro field name A_B"),
                    HasSubstr("objects[].columns.rename")));
}

// ---- Value bytes per type, compared with what fastavro's writer produces for the same value.

std::string FieldHex(ColumnSchema column, const Value& value,
                     DecimalHandling handling = DecimalHandling::kPrecise) {
  const auto table = MakeTable("APP", "T", {std::move(column)});
  const detail::AvroTableLayout layout = Layout(*table, handling);
  std::string out;
  AvroWriter writer(out);
  EXPECT_TRUE(detail::WriteAvroField(layout.columns.at(0), value, writer));
  return base::HexLower(out);
}

TEST(AvroRegistryValues, IntegersAndNulls) {
  EXPECT_EQ(FieldHex(Column("C", Db2Type::kSmallint, false), int16_t{-32768}), "ffff03");
  EXPECT_EQ(FieldHex(Column("C", Db2Type::kInteger), Value()), "00");
  EXPECT_EQ(FieldHex(Column("C", Db2Type::kInteger), int32_t{1}), "0202");
  EXPECT_EQ(FieldHex(Column("C", Db2Type::kBigint, false), std::numeric_limits<int64_t>::min()),
            "ffffffffffffffffff01");
  EXPECT_EQ(FieldHex(Column("C", Db2Type::kBoolean, false), true), "01");
}

TEST(AvroRegistryValues, DecimalsAreShortestTwosComplement) {
  const ColumnSchema column = Column("C", Db2Type::kDecimal, false);  // DECIMAL(31,2)
  EXPECT_EQ(FieldHex(column, ParseDecimal("-99999999999999999999999999999.99")),
            "1a81c841dfdd3f6eb4d980000001");
  EXPECT_EQ(FieldHex(column, ParseDecimal("99999999999999999999999999999.99")),
            "1a7e37be2022c0914b267fffffff");
  EXPECT_EQ(FieldHex(column, ParseDecimal("0.00")), "0200");
  EXPECT_EQ(FieldHex(column, ParseDecimal("-0.01")), "02ff");
  EXPECT_EQ(FieldHex(column, ParseDecimal("1.28")), "040080");
  EXPECT_EQ(FieldHex(column, ParseDecimal("-1.28")),
            "0280");  // fastavro writes ff80; both decode alike
  EXPECT_EQ(FieldHex(column, ParseDecimal("-1.29")), "04ff7f");
}

TEST(AvroRegistryValues, DecimalHandlingStringAndDouble) {
  const ColumnSchema column = Column("C", Db2Type::kDecimal, false);
  EXPECT_EQ(FieldHex(column, ParseDecimal("-12.30"), DecimalHandling::kString), "0c2d31322e3330");
  EXPECT_EQ(FieldHex(column, ParseDecimal("0.05"), DecimalHandling::kString), "08302e3035");
  EXPECT_EQ(FieldHex(column, ParseDecimal("-0.10"), DecimalHandling::kDouble), "9a9999999999b9bf");
}

TEST(AvroRegistryValues, DatesTimesAndTimestamps) {
  const model::Date first{1, 1, 1};
  const model::Date last{9999, 12, 31};
  EXPECT_EQ(FieldHex(Column("C", Db2Type::kDate, false), first), "f3e457");
  EXPECT_EQ(FieldHex(Column("C", Db2Type::kDate, false), last), "c082e602");
  EXPECT_EQ(FieldHex(Column("C", Db2Type::kTime, false), model::Time{13, 14, 15}), "b0a1b92d");
  // Db2's end-of-day 24:00:00 is midnight, as JDBC reads it.
  EXPECT_EQ(FieldHex(Column("C", Db2Type::kTime, false), model::Time{24, 0, 0}), "00");
  EXPECT_EQ(FieldHex(Column("C", Db2Type::kTimestamp, false),
                     Ts(9999, 12, 31, 23, 59, 59, 999'999'000'000, 6)),
            "feff9ac79983a28407");
  EXPECT_EQ(
      FieldHex(WithScale(Column("C", Db2Type::kTimestamp, false), 3), Ts(1, 1, 1, 0, 0, 0, 0, 3)),
      "ffdfe6a2e2a01c");
  EXPECT_EQ(FieldHex(WithScale(Column("C", Db2Type::kTimestamp, false), 3),
                     Ts(1969, 12, 31, 23, 59, 59, 500'000'000'000, 3)),
            "e707");
  // 12 digits survive only as a string.
  const std::string twelve = "2024-02-29T12:34:56.123456789012";
  EXPECT_EQ(FieldHex(WithScale(Column("C", Db2Type::kTimestamp, false), 12),
                     Ts(2024, 2, 29, 12, 34, 56, 123'456'789'012, 12)),
            "40" + base::HexLower(twelve));
  EXPECT_EQ(
      FieldHex(WithScale(Column("C", Db2Type::kTimestamp, false), 9), Ts(1, 1, 1, 0, 0, 0, 0, 9)),
      "3a" + base::HexLower("0001-01-01T00:00:00.000000000"));
}

TEST(AvroRegistryValues, StringsBytesAndFloats) {
  EXPECT_EQ(FieldHex(Column("C", Db2Type::kVarchar, false), model::String{""}), "00");
  EXPECT_EQ(FieldHex(Column("C", Db2Type::kVargraphic, false), model::String{"Grüße 日本 😀"}),
            "264772c3bcc39f6520e697a5e69cac20f09f9880");
  EXPECT_EQ(FieldHex(Column("C", Db2Type::kBlob, false), model::Bytes{std::string("\0\1\0", 3)}),
            "06000100");
  EXPECT_EQ(FieldHex(Column("C", Db2Type::kXml), model::Xml{"<a/>"}), "02083c612f3e");
  EXPECT_EQ(FieldHex(Column("C", Db2Type::kDouble, false), -0.1), "9a9999999999b9bf");
  EXPECT_EQ(FieldHex(Column("C", Db2Type::kReal, false), 1.5f), "0000c03f");
  EXPECT_EQ(FieldHex(Column("C", Db2Type::kDecfloat, false), model::DecFloat{"NaN"}), "064e614e");
  EXPECT_EQ(FieldHex(Column("C", Db2Type::kDecfloat, false), model::DecFloat{"1.5E+3"},
                     DecimalHandling::kDouble),
            "0000000000709740");
  EXPECT_EQ(FieldHex(Column("C", Db2Type::kDecfloat, false), model::DecFloat{"-Infinity"},
                     DecimalHandling::kDouble),
            "000000000000f0ff");
}

TEST(AvroRegistryValues, LsnsPrintAsDebeziumPrintsThem) {
  std::string out;
  AvroWriter writer(out);
  detail::WriteLsnString(
      std::string("\x00\x00\x00\x00\x00\x00\xb6\xa0\x00\x00\x00\x00\x00\x00\x00\x01", 16), writer);
  EXPECT_EQ(out.substr(1), "00000000:0000b6a0:0000000000000001");
}

// ---- The encoder: framing, envelopes, operations, registration.

using model::Row;

struct FramedRecord {
  std::string schema;  // the Avro schema text the bytes were written with
  std::string bytes;   // Confluent framing included
};

// Decodes each record with fastavro (avro_registry_consume.py decode): {"schema_id", "value"}.
std::vector<nlohmann::json> DecodeWithFastavro(const std::vector<FramedRecord>& records) {
  const std::string python = base::testing::RequireCheckerPython();
  if (python.empty()) return {};
  const std::string input =
      ::testing::TempDir() + "/avro-registry-" + std::to_string(getpid()) + ".jsonl";
  {
    std::ofstream out(input);
    for (const FramedRecord& record : records) {
      out << nlohmann::json{{"schema", record.schema}, {"hex", base::HexLower(record.bytes)}}.dump()
          << "\n";
    }
  }
  const std::string command = python + " " + DB2KAFKA_SOURCE_DIR +
                              "/src/encode/tests/avro_registry_consume.py decode " + input;
  FILE* pipe = popen(command.c_str(), "r");
  std::string output;
  char buffer[4096];
  while (pipe != nullptr && std::fgets(buffer, sizeof buffer, pipe) != nullptr) output += buffer;
  EXPECT_EQ(pipe != nullptr ? pclose(pipe) : -1, 0) << command << "\n" << output;
  std::remove(input.c_str());
  std::vector<nlohmann::json> decoded;
  std::istringstream lines(output);
  for (std::string line; std::getline(lines, line);) decoded.push_back(nlohmann::json::parse(line));
  return decoded;
}

int32_t SchemaIdOf(const std::string& framed) {
  EXPECT_GE(framed.size(), 5u);
  EXPECT_EQ(framed[0], '\0');
  return static_cast<int32_t>(
      (static_cast<uint8_t>(framed[1]) << 24) | (static_cast<uint8_t>(framed[2]) << 16) |
      (static_cast<uint8_t>(framed[3]) << 8) | static_cast<uint8_t>(framed[4]));
}

class AvroRegistryEncoderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto transport = std::make_unique<InMemoryRegistry>();
    registry_ = transport.get();
    client_ = std::make_unique<SchemaRegistryClient>(
        SchemaRegistryOptions{.url = "http://registry.test", .clock = &clock_},
        std::move(transport));
    options_.format = Format::kAvroRegistry;
    options_.clock = &clock_;
    options_.logical_name = "db2kafka-test";
    encoder_ = MakeAvroRegistryEncoder(options_, *client_);
  }

  std::vector<EncodedRecord> EncodeOk(const model::ChangeEvent& event,
                                      std::string_view topic = "db2.orders") {
    std::vector<EncodedRecord> out;
    const base::Status status = encoder_->Encode(event, topic, out);
    EXPECT_TRUE(status) << status.error().ToString();
    return out;
  }

  std::string SchemaOf(const std::string& subject) {
    return registry_->schemas_by_subject[subject];
  }

  base::ManualClock clock_{1'700'000'000'123'456};
  EncoderOptions options_;
  InMemoryRegistry* registry_ = nullptr;
  std::unique_ptr<SchemaRegistryClient> client_;
  std::unique_ptr<Encoder> encoder_;
};

std::shared_ptr<const model::TableSchema> Orders() {
  return MakeTable(
      "APP", "ORDERS",
      {Column("ORDER_ID", Db2Type::kBigint, false, 1), Column("NOTE", Db2Type::kVarchar)});
}

model::ChangeEvent Event(Operation operation, std::shared_ptr<const model::TableSchema> table,
                         Row before, Row after) {
  model::ChangeEvent event;
  event.operation = operation;
  event.table = std::move(table);
  event.before = std::move(before);
  event.after = std::move(after);
  event.commit_time_us = 1'699'999'999'000'001;
  event.position.commit_sequence =
      std::string("\x00\x00\x00\x00\x00\x00\xb6\xa0\x00\x00\x00\x00\x00\x00\x00\x01", 16);
  event.position.intent_sequence =
      std::string("\x00\x00\x00\x00\x00\x00\xb6\xa0\x00\x00\x00\x00\x00\x00\x00\x02", 16);
  return event;
}

TEST_F(AvroRegistryEncoderTest, FramesKeyAndValueWithTheirSchemaIds) {
  const auto records =
      EncodeOk(Event(Operation::kInsert, Orders(), {}, {int64_t{7}, model::String{"x"}}));
  ASSERT_EQ(records.size(), 1u);
  ASSERT_TRUE(records[0].key && records[0].value);
  const int32_t key_id = registry_->ids.at(SchemaOf("db2.orders-key"));
  const int32_t value_id = registry_->ids.at(SchemaOf("db2.orders-value"));
  EXPECT_EQ(SchemaIdOf(*records[0].key), key_id);
  EXPECT_EQ(SchemaIdOf(*records[0].value), value_id);
  // Key: magic byte, id, then the Avro long 7.
  EXPECT_EQ(base::HexLower(*records[0].key),
            "00000000" + base::HexLower(std::string(1, static_cast<char>(key_id))) + "0e");
  // Value: before null, after {7, "x"}, then source.
  EXPECT_EQ(base::HexLower(records[0].value->substr(5, 6)), "00020e020278");
}

TEST_F(AvroRegistryEncoderTest, SchemaIdsAreBigEndian) {
  // Fill the registry so that the next ids need two bytes.
  for (int i = 0; i < 300; ++i) registry_->ids.emplace("filler" + std::to_string(i), i + 1);
  const auto records = EncodeOk(Event(Operation::kInsert, Orders(), {}, {int64_t{1}, Value()}));
  EXPECT_EQ(base::HexLower(records[0].key->substr(0, 5)), "000000012d");    // 301
  EXPECT_EQ(base::HexLower(records[0].value->substr(0, 5)), "000000012e");  // 302
}

TEST_F(AvroRegistryEncoderTest, RegistersEachSubjectOnce) {
  for (int64_t id = 0; id < 1000; ++id) {
    EncodeOk(Event(Operation::kInsert, Orders(), {}, {id, Value()}));
  }
  // Orders() builds a new TableSchema per call: the encoder builds schemas again, the client's
  // cache still answers without a request.
  EXPECT_EQ(registry_->requests, 2);
  const auto table = Orders();
  for (int64_t id = 0; id < 1000; ++id) {
    EncodeOk(Event(Operation::kInsert, table, {}, {id, Value()}));
  }
  EXPECT_EQ(registry_->requests, 2);
  EncodeOk(Event(Operation::kInsert, table, {}, {int64_t{1}, Value()}), "db2.other");
  EXPECT_EQ(registry_->requests, 4);
  EXPECT_EQ(SchemaOf("db2.other-value"), SchemaOf("db2.orders-value"));
}

TEST_F(AvroRegistryEncoderTest, ReleasesTheTableSchemaANewerOneReplaces) {
  auto old_schema = std::const_pointer_cast<model::TableSchema>(Orders());
  const std::weak_ptr<model::TableSchema> old_weak = old_schema;
  EncodeOk(Event(Operation::kInsert, old_schema, {}, {int64_t{1}, Value()}));
  old_schema.reset();
  EXPECT_FALSE(old_weak.expired());  // the encoder keeps it while it is the newest
  EncodeOk(Event(Operation::kInsert, Orders(), {}, {int64_t{1}, Value()}));
  EXPECT_TRUE(old_weak.expired());
}

TEST_F(AvroRegistryEncoderTest, ValueThatDoesNotFitIsAnErrorAndAppendsNothing) {
  std::vector<EncodedRecord> out(1);
  const auto status = encoder_->Encode(
      Event(Operation::kInsert, Orders(), {}, {Value(), model::String{"x"}}), "db2.orders", out);
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().code, base::ErrorCode::kInvalidArgument);
  EXPECT_THAT(status.error().message, AllOf(HasSubstr("APP.ORDERS"), HasSubstr("ORDER_ID")));
  EXPECT_EQ(out.size(), 1u);
  EXPECT_EQ(registry_->requests, 0);
}

TEST_F(AvroRegistryEncoderTest, IncompatibleSchemaErrorNamesTableTopicAndSubject) {
  registry_->refuse_subjects.insert("db2.orders-value");
  std::vector<EncodedRecord> out;
  const auto status = encoder_->Encode(
      Event(Operation::kInsert, Orders(), {}, {int64_t{1}, Value()}), "db2.orders", out);
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().code, base::ErrorCode::kFailedPrecondition);
  EXPECT_THAT(status.error().message,
              AllOf(HasSubstr("APP.ORDERS"), HasSubstr("topic db2.orders"),
                    HasSubstr("subject \"db2.orders-value\""), HasSubstr("incompatible schema")));
  EXPECT_TRUE(out.empty());
}

TEST_F(AvroRegistryEncoderTest, OperationsBecomeDebeziumRecords) {
  const auto table = Orders();
  const Row row1 = {int64_t{1}, model::String{"a"}};
  const Row row1b = {int64_t{1}, model::String{"b"}};
  const Row row2 = {int64_t{2}, model::String{"b"}};
  EXPECT_EQ(EncodeOk(Event(Operation::kSnapshotRead, table, {}, row1)).size(), 1u);
  EXPECT_EQ(EncodeOk(Event(Operation::kUpdate, table, row1, row1b)).size(), 1u);
  EXPECT_EQ(EncodeOk(Event(Operation::kUpdate, table, {}, row1b)).size(), 1u);
  // A changed key: delete + tombstone of the old key, create of the new one.
  const auto moved = EncodeOk(Event(Operation::kUpdate, table, row1b, row2));
  ASSERT_EQ(moved.size(), 3u);
  EXPECT_FALSE(moved[1].value.has_value());
  EXPECT_EQ(moved[1].key, moved[0].key);
  EXPECT_NE(moved[2].key, moved[0].key);
  const auto deleted = EncodeOk(Event(Operation::kDelete, table, row2, {}));
  ASSERT_EQ(deleted.size(), 2u);
  EXPECT_FALSE(deleted[1].value.has_value());
  EXPECT_EQ(deleted[1].key, deleted[0].key);
  EXPECT_TRUE(EncodeOk(Event(Operation::kHeartbeat, nullptr, {}, {})).empty());

  std::vector<FramedRecord> framed;
  const std::string key_schema = SchemaOf("db2.orders-key");
  const std::string value_schema = SchemaOf("db2.orders-value");
  for (const auto& records : {moved, deleted}) {
    for (const EncodedRecord& record : records) {
      framed.push_back({key_schema, *record.key});
      if (record.value) framed.push_back({value_schema, *record.value});
    }
  }
  const std::vector<nlohmann::json> decoded = DecodeWithFastavro(framed);
  ASSERT_EQ(decoded.size(), 8u);
  EXPECT_EQ(decoded[0]["value"], nlohmann::json({{"ORDER_ID", 1}}));
  EXPECT_EQ(decoded[1]["value"]["op"], "d");
  EXPECT_EQ(decoded[1]["value"]["before"], nlohmann::json({{"ORDER_ID", 1}, {"NOTE", "b"}}));
  EXPECT_EQ(decoded[1]["value"]["after"], nullptr);
  EXPECT_EQ(decoded[4]["value"]["op"], "c");
  EXPECT_EQ(decoded[4]["value"]["after"], nlohmann::json({{"ORDER_ID", 2}, {"NOTE", "b"}}));
  EXPECT_EQ(decoded[6]["value"]["op"], "d");
}

TEST_F(AvroRegistryEncoderTest, TombstonesCanBeTurnedOffAndKeylessTablesGetNone) {
  options_.tombstones_on_delete = false;
  encoder_ = MakeAvroRegistryEncoder(options_, *client_);
  EXPECT_EQ(EncodeOk(Event(Operation::kDelete, Orders(), {int64_t{1}, Value()}, {})).size(), 1u);
  options_.tombstones_on_delete = true;
  encoder_ = MakeAvroRegistryEncoder(options_, *client_);
  const auto log = MakeTable("APP", "LOG", {Column("MSG", Db2Type::kVarchar)});
  const auto records =
      EncodeOk(Event(Operation::kDelete, log, {model::String{"m"}}, {}), "db2.log");
  ASSERT_EQ(records.size(), 1u);
  EXPECT_FALSE(records[0].key.has_value());
  EXPECT_EQ(registry_->schemas_by_subject.count("db2.log-key"), 0u);
}

TEST_F(AvroRegistryEncoderTest, EnvelopeSourceAndDdlDecodeWithFastavro) {
  const auto insert = EncodeOk(Event(Operation::kInsert, Orders(), {}, {int64_t{5}, Value()}));
  model::ChangeEvent ddl = Event(Operation::kDdl, Orders(), {}, {});
  ddl.ddl = "ALTER TABLE APP.ORDERS ADD COLUMN QTY INTEGER";
  const auto ddl_records = EncodeOk(ddl, "db2.ddl");
  ASSERT_EQ(ddl_records.size(), 1u);
  const std::vector<nlohmann::json> decoded =
      DecodeWithFastavro({{SchemaOf("db2.orders-value"), *insert[0].value},
                          {SchemaOf("db2.ddl-key"), *ddl_records[0].key},
                          {SchemaOf("db2.ddl-value"), *ddl_records[0].value}});
  ASSERT_EQ(decoded.size(), 3u);
  EXPECT_EQ(decoded[0]["value"], nlohmann::json::parse(R"({
    "before": null,
    "after": {"ORDER_ID": 5, "NOTE": null},
    "source": {"version": "db2kafka-)" DB2KAFKA_PROJECT_VERSION R"(", "connector": "db2",
               "name": "db2kafka-test", "ts_ms": 1699999999000, "snapshot": "false",
               "db": "SAMPLE", "sequence": null, "ts_us": 1699999999000001,
               "ts_ns": 1699999999000001000, "schema": "APP", "table": "ORDERS",
               "change_lsn": "00000000:0000b6a0:0000000000000002",
               "commit_lsn": "00000000:0000b6a0:0000000000000001"},
    "transaction": null,
    "op": "c",
    "ts_ms": 1700000000123, "ts_us": 1700000000123456, "ts_ns": 1700000000123456000})"));
  EXPECT_EQ(decoded[1]["value"], nlohmann::json({{"databaseName", "SAMPLE"}}));
  EXPECT_EQ(decoded[2]["value"]["ddl"], "ALTER TABLE APP.ORDERS ADD COLUMN QTY INTEGER");
  EXPECT_EQ(decoded[2]["value"]["schemaName"], "APP");
  EXPECT_EQ(decoded[2]["value"]["tableName"], "ORDERS");
  EXPECT_EQ(decoded[2]["value"]["ts_ms"], 1700000000123);
}

std::shared_ptr<const model::TableSchema> AllTypes() {
  std::vector<ColumnSchema> columns = {Column("ID", Db2Type::kInteger, false, 1),
                                       Column("C_SMALLINT", Db2Type::kSmallint),
                                       Column("C_BIGINT", Db2Type::kBigint),
                                       Column("C_DECIMAL", Db2Type::kDecimal),
                                       Column("C_DECFLOAT", Db2Type::kDecfloat),
                                       Column("C_REAL", Db2Type::kReal),
                                       Column("C_DOUBLE", Db2Type::kDouble),
                                       Column("C_CHAR", Db2Type::kChar),
                                       Column("C_VARCHAR", Db2Type::kVarchar),
                                       Column("C_BIT", Db2Type::kCharForBitData),
                                       Column("C_VARBINARY", Db2Type::kVarbinary),
                                       Column("C_GRAPHIC", Db2Type::kVargraphic),
                                       Column("C_DATE", Db2Type::kDate),
                                       Column("C_TIME", Db2Type::kTime),
                                       WithScale(Column("C_TS0", Db2Type::kTimestamp), 0),
                                       WithScale(Column("C_TS3", Db2Type::kTimestamp), 3),
                                       Column("C_TS6", Db2Type::kTimestamp),
                                       WithScale(Column("C_TS12", Db2Type::kTimestamp), 12),
                                       WithLength(Column("C_CLOB", Db2Type::kClob), 1 << 20),
                                       WithLength(Column("C_BLOB", Db2Type::kBlob), 1 << 20),
                                       Column("C_XML", Db2Type::kXml),
                                       Column("C_BOOLEAN", Db2Type::kBoolean),
                                       Column("C_NN_INT", Db2Type::kInteger, false)};
  return MakeTable("APP", "ALL_TYPES", std::move(columns));
}

TEST_F(AvroRegistryEncoderTest, EveryTypeDecodesWithFastavroIncludingBoundariesAndNulls) {
  const auto table = AllTypes();
  const Row boundaries = {int32_t{1},
                          int16_t{-32768},
                          std::numeric_limits<int64_t>::min(),
                          ParseDecimal("-99999999999999999999999999999.99"),
                          model::DecFloat{"-1.234567890123456789012345678901234E+6144"},
                          1.5f,
                          -0.1,
                          model::String{"ABC       "},
                          model::String{""},
                          model::Bytes{std::string("\0\1\0\xff", 4)},
                          model::Bytes{""},
                          model::String{"Grüße 日本 😀"},
                          model::Date{1, 1, 1},
                          model::Time{0, 0, 0},
                          Ts(1, 1, 1, 0, 0, 0, 0, 0),
                          Ts(9999, 12, 31, 23, 59, 59, 999'000'000'000, 3),
                          Ts(9999, 12, 31, 23, 59, 59, 999'999'000'000, 6),
                          Ts(2024, 2, 29, 12, 34, 56, 123'456'789'012, 12),
                          model::String{""},
                          model::Bytes{std::string("\0\0\0\0\xff\0", 6)},
                          model::Xml{"<a>ü</a>"},
                          true,
                          int32_t{2147483647}};
  Row nulls(table->columns.size());
  nulls[0] = int32_t{2};
  nulls.back() = int32_t{-2147483648};
  const Row others = {int32_t{1},
                      int16_t{32767},
                      std::numeric_limits<int64_t>::max(),
                      ParseDecimal("0.00"),
                      model::DecFloat{"NaN"},
                      -0.0f,
                      1e308,
                      model::String{"          "},
                      model::String{"'\"\\\n"},
                      model::Bytes{std::string(1, '\0')},
                      model::Bytes{std::string(16, '\xff')},
                      model::String{"ｶﾀｶﾅ"},
                      model::Date{9999, 12, 31},
                      model::Time{24, 0, 0},
                      Ts(1969, 12, 31, 23, 59, 59, 0, 0),
                      Ts(1969, 12, 31, 23, 59, 59, 500'000'000'000, 3),
                      Ts(1970, 1, 1, 0, 0, 0, 1'000'000, 6),
                      Ts(1, 1, 1, 0, 0, 0, 1, 12),
                      model::String{std::string(100000, 'x')},
                      model::Bytes{std::string()},
                      model::Xml{""},
                      false,
                      int32_t{0}};
  std::vector<EncodedRecord> records;
  for (const model::ChangeEvent& event : {Event(Operation::kSnapshotRead, table, {}, boundaries),
                                          Event(Operation::kInsert, table, {}, nulls),
                                          Event(Operation::kUpdate, table, boundaries, others),
                                          Event(Operation::kDelete, table, others, {})}) {
    const auto out = EncodeOk(event, "db2.all");
    records.insert(records.end(), out.begin(), out.end());
  }
  ASSERT_EQ(records.size(), 5u);  // the delete adds a tombstone
  std::vector<FramedRecord> framed;
  for (size_t i = 0; i < 4; ++i) framed.push_back({SchemaOf("db2.all-value"), *records[i].value});
  const std::vector<nlohmann::json> decoded = DecodeWithFastavro(framed);
  ASSERT_EQ(decoded.size(), 4u);
  const nlohmann::json expected_boundaries = nlohmann::json::parse(R"({
    "ID": 1, "C_SMALLINT": -32768, "C_BIGINT": -9223372036854775808,
    "C_DECIMAL": "-99999999999999999999999999999.99",
    "C_DECFLOAT": "-1.234567890123456789012345678901234E+6144", "C_REAL": 1.5, "C_DOUBLE": -0.1,
    "C_CHAR": "ABC       ", "C_VARCHAR": "", "C_BIT": {"hex": "000100ff"},
    "C_VARBINARY": {"hex": ""}, "C_GRAPHIC": "Grüße 日本 😀", "C_DATE": "0001-01-01",
    "C_TIME": "00:00:00", "C_TS0": "0001-01-01T00:00:00+00:00",
    "C_TS3": "9999-12-31T23:59:59.999000+00:00", "C_TS6": "9999-12-31T23:59:59.999999+00:00",
    "C_TS12": "2024-02-29T12:34:56.123456789012", "C_CLOB": "", "C_BLOB": {"hex": "00000000ff00"},
    "C_XML": "<a>ü</a>", "C_BOOLEAN": true, "C_NN_INT": 2147483647})");
  EXPECT_EQ(decoded[0]["value"]["op"], "r");
  EXPECT_EQ(decoded[0]["value"]["source"]["snapshot"], "true");
  EXPECT_EQ(decoded[0]["value"]["after"], expected_boundaries);
  nlohmann::json expected_nulls = expected_boundaries;
  for (auto& [name, value] : expected_nulls.items()) value = nullptr;
  expected_nulls["ID"] = 2;
  expected_nulls["C_NN_INT"] = -2147483648;
  EXPECT_EQ(decoded[1]["value"]["op"], "c");
  EXPECT_EQ(decoded[1]["value"]["after"], expected_nulls);
  const nlohmann::json expected_others = nlohmann::json::parse(R"({
    "ID": 1, "C_SMALLINT": 32767, "C_BIGINT": 9223372036854775807, "C_DECIMAL": "0.00",
    "C_DECFLOAT": "NaN", "C_REAL": -0.0, "C_DOUBLE": 1e308, "C_CHAR": "          ",
    "C_VARCHAR": "'\"\\\n", "C_BIT": {"hex": "00"}, "C_VARBINARY": {"hex": "ffffffffffffffffffffffffffffffff"},
    "C_GRAPHIC": "ｶﾀｶﾅ", "C_DATE": "9999-12-31", "C_TIME": "00:00:00",
    "C_TS0": "1969-12-31T23:59:59+00:00", "C_TS3": "1969-12-31T23:59:59.500000+00:00",
    "C_TS6": "1970-01-01T00:00:00.000001+00:00", "C_TS12": "0001-01-01T00:00:00.000000000001",
    "C_BLOB": {"hex": ""}, "C_XML": "", "C_BOOLEAN": false, "C_NN_INT": 0})");
  EXPECT_EQ(decoded[2]["value"]["op"], "u");
  EXPECT_EQ(decoded[2]["value"]["before"], expected_boundaries);
  nlohmann::json after = decoded[2]["value"]["after"];
  EXPECT_EQ(after["C_CLOB"], std::string(100000, 'x'));
  after.erase("C_CLOB");
  EXPECT_EQ(after, expected_others);
  EXPECT_EQ(decoded[3]["value"]["op"], "d");
  EXPECT_EQ(decoded[3]["value"]["after"], nullptr);
  EXPECT_FALSE(records[4].value.has_value());
}

}  // namespace
}  // namespace db2kafka::encode
