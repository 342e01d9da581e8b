// Encoder throughput: records per second on one core for the same 10-column mixed row (BIGINT
// key, INTEGER, CHAR, DECIMAL, DOUBLE, SMALLINT, DATE, TIMESTAMP(6), two VARCHARs, one of them
// NULL) in every destination.format, inserts and updates (before and after image), and heap
// allocations per record (every operator new of the process is counted). avro_registry registers
// its schemas once, against an in-memory registry, before timing starts, so only encoding counts.
//   build/bench/bench_encode                      # bench/run-encode repeats it and takes medians
#include <benchmark/benchmark.h>

#include <atomic>
#include <cstdlib>
#include <memory>
#include <new>
#include <string>

#include "encode/encoder_factory.h"
#include "model/change_event.h"

namespace {

std::atomic<int64_t> allocations{0};

void* CountedAllocation(std::size_t size) {
  allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* pointer = std::malloc(size == 0 ? 1 : size)) return pointer;
  throw std::bad_alloc();
}

void* CountedAlignedAllocation(std::size_t size, std::align_val_t alignment) {
  allocations.fetch_add(1, std::memory_order_relaxed);
  const auto align = static_cast<std::size_t>(alignment);
  if (void* pointer = std::aligned_alloc(align, (size + align - 1) / align * align)) {
    return pointer;
  }
  throw std::bad_alloc();
}

}  // namespace

void* operator new(std::size_t size) { return CountedAllocation(size); }
void* operator new[](std::size_t size) { return CountedAllocation(size); }
void* operator new(std::size_t size, std::align_val_t alignment) {
  return CountedAlignedAllocation(size, alignment);
}
void* operator new[](std::size_t size, std::align_val_t alignment) {
  return CountedAlignedAllocation(size, alignment);
}
void operator delete(void* pointer) noexcept { std::free(pointer); }
void operator delete[](void* pointer) noexcept { std::free(pointer); }
void operator delete(void* pointer, std::size_t /*size*/) noexcept { std::free(pointer); }
void operator delete[](void* pointer, std::size_t /*size*/) noexcept { std::free(pointer); }
void operator delete(void* pointer, std::align_val_t /*alignment*/) noexcept { std::free(pointer); }
void operator delete[](void* pointer, std::align_val_t /*alignment*/) noexcept {
  std::free(pointer);
}
void operator delete(void* pointer, std::size_t /*size*/, std::align_val_t /*alignment*/) noexcept {
  std::free(pointer);
}
void operator delete[](void* pointer, std::size_t /*size*/,
                       std::align_val_t /*alignment*/) noexcept {
  std::free(pointer);
}

namespace db2kafka::encode {
namespace {

using model::Db2Type;

// Answers every registration with a new id, as a registry would for new schemas.
class InMemoryRegistry final : public HttpTransport {
 public:
  base::Result<HttpResponse> Send(const HttpRequest& /*request*/) override {
    return HttpResponse{.status = 200, .body = R"({"id":)" + std::to_string(++next_id_) + "}"};
  }

