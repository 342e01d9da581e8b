#include "encode/canal_json_encoder.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <limits>
#include <nlohmann/json.hpp>

#include "encode/tests/test_events.h"
#include "encode/value_text.h"

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
using test_events::AllByteValues;
using test_events::DecodeBase64;
using test_events::MakeTable;
using test_events::ParseDecimal;
using namespace std::string_literals;

constexpr int64_t kNowMicros = 1'706'706'855'123'456;     // 2024-01-31T13:14:15.123456Z
constexpr int64_t kCommitMicros = 1'706'706'854'000'999;  // 2024-01-31T13:14:14.000999Z

std::shared_ptr<TableSchema> AllTypes() {
  return MakeTable(
      "APP", "ALLTYPES",
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
          {.name = "C_LONGVARCHAR", .type = Db2Type::kLongVarchar},
          {.name = "C_CHARBIT", .type = Db2Type::kCharForBitData, .length = 4},
          {.name = "C_VARCHARBIT", .type = Db2Type::kVarcharForBitData, .length = 8},
          {.name = "C_LONGVARCHARBIT", .type = Db2Type::kLongVarcharForBitData},
          {.name = "C_BINARY", .type = Db2Type::kBinary, .length = 4},
          {.name = "C_VARBINARY", .type = Db2Type::kVarbinary, .length = 16},
          {.name = "C_GRAPHIC", .type = Db2Type::kGraphic, .length = 4},
          {.name = "C_VARGRAPHIC", .type = Db2Type::kVargraphic, .length = 20},
          {.name = "C_LONGVARGRAPHIC", .type = Db2Type::kLongVargraphic},
          {.name = "C_DATE", .type = Db2Type::kDate},
          {.name = "C_TIME", .type = Db2Type::kTime},
          {.name = "C_TIMESTAMP", .type = Db2Type::kTimestamp, .scale = 6},
          {.name = "C_TIMESTAMP12", .type = Db2Type::kTimestamp, .scale = 12},
          {.name = "C_TIMESTAMP0", .type = Db2Type::kTimestamp, .scale = 0},
          {.name = "C_CLOB", .type = Db2Type::kClob, .length = 1000},
          {.name = "C_BLOB", .type = Db2Type::kBlob, .length = 1000},
          {.name = "C_DBCLOB", .type = Db2Type::kDbclob, .length = 1000},
          {.name = "C_XML", .type = Db2Type::kXml},
          {.name = "C_BOOLEAN", .type = Db2Type::kBoolean},
      });
}

std::string TrickyText() {
  return "h\xC3\xA9llo \xE4\xB8\xAD\xE6\x96\x87 \xF0\x9F\x98\x80 \"q\" \\ \t\n\r"
         "\0\x07\x1F\x7F end"s;
}

