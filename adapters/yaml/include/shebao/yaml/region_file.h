// Reads the region table (policies/cn/regions.csv, see shebao/core/region_table.h) from a folder
// of policy packs and installs it for the process.
#pragma once

#include <string>
#include <vector>

#include "shebao/core/diagnostics.h"

namespace shebao {

// The table's path under a folder of packs: "<root>/cn/regions.csv".
std::string region_table_path(const std::string& policies_root);

// Reads and installs "<root>/cn/regions.csv". A missing file is no problem (names are then codes);
// a malformed one adds diagnostics (file:line) and installs nothing. Returns true when installed.
// The file is parsed once: a later call for the same file, unchanged (same device, inode, size and
// modification time), keeps the table in use without reading it again, so that reloading the packs
// costs one stat for the regions.
bool load_region_table(const std::string& policies_root, Diagnostics& diagnostics);

// The same for a base folder and its overlays: the table of the last root that has one.
bool load_region_table(const std::vector<std::string>& roots, Diagnostics& diagnostics);

}  // namespace shebao
