// DSS framing and DDM objects (../shared/docs/drda.md §1): RequestWriter against hand-written
// golden bytes, RequestWriter -> ReplyReader round trips over a transport that splits the bytes,
// and hand-made corrupt frames that must fail with a message saying what was wrong.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "drda/code_point.h"
#include "drda/reply_reader.h"
#include "drda/request_writer.h"
#include "drda/tests/fake_transport.h"
#include "drda/tests/test_bytes.h"

namespace db2kafka::drda {
namespace {

using testing::FakeTransport;
using testing::FromHex;
using ::testing::HasSubstr;
using testing::ToHex;

// Bytes whose position can be told from their value, so that a reassembly that drops, repeats or
// reorders a segment cannot pass.
std::vector<uint8_t> Pattern(size_t size) {
  std::vector<uint8_t> bytes(size);
  for (size_t i = 0; i < size; ++i) bytes[i] = static_cast<uint8_t>((i * 7 + i / 251) & 0xFF);
  return bytes;
}

// Reads DSSs until the one without the chain bit, as Connection::Receive does.
base::Result<std::vector<Dss>> ReadChain(Transport& transport) {
  ReplyReader reader(transport);
  std::vector<Dss> chain;
  while (true) {
    auto dss = reader.Next();
    if (!dss) return base::Fail(std::move(dss).error());
    chain.push_back(std::move(*dss));
    if (!chain.back().chained) return chain;
  }
}

base::Error ReadError(std::vector<uint8_t> bytes) {
  FakeTransport transport(std::move(bytes));
  ReplyReader reader(transport);
  auto dss = reader.Next();
  EXPECT_FALSE(dss) << "expected an error, got a DSS of " << dss->payload.size() << " bytes";
  return dss ? base::Error{} : dss.error();
}

base::Error ObjectError(const std::vector<uint8_t>& bytes) {
  auto objects = ParseObjects(bytes);
  EXPECT_FALSE(objects) << "expected an error, got " << objects->size() << " objects";
  return objects ? base::Error{} : objects.error();
}

TEST(CodePointName, NamesKnownAndUnknownCodePoints) {
  EXPECT_EQ(CodePointName(cp::kSyntaxrm), "SYNTAXRM (0x124C)");
  EXPECT_EQ(CodePointName(0x1234), "code point 0x1234");
}

TEST(RequestWriter, FramesExcsatAndAccsecAsTwoChainedCommands) {
  RequestWriter writer;
  writer.BeginCommand(cp::kExcsat);
  writer.AddBytes(cp::kSrvrlslv, FromHex("e2d8d3f1f1f0f5f8"));  // "SQL11058" in CCSID 500
  writer.AddBytes(cp::kMgrlvlls, FromHex("1403000a 2407000b"));
  writer.BeginCommand(cp::kAccsec);
  writer.AddU16(cp::kSecmec, 3);
  writer.AddBytes(cp::kRdbnam, FromHex("e2c1d4d7d3c5 404040404040404040404040"));
  const std::vector<uint8_t> expected = FromHex(
      // DSS: length 34, magic, RQSDSS chained to a new correlator (0x41), correlator 1
      "0022 d0 41 0001"
      // EXCSAT object (LL 28) holding SRVRLSLV and MGRLVLLS
      "001c 1041 000c 115a e2d8d3f1f1f0f5f8 000c 1404 1403000a2407000b"
      // last DSS of the chain: RQSDSS without flags (0x01), correlator 2
      "0026 d0 01 0002"
      "0020 106d 0006 11a2 0003 0016 2110 e2c1d4d7d3c5404040404040404040404040");
  EXPECT_EQ(ToHex(writer.Finish()), ToHex(expected));
}

TEST(RequestWriter, GluesCommandDataToItsCommandBySameCorrelatorFlag) {
  RequestWriter writer;
  writer.BeginCommand(cp::kExcsqlimm);
  writer.AddU8(cp::kRdbcmtok, 0xF1);
  writer.BeginObject(cp::kSqlstt);
  writer.body().U8(0);
  writer.body().U32(8);
  writer.body().Chars("VALUES 1");
  writer.body().U8(0xFF);
  writer.BeginCommand(cp::kRdbcmm);
  EXPECT_EQ(writer.last_correlator(), 2);
  const std::vector<uint8_t> expected = FromHex(
      // RQSDSS chained, next DSS has the same correlator (0x51)
      "000f d0 51 0001 0009 200a 0005 2105 f1"
      // OBJDSS chained to a new correlator (0x43): SQLSTT = 00, u32 length, text, null SBCS part
      "0018 d0 43 0001 0012 2414 00 00000008 56414c5545532031 ff"
      // RDBCMM alone, last (0x01), correlator 2
      "000a d0 01 0002 0004 200e");
  EXPECT_EQ(ToHex(writer.Finish()), ToHex(expected));
}

TEST(RequestWriter, ChainsObjectsOfOneCommandWithSameCorrelatorFlag) {
  RequestWriter writer;
  writer.BeginCommand(cp::kExcsqlstt);
  writer.BeginObject(cp::kSqldta);
  writer.body().U8(0x01);
  writer.BeginObject(cp::kExtdta);
  writer.body().U8(0x02);
  const std::vector<uint8_t> expected = FromHex(
      "000a d0 51 0001 0004 200b"
      // object followed by another object of the same command: OBJDSS, chained, same (0x53)
      "000b d0 53 0001 0005 2412 01"
      // last object: OBJDSS without flags (0x03)
      "000b d0 03 0001 0005 146c 02");
  EXPECT_EQ(ToHex(writer.Finish()), ToHex(expected));
}

TEST(RequestWriter, NestsGroupParametersWithTheirOwnLength) {
  RequestWriter writer;
  writer.BeginCommand(cp::kAccrdb);
  writer.BeginGroup(cp::kTypdefovr);
  writer.AddU16(cp::kCcsidsbc, 1208);
  writer.AddU16(cp::kCcsiddbc, 1200);
  writer.AddU16(cp::kCcsidmbc, 1208);
  writer.EndGroup();
  // The TYPDEFOVR bytes are those JCC sent to Db2 8.2 (wireshark-wiki_drda_db2_sample, ACCRDB).
  EXPECT_EQ(ToHex(writer.Finish()),
            ToHex(FromHex("0020 d001 0001 001a 2001"
                          "0016 0035 0006119c04b8 0006119d04b0 0006119e04b8")));
}

TEST(RequestWriter, StartsCorrelatorsAtOneInEveryTransmission) {
  RequestWriter writer;
  writer.BeginCommand(cp::kRdbcmm);
  writer.Finish();
  writer.BeginCommand(cp::kRdbrllbck);
  EXPECT_EQ(ToHex(writer.Finish()), "000ad00100010004200f");
}

TEST(RequestWriter, WritesExtendedLengthAndContinuationForObjectsOver32KiB) {
  const std::vector<uint8_t> data = Pattern(40000);
  RequestWriter writer;
  writer.BeginCommand(cp::kExcsqlstt);
  writer.BeginObject(cp::kSqldta);
  writer.body().Bytes(data);
  const std::vector<uint8_t> bytes = writer.Finish();

  // 10-byte command DSS, then: DSS header "continued" (0xFFFF = 0x8000 | 32767), the object with
  // LL 0x8008 (4 + 4 length bytes) and the 4-byte length 40000 = 0x9C40, then the first 32761
  // payload bytes; the rest (40008 - 32761 = 7247) in one last segment of 7249 = 0x1C51 bytes.
  ASSERT_EQ(bytes.size(), 10u + 6 + 8 + 40000 + 2);
  EXPECT_EQ(ToHex(std::span(bytes).first(10)), "000ad05100010004200b");
  EXPECT_EQ(ToHex(std::span(bytes).subspan(10, 14)), "ffffd00300018008241200009c40");
  EXPECT_EQ(ToHex(std::span(bytes).subspan(10 + 32767, 2)), "1c51");
  std::vector<uint8_t> reassembled(bytes.begin() + 10 + 14, bytes.begin() + 10 + 32767);
  reassembled.insert(reassembled.end(), bytes.begin() + 10 + 32767 + 2, bytes.end());
  EXPECT_EQ(reassembled, data);
}

TEST(RequestWriter, GivesALargeParameterInsideAnObjectAnExtendedLengthToo) {
  const std::vector<uint8_t> data = Pattern(40000);
  RequestWriter writer;
  writer.BeginCommand(cp::kExcsqlstt);
  writer.BeginObject(cp::kSqldta);
  writer.AddBytes(cp::kFdodsc, std::vector<uint8_t>{0x01});
  writer.AddBytes(cp::kFdodta, data);
  const std::vector<uint8_t> bytes = writer.Finish();
  // SQLDTA (LL 0x8008, length 5 + 40008) holding FDODSC (LL 5) and FDODTA (LL 0x8008, 40000).
  EXPECT_EQ(ToHex(std::span(bytes).subspan(10, 29)),
            "ffffd003000180082412"
            "00009c4d"
            "00050010"
            "01"
            "8008147a00009c40"
            "0007");
}

TEST(RequestWriter, SplitsLongDssIntoMaximalContinuationSegments) {
  RequestWriter writer;
  writer.BeginCommand(cp::kExcsqlstt);
  writer.BeginObject(cp::kSqldta);
  writer.body().Bytes(Pattern(100000));
  const std::vector<uint8_t> bytes = writer.Finish();
  // Payload 100008 = 32761 in the first segment + 32765 + 32765 + 1717; every segment but the
  // last says "another follows" (0x8000) and counts its own 2 bytes.
  const size_t first = 10;
  EXPECT_EQ(ToHex(std::span(bytes).subspan(first, 2)), "ffff");
  const size_t second = first + 32767;
  EXPECT_EQ(ToHex(std::span(bytes).subspan(second, 2)), "ffff");
  const size_t third = second + 32767;
  EXPECT_EQ(ToHex(std::span(bytes).subspan(third, 2)), "ffff");
  const size_t fourth = third + 32767;
  EXPECT_EQ(ToHex(std::span(bytes).subspan(fourth, 2)), "06b7");
  EXPECT_EQ(bytes.size(), fourth + 1719);
}

// Object sizes at the edges: the largest DSS without continuation, the smallest with it (one
// byte in the continuation segment), the largest plain LL and the smallest extended one, and a
// DSS of four segments.
TEST(ReplyReader, ReassemblesWriterOutputDeliveredInSmallChunks) {
  for (size_t size : {0u, 1u, 32757u, 32758u, 32763u, 32764u, 100000u}) {
    const std::vector<uint8_t> data = Pattern(size);
    RequestWriter writer;
    writer.BeginCommand(cp::kOpnqry);
    writer.AddU32(cp::kQryblksz, 0x7FFF);
    writer.BeginObject(cp::kQrydta);
    writer.body().Bytes(data);
    writer.BeginCommand(cp::kRdbcmm);
    const std::vector<uint8_t> bytes = writer.Finish();
    for (size_t chunk : {1u, 7u, 1u << 20}) {
      SCOPED_TRACE("object of " + std::to_string(size) + " bytes, read in chunks of " +
                   std::to_string(chunk));
      FakeTransport transport(bytes, chunk);
      auto chain = ReadChain(transport);
      ASSERT_TRUE(chain) << chain.error().ToString();
      ASSERT_EQ(chain->size(), 3u);
      EXPECT_EQ(transport.served(), bytes.size());

      const Dss& command = (*chain)[0];
      EXPECT_EQ(command.type, kDssTypeRequest);
      EXPECT_TRUE(command.chained);
      EXPECT_TRUE(command.same_correlator);
      EXPECT_EQ(command.correlator, 1);
      auto parameters = ParseObjects(command.payload);
      ASSERT_TRUE(parameters) << parameters.error().ToString();
      ASSERT_EQ(parameters->size(), 1u);
      EXPECT_EQ((*parameters)[0].code_point, cp::kOpnqry);

      const Dss& object = (*chain)[1];
      EXPECT_EQ(object.type, kDssTypeObject);
      EXPECT_TRUE(object.chained);
      EXPECT_FALSE(object.same_correlator);
      EXPECT_EQ(object.correlator, 1);
      auto objects = ParseObjects(object.payload);
      ASSERT_TRUE(objects) << objects.error().ToString();
      ASSERT_EQ(objects->size(), 1u);
      EXPECT_EQ((*objects)[0].code_point, cp::kQrydta);
      EXPECT_TRUE(std::equal((*objects)[0].data.begin(), (*objects)[0].data.end(), data.begin(),
                             data.end()));

      const Dss& last = (*chain)[2];
      EXPECT_FALSE(last.chained);
      EXPECT_EQ(last.correlator, 2);
    }
  }
}

TEST(ReplyReader, ReadsBackToBackRepliesWithoutLosingBytes) {
  // Two replies in one read, as TCP may deliver them; the second must start where the first
  // ended.
  const std::vector<uint8_t> bytes = FromHex(
      "000b d0 43 0001 0005 2408 ff"
      "000b d0 03 0002 0005 2408 ff"
      "000b d0 02 0001 0005 220c 01");
  FakeTransport transport(bytes);
  ReplyReader reader(transport);
  for (uint16_t correlator : {1, 2, 1}) {
    auto dss = reader.Next();
    ASSERT_TRUE(dss) << dss.error().ToString();
    EXPECT_EQ(dss->correlator, correlator);
    EXPECT_EQ(dss->payload.size(), 5u);
  }
  EXPECT_FALSE(reader.Next());
}

TEST(ReplyReader, RejectsWrongMagicByte) {
  const base::Error error = ReadError(FromHex("000b c0 03 0001 0005 2408 ff"));
  EXPECT_EQ(error.code, base::ErrorCode::kProtocol);
  EXPECT_THAT(error.message, HasSubstr("byte 2 of the DSS header is 0xC0, expected 0xD0"));
  EXPECT_THAT(error.message, ::testing::Not(HasSubstr("TLS")));
}

TEST(ReplyReader, SaysTlsWhenTheServerAnswersWithATlsAlert) {
  // What a TLS port sends back to a plain EXCSAT: alert record, TLS 1.2, fatal, decode_error.
  const base::Error error = ReadError(FromHex("15 0303 0002 02 32"));
  EXPECT_EQ(error.code, base::ErrorCode::kProtocol);
  EXPECT_THAT(error.message, HasSubstr("TLS alert"));
  EXPECT_THAT(error.message, HasSubstr("TLS port"));
}

TEST(ReplyReader, RejectsDssLengthBelowHeaderAndOneObject) {
  for (const char* header : {"0000d0030001", "0009d0030001", "8009d0030001"}) {
    SCOPED_TRACE(header);
    const base::Error error = ReadError(FromHex(std::string(header) + "00000000"));
    EXPECT_EQ(error.code, base::ErrorCode::kProtocol);
    EXPECT_THAT(error.message, HasSubstr("below the 10-byte minimum"));
  }
}

TEST(ReplyReader, RejectsUnknownDssType) {
  for (const char* format : {"00", "06", "4f"}) {
    SCOPED_TRACE(format);
    const base::Error error =
        ReadError(FromHex(std::string("000bd0") + format + "0001 0005 2408 ff"));
    EXPECT_EQ(error.code, base::ErrorCode::kProtocol);
    EXPECT_THAT(error.message, HasSubstr("DSS of unknown type"));
  }
}

TEST(ReplyReader, RejectsContinuationSegmentShorterThanItsHeader) {
  for (const char* segment : {"0000", "0001", "8001"}) {
    SCOPED_TRACE(segment);
    // A first segment of 12 bytes flagged "continued", then a segment length below 2.
    const base::Error error =
        ReadError(FromHex(std::string("800c d003 0001 0008 241b 0102") + segment + "0000"));
    EXPECT_EQ(error.code, base::ErrorCode::kProtocol);
    EXPECT_THAT(error.message, HasSubstr("continuation segment length"));
    EXPECT_THAT(error.message, HasSubstr("below its own 2-byte header"));
  }
}

TEST(ReplyReader, AcceptsEmptyContinuationSegment) {
  // A segment of length 2 carries no bytes but may still say "another follows".
  FakeTransport transport(FromHex("800c d003 0001 0007 241b 0102 8002 0003 03"));
  ReplyReader reader(transport);
  auto dss = reader.Next();
  ASSERT_TRUE(dss) << dss.error().ToString();
  EXPECT_EQ(ToHex(dss->payload), "0007241b010203");
}

// The peer closing the connection anywhere in a DSS is an error, never a hang or a partial DSS.
TEST(ReplyReader, FailsWhenThePeerClosesInTheMiddleOfAReply) {
  const std::vector<uint8_t> whole =
      FromHex("800c d003 0001 0009 241b 0102 8004 0304 0003 05 000b d0 03 0002 0005 2408 ff");
  const size_t first_dss = 19;
  for (size_t cut = 0; cut < whole.size(); ++cut) {
    if (cut == first_dss) continue;  // a clean end between two DSSs
    SCOPED_TRACE("cut after " + std::to_string(cut) + " bytes");
    FakeTransport transport(std::vector<uint8_t>(whole.begin(), whole.begin() + cut), 3);
    ReplyReader reader(transport);
    auto first = reader.Next();
    if (cut < first_dss) {
      ASSERT_FALSE(first);
      EXPECT_EQ(first.error().code, base::ErrorCode::kUnavailable);
      EXPECT_THAT(first.error().message, HasSubstr("closed the connection"));
      continue;
    }
    ASSERT_TRUE(first) << first.error().ToString();
    EXPECT_EQ(ToHex(first->payload), "0009241b0102030405");
    auto second = reader.Next();
    ASSERT_FALSE(second);
    EXPECT_EQ(second.error().code, base::ErrorCode::kUnavailable);
  }
}

TEST(DdmObjectReader, ReadsNestedParametersOfACollection) {
  // EXCSATRD from Db2 11.1 for Windows (zgrab2_db2-11.1-nt64_excsatrd.hex.txt) cut after its
  // first two parameters, EXTNAM and MGRLVLLS (so its LL is 0x40 here, 0x60 on the wire).
  const std::vector<uint8_t> bytes = FromHex(
      "0040 1443 0024 115e c4c2f24040404040 8482f2a2a8a28340 f2c4f9f4c3f2c2f4 6cc6c5c46ce8f0f0"
      "0018 1404 1403000724070008240f00081440000814740008");
  auto objects = ParseObjects(bytes);
  ASSERT_TRUE(objects) << objects.error().ToString();
  ASSERT_EQ(objects->size(), 1u);
  EXPECT_EQ((*objects)[0].code_point, cp::kExcsatrd);
  auto parameters = ParseObjects((*objects)[0].data);
  ASSERT_TRUE(parameters) << parameters.error().ToString();
  ASSERT_EQ(parameters->size(), 2u);
  EXPECT_EQ((*parameters)[0].code_point, cp::kExtnam);
  EXPECT_EQ((*parameters)[0].data.size(), 32u);
  EXPECT_EQ((*parameters)[1].code_point, cp::kMgrlvlls);
  EXPECT_EQ(ToHex((*parameters)[1].data), "1403000724070008240f00081440000814740008");
}

TEST(DdmObjectReader, ReadsExtendedLengthWithoutLengthBytesToTheEndOfTheDss) {
  // Db2 may send QRYDTA as LL 0x8004: no length bytes, the object ends with the DSS.
  const std::vector<uint8_t> bytes = FromHex("8004 241b ff00 0102");
  auto objects = ParseObjects(bytes);
  ASSERT_TRUE(objects) << objects.error().ToString();
  ASSERT_EQ(objects->size(), 1u);
  EXPECT_EQ(ToHex((*objects)[0].data), "ff000102");
}

TEST(DdmObjectReader, ReadsFourAndEightByteExtendedLengths) {
  const std::vector<uint8_t> bytes =
      FromHex("8008 241b 00000002 abcd  800c 146c 0000000000000001 ef");
  auto objects = ParseObjects(bytes);
  ASSERT_TRUE(objects) << objects.error().ToString();
  ASSERT_EQ(objects->size(), 2u);
  EXPECT_EQ(ToHex((*objects)[0].data), "abcd");
  EXPECT_EQ((*objects)[1].code_point, cp::kExtdta);
  EXPECT_EQ(ToHex((*objects)[1].data), "ef");
}

TEST(DdmObjectReader, RejectsObjectLengthBelowItsHeader) {
  for (const char* length : {"0000", "0003"}) {
    SCOPED_TRACE(length);
    const base::Error error = ObjectError(FromHex(std::string(length) + "2408 ff"));
    EXPECT_EQ(error.code, base::ErrorCode::kProtocol);
    EXPECT_THAT(error.message, HasSubstr("below its 4-byte header"));
  }
}

TEST(DdmObjectReader, RejectsObjectLongerThanItsDss) {
  const base::Error error = ObjectError(FromHex("0005 2408 ff  0020 241b 0102"));
  EXPECT_EQ(error.code, base::ErrorCode::kProtocol);
  EXPECT_THAT(error.message, HasSubstr("at offset 5"));
  EXPECT_THAT(error.message, HasSubstr("28 data bytes, 2 are left"));
}

TEST(DdmObjectReader, RejectsExtendedLengthOfThreeBytes) {
  const base::Error error = ObjectError(FromHex("8007 241b 000001 ff"));
  EXPECT_EQ(error.code, base::ErrorCode::kProtocol);
  EXPECT_THAT(error.message, HasSubstr("extended length field 0x8007 of 3 bytes"));
  EXPECT_THAT(error.message, HasSubstr("0, 4 or 8 allowed"));
}

TEST(DdmObjectReader, RejectsExtendedLengthFieldBelowItsHeader) {
  const base::Error error = ObjectError(FromHex("8003 241b 00"));
  EXPECT_EQ(error.code, base::ErrorCode::kProtocol);
  EXPECT_THAT(error.message, HasSubstr("extended length field 0x8003"));
  EXPECT_THAT(error.message, HasSubstr("below its 4-byte header"));
}

TEST(DdmObjectReader, RejectsExtendedLengthCutShortOrTooLong) {
  EXPECT_THAT(ObjectError(FromHex("8008 241b 0000")).message,
              HasSubstr("extended length cut short"));
  EXPECT_THAT(ObjectError(FromHex("800c 241b ffffffffffffffff 00")).message,
              HasSubstr("data bytes, 1 are left"));
}

TEST(DdmObjectReader, RejectsHeaderCutShort) {
  for (const char* bytes : {"00", "0005", "000524"}) {
    SCOPED_TRACE(bytes);
    EXPECT_THAT(ObjectError(FromHex(bytes)).message, HasSubstr("fewer than 4 bytes left"));
  }
}

}  // namespace
}  // namespace db2kafka::drda
