// Maps the task file's destination section onto the kafka module's options. The runner is the
// only place that knows both, so kafka stays ignorant of the task file.
#pragma once

#include "config/task_config.h"
#include "kafka/client_options.h"

namespace db2kafka::runner {

kafka::ClientOptions ClientOptionsFor(const config::DestinationConfig& destination);
kafka::ProducerOptions ProducerOptionsFor(const config::DestinationConfig& destination);

}  // namespace db2kafka::runner
