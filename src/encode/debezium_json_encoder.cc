#include "encode/debezium_json_encoder.h"

#include <array>
#include <charconv>
#include <cmath>
#include <optional>

#include "base/logger.h"
#include "base/status_macros.h"
#include "encode/detail/debezium_schema.h"
#include "encode/detail/debezium_schema_change.h"
#include "encode/detail/debezium_values.h"
#include "model/row_check.h"

namespace db2kafka::encode {
namespace {

using detail::DebeziumField;

constexpr size_t kMaxCachedTables = 4096;
constexpr int64_t kPicosPerMilli = 1'000'000'000;
constexpr int64_t kPicosPerMicro = 1'000'000;
constexpr int64_t kPicosPerNano = 1'000;

void AppendInt(std::string& out, int64_t value) {
  char buffer[24];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
  out.append(buffer, end);
}

// Epoch nanoseconds of a timestamp, false when they do not fit an int64 (before 1677-09-21 or
// after 2262-04-11), where Debezium's NanoTimestamp gives up too.
bool EpochNanos(const model::Timestamp& timestamp, int64_t& nanos) {
  int64_t scaled = 0;
  return !__builtin_mul_overflow(timestamp.EpochSeconds(), int64_t{1'000'000'000}, &scaled) &&
         !__builtin_add_overflow(scaled, timestamp.picoseconds / kPicosPerNano, &nanos);
}

base::Error CannotCarry(const model::TableSchema& table, const model::ColumnSchema& column,
                        const model::Value& value, std::string_view why) {
  return base::MakeError(base::ErrorCode::kInvalidArgument,
                         "debezium_json cannot write " + table.QualifiedName() + " column " +
                             column.name + " " + column.TypeText() + " value " +
                             value.DebugString() + ": " + std::string(why));
}

enum class DecFloatClass : uint8_t { kFinite, kNaN, kPositiveInfinity, kNegativeInfinity };

// Db2 prints DECFLOAT's special values as NaN, sNaN, Infinity and Inf, signed or not.
DecFloatClass ClassifyDecFloat(std::string_view text) {
  const bool negative = !text.empty() && text.front() == '-';
  if (!text.empty() && (text.front() == '-' || text.front() == '+')) text.remove_prefix(1);
  if (!text.empty() && (text.front() == 's' || text.front() == 'S')) text.remove_prefix(1);
  if (text.empty() ||
      (text.front() != 'n' && text.front() != 'N' && text.front() != 'i' && text.front() != 'I')) {
    return DecFloatClass::kFinite;
  }
  if (text.front() == 'n' || text.front() == 'N') return DecFloatClass::kNaN;
  return negative ? DecFloatClass::kNegativeInfinity : DecFloatClass::kPositiveInfinity;
}

// io.debezium.data.VariableScaleDecimal {scale, value} as Db2ValueConverters.convertDecfloat makes
// it: trailing zeros stripped, a negative scale raised to 0.
void AppendVariableScaleDecimal(std::string& out, model::Decimal decimal) {
  while (decimal.scale > 0 && decimal.unscaled != 0 && decimal.unscaled % 10 == 0) {
    decimal.unscaled /= 10;
    --decimal.scale;
  }
  if (decimal.unscaled == 0) decimal.scale = 0;
  out.append(R"({"scale":)");
  AppendInt(out, decimal.scale > 0 ? decimal.scale : 0);
  out.append(R"(,"value":")");
  if (decimal.scale >= 0) {
    detail::AppendTwosComplementBase64(out, decimal.unscaled);
  } else {
    detail::AppendDebeziumBase64(out,
                                 detail::TwosComplementBytes(decimal.unscaled, -decimal.scale));
  }
  out.append(R"("})");
}

base::Status AppendDecFloat(std::string& out, DebeziumField field, const model::TableSchema& table,
                            const model::ColumnSchema& column, const model::Value& value) {
  const DecFloatClass kind = ClassifyDecFloat(value.As<model::DecFloat>().text);
  if (kind != DecFloatClass::kFinite) {
    switch (field) {
      case DebeziumField::kDecFloatString:
        // The names Debezium's SpecialValueDecimal gives them in string mode.
        out.append(kind == DecFloatClass::kNaN                ? R"("NAN")"
                   : kind == DecFloatClass::kPositiveInfinity ? R"("POSITIVE_INFINITY")"
                                                              : R"("NEGATIVE_INFINITY")");
        return {};
      case DebeziumField::kDecFloatDouble:
        detail::AppendJavaDouble(out, kind == DecFloatClass::kNaN                ? std::nan("")
                                      : kind == DecFloatClass::kPositiveInfinity ? HUGE_VAL
                                                                                 : -HUGE_VAL);
        return {};
      default:
        return base::Fail(CannotCarry(table, column, value,
                                      "io.debezium.data.VariableScaleDecimal has no NaN or "
                                      "infinity; set destination.debezium.decimal_handling to "
                                      "string or double"));
    }
  }
  auto decimal = value.As<model::DecFloat>().FiniteDecimal();
  if (!decimal) return base::Fail(CannotCarry(table, column, value, decimal.error().message));
  switch (field) {
    case DebeziumField::kDecFloatString:
      out.push_back('"');
      detail::AppendPlainDecimal(out, decimal->unscaled, decimal->scale);
      out.push_back('"');
      break;
    case DebeziumField::kDecFloatDouble:
      detail::AppendJavaDouble(out, detail::DecimalToDouble(decimal->unscaled, decimal->scale));
      break;
    default:
      AppendVariableScaleDecimal(out, *decimal);
  }
  return {};
}

// Appends one non-NULL value in the form Debezium's Db2 connector gives it.
base::Status AppendFieldValue(std::string& out, detail::DebeziumColumn& column_text,
                              const model::TableSchema& table, size_t column_index,
                              const model::Value& value) {
  const DebeziumField field = column_text.field;
  switch (field) {
    case DebeziumField::kInt16:
      AppendInt(out, value.As<int16_t>());
      break;
    case DebeziumField::kInt32:
      AppendInt(out, value.As<int32_t>());
      break;
    case DebeziumField::kInt64:
      AppendInt(out, value.As<int64_t>());
      break;
    case DebeziumField::kFloat32:
      detail::AppendJavaFloat(out, value.As<float>());
      break;
    case DebeziumField::kFloat64:
      detail::AppendJavaDouble(out, value.As<double>());
      break;
    case DebeziumField::kBoolean:
      out.append(value.As<bool>() ? "true" : "false");
      break;
    case DebeziumField::kString:
      detail::AppendJacksonString(out, value.As<model::String>().utf8);
      break;
    case DebeziumField::kXml:
      detail::AppendJacksonString(out, value.As<model::Xml>().utf8);
      break;
    case DebeziumField::kBytes:
      out.push_back('"');
      detail::AppendDebeziumBase64(out, value.As<model::Bytes>().data);
      out.push_back('"');
      break;
    case DebeziumField::kDecimalBytes:
      out.push_back('"');
      detail::AppendTwosComplementBase64(out, value.As<model::Decimal>().unscaled);
      out.push_back('"');
      break;
    case DebeziumField::kDecimalString: {
      const auto& decimal = value.As<model::Decimal>();
      out.push_back('"');
      detail::AppendPlainDecimal(out, decimal.unscaled, decimal.scale);
      out.push_back('"');
      break;
    }
    case DebeziumField::kDecimalDouble: {
      const auto& decimal = value.As<model::Decimal>();
      detail::AppendJavaDouble(out, detail::DecimalToDouble(decimal.unscaled, decimal.scale));
      break;
    }
    case DebeziumField::kDecFloatStruct:
    case DebeziumField::kDecFloatString:
    case DebeziumField::kDecFloatDouble:
      return AppendDecFloat(out, field, table, table.columns[column_index], value);
    case DebeziumField::kDateDays:
      AppendInt(out, value.As<model::Date>().DaysSinceEpoch());
      break;
    case DebeziumField::kTimeMillis:
      // JDBC turns 24:00:00 into 00:00:00 (of the next day), so Debezium writes 0 for it.
      AppendInt(out, int64_t{value.As<model::Time>().SecondOfDay() % 86400} * 1000);
      break;
    case DebeziumField::kTimestampMillis: {
      const auto& timestamp = value.As<model::Timestamp>();
      AppendInt(out, timestamp.EpochSeconds() * 1000 + timestamp.picoseconds / kPicosPerMilli);
      break;
    }
    case DebeziumField::kTimestampMicros: {
      const auto& timestamp = value.As<model::Timestamp>();
      AppendInt(out, timestamp.EpochSeconds() * 1'000'000 + timestamp.picoseconds / kPicosPerMicro);
      break;
    }
    case DebeziumField::kTimestampNanos: {
      int64_t nanos = 0;
      if (EpochNanos(value.As<model::Timestamp>(), nanos)) {
        AppendInt(out, nanos);
        break;
      }
      const model::ColumnSchema& column = table.columns[column_index];
      constexpr std::string_view kOutOfRange =
          "io.debezium.time.NanoTimestamp holds 1677-09-21 to 2262-04-11 only";
      if (!column.nullable) return base::Fail(CannotCarry(table, column, value, kOutOfRange));
      // Debezium writes NULL with a warning for a nullable column; so do we, warning once per
      // column rather than once per row.
      if (!column_text.warned) {
        column_text.warned = true;
        base::LogWarning("encode", CannotCarry(table, column, value, kOutOfRange).message +
                                       "; written as null, as Debezium does (further such values "
                                       "of this column are not logged)");
      }
      out.append("null");
      break;
    }
  }
  return {};
}

base::Status AppendRow(std::string& out, detail::DebeziumTableText& text, const model::Row& row) {
  out.push_back('{');
  for (size_t i = 0; i < row.size(); ++i) {
    if (i > 0) out.push_back(',');
    out.append(text.columns[i].json_name);
    if (row[i].is_null()) {
      out.append("null");
      continue;
    }
    DB2KAFKA_TRY(AppendFieldValue(out, text.columns[i], *text.table, i, row[i]));
  }
  out.push_back('}');
  return {};
}

base::Result<std::optional<std::string>> RenderKey(detail::DebeziumTableText& text,
                                                   const model::Row& row) {
  if (text.key_columns.empty()) return std::nullopt;
  std::string key;
  key.reserve(text.key_head.size() + 64);
  key.append(text.key_head);
  for (size_t i = 0; i < text.key_columns.size(); ++i) {
    const size_t column = text.key_columns[i];
    if (i > 0) key.push_back(',');
    key.append(text.columns[column].json_name);
    if (row[column].is_null()) {
      key.append("null");
      continue;
    }
    DB2KAFKA_TRY(AppendFieldValue(key, text.columns[column], *text.table, column, row[column]));
  }
  key.append("}}");
  return key;
}

bool KeyChanged(const detail::DebeziumTableText& text, const model::ChangeEvent& event) {
  if (event.before.empty()) return false;
  for (size_t column : text.key_columns) {
    if (!(event.before[column] == event.after[column])) return true;
  }
  return false;
}

// One row change record: key and Envelope value.
struct ChangeRecordRequest {
  char op;
  const model::Row* before;  // null: "before":null
  const model::Row* after;
  const model::Row* key_row;
};

}  // namespace

DebeziumJsonEncoder::DebeziumJsonEncoder(EncoderOptions options) : options_(std::move(options)) {}

DebeziumJsonEncoder::~DebeziumJsonEncoder() = default;

detail::DebeziumTableText& DebeziumJsonEncoder::TextFor(
    const std::shared_ptr<const model::TableSchema>& table) {
  if (last_table_ != nullptr && last_table_->table.get() == table.get()) return *last_table_;
  auto found = tables_.find(table.get());
  if (found == tables_.end()) {
    // A runner that shares one TableSchema per table version never comes near the bound; one
    // that builds a schema per event would otherwise grow the cache without end.
    if (tables_.size() >= kMaxCachedTables) tables_.clear();
    found = tables_
                .emplace(table.get(), std::make_unique<detail::DebeziumTableText>(
                                          detail::BuildTableText(table, options_)))
                .first;
  }
  last_table_ = found->second.get();
  return *last_table_;
}

base::Status DebeziumJsonEncoder::Encode(const model::ChangeEvent& event,
                                         std::string_view /*topic*/,
                                         std::vector<EncodedRecord>& out) {
  DB2KAFKA_TRY(model::CheckEvent(event));
  const int64_t now_micros = options_.clock->NowMicros();
  const int64_t now_millis = now_micros / 1000 - (now_micros % 1000 < 0 ? 1 : 0);
  switch (event.operation) {
    case model::Operation::kHeartbeat:
      out.push_back(detail::MakeHeartbeatRecord(options_.logical_name, now_millis));
      return {};
    case model::Operation::kDdl:
      out.push_back(detail::MakeSchemaChangeRecord(event, options_.logical_name, now_millis));
      return {};
    default:
      break;
  }

  detail::DebeziumTableText& text = TextFor(event.table);
  const std::string_view snapshot =
      event.operation == model::Operation::kSnapshotRead ? "true" : "false";
  // At most delete, tombstone and create (an update of the key); nothing reaches `out` until all
  // are rendered.
  std::array<ChangeRecordRequest, 2> requests{};
  size_t request_count = 0;
  switch (event.operation) {
    case model::Operation::kSnapshotRead:
      requests[request_count++] = {'r', nullptr, &event.after, &event.after};
      break;
    case model::Operation::kInsert:
      requests[request_count++] = {'c', nullptr, &event.after, &event.after};
      break;
    case model::Operation::kUpdate:
      if (KeyChanged(text, event)) {
        requests[request_count++] = {'d', &event.before, nullptr, &event.before};
        requests[request_count++] = {'c', nullptr, &event.after, &event.after};
      } else {
        requests[request_count++] = {'u', event.before.empty() ? nullptr : &event.before,
                                     &event.after, &event.after};
      }
      break;
    default:
      requests[request_count++] = {'d', &event.before, nullptr, &event.before};
      break;
  }

  std::array<EncodedRecord, 3> records;
  size_t record_count = 0;
  for (size_t r = 0; r < request_count; ++r) {
    const ChangeRecordRequest& request = requests[r];
    EncodedRecord& record = records[record_count++];
    DB2KAFKA_ASSIGN_OR_RETURN(record.key, RenderKey(text, *request.key_row));
    std::string& value = record.value.emplace();
    value.reserve(text.value_size_hint);
    value.append(text.value_head);
    if (request.before != nullptr) {
      DB2KAFKA_TRY(AppendRow(value, text, *request.before));
    } else {
      value.append("null");
    }
    value.append(R"(,"after":)");
    if (request.after != nullptr) {
      DB2KAFKA_TRY(AppendRow(value, text, *request.after));
    } else {
      value.append("null");
    }
    value.push_back(',');
    detail::AppendSource(value, text.source, event, snapshot);
    value.append(R"(,"op":")");
    value.push_back(request.op);
    value.append(R"(","ts_ms":)");
    AppendInt(value, now_millis);
    value.append(R"(,"ts_us":)");
    AppendInt(value, now_micros);
    value.append(R"(,"ts_ns":)");
    AppendInt(value, now_micros * 1000);
    value.append(R"(,"transaction":null}})");
    if (value.size() > text.value_size_hint) text.value_size_hint = value.size();
    if (request.op == 'd' && options_.tombstones_on_delete) {
      records[record_count++].key = record.key;
    }
  }
  for (size_t r = 0; r < record_count; ++r) out.push_back(std::move(records[r]));
  return {};
}

std::unique_ptr<Encoder> MakeDebeziumJsonEncoder(const EncoderOptions& options) {
  return std::make_unique<DebeziumJsonEncoder>(options);
}

}  // namespace db2kafka::encode
