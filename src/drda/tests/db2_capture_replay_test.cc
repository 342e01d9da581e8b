// Replays the bytes of real Db2 servers through our decoders. Every vector comes from a file in
// ../shared/reference/db2-captures, read in place (provenance and licences in
// shared/docs/db2-captures.md and in each file's '#' header):
//   wireshark-wiki_drda_db2_sample.hex.txt      (A) DB2 UDB 8.2 Linux <-> JCC 2.10, SQLAM 7
//   packetnet_db2_select.hex.txt                (B) Db2 11.1.1 Linux x86-64 <-> JCC 3.67, SQLAM 10:
//                                                   85-column SQLDARD, a 32 KiB QRYDTA ending
//                                                   mid-row
//   zgrab2_db2-11.1-nt64_excsatrd.hex.txt       (C) Db2 11.1.3 Windows EXCSATRD
//   go-db2_db2-12.1_sqldard-utf8-names.hex.txt  (D) Db2 12.1 SQLDARD body with a UTF-8 name
//   go-db2_db2-12.1_xml-column-row.hex.txt      (E) Db2 12.1 row fragment with an XML column
//   ibm-i-5.4-infocenter_db2-zos_opnqry-reply.hex.txt (F) DB2 for z/OS OPNQRY reply chain
// A and B are decoded in full into a transcript that must equal the one an independent Python
// decoder wrote (db2_capture_transcripts.py -> testdata/*.transcript.txt); the other tests assert
// single values so that a failure reads as what went wrong.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "drda/code_point.h"
#include "drda/descriptor.h"
#include "drda/ebcdic.h"
#include "drda/reply_reader.h"
#include "drda/request_writer.h"
#include "drda/server_dialect.h"
#include "drda/sqlca.h"
#include "drda/tests/capture_file.h"
#include "drda/tests/capture_transcript.h"
#include "drda/tests/fake_transport.h"
#include "drda/tests/test_bytes.h"
#include "drda/value_decoder.h"

