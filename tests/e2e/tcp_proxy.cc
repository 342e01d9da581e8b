#include "tests/e2e/tcp_proxy.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>
#include <stdexcept>

namespace db2kafka::e2e {
namespace {

int ConnectTo(const std::string& host, uint16_t port) {
  addrinfo hints{};
  hints.ai_family = AF_INET;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  if (getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &found) != 0) return -1;
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd >= 0 && connect(fd, found->ai_addr, found->ai_addrlen) != 0) {
    close(fd);
    freeaddrinfo(found);
    return -1;
  }
  freeaddrinfo(found);
  return fd;
}

// Copies what is readable from `from` to `to`; false when either side is done.
bool Pump(int from, int to) {
  char buffer[65536];
  const ssize_t got = read(from, buffer, sizeof(buffer));
  if (got <= 0) return false;
  for (ssize_t sent = 0; sent < got;) {
    const ssize_t wrote = write(to, buffer + sent, static_cast<size_t>(got - sent));
    if (wrote <= 0) return false;
    sent += wrote;
  }
  return true;
}

}  // namespace

TcpProxy::TcpProxy(std::string target_host, uint16_t target_port)
    : target_host_(std::move(target_host)), target_port_(target_port) {
  listener_ = socket(AF_INET, SOCK_STREAM, 0);
  const int yes = 1;
  setsockopt(listener_, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0 ||
      listen(listener_, 64) != 0) {
    throw std::runtime_error(std::string("tcp proxy: ") + std::strerror(errno));
  }
  socklen_t length = sizeof(address);
  getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &length);
  port_ = ntohs(address.sin_port);
  pump_ = std::thread([this] { Run(); });
}

TcpProxy::~TcpProxy() {
  stopping_ = true;
  pump_.join();
  close(listener_);
}

void TcpProxy::Cut() { cut_requested_ = true; }

void TcpProxy::Run() {
  const auto close_all = [this] {
    for (const auto& [client, server] : pairs_) {
      close(client);
      close(server);
    }
    pairs_.clear();
  };
  while (!stopping_) {
    if (cut_requested_.exchange(false)) close_all();
    std::vector<pollfd> fds = {{listener_, POLLIN, 0}};
    for (const auto& [client, server] : pairs_) {
      fds.push_back({client, POLLIN, 0});
      fds.push_back({server, POLLIN, 0});
    }
    if (poll(fds.data(), fds.size(), 50) <= 0) continue;
    const size_t polled = pairs_.size();
    if ((fds[0].revents & POLLIN) != 0) {
      const int client = accept(listener_, nullptr, nullptr);
      if (client >= 0) {
        const int server = refusing_ ? -1 : ConnectTo(target_host_, target_port_);
        if (server < 0) {
          close(client);
        } else {
          pairs_.emplace_back(client, server);
          ++accepted_;
        }
      }
    }
    std::vector<size_t> done;
    for (size_t i = 0; i < polled; ++i) {
      const pollfd& client = fds[1 + 2 * i];
      const pollfd& server = fds[2 + 2 * i];
      bool open = true;
      if (client.revents != 0) open = Pump(pairs_[i].first, pairs_[i].second);
      if (open && server.revents != 0) open = Pump(pairs_[i].second, pairs_[i].first);
      if (!open) done.push_back(i);
    }
    for (auto it = done.rbegin(); it != done.rend(); ++it) {
      close(pairs_[*it].first);
      close(pairs_[*it].second);
      pairs_.erase(pairs_.begin() + static_cast<std::ptrdiff_t>(*it));
    }
  }
  close_all();
}

}  // namespace db2kafka::e2e
