// Producer throughput against a real broker: N records of a fixed size, no key, like Kafka's own
// ProducerPerformance tool, which bench/run runs beside this in the same session. Prints one line
// of key=value figures measured from the first send to the last acknowledgement.
#include <sys/resource.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <random>

#include "kafka/admin.h"
#include "kafka/producer.h"

namespace {

using db2kafka::kafka::Admin;
using db2kafka::kafka::DeliveryReport;
using db2kafka::kafka::Producer;
using db2kafka::kafka::ProducerOptions;

// ProducerPerformance sends one payload of random upper-case letters for every record; so do we,
// so both producers compress the same bytes and the comparison is of the clients alone.
std::string MakePayload(int record_size) {
  std::mt19937 random(42);
  std::uniform_int_distribution<int> letter('A', 'Z');
  std::string payload(static_cast<size_t>(record_size), 'A');
  for (char& c : payload) c = static_cast<char>(letter(random));
  return payload;
}

int Run(int argc, char** argv) {
  CLI::App app{"db2kafka producer throughput benchmark"};
  std::string bootstrap = "127.0.0.1:9092";
  std::string topic = "bench-producer";
  int64_t records = 1'000'000;
  int record_size = 200;
  int create_partitions = 0;
  app.add_option("--bootstrap", bootstrap);
  app.add_option("--topic", topic);
  app.add_option("--records", records);
  app.add_option("--record-size", record_size);
  app.add_option("--create-topic-partitions", create_partitions,
                 "create the topic with this many partitions first (0: it exists)");
  CLI11_PARSE(app, argc, argv);

  ProducerOptions options;  // db2kafka's defaults: idempotent, acks=all, lz4
  options.client.bootstrap_servers = bootstrap;
  if (create_partitions > 0) {
    auto admin = Admin::Create(options.client);
    if (!admin || !(*admin)->CreateTopic({.name = topic, .partition_count = create_partitions})) {
      std::fprintf(stderr, "cannot create topic %s\n", topic.c_str());
      return 1;
    }
  }
  int64_t failed = 0;
  auto producer = Producer::Create(options, [&failed](const DeliveryReport& report) {
    if (report.error) ++failed;
  });
  if (!producer) {
    std::fprintf(stderr, "%s\n", producer.error().ToString().c_str());
    return 1;
  }
  const std::string payload = MakePayload(record_size);

  const auto start = std::chrono::steady_clock::now();
  for (int64_t i = 0; i < records; ++i) {
    const auto produced =
        (*producer)->Produce({.topic = topic, .value = payload, .token = static_cast<uint64_t>(i)});
    if (!produced) {
      std::fprintf(stderr, "%s\n", produced.error().ToString().c_str());
      return 1;
    }
  }
  const auto flushed = (*producer)->Flush(std::chrono::minutes(5));
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!flushed || failed > 0) {
    std::fprintf(stderr, "not every record was acknowledged (%lld failed)\n",
                 static_cast<long long>(failed));
    return 1;
  }
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  std::printf("records=%lld seconds=%.3f records_per_sec=%.0f mb_per_sec=%.2f max_rss_mb=%.1f\n",
              static_cast<long long>(records), seconds, static_cast<double>(records) / seconds,
              static_cast<double>(records) * record_size / seconds / (1024 * 1024),
              static_cast<double>(usage.ru_maxrss) / 1024);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return Run(argc, argv);
  } catch (const std::exception& error) {
    std::fprintf(stderr, "bench_producer: %s\n", error.what());
    return 1;
  }
}
