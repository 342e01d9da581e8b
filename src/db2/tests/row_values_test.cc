#include "db2/row_values.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <ostream>
#include <random>

#include "drda/value_decoder.h"

namespace db2kafka::model {
// Lets gtest print Values in failures.
void PrintTo(const Value& value, std::ostream* out) { *out << value.DebugString(); }
}  // namespace db2kafka::model

namespace db2kafka::db2 {
namespace {

using base::ByteOrder;
using model::Value;
using ::testing::HasSubstr;

drda::Column MakeColumn(std::string name, uint8_t fdoca_type, uint16_t length = 0,
                        uint16_t ccsid = 1208) {
  drda::Column column;
  column.name = std::move(name);
  column.fdoca_type = fdoca_type;
  column.length = length;
  column.ccsid = ccsid;
  column.type = drda::FindWireType(fdoca_type);
  return column;
}

drda::Column DecimalColumn(int precision, int scale) {
  return MakeColumn("D", 0x0E, static_cast<uint16_t>(precision << 8 | scale));
}

std::vector<uint8_t> BytesOf(std::string_view text) { return {text.begin(), text.end()}; }

std::vector<uint8_t> FromHex(std::string_view hex) {
  std::vector<uint8_t> bytes;
  for (size_t i = 0; i + 1 < hex.size(); i += 2) {
    bytes.push_back(static_cast<uint8_t>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16)));
  }
  return bytes;
}

// One non-null field of one column through a decoder, as a full sync reads it.
base::Result<Value> DecodeOne(const drda::Column& column, const std::vector<uint8_t>& bytes,
                              ByteOrder order = ByteOrder::kBigEndian,
                              std::vector<model::ColumnSchema> declared = {}) {
  auto decoder = RowValueDecoder::Create({column}, order, declared);
  if (!decoder) return base::Fail(decoder.error());
  const std::vector<drda::FieldView> row = {{false, bytes}};
  std::vector<Value> values;
  auto decoded = decoder->Decode(row, values);
  if (!decoded) return base::Fail(decoded.error());
  return values.at(0);
}

Value Decoded(const drda::Column& column, const std::vector<uint8_t>& bytes,
              ByteOrder order = ByteOrder::kBigEndian) {
  auto value = DecodeOne(column, bytes, order);
  EXPECT_TRUE(value) << value.error().ToString();
  return value.value_or(Value());
}

base::Error ErrorOf(const drda::Column& column, const std::vector<uint8_t>& bytes) {
  auto value = DecodeOne(column, bytes);
  EXPECT_FALSE(value) << "decoded as " << value->DebugString();
  return value ? base::Error{} : value.error();
}

model::ColumnSchema Declared(std::string name, model::Db2Type type, int32_t scale = 0) {
  model::ColumnSchema column;
  column.name = std::move(name);
  column.type = type;
  column.scale = scale;
  return column;
}

TEST(RowValues, IntegersKeepTheirWidthAtBothEndsInEitherByteOrder) {
  const drda::Column smallint = MakeColumn("S", 0x04, 2);
  const drda::Column integer = MakeColumn("I", 0x02, 4);
  const drda::Column bigint = MakeColumn("B", 0x16, 8);
  EXPECT_EQ(Decoded(smallint, {0x80, 0x00}), Value(int16_t{-32768}));
  EXPECT_EQ(Decoded(smallint, {0x7F, 0xFF}), Value(int16_t{32767}));
  EXPECT_EQ(Decoded(smallint, {0xFF, 0x7F}, ByteOrder::kLittleEndian), Value(int16_t{32767}));
  EXPECT_EQ(Decoded(integer, {0x80, 0, 0, 0}), Value(int32_t{-2147483647 - 1}));
  EXPECT_EQ(Decoded(integer, {0xFF, 0xFF, 0xFF, 0x7F}, ByteOrder::kLittleEndian),
            Value(int32_t{2147483647}));
  EXPECT_EQ(Decoded(bigint, FromHex("8000000000000000")),
            Value(std::numeric_limits<int64_t>::min()));
  EXPECT_EQ(Decoded(bigint, FromHex("ffffffffffffff7f"), ByteOrder::kLittleEndian),
            Value(std::numeric_limits<int64_t>::max()));
  EXPECT_EQ(Decoded(bigint, FromHex("ffffffffffffffff")), Value(int64_t{-1}));
}

