#include "runner/chunk_bounds.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <limits>
#include <nlohmann/json.hpp>
#include <type_traits>

#include "base/hex.h"
#include "base/status_macros.h"

namespace db2kafka::runner {
namespace {

using nlohmann::json;

base::Error Damaged(std::string_view text, std::string_view why) {
  return base::MakeError(base::ErrorCode::kDataLoss,
                         "the task store holds a chunk bound db2kafka cannot read (" +
                             std::string(why) + "): " + std::string(text.substr(0, 200)) +
                             "; the state file is damaged: remove it to start the task over");
}

std::string DoubleText(double value) {
  // 17 significant digits round-trip every double.
  char buffer[32];
  std::snprintf(buffer, sizeof(buffer), "%.17g", value);
  return buffer;
}

// Whether nlohmann can write `text` as a JSON string: it throws on bytes that are not UTF-8, which
// a Db2 database can still hand us (the DRDA reader passes them through).
bool IsJsonText(const std::string& text) {
  try {
    (void)json(text).dump();
    return true;
  } catch (const json::exception&) {
    return false;
  }
}

base::Result<json> EncodeValue(const model::Value& value) {
  const std::string kind(model::ValueKindName(value.kind()));
  return std::visit(
      [&](const auto& v) -> base::Result<json> {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, model::Null>) {
          return json::array({kind});
        } else if constexpr (std::is_same_v<T, bool> || std::is_integral_v<T>) {
          return json::array({kind, v});
        } else if constexpr (std::is_floating_point_v<T>) {
          return json::array({kind, DoubleText(static_cast<double>(v))});
        } else if constexpr (std::is_same_v<T, model::Decimal> || std::is_same_v<T, model::Date> ||
                             std::is_same_v<T, model::Time>) {
          return json::array({kind, v.ToString()});
        } else if constexpr (std::is_same_v<T, model::DecFloat>) {
          return json::array({kind, v.text});
        } else if constexpr (std::is_same_v<T, model::String>) {
          // Bytes that are not UTF-8 go as hex, so the bound stays exact.
          if (!IsJsonText(v.utf8)) {
            return json::array({kind, json::object({{"hex", base::HexLower(v.utf8)}})});
          }
          return json::array({kind, v.utf8});
        } else if constexpr (std::is_same_v<T, model::Bytes>) {
          return json::array({kind, base::HexLower(v.data)});
        } else if constexpr (std::is_same_v<T, model::Timestamp>) {
          // Seconds as text; the fraction as picoseconds, so all 12 digits survive.
          return json::array({kind, model::Timestamp{v.date, v.time, 0, 0}.ToString(),
                              v.picoseconds, v.precision});
        } else {
          return base::Fail(base::ErrorCode::kInvalidArgument,
                            "a " + kind + " value cannot bound a chunk");
        }
      },
      value.storage());
}

template <typename Int>
bool ParseInt(std::string_view text, Int& out) {
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), out);
  return error == std::errc() && end == text.data() + text.size();
}

// "2024-01-31" and "13:14:15" as Date::ToString and Time::ToString write them.
bool ParseDate(std::string_view text, model::Date& date) {
  int year = 0;
  unsigned month = 0;
  unsigned day = 0;
  if (text.size() != 10 || text[4] != '-' || text[7] != '-' || !ParseInt(text.substr(0, 4), year) ||
      !ParseInt(text.substr(5, 2), month) || !ParseInt(text.substr(8, 2), day)) {
    return false;
  }
  date = {static_cast<int16_t>(year), static_cast<uint8_t>(month), static_cast<uint8_t>(day)};
  return date.IsValid();
}

bool ParseTime(std::string_view text, model::Time& time) {
  unsigned hour = 0;
  unsigned minute = 0;
  unsigned second = 0;
  if (text.size() != 8 || text[2] != ':' || text[5] != ':' || !ParseInt(text.substr(0, 2), hour) ||
      !ParseInt(text.substr(3, 2), minute) || !ParseInt(text.substr(6, 2), second)) {
    return false;
  }
  time = {static_cast<uint8_t>(hour), static_cast<uint8_t>(minute), static_cast<uint8_t>(second)};
  return time.IsValid();
}

