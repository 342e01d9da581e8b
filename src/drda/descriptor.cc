#include "drda/descriptor.h"

#include <map>

#include "base/status_macros.h"
#include "drda/sqlca.h"

namespace db2kafka::drda {
namespace {

constexpr uint8_t kTripletGda = 0x76;  // N-GDA: the column list
constexpr uint8_t kTripletCpt = 0x7F;  // continues the column list
constexpr uint8_t kTripletRlo = 0x71;  // row / table layout
constexpr uint8_t kTripletSda = 0x70;  // overrides a local id with a type and CCSID
constexpr uint8_t kTripletMdd = 0x78;  // meta data definition before an SDA
constexpr size_t kGdaEntrySize = 3;
constexpr uint8_t kNullGroup = 0xFF;

base::Error DescriptorError(size_t offset, const std::string& what) {
  return base::MakeError(base::ErrorCode::kProtocol,
                         "malformed QRYDSC at offset " + std::to_string(offset) + ": " + what);
}

}  // namespace

base::Result<std::vector<Column>> ParseQueryDescriptor(std::span<const uint8_t> qrydsc) {
  struct Override {
    uint8_t fdoca_type;
    uint16_t ccsid;
  };
  std::map<uint8_t, Override> overrides;
  std::vector<Column> columns;
  size_t offset = 0;
  while (offset < qrydsc.size()) {
    const size_t length = qrydsc[offset];
    if (length < 3 || offset + length > qrydsc.size()) {
      return base::Fail(
          DescriptorError(offset, "triplet length " + std::to_string(length) + " with " +
                                      std::to_string(qrydsc.size() - offset) + " bytes left"));
    }
    const uint8_t type = qrydsc[offset + 1];
    const uint8_t id = qrydsc[offset + 2];
    const std::span<const uint8_t> payload = qrydsc.subspan(offset + 3, length - 3);
    if (type == kTripletGda || type == kTripletCpt) {
      if (payload.size() % kGdaEntrySize != 0) {
        return base::Fail(DescriptorError(
            offset,
            "column list of " + std::to_string(payload.size()) + " bytes is not a multiple of 3"));
      }
      for (size_t i = 0; i < payload.size(); i += kGdaEntrySize) {
        Column column;
        column.fdoca_type = payload[i];
        column.length = static_cast<uint16_t>(payload[i + 1] << 8 | payload[i + 2]);
        if (auto found = overrides.find(column.fdoca_type & 0xFE); found != overrides.end()) {
          column.fdoca_type =
              static_cast<uint8_t>(found->second.fdoca_type | (column.fdoca_type & 1));
          column.ccsid = found->second.ccsid;
        }
        column.type = FindWireType(column.fdoca_type);
        if (column.type == nullptr) {
          char hex[8];
          std::snprintf(hex, sizeof(hex), "0x%02X", column.fdoca_type);
          return base::Fail(DescriptorError(offset + 3 + i, std::string("column ") +
                                                                std::to_string(columns.size() + 1) +
                                                                " has the unknown type " + hex));
        }
        column.name = std::to_string(columns.size() + 1);
        columns.push_back(std::move(column));
      }
    } else if (type == kTripletSda) {
      if (payload.size() < 9) {
        return base::Fail(DescriptorError(offset, "SDA shorter than 12 bytes"));
      }
      overrides[static_cast<uint8_t>(id & 0xFE)] = {
          payload[0], static_cast<uint16_t>(payload[3] << 8 | payload[4])};
    } else if (type != kTripletRlo && type != kTripletMdd) {
      return base::Fail(DescriptorError(offset, "unknown triplet type " + std::to_string(type)));
    }
    offset += length;
  }
  return columns;
}

namespace {

// A VCM+VCS pair: mixed-character then single-byte string, each with a big-endian u16 length;
// one of them is empty.
base::Result<std::string> ReadStringPair(base::ByteReader& reader) {
  std::string text;
  for (int i = 0; i < 2; ++i) {
    DB2KAFKA_ASSIGN_OR_RETURN(uint16_t length, reader.U16());
    DB2KAFKA_ASSIGN_OR_RETURN(std::string_view part, reader.Chars(length));
    if (text.empty()) text = std::string(part);
  }
  return text;
}

base::Status SkipVcs(base::ByteReader& reader) {
  DB2KAFKA_ASSIGN_OR_RETURN(uint16_t length, reader.U16());
  return reader.Skip(length);
}

base::Status SkipHeaderGroup(base::ByteReader& reader, const SqldardFormat& format) {
  DB2KAFKA_ASSIGN_OR_RETURN(uint8_t indicator, reader.U8());
  if (indicator == kNullGroup) return {};
  DB2KAFKA_TRY(reader.Skip(size_t{2} * (format.sqlam >= 9 ? 7 : 6)));
  DB2KAFKA_TRY(SkipVcs(reader));                                 // RDBNAM
  DB2KAFKA_TRY(ReadStringPair(reader));                          // SCHEMA
  if (format.sqlam >= 10) DB2KAFKA_TRY(ReadStringPair(reader));  // MODULE
  return {};
}

base::Status SkipUdtGroup(base::ByteReader& reader, const SqldardFormat& format) {
  DB2KAFKA_ASSIGN_OR_RETURN(uint8_t indicator, reader.U8());
  if (indicator == kNullGroup) return {};
  DB2KAFKA_TRY(reader.Skip(4));  // UDTXTYPE
  DB2KAFKA_TRY(SkipVcs(reader));
  DB2KAFKA_TRY(ReadStringPair(reader));
  DB2KAFKA_TRY(ReadStringPair(reader));
  if (format.sqlam >= 10) DB2KAFKA_TRY(ReadStringPair(reader));
  return {};
}

base::Status SkipExtendedGroup(base::ByteReader& reader, const SqldardFormat& format) {
  DB2KAFKA_ASSIGN_OR_RETURN(uint8_t indicator, reader.U8());
  if (indicator == kNullGroup) return {};
  DB2KAFKA_TRY(reader.Skip(size_t{2} * (format.sqlam >= 9 ? 6 : 4)));
  DB2KAFKA_TRY(SkipVcs(reader));  // RDBNAM
  for (int pair = 0; pair < (format.sqlam >= 10 ? 5 : 4); ++pair) {
    DB2KAFKA_TRY(ReadStringPair(reader));  // CORNAME, BASENAME, SCHEMA, NAME, [MODULE]
  }
  return {};
}

}  // namespace

base::Result<std::vector<SqldaColumn>> ParseSqldard(std::span<const uint8_t> sqldard,
                                                    const SqldardFormat& format) {
  base::ByteReader reader(sqldard);
  const auto context = [&reader](base::Error error) {
    return base::WithContext(std::move(error),
                             "cannot read SQLDARD at offset " + std::to_string(reader.position()));
  };
  auto sqlca = ReadSqlca(reader, SqlcaFormat{format.byte_order, format.token_separator});
  if (!sqlca) return base::Fail(context(std::move(sqlca).error()));
  if (*sqlca && (*sqlca)->IsError()) return base::Fail(SqlcaError(**sqlca, "describe failed"));
  if (auto skipped = SkipHeaderGroup(reader, format); !skipped) {
    return base::Fail(context(std::move(skipped).error()));
  }
  auto count = reader.I16(format.byte_order);
  if (!count) return base::Fail(context(std::move(count).error()));
  std::vector<SqldaColumn> columns;
  for (int16_t i = 0; i < *count; ++i) {
    auto column = [&]() -> base::Result<SqldaColumn> {
      SqldaColumn result;
      DB2KAFKA_ASSIGN_OR_RETURN(result.precision, reader.I16(format.byte_order));
      DB2KAFKA_ASSIGN_OR_RETURN(result.scale, reader.I16(format.byte_order));
      DB2KAFKA_ASSIGN_OR_RETURN(result.length, reader.I64(format.byte_order));
      DB2KAFKA_ASSIGN_OR_RETURN(result.sql_type, reader.I16(format.byte_order));
      DB2KAFKA_ASSIGN_OR_RETURN(result.ccsid, reader.U16());
      if (format.sqlam >= 9) DB2KAFKA_TRY(reader.Skip(8));   // ARRAYEXTENT
      if (format.sqlam >= 10) DB2KAFKA_TRY(reader.Skip(2));  // undocumented, sent by Db2 LUW
      DB2KAFKA_ASSIGN_OR_RETURN(uint8_t optional_group, reader.U8());
      if (optional_group != kNullGroup) {
        DB2KAFKA_TRY(reader.Skip(2));  // SQLUNNAMED
        DB2KAFKA_ASSIGN_OR_RETURN(result.name, ReadStringPair(reader));
        DB2KAFKA_TRY(ReadStringPair(reader));  // SQLLABEL
        DB2KAFKA_TRY(ReadStringPair(reader));  // SQLCOMMENTS
        DB2KAFKA_TRY(SkipUdtGroup(reader, format));
        DB2KAFKA_TRY(SkipExtendedGroup(reader, format));
        // Db2 LUW at SQLAM 10 ends each column with one more group (always null in the Db2
        // 11.1 and 12.1 captures); its layout is undocumented, so a non-null one is refused.
        if (format.sqlam >= 10) {
          DB2KAFKA_ASSIGN_OR_RETURN(uint8_t extra_group, reader.U8());
          if (extra_group != kNullGroup) {
            return base::Fail(base::ErrorCode::kProtocol,
                              "carries a non-null SQLAM 10 group after SQLDXGRP, which this "
                              "client cannot read");
          }
        }
      }
      return result;
    }();
    if (!column) {
      return base::Fail(
          context(base::WithContext(std::move(column).error(), "column " + std::to_string(i + 1))));
    }
    columns.push_back(std::move(*column));
  }
  // Left-over bytes mean the layout was misread (wrong SQLAM level or an unknown group).
  if (!reader.empty()) {
    return base::Fail(context(base::MakeError(
        base::ErrorCode::kProtocol,
        std::to_string(reader.remaining()) + " byte(s) left after the last column description")));
  }
  return columns;
}

}  // namespace db2kafka::drda
