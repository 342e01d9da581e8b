// One declared setting of the task file: its key path, type, default, bounds, description and
// whether it is secret. The table of all of them (settings_table.cc) is the single source for
// validation, defaults, docs/CONFIGURATION.md and redaction.
#pragma once

#include <cstdint>
#include <limits>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "config/task_config.h"

namespace db2kafka::config {

enum class SettingKind {
  kString,          // a scalar; required ones must not be empty
  kOptionalString,  // a scalar or null
  kInteger,
  kBoolean,
  kEnum,        // one of `choices`, matched without regard to case
  kStringMap,   // a mapping of names to scalars
  kStringList,  // a list of scalars
  kEnumList,    // a non-empty list of distinct `choices`
  kRuleList,    // a list of mappings, each made of the `item_settings`
};

std::string_view SettingKindName(SettingKind kind);

// Where a setting's value lands in TaskConfig. Captureless lambdas convert to these.
using StringField = std::string& (*)(TaskConfig&);
using IntegerField = int64_t& (*)(TaskConfig&);
using BooleanField = bool& (*)(TaskConfig&);
using StringMapField = std::map<std::string, std::string>& (*)(TaskConfig&);
using RuleListField = std::vector<ObjectRule>& (*)(TaskConfig&);
// Fields of one item of a kRuleList (an ObjectRule).
using RuleStringField = std::string& (*)(ObjectRule&);
using RuleStringListField = std::vector<std::string>& (*)(ObjectRule&);
using RuleStringMapField = std::map<std::string, std::string>& (*)(ObjectRule&);
using Field = std::variant<StringField, IntegerField, BooleanField, StringMapField, RuleListField,
                           RuleStringField, RuleStringListField, RuleStringMapField>;

// Extra check of a scalar's text: returns the problem, or empty when the value is fine.
using TextCheck = std::string (*)(std::string_view value);

struct Setting {
  std::string_view path;  // "destination.security.protocol"
  SettingKind kind;
  Field field;
  std::string_view description;
  std::string_view default_value = {};  // YAML text; empty = no default
  bool required = false;
  bool secret = false;
  std::span<const std::string_view> choices = {};
  int64_t min_value = std::numeric_limits<int64_t>::min();
  int64_t max_value = std::numeric_limits<int64_t>::max();
  TextCheck check = nullptr;
  // kRuleList: the settings of each item, paths relative to the item ("columns.rename").
  std::span<const Setting> (*item_settings)() = nullptr;
};

std::span<const Setting> AllSettings();
// The item settings of `objects` (object_rule_settings.cc).
std::span<const Setting> ObjectRuleSettings();
const Setting* FindSetting(std::string_view path);

}  // namespace db2kafka::config
