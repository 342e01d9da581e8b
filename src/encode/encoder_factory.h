// The one place that maps destination.format to its encoder.
#pragma once

#include <memory>

#include "base/error.h"
#include "encode/encoder.h"
#include "encode/schema_registry_client.h"

namespace db2kafka::encode {

// The encoder for options.format. avro_registry needs `registry` (owned by the caller, outliving
// the encoder); FailedPrecondition when it is missing. The other formats ignore it.
base::Result<std::unique_ptr<Encoder>> MakeEncoder(const EncoderOptions& options,
                                                   SchemaRegistryClient* registry);

}  // namespace db2kafka::encode
