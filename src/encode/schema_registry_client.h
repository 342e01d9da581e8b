// A client of a Confluent-compatible Schema Registry (Confluent Schema Registry, Apicurio's
// /apis/ccompat/v7, Redpanda, Karapace): registers Avro schemas under subjects and remembers the
// ids, so each (subject, schema) costs one request per process. HTTP goes through HttpTransport,
// a seam that unit tests replace; the real one is libcurl with TLS against the system CAs.
//
// Thread-safe: one client may serve every encoder of a process. It must outlive them.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "base/clock.h"
#include "base/error.h"

namespace db2kafka::encode {

struct HttpRequest {
  std::string_view method;  // "GET", "POST", "PUT"
  std::string url;
  std::string_view content_type;  // empty: no body
  std::string_view body;
  // HTTP basic authentication when user is not empty. The password never leaves the transport.
  std::string_view user;
  std::string_view password;
  std::chrono::milliseconds timeout{10000};
};

struct HttpResponse {
  int32_t status = 0;
  std::string body;
};

class HttpTransport {
 public:
  virtual ~HttpTransport() = default;
  // Any HTTP answer, whatever its status, is a response. An error means no answer arrived:
  // Unavailable (cannot connect, TLS failure, connection reset) or DeadlineExceeded (timeout).
  // Messages never contain the password.
  virtual base::Result<HttpResponse> Send(const HttpRequest& request) = 0;
};

// "https://user:secret@host:8081/x" → "https://host:8081/x", as messages show URLs.
std::string UrlWithoutUserInfo(std::string_view url);

// libcurl: HTTP/1.1 keep-alive on one connection, TLS verified against the system CA store.
std::unique_ptr<HttpTransport> MakeCurlHttpTransport();

struct SchemaRegistryOptions {
  // Base URL, e.g. "https://registry:8081" or "http://host:8080/apis/ccompat/v7".
  std::string url;
  std::string user;
  std::string password;  // secret: never logged, never in an error message
  std::chrono::milliseconds request_timeout{10000};
  // Connection errors, timeouts, 5xx, 408 and 429 are retried with doubling backoff until this
  // much time has passed since the first attempt; other 4xx answers are final at once.
  std::chrono::milliseconds retry_budget{60000};
  std::chrono::milliseconds initial_backoff{100};
  std::chrono::milliseconds max_backoff{5000};
  // Seams for tests: where time comes from and how the client waits between attempts.
  const base::Clock* clock = &base::SystemClock::Instance();
  std::function<void(std::chrono::milliseconds)> sleep;  // empty: std::this_thread::sleep_for
};

class SchemaRegistryClient {
 public:
  SchemaRegistryClient(SchemaRegistryOptions options, std::unique_ptr<HttpTransport> transport);
  // Over libcurl. InvalidArgument when the URL is not http:// or https://.
  static base::Result<std::unique_ptr<SchemaRegistryClient>> Create(SchemaRegistryOptions options);

  // POST /subjects/{subject}/versions; the registry's id for the schema. Registers once per
  // (subject, schema text) per process; later calls answer from the cache without a request.
  // FailedPrecondition when the registry refuses the schema as incompatible (409).
  base::Result<int32_t> Register(std::string_view subject, std::string_view avro_schema);

  // PUT /config/{subject} {"compatibility": level}: NONE, BACKWARD, FORWARD, FULL (+_TRANSITIVE).
  base::Status SetCompatibility(std::string_view subject, std::string_view level);

  // GET on a path below the base URL ("/subjects/x-value/versions"); the body of a 200 answer.
  base::Result<std::string> Get(std::string_view path);

  // HTTP requests sent, retries included; for tests and metrics.
  int64_t requests_sent() const { return requests_sent_.load(); }
  // The base URL with any user:password@ part removed, as messages show it.
  const std::string& display_url() const { return display_url_; }

 private:
  base::Result<HttpResponse> SendWithRetries(std::string_view method, std::string_view path,
                                             std::string_view body);
  base::Error ErrorForStatus(std::string_view method, std::string_view path,
                             std::string_view subject, const HttpResponse& response) const;
  base::Error Redacted(base::Error error) const;

  SchemaRegistryOptions options_;
  std::unique_ptr<HttpTransport> transport_;
  std::string base_url_;  // without a trailing '/'
  std::string display_url_;
  std::atomic<int64_t> requests_sent_{0};
  std::mutex mutex_;                    // guards ids_; the transport serializes its own requests
  std::map<std::string, int32_t> ids_;  // subject '\0' schema text → id
};

}  // namespace db2kafka::encode
