#include "runner/source_options.h"

namespace db2kafka::runner {

drda::ConnectOptions ConnectOptionsFor(const config::SourceConfig& source) {
  drda::ConnectOptions options;
  options.transport.host = source.host;
  options.transport.port = static_cast<int>(source.port);
  options.transport.connect_timeout = std::chrono::milliseconds(source.connect_timeout_ms);
  options.transport.tls = source.tls.enabled;
  options.transport.ca_file = source.tls.ca_file;
  options.database = source.database;
  options.user = source.user;
  options.password = source.password;
  if (source.security_mechanism == "userid_password") {
    options.security = drda::SecurityPreference::kUserIdPassword;
  } else if (source.security_mechanism == "encrypted_userid_password") {
    options.security = drda::SecurityPreference::kEncryptedUserIdPassword;
  }
  return options;
}

}  // namespace db2kafka::runner