Row MaxRow() {
  return {Value(1),
          Value(int16_t{32767}),
          Value(int32_t{2147483647}),
          Value(std::numeric_limits<int64_t>::max()),
          Value(ParseDecimal("99999999999999999999999999999.99")),
          Value(model::DecFloat{"9.999999999999999999999999999999999E+6144"}),
          Value(std::numeric_limits<float>::max()),
          Value(std::numeric_limits<double>::max()),
          Value(model::String{"abc       "}),
          Value(model::String{TrickyText()}),
          Value(model::String{"</script>\xE2\x80\xA8"}),
          Value(model::Bytes{"\x00\x01\xFE\xFF"s}),
          Value(model::Bytes{"\x00\x00\x00"s}),
          Value(model::Bytes{"\xDE\xAD\xBE\xEF\x00"s}),
          Value(model::Bytes{"\x01\x00\x02\x00"s}),
          Value(model::Bytes{"\xFF"}),
          Value(model::String{"\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E "}),
          Value(model::String{"\xC3\x9Cn\xC3\xAF"}),
          Value(model::String{"\xEF\xBD\xB6\xEF\xBE\x80"}),
          Value(model::Date{9999, 12, 31}),
          Value(model::Time{23, 59, 59}),
          Value(model::Timestamp{{9999, 12, 31}, {23, 59, 59}, 999'999'000'000, 6}),
          Value(model::Timestamp{{2024, 2, 29}, {12, 34, 56}, 123'456'789'012, 12}),
          Value(model::Timestamp{{1970, 1, 1}, {0, 0, 0}, 0, 0}),
          Value(model::String{"clob"}),
          Value(model::Bytes{AllByteValues()}),
          Value(model::String{"dbclob \xE2\x9C\x93"}),
          Value(model::Xml{"<a x=\"1\">\xC3\xA9</a>"}),
          Value(true)};
}

Row MinRow() {
  return {Value(2),
          Value(std::numeric_limits<int16_t>::min()),
          Value(std::numeric_limits<int32_t>::min()),
          Value(std::numeric_limits<int64_t>::min()),
          Value(ParseDecimal("-99999999999999999999999999999.99")),
          Value(model::DecFloat{"-Infinity"}),
          Value(-std::numeric_limits<float>::denorm_min()),
          Value(-std::numeric_limits<double>::denorm_min()),
          Value(model::String{"          "}),
          Value(model::String{""}),
          Value(model::String{""}),
          Value(model::Bytes{"\x00\x00\x00\x00"s}),
          Value(model::Bytes{""}),
          Value(model::Bytes{""}),
          Value(model::Bytes{"\x00\x00\x00\x00"s}),
          Value(model::Bytes{""}),
          Value(model::String{"    "}),
          Value(model::String{""}),
          Value(model::String{""}),
          Value(model::Date{1, 1, 1}),
          Value(model::Time{0, 0, 0}),
          Value(model::Timestamp{{1, 1, 1}, {0, 0, 0}, 0, 6}),
          Value(model::Timestamp{{1, 1, 1}, {0, 0, 0}, 1, 12}),
          Value(model::Timestamp{{9999, 12, 31}, {23, 59, 59}, 0, 0}),
          Value(model::String{""}),
          Value(model::Bytes{""}),
          Value(model::String{""}),
          Value(model::Xml{"<r/>"}),
          Value(false)};
}

Row NullRow() {
  Row row(AllTypes()->columns.size());
  row[0] = Value(3);
  return row;
}

std::shared_ptr<TableSchema> Orders() {
  return MakeTable(
      "APP", "ORDERS",
      {
          {.name = "ID", .type = Db2Type::kBigint, .nullable = false, .key_position = 1},
          {.name = "LINE", .type = Db2Type::kSmallint, .nullable = false, .key_position = 2},
          {.name = "QTY", .type = Db2Type::kDecimal, .precision = 9, .scale = 3},
          {.name = "NOTE", .type = Db2Type::kVarchar, .length = 20},
          {.name = "SHIPPED", .type = Db2Type::kBoolean},
      });
}

Row Order(int64_t id, std::string_view qty, Value note, bool shipped) {
  return {Value(id), Value(int16_t{1}), Value(ParseDecimal(qty)), std::move(note), Value(shipped)};
}

ChangeEvent Event(Operation operation, std::shared_ptr<const TableSchema> table) {
  ChangeEvent event = test_events::MakeEvent(operation, std::move(table), kCommitMicros);
  event.position = {std::string("\x00\x00\x00\x00\x00\x00\x01\x02\x03\x04", 10),
                    std::string("\x00\x00\x00\x00\x00\x00\x01\x02\x03\x05", 10)};
  event.transaction_id = "0000000000002a1f";
  event.order_in_transaction = 2;
  event.transaction_size = 3;
  event.sequence = 42;
  return event;
}

class CanalJsonEncoderTest : public test_events::JsonEncoderTest {
 protected:
  CanalJsonEncoderTest()
      : JsonEncoderTest(MakeCanalJsonEncoder, Format::kCanalJson, kNowMicros, "canal_json") {}
};

TEST_F(CanalJsonEncoderTest, InsertCarriesEveryTypeAtItsMaximum) {
  ChangeEvent event = Event(Operation::kInsert, AllTypes());
  event.after = MaxRow();
  const json message = EncodeOne(event, "insert_max");
  EXPECT_EQ(message["id"], 42);
  EXPECT_EQ(message["database"], "APP");
  EXPECT_EQ(message["table"], "ALLTYPES");
  EXPECT_EQ(message["pkNames"], json::array({"ID"}));
  EXPECT_EQ(message["isDdl"], false);
  EXPECT_EQ(message["type"], "INSERT");
  EXPECT_EQ(message["es"], 1'706'706'854'000);
  EXPECT_EQ(message["ts"], 1'706'706'855'123);
  EXPECT_EQ(message["sql"], "");
  EXPECT_TRUE(message["old"].is_null());
  const json& row = message["data"].at(0);
  EXPECT_EQ(row["ID"], "1");
  EXPECT_EQ(row["C_SMALLINT"], "32767");
  EXPECT_EQ(row["C_INTEGER"], "2147483647");
  EXPECT_EQ(row["C_BIGINT"], "9223372036854775807");
  EXPECT_EQ(row["C_DECIMAL"], "99999999999999999999999999999.99");
  EXPECT_EQ(row["C_DECFLOAT"], "9.999999999999999999999999999999999E+6144");
  EXPECT_EQ(std::strtof(row["C_REAL"].get<std::string>().c_str(), nullptr),
            std::numeric_limits<float>::max());
  EXPECT_EQ(std::strtod(row["C_DOUBLE"].get<std::string>().c_str(), nullptr),
            std::numeric_limits<double>::max());
  EXPECT_EQ(row["C_CHAR"], "abc       ");
  EXPECT_EQ(row["C_VARCHAR"], TrickyText());
  EXPECT_EQ(row["C_LONGVARCHAR"], "</script>\xE2\x80\xA8");
  EXPECT_EQ(DecodeBase64(row["C_CHARBIT"].get<std::string>()), "\x00\x01\xFE\xFF"s);
  EXPECT_EQ(DecodeBase64(row["C_VARCHARBIT"].get<std::string>()), "\x00\x00\x00"s);
  EXPECT_EQ(DecodeBase64(row["C_LONGVARCHARBIT"].get<std::string>()), "\xDE\xAD\xBE\xEF\x00"s);
  EXPECT_EQ(DecodeBase64(row["C_BINARY"].get<std::string>()), "\x01\x00\x02\x00"s);
  EXPECT_EQ(DecodeBase64(row["C_VARBINARY"].get<std::string>()), "\xFF");
  EXPECT_EQ(row["C_GRAPHIC"], "\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E ");
  EXPECT_EQ(row["C_DATE"], "9999-12-31");
  EXPECT_EQ(row["C_TIME"], "23:59:59");
  EXPECT_EQ(row["C_TIMESTAMP"], "9999-12-31 23:59:59.999999");
  EXPECT_EQ(row["C_TIMESTAMP12"], "2024-02-29 12:34:56.123456789012");
  EXPECT_EQ(row["C_TIMESTAMP0"], "1970-01-01 00:00:00");
  EXPECT_EQ(DecodeBase64(row["C_BLOB"].get<std::string>()), AllByteValues());
  EXPECT_EQ(row["C_XML"], "<a x=\"1\">\xC3\xA9</a>");
  EXPECT_EQ(row["C_BOOLEAN"], "true");
  EXPECT_EQ(message["sqlType"]["C_DECFLOAT"], -360);
  EXPECT_EQ(message["sqlType"]["C_BLOB"], 2004);
  EXPECT_EQ(message["sqlType"]["C_VARCHARBIT"], -3);
  EXPECT_EQ(message["sqlType"]["C_BOOLEAN"], 16);
  EXPECT_EQ(message["mysqlType"]["C_DECIMAL"], "DECIMAL(31,2)");
  EXPECT_EQ(message["mysqlType"]["C_CHARBIT"], "CHAR(4) FOR BIT DATA");
  EXPECT_EQ(message["mysqlType"]["C_TIMESTAMP12"], "TIMESTAMP(12)");
  EXPECT_EQ(message["sqlType"].size(), AllTypes()->columns.size());
  EXPECT_EQ(key_, R"({"table":"APP.ALLTYPES","key":{"ID":"1"}})");
}

TEST_F(CanalJsonEncoderTest, SnapshotRowsAreInsertsAndCarryMinimaAndEmptyValues) {
  ChangeEvent event = Event(Operation::kSnapshotRead, AllTypes());
  event.transaction_id.clear();
  event.after = MinRow();
  const json message = EncodeOne(event, "snapshot_min");
  EXPECT_EQ(message["type"], "INSERT");
  const json& row = message["data"].at(0);
  EXPECT_EQ(row["C_SMALLINT"], "-32768");
  EXPECT_EQ(row["C_INTEGER"], "-2147483648");
  EXPECT_EQ(row["C_BIGINT"], "-9223372036854775808");
  EXPECT_EQ(row["C_DECIMAL"], "-99999999999999999999999999999.99");
  EXPECT_EQ(row["C_DECFLOAT"], "-Infinity");
  EXPECT_EQ(std::strtof(row["C_REAL"].get<std::string>().c_str(), nullptr),
            -std::numeric_limits<float>::denorm_min());
  EXPECT_EQ(std::strtod(row["C_DOUBLE"].get<std::string>().c_str(), nullptr),
            -std::numeric_limits<double>::denorm_min());
  EXPECT_EQ(row["C_VARCHAR"], "");
  EXPECT_EQ(DecodeBase64(row["C_CHARBIT"].get<std::string>()), "\x00\x00\x00\x00"s);
  EXPECT_EQ(row["C_VARBINARY"], "");
  EXPECT_EQ(row["C_DATE"], "0001-01-01");
  EXPECT_EQ(row["C_TIME"], "00:00:00");
  EXPECT_EQ(row["C_TIMESTAMP"], "0001-01-01 00:00:00.000000");
  EXPECT_EQ(row["C_TIMESTAMP12"], "0001-01-01 00:00:00.000000000001");
  EXPECT_EQ(row["C_TIMESTAMP0"], "9999-12-31 23:59:59");
  EXPECT_EQ(row["C_BOOLEAN"], "false");
}

TEST_F(CanalJsonEncoderTest, NullsAreJsonNull) {
  ChangeEvent event = Event(Operation::kInsert, AllTypes());
  event.after = NullRow();
  const json message = EncodeOne(event, "insert_nulls");
  const json& row = message["data"].at(0);
  ASSERT_EQ(row.size(), AllTypes()->columns.size());
  for (const auto& [name, value] : row.items()) {
    if (name != "ID") {
      EXPECT_TRUE(value.is_null()) << name;
    }
  }
}

TEST_F(CanalJsonEncoderTest, InsertHoldsTheNewRowAndNoOld) {
  ChangeEvent event = Event(Operation::kInsert, Orders());
  event.after = Order(7, "1.500", Value(model::String{"n"}), false);
  const json message = EncodeOne(event, "insert");
  EXPECT_EQ(message["data"],
            json::parse(R"([{"ID":"7","LINE":"1","QTY":"1.500","NOTE":"n","SHIPPED":"false"}])"));
  EXPECT_TRUE(message["old"].is_null());
  EXPECT_EQ(message["sqlType"],
            json::parse(R"({"ID":-5,"LINE":5,"QTY":3,"NOTE":12,"SHIPPED":16})"));
  const json mysql_types = {{"ID", "BIGINT"},
                            {"LINE", "SMALLINT"},
                            {"QTY", "DECIMAL(9,3)"},
                            {"NOTE", "VARCHAR(20)"},
                            {"SHIPPED", "BOOLEAN"}};
  EXPECT_EQ(message["mysqlType"], mysql_types);
}

TEST_F(CanalJsonEncoderTest, UpdateHoldsTheNewRowAndOnlyTheChangedBeforeValues) {
  ChangeEvent event = Event(Operation::kUpdate, Orders());
  event.before = Order(7, "1.500", Value(model::String{"old"}), false);
  event.after = Order(7, "2.000", Value(), false);
  const json message = EncodeOne(event, "update");
  EXPECT_EQ(message["type"], "UPDATE");
  EXPECT_EQ(message["pkNames"], json::array({"ID", "LINE"}));
  EXPECT_EQ(message["data"],
            json::parse(R"([{"ID":"7","LINE":"1","QTY":"2.000","NOTE":null,"SHIPPED":"false"}])"));
  EXPECT_EQ(message["old"], json::parse(R"([{"QTY":"1.500","NOTE":"old"}])"));
  EXPECT_EQ(key_, R"({"table":"APP.ORDERS","key":{"ID":"7","LINE":"1"}})");
}

TEST_F(CanalJsonEncoderTest, UpdateWithoutBeforeImageHasAnEmptyOld) {
  ChangeEvent event = Event(Operation::kUpdate, Orders());
  event.after = Order(7, "2.000", Value(model::String{"new"}), true);
  const json message = EncodeOne(event, "update_without_before");
  EXPECT_EQ(message["old"], json::parse("[{}]"));
}

TEST_F(CanalJsonEncoderTest, DeleteCarriesTheDeletedRowInData) {
  ChangeEvent event = Event(Operation::kDelete, Orders());
  event.before = Order(-8, "-0.001", Value(model::String{"gone"}), true);
  const json message = EncodeOne(event, "delete");
  EXPECT_EQ(message["type"], "DELETE");
  EXPECT_EQ(message["data"].at(0)["ID"], "-8");
  EXPECT_EQ(message["data"].at(0)["QTY"], "-0.001");
  EXPECT_TRUE(message["old"].is_null());
  EXPECT_EQ(key_, R"({"table":"APP.ORDERS","key":{"ID":"-8","LINE":"1"}})");
}

TEST_F(CanalJsonEncoderTest, DdlCarriesTheStatementAndNoRows) {
  ChangeEvent event = Event(Operation::kDdl, Orders());
  event.ddl = "ALTER TABLE APP.ORDERS ADD COLUMN \"NOTE2\" VARCHAR(10)";
  const json message = EncodeOne(event, "ddl_alter");
  EXPECT_EQ(message["isDdl"], true);
  EXPECT_EQ(message["type"], "ALTER");
  EXPECT_EQ(message["sql"], event.ddl);
  EXPECT_EQ(message["database"], "APP");
  EXPECT_EQ(message["table"], "ORDERS");
  for (const char* absent : {"pkNames", "sqlType", "mysqlType", "data", "old"}) {
    EXPECT_TRUE(message[absent].is_null()) << absent;
  }
  EXPECT_FALSE(key_.has_value());

  ChangeEvent no_table = Event(Operation::kDdl, nullptr);
  no_table.ddl = "CREATE SCHEMA SALES";
  const json schema_message = EncodeOne(no_table, "ddl_without_table");
  EXPECT_EQ(schema_message["type"], "QUERY");
  EXPECT_EQ(schema_message["database"], "");
  EXPECT_EQ(schema_message["table"], "");
}

TEST_F(CanalJsonEncoderTest, HeartbeatsProduceNoRecord) {
  ChangeEvent event = Event(Operation::kHeartbeat, nullptr);
  std::vector<EncodedRecord> out;
  EXPECT_TRUE(encoder_->Encode(event, "db2.sample", out).has_value());
  EXPECT_TRUE(out.empty());
}

TEST_F(CanalJsonEncoderTest, KeyFallsBackToTheUniqueKeyAndIsAbsentWithoutOne) {
  auto table = std::make_shared<TableSchema>(*Orders());
  for (ColumnSchema& column : table->columns) column.key_position = 0;
  table->unique_keys = {{"UK_NOTE", {"NOTE"}}};
  ChangeEvent event = Event(Operation::kInsert, table);
  event.after = Order(1, "0.000", Value(model::String{"n\"1"}), false);
  EXPECT_EQ(EncodeOne(event, "insert_unique_key")["pkNames"], json::array({"NOTE"}));
  EXPECT_EQ(key_, R"({"table":"APP.ORDERS","key":{"NOTE":"n\"1"}})");

  auto keyless = std::make_shared<TableSchema>(*table);
  keyless->unique_keys.clear();
  event.table = keyless;
  EXPECT_EQ(EncodeOne(event, "insert_keyless")["pkNames"], json::array());
  EXPECT_FALSE(key_.has_value());
}

TEST_F(CanalJsonEncoderTest, ValueNotFittingItsColumnIsAnErrorNamingTableAndColumn) {
  ChangeEvent event = Event(Operation::kInsert, Orders());
  event.after = Order(7, "1.5", Value(), false);  // scale 1 in a DECIMAL(9,3)
  std::vector<EncodedRecord> out;
  auto status = encoder_->Encode(event, "db2.sample", out);
  ASSERT_FALSE(status.has_value());
  EXPECT_EQ(status.error().code, base::ErrorCode::kInvalidArgument);
  EXPECT_NE(status.error().message.find("APP.ORDERS column QTY"), std::string::npos)
      << status.error().message;
  EXPECT_TRUE(out.empty());

  event.after = Order(7, "1.500", Value(), false);
  event.after[1] = Value();  // NULL in the NOT NULL key column LINE
  status = encoder_->Encode(event, "db2.sample", out);
  ASSERT_FALSE(status.has_value());
  EXPECT_NE(status.error().message.find("APP.ORDERS column LINE"), std::string::npos)
      << status.error().message;
  EXPECT_TRUE(out.empty());
}

TEST(CanalDdlType, FollowsTheFirstWords) {
  EXPECT_EQ(CanalDdlType("CREATE TABLE A (X INT)"), "CREATE");
  EXPECT_EQ(CanalDdlType("  create\n table a (x int)"), "CREATE");
  EXPECT_EQ(CanalDdlType("CREATE UNIQUE INDEX I ON A (X)"), "CINDEX");
  EXPECT_EQ(CanalDdlType("create index i on a (x)"), "CINDEX");
  EXPECT_EQ(CanalDdlType("ALTER TABLE A ADD COLUMN Y INT"), "ALTER");
  EXPECT_EQ(CanalDdlType("DROP TABLE A"), "ERASE");
  EXPECT_EQ(CanalDdlType("DROP INDEX I"), "DINDEX");
  EXPECT_EQ(CanalDdlType("RENAME TABLE A TO B"), "RENAME");
  EXPECT_EQ(CanalDdlType("RENAME A TO B"), "RENAME");
  EXPECT_EQ(CanalDdlType("RENAME INDEX I TO J"), "QUERY");
  EXPECT_EQ(CanalDdlType("TRUNCATE TABLE A IMMEDIATE"), "TRUNCATE");
  EXPECT_EQ(CanalDdlType("CREATE VIEW V AS SELECT 1 FROM A"), "QUERY");
  EXPECT_EQ(CanalDdlType("CREATE TABLESPACE T"), "QUERY");
  EXPECT_EQ(CanalDdlType(""), "QUERY");
}

TEST(ValueText, DecimalsKeepEveryScaleDigit) {
  std::string out;
  for (const auto& [text, expected] : std::vector<std::pair<std::string, std::string>>{
           {"0.00", "0.00"},
           {"-0.05", "-0.05"},
           {"12.340", "12.340"},
           {"7", "7"},
           {"-1234567890123456789012345678901", "-1234567890123456789012345678901"},
           {"0.0000000000000000000000000000001", "0.0000000000000000000000000000001"}}) {
    out.clear();
    AppendDecimalText(out, ParseDecimal(text));
    EXPECT_EQ(out, expected);
    EXPECT_EQ(out, ParseDecimal(text).ToString());
  }
  out.clear();
  AppendDecimalText(out, model::Decimal{123, -3});  // DECFLOAT-derived, negative scale
  EXPECT_EQ(out, "123000");
}

TEST(ValueText, FloatingPointIsShortestRoundTrip) {
  std::string out;
  AppendFloatText(out, 0.1f);
  EXPECT_EQ(out, "0.1");
  out.clear();
  AppendDoubleText(out, 0.1);
  EXPECT_EQ(out, "0.1");
  out.clear();
  AppendDoubleText(out, 1e300);
  EXPECT_EQ(out, "1e+300");
  out.clear();
  AppendDoubleText(out, -std::numeric_limits<double>::infinity());
  EXPECT_EQ(out, "-Infinity");
  out.clear();
  AppendFloatText(out, std::numeric_limits<float>::quiet_NaN());
  EXPECT_EQ(out, "NaN");
}

TEST(ValueText, Base64AndHexMatchTheRfcVectors) {
  const std::pair<std::string, std::string> vectors[] = {{"", ""},
                                                         {"f", "Zg=="},
                                                         {"fo", "Zm8="},
                                                         {"foo", "Zm9v"},
                                                         {"foob", "Zm9vYg=="},
                                                         {"fooba", "Zm9vYmE="},
                                                         {"foobar", "Zm9vYmFy"}};
  for (const auto& [bytes, expected] : vectors) {
    std::string out;
    AppendBase64(out, bytes);
    EXPECT_EQ(out, expected);
  }
  std::string hex;
  AppendHex(hex, "\x00\xAB\xFF"s);
  EXPECT_EQ(hex, "00abff");
  std::string scratch;
  EXPECT_EQ(ValueText(Value(model::Bytes{"\x00\xAB\xFF"s}), scratch, {.binary = BinaryText::kHex}),
            "00abff");
}

TEST(ValueText, TimestampsUseTheChosenSeparatorAndDeclaredDigits) {
  std::string scratch;
  const model::Timestamp timestamp{{2024, 1, 31}, {13, 14, 15}, 120'000'000'000, 3};
  EXPECT_EQ(ValueText(Value(timestamp), scratch), "2024-01-31 13:14:15.120");
  EXPECT_EQ(ValueText(Value(timestamp), scratch, {.timestamp_separator = 'T'}),
            "2024-01-31T13:14:15.120");
  EXPECT_EQ(ValueText(Value(model::Time{24, 0, 0}), scratch), "24:00:00");
}

TEST(ValueText, UtcTimestampFromMicrosHandlesTheEpochsEdges) {
  std::string out;
  AppendTimestampText(out, UtcTimestampFromMicros(0, 6), 'T');
  EXPECT_EQ(out, "1970-01-01T00:00:00.000000");
  out.clear();
  AppendTimestampText(out, UtcTimestampFromMicros(-1, 6), 'T');
  EXPECT_EQ(out, "1969-12-31T23:59:59.999999");
  out.clear();
  AppendTimestampText(out, UtcTimestampFromMicros(kNowMicros, 3), ' ');
  EXPECT_EQ(out, "2024-01-31 13:14:15.123");
  out.clear();
  AppendTimestampText(out, UtcTimestampFromMicros(253'402'300'799'999'999, 0), 'T');
  EXPECT_EQ(out, "9999-12-31T23:59:59");
  out.clear();
  AppendTimestampText(out, UtcTimestampFromMicros(951'782'400'000'000, 0), 'T');
  EXPECT_EQ(out, "2000-02-29T00:00:00");
}

}  // namespace
}  // namespace db2kafka::encode
