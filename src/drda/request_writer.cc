#include "drda/request_writer.h"

#include "base/status_macros.h"

namespace db2kafka::drda {
namespace {

constexpr size_t kObjectHeaderSize = 4;
constexpr uint16_t kExtendedLengthFlag = 0x8000;
constexpr size_t kExtendedLengthBytes = 4;

void AppendDss(base::ByteWriter& out, uint8_t format, uint16_t correlator,
               const std::vector<uint8_t>& body) {
  const size_t total = kDssHeaderSize + body.size();
  if (total <= kMaxDssSegment) {
    out.U16(static_cast<uint16_t>(total));
    out.U8(kDssMagic);
    out.U8(format);
    out.U16(correlator);
    out.Bytes(body);
    return;
  }
  // Continuation: a full first segment flagged 0x8000, then segments that carry their own
  // two-byte length, the high bit saying that another follows.
  out.U16(0xFFFF);
  out.U8(kDssMagic);
  out.U8(format);
  out.U16(correlator);
  size_t offset = kMaxDssSegment - kDssHeaderSize;
  out.Bytes(std::span(body).first(offset));
  while (offset < body.size()) {
    const size_t chunk = std::min(body.size() - offset, kMaxDssSegment - 2);
    const bool more = offset + chunk < body.size();
    out.U16(static_cast<uint16_t>((chunk + 2) | (more ? 0x8000 : 0)));
    out.Bytes(std::span(body).subspan(offset, chunk));
    offset += chunk;
  }
}

}  // namespace

void RequestWriter::BeginCommand(uint16_t code_point) {
  CloseObject();
  chain_.push_back(Dss{kDssTypeRequest, ++correlator_, {}});
  chain_.back().body.U16(0);
  chain_.back().body.U16(code_point);
}

void RequestWriter::BeginObject(uint16_t code_point) {
  DB2KAFKA_CHECK(correlator_ > 0);  // an object always follows its command
  CloseObject();
  chain_.push_back(Dss{kDssTypeObject, correlator_, {}});
  chain_.back().body.U16(0);
  chain_.back().body.U16(code_point);
}

void RequestWriter::AddU8(uint16_t code_point, uint8_t value) {
  const uint8_t bytes[] = {value};
  AddBytes(code_point, bytes);
}

void RequestWriter::AddU16(uint16_t code_point, uint16_t value) {
  const uint8_t bytes[] = {static_cast<uint8_t>(value >> 8), static_cast<uint8_t>(value)};
  AddBytes(code_point, bytes);
}

void RequestWriter::AddU32(uint16_t code_point, uint32_t value) {
  const uint8_t bytes[] = {static_cast<uint8_t>(value >> 24), static_cast<uint8_t>(value >> 16),
                           static_cast<uint8_t>(value >> 8), static_cast<uint8_t>(value)};
  AddBytes(code_point, bytes);
}

void RequestWriter::AddBytes(uint16_t code_point, std::span<const uint8_t> value) {
  DB2KAFKA_CHECK(!chain_.empty() && value.size() <= UINT32_MAX);
  base::ByteWriter& body = chain_.back().body;
  if (value.size() + kObjectHeaderSize <= 0x7FFF) {
    body.U16(static_cast<uint16_t>(value.size() + kObjectHeaderSize));
    body.U16(code_point);
  } else {
    // Extended length, as for whole objects in CloseObject (e.g. a large FDODTA in SQLDTA).
    body.U16(
        static_cast<uint16_t>(kExtendedLengthFlag | (kObjectHeaderSize + kExtendedLengthBytes)));
    body.U16(code_point);
    body.U32(static_cast<uint32_t>(value.size()));
  }
  body.Bytes(value);
}

void RequestWriter::AddChars(uint16_t code_point, std::string_view value) {
  AddBytes(code_point, std::span(reinterpret_cast<const uint8_t*>(value.data()), value.size()));
}

void RequestWriter::BeginGroup(uint16_t code_point) {
  DB2KAFKA_CHECK(!chain_.empty());
  open_groups_.push_back(chain_.back().body.size());
  chain_.back().body.U16(0);
  chain_.back().body.U16(code_point);
}

void RequestWriter::EndGroup() {
  DB2KAFKA_CHECK(!open_groups_.empty());
  base::ByteWriter& body = chain_.back().body;
  const size_t start = open_groups_.back();
  open_groups_.pop_back();
  body.PatchU16(start, static_cast<uint16_t>(body.size() - start));
}

base::ByteWriter& RequestWriter::body() {
  DB2KAFKA_CHECK(!chain_.empty());
  return chain_.back().body;
}

void RequestWriter::CloseObject() {
  DB2KAFKA_CHECK(open_groups_.empty());
  if (chain_.empty()) return;
  base::ByteWriter& body = chain_.back().body;
  const size_t length = body.size();
  if (length <= 0x7FFF) {
    body.PatchU16(0, static_cast<uint16_t>(length));
    return;
  }
  // Extended length: LL says "4-byte length follows the code point".
  std::vector<uint8_t> bytes = body.Take();
  const uint64_t data_length = bytes.size() - kObjectHeaderSize;
  base::ByteWriter rebuilt;
  rebuilt.U16(
      static_cast<uint16_t>(kExtendedLengthFlag | (kObjectHeaderSize + kExtendedLengthBytes)));
  rebuilt.Bytes(std::span(bytes).subspan(2, 2));
  rebuilt.U32(static_cast<uint32_t>(data_length));
  rebuilt.Bytes(std::span(bytes).subspan(kObjectHeaderSize));
  body = std::move(rebuilt);
}

std::vector<uint8_t> RequestWriter::Finish() {
  CloseObject();
  base::ByteWriter out;
  for (size_t i = 0; i < chain_.size(); ++i) {
    uint8_t format = chain_[i].type;
    if (i + 1 < chain_.size()) {
      format |= kDssChained;
      if (chain_[i + 1].correlator == chain_[i].correlator) format |= kDssSameCorrelator;
    }
    AppendDss(out, format, chain_[i].correlator, chain_[i].body.bytes());
  }
  chain_.clear();
  correlator_ = 0;
  return out.Take();
}

}  // namespace db2kafka::drda
