#include "config/task_config.h"

#include <string_view>

namespace db2kafka::config {
namespace {

// Extra producer properties may carry credentials (sasl.password, ssl.key.password, ...).
bool LooksSecret(std::string_view property) {
  for (std::string_view marker : {"password", "secret", "token", "jaas", "ssl.key.pem"}) {
    if (property.find(marker) != std::string_view::npos) return true;
  }
  return false;
}

}  // namespace

std::vector<std::string> SecretValues(const TaskConfig& task) {
  std::vector<std::string> secrets;
  for (const std::string* value : {&task.source.password, &task.destination.security.password,
                                   &task.destination.schema_registry.password}) {
    if (!value->empty()) secrets.push_back(*value);
  }
  for (const auto& [property, value] : task.destination.producer) {
    if (LooksSecret(property) && !value.empty()) secrets.push_back(value);
  }
  return secrets;
}

}  // namespace db2kafka::config
