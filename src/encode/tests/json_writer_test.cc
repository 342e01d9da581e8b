#include "encode/json_writer.h"

#include <gtest/gtest.h>

#include <limits>
#include <nlohmann/json.hpp>

namespace db2kafka::encode {
namespace {

TEST(JsonWriter, PlacesCommasInNestedScopes) {
  std::string out;
  JsonWriter json(out);
  json.BeginObject();
  json.Key("a");
  json.Int(-1);
  json.Key("b");
  json.BeginArray();
  json.Null();
  json.Bool(true);
  json.BeginObject();
  json.EndObject();
  json.BeginArray();
  json.EndArray();
  json.EndArray();
  json.Key("c");
  json.String("x");
  json.EndObject();
  EXPECT_EQ(out, R"({"a":-1,"b":[null,true,{},[]],"c":"x"})");
}

TEST(JsonWriter, EscapesControlCharactersAndKeepsUtf8) {
  std::string out;
  AppendJsonString(out, std::string("q\"b\\n\n\x01 é 中 😀"));
  EXPECT_EQ(out, "\"q\\\"b\\\\n\\n\\u0001 é 中 😀\"");
  EXPECT_EQ(nlohmann::json::parse(out).get<std::string>(), std::string("q\"b\\n\n\x01 é 中 😀"));
}

TEST(JsonWriter, ReplacesInvalidUtf8SoTheDocumentStaysValid) {
  for (std::string bad : {std::string("a\xff"
                                      "b"),
                          std::string("\xc3"), std::string("\xe0\x80\x80"),
                          std::string("\xed\xa0\x80"), std::string("\xf4\x90\x80\x80")}) {
    std::string out;
    AppendJsonString(out, bad);
    EXPECT_TRUE(nlohmann::json::accept(out)) << out;
    EXPECT_NE(out.find("\xEF\xBF\xBD"), std::string::npos) << out;
  }
}

TEST(JsonWriter, NumbersReadBackExactly) {
  std::string out;
  JsonWriter json(out);
  json.BeginArray();
  json.Double(0.1);
  json.Double(-1e300);
  json.Float(3.4028235e38f);
  json.Int(std::numeric_limits<int64_t>::min());
  json.UInt(std::numeric_limits<uint64_t>::max());
  json.Double(std::numeric_limits<double>::quiet_NaN());
  json.Double(-std::numeric_limits<double>::infinity());
  json.EndArray();
  EXPECT_EQ(
      out,
      R"([0.1,-1e+300,3.4028235e+38,-9223372036854775808,18446744073709551615,"NaN","-Infinity"])");
}

}  // namespace
}  // namespace db2kafka::encode
