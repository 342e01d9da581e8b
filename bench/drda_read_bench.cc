// Reads a whole table through db2kafka's DRDA client and decodes every value into a typed value,
// as the sync phases will. bench/run-drda runs Derby's own JDBC client (JdbcReadBench.java) on
// the same table in the same session. Prints one line of key=value figures.
#include <sys/resource.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>

#include "drda/connection.h"
#include "drda/cursor.h"
#include "drda/tests/mixed_table.h"
#include "drda/value_decoder.h"

namespace {

namespace base = db2kafka::base;
namespace drda = db2kafka::drda;

double CpuSeconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
         static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

// Materializes the value the way a consumer would: numbers decoded, decimals as text.
size_t Consume(const drda::Column& column, const drda::FieldView& field, base::ByteOrder order) {
  if (field.null) return 0;
  switch (column.type->kind) {
    case drda::ValueKind::kSmallInt:
    case drda::ValueKind::kInteger:
    case drda::ValueKind::kBigInt:
      return static_cast<size_t>(drda::DecodeInteger(column, field.bytes, order).value_or(0) & 1);
    case drda::ValueKind::kReal:
    case drda::ValueKind::kDouble:
      return drda::DecodeFloating(column, field.bytes, order).value_or(0) > 0 ? 1 : 0;
    case drda::ValueKind::kDecimal:
      return drda::DecodeDecimal(column, field.bytes).value_or("").size();
    default:
      return std::string(drda::AsText(field.bytes)).size();
  }
}

int Run(int argc, char** argv) {
  CLI::App app{"db2kafka DRDA read benchmark"};
  std::string table = "BENCH_MIXED";
  int64_t create_rows = 0;
  uint32_t block_size = 1024 * 1024;
  app.add_option("--table", table);
  app.add_option("--create-rows", create_rows, "create the table with this many rows, then exit");
  app.add_option("--block-size", block_size, "QRYBLKSZ");
  CLI11_PARSE(app, argc, argv);

  drda::ConnectOptions options;
  options.transport.host = std::getenv("DERBY_HOST");
  options.transport.port = std::atoi(std::getenv("DERBY_PORT"));
  options.database = std::getenv("DERBY_DB");
  options.user = std::getenv("DERBY_USER");
  options.password = std::getenv("DERBY_PASSWORD");
  options.security = drda::SecurityPreference::kUserIdPassword;
  options.query_block_size = block_size;
  auto connection = drda::Connection::Open(options);
  if (!connection) {
    std::fprintf(stderr, "%s\n", connection.error().ToString().c_str());
    return 1;
  }
  if (create_rows > 0) {
    const base::Status created = drda::testing::CreateMixedTable(**connection, table, create_rows);
    if (!created) std::fprintf(stderr, "%s\n", created.error().ToString().c_str());
    return created ? 0 : 1;
  }
  const auto start = std::chrono::steady_clock::now();
  const double cpu_start = CpuSeconds();
  auto cursor = (*connection)->OpenQuery("SELECT * FROM " + table);
  if (!cursor) {
    std::fprintf(stderr, "%s\n", cursor.error().ToString().c_str());
    return 1;
  }
  const base::ByteOrder order = (*connection)->server().byte_order;
  int64_t rows = 0;
  size_t wire_bytes = 0;
  size_t checksum = 0;
  while (true) {
    auto next = (*cursor)->Next();
    if (!next) {
      std::fprintf(stderr, "%s\n", next.error().ToString().c_str());
      return 1;
    }
    if (!*next) break;
    ++rows;
    const auto& row = (*cursor)->row();
    for (size_t i = 0; i < row.size(); ++i) {
      wire_bytes += row[i].bytes.size();
      checksum += Consume((*cursor)->columns()[i], row[i], order);
    }
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const double cpu = CpuSeconds() - cpu_start;
  std::printf(
      "rows=%lld seconds=%.3f rows_per_sec=%.0f mb_per_sec=%.2f cpu_seconds=%.3f checksum=%zu\n",
      static_cast<long long>(rows), seconds, static_cast<double>(rows) / seconds,
      static_cast<double>(wire_bytes) / seconds / (1024 * 1024), cpu, checksum);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return Run(argc, argv);
  } catch (const std::exception& error) {
    std::fprintf(stderr, "bench_drda_read: %s\n", error.what());
    return 1;
  }
}
