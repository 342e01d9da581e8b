#include "drda/tests/derby_test_env.h"

#include <gtest/gtest.h>

#include <cstdlib>

#include "base/tests/test_env.h"

namespace db2kafka::drda::testing {
using base::testing::RequireTestEnv;

ConnectOptions DerbyOptions(bool tls) {
  ConnectOptions options;
  options.transport.host = RequireTestEnv("DERBY_HOST");
  options.transport.port = std::atoi(RequireTestEnv(tls ? "DERBY_TLS_PORT" : "DERBY_PORT").c_str());
  options.transport.tls = tls;
  if (tls) options.transport.ca_file = RequireTestEnv("DERBY_CA_FILE");
  options.database = RequireTestEnv("DERBY_DB");
  options.user = RequireTestEnv("DERBY_USER");
  options.password = RequireTestEnv("DERBY_PASSWORD");
  return options;
}

}  // namespace db2kafka::drda::testing
