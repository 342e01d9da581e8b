// HttpTransport over libcurl's easy interface: one handle per transport, so keep-alive connections
// and TLS sessions are reused between requests; a mutex serializes the requests of all threads.
#include <curl/curl.h>

#include <algorithm>
#include <array>
#include <memory>
#include <mutex>
#include <string>

#include "encode/schema_registry_client.h"

namespace db2kafka::encode {
namespace {

// libcurl's options and results are C longs.
constexpr long kMaxConnectTimeoutMs = 10000;  // NOLINT(google-runtime-int)

struct CurlErrorRule {
  CURLcode code;
  base::ErrorCode error_code;
};

// Transient failures (Unavailable, DeadlineExceeded) are retried by the client; the rest need a
// change of configuration.
constexpr std::array kCurlErrorRules = {
    CurlErrorRule{CURLE_OPERATION_TIMEDOUT, base::ErrorCode::kDeadlineExceeded},
    CurlErrorRule{CURLE_URL_MALFORMAT, base::ErrorCode::kInvalidArgument},
    CurlErrorRule{CURLE_UNSUPPORTED_PROTOCOL, base::ErrorCode::kInvalidArgument},
    CurlErrorRule{CURLE_PEER_FAILED_VERIFICATION, base::ErrorCode::kFailedPrecondition},
    CurlErrorRule{CURLE_SSL_CACERT_BADFILE, base::ErrorCode::kFailedPrecondition},
    CurlErrorRule{CURLE_SSL_CERTPROBLEM, base::ErrorCode::kFailedPrecondition},
    CurlErrorRule{CURLE_OUT_OF_MEMORY, base::ErrorCode::kResourceExhausted},
};

base::ErrorCode ErrorCodeFor(CURLcode code) {
  const auto* rule = std::find_if(kCurlErrorRules.begin(), kCurlErrorRules.end(),
                                  [code](const CurlErrorRule& r) { return r.code == code; });
  return rule == kCurlErrorRules.end() ? base::ErrorCode::kUnavailable : rule->error_code;
}

size_t AppendBody(char* data, size_t size, size_t count, void* body) {
  static_cast<std::string*>(body)->append(data, size * count);
  return size * count;
}

class CurlHttpTransport final : public HttpTransport {
 public:
  CurlHttpTransport() {
    static std::once_flag global_init;
    std::call_once(global_init, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
    handle_.reset(curl_easy_init());
  }

  base::Result<HttpResponse> Send(const HttpRequest& request) override {
    std::lock_guard lock(mutex_);
    CURL* curl = handle_.get();
    if (curl == nullptr) {
      return base::Fail(base::ErrorCode::kResourceExhausted, "libcurl cannot create a handle");
    }
    curl_easy_reset(curl);
    HttpResponse response;
    char error_buffer[CURL_ERROR_SIZE] = {};
    const std::string user(request.user);
    const std::string password(request.password);
    std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> headers(nullptr,
                                                                        &curl_slist_free_all);
    headers.reset(curl_slist_append(
        headers.release(), "Accept: application/vnd.schemaregistry.v1+json, application/json"));
    if (!request.content_type.empty()) {
      const std::string content_type = "Content-Type: " + std::string(request.content_type);
      headers.reset(curl_slist_append(headers.release(), content_type.c_str()));
    }
    // NOLINTNEXTLINE(google-runtime-int)
    const long timeout_ms = static_cast<long>(request.timeout.count());
    curl_easy_setopt(curl, CURLOPT_URL, request.url.c_str());
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, timeout_ms);
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, std::min(timeout_ms, kMaxConnectTimeoutMs));
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error_buffer);
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers.get());
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, &AppendBody);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &response.body);
    if (!user.empty()) {
      curl_easy_setopt(curl, CURLOPT_HTTPAUTH, static_cast<long>(CURLAUTH_BASIC));
      curl_easy_setopt(curl, CURLOPT_USERNAME, user.c_str());
      curl_easy_setopt(curl, CURLOPT_PASSWORD, password.c_str());
    }
    if (request.method == "GET") {
      curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);
    } else {
      curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, std::string(request.method).c_str());
      curl_easy_setopt(curl, CURLOPT_POSTFIELDS, request.body.data());
      curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE,
                       static_cast<curl_off_t>(request.body.size()));
    }
    const CURLcode result = curl_easy_perform(curl);
    // The handle keeps pointers to these options; clear them before the strings go away.
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, nullptr);
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, nullptr);
    if (result != CURLE_OK) {
      const std::string detail =
          error_buffer[0] != '\0' ? error_buffer : curl_easy_strerror(result);
      return base::Fail(ErrorCodeFor(result), "cannot " + std::string(request.method) + " " +
                                                  UrlWithoutUserInfo(request.url) + ": " + detail);
    }
    long status = 0;  // NOLINT(google-runtime-int)
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    response.status = static_cast<int32_t>(status);
    return response;
  }

 private:
  struct CurlCleanup {
    void operator()(CURL* curl) const { curl_easy_cleanup(curl); }
  };
  std::mutex mutex_;
  std::unique_ptr<CURL, CurlCleanup> handle_;
};

}  // namespace

std::unique_ptr<HttpTransport> MakeCurlHttpTransport() {
  return std::make_unique<CurlHttpTransport>();
}

}  // namespace db2kafka::encode
