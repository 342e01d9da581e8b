// `db2kafka check`, source part: connect and log in with the task's settings and say what server
// answered.
#pragma once

#include <string>

#include "base/error.h"
#include "config/task_config.h"

namespace db2kafka::runner {

struct SourceStatus {
  std::string server;      // "Apache Derby", "Db2"
  std::string product_id;  // e.g. SQL11058, CSS10140
  int sqlam = 0;
  int security_mechanism = 0;
  bool tls = false;
};

base::Result<SourceStatus> CheckSource(const config::SourceConfig& source);

}  // namespace db2kafka::runner
