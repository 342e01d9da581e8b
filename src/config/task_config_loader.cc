#include "config/task_config_loader.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdlib>
#include <fstream>
#include <set>
#include <span>
#include <sstream>

#include "base/status_macros.h"
#include "config/detail/cross_field_rules.h"
#include "config/detail/object_rule_checks.h"
#include "config/detail/text_utils.h"
#include "config/setting.h"

namespace db2kafka::config {
namespace {

int LineOf(const YAML::Node& node) {
  const YAML::Mark mark = node.Mark();
  return mark.line >= 0 ? mark.line + 1 : 0;
}

bool IsSection(std::span<const Setting> settings, std::string_view path) {
  for (const Setting& setting : settings) {
    if (setting.path.size() > path.size() && setting.path.starts_with(path) &&
        setting.path[path.size()] == '.') {
      return true;
    }
  }
  return false;
}

const Setting* FindIn(std::span<const Setting> settings, std::string_view path) {
  for (const Setting& setting : settings) {
    if (setting.path == path) return &setting;
  }
  return nullptr;
}

// The names allowed directly under `prefix`, for "did you mean" hints.
std::vector<std::string> ChildNames(std::span<const Setting> settings, std::string_view prefix) {
  std::set<std::string> names;
  for (const Setting& setting : settings) {
    std::string_view rest = setting.path;
    if (!prefix.empty()) {
      if (!(rest.starts_with(prefix) && rest.size() > prefix.size() &&
            rest[prefix.size()] == '.')) {
        continue;
      }
      rest.remove_prefix(prefix.size() + 1);
    }
    names.emplace(rest.substr(0, rest.find('.')));
  }
  return {names.begin(), names.end()};
}

std::string JoinPath(const std::string& prefix, std::string_view name) {
  return prefix.empty() ? std::string(name) : prefix + "." + std::string(name);
}

// A mapping being read: the task file's root, or one rule of a list such as `objects`.
struct Scope {
  std::span<const Setting> settings;
  std::string display;         // prefix of reported paths: "" or "objects[2]"
  ObjectRule* rule = nullptr;  // the item the settings write into; null = the TaskConfig
  std::set<std::string>* written = nullptr;  // setting paths (relative) that appear
};

class Loader {
 public:
  explicit Loader(const EnvironmentLookup& environment) : environment_(environment) {}

  LoadResult Load(const YAML::Node& root) {
    ApplyDefaults();
    if (!root.IsMap()) {
      Report("", LineOf(root), "the task file must be a mapping of settings (name:, source:, ...)");
      return tl::unexpected(std::move(issues_));
    }
    WalkSection(root, "", Scope{AllSettings(), "", nullptr, &written_});
    ReportMissingRequired();
    ResolvePasswordFile();
    detail::CheckCrossFieldRules(task_, written_, issues_);
    detail::CheckObjectRules(task_.objects, object_lines_, issues_);
    KeepFirstIssuePerSetting();
    if (!issues_.empty()) return tl::unexpected(std::move(issues_));
    return std::move(task_);
  }

 private:
  void Report(std::string path, int line, std::string message) {
    issues_.push_back(ConfigIssue{std::move(path), line, std::move(message)});
  }

  // A setting already reported (say, an unset ${VAR}) is not reported again by a later rule
  // that only sees its empty value.
  void KeepFirstIssuePerSetting() {
    std::set<std::string> reported;
    std::erase_if(issues_, [&reported](const ConfigIssue& issue) {
      return !issue.path.empty() && !reported.insert(issue.path).second;
    });
  }

  void ApplyDefaults() {
    for (const Setting& setting : AllSettings()) {
      if (setting.default_value.empty()) continue;
      // Defaults are declared as text so that the docs show exactly what is applied.
      DB2KAFKA_CHECK(AssignScalar(setting, std::string(setting.path),
                                  std::string(setting.default_value), 0, nullptr));
    }
  }

