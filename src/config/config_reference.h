// Renders docs/CONFIGURATION.md from the settings table, so the reference cannot drift from the
// code (a unit test compares the committed file with this output).
#pragma once

#include <string>

namespace db2kafka::config {

std::string RenderConfigurationReference();

}  // namespace db2kafka::config
