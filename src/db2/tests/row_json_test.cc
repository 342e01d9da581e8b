#include "db2/row_json.h"

#include <gtest/gtest.h>

namespace db2kafka::db2 {
namespace {

drda::Column MakeColumn(std::string name, uint8_t fdoca_type, uint16_t length,
                        uint16_t ccsid = 1208) {
  drda::Column column;
  column.name = std::move(name);
  column.fdoca_type = fdoca_type;
  column.length = length;
  column.ccsid = ccsid;
  column.type = drda::FindWireType(fdoca_type);
  return column;
}

drda::FieldView Field(const std::vector<uint8_t>& bytes) { return {false, bytes}; }

TEST(RowToJson, RendersEveryKindExactly) {
  const std::vector<drda::Column> columns = {
      MakeColumn("ID", 0x02, 4),     MakeColumn("PRICE", 0x0F, 15 << 8 | 2),
      MakeColumn("NAME", 0x3F, 100), MakeColumn("RAW", 0x29, 20, 0),
      MakeColumn("AT", 0x25, 29),    MakeColumn("T", 0x23, 8),
      MakeColumn("OK", 0xBF, 1),     MakeColumn("NOTHING", 0x03, 4),
      MakeColumn("R", 0x0D, 4),
  };
  const std::vector<uint8_t> id = {0, 0, 0, 7};
  const std::vector<uint8_t> price = {0, 0, 0, 0, 0x12, 0x34, 0x56, 0x7D};
  const std::string name = "h\xC3\xA9llo \"q\"";
  const std::vector<uint8_t> name_bytes(name.begin(), name.end());
  const std::vector<uint8_t> raw = {0xDE, 0xAD, 0x00, 0xEF};
  const std::string at = "2024-01-31-13.14.15.123456000";
  const std::vector<uint8_t> at_bytes(at.begin(), at.end());
  const std::string time = "13.14.15";
  const std::vector<uint8_t> time_bytes(time.begin(), time.end());
  const std::vector<uint8_t> yes = {1};
  const std::vector<uint8_t> real = {0x3F, 0xC0, 0, 0};
  const std::vector<drda::FieldView> row = {Field(id),  Field(price),      Field(name_bytes),
                                            Field(raw), Field(at_bytes),   Field(time_bytes),
                                            Field(yes), drda::FieldView{}, Field(real)};
  EXPECT_EQ(
      RowToJson(columns, row, base::ByteOrder::kBigEndian).value(),
      R"({"ID":7,"PRICE":"-12345.67","NAME":"héllo \"q\"","RAW":"dead00ef",)"
      R"("AT":"2024-01-31T13:14:15.123456000","T":"13:14:15","OK":true,"NOTHING":null,"R":1.5})");
}

TEST(RowToJson, BadValuesAreErrorsNotGarbage) {
  const std::vector<drda::Column> columns = {MakeColumn("D", 0x0E, 3 << 8)};
  const std::vector<uint8_t> bad = {0x0F, 0xFF};
  const std::vector<drda::FieldView> row = {Field(bad)};
  const auto json = RowToJson(columns, row, base::ByteOrder::kBigEndian);
  ASSERT_FALSE(json);
  EXPECT_EQ(json.error().code, base::ErrorCode::kProtocol);
}

TEST(IsoTimestamp, LeavesUnknownShapesAlone) {
  EXPECT_EQ(IsoTimestamp("2024-01-31-00.00.00"), "2024-01-31T00:00:00");
  EXPECT_EQ(IsoTimestamp("garbage"), "garbage");
  EXPECT_EQ(IsoTime("01:02:03"), "01:02:03");
}

}  // namespace
}  // namespace db2kafka::db2
