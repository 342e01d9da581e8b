// What the encoder tests build alike: tables, events, a manual clock, decimals and bytes, and
// golden files under src/encode/tests/testdata/ (DB2KAFKA_UPDATE_GOLDEN=1 rewrites them instead of
// comparing; review the diff before committing). Each format keeps its own tables and rows, whose
// names and values its golden files hold.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "encode/encoder.h"
#include "model/change_event.h"
#include "model/table_schema.h"
#include "model/value.h"

namespace db2kafka::encode::test_events {

// ---- Golden files -----------------------------------------------------------------------------

// src/encode/tests/testdata/<relative>.
std::string TestdataPath(std::string_view relative);
// True when DB2KAFKA_UPDATE_GOLDEN is set: golden files are written, not compared.
bool UpdatingGolden();
// The bytes of testdata/<relative>; a failure (and "") when it cannot be read.
std::string ReadTestdata(std::string_view relative);
// `actual` equals the bytes of testdata/<relative>, or is written there when UpdatingGolden().
void ExpectGoldenFile(std::string_view relative, std::string_view actual);

// ---- Values -----------------------------------------------------------------------------------

model::Decimal ParseDecimal(std::string_view text);
// The 256 byte values in order.
std::string AllByteValues();
// A base64 decoder written apart from the encoders', to check their text decodes to the bytes.
std::string DecodeBase64(std::string_view text);

// ---- Tables and events ------------------------------------------------------------------------

// SAMPLE.<schema>.<table> with `columns`.
std::shared_ptr<model::TableSchema> MakeTable(std::string schema, std::string table,
                                              std::vector<model::ColumnSchema> columns);

// An event of `operation` on `table` committed at `commit_micros`, with the images given and no
// position or transaction.
model::ChangeEvent MakeEvent(model::Operation operation,
                             std::shared_ptr<const model::TableSchema> table, int64_t commit_micros,
                             model::Row before = {}, model::Row after = {});

// Encodes `event` into `out`, failing the test on an error.
void EncodeOk(Encoder& encoder, const model::ChangeEvent& event, std::vector<EncodedRecord>& out,
              std::string_view topic = "topic");

// A JSON-text encoder (`make` for `format`) whose clock stands at `now_micros`, and whose one
// record per event is checked against testdata/<golden_dir>/<name>.json (the value and a newline).
class JsonEncoderTest : public ::testing::Test {
 protected:
  using MakeFunction = std::unique_ptr<Encoder> (*)(const EncoderOptions&);
  JsonEncoderTest(MakeFunction make, Format format, int64_t now_micros, std::string golden_dir);

  // The single record of `event`, checked against its golden file and parsed; its key in key_.
  nlohmann::json EncodeOne(const model::ChangeEvent& event, const std::string& golden);

  base::ManualClock clock_;
  std::unique_ptr<Encoder> encoder_;
  std::optional<std::string> key_;

 private:
  std::string golden_dir_;
};

}  // namespace db2kafka::encode::test_events
