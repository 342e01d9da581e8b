#include "encode/encoder_factory.h"

#include <gtest/gtest.h>

#include "model/change_event.h"

namespace db2kafka::encode {
namespace {

std::shared_ptr<model::TableSchema> Table() {
  auto table = std::make_shared<model::TableSchema>();
  table->database = "SAMPLE";
  table->schema = "APP";
  table->table = "T";
  table->columns = {
      {.name = "ID", .type = model::Db2Type::kInteger, .nullable = false, .key_position = 1}};
  return table;
}

TEST(EncoderFactory, EveryFormatNameMakesAnEncoderThatEncodes) {
  base::ManualClock clock(1'700'000'000'000'000);
  for (std::string_view name : {"dts_avro", "canal_json", "shareplex_json", "debezium_json"}) {
    auto format = FormatFromName(name);
    ASSERT_TRUE(format) << name;
    EXPECT_EQ(FormatName(*format), name);
    auto encoder = MakeEncoder({.format = *format, .clock = &clock, .logical_name = "t"}, nullptr);
    ASSERT_TRUE(encoder) << encoder.error().ToString();
    model::ChangeEvent event{.operation = model::Operation::kInsert, .table = Table()};
    event.after = {model::Value(7)};
    std::vector<EncodedRecord> records;
    const base::Status encoded = (*encoder)->Encode(event, "topic", records);
    ASSERT_TRUE(encoded) << name << ": " << encoded.error().ToString();
    ASSERT_FALSE(records.empty()) << name;
    EXPECT_TRUE(records[0].value.has_value()) << name;
  }
}

TEST(EncoderFactory, AvroRegistryWithoutARegistryIsRefusedClearly) {
  auto encoder = MakeEncoder({.format = Format::kAvroRegistry}, nullptr);
  ASSERT_FALSE(encoder);
  EXPECT_EQ(encoder.error().code, base::ErrorCode::kFailedPrecondition);
  EXPECT_NE(encoder.error().message.find("destination.schema_registry.url"), std::string::npos);
}

TEST(EncoderFactory, UnknownFormatNamesTheChoices) {
  auto format = FormatFromName("protobuf");
  ASSERT_FALSE(format);
  EXPECT_NE(format.error().message.find("debezium_json"), std::string::npos);
}

}  // namespace
}  // namespace db2kafka::encode
