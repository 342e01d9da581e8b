// libFuzzer target: arbitrary bytes as a DRDA server's reply. Every decoder of server bytes must
// either decode or return an error: no crash, no hang, no sanitizer report.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "base/byte_reader.h"
#include "drda/descriptor.h"
#include "drda/reply_reader.h"
#include "drda/sqlca.h"
#include "drda/tests/fake_transport.h"
#include "drda/value_decoder.h"

namespace {

using namespace db2kafka;

void DecodeObject(const drda::DdmObject& object) {
  // Each decoder sees every object, whatever its code point claims, in both byte orders.
  for (base::ByteOrder order : {base::ByteOrder::kBigEndian, base::ByteOrder::kLittleEndian}) {
    base::ByteReader reader(object.data);
    static_cast<void>(drda::ReadSqlca(reader, {order, '\xFF'}));
    for (uint16_t sqlam : {7, 10, 11}) {
      static_cast<void>(drda::ParseSqldard(object.data, {sqlam, order, '\x14'}));
    }
  }
  auto columns = drda::ParseQueryDescriptor(object.data);
  if (columns) {
    for (const drda::Column& column : *columns) {
      static_cast<void>(
          drda::DecodeDecimal(column, object.data.first(std::min<size_t>(object.data.size(), 16))));
      static_cast<void>(
          drda::DecodeInteger(column, object.data.first(std::min<size_t>(object.data.size(), 8)),
                              base::ByteOrder::kBigEndian));
    }
  }
  static_cast<void>(drda::DecodeUtf16(object.data));
  static_cast<void>(drda::ParseObjects(object.data));  // collections hold objects too
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  drda::testing::FakeTransport transport(std::vector<uint8_t>(data, data + size), 4096);
  drda::ReplyReader reader(transport);
  for (int dss_count = 0; dss_count < 64; ++dss_count) {
    auto dss = reader.Next();
    if (!dss) break;
    auto objects = drda::ParseObjects(dss->payload);
    if (!objects) continue;
    for (const drda::DdmObject& object : *objects) DecodeObject(object);
  }
  return 0;
}
