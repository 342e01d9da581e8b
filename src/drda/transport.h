// The byte stream under DRDA: TCP, or TLS from the first byte (DRDA has no STARTTLS). A seam so
// that tests can feed recorded or corrupt bytes. One thread owns a Transport.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <span>
#include <string>

#include "base/error.h"

namespace db2kafka::drda {

class Transport {
 public:
  virtual ~Transport() = default;
  virtual base::Status Write(std::span<const uint8_t> bytes) = 0;
  // Reads at least one byte; Unavailable when the peer closed the connection or the timeout ran
  // out.
  virtual base::Result<size_t> Read(std::span<uint8_t> buffer) = 0;
  virtual void SetIoTimeout(std::chrono::milliseconds timeout) = 0;
};

struct TransportOptions {
  std::string host;
  int port = 50000;
  std::chrono::milliseconds connect_timeout{10000};
  bool tls = false;
  std::string ca_file;  // empty: the system's CAs
};

base::Result<std::unique_ptr<Transport>> Connect(const TransportOptions& options);

}  // namespace db2kafka::drda
