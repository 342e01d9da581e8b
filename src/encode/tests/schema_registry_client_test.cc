#include "encode/schema_registry_client.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <deque>
#include <nlohmann/json.hpp>

namespace db2kafka::encode {
namespace {

using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr std::string_view kPassword = "s3cr3t-Pa55";

struct SentRequest {
  std::string method;
  std::string url;
  std::string content_type;
  std::string body;
  std::string user;
  std::string password;
  int64_t timeout_ms = 0;
};

// Answers requests from a script, in order, and records what was sent.
class ScriptedTransport final : public HttpTransport {
 public:
  void Answer(int32_t status, std::string body) {
    script_.emplace_back(HttpResponse{.status = status, .body = std::move(body)});
  }
  void Fail(base::ErrorCode code, std::string message) {
    script_.emplace_back(base::Fail(code, std::move(message)));
  }

  base::Result<HttpResponse> Send(const HttpRequest& request) override {
    sent_.push_back(SentRequest{std::string(request.method), request.url,
                                std::string(request.content_type), std::string(request.body),
                                std::string(request.user), std::string(request.password),
                                request.timeout.count()});
    if (script_.empty()) return base::Fail(base::ErrorCode::kInternal, "script exhausted");
    base::Result<HttpResponse> next = std::move(script_.front());
    script_.pop_front();
    return next;
  }

  const std::vector<SentRequest>& sent() const { return sent_; }

 private:
  std::deque<base::Result<HttpResponse>> script_;
  std::vector<SentRequest> sent_;
};

class SchemaRegistryClientTest : public ::testing::Test {
 protected:
  SchemaRegistryClient& MakeClient(std::string url = "https://registry.example:8081/") {
    auto transport = std::make_unique<ScriptedTransport>();
    transport_ = transport.get();
    SchemaRegistryOptions options{.url = std::move(url),
                                  .user = "writer",
                                  .password = std::string(kPassword),
                                  .retry_budget = std::chrono::milliseconds(10000),
                                  .initial_backoff = std::chrono::milliseconds(100),
                                  .max_backoff = std::chrono::milliseconds(1000),
                                  .clock = &clock_,
                                  .sleep = [this](std::chrono::milliseconds delay) {
                                    sleeps_.push_back(delay.count());
                                    clock_.Advance(delay.count() * 1000);
                                  }};
    client_ = std::make_unique<SchemaRegistryClient>(std::move(options), std::move(transport));
    return *client_;
  }

