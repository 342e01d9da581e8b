#include "drda/connection.h"

#include "base/status_macros.h"
#include "drda/code_point.h"
#include "drda/cursor.h"
#include "drda/ebcdic.h"

namespace db2kafka::drda {
namespace {

constexpr uint8_t kTrue = 0xF1;
// Dynamic SQL runs in Db2's CLI packages NULLID.SYSxyzz (small package, WITH HOLD, CS);
// Derby accepts any name and reads holdability from the same pattern.
constexpr std::string_view kCollection = "NULLID";
constexpr std::string_view kPackage = "SYSSH200";
constexpr uint8_t kConsistencyToken[] = {'S', 'Y', 'S', 'L', 'V', 'L', '0', '1'};
constexpr size_t kPackageNameField = 18;
constexpr uint16_t kSectionsInSmallPackage = 64;

struct ReplyMessageInfo {
  uint16_t code_point;
  base::ErrorCode code;
  std::string_view meaning;
};

constexpr ReplyMessageInfo kErrorReplies[] = {
    {cp::kRdbnfnrm, base::ErrorCode::kNotFound, "the database does not exist on this server"},
    {cp::kRdbaflrm, base::ErrorCode::kUnauthenticated, "access to the database failed"},
    {cp::kRdbathrm, base::ErrorCode::kPermissionDenied, "not authorized to the database"},
    {cp::kRdbnacrm, base::ErrorCode::kFailedPrecondition, "the database is not accessed"},
    {cp::kRdbaccrm, base::ErrorCode::kFailedPrecondition, "the database is already accessed"},
    {cp::kSyntaxrm, base::ErrorCode::kProtocol, "the server found our request malformed"},
    {cp::kPrccnvrm, base::ErrorCode::kProtocol, "conversational protocol error"},
    {cp::kCmdchkrm, base::ErrorCode::kProtocol, "command check failed"},
    {cp::kCmdnsprm, base::ErrorCode::kProtocol, "command not supported"},
    {cp::kPrmnsprm, base::ErrorCode::kProtocol, "parameter not supported"},
    {cp::kValnsprm, base::ErrorCode::kProtocol, "parameter value not supported"},
    {cp::kObjnsprm, base::ErrorCode::kProtocol, "object not supported"},
    {cp::kMgrlvlrm, base::ErrorCode::kProtocol, "manager level conflict"},
    {cp::kAgnprmrm, base::ErrorCode::kUnavailable, "permanent agent error on the server"},
    {cp::kCmdathrm, base::ErrorCode::kPermissionDenied, "not authorized to the command"},
    {cp::kQrynoprm, base::ErrorCode::kFailedPrecondition, "the query is not open"},
    {cp::kQrypoprm, base::ErrorCode::kFailedPrecondition, "the query is already open"},
    {cp::kDtamchrm, base::ErrorCode::kProtocol, "data descriptor mismatch"},
};

}  // namespace

Connection::Connection(std::unique_ptr<Transport> transport, ConnectOptions options)
    : transport_(std::move(transport)),
      reader_(*transport_),
      options_(std::move(options)),
      sections_in_use_(kSectionsInSmallPackage + 1, false) {}

Connection::~Connection() = default;

base::Result<std::unique_ptr<Connection>> Connection::Open(const ConnectOptions& options) {
  DB2KAFKA_ASSIGN_OR_RETURN(auto transport, Connect(options.transport));
  return OpenOver(std::move(transport), options);
}

base::Result<std::unique_ptr<Connection>> Connection::OpenOver(std::unique_ptr<Transport> transport,
                                                               const ConnectOptions& options) {
  std::unique_ptr<Connection> connection(new Connection(std::move(transport), options));
  DB2KAFKA_TRY(connection->Handshake());
  if (options.isolation) DB2KAFKA_TRY(connection->SetIsolation(*options.isolation));
  return connection;
}

std::string_view IsolationName(Isolation isolation) {
  static constexpr std::string_view kNames[] = {"UR", "CS", "RS", "RR"};
  return kNames[static_cast<size_t>(isolation)];
}

base::Status Connection::SetIsolation(Isolation isolation) {
  const std::string sql = "SET CURRENT ISOLATION = " + std::string(IsolationName(isolation));
  auto done = ExecuteImmediate(sql);
  if (!done) {
    return base::Fail(base::WithContext(
        std::move(done).error(), "cannot set isolation " + std::string(IsolationName(isolation))));
  }
  return {};
}

base::Status Connection::DrainOwedReplies() {
  while (!owed_replies_.empty()) {
    ReplyOwner* owner = owed_replies_.front();
    owed_replies_.pop_front();
    auto reply = Receive();
    const bool lost = !reply;
    if (owner != nullptr) owner->Deliver(std::move(reply));
    if (lost) return base::Fail(base::ErrorCode::kUnavailable, "the connection was lost");
  }
  return {};
}

base::Status Connection::SendAhead(RequestWriter& writer, ReplyOwner* owner) {
  DB2KAFKA_TRY(Send(writer));
  owed_replies_.push_back(owner);
  return {};
}

base::Status Connection::ReceiveFor(ReplyOwner* owner) {
  while (!owed_replies_.empty()) {
    ReplyOwner* next = owed_replies_.front();
    owed_replies_.pop_front();
    auto reply = Receive();
    const bool lost = !reply;
    if (next != nullptr) next->Deliver(std::move(reply));
    if (next == owner) return {};
    if (lost) return base::Fail(base::ErrorCode::kUnavailable, "the connection was lost");
  }
  return base::Fail(base::ErrorCode::kInternal, "no reply is owed to this cursor");
}

void Connection::Forget(ReplyOwner* owner) {
  for (ReplyOwner*& waiting : owed_replies_) {
    if (waiting == owner) waiting = nullptr;
  }
}

base::Status Connection::Send(RequestWriter& writer) {
  if (auto drained = DrainOwedReplies(); !drained) {
    broken_ = true;
    return drained;
  }
  if (broken_) {
    return base::Fail(base::ErrorCode::kUnavailable,
                      "the connection to " + options_.transport.host + " is broken; reconnect");
  }
  const std::vector<uint8_t> bytes = writer.Finish();
  base::Status sent = transport_->Write(bytes);
  if (!sent) broken_ = true;
  return sent;
}

base::Result<Reply> Connection::Exchange(RequestWriter& writer) {
  DB2KAFKA_TRY(Send(writer));
  return Receive();
}

base::Result<Reply> Connection::Receive() {
  Reply reply;
  while (true) {
    auto dss = reader_.Next();
    if (!dss) {
      broken_ = true;  // we cannot tell where the next reply would start
      return base::Fail(std::move(dss).error());
    }
    const bool last = !dss->chained;
    reply.dss.push_back(std::move(*dss));
    const Dss& stored = reply.dss.back();
    auto objects = ParseObjects(stored.payload);
    if (!objects) {
      broken_ = true;
      return base::Fail(std::move(objects).error());
    }
    for (const DdmObject& object : *objects) {
      reply.objects.push_back({stored.correlator, object.code_point, object.data});
    }
    if (last) return reply;
  }
}

base::Status Connection::CheckReplyMessage(const ReplyObject& object,
                                           std::string_view context) const {
  for (const ReplyMessageInfo& info : kErrorReplies) {
    if (info.code_point != object.code_point) continue;
    std::string detail;
    if (auto parameters = ParseObjects(object.data)) {
      for (const DdmObject& parameter : *parameters) {
        if (parameter.code_point == cp::kSvrcod && parameter.data.size() == 2) {
          detail += ", SVRCOD " + std::to_string(parameter.data[0] << 8 | parameter.data[1]);
        } else if (parameter.code_point == cp::kSynerrcd && parameter.data.size() == 1) {
          detail += ", SYNERRCD " + std::to_string(parameter.data[0]);
        } else if (parameter.code_point == cp::kCodpnt && parameter.data.size() == 2) {
          detail += ", on " + CodePointName(static_cast<uint16_t>(parameter.data[0] << 8 |
                                                                  parameter.data[1]));
        } else if (parameter.code_point == cp::kPrccnvcd && parameter.data.size() == 1) {
          detail += ", PRCCNVCD " + std::to_string(parameter.data[0]);
        }
      }
    }
    return base::Fail(info.code, std::string(context) + ": " + std::string(info.meaning) + " (" +
                                     CodePointName(object.code_point) + detail + ")");
  }
  return {};
}

base::Result<std::optional<Sqlca>> Connection::CheckSqlcards(const Reply& reply,
                                                             std::string_view context) const {
  std::optional<Sqlca> first;
  for (const ReplyObject& object : reply.objects) {
    if (object.code_point != cp::kSqlcard) continue;
    base::ByteReader reader(object.data);
    auto sqlca = ReadSqlca(reader, sqlca_format());
    if (!sqlca) {
      return base::Fail(base::WithContext(std::move(sqlca).error(), "cannot read SQLCARD"));
    }
    if (*sqlca && (*sqlca)->IsError()) return base::Fail(SqlcaError(**sqlca, context));
    if (!first) first = *sqlca;
  }
  return first;
}

SqlcaFormat Connection::sqlca_format() const {
  return SqlcaFormat{server_.byte_order, server_.dialect->token_separator};
}

std::string Connection::DecodeDdmString(std::span<const uint8_t> bytes) const {
  const std::string_view text(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  std::string decoded = server_.utf8_ddm ? std::string(text) : EbcdicToUtf8(text);
  while (!decoded.empty() && decoded.back() == ' ') decoded.pop_back();
  return decoded;
}

base::Result<std::string> Connection::EncodeDdmString(std::string_view text) const {
  if (server_.utf8_ddm) return std::string(text);
  return Utf8ToEbcdic(text);
}

std::vector<uint8_t> Connection::PackageName(uint16_t section) const {
  base::ByteWriter name;
  const auto field = [&](std::string_view text) {
    std::string padded(text);
    if (padded.size() < kPackageNameField) padded.resize(kPackageNameField, ' ');
    // Names were checked at connect time; a database name that cannot be encoded fails there.
    name.Chars(EncodeDdmString(padded).value_or(padded));
  };
  field(options_.database);
  field(kCollection);
  field(kPackage);
  name.Bytes(kConsistencyToken);
  name.U16(section);
  return name.Take();
}

base::Result<uint16_t> Connection::AcquireSection() {
  for (uint16_t section = 1; section <= kSectionsInSmallPackage; ++section) {
    if (!sections_in_use_[section]) {
      sections_in_use_[section] = true;
      return section;
    }
  }
  return base::Fail(base::ErrorCode::kResourceExhausted,
                    "all " + std::to_string(kSectionsInSmallPackage) +
                        " statement sections are in use; close cursors that are no longer read");
}

void Connection::ReleaseSection(uint16_t section) {
  if (section > 0 && section < sections_in_use_.size()) sections_in_use_[section] = false;
}

namespace {

// SQLSTT at SQLAM 7 and later: a nullable mixed-character LOB-style string, then a null
// single-byte string.
void WriteSqlStatement(RequestWriter& writer, std::string_view sql) {
  writer.BeginObject(cp::kSqlstt);
  base::ByteWriter& body = writer.body();
  body.U8(0);
  body.U32(static_cast<uint32_t>(sql.size()));
  body.Chars(sql);
  body.U8(0xFF);
}

// SQLDTA: the parameters' FD:OCA descriptor and data, chained to the command before it.
base::Status WriteParameters(RequestWriter& writer, std::span<const Parameter> parameters) {
  DB2KAFKA_ASSIGN_OR_RETURN(EncodedParameters encoded, EncodeParameters(parameters));
  writer.BeginObject(cp::kSqldta);
  writer.AddBytes(cp::kFdodsc, encoded.descriptor);
  writer.AddBytes(cp::kFdodta, encoded.data);
  return {};
}

}  // namespace

void Connection::WritePrepare(RequestWriter& writer, uint16_t section, std::string_view sql,
                              bool describe) const {
  writer.BeginCommand(cp::kPrpsqlstt);
  writer.AddBytes(cp::kPkgnamcsn, PackageName(section));
  if (describe) writer.AddU8(cp::kRtnsqlda, kTrue);
  WriteSqlStatement(writer, sql);
}

base::Result<int64_t> Connection::Execute(std::string_view sql,
                                          std::span<const Parameter> parameters) {
  DB2KAFKA_ASSIGN_OR_RETURN(const uint16_t section, AcquireSection());
  RequestWriter writer;
  WritePrepare(writer, section, sql, /*describe=*/false);
  writer.BeginCommand(cp::kExcsqlstt);
  writer.AddBytes(cp::kPkgnamcsn, PackageName(section));
  writer.AddU8(cp::kRdbcmtok, kTrue);
  const uint16_t execute_correlator = writer.last_correlator();
  base::Status written = WriteParameters(writer, parameters);
  auto reply = written ? Exchange(writer) : base::Result<Reply>(base::Fail(written.error()));
  ReleaseSection(section);
  if (!reply) return base::Fail(std::move(reply).error());
  const std::string context = "statement failed";
  DB2KAFKA_TRY(CheckSqlcards(*reply, context));
  int64_t rows = 0;
  for (const ReplyObject& object : reply->objects) {
    DB2KAFKA_TRY(CheckReplyMessage(object, context));
    if (object.code_point == cp::kSqlcard && object.correlator == execute_correlator) {
      base::ByteReader reader(object.data);
      DB2KAFKA_ASSIGN_OR_RETURN(std::optional<Sqlca> sqlca, ReadSqlca(reader, sqlca_format()));
      if (sqlca) rows = sqlca->RowCount();
    }
  }
  return rows;
}

base::Result<int64_t> Connection::ExecuteImmediate(std::string_view sql) {
  DB2KAFKA_ASSIGN_OR_RETURN(const uint16_t section, AcquireSection());
  RequestWriter writer;
  writer.BeginCommand(cp::kExcsqlimm);
  writer.AddBytes(cp::kPkgnamcsn, PackageName(section));
  writer.AddU8(cp::kRdbcmtok, kTrue);
  WriteSqlStatement(writer, sql);
  auto reply = Exchange(writer);
  ReleaseSection(section);
  if (!reply) return base::Fail(std::move(reply).error());
  const std::string context = "statement failed";
  DB2KAFKA_ASSIGN_OR_RETURN(std::optional<Sqlca> sqlca, CheckSqlcards(*reply, context));
  for (const ReplyObject& object : reply->objects) DB2KAFKA_TRY(CheckReplyMessage(object, context));
  return sqlca ? sqlca->RowCount() : 0;
}

base::Result<Reply> Connection::EndUnitOfWork(uint16_t command, std::string_view what) {
  RequestWriter writer;
  writer.BeginCommand(command);
  DB2KAFKA_ASSIGN_OR_RETURN(Reply reply, Exchange(writer));
  const std::string context = std::string(what) + " failed";
  DB2KAFKA_TRY(CheckSqlcards(reply, context));
  for (const ReplyObject& object : reply.objects) DB2KAFKA_TRY(CheckReplyMessage(object, context));
  return reply;
}

base::Status Connection::Commit() {
  return EndUnitOfWork(cp::kRdbcmm, "commit").map([](Reply&&) {});
}

base::Status Connection::Rollback() {
  return EndUnitOfWork(cp::kRdbrllbck, "rollback").map([](Reply&&) {});
}

}  // namespace db2kafka::drda

namespace db2kafka::drda {

base::Result<std::unique_ptr<Cursor>> Connection::OpenQuery(std::string_view sql,
                                                            std::span<const Parameter> parameters) {
  DB2KAFKA_ASSIGN_OR_RETURN(const uint16_t section, AcquireSection());
  RequestWriter writer;
  WritePrepare(writer, section, sql, /*describe=*/true);
  writer.BeginCommand(cp::kOpnqry);
  writer.AddBytes(cp::kPkgnamcsn, PackageName(section));
  writer.AddU32(cp::kQryblksz, options_.query_block_size);
  writer.AddU16(cp::kMaxblkext, 3);
  writer.AddU8(cp::kQryclsimp, 1);  // the server closes the query after the last row
  const base::Status written =
      parameters.empty() ? base::Status() : WriteParameters(writer, parameters);
  auto reply = written ? Exchange(writer) : base::Result<Reply>(base::Fail(written.error()));
  if (!reply) {
    ReleaseSection(section);
    return base::Fail(std::move(reply).error());
  }
  return Cursor::Open(*this, std::make_shared<SectionLease>(*this, section), PackageName(section),
                      reply->objects);
}

namespace {

constexpr uint16_t kAnyNumberOfResultSets = 0xFFFF;  // MAXRSLCNT
constexpr uint8_t kExtendedSqlda = 0x04;             // RSLSETFLG: SQLCINRD with column names
constexpr uint16_t kCallMaxExtraBlocks = 3;          // as Cursor asks on CNTQRY

// The PKGNAMCSNs that address a procedure's result sets, from RSLSETRM's PKGSNLST, in order.
base::Result<std::vector<std::vector<uint8_t>>> ResultSetPackageNames(const ReplyObject& rslsetrm) {
  std::vector<std::vector<uint8_t>> names;
  DB2KAFKA_ASSIGN_OR_RETURN(auto parameters, ParseObjects(rslsetrm.data));
  for (const DdmObject& parameter : parameters) {
    if (parameter.code_point != cp::kPkgsnlst) continue;
    DB2KAFKA_ASSIGN_OR_RETURN(auto list, ParseObjects(parameter.data));
    for (const DdmObject& name : list) {
      if (name.code_point == cp::kPkgnamcsn) names.emplace_back(name.data.begin(), name.data.end());
    }
  }
  return names;
}

}  // namespace

base::Result<CallResult> Connection::Call(std::string_view sql,
                                          std::span<const Parameter> parameters) {
  DB2KAFKA_ASSIGN_OR_RETURN(const uint16_t section, AcquireSection());
  // Shared by the result sets' cursors; released here if there are none.
  auto lease = std::make_shared<SectionLease>(*this, section);
  // Derby treats EXCSQLSTT as a procedure call only for a statement prepared as CALL in the same
  // section, so prepare and execute go in one chain, as for Execute.
  RequestWriter writer;
  WritePrepare(writer, section, sql, /*describe=*/false);
  writer.BeginCommand(cp::kExcsqlstt);
  writer.AddBytes(cp::kPkgnamcsn, PackageName(section));
  writer.AddU8(cp::kRdbcmtok, kTrue);
  writer.AddU32(cp::kQryblksz, options_.query_block_size);
  writer.AddU16(cp::kMaxblkext, kCallMaxExtraBlocks);
  writer.AddU16(cp::kMaxrslcnt, kAnyNumberOfResultSets);
  writer.AddU8(cp::kRslsetflg, kExtendedSqlda);
  const uint16_t execute_correlator = writer.last_correlator();
  base::Status written = parameters.empty() ? base::Status() : WriteParameters(writer, parameters);
  auto reply = written ? Exchange(writer) : base::Result<Reply>(base::Fail(written.error()));
  if (!reply) return base::Fail(std::move(reply).error());
  const std::string context = "CALL failed";
  DB2KAFKA_TRY(CheckSqlcards(*reply, context));

  // The EXCSQLSTT answer: [RSLSETRM] SQLCARD|SQLDTARD [SQLRSLRD], then per result set OPNQRYRM
  // SQLCINRD QRYDSC [QRYDTA...]. Each result set's objects run from its OPNQRYRM to the next.
  CallResult result;
  std::vector<std::vector<uint8_t>> package_names;
  std::vector<size_t> result_set_starts;
  const std::vector<ReplyObject>& objects = reply->objects;
  for (size_t i = 0; i < objects.size(); ++i) {
    const ReplyObject& object = objects[i];
    if (object.code_point == cp::kOpnqryrm) result_set_starts.push_back(i);
    if (!result_set_starts.empty()) continue;  // the cursor checks its own objects
    DB2KAFKA_TRY(CheckReplyMessage(object, context));
    if (object.correlator != execute_correlator) continue;
    if (object.code_point == cp::kRslsetrm) {
      DB2KAFKA_ASSIGN_OR_RETURN(package_names, ResultSetPackageNames(object));
    } else if (object.code_point == cp::kSqlcard) {
      base::ByteReader reader(object.data);
      DB2KAFKA_ASSIGN_OR_RETURN(std::optional<Sqlca> sqlca, ReadSqlca(reader, sqlca_format()));
      if (sqlca) result.rows_affected = sqlca->RowCount();
    }
  }
  if (result_set_starts.size() != package_names.size()) {
    return base::Fail(base::ErrorCode::kProtocol,
                      context + ": RSLSETRM listed " + std::to_string(package_names.size()) +
                          " result sets but " + std::to_string(result_set_starts.size()) +
                          " were opened");
  }
  for (size_t i = 0; i < result_set_starts.size(); ++i) {
    const size_t end = i + 1 < result_set_starts.size() ? result_set_starts[i + 1] : objects.size();
    const auto opened =
        std::span(objects).subspan(result_set_starts[i], end - result_set_starts[i]);
    DB2KAFKA_ASSIGN_OR_RETURN(auto cursor,
                              Cursor::Open(*this, lease, std::move(package_names[i]), opened));
    result.result_sets.push_back(std::move(cursor));
  }
  return result;
}

}  // namespace db2kafka::drda
