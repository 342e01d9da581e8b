#include "config/config_reference.h"

#include <string_view>

#include "config/detail/text_utils.h"
#include "config/setting.h"

namespace db2kafka::config {
namespace {

// How `objects` rules select and shape tables (runner/object_selection.cc implements it).
constexpr std::string_view kObjectsText =
    "\n## How objects rules apply\n\n"
    "- Names are case-sensitive, as Db2 stores them (unquoted names are upper case). In "
    "`tables` and `exclude_tables`, `*` matches any characters.\n"
    "- The most specific rule wins for a table: a rule with `table:` first (even when a schema "
    "rule excludes the table), then the schema rule where the table matches an exact name, "
    "then one where it matches a pattern, then one without `tables`; among equals, the first "
    "in the file. A schema rule's `exclude_tables` removes the table from that rule only.\n"
    "- A table rule takes `topic` and `operations` from the schema rule that would select the "
    "table when it does not set them. The destination schema name is the schema rule's "
    "`rename` for every table of the schema.\n"
    "- `columns.exclude`, `columns.rename` and `partition_key` name source columns; the "
    "columns must exist. A primary-key column may be excluded only when a unique key of the "
    "table keeps all its columns; that key then identifies rows. `filter` may name only "
    "columns of the table (excluded ones too: it runs on the source).\n"
    "- `capitalization` applies to names that no `rename` gives: `default` lower-cases the "
    "database, schema and table names and keeps column names (DTS's policy for Db2 "
    "sources); `upper`/`lower` change every name; `source` keeps them.\n";

std::string_view SectionOf(const Setting& setting) {
  const std::string_view path = setting.path;
  if (setting.kind == SettingKind::kRuleList) return path;
  const size_t dot = path.find('.');
  return dot == std::string_view::npos ? std::string_view("(top level)") : path.substr(0, dot);
}

std::string TypeText(const Setting& setting) {
  std::string text(SettingKindName(setting.kind));
  if (setting.kind == SettingKind::kEnum) {
    text = "one of " + detail::JoinNames(setting.choices);
  }
  if (setting.kind == SettingKind::kEnumList) {
    text = "list of " + detail::JoinNames(setting.choices);
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

std::string Row(const Setting& setting, const std::string& path) {
  std::string description(setting.description);
  if (setting.secret) description += " **Secret.**";
  return "| `" + path + "` | " + EscapeCell(TypeText(setting)) + " | " + DefaultText(setting) +
         " | " + EscapeCell(description) + " |\n";
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
      "yet (`alerts`, `transform`, ...) are rejected as unknown until their "
      "issue lands.\n";
  std::string_view section;
  for (const Setting& setting : AllSettings()) {
    if (SectionOf(setting) != section) {
      section = SectionOf(setting);
      doc += "\n## " + std::string(section) + "\n\n";
      doc += "| setting | type | default | description |\n|---|---|---|---|\n";
    }
    doc += Row(setting, std::string(setting.path));
    if (setting.item_settings != nullptr) {
      for (const Setting& item : setting.item_settings()) {
        doc += Row(item, std::string(setting.path) + "[]." + std::string(item.path));
      }
    }
  }
  doc += kObjectsText;
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
      "may then write a record twice. `all` (the default) keeps idempotence.\n"
      "- `sync`: at least one phase is on; `start_from` needs `incremental: true`.\n"
      "- `incremental.heartbeat_table` is `SCHEMA.TABLE`, in the catalog's spelling.\n"
      "- `retry.other_minutes` is smaller than `retry.connection_minutes`.\n"
      "- `destination.producer` may not set `message.timeout.ms` or `delivery.timeout.ms`: "
      "records never time out one by one (a lost record with later ones delivered would break "
      "per-key order); when Kafka acknowledges nothing for a minute the attempt starts over "
      "with a new producer, within `retry.connection_minutes`.\n"
      "- `objects`: an empty list is rejected; without `objects` only `check` and `sql` run "
      "(`CheckReadyToSync`). A table rule takes no `tables`/`exclude_tables`; `columns`, "
      "`filter` and `partition_key` need a table rule; one rule per table; one destination "
      "name per schema; a column is not both excluded and renamed, and two columns are not "
      "renamed to one name.\n";
  return doc;
}

}  // namespace db2kafka::config