  // `prefix` is the path of `section` relative to the scope.
  void WalkSection(const YAML::Node& section, const std::string& prefix, const Scope& scope) {
    std::set<std::string> seen;
    for (const auto& entry : section) {
      const YAML::Node& key = entry.first;
      const YAML::Node& value = entry.second;
      if (!key.IsScalar()) {
        Report(JoinPath(scope.display, prefix), LineOf(key), "keys must be plain names");
        continue;
      }
      const std::string relative = JoinPath(prefix, key.Scalar());
      const std::string path = JoinPath(scope.display, relative);
      if (!seen.insert(key.Scalar()).second) {
        Report(path, LineOf(key), "is set twice; keep one");
        continue;
      }
      if (const Setting* setting = FindIn(scope.settings, relative)) {
        scope.written->insert(relative);
        AssignNode(*setting, path, value, LineOf(key), scope.rule);
      } else if (IsSection(scope.settings, relative)) {
        if (value.IsMap()) {
          WalkSection(value, relative, scope);
        } else if (!value.IsNull()) {
          Report(path, LineOf(key), "must be a mapping of settings");
        }
      } else {
        ReportUnknown(ChildNames(scope.settings, prefix), key.Scalar(), path, LineOf(key));
      }
    }
  }

  void ReportUnknown(const std::vector<std::string>& known, const std::string& name,
                     const std::string& path, int line) {
    std::string message = "unknown setting";
    const std::string suggestion = detail::ClosestName(name, known);
    if (!suggestion.empty()) {
      message += "; did you mean '" + suggestion + "'?";
    } else {
      message += " (known here: " + detail::JoinNames(known) + ")";
    }
    Report(path, line, message);
  }

  std::string& StringTarget(const Setting& setting, ObjectRule* rule) {
    if (rule != nullptr) return std::get<RuleStringField>(setting.field)(*rule);
    return std::get<StringField>(setting.field)(task_);
  }

  void AssignNode(const Setting& setting, const std::string& path, const YAML::Node& value,
                  int line, ObjectRule* rule) {
    switch (setting.kind) {
      case SettingKind::kStringMap:
        AssignMap(setting, path, value, line, rule);
        return;
      case SettingKind::kStringList:
      case SettingKind::kEnumList:
        AssignList(setting, path, value, line, rule);
        return;
      case SettingKind::kRuleList:
        AssignRules(setting, path, value, line);
        return;
      default:
        break;
    }
    if (value.IsNull()) {
      if (setting.kind == SettingKind::kOptionalString) {
        StringTarget(setting, rule).clear();
      } else {
        Report(path, line, "needs a value");
      }
      return;
    }
    if (!value.IsScalar()) {
      Report(path, line, "must be a single value, not a list or mapping");
      return;
    }
    std::optional<std::string> text = ExpandEnvironment(path, value.Scalar(), line);
    if (!text) return;
    AssignScalar(setting, path, *text, line, rule);
  }

  void AssignMap(const Setting& setting, const std::string& path, const YAML::Node& value, int line,
                 ObjectRule* rule) {
    auto& target = rule != nullptr ? std::get<RuleStringMapField>(setting.field)(*rule)
                                   : std::get<StringMapField>(setting.field)(task_);
    if (value.IsNull()) return;
    if (!value.IsMap()) {
      Report(path, line, "must be a mapping of names to values");
      return;
    }
    for (const auto& entry : value) {
      const std::string entry_path = path + "." + entry.first.Scalar();
      if (!entry.first.IsScalar() || !entry.second.IsScalar()) {
        Report(entry_path, LineOf(entry.first), "must be a name with a single value");
        continue;
      }
      std::optional<std::string> text =
          ExpandEnvironment(entry_path, entry.second.Scalar(), LineOf(entry.first));
      if (text) target[entry.first.Scalar()] = *text;
    }
  }

