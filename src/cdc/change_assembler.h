// Turns one table's change-data rows into change events: the pure part of the CDC reader, kept
// apart from the connection so every rule here is tested without a server.
//
// Rows arrive in (IBMSNAP_COMMITSEQ, IBMSNAP_INTENTSEQ) order. An UPDATE reaches the CD table in
// one of two styles, chosen per registration (CHG_UPD_TO_DEL_INS):
//   'Y'  a D row with the old values, directly followed by an I row with the new ones. They form
//        one update when both belong to the same transaction and carry the same key; otherwise
//        they are what they say (a real delete, then an insert). Keyless tables never pair.
//   'N'  one U row with the new values, and the old ones in before-image columns when the
//        registration keeps them.
// An update that changes the key becomes a delete of the old key and an insert of the new one.
//
// Filters follow DTS's pre-image semantics: an update is sent when its old row matches (as an
// update when the new row matches too, else as a delete); a row that moves into the filter is not
// sent. For U rows ('N') the new row decides, before images or not: the server evaluates the
// filter over the CD row's own columns, which hold the new values. The operations a table
// sends are the source's: an update excluded by `operations` is dropped whole, even when it would
// become a delete and an insert.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "model/change_event.h"
#include "model/table_schema.h"

namespace db2kafka::cdc {

// One CD-table row as read.
struct CdRow {
  std::string commit_sequence;  // IBMSNAP_COMMITSEQ
  std::string intent_sequence;  // IBMSNAP_INTENTSEQ
  char operation = 'I';         // IBMSNAP_OPERATION: I, U or D
  bool matches_filter = true;   // the table's filter over this row's values
  model::Row values;            // destination columns: new values (I, U), deleted values (D)
  model::Row before;            // destination columns from before images; empty without them
  model::Row key;               // the source key's columns, from `values`
  model::Row before_key;        // the same from before images; empty without them
};

struct SentOperations {
  bool inserts = true;
  bool updates = true;
  bool deletes = true;
};

struct AssemblyRules {
  std::shared_ptr<const model::TableSchema> destination;
  bool updates_as_delete_insert = true;  // CHG_UPD_TO_DEL_INS = 'Y'
  bool keyed = true;                     // the source table has a primary or unique key
  SentOperations operations;
};

// Appends the events of `rows` (one table's, in order) to `events`, each with its table, operation,
// images and position; commit time and transaction fields are left for the reader. Returns how
// many source changes were not sent (filter or operations).
int64_t AssembleChanges(const AssemblyRules& rules, std::span<const CdRow> rows,
                        std::vector<model::ChangeEvent>& events);

}  // namespace db2kafka::cdc
