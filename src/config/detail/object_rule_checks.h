// Checks of the `objects` rules that need more than one field: of one rule as soon as it is read,
// and of the list as a whole. What needs the source catalog (does the column exist?) is checked
// by runner/object_selection when the tables are known.
#pragma once

#include <set>
#include <span>
#include <string>
#include <vector>

#include "config/task_config.h"
#include "config/task_config_loader.h"

namespace db2kafka::config::detail {

// `path` is "objects[2]"; `written` holds the rule's field paths that appear in the file.
void CheckObjectRule(const ObjectRule& rule, const std::string& path,
                     const std::set<std::string>& written, int line, ConfigIssues& issues);

// `lines[i]` is the line of `rules[i]`.
void CheckObjectRules(const std::vector<ObjectRule>& rules, std::span<const int> lines,
                      ConfigIssues& issues);

}  // namespace db2kafka::config::detail