  // Lists exist only inside rules so far.
  void AssignList(const Setting& setting, const std::string& path, const YAML::Node& value,
                  int line, ObjectRule* rule) {
    DB2KAFKA_CHECK(rule != nullptr);
    std::vector<std::string>& target = std::get<RuleStringListField>(setting.field)(*rule);
    const bool enums = setting.kind == SettingKind::kEnumList;
    if (value.IsNull() && !enums) return;
    if (!value.IsSequence()) {
      Report(path, line,
             enums ? "must be a list of " + detail::JoinNames(setting.choices)
                   : "must be a list of names, e.g. [A, B]");
      return;
    }
    if (enums && value.size() == 0) {
      Report(path, line, "must name at least one of " + detail::JoinNames(setting.choices));
      return;
    }
    for (size_t i = 0; i < value.size(); ++i) {
      const YAML::Node& element = value[i];
      const std::string element_path = path + "[" + std::to_string(i) + "]";
      if (!element.IsScalar() || element.Scalar().empty()) {
        Report(element_path, LineOf(element), "must be a non-empty name");
        continue;
      }
      std::optional<std::string> text =
          ExpandEnvironment(element_path, element.Scalar(), LineOf(element));
      if (!text) continue;
      if (enums) {
        const auto choice = std::find_if(
            setting.choices.begin(), setting.choices.end(),
            [&text](std::string_view name) { return detail::EqualsIgnoringCase(name, *text); });
        if (choice == setting.choices.end()) {
          Report(
              element_path, LineOf(element),
              "must be one of " + detail::JoinNames(setting.choices) + " (got \"" + *text + "\")");
          continue;
        }
        *text = std::string(*choice);
      }
      if (std::find(target.begin(), target.end(), *text) != target.end()) {
        Report(element_path, LineOf(element), "lists \"" + *text + "\" twice");
        continue;
      }
      target.push_back(std::move(*text));
    }
  }

  void AssignRules(const Setting& setting, const std::string& path, const YAML::Node& value,
                   int line) {
    std::vector<ObjectRule>& rules = std::get<RuleListField>(setting.field)(task_);
    if (!value.IsSequence() && !value.IsNull()) {
      Report(path, line, "must be a list of rules, each a mapping (- schema: APP ...)");
      return;
    }
    if (value.IsNull() || value.size() == 0) {
      Report(path, line, "needs at least one rule: say which schemas and tables to sync");
      return;
    }
    for (size_t i = 0; i < value.size(); ++i) {
      const YAML::Node& item = value[i];
      const std::string item_path = path + "[" + std::to_string(i) + "]";
      if (!item.IsMap()) {
        Report(item_path, LineOf(item), "must be a mapping of rule fields (schema:, tables:, ...)");
        continue;
      }
      ObjectRule rule;
      std::set<std::string> written;
      const std::span<const Setting> fields = setting.item_settings();
      WalkSection(item, "", Scope{fields, item_path, &rule, &written});
      for (const Setting& field : fields) {
        if (field.required && !written.contains(std::string(field.path))) {
          Report(JoinPath(item_path, field.path), LineOf(item),
                 "is required: " + std::string(field.description));
        }
      }
      detail::CheckObjectRule(rule, item_path, written, LineOf(item), issues_);
      rules.push_back(std::move(rule));
      object_lines_.push_back(LineOf(item));
    }
  }

  // Replaces each ${NAME} by the environment variable NAME.
  std::optional<std::string> ExpandEnvironment(const std::string& path, const std::string& text,
                                               int line) {
    std::string result;
    size_t position = 0;
    while (true) {
      const size_t start = text.find("${", position);
      if (start == std::string::npos) break;
      const size_t end = text.find('}', start + 2);
      if (end == std::string::npos) {
        Report(path, line, "has '${' without a closing '}'");
        return std::nullopt;
      }
      const std::string name = text.substr(start + 2, end - start - 2);
      std::optional<std::string> value = environment_(name);
      if (!value) {
        Report(path, line, "refers to environment variable " + name + ", which is not set");
        return std::nullopt;
      }
      result.append(text, position, start - position);
      result += *value;
      position = end + 1;
    }
    result.append(text, position);
    return result;
  }

