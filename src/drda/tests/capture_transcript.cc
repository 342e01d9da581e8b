// Renders what our decoders make of a captured conversation as text, in the format of
// db2_capture_transcripts.py, so that the two independent decoders can be compared line by line.
#include "drda/tests/capture_transcript.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <map>
#include <optional>

#include "drda/code_point.h"
#include "drda/descriptor.h"
#include "drda/ebcdic.h"
#include "drda/reply_reader.h"
#include "drda/request_writer.h"
#include "drda/sqlca.h"
#include "drda/tests/capture_file.h"
#include "drda/tests/fake_transport.h"
#include "drda/tests/test_bytes.h"
#include "drda/value_decoder.h"

namespace db2kafka::drda::testing {
namespace {

constexpr base::ByteOrder kLittle = base::ByteOrder::kLittleEndian;

// The names the transcripts use; the same table as db2_capture_transcripts.py.
const std::map<uint16_t, std::string_view>& Names() {
  static const std::map<uint16_t, std::string_view> names = {
      {0x1041, "EXCSAT"},    {0x106D, "ACCSEC"},     {0x106E, "SECCHK"},    {0x2001, "ACCRDB"},
      {0x2005, "CLSQRY"},    {0x2006, "CNTQRY"},     {0x2008, "DSCSQLSTT"}, {0x200A, "EXCSQLIMM"},
      {0x200B, "EXCSQLSTT"}, {0x200C, "OPNQRY"},     {0x200D, "PRPSQLSTT"}, {0x200E, "RDBCMM"},
      {0x200F, "RDBRLLBCK"}, {0x2014, "EXCSQLSET"},  {0x1443, "EXCSATRD"},  {0x14AC, "ACCSECRD"},
      {0x1219, "SECCHKRM"},  {0x2201, "ACCRDBRM"},   {0x2205, "OPNQRYRM"},  {0x220B, "ENDQRYRM"},
      {0x220C, "ENDUOWRM"},  {0x2219, "RSLSETRM"},   {0x2408, "SQLCARD"},   {0x2411, "SQLDARD"},
      {0x241A, "QRYDSC"},    {0x241B, "QRYDTA"},     {0x2413, "SQLDTARD"},  {0x240E, "SQLRSLRD"},
      {0x240B, "SQLCINRD"},  {0x2414, "SQLSTT"},     {0x2450, "SQLATTR"},   {0x2412, "SQLDTA"},
      {0x0010, "FDODSC"},    {0x147A, "FDODTA"},     {0x115E, "EXTNAM"},    {0x1147, "SRVCLSNM"},
      {0x116D, "SRVNAM"},    {0x115A, "SRVRLSLV"},   {0x1404, "MGRLVLLS"},  {0x11A2, "SECMEC"},
      {0x11A4, "SECCHKCD"},  {0x1149, "SVRCOD"},     {0x112E, "PRDID"},     {0x002F, "TYPDEFNAM"},
      {0x0035, "TYPDEFOVR"}, {0x119C, "CCSIDSBC"},   {0x119D, "CCSIDDBC"},  {0x119E, "CCSIDMBC"},
      {0x1913, "CCSIDXML"},  {0x2103, "RDBINTTKN"},  {0x2135, "CRRTKN"},    {0x2102, "QRYPRCTYP"},
      {0x211F, "SQLCSRHLD"}, {0x2150, "QRYATTUPD"},  {0x215B, "QRYINSID"},  {0x214B, "DYNDTAFMT"},
      {0x2110, "RDBNAM"},    {0x2115, "UOWDSP"},     {0x2139, "PKGSNLST"},  {0x2113, "PKGNAMCSN"},
      {0x1403, "AGENT"},     {0x2407, "SQLAM"},      {0x240F, "RDB"},       {0x1440, "SECMGR"},
      {0x1474, "CMNTCPIP"},  {0x1C08, "UNICODEMGR"}, {0x14CC, "CCSIDMGR"},  {0x2417, "LMTBLKPRC"},
      {0x2418, "FIXROWPRC"},
  };
  return names;
}

std::string Name(uint16_t code_point) {
  if (auto found = Names().find(code_point); found != Names().end()) {
    return std::string(found->second);
  }
  char text[8];
  std::snprintf(text, sizeof(text), "0x%04x", code_point);
  return text;
}

std::string Quoted(std::span<const uint8_t> bytes) {
  std::string text = "\"";
  for (uint8_t byte : bytes) {
    if (byte >= 0x20 && byte <= 0x7E && byte != '"' && byte != '\\') {
      text += static_cast<char>(byte);
    } else {
      char escaped[5];
      std::snprintf(escaped, sizeof(escaped), "\\x%02x", byte);
      text += escaped;
    }
  }
  return text + "\"";
}

std::string Quoted(std::string_view text) { return Quoted(AsBytes(text)); }

std::string Ebcdic(std::span<const uint8_t> bytes) { return EbcdicToUtf8(AsChars(bytes)); }

uint16_t U16(std::span<const uint8_t> bytes, size_t at = 0) {
  return static_cast<uint16_t>(bytes[at] << 8 | bytes[at + 1]);
}

// Parameters of reply messages, rendered per kind as the Python decoder does.
void RenderParameters(std::span<const uint8_t> data, const std::string& indent,
                      std::vector<std::string>& lines) {
  auto parameters = ParseObjects(data);
  if (!parameters) {
    lines.push_back(indent + "error: " + parameters.error().message);
    return;
  }
  for (const DdmObject& parameter : *parameters) {
    const std::span<const uint8_t> value = parameter.data;
    std::string line = indent + Name(parameter.code_point);
    switch (parameter.code_point) {
      case cp::kExtnam:
      case cp::kSrvclsnm:
      case cp::kSrvnam:
      case cp::kSrvrlslv:
      case cp::kPrdid:
      case cp::kTypdefnam:
      case cp::kRdbnam:
        line += " " + Quoted(Ebcdic(value));
        break;
      case cp::kSvrcod:
      case cp::kSecmec:
      case cp::kCcsidsbc:
      case cp::kCcsiddbc:
      case cp::kCcsidmbc:
      case 0x1913:  // CCSIDXML
        for (size_t at = 0; at + 1 < value.size(); at += 2)
          line += " " + std::to_string(U16(value, at));
        break;
      case cp::kSecchkcd:
      case 0x211F:  // SQLCSRHLD
      case 0x2150:  // QRYATTUPD
      case cp::kUowdsp:
      case 0x214B:  // DYNDTAFMT
        line += " " + ToHex(value);
        break;
      case cp::kQryprctyp:
        line += " " + Name(U16(value));
        break;
      case cp::kMgrlvlls:
        for (size_t at = 0; at + 3 < value.size(); at += 4) {
          line += " " + Name(U16(value, at)) + "=" + std::to_string(U16(value, at + 2));
        }
        break;
      case cp::kPkgnamcsn:
        if (value.size() == 64) {
          const auto name = [&](size_t at) {
            std::string text = Ebcdic(value.subspan(at, 18));
            while (!text.empty() && text.back() == ' ') text.pop_back();
            return Quoted(text);
          };
          line += " rdb=" + name(0) + " collection=" + name(18) + " package=" + name(36) +
                  " token=" + ToHex(value.subspan(54, 8)) +
                  " section=" + std::to_string(U16(value, 62));
        } else {
          line += " hex=" + ToHex(value);
        }
        break;
      case cp::kTypdefovr:
      case 0x2139:  // PKGSNLST
        lines.push_back(line);
        RenderParameters(value, indent + "  ", lines);
        continue;
      default:
        line += " hex=" + ToHex(value);
    }
    lines.push_back(line);
  }
}

std::string RenderSqlca(const std::optional<Sqlca>& sqlca) {
  if (!sqlca) return "SQLCA null";
  std::string errd;
  for (int32_t value : sqlca->errd) errd += (errd.empty() ? "" : ",") + std::to_string(value);
  return "SQLCA code=" + std::to_string(sqlca->sqlcode) + " state=" + Quoted(sqlca->sqlstate) +
         " proc=" + Quoted(sqlca->error_proc) + " errd=" + errd +
         " rdb=" + Quoted(sqlca->rdb_name) + " tokens=" + Quoted(sqlca->tokens);
}

// What a standalone row decoder needs, written out for the test: the QRYDSC columns, the server's
// byte order, and a way to stop at a row cut by the end of the query block.
base::Result<std::string> RenderValue(base::ByteReader& reader, const Column& column,
                                      base::ByteOrder order) {
  size_t size = column.length;
  switch (column.type->layout) {
    case WireLayout::kFixed:
      if (column.type->kind == ValueKind::kGraphic) size *= 2;
      break;
    case WireLayout::kDecimal:
      size = static_cast<size_t>(column.precision() / 2 + 1);
      break;
    case WireLayout::kVarying16:
    case WireLayout::kVaryingChars: {
      auto length = reader.U16();
      if (!length) return base::Fail(std::move(length).error());
      size = *length * (column.type->layout == WireLayout::kVaryingChars ? 2 : 1);
      break;
    }
    case WireLayout::kLob:
      size = column.length & 0x7FFF;
      break;
  }
  auto bytes = reader.Bytes(size);
  if (!bytes) return base::Fail(std::move(bytes).error());
  switch (column.type->kind) {
    case ValueKind::kSmallInt:
    case ValueKind::kInteger:
    case ValueKind::kBigInt:
      return DecodeInteger(column, *bytes, order).map([](int64_t v) { return std::to_string(v); });
    case ValueKind::kReal:
    case ValueKind::kDouble:
      return DecodeFloating(column, *bytes, order).map([](double v) {
        char text[32];
        std::snprintf(text, sizeof(text), "%g", v);
        return std::string(text);
      });
    case ValueKind::kChar:
    case ValueKind::kVarChar:
    case ValueKind::kDate:
    case ValueKind::kTime:
    case ValueKind::kTimestamp:
      return Quoted(*bytes);
    case ValueKind::kBlob:
    case ValueKind::kClob:
    case ValueKind::kDbClob:
      return "lob:" + ToHex(*bytes);
    default:
      return "hex:" + ToHex(*bytes);
  }
}

// Rows of QRYDTA (or FDODTA): SQLCAGRP, data-group indicator, the columns (drda.md §4.7).
DecodedRows RenderRows(std::span<const uint8_t> data, const std::vector<Column>& columns,
                       base::ByteOrder order, const std::string& indent) {
  DecodedRows decoded;
  base::ByteReader reader(data);
  const auto cut = [&](size_t start, const base::Error& error) {
    // A row cut by the end of the block reads as truncated; anything else is a real error.
    if (error.message.find("truncated") == std::string::npos) {
      ADD_FAILURE() << "row " << decoded.rows + 1 << ": " << error.ToString();
    }
    decoded.partial = data.size() - start;
    decoded.lines.push_back(indent + "partial row: " + std::to_string(decoded.partial) + " bytes");
  };
  while (!reader.empty()) {
    const size_t start = reader.position();
    if (data[start] != 0xFF) {
      auto sqlca = ReadSqlca(reader, {order, '\xFF'});
      if (!sqlca) return cut(start, sqlca.error()), decoded;
      decoded.lines.push_back(indent + RenderSqlca(*sqlca));
    } else {
      reader.U8().value();
    }
    auto indicator = reader.U8();
    if (!indicator) return cut(start, indicator.error()), decoded;
    if (*indicator == 0xFF) {
      decoded.lines.push_back(indent + "no row");
      continue;
    }
    std::vector<std::string> values;
    for (const Column& column : columns) {
      uint8_t null_indicator = 0;
      if (column.nullable()) {
        auto read = reader.U8();
        if (!read) return cut(start, read.error()), decoded;
        null_indicator = *read;
      }
      if (null_indicator == 0xFF) {
        values.push_back("NULL");
      } else if (null_indicator >= 0x80) {
        char text[16];
        std::snprintf(text, sizeof(text), "NOVALUE(%02x)", null_indicator);
        values.push_back(text);
      } else {
        auto value = RenderValue(reader, column, order);
        if (!value) return cut(start, value.error()), decoded;
        values.push_back(*value);
      }
    }
    ++decoded.rows;
    std::string line = indent + "row " + std::to_string(decoded.rows) + ":";
    const size_t shown = columns.size() <= 8 || decoded.rows == 1 ? values.size() : 3;
    for (size_t i = 0; i < shown; ++i) line += (i == 0 ? " " : " | ") + values[i];
    if (shown < values.size()) line += " | ...";
    decoded.lines.push_back(line);
  }
  return decoded;
}

std::vector<std::string> RenderColumns(const std::vector<SqldaColumn>& columns) {
  std::vector<std::string> lines;
  for (size_t i = 0; i < columns.size(); ++i) {
    const SqldaColumn& column = columns[i];
    lines.push_back("col " + std::to_string(i + 1) + " name=" + Quoted(column.name) + " type=" +
                    std::to_string(column.sql_type) + " length=" + std::to_string(column.length) +
                    " precision=" + std::to_string(column.precision) + " scale=" +
                    std::to_string(column.scale) + " ccsid=" + std::to_string(column.ccsid));
  }
  return lines;
}

std::vector<std::string> RenderColumns(const std::vector<Column>& columns) {
  std::vector<std::string> lines;
  for (size_t i = 0; i < columns.size(); ++i) {
    char type[8];
    std::snprintf(type, sizeof(type), "0x%02x", columns[i].fdoca_type);
    lines.push_back("col " + std::to_string(i + 1) + " fdoca=" + type +
                    " length=" + std::to_string(columns[i].length));
  }
  return lines;
}

// Decodes the objects of one conversation in order, keeping what later objects depend on: the
// SQLAM level (EXCSATRD), the byte order (ACCRDBRM TYPDEFNAM) and the columns (QRYDSC).
class Transcript {
 public:
  std::vector<std::string> lines;

