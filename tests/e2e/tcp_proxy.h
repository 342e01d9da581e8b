// A TCP proxy on 127.0.0.1 for tests that cut a connection: every accepted client is paired with
// a new connection to the target and bytes are pumped both ways on one thread. Cut() closes every
// pair at once, as a network failure or a server restart would; while refusing, new clients are
// closed as soon as they are accepted.
#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace db2kafka::e2e {

class TcpProxy {
 public:
  TcpProxy(std::string target_host, uint16_t target_port);
  ~TcpProxy();
  TcpProxy(const TcpProxy&) = delete;
  TcpProxy& operator=(const TcpProxy&) = delete;

  uint16_t port() const { return port_; }
  void Cut();
  void SetRefusing(bool refusing) { refusing_ = refusing; }
  int64_t connections_accepted() const { return accepted_; }

 private:
  void Run();

  std::string target_host_;
  uint16_t target_port_;
  int listener_ = -1;
  uint16_t port_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<bool> refusing_{false};
  std::atomic<bool> cut_requested_{false};
  std::atomic<int64_t> accepted_{0};
  std::vector<std::pair<int, int>> pairs_;  // client, server; owned by the pump thread
  std::thread pump_;
};

}  // namespace db2kafka::e2e
