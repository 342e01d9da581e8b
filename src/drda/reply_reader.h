// Reads DRDA replies: DSS headers, continuation segments reassembled, and the DDM objects inside.
// Every malformed header or length is a Protocol error that says what was wrong and where; the
// reader never reads past what the server sent.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "base/error.h"
#include "drda/transport.h"

namespace db2kafka::drda {

struct Dss {
  uint8_t type = 0;  // 1 request, 2 reply, 3 object
  bool chained = false;
  bool same_correlator = false;
  uint16_t correlator = 0;
  std::vector<uint8_t> payload;  // the DDM object(s), continuation already removed
};

class ReplyReader {
 public:
  explicit ReplyReader(Transport& transport);

  // The next DSS of the reply; the last of a reply chain has chained == false.
  base::Result<Dss> Next();

 private:
  base::Status ReadExact(std::span<uint8_t> out);

  Transport& transport_;
  std::vector<uint8_t> buffer_;
  size_t begin_ = 0;
  size_t end_ = 0;
};

struct DdmObject {
  uint16_t code_point = 0;
  std::span<const uint8_t> data;
};

// The DDM objects packed one after another in a DSS payload or in a collection's data.
class DdmObjectReader {
 public:
  explicit DdmObjectReader(std::span<const uint8_t> bytes) : bytes_(bytes) {}
  bool empty() const { return position_ >= bytes_.size(); }
  base::Result<DdmObject> Next();

 private:
  std::span<const uint8_t> bytes_;
  size_t position_ = 0;
};

// Parses all DDM objects of `bytes`; fails on the first malformed one.
base::Result<std::vector<DdmObject>> ParseObjects(std::span<const uint8_t> bytes);

}  // namespace db2kafka::drda
