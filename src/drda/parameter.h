// Parameter values for statements with markers (?), and their encoding as an SQLDTA object
// (FD:OCA descriptor FDODSC + data FDODTA). Values are sent in the client's own representation
// (QTDSQLASC: big-endian numbers, UTF-8 text) and the server converts them to the column types,
// so a parameter only says what kind of value it carries.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <variant>
#include <vector>

#include "base/error.h"

namespace db2kafka::drda {

struct NullParameter {};
struct DecimalParameter {
  std::string digits;  // "-12345.67": optional sign, digits, optional point and fraction
};
struct BinaryParameter {
  std::vector<uint8_t> bytes;
};

using Parameter =
    std::variant<NullParameter, int64_t, double, DecimalParameter, std::string, BinaryParameter>;

// The FDODSC and FDODTA bodies for `parameters`; InvalidArgument for a malformed decimal or a
// string or binary value over 32,767 bytes.
struct EncodedParameters {
  std::vector<uint8_t> descriptor;  // FDODSC
  std::vector<uint8_t> data;        // FDODTA
};
base::Result<EncodedParameters> EncodeParameters(std::span<const Parameter> parameters);

}  // namespace db2kafka::drda
