#include "kafka/tests/kafka_test_env.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "base/tests/test_env.h"

namespace db2kafka::kafka::testing {
using base::testing::RequireTestEnv;

std::string ListenerName(Listener listener) {
  switch (listener) {
    case Listener::kPlaintext:
      return "plaintext";
    case Listener::kSaslPlaintext:
      return "sasl_plaintext";
    case Listener::kSsl:
      return "ssl";
    case Listener::kSaslSsl:
      return "sasl_ssl";
  }
  return "?";
}

ClientOptions OptionsFor(Listener listener) {
  ClientOptions options;
  options.security_protocol = ListenerName(listener);
  switch (listener) {
    case Listener::kPlaintext:
      options.bootstrap_servers = RequireTestEnv("KAFKA_BOOTSTRAP");
      break;
    case Listener::kSaslPlaintext:
      options.bootstrap_servers = RequireTestEnv("KAFKA_BOOTSTRAP_SASL");
      break;
    case Listener::kSsl:
      options.bootstrap_servers = RequireTestEnv("KAFKA_BOOTSTRAP_SSL");
      break;
    case Listener::kSaslSsl:
      options.bootstrap_servers = RequireTestEnv("KAFKA_BOOTSTRAP_SASL_SSL");
      break;
  }
  if (listener == Listener::kSaslPlaintext || listener == Listener::kSaslSsl) {
    options.sasl_mechanism = "SCRAM-SHA-256";
    options.sasl_user = RequireTestEnv("KAFKA_USER");
    options.sasl_password = RequireTestEnv("KAFKA_PASSWORD");
  }
  if (listener == Listener::kSsl || listener == Listener::kSaslSsl) {
    options.ca_file = RequireTestEnv("KAFKA_CA_FILE");
  }
  return options;
}

std::string UniqueTopic(const std::string& stem) {
  static std::atomic<int> counter{0};
  const auto now = std::chrono::system_clock::now().time_since_epoch();
  return stem + "-" + std::to_string(getpid()) + "-" +
         std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(now).count()) + "-" +
         std::to_string(counter++);
}

std::vector<KcatRecord> ConsumeWithKcat(Listener listener, const std::string& topic) {
  const ClientOptions options = OptionsFor(listener);
  // Credentials go through a config file, not the command line.
  const std::string config_path = ::testing::TempDir() + "/kcat-" + topic + ".conf";
  {
    std::ofstream config(config_path);
    config << "security.protocol=" << options.security_protocol << "\n";
    if (!options.sasl_user.empty()) {
      config << "sasl.mechanisms=" << options.sasl_mechanism << "\n"
             << "sasl.username=" << options.sasl_user << "\n"
             << "sasl.password=" << options.sasl_password << "\n";
    }
    if (!options.ca_file.empty()) config << "ssl.ca.location=" << options.ca_file << "\n";
  }
  const std::string output_path = ::testing::TempDir() + "/kcat-" + topic + ".out";
  const std::string command = "kcat -q -F " + config_path + " -b " + options.bootstrap_servers +
                              " -C -t " + topic + " -o beginning -e -f '%p\\t%o\\t%k\\t%s\\n' > " +
                              output_path;
  EXPECT_EQ(std::system(command.c_str()), 0) << command;
  std::vector<KcatRecord> records;
  std::ifstream output(output_path);
  std::string line;
  while (std::getline(output, line)) {
    std::istringstream fields(line);
    KcatRecord record;
    std::string partition, offset;
    std::getline(fields, partition, '\t');
    std::getline(fields, offset, '\t');
    std::getline(fields, record.key, '\t');
    std::getline(fields, record.value);
    record.partition = std::stoi(partition);
    record.offset = std::stoll(offset);
    records.push_back(std::move(record));
  }
  std::remove(config_path.c_str());
  std::remove(output_path.c_str());
  return records;
}

}  // namespace db2kafka::kafka::testing
