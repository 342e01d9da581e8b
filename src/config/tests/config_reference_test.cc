#include "config/config_reference.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "config/setting.h"

namespace db2kafka::config {
namespace {

TEST(ConfigReference, CommittedDocMatchesTheSettingsTable) {
  std::ifstream committed(std::string(DB2KAFKA_SOURCE_DIR) + "/docs/CONFIGURATION.md");
  ASSERT_TRUE(committed) << "docs/CONFIGURATION.md is missing; run `make docs`";
  std::stringstream text;
  text << committed.rdbuf();
  EXPECT_EQ(text.str(), RenderConfigurationReference())
      << "docs/CONFIGURATION.md is stale; run `make docs` and commit it";
}

TEST(ConfigReference, EverySettingIsDocumentedWithADescription) {
  const std::string doc = RenderConfigurationReference();
  for (const Setting& setting : AllSettings()) {
    EXPECT_FALSE(setting.description.empty()) << setting.path;
    EXPECT_NE(doc.find("`" + std::string(setting.path) + "`"), std::string::npos) << setting.path;
  }
}

// Item settings (of a kRuleList) write into an ObjectRule, the others into the TaskConfig.
bool FieldFits(const Setting& setting, bool item) {
  switch (setting.kind) {
    case SettingKind::kString:
    case SettingKind::kOptionalString:
    case SettingKind::kEnum:
      return item ? std::holds_alternative<RuleStringField>(setting.field)
                  : std::holds_alternative<StringField>(setting.field);
    case SettingKind::kInteger:
      return !item && std::holds_alternative<IntegerField>(setting.field);
    case SettingKind::kBoolean:
      return !item && std::holds_alternative<BooleanField>(setting.field);
    case SettingKind::kStringMap:
      return item ? std::holds_alternative<RuleStringMapField>(setting.field)
                  : std::holds_alternative<StringMapField>(setting.field);
    case SettingKind::kStringList:
    case SettingKind::kEnumList:
      return item && std::holds_alternative<RuleStringListField>(setting.field);
    case SettingKind::kRuleList:
      return !item && std::holds_alternative<RuleListField>(setting.field) &&
             setting.item_settings != nullptr;
  }
  return false;
}

void CheckDeclaration(const Setting& setting, bool item) {
  EXPECT_TRUE(FieldFits(setting, item)) << setting.path;
  const bool has_choices =
      setting.kind == SettingKind::kEnum || setting.kind == SettingKind::kEnumList;
  EXPECT_EQ(has_choices, !setting.choices.empty()) << setting.path;
  EXPECT_FALSE(setting.required && !setting.default_value.empty()) << setting.path;
  EXPECT_FALSE(setting.description.empty()) << setting.path;
}

TEST(SettingsTable, KindsAgreeWithTheirFields) {
  for (const Setting& setting : AllSettings()) {
    CheckDeclaration(setting, false);
    if (setting.item_settings == nullptr) continue;
    for (const Setting& item : setting.item_settings()) CheckDeclaration(item, true);
  }
}

TEST(ConfigReference, DocumentsTheFieldsOfEachRule) {
  const std::string doc = RenderConfigurationReference();
  for (const Setting& setting : AllSettings()) {
    if (setting.item_settings == nullptr) continue;
    for (const Setting& item : setting.item_settings()) {
      const std::string path = std::string(setting.path) + "[]." + std::string(item.path);
      EXPECT_NE(doc.find("`" + path + "`"), std::string::npos) << path;
    }
  }
}

}  // namespace
}  // namespace db2kafka::config
