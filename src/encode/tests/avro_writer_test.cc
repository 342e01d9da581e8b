#include "encode/avro_writer.h"

#include <gtest/gtest.h>

#include <limits>

#include "base/hex.h"

namespace db2kafka::encode {
namespace {

std::string LongBytes(int64_t value) {
  std::string out;
  AvroWriter(out).Long(value);
  return base::HexLower(out);
}

// The examples of the Avro specification's "Binary Encoding" section, and the extremes.
TEST(AvroWriter, ZigZagVarintsMatchTheSpecification) {
  EXPECT_EQ(LongBytes(0), "00");
  EXPECT_EQ(LongBytes(-1), "01");
  EXPECT_EQ(LongBytes(1), "02");
  EXPECT_EQ(LongBytes(-2), "03");
  EXPECT_EQ(LongBytes(2), "04");
  EXPECT_EQ(LongBytes(-64), "7f");
  EXPECT_EQ(LongBytes(64), "8001");
  EXPECT_EQ(LongBytes(std::numeric_limits<int64_t>::max()), "feffffffffffffffff01");
  EXPECT_EQ(LongBytes(std::numeric_limits<int64_t>::min()), "ffffffffffffffffff01");
}

TEST(AvroWriter, StringsFloatsAndBlocks) {
  std::string out;
  AvroWriter writer(out);
  writer.String("foo");
  writer.Double(1.0);
  writer.Float(-2.0f);
  writer.Boolean(true);
  writer.BlockStart(2);
  writer.Int(1);
  writer.Int(2);
  writer.EndBlocks();
  writer.BlockStart(0);
  writer.EndBlocks();
  EXPECT_EQ(base::HexLower(out),
            "06666f6f"
            "000000000000f03f"
            "000000c0"
            "01"
            "04"
            "02"
            "04"
            "00"
            "00");
}

}  // namespace
}  // namespace db2kafka::encode