  base::ManualClock clock_{1'700'000'000'000'000};
  std::vector<int64_t> sleeps_;
  ScriptedTransport* transport_ = nullptr;
  std::unique_ptr<SchemaRegistryClient> client_;
};

constexpr std::string_view kSchema = R"({"type":"record","name":"Key","fields":[]})";

TEST_F(SchemaRegistryClientTest, RegistersWithConfluentRequestAndBasicAuth) {
  SchemaRegistryClient& client = MakeClient();
  transport_->Answer(200, R"({"id":42})");
  auto id = client.Register("orders-value", kSchema);
  ASSERT_TRUE(id) << id.error().ToString();
  EXPECT_EQ(*id, 42);
  ASSERT_EQ(transport_->sent().size(), 1u);
  const SentRequest& sent = transport_->sent()[0];
  EXPECT_EQ(sent.method, "POST");
  EXPECT_EQ(sent.url, "https://registry.example:8081/subjects/orders-value/versions");
  EXPECT_EQ(sent.content_type, "application/vnd.schemaregistry.v1+json");
  EXPECT_EQ(nlohmann::json::parse(sent.body), nlohmann::json({{"schema", kSchema}}));
  EXPECT_EQ(sent.user, "writer");
  EXPECT_EQ(sent.password, kPassword);
  EXPECT_EQ(sent.timeout_ms, 10000);
}

TEST_F(SchemaRegistryClientTest, CacheHitSendsNoSecondRequest) {
  SchemaRegistryClient& client = MakeClient();
  transport_->Answer(200, R"({"id":7})");
  transport_->Answer(200, R"({"id":8})");
  EXPECT_EQ(client.Register("t-value", kSchema).value(), 7);
  EXPECT_EQ(client.Register("t-value", kSchema).value(), 7);
  EXPECT_EQ(client.requests_sent(), 1);
  // Another subject with the same schema is another registration.
  EXPECT_EQ(client.Register("u-value", kSchema).value(), 8);
  EXPECT_EQ(client.requests_sent(), 2);
}

TEST_F(SchemaRegistryClientTest, RetriesConnectionErrorsAnd5xxThenSucceeds) {
  SchemaRegistryClient& client = MakeClient();
  transport_->Fail(base::ErrorCode::kUnavailable, "cannot POST https://registry: refused");
  transport_->Answer(503, R"({"error_code":50301,"message":"leader not known"})");
  transport_->Fail(base::ErrorCode::kDeadlineExceeded, "timeout");
  transport_->Answer(429, "slow down");
  transport_->Answer(200, R"({"id":3})");
  auto id = client.Register("t-value", kSchema);
  ASSERT_TRUE(id) << id.error().ToString();
  EXPECT_EQ(*id, 3);
  EXPECT_EQ(transport_->sent().size(), 5u);
  EXPECT_THAT(sleeps_, ElementsAre(100, 200, 400, 800));
}

TEST_F(SchemaRegistryClientTest, GivesUpWithinTheRetryBudget) {
  SchemaRegistryClient& client = MakeClient();
  for (int i = 0; i < 100; ++i) transport_->Answer(500, R"({"message":"internal"})");
  auto id = client.Register("t-value", kSchema);
  ASSERT_FALSE(id);
  EXPECT_EQ(id.error().code, base::ErrorCode::kUnavailable);
  EXPECT_TRUE(id.error().retriable);
  EXPECT_THAT(id.error().message, HasSubstr("HTTP 500: internal"));
  // 100+200+400+800+1000×8 = 9500 ms slept; one more second would end past the 10 000 ms budget.
  int64_t slept = 0;
  for (int64_t delay : sleeps_) slept += delay;
  EXPECT_EQ(slept, 9500);
  EXPECT_EQ(transport_->sent().size(), 13u);
}

TEST_F(SchemaRegistryClientTest, NoRetryFor4xx) {
  SchemaRegistryClient& client = MakeClient();
  transport_->Answer(422, R"({"error_code":42201,"message":"Invalid schema"})");
  auto id = client.Register("t-value", kSchema);
  ASSERT_FALSE(id);
  EXPECT_EQ(id.error().code, base::ErrorCode::kInvalidArgument);
  EXPECT_THAT(id.error().message, HasSubstr("Invalid schema"));
  EXPECT_EQ(transport_->sent().size(), 1u);
  EXPECT_TRUE(sleeps_.empty());
}

TEST_F(SchemaRegistryClientTest, IncompatibleSchemaIsFailedPreconditionNamingSubject) {
  SchemaRegistryClient& client = MakeClient();
  transport_->Answer(409, R"({"error_code":409,"message":"Schema being registered is incompatible )"
                          R"(with an earlier schema for subject \"orders-value\""})");
  auto id = client.Register("orders-value", kSchema);
  ASSERT_FALSE(id);
  EXPECT_EQ(id.error().code, base::ErrorCode::kFailedPrecondition);
  EXPECT_FALSE(id.error().retriable);
  EXPECT_THAT(id.error().message,
              AllOf(HasSubstr("subject \"orders-value\""),
                    HasSubstr("Schema being registered is incompatible with an earlier schema"),
                    HasSubstr("compatibility to NONE"), HasSubstr("new topic")));
  EXPECT_EQ(transport_->sent().size(), 1u);
  // A refusal is not cached: the next attempt asks again.
  transport_->Answer(200, R"({"id":5})");
  EXPECT_EQ(client.Register("orders-value", kSchema).value(), 5);
}

TEST_F(SchemaRegistryClientTest, AuthenticationErrorsNeverShowThePassword) {
  SchemaRegistryClient& client =
      MakeClient("https://writer:" + std::string(kPassword) + "@registry.example:8081");
  // A registry that echoes the credentials back must not get them into the message either.
  transport_->Answer(401, R"({"error_code":401,"message":"bad credentials writer:)" +
                              std::string(kPassword) + R"("})");
  transport_->Answer(403, R"({"error_code":403,"message":"forbidden"})");
  transport_->Fail(base::ErrorCode::kFailedPrecondition,
                   "cannot POST https://writer:" + std::string(kPassword) + "@registry: TLS");
  auto unauthenticated = client.Register("t-value", kSchema);
  ASSERT_FALSE(unauthenticated);
  EXPECT_EQ(unauthenticated.error().code, base::ErrorCode::kUnauthenticated);
  EXPECT_THAT(
      unauthenticated.error().message,
      AllOf(HasSubstr("user \"writer\""), HasSubstr("destination.schema_registry"),
            HasSubstr("https://registry.example:8081/subjects"), Not(HasSubstr(kPassword))));
  auto denied = client.Register("t-value", kSchema);
  ASSERT_FALSE(denied);
  EXPECT_EQ(denied.error().code, base::ErrorCode::kPermissionDenied);
  EXPECT_THAT(denied.error().message, Not(HasSubstr(kPassword)));
  auto transport_error = client.Register("t-value", kSchema);
  ASSERT_FALSE(transport_error);
  EXPECT_THAT(transport_error.error().message, Not(HasSubstr(kPassword)));
  EXPECT_EQ(client.display_url(), "https://registry.example:8081");
}

