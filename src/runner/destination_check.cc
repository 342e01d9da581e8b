#include "runner/destination_check.h"

#include <algorithm>

#include "base/status_macros.h"
#include "kafka/admin.h"
#include "runner/kafka_options.h"

namespace db2kafka::runner {
namespace {

// What to look at in the task file for each way of failing to reach the cluster.
std::string HintFor(const base::Error& error) {
  switch (error.code) {
    case base::ErrorCode::kUnauthenticated:
      return "check destination.security.user, password and mechanism";
    case base::ErrorCode::kFailedPrecondition:
      return "check destination.security.ca_file and that the broker certificate names the host "
             "in destination.bootstrap_servers";
    case base::ErrorCode::kUnavailable:
    case base::ErrorCode::kDeadlineExceeded:
      return "check destination.bootstrap_servers and destination.security.protocol, and that "
             "the brokers are running";
    default:
      return {};
  }
}

}  // namespace

bool DestinationStatus::ok() const {
  return std::all_of(topics.begin(), topics.end(),
                     [](const TopicStatus& topic) { return !topic.error.has_value(); });
}

base::Result<DestinationStatus> CheckDestination(const config::DestinationConfig& destination) {
  DB2KAFKA_ASSIGN_OR_RETURN(auto admin, kafka::Admin::Create(ClientOptionsFor(destination)));
  auto listed = admin->ListTopics();
  if (!listed) {
    base::Error error = std::move(listed).error();
    if (std::string hint = HintFor(error); !hint.empty()) error.message += " — " + hint;
    return base::Fail(std::move(error));
  }
  DestinationStatus status;
  status.cluster_topic_count = listed->size();
  std::vector<std::pair<std::string, std::string>> wanted = {{destination.topic, "default topic"}};
  if (destination.EffectiveDdlTopic() != destination.topic) {
    wanted.emplace_back(destination.ddl_topic, "DDL topic");
  }
  for (const auto& wanted_topic : wanted) {
    const std::string& topic = wanted_topic.first;
    const std::string& role = wanted_topic.second;
    TopicStatus topic_status{topic, role, 0, std::nullopt};
    const auto found =
        std::find_if(listed->begin(), listed->end(),
                     [&](const kafka::TopicInfo& info) { return info.name == topic; });
    if (found != listed->end()) {
      topic_status.partition_count = found->partition_count;
    } else {
      std::string message = "topic " + topic;
      message += " (" + role + ") does not exist; create it (db2kafka does not rely on the ";
      message += "broker's auto-creation)";
      topic_status.error = base::MakeError(base::ErrorCode::kNotFound, std::move(message));
    }
    status.topics.push_back(std::move(topic_status));
  }
  return status;
}

}  // namespace db2kafka::runner
