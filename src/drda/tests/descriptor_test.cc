// ParseQueryDescriptor (QRYDSC triplets, ../shared/docs/drda.md §4.6) and ParseSqldard (§4.5) on
// hand-made descriptors: Derby's types and triplets, SDA overrides, and malformed input. The real
// Db2 descriptors are replayed in db2_capture_replay_test.cc.
#include "drda/descriptor.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "drda/tests/test_bytes.h"

namespace db2kafka::drda {
namespace {

using testing::FromHex;
using ::testing::HasSubstr;

// The row and table layout triplets that end every QRYDSC: a row is SQLCAGRP (0x54) and
// SQLDTAGRP (0xD0), a table repeats rows.
constexpr std::string_view kRowAndTable = "0971e0540001d00001 0671f0e00000";

base::Error DescriptorError(std::string_view hex) {
  auto columns = ParseQueryDescriptor(FromHex(hex));
  EXPECT_FALSE(columns) << "expected an error, got " << columns->size() << " columns";
  return columns ? base::Error{} : columns.error();
}

struct ExpectedColumn {
  uint8_t fdoca_type;
  uint16_t length;
  std::string_view type_name;
  WireLayout layout;
};

// The columns of the t1 table of drda.md §7.3 as Derby 10.14 describes them (§4.6, §4.7, §5):
// CHAR(10) arrives as NVARMIX 0x3F, LOBs as 0x8004 placeholders, VARCHAR FOR BIT DATA with
// Derby's odd length 0x28.
TEST(ParseQueryDescriptor, ReadsDerbyColumnsOfEveryType) {
  const std::vector<ExpectedColumn> expected = {
      {0x02, 0x0004, "INTEGER", WireLayout::kFixed},
      {0x05, 0x0002, "SMALLINT", WireLayout::kFixed},
      {0x17, 0x0008, "BIGINT", WireLayout::kFixed},
      {0x0F, 0x0F02, "DECIMAL", WireLayout::kDecimal},
      {0x0D, 0x0004, "REAL", WireLayout::kFixed},
      {0x0B, 0x0008, "DOUBLE", WireLayout::kFixed},
      {0x3F, 0x000A, "VARCHAR (mixed)", WireLayout::kVarying16},
      {0x3F, 0x0064, "VARCHAR (mixed)", WireLayout::kVarying16},
      {0x21, 0x000A, "DATE", WireLayout::kFixed},
      {0x23, 0x0008, "TIME", WireLayout::kFixed},
      {0x25, 0x001D, "TIMESTAMP", WireLayout::kFixed},
      {0xC9, 0x8004, "BLOB", WireLayout::kLob},
      {0xCF, 0x8004, "CLOB (mixed)", WireLayout::kLob},
      {0xBF, 0x0001, "BOOLEAN", WireLayout::kFixed},
      {0x29, 0x0028, "VARCHAR FOR BIT DATA", WireLayout::kVarying16},
  };
  const std::vector<uint8_t> qrydsc = FromHex(
      "30 76 d0"  // N-GDA SQLDTAGRP: 15 columns x 3 bytes + 3
      "020004 050002 170008 0f0f02 0d0004 0b0008 3f000a 3f0064 21000a 230008 25001d c98004"
      "cf8004 bf0001 290028" +
      std::string(kRowAndTable));
  auto columns = ParseQueryDescriptor(qrydsc);
  ASSERT_TRUE(columns) << columns.error().ToString();
  ASSERT_EQ(columns->size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    SCOPED_TRACE("column " + std::to_string(i + 1));
    const Column& column = (*columns)[i];
    EXPECT_EQ(column.fdoca_type, expected[i].fdoca_type);
    EXPECT_EQ(column.length, expected[i].length);
    EXPECT_EQ(column.nullable(), (expected[i].fdoca_type & 1) != 0);
    ASSERT_NE(column.type, nullptr);
    EXPECT_EQ(column.type->name, expected[i].type_name);
    EXPECT_EQ(column.type->layout, expected[i].layout);
    EXPECT_EQ(column.name, std::to_string(i + 1));  // until SQLDARD names it
    EXPECT_EQ(column.ccsid, 0);
  }
  EXPECT_EQ((*columns)[3].precision(), 15);
  EXPECT_EQ((*columns)[3].scale(), 2);
}

TEST(ParseQueryDescriptor, ContinuesTheColumnListInCptTriplets) {
  auto columns =
      ParseQueryDescriptor(FromHex("0676d0020004 067f00050002" + std::string(kRowAndTable)));
  ASSERT_TRUE(columns) << columns.error().ToString();
  ASSERT_EQ(columns->size(), 2u);
  EXPECT_EQ((*columns)[1].fdoca_type, 0x05);
  EXPECT_EQ((*columns)[1].name, "2");
}

TEST(ParseQueryDescriptor, ReadsParameterDescriptorOfAnSqldta) {
  // FDODSC of an SQLDTA (§4.9): ends with the parameter row layout 06 71 E4 D0 00 01.
  auto columns = ParseQueryDescriptor(FromHex("0976d0 3f7fff 030004 0671e4d00001"));
  ASSERT_TRUE(columns) << columns.error().ToString();
  ASSERT_EQ(columns->size(), 2u);
  EXPECT_EQ((*columns)[0].fdoca_type, 0x3F);
  EXPECT_EQ((*columns)[0].length, 0x7FFF);
  EXPECT_EQ((*columns)[1].type->name, "INTEGER");
  EXPECT_TRUE((*columns)[1].nullable());
}

TEST(ParseQueryDescriptor, TakesTypeAndCcsidFromAnSdaForItsLocalId) {
  // MDD (§4.6) then an SDA giving local id 0xC6 the type CLOB (mixed), CCSID 1208 (0x04B8);
  // the column of type 0xC7 (0xC6 nullable) takes both and keeps its nullability.
  auto columns =
      ParseQueryDescriptor(FromHex("07780005 0301e0"
                                   "0c70c6 ce 000004b8 01 00 8009"
                                   "0676d0 c78009" +
                                   std::string(kRowAndTable)));
  ASSERT_TRUE(columns) << columns.error().ToString();
  ASSERT_EQ(columns->size(), 1u);
  EXPECT_EQ((*columns)[0].fdoca_type, 0xCF);
  EXPECT_EQ((*columns)[0].ccsid, 1208);
  EXPECT_EQ((*columns)[0].length, 0x8009);
  EXPECT_EQ((*columns)[0].type->name, "CLOB (mixed)");
  EXPECT_TRUE((*columns)[0].nullable());
}

TEST(ParseQueryDescriptor, AcceptsAnEmptyDescriptor) {
  auto columns = ParseQueryDescriptor({});
  ASSERT_TRUE(columns) << columns.error().ToString();
  EXPECT_TRUE(columns->empty());
}

TEST(ParseQueryDescriptor, NamesTheColumnWithAnUnknownType) {
  const base::Error error = DescriptorError("0976d0 020004 fa0001");
  EXPECT_EQ(error.code, base::ErrorCode::kProtocol);
  EXPECT_THAT(error.message, HasSubstr("column 2 has the unknown type 0xFA"));
  EXPECT_THAT(error.message, HasSubstr("offset 6"));
}

TEST(ParseQueryDescriptor, RejectsTripletLongerThanTheData) {
  const base::Error error = DescriptorError("0676d0020004 0976d0020004");
  EXPECT_EQ(error.code, base::ErrorCode::kProtocol);
  EXPECT_THAT(error.message, HasSubstr("offset 6"));
  EXPECT_THAT(error.message, HasSubstr("triplet length 9 with 6 bytes left"));
}

TEST(ParseQueryDescriptor, RejectsTripletShorterThanItsHeader) {
  for (const char* triplet : {"00", "0276", "0276d0"}) {
    SCOPED_TRACE(triplet);
    EXPECT_THAT(DescriptorError(triplet).message, HasSubstr("triplet length"));
  }
}

TEST(ParseQueryDescriptor, RejectsColumnListThatIsNotWholeColumns) {
  EXPECT_THAT(DescriptorError("0776d0 020004 05").message,
              HasSubstr("column list of 4 bytes is not a multiple of 3"));
}

TEST(ParseQueryDescriptor, RejectsUnknownTripletType) {
  EXPECT_THAT(DescriptorError("0675d0020004").message, HasSubstr("unknown triplet type"));
}

TEST(ParseQueryDescriptor, RejectsSdaShorterThanItsFields) {
  EXPECT_THAT(DescriptorError("0870c6ce000004b8").message, HasSubstr("SDA shorter"));
}

// A Derby-style SQLDARD at SQLAM 7 for "SELECT ID AS X FROM T": full SQLCA, SQLDHGRP, one INTEGER
// column named X with its SQLDXGRP.
const std::vector<uint8_t> kDerbySqldard = FromHex(
    "00 00000000 2020202020 4353533130313430 00"  // SQLCA: code 0, blank SQLSTATE, CSS10140
    "000000000000000000000000000000000000000000000000 2020202020202020202020"
    "0000 0000 0000 ff"
    "00 0000 0000 0000 0000 0000 0000 0000 0000 0000"    // SQLDHGRP: 6 x i2, RDBNAM, SCHEMA pair
    "0001"                                               // SQLNUMROW
    "000a 0000 0000000000000004 01f0 0000"               // INTEGER: prec 10, len 4, type 496
    "00 0000 0001 58 0000 0000 0000 0000 0000"           // SQLDOPTGRP: NAME "X" in VCM
    "ff"                                                 // SQLUDTGRP null
    "00 0000 0000 0000 0000 0006 746573746462"           // SQLDXGRP: 4 x i2, RDBNAM "testdb"
    "0000 0000 0001 54 0000 0000 0000 0002 4944 0000");  // CORNAME, BASENAME T, SCHEMA, NAME

TEST(ParseSqldard, ReadsDerbyDescriptionAtSqlam7) {
  auto columns = ParseSqldard(kDerbySqldard, {7, base::ByteOrder::kBigEndian, '\x14'});
  ASSERT_TRUE(columns) << columns.error().ToString();
  ASSERT_EQ(columns->size(), 1u);
  EXPECT_EQ((*columns)[0].name, "X");
  EXPECT_EQ((*columns)[0].sql_type, 496);
  EXPECT_EQ((*columns)[0].precision, 10);
  EXPECT_EQ((*columns)[0].length, 4);
}

TEST(ParseSqldard, FailsOnEveryTruncationNamingTheOffset) {
  for (size_t size = 0; size < kDerbySqldard.size(); ++size) {
    SCOPED_TRACE("first " + std::to_string(size) + " bytes");
    auto columns = ParseSqldard(std::span(kDerbySqldard).first(size),
                                {7, base::ByteOrder::kBigEndian, '\x14'});
    ASSERT_FALSE(columns);
    EXPECT_EQ(columns.error().code, base::ErrorCode::kProtocol);
    EXPECT_THAT(columns.error().message, HasSubstr("cannot read SQLDARD at offset"));
  }
}

TEST(ParseSqldard, RejectsBytesAfterTheLastColumn) {
  std::vector<uint8_t> bytes = kDerbySqldard;
  bytes.push_back(0xFF);
  auto columns = ParseSqldard(bytes, {7, base::ByteOrder::kBigEndian, '\x14'});
  ASSERT_FALSE(columns);
  EXPECT_EQ(columns.error().code, base::ErrorCode::kProtocol);
  EXPECT_THAT(columns.error().message, HasSubstr("1 byte"));
}

TEST(ParseSqldard, ReportsTheDescribeErrorOfItsSqlca) {
  const std::vector<uint8_t> bytes = FromHex(
      "00 ffffffff 3432373034 53514c3131303538 00"  // SQLCODE -1 (big-endian), 42704
      "000000000000000000000000000000000000000000000000 2020202020202020202020"
      "0000 0004 4e4f5045 0000 ff");
  auto columns = ParseSqldard(bytes, {10, base::ByteOrder::kBigEndian, '\xFF'});
  ASSERT_FALSE(columns);
  EXPECT_EQ(columns.error().sqlstate, "42704");
  EXPECT_THAT(columns.error().message, HasSubstr("describe failed"));
  EXPECT_THAT(columns.error().message, HasSubstr("NOPE"));
}

}  // namespace
}  // namespace db2kafka::drda
