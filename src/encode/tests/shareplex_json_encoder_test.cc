#include "encode/shareplex_json_encoder.h"

#include <gtest/gtest.h>

#include <limits>
#include <nlohmann/json.hpp>

#include "encode/tests/test_events.h"

namespace db2kafka::encode {
namespace {

using model::ChangeEvent;
using model::Db2Type;
using model::Operation;
using model::Row;
using model::TableSchema;
using model::Value;
using nlohmann::json;
using test_events::DecodeBase64;
using test_events::MakeTable;
using test_events::ParseDecimal;
using namespace std::string_literals;

constexpr int64_t kNowMicros = 1'706'706'855'123'456;     // 2024-01-31T13:14:15.123456Z
constexpr int64_t kCommitMicros = 1'706'706'854'999'999;  // 2024-01-31T13:14:14.999999Z

// One column of every type family; the Canal tests cover all 26 types through the same texts.
std::shared_ptr<TableSchema> Types() {
  return MakeTable(
      "APP", "TYPES",
      {
          {.name = "ID", .type = Db2Type::kSmallint, .nullable = false, .key_position = 1},
          {.name = "C_INTEGER", .type = Db2Type::kInteger},
          {.name = "C_BIGINT", .type = Db2Type::kBigint},
          {.name = "C_DECIMAL", .type = Db2Type::kDecimal, .precision = 31, .scale = 31},
          {.name = "C_DECFLOAT", .type = Db2Type::kDecfloat, .precision = 16},
          {.name = "C_REAL", .type = Db2Type::kReal},
          {.name = "C_DOUBLE", .type = Db2Type::kDouble},
          {.name = "C_VARCHAR", .type = Db2Type::kVarchar, .length = 40},
          {.name = "C_VARGRAPHIC", .type = Db2Type::kVargraphic, .length = 10},
          {.name = "C_BLOB", .type = Db2Type::kBlob, .length = 100},
          {.name = "C_BINARY", .type = Db2Type::kBinary, .length = 3},
          {.name = "C_DATE", .type = Db2Type::kDate},
          {.name = "C_TIME", .type = Db2Type::kTime},
          {.name = "C_TIMESTAMP12", .type = Db2Type::kTimestamp, .scale = 12},
          {.name = "C_TIMESTAMP3", .type = Db2Type::kTimestamp, .scale = 3},
          {.name = "C_XML", .type = Db2Type::kXml},
          {.name = "C_BOOLEAN", .type = Db2Type::kBoolean},
      });
}

Row MaxRow() {
  return {Value(int16_t{32767}),
          Value(std::numeric_limits<int32_t>::max()),
          Value(std::numeric_limits<int64_t>::max()),
          Value(ParseDecimal("0.9999999999999999999999999999999")),
          Value(model::DecFloat{"9.999999999999999E+384"}),
          Value(std::numeric_limits<float>::max()),
          Value(std::numeric_limits<double>::max()),
          Value(model::String{"\xC3\xA9\xE4\xB8\xAD\xF0\x9F\x98\x80 \"\\\t\n\0\x01\x7F"s}),
          Value(model::String{"\xEF\xBD\xB6\xEF\xBE\x80"}),
          Value(model::Bytes{"\x00\xFF\x00\x80"s}),
          Value(model::Bytes{"\x00\x00\x00"s}),
          Value(model::Date{9999, 12, 31}),
          Value(model::Time{24, 0, 0}),
          Value(model::Timestamp{{9999, 12, 31}, {23, 59, 59}, 999'999'999'999, 12}),
          Value(model::Timestamp{{2024, 2, 29}, {0, 0, 1}, 5'000'000'000, 3}),
          Value(model::Xml{"<doc>\xC3\xA9</doc>"}),
          Value(true)};
}

Row MinRow() {
  return {Value(std::numeric_limits<int16_t>::min()),
          Value(std::numeric_limits<int32_t>::min()),
          Value(std::numeric_limits<int64_t>::min()),
          Value(ParseDecimal("-0.0000000000000000000000000000001")),
          Value(model::DecFloat{"NaN"}),
          Value(std::numeric_limits<float>::lowest()),
          Value(-0.0),
          Value(model::String{""}),
          Value(model::String{""}),
          Value(model::Bytes{""}),
          Value(model::Bytes{"\x00\x00\x00"s}),
          Value(model::Date{1, 1, 1}),
          Value(model::Time{0, 0, 0}),
          Value(model::Timestamp{{1, 1, 1}, {0, 0, 0}, 0, 12}),
          Value(model::Timestamp{{1, 1, 1}, {0, 0, 0}, 0, 3}),
          Value(model::Xml{""}),
          Value(false)};
}

std::shared_ptr<TableSchema> Orders() {
  return MakeTable(
      "APP", "ORDERS",
      {
          {.name = "ID", .type = Db2Type::kBigint, .nullable = false, .key_position = 1},
          {.name = "QTY", .type = Db2Type::kDecimal, .precision = 9, .scale = 3},
          {.name = "NOTE", .type = Db2Type::kVarchar, .length = 20},
          {.name = "SHIPPED", .type = Db2Type::kBoolean},
      });
}

Row Order(int64_t id, std::string_view qty, Value note, bool shipped) {
  return {Value(id), Value(ParseDecimal(qty)), std::move(note), Value(shipped)};
}

ChangeEvent Event(Operation operation, std::shared_ptr<const TableSchema> table) {
  ChangeEvent event = test_events::MakeEvent(operation, std::move(table), kCommitMicros);
  event.position = {std::string("\x00\x00\x00\x00\x00\x00\x01\x02\x03\x04", 10),
                    std::string("\x00\x00\x00\x00\x00\x00\x01\x02\x03\x05", 10)};
  event.transaction_id = "0000000000002a1f";
  event.order_in_transaction = 2;
  event.transaction_size = 11;
  event.sequence = 42;
  return event;
}

class ShareplexJsonEncoderTest : public test_events::JsonEncoderTest {
 protected:
  ShareplexJsonEncoderTest()
      : JsonEncoderTest(MakeShareplexJsonEncoder, Format::kShareplexJson, kNowMicros,
                        "shareplex_json") {}
};

TEST_F(ShareplexJsonEncoderTest, MetaDescribesTheTransactionAndTimesInUtcSeconds) {
  ChangeEvent event = Event(Operation::kInsert, Orders());
  event.after = Order(7, "1.500", Value(model::String{"n"}), false);
  const json message = EncodeOne(event, "insert");
  const json expected_meta = {
      {"time", "2024-01-31T13:14:14Z"},
      {"userid", nullptr},
      {"op", "ins"},
      {"scn", "00000000000001020304:00000000000001020305"},
      {"rowid", nullptr},
      {"trans", "0000000000002a1f"},
      {"seq", 2},
      {"size", 11},
      {"table", "APP.ORDERS"},
      {"idx", "2/11"},
      {"posttime", "2024-01-31T13:14:15Z"},
  };
  EXPECT_EQ(message["meta"], expected_meta);
  EXPECT_EQ(message["data"],
            json::parse(R"({"ID":"7","QTY":"1.500","NOTE":"n","SHIPPED":"false"})"));
  EXPECT_FALSE(message.contains("key"));
  EXPECT_EQ(key_, R"({"table":"APP.ORDERS","key":{"ID":"7"}})");
}

TEST_F(ShareplexJsonEncoderTest, InsertCarriesEveryTypeFamilyAtItsMaximum) {
  ChangeEvent event = Event(Operation::kInsert, Types());
  event.after = MaxRow();
  const json data = EncodeOne(event, "insert_max")["data"];
  EXPECT_EQ(data["ID"], "32767");
  EXPECT_EQ(data["C_INTEGER"], "2147483647");
  EXPECT_EQ(data["C_BIGINT"], "9223372036854775807");
  EXPECT_EQ(data["C_DECIMAL"], "0.9999999999999999999999999999999");
  EXPECT_EQ(data["C_DECFLOAT"], "9.999999999999999E+384");
  EXPECT_EQ(std::strtof(data["C_REAL"].get<std::string>().c_str(), nullptr),
            std::numeric_limits<float>::max());
  EXPECT_EQ(std::strtod(data["C_DOUBLE"].get<std::string>().c_str(), nullptr),
            std::numeric_limits<double>::max());
  EXPECT_EQ(data["C_VARCHAR"], "\xC3\xA9\xE4\xB8\xAD\xF0\x9F\x98\x80 \"\\\t\n\0\x01\x7F"s);
  EXPECT_EQ(data["C_VARGRAPHIC"], "\xEF\xBD\xB6\xEF\xBE\x80");
  EXPECT_EQ(DecodeBase64(data["C_BLOB"].get<std::string>()), "\x00\xFF\x00\x80"s);
  EXPECT_EQ(DecodeBase64(data["C_BINARY"].get<std::string>()), "\x00\x00\x00"s);
  EXPECT_EQ(data["C_DATE"], "9999-12-31");
  EXPECT_EQ(data["C_TIME"], "24:00:00");
  EXPECT_EQ(data["C_TIMESTAMP12"], "9999-12-31 23:59:59.999999999999");
  EXPECT_EQ(data["C_TIMESTAMP3"], "2024-02-29 00:00:01.005");
  EXPECT_EQ(data["C_XML"], "<doc>\xC3\xA9</doc>");
  EXPECT_EQ(data["C_BOOLEAN"], "true");
}

TEST_F(ShareplexJsonEncoderTest, SnapshotRowsAreInsertsAndCarryMinimaAndEmptyValues) {
  ChangeEvent event = Event(Operation::kSnapshotRead, Types());
  event.transaction_id.clear();
  event.order_in_transaction = 0;
  event.transaction_size = 0;
  event.after = MinRow();
  const json message = EncodeOne(event, "snapshot_min");
  EXPECT_EQ(message["meta"]["op"], "ins");
  EXPECT_EQ(message["meta"]["trans"], "");
  EXPECT_EQ(message["meta"]["idx"], "0/0");
  const json& data = message["data"];
  EXPECT_EQ(data["ID"], "-32768");
  EXPECT_EQ(data["C_INTEGER"], "-2147483648");
  EXPECT_EQ(data["C_BIGINT"], "-9223372036854775808");
  EXPECT_EQ(data["C_DECIMAL"], "-0.0000000000000000000000000000001");
  EXPECT_EQ(data["C_DECFLOAT"], "NaN");
  EXPECT_EQ(std::strtof(data["C_REAL"].get<std::string>().c_str(), nullptr),
            std::numeric_limits<float>::lowest());
  EXPECT_EQ(data["C_DOUBLE"], "-0");
  EXPECT_EQ(data["C_VARCHAR"], "");
  EXPECT_EQ(data["C_BLOB"], "");
  EXPECT_EQ(data["C_DATE"], "0001-01-01");
  EXPECT_EQ(data["C_TIMESTAMP12"], "0001-01-01 00:00:00.000000000000");
  EXPECT_EQ(data["C_TIMESTAMP3"], "0001-01-01 00:00:00.000");
  EXPECT_EQ(data["C_BOOLEAN"], "false");
}

TEST_F(ShareplexJsonEncoderTest, NullsAreJsonNull) {
  ChangeEvent event = Event(Operation::kInsert, Types());
  event.after = Row(Types()->columns.size());
  event.after[0] = Value(int16_t{0});
  const json data = EncodeOne(event, "insert_nulls")["data"];
  ASSERT_EQ(data.size(), Types()->columns.size());
  for (const auto& [name, value] : data.items()) {
    if (name != "ID") {
      EXPECT_TRUE(value.is_null()) << name;
    }
  }
}

TEST_F(ShareplexJsonEncoderTest, UpdateDataHoldsChangedNewValuesAndKeyTheOldRow) {
  ChangeEvent event = Event(Operation::kUpdate, Orders());
  event.before = Order(7, "1.500", Value(model::String{"old"}), false);
  event.after = Order(7, "2.000", Value(), false);
  const json message = EncodeOne(event, "update");
  EXPECT_EQ(message["meta"]["op"], "upd");
  EXPECT_EQ(message["data"], json::parse(R"({"QTY":"2.000","NOTE":null})"));
  EXPECT_EQ(message["key"],
            json::parse(R"({"ID":"7","QTY":"1.500","NOTE":"old","SHIPPED":"false"})"));
  EXPECT_EQ(key_, R"({"table":"APP.ORDERS","key":{"ID":"7"}})");
}

TEST_F(ShareplexJsonEncoderTest, UpdateWithoutBeforeImageHasTheNewRowAndTheKeyColumns) {
  ChangeEvent event = Event(Operation::kUpdate, Orders());
  event.after = Order(7, "2.000", Value(model::String{"new"}), true);
  const json message = EncodeOne(event, "update_without_before");
  EXPECT_EQ(message["data"],
            json::parse(R"({"ID":"7","QTY":"2.000","NOTE":"new","SHIPPED":"true"})"));
  EXPECT_EQ(message["key"], json::parse(R"({"ID":"7"})"));
}

TEST_F(ShareplexJsonEncoderTest, DeleteDataHoldsTheDeletedRow) {
  ChangeEvent event = Event(Operation::kDelete, Orders());
  event.before = Order(-8, "-0.001", Value(model::String{"gone"}), true);
  const json message = EncodeOne(event, "delete");
  EXPECT_EQ(message["meta"]["op"], "del");
  EXPECT_EQ(message["data"],
            json::parse(R"({"ID":"-8","QTY":"-0.001","NOTE":"gone","SHIPPED":"true"})"));
  EXPECT_FALSE(message.contains("key"));
  EXPECT_EQ(key_, R"({"table":"APP.ORDERS","key":{"ID":"-8"}})");
}

TEST_F(ShareplexJsonEncoderTest, DdlCarriesTheStatement) {
  ChangeEvent event = Event(Operation::kDdl, Orders());
  event.ddl = "ALTER TABLE APP.ORDERS ADD COLUMN X INT";
  json message = EncodeOne(event, "ddl_alter");
  EXPECT_EQ(message["meta"]["op"], "ddl");
  EXPECT_EQ(message["meta"]["table"], "APP.ORDERS");
  EXPECT_EQ(message["data"], json({{"ddl", event.ddl}}));
  EXPECT_FALSE(key_.has_value());

  event.ddl = " truncate table APP.ORDERS immediate";
  EXPECT_EQ(EncodeOne(event, "ddl_truncate")["meta"]["op"], "truncate");
  ChangeEvent no_table = Event(Operation::kDdl, nullptr);
  no_table.ddl = "TRUNCATED_NAME_IS_NOT_TRUNCATE";
  message = EncodeOne(no_table, "ddl_without_table");
  EXPECT_EQ(message["meta"]["op"], "ddl");
  EXPECT_EQ(message["meta"]["table"], "");
}

TEST_F(ShareplexJsonEncoderTest, HeartbeatsProduceNoRecord) {
  std::vector<EncodedRecord> out;
  EXPECT_TRUE(encoder_->Encode(Event(Operation::kHeartbeat, nullptr), "t", out).has_value());
  EXPECT_TRUE(out.empty());
}

TEST_F(ShareplexJsonEncoderTest, TablesWithoutKeyGetNoRecordKey) {
  auto keyless = std::make_shared<TableSchema>(*Orders());
  keyless->columns[0].key_position = 0;
  ChangeEvent event = Event(Operation::kInsert, keyless);
  event.after = Order(1, "0.000", Value(), false);
  EncodeOne(event, "insert_keyless");
  EXPECT_FALSE(key_.has_value());
}

TEST_F(ShareplexJsonEncoderTest, ValueNotFittingItsColumnIsAnErrorNamingTableAndColumn) {
  ChangeEvent event = Event(Operation::kUpdate, Orders());
  event.after = Order(7, "1.500", Value(model::String{std::string(81, 'x')}), false);
  std::vector<EncodedRecord> out;
  auto status = encoder_->Encode(event, "db2.sample", out);
  ASSERT_FALSE(status.has_value());
  EXPECT_EQ(status.error().code, base::ErrorCode::kInvalidArgument);
  EXPECT_NE(status.error().message.find("APP.ORDERS column NOTE"), std::string::npos)
      << status.error().message;
  EXPECT_TRUE(out.empty());
}

}  // namespace
}  // namespace db2kafka::encode
