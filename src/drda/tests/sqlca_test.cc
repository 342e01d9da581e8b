// ReadSqlca on the SQLCA layout of SQLAM 7 and later (../shared/docs/drda.md §4.4): a Derby
// error with 0x14-separated tokens, Db2's null SQLCA, little-endian numbers from Db2 on x86, and
// every truncation of a full SQLCA.
#include "drda/sqlca.h"

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

constexpr SqlcaFormat kDerby{base::ByteOrder::kBigEndian, '\x14'};
constexpr SqlcaFormat kDb2OnX86{base::ByteOrder::kLittleEndian, '\xFF'};

// A Derby statement error as its network server writes it (QTDSQLASC, so big-endian).
const std::vector<uint8_t> kDerbyError = FromHex(
    "00"                           // SQLCAGRP present
    "ffffb1df"                     // SQLCODE -20001
    "3432583034"                   // SQLSTATE 42X04
    "4353533130313430"             // SQLERRPROC CSS10140
    "00"                           // SQLCAXGRP present
    "00000000 00000000 00000005"   // SQLERRD1..3 (ERRD3: the update count)
    "00000000 00000000 00000000"   // SQLERRD4..6
    "2020202020202020202020"       // SQLWARN0..A
    "0006 746573746462"            // SQLRDBNAME "testdb"
    "000a 4e4f5045 14 3432583034"  // SQLERRMSG_m "NOPE" 0x14 "42X04"
    "0000"                         // SQLERRMSG_s
    "ff");                         // SQLDIAGGRP null

TEST(ReadSqlca, ReadsDerbyErrorWithTokensSeparatedBy0x14) {
  base::ByteReader reader(kDerbyError);
  auto sqlca = ReadSqlca(reader, kDerby);
  ASSERT_TRUE(sqlca) << sqlca.error().ToString();
  ASSERT_TRUE(sqlca->has_value());
  const Sqlca& read = **sqlca;
  EXPECT_EQ(read.sqlcode, -20001);
  EXPECT_TRUE(read.IsError());
  EXPECT_FALSE(read.IsEndOfData());
  EXPECT_EQ(read.sqlstate, "42X04");
  EXPECT_EQ(read.error_proc, "CSS10140");
  EXPECT_EQ(read.RowCount(), 5);
  EXPECT_EQ(read.warnings, std::string(11, ' '));
  EXPECT_EQ(read.rdb_name, "testdb");
  EXPECT_EQ(read.tokens, "NOPE; 42X04");
  EXPECT_TRUE(reader.empty());
}

TEST(ReadSqlca, ReturnsNothingForNullSqlcaAndReadsOnlyItsByte) {
  const std::vector<uint8_t> bytes = FromHex("ff 00");
  base::ByteReader reader(bytes);
  auto sqlca = ReadSqlca(reader, kDb2OnX86);
  ASSERT_TRUE(sqlca) << sqlca.error().ToString();
  EXPECT_FALSE(sqlca->has_value());
  EXPECT_EQ(reader.position(), 1u);
}

TEST(ReadSqlca, FailsOnEveryTruncationOfAFullSqlca) {
  for (size_t size = 0; size < kDerbyError.size(); ++size) {
    SCOPED_TRACE("first " + std::to_string(size) + " bytes");
    base::ByteReader reader{std::span(kDerbyError).first(size)};
    auto sqlca = ReadSqlca(reader, kDerby);
    ASSERT_FALSE(sqlca);
    EXPECT_EQ(sqlca.error().code, base::ErrorCode::kProtocol);
    EXPECT_THAT(sqlca.error().message, HasSubstr("truncated"));
  }
}

TEST(ReadSqlca, ReadsLittleEndianNumbersFromDb2OnX86) {
  // The +100 SQLCARD that ended the first query of Db2 8.2, byte for byte
  // (wireshark-wiki_drda_db2_sample, frames 13); ACCRDBRM had said QTDSQLX86.
  const std::vector<uint8_t> bytes = FromHex(
      "00 64000000 3032303030 53514c5249303146"
      "00 01000480 01000000 00000000 00000000 00000000 00000000 2020202020202020202020"
      "0012 4d594442324442 2020202020202020202020 0000 0000 ff");
  {
    base::ByteReader reader(bytes);
    auto sqlca = ReadSqlca(reader, kDb2OnX86);
    ASSERT_TRUE(sqlca) << sqlca.error().ToString();
    ASSERT_TRUE(sqlca->has_value());
    EXPECT_EQ((*sqlca)->sqlcode, 100);
    EXPECT_TRUE((*sqlca)->IsEndOfData());
    EXPECT_EQ((*sqlca)->sqlstate, "02000");
    EXPECT_EQ((*sqlca)->error_proc, "SQLRI01F");
    EXPECT_EQ((*sqlca)->errd[0], static_cast<int32_t>(0x80040001));
    EXPECT_EQ((*sqlca)->errd[1], 1);
    EXPECT_EQ((*sqlca)->rdb_name, "MYDB2DB");
    EXPECT_EQ((*sqlca)->tokens, "");
    EXPECT_TRUE(reader.empty());
  }
  // Read with the wrong byte order the same bytes are no longer "end of data": the byte order of
  // ACCRDBRM's TYPDEFNAM must reach the reader.
  base::ByteReader reader(bytes);
  auto sqlca = ReadSqlca(reader, {base::ByteOrder::kBigEndian, '\xFF'});
  ASSERT_TRUE(sqlca) << sqlca.error().ToString();
  EXPECT_EQ((*sqlca)->sqlcode, 0x64000000);
}