std::optional<model::Value> DecodeValue(const json& entry) {
  if (!entry.is_array() || entry.empty() || !entry[0].is_string()) return std::nullopt;
  const auto& kind = entry[0].get_ref<const std::string&>();
  const bool has_text = entry.size() >= 2 && entry[1].is_string();
  const std::string text = has_text ? entry[1].get<std::string>() : std::string();
  // The integer of the entry when it fits Int; a value that does not was never written by us.
  const auto integer = [&]<typename Int>(Int) -> std::optional<model::Value> {
    if (entry.size() != 2 || !entry[1].is_number_integer()) return std::nullopt;
    if (entry[1].is_number_unsigned()) {
      const auto v = entry[1].get<uint64_t>();
      if (v > static_cast<uint64_t>(std::numeric_limits<Int>::max())) return std::nullopt;
      return model::Value(static_cast<Int>(v));
    }
    const auto v = entry[1].get<int64_t>();
    if (v < std::numeric_limits<Int>::min() || v > std::numeric_limits<Int>::max()) {
      return std::nullopt;
    }
    return model::Value(static_cast<Int>(v));
  };
  if (kind == "NULL" && entry.size() == 1) return model::Value(model::Null{});
  if (kind == "STRING" && entry.size() == 2 && entry[1].is_object()) {
    const auto hex = entry[1].find("hex");
    if (entry[1].size() != 1 || hex == entry[1].end() || !hex->is_string()) return std::nullopt;
    auto bytes = base::ParseHex(hex->get_ref<const std::string&>());
    if (bytes) return model::Value(model::String{std::move(*bytes)});
    return std::nullopt;
  }
  if (kind == "INT16") return integer(int16_t{});
  if (kind == "INT32") return integer(int32_t{});
  if (kind == "INT64") return integer(int64_t{});
  if (kind == "BOOLEAN") {
    if (entry.size() == 2 && entry[1].is_boolean()) return model::Value(entry[1].get<bool>());
  } else if (!has_text || (kind != "TIMESTAMP" && entry.size() != 2)) {
    return std::nullopt;
  } else if (kind == "FLOAT32" || kind == "FLOAT64") {
    char* end = nullptr;
    const double value = std::strtod(text.c_str(), &end);
    if (end != text.c_str() + text.size() || text.empty()) return std::nullopt;
    if (kind == "FLOAT64") return model::Value(value);
    // Written from a float, so it is one exactly; anything else (1e300) would change on the cast.
    const auto narrow = static_cast<float>(value);
    if (!std::isnan(value) && static_cast<double>(narrow) != value) return std::nullopt;
    return model::Value(narrow);
  } else if (kind == "DECIMAL") {
    auto decimal = model::Decimal::Parse(text);
    if (decimal) return model::Value(*decimal);
  } else if (kind == "DECFLOAT") {
    return model::Value(model::DecFloat{text});
  } else if (kind == "STRING") {
    return model::Value(model::String{text});
  } else if (kind == "BYTES") {
    auto bytes = base::ParseHex(text);
    if (bytes) return model::Value(model::Bytes{std::move(*bytes)});
  } else if (kind == "DATE") {
    model::Date date;
    if (ParseDate(text, date)) return model::Value(date);
  } else if (kind == "TIME") {
    model::Time time;
    if (ParseTime(text, time)) return model::Value(time);
  } else if (kind == "TIMESTAMP" && entry.size() == 4 && text.size() == 19 && text[10] == 'T' &&
             entry[2].is_number_integer() && entry[3].is_number_integer()) {
    model::Timestamp timestamp;
    if (!ParseDate(text.substr(0, 10), timestamp.date) ||
        !ParseTime(text.substr(11), timestamp.time)) {
      return std::nullopt;
    }
    // Checked before the casts, which would wrap 2^64-1 to -1 and 262 to 6. nlohmann parses every
    // non-negative integer as unsigned.
    if (!entry[2].is_number_unsigned() || !entry[3].is_number_unsigned() ||
        entry[2].get<uint64_t>() >= 1'000'000'000'000 || entry[3].get<uint64_t>() > 12) {
      return std::nullopt;
    }
    timestamp.picoseconds = static_cast<int64_t>(entry[2].get<uint64_t>());
    timestamp.precision = static_cast<uint8_t>(entry[3].get<uint64_t>());
    if (timestamp.IsValid()) return model::Value(timestamp);
  }
  return std::nullopt;
}

}  // namespace

base::Result<std::string> EncodeChunkBound(const std::optional<model::Row>& bound) {
  if (!bound) return std::string();
  json entries = json::array();
  for (const model::Value& value : *bound) {
    DB2KAFKA_ASSIGN_OR_RETURN(json entry, EncodeValue(value));
    entries.push_back(std::move(entry));
  }
  return entries.dump();
}

base::Result<std::optional<model::Row>> DecodeChunkBound(std::string_view text) {
  if (text.empty()) return std::optional<model::Row>();
  const json entries = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!entries.is_array() || entries.empty()) return base::Fail(Damaged(text, "not a JSON array"));
  model::Row row;
  row.reserve(entries.size());
  for (const json& entry : entries) {
    std::optional<model::Value> value = DecodeValue(entry);
    if (!value) return base::Fail(Damaged(text, "entry " + entry.dump()));
    row.push_back(std::move(*value));
  }
  return std::optional<model::Row>(std::move(row));
}

}  // namespace db2kafka::runner
