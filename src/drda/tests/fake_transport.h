// An in-memory Transport for decoder tests: serves fixed bytes in chunks of at most `chunk`
// bytes (as a slow network would split them), then reports the peer as gone, like a closed
// socket. Records what the client wrote. Owned by one test.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <limits>
#include <span>
#include <vector>

#include "drda/transport.h"

namespace db2kafka::drda::testing {

class FakeTransport : public Transport {
 public:
  explicit FakeTransport(std::vector<uint8_t> incoming,
                         size_t chunk = std::numeric_limits<size_t>::max())
      : incoming_(std::move(incoming)), chunk_(chunk) {}

  base::Status Write(std::span<const uint8_t> bytes) override {
    written_.insert(written_.end(), bytes.begin(), bytes.end());
    return {};
  }

  base::Result<size_t> Read(std::span<uint8_t> buffer) override {
    if (served_ == incoming_.size()) {
      return base::Fail(base::ErrorCode::kUnavailable, "the server closed the connection");
    }
    const size_t count = std::min({chunk_, buffer.size(), incoming_.size() - served_});
    std::memcpy(buffer.data(), incoming_.data() + served_, count);
    served_ += count;
    ++reads_;
    return count;
  }

  void SetIoTimeout(std::chrono::milliseconds) override {}

  const std::vector<uint8_t>& written() const { return written_; }
  size_t served() const { return served_; }
  size_t reads() const { return reads_; }

 private:
  std::vector<uint8_t> incoming_;
  size_t chunk_;
  size_t served_ = 0;
  size_t reads_ = 0;
  std::vector<uint8_t> written_;
};

}  // namespace db2kafka::drda::testing
