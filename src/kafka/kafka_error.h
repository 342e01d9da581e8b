// librdkafka's error codes mapped onto base::Error, in one table: which code, and whether the
// runner may retry. librdkafka's own retriable flag wins where it gives one.
#pragma once

#include <librdkafka/rdkafka.h>

#include <string>
#include <string_view>

#include "base/error.h"

namespace db2kafka::kafka {

base::Error KafkaError(rd_kafka_resp_err_t code, std::string_view context,
                       std::string_view detail = {});

// For rd_kafka_error_t objects, which carry librdkafka's retriable and fatal flags.
base::Error KafkaError(const rd_kafka_error_t* error, std::string_view context);

}  // namespace db2kafka::kafka