TEST(RowValues, IntegerOfTheWrongSizeIsAProtocolErrorNamingTheColumn) {
  const base::Error error = ErrorOf(MakeColumn("QTY", 0x02, 4), {0, 0, 1});
  EXPECT_EQ(error.code, base::ErrorCode::kProtocol);
  EXPECT_THAT(error.message, HasSubstr("column QTY (INTEGER)"));
  EXPECT_THAT(error.message, HasSubstr("3-byte"));
}

TEST(RowValues, DecimalIsExactAtEveryPrecisionBoundary) {
  EXPECT_EQ(Decoded(DecimalColumn(15, 2), {0, 0, 0, 0, 0x12, 0x34, 0x56, 0x7D}),
            Value(model::Decimal{-1234567, 2}));
  // DECIMAL(31,0) and DECIMAL(31,31) at their largest magnitudes.
  std::vector<uint8_t> nines(16, 0x99);
  nines.back() = 0x9C;
  const model::Int128 max31 = model::Decimal::Parse("9999999999999999999999999999999")->unscaled;
  EXPECT_EQ(Decoded(DecimalColumn(31, 0), nines), Value(model::Decimal{max31, 0}));
  EXPECT_EQ(Decoded(DecimalColumn(31, 31), nines), Value(model::Decimal{max31, 31}));
  nines.back() = 0x9D;
  EXPECT_EQ(Decoded(DecimalColumn(31, 0), nines), Value(model::Decimal{-max31, 0}));
  // DECIMAL(38,0): the even precision leaves a leading nibble unused; 10^38 - 1 still fits.
  std::vector<uint8_t> max38(20, 0x99);
  max38.front() = 0x09;
  max38.back() = 0x9F;
  const model::Int128 expected38 =
      model::Decimal::Parse("99999999999999999999999999999999999999")->unscaled;
  EXPECT_EQ(Decoded(DecimalColumn(38, 0), max38), Value(model::Decimal{expected38, 0}));
  // The unused nibble is ignored, as drda::DecodeDecimal ignores it.
  EXPECT_EQ(Decoded(DecimalColumn(2, 1), {0x51, 0x2C}), Value(model::Decimal{12, 1}));
  EXPECT_EQ(Decoded(DecimalColumn(1, 0), {0x7C}), Value(model::Decimal{7, 0}));
  EXPECT_EQ(Decoded(DecimalColumn(1, 1), {0x7B}), Value(model::Decimal{-7, 1}));
}

TEST(RowValues, DecimalSignNibblesAndNegativeZero) {
  EXPECT_EQ(Decoded(DecimalColumn(3, 0), {0x12, 0x3F}), Value(model::Decimal{123, 0}));
  EXPECT_EQ(Decoded(DecimalColumn(3, 0), {0x12, 0x3A}), Value(model::Decimal{123, 0}));
  EXPECT_EQ(Decoded(DecimalColumn(3, 0), {0x12, 0x3E}), Value(model::Decimal{123, 0}));
  EXPECT_EQ(Decoded(DecimalColumn(3, 0), {0x12, 0x3B}), Value(model::Decimal{-123, 0}));
  EXPECT_EQ(Decoded(DecimalColumn(3, 2), {0x00, 0x0D}), Value(model::Decimal{0, 2}));
  EXPECT_EQ(Decoded(DecimalColumn(3, 2), {0x00, 0x0D}).As<model::Decimal>().ToString(), "0.00");
}

TEST(RowValues, MalformedDecimalsAreProtocolErrors) {
  EXPECT_THAT(ErrorOf(DecimalColumn(3, 0), {0x1A, 0x3C}).message,
              HasSubstr("invalid packed decimal"));
  EXPECT_THAT(ErrorOf(DecimalColumn(3, 0), {0x12, 0xAC}).message,
              HasSubstr("invalid packed decimal"));
  EXPECT_THAT(ErrorOf(DecimalColumn(3, 0), {0x12, 0x39}).message, HasSubstr("without a sign"));
  EXPECT_THAT(ErrorOf(DecimalColumn(5, 0), {0x12, 0x3C}).message, HasSubstr("2-byte value"));
  EXPECT_EQ(ErrorOf(DecimalColumn(39, 0), std::vector<uint8_t>(20, 0x0C)).code,
            base::ErrorCode::kProtocol);
  EXPECT_EQ(ErrorOf(DecimalColumn(3, 4), {0x12, 0x3C}).code, base::ErrorCode::kProtocol);
}