  void Reply(const CapturedTurn& turn, const std::string& asked, size_t chunk) {
    lines.push_back("reply " + std::to_string(++replies_) + " to " + asked);
    FakeTransport transport(turn.Bytes(), chunk);
    ReplyReader reader(transport);
    for (size_t i = 0; i < turn.dss.size(); ++i) {
      auto dss = reader.Next();
      ASSERT_TRUE(dss) << dss.error().ToString();
      auto objects = ParseObjects(dss->payload);
      ASSERT_TRUE(objects) << objects.error().ToString();
      for (const DdmObject& object : *objects) {
        char head[40];
        std::snprintf(head, sizeof(head), "  dss corr=%u fmt=%02x ", dss->correlator,
                      turn.dss[i].bytes[3]);
        std::vector<std::string> decoded = Decode(object);
        lines.push_back(head + decoded[0]);
        for (size_t k = 1; k < decoded.size(); ++k) lines.push_back("    " + decoded[k]);
      }
    }
    EXPECT_EQ(transport.served(), turn.Bytes().size());
  }

 private:
  std::vector<std::string> Decode(const DdmObject& object) {
    const std::string label = Name(object.code_point);
    std::vector<std::string> out;
    switch (object.code_point) {
      case cp::kExcsatrd:
      case cp::kAccsecrd:
      case cp::kSecchkrm:
      case cp::kAccrdbrm:
      case cp::kOpnqryrm:
      case cp::kEndqryrm:
      case cp::kEnduowrm:
      case cp::kRslsetrm:
        Remember(object);
        out.push_back(label);
        RenderParameters(object.data, "", out);
        return out;
      case cp::kSqlcard: {
        base::ByteReader reader(object.data);
        auto sqlca = ReadSqlca(reader, {order_, '\xFF'});
        if (!sqlca) return {label + " error: " + sqlca.error().message};
        EXPECT_TRUE(reader.empty()) << reader.remaining() << " bytes after the SQLCA";
        return {label + " " + RenderSqlca(*sqlca)};
      }
      case cp::kSqldard: {
        base::ByteReader reader(object.data);
        auto sqlca = ReadSqlca(reader, {order_, '\xFF'});
        if (!sqlca) return {label + " error: " + sqlca.error().message};
        auto columns = ParseSqldard(object.data, {sqlam_, order_, '\xFF'});
        if (!columns)
          return {label + " " + RenderSqlca(*sqlca), "error: " + columns.error().message};
        out = {label + " " + RenderSqlca(*sqlca),
               "SQLDA columns=" + std::to_string(columns->size())};
        for (const std::string& line : RenderColumns(*columns)) out.push_back("  " + line);
        return out;
      }
      case 0x240B: {  // SQLCINRD: an SQLDARD without its SQLCA; give it a null one
        std::vector<uint8_t> bytes = {0xFF};
        bytes.insert(bytes.end(), object.data.begin(), object.data.end());
        auto columns = ParseSqldard(bytes, {sqlam_, order_, '\xFF'});
        if (!columns) return {label + " error: " + columns.error().message};
        out = {label + " columns=" + std::to_string(columns->size())};
        for (const std::string& line : RenderColumns(*columns)) out.push_back(line);
        return out;
      }
      case cp::kQrydsc: {
        auto columns = ParseQueryDescriptor(object.data);
        if (!columns) return {label + " error: " + columns.error().message};
        columns_ = *columns;
        out = {label + " columns=" + std::to_string(columns_.size())};
        for (const std::string& line : RenderColumns(columns_)) out.push_back(line);
        return out;
      }
      case cp::kQrydta:
        out = {label + " bytes=" + std::to_string(object.data.size())};
        for (std::string& line : RenderRows(object.data, columns_, order_, "").lines) {
          out.push_back(std::move(line));
        }
        return out;
      case 0x2413:  // SQLDTARD: FDODSC + FDODTA
        return DecodeSqldtard(object);
      case cp::kSqlstt: {
        // SQLSTT coming back (RTNSETSTT): null mixed part, then a single-byte part with a u32
        // length; no decoder of ours reads it, since we never ask for it.
        base::ByteReader reader(object.data);
        EXPECT_EQ(reader.U8().value_or(0), 0xFF);
        EXPECT_EQ(reader.U8().value_or(0xFF), 0);
        const uint32_t length = reader.U32().value_or(0);
        return {label + " " + Quoted(reader.Bytes(length).value_or(std::span<const uint8_t>()))};
      }
      default:
        return {label + " hex=" + ToHex(object.data)};
    }
  }

