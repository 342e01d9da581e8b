// destination.format = avro_registry: Avro records in the Confluent wire format (magic byte 0,
// 4-byte big-endian schema id, Avro binary) whose schemas live in a Schema Registry. Values are
// Debezium envelopes ("<logical>.<SCHEMA>.<TABLE>.Envelope" with before/after/source/op/ts_ms),
// keys are the key columns; subjects follow Confluent's TopicNameStrategy ("<topic>-key",
// "<topic>-value"). docs/FORMATS.md (avro_registry) has the schemas and the type mapping.
#pragma once

#include <memory>

#include "encode/encoder.h"
#include "encode/schema_registry_client.h"

namespace db2kafka::encode {

// The registry client must outlive the encoder. Schemas are generated and registered on the first
// event of each (table, topic) and reused afterwards; the encoder keeps the TableSchema alive.
std::unique_ptr<Encoder> MakeAvroRegistryEncoder(const EncoderOptions& options,
                                                 SchemaRegistryClient& registry);

}  // namespace db2kafka::encode