namespace db2kafka::drda {
namespace {

using testing::AsChars;
using testing::CapturedDss;
using testing::CapturedTurn;
using testing::DecodeConversation;
using testing::DecodedRows;
using testing::DecodeRows;
using testing::FakeTransport;
using testing::FromHex;
using testing::GoldenTranscript;
using ::testing::HasSubstr;
using testing::Joined;
using testing::LoadCapture;
using testing::ToHex;

constexpr char kDb2_8_2[] = "wireshark-wiki_drda_db2_sample";
constexpr char kDb2_11_1[] = "packetnet_db2_select";
constexpr base::ByteOrder kLittle = base::ByteOrder::kLittleEndian;

std::string Name(uint16_t code_point) { return testing::TranscriptName(code_point); }

std::string Ebcdic(std::span<const uint8_t> bytes) { return EbcdicToUtf8(AsChars(bytes)); }

uint16_t U16(std::span<const uint8_t> bytes, size_t at = 0) {
  return static_cast<uint16_t>(bytes[at] << 8 | bytes[at + 1]);
}

// Every DSS of both directions through ReplyReader, in one read, byte by byte and in 7-byte
// chunks, checked against the capture's own annotation ("fmt=43 corr=1 ...: EXCSATRD").
TEST(Db2CaptureReplay, FramesEveryDssOfEveryCaptureAsAnnotated) {
  for (const char* capture : {kDb2_8_2, kDb2_11_1, "zgrab2_db2-11.1-nt64_excsatrd",
                              "ibm-i-5.4-infocenter_db2-zos_opnqry-reply"}) {
    const std::vector<CapturedTurn> turns = LoadCapture(std::string(capture) + ".hex.txt");
    ASSERT_FALSE(turns.empty()) << capture;
    for (const CapturedTurn& turn : turns) {
      for (size_t chunk : {size_t{1}, size_t{7}, size_t{1} << 20}) {
        SCOPED_TRACE(std::string(capture) + ", " + turn.note + ", chunks of " +
                     std::to_string(chunk));
        FakeTransport transport(turn.Bytes(), chunk);
        ReplyReader reader(transport);
        for (size_t i = 0; i < turn.dss.size(); ++i) {
          const CapturedDss& expected = turn.dss[i];
          SCOPED_TRACE(expected.note);
          auto dss = reader.Next();
          ASSERT_TRUE(dss) << dss.error().ToString();
          const uint8_t format = expected.bytes[3];
          EXPECT_EQ(dss->type, format & 0x0F);
          EXPECT_EQ(dss->chained, (format & 0x40) != 0);
          EXPECT_EQ(dss->same_correlator, (format & 0x10) != 0);
          EXPECT_EQ(dss->correlator, U16(expected.bytes, 4));
          // Only the last DSS of a transmission ends the chain.
          EXPECT_EQ(dss->chained, i + 1 < turn.dss.size());
          EXPECT_EQ(ToHex(dss->payload), ToHex(std::span(expected.bytes).subspan(6)));
          auto objects = ParseObjects(dss->payload);
          ASSERT_TRUE(objects) << objects.error().ToString();
          ASSERT_EQ(objects->size(), 1u);
          const std::string name = Name((*objects)[0].code_point);
          EXPECT_THAT(expected.note, HasSubstr(": " + name)) << "decoded " << name;
        }
        EXPECT_EQ(transport.served(), turn.Bytes().size());
        EXPECT_FALSE(reader.Next()) << "bytes left after the last DSS";
      }
    }
  }
}

// Request DSSs re-encoded by RequestWriter from their decoded parts come out byte for byte as
// JCC sent them: formats 0x41/0x51/0x43/0x53/0x01/0x03, correlators 1..n, objects sharing their
// command's correlator.
TEST(Db2CaptureReplay, RequestWriterReproducesEveryJccTransmission) {
  for (const char* capture : {kDb2_8_2, kDb2_11_1}) {
    for (const CapturedTurn& turn : LoadCapture(std::string(capture) + ".hex.txt")) {
      if (turn.from_server) continue;
      SCOPED_TRACE(std::string(capture) + ", " + turn.note);
      RequestWriter writer;
      for (const CapturedDss& dss : turn.dss) {
        auto objects = ParseObjects(std::span(dss.bytes).subspan(6));
        ASSERT_TRUE(objects && objects->size() == 1u);
        const DdmObject& object = (*objects)[0];
        if ((dss.bytes[3] & 0x0F) == kDssTypeRequest) {
          writer.BeginCommand(object.code_point);
          auto parameters = ParseObjects(object.data);
          ASSERT_TRUE(parameters) << parameters.error().ToString();
          for (const DdmObject& parameter : *parameters) {
            writer.AddBytes(parameter.code_point, parameter.data);
          }
        } else {
          writer.BeginObject(object.code_point);
          writer.body().Bytes(object.data);
        }
      }
      EXPECT_EQ(ToHex(writer.Finish()), ToHex(turn.Bytes()));
    }
  }
}

// Every server reply of Db2 8.2 and Db2 11.1 decoded by our decoders reads exactly like the
// transcript of the independent Python decoder; a DSS read byte by byte changes nothing.
TEST(Db2CaptureReplay, DecodesEveryReplyLikeAnIndependentDecoder) {
  for (const char* capture : {kDb2_8_2, kDb2_11_1}) {
    SCOPED_TRACE(capture);
    const std::vector<std::string> golden = GoldenTranscript(capture);
    ASSERT_GT(golden.size(), 100u);
    EXPECT_EQ(Joined(DecodeConversation(capture, 7)), Joined(golden));
    EXPECT_EQ(Joined(DecodeConversation(capture, 1)), Joined(golden));
  }
}

// --- single values, Db2 11.1 (B) -----------------------------------------------------------------

const CapturedTurn& Turn(const std::vector<CapturedTurn>& turns, size_t index) {
  EXPECT_LT(index, turns.size());
  return turns.at(index);
}

std::span<const uint8_t> ObjectData(const CapturedDss& dss) {
  // Every DSS in the captures holds one object with a plain LL.
  return std::span(dss.bytes).subspan(10);
}

const DdmObject* FindParameter(const std::vector<DdmObject>& parameters, uint16_t code_point) {
  for (const DdmObject& parameter : parameters) {
    if (parameter.code_point == code_point) return &parameter;
  }
  return nullptr;
}

TEST(Db2_11_1Replay, ExcsatrdGrantsSqlam10AndNoUnicodeManager) {
  const auto turns = LoadCapture(std::string(kDb2_11_1) + ".hex.txt");
  auto parameters = ParseObjects(ObjectData(Turn(turns, 1).dss[0]));
  ASSERT_TRUE(parameters) << parameters.error().ToString();
  const DdmObject* levels = FindParameter(*parameters, cp::kMgrlvlls);
  ASSERT_NE(levels, nullptr);
  std::map<uint16_t, uint16_t> granted;
  for (size_t at = 0; at + 3 < levels->data.size(); at += 4) {
    granted[U16(levels->data, at)] = U16(levels->data, at + 2);
  }
  EXPECT_EQ(granted[cp::kSqlam], 10);
  EXPECT_EQ(granted[cp::kAgent], 10);
  EXPECT_EQ(granted[cp::kUnicodemgr], 0);  // asked 1208: DDM strings stay EBCDIC
  const DdmObject* server_class = FindParameter(*parameters, cp::kSrvclsnm);
  ASSERT_NE(server_class, nullptr);
  EXPECT_EQ(Ebcdic(server_class->data), "QDB2/LINUXX8664");
  EXPECT_EQ(DialectFor(Ebcdic(server_class->data), "SQL11011", "").kind, ServerKind::kDb2);
}

TEST(Db2_11_1Replay, AccrdbrmNamesLittleEndianServerSql11011) {
  const auto turns = LoadCapture(std::string(kDb2_11_1) + ".hex.txt");
  auto parameters = ParseObjects(ObjectData(Turn(turns, 3).dss[1]));
  ASSERT_TRUE(parameters) << parameters.error().ToString();
  EXPECT_EQ(Ebcdic(FindParameter(*parameters, cp::kPrdid)->data), "SQL11011");
  EXPECT_EQ(Ebcdic(FindParameter(*parameters, cp::kTypdefnam)->data), "QTDSQLX86");
  EXPECT_EQ(Ebcdic(FindParameter(*parameters, cp::kCrrtkn)->data),
            "192.168.137.1.64131.170307115838");

  base::ByteReader reader(ObjectData(Turn(turns, 3).dss[2]));
  auto sqlca = ReadSqlca(reader, {kLittle, '\xFF'});
  ASSERT_TRUE(sqlca) << sqlca.error().ToString();
  ASSERT_TRUE(sqlca->has_value());
  EXPECT_EQ((*sqlca)->sqlcode, 0);
  EXPECT_EQ((*sqlca)->sqlstate, "00000");
  EXPECT_EQ((*sqlca)->error_proc, "SQL11011");
  // Connect tokens in SQLERRMSG_m (UTF-8), where Db2 8.2 used SQLERRMSG_s.
  EXPECT_THAT((*sqlca)->tokens, HasSubstr("DB2INST1; SAMPLE; QDB2/LINUXX8664"));
}

// The SQLDARD of SELECT * FROM SYSCAT.TABLES at SQLAM 10: 10,804 bytes, 85 columns, parsed to
// the last byte; its nullability and lengths agree with the QRYDSC of the same reply.
TEST(Db2_11_1Replay, SqldardAndQrydscDescribeTheSame85Columns) {
  const auto turns = LoadCapture(std::string(kDb2_11_1) + ".hex.txt");
  const CapturedTurn& reply = Turn(turns, 5);
  ASSERT_EQ(reply.dss.size(), 5u);
  const std::span<const uint8_t> sqldard = ObjectData(reply.dss[1]);
  ASSERT_EQ(sqldard.size(), 10804u);
  auto described = ParseSqldard(sqldard, {10, kLittle, '\xFF'});
  ASSERT_TRUE(described) << described.error().ToString();
  ASSERT_EQ(described->size(), 85u);
  EXPECT_EQ((*described)[0].name, "TABSCHEMA");
  EXPECT_EQ((*described)[0].sql_type, 448);  // VARCHAR NOT NULL
  EXPECT_EQ((*described)[0].length, 128);
  EXPECT_EQ((*described)[0].ccsid, 1208);
  EXPECT_EQ((*described)[14].name, "COLCOUNT");
  EXPECT_EQ((*described)[14].sql_type, 500);  // SMALLINT
  EXPECT_EQ((*described)[48].name, "STATISTICS_PROFILE");
  EXPECT_EQ((*described)[48].sql_type, 409);  // CLOB, nullable
  EXPECT_EQ((*described)[48].length, 10 * 1024 * 1024);
  EXPECT_EQ((*described)[84].name, "REMARKS");
  EXPECT_EQ((*described)[84].sql_type, 449);
  EXPECT_EQ((*described)[84].length, 254);
  // The same bytes at SQLAM 11 (no capture shows 11; D suggests the layout is unchanged).
  auto at_sqlam_11 = ParseSqldard(sqldard, {11, kLittle, '\xFF'});
  ASSERT_TRUE(at_sqlam_11) << at_sqlam_11.error().ToString();
  EXPECT_EQ(at_sqlam_11->size(), 85u);

  auto columns = ParseQueryDescriptor(ObjectData(reply.dss[3]));
  ASSERT_TRUE(columns) << columns.error().ToString();
  ASSERT_EQ(columns->size(), described->size());
  for (size_t i = 0; i < columns->size(); ++i) {
    SCOPED_TRACE((*described)[i].name);
    EXPECT_EQ((*columns)[i].nullable(), ((*described)[i].sql_type & 1) != 0);
    if ((*columns)[i].type->layout != WireLayout::kLob) {
      EXPECT_EQ((*columns)[i].length, (*described)[i].length);
    }
  }
  EXPECT_EQ((*columns)[0].type->name, "VARCHAR (mixed)");
  EXPECT_EQ((*columns)[3].type->name, "CHAR (mixed)");  // fixed length, not length-prefixed
  EXPECT_EQ((*columns)[48].type->layout, WireLayout::kLob);
  EXPECT_EQ((*columns)[48].length, 0x8009);  // DYNDTAFMT: flag byte + 8-byte length
}

TEST(Db2_11_1Replay, QueryBlockEndsInTheMiddleOfRow74) {
  const auto turns = LoadCapture(std::string(kDb2_11_1) + ".hex.txt");
  const CapturedTurn& reply = Turn(turns, 5);
  const CapturedDss& block = reply.dss[4];
  // A full 32767-byte DSS holding a QRYDTA with a plain LL of 0x7FF9, not 0x8004.
  EXPECT_EQ(ToHex(std::span(block.bytes).first(10)), "7fffd00300037ff9241b");
  const std::span<const uint8_t> qrydta = ObjectData(block);
  ASSERT_EQ(qrydta.size(), 32757u);
  EXPECT_EQ(ToHex(qrydta.first(12)), "ff00000853595349424d2020");  // no SQLCA, row, "SYSIBM  "

  auto columns = ParseQueryDescriptor(ObjectData(reply.dss[3]));
  ASSERT_TRUE(columns) << columns.error().ToString();
  const DecodedRows rows = DecodeRows(qrydta, *columns, kLittle);
  EXPECT_EQ(rows.rows, 73u);
  EXPECT_EQ(rows.partial, 117u);
  EXPECT_THAT(rows.lines[0], HasSubstr("\"SYSTABLES\""));
  // Numbers are little-endian: TABLEID of SYSTABLES, CODEPAGE 1208, AVGROWCOMPRESSIONRATIO -1.
  EXPECT_THAT(rows.lines[0], HasSubstr("| 83 | 5 | 0 | -1 |"));
  EXPECT_THAT(rows.lines[0], HasSubstr("| 1208 |"));
}

// --- single values, Db2 8.2 (A) ------------------------------------------------------------------

TEST(Db2_8_2Replay, SqldardAtSqlam7NamesTheUnnamedColumn) {
  const auto turns = LoadCapture(std::string(kDb2_8_2) + ".hex.txt");
  const CapturedTurn& reply = Turn(turns, 5);
  auto columns = ParseSqldard(ObjectData(reply.dss[3]), {7, kLittle, '\xFF'});
  ASSERT_TRUE(columns) << columns.error().ToString();
  ASSERT_EQ(columns->size(), 1u);
  EXPECT_EQ((*columns)[0].name, "1");      // SQLUNNAMED 1: the ordinal, in SQLNAME's VCS half
  EXPECT_EQ((*columns)[0].sql_type, 448);  // c001, little-endian
  EXPECT_EQ((*columns)[0].ccsid, 819);     // 0333, big-endian whatever TYPDEFNAM says
}

TEST(Db2_8_2Replay, ConnectSqlcardCarriesTokensInTheSingleByteHalf) {
  const auto turns = LoadCapture(std::string(kDb2_8_2) + ".hex.txt");
  base::ByteReader reader(ObjectData(Turn(turns, 3).dss[2]));
  auto sqlca = ReadSqlca(reader, {kLittle, '\xFF'});
  ASSERT_TRUE(sqlca) << sqlca.error().ToString();
  ASSERT_TRUE(sqlca->has_value());
  EXPECT_EQ((*sqlca)->errd[0], -1);
  EXPECT_EQ((*sqlca)->errd[1], 2);
  EXPECT_EQ((*sqlca)->rdb_name, "MYDB2DB");
  EXPECT_EQ((*sqlca)->tokens, "1; 819; MYUSER  ; MYDB2DB; QDB2/LINUX; 558; 558; 0; 1208; 0; ");
  EXPECT_TRUE(reader.empty());
}

TEST(Db2_8_2Replay, StoredProcedureResultSetEndsWithSqlcaInsideQrydta) {
  const auto turns = LoadCapture(std::string(kDb2_8_2) + ".hex.txt");
  const CapturedTurn& reply = Turn(turns, 9);
  ASSERT_EQ(reply.dss.size(), 7u);
  auto rslsetrm = ParseObjects(ObjectData(reply.dss[0]));
  ASSERT_TRUE(rslsetrm) << rslsetrm.error().ToString();
  const DdmObject* list = FindParameter(*rslsetrm, 0x2139);  // PKGSNLST
  ASSERT_NE(list, nullptr);
  auto packages = ParseObjects(list->data);
  ASSERT_TRUE(packages) << packages.error().ToString();
  ASSERT_EQ(packages->size(), 1u);
  EXPECT_EQ((*packages)[0].code_point, cp::kPkgnamcsn);
  ASSERT_EQ((*packages)[0].data.size(), 64u);
  EXPECT_EQ(Ebcdic((*packages)[0].data.subspan(36, 18)), "SQLL9E0O          ");
  EXPECT_EQ(U16((*packages)[0].data, 62), 5);

  auto columns = ParseQueryDescriptor(ObjectData(reply.dss[5]));
  ASSERT_TRUE(columns) << columns.error().ToString();
  const DecodedRows rows = DecodeRows(ObjectData(reply.dss[6]), *columns, kLittle);
  EXPECT_EQ(rows.rows, 11u);
  EXPECT_EQ(rows.partial, 0u);
  ASSERT_GE(rows.lines.size(), 2u);
  EXPECT_THAT(rows.lines[rows.lines.size() - 2], HasSubstr("SQLCA code=100 state=\"02000\""));
  EXPECT_EQ(rows.lines.back(), "no row");
}

// --- Db2 11.1 on Windows (C), Db2 12.1 (D, E), DB2 for z/OS (F)
// -----------------------------------

TEST(Db2_11_1WindowsReplay, ExcsatrdNamesTheServer) {
  const auto turns = LoadCapture("zgrab2_db2-11.1-nt64_excsatrd.hex.txt");
  ASSERT_EQ(turns.size(), 1u);
  auto chain = ParseObjects(std::span(Turn(turns, 0).dss[0].bytes).subspan(6));
  ASSERT_TRUE(chain) << chain.error().ToString();
  EXPECT_EQ((*chain)[0].code_point, cp::kExcsatrd);
  auto parameters = ParseObjects((*chain)[0].data);
  ASSERT_TRUE(parameters) << parameters.error().ToString();
  EXPECT_EQ(Ebcdic(FindParameter(*parameters, cp::kExtnam)->data),
            "DB2     db2sysc 2D94C2B4%FED%Y00");
  EXPECT_EQ(Ebcdic(FindParameter(*parameters, cp::kSrvclsnm)->data), "QDB2/NT64");
  EXPECT_EQ(Ebcdic(FindParameter(*parameters, cp::kSrvnam)->data), "DB2");
  EXPECT_EQ(Ebcdic(FindParameter(*parameters, cp::kSrvrlslv)->data), "SQL11013");
  EXPECT_EQ(ToHex(FindParameter(*parameters, cp::kMgrlvlls)->data),
            "1403000724070008240f00081440000814740008");
  EXPECT_EQ(DialectFor("QDB2/NT64", "SQL11013", "DB2     db2sysc").kind, ServerKind::kDb2);
}

TEST(Db2_12_1Replay, SqldardWithNullHeaderAndUtf8ColumnName) {
  const auto turns = LoadCapture("go-db2_db2-12.1_sqldard-utf8-names.hex.txt");
  ASSERT_EQ(turns.size(), 1u);
  const std::vector<uint8_t>& sqldard = Turn(turns, 0).dss[0].bytes;
  ASSERT_EQ(sqldard.size(), 184u);
  // The SQLAM the server granted is not recorded: 10 and 11 must read it alike.
  for (uint16_t sqlam : {10, 11}) {
    SCOPED_TRACE("SQLAM " + std::to_string(sqlam));
    auto columns = ParseSqldard(sqldard, {sqlam, kLittle, '\xFF'});
    ASSERT_TRUE(columns) << columns.error().ToString();
    ASSERT_EQ(columns->size(), 2u);
    EXPECT_EQ((*columns)[0].name, "abc");
    EXPECT_EQ((*columns)[1].name, "zam\xC3\xB3wienia");  // "zamówienia" in UTF-8
    for (const SqldaColumn& column : *columns) {
      EXPECT_EQ(column.sql_type, 496);
      EXPECT_EQ(column.length, 4);
    }
  }
  base::ByteReader reader(sqldard);
  auto sqlca = ReadSqlca(reader, {kLittle, '\xFF'});
  ASSERT_TRUE(sqlca && sqlca->has_value());
  EXPECT_EQ((*sqlca)->error_proc, "SQL12015");
  EXPECT_EQ((*sqlca)->rdb_name, "TESTDB");
  EXPECT_EQ((*sqlca)->errd[4], -223);
}

TEST(Db2_12_1Replay, RefusesNonNullGroupAfterSqldxgrpItCannotRead) {
  // The undocumented group that ends each column at SQLAM 10 is null in every capture; were it
  // not, guessing its layout would shift every later column, so the SQLDARD is refused.
  std::vector<uint8_t> sqldard =
      LoadCapture("go-db2_db2-12.1_sqldard-utf8-names.hex.txt").at(0).dss.at(0).bytes;
  ASSERT_EQ(sqldard.back(), 0xFF);
  sqldard.back() = 0x00;
  auto columns = ParseSqldard(sqldard, {10, kLittle, '\xFF'});
  ASSERT_FALSE(columns);
  EXPECT_EQ(columns.error().code, base::ErrorCode::kProtocol);
  EXPECT_THAT(columns.error().message, HasSubstr("column 2"));
  EXPECT_THAT(columns.error().message, HasSubstr("non-null SQLAM 10 group"));
}

TEST(Db2_12_1Replay, XmlColumnRowFragment) {
  const auto turns = LoadCapture("go-db2_db2-12.1_xml-column-row.hex.txt");
  ASSERT_EQ(turns.size(), 1u);
  ASSERT_EQ(Turn(turns, 0).dss.size(), 2u);
  // The QRYDSC is only described by the source: INTEGER 02 0004, XML C7 8009 (a LOB-style
  // column; db2_conversation_replay_test.cc reads the whole row through a cursor).
  auto described = ParseQueryDescriptor(FromHex("0976d0 020004 c78009 0971e0540001d00001"));
  ASSERT_TRUE(described) << described.error().ToString();
  ASSERT_EQ(described->size(), 2u);
  EXPECT_EQ((*described)[1].type->name, "XML");
  EXPECT_EQ((*described)[1].type->layout, WireLayout::kLob);
  EXPECT_TRUE((*described)[1].nullable());
  EXPECT_EQ((*described)[1].length, 0x8009);

  // The row bytes themselves: INTEGER 1 little-endian, XML present, 9-byte placeholder.
  const std::vector<uint8_t>& row = Turn(turns, 0).dss[0].bytes;
  Column integer;
  integer.name = "ID";
  integer.fdoca_type = 0x02;
  integer.length = 4;
  integer.type = FindWireType(0x02);
  EXPECT_EQ(DecodeInteger(integer, std::span(row).first(4), kLittle).value_or(0), 1);
  EXPECT_EQ(row[4], 0x00);
  EXPECT_EQ(ToHex(std::span(row).subspan(5)), "02ffffffffffffffff");
  // EXTDTA: null indicator, then the XML text in UTF-8.
  const std::vector<uint8_t>& extdta = Turn(turns, 0).dss[1].bytes;
  EXPECT_EQ(extdta[0], 0x00);
  EXPECT_EQ(AsChars(std::span(extdta).subspan(1)), "<root><item id=\"1\">x</item></root>");
}

TEST(Db2ForZosReplay, OpnqryReplyChainWithBigEndianRowsAndEndqryrm) {
  const auto turns = LoadCapture("ibm-i-5.4-infocenter_db2-zos_opnqry-reply.hex.txt");
  ASSERT_EQ(turns.size(), 1u);
  const CapturedTurn& reply = Turn(turns, 0);
  ASSERT_EQ(reply.dss.size(), 5u);

  auto opnqryrm = ParseObjects(ObjectData(reply.dss[0]));
  ASSERT_TRUE(opnqryrm) << opnqryrm.error().ToString();
  EXPECT_EQ(U16(FindParameter(*opnqryrm, cp::kQryprctyp)->data), cp::kLmtblkprc);

  auto columns = ParseQueryDescriptor(ObjectData(reply.dss[1]));
  ASSERT_TRUE(columns) << columns.error().ToString();
  ASSERT_EQ(columns->size(), 3u);
  EXPECT_EQ((*columns)[0].type->name, "SMALLINT");
  EXPECT_TRUE((*columns)[0].nullable());
  EXPECT_EQ((*columns)[1].type->name, "CHAR");
  EXPECT_EQ((*columns)[1].length, 3);
  EXPECT_EQ((*columns)[2].type->name, "DOUBLE");
  EXPECT_FALSE((*columns)[2].nullable());

  // Rows are big-endian (QTDSQL370); CHAR is EBCDIC and FLOAT is S/370 hex float (0x4110... is
  // 1.0), which no decoder of ours understands: rendered as IEEE it would read 0.0625 + ... .
  const std::span<const uint8_t> qrydta = ObjectData(reply.dss[2]);
  base::ByteReader reader(qrydta);
  for (int row = 1; row <= 2; ++row) {
    ASSERT_EQ(reader.U8().value_or(0), 0xFF);  // null SQLCA
    ASSERT_EQ(reader.U8().value_or(0xFF), 0x00);
    ASSERT_EQ(reader.U8().value_or(0xFF), 0x00);  // SMALLINT present
    EXPECT_EQ(DecodeInteger((*columns)[0], reader.Bytes(2).value(), base::ByteOrder::kBigEndian)
                  .value_or(0),
              row);
    ASSERT_EQ(reader.U8().value_or(0xFF), 0x00);  // CHAR present
    EXPECT_EQ(Ebcdic(reader.Bytes(3).value()), std::string(3, static_cast<char>('0' + row)));
    EXPECT_EQ(ToHex(reader.Bytes(8).value()), row == 1 ? "4110000000000000" : "4120000000000000");
  }
  EXPECT_TRUE(reader.empty());

  auto endqryrm = ParseObjects(ObjectData(reply.dss[3]));
  ASSERT_TRUE(endqryrm) << endqryrm.error().ToString();
  EXPECT_EQ(U16(FindParameter(*endqryrm, cp::kSvrcod)->data), 4);
  EXPECT_EQ(Ebcdic(FindParameter(*endqryrm, cp::kRdbnam)->data), "DB2ESYS           ");

  // The SQLCARD has the pre-SQLAM-7 layout (an 18-byte RDBNAME first in SQLCAXGRP). We never
  // negotiate below SQLAM 7, and ReadSqlca refuses it instead of misreading it.
  const std::span<const uint8_t> sqlcard = ObjectData(reply.dss[4]);
  EXPECT_EQ(ToHex(sqlcard.first(5)), "0000000064");  // SQLCODE +100, big-endian
  base::ByteReader sqlca_reader(sqlcard);
  auto sqlca = ReadSqlca(sqlca_reader, {base::ByteOrder::kBigEndian, '\xFF'});
  EXPECT_FALSE(sqlca);
}

}  // namespace
}  // namespace db2kafka::drda
