// Admin calls and connection failures against the real broker: the errors a user sees when the
// destination is misconfigured.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>

#include "kafka/admin.h"
#include "kafka/producer.h"
#include "kafka/tests/kafka_test_env.h"

namespace db2kafka::kafka {
namespace {

using ::testing::HasSubstr;
using testing::Listener;

TEST(AdminIntegration, CreatesListsDescribesAndDeletesTopics) {
  auto admin = Admin::Create(testing::OptionsFor(Listener::kSaslSsl));
  ASSERT_TRUE(admin) << admin.error().ToString();
  const std::string topic = testing::UniqueTopic("admin");
  ASSERT_TRUE((*admin)->CreateTopic({.name = topic, .partition_count = 5}));

  const auto topics = (*admin)->ListTopics();
  ASSERT_TRUE(topics) << topics.error().ToString();
  const auto found = std::find_if(topics->begin(), topics->end(),
                                  [&](const TopicInfo& info) { return info.name == topic; });
  ASSERT_NE(found, topics->end());
  EXPECT_EQ(found->partition_count, 5);
  for (const TopicInfo& info : *topics) EXPECT_FALSE(info.name.starts_with("__")) << info.name;

  EXPECT_EQ((*admin)->DescribeTopic(topic).value().partition_count, 5);
  const base::Status again = (*admin)->CreateTopic({.name = topic, .partition_count = 5});
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, base::ErrorCode::kAlreadyExists);

  ASSERT_TRUE((*admin)->DeleteTopic(topic));
  const auto missing = (*admin)->DescribeTopic("never-created-topic-db2kafka");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, base::ErrorCode::kNotFound);
}

TEST(AdminIntegration, CountsAndDeletesRecordsKeepingTheTopic) {
  auto admin = Admin::Create(testing::OptionsFor(Listener::kPlaintext));
  ASSERT_TRUE(admin) << admin.error().ToString();
  const std::string topic = testing::UniqueTopic("admin-records");
  ASSERT_TRUE((*admin)->CreateTopic({.name = topic, .partition_count = 3}));
  const auto empty = (*admin)->CountRecords(topic);
  ASSERT_TRUE(empty) << empty.error().ToString();
  EXPECT_EQ(*empty, 0);

  auto producer = Producer::Create({.client = testing::OptionsFor(Listener::kPlaintext)},
                                   [](const DeliveryReport&) {});
  ASSERT_TRUE(producer) << producer.error().ToString();
  for (int32_t i = 0; i < 7; ++i) {
    ASSERT_TRUE((*producer)->Produce({.topic = topic, .partition = i % 3, .value = "v"}));
  }
  ASSERT_TRUE((*producer)->Flush(std::chrono::seconds(30)));
  EXPECT_EQ((*admin)->CountRecords(topic).value(), 7);

  ASSERT_TRUE((*admin)->DeleteRecords(topic));
  EXPECT_EQ((*admin)->CountRecords(topic).value(), 0);
  EXPECT_EQ((*admin)->DescribeTopic(topic).value().partition_count, 3);
  ASSERT_TRUE((*producer)->Produce({.topic = topic, .partition = 0, .value = "after"}));
  ASSERT_TRUE((*producer)->Flush(std::chrono::seconds(30)));
  EXPECT_EQ((*admin)->CountRecords(topic).value(), 1);

  const auto missing = (*admin)->CountRecords("never-created-topic-db2kafka");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, base::ErrorCode::kNotFound);
  ASSERT_TRUE((*admin)->DeleteTopic(topic));
}

void ExpectWrongPasswordIsReported(Listener listener) {
  ClientOptions options = testing::OptionsFor(listener);
  options.sasl_password = "wrong-password";
  auto admin = Admin::Create(options);
  ASSERT_TRUE(admin);
  const auto started = std::chrono::steady_clock::now();
  const auto topics = (*admin)->ListTopics();
  ASSERT_FALSE(topics);
  EXPECT_EQ(topics.error().code, base::ErrorCode::kUnauthenticated) << topics.error().ToString();
  EXPECT_FALSE(topics.error().retriable);
  EXPECT_THAT(topics.error().message, HasSubstr("Authentication failed"));
  EXPECT_THAT(topics.error().message, ::testing::Not(HasSubstr("wrong-password")));
  // A definitive answer ends the wait instead of running into the connect timeout.
  EXPECT_LT(std::chrono::steady_clock::now() - started, options.connect_timeout);
}

TEST(AdminIntegration, WrongScramPasswordIsAnAuthenticationError) {
  ExpectWrongPasswordIsReported(Listener::kSaslPlaintext);
  ExpectWrongPasswordIsReported(Listener::kSaslSsl);
}

TEST(AdminIntegration, UntrustedBrokerCertificateIsATlsError) {
  ClientOptions options = testing::OptionsFor(Listener::kSsl);
  // The system's CAs do not include the test CA that signed the broker's certificate.
  options.ca_file = "/etc/ssl/certs/ca-certificates.crt";
  auto admin = Admin::Create(options);
  ASSERT_TRUE(admin);
  const auto topics = (*admin)->ListTopics();
  ASSERT_FALSE(topics);
  EXPECT_EQ(topics.error().code, base::ErrorCode::kFailedPrecondition) << topics.error().ToString();
  EXPECT_THAT(topics.error().message, HasSubstr("certificate verify failed"));
}

int UnusedLocalPort() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address));
  socklen_t length = sizeof(address);
  getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  close(fd);  // nothing listens here now
  return ntohs(address.sin_port);
}

TEST(AdminIntegration, UnreachableBrokerFailsWithinTheConnectTimeout) {
  ClientOptions options;
  options.bootstrap_servers = "127.0.0.1:" + std::to_string(UnusedLocalPort());
  options.connect_timeout = std::chrono::milliseconds(2000);
  auto admin = Admin::Create(options);
  ASSERT_TRUE(admin);
  const auto started = std::chrono::steady_clock::now();
  const auto topics = (*admin)->ListTopics();
  const auto waited = std::chrono::steady_clock::now() - started;
  ASSERT_FALSE(topics);
  EXPECT_EQ(topics.error().code, base::ErrorCode::kUnavailable) << topics.error().ToString();
  EXPECT_TRUE(topics.error().retriable);
  EXPECT_THAT(topics.error().message, HasSubstr(options.bootstrap_servers));
  EXPECT_THAT(topics.error().message, HasSubstr("within 2000 ms"));
  // Not a speed assertion: the deadline must hold instead of librdkafka's minutes of retrying.
  EXPECT_GE(waited, std::chrono::milliseconds(1900));
  EXPECT_LT(waited, std::chrono::milliseconds(6000));
}

}  // namespace
}  // namespace db2kafka::kafka
