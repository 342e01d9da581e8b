#include "drda/sqlca.h"

#include "base/status_macros.h"

namespace db2kafka::drda {
namespace {

constexpr uint8_t kNullGroup = 0xFF;

// VCS/VCM lengths are big-endian whatever the server's byte order.
base::Result<std::string> ReadVaryingString(base::ByteReader& reader) {
  DB2KAFKA_ASSIGN_OR_RETURN(uint16_t length, reader.U16());
  DB2KAFKA_ASSIGN_OR_RETURN(std::string_view text, reader.Chars(length));
  return std::string(text);
}

std::string TrimRight(std::string_view text) {
  while (!text.empty() && (text.back() == ' ' || text.back() == '\0')) text.remove_suffix(1);
  return std::string(text);
}

// Tokens arrive separated by 0xFF (Db2) or 0x14 (Derby, which also appends the SQLSTATE).
std::string ReadableTokens(std::string_view raw, char separator) {
  std::string tokens;
  for (char c : raw) {
    if (c == separator || c == '\x14' || c == '\xFF') {
      tokens += "; ";
    } else {
      tokens += c;
    }
  }
  return tokens;
}

}  // namespace

base::Result<std::optional<Sqlca>> ReadSqlca(base::ByteReader& reader, const SqlcaFormat& format) {
  DB2KAFKA_ASSIGN_OR_RETURN(uint8_t indicator, reader.U8());
  if (indicator == kNullGroup) return std::nullopt;
  if (indicator != 0) {
    return base::Fail(
        base::ErrorCode::kProtocol,
        "SQLCA null indicator is " + std::to_string(indicator) + ", expected 0 or 255");
  }
  Sqlca sqlca;
  DB2KAFKA_ASSIGN_OR_RETURN(sqlca.sqlcode, reader.I32(format.byte_order));
  DB2KAFKA_ASSIGN_OR_RETURN(std::string_view sqlstate, reader.Chars(5));
  sqlca.sqlstate = std::string(sqlstate);
  DB2KAFKA_ASSIGN_OR_RETURN(std::string_view error_proc, reader.Chars(8));
  sqlca.error_proc = TrimRight(error_proc);
  DB2KAFKA_ASSIGN_OR_RETURN(uint8_t extension, reader.U8());
  if (extension != kNullGroup) {
    for (int32_t& errd : sqlca.errd) {
      DB2KAFKA_ASSIGN_OR_RETURN(errd, reader.I32(format.byte_order));
    }
    DB2KAFKA_ASSIGN_OR_RETURN(std::string_view warnings, reader.Chars(11));
    sqlca.warnings = std::string(warnings);
    DB2KAFKA_ASSIGN_OR_RETURN(std::string rdb_name, ReadVaryingString(reader));
    sqlca.rdb_name = TrimRight(rdb_name);
    DB2KAFKA_ASSIGN_OR_RETURN(std::string mixed_tokens, ReadVaryingString(reader));
    DB2KAFKA_ASSIGN_OR_RETURN(std::string single_tokens, ReadVaryingString(reader));
    sqlca.tokens =
        ReadableTokens(mixed_tokens.empty() ? single_tokens : mixed_tokens, format.token_separator);
  }
  DB2KAFKA_ASSIGN_OR_RETURN(uint8_t diagnostics, reader.U8());
  if (diagnostics != kNullGroup) {
    return base::Fail(
        base::ErrorCode::kProtocol,
        "SQLCA carries an SQLDIAGGRP, which this client does not read yet (SQLSTATE " +
            sqlca.sqlstate + ")");
  }
  return sqlca;
}

base::Error SqlcaError(const Sqlca& sqlca, std::string_view context) {
  std::string message(context);
  if (!sqlca.tokens.empty()) message += " (message tokens: " + sqlca.tokens + ")";
  base::ErrorCode code = base::ErrorCode::kInvalidArgument;
  const std::string_view sqlstate = sqlca.sqlstate;
  const std::string_view sqlstate_class = sqlstate.substr(0, 2);
  if (sqlstate_class == "08") code = base::ErrorCode::kUnavailable;
  if (sqlstate_class == "40") code = base::ErrorCode::kAborted;
  if (sqlstate_class == "57") code = base::ErrorCode::kUnavailable;
  if (sqlstate_class == "28") code = base::ErrorCode::kUnauthenticated;
  if (sqlstate_class == "42" && sqlca.sqlstate.starts_with("42501")) {
    code = base::ErrorCode::kPermissionDenied;
  }
  if (sqlstate_class == "23") code = base::ErrorCode::kFailedPrecondition;
  base::Error error = base::MakeError(code, message);
  error.sqlstate = sqlca.sqlstate;
  error.sqlcode = sqlca.sqlcode;
  error.retriable = base::IsRetriableSqlState(sqlca.sqlstate);
  return error;
}

}  // namespace db2kafka::drda