  std::vector<std::string> DecodeSqldtard(const DdmObject& object) {
    std::vector<std::string> out = {Name(object.code_point)};
    auto parts = ParseObjects(object.data);
    if (!parts) return {out[0] + " error: " + parts.error().message};
    std::vector<Column> columns;
    for (const DdmObject& part : *parts) {
      if (part.code_point == cp::kFdodsc) {
        auto described = ParseQueryDescriptor(part.data);
        if (!described) return {out[0] + " error: " + described.error().message};
        columns = *described;
        out.push_back("FDODSC columns=" + std::to_string(columns.size()));
        for (const std::string& line : RenderColumns(columns)) out.push_back("  " + line);
      } else {
        out.push_back(Name(part.code_point) + " bytes=" + std::to_string(part.data.size()));
        for (std::string& line : RenderRows(part.data, columns, order_, "  ").lines) {
          out.push_back(std::move(line));
        }
      }
    }
    return out;
  }

  void Remember(const DdmObject& object) {
    auto parameters = ParseObjects(object.data);
    if (!parameters) return;
    for (const DdmObject& parameter : *parameters) {
      if (object.code_point == cp::kExcsatrd && parameter.code_point == cp::kMgrlvlls) {
        for (size_t at = 0; at + 3 < parameter.data.size(); at += 4) {
          if (U16(parameter.data, at) == cp::kSqlam) sqlam_ = U16(parameter.data, at + 2);
        }
      }
      if (object.code_point == cp::kAccrdbrm && parameter.code_point == cp::kTypdefnam) {
        order_ = Ebcdic(parameter.data) == "QTDSQLX86" ? kLittle : base::ByteOrder::kBigEndian;
      }
    }
  }

