#include "model/instant.h"

#include <cctype>
#include <cstdio>
#include <ctime>

#include "model/value.h"

namespace db2kafka::model {
namespace {

// Reads exactly `digits` decimal digits at `at`, advancing it.
bool ReadNumber(std::string_view text, size_t& at, size_t digits, int& value) {
  if (at + digits > text.size()) return false;
  value = 0;
  for (size_t i = 0; i < digits; ++i) {
    const char c = text[at + i];
    if (std::isdigit(static_cast<unsigned char>(c)) == 0) return false;
    value = value * 10 + (c - '0');
  }
  at += digits;
  return true;
}

bool Expect(std::string_view text, size_t& at, char c) {
  if (at >= text.size() || text[at] != c) return false;
  ++at;
  return true;
}

}  // namespace

base::Result<int64_t> ParseInstant(std::string_view text) {
  const auto invalid = [&text] {
    return base::Fail(base::ErrorCode::kInvalidArgument,
                      "\"" + std::string(text) +
                          "\" is not an ISO-8601 time with a zone, like 2024-05-01T08:00:00Z or "
                          "2024-05-01T10:00:00.5+02:00");
  };
  size_t at = 0;
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  if (!ReadNumber(text, at, 4, year) || !Expect(text, at, '-') || !ReadNumber(text, at, 2, month) ||
      !Expect(text, at, '-') || !ReadNumber(text, at, 2, day) ||
      !(Expect(text, at, 'T') || Expect(text, at, ' ')) || !ReadNumber(text, at, 2, hour) ||
      !Expect(text, at, ':') || !ReadNumber(text, at, 2, minute) || !Expect(text, at, ':') ||
      !ReadNumber(text, at, 2, second)) {
    return invalid();
  }
  int64_t micros = 0;
  if (at < text.size() && text[at] == '.') {
    ++at;
    size_t digits = 0;
    int64_t scale = 100'000;
    while (at < text.size() && std::isdigit(static_cast<unsigned char>(text[at])) != 0) {
      if (++digits > 9) return invalid();
      micros += (text[at] - '0') * scale;
      scale /= 10;
      ++at;
    }
    if (digits == 0) return invalid();
  }
  int offset_minutes = 0;
  if (Expect(text, at, 'Z')) {
  } else if (at < text.size() && (text[at] == '+' || text[at] == '-')) {
    const int sign = text[at++] == '-' ? -1 : 1;
    int offset_hours = 0;
    int offset_rest = 0;
    if (!ReadNumber(text, at, 2, offset_hours) || !Expect(text, at, ':') ||
        !ReadNumber(text, at, 2, offset_rest)) {
      return invalid();
    }
    offset_minutes = sign * (offset_hours * 60 + offset_rest);
  } else {
    return invalid();
  }
  if (at != text.size()) return invalid();
  const Timestamp timestamp{
      .date = {static_cast<int16_t>(year), static_cast<uint8_t>(month), static_cast<uint8_t>(day)},
      .time = {static_cast<uint8_t>(hour), static_cast<uint8_t>(minute),
               static_cast<uint8_t>(second)}};
  if (!timestamp.IsValid()) return invalid();
  return (timestamp.EpochSeconds() - int64_t{offset_minutes} * 60) * 1'000'000 + micros;
}

std::string TimestampLiteral(int64_t epoch_micros) {
  int64_t seconds = epoch_micros / 1'000'000;
  int64_t micros = epoch_micros % 1'000'000;
  if (micros < 0) {
    micros += 1'000'000;
    --seconds;
  }
  const std::time_t time = seconds;
  std::tm utc{};
  gmtime_r(&time, &utc);
  char text[96];
  std::snprintf(text, sizeof(text), "%04d-%02d-%02d %02d:%02d:%02d.%06lld", utc.tm_year + 1900,
                utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec,
                static_cast<long long>(micros));
  return text;
}

}  // namespace db2kafka::model