 private:
  int next_id_ = 100;
};

std::shared_ptr<const model::TableSchema> MixedTable() {
  auto table = std::make_shared<model::TableSchema>();
  table->database = "SAMPLE";
  table->schema = "APP";
  table->table = "ORDERS";
  table->columns = {
      {.name = "ORDER_ID", .type = Db2Type::kBigint, .nullable = false, .key_position = 1},
      {.name = "CUSTOMER_ID", .type = Db2Type::kInteger, .nullable = false},
      {.name = "STATUS", .type = Db2Type::kChar, .length = 10},
      {.name = "AMOUNT", .type = Db2Type::kDecimal, .precision = 15, .scale = 2},
      {.name = "DISCOUNT", .type = Db2Type::kDouble},
      {.name = "QUANTITY", .type = Db2Type::kSmallint},
      {.name = "ORDER_DATE", .type = Db2Type::kDate},
      {.name = "CREATED_AT", .type = Db2Type::kTimestamp, .scale = 6},
      {.name = "CUSTOMER_NAME", .type = Db2Type::kVarchar, .length = 100},
      {.name = "COMMENT", .type = Db2Type::kVarchar, .length = 200},
  };
  return table;
}

model::Row MixedRow(int64_t id, int32_t customer) {
  return {id,
          customer,
          model::String{"SHIPPED   "},
          model::Decimal{.unscaled = 1234567, .scale = 2},
          0.125,
          int16_t{3},
          model::Date{2024, 1, 31},
          model::Timestamp{.date = {2024, 1, 31},
                           .time = {13, 14, 15},
                           .picoseconds = 123'456'000'000,
                           .precision = 6},
          model::String{"M\xC3\xBCller Maschinenbau GmbH"},
          model::Value()};
}

model::ChangeEvent MixedEvent(model::Operation operation) {
  model::ChangeEvent event;
  event.operation = operation;
  event.table = MixedTable();
  event.after = MixedRow(1, 4711);
  if (operation == model::Operation::kUpdate) event.before = MixedRow(1, 4700);
  event.position.commit_sequence = std::string(16, '\x01');
  event.position.intent_sequence = std::string(16, '\x02');
  event.commit_time_us = 1'700'000'000'000'000;
  event.transaction_id = "0000000000000000a1b2";
  event.order_in_transaction = 1;
  event.transaction_size = 1;
  event.sequence = 42;
  return event;
}

void Encode(benchmark::State& state, Format format, model::Operation operation) {
  const base::ManualClock clock(1'700'000'000'000'000);
  SchemaRegistryClient registry(SchemaRegistryOptions{.url = "http://registry.bench"},
                                std::make_unique<InMemoryRegistry>());
  auto encoder = MakeEncoder({.format = format, .clock = &clock, .logical_name = "orders-to-kafka"},
                             &registry);
  if (!encoder) return state.SkipWithError(encoder.error().ToString().c_str());
  const model::ChangeEvent event = MixedEvent(operation);
  std::vector<EncodedRecord> out;
  out.reserve(4);
  // The first call registers schemas and fills per-table caches; it is not timed.
  if (!(*encoder)->Encode(event, "db2.orders", out)) return state.SkipWithError("encode failed");
  size_t bytes = 0;
  for (const EncodedRecord& record : out) bytes += record.value ? record.value->size() : 0;
  const int64_t allocations_before = allocations.load();
  for (auto _ : state) {
    out.clear();
    const base::Status status = (*encoder)->Encode(event, "db2.orders", out);
    benchmark::DoNotOptimize(status);
    benchmark::DoNotOptimize(out.data());
  }
  const auto records = static_cast<double>(state.iterations());
  state.SetItemsProcessed(state.iterations());
  state.counters["allocs_per_record"] =
      static_cast<double>(allocations.load() - allocations_before) / records;
  state.counters["value_bytes"] = static_cast<double>(bytes);
}

#define DB2KAFKA_ENCODE_BENCHMARKS(format, name)                                       \
  BENCHMARK_CAPTURE(Encode, name##_insert, Format::format, model::Operation::kInsert); \
  BENCHMARK_CAPTURE(Encode, name##_update, Format::format, model::Operation::kUpdate)

DB2KAFKA_ENCODE_BENCHMARKS(kDtsAvro, dts_avro);
DB2KAFKA_ENCODE_BENCHMARKS(kCanalJson, canal_json);
DB2KAFKA_ENCODE_BENCHMARKS(kShareplexJson, shareplex_json);
DB2KAFKA_ENCODE_BENCHMARKS(kDebeziumJson, debezium_json);
DB2KAFKA_ENCODE_BENCHMARKS(kAvroRegistry, avro_registry);

}  // namespace
}  // namespace db2kafka::encode

BENCHMARK_MAIN();
