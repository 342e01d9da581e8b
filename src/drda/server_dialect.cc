#include "drda/server_dialect.h"

namespace db2kafka::drda {
namespace {

constexpr ServerDialect kDb2{.kind = ServerKind::kDb2,
                             .name = "Db2",
                             .requester_product_id = "SQL11058",
                             .token_separator = '\xFF'};
constexpr ServerDialect kDerby{.kind = ServerKind::kDerby,
                               .name = "Apache Derby",
                               .requester_product_id = "DNC10140",
                               .token_separator = '\x14',
                               .extdta_null_indicator_sticky = true};

bool Contains(std::string_view text, std::string_view part) {
  return text.find(part) != std::string_view::npos;
}

}  // namespace

const ServerDialect& DialectFor(std::string_view server_class, std::string_view server_release,
                                std::string_view external_name) {
  // Derby announces itself as "NetworkServerControl" / "Apache Derby" with a CSS release level.
  if (Contains(server_class, "Derby") || Contains(external_name, "Derby") ||
      Contains(server_class, "NetworkServerControl") || server_release.starts_with("CSS")) {
    return kDerby;
  }
  return kDb2;
}

std::string_view ServerKindName(ServerKind kind) {
  return kind == ServerKind::kDerby ? "Apache Derby" : "Db2";
}

}  // namespace db2kafka::drda
