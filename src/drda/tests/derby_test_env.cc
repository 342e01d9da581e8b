#include "drda/tests/derby_test_env.h"

#include <gtest/gtest.h>

#include <cstdlib>

namespace db2kafka::drda::testing {
namespace {

std::string RequireEnv(const char* name) {
  const char* value = std::getenv(name);
  if (value == nullptr || *value == '\0') {
    ADD_FAILURE() << "environment variable " << name
                  << " is not set: run `scripts/testenv up` and `. build/testenv/env.sh` (make "
                     "test does both)";
    return {};
  }
  return value;
}

}  // namespace

ConnectOptions DerbyOptions(bool tls) {
  ConnectOptions options;
  options.transport.host = RequireEnv("DERBY_HOST");
  options.transport.port = std::atoi(RequireEnv(tls ? "DERBY_TLS_PORT" : "DERBY_PORT").c_str());
  options.transport.tls = tls;
  if (tls) options.transport.ca_file = RequireEnv("DERBY_CA_FILE");
  options.database = RequireEnv("DERBY_DB");
  options.user = RequireEnv("DERBY_USER");
  options.password = RequireEnv("DERBY_PASSWORD");
  return options;
}

}  // namespace db2kafka::drda::testing
