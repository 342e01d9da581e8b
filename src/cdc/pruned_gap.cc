#include "cdc/pruned_gap.h"

#include "base/hex.h"

namespace db2kafka::cdc {

std::optional<std::string> FindPrunedGap(const model::Position& position,
                                         const PruneEvidence& evidence,
                                         std::span<const model::TableSchema> followed) {
  // An empty position reads from the oldest change that is there: nothing is before it.
  if (position.commit_sequence.empty() || evidence.commit_retained_at_or_below) {
    return std::nullopt;
  }
  if (!position.intent_sequence.empty()) {
    return "the transaction of the last change read (position " + position.ToHex() +
           ") is no longer in IBMSNAP_UOW: Capture pruned past it (its retention limit or another "
           "program's prune point), so changes committed after it may be gone";
  }
  const model::Position start{position.commit_sequence, ""};
  for (const db2::PrunePoint& point : evidence.prune_points) {
    for (const model::TableSchema& table : followed) {
      if (table.schema != point.source_schema || table.table != point.source_table) continue;
      if (start < model::Position{point.synchpoint, ""}) {
        return "Capture may prune the changes of " + table.QualifiedName() + " up to " +
               base::HexLower(point.synchpoint) +
               " (the lowest IBMSNAP_PRUNE_SET synchpoint of its subscription sets), past the "
               "start position " +
               position.ToHex() + ", and nothing at or below that position is left";
      }
    }
  }
  return std::nullopt;
}

}  // namespace db2kafka::cdc
