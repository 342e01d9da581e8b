#include "runner/source_check.h"

#include "base/status_macros.h"
#include "drda/connection.h"
#include "runner/source_options.h"

namespace db2kafka::runner {
namespace {

std::string HintFor(const base::Error& error) {
  switch (error.code) {
    case base::ErrorCode::kUnauthenticated:
      return "check source.user and source.password";
    case base::ErrorCode::kNotFound:
      return "check source.database";
    case base::ErrorCode::kFailedPrecondition:
      return "check source.tls and source.security_mechanism";
    case base::ErrorCode::kUnavailable:
    case base::ErrorCode::kDeadlineExceeded:
      return "check source.host and source.port, and that Db2 is listening there";
    default:
      return {};
  }
}

}  // namespace

base::Result<SourceStatus> CheckSource(const config::SourceConfig& source) {
  auto connection = drda::Connection::Open(ConnectOptionsFor(source));
  if (!connection) {
    base::Error error = std::move(connection).error();
    if (std::string hint = HintFor(error); !hint.empty()) error.message += " — " + hint;
    return base::Fail(std::move(error));
  }
  const drda::ServerInfo& server = (*connection)->server();
  return SourceStatus{std::string(server.dialect->name), server.product_id, server.sqlam,
                      static_cast<int>(server.mechanism), source.tls.enabled};
}

}  // namespace db2kafka::runner
