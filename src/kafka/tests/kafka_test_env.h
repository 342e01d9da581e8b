// The real test broker started by scripts/testenv, read from the environment that its env.sh
// exports, and kcat as the independent consumer.
#pragma once

#include <string>
#include <vector>

#include "kafka/client_options.h"

namespace db2kafka::kafka::testing {

enum class Listener { kPlaintext, kSaslPlaintext, kSsl, kSaslSsl };

std::string ListenerName(Listener listener);

// Fails the current test (never skips) when the environment is missing.
ClientOptions OptionsFor(Listener listener);

// A topic name no earlier run used.
std::string UniqueTopic(const std::string& stem);

struct KcatRecord {
  int32_t partition = -1;
  int64_t offset = -1;
  std::string key;
  std::string value;
};

// Reads the whole topic from the beginning with kcat over `listener`. Keys and values must not
// contain tabs or newlines.
std::vector<KcatRecord> ConsumeWithKcat(Listener listener, const std::string& topic);

}  // namespace db2kafka::kafka::testing
