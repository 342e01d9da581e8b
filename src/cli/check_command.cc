#include <cstdio>

#include "base/logger.h"
#include "cli/commands.h"
#include "cli/task_file.h"
#include "runner/destination_check.h"
#include "runner/source_check.h"

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

  const std::string source_name = task->source.host + ":" + std::to_string(task->source.port) +
                                  " database " + task->source.database;
  const auto source = runner::CheckSource(task->source);
  if (source) {
    std::printf("source %s: %s %s, SQLAM %d, security mechanism %d%s\n", source_name.c_str(),
                source->server.c_str(), source->product_id.c_str(), source->sqlam,
                source->security_mechanism, source->tls ? ", TLS" : "");
  }
  std::fflush(stdout);  // keep stdout and stderr lines in order on a shared terminal
  if (!source) {
    std::fprintf(stderr, "source %s: %s\n", source_name.c_str(),
                 base::Logger::Default().Redact(source.error().ToString()).c_str());
  }

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
  return status->ok() && source ? kExitOk : kExitFailure;
}

}  // namespace db2kafka::cli
