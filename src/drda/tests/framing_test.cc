#include <gtest/gtest.h>

#include "drda/code_point.h"
#include "drda/reply_reader.h"
#include "drda/request_writer.h"

namespace db2kafka::drda {
namespace {

TEST(CodePointName, NamesKnownAndUnknownCodePoints) {
  EXPECT_EQ(CodePointName(cp::kSyntaxrm), "SYNTAXRM (0x124C)");
  EXPECT_EQ(CodePointName(0x1234), "code point 0x1234");
}

}  // namespace
}  // namespace db2kafka::drda
