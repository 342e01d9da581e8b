// Rules that involve more than one setting (a SASL protocol needs a user and a password, ...).
// Single-setting rules live in the settings table.
#pragma once

#include <set>
#include <string>

#include "config/task_config.h"
#include "config/task_config_loader.h"

namespace db2kafka::config::detail {

// Kafka's rule for topic names; the problem, or empty when the name is fine.
std::string CheckTopicName(const std::string& topic);

// `written` holds the setting paths that appear in the file.
void CheckCrossFieldRules(const TaskConfig& task, const std::set<std::string>& written,
                          ConfigIssues& issues);

}  // namespace db2kafka::config::detail
