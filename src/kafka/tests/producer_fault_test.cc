// Fault injection with librdkafka's mock cluster: broker answers and disconnects that a real broker
// cannot be made to produce on demand. The real broker is covered by the integration tests.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

#include <chrono>
#include <map>
#include <memory>

#include "kafka/partitioner.h"
#include "kafka/producer.h"

namespace db2kafka::kafka {
namespace {

// ApiKey numbers from the Kafka protocol; librdkafka keeps its constants private.
constexpr int16_t kProduceApiKey = 0;
constexpr int32_t kPartitions = 4;

struct ConsumedRecord {
  int32_t partition;
  std::string key;
  std::string value;
};

class MockCluster {
 public:
  explicit MockCluster(int brokers) {
    char complaint[256];
    rd_kafka_conf_t* conf = rd_kafka_conf_new();
    rd_kafka_conf_set(conf, "log_level", "0", complaint, sizeof(complaint));
    owner_ = rd_kafka_new(RD_KAFKA_PRODUCER, conf, complaint, sizeof(complaint));
    cluster_ = rd_kafka_mock_cluster_new(owner_, brokers);
  }
  ~MockCluster() {
    rd_kafka_mock_cluster_destroy(cluster_);
    rd_kafka_destroy(owner_);
  }
  rd_kafka_mock_cluster_t* get() { return cluster_; }
  std::string bootstraps() { return rd_kafka_mock_cluster_bootstraps(cluster_); }

  // Reads every partition of `topic` from the beginning until `expected` records arrived.
  std::vector<ConsumedRecord> ReadAll(const std::string& topic, size_t expected) {
    char complaint[256];
    rd_kafka_conf_t* conf = rd_kafka_conf_new();
    rd_kafka_conf_set(conf, "bootstrap.servers", bootstraps().c_str(), complaint,
                      sizeof(complaint));
    rd_kafka_conf_set(conf, "group.id", "verifier", complaint, sizeof(complaint));
    rd_kafka_conf_set(conf, "enable.partition.eof", "false", complaint, sizeof(complaint));
    rd_kafka_t* consumer = rd_kafka_new(RD_KAFKA_CONSUMER, conf, complaint, sizeof(complaint));
    rd_kafka_topic_partition_list_t* assignment = rd_kafka_topic_partition_list_new(kPartitions);
    for (int32_t p = 0; p < kPartitions; ++p) {
      rd_kafka_topic_partition_list_add(assignment, topic.c_str(), p)->offset =
          RD_KAFKA_OFFSET_BEGINNING;
    }
    rd_kafka_assign(consumer, assignment);
    rd_kafka_topic_partition_list_destroy(assignment);
    std::vector<ConsumedRecord> records;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (records.size() < expected && std::chrono::steady_clock::now() < deadline) {
      rd_kafka_message_t* message = rd_kafka_consumer_poll(consumer, 200);
      if (message == nullptr) continue;
      if (message->err == RD_KAFKA_RESP_ERR_NO_ERROR) {
        records.push_back({message->partition,
                           std::string(static_cast<const char*>(message->key), message->key_len),
                           std::string(static_cast<const char*>(message->payload), message->len)});
      }
      rd_kafka_message_destroy(message);
    }
    rd_kafka_consumer_close(consumer);
    rd_kafka_destroy(consumer);
    return records;
  }

