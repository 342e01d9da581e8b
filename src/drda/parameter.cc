#include "drda/parameter.h"

#include <bit>

#include "base/byte_writer.h"

namespace db2kafka::drda {
namespace {

// Nullable FD:OCA types for each kind of parameter value.
constexpr uint8_t kNullableBigInt = 0x17;
constexpr uint8_t kNullableDouble = 0x0B;
constexpr uint8_t kNullableDecimal = 0x0F;
constexpr uint8_t kNullableVarMixed = 0x3F;  // VARCHAR in the mixed (UTF-8) CCSID
constexpr uint8_t kNullableVarBytes = 0x29;  // VARCHAR FOR BIT DATA
constexpr uint16_t kMaxVarLength = 32767;
constexpr size_t kMaxEntriesPerTriplet = 84;  // a triplet's length is one byte
constexpr uint8_t kNotNull = 0x00;
constexpr uint8_t kNull = 0xFF;

struct PackedDecimal {
  int precision = 0;
  int scale = 0;
  std::vector<uint8_t> bytes;
};

base::Result<PackedDecimal> Pack(const std::string& text) {
  std::string digits;
  int scale = 0;
  bool negative = false;
  bool seen_point = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (i == 0 && (c == '-' || c == '+')) {
      negative = c == '-';
    } else if (c == '.' && !seen_point) {
      seen_point = true;
    } else if (c >= '0' && c <= '9') {
      digits += c;
      if (seen_point) ++scale;
    } else {
      return base::Fail(base::ErrorCode::kInvalidArgument,
                        "decimal parameter \"" + text + "\" is not a plain decimal number");
    }
  }
  if (digits.empty() || digits.size() > 31) {
    return base::Fail(base::ErrorCode::kInvalidArgument,
                      "decimal parameter \"" + text + "\" must have 1 to 31 digits");
  }
  // An odd number of digits plus the sign nibble fills whole bytes.
  if (digits.size() % 2 == 0) digits.insert(0, "0");
  PackedDecimal packed{static_cast<int>(digits.size()), scale, {}};
  digits += negative ? 'D' : 'C';
  for (size_t i = 0; i < digits.size(); i += 2) {
    const auto nibble = [](char c) {
      return static_cast<uint8_t>(c >= 'A' ? c - 'A' + 10 : c - '0');
    };
    packed.bytes.push_back(static_cast<uint8_t>(nibble(digits[i]) << 4 | nibble(digits[i + 1])));
  }
  return packed;
}

}  // namespace

base::Result<EncodedParameters> EncodeParameters(std::span<const Parameter> parameters) {
  std::vector<std::pair<uint8_t, uint16_t>> types;  // FD:OCA type and length per parameter
  base::ByteWriter data;
  data.U8(kNotNull);  // the row's data group is present
  for (size_t index = 0; index < parameters.size(); ++index) {
    const Parameter& parameter = parameters[index];
    if (std::holds_alternative<NullParameter>(parameter)) {
      types.emplace_back(kNullableVarMixed, kMaxVarLength);
      data.U8(kNull);
    } else if (const int64_t* integer = std::get_if<int64_t>(&parameter)) {
      types.emplace_back(kNullableBigInt, 8);
      data.U8(kNotNull);
      data.U64(static_cast<uint64_t>(*integer));
    } else if (const double* floating = std::get_if<double>(&parameter)) {
      types.emplace_back(kNullableDouble, 8);
      data.U8(kNotNull);
      data.U64(std::bit_cast<uint64_t>(*floating));
    } else if (const auto* decimal = std::get_if<DecimalParameter>(&parameter)) {
      auto packed = Pack(decimal->digits);
      if (!packed) return base::Fail(std::move(packed).error());
      types.emplace_back(kNullableDecimal,
                         static_cast<uint16_t>(packed->precision << 8 | packed->scale));
      data.U8(kNotNull);
      data.Bytes(packed->bytes);
    } else {
      const bool text = std::holds_alternative<std::string>(parameter);
      const std::span<const uint8_t> bytes =
          text
              ? std::span(reinterpret_cast<const uint8_t*>(std::get<std::string>(parameter).data()),
                          std::get<std::string>(parameter).size())
              : std::span<const uint8_t>(std::get<BinaryParameter>(parameter).bytes);
      if (bytes.size() > kMaxVarLength) {
        return base::Fail(base::ErrorCode::kInvalidArgument,
                          "parameter " + std::to_string(index + 1) + " has " +
                              std::to_string(bytes.size()) + " bytes; at most 32767 are supported");
      }
      types.emplace_back(text ? kNullableVarMixed : kNullableVarBytes, kMaxVarLength);
      data.U8(kNotNull);
      data.U16(static_cast<uint16_t>(bytes.size()));
      data.Bytes(bytes);
    }
  }
  base::ByteWriter descriptor;
  for (size_t start = 0; start < types.size() || start == 0; start += kMaxEntriesPerTriplet) {
    const size_t count = std::min(kMaxEntriesPerTriplet, types.size() - start);
    descriptor.U8(static_cast<uint8_t>(3 + 3 * count));
    descriptor.U8(start == 0 ? 0x76 : 0x7F);  // N-GDA, then continuations
    descriptor.U8(start == 0 ? 0xD0 : 0x00);
    for (size_t i = start; i < start + count; ++i) {
      descriptor.U8(types[i].first);
      descriptor.U16(types[i].second);
    }
    if (types.empty()) break;
  }
  // Row layout: one SQLDTAGRP.
  for (uint8_t byte : {0x06, 0x71, 0xE4, 0xD0, 0x00, 0x01}) descriptor.U8(byte);
  return EncodedParameters{descriptor.Take(), data.Take()};
}

}  // namespace db2kafka::drda
