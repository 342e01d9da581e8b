#include "config/detail/object_rule_checks.h"

#include <map>
#include <utility>

#include "config/detail/cross_field_rules.h"

namespace db2kafka::config::detail {
namespace {

std::string RulePath(size_t index) { return "objects[" + std::to_string(index) + "]"; }

void CheckTableRuleFields(const ObjectRule& rule, const std::string& path,
                          const std::set<std::string>& written, int line, ConfigIssues& issues) {
  if (rule.IsTableRule()) {
    for (const char* field : {"tables", "exclude_tables"}) {
      if (written.contains(field)) {
        issues.push_back({path + "." + field, line,
                          "is for schema rules; a rule with table: selects that one table"});
      }
    }
    if (rule.table.find('*') != std::string::npos) {
      issues.push_back(
          {path + ".table", line,
           "must be one table name; use tables: for * patterns (got \"" + rule.table + "\")"});
    }
    return;
  }
  for (const char* field : {"columns.exclude", "columns.rename", "filter", "partition_key"}) {
    if (written.contains(field)) {
      issues.push_back({path + "." + field, line,
                        "is only for a rule with table: (one table, whose columns are known)"});
    }
  }
}

void CheckColumns(const ObjectRule& rule, const std::string& path, int line, ConfigIssues& issues) {
  const std::set<std::string> excluded(rule.columns.exclude.begin(), rule.columns.exclude.end());
  std::map<std::string, std::string> renamed_from;  // destination name -> source name
  for (const auto& [source, destination] : rule.columns.rename) {
    std::string rename_path = path;
    rename_path.append(".columns.rename.").append(source);
    if (excluded.contains(source)) {
      issues.push_back({rename_path, line, "renames a column that columns.exclude drops"});
    } else if (destination.empty()) {
      issues.push_back({rename_path, line, "needs the destination column name"});
    } else if (auto [it, inserted] = renamed_from.emplace(destination, source); !inserted) {
      issues.push_back(
          {rename_path, line, "gives the name " + destination + " already given to " + it->second});
    }
  }
  for (size_t i = 0; i < rule.partition_key.size(); ++i) {
    if (excluded.contains(rule.partition_key[i])) {
      issues.push_back({path + ".partition_key[" + std::to_string(i) + "]", line,
                        rule.partition_key[i] + " is excluded by columns.exclude"});
    }
  }
}

}  // namespace

void CheckObjectRule(const ObjectRule& rule, const std::string& path,
                     const std::set<std::string>& written, int line, ConfigIssues& issues) {
  if (rule.schema.find('*') != std::string::npos) {
    issues.push_back(
        {path + ".schema", line,
         "must be one schema name; * patterns are for tables (got \"" + rule.schema + "\")"});
  }
  CheckTableRuleFields(rule, path, written, line, issues);
  CheckColumns(rule, path, line, issues);
  if (!rule.topic.empty()) {
    if (std::string problem = CheckTopicName(rule.topic); !problem.empty()) {
      issues.push_back({path + ".topic", line, problem});
    }
  }
}

void CheckObjectRules(const std::vector<ObjectRule>& rules, std::span<const int> lines,
                      ConfigIssues& issues) {
  std::map<std::pair<std::string, std::string>, size_t> table_rules;
  std::map<std::string, size_t> schema_renames;  // schema -> rule that renames it
  for (size_t i = 0; i < rules.size(); ++i) {
    const ObjectRule& rule = rules[i];
    const int line = i < lines.size() ? lines[i] : 0;
    if (rule.IsTableRule()) {
      auto [it, inserted] = table_rules.emplace(std::pair{rule.schema, rule.table}, i);
      if (!inserted) {
        issues.push_back({RulePath(i) + ".table", line,
                          rule.schema + "." + rule.table + " already has a rule, " +
                              RulePath(it->second) + "; merge them"});
      }
      continue;
    }
    if (rule.rename.empty()) continue;
    auto [it, inserted] = schema_renames.emplace(rule.schema, i);
    if (!inserted && rules[it->second].rename != rule.rename) {
      issues.push_back({RulePath(i) + ".rename", line,
                        "schema " + rule.schema + " is already renamed to " +
                            rules[it->second].rename + " by " + RulePath(it->second) +
                            "; a schema has one destination name"});
    }
  }
}

}  // namespace db2kafka::config::detail