// The binary path agrees with the text decoder the JSON output uses, on random values of every
// precision and scale Db2 allows.
TEST(RowValues, DecimalAgreesWithTheTextDecoderOnRandomValues) {
  std::mt19937 random(20240131);
  for (int round = 0; round < 20000; ++round) {
    const int precision = 1 + static_cast<int>(random() % 31);
    const int scale = static_cast<int>(random() % static_cast<unsigned>(precision + 1));
    std::vector<uint8_t> bytes(static_cast<size_t>(precision / 2 + 1));
    for (uint8_t& byte : bytes) {
      byte = static_cast<uint8_t>((random() % 10) << 4 | (random() % 10));
    }
    static constexpr uint8_t kSigns[] = {0x0A, 0x0B, 0x0C, 0x0D, 0x0E, 0x0F};
    bytes.back() = static_cast<uint8_t>((bytes.back() & 0xF0) | kSigns[random() % 6]);
    if (round % 7 == 0) std::fill(bytes.begin(), bytes.end() - 1, 0);  // zeros, signed too
    const drda::Column column = DecimalColumn(precision, scale);
    const std::string text = drda::DecodeDecimal(column, bytes).value();
    const model::Decimal decimal = DecodePackedDecimal(column, bytes).value();
    ASSERT_EQ(decimal.ToString(), text) << "precision " << precision << " scale " << scale;
    ASSERT_EQ(decimal.scale, scale);
  }
}

TEST(RowValues, DecFloatKeepsTheSpecificationsText) {
  const drda::Column decfloat16 = MakeColumn("F", 0xBA, 8);
  EXPECT_EQ(Decoded(decfloat16, FromHex("A2300000000003D0")), Value(model::DecFloat{"-7.50"}));
  EXPECT_EQ(Decoded(decfloat16, FromHex("a238000000000000")), Value(model::DecFloat{"-0"}));
  EXPECT_EQ(Decoded(decfloat16, FromHex("7800000000000000")), Value(model::DecFloat{"Infinity"}));
  EXPECT_EQ(Decoded(decfloat16, FromHex("7c00000000000000")), Value(model::DecFloat{"NaN"}));
  EXPECT_EQ(Decoded(MakeColumn("F", 0xBA, 16), FromHex("77ffcff3fcff3fcff3fcff3fcff3fcff")),
            Value(model::DecFloat{"9.999999999999999999999999999999999E+6144"}));
  EXPECT_EQ(ErrorOf(decfloat16, FromHex("2238")).code, base::ErrorCode::kProtocol);
}

TEST(RowValues, RealStaysSingleAndDoubleStaysDouble) {
  const drda::Column real = MakeColumn("R", 0x0C, 4);
  const drda::Column dbl = MakeColumn("D", 0x0A, 8);
  EXPECT_EQ(Decoded(real, {0x3F, 0xC0, 0, 0}), Value(1.5F));
  EXPECT_EQ(Decoded(real, {0, 0, 0xC0, 0x3F}, ByteOrder::kLittleEndian), Value(1.5F));
  EXPECT_EQ(Decoded(real, {0xFF, 0x7F, 0xFF, 0xFF}), Value(-std::numeric_limits<float>::max()));
  EXPECT_EQ(Decoded(real, {0, 0, 0, 1}), Value(std::numeric_limits<float>::denorm_min()));
  EXPECT_EQ(Decoded(dbl, FromHex("7fefffffffffffff")), Value(std::numeric_limits<double>::max()));
  EXPECT_EQ(Decoded(dbl, FromHex("0000000000000001")),
            Value(std::numeric_limits<double>::denorm_min()));
  EXPECT_EQ(Decoded(dbl, FromHex("000000000000f03f"), ByteOrder::kLittleEndian), Value(1.0));
  EXPECT_EQ(ErrorOf(dbl, {1, 2}).code, base::ErrorCode::kProtocol);
}

