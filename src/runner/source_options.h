// Maps the task file's source section onto the DRDA client's connect options.
#pragma once

#include "config/task_config.h"
#include "drda/connection.h"

namespace db2kafka::runner {

drda::ConnectOptions ConnectOptionsFor(const config::SourceConfig& source);

}  // namespace db2kafka::runner
