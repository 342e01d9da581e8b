#include "runner/chunk_bounds.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>

namespace db2kafka::runner {
namespace {

using ::testing::HasSubstr;

model::Decimal Dec(std::string_view text) { return model::Decimal::Parse(text).value(); }

model::Timestamp Ts(model::Date date, model::Time time, int64_t picoseconds, uint8_t precision) {
  return model::Timestamp{date, time, picoseconds, precision};
}

// Value's == treats -0.0 as 0.0; a chunk bound must keep the very bits it was given.
bool SameBits(const model::Value& a, const model::Value& b) {
  if (a.kind() != b.kind()) return false;
  if (const auto* x = a.TryAs<float>()) {
    return std::bit_cast<uint32_t>(*x) == std::bit_cast<uint32_t>(b.As<float>());
  }
  if (const auto* x = a.TryAs<double>()) {
    return std::bit_cast<uint64_t>(*x) == std::bit_cast<uint64_t>(b.As<double>());
  }
  return a == b;
}

void ExpectRoundTrip(const model::Row& row) {
  const base::Result<std::string> text = EncodeChunkBound(row);
  ASSERT_TRUE(text.has_value()) << text.error().ToString();
  ASSERT_FALSE(text->empty());
  const base::Result<std::optional<model::Row>> decoded = DecodeChunkBound(*text);
  ASSERT_TRUE(decoded.has_value()) << decoded.error().ToString();
  ASSERT_TRUE(decoded->has_value()) << *text;
  const model::Row& back = **decoded;
  ASSERT_EQ(back.size(), row.size()) << *text;
  for (size_t i = 0; i < row.size(); ++i) {
    EXPECT_TRUE(SameBits(back[i], row[i]))
        << "column " << i << ": " << row[i].DebugString() << " came back as "
        << back[i].DebugString() << " from " << *text;
  }
  // Encoding the decoded row writes the same text: nothing drifts across restarts.
  EXPECT_EQ(EncodeChunkBound(back).value_or("<error>"), *text);
}

void ExpectEachRoundTrips(const model::Row& values) {
  for (const model::Value& value : values) {
    SCOPED_TRACE(value.DebugString());
    ExpectRoundTrip({value});
  }
}

void ExpectDamaged(std::string_view text) {
  const auto decoded = DecodeChunkBound(text);
  ASSERT_FALSE(decoded.has_value()) << "accepted: " << text;
  EXPECT_EQ(decoded.error().code, base::ErrorCode::kDataLoss) << text;
  EXPECT_THAT(decoded.error().message, HasSubstr("the state file is damaged")) << text;
  EXPECT_FALSE(decoded.error().retriable);
}

TEST(ChunkBounds, UnboundedSideIsEmptyText) {
  EXPECT_EQ(EncodeChunkBound(std::nullopt).value(), "");
  const auto decoded = DecodeChunkBound("");
  ASSERT_TRUE(decoded.has_value());
  EXPECT_FALSE(decoded->has_value());
}

TEST(ChunkBounds, IntegersKeepTheirExtremesAndWidth) {
  ExpectEachRoundTrips({int16_t{0}, int16_t{-1}, std::numeric_limits<int16_t>::min(),
                        std::numeric_limits<int16_t>::max(), std::numeric_limits<int32_t>::min(),
                        std::numeric_limits<int32_t>::max(), int32_t{0},
                        std::numeric_limits<int64_t>::min(), std::numeric_limits<int64_t>::max(),
                        int64_t{-1}});
}

TEST(ChunkBounds, DecimalsKeepEveryDigitSignAndScale) {
  ExpectEachRoundTrips(
      {Dec("1234567890123456789012345678901"), Dec("-1234567890123456789012345678901"),
       Dec("-12345678901234567890.12345678901"), Dec("0.0000000000000000000000000000001"),
       Dec("1.50"), Dec("0.00"), Dec("-0.5"), Dec("0")});
  // The scale is part of the value: 1.50 must not come back as 1.5.
  const std::string text = EncodeChunkBound(model::Row{Dec("1.50")}).value();
  EXPECT_THAT(text, HasSubstr("\"1.50\""));
  const model::Decimal back = (*DecodeChunkBound(text).value())[0].As<model::Decimal>();
  EXPECT_EQ(back.unscaled, 150);
  EXPECT_EQ(back.scale, 2);
}

TEST(ChunkBounds, DecFloatKeepsDb2sText) {
  ExpectEachRoundTrips({model::DecFloat{"1.23E+5"}, model::DecFloat{"-0"},
                        model::DecFloat{"1.000000000000000000000000000000000"},
                        model::DecFloat{"9.999999999999999999999999999999999E+6144"},
                        model::DecFloat{"-1E-6176"}, model::DecFloat{"NaN"},
                        model::DecFloat{"-Infinity"}, model::DecFloat{"sNaN"}});
}

TEST(ChunkBounds, FloatsRoundTripBitForBit) {
  using F = std::numeric_limits<float>;
  using D = std::numeric_limits<double>;
  ExpectEachRoundTrips({0.0f, -0.0f, 0.1f, F::denorm_min(), -F::denorm_min(), F::min(), F::max(),
                        F::lowest(), F::epsilon(), F::infinity(), -F::infinity(), 16777217.0f});
  ExpectEachRoundTrips({0.0, -0.0, 0.1, 1.0 / 3.0, D::denorm_min(), -D::denorm_min(), D::min(),
                        std::nextafter(D::min(), 0.0), D::max(), D::lowest(), D::epsilon(),
                        D::infinity(), -D::infinity(), 9007199254740993.0});
}

TEST(ChunkBounds, StringsKeepEveryByte) {
  ExpectEachRoundTrips({
      model::String{""},
      model::String{"Zoë · Grüße · 中文 · \xf0\x9f\x98\x80"},
      model::String{R"(quote " and 'single' and backslash \ and \" and \u0041)"},
      model::String{"tab\tnewline\ncr\rbell\x07 esc\x1b unit\x1f del\x7f"},
      model::String{std::string("zero\0byte", 9)},
      model::String{"  trailing blanks of CHAR  "},
      model::String{"[\"INT32\",1]"},
  });
}

TEST(ChunkBounds, BytesKeepZeroAndHighBytes) {
  ExpectEachRoundTrips({model::Bytes{""}, model::Bytes{std::string(16, '\0')},
                        model::Bytes{std::string("\x00\xff\x01\x80\x7f\x00", 6)}});
  // Hex, so the text stays printable and the bytes exact.
  EXPECT_THAT(EncodeChunkBound(model::Row{model::Bytes{std::string("\x00\xAB", 2)}}).value(),
              HasSubstr("\"00ab\""));
}

TEST(ChunkBounds, DatesTimesAndTimestampsKeepEveryField) {
  ExpectEachRoundTrips({model::Date{1, 1, 1}, model::Date{9999, 12, 31}, model::Date{2024, 2, 29},
                        model::Time{0, 0, 0}, model::Time{23, 59, 59}, model::Time{24, 0, 0}});
  ExpectEachRoundTrips({
      Ts({2024, 1, 31}, {13, 14, 15}, 123'456'789'012, 12),
      Ts({2024, 1, 31}, {13, 14, 15}, 1, 12),  // one picosecond: all 12 digits survive
      Ts({2024, 1, 31}, {13, 14, 15}, 0, 0),
      Ts({2024, 1, 31}, {13, 14, 15}, 123'456'000'000, 6),
      Ts({1, 1, 1}, {0, 0, 0}, 0, 6),
      Ts({9999, 12, 31}, {23, 59, 59}, 999'999'999'999, 12),
      Ts({2024, 12, 31}, {24, 0, 0}, 0, 6),
  });
  // The same instant at another declared precision is another value.
  const std::string six = EncodeChunkBound(model::Row{Ts({2024, 1, 31}, {1, 2, 3}, 0, 6)}).value();
  const std::string twelve =
      EncodeChunkBound(model::Row{Ts({2024, 1, 31}, {1, 2, 3}, 0, 12)}).value();
  EXPECT_NE(six, twelve);
}

TEST(ChunkBounds, BooleansAndNulls) { ExpectEachRoundTrips({true, false, model::Null{}}); }

TEST(ChunkBounds, CompositeKeysKeepOrderAndKinds) {
  ExpectRoundTrip({int32_t{42}, model::String{"Zoë"},
                   Ts({2024, 1, 31}, {13, 14, 15}, 123'456'000'000, 6), model::Null{}, Dec("-0.50"),
                   model::Bytes{std::string("\x00\x01", 2)}, model::Date{2024, 2, 29}, int16_t{42},
                   int64_t{42}, 42.0, 42.0f, true});
  // Same numbers, other kinds: the kinds are kept, not guessed from the JSON.
  const std::string text = EncodeChunkBound(model::Row{int16_t{7}, int64_t{7}}).value();
  const model::Row back = *DecodeChunkBound(text).value();
  EXPECT_EQ(back[0].kind(), model::ValueKind::kInt16);
  EXPECT_EQ(back[1].kind(), model::ValueKind::kInt64);
}

TEST(ChunkBounds, XmlCannotBoundAChunk) {
  const auto text = EncodeChunkBound(model::Row{int32_t{1}, model::Xml{"<a/>"}});
  ASSERT_FALSE(text.has_value());
  EXPECT_EQ(text.error().code, base::ErrorCode::kInvalidArgument);
  EXPECT_THAT(text.error().message, HasSubstr("XML"));
}

TEST(ChunkBounds, StringsThatAreNotUtf8StillRoundTrip) {
  // A Db2 UTF-8 database can hold bytes that are not UTF-8 (the DRDA reader passes them through,
  // db2/row_json.cc replaces them for display). A key holding them must still bound a chunk
  // exactly, and never throw out of the JSON library.
  ExpectEachRoundTrips({model::String{"bad \xff byte"}, model::String{"truncated \xc3"},
                        model::String{"overlong \xc0\xaf"}, model::String{"\xed\xa0\x80"}});
  // UTF-8 text stays readable in the store.
  EXPECT_EQ(EncodeChunkBound(model::Row{model::String{"Zoë"}}).value(), "[[\"STRING\",\"Zoë\"]]");
  ExpectDamaged(R"([["STRING",{"hex":"zz"}]])");
  ExpectDamaged(R"([["STRING",{"hex":"fff"}]])");
  ExpectDamaged(R"([["STRING",{"hex":1}]])");
  ExpectDamaged(R"([["STRING",{"hex":"ff","x":1}]])");
  ExpectDamaged(R"([["STRING",{}]])");
  ExpectDamaged(R"([["BYTES",{"hex":"ff"}]])");
}

TEST(ChunkBounds, TextThatIsNotJsonIsDataLoss) {
  ExpectDamaged("not json");
  ExpectDamaged("[[\"INT32\",1]");  // cut short
  ExpectDamaged("{}");
  ExpectDamaged("42");
  ExpectDamaged("[]");
  ExpectDamaged("[1]");
  ExpectDamaged("[[]]");
  ExpectDamaged("[[1,2]]");
  ExpectDamaged("[[\"INT32\",1]] trailing");
}

TEST(ChunkBounds, UnknownKindNamesAreDataLoss) {
  ExpectDamaged(R"([["INT128",1]])");
  ExpectDamaged(R"([["int32",1]])");  // the kinds are ValueKindName's, upper case
  ExpectDamaged(R"([["XML","<a/>"]])");
  ExpectDamaged(R"([["",1]])");
}

TEST(ChunkBounds, WrongArityOrJsonTypeIsDataLoss) {
  ExpectDamaged(R"([["INT32"]])");
  ExpectDamaged(R"([["INT32",1,2]])");
  ExpectDamaged(R"([["INT32","1"]])");
  ExpectDamaged(R"([["INT32",1.5]])");
  ExpectDamaged(R"([["NULL",null]])");
  ExpectDamaged(R"([["BOOLEAN",1]])");
  ExpectDamaged(R"([["BOOLEAN"]])");
  ExpectDamaged(R"([["STRING"]])");
  ExpectDamaged(R"([["STRING",1]])");
  ExpectDamaged(R"([["STRING","a","b"]])");
  ExpectDamaged(R"([["FLOAT64",1.5]])");
  ExpectDamaged(R"([["DATE","2024-01-31",1]])");
  ExpectDamaged(R"([["TIMESTAMP","2024-01-31T13:14:15",0]])");
  ExpectDamaged(R"([["TIMESTAMP","2024-01-31T13:14:15",0,6,1]])");
  ExpectDamaged(R"([["TIMESTAMP","2024-01-31T13:14:15","0",6]])");
  // One good entry does not excuse a bad one.
  ExpectDamaged(R"([["INT32",1],["INT32"]])");
}

TEST(ChunkBounds, BadDatesTimesAndTimestampsAreDataLoss) {
  ExpectDamaged(R"([["DATE","2024-02-30"]])");
  ExpectDamaged(R"([["DATE","2023-02-29"]])");
  ExpectDamaged(R"([["DATE","0000-01-01"]])");
  ExpectDamaged(R"([["DATE","2024-13-01"]])");
  ExpectDamaged(R"([["DATE","2024-1-31"]])");
  ExpectDamaged(R"([["DATE","2024/01/31"]])");
  ExpectDamaged(R"([["DATE","+024-01-31"]])");
  ExpectDamaged(R"([["TIME","25:00:00"]])");
  ExpectDamaged(R"([["TIME","24:00:01"]])");
  ExpectDamaged(R"([["TIME","13:60:00"]])");
  ExpectDamaged(R"([["TIME","1:02:03"]])");
  ExpectDamaged(R"([["TIMESTAMP","2024-01-31 13:14:15",0,6]])");  // not the 'T' written
  ExpectDamaged(R"([["TIMESTAMP","2024-02-30T13:14:15",0,6]])");
  ExpectDamaged(R"([["TIMESTAMP","2024-01-31T13:14:15.5",0,6]])");  // fraction is separate
  ExpectDamaged(R"([["TIMESTAMP","2024-01-31T13:14:15",1000000000000,12]])");
  ExpectDamaged(R"([["TIMESTAMP","2024-01-31T13:14:15",-1,12]])");
  ExpectDamaged(R"([["TIMESTAMP","2024-01-31T13:14:15",0,13]])");
}

TEST(ChunkBounds, BadHexAndNumbersAreDataLoss) {
  ExpectDamaged(R"([["BYTES","abc"]])");
  ExpectDamaged(R"([["BYTES","zz"]])");
  ExpectDamaged(R"([["DECIMAL","1e5"]])");
  ExpectDamaged(R"([["DECIMAL","12a"]])");
  ExpectDamaged(R"([["DECIMAL",""]])");
  ExpectDamaged(R"([["DECIMAL","123456789012345678901234567890123456789"]])");  // 39 digits
  ExpectDamaged(R"([["FLOAT64","abc"]])");
  ExpectDamaged(R"([["FLOAT64",""]])");
  ExpectDamaged(R"([["FLOAT64","1.5x"]])");
}

TEST(ChunkBounds, OutOfRangeNumbersAreDataLossNotWrapped) {
  // A wrapped value would resume the task at another key than the one checkpointed.
  ExpectDamaged(R"([["INT16",32768]])");
  ExpectDamaged(R"([["INT16",-32769]])");
  ExpectDamaged(R"([["INT32",2147483648]])");
  ExpectDamaged(R"([["INT32",-2147483649]])");
  ExpectDamaged(R"([["INT64",9223372036854775808]])");
  ExpectDamaged(R"([["INT64",18446744073709551615]])");
  ExpectDamaged(R"([["FLOAT32","1e300"]])");
  ExpectDamaged(R"([["TIMESTAMP","2024-01-31T13:14:15",0,262]])");  // 262 = 6 mod 256
  ExpectDamaged(R"([["TIMESTAMP","2024-01-31T13:14:15",18446744073709551615,6]])");
}

TEST(ChunkBounds, DamagedTextIsQuotedInTheMessage) {
  const auto decoded = DecodeChunkBound(R"([["DATE","2024-02-30"]])");
  ASSERT_FALSE(decoded.has_value());
  EXPECT_THAT(decoded.error().message, HasSubstr("2024-02-30"));
  EXPECT_THAT(decoded.error().message, HasSubstr("remove it to start the task over"));
  // A huge damaged text is cut, so the message stays readable.
  const auto huge = DecodeChunkBound(std::string(100'000, 'x'));
  ASSERT_FALSE(huge.has_value());
  EXPECT_LT(huge.error().message.size(), 1000u);
}

}  // namespace
}  // namespace db2kafka::runner
