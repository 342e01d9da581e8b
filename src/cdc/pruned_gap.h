// Whether Capture may have pruned changes a task has not read yet: the check that turns a gap
// after pruning into a failure instead of a silent skip.
//
// Capture deletes CD and IBMSNAP_UOW rows from the oldest up (below the lowest prune point of the
// subscription sets, or older than its retention limit), so the evidence is simple:
//   - while IBMSNAP_UOW holds a transaction at or below the position, nothing after it is gone;
//   - a position that is a change the task read (it has an intent sequence) whose transaction is
//     no longer in IBMSNAP_UOW means Capture pruned past it, maybe past changes not yet read;
//   - a position between transactions (the hand-off or a start position: no intent sequence)
//     with nothing left at or below it is a gap only when a followed table's prune point
//     (IBMSNAP_PRUNE_SET) is above it.
#pragma once

#include <optional>
#include <span>
#include <string>

#include "db2/sql_replication.h"
#include "model/change_event.h"
#include "model/table_schema.h"

namespace db2kafka::cdc {

struct PruneEvidence {
  // IBMSNAP_UOW holds a transaction with COMMITSEQ at or below the position's.
  bool commit_retained_at_or_below = false;
  // Prune points of the registered tables; needed only when the above is false.
  std::vector<db2::PrunePoint> prune_points;
};

// What is wrong, naming the position and what was pruned; nullopt when no change after
// `position` can be gone. `followed` are "SCHEMA.TABLE" of the source tables the task reads.
std::optional<std::string> FindPrunedGap(const model::Position& position,
                                         const PruneEvidence& evidence,
                                         std::span<const model::TableSchema> followed);

}  // namespace db2kafka::cdc