  // Returns whether the value was accepted.
  bool AssignScalar(const Setting& setting, const std::string& path, const std::string& text,
                    int line, ObjectRule* rule) {
    // A secret's value is never quoted back, not even in an error.
    const std::string shown = setting.secret ? std::string() : " (got \"" + text + "\")";
    switch (setting.kind) {
      case SettingKind::kString:
      case SettingKind::kOptionalString: {
        if (setting.kind == SettingKind::kString && setting.required && text.empty()) {
          Report(path, line, "must not be empty");
          return false;
        }
        if (setting.check != nullptr && !text.empty()) {
          if (std::string problem = setting.check(text); !problem.empty()) {
            Report(path, line, problem);
            return false;
          }
        }
        StringTarget(setting, rule) = text;
        return true;
      }
      case SettingKind::kEnum: {
        for (std::string_view choice : setting.choices) {
          if (detail::EqualsIgnoringCase(choice, text)) {
            StringTarget(setting, rule) = std::string(choice);
            return true;
          }
        }
        Report(path, line, "must be one of " + detail::JoinNames(setting.choices) + shown);
        return false;
      }
      case SettingKind::kInteger: {
        int64_t number = 0;
        auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
        if (error != std::errc() || end != text.data() + text.size()) {
          Report(path, line, "must be a whole number" + shown);
          return false;
        }
        if (number < setting.min_value || number > setting.max_value) {
          Report(path, line,
                 "must be from " + std::to_string(setting.min_value) + " to " +
                     std::to_string(setting.max_value) + shown);
          return false;
        }
        std::get<IntegerField>(setting.field)(task_) = number;
        return true;
      }
      case SettingKind::kBoolean: {
        if (detail::EqualsIgnoringCase(text, "true") || detail::EqualsIgnoringCase(text, "false")) {
          std::get<BooleanField>(setting.field)(task_) = detail::EqualsIgnoringCase(text, "true");
          return true;
        }
        Report(path, line, "must be true or false" + shown);
        return false;
      }
      case SettingKind::kStringMap:
      case SettingKind::kStringList:
      case SettingKind::kEnumList:
      case SettingKind::kRuleList:
        break;
    }
    Report(path, line, "cannot be set from a single value");
    return false;
  }

  // A required setting that is written but wrong was reported where it is written.
  void ReportMissingRequired() {
    for (const Setting& setting : AllSettings()) {
      if (setting.required && !written_.contains(std::string(setting.path))) {
        Report(std::string(setting.path), 0, "is required: " + std::string(setting.description));
      }
    }
  }

  void ResolvePasswordFile() {
    const std::string& file = task_.source.password_file;
    if (file.empty() || written_.contains("source.password")) return;
    std::ifstream input(file, std::ios::binary);
    if (!input) {
      Report("source.password_file", 0, "cannot read " + file + "; check the path and permissions");
      return;
    }
    std::stringstream content;
    content << input.rdbuf();
    std::string password = content.str();
    if (password.ends_with("\r\n")) {
      password.resize(password.size() - 2);
    } else if (password.ends_with('\n')) {
      password.pop_back();
    }
    task_.source.password = std::move(password);
  }

  const EnvironmentLookup& environment_;
  TaskConfig task_;
  std::set<std::string> written_;  // every setting path that appears in the file
  std::vector<int> object_lines_;  // line of each rule of task_.objects
  ConfigIssues issues_;
};

}  // namespace

std::string ConfigIssue::ToString(std::string_view file_name) const {
  std::string text(file_name);
  if (line > 0) text += ":" + std::to_string(line);
  text += ": ";
  if (!path.empty()) text += path + ": ";
  text += message;
  return text;
}

EnvironmentLookup ProcessEnvironment() {
  return [](const std::string& name) -> std::optional<std::string> {
    const char* value = std::getenv(name.c_str());
    if (value == nullptr) return std::nullopt;
    return std::string(value);
  };
}

ConfigIssues CheckReadyToSync(const TaskConfig& task) {
  if (!task.objects.empty()) return {};
  return {ConfigIssue{"objects", 0,
                      "is required to sync: list the schemas and tables, e.g. objects: [{schema: "
                      "APP}]"}};
}

LoadResult ParseTaskConfig(std::string_view text, const EnvironmentLookup& environment) {
  YAML::Node root;
  // yaml-cpp reports syntax errors by exception; this adapter turns them into an issue.
  try {
    root = YAML::Load(std::string(text));
  } catch (const YAML::Exception& error) {
    return tl::unexpected(ConfigIssues{ConfigIssue{
        "", error.mark.line >= 0 ? error.mark.line + 1 : 0, "not valid YAML: " + error.msg}});
  }
  return Loader(environment).Load(root);
}

LoadResult LoadTaskConfigFile(const std::string& file_path, const EnvironmentLookup& environment) {
  std::ifstream input(file_path, std::ios::binary);
  if (!input) {
    return tl::unexpected(
        ConfigIssues{ConfigIssue{"", 0, "cannot open the task file; check the path"}});
  }
  std::stringstream content;
  content << input.rdbuf();
  return ParseTaskConfig(content.str(), environment);
}

}  // namespace db2kafka::config
