// For integration tests: the servers scripts/testenv started, read from the variables its env.sh
// exports. A missing variable fails the current test (never skips it).
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
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

// The Python that scripts/deps sets up with the independent checkers of
// scripts/python-requirements.txt (fastavro, confluent-kafka), found where scripts/common.sh puts
// it: $DB2KAFKA_VENV, else $DB2KAFKA_CACHE/venv, else $XDG_CACHE_HOME/db2kafka/venv, else
// ~/.cache/db2kafka/venv. A missing one fails the current test (never skips it).
inline std::string RequireCheckerPython() {
  const auto set = [](const char* name) -> const char* {
    const char* value = std::getenv(name);
    return value != nullptr && *value != '\0' ? value : nullptr;
  };
  std::filesystem::path venv;
  if (const char* configured = set("DB2KAFKA_VENV")) {
    venv = configured;
  } else if (const char* cache = set("DB2KAFKA_CACHE")) {
    venv = std::filesystem::path(cache) / "venv";
  } else if (const char* xdg = set("XDG_CACHE_HOME")) {
    venv = std::filesystem::path(xdg) / "db2kafka/venv";
  } else {
    const char* home = set("HOME");
    venv = std::filesystem::path(home != nullptr ? home : "") / ".cache/db2kafka/venv";
  }
  const std::filesystem::path python = venv / "bin/python";
  if (access(python.c_str(), X_OK) != 0) {
    ADD_FAILURE() << "no Python checkers at " << python << ": run `make deps`";
    return {};
  }
  return python;
}

}  // namespace db2kafka::base::testing
