// An open query: streams rows block by block (OPNQRY, then CNTQRY per block) and decodes each row
// in place. A row's values are views into the receive buffer, valid until the next call of Next;
// memory stays bounded by the block size whatever the result's size. Owned by the thread that owns
// the connection; the connection must outlive the cursor.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <span>
#include <vector>

#include "base/error.h"
#include "drda/column.h"
#include "drda/connection.h"

namespace db2kafka::drda {

struct FieldView {
  bool null = true;
  std::span<const uint8_t> bytes;  // the value, without null indicator or length prefix
};

// While the caller decodes one block, the next is already requested (CNTQRY sent ahead), so the
// server produces rows while we decode them.
class Cursor final : private Connection::ReplyOwner {
 public:
  // Used by Connection::OpenQuery and Connection::Call. `opened` are the reply objects of one query
  // from its OPNQRYRM on (QRYDSC, first QRYDTA blocks, ...), copied as needed; `package_name` is
  // the PKGNAMCSN that addresses the query in CNTQRY and CLSQRY. For a procedure's result set that
  // is the name the server listed in RSLSETRM, not the CALL's own.
  static base::Result<std::unique_ptr<Cursor>> Open(
      Connection& connection, std::shared_ptr<Connection::SectionLease> section,
      std::vector<uint8_t> package_name, std::span<const ReplyObject> opened);
  ~Cursor();
  Cursor(const Cursor&) = delete;
  Cursor& operator=(const Cursor&) = delete;

  const std::vector<Column>& columns() const { return columns_; }

  // Moves to the next row; false after the last one.
  base::Result<bool> Next();
  const std::vector<FieldView>& row() const { return row_; }

  // Closes the query on the server if it is still open (not needed after Next returned false).
  base::Status Close();

  int64_t blocks_received() const { return blocks_received_; }

 private:
  enum class Decoded { kRow, kEnd, kNeedMore };
  Cursor(Connection& connection, std::shared_ptr<Connection::SectionLease> section,
         std::vector<uint8_t> package_name)
      : connection_(connection),
        section_(std::move(section)),
        package_name_(std::move(package_name)) {}
  base::Status TakeReply(std::span<const ReplyObject> objects, bool first);
  base::Result<Decoded> DecodeRow();
  base::Result<Decoded> DecodeLob(const Column& column, base::ByteReader& reader, size_t& lob_index,
                                  bool& row_had_nullable_lob, FieldView& field);
  base::Status FetchBlock();
  base::Status RequestNextBlock(bool ahead);
  void Deliver(base::Result<Reply> reply) override;

  Connection& connection_;
  std::shared_ptr<Connection::SectionLease> section_;
  std::vector<uint8_t> package_name_;  // PKGNAMCSN of the query
  std::vector<Column> columns_;
  std::vector<uint8_t> query_instance_;  // QRYINSID
  std::vector<uint8_t> pending_;         // received QRYDTA bytes not yet decoded
  size_t offset_ = 0;
  // LOB values (EXTDTA objects) in the order the rows' placeholders name them. A deque, so row
  // views into them stay valid while more arrive; the current row's are dropped at the next row.
  std::deque<std::vector<uint8_t>> lob_values_;
  size_t lob_values_in_row_ = 0;
  std::vector<FieldView> row_;
  bool server_closed_ = false;  // the server ended the query (end of data or error)
  bool done_ = false;
  int64_t blocks_received_ = 0;
  bool awaiting_reply_ = false;                    // a CNTQRY was sent ahead
  std::optional<base::Result<Reply>> prefetched_;  // its reply, once read
};

}  // namespace db2kafka::drda
