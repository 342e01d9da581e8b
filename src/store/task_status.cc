#include "store/task_status.h"

#include <array>
#include <string>
#include <utility>

namespace db2kafka::store {
namespace {

constexpr std::array<std::pair<TaskPhase, std::string_view>, 5> kPhaseNames = {{
    {TaskPhase::kSchema, "schema"},
    {TaskPhase::kFull, "full"},
    {TaskPhase::kIncremental, "incremental"},
    {TaskPhase::kDone, "done"},
    {TaskPhase::kFailed, "failed"},
}};
constexpr std::array<std::pair<TableState, std::string_view>, 3> kTableStateNames = {{
    {TableState::kPending, "pending"},
    {TableState::kInProgress, "in_progress"},
    {TableState::kDone, "done"},
}};
constexpr std::array<std::pair<ChunkState, std::string_view>, 2> kChunkStateNames = {{
    {ChunkState::kPending, "pending"},
    {ChunkState::kDone, "done"},
}};

template <typename Enum, size_t kSize>
std::string_view NameOf(const std::array<std::pair<Enum, std::string_view>, kSize>& table,
                        Enum value) {
  for (const auto& [candidate, name] : table) {
    if (candidate == value) return name;
  }
  return "unknown";
}

template <typename Enum, size_t kSize>
base::Result<Enum> Parse(const std::array<std::pair<Enum, std::string_view>, kSize>& table,
                         std::string_view what, std::string_view name) {
  for (const auto& [value, candidate] : table) {
    if (candidate == name) return value;
  }
  return base::Fail(base::ErrorCode::kDataLoss,
                    "the task store holds an unknown " + std::string(what) + " '" +
                        std::string(name) +
                        "'; the file is damaged or was written by another program");
}

}  // namespace

std::string_view TaskPhaseName(TaskPhase phase) { return NameOf(kPhaseNames, phase); }
std::string_view TableStateName(TableState state) { return NameOf(kTableStateNames, state); }
std::string_view ChunkStateName(ChunkState state) { return NameOf(kChunkStateNames, state); }

base::Result<TaskPhase> ParseTaskPhase(std::string_view name) {
  return Parse(kPhaseNames, "task phase", name);
}
base::Result<TableState> ParseTableState(std::string_view name) {
  return Parse(kTableStateNames, "table state", name);
}
base::Result<ChunkState> ParseChunkState(std::string_view name) {
  return Parse(kChunkStateNames, "chunk state", name);
}

}  // namespace db2kafka::store
