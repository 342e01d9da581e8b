#include "base/byte_reader.h"

#include <gtest/gtest.h>

#include "base/byte_writer.h"

namespace db2kafka::base {
namespace {

TEST(ByteReader, ReadsBothByteOrders) {
  const uint8_t bytes[] = {0x12, 0x34, 0x56, 0x78, 0x9A, 0xBC, 0xDE, 0xF0};
  ByteReader big(bytes);
  EXPECT_EQ(big.U16().value(), 0x1234);
  EXPECT_EQ(big.U16().value(), 0x5678);
  ByteReader little(bytes);
  EXPECT_EQ(little.U32(ByteOrder::kLittleEndian).value(), 0x78563412u);
  ByteReader wide(bytes);
  EXPECT_EQ(wide.U64().value(), 0x123456789ABCDEF0u);
  ByteReader negative(std::span<const uint8_t>(bytes).subspan(4));
  EXPECT_EQ(negative.I16().value(), static_cast<int16_t>(0x9ABC));
}

TEST(ByteReader, RefusesToReadPastTheEndAndSaysWhere) {
  const uint8_t bytes[] = {1, 2, 3};
  ByteReader reader(bytes);
  ASSERT_TRUE(reader.U16());
  const auto value = reader.U16();
  ASSERT_FALSE(value);
  EXPECT_EQ(value.error().code, ErrorCode::kProtocol);
  EXPECT_EQ(value.error().message, "truncated: 2 bytes needed at offset 2, 1 left");
  EXPECT_EQ(reader.position(), 2u);  // a failed read consumes nothing
  EXPECT_FALSE(reader.Bytes(2));
  EXPECT_FALSE(reader.Skip(5));
  EXPECT_EQ(reader.U8().value(), 3);
  EXPECT_TRUE(reader.empty());
  EXPECT_FALSE(reader.U8());
}

TEST(ByteWriter, WritesBigEndianAndPatches) {
  ByteWriter writer;
  writer.U16(0);
  writer.U32(0xDEADBEEF);
  writer.Chars("ok");
  writer.PatchU16(0, static_cast<uint16_t>(writer.size()));
  const std::vector<uint8_t> expected = {0x00, 0x08, 0xDE, 0xAD, 0xBE, 0xEF, 'o', 'k'};
  EXPECT_EQ(writer.bytes(), expected);
  ByteReader reader(writer.bytes());
  EXPECT_EQ(reader.U16().value(), 8);
  EXPECT_EQ(reader.U32().value(), 0xDEADBEEFu);
  EXPECT_EQ(reader.Chars(2).value(), "ok");
}

}  // namespace
}  // namespace db2kafka::base
