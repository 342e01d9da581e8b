// Our client talks to a stand-in for the Db2 servers of two real captures: a loopback TCP server
// that answers each request transmission with the reply the real server sent
// (../shared/reference/db2-captures, see db2_capture_replay_test.cc for provenance):
//   wireshark-wiki_drda_db2_sample.hex.txt  DB2 UDB 8.2, SQLAM 7: connect, one query, commit
//   packetnet_db2_select.hex.txt            Db2 11.1.1, SQLAM 10: connect, SELECT * FROM
//                                           SYSCAT.TABLES
// and what our client sent is compared with what IBM's JCC driver sent in the same conversation:
// byte for byte where the protocol leaves no choice (ACCSEC, SECCHK, SQLSTT, PKGNAMCSN, RDBCMM,
// TYPDEFNAM, TYPDEFOVR), by shape where we choose differently on purpose (EXCSAT names and
// manager levels, ACCRDB PRDID/CRRTKN, OPNQRY block size).
#include <arpa/inet.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <limits>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "drda/code_point.h"
#include "drda/connection.h"
#include "drda/cursor.h"
#include "drda/ebcdic.h"
#include "drda/reply_reader.h"
#include "drda/tests/capture_file.h"
#include "drda/tests/test_bytes.h"
#include "drda/value_decoder.h"

namespace db2kafka::drda {
namespace {

using testing::AsChars;
using testing::CapturedTurn;
using ::testing::HasSubstr;
using testing::LoadCapture;
using testing::ToHex;

constexpr int kPollMillis = 5000;  // bounds every wait: a broken client fails, never hangs

// A one-connection server on 127.0.0.1 that answers each request transmission (DSSs up to the one
// without the chain bit) with the next captured reply, and records the requests. Owned by one
// test; the serving thread ends when the replies run out and the client disconnects.
class ReplayServer {
 public:
  // After the last reply the server records what else the client sends; it hangs up once
  // `hang_up_after` more requests have come (a client waiting for an answer then sees the end).
  explicit ReplayServer(std::vector<std::vector<uint8_t>> replies,
                        size_t hang_up_after = std::numeric_limits<size_t>::max())
      : replies_(std::move(replies)), hang_up_after_(hang_up_after) {
    listener_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t size = sizeof(address);
    if (listener_ < 0 || bind(listener_, reinterpret_cast<sockaddr*>(&address), size) != 0 ||
        listen(listener_, 1) != 0 ||
        getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &size) != 0) {
      ADD_FAILURE() << "cannot listen on 127.0.0.1";
      return;
    }
    port_ = ntohs(address.sin_port);
    thread_ = std::thread([this] { Serve(); });
  }

  ~ReplayServer() {
    if (thread_.joinable()) thread_.join();
    if (listener_ >= 0) close(listener_);
  }

  int port() const { return port_; }

  // Waits for the client to go away, then returns every request transmission it sent, including
  // any sent after the last reply.
  std::vector<std::vector<uint8_t>> TakeRequests() {
    if (thread_.joinable()) thread_.join();
    for (const std::string& problem : problems_) ADD_FAILURE() << "replay server: " << problem;
    return std::move(requests_);
  }

 private:
  bool ReadExact(int fd, uint8_t* out, size_t count) {
    while (count > 0) {
      pollfd ready{fd, POLLIN, 0};
      if (poll(&ready, 1, kPollMillis) <= 0) return false;
      const ssize_t got = recv(fd, out, count, 0);
      if (got <= 0) return false;
      out += got;
      count -= static_cast<size_t>(got);
    }
    return true;
  }

  // One transmission, continuation segments included; empty when the client closed first.
  std::vector<uint8_t> ReadTransmission(int fd) {
    std::vector<uint8_t> bytes;
    while (true) {
      uint8_t header[6];
      if (!ReadExact(fd, header, sizeof(header))) return bytes;
      bytes.insert(bytes.end(), header, header + sizeof(header));
      const size_t length = static_cast<size_t>((header[0] & 0x7F) << 8 | header[1]);
      bool continued = (header[0] & 0x80) != 0;
      std::vector<uint8_t> rest(length < 6 ? 0 : length - 6);
      if (!ReadExact(fd, rest.data(), rest.size())) return bytes;
      bytes.insert(bytes.end(), rest.begin(), rest.end());
      while (continued) {
        uint8_t segment[2];
        if (!ReadExact(fd, segment, 2)) return bytes;
        continued = (segment[0] & 0x80) != 0;
        rest.resize(static_cast<size_t>((segment[0] & 0x7F) << 8 | segment[1]) - 2);
        bytes.insert(bytes.end(), segment, segment + 2);
        if (!ReadExact(fd, rest.data(), rest.size())) return bytes;
        bytes.insert(bytes.end(), rest.begin(), rest.end());
      }
      if ((header[3] & 0x40) == 0) return bytes;
    }
  }

