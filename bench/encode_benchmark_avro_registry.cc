// Records per second of the avro_registry encoder on one core, for a 10-column mixed row, and heap
// allocations per record (a global operator new counter). Schemas are registered once through an
// in-memory registry before timing starts, so only encoding counts.
#include <benchmark/benchmark.h>

#include <atomic>
#include <cstdlib>
#include <memory>
#include <new>
#include <string>

#include "encode/avro_registry_encoder.h"
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

// Every allocation of the process is counted; a benchmark reads the difference around its loop.
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

class FixedIdRegistry final : public HttpTransport {
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

model::Row MixedRow(int64_t id) {
  return {id,
          int32_t{4711},
          model::String{"SHIPPED   "},
          model::Decimal{.unscaled = 1234567, .scale = 2},
          0.125,
          int16_t{3},
          model::Date{2024, 1, 31},
          model::Timestamp{.date = {2024, 1, 31},
                           .time = {13, 14, 15},
                           .picoseconds = 123'456'000'000,
                           .precision = 6},
          model::String{"Müller Maschinenbau GmbH"},
          model::Value()};
}

struct Fixture {
  Fixture() {
    options.format = Format::kAvroRegistry;
    options.logical_name = "orders-to-kafka";
    encoder = MakeAvroRegistryEncoder(options, client);
  }
  SchemaRegistryClient client{SchemaRegistryOptions{.url = "http://registry.bench"},
                              std::make_unique<FixedIdRegistry>()};
  EncoderOptions options;
  std::unique_ptr<Encoder> encoder;
};

void Run(benchmark::State& state, const model::ChangeEvent& event) {
  Fixture fixture;
  std::vector<EncodedRecord> out;
  out.reserve(4);
  if (!fixture.encoder->Encode(event, "db2.orders", out)) state.SkipWithError("encode failed");
  size_t bytes = 0;
  for (const EncodedRecord& record : out) bytes += record.value->size() + record.key->size();
  const int64_t allocations_before = allocations.load();
  for (auto _ : state) {
    out.clear();
    const base::Status status = fixture.encoder->Encode(event, "db2.orders", out);
    benchmark::DoNotOptimize(status);
    benchmark::DoNotOptimize(out.data());
  }
  const auto records = static_cast<double>(state.iterations());
  state.SetItemsProcessed(state.iterations());
  state.counters["allocs_per_record"] =
      static_cast<double>(allocations.load() - allocations_before) / records;
  state.counters["bytes_per_record"] = static_cast<double>(bytes);
}

void AvroRegistryInsert10Columns(benchmark::State& state) {
  model::ChangeEvent event;
  event.operation = model::Operation::kInsert;
  event.table = MixedTable();
  event.after = MixedRow(1);
  event.position.commit_sequence = std::string(16, '\x01');
  event.position.intent_sequence = std::string(16, '\x02');
  event.commit_time_us = 1'700'000'000'000'000;
  Run(state, event);
}
BENCHMARK(AvroRegistryInsert10Columns);

void AvroRegistryUpdate10Columns(benchmark::State& state) {
  model::ChangeEvent event;
  event.operation = model::Operation::kUpdate;
  event.table = MixedTable();
  event.before = MixedRow(1);
  event.after = MixedRow(1);
  event.position.commit_sequence = std::string(16, '\x01');
  event.position.intent_sequence = std::string(16, '\x02');
  event.commit_time_us = 1'700'000'000'000'000;
  Run(state, event);
}
BENCHMARK(AvroRegistryUpdate10Columns);

}  // namespace
}  // namespace db2kafka::encode

BENCHMARK_MAIN();
