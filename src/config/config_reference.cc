#include "config/config_reference.h"

#include <string_view>

#include "config/detail/text_utils.h"
#include "config/setting.h"

namespace db2kafka::config {
namespace {

std::string_view SectionOf(std::string_view path) {
  const size_t dot = path.find('.');
  return dot == std::string_view::npos ? std::string_view("(top level)") : path.substr(0, dot);
}

std::string TypeText(const Setting& setting) {
  std::string text(SettingKindName(setting.kind));
  if (setting.kind == SettingKind::kEnum) {
    text = "one of " + detail::JoinNames(setting.choices);
  }
  if (setting.kind == SettingKind::kInteger &&
      setting.min_value != std::numeric_limits<int64_t>::min()) {
    text += " " + std::to_string(setting.min_value) + ".." + std::to_string(setting.max_value);
  }
  return text;
}

std::string DefaultText(const Setting& setting) {
  if (setting.required) return "required";
  if (setting.default_value.empty()) return "unset";
  return "`" + std::string(setting.default_value) + "`";
}

std::string EscapeCell(std::string_view text) {
  std::string escaped;
  for (char c : text) {
    if (c == '|') escaped += '\\';
    escaped += c;
  }
  return escaped;
}

}  // namespace

std::string RenderConfigurationReference() {
  std::string doc =
      "# Task file reference\n\n"
      "<!-- Generated from src/config/settings_table.cc by `make docs`; do not edit. -->\n\n"
      "A task file is YAML (JSON is accepted too). `db2kafka validate -c FILE` checks it and "
      "reports every problem at once with its key path. Any string value may contain `${VAR}`, "
      "replaced by the environment variable `VAR`; an unset variable is an error. Values of "
      "secret settings never appear in logs, errors or the REST API.\n\n"
      "Settings not listed here are rejected. Sections of the product spec that are not built "
      "yet (`sync`, `objects`, `full`, `incremental`, `retry`, `alerts`, `transform`, ...) are "
      "rejected as unknown until their issue lands.\n";
  std::string_view section;
  for (const Setting& setting : AllSettings()) {
    if (SectionOf(setting.path) != section) {
      section = SectionOf(setting.path);
      doc += "\n## " + std::string(section) + "\n\n";
      doc += "| setting | type | default | description |\n|---|---|---|---|\n";
    }
    std::string description(setting.description);
    if (setting.secret) description += " **Secret.**";
    doc += "| `" + std::string(setting.path) + "` | " + EscapeCell(TypeText(setting)) + " | " +
           DefaultText(setting) + " | " + EscapeCell(description) + " |\n";
  }
  doc +=
      "\n## Rules across settings\n\n"
      "- `source.password` and `source.password_file`: exactly one is set.\n"
      "- `source.tls.ca_file` needs `source.tls.enabled: true`; CA files must be readable.\n"
      "- `destination.security.user` and `password` are required for `sasl_plaintext` and "
      "`sasl_ssl`, and rejected for the other protocols; `ca_file` only for `ssl` and "
      "`sasl_ssl`.\n"
      "- `destination.topic` and `ddl_topic` follow Kafka's topic-name rule (ASCII letters, "
      "digits, `.`, `_`, `-`; at most 249).\n"
      "- `destination.format: avro_registry` needs `destination.schema_registry.url`.\n"
      "- `destination.acks: 0` or `1` turns the idempotent producer off: librdkafka's retries "
      "may then write a record twice. `all` (the default) keeps idempotence.\n";
  return doc;
}

}  // namespace db2kafka::config
