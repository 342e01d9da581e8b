// A chunk's key bounds as the task store keeps them: text that turns back into the exact key
// values after a restart, so a resumed task reads the same chunks the first run planned.
//
// The text is a JSON array with one [kind, value...] entry per key column, e.g.
//   [["INT32",42],["STRING","Zoë"],["TIMESTAMP","2024-01-31T13:14:15",123456000000,6]]
// (kind names as model::ValueKindName spells them). Exact kinds stay exact: DECIMAL as its
// digits, doubles with 17 significant digits, bytes as hex, a string that is not valid UTF-8 as
// {"hex": "..."}. An empty text is an unbounded side.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "base/error.h"
#include "model/change_event.h"

namespace db2kafka::runner {

// "" for std::nullopt. InvalidArgument for values that cannot bound a chunk (XML).
base::Result<std::string> EncodeChunkBound(const std::optional<model::Row>& bound);

// DataLoss when the text is not what EncodeChunkBound writes (a damaged store).
base::Result<std::optional<model::Row>> DecodeChunkBound(std::string_view text);

}  // namespace db2kafka::runner
