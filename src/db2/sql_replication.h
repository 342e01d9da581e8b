// Db2 SQL Replication's Capture control tables, read the way an Apply program reads them:
// registrations and synchpoints from IBMSNAP_REGISTER, commit times from IBMSNAP_UOW, the prune
// point in IBMSNAP_PRUNE_SET. The layouts are IBM's (repl/sql/asnctlw.sql, arch level 1021), in
// the capture schema the task names (ASN by default; Debezium setups use ASNCDC).
//
// Sequences (IBMSNAP_COMMITSEQ, synchpoints) are raw bytes: 10 bytes in a CHAR(10) FOR BIT DATA
// column (Db2 9.7, or compatibility '0801') or up to 16 in VARCHAR(16) FOR BIT DATA. One capture
// schema uses one width; a value sent back as a parameter must have that width (FitSequence).
//
// Times (LOGMARKER, SYNCHTIME) are Db2 TIMESTAMPs without a zone, written in the server's clock;
// they are read as UTC, as every encoder reads TIMESTAMP values (a server running in UTC).
//
// Every call runs in the caller's unit of work and does not commit.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"
#include "drda/connection.h"

namespace db2kafka::db2 {

// One IBMSNAP_REGISTER row of a registered table (the global row is not one).
struct Registration {
  std::string source_schema;  // SOURCE_OWNER
  std::string source_table;   // SOURCE_TABLE
  std::string cd_schema;      // CD_OWNER
  std::string cd_table;       // CD_TABLE
  // The highest commit sequence Capture wrote to the CD table; unset when it wrote none.
  std::optional<std::string> cd_new_synchpoint;
  // CHG_UPD_TO_DEL_INS = 'Y': an UPDATE is a D row (old values) followed by an I row (new values);
  // otherwise one U row with the new values.
  bool updates_as_delete_insert = false;
  std::string before_image_prefix;  // BEFORE_IMG_PREFIX; empty when no before images are kept
  char state = 'A';                 // STATE: A active, I inactive, S stopped
};

struct RegisterState {
  std::vector<Registration> registrations;  // ordered by source schema and table
  // The highest SYNCHPOINT or CD_NEW_SYNCHPOINT of any row: every transaction that committed at
  // or below it is complete in the CD and UOW tables. Unset before Capture's first cycle.
  std::optional<std::string> synchpoint;
  // SYNCHTIME of the row holding that synchpoint, microseconds since the epoch; 0 when unknown.
  int64_t synchtime_us = 0;
  // Width of the schema's sequences: the synchpoint's length (10 or 16); 0 when unknown.
  size_t sequence_width = 0;
};

// Whether <capture_schema>.IBMSNAP_REGISTER exists (a catalog call: check once, not every poll).
base::Result<bool> CaptureSchemaExists(drda::Connection& connection,
                                       std::string_view capture_schema);

// Reads IBMSNAP_REGISTER: one query, cheap enough for every poll.
base::Result<RegisterState> ReadRegister(drda::Connection& connection,
                                         std::string_view capture_schema);

// Commit times (IBMSNAP_UOW.IBMSNAP_LOGMARKER) of the transactions with after < COMMITSEQ <=
// up_to, ordered by commit sequence. `after` empty: from the first.
struct CommitTime {
  std::string commit_sequence;
  int64_t commit_time_us = 0;
};
base::Result<std::vector<CommitTime>> ReadCommitTimes(drda::Connection& connection,
                                                      std::string_view capture_schema,
                                                      std::string_view after,
                                                      std::string_view up_to);

// The commit sequence of the first transaction in IBMSNAP_UOW whose LOGMARKER is at or after
// `time_us` (microseconds since the epoch, compared as UTC like every LOGMARKER); nullopt when
// none is that recent.
base::Result<std::optional<std::string>> FirstCommitAtOrAfter(drda::Connection& connection,
                                                              std::string_view capture_schema,
                                                              int64_t time_us);

// Whether IBMSNAP_UOW still holds a transaction with COMMITSEQ <= `sequence`. Capture prunes the
// UOW and CD tables from the oldest row up, so while one such row is left nothing after
// `sequence` has been pruned.
base::Result<bool> HasCommitAtOrBelow(drda::Connection& connection, std::string_view capture_schema,
                                      std::string_view sequence);

// Where Capture may prune a registered table's CD rows up to: the lowest IBMSNAP_PRUNE_SET
// SYNCHPOINT of the subscription sets that IBMSNAP_PRUNCNTL lists for the table. Tables without a
// set are not listed (Capture prunes them by its retention limit only).
struct PrunePoint {
  std::string source_schema;
  std::string source_table;
  std::string synchpoint;
};
base::Result<std::vector<PrunePoint>> ReadPrunePoints(drda::Connection& connection,
                                                      std::string_view capture_schema);

// The IBMSNAP_PRUNE_SET row through which a reader tells Capture how far it has read.
struct PruneSet {
  std::string target_server = "KAFKA";
  std::string apply_qualifier = "KAFKAQUAL";
  std::string set_name = "SET001";
};

// Whether the row exists.
base::Result<bool> PruneSetExists(drda::Connection& connection, std::string_view capture_schema,
                                  const PruneSet& set);

// Raises the row's SYNCHPOINT to `synchpoint` (at the schema's width) and SYNCHTIME to now; never
// lowers it. Returns whether it moved. Does not commit.
base::Result<bool> AdvancePrunePoint(drda::Connection& connection, std::string_view capture_schema,
                                     const PruneSet& set, std::string_view synchpoint);

// The sequence just below `sequence`, at its width (an unsigned decrement); nullopt for zero.
std::optional<std::string> SequenceBefore(std::string_view sequence);

// `sequence` at the schema's width: left-padded with zero bytes, or stripped of leading zero
// bytes. InvalidArgument when it does not fit (non-zero bytes would be lost).
base::Result<std::string> FitSequence(std::string_view sequence, size_t width);

}  // namespace db2kafka::db2
