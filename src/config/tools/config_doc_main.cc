// Prints docs/CONFIGURATION.md; `make docs` writes it into the tree.
#include <cstdio>

#include "config/config_reference.h"

int main() {
  const std::string doc = db2kafka::config::RenderConfigurationReference();
  std::fwrite(doc.data(), 1, doc.size(), stdout);
  return 0;
}
