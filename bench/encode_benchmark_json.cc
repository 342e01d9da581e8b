// Encoding speed of the canal_json and shareplex_json formats on one core, for a row of the 10
// mixed columns of bench_drda_read's table, and the heap allocations each record costs (counted
// by replacing the global operator new). items_per_second is records per second.
#include <benchmark/benchmark.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <new>
#include <string>
#include <vector>

#include "encode/canal_json_encoder.h"
#include "encode/shareplex_json_encoder.h"

namespace {

std::atomic<uint64_t> allocation_count{0};

}  // namespace

// Out of line, so GCC does not pair an inlined malloc with a free it sees as mismatched.
[[gnu::noinline]] void* operator new(size_t size) {
  allocation_count.fetch_add(1, std::memory_order_relaxed);
  void* block = std::malloc(size == 0 ? 1 : size);
  if (block == nullptr) {
    std::fputs("encode_benchmark_json: out of memory\n", stderr);
    std::abort();
  }
  return block;
}
[[gnu::noinline]] void* operator new[](size_t size) { return operator new(size); }
[[gnu::noinline]] void operator delete(void* block) noexcept { std::free(block); }
[[gnu::noinline]] void operator delete[](void* block) noexcept { std::free(block); }
[[gnu::noinline]] void operator delete(void* block, size_t /*size*/) noexcept { std::free(block); }
[[gnu::noinline]] void operator delete[](void* block, size_t /*size*/) noexcept {
  std::free(block);
}

namespace {

using db2kafka::encode::EncodedRecord;
using db2kafka::encode::Encoder;
using db2kafka::encode::EncoderOptions;
using db2kafka::encode::Format;
namespace model = db2kafka::model;

// The columns of src/drda/tests/mixed_table.cc: ID BIGINT PRIMARY KEY, K INT, NAME VARCHAR(40),
// PRICE DECIMAL(12,2), QTY SMALLINT, RATE DOUBLE, CREATED TIMESTAMP, DAY DATE, FLAG BOOLEAN,
// NOTE VARCHAR(60).
std::shared_ptr<model::TableSchema> MixedTable() {
  auto table = std::make_shared<model::TableSchema>();
  table->database = "SAMPLE";
  table->schema = "BENCH";
  table->table = "MIXED";
  using model::Db2Type;
  table->columns = {
      {.name = "ID", .type = Db2Type::kBigint, .nullable = false, .key_position = 1},
      {.name = "K", .type = Db2Type::kInteger},
      {.name = "NAME", .type = Db2Type::kVarchar, .length = 40},
      {.name = "PRICE", .type = Db2Type::kDecimal, .precision = 12, .scale = 2},
      {.name = "QTY", .type = Db2Type::kSmallint},
      {.name = "RATE", .type = Db2Type::kDouble},
      {.name = "CREATED", .type = Db2Type::kTimestamp, .scale = 6},
      {.name = "DAY", .type = Db2Type::kDate},
      {.name = "FLAG", .type = Db2Type::kBoolean},
      {.name = "NOTE", .type = Db2Type::kVarchar, .length = 60},
  };
  return table;
}

// Every column a function of the id, as in the DRDA benchmark's table.
model::Row MixedRow(int64_t id) {
  return {
      model::Value(id),
      model::Value(static_cast<int32_t>(id % 1000)),
      model::Value(model::String{"name-" + std::to_string(id)}),
      model::Value(model::Decimal{model::Int128{id} * 125, 2}),
      model::Value(static_cast<int16_t>(id % 30000)),
      model::Value(static_cast<double>(id) / 3.0),
      model::Value(model::Timestamp{{2024, 1, 1},
                                    {static_cast<uint8_t>(id % 24), static_cast<uint8_t>(id % 60),
                                     static_cast<uint8_t>(id % 60)},
                                    (id % 1'000'000) * 1'000'000,
                                    6}),
      model::Value(model::Date{2024, 1, static_cast<uint8_t>(1 + id % 28)}),
      model::Value(id % 2 == 0),
      model::Value(model::String{"note for row number " + std::to_string(id)})};
}

// 1024 distinct events, so the encoder sees varied values rather than one row over and over.
std::vector<model::ChangeEvent> MixedEvents(model::Operation operation) {
  const auto table = MixedTable();
  std::vector<model::ChangeEvent> events(1024);
  for (size_t i = 0; i < events.size(); ++i) {
    model::ChangeEvent& event = events[i];
    const auto id = static_cast<int64_t>(1'000'000 + i * 7919);
    event.operation = operation;
    event.table = table;
    event.after = MixedRow(id);
    if (operation == model::Operation::kUpdate) {
      event.before = event.after;
      event.before[3] =
          model::Value(model::Decimal{model::Int128{id} * 100, 2});  // PRICE and NOTE changed
      event.before[9] = model::Value(model::String{"old note"});
    }
    event.commit_time_us = 1'706'706'854'000'000 + static_cast<int64_t>(i);
    event.position = {std::string(10, '\x01'), std::string(10, static_cast<char>(i))};
    event.transaction_id = "00000000002a1f00";
    event.order_in_transaction = static_cast<uint32_t>(i % 10 + 1);
    event.transaction_size = 10;
    event.sequence = i;
  }
  return events;
}

void EncodeMixedRows(benchmark::State& state, Format format, model::Operation operation) {
  const EncoderOptions options{.format = format};
  std::unique_ptr<Encoder> encoder = format == Format::kCanalJson
                                         ? db2kafka::encode::MakeCanalJsonEncoder(options)
                                         : db2kafka::encode::MakeShareplexJsonEncoder(options);
  const std::vector<model::ChangeEvent> events = MixedEvents(operation);
  std::vector<EncodedRecord> out;
  out.reserve(1);
  // One record first, so the table's cached facts are not counted.
  if (!encoder->Encode(events[0], "db2.bench", out)) {
    state.SkipWithError("the benchmark row does not encode");
    return;
  }
  out.clear();
  size_t next = 0;
  uint64_t bytes = 0;
  const uint64_t allocations_before = allocation_count.load(std::memory_order_relaxed);
  for (auto _ : state) {
    auto status = encoder->Encode(events[next], "db2.bench", out);
    benchmark::DoNotOptimize(status);
    bytes += out.back().value->size();
    out.clear();
    next = (next + 1) % events.size();
  }
  const uint64_t allocations =
      allocation_count.load(std::memory_order_relaxed) - allocations_before;
  const auto records = static_cast<double>(state.iterations());
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
  state.counters["allocs_per_record"] = static_cast<double>(allocations) / records;
  state.counters["bytes_per_record"] = static_cast<double>(bytes) / records;
}

BENCHMARK_CAPTURE(EncodeMixedRows, canal_json_insert, Format::kCanalJson,
                  model::Operation::kInsert);
BENCHMARK_CAPTURE(EncodeMixedRows, canal_json_update, Format::kCanalJson,
                  model::Operation::kUpdate);
BENCHMARK_CAPTURE(EncodeMixedRows, shareplex_json_insert, Format::kShareplexJson,
                  model::Operation::kInsert);
BENCHMARK_CAPTURE(EncodeMixedRows, shareplex_json_update, Format::kShareplexJson,
                  model::Operation::kUpdate);

}  // namespace

BENCHMARK_MAIN();
