#include "drda/parameter.h"

#include <gtest/gtest.h>

namespace db2kafka::drda {
namespace {

TEST(EncodeParameters, DescribesAndEncodesEachKind) {
  const std::vector<Parameter> parameters = {int64_t{-2},
                                             std::string("hé"),
                                             DecimalParameter{"-12.50"},
                                             NullParameter{},
                                             BinaryParameter{{0x00, 0xFF}},
                                             1.5};
  const auto encoded = EncodeParameters(parameters);
  ASSERT_TRUE(encoded) << encoded.error().ToString();
  const std::vector<uint8_t> descriptor = {0x15, 0x76, 0xD0,  // N-GDA of 6 entries
                                           0x17, 0x00, 0x08,  // BIGINT
                                           0x3F, 0x7F, 0xFF,  // VARCHAR (mixed)
                                           0x0F, 0x05, 0x02,  // DECIMAL(5,2)
                                           0x3F, 0x7F, 0xFF,  // NULL, described as VARCHAR
                                           0x29, 0x7F, 0xFF,  // VARCHAR FOR BIT DATA
                                           0x0B, 0x00, 0x08,  // DOUBLE
                                           0x06, 0x71, 0xE4,
                                           0xD0, 0x00, 0x01};  // one SQLDTAGRP row
  EXPECT_EQ(encoded->descriptor, descriptor);
  const std::vector<uint8_t> data = {
      0x00,                                                   // the row is present
      0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFE,   // -2, big-endian
      0x00, 0x00, 0x03, 'h',  0xC3, 0xA9,                     // UTF-8 with its length
      0x00, 0x01, 0x25, 0x0D,                                 // packed -012.50
      0xFF,                                                   // NULL
      0x00, 0x00, 0x02, 0x00, 0xFF,                           // two bytes
      0x00, 0x3F, 0xF8, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00};  // 1.5
  EXPECT_EQ(encoded->data, data);
}

TEST(EncodeParameters, RejectsMalformedDecimalsAndOversizedValues) {
  EXPECT_FALSE(EncodeParameters(std::vector<Parameter>{DecimalParameter{"1e5"}}));
  EXPECT_FALSE(EncodeParameters(std::vector<Parameter>{DecimalParameter{""}}));
  EXPECT_FALSE(EncodeParameters(std::vector<Parameter>{DecimalParameter{std::string(32, '9')}}));
  EXPECT_FALSE(EncodeParameters(std::vector<Parameter>{std::string(40000, 'x')}));
}

TEST(EncodeParameters, ContinuesTheDescriptorPast84Parameters) {
  const std::vector<Parameter> parameters(100, Parameter{int64_t{1}});
  const auto encoded = EncodeParameters(parameters);
  ASSERT_TRUE(encoded);
  EXPECT_EQ(encoded->descriptor[0], 3 + 3 * 84);
  EXPECT_EQ(encoded->descriptor[1], 0x76);
  EXPECT_EQ(encoded->descriptor[3 + 3 * 84], 3 + 3 * 16);
  EXPECT_EQ(encoded->descriptor[3 + 3 * 84 + 1], 0x7F);
}

}  // namespace
}  // namespace db2kafka::drda