 private:
  rd_kafka_t* owner_ = nullptr;
  rd_kafka_mock_cluster_t* cluster_ = nullptr;
};

ProducerOptions OptionsFor(MockCluster& cluster) {
  ProducerOptions options;
  options.client.bootstrap_servers = cluster.bootstraps();
  options.client.extra_properties = {{"retry.backoff.ms", "10"}};
  return options;
}

TEST(ProducerFaults, TransportErrorsAndNotLeaderAreRetriedWithoutLossOrDuplicates) {
  MockCluster cluster(3);
  const std::string topic = "faults";
  rd_kafka_mock_topic_create(cluster.get(), topic.c_str(), kPartitions, 3);

  std::map<uint64_t, DeliveryReport> reports;
  int failed = 0;
  auto producer = Producer::Create(OptionsFor(cluster), [&](const DeliveryReport& report) {
    reports[report.token] = report;
    if (report.error) ++failed;
  });
  ASSERT_TRUE(producer) << producer.error().ToString();

  // Disconnects (the request may or may not have been written) and leader moves, in a burst.
  rd_kafka_mock_push_request_errors(
      cluster.get(), kProduceApiKey, 8, RD_KAFKA_RESP_ERR__TRANSPORT,
      RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION, RD_KAFKA_RESP_ERR__TRANSPORT,
      RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION, RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT,
      RD_KAFKA_RESP_ERR__TRANSPORT, RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS,
      RD_KAFKA_RESP_ERR__TRANSPORT);

  constexpr int kRecords = 20000;
  constexpr int kKeys = 50;
  for (int i = 0; i < kRecords; ++i) {
    const std::string key = "key-" + std::to_string(i % kKeys);
    const std::string value = std::to_string(i);
    const std::string_view key_values[] = {key};
    Record record{.topic = topic,
                  .partition = ChoosePartition(PartitionPolicy::kPrimaryKey,
                                               PrimaryKeyKey(key_values), kPartitions),
                  .key = key,
                  .value = value,
                  .token = static_cast<uint64_t>(i)};
    ASSERT_TRUE((*producer)->Produce(record));
    if (i % 1000 == 0) (*producer)->Poll(std::chrono::milliseconds(0));
  }
  ASSERT_TRUE((*producer)->Flush(std::chrono::seconds(60)));
  EXPECT_EQ(failed, 0);
  EXPECT_EQ(reports.size(), static_cast<size_t>(kRecords));
  EXPECT_EQ((*producer)->OutstandingRecords(), 0);

  const std::vector<ConsumedRecord> consumed = cluster.ReadAll(topic, kRecords);
  ASSERT_EQ(consumed.size(), static_cast<size_t>(kRecords)) << "records lost or duplicated";
  std::map<std::string, int> last_value_per_key;
  std::set<int> seen;
  for (const ConsumedRecord& record : consumed) {
    const int value = std::stoi(record.value);
    EXPECT_TRUE(seen.insert(value).second) << "duplicate " << value;
    auto [last, inserted] = last_value_per_key.try_emplace(record.key, value);
    if (!inserted) {
      EXPECT_LT(last->second, value) << "out of order for " << record.key;
      last->second = value;
    }
  }
}

TEST(ProducerFaults, NonRetriableBrokerAnswerReachesTheDeliveryReport) {
  MockCluster cluster(1);
  rd_kafka_mock_topic_create(cluster.get(), "denied", 1, 1);
  rd_kafka_mock_push_request_errors(cluster.get(), kProduceApiKey, 1,
                                    RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED);
  std::vector<DeliveryReport> reports;
  auto producer = Producer::Create(
      OptionsFor(cluster), [&](const DeliveryReport& report) { reports.push_back(report); });
  ASSERT_TRUE(producer);
  ASSERT_TRUE((*producer)->Produce({.topic = "denied", .partition = 0, .value = "v", .token = 77}));
  const base::Status flushed = (*producer)->Flush(std::chrono::seconds(30));
  ASSERT_EQ(reports.size(), 1u);
  EXPECT_EQ(reports[0].token, 77u);
  ASSERT_TRUE(reports[0].error.has_value());
  EXPECT_EQ(reports[0].error->code, base::ErrorCode::kPermissionDenied);
  EXPECT_FALSE(reports[0].error->retriable);
  EXPECT_THAT(reports[0].error->message, ::testing::HasSubstr("denied"));
}

TEST(ProducerFaults, CloseWithTheBrokerDownEndsAtTheDeadlineAndReportsEveryRecord) {
  MockCluster cluster(1);
  rd_kafka_mock_topic_create(cluster.get(), "stuck", 1, 1);
  std::vector<DeliveryReport> reports;
  auto producer = Producer::Create(
      OptionsFor(cluster), [&](const DeliveryReport& report) { reports.push_back(report); });
  ASSERT_TRUE(producer);
  ASSERT_EQ((*producer)->PartitionCount("stuck").value(), 1);
  rd_kafka_mock_broker_set_down(cluster.get(), 1);
  for (uint64_t token = 1; token <= 3; ++token) {
    ASSERT_TRUE(
        (*producer)->Produce({.topic = "stuck", .partition = 0, .value = "v", .token = token}));
  }
  const auto started = std::chrono::steady_clock::now();
  const base::Status closed = (*producer)->Close(std::chrono::milliseconds(1000));
  const auto waited = std::chrono::steady_clock::now() - started;
  ASSERT_FALSE(closed);
  EXPECT_EQ(closed.error().code, base::ErrorCode::kDeadlineExceeded);
  EXPECT_THAT(closed.error().message, ::testing::HasSubstr("3 records not acknowledged"));
  // Not a speed assertion: the deadline holds instead of librdkafka's 5-minute message timeout.
  EXPECT_LT(waited, std::chrono::seconds(10));
  ASSERT_EQ(reports.size(), 3u) << "every record gets an answer";
  for (const DeliveryReport& report : reports) {
    ASSERT_TRUE(report.error.has_value());
    EXPECT_EQ(report.error->code, base::ErrorCode::kAborted);
    EXPECT_TRUE(report.error->retriable);
  }
  EXPECT_EQ((*producer)->OutstandingRecords(), 0);
  const base::Status after_close = (*producer)->Produce({.topic = "stuck", .value = "v"});
  ASSERT_FALSE(after_close);
  EXPECT_EQ(after_close.error().code, base::ErrorCode::kFailedPrecondition);
}

// A broker down longer than the stall timeout: the records are never failed one by one (that
// could let later ones overtake them); CheckProgress reports Kafka unreachable instead, and once
// the broker is back every record is delivered, in order.
TEST(ProducerFaults, AnOutageIsAStallNotRecordsTimingOut) {
  MockCluster cluster(1);
  rd_kafka_mock_topic_create(cluster.get(), "outage", 1, 1);
  std::vector<DeliveryReport> reports;
  ProducerOptions options = OptionsFor(cluster);
  options.stall_timeout = std::chrono::milliseconds(1500);
  auto producer =
      Producer::Create(options, [&](const DeliveryReport& report) { reports.push_back(report); });
  ASSERT_TRUE(producer);
  ASSERT_EQ((*producer)->PartitionCount("outage").value(), 1);
  rd_kafka_mock_broker_set_down(cluster.get(), 1);
  for (uint64_t token = 1; token <= 5; ++token) {
    ASSERT_TRUE(
        (*producer)->Produce({.topic = "outage", .partition = 0, .value = "v", .token = token}));
  }
  EXPECT_TRUE((*producer)->CheckProgress()) << "not stalled yet";
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(3);
  while (std::chrono::steady_clock::now() < until) (*producer)->Poll(std::chrono::milliseconds(50));
  const base::Status stalled = (*producer)->CheckProgress();
  ASSERT_FALSE(stalled);
  EXPECT_EQ(stalled.error().code, base::ErrorCode::kUnavailable);
  EXPECT_TRUE(stalled.error().retriable);
  EXPECT_THAT(stalled.error().message, ::testing::HasSubstr("5 record(s) waiting"));
  EXPECT_TRUE(reports.empty()) << "no record failed on its own";

  rd_kafka_mock_broker_set_up(cluster.get(), 1);
  ASSERT_TRUE((*producer)->Flush(std::chrono::seconds(30)));
  ASSERT_EQ(reports.size(), 5u);
  for (size_t i = 0; i < reports.size(); ++i) {
    EXPECT_FALSE(reports[i].error.has_value()) << reports[i].error->ToString();
    EXPECT_EQ(reports[i].token, i + 1);
  }
  EXPECT_TRUE((*producer)->CheckProgress());
}

TEST(Producer, RejectsAnUnknownLibrdkafkaPropertyWithLibrdkafkasText) {
  ProducerOptions options;
  options.client.extra_properties = {{"no.such.property", "1"}};
  auto producer = Producer::Create(options, nullptr);
  ASSERT_FALSE(producer);
  EXPECT_EQ(producer.error().code, base::ErrorCode::kInvalidArgument);
  EXPECT_THAT(producer.error().message, ::testing::HasSubstr("'no.such.property'"));
  EXPECT_THAT(producer.error().message, ::testing::HasSubstr("No such configuration property"));
}

TEST(Producer, RejectsABadValueOfAKnownProperty) {
  ProducerOptions options;
  options.client.extra_properties = {{"linger.ms", "not-a-number"}};
  auto producer = Producer::Create(options, nullptr);
  ASSERT_FALSE(producer);
  EXPECT_THAT(producer.error().message, ::testing::HasSubstr("'linger.ms'"));
}

TEST(Producer, IdempotenceNeedsAcksAll) {
  ProducerOptions options;
  options.acks = "1";
  auto producer = Producer::Create(options, nullptr);
  ASSERT_FALSE(producer);
  EXPECT_THAT(producer.error().message, ::testing::HasSubstr("acks=all"));
  options.idempotence = false;
  EXPECT_TRUE(Producer::Create(options, nullptr));
}

}  // namespace
}  // namespace db2kafka::kafka
