// For integration tests: the servers scripts/testenv started, read from the variables its env.sh
// exports. A missing variable fails the current test (never skips it).
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

namespace db2kafka::base::testing {

inline std::string RequireTestEnv(const char* name) {
  const char* value = std::getenv(name);
  if (value == nullptr || *value == '\0') {
    ADD_FAILURE() << "environment variable " << name
                  << " is not set: run `scripts/testenv up` and `. build/testenv/env.sh` (make "
                     "test does both)";
    return {};
  }
  return value;
}

}  // namespace db2kafka::base::testing
