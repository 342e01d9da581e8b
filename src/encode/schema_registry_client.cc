#include "encode/schema_registry_client.h"

#include <algorithm>
#include <cctype>
#include <climits>
#include <nlohmann/json.hpp>
#include <thread>
#include <vector>

#include "base/logger.h"
#include "base/status_macros.h"
#include "encode/json_writer.h"

namespace db2kafka::encode {
namespace {

constexpr std::string_view kContentType = "application/vnd.schemaregistry.v1+json";
constexpr size_t kMaxQuotedBodyBytes = 600;

// Subjects are topic names plus a suffix, so only the rare character needs escaping.
std::string PercentEncode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string encoded;
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (std::isalnum(byte) != 0 || c == '-' || c == '_' || c == '.' || c == '~') {
      encoded += c;
    } else {
      encoded += '%';
      encoded += kHex[byte >> 4];
      encoded += kHex[byte & 15];
    }
  }
  return encoded;
}

// Subjects never contain NUL, so it separates the two parts of a cache key.
std::string CacheKey(std::string_view subject, std::string_view schema) {
  std::string key;
  key.reserve(subject.size() + 1 + schema.size());
  key.append(subject).append(1, '\0').append(schema);
  return key;
}

bool IsRetriableStatus(int32_t status) { return status >= 500 || status == 408 || status == 429; }

// The registry's own explanation: {"error_code": 409, "message": "..."} (Confluent and Apicurio's
// ccompat API), else the start of the body.
std::string RegistryMessage(std::string_view body) {
  const nlohmann::json json = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (json.is_object()) {
    const auto message = json.find("message");
    if (message != json.end() && message->is_string()) return message->get<std::string>();
  }
  std::string text(body.substr(0, kMaxQuotedBodyBytes));
  if (body.size() > kMaxQuotedBodyBytes) text += "...";
  return text.empty() ? "empty answer" : text;
}

}  // namespace

std::string UrlWithoutUserInfo(std::string_view url) {
  const size_t scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) return std::string(url);
  const size_t authority_start = scheme_end + 3;
  const size_t authority_end = std::min(url.find('/', authority_start), url.size());
  const size_t at = url.substr(0, authority_end).rfind('@');
  if (at == std::string_view::npos || at < authority_start) return std::string(url);
  return std::string(url.substr(0, authority_start)) + std::string(url.substr(at + 1));
}

SchemaRegistryClient::SchemaRegistryClient(SchemaRegistryOptions options,
                                           std::unique_ptr<HttpTransport> transport)
    : options_(std::move(options)), transport_(std::move(transport)) {
  base_url_ = options_.url;
  while (!base_url_.empty() && base_url_.back() == '/') base_url_.pop_back();
  display_url_ = UrlWithoutUserInfo(base_url_);
  if (!options_.sleep) {
    options_.sleep = [](std::chrono::milliseconds delay) { std::this_thread::sleep_for(delay); };
  }
}

base::Result<std::unique_ptr<SchemaRegistryClient>> SchemaRegistryClient::Create(
    SchemaRegistryOptions options) {
  const std::string_view url = options.url;
  if (!url.starts_with("http://") && !url.starts_with("https://")) {
    return base::Fail(base::ErrorCode::kInvalidArgument,
                      "destination.schema_registry.url \"" + UrlWithoutUserInfo(url) +
                          "\" is not an http:// or https:// URL");
  }
  return std::make_unique<SchemaRegistryClient>(std::move(options), MakeCurlHttpTransport());
}

base::Result<int32_t> SchemaRegistryClient::Register(std::string_view subject,
                                                     std::string_view avro_schema) {
  std::string cache_key = CacheKey(subject, avro_schema);
  {
    std::lock_guard lock(mutex_);
    const auto cached = ids_.find(cache_key);
    if (cached != ids_.end()) return cached->second;
  }
  std::string body = "{\"schema\":";
  AppendJsonString(body, avro_schema);
  body += '}';
  const std::string path = "/subjects/" + PercentEncode(subject) + "/versions";
  DB2KAFKA_ASSIGN_OR_RETURN(HttpResponse response, SendWithRetries("POST", path, body));
  if (response.status != 200) return base::Fail(ErrorForStatus("POST", path, subject, response));
  const nlohmann::json json =
      nlohmann::json::parse(response.body, nullptr, /*allow_exceptions=*/false);
  const auto id = json.is_object() ? json.find("id") : json.end();
  if (!json.is_object() || id == json.end() || !id->is_number_integer() || id->get<int64_t>() < 0 ||
      id->get<int64_t>() > INT32_MAX) {
    return base::Fail(
        Redacted(base::MakeError(base::ErrorCode::kProtocol,
                                 "schema registry " + display_url_ + " answered POST " + path +
                                     " without a schema id: " + RegistryMessage(response.body))));
  }
  const auto schema_id = static_cast<int32_t>(id->get<int64_t>());
  {
    std::lock_guard lock(mutex_);
    ids_.emplace(std::move(cache_key), schema_id);
  }
  base::LogInfo("schema-registry", "subject " + std::string(subject) + " has schema id " +
                                       std::to_string(schema_id) + " at " + display_url_);
  return schema_id;
}

