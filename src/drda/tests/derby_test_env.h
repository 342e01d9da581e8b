// The Derby Network Server started by scripts/testenv, read from its env.sh variables.
#pragma once

#include "drda/connection.h"

namespace db2kafka::drda::testing {

// Connection options for the plain (tls = false) or the TLS Derby server. Fails the current test
// (never skips) when the environment is missing.
ConnectOptions DerbyOptions(bool tls = false);

}  // namespace db2kafka::drda::testing
