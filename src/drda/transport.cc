#include "drda/transport.h"

#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace db2kafka::drda {
namespace {

using Clock = std::chrono::steady_clock;

std::string Endpoint(const TransportOptions& options) {
  return options.host + ":" + std::to_string(options.port);
}

base::Error SystemError(base::ErrorCode code, const std::string& context, int error_number) {
  return base::MakeError(code, context + ": " + std::strerror(error_number));
}

// Waits until the socket is ready for `events` or the deadline passes.
base::Status WaitFor(int fd, int16_t events, Clock::time_point deadline, const std::string& what) {
  while (true) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) {
      return base::Fail(base::ErrorCode::kDeadlineExceeded, "timed out " + what);
    }
    pollfd descriptor{fd, events, 0};
    const int ready = poll(&descriptor, 1, static_cast<int>(left.count()));
    if (ready > 0) return {};
    if (ready < 0 && errno != EINTR) {
      return base::Fail(SystemError(base::ErrorCode::kUnavailable, what, errno));
    }
  }
}

base::Result<int> ConnectSocket(const TransportOptions& options, Clock::time_point deadline) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* addresses = nullptr;
  const int resolved =
      getaddrinfo(options.host.c_str(), std::to_string(options.port).c_str(), &hints, &addresses);
  if (resolved != 0) {
    return base::Fail(base::ErrorCode::kUnavailable,
                      "cannot resolve " + options.host + ": " + gai_strerror(resolved));
  }
  base::Error last_error = base::MakeError(base::ErrorCode::kUnavailable, "no address");
  for (addrinfo* address = addresses; address != nullptr; address = address->ai_next) {
    const int fd = socket(address->ai_family, address->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC,
                          address->ai_protocol);
    if (fd < 0) continue;
    if (connect(fd, address->ai_addr, address->ai_addrlen) != 0 && errno != EINPROGRESS) {
      last_error = SystemError(base::ErrorCode::kUnavailable,
                               "cannot connect to " + Endpoint(options), errno);
      close(fd);
      continue;
    }
    base::Status writable = WaitFor(fd, POLLOUT, deadline, "connecting to " + Endpoint(options));
    int socket_error = 0;
    socklen_t length = sizeof(socket_error);
    if (writable) getsockopt(fd, SOL_SOCKET, SO_ERROR, &socket_error, &length);
    if (!writable || socket_error != 0) {
      last_error = writable ? SystemError(base::ErrorCode::kUnavailable,
                                          "cannot connect to " + Endpoint(options), socket_error)
                            : writable.error();
      close(fd);
      continue;
    }
    const int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    freeaddrinfo(addresses);
    return fd;
  }
  freeaddrinfo(addresses);
  return base::Fail(std::move(last_error));
}

// Acknowledge at once instead of after Linux's 40 ms delayed-ACK timer. Servers that leave Nagle
// on (Derby does) send the second part of a reply (an EXTDTA after its QRYDTA) only when the first
// is acknowledged: without this every LOB row costs 40 ms. The mode is not sticky, so it is set
// before each read.
void AcknowledgeQuickly(int fd) {
  const int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_QUICKACK, &one, sizeof(one));
}

class TcpTransport : public Transport {
 public:
  TcpTransport(int fd, std::string endpoint) : fd_(fd), endpoint_(std::move(endpoint)) {}
  ~TcpTransport() override { close(fd_); }

  base::Status Write(std::span<const uint8_t> bytes) override {
    const auto deadline = Clock::now() + io_timeout_;
    while (!bytes.empty()) {
      const ssize_t sent = send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
      if (sent > 0) {
        bytes = bytes.subspan(static_cast<size_t>(sent));
      } else if (sent < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) {
        if (auto ready = WaitFor(fd_, POLLOUT, deadline, "writing to " + endpoint_); !ready) {
          return ready;
        }
      } else {
        return base::Fail(SystemError(base::ErrorCode::kUnavailable,
                                      "connection to " + endpoint_ + " lost while writing", errno));
      }
    }
    return {};
  }

  base::Result<size_t> Read(std::span<uint8_t> buffer) override {
    const auto deadline = Clock::now() + io_timeout_;
    while (true) {
      AcknowledgeQuickly(fd_);
      const ssize_t received = recv(fd_, buffer.data(), buffer.size(), 0);
      if (received > 0) return static_cast<size_t>(received);
      if (received == 0) {
        return base::Fail(base::ErrorCode::kUnavailable,
                          "connection to " + endpoint_ + " closed by the server");
      }
      if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) {
        if (auto ready = WaitFor(fd_, POLLIN, deadline, "waiting for " + endpoint_); !ready) {
          return base::Fail(std::move(ready).error());
        }
        continue;
      }
      return base::Fail(SystemError(base::ErrorCode::kUnavailable,
                                    "connection to " + endpoint_ + " lost while reading", errno));
    }
  }

  void SetIoTimeout(std::chrono::milliseconds timeout) override { io_timeout_ = timeout; }
  int fd() const { return fd_; }
  const std::string& endpoint() const { return endpoint_; }
  std::chrono::milliseconds io_timeout() const { return io_timeout_; }

 private:
  int fd_;
  std::string endpoint_;
  std::chrono::milliseconds io_timeout_{10000};
};

std::string OpenSslErrors() {
  std::string text;
  while (const uint64_t code = ERR_get_error()) {
    char buffer[256];
    ERR_error_string_n(code, buffer, sizeof(buffer));
    if (!text.empty()) text += "; ";
    text += buffer;
  }
  return text.empty() ? "unknown TLS error" : text;
}

