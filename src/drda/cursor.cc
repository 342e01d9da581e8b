#include "drda/cursor.h"

#include <algorithm>

#include "base/hex.h"
#include "base/status_macros.h"
#include "drda/code_point.h"
#include "drda/connection.h"
#include "drda/descriptor.h"

namespace db2kafka::drda {
namespace {

constexpr uint8_t kNullGroup = 0xFF;
constexpr uint16_t kMaxExtraBlocks = 3;  // bounds one reply at four query blocks

// Bytes a fixed-layout value occupies.
size_t FixedSize(const Column& column) {
  if (column.type->kind == ValueKind::kGraphic) return size_t{2} * column.length;
  return column.length;
}

}  // namespace

base::Result<std::unique_ptr<Cursor>> Cursor::Open(
    Connection& connection, std::shared_ptr<Connection::SectionLease> section,
    std::vector<uint8_t> package_name, std::span<const ReplyObject> opened) {
  std::unique_ptr<Cursor> cursor(
      new Cursor(connection, std::move(section), std::move(package_name)));
  base::Status taken = cursor->TakeReply(opened, true);
  if (taken && !cursor->server_closed_) taken = cursor->RequestNextBlock(/*ahead=*/true);
  if (!taken) {
    // Nobody will read this cursor: its section goes back to the pool (a query the server may
    // still hold open there is closed when the section is prepared again).
    cursor->done_ = true;
    return base::Fail(std::move(taken).error());
  }
  return cursor;
}

Cursor::~Cursor() {
  connection_.Forget(this);
  // A cursor dropped without Close leaves the server's query open until commit/rollback; the
  // section stays reserved so that it is not reused meanwhile.
  if (!done_ && !server_closed_) section_->KeepReserved();
}

base::Status Cursor::TakeReply(std::span<const ReplyObject> objects, bool first) {
  const std::string context = first ? "query failed" : "fetching rows failed";
  std::vector<uint8_t> descriptor;
  bool opened = !first;
  if (offset_ > 0) {
    pending_.erase(pending_.begin(), pending_.begin() + static_cast<std::ptrdiff_t>(offset_));
    offset_ = 0;
  }
  std::vector<SqldaColumn> described;
  for (const ReplyObject& object : objects) {
    switch (object.code_point) {
      case cp::kQrydta:
        pending_.insert(pending_.end(), object.data.begin(), object.data.end());
        ++blocks_received_;
        break;
      case cp::kExtdta:
        lob_values_.emplace_back(object.data.begin(), object.data.end());
        break;
      case cp::kQrydsc:
        descriptor.insert(descriptor.end(), object.data.begin(), object.data.end());
        break;
      case cp::kSqldard: {
        const auto& server = connection_.server();
        DB2KAFKA_ASSIGN_OR_RETURN(described,
                                  ParseSqldard(object.data, {server.sqlam, server.byte_order,
                                                             server.dialect->token_separator}));
        break;
      }
      case cp::kSqlcinrd: {
        // A result set's column names come in SQLCINRD, which is an SQLDARD without the SQLCA;
        // a null SQLCA in front lets the one SQLDARD parser read it.
        std::vector<uint8_t> as_sqldard{kNullGroup};
        as_sqldard.insert(as_sqldard.end(), object.data.begin(), object.data.end());
        const auto& server = connection_.server();
        DB2KAFKA_ASSIGN_OR_RETURN(described,
                                  ParseSqldard(as_sqldard, {server.sqlam, server.byte_order,
                                                            server.dialect->token_separator}));
        break;
      }
      case cp::kOpnqryrm: {
        opened = true;
        DB2KAFKA_ASSIGN_OR_RETURN(auto parameters, ParseObjects(object.data));
        for (const DdmObject& parameter : parameters) {
          if (parameter.code_point == cp::kQryinsid) {
            query_instance_.assign(parameter.data.begin(), parameter.data.end());
          }
        }
        break;
      }
      case cp::kEndqryrm:
        server_closed_ = true;
        break;
      case cp::kSqlcard: {
        base::ByteReader reader(object.data);
        DB2KAFKA_ASSIGN_OR_RETURN(auto sqlca, ReadSqlca(reader, connection_.sqlca_format()));
        if (sqlca && sqlca->IsError()) {
          server_closed_ = true;
          return base::Fail(SqlcaError(*sqlca, context));
        }
        break;
      }
      default:
        DB2KAFKA_TRY(connection_.CheckReplyMessage(object, context));
    }
  }
  if (!opened) {
    return base::Fail(base::ErrorCode::kProtocol,
                      context + ": the server did not answer with OPNQRYRM");
  }
  if (first) {
    DB2KAFKA_ASSIGN_OR_RETURN(columns_, ParseQueryDescriptor(descriptor));
    for (size_t i = 0; i < columns_.size() && i < described.size(); ++i) {
      if (!described[i].name.empty()) columns_[i].name = described[i].name;
      if (columns_[i].ccsid == 0) columns_[i].ccsid = described[i].ccsid;
    }
    row_.resize(columns_.size());
  }
  return {};
}

base::Result<Cursor::Decoded> Cursor::DecodeRow() {
  // Decoding restarts from the row's first byte whenever it needs more data, so the LOB values
  // it takes are counted afresh each time and dropped only once the row has been delivered.
  size_t lob_index = 0;
  bool row_had_nullable_lob = false;  // a nullable LOB of this row came as EXTDTA
  while (lob_values_in_row_ > 0) {
    lob_values_.pop_front();
    --lob_values_in_row_;
  }
  const std::span<const uint8_t> data = std::span(pending_).subspan(offset_);
  base::ByteReader reader(data);
  if (reader.empty()) return Decoded::kNeedMore;
  // Truncation means the row continues in the next block; anything else is a real error.
  const auto need_more = [&reader](size_t count) { return reader.remaining() < count; };

  if (data[0] != kNullGroup) {
    // A row-level SQLCA: +100 ends the data, a negative code ends the query with an error.
    auto sqlca = ReadSqlca(reader, connection_.sqlca_format());
    if (!sqlca) {
      if (!server_closed_) return Decoded::kNeedMore;
      return base::Fail(base::WithContext(std::move(sqlca).error(), "cannot read a row's SQLCA"));
    }
    if (*sqlca && (*sqlca)->IsError()) {
      server_closed_ = true;
      return base::Fail(SqlcaError(**sqlca, "fetching rows failed"));
    }
    if (*sqlca && (*sqlca)->IsEndOfData()) {
      server_closed_ = true;
      return Decoded::kEnd;
    }
  } else {
    static_cast<void>(reader.U8());
  }
  if (need_more(1)) return Decoded::kNeedMore;
  const uint8_t row_indicator = reader.U8().value();
  if (row_indicator == kNullGroup) {
    offset_ += reader.position();
    return DecodeRow();  // a warning SQLCA without a row
  }
  for (size_t i = 0; i < columns_.size(); ++i) {
    const Column& column = columns_[i];
    FieldView& field = row_[i];
    field.null = false;
    if (column.nullable()) {
      if (need_more(1)) return Decoded::kNeedMore;
      const uint8_t indicator = reader.U8().value();
      if (indicator >= 0x80) {  // null, or "no value" for an undefined result
        field.null = true;
        field.bytes = {};
        continue;
      }
    }
    size_t size = 0;
    switch (column.type->layout) {
      case WireLayout::kFixed:
        size = FixedSize(column);
        break;
      case WireLayout::kDecimal:
        size = static_cast<size_t>(column.precision()) / 2 + 1;
        break;
      case WireLayout::kVarying16:
      case WireLayout::kVaryingChars: {
        if (need_more(2)) return Decoded::kNeedMore;
        size = reader.U16().value();
        if (column.type->layout == WireLayout::kVaryingChars) size *= 2;
        break;
      }
      case WireLayout::kLob: {
        // kRow here means "this field is complete".
        DB2KAFKA_ASSIGN_OR_RETURN(
            Decoded decoded, DecodeLob(column, reader, lob_index, row_had_nullable_lob, field));
        if (decoded != Decoded::kRow) return decoded;
        continue;
      }
    }
    if (need_more(size)) return Decoded::kNeedMore;
    field.bytes = reader.Bytes(size).value();
  }
  offset_ += reader.position();
  lob_values_in_row_ = lob_index;
  return Decoded::kRow;
}

// In the row a LOB is a placeholder of `length & 0x7FFF` bytes: all zero for an empty value,
// otherwise the value follows the block as the next EXTDTA object (DRDA Vol. 1, "Externalized
// FD:OCA data"). An EXTDTA of a nullable column starts with its own null indicator.
base::Result<Cursor::Decoded> Cursor::DecodeLob(const Column& column, base::ByteReader& reader,
                                                size_t& lob_index, bool& row_had_nullable_lob,
                                                FieldView& field) {
  const size_t placeholder_size = column.length & 0x7FFF;
  if (reader.remaining() < placeholder_size) return Decoded::kNeedMore;
  const std::span<const uint8_t> placeholder = reader.Bytes(placeholder_size).value();
  if (std::all_of(placeholder.begin(), placeholder.end(), [](uint8_t b) { return b == 0; })) {
    field.bytes = {};
    return Decoded::kRow;
  }
  // A 9-byte placeholder is Db2's dynamic data format (DYNDTAFMT): a status byte, then a length.
  // Only status 0x02, "the value follows in EXTDTA", has been seen from a real Db2 (12.1).
  constexpr size_t kDynamicPlaceholderSize = 9;
  constexpr uint8_t kValueInExtdta = 0x02;
  if (placeholder_size == kDynamicPlaceholderSize && placeholder[0] != kValueInExtdta) {
    return base::Fail(base::ErrorCode::kProtocol,
                      "column " + column.name + ": LOB in dynamic data format with status 0x" +
                          base::HexLower(placeholder.first(1)) + ", which this client cannot read");
  }
  if (lob_index >= lob_values_.size()) {
    if (!server_closed_) return Decoded::kNeedMore;
    return base::Fail(base::ErrorCode::kProtocol,
                      "column " + column.name +
                          ": the row names a LOB value (EXTDTA) that the "
                          "server never sent");
  }
  std::span<const uint8_t> value = lob_values_[lob_index++];
  const bool sticky = connection_.server().dialect->extdta_null_indicator_sticky;
  const bool has_null_indicator = column.nullable() || (sticky && row_had_nullable_lob);
  row_had_nullable_lob = row_had_nullable_lob || column.nullable();
  if (has_null_indicator) {
    if (value.empty()) {
      return base::Fail(base::ErrorCode::kProtocol,
                        "column " + column.name + ": EXTDTA without its null indicator");
    }
    field.null = value[0] >= 0x80;
    value = value.subspan(1);
  }
  field.bytes = field.null ? std::span<const uint8_t>{} : value;
  return Decoded::kRow;
}

void Cursor::Deliver(base::Result<Reply> reply) {
  awaiting_reply_ = false;
  prefetched_ = std::move(reply);
}

base::Status Cursor::RequestNextBlock(bool ahead) {
  RequestWriter writer;
  writer.BeginCommand(cp::kCntqry);
  writer.AddBytes(cp::kPkgnamcsn, package_name_);
  writer.AddU32(cp::kQryblksz, connection_.options().query_block_size);
  writer.AddBytes(cp::kQryinsid, query_instance_);
  writer.AddU16(cp::kMaxblkext, kMaxExtraBlocks);
  if (!ahead) return connection_.Send(writer);
  DB2KAFKA_TRY(connection_.SendAhead(writer, this));
  awaiting_reply_ = true;
  return {};
}

base::Status Cursor::FetchBlock() {
  if (!awaiting_reply_ && !prefetched_) {
    DB2KAFKA_TRY(RequestNextBlock(/*ahead=*/false));
    DB2KAFKA_ASSIGN_OR_RETURN(Reply reply, connection_.Receive());
    prefetched_ = std::move(reply);
  }
  if (awaiting_reply_) DB2KAFKA_TRY(connection_.ReceiveFor(this));
  base::Result<Reply> reply = std::move(*prefetched_);
  prefetched_.reset();
  if (!reply) return base::Fail(std::move(reply).error());
  const size_t before = pending_.size() - offset_ + lob_values_.size();
  DB2KAFKA_TRY(TakeReply(reply->objects, false));
  if (pending_.size() - offset_ + lob_values_.size() == before && !server_closed_) {
    return base::Fail(base::ErrorCode::kProtocol, "CNTQRY was answered without rows or an end");
  }
  if (!server_closed_) DB2KAFKA_TRY(RequestNextBlock(/*ahead=*/true));
  return {};
}

base::Result<bool> Cursor::Next() {
  if (done_) return false;
  while (true) {
    DB2KAFKA_ASSIGN_OR_RETURN(Decoded decoded, DecodeRow());
    if (decoded == Decoded::kRow) return true;
    if (decoded == Decoded::kEnd) {
      done_ = true;
      return false;
    }
    if (server_closed_) {
      if (offset_ < pending_.size()) {
        return base::Fail(base::ErrorCode::kProtocol,
                          "the query ended in the middle of a row (" +
                              std::to_string(pending_.size() - offset_) + " bytes left)");
      }
      done_ = true;
      return false;
    }
    DB2KAFKA_TRY(FetchBlock());
  }
}

base::Status Cursor::Close() {
  // A block requested ahead must be read first; it may itself carry the end of the data.
  if (awaiting_reply_) DB2KAFKA_TRY(connection_.ReceiveFor(this));
  prefetched_.reset();
  if (done_ || server_closed_) {
    done_ = true;
    return {};
  }
  RequestWriter writer;
  writer.BeginCommand(cp::kClsqry);
  writer.AddBytes(cp::kPkgnamcsn, package_name_);
  writer.AddBytes(cp::kQryinsid, query_instance_);
  DB2KAFKA_ASSIGN_OR_RETURN(Reply reply, connection_.Exchange(writer));
  done_ = true;
  for (const ReplyObject& object : reply.objects) {
    // The server already closed the query after sending its last row: nothing left to close.
    if (object.code_point == cp::kQrynoprm) return {};
  }
  DB2KAFKA_TRY(connection_.CheckSqlcards(reply, "closing the query failed"));
  return {};
}

}  // namespace db2kafka::drda