  size_t replies_ = 0;
  uint16_t sqlam_ = 7;
  base::ByteOrder order_ = base::ByteOrder::kBigEndian;
  std::vector<Column> columns_;
};

}  // namespace

std::string TranscriptName(uint16_t code_point) { return Name(code_point); }

DecodedRows DecodeRows(std::span<const uint8_t> data, const std::vector<Column>& columns,
                       base::ByteOrder order) {
  return RenderRows(data, columns, order, "");
}

std::vector<std::string> DecodeConversation(const std::string& capture, size_t chunk) {
  Transcript transcript;
  std::string asked;
  for (const CapturedTurn& turn : LoadCapture(capture + ".hex.txt")) {
    if (!turn.from_server) {
      asked.clear();
      for (const CapturedDss& dss : turn.dss) {
        if ((dss.bytes[3] & 0x0F) != kDssTypeRequest) continue;
        asked += (asked.empty() ? "" : ", ") + Name(U16(dss.bytes, 8));
      }
      continue;
    }
    transcript.Reply(turn, asked, chunk);
  }
  return transcript.lines;
}

std::vector<std::string> GoldenTranscript(const std::string& capture) {
  std::vector<std::string> lines;
  for (std::string& line : ReadLines(capture + ".transcript.txt")) {
    if (!line.starts_with("#")) lines.push_back(std::move(line));
  }
  return lines;
}

std::string Joined(const std::vector<std::string>& lines) {
  std::string text;
  for (const std::string& line : lines) text += line + "\n";
  return text;
}

}  // namespace db2kafka::drda::testing
