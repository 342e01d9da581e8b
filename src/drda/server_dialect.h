// The one seam for what Db2 LUW and Apache Derby do differently on the wire (../shared/docs/drda.md
// section 6). Everything else in the client is written against the DRDA specification and reads
// its choices from here.
#pragma once

#include <string>
#include <string_view>

namespace db2kafka::drda {

enum class ServerKind { kDb2, kDerby };

struct ServerDialect {
  ServerKind kind = ServerKind::kDb2;
  std::string_view name;
  // ACCRDB PRDID we send: Derby only serves clients whose id contains DNC (its own client); the
  // digits switch Derby features on (10.14: 29-digit timestamps, BOOLEAN, PBSD).
  std::string_view requester_product_id;
  // Message tokens in the SQLCA: Db2 separates with 0xFF, Derby with 0x14.
  char token_separator = '\xFF';
  // An EXTDTA (LOB value) of a nullable column starts with a null indicator. Derby's server
  // (DRDAConnThread.writeEXTDTA, 10.14 and later) never resets that flag within a row, so once a
  // nullable LOB has been sent every later LOB of the same row carries the byte too.
  bool extdta_null_indicator_sticky = false;
};

// Chooses the dialect from what EXCSATRD says about the server (SRVCLSNM, SRVRLSLV, EXTNAM).
const ServerDialect& DialectFor(std::string_view server_class, std::string_view server_release,
                                std::string_view external_name);

std::string_view ServerKindName(ServerKind kind);

}  // namespace db2kafka::drda
