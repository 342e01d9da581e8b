// Small text helpers for the config module's messages.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace db2kafka::config::detail {

bool EqualsIgnoringCase(std::string_view a, std::string_view b);

// "a, b, c"
std::string JoinNames(std::span<const std::string_view> names);
std::string JoinNames(const std::vector<std::string>& names);

// The known name nearest to a misspelt one (edit distance at most 2, or a case-only
// difference), or empty when none is near.
std::string ClosestName(std::string_view name, const std::vector<std::string>& known);

}  // namespace db2kafka::config::detail
