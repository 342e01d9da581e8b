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

TEST(SettingsTable, KindsAgreeWithTheirFields) {
  for (const Setting& setting : AllSettings()) {
    switch (setting.kind) {
      case SettingKind::kString:
      case SettingKind::kOptionalString:
      case SettingKind::kEnum:
        EXPECT_TRUE(std::holds_alternative<StringField>(setting.field)) << setting.path;
        break;
      case SettingKind::kInteger:
        EXPECT_TRUE(std::holds_alternative<IntegerField>(setting.field)) << setting.path;
        break;
      case SettingKind::kBoolean:
        EXPECT_TRUE(std::holds_alternative<BooleanField>(setting.field)) << setting.path;
        break;
      case SettingKind::kStringMap:
        EXPECT_TRUE(std::holds_alternative<StringMapField>(setting.field)) << setting.path;
        break;
    }
    EXPECT_EQ(setting.kind == SettingKind::kEnum, !setting.choices.empty()) << setting.path;
    EXPECT_FALSE(setting.required && !setting.default_value.empty()) << setting.path;
  }
}

}  // namespace
}  // namespace db2kafka::config
