#include "runner/object_selection.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <initializer_list>
#include <map>

namespace db2kafka::runner {
namespace {

std::string Concat(std::initializer_list<std::string_view> parts) {
  std::string text;
  for (std::string_view part : parts) text.append(part);
  return text;
}

std::string RulePath(size_t index) { return "objects[" + std::to_string(index) + "]"; }

bool HasWildcard(std::string_view pattern) { return pattern.find('*') != std::string_view::npos; }

// How specifically a schema rule selects `table`: 3 by exact name, 2 by pattern, 1 by omitting
// `tables`, 0 not at all (no match, or excluded).
int Specificity(const config::ObjectRule& rule, const std::string& table) {
  for (const std::string& pattern : rule.exclude_tables) {
    if (MatchesPattern(pattern, table)) return 0;
  }
  if (rule.tables.empty()) return 1;
  int best = 0;
  for (const std::string& pattern : rule.tables) {
    if (!HasWildcard(pattern) && pattern == table) return 3;
    if (MatchesPattern(pattern, table)) best = 2;
  }
  return best;
}

enum class NameLevel { kObject, kColumn };  // database, schema, table | column

std::string Capitalize(const std::string& policy, NameLevel level, std::string name) {
  const bool upper = policy == "upper";
  const bool lower = policy == "lower" || (policy == "default" && level == NameLevel::kObject);
  for (char& c : name) {
    const auto byte = static_cast<unsigned char>(c);
    if (upper) c = static_cast<char>(std::toupper(byte));
    if (lower) c = static_cast<char>(std::tolower(byte));
  }
  return name;
}

bool IsIdentifierStart(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool IsIdentifierPart(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$' || c == '#' ||
         c == '@';
}

constexpr std::array<std::string_view, 24> kFilterKeywords = {
    "AND",  "OR",        "NOT",     "IN",           "IS",           "NULL",
    "LIKE", "BETWEEN",   "ESCAPE",  "TRUE",         "FALSE",        "DATE",
    "TIME", "TIMESTAMP", "CURRENT", "CURRENT_DATE", "CURRENT_TIME", "CURRENT_TIMESTAMP",
    "CASE", "WHEN",      "THEN",    "ELSE",         "END",          "AS"};

// Reads a quoted run starting at text[i] == quote; a doubled quote stands for one. Returns the
// content, or nullopt when the closing quote is missing. Leaves `i` after the closing quote.
std::optional<std::string> ReadQuoted(std::string_view text, size_t& i, char quote) {
  std::string content;
  for (++i; i < text.size(); ++i) {
    if (text[i] != quote) {
      content += text[i];
    } else if (i + 1 < text.size() && text[i + 1] == quote) {
      content += quote;
      ++i;
    } else {
      ++i;
      return content;
    }
  }
  return std::nullopt;
}

bool FollowedByParenthesis(std::string_view text, size_t i) {
  while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
  return i < text.size() && text[i] == '(';
}

base::Error Invalid(std::string message) {
  return base::MakeError(base::ErrorCode::kInvalidArgument, std::move(message));
}

// The destination name of every source schema a schema rule renames.
std::map<std::string, std::string> SchemaRenames(std::span<const config::ObjectRule> rules) {
  std::map<std::string, std::string> renames;
  for (const config::ObjectRule& rule : rules) {
    if (!rule.IsTableRule() && !rule.rename.empty()) renames.emplace(rule.schema, rule.rename);
  }
  return renames;
}

struct ColumnPlan {
  std::vector<bool> kept;          // per source column
  std::vector<std::string> names;  // per source column: destination name
};

// Checks and applies columns.exclude / columns.rename; problems go to `problems`.
ColumnPlan PlanColumns(const config::TaskConfig& task, const config::ObjectRule* rule,
                       const std::string& path, const model::TableSchema& source,
                       std::vector<std::string>& problems) {
  ColumnPlan plan;
  plan.kept.assign(source.columns.size(), true);
  for (const model::ColumnSchema& column : source.columns) {
    plan.names.push_back(Capitalize(task.capitalization, NameLevel::kColumn, column.name));
  }
  if (rule == nullptr) return plan;
  for (const std::string& name : rule->columns.exclude) {
    if (std::optional<size_t> index = source.ColumnIndex(name)) {
      plan.kept[*index] = false;
    } else {
      problems.push_back(
          Concat({path, ".columns.exclude: ", source.QualifiedName(), " has no column ", name}));
    }
  }
  for (const auto& [from, to] : rule->columns.rename) {
    if (std::optional<size_t> index = source.ColumnIndex(from)) {
      plan.names[*index] = to;
    } else {
      problems.push_back(
          Concat({path, ".columns.rename: ", source.QualifiedName(), " has no column ", from}));
    }
  }
  return plan;
}

// A unique key all of whose columns are kept, as destination names; empty when none.
std::vector<model::UniqueKey> KeptUniqueKeys(const model::TableSchema& source,
                                             const ColumnPlan& plan) {
  std::vector<model::UniqueKey> keys;
  for (const model::UniqueKey& key : source.unique_keys) {
    model::UniqueKey renamed{key.name, {}};
    bool complete = true;
    for (const std::string& name : key.columns) {
      std::optional<size_t> index = source.ColumnIndex(name);
      if (!index || !plan.kept[*index]) {
        complete = false;
        break;
      }
      renamed.columns.push_back(plan.names[*index]);
    }
    if (complete) keys.push_back(std::move(renamed));
  }
  return keys;
}

void CheckFilter(const config::ObjectRule& rule, const std::string& path,
                 const model::TableSchema& source, std::vector<std::string>& problems) {
  if (rule.filter.empty()) return;
  base::Result<std::vector<std::string>> names = FilterColumnNames(rule.filter);
  if (!names) {
    problems.push_back(path + ".filter: " + names.error().message);
    return;
  }
  for (const std::string& name : *names) {
    if (!source.ColumnIndex(name)) {
      problems.push_back(Concat({path, ".filter: refers to column ", name, ", which ",
                                 source.QualifiedName(), " does not have"}));
    }
  }
}

}  // namespace

OperationSet OperationSet::All() {
  OperationSet set;
  set.bits_ = static_cast<uint8_t>(Operation::kInsert) | static_cast<uint8_t>(Operation::kUpdate) |
              static_cast<uint8_t>(Operation::kDelete);
  return set;
}

OperationSet OperationSet::FromNames(std::span<const std::string> names) {
  if (names.empty()) return All();
  OperationSet set;
  for (const std::string& name : names) {
    if (name == "insert") set.bits_ |= static_cast<uint8_t>(Operation::kInsert);
    if (name == "update") set.bits_ |= static_cast<uint8_t>(Operation::kUpdate);
    if (name == "delete") set.bits_ |= static_cast<uint8_t>(Operation::kDelete);
  }
  return set;
}

bool MatchesPattern(std::string_view pattern, std::string_view name) {
  // Greedy matching with backtracking to the last '*': linear for the patterns people write.
  size_t p = 0;
  size_t n = 0;
  size_t star = std::string_view::npos;
  size_t resume = 0;
  while (n < name.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      resume = n;
    } else if (p < pattern.size() && pattern[p] == name[n]) {
      ++p;
      ++n;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      n = ++resume;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

Selection SelectTables(std::span<const config::ObjectRule> rules,
                       std::span<const SourceTableName> catalog) {
  Selection selection;
  std::vector<bool> rule_used(rules.size(), false);
  for (const SourceTableName& name : catalog) {
    SelectedTable selected{name, std::nullopt, std::nullopt};
    int best = 0;
    for (size_t i = 0; i < rules.size(); ++i) {
      const config::ObjectRule& rule = rules[i];
      if (rule.schema != name.schema) continue;
      if (rule.IsTableRule()) {
        if (rule.table == name.table) selected.table_rule = i;
        continue;
      }
      if (const int specificity = Specificity(rule, name.table); specificity > best) {
        best = specificity;
        selected.schema_rule = i;
      }
    }
    if (!selected.table_rule && !selected.schema_rule) continue;
    rule_used[selected.table_rule.value_or(*selected.schema_rule)] = true;
    selection.tables.push_back(std::move(selected));
  }
  for (size_t i = 0; i < rules.size(); ++i) {
    const config::ObjectRule& rule = rules[i];
    const auto in_catalog = [&](const std::string& table) {
      return std::find(catalog.begin(), catalog.end(), SourceTableName{rule.schema, table}) !=
             catalog.end();
    };
    if (rule.IsTableRule()) {
      if (!in_catalog(rule.table)) {
        selection.unmatched.push_back(RulePath(i) + ": the source has no table " + rule.schema +
                                      "." + rule.table);
      }
      continue;
    }
    for (size_t t = 0; t < rule.tables.size(); ++t) {
      if (!HasWildcard(rule.tables[t]) && !in_catalog(rule.tables[t])) {
        selection.unmatched.push_back(RulePath(i) + ".tables[" + std::to_string(t) +
                                      "]: the source has no table " + rule.schema + "." +
                                      rule.tables[t]);
      }
    }
    if (!rule_used[i]) {
      selection.unmatched.push_back(RulePath(i) + ": selects no table of schema " + rule.schema +
                                    " (names are case-sensitive)");
    }
  }
  return selection;
}

base::Result<ShapedTable> ShapeTable(const config::TaskConfig& task, const SelectedTable& selected,
                                     const model::TableSchema& source) {
  const std::span<const config::ObjectRule> rules = task.objects;
  const config::ObjectRule* table_rule =
      selected.table_rule ? &rules[*selected.table_rule] : nullptr;
  const config::ObjectRule* schema_rule =
      selected.schema_rule ? &rules[*selected.schema_rule] : nullptr;
  const std::string path = RulePath(selected.table_rule.value_or(selected.schema_rule.value_or(0)));
  std::vector<std::string> problems;

  ShapedTable shaped;
  shaped.source = selected.source;
  model::TableSchema& destination = shaped.destination;
  destination.database = Capitalize(task.capitalization, NameLevel::kObject, source.database);
  const std::map<std::string, std::string> schema_renames = SchemaRenames(rules);
  const auto schema_rename = schema_renames.find(source.schema);
  destination.schema = schema_rename != schema_renames.end()
                           ? schema_rename->second
                           : Capitalize(task.capitalization, NameLevel::kObject, source.schema);
  destination.table = table_rule != nullptr && !table_rule->rename.empty()
                          ? table_rule->rename
                          : Capitalize(task.capitalization, NameLevel::kObject, source.table);

  const ColumnPlan plan = PlanColumns(task, table_rule, path, source, problems);
  bool key_column_excluded = false;
  std::map<std::string, std::string> destination_names;  // destination -> source
  for (size_t i = 0; i < source.columns.size(); ++i) {
    const model::ColumnSchema& column = source.columns[i];
    if (!plan.kept[i]) {
      key_column_excluded = key_column_excluded || column.key_position > 0;
      continue;
    }
    if (auto [it, inserted] = destination_names.emplace(plan.names[i], column.name); !inserted) {
      problems.push_back(Concat({path, ".columns.rename: ", column.name, " and ", it->second,
                                 " would both be named ", plan.names[i]}));
    }
    model::ColumnSchema shaped_column = column;
    shaped_column.name = plan.names[i];
    destination.columns.push_back(std::move(shaped_column));
    shaped.select_columns.push_back(column.name);
  }
  destination.unique_keys = KeptUniqueKeys(source, plan);
  destination.primary_key_name = source.primary_key_name;
  if (key_column_excluded) {
    if (destination.unique_keys.empty()) {
      problems.push_back(
          Concat({path, ".columns.exclude: a primary-key column of ", source.QualifiedName(),
                  " is excluded and no unique key keeps all its columns; keep "
                  "the key columns"}));
    }
    destination.primary_key_name.clear();
    for (model::ColumnSchema& column : destination.columns) column.key_position = 0;
  }

  const config::ObjectRule* topic_rule =
      table_rule != nullptr && !table_rule->topic.empty() ? table_rule : schema_rule;
  shaped.topic = topic_rule != nullptr && !topic_rule->topic.empty() ? topic_rule->topic
                                                                     : task.destination.topic;
  const config::ObjectRule* operations_rule =
      table_rule != nullptr && !table_rule->operations.empty() ? table_rule : schema_rule;
  shaped.operations = operations_rule != nullptr
                          ? OperationSet::FromNames(operations_rule->operations)
                          : OperationSet::All();

  if (table_rule != nullptr) {
    shaped.filter = table_rule->filter;
    CheckFilter(*table_rule, path, source, problems);
    for (const std::string& name : table_rule->partition_key) {
      std::optional<size_t> index = source.ColumnIndex(name);
      if (!index || !plan.kept[*index]) {
        problems.push_back(Concat({path, ".partition_key: ", source.QualifiedName(),
                                   index ? " excludes column " : " has no column ", name}));
        continue;
      }
      shaped.partition_key.push_back(*destination.ColumnIndex(plan.names[*index]));
    }
  }
  if (!problems.empty()) {
    std::string message;
    for (const std::string& problem : problems) {
      message += (message.empty() ? "" : "; ") + problem;
    }
    return base::Fail(Invalid(std::move(message)));
  }
  return shaped;
}

base::Result<std::vector<std::string>> FilterColumnNames(std::string_view filter) {
  std::vector<std::string> names;
  size_t i = 0;
  while (i < filter.size()) {
    const char c = filter[i];
    if (c == ';') return base::Fail(Invalid("must not contain ';'"));
    if (c == '\'' || c == '"') {
      std::optional<std::string> content = ReadQuoted(filter, i, c);
      if (!content) return base::Fail(Invalid(std::string("has an unclosed ") + c));
      if (c == '"' && !FollowedByParenthesis(filter, i)) names.push_back(std::move(*content));
    } else if (std::isdigit(static_cast<unsigned char>(c)) != 0) {
      while (i < filter.size() && (IsIdentifierPart(filter[i]) || filter[i] == '.' ||
                                   ((filter[i] == '+' || filter[i] == '-') &&
                                    (filter[i - 1] == 'E' || filter[i - 1] == 'e')))) {
        ++i;
      }
    } else if (IsIdentifierStart(c)) {
      const size_t start = i;
      while (i < filter.size() && IsIdentifierPart(filter[i])) ++i;
      std::string word(filter.substr(start, i - start));
      std::transform(word.begin(), word.end(), word.begin(),
                     [](char ch) { return static_cast<char>(std::toupper(ch)); });
      if (word == "SELECT") {
        return base::Fail(
            Invalid("may not contain a subquery (DTS filters name only the "
                    "table's own columns)"));
      }
      const bool keyword =
          std::find(kFilterKeywords.begin(), kFilterKeywords.end(), word) != kFilterKeywords.end();
      if (!keyword && !FollowedByParenthesis(filter, i)) {
        names.push_back(std::move(word));
      }
    } else {
      ++i;
    }
  }
  return names;
}

}  // namespace db2kafka::runner
