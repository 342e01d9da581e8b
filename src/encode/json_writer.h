// Streaming JSON text into a caller-owned string: the JSON formats write hundreds of thousands of
// records a second, so no document tree is built. The caller writes a valid sequence of calls;
// commas are placed here.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace db2kafka::encode {

class JsonWriter {
 public:
  explicit JsonWriter(std::string& out) : out_(out) {}

  void BeginObject() { OpenScope('{'); }
  void EndObject() { CloseScope('}'); }
  void BeginArray() { OpenScope('['); }
  void EndArray() { CloseScope(']'); }
  // The next value belongs to this member name.
  void Key(std::string_view name);

  void Null() { AppendValue("null"); }
  void Bool(bool value) { AppendValue(value ? "true" : "false"); }
  void Int(int64_t value);
  void UInt(uint64_t value);
  // Shortest text that reads back to the same double (std::to_chars); NaN and infinities, which
  // JSON lacks, become the strings "NaN", "Infinity", "-Infinity" as Jackson writes them.
  void Double(double value);
  void Float(float value);
  void String(std::string_view utf8);
  // Text already in JSON form (a number rendered elsewhere, a nested document).
  void Raw(std::string_view json) { AppendValue(json); }

  std::string& out() { return out_; }

 private:
  void BeforeValue();
  void AppendValue(std::string_view text) {
    BeforeValue();
    out_.append(text);
  }
  void OpenScope(char bracket);
  void CloseScope(char bracket);

  std::string& out_;
  // One flag per open object or array: does it already hold a member?
  std::vector<bool> has_members_;
  bool after_key_ = false;
};

// Appends `utf8` as a JSON string literal: quotes, \" \\ and control characters escaped, and bytes
// that are not valid UTF-8 replaced by U+FFFD so the document stays valid JSON.
void AppendJsonString(std::string& out, std::string_view utf8);

}  // namespace db2kafka::encode
