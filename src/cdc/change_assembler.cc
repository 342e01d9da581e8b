#include "cdc/change_assembler.h"

namespace db2kafka::cdc {
namespace {

class Assembler {
 public:
  Assembler(const AssemblyRules& rules, std::vector<model::ChangeEvent>& events)
      : rules_(rules), events_(events) {}

  void Insert(const CdRow& row) {
    if (!rules_.operations.inserts || !row.matches_filter) return Drop();
    Emit(model::Operation::kInsert, {}, row.values, row);
  }

  void Delete(const CdRow& row) {
    if (!rules_.operations.deletes || !row.matches_filter) return Drop();
    Emit(model::Operation::kDelete, row.values, {}, row);
  }

  // `old_row` holds the old image (its values, or for a U row its before images), `new_row` the
  // new one; the event takes new_row's position.
  void Update(const CdRow& old_row, const model::Row& before, const model::Row& old_key,
              bool old_matches, const CdRow& new_row) {
    if (!rules_.operations.updates || !old_matches) return Drop();
    if (!new_row.matches_filter) {
      // Left the filter: the consumer must forget the row. Without an old image the new values
      // name the row (U rows without before images: same key).
      Emit(model::Operation::kDelete, before.empty() ? new_row.values : before, {}, old_row);
      return;
    }
    if (!before.empty() && !old_key.empty() && old_key != new_row.key) {
      Emit(model::Operation::kDelete, before, {}, old_row);
      Emit(model::Operation::kInsert, {}, new_row.values, new_row);
      return;
    }
    Emit(model::Operation::kUpdate, before, new_row.values, new_row);
  }

  int64_t dropped() const { return dropped_; }

 private:
  void Drop() { ++dropped_; }

  void Emit(model::Operation operation, const model::Row& before, const model::Row& after,
            const CdRow& at) {
    model::ChangeEvent& event = events_.emplace_back();
    event.operation = operation;
    event.table = rules_.destination;
    event.before = before;
    event.after = after;
    event.position = {at.commit_sequence, at.intent_sequence};
  }

  const AssemblyRules& rules_;
  std::vector<model::ChangeEvent>& events_;
  int64_t dropped_ = 0;
};

// The D row at `index` and the I row after it are the two halves of one update.
bool IsUpdatePair(const AssemblyRules& rules, std::span<const CdRow> rows, size_t index) {
  if (!rules.updates_as_delete_insert || !rules.keyed || index + 1 >= rows.size()) return false;
  const CdRow& deleted = rows[index];
  const CdRow& inserted = rows[index + 1];
  return inserted.operation == 'I' && inserted.commit_sequence == deleted.commit_sequence &&
         inserted.key == deleted.key;
}

}  // namespace

int64_t AssembleChanges(const AssemblyRules& rules, std::span<const CdRow> rows,
                        std::vector<model::ChangeEvent>& events) {
  Assembler assembler(rules, events);
  for (size_t i = 0; i < rows.size(); ++i) {
    const CdRow& row = rows[i];
    switch (row.operation) {
      case 'I':
        assembler.Insert(row);
        break;
      case 'D':
        if (IsUpdatePair(rules, rows, i)) {
          assembler.Update(row, row.values, row.key, row.matches_filter, rows[i + 1]);
          ++i;
        } else {
          assembler.Delete(row);
        }
        break;
      case 'U':
        // The filter is evaluated on the CD row's new values only (see the header).
        assembler.Update(row, row.before, row.before_key, row.matches_filter, row);
        break;
      default:
        break;  // the reader refuses other operations before assembling
    }
  }
  return assembler.dropped();
}

}  // namespace db2kafka::cdc
