// Reads committed changes from SQL Replication's change-data (CD) tables, in commit order across
// every table the task follows, one window at a time.
//
// A window is everything committed after a position up to an end that only ever falls between
// transactions:
//   1. IBMSNAP_REGISTER gives the registrations and the upper bound: the highest synchpoint.
//      Rows above it may belong to transactions Capture has not finished writing.
//   2. Only CD tables whose CD_NEW_SYNCHPOINT passed the position are read, each
//      `ORDER BY IBMSNAP_COMMITSEQ, IBMSNAP_INTENTSEQ` and limited to max_window_rows + 1 rows. A
//      table that hits the limit moves the window's end below its last (maybe partial)
//      transaction; a single transaction larger than the limit is read whole instead, since a
//      transaction is never split.
//   3. Each table's rows become events (change_assembler.h); events of all tables are merged by
//      (commit, intent) sequence and cut at the first transaction boundary past max_window_rows.
//   4. Commit times come from IBMSNAP_UOW.IBMSNAP_LOGMARKER, never from the time of the query.
//   5. After reading, the position it started from is checked against what Capture pruned
//      (pruned_gap.h): a gap is a DataLoss error, never a silent skip.
//
// Owned by one thread, with the connection it is given.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "base/error.h"
#include "cdc/change_assembler.h"
#include "db2/sql_replication.h"
#include "drda/connection.h"
#include "model/change_event.h"
#include "model/table_schema.h"

namespace db2kafka::cdc {

// A source table the reader follows.
struct FollowedTable {
  model::TableSchema source;  // as the catalog describes it
  std::shared_ptr<const model::TableSchema> destination;
  std::vector<size_t> columns;  // indexes into source.columns, in destination order
  std::string filter;           // a search condition over source column names; empty: none
  SentOperations operations;
};

struct ReaderOptions {
  std::string capture_schema = "ASN";
  int64_t max_window_rows = 100'000;
};

struct Window {
  // Everything committed up to this position is in this window or an earlier one: the position
  // (commit and intent sequence) of the last CD row read; the start when no row was new.
  model::Position end;
  std::vector<model::ChangeEvent> events;  // in commit order, then intent order
  int64_t rows_read = 0;                   // CD rows read
  int64_t transactions = 0;                // transactions with at least one event
  int64_t not_sent = 0;                    // changes left out by filters or operations
};

class ChangeReader {
 public:
  // InvalidArgument when max_window_rows < 1.
  static base::Result<std::unique_ptr<ChangeReader>> Create(std::vector<FollowedTable> tables,
                                                            ReaderOptions options);
  ~ChangeReader();
  ChangeReader(const ChangeReader&) = delete;
  ChangeReader& operator=(const ChangeReader&) = delete;

  // The next window after `after` ({commit sequence, ""}; empty: from the oldest change). Runs in
  // the connection's unit of work and rolls it back at the end, so no read lock outlives a poll.
  base::Result<Window> Next(drda::Connection& connection, const model::Position& after);

  // Followed tables that had no registration at the last Next, as "SCHEMA.TABLE".
  const std::vector<std::string>& unregistered() const { return unregistered_; }
  // The register as the last Next read it.
  const db2::RegisterState& register_state() const { return register_; }

 private:
  struct TablePlan;  // how one CD table is queried and decoded (change_reader.cc)
  struct TableRead;

  ChangeReader(std::vector<FollowedTable> tables, ReaderOptions options);
  base::Result<Window> ReadWindow(drda::Connection& connection, const model::Position& after);
  // DataLoss when Capture may have pruned changes after `after` (pruned_gap.h).
  base::Status CheckNotPruned(drda::Connection& connection, const model::Position& after);
  base::Result<const TablePlan*> PlanFor(drda::Connection& connection, size_t table_index,
                                         const db2::Registration& registration);
  base::Result<std::vector<CdRow>> ReadRows(drda::Connection& connection, const TablePlan& plan,
                                            const std::string& after, const std::string& up_to,
                                            int64_t limit);

  std::vector<FollowedTable> tables_;
  ReaderOptions options_;
  // Keyed by CD table ("SCHEMA.TABLE") and registration style: a registration made again gets
  // its plan made again.
  std::map<std::string, std::unique_ptr<TablePlan>> plans_;
  std::vector<std::string> unregistered_;
  db2::RegisterState register_;
};

// The query for one CD table's rows with after < COMMITSEQ <= up_to (has_after false: no lower
// bound), in commit then intent order, at most `limit` rows (0: no limit). `selected` are the CD
// columns after the three IBMSNAP columns and the filter flag; the filter flag is
// CASE WHEN (filter) THEN 1 ELSE 0 END, or 1 without a filter.
std::string ChangeQuery(const std::string& cd_schema, const std::string& cd_table,
                        const std::vector<std::string>& selected, const std::string& filter,
                        bool has_after, int64_t limit);
// The query for every row of one transaction (COMMITSEQ = ?), in intent order.
std::string TransactionQuery(const std::string& cd_schema, const std::string& cd_table,
                             const std::vector<std::string>& selected, const std::string& filter);

}  // namespace db2kafka::cdc