TEST(RowValues, CharacterDataIsUtf8WithItsPaddingKept) {
  EXPECT_EQ(Decoded(MakeColumn("C", 0x3C, 10), BytesOf("ab        ")),
            Value(model::String{"ab        "}));
  EXPECT_EQ(Decoded(MakeColumn("V", 0x3E, 100), BytesOf("h\xC3\xA9llo \xF0\x9F\x98\x80")),
            Value(model::String{"h\xC3\xA9llo \xF0\x9F\x98\x80"}));
  EXPECT_EQ(Decoded(MakeColumn("V", 0x32, 100), {}), Value(model::String{""}));
  EXPECT_EQ(Decoded(MakeColumn("CL", 0xCA, 0), BytesOf("clob")), Value(model::String{"clob"}));
  // FOR BIT DATA that a server describes as CHAR with CCSID 65535.
  EXPECT_EQ(Decoded(MakeColumn("CB", 0x30, 4, 65535), {0, 0xFF, 0, 1}),
            Value(model::Bytes{std::string("\0\xFF\0\x01", 4)}));
}

TEST(RowValues, GraphicDataIsUtf16ConvertedToUtf8) {
  const drda::Column graphic = MakeColumn("G", 0x38, 10, 1200);
  // "hé中" and U+1F600 as a surrogate pair.
  EXPECT_EQ(Decoded(graphic, {0x00, 0x68, 0x00, 0xE9, 0x4E, 0x2D, 0xD8, 0x3D, 0xDE, 0x00}),
            Value(model::String{"h\xC3\xA9\xE4\xB8\xAD\xF0\x9F\x98\x80"}));
  // A lone surrogate becomes U+FFFD, as drda::DecodeUtf16 makes it.
  EXPECT_EQ(Decoded(graphic, {0xD8, 0x3D, 0x00, 0x41}), Value(model::String{"\xEF\xBF\xBD"
                                                                            "A"}));
  EXPECT_EQ(Decoded(MakeColumn("DB", 0xCC, 0, 1200), {0x00, 0x41}), Value(model::String{"A"}));
  EXPECT_THAT(ErrorOf(graphic, {0x00, 0x41, 0x00}).message, HasSubstr("odd length"));
}

TEST(RowValues, GraphicAgreesWithTheDrdaDecoderOnRandomUnits) {
  std::mt19937 random(7);
  const drda::Column graphic = MakeColumn("G", 0x38, 64, 1200);
  for (int round = 0; round < 5000; ++round) {
    std::vector<uint8_t> bytes(2 * (random() % 40));
    for (size_t i = 0; i < bytes.size(); i += 2) {
      // Bias towards surrogates and ASCII so pairs, lone halves and 1-, 2-, 3-byte forms occur.
      static constexpr uint16_t kBases[] = {0x0000, 0x0700, 0x4E00, 0xD800, 0xDC00, 0xFF00};
      const auto unit = static_cast<uint16_t>(kBases[random() % 6] + random() % 0x400);
      bytes[i] = static_cast<uint8_t>(unit >> 8);
      bytes[i + 1] = static_cast<uint8_t>(unit & 0xFF);
    }
    ASSERT_EQ(Decoded(graphic, bytes), Value(model::String{drda::DecodeUtf16(bytes).value()}));
  }
}

TEST(RowValues, BinaryAndLobBytesStayBytes) {
  const std::vector<uint8_t> raw = {0xDE, 0xAD, 0x00, 0xEF};
  const model::Bytes expected{std::string("\xDE\xAD\x00\xEF", 4)};
  EXPECT_EQ(Decoded(MakeColumn("CB", 0x26, 4), raw), Value(expected));
  EXPECT_EQ(Decoded(MakeColumn("VB", 0x28, 20), raw), Value(expected));
  EXPECT_EQ(Decoded(MakeColumn("BI", 0xC0, 4), raw), Value(expected));
  EXPECT_EQ(Decoded(MakeColumn("BL", 0xC8, 0), raw), Value(expected));
  EXPECT_EQ(Decoded(MakeColumn("BL", 0xC8, 0), {}), Value(model::Bytes{}));
}

