#include "encode/encoder_factory.h"

#include "encode/avro_registry_encoder.h"
#include "encode/canal_json_encoder.h"
#include "encode/debezium_json_encoder.h"
#include "encode/dts_avro_encoder.h"
#include "encode/shareplex_json_encoder.h"

namespace db2kafka::encode {

base::Result<std::unique_ptr<Encoder>> MakeEncoder(const EncoderOptions& options,
                                                   SchemaRegistryClient* registry) {
  switch (options.format) {
    case Format::kDtsAvro:
      return MakeDtsAvroEncoder(options);
    case Format::kCanalJson:
      return MakeCanalJsonEncoder(options);
    case Format::kShareplexJson:
      return MakeShareplexJsonEncoder(options);
    case Format::kDebeziumJson:
      return MakeDebeziumJsonEncoder(options);
    case Format::kAvroRegistry:
      if (registry == nullptr) {
        return base::Fail(base::ErrorCode::kFailedPrecondition,
                          "format avro_registry needs a Schema Registry: set "
                          "destination.schema_registry.url");
      }
      return MakeAvroRegistryEncoder(options, *registry);
  }
  return base::Fail(base::ErrorCode::kInternal, "unknown format");
}

}  // namespace db2kafka::encode
