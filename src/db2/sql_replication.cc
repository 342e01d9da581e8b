#include "db2/sql_replication.h"

#include <algorithm>

#include "base/status_macros.h"
#include "db2/catalog.h"
#include "db2/row_values.h"
#include "drda/cursor.h"
#include "model/change_event.h"
#include "model/create_table_ddl.h"
#include "model/instant.h"

namespace db2kafka::db2 {
namespace {

std::string ControlTable(std::string_view capture_schema, std::string_view table) {
  return model::QuoteIdentifier(std::string(capture_schema)) + "." + std::string(table);
}

// Control-table names and flags may come blank-padded (CHAR columns, older VARCHAR data).
std::string TextOf(const model::Value& value) {
  const auto* text = value.TryAs<model::String>();
  if (text == nullptr) return {};
  std::string trimmed = text->utf8;
  while (!trimmed.empty() && trimmed.back() == ' ') trimmed.pop_back();
  return trimmed;
}

std::optional<std::string> BytesOf(const model::Value& value) {
  if (const auto* bytes = value.TryAs<model::Bytes>()) return bytes->data;
  return std::nullopt;
}

int64_t MicrosOf(const model::Value& value) {
  const auto* timestamp = value.TryAs<model::Timestamp>();
  if (timestamp == nullptr) return 0;
  return timestamp->EpochSeconds() * 1'000'000 + timestamp->picoseconds / 1'000'000;
}

// Runs a query and hands each row, as values, to `row`.
template <typename RowFunction>
base::Status ForEachRow(drda::Connection& connection, const std::string& sql,
                        std::span<const drda::Parameter> parameters, RowFunction&& row) {
  auto cursor = connection.OpenQuery(sql, parameters);
  if (!cursor) return base::Fail(base::WithContext(std::move(cursor).error(), sql));
  DB2KAFKA_ASSIGN_OR_RETURN(
      RowValueDecoder decoder,
      RowValueDecoder::Create((*cursor)->columns(), connection.server().byte_order));
  std::vector<model::Value> values;
  while (true) {
    auto more = (*cursor)->Next();
    if (!more) return base::Fail(base::WithContext(std::move(more).error(), sql));
    if (!*more) return {};
    DB2KAFKA_TRY(decoder.Decode((*cursor)->row(), values));
    DB2KAFKA_TRY(row(values));
  }
}

drda::Parameter SequenceParameter(std::string_view sequence) {
  return drda::BinaryParameter{std::vector<uint8_t>(sequence.begin(), sequence.end())};
}

}  // namespace

base::Result<bool> CaptureSchemaExists(drda::Connection& connection,
                                       std::string_view capture_schema) {
  DB2KAFKA_ASSIGN_OR_RETURN(auto tables,
                            ListTables(connection, capture_schema, "IBMSNAP_REGISTER"));
  return std::any_of(tables.begin(), tables.end(), [&](const TableName& name) {
    return name.schema == capture_schema && name.table == "IBMSNAP_REGISTER";
  });
}

base::Result<RegisterState> ReadRegister(drda::Connection& connection,
                                         std::string_view capture_schema) {
  const std::string sql =
      "SELECT SOURCE_OWNER, SOURCE_TABLE, CD_OWNER, CD_TABLE, CD_NEW_SYNCHPOINT, SYNCHPOINT, "
      "SYNCHTIME, CHG_UPD_TO_DEL_INS, BEFORE_IMG_PREFIX, STATE, GLOBAL_RECORD FROM " +
      ControlTable(capture_schema, "IBMSNAP_REGISTER") + " ORDER BY SOURCE_OWNER, SOURCE_TABLE";
  RegisterState state;
  // Sequences of both widths order as positions do: unsigned, after left-padding to 16 bytes.
  const auto raise = [&state](const std::optional<std::string>& synchpoint, int64_t time_us) {
    if (!synchpoint || synchpoint->empty()) return;
    if (!state.synchpoint ||
        model::Position{*state.synchpoint, ""} < model::Position{*synchpoint, ""}) {
      state.synchpoint = synchpoint;
      state.synchtime_us = time_us;
    }
  };
  DB2KAFKA_TRY(ForEachRow(connection, sql, {}, [&](const std::vector<model::Value>& row) {
    const int64_t synchtime_us = MicrosOf(row[6]);
    raise(BytesOf(row[4]), synchtime_us);
    raise(BytesOf(row[5]), synchtime_us);
    // The global row (GLOBAL_RECORD 'Y') carries Capture's synchpoint but registers no table.
    if (TextOf(row[10]) == "Y" || TextOf(row[0]).empty() || TextOf(row[3]).empty()) {
      return base::Status();
    }
    Registration& registration = state.registrations.emplace_back();
    registration.source_schema = TextOf(row[0]);
    registration.source_table = TextOf(row[1]);
    registration.cd_schema = TextOf(row[2]);
    registration.cd_table = TextOf(row[3]);
    registration.cd_new_synchpoint = BytesOf(row[4]);
    registration.updates_as_delete_insert = TextOf(row[7]) == "Y";
    registration.before_image_prefix = TextOf(row[8]);
    const std::string registration_state = TextOf(row[9]);
    registration.state = registration_state.empty() ? 'A' : registration_state[0];
    return base::Status();
  }));
  if (state.synchpoint) state.sequence_width = state.synchpoint->size();
  return state;
}

base::Result<std::vector<CommitTime>> ReadCommitTimes(drda::Connection& connection,
                                                      std::string_view capture_schema,
                                                      std::string_view after,
                                                      std::string_view up_to) {
  std::string sql = "SELECT IBMSNAP_COMMITSEQ, IBMSNAP_LOGMARKER FROM " +
                    ControlTable(capture_schema, "IBMSNAP_UOW") + " WHERE IBMSNAP_COMMITSEQ <= ?";
  std::vector<drda::Parameter> parameters = {SequenceParameter(up_to)};
  if (!after.empty()) {
    sql += " AND IBMSNAP_COMMITSEQ > ?";
    parameters.push_back(SequenceParameter(after));
  }
  sql += " ORDER BY IBMSNAP_COMMITSEQ";
  std::vector<CommitTime> times;
  DB2KAFKA_TRY(ForEachRow(connection, sql, parameters, [&](const std::vector<model::Value>& row) {
    std::optional<std::string> sequence = BytesOf(row[0]);
    if (sequence) times.push_back({std::move(*sequence), MicrosOf(row[1])});
    return base::Status();
  }));
  return times;
}

base::Result<std::optional<std::string>> FirstCommitAtOrAfter(drda::Connection& connection,
                                                              std::string_view capture_schema,
                                                              int64_t time_us) {
  const std::string sql = "SELECT MIN(IBMSNAP_COMMITSEQ) FROM " +
                          ControlTable(capture_schema, "IBMSNAP_UOW") +
                          " WHERE IBMSNAP_LOGMARKER >= CAST(? AS TIMESTAMP)";
  const std::vector<drda::Parameter> parameters = {model::TimestampLiteral(time_us)};
  std::optional<std::string> first;
  DB2KAFKA_TRY(
      ForEachRow(connection, sql, parameters, [&first](const std::vector<model::Value>& row) {
        first = BytesOf(row[0]);
        return base::Status();
      }));
  return first;
}

base::Result<bool> HasCommitAtOrBelow(drda::Connection& connection, std::string_view capture_schema,
                                      std::string_view sequence) {
  const std::string sql = "SELECT 1 FROM " + ControlTable(capture_schema, "IBMSNAP_UOW") +
                          " WHERE IBMSNAP_COMMITSEQ <= ? FETCH FIRST 1 ROWS ONLY";
  const std::vector<drda::Parameter> parameters = {SequenceParameter(sequence)};
  bool found = false;
  DB2KAFKA_TRY(ForEachRow(connection, sql, parameters, [&found](const std::vector<model::Value>&) {
    found = true;
    return base::Status();
  }));
  return found;
}

base::Result<std::vector<PrunePoint>> ReadPrunePoints(drda::Connection& connection,
                                                      std::string_view capture_schema) {
  const std::string sql =
      "SELECT C.SOURCE_OWNER, C.SOURCE_TABLE, MIN(S.SYNCHPOINT) FROM " +
      ControlTable(capture_schema, "IBMSNAP_PRUNCNTL") + " C JOIN " +
      ControlTable(capture_schema, "IBMSNAP_PRUNE_SET") +
      " S ON S.TARGET_SERVER = C.TARGET_SERVER AND S.APPLY_QUAL = C.APPLY_QUAL AND "
      "S.SET_NAME = C.SET_NAME GROUP BY C.SOURCE_OWNER, C.SOURCE_TABLE";
  std::vector<PrunePoint> points;
  DB2KAFKA_TRY(ForEachRow(connection, sql, {}, [&points](const std::vector<model::Value>& row) {
    std::optional<std::string> synchpoint = BytesOf(row[2]);
    if (synchpoint && !synchpoint->empty()) {
      points.push_back({TextOf(row[0]), TextOf(row[1]), std::move(*synchpoint)});
    }
    return base::Status();
  }));
  return points;
}

namespace {

std::string PruneSetWhere() {
  return " WHERE TARGET_SERVER = ? AND APPLY_QUAL = ? AND SET_NAME = ?";
}

std::vector<drda::Parameter> PruneSetParameters(const PruneSet& set) {
  return {drda::Parameter(set.target_server), drda::Parameter(set.apply_qualifier),
          drda::Parameter(set.set_name)};
}

}  // namespace

base::Result<bool> PruneSetExists(drda::Connection& connection, std::string_view capture_schema,
                                  const PruneSet& set) {
  const std::string sql =
      "SELECT 1 FROM " + ControlTable(capture_schema, "IBMSNAP_PRUNE_SET") + PruneSetWhere();
  const std::vector<drda::Parameter> parameters = PruneSetParameters(set);
  bool found = false;
  DB2KAFKA_TRY(ForEachRow(connection, sql, parameters, [&found](const std::vector<model::Value>&) {
    found = true;
    return base::Status();
  }));
  return found;
}

base::Result<bool> AdvancePrunePoint(drda::Connection& connection, std::string_view capture_schema,
                                     const PruneSet& set, std::string_view synchpoint) {
  std::vector<drda::Parameter> parameters = {SequenceParameter(synchpoint)};
  for (drda::Parameter& parameter : PruneSetParameters(set)) {
    parameters.push_back(std::move(parameter));
  }
  parameters.push_back(SequenceParameter(synchpoint));
  const std::string sql = "UPDATE " + ControlTable(capture_schema, "IBMSNAP_PRUNE_SET") +
                          " SET SYNCHPOINT = ?, SYNCHTIME = CURRENT TIMESTAMP" + PruneSetWhere() +
                          " AND SYNCHPOINT < ?";
  DB2KAFKA_ASSIGN_OR_RETURN(const int64_t updated, connection.Execute(sql, parameters));
  return updated > 0;
}

std::optional<std::string> SequenceBefore(std::string_view sequence) {
  if (sequence.find_first_not_of('\0') == std::string_view::npos) return std::nullopt;
  std::string before(sequence);
  for (size_t i = before.size(); i-- > 0;) {
    const auto byte = static_cast<unsigned char>(before[i]);
    before[i] = static_cast<char>(byte - 1);
    if (byte != 0) break;  // no borrow
  }
  return before;
}

base::Result<std::string> FitSequence(std::string_view sequence, size_t width) {
  if (sequence.size() == width) return std::string(sequence);
  if (sequence.size() < width) {
    return std::string(width - sequence.size(), '\0') + std::string(sequence);
  }
  const size_t extra = sequence.size() - width;
  if (sequence.substr(0, extra).find_first_not_of('\0') != std::string_view::npos) {
    return base::Fail(base::ErrorCode::kInvalidArgument,
                      "a " + std::to_string(sequence.size()) +
                          "-byte sequence does not fit the capture schema's " +
                          std::to_string(width) + "-byte sequences");
  }
  return std::string(sequence.substr(extra));
}

}  // namespace db2kafka::db2