// TLS over the TCP socket. OpenSSL works on the non-blocking socket; WANT_READ/WANT_WRITE wait
// with the same deadlines as plain TCP.
class TlsTransport : public Transport {
 public:
  TlsTransport(std::unique_ptr<TcpTransport> tcp, SSL_CTX* context, SSL* ssl)
      : tcp_(std::move(tcp)), context_(context), ssl_(ssl) {}
  ~TlsTransport() override {
    SSL_free(ssl_);
    SSL_CTX_free(context_);
  }

  base::Status Handshake(Clock::time_point deadline) {
    while (true) {
      const int result = SSL_connect(ssl_);
      if (result == 1) return {};
      if (auto waited = WaitForSsl(result, deadline, "TLS handshake with " + tcp_->endpoint());
          !waited) {
        return waited;
      }
    }
  }

  base::Status Write(std::span<const uint8_t> bytes) override {
    const auto deadline = Clock::now() + tcp_->io_timeout();
    while (!bytes.empty()) {
      size_t written = 0;
      const int result = SSL_write_ex(ssl_, bytes.data(), bytes.size(), &written);
      if (result == 1) {
        bytes = bytes.subspan(written);
        continue;
      }
      if (auto waited = WaitForSsl(result, deadline, "writing to " + tcp_->endpoint()); !waited) {
        return waited;
      }
    }
    return {};
  }

  base::Result<size_t> Read(std::span<uint8_t> buffer) override {
    const auto deadline = Clock::now() + tcp_->io_timeout();
    while (true) {
      size_t received = 0;
      AcknowledgeQuickly(tcp_->fd());
      const int result = SSL_read_ex(ssl_, buffer.data(), buffer.size(), &received);
      if (result == 1) return received;
      if (auto waited = WaitForSsl(result, deadline, "reading from " + tcp_->endpoint()); !waited) {
        return base::Fail(std::move(waited).error());
      }
    }
  }

  void SetIoTimeout(std::chrono::milliseconds timeout) override { tcp_->SetIoTimeout(timeout); }

 private:
  base::Status WaitForSsl(int result, Clock::time_point deadline, const std::string& what) {
    const int error = SSL_get_error(ssl_, result);
    if (error == SSL_ERROR_WANT_READ) return WaitFor(tcp_->fd(), POLLIN, deadline, what);
    if (error == SSL_ERROR_WANT_WRITE) return WaitFor(tcp_->fd(), POLLOUT, deadline, what);
    if (error == SSL_ERROR_ZERO_RETURN) {
      return base::Fail(base::ErrorCode::kUnavailable, what + ": the server closed the connection");
    }
    const int64_t verify = SSL_get_verify_result(ssl_);
    std::string detail = OpenSslErrors();
    if (verify != X509_V_OK) {
      detail = std::string("certificate verify failed: ") + X509_verify_cert_error_string(verify);
      return base::Fail(base::ErrorCode::kFailedPrecondition, what + ": " + detail);
    }
    if (error == SSL_ERROR_SYSCALL && detail == "unknown TLS error") {
      detail = "the connection was closed during TLS (is the server's port plain TCP, not TLS?)";
    }
    return base::Fail(base::ErrorCode::kUnavailable, what + ": " + detail);
  }

  std::unique_ptr<TcpTransport> tcp_;
  SSL_CTX* context_;
  SSL* ssl_;
};

base::Result<std::unique_ptr<Transport>> ConnectTls(std::unique_ptr<TcpTransport> tcp,
                                                    const TransportOptions& options,
                                                    Clock::time_point deadline) {
  SSL_CTX* context = SSL_CTX_new(TLS_client_method());
  if (context == nullptr) return base::Fail(base::ErrorCode::kInternal, OpenSslErrors());
  SSL_CTX_set_min_proto_version(context, TLS1_2_VERSION);
  SSL_CTX_set_verify(context, SSL_VERIFY_PEER, nullptr);
  const int loaded = options.ca_file.empty()
                         ? SSL_CTX_set_default_verify_paths(context)
                         : SSL_CTX_load_verify_locations(context, options.ca_file.c_str(), nullptr);
  if (loaded != 1) {
    SSL_CTX_free(context);
    return base::Fail(base::ErrorCode::kInvalidArgument,
                      "cannot load the CA file " + options.ca_file + ": " + OpenSslErrors());
  }
  SSL* ssl = SSL_new(context);
  SSL_set_fd(ssl, tcp->fd());
  // The certificate must name the host we asked for: as an IP address or as a DNS name.
  X509_VERIFY_PARAM* verify = SSL_get0_param(ssl);
  if (X509_VERIFY_PARAM_set1_ip_asc(verify, options.host.c_str()) != 1) {
    X509_VERIFY_PARAM_set1_host(verify, options.host.c_str(), 0);
    SSL_set_tlsext_host_name(ssl, options.host.c_str());
  }
  auto transport = std::make_unique<TlsTransport>(std::move(tcp), context, ssl);
  if (auto shaken = transport->Handshake(deadline); !shaken) {
    return base::Fail(std::move(shaken).error());
  }
  return std::unique_ptr<Transport>(std::move(transport));
}

}  // namespace

base::Result<std::unique_ptr<Transport>> Connect(const TransportOptions& options) {
  const auto deadline = Clock::now() + options.connect_timeout;
  auto fd = ConnectSocket(options, deadline);
  if (!fd) return base::Fail(std::move(fd).error());
  auto tcp = std::make_unique<TcpTransport>(*fd, Endpoint(options));
  tcp->SetIoTimeout(options.connect_timeout);
  if (!options.tls) return std::unique_ptr<Transport>(std::move(tcp));
  return ConnectTls(std::move(tcp), options, deadline);
}

}  // namespace db2kafka::drda