TEST(RowValues, XmlAndBoolean) {
  EXPECT_EQ(Decoded(MakeColumn("X", 0xC6, 0), BytesOf("<a>\xC3\xA9</a>")),
            Value(model::Xml{"<a>\xC3\xA9</a>"}));
  EXPECT_EQ(Decoded(MakeColumn("OK", 0xBE, 1), {1}), Value(true));
  EXPECT_EQ(Decoded(MakeColumn("OK", 0xBE, 1), {0}), Value(false));
  EXPECT_EQ(Decoded(MakeColumn("OK", 0xBE, 2), {0, 1}), Value(true));
  EXPECT_EQ(ErrorOf(MakeColumn("OK", 0xBE, 1), {}).code, base::ErrorCode::kProtocol);
}

TEST(RowValues, DatesAtTheirBoundariesAndInvalidOnes) {
  const drda::Column date = MakeColumn("DT", 0x20, 10);
  EXPECT_EQ(Decoded(date, BytesOf("0001-01-01")), Value(model::Date{1, 1, 1}));
  EXPECT_EQ(Decoded(date, BytesOf("9999-12-31")), Value(model::Date{9999, 12, 31}));
  EXPECT_EQ(Decoded(date, BytesOf("2024-02-29")), Value(model::Date{2024, 2, 29}));
  for (std::string_view bad : {"2023-02-29", "2024-13-01", "2024-00-10", "0000-01-01", "2024-1-01 ",
                               "2024/01/01", "20x4-01-01", "2024-01-011", ""}) {
    const base::Error error = ErrorOf(date, BytesOf(bad));
    EXPECT_EQ(error.code, base::ErrorCode::kProtocol) << bad;
    EXPECT_THAT(error.message, HasSubstr("column DT (DATE)")) << bad;
  }
}

TEST(RowValues, TimesInDb2AndDerbySpelling) {
  const drda::Column time = MakeColumn("TM", 0x22, 8);
  EXPECT_EQ(Decoded(time, BytesOf("13.14.15")), Value(model::Time{13, 14, 15}));
  EXPECT_EQ(Decoded(time, BytesOf("23:59:59")), Value(model::Time{23, 59, 59}));
  EXPECT_EQ(Decoded(time, BytesOf("00.00.00")), Value(model::Time{0, 0, 0}));
  EXPECT_EQ(Decoded(time, BytesOf("24.00.00")), Value(model::Time{24, 0, 0}));
  for (std::string_view bad :
       {"24.00.01", "12.60.00", "12.00.60", "12.34:56", "12-34-56", "1.2.3", "12.34.567"}) {
    EXPECT_THAT(ErrorOf(time, BytesOf(bad)).message, HasSubstr("column TM (TIME)")) << bad;
  }
}

