// The producer against the real Kafka 3.9 broker from scripts/testenv, on all four listeners, read
// back by kcat.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <set>
#include <thread>

#include "kafka/admin.h"
#include "kafka/partitioner.h"
#include "kafka/producer.h"
#include "kafka/tests/kafka_test_env.h"

namespace db2kafka::kafka {
namespace {

using ::testing::HasSubstr;
using testing::Listener;

constexpr int32_t kPartitions = 3;

std::unique_ptr<Admin> MakeAdmin(Listener listener) {
  auto admin = Admin::Create(testing::OptionsFor(listener));
  EXPECT_TRUE(admin) << admin.error().ToString();
  return admin ? std::move(*admin) : nullptr;
}

class ProducerOnListener : public ::testing::TestWithParam<Listener> {};

TEST_P(ProducerOnListener, HundredThousandRecordsArriveCompleteAndInKeyOrder) {
  const Listener listener = GetParam();
  const std::string topic = testing::UniqueTopic("produce-" + testing::ListenerName(listener));
  auto admin = MakeAdmin(listener);
  ASSERT_TRUE(admin);
  ASSERT_TRUE(admin->CreateTopic({.name = topic, .partition_count = kPartitions}));

  ProducerOptions options;
  options.client = testing::OptionsFor(listener);
  int64_t delivered = 0;
  std::vector<std::string> errors;
  std::map<uint64_t, int32_t> partition_of_token;
  auto producer = Producer::Create(options, [&](const DeliveryReport& report) {
    if (report.error) {
      errors.push_back(report.error->ToString());
    } else {
      ++delivered;
      partition_of_token[report.token] = report.partition;
    }
  });
  ASSERT_TRUE(producer) << producer.error().ToString();
  ASSERT_EQ((*producer)->PartitionCount(topic).value(), kPartitions);

  constexpr int kRecords = 100000;
  constexpr int kKeys = 1000;
  std::map<int, std::string> sent_values;
  for (int i = 0; i < kRecords; ++i) {
    const std::string key = "key-" + std::to_string(i % kKeys);
    // 200-byte records like the benchmark, with the sequence number first.
    std::string value = std::to_string(i) + ":";
    value.resize(200, static_cast<char>('a' + i % 26));
    const std::string_view key_values[] = {key};
    const Record record{.topic = topic,
                        .partition = ChoosePartition(PartitionPolicy::kPrimaryKey,
                                                     PrimaryKeyKey(key_values), kPartitions),
                        .key = key,
                        .value = value,
                        .token = static_cast<uint64_t>(i)};
    ASSERT_TRUE((*producer)->Produce(record));
    sent_values.emplace(i, std::move(value));
  }
  const base::Status flushed = (*producer)->Flush(std::chrono::seconds(120));
  ASSERT_TRUE(flushed) << flushed.error().ToString();
  EXPECT_THAT(errors, ::testing::IsEmpty());
  EXPECT_EQ(delivered, kRecords);

  const std::vector<testing::KcatRecord> consumed = testing::ConsumeWithKcat(listener, topic);
  ASSERT_EQ(consumed.size(), static_cast<size_t>(kRecords));
  std::map<std::string, int> last_sequence_of_key;
  std::set<int> seen;
  for (const testing::KcatRecord& record : consumed) {
    const int sequence = std::stoi(record.value.substr(0, record.value.find(':')));
    ASSERT_TRUE(seen.insert(sequence).second) << "duplicate record " << sequence;
    EXPECT_EQ(record.value, sent_values.at(sequence));
    EXPECT_EQ(record.key, "key-" + std::to_string(sequence % kKeys));
    EXPECT_EQ(record.partition, partition_of_token.at(sequence));
    auto [last, first_time] = last_sequence_of_key.try_emplace(record.key, sequence);
    if (!first_time) {
      EXPECT_LT(last->second, sequence) << "key " << record.key << " out of order";
      last->second = sequence;
    }
  }
  EXPECT_TRUE(admin->DeleteTopic(topic));
}

INSTANTIATE_TEST_SUITE_P(AllListeners, ProducerOnListener,
                         ::testing::Values(Listener::kPlaintext, Listener::kSaslPlaintext,
                                           Listener::kSsl, Listener::kSaslSsl),
                         [](const auto& info) { return testing::ListenerName(info.param); });

TEST(ProducerIntegration, HeadersAndNullValuesRoundTrip) {
  const std::string topic = testing::UniqueTopic("headers");
  auto admin = MakeAdmin(Listener::kPlaintext);
  ASSERT_TRUE(admin);
  ASSERT_TRUE(admin->CreateTopic({.name = topic, .partition_count = 1}));
  ProducerOptions options;
  options.client = testing::OptionsFor(Listener::kPlaintext);
  int delivered = 0;
  auto producer = Producer::Create(options, [&](const DeliveryReport& report) {
    EXPECT_FALSE(report.error.has_value());
    ++delivered;
  });
  ASSERT_TRUE(producer);
  const Header headers[] = {{"op", "INSERT"}, {"table", "APP.ORDERS"}};
  ASSERT_TRUE((*producer)->Produce(
      {.topic = topic, .partition = 0, .key = "k", .value = "v", .headers = headers, .token = 1}));
  ASSERT_TRUE((*producer)->Produce({.topic = topic, .partition = 0, .key = "k", .token = 2}));
  ASSERT_TRUE((*producer)->Flush(std::chrono::seconds(30)));
  EXPECT_EQ(delivered, 2);

  const std::string command = "kcat -q -b " + options.client.bootstrap_servers + " -C -t " + topic +
                              " -o beginning -e -Z -f '%k=%s [%h]\\n'";
  FILE* pipe = popen(command.c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  std::string output;
  char buffer[256];
  while (fgets(buffer, sizeof(buffer), pipe) != nullptr) output += buffer;
  ASSERT_EQ(pclose(pipe), 0);
  EXPECT_EQ(output, "k=v [op=INSERT,table=APP.ORDERS]\nk=NULL []\n");
  EXPECT_TRUE(admin->DeleteTopic(topic));
}

TEST(ProducerIntegration, PartitionCountChangeDuringATaskIsReported) {
  const std::string topic = testing::UniqueTopic("grow");
  auto admin = MakeAdmin(Listener::kPlaintext);
  ASSERT_TRUE(admin);
  ASSERT_TRUE(admin->CreateTopic({.name = topic, .partition_count = 2}));
  ProducerOptions options;
  options.client = testing::OptionsFor(Listener::kPlaintext);
  auto producer = Producer::Create(options, nullptr);
  ASSERT_TRUE(producer);
  ASSERT_EQ((*producer)->PartitionCount(topic).value(), 2);
  EXPECT_TRUE((*producer)->VerifyPartitionCounts());

  ASSERT_TRUE(admin->CreatePartitions(topic, 4));
  base::Status verified;
  // The broker's metadata cache learns of the new partitions shortly after the admin answer.
  for (int attempt = 0; attempt < 50 && verified; ++attempt) {
    verified = (*producer)->VerifyPartitionCounts();
    if (verified) std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  ASSERT_FALSE(verified) << "the new partition count was never noticed";
  EXPECT_EQ(verified.error().code, base::ErrorCode::kFailedPrecondition);
  EXPECT_THAT(verified.error().message, HasSubstr("had 2 partitions"));
  EXPECT_THAT(verified.error().message, HasSubstr("now has 4"));
  EXPECT_TRUE(admin->DeleteTopic(topic));
}

TEST(ProducerIntegration, ProducingToAMissingTopicFailsClearly) {
  ProducerOptions options;
  options.client = testing::OptionsFor(Listener::kPlaintext);
  auto producer = Producer::Create(options, nullptr);
  ASSERT_TRUE(producer);
  const auto count = (*producer)->PartitionCount("no-such-topic-db2kafka");
  ASSERT_FALSE(count);
  EXPECT_EQ(count.error().code, base::ErrorCode::kNotFound);
  EXPECT_THAT(count.error().message, HasSubstr("no-such-topic-db2kafka"));
}

}  // namespace
}  // namespace db2kafka::kafka
