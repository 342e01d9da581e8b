// The fields of one rule of `objects`, declared once like the settings in settings_table.cc:
// they are parsed, validated and documented from here. How the rules select and shape tables is
// runner/object_selection.h.
#include <array>

#include "config/setting.h"

namespace db2kafka::config {
namespace {

constexpr std::array<std::string_view, 3> kOperations = {"insert", "update", "delete"};

// DTS's filter limits (dts-reference.md §4.2) that can be seen without the table's columns.
std::string CheckFilter(std::string_view filter) {
  if (filter.find(';') != std::string_view::npos) return "must not contain ';'";
  return {};
}

// The fields of one `objects` rule; paths are relative to the rule.
const std::array kObjectRuleSettings = {
    Setting{.path = "schema",
            .kind = SettingKind::kString,
            .field = RuleStringField{[](ObjectRule& r) -> std::string& { return r.schema; }},
            .description = "Source schema, exactly as Db2 stores it (usually upper case).",
            .required = true},
    Setting{.path = "tables",
            .kind = SettingKind::kStringList,
            .field = RuleStringListField{[](ObjectRule& r) -> std::vector<std::string>& {
              return r.tables;
            }},
            .description = "Tables of the schema to sync: names or patterns where * matches any "
                           "characters; case-sensitive. Omit for every table of the schema."},
    Setting{.path = "exclude_tables",
            .kind = SettingKind::kStringList,
            .field = RuleStringListField{[](ObjectRule& r) -> std::vector<std::string>& {
              return r.exclude_tables;
            }},
            .description = "Tables (names or * patterns) this schema rule leaves out."},
    Setting{.path = "table",
            .kind = SettingKind::kOptionalString,
            .field = RuleStringField{[](ObjectRule& r) -> std::string& { return r.table; }},
            .description = "One table: makes this a table rule, which wins over schema rules for "
                           "that table (even over their exclude_tables). Not with tables or "
                           "exclude_tables."},
    Setting{.path = "rename",
            .kind = SettingKind::kOptionalString,
            .field = RuleStringField{[](ObjectRule& r) -> std::string& { return r.rename; }},
            .description = "Destination name: of the schema for a schema rule (one name per "
                           "schema), of the table for a table rule. Used verbatim: the "
                           "capitalization policy does not change it."},
    Setting{.path = "topic",
            .kind = SettingKind::kOptionalString,
            .field = RuleStringField{[](ObjectRule& r) -> std::string& { return r.topic; }},
            .description = "Topic for the selected tables' records. A table rule without topic "
                           "takes the one of the schema rule that selects the table, else "
                           "destination.topic."},
    Setting{.path = "columns.exclude",
            .kind = SettingKind::kStringList,
            .field = RuleStringListField{[](ObjectRule& r) -> std::vector<std::string>& {
              return r.columns.exclude;
            }},
            .description = "Table rule: source columns not synced. A primary-key column may be "
                           "excluded only when a unique key of the table keeps all its "
                           "columns."},
    Setting{.path = "columns.rename",
            .kind = SettingKind::kStringMap,
            .field = RuleStringMapField{[](ObjectRule& r) -> std::map<std::string, std::string>& {
              return r.columns.rename;
            }},
            .description = "Table rule: source column name to destination column name, used "
                           "verbatim."},
    Setting{.path = "filter",
            .kind = SettingKind::kOptionalString,
            .field = RuleStringField{[](ObjectRule& r) -> std::string& { return r.filter; }},
            .description = "Table rule: SQL condition on the source columns (a WHERE clause "
                           "without WHERE, no subqueries, no ';'). As DTS, it is evaluated on "
                           "the before-image: an update leaving the range is sent as a delete.",
            .check = CheckFilter},
    Setting{.path = "operations",
            .kind = SettingKind::kEnumList,
            .field = RuleStringListField{[](ObjectRule& r) -> std::vector<std::string>& {
              return r.operations;
            }},
            .description = "Incremental changes to send: a non-empty subset of insert, update, "
                           "delete. A table rule without it takes the schema rule's; all three "
                           "when no rule sets it.",
            .choices = kOperations},
    Setting{.path = "partition_key",
            .kind = SettingKind::kStringList,
            .field = RuleStringListField{[](ObjectRule& r) -> std::vector<std::string>& {
              return r.partition_key;
            }},
            .description = "Table rule: source columns hashed for partition_policy primary_key "
                           "instead of the primary key; they must exist and be synced."},
};

}  // namespace

std::span<const Setting> ObjectRuleSettings() { return kObjectRuleSettings; }

}  // namespace db2kafka::config
