// Encoding speed of the debezium_json format on one core, for a row of the 10 mixed columns of
// bench_drda_read's table, and the heap allocations each record costs (counted by replacing the
// global operator new). items_per_second is records per second; a delete's tombstone is a record.
#include <benchmark/benchmark.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <new>
#include <string>
#include <vector>

#include "encode/debezium_json_encoder.h"

namespace {

std::atomic<uint64_t> allocation_count{0};

}  // namespace

// Out of line, so GCC does not pair an inlined malloc with a free it sees as mismatched.
[[gnu::noinline]] void* operator new(size_t size) {
  allocation_count.fetch_add(1, std::memory_order_relaxed);
  void* block = std::malloc(size == 0 ? 1 : size);
  if (block == nullptr) {
    std::fputs("encode_benchmark_debezium: out of memory\n", stderr);
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

using db2kafka::encode::DecimalHandling;
using db2kafka::encode::EncodedRecord;
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

// 1024 distinct events of one table, so the encoder sees varied values rather than one row.
std::vector<model::ChangeEvent> MixedEvents(model::Operation operation) {
  const auto table = MixedTable();
  std::vector<model::ChangeEvent> events(1024);
  for (size_t i = 0; i < events.size(); ++i) {
    model::ChangeEvent& event = events[i];
    const auto id = static_cast<int64_t>(1'000'000 + i * 7919);
    event.operation = operation;
    event.table = table;
    if (operation == model::Operation::kDelete) {
      event.before = MixedRow(id);
    } else {
      event.after = MixedRow(id);
    }
    if (operation == model::Operation::kUpdate) {
      event.before = event.after;
      event.before[3] = model::Value(model::Decimal{model::Int128{id} * 100, 2});
      event.before[9] = model::Value(model::String{"old note"});
    }
    event.commit_time_us = 1'706'706'854'000'000 + static_cast<int64_t>(i);
    std::string commit(16, '\0');
    std::string intent(16, '\0');
    commit[15] = static_cast<char>(i);
    intent[14] = static_cast<char>(i >> 8);
    intent[15] = static_cast<char>(i);
    event.position = {commit, intent};
    event.transaction_id = "00000000002a1f00";
    event.order_in_transaction = static_cast<uint32_t>(i % 10 + 1);
    event.transaction_size = 10;
    event.sequence = i;
  }
  return events;
}

void EncodeMixedRows(benchmark::State& state, model::Operation operation,
                     DecimalHandling decimal_handling) {
  const EncoderOptions options{.format = Format::kDebeziumJson,
                               .logical_name = "db2server",
                               .decimal_handling = decimal_handling};
  auto encoder = db2kafka::encode::MakeDebeziumJsonEncoder(options);
  const std::vector<model::ChangeEvent> events = MixedEvents(operation);
  std::vector<EncodedRecord> out;
  out.reserve(2);
  // One record first, so the table's schema text is built outside the measurement.
  if (!encoder->Encode(events[0], "db2server.BENCH.MIXED", out)) {
    state.SkipWithError("the benchmark row does not encode");
    return;
  }
  out.clear();
  size_t next = 0;
  uint64_t bytes = 0;
  uint64_t records = 0;
  const uint64_t allocations_before = allocation_count.load(std::memory_order_relaxed);
  for (auto _ : state) {
    auto status = encoder->Encode(events[next], "db2server.BENCH.MIXED", out);
    benchmark::DoNotOptimize(status);
    for (const EncodedRecord& record : out) {
      bytes += (record.key ? record.key->size() : 0) + (record.value ? record.value->size() : 0);
    }
    records += out.size();
    out.clear();
    next = (next + 1) % events.size();
  }
  const uint64_t allocations =
      allocation_count.load(std::memory_order_relaxed) - allocations_before;
  state.SetItemsProcessed(static_cast<int64_t>(records));
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
  state.counters["allocs_per_record"] =
      static_cast<double>(allocations) / static_cast<double>(records);
  state.counters["bytes_per_record"] = static_cast<double>(bytes) / static_cast<double>(records);
}

BENCHMARK_CAPTURE(EncodeMixedRows, insert_precise, model::Operation::kInsert,
                  DecimalHandling::kPrecise);
BENCHMARK_CAPTURE(EncodeMixedRows, update_precise, model::Operation::kUpdate,
                  DecimalHandling::kPrecise);
BENCHMARK_CAPTURE(EncodeMixedRows, delete_with_tombstone, model::Operation::kDelete,
                  DecimalHandling::kPrecise);
BENCHMARK_CAPTURE(EncodeMixedRows, insert_string_decimals, model::Operation::kInsert,
                  DecimalHandling::kString);
BENCHMARK_CAPTURE(EncodeMixedRows, insert_double_decimals, model::Operation::kInsert,
                  DecimalHandling::kDouble);

}  // namespace

BENCHMARK_MAIN();