TEST(RowValues, TimestampsKeepEveryDigitSentUpToPicoseconds) {
  const drda::Column ts = MakeColumn("TS", 0x24, 32);
  model::Timestamp expected{{2024, 1, 31}, {13, 14, 15}, 123'456'000'000, 6};
  EXPECT_EQ(Decoded(ts, BytesOf("2024-01-31-13.14.15.123456")), Value(expected));
  expected.picoseconds = 123'456'789'012;
  expected.precision = 12;
  EXPECT_EQ(Decoded(ts, BytesOf("2024-01-31-13.14.15.123456789012")), Value(expected));
  expected.picoseconds = 1'000;
  expected.precision = 9;
  EXPECT_EQ(Decoded(ts, BytesOf("2024-01-31-13.14.15.000000001")), Value(expected));
  expected.picoseconds = 0;
  expected.precision = 0;
  EXPECT_EQ(Decoded(ts, BytesOf("2024-01-31-13.14.15")), Value(expected));
  expected = {{9999, 12, 31}, {23, 59, 59}, 999'999'999'999, 12};
  EXPECT_EQ(Decoded(ts, BytesOf("9999-12-31-23.59.59.999999999999")), Value(expected));
  expected = {{1, 1, 1}, {0, 0, 0}, 0, 6};
  EXPECT_EQ(Decoded(ts, BytesOf("0001-01-01-00.00.00.000000")), Value(expected));
  expected = {{2024, 1, 31}, {24, 0, 0}, 0, 6};
  EXPECT_EQ(Decoded(ts, BytesOf("2024-01-31-24.00.00.000000")), Value(expected));
  // The ISO spelling is read too.
  expected = {{2024, 1, 31}, {13, 14, 15}, 500'000'000'000, 1};
  EXPECT_EQ(Decoded(ts, BytesOf("2024-01-31 13:14:15.5")), Value(expected));
}

TEST(RowValues, MalformedTimestampsAreProtocolErrors) {
  const drda::Column ts = MakeColumn("TS", 0x24, 32);
  for (std::string_view bad :
       {"2024-01-31-13.14.15.", "2024-01-31-13.14.15.1234567890123", "2024-02-30-13.14.15.000000",
        "2024-01-31-24.00.00.000001", "2024-01-31-13.14.15,123456", "2024-01-31-13.14.15.12345x",
        "2024-01-31X13.14.15", "2024-01-31-13.14", ""}) {
    const base::Error error = ErrorOf(ts, BytesOf(bad));
    EXPECT_EQ(error.code, base::ErrorCode::kProtocol) << bad;
    EXPECT_THAT(error.message, HasSubstr("column TS (TIMESTAMP)")) << bad;
  }
}

TEST(RowValues, DeclaredTimestampPrecisionWinsOverTheDigitsSent) {
  const drda::Column ts = MakeColumn("TS", 0x24, 29);
  auto as_declared = [&](std::string_view text, int scale) {
    return DecodeOne(ts, BytesOf(text), ByteOrder::kBigEndian,
                     {Declared("TS", model::Db2Type::kTimestamp, scale)});
  };
  // Derby sends nine digits whatever the column; trailing zeros beyond the declared ones are fine.
  auto six = as_declared("2024-01-31-13.14.15.123456000", 6);
  ASSERT_TRUE(six) << six.error().ToString();
  EXPECT_EQ(six->As<model::Timestamp>().precision, 6);
  EXPECT_EQ(six->As<model::Timestamp>().picoseconds, 123'456'000'000);
  // Fewer digits than declared: the value is exact, the precision the column's.
  auto twelve = as_declared("2024-01-31-13.14.15.123456", 12);
  ASSERT_TRUE(twelve);
  EXPECT_EQ(twelve->As<model::Timestamp>().precision, 12);
  EXPECT_EQ(twelve->As<model::Timestamp>().ToString(), "2024-01-31T13:14:15.123456000000");
  // Significant digits beyond the declaration would be cut off downstream: an error instead.
  auto cut = as_declared("2024-01-31-13.14.15.123456789", 6);
  ASSERT_FALSE(cut);
  EXPECT_THAT(cut.error().message, HasSubstr("TIMESTAMP(6)"));
  EXPECT_FALSE(RowValueDecoder::Create(
      {ts}, ByteOrder::kBigEndian, std::vector{Declared("TS", model::Db2Type::kTimestamp, 13)}));
}

TEST(RowValues, DeclaredTypesChooseBytesXmlBooleanAndNarrowerIntegers) {
  auto value = DecodeOne(MakeColumn("C", 0x30, 2), {0x00, 0xFF}, ByteOrder::kBigEndian,
                         {Declared("C", model::Db2Type::kCharForBitData)});
  ASSERT_TRUE(value);
  EXPECT_EQ(*value, Value(model::Bytes{std::string("\0\xFF", 2)}));
  value = DecodeOne(MakeColumn("X", 0xCA, 0), BytesOf("<a/>"), ByteOrder::kBigEndian,
                    {Declared("X", model::Db2Type::kXml)});
  ASSERT_TRUE(value);
  EXPECT_EQ(*value, Value(model::Xml{"<a/>"}));
  // Derby sends BOOLEAN to old clients as SMALLINT.
  value = DecodeOne(MakeColumn("B", 0x04, 2), {0, 1}, ByteOrder::kBigEndian,
                    {Declared("B", model::Db2Type::kBoolean)});
  ASSERT_TRUE(value);
  EXPECT_EQ(*value, Value(true));
  value = DecodeOne(MakeColumn("S", 0x02, 4), {0, 0, 0x7F, 0xFF}, ByteOrder::kBigEndian,
                    {Declared("S", model::Db2Type::kSmallint)});
  ASSERT_TRUE(value);
  EXPECT_EQ(*value, Value(int16_t{32767}));
  value = DecodeOne(MakeColumn("S", 0x02, 4), {0, 1, 0, 0}, ByteOrder::kBigEndian,
                    {Declared("S", model::Db2Type::kSmallint)});
  ASSERT_FALSE(value);
  EXPECT_THAT(value.error().message, HasSubstr("out of range"));
}

TEST(RowValues, ADeclaredTypeTheWireCannotCarryIsAFailedPrecondition) {
  auto decoder = RowValueDecoder::Create({MakeColumn("QTY", 0x32, 10)}, ByteOrder::kBigEndian,
                                         std::vector{Declared("QTY", model::Db2Type::kInteger)});
  ASSERT_FALSE(decoder);
  EXPECT_EQ(decoder.error().code, base::ErrorCode::kFailedPrecondition);
  EXPECT_THAT(decoder.error().message, HasSubstr("column QTY is INTEGER in the catalog"));
  EXPECT_THAT(decoder.error().message, HasSubstr("VARCHAR"));
  decoder = RowValueDecoder::Create({MakeColumn("A", 0x02, 4)}, ByteOrder::kBigEndian,
                                    std::vector{Declared("A", model::Db2Type::kInteger),
                                                Declared("B", model::Db2Type::kInteger)});
  ASSERT_FALSE(decoder);
  EXPECT_EQ(decoder.error().code, base::ErrorCode::kInvalidArgument);
}

TEST(RowValues, LocatorsHaveNoModelValue) {
  auto decoder = RowValueDecoder::Create({MakeColumn("L", 0x18, 4)}, ByteOrder::kBigEndian);
  ASSERT_FALSE(decoder);
  EXPECT_EQ(decoder.error().code, base::ErrorCode::kInvalidArgument);
  EXPECT_THAT(decoder.error().message, HasSubstr("column L"));
}

TEST(RowValues, ARowOfEveryKindWithNullsReusesTheVector) {
  const std::vector<drda::Column> columns = {
      MakeColumn("ID", 0x02, 4), MakeColumn("PRICE", 0x0F, 15 << 8 | 2),
      MakeColumn("NAME", 0x3F, 100), MakeColumn("AT", 0x25, 29), MakeColumn("NOTHING", 0x03, 4)};
  auto decoder = RowValueDecoder::Create(columns, ByteOrder::kBigEndian);
  ASSERT_TRUE(decoder) << decoder.error().ToString();
  const std::vector<uint8_t> id = {0, 0, 0, 7};
  const std::vector<uint8_t> price = {0, 0, 0, 0, 0x12, 0x34, 0x56, 0x7D};
  const std::vector<uint8_t> name = BytesOf("x");
  const std::vector<uint8_t> at = BytesOf("2024-01-31-13.14.15.123456000");
  std::vector<drda::FieldView> row = {
      {false, id}, {false, price}, {false, name}, {false, at}, drda::FieldView{}};
  std::vector<Value> values = {Value(1.0), Value(2.0)};  // leftovers are replaced
  ASSERT_TRUE(decoder->Decode(row, values));
  ASSERT_EQ(values.size(), 5u);
  EXPECT_EQ(values[0], Value(int32_t{7}));
  EXPECT_EQ(values[1], Value(model::Decimal{-1234567, 2}));
  EXPECT_EQ(values[2], Value(model::String{"x"}));
  EXPECT_EQ(values[3].As<model::Timestamp>().ToString(), "2024-01-31T13:14:15.123456000");
  EXPECT_TRUE(values[4].is_null());
  row[0] = drda::FieldView{};
  ASSERT_TRUE(decoder->Decode(row, values));
  EXPECT_TRUE(values[0].is_null());
  EXPECT_EQ(values.size(), 5u);
  row.pop_back();
  EXPECT_EQ(decoder->Decode(row, values).error().code, base::ErrorCode::kInvalidArgument);
  const auto one_off = RowToValues(columns, {{false, id}, {}, {}, {}, {}}, ByteOrder::kBigEndian);
  ASSERT_TRUE(one_off);
  EXPECT_EQ(one_off->at(0), Value(int32_t{7}));
}

}  // namespace
}  // namespace db2kafka::db2
