#include "encode/encoder.h"

#include <array>

namespace db2kafka::encode {
namespace {

constexpr std::array<std::string_view, 5> kFormatNames = {
    "dts_avro", "canal_json", "shareplex_json", "debezium_json", "avro_registry"};

}  // namespace

base::Result<Format> FormatFromName(std::string_view name) {
  for (size_t i = 0; i < kFormatNames.size(); ++i) {
    if (kFormatNames[i] == name) return static_cast<Format>(i);
  }
  return base::Fail(base::ErrorCode::kInvalidArgument,
                    "unknown format \"" + std::string(name) +
                        "\"; use dts_avro, canal_json, shareplex_json, debezium_json or "
                        "avro_registry");
}

std::string_view FormatName(Format format) { return kFormatNames[static_cast<size_t>(format)]; }

}  // namespace db2kafka::encode
