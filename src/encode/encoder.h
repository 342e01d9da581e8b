// Turns change events into the bytes of Kafka records, one encoder per destination.format. An
// encoder knows nothing of Kafka: the runner decides the topic and partition and produces what
// the encoder returns. Encoders are used by one thread at a time.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "base/error.h"
#include "model/change_event.h"

namespace db2kafka::encode {

enum class Format { kDtsAvro, kCanalJson, kShareplexJson, kDebeziumJson, kAvroRegistry };

// "dts_avro" → kDtsAvro, as destination.format spells them.
base::Result<Format> FormatFromName(std::string_view name);
std::string_view FormatName(Format format);

// One Kafka record's payload. A missing key means "no key" (the partition policy decides);
// a missing value is a tombstone.
struct EncodedRecord {
  std::optional<std::string> key;
  std::optional<std::string> value;
};

enum class DecimalHandling { kPrecise, kString, kDouble };

struct EncoderOptions {
  Format format = Format::kDtsAvro;
  // Stamps records with processing times (Canal ts, Debezium ts_ms, Shareplex posttime). Not owned;
  // outlives the encoder.
  const base::Clock* clock = &base::SystemClock::Instance();
  // The source server's product and version as the handshake reports it (e.g. "DB2/LINUXX8664
  // 11.5.9" or "Apache Derby 10.14"), for formats that carry it.
  std::string source_version;
  // Debezium's topic.prefix: the logical server name in source.name and schema names. db2kafka
  // uses the task name.
  std::string logical_name;
  DecimalHandling decimal_handling = DecimalHandling::kPrecise;
  bool tombstones_on_delete = true;
};

class Encoder {
 public:
  virtual ~Encoder() = default;

  // Appends the records for one event to `out`: usually one, a Debezium delete may add a
  // tombstone, a heartbeat may produce none in formats that have no heartbeat. `topic` is where
  // the records will go (schema-registry subjects are named after it). On error nothing is
  // appended and the message names the table and column at fault.
  virtual base::Status Encode(const model::ChangeEvent& event, std::string_view topic,
                              std::vector<EncodedRecord>& out) = 0;
};

}  // namespace db2kafka::encode