TEST_F(SchemaRegistryClientTest, NotFoundPointsAtTheBaseUrl) {
  SchemaRegistryClient& client = MakeClient("http://127.0.0.1:8080");
  transport_->Answer(404, "<html>Not Found</html>");
  auto id = client.Register("t-value", kSchema);
  ASSERT_FALSE(id);
  EXPECT_EQ(id.error().code, base::ErrorCode::kNotFound);
  EXPECT_THAT(id.error().message,
              AllOf(HasSubstr("<html>Not Found</html>"), HasSubstr("/apis/ccompat/v7")));
}

TEST_F(SchemaRegistryClientTest, MalformedAnswersAreProtocolErrors) {
  SchemaRegistryClient& client = MakeClient();
  for (std::string body : {"not json", "[1,2]", R"({"id":"7"})", R"({"version":1})", R"({"id":-1})",
                           R"({"id":99999999999})"}) {
    transport_->Answer(200, body);
    auto id = client.Register("t-value", kSchema);
    ASSERT_FALSE(id) << body;
    EXPECT_EQ(id.error().code, base::ErrorCode::kProtocol) << body;
    EXPECT_THAT(id.error().message, HasSubstr("without a schema id")) << body;
  }
}

TEST_F(SchemaRegistryClientTest, SubjectsAreEscapedInThePath) {
  SchemaRegistryClient& client = MakeClient("http://h:1/apis/ccompat/v7");
  transport_->Answer(200, R"({"id":1})");
  ASSERT_TRUE(client.Register("db2.sample/x y-value", kSchema));
  EXPECT_EQ(transport_->sent()[0].url,
            "http://h:1/apis/ccompat/v7/subjects/db2.sample%2Fx%20y-value/versions");
}

TEST_F(SchemaRegistryClientTest, SetsCompatibility) {
  SchemaRegistryClient& client = MakeClient();
  transport_->Answer(200, R"({"compatibility":"FULL"})");
  ASSERT_TRUE(client.SetCompatibility("t-value", "FULL"));
  EXPECT_EQ(transport_->sent()[0].method, "PUT");
  EXPECT_EQ(transport_->sent()[0].url, "https://registry.example:8081/config/t-value");
  EXPECT_EQ(nlohmann::json::parse(transport_->sent()[0].body),
            nlohmann::json({{"compatibility", "FULL"}}));
}

TEST(SchemaRegistryClient, CreateRejectsNonHttpUrls) {
  auto client = SchemaRegistryClient::Create({.url = "ftp://user:pw@host"});
  ASSERT_FALSE(client);
  EXPECT_EQ(client.error().code, base::ErrorCode::kInvalidArgument);
  EXPECT_THAT(client.error().message, AllOf(HasSubstr("ftp://host"), Not(HasSubstr("pw"))));
}

TEST(SchemaRegistryClient, UrlWithoutUserInfo) {
  EXPECT_EQ(UrlWithoutUserInfo("https://u:p@h:1/a@b"), "https://h:1/a@b");
  EXPECT_EQ(UrlWithoutUserInfo("http://h:1/a@b"), "http://h:1/a@b");
  EXPECT_EQ(UrlWithoutUserInfo("http://u:p@h"), "http://h");
}

}  // namespace
}  // namespace db2kafka::encode
