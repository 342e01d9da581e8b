#include "encode/tests/test_events.h"

#include <cstdlib>
#include <fstream>
#include <iterator>

namespace db2kafka::encode::test_events {

std::string TestdataPath(std::string_view relative) {
  return std::string(DB2KAFKA_SOURCE_DIR) + "/src/encode/tests/testdata/" + std::string(relative);
}

bool UpdatingGolden() { return std::getenv("DB2KAFKA_UPDATE_GOLDEN") != nullptr; }

std::string ReadTestdata(std::string_view relative) {
  const std::string path = TestdataPath(relative);
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in) << path << " is missing: run with DB2KAFKA_UPDATE_GOLDEN=1 and review it";
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void ExpectGoldenFile(std::string_view relative, std::string_view actual) {
  if (UpdatingGolden()) {
    std::ofstream(TestdataPath(relative), std::ios::binary) << actual;
    return;
  }
  EXPECT_EQ(actual, ReadTestdata(relative)) << "golden " << relative;
}

model::Decimal ParseDecimal(std::string_view text) { return model::Decimal::Parse(text).value(); }

std::string AllByteValues() {
  std::string bytes;
  for (int i = 0; i < 256; ++i) bytes.push_back(static_cast<char>(i));
  return bytes;
}

std::string DecodeBase64(std::string_view text) {
  static constexpr std::string_view kAlphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string bytes;
  uint32_t bits = 0;
  int bit_count = 0;
  for (char c : text) {
    if (c == '=') break;
    bits = bits << 6 | static_cast<uint32_t>(kAlphabet.find(c));
    bit_count += 6;
    if (bit_count >= 8) {
      bit_count -= 8;
      bytes.push_back(static_cast<char>((bits >> bit_count) & 0xFF));
    }
  }
  return bytes;
}

std::shared_ptr<model::TableSchema> MakeTable(std::string schema, std::string table,
                                              std::vector<model::ColumnSchema> columns) {
  auto made = std::make_shared<model::TableSchema>();
  made->database = "SAMPLE";
  made->schema = std::move(schema);
  made->table = std::move(table);
  made->columns = std::move(columns);
  return made;
}

model::ChangeEvent MakeEvent(model::Operation operation,
                             std::shared_ptr<const model::TableSchema> table, int64_t commit_micros,
                             model::Row before, model::Row after) {
  model::ChangeEvent event;
  event.operation = operation;
  event.table = std::move(table);
  event.before = std::move(before);
  event.after = std::move(after);
  event.commit_time_us = commit_micros;
  return event;
}

void EncodeOk(Encoder& encoder, const model::ChangeEvent& event, std::vector<EncodedRecord>& out,
              std::string_view topic) {
  auto status = encoder.Encode(event, topic, out);
  EXPECT_TRUE(status.has_value()) << status.error().ToString();
}

JsonEncoderTest::JsonEncoderTest(MakeFunction make, Format format, int64_t now_micros,
                                 std::string golden_dir)
    : clock_(now_micros),
      encoder_(make({.format = format, .clock = &clock_})),
      golden_dir_(std::move(golden_dir)) {}

nlohmann::json JsonEncoderTest::EncodeOne(const model::ChangeEvent& event,
                                          const std::string& golden) {
  std::vector<EncodedRecord> out;
  EncodeOk(*encoder_, event, out, "db2.sample");
  EXPECT_EQ(out.size(), 1u);
  if (out.size() != 1 || !out[0].value) return {};
  ExpectGoldenFile(golden_dir_ + "/" + golden + ".json", *out[0].value + "\n");
  key_ = out[0].key;
  return nlohmann::json::parse(*out[0].value);
}

}  // namespace db2kafka::encode::test_events
