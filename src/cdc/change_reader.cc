#include "cdc/change_reader.h"

#include <algorithm>

#include "base/hex.h"
#include "base/status_macros.h"
#include "cdc/pruned_gap.h"
#include "db2/catalog.h"
#include "db2/row_values.h"
#include "drda/cursor.h"
#include "model/create_table_ddl.h"

namespace db2kafka::cdc {
namespace {

constexpr size_t kMetadataColumns = 4;  // COMMITSEQ, INTENTSEQ, OPERATION, the filter flag

std::string SelectList(const std::vector<std::string>& selected, const std::string& filter) {
  std::string list = R"("IBMSNAP_COMMITSEQ", "IBMSNAP_INTENTSEQ", "IBMSNAP_OPERATION", )";
  list += filter.empty() ? std::string("1") : "CASE WHEN (" + filter + ") THEN 1 ELSE 0 END";
  for (const std::string& name : selected) list += ", " + model::QuoteIdentifier(name);
  return list;
}

std::string CdTable(const std::string& cd_schema, const std::string& cd_table) {
  return model::QuoteIdentifier(cd_schema) + "." + model::QuoteIdentifier(cd_table);
}

drda::Parameter SequenceParameter(const std::string& sequence) {
  return drda::BinaryParameter{std::vector<uint8_t>(sequence.begin(), sequence.end())};
}

bool SequenceLess(const std::string& a, const std::string& b) {
  return model::Position{a, ""} < model::Position{b, ""};
}

model::Row Pick(const model::Row& row, const std::vector<size_t>& positions) {
  model::Row picked;
  picked.reserve(positions.size());
  for (const size_t position : positions) picked.push_back(row[position]);
  return picked;
}

}  // namespace

std::string ChangeQuery(const std::string& cd_schema, const std::string& cd_table,
                        const std::vector<std::string>& selected, const std::string& filter,
                        bool has_after, int64_t limit) {
  std::string sql = "SELECT " + SelectList(selected, filter) + " FROM " +
                    CdTable(cd_schema, cd_table) + " WHERE ";
  if (has_after) sql += R"("IBMSNAP_COMMITSEQ" > ? AND )";
  sql += R"("IBMSNAP_COMMITSEQ" <= ? ORDER BY "IBMSNAP_COMMITSEQ", "IBMSNAP_INTENTSEQ")";
  if (limit > 0) sql += " FETCH FIRST " + std::to_string(limit) + " ROWS ONLY";
  return sql;
}

std::string TransactionQuery(const std::string& cd_schema, const std::string& cd_table,
                             const std::vector<std::string>& selected, const std::string& filter) {
  return "SELECT " + SelectList(selected, filter) + " FROM " + CdTable(cd_schema, cd_table) +
         R"( WHERE "IBMSNAP_COMMITSEQ" = ? ORDER BY "IBMSNAP_INTENTSEQ")";
}

// How one CD table is read: its selected columns after the metadata ones, laid out as
//   [destination columns] [source key columns not among them] [before images of the destination
//   columns] [before images of the key columns]
// with the positions of each part in the decoded row (counted after the metadata columns).
struct ChangeReader::TablePlan {
  size_t table_index = 0;
  std::string cd_schema;
  std::string cd_table;
  std::string name;  // "CD_SCHEMA.CD_TABLE", for messages
  std::vector<std::string> selected;
  std::vector<model::ColumnSchema> declared;  // every result column, metadata first
  std::vector<size_t> after;                  // destination columns
  std::vector<size_t> key;                    // source key columns
  std::vector<size_t> before;                 // empty without before images
  std::vector<size_t> before_key;
  AssemblyRules rules;
};

struct ChangeReader::TableRead {
  const TablePlan* plan = nullptr;
  std::vector<CdRow> rows;
};

base::Result<std::unique_ptr<ChangeReader>> ChangeReader::Create(std::vector<FollowedTable> tables,
                                                                 ReaderOptions options) {
  if (options.max_window_rows < 1) {
    return base::Fail(base::ErrorCode::kInvalidArgument, "max_window_rows must be at least 1");
  }
  return std::unique_ptr<ChangeReader>(new ChangeReader(std::move(tables), std::move(options)));
}

ChangeReader::ChangeReader(std::vector<FollowedTable> tables, ReaderOptions options)
    : tables_(std::move(tables)), options_(std::move(options)) {}

ChangeReader::~ChangeReader() = default;

base::Result<Window> ChangeReader::Next(drda::Connection& connection,
                                        const model::Position& after) {
  auto window = ReadWindow(connection, after);
  // Checked after reading: rows are pruned from the oldest up, so a row at or below the position
  // still there now proves that none the window needed had gone when it was read.
  if (window) {
    if (base::Status checked = CheckNotPruned(connection, after); !checked) {
      window = base::Fail(checked.error());
    }
  }
  // Only reads happened: ending the unit of work releases whatever the server locked for them.
  const base::Status ended = connection.Rollback();
  if (!window) return window;
  if (!ended) return base::Fail(ended.error());
  return window;
}

base::Status ChangeReader::CheckNotPruned(drda::Connection& connection,
                                          const model::Position& after) {
  if (after.commit_sequence.empty() || register_.sequence_width == 0) return {};
  DB2KAFKA_ASSIGN_OR_RETURN(const std::string from,
                            db2::FitSequence(after.commit_sequence, register_.sequence_width));
  PruneEvidence evidence;
  DB2KAFKA_ASSIGN_OR_RETURN(evidence.commit_retained_at_or_below,
                            db2::HasCommitAtOrBelow(connection, options_.capture_schema, from));
  if (evidence.commit_retained_at_or_below) return {};
  if (after.intent_sequence.empty()) {
    DB2KAFKA_ASSIGN_OR_RETURN(evidence.prune_points,
                              db2::ReadPrunePoints(connection, options_.capture_schema));
  }
  std::vector<model::TableSchema> followed;
  for (const FollowedTable& table : tables_) followed.push_back(table.source);
  if (auto gap = FindPrunedGap(after, evidence, followed)) {
    return base::Fail(base::ErrorCode::kDataLoss,
                      "changes may be missing in " + options_.capture_schema + ": " + *gap +
                          ". db2kafka stops rather than skip them. To recover, sync the tables "
                          "again: delete the task's state and run it again, for a new full sync "
                          "and changes from then on. To keep it from happening, keep CD rows "
                          "longer than db2kafka may be stopped (Capture's RETENTION_LIMIT)");
  }
  return {};
}

base::Result<const ChangeReader::TablePlan*> ChangeReader::PlanFor(
    drda::Connection& connection, size_t table_index, const db2::Registration& registration) {
  const std::string name = registration.cd_schema + "." + registration.cd_table;
  const std::string cache_key = name + (registration.updates_as_delete_insert ? "/Y/" : "/N/") +
                                registration.before_image_prefix;
  if (auto found = plans_.find(cache_key); found != plans_.end()) return found->second.get();

  const FollowedTable& table = tables_[table_index];
  auto described =
      db2::DescribeTable(connection, "", registration.cd_schema, registration.cd_table);
  if (!described) {
    return base::Fail(base::WithContext(
        std::move(described).error(),
        "cannot describe the CD table " + name + " of " + table.source.QualifiedName()));
  }
  const model::TableSchema& cd = *described;
  auto plan = std::make_unique<TablePlan>();
  plan->table_index = table_index;
  plan->cd_schema = registration.cd_schema;
  plan->cd_table = registration.cd_table;
  plan->name = name;
  for (const char* metadata : {"IBMSNAP_COMMITSEQ", "IBMSNAP_INTENTSEQ", "IBMSNAP_OPERATION"}) {
    const auto index = cd.ColumnIndex(metadata);
    if (!index) {
      return base::Fail(base::ErrorCode::kFailedPrecondition,
                        "the CD table " + name + " has no column " + metadata +
                            ": it is not a change-data table of SQL Replication");
    }
    plan->declared.push_back(cd.columns[*index]);
  }
  plan->declared.push_back({.name = "FILTER_MATCHES", .type = model::Db2Type::kInteger});

  std::string missing;
  const auto select = [&](const model::ColumnSchema& column, const std::string& cd_name,
                          bool nullable) -> size_t {
    if (!cd.ColumnIndex(cd_name)) {
      missing += (missing.empty() ? "" : ", ") + cd_name;
      return 0;
    }
    plan->selected.push_back(cd_name);
    model::ColumnSchema declared = column;
    declared.nullable = declared.nullable || nullable;
    plan->declared.push_back(std::move(declared));
    return plan->selected.size() - 1;
  };
  for (const size_t column : table.columns) {
    plan->after.push_back(
        select(table.source.columns[column], table.source.columns[column].name, false));
  }
  const std::vector<size_t> key_columns = table.source.KeyColumnIndexes();
  for (const size_t column : key_columns) {
    const auto in_destination = std::find(table.columns.begin(), table.columns.end(), column);
    plan->key.push_back(
        in_destination != table.columns.end()
            ? plan->after[static_cast<size_t>(in_destination - table.columns.begin())]
            : select(table.source.columns[column], table.source.columns[column].name, false));
  }
  if (!missing.empty()) {
    return base::Fail(base::ErrorCode::kFailedPrecondition,
                      "the CD table " + name + " has no column " + missing + " of " +
                          table.source.QualifiedName() +
                          ": the table changed after it was registered; register it again "
                          "(with its CD table) so Capture writes every column");
  }
  // Before images are used only when every destination and key column has one.
  const std::string& prefix = registration.before_image_prefix;
  const auto has_before = [&](size_t column) {
    return cd.ColumnIndex(prefix + table.source.columns[column].name).has_value();
  };
  if (!prefix.empty() && std::all_of(table.columns.begin(), table.columns.end(), has_before) &&
      std::all_of(key_columns.begin(), key_columns.end(), has_before)) {
    for (const size_t column : table.columns) {
      plan->before.push_back(
          select(table.source.columns[column], prefix + table.source.columns[column].name, true));
    }
    for (const size_t column : key_columns) {
      plan->before_key.push_back(
          select(table.source.columns[column], prefix + table.source.columns[column].name, true));
    }
  }
  plan->rules.destination = table.destination;
  plan->rules.updates_as_delete_insert = registration.updates_as_delete_insert;
  plan->rules.keyed = !key_columns.empty();
  plan->rules.operations = table.operations;
  const TablePlan* result = plan.get();
  plans_[cache_key] = std::move(plan);
  return result;
}

base::Result<std::vector<CdRow>> ChangeReader::ReadRows(drda::Connection& connection,
                                                        const TablePlan& plan,
                                                        const std::string& after,
                                                        const std::string& up_to, int64_t limit) {
  const std::string& filter = tables_[plan.table_index].filter;
  std::string sql;
  std::vector<drda::Parameter> parameters;
  if (limit < 0) {  // one whole transaction: COMMITSEQ = up_to
    sql = TransactionQuery(plan.cd_schema, plan.cd_table, plan.selected, filter);
  } else {
    sql = ChangeQuery(plan.cd_schema, plan.cd_table, plan.selected, filter, !after.empty(), limit);
    if (!after.empty()) parameters.push_back(SequenceParameter(after));
  }
  parameters.push_back(SequenceParameter(up_to));
  auto cursor = connection.OpenQuery(sql, parameters);
  if (!cursor) {
    return base::Fail(base::WithContext(std::move(cursor).error(), "reading " + plan.name));
  }
  DB2KAFKA_ASSIGN_OR_RETURN(
      db2::RowValueDecoder decoder,
      db2::RowValueDecoder::Create((*cursor)->columns(), connection.server().byte_order,
                                   plan.declared));
  std::vector<CdRow> rows;
  std::vector<model::Value> values;
  model::Row data;
  while (true) {
    auto more = (*cursor)->Next();
    if (!more) {
      return base::Fail(base::WithContext(std::move(more).error(), "reading " + plan.name));
    }
    if (!*more) break;
    DB2KAFKA_TRY(decoder.Decode((*cursor)->row(), values));
    CdRow& row = rows.emplace_back();
    const auto* commit = values[0].TryAs<model::Bytes>();
    const auto* intent = values[1].TryAs<model::Bytes>();
    const auto* operation = values[2].TryAs<model::String>();
    if (commit == nullptr || intent == nullptr || operation == nullptr || operation->utf8.empty() ||
        std::string_view("IUD").find(operation->utf8[0]) == std::string_view::npos) {
      return base::Fail(base::ErrorCode::kDataLoss,
                        plan.name +
                            " holds a row whose IBMSNAP_COMMITSEQ, IBMSNAP_INTENTSEQ or "
                            "IBMSNAP_OPERATION (" +
                            values[2].DebugString() +
                            ") is not what Capture writes; check the CD table's definition");
    }
    row.commit_sequence = commit->data;
    row.intent_sequence = intent->data;
    row.operation = operation->utf8[0];
    const auto* flag = values[3].TryAs<int32_t>();
    row.matches_filter = flag == nullptr || *flag != 0;
    data.assign(std::make_move_iterator(values.begin() + kMetadataColumns),
                std::make_move_iterator(values.end()));
    row.values = Pick(data, plan.after);
    row.key = Pick(data, plan.key);
    if (!plan.before.empty()) {
      row.before = Pick(data, plan.before);
      row.before_key = Pick(data, plan.before_key);
    }
  }
  return rows;
}

base::Result<Window> ChangeReader::ReadWindow(drda::Connection& connection,
                                              const model::Position& after) {
  Window window;
  window.end = after;
  DB2KAFKA_ASSIGN_OR_RETURN(register_, db2::ReadRegister(connection, options_.capture_schema));
  if (!register_.synchpoint) return window;  // Capture has not run a cycle yet
  const std::string& up_to = *register_.synchpoint;
  std::string from;
  if (!after.commit_sequence.empty()) {
    DB2KAFKA_ASSIGN_OR_RETURN(from,
                              db2::FitSequence(after.commit_sequence, register_.sequence_width));
    if (!SequenceLess(from, up_to)) return window;
  }

  // 2. The CD tables with new rows, each read up to the limit.
  unregistered_.clear();
  const int64_t limit = options_.max_window_rows;
  std::vector<TableRead> reads;
  for (size_t t = 0; t < tables_.size(); ++t) {
    const model::TableSchema& source = tables_[t].source;
    const auto registration =
        std::find_if(register_.registrations.begin(), register_.registrations.end(),
                     [&](const db2::Registration& r) {
                       return r.source_schema == source.schema && r.source_table == source.table;
                     });
    if (registration == register_.registrations.end()) {
      unregistered_.push_back(source.QualifiedName());
      continue;
    }
    if (registration->cd_new_synchpoint && !from.empty() &&
        !SequenceLess(from, *registration->cd_new_synchpoint)) {
      continue;  // nothing new since the position
    }
    DB2KAFKA_ASSIGN_OR_RETURN(const TablePlan* plan, PlanFor(connection, t, *registration));
    TableRead& read = reads.emplace_back();
    read.plan = plan;
    DB2KAFKA_ASSIGN_OR_RETURN(read.rows, ReadRows(connection, *plan, from, up_to, limit + 1));
  }

  // Where the window ends: below the last (maybe partial) transaction of every table that hit
  // the limit; or, when that leaves nothing, after the one transaction too large for a window.
  std::string end = up_to;
  bool truncated = false;
  for (const TableRead& read : reads) {
    if (static_cast<int64_t>(read.rows.size()) > limit) {
      const std::string& last = read.rows.back().commit_sequence;
      if (!truncated || SequenceLess(last, end)) end = last;
      truncated = true;
    }
  }
  if (truncated) {
    std::string below;
    for (const TableRead& read : reads) {
      for (const CdRow& row : read.rows) {
        if (!SequenceLess(row.commit_sequence, end)) break;
        if (below.empty() || SequenceLess(below, row.commit_sequence)) below = row.commit_sequence;
      }
    }
    if (!below.empty()) {
      end = below;
    } else {
      for (TableRead& read : reads) {
        if (static_cast<int64_t>(read.rows.size()) > limit &&
            read.rows.back().commit_sequence == end) {
          DB2KAFKA_ASSIGN_OR_RETURN(read.rows, ReadRows(connection, *read.plan, "", end, -1));
        }
      }
    }
  }

  // 3. Events of every table, merged in commit order.
  for (TableRead& read : reads) {
    const auto past_end = std::find_if(read.rows.begin(), read.rows.end(), [&](const CdRow& row) {
      return SequenceLess(end, row.commit_sequence);
    });
    read.rows.erase(past_end, read.rows.end());
    window.rows_read += static_cast<int64_t>(read.rows.size());
    window.not_sent += AssembleChanges(read.plan->rules, read.rows, window.events);
  }
  std::stable_sort(window.events.begin(), window.events.end(),
                   [](const model::ChangeEvent& a, const model::ChangeEvent& b) {
                     return a.position < b.position;
                   });
  // Many tables can each bring up to the limit: cut the merged stream at the first transaction
  // boundary past it.
  if (static_cast<int64_t>(window.events.size()) > limit) {
    auto cut = static_cast<size_t>(limit);
    const std::string& boundary = window.events[cut - 1].position.commit_sequence;
    while (cut < window.events.size() && window.events[cut].position.commit_sequence == boundary) {
      ++cut;
    }
    if (cut < window.events.size()) {
      end = boundary;
      window.events.resize(cut);
    }
  }
  // The window ends at the last CD row it covers, a change whose transaction IBMSNAP_UOW holds
  // until Capture prunes it: what the pruned-gap check looks for on the next poll.
  for (const TableRead& read : reads) {
    for (const CdRow& row : read.rows) {
      if (SequenceLess(end, row.commit_sequence)) break;
      model::Position position{row.commit_sequence, row.intent_sequence};
      if (window.end < position) window.end = std::move(position);
    }
  }
  if (window.events.empty()) return window;

  // 4. Commit times and transaction fields.
  DB2KAFKA_ASSIGN_OR_RETURN(const std::vector<db2::CommitTime> times,
                            db2::ReadCommitTimes(connection, options_.capture_schema, from, end));
  auto time = times.begin();
  for (size_t first = 0; first < window.events.size();) {
    const std::string& commit = window.events[first].position.commit_sequence;
    size_t last = first;
    while (last < window.events.size() && window.events[last].position.commit_sequence == commit) {
      ++last;
    }
    while (time != times.end() && SequenceLess(time->commit_sequence, commit)) ++time;
    // A transaction without a UOW row (Capture writes one for each) gets the synchpoint's time,
    // which is no earlier than its commit.
    const int64_t commit_time_us = time != times.end() && time->commit_sequence == commit
                                       ? time->commit_time_us
                                       : register_.synchtime_us;
    const std::string transaction_id = base::HexLower(commit);
    for (size_t i = first; i < last; ++i) {
      model::ChangeEvent& event = window.events[i];
      event.commit_time_us = commit_time_us;
      event.transaction_id = transaction_id;
      event.order_in_transaction = static_cast<uint32_t>(i - first + 1);
      event.transaction_size = static_cast<uint32_t>(last - first);
    }
    ++window.transactions;
    first = last;
  }
  return window;
}

}  // namespace db2kafka::cdc
