// A DRDA connection to Db2 LUW (or Apache Derby): connect and authenticate, run statements,
// commit and roll back, open queries. DRDA has no autocommit: nothing is committed until Commit.
// One thread owns a Connection and its cursors.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/byte_reader.h"
#include "base/error.h"
#include "drda/parameter.h"
#include "drda/reply_reader.h"
#include "drda/request_writer.h"
#include "drda/server_dialect.h"
#include "drda/sqlca.h"
#include "drda/transport.h"

namespace db2kafka::drda {

class Cursor;

enum class SecurityMechanism : uint16_t {
  kUserIdPassword = 3,           // USRIDPWD: password in clear (use TLS)
  kEncryptedUserIdPassword = 9,  // EUSRIDPWD: user and password DES-encrypted with a DH key
};

enum class SecurityPreference { kAuto, kUserIdPassword, kEncryptedUserIdPassword };

// SQL isolation levels in Db2's names. Both Db2 and Derby take them through the CURRENT
// ISOLATION special register, which governs every dynamic statement of the connection.
enum class Isolation { kUncommittedRead, kCursorStability, kReadStability, kRepeatableRead };
// "UR", "CS", "RS", "RR".
std::string_view IsolationName(Isolation isolation);

struct ConnectOptions {
  TransportOptions transport;
  std::string database;
  std::string user;
  std::string password;
  SecurityPreference security = SecurityPreference::kAuto;
  uint32_t query_block_size = 1024 * 1024;  // QRYBLKSZ
  std::optional<Isolation> isolation;       // set right after connecting; unset: the server's (CS)
  std::chrono::milliseconds io_timeout{std::chrono::minutes(10)};  // one reply, once connected
};

struct ServerInfo {
  const ServerDialect* dialect = nullptr;
  std::string external_name;  // EXCSATRD EXTNAM
  std::string server_class;   // SRVCLSNM, e.g. QDB2/LINUXX8664
  std::string release;        // SRVRLSLV
  std::string product_id;     // ACCRDBRM PRDID, e.g. SQL11058 or CSS10140
  uint16_t sqlam = 0;         // the SQL application manager level both sides agreed on
  bool utf8_ddm = false;      // DDM strings in UTF-8 (UNICODEMGR 1208) instead of EBCDIC
  base::ByteOrder byte_order = base::ByteOrder::kBigEndian;  // numbers in replies (TYPDEFNAM)
  SecurityMechanism mechanism = SecurityMechanism::kUserIdPassword;
};

// One object of a reply, pointing into the reply's DSS buffers.
struct ReplyObject {
  uint16_t correlator = 0;
  uint16_t code_point = 0;
  std::span<const uint8_t> data;
};

struct Reply {
  std::vector<Dss> dss;  // owns the bytes the objects point into
  std::vector<ReplyObject> objects;
};

// What a CALL returned. The cursors read the procedure's dynamic result sets; they share the
// CALL's section, which stays reserved until the last of them is finished or destroyed.
struct CallResult {
  int64_t rows_affected = 0;
  std::vector<std::unique_ptr<Cursor>> result_sets;  // in the order the procedure returned them
};

class Connection {
 public:
  static base::Result<std::unique_ptr<Connection>> Open(const ConnectOptions& options);
  // The same over a transport that is already connected (options.transport is not used): the
  // seam through which tests and fuzzers play a server's bytes.
  static base::Result<std::unique_ptr<Connection>> OpenOver(std::unique_ptr<Transport> transport,
                                                            const ConnectOptions& options);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  const ServerInfo& server() const { return server_; }

  // A statement without a result set; returns the number of rows it changed.
  base::Result<int64_t> ExecuteImmediate(std::string_view sql);
  base::Status Commit();
  base::Status Rollback();
  // Sets CURRENT ISOLATION for the statements that follow. Call it between units of work: Derby
  // commits the open one when the level changes.
  base::Status SetIsolation(Isolation isolation);

  // A statement with parameter markers (?), prepared and executed in one round trip; returns the
  // number of rows it changed.
  base::Result<int64_t> Execute(std::string_view sql, std::span<const Parameter> parameters);

