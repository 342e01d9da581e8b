#include "kafka/admin.h"

#include <algorithm>
#include <chrono>
#include <thread>

#include "base/status_macros.h"
#include "kafka/detail/client_handle.h"
#include "kafka/kafka_error.h"

namespace db2kafka::kafka {
namespace {

template <typename T, void (*Destroy)(T*)>
struct Deleter {
  void operator()(T* object) const { Destroy(object); }
};
using QueuePtr =
    std::unique_ptr<rd_kafka_queue_t, Deleter<rd_kafka_queue_t, rd_kafka_queue_destroy>>;
using EventPtr =
    std::unique_ptr<rd_kafka_event_t, Deleter<rd_kafka_event_t, rd_kafka_event_destroy>>;
using AdminOptionsPtr =
    std::unique_ptr<rd_kafka_AdminOptions_t,
                    Deleter<rd_kafka_AdminOptions_t, rd_kafka_AdminOptions_destroy>>;

// The per-topic results of CreateTopics, DeleteTopics and CreatePartitions share one shape.
base::Status CheckTopicResults(const rd_kafka_topic_result_t* const* results, size_t count,
                               std::string_view action) {
  for (size_t i = 0; i < count; ++i) {
    const rd_kafka_resp_err_t code = rd_kafka_topic_result_error(results[i]);
    if (code == RD_KAFKA_RESP_ERR_NO_ERROR) continue;
    const char* detail = rd_kafka_topic_result_error_string(results[i]);
    return base::Fail(KafkaError(
        code, "cannot " + std::string(action) + " topic " + rd_kafka_topic_result_name(results[i]),
        detail != nullptr ? detail : ""));
  }
  return {};
}

}  // namespace

base::Result<std::unique_ptr<Admin>> Admin::Create(const ClientOptions& options) {
  DB2KAFKA_ASSIGN_OR_RETURN(auto client,
                            detail::ClientHandle::Create(RD_KAFKA_PRODUCER, options, nullptr));
  return std::unique_ptr<Admin>(new Admin(std::move(client)));
}

Admin::Admin(std::unique_ptr<detail::ClientHandle> client) : client_(std::move(client)) {}
Admin::~Admin() = default;

base::Result<std::vector<TopicInfo>> Admin::ListTopics() {
  DB2KAFKA_ASSIGN_OR_RETURN(auto topics,
                            client_->FetchMetadata("", client_->options().connect_timeout));
  std::vector<TopicInfo> result;
  for (const detail::TopicMetadata& topic : topics) {
    if (topic.name.starts_with("__") || topic.error != RD_KAFKA_RESP_ERR_NO_ERROR) continue;
    result.push_back({topic.name, topic.partition_count});
  }
  std::sort(result.begin(), result.end(),
            [](const TopicInfo& a, const TopicInfo& b) { return a.name < b.name; });
  return result;
}

base::Result<TopicInfo> Admin::DescribeTopic(const std::string& topic) {
  DB2KAFKA_ASSIGN_OR_RETURN(auto topics,
                            client_->FetchMetadata(topic, client_->options().connect_timeout));
  for (const detail::TopicMetadata& metadata : topics) {
    if (metadata.name != topic) continue;
    if (metadata.error != RD_KAFKA_RESP_ERR_NO_ERROR) {
      return base::Fail(KafkaError(metadata.error, "cannot describe topic " + topic));
    }
    return TopicInfo{metadata.name, metadata.partition_count};
  }
  return base::Fail(base::ErrorCode::kNotFound, "topic " + topic + " does not exist");
}

namespace {

// Runs one admin request on a private queue and waits for its result event.
template <typename Submit>
base::Result<EventPtr> RunAdminRequest(detail::ClientHandle& client, rd_kafka_admin_op_t op,
                                       rd_kafka_event_type_t expected, Submit submit) {
  const auto timeout = client.options().connect_timeout;
  QueuePtr queue(rd_kafka_queue_new(client.get()));
  AdminOptionsPtr options(rd_kafka_AdminOptions_new(client.get(), op));
  char complaint[256];
  rd_kafka_AdminOptions_set_request_timeout(options.get(), static_cast<int>(timeout.count()),
                                            complaint, sizeof(complaint));
  rd_kafka_AdminOptions_set_operation_timeout(options.get(), static_cast<int>(timeout.count()),
                                              complaint, sizeof(complaint));
  submit(options.get(), queue.get());
  // librdkafka answers within the request timeout; the margin covers its own bookkeeping.
  EventPtr event(rd_kafka_queue_poll(queue.get(), static_cast<int>(timeout.count()) + 5000));
  if (!event) return base::Fail(client.Unreachable("administer Kafka", timeout));
  if (rd_kafka_event_error(event.get()) != RD_KAFKA_RESP_ERR_NO_ERROR) {
    if (rd_kafka_event_error(event.get()) == RD_KAFKA_RESP_ERR__TIMED_OUT) {
      return base::Fail(client.Unreachable("administer Kafka", timeout));
    }
    return base::Fail(KafkaError(rd_kafka_event_error(event.get()), "Kafka admin request failed",
                                 rd_kafka_event_error_string(event.get())));
  }
  if (rd_kafka_event_type(event.get()) != expected) {
    return base::Fail(base::ErrorCode::kInternal, "unexpected Kafka admin result event");
  }
  return event;
}

}  // namespace

base::Status Admin::CreateTopic(const NewTopic& topic) {
  char complaint[512];
  std::unique_ptr<rd_kafka_NewTopic_t, Deleter<rd_kafka_NewTopic_t, rd_kafka_NewTopic_destroy>>
      request(rd_kafka_NewTopic_new(topic.name.c_str(), topic.partition_count,
                                    topic.replication_factor, complaint, sizeof(complaint)));
  if (!request) {
    return base::Fail(base::ErrorCode::kInvalidArgument,
                      "cannot create topic " + topic.name + ": " + complaint);
  }
  for (const auto& [name, value] : topic.configs) {
    rd_kafka_NewTopic_set_config(request.get(), name.c_str(), value.c_str());
  }
  rd_kafka_NewTopic_t* requests[] = {request.get()};
  DB2KAFKA_ASSIGN_OR_RETURN(
      EventPtr event,
      RunAdminRequest(*client_, RD_KAFKA_ADMIN_OP_CREATETOPICS, RD_KAFKA_EVENT_CREATETOPICS_RESULT,
                      [&](rd_kafka_AdminOptions_t* options, rd_kafka_queue_t* queue) {
                        rd_kafka_CreateTopics(client_->get(), requests, 1, options, queue);
                      }));
  size_t count = 0;
  const auto* results =
      rd_kafka_CreateTopics_result_topics(rd_kafka_event_CreateTopics_result(event.get()), &count);
  DB2KAFKA_TRY(CheckTopicResults(results, count, "create"));
  return WaitUntilVisible(topic.name);
}

base::Status Admin::WaitUntilVisible(const std::string& topic) {
  constexpr auto kPollInterval = std::chrono::milliseconds(50);
  const auto deadline = std::chrono::steady_clock::now() + client_->options().connect_timeout;
  while (true) {
    auto described = DescribeTopic(topic);
    if (described) return {};
    if (described.error().code != base::ErrorCode::kNotFound) {
      return base::Fail(std::move(described).error());
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      return base::Fail(base::ErrorCode::kDeadlineExceeded,
                        "topic " + topic + " was created but its metadata did not show it within " +
                            std::to_string(client_->options().connect_timeout.count()) + " ms");
    }
    std::this_thread::sleep_for(kPollInterval);
  }
}

base::Status Admin::CreatePartitions(const std::string& topic, int32_t total_partition_count) {
  char complaint[512];
  std::unique_ptr<rd_kafka_NewPartitions_t,
                  Deleter<rd_kafka_NewPartitions_t, rd_kafka_NewPartitions_destroy>>
      request(rd_kafka_NewPartitions_new(topic.c_str(), total_partition_count, complaint,
                                         sizeof(complaint)));
  if (!request) {
    return base::Fail(base::ErrorCode::kInvalidArgument,
                      "cannot add partitions to " + topic + ": " + complaint);
  }
  rd_kafka_NewPartitions_t* requests[] = {request.get()};
  DB2KAFKA_ASSIGN_OR_RETURN(
      EventPtr event,
      RunAdminRequest(*client_, RD_KAFKA_ADMIN_OP_CREATEPARTITIONS,
                      RD_KAFKA_EVENT_CREATEPARTITIONS_RESULT,
                      [&](rd_kafka_AdminOptions_t* options, rd_kafka_queue_t* queue) {
                        rd_kafka_CreatePartitions(client_->get(), requests, 1, options, queue);
                      }));
  size_t count = 0;
  const auto* results = rd_kafka_CreatePartitions_result_topics(
      rd_kafka_event_CreatePartitions_result(event.get()), &count);
  return CheckTopicResults(results, count, "add partitions to");
}

base::Status Admin::DeleteTopic(const std::string& topic) {
  std::unique_ptr<rd_kafka_DeleteTopic_t,
                  Deleter<rd_kafka_DeleteTopic_t, rd_kafka_DeleteTopic_destroy>>
      request(rd_kafka_DeleteTopic_new(topic.c_str()));
  rd_kafka_DeleteTopic_t* requests[] = {request.get()};
  DB2KAFKA_ASSIGN_OR_RETURN(
      EventPtr event,
      RunAdminRequest(*client_, RD_KAFKA_ADMIN_OP_DELETETOPICS, RD_KAFKA_EVENT_DELETETOPICS_RESULT,
                      [&](rd_kafka_AdminOptions_t* options, rd_kafka_queue_t* queue) {
                        rd_kafka_DeleteTopics(client_->get(), requests, 1, options, queue);
                      }));
  size_t count = 0;
  const auto* results =
      rd_kafka_DeleteTopics_result_topics(rd_kafka_event_DeleteTopics_result(event.get()), &count);
  return CheckTopicResults(results, count, "delete");
}

base::Result<int64_t> Admin::CountRecords(const std::string& topic) {
  DB2KAFKA_ASSIGN_OR_RETURN(const TopicInfo info, DescribeTopic(topic));
  const auto timeout = client_->options().connect_timeout;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  int64_t total = 0;
  for (int32_t partition = 0; partition < info.partition_count; ++partition) {
    while (true) {
      int64_t low = 0;
      int64_t high = 0;
      const rd_kafka_resp_err_t code = rd_kafka_query_watermark_offsets(
          client_->get(), topic.c_str(), partition, &low, &high, static_cast<int>(timeout.count()));
      if (code == RD_KAFKA_RESP_ERR_NO_ERROR) {
        total += high - low;
        break;
      }
      base::Error error = KafkaError(
          code, "cannot read the offsets of " + topic + " partition " + std::to_string(partition));
      // A topic created a moment ago may not have its leaders elected yet.
      if (!error.retriable || std::chrono::steady_clock::now() >= deadline) {
        return base::Fail(std::move(error));
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }
  return total;
}

base::Status Admin::DeleteRecords(const std::string& topic) {
  DB2KAFKA_ASSIGN_OR_RETURN(const TopicInfo info, DescribeTopic(topic));
  std::unique_ptr<rd_kafka_topic_partition_list_t,
                  Deleter<rd_kafka_topic_partition_list_t, rd_kafka_topic_partition_list_destroy>>
      offsets(rd_kafka_topic_partition_list_new(info.partition_count));
  for (int32_t partition = 0; partition < info.partition_count; ++partition) {
    // OFFSET_END asks the broker to delete up to the partition's high watermark.
    rd_kafka_topic_partition_list_add(offsets.get(), topic.c_str(), partition)->offset =
        RD_KAFKA_OFFSET_END;
  }
  std::unique_ptr<rd_kafka_DeleteRecords_t,
                  Deleter<rd_kafka_DeleteRecords_t, rd_kafka_DeleteRecords_destroy>>
      request(rd_kafka_DeleteRecords_new(offsets.get()));
  rd_kafka_DeleteRecords_t* requests[] = {request.get()};
  DB2KAFKA_ASSIGN_OR_RETURN(
      EventPtr event,
      RunAdminRequest(*client_, RD_KAFKA_ADMIN_OP_DELETERECORDS,
                      RD_KAFKA_EVENT_DELETERECORDS_RESULT,
                      [&](rd_kafka_AdminOptions_t* options, rd_kafka_queue_t* queue) {
                        rd_kafka_DeleteRecords(client_->get(), requests, 1, options, queue);
                      }));
  const rd_kafka_topic_partition_list_t* results =
      rd_kafka_DeleteRecords_result_offsets(rd_kafka_event_DeleteRecords_result(event.get()));
  for (int i = 0; results != nullptr && i < results->cnt; ++i) {
    const rd_kafka_topic_partition_t& result = results->elems[i];
    if (result.err == RD_KAFKA_RESP_ERR_NO_ERROR) continue;
    return base::Fail(KafkaError(result.err, "cannot delete the records of " + topic +
                                                 " partition " + std::to_string(result.partition)));
  }
  return {};
}

}  // namespace db2kafka::kafka