  void Serve() {
    pollfd ready{listener_, POLLIN, 0};
    if (poll(&ready, 1, kPollMillis) <= 0) {
      problems_.push_back("the client never connected");
      return;
    }
    const int fd = accept(listener_, nullptr, nullptr);
    if (fd < 0) return;
    for (const std::vector<uint8_t>& reply : replies_) {
      std::vector<uint8_t> request = ReadTransmission(fd);
      if (request.empty()) break;
      requests_.push_back(std::move(request));
      if (send(fd, reply.data(), reply.size(), MSG_NOSIGNAL) !=
          static_cast<ssize_t>(reply.size())) {
        problems_.push_back("cannot send a reply");
        break;
      }
    }
    // Anything sent after the last reply (an unexpected CNTQRY, say) is recorded too.
    for (size_t extra = 0; extra < hang_up_after_; ++extra) {
      std::vector<uint8_t> request = ReadTransmission(fd);
      if (request.empty()) break;
      requests_.push_back(std::move(request));
    }
    close(fd);
  }

  std::vector<std::vector<uint8_t>> replies_;
  size_t hang_up_after_;
  std::vector<std::vector<uint8_t>> requests_;
  std::vector<std::string> problems_;
  int listener_ = -1;
  int port_ = 0;
  std::thread thread_;
};

// One DSS of a request transmission with its single object and that object's parameters.
struct RequestDss {
  std::vector<uint8_t> bytes;  // the whole DSS as sent
  uint8_t format = 0;
  uint16_t correlator = 0;
  uint16_t code_point = 0;
  std::vector<uint8_t> data;                            // the object's data
  std::map<uint16_t, std::vector<uint8_t>> parameters;  // for commands
};

std::vector<RequestDss> SplitRequests(const std::vector<uint8_t>& transmission) {
  std::vector<RequestDss> chain;
  size_t at = 0;
  while (at + 6 <= transmission.size()) {
    const size_t length = static_cast<size_t>(transmission[at] << 8 | transmission[at + 1]);
    EXPECT_LT(length, 0x8000u) << "no request here needs continuation";
    RequestDss dss;
    dss.bytes.assign(transmission.begin() + at, transmission.begin() + at + length);
    dss.format = dss.bytes[3];
    dss.correlator = static_cast<uint16_t>(dss.bytes[4] << 8 | dss.bytes[5]);
    auto objects = ParseObjects(std::span(dss.bytes).subspan(6));
    EXPECT_TRUE(objects && objects->size() == 1u);
    if (objects && !objects->empty()) {
      dss.code_point = (*objects)[0].code_point;
      dss.data.assign((*objects)[0].data.begin(), (*objects)[0].data.end());
      if ((dss.format & 0x0F) == 1) {
        auto parameters = ParseObjects(dss.data);
        EXPECT_TRUE(parameters) << parameters.error().ToString();
        for (const DdmObject& parameter : parameters.value_or(std::vector<DdmObject>{})) {
          dss.parameters[parameter.code_point].assign(parameter.data.begin(), parameter.data.end());
        }
      }
    }
    chain.push_back(std::move(dss));
    at += length;
  }
  EXPECT_EQ(at, transmission.size());
  return chain;
}

std::vector<RequestDss> SplitRequests(const CapturedTurn& turn) {
  EXPECT_FALSE(turn.from_server);
  return SplitRequests(turn.Bytes());
}

// "0x41/1 EXCSAT, 0x01/2 ACCSEC": the chain's shape, for comparing flags and correlators.
std::string Shape(const std::vector<RequestDss>& chain) {
  std::string shape;
  for (const RequestDss& dss : chain) {
    char part[48];
    std::snprintf(part, sizeof(part), "%s%02x/%u %s", shape.empty() ? "" : ", ", dss.format,
                  dss.correlator, CodePointName(dss.code_point).c_str());
    shape += part;
  }
  return shape;
}

std::map<uint16_t, uint16_t> ManagerLevels(const std::vector<uint8_t>& list) {
  EXPECT_EQ(list.size() % 4, 0u) << "MGRLVLLS is a list of (manager, level) u16 pairs";
  std::map<uint16_t, uint16_t> levels;
  for (size_t at = 0; at + 3 < list.size(); at += 4) {
    levels[static_cast<uint16_t>(list[at] << 8 | list[at + 1])] =
        static_cast<uint16_t>(list[at + 2] << 8 | list[at + 3]);
  }
  return levels;
}

std::string Ebcdic(const std::vector<uint8_t>& bytes) {
  return EbcdicToUtf8(AsChars(std::span(bytes)));
}

ConnectOptions OptionsFor(int port, std::string database, std::string user, std::string password) {
  ConnectOptions options;
  options.transport.host = "127.0.0.1";
  options.transport.port = port;
  options.transport.connect_timeout = std::chrono::milliseconds(kPollMillis);
  options.database = std::move(database);
  options.user = std::move(user);
  options.password = std::move(password);
  // Both captures authenticate with SECMEC 3; the server's ACCSECRD says so.
  options.security = SecurityPreference::kUserIdPassword;
  options.io_timeout = std::chrono::milliseconds(kPollMillis);
  return options;
}

// The connect chains compared with JCC's: the parts the protocol fixes are equal byte for byte.
void ExpectConnectLikeJcc(const std::vector<std::vector<uint8_t>>& ours,
                          const std::vector<CapturedTurn>& jcc) {
  ASSERT_GE(ours.size(), 2u);
  const std::vector<RequestDss> excsat = SplitRequests(ours[0]);
  const std::vector<RequestDss> jcc_excsat = SplitRequests(jcc[0]);
  EXPECT_EQ(Shape(excsat), Shape(jcc_excsat));
  ASSERT_EQ(excsat.size(), 2u);
  // ACCSEC (SECMEC 3, RDBNAM blank-padded to 18 in CCSID 500): identical.
  EXPECT_EQ(ToHex(excsat[1].bytes), ToHex(jcc_excsat[1].bytes));
  // EXCSAT: the same parameters, names are ours; every manager JCC asked for is asked for, in
  // the same (manager, level) list shape.
  std::set<uint16_t> ours_parameters, jcc_parameters;
  for (const auto& [code_point, value] : excsat[0].parameters) ours_parameters.insert(code_point);
  for (const auto& [code_point, value] : jcc_excsat[0].parameters)
    jcc_parameters.insert(code_point);
  EXPECT_EQ(ours_parameters, jcc_parameters);
  const auto levels = ManagerLevels(excsat[0].parameters.at(cp::kMgrlvlls));
  for (const auto& [manager, level] : ManagerLevels(jcc_excsat[0].parameters.at(cp::kMgrlvlls))) {
    EXPECT_TRUE(levels.contains(manager)) << CodePointName(manager);
  }
  EXPECT_EQ(levels.at(cp::kSqlam), 11);
  EXPECT_EQ(levels.at(cp::kUnicodemgr), 1208);
  EXPECT_EQ(Ebcdic(excsat[0].parameters.at(cp::kSrvclsnm)), "DB2KAFKA/LINUX");

  const std::vector<RequestDss> accrdb = SplitRequests(ours[1]);
  const std::vector<RequestDss> jcc_accrdb = SplitRequests(jcc[2]);
  EXPECT_EQ(Shape(accrdb), Shape(jcc_accrdb));
  ASSERT_EQ(accrdb.size(), 2u);
  // SECCHK (SECMEC 3, RDBNAM, USRID, PASSWORD in CCSID 500): identical.
  EXPECT_EQ(ToHex(accrdb[0].bytes), ToHex(jcc_accrdb[0].bytes));
  const auto& parameters = accrdb[1].parameters;
  const auto& jcc_parameters_accrdb = jcc_accrdb[1].parameters;
  for (uint16_t code_point : {cp::kRdbnam, cp::kRdbacccl, cp::kTypdefnam}) {
    EXPECT_EQ(ToHex(parameters.at(code_point)), ToHex(jcc_parameters_accrdb.at(code_point)))
        << CodePointName(code_point);
  }
  EXPECT_EQ(Ebcdic(parameters.at(cp::kTypdefnam)), "QTDSQLASC");
  // TYPDEFOVR: SBC 1208, DBC 1200, MBC 1208 as JCC; JCC 3.67 adds CCSIDXML (0x1913) 1208.
  const std::string typdefovr = ToHex(parameters.at(cp::kTypdefovr));
  EXPECT_EQ(typdefovr, "0006119c04b80006119d04b00006119e04b8");
  EXPECT_TRUE(ToHex(jcc_parameters_accrdb.at(cp::kTypdefovr)).starts_with(typdefovr));
  // On purpose: our PRDID is a Db2 client's (JCC sends its own, JCCvvrrm), and we send a
  // CRRTKN where JCC lets the server make one; JCC's PRDDTA we do not send.
  EXPECT_EQ(Ebcdic(parameters.at(cp::kPrdid)), "SQL11058");
  EXPECT_TRUE(Ebcdic(jcc_parameters_accrdb.at(cp::kPrdid)).starts_with("JCC"));
  EXPECT_TRUE(parameters.contains(cp::kCrrtkn));
  EXPECT_FALSE(jcc_parameters_accrdb.contains(cp::kCrrtkn));
}

// Our PRPSQLSTT + SQLSTT + OPNQRY against JCC's PRPSQLSTT + SQLATTR + SQLSTT + OPNQRY.
void ExpectQueryLikeJcc(const std::vector<uint8_t>& ours, const CapturedTurn& jcc) {
  const std::vector<RequestDss> chain = SplitRequests(ours);
  std::map<uint16_t, const RequestDss*> jcc_by_code_point;
  const std::vector<RequestDss> jcc_chain = SplitRequests(jcc);
  for (const RequestDss& dss : jcc_chain) jcc_by_code_point[dss.code_point] = &dss;
  ASSERT_EQ(chain.size(), 3u) << Shape(chain);
  EXPECT_EQ(Shape(chain), "51/1 PRPSQLSTT (0x200D), 43/1 SQLSTT (0x2414), 01/2 OPNQRY (0x200C)");
  const RequestDss& jcc_prepare = *jcc_by_code_point.at(cp::kPrpsqlstt);
  const RequestDss& jcc_open = *jcc_by_code_point.at(cp::kOpnqry);
  // PKGNAMCSN: RDBNAM, NULLID, SYSSH200 (CCSID 500, 18 bytes each), SYSLVL01, section 1.
  EXPECT_EQ(chain[0].parameters.at(cp::kPkgnamcsn).size(), 64u);
  EXPECT_EQ(ToHex(chain[0].parameters.at(cp::kPkgnamcsn)),
            ToHex(jcc_prepare.parameters.at(cp::kPkgnamcsn)));
  EXPECT_EQ(ToHex(chain[2].parameters.at(cp::kPkgnamcsn)),
            ToHex(jcc_open.parameters.at(cp::kPkgnamcsn)));
  EXPECT_EQ(ToHex(chain[0].parameters.at(cp::kRtnsqlda)),
            ToHex(jcc_prepare.parameters.at(cp::kRtnsqlda)));
  // SQLSTT: 00, u32 length, the text, null single-byte part; identical.
  EXPECT_EQ(ToHex(chain[1].data), ToHex(jcc_by_code_point.at(cp::kSqlstt)->data));
  EXPECT_EQ(ToHex(chain[2].parameters.at(cp::kQryclsimp)),
            ToHex(jcc_open.parameters.at(cp::kQryclsimp)));
  // On purpose: 1 MiB blocks (JCC 32767) with up to 3 extra blocks, no TYPSQLDA 4 (standard
  // SQLDA, names only) and no SQLATTR "FOR READ ONLY".
  EXPECT_EQ(ToHex(chain[2].parameters.at(cp::kQryblksz)), "00100000");
  EXPECT_EQ(ToHex(jcc_open.parameters.at(cp::kQryblksz)), "00007fff");
}

TEST(Db2ConversationReplay, QueriesDb2_8_2AndSendsWhatJccSent) {
  const std::vector<CapturedTurn> turns = LoadCapture("wireshark-wiki_drda_db2_sample.hex.txt");
  ASSERT_EQ(turns.size(), 24u);
  // Replies to: EXCSAT+ACCSEC, SECCHK+ACCRDB, PRPSQLSTT+OPNQRY (frames 24), RDBCMM.
  ReplayServer server({turns[1].Bytes(), turns[3].Bytes(), turns[15].Bytes(), turns[17].Bytes()});
  {
    auto connection = Connection::Open(OptionsFor(server.port(), "MYDB2DB", "MYUSER", "MYUSER"));
    ASSERT_TRUE(connection) << connection.error().ToString();
    const ServerInfo& info = (*connection)->server();
    EXPECT_EQ(info.dialect->kind, ServerKind::kDb2);
    EXPECT_EQ(info.server_class, "QDB2/LINUX");
    EXPECT_EQ(info.release, "SQL08024");
    EXPECT_EQ(info.product_id, "SQL08024");
    EXPECT_EQ(info.sqlam, 7);
    EXPECT_FALSE(info.utf8_ddm);
    EXPECT_EQ(info.byte_order, base::ByteOrder::kLittleEndian);

    auto cursor = (*connection)->OpenQuery("select current schema from sysibm.sysdummy1");
    ASSERT_TRUE(cursor) << cursor.error().ToString();
    ASSERT_EQ((*cursor)->columns().size(), 1u);
    EXPECT_EQ((*cursor)->columns()[0].name, "1");
    EXPECT_EQ((*cursor)->columns()[0].ccsid, 819);
    auto row = (*cursor)->Next();
    ASSERT_TRUE(row) << row.error().ToString();
    ASSERT_TRUE(*row);
    ASSERT_FALSE((*cursor)->row()[0].null);
    EXPECT_EQ(AsChars((*cursor)->row()[0].bytes), "SC      ");
    row = (*cursor)->Next();  // ENDQRYRM + SQLCARD +100 ended the query
    ASSERT_TRUE(row) << row.error().ToString();
    EXPECT_FALSE(*row);
    cursor->reset();
    const base::Status committed = (*connection)->Commit();
    EXPECT_TRUE(committed) << committed.error().ToString();
  }
  const std::vector<std::vector<uint8_t>> requests = server.TakeRequests();
  ASSERT_EQ(requests.size(), 4u) << "one request per captured reply, nothing after";
  ExpectConnectLikeJcc(requests, turns);
  ExpectQueryLikeJcc(requests[2], turns[14]);
  EXPECT_EQ(ToHex(requests[3]), ToHex(turns[16].Bytes()));  // RDBCMM
}

TEST(Db2ConversationReplay, ReadsDb2_11_1RowsAroundItsClobColumn) {
  const std::vector<CapturedTurn> turns = LoadCapture("packetnet_db2_select.hex.txt");
  ASSERT_EQ(turns.size(), 6u);
  ReplayServer server({turns[1].Bytes(), turns[3].Bytes(), turns[5].Bytes()}, 1);
  {
    auto connection = Connection::Open(OptionsFor(server.port(), "SAMPLE", "db2inst1", "db2inst1"));
    ASSERT_TRUE(connection) << connection.error().ToString();
    const ServerInfo& info = (*connection)->server();
    EXPECT_EQ(info.server_class, "QDB2/LINUXX8664");
    EXPECT_EQ(info.product_id, "SQL11011");
    EXPECT_EQ(info.sqlam, 10);
    EXPECT_FALSE(info.utf8_ddm);  // asked UNICODEMGR 1208, granted 0
    EXPECT_EQ(info.byte_order, base::ByteOrder::kLittleEndian);

    // The 85-column SQLDARD and the QRYDSC are read, with the CLOB column STATISTICS_PROFILE
    // (CF 8009, a 9-byte placeholder); the 73 whole rows of the first block decode, and the
    // 74th, cut at the block's end, needs a CNTQRY that the capture does not answer.
    auto cursor = (*connection)->OpenQuery("SELECT * FROM SYSCAT.TABLES");
    ASSERT_TRUE(cursor) << cursor.error().ToString();
    ASSERT_EQ((*cursor)->columns().size(), 85u);
    const Column& clob = (*cursor)->columns()[48];
    EXPECT_EQ(clob.name, "STATISTICS_PROFILE");
    EXPECT_EQ(clob.type->layout, WireLayout::kLob);
    size_t rows = 0;
    base::Result<bool> next = true;
    while ((next = (*cursor)->Next()) && *next) {
      ++rows;
      EXPECT_TRUE((*cursor)->row()[48].null) << "row " << rows;
    }
    EXPECT_EQ(rows, 73u);
    ASSERT_FALSE(next);
    EXPECT_EQ(next.error().code, base::ErrorCode::kUnavailable) << next.error().ToString();
  }
  const std::vector<std::vector<uint8_t>> requests = server.TakeRequests();
  ASSERT_EQ(requests.size(), 4u);
  ExpectConnectLikeJcc(requests, turns);
  ExpectQueryLikeJcc(requests[2], turns[4]);
  EXPECT_EQ(ToHex(std::span(requests[3]).subspan(8, 2)), "2006");  // CNTQRY
}

// One DSS holding one object, as a server sends it: `format` carries the chain flags (0x40 more
// follows, 0x10 same correlator) and the DSS type (2 reply, 3 object).
std::vector<uint8_t> ReplyDss(uint8_t format, uint16_t code_point, std::vector<uint8_t> data) {
  const size_t object_size = data.size() + 4;
  const size_t dss_size = object_size + 6;
  std::vector<uint8_t> bytes = {static_cast<uint8_t>(dss_size >> 8),
                                static_cast<uint8_t>(dss_size),
                                0xD0,
                                format,
                                0x00,
                                0x03,
                                static_cast<uint8_t>(object_size >> 8),
                                static_cast<uint8_t>(object_size),
                                static_cast<uint8_t>(code_point >> 8),
                                static_cast<uint8_t>(code_point)};
  bytes.insert(bytes.end(), data.begin(), data.end());
  return bytes;
}

// The XML column of capture E (a Db2 12.1 row quoted by go-db2): the row holds a 9-byte
// dynamic-format placeholder, the value comes in EXTDTA as a null indicator and UTF-8. The
// connection is the Db2 11.1 handshake of capture B; the OPNQRY reply around E's bytes is ours.
// The reply to an OPNQRY for `SELECT ID, C_XML` (INTEGER not null, XML nullable 0x8009) holding
// one row, `row_columns` being its column bytes, then `extdta` objects, then ENDQRYRM.
std::vector<uint8_t> XmlQueryReply(const std::vector<uint8_t>& row_columns,
                                   const std::vector<std::vector<uint8_t>>& extdta) {
  using testing::FromHex;
  std::vector<uint8_t> row = FromHex("ff 00");  // no SQLCA, a row
  row.insert(row.end(), row_columns.begin(), row_columns.end());
  std::vector<std::vector<uint8_t>> chain = {
      ReplyDss(0x53, 0x2408, FromHex("ff")),  // SQLCARD: prepared
      ReplyDss(0x52, 0x2205,                  // OPNQRYRM: SVRCOD 0, LMTBLKPRC, QRYINSID
               FromHex("0006 1149 0000 | 0006 2102 2417 | 000c 215b 0000000000000001")),
      ReplyDss(0x53, 0x241A,  // QRYDSC: INTEGER not null, XML nullable 0x8009
               FromHex("09 76 d0 020004 c78009 | 0971e0540001d00001 0671f0e00000")),
      ReplyDss(0x53, 0x241B, row)};
  for (const std::vector<uint8_t>& body : extdta) chain.push_back(ReplyDss(0x53, 0x146C, body));
  chain.push_back(ReplyDss(0x02, 0x220B, FromHex("0006 1149 0004")));  // ENDQRYRM
  std::vector<uint8_t> reply;
  for (const std::vector<uint8_t>& dss : chain) reply.insert(reply.end(), dss.begin(), dss.end());
  return reply;
}

// The two hex lines of capture E: the row's column bytes, then the EXTDTA body.
std::vector<std::vector<uint8_t>> XmlCaptureFragments() {
  std::vector<std::vector<uint8_t>> fragments;
  for (const std::string& line : testing::ReadLines("go-db2_db2-12.1_xml-column-row.hex.txt")) {
    if (!line.empty() && !line.starts_with("#")) fragments.push_back(testing::FromHex(line));
  }
  return fragments;
}

// The first error reading the one row of `reply` after the Db2 11.1 handshake of capture B.
base::Error RowError(const std::vector<uint8_t>& reply) {
  const std::vector<CapturedTurn> turns = LoadCapture("packetnet_db2_select.hex.txt");
  ReplayServer server({turns[1].Bytes(), turns[3].Bytes(), reply}, 1);
  auto connection = Connection::Open(OptionsFor(server.port(), "SAMPLE", "db2inst1", "db2inst1"));
  EXPECT_TRUE(connection) << connection.error().ToString();
  if (!connection) return {};
  auto cursor = (*connection)->OpenQuery("SELECT ID, C_XML FROM T");
  if (!cursor) return cursor.error();
  auto next = (*cursor)->Next();
  EXPECT_FALSE(next) << "the row was accepted";
  return next ? base::Error{} : next.error();
}

TEST(Db2ConversationReplay, ReadsAnXmlValueFromExtdtaLikeDb2_12_1SendsIt) {
  const std::vector<CapturedTurn> turns = LoadCapture("packetnet_db2_select.hex.txt");
  const std::vector<std::vector<uint8_t>> fragments = XmlCaptureFragments();
  ASSERT_EQ(fragments.size(), 2u);
  const std::vector<uint8_t> opened = XmlQueryReply(fragments[0], {fragments[1]});
  ReplayServer server({turns[1].Bytes(), turns[3].Bytes(), opened});
  {
    auto connection = Connection::Open(OptionsFor(server.port(), "SAMPLE", "db2inst1", "db2inst1"));
    ASSERT_TRUE(connection) << connection.error().ToString();
    auto cursor = (*connection)->OpenQuery("SELECT ID, C_XML FROM T");
    ASSERT_TRUE(cursor) << cursor.error().ToString();
    ASSERT_EQ((*cursor)->columns().size(), 2u);
    EXPECT_EQ((*cursor)->columns()[1].type->name, "XML");
    auto next = (*cursor)->Next();
    ASSERT_TRUE(next) << next.error().ToString();
    ASSERT_TRUE(*next);
    const auto& values = (*cursor)->row();
    EXPECT_EQ(
        DecodeInteger((*cursor)->columns()[0], values[0].bytes, (*connection)->server().byte_order)
            .value(),
        1);
    ASSERT_FALSE(values[1].null);
    EXPECT_EQ(AsText(values[1].bytes), "<root><item id=\"1\">x</item></root>");
    next = (*cursor)->Next();
    ASSERT_TRUE(next) << next.error().ToString();
    EXPECT_FALSE(*next);
  }
  EXPECT_EQ(server.TakeRequests().size(), 3u);  // ENDQRYRM ended it: no CNTQRY
}

TEST(Db2ConversationReplay, RefusesADynamicLobStatusItCannotRead) {
  const std::vector<std::vector<uint8_t>> fragments = XmlCaptureFragments();
  ASSERT_EQ(fragments.size(), 2u);
  std::vector<uint8_t> row = fragments[0];
  row[5] = 0x01;  // the placeholder's status byte: not "value in EXTDTA"
  const base::Error error = RowError(XmlQueryReply(row, {fragments[1]}));
  EXPECT_EQ(error.code, base::ErrorCode::kProtocol);
  EXPECT_THAT(error.message, HasSubstr("column 2:"));  // unnamed: the reply has no SQLDARD
  EXPECT_THAT(error.message, HasSubstr("status 0x01"));
}

TEST(Db2ConversationReplay, ARowNamingAnExtdtaTheServerNeverSentIsAProtocolError) {
  const std::vector<std::vector<uint8_t>> fragments = XmlCaptureFragments();
  ASSERT_EQ(fragments.size(), 2u);
  const base::Error error = RowError(XmlQueryReply(fragments[0], {}));
  EXPECT_EQ(error.code, base::ErrorCode::kProtocol);
  EXPECT_THAT(error.message, HasSubstr("column 2:"));  // unnamed: the reply has no SQLDARD
  EXPECT_THAT(error.message, HasSubstr("never sent"));
}

TEST(Db2ConversationReplay, AnExtdtaWithoutItsNullIndicatorIsAProtocolError) {
  const std::vector<std::vector<uint8_t>> fragments = XmlCaptureFragments();
  ASSERT_EQ(fragments.size(), 2u);
  const base::Error error = RowError(XmlQueryReply(fragments[0], {{}}));
  EXPECT_EQ(error.code, base::ErrorCode::kProtocol);
  EXPECT_THAT(error.message, HasSubstr("null indicator"));
}

}  // namespace
}  // namespace db2kafka::drda