  // Prepares and opens a query; rows stream through the cursor in blocks of query_block_size.
  base::Result<std::unique_ptr<Cursor>> OpenQuery(std::string_view sql,
                                                  std::span<const Parameter> parameters = {});

  // CALL of a stored procedure; parameters bind its IN parameters. Its dynamic result sets come
  // back as cursors, already holding their first block (CALL SYSIBM.SQLCOLUMNS(...) and the other
  // catalog procedures answer this way). Output parameters are not returned.
  base::Result<CallResult> Call(std::string_view sql, std::span<const Parameter> parameters = {});

  // For Cursor: the wire plumbing. Send first reads every reply still owed to a request sent
  // ahead, so that the next reply read by Receive answers this request.
  base::Status Send(RequestWriter& writer);
  base::Result<Reply> Receive();
  // Send, then Receive the reply to it.
  base::Result<Reply> Exchange(RequestWriter& writer);

  // Sends a request whose reply `owner` collects later (a cursor fetching its next block while it
  // decodes the current one). Replies come back in request order; ReceiveFor reads and hands out
  // replies until the owner's own has arrived.
  class ReplyOwner {
   public:
    virtual void Deliver(base::Result<Reply> reply) = 0;

   protected:
    ~ReplyOwner() = default;
  };
  base::Status SendAhead(RequestWriter& writer, ReplyOwner* owner);
  base::Status ReceiveFor(ReplyOwner* owner);
  // The owner goes away: a reply still owed to it is read and dropped when it comes.
  void Forget(ReplyOwner* owner);
  std::vector<uint8_t> PackageName(uint16_t section) const;
  // ResourceExhausted when every section of the package is taken.
  base::Result<uint16_t> AcquireSection();
  void ReleaseSection(uint16_t section);

  // Keeps one section reserved while anything still reads from it: the cursor of a query, or all
  // result-set cursors of one CALL (the server keeps a procedure's result sets in the CALL's
  // section, and reusing the section would close them). The last owner releases it, unless a query
  // in it may still be open on the server.
  class SectionLease {
   public:
    SectionLease(Connection& connection, uint16_t section)
        : connection_(connection), section_(section) {}
    ~SectionLease() {
      if (!keep_reserved_) connection_.ReleaseSection(section_);
    }
    SectionLease(const SectionLease&) = delete;
    SectionLease& operator=(const SectionLease&) = delete;
    uint16_t section() const { return section_; }
    // A query was abandoned while open: never hand the section to another statement.
    void KeepReserved() { keep_reserved_ = true; }

   private:
    Connection& connection_;
    uint16_t section_;
    bool keep_reserved_ = false;
  };
  SqlcaFormat sqlca_format() const;
  const ConnectOptions& options() const { return options_; }
  // Turns an error reply message (SYNTAXRM, RDBNFNRM, ...) into an Error; OK for other objects.
  base::Status CheckReplyMessage(const ReplyObject& object, std::string_view context) const;
  // The first SQLCARD of the reply with a negative SQLCODE, as an Error; else the first SQLCA.
  base::Result<std::optional<Sqlca>> CheckSqlcards(const Reply& reply,
                                                   std::string_view context) const;
  std::string DecodeDdmString(std::span<const uint8_t> bytes) const;
  base::Result<std::string> EncodeDdmString(std::string_view text) const;

 private:
  Connection(std::unique_ptr<Transport> transport, ConnectOptions options);
  base::Status Handshake();
  base::Result<std::string> EncodePassword() const;
  // PRPSQLSTT + SQLSTT into `section`; with `describe` the server answers with the SQLDARD.
  void WritePrepare(RequestWriter& writer, uint16_t section, std::string_view sql,
                    bool describe) const;
  base::Result<Reply> EndUnitOfWork(uint16_t command, std::string_view what);

  std::unique_ptr<Transport> transport_;
  ReplyReader reader_;
  ConnectOptions options_;
  ServerInfo server_;
  std::vector<bool> sections_in_use_;
  base::Status DrainOwedReplies();

  bool broken_ = false;  // a lost connection or a reply we could not follow: no more requests
  std::deque<ReplyOwner*> owed_replies_;  // requests sent ahead, oldest first; null = forgotten
};

}  // namespace db2kafka::drda