base::Status SchemaRegistryClient::SetCompatibility(std::string_view subject,
                                                    std::string_view level) {
  std::string body = "{\"compatibility\":";
  AppendJsonString(body, level);
  body += '}';
  const std::string path = "/config/" + PercentEncode(subject);
  DB2KAFKA_ASSIGN_OR_RETURN(HttpResponse response, SendWithRetries("PUT", path, body));
  if (response.status != 200) return base::Fail(ErrorForStatus("PUT", path, subject, response));
  return {};
}

base::Result<std::string> SchemaRegistryClient::Get(std::string_view path) {
  DB2KAFKA_ASSIGN_OR_RETURN(HttpResponse response, SendWithRetries("GET", path, {}));
  if (response.status != 200) return base::Fail(ErrorForStatus("GET", path, {}, response));
  return std::move(response.body);
}

base::Result<HttpResponse> SchemaRegistryClient::SendWithRetries(std::string_view method,
                                                                 std::string_view path,
                                                                 std::string_view body) {
  const int64_t start_ms = options_.clock->NowMillis();
  const int64_t budget_ms = options_.retry_budget.count();
  std::chrono::milliseconds backoff = options_.initial_backoff;
  for (int attempt = 1;; ++attempt) {
    const int64_t elapsed_ms = options_.clock->NowMillis() - start_ms;
    HttpRequest request{.method = method,
                        .url = base_url_ + std::string(path),
                        .content_type = body.empty() ? std::string_view{} : kContentType,
                        .body = body,
                        .user = options_.user,
                        .password = options_.password,
                        .timeout = std::chrono::milliseconds(std::clamp<int64_t>(
                            budget_ms - elapsed_ms, 1, options_.request_timeout.count()))};
    requests_sent_.fetch_add(1);
    base::Result<HttpResponse> response = transport_->Send(request);
    std::string failure;
    if (!response) {
      if (!response.error().retriable) return base::Fail(Redacted(response.error()));
      failure = response.error().message;
    } else if (IsRetriableStatus(response->status)) {
      failure = "HTTP " + std::to_string(response->status) + ": " + RegistryMessage(response->body);
    } else {
      return response;
    }
    const int64_t waited_ms = options_.clock->NowMillis() - start_ms;
    if (waited_ms + backoff.count() >= budget_ms) {
      return base::Fail(Redacted(base::MakeError(
          base::ErrorCode::kUnavailable,
          "schema registry " + display_url_ + " did not answer " + std::string(method) + " " +
              std::string(path) + " after " + std::to_string(attempt) + " attempts in " +
              std::to_string(waited_ms) + " ms (last: " + failure +
              "); is destination.schema_registry.url right and the registry up?")));
    }
    base::LogWarning("schema-registry",
                     std::string(method) + " " + display_url_ + std::string(path) + " failed (" +
                         failure + "); retrying in " + std::to_string(backoff.count()) + " ms");
    options_.sleep(backoff);
    backoff = std::min(backoff * 2, options_.max_backoff);
  }
}

base::Error SchemaRegistryClient::ErrorForStatus(std::string_view method, std::string_view path,
                                                 std::string_view subject,
                                                 const HttpResponse& response) const {
  const std::string registry_message = RegistryMessage(response.body);
  const std::string request = std::string(method) + " " + display_url_ + std::string(path);
  const std::string answer =
      " (HTTP " + std::to_string(response.status) + ": " + registry_message + ")";
  base::Error error;
  switch (response.status) {
    case 409:
      error = base::MakeError(
          base::ErrorCode::kFailedPrecondition,
          "schema registry " + display_url_ + " refused the new schema of subject \"" +
              std::string(subject) + "\" as incompatible with its earlier versions" + answer +
              "; the table's columns changed in a way the subject's compatibility level forbids: "
              "set the subject's compatibility to NONE (PUT /config/" +
              std::string(subject) + ") if consumers can cope, or send the table to a new topic");
      break;
    case 401:
      error = base::MakeError(base::ErrorCode::kUnauthenticated,
                              "schema registry " + display_url_ + " refused the credentials" +
                                  (options_.user.empty() ? std::string(" (none sent)")
                                                         : " of user \"" + options_.user + "\"") +
                                  " for " + request + answer +
                                  "; check destination.schema_registry.user and password");
      break;
    case 403:
      error = base::MakeError(base::ErrorCode::kPermissionDenied,
                              "schema registry user \"" + options_.user + "\" may not " + request +
                                  answer + "; grant it write access to the subject");
      break;
    case 404:
      error = base::MakeError(
          base::ErrorCode::kNotFound,
          request + " found nothing" + answer +
              "; is destination.schema_registry.url the registry's base URL (for Apicurio "
              "Registry: http://host:port/apis/ccompat/v7)?");
      break;
    case 400:
    case 422:
      error = base::MakeError(base::ErrorCode::kInvalidArgument,
                              "schema registry " + display_url_ + " rejected " + request +
                                  " for subject \"" + std::string(subject) + "\"" + answer);
      break;
    default:
      error = base::MakeError(base::ErrorCode::kFailedPrecondition,
                              "schema registry answered " + request + " unexpectedly" + answer);
      break;
  }
  return Redacted(std::move(error));
}

// The password is never put into a message on purpose; this catches a registry or a library that
// echoes it back.
base::Error SchemaRegistryClient::Redacted(base::Error error) const {
  if (!options_.password.empty()) {
    error.message = base::RedactSecrets(error.message, {options_.password});
  }
  return error;
}

}  // namespace db2kafka::encode
