#include "drda/reply_reader.h"

#include <cstring>
#include <string>

#include "base/byte_reader.h"
#include "drda/request_writer.h"

namespace db2kafka::drda {
namespace {

constexpr size_t kReceiveBufferSize = size_t{256} * 1024;

std::string Hex(uint32_t value, int digits) {
  static constexpr char kDigits[] = "0123456789ABCDEF";
  std::string text = "0x";
  for (int i = digits - 1; i >= 0; --i) text += kDigits[(value >> (4 * i)) & 0xF];
  return text;
}

}  // namespace

ReplyReader::ReplyReader(Transport& transport)
    : transport_(transport), buffer_(kReceiveBufferSize) {}

base::Status ReplyReader::ReadExact(std::span<uint8_t> out) {
  while (!out.empty()) {
    if (begin_ == end_) {
      auto received = transport_.Read(buffer_);
      if (!received) return base::Fail(std::move(received).error());
      begin_ = 0;
      end_ = *received;
    }
    const size_t take = std::min(out.size(), end_ - begin_);
    std::memcpy(out.data(), buffer_.data() + begin_, take);
    begin_ += take;
    out = out.subspan(take);
  }
  return {};
}

base::Result<Dss> ReplyReader::Next() {
  uint8_t header[kDssHeaderSize];
  if (auto read = ReadExact(header); !read) return base::Fail(std::move(read).error());
  const auto length = static_cast<uint16_t>(header[0] << 8 | header[1]);
  if (header[2] != kDssMagic) {
    std::string hint;
    if (header[0] == 0x15 && header[1] == 0x03) hint = " (a TLS alert: is this a TLS port?)";
    return base::Fail(base::ErrorCode::kProtocol, "not a DRDA reply: byte 2 of the DSS header is " +
                                                      Hex(header[2], 2) + ", expected 0xD0" + hint);
  }
  Dss dss;
  dss.type = header[3] & 0x0F;
  dss.chained = (header[3] & kDssChained) != 0;
  dss.same_correlator = (header[3] & kDssSameCorrelator) != 0;
  dss.correlator = static_cast<uint16_t>(header[4] << 8 | header[5]);
  if (dss.type < kDssTypeRequest || dss.type > 5) {
    return base::Fail(base::ErrorCode::kProtocol,
                      "DSS of unknown type " + std::to_string(dss.type));
  }
  const size_t first_segment = length & 0x7FFF;
  if (first_segment < kDssHeaderSize + 4) {
    return base::Fail(base::ErrorCode::kProtocol,
                      "DSS length " + std::to_string(first_segment) +
                          " is below the 10-byte minimum of a header and one object");
  }
  dss.payload.resize(first_segment - kDssHeaderSize);
  if (auto read = ReadExact(dss.payload); !read) return base::Fail(std::move(read).error());
  bool more = (length & 0x8000) != 0;
  while (more) {
    uint8_t segment_header[2];
    if (auto read = ReadExact(segment_header); !read) return base::Fail(std::move(read).error());
    const auto segment = static_cast<uint16_t>(segment_header[0] << 8 | segment_header[1]);
    more = (segment & 0x8000) != 0;
    const size_t segment_length = segment & 0x7FFF;
    if (segment_length < 2) {
      return base::Fail(base::ErrorCode::kProtocol, "DSS continuation segment length " +
                                                        std::to_string(segment_length) +
                                                        " is below its own 2-byte header");
    }
    const size_t at = dss.payload.size();
    dss.payload.resize(at + segment_length - 2);
    if (auto read = ReadExact(std::span(dss.payload).subspan(at)); !read) {
      return base::Fail(std::move(read).error());
    }
  }
  return dss;
}

base::Result<DdmObject> DdmObjectReader::Next() {
  base::ByteReader reader(bytes_.subspan(position_));
  const auto object_error = [this](const std::string& what) {
    return base::Fail(base::ErrorCode::kProtocol,
                      "malformed DDM object at offset " + std::to_string(position_) + ": " + what);
  };
  auto length = reader.U16();
  auto code_point = reader.U16();
  if (!length || !code_point) return object_error("fewer than 4 bytes left for its header");
  DdmObject object{*code_point, {}};
  size_t data_length = 0;
  if ((*length & 0x8000) != 0) {
    if ((*length & 0x7FFF) < 4) {
      return object_error("extended length field " + Hex(*length, 4) +
                          " is below its 4-byte header");
    }
    const size_t extension = (*length & 0x7FFF) - 4;
    if (extension != 0 && extension != 4 && extension != 8) {
      return object_error("extended length field " + Hex(*length, 4) + " of " +
                          std::to_string(extension) + " bytes (0, 4 or 8 allowed)");
    }
    if (extension == 0) {
      data_length = reader.remaining();  // the object runs to the end of the DSS
    } else {
      uint64_t value = 0;
      for (size_t i = 0; i < extension; ++i) {
        auto byte = reader.U8();
        if (!byte) return object_error("extended length cut short");
        value = value << 8 | *byte;
      }
      data_length = static_cast<size_t>(value);
    }
  } else {
    if (*length < 4) {
      return object_error("length " + std::to_string(*length) + " is below its 4-byte header");
    }
    data_length = *length - 4;
  }
  auto data = reader.Bytes(data_length);
  if (!data) {
    return object_error("its length says " + std::to_string(data_length) + " data bytes, " +
                        std::to_string(reader.remaining()) + " are left");
  }
  object.data = *data;
  position_ += reader.position();
  return object;
}

base::Result<std::vector<DdmObject>> ParseObjects(std::span<const uint8_t> bytes) {
  std::vector<DdmObject> objects;
  DdmObjectReader reader(bytes);
  while (!reader.empty()) {
    auto object = reader.Next();
    if (!object) return base::Fail(std::move(object).error());
    objects.push_back(*object);
  }
  return objects;
}

}  // namespace db2kafka::drda
