#include <cstdio>

#include "base/logger.h"
#include "cli/commands.h"
#include "cli/task_file.h"
#include "runner/destination_check.h"

namespace db2kafka::cli {
namespace {

std::string DescribeDestination(const config::DestinationConfig& destination) {
  std::string text = destination.bootstrap_servers + " (" + destination.security.protocol;
  if (destination.security.protocol.starts_with("sasl")) {
    text += ", " + destination.security.mechanism + " as " + destination.security.user;
  }
  return text + ")";
}

}  // namespace

int RunCheck(const std::string& task_file) {
  const auto task = LoadTaskFileOrReport(task_file);
  if (!task) return kExitBadInput;
  const config::DestinationConfig& destination = task->destination;

  std::printf("source %s:%lld database %s: not checked; the native DRDA client is not built yet\n",
              task->source.host.c_str(), static_cast<long long>(task->source.port),
              task->source.database.c_str());
  std::fflush(stdout);  // keep stdout and stderr lines in order on a shared terminal

  const auto status = runner::CheckDestination(destination);
  if (!status) {
    std::fprintf(stderr, "destination %s: %s\n", DescribeDestination(destination).c_str(),
                 base::Logger::Default().Redact(status.error().ToString()).c_str());
    return kExitFailure;
  }
  std::printf("destination %s: reachable, %zu topic%s on the cluster\n",
              DescribeDestination(destination).c_str(), status->cluster_topic_count,
              status->cluster_topic_count == 1 ? "" : "s");
  for (const runner::TopicStatus& topic : status->topics) {
    if (topic.error) {
      std::printf("  %s\n", topic.error->message.c_str());
    } else {
      std::printf("  topic %s (%s): %d partitions\n", topic.topic.c_str(), topic.role.c_str(),
                  topic.partition_count);
    }
  }
  return status->ok() ? kExitOk : kExitFailure;
}

}  // namespace db2kafka::cli