TEST(ReadSqlca, ReadsSqlcaWithoutExtensionGroup) {
  // The +100 SQLCA inside a Db2 8.2 QRYDTA (stored-procedure result set): SQLCAXGRP null.
  const std::vector<uint8_t> bytes = FromHex("00 64000000 3032303030 53514c3038303234 ff ff");
  base::ByteReader reader(bytes);
  auto sqlca = ReadSqlca(reader, kDb2OnX86);
  ASSERT_TRUE(sqlca) << sqlca.error().ToString();
  ASSERT_TRUE(sqlca->has_value());
  EXPECT_TRUE((*sqlca)->IsEndOfData());
  EXPECT_EQ((*sqlca)->error_proc, "SQL08024");
  EXPECT_EQ((*sqlca)->RowCount(), 0);
  EXPECT_TRUE(reader.empty());
}

TEST(ReadSqlca, SeparatesDb2TokensAt0xFF) {
  const std::vector<uint8_t> bytes = FromHex(
      "00 34ffffff 3432373034 53514c4e51314643"  // SQLCODE -204 little-endian, 42704
      "00 000000000000000000000000000000000000000000000000 2020202020202020202020"
      "0000 0000 000a 44423241444d494eff54"  // tokens in SQLERRMSG_s: "DB2ADMIN" 0xFF "T"
      "ff");
  base::ByteReader reader(bytes);
  auto sqlca = ReadSqlca(reader, kDb2OnX86);
  ASSERT_TRUE(sqlca) << sqlca.error().ToString();
  EXPECT_EQ((*sqlca)->sqlcode, -204);
  EXPECT_EQ((*sqlca)->sqlstate, "42704");
  EXPECT_EQ((*sqlca)->tokens, "DB2ADMIN; T");
}

TEST(ReadSqlca, RejectsNullIndicatorOtherThanZeroOrFF) {
  const std::vector<uint8_t> bytes = FromHex("01 00000000");
  base::ByteReader reader(bytes);
  auto sqlca = ReadSqlca(reader, kDerby);
  ASSERT_FALSE(sqlca);
  EXPECT_EQ(sqlca.error().code, base::ErrorCode::kProtocol);
  EXPECT_THAT(sqlca.error().message, HasSubstr("null indicator is 1"));
}

TEST(ReadSqlca, RejectsDiagnosticsGroupItCannotSkip) {
  // The same SQLCA with SQLDIAGGRP present (00) instead of null.
  std::vector<uint8_t> bytes(kDerbyError.begin(), kDerbyError.end() - 1);
  bytes.insert(bytes.end(), {0x00, 0x00});
  base::ByteReader reader(bytes);
  auto sqlca = ReadSqlca(reader, kDerby);
  ASSERT_FALSE(sqlca);
  EXPECT_EQ(sqlca.error().code, base::ErrorCode::kProtocol);
  EXPECT_THAT(sqlca.error().message, HasSubstr("SQLDIAGGRP"));
  EXPECT_THAT(sqlca.error().message, HasSubstr("42X04"));
}

TEST(SqlcaError, KeepsSqlStateAndRetriesOnlyTransientClasses) {
  Sqlca deadlock;
  deadlock.sqlcode = -911;
  deadlock.sqlstate = "40001";
  deadlock.tokens = "2";
  const base::Error retriable = SqlcaError(deadlock, "fetching rows failed");
  EXPECT_EQ(retriable.code, base::ErrorCode::kAborted);
  EXPECT_TRUE(retriable.retriable);
  EXPECT_EQ(retriable.sqlstate, "40001");
  EXPECT_EQ(retriable.sqlcode, -911);
  EXPECT_THAT(retriable.message, HasSubstr("fetching rows failed (message tokens: 2)"));

  Sqlca missing_table;
  missing_table.sqlcode = -204;
  missing_table.sqlstate = "42704";
  const base::Error fatal = SqlcaError(missing_table, "query failed");
  EXPECT_EQ(fatal.code, base::ErrorCode::kInvalidArgument);
  EXPECT_FALSE(fatal.retriable);
}

}  // namespace
}  // namespace db2kafka::drda
