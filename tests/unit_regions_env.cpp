// Linked into every unit-test executable: installs the bundled region table (policies/cn/regions.csv)
// before any test runs, as load_policies does for the programs, so that region names are those of
// the shipped table in every test (tests that evaluate without loading the packs included).
#include <cstdio>
#include <cstdlib>

#include "shebao/yaml/region_file.h"

namespace {

const bool kInstalled = [] {
  shebao::Diagnostics d;
  const bool ok = shebao::load_region_table(std::string(SHEBAO_SOURCE_DIR) + "/policies", d);
  if (!ok) {
    std::fprintf(stderr, "cannot install the region table of %s/policies\n", SHEBAO_SOURCE_DIR);
    for (const auto& e : d.items)
      std::fprintf(stderr, "%s:%u: %s\n", e.file.c_str(), static_cast<unsigned>(e.pos.line), e.message.c_str());
    std::abort();
  }
  return ok;
}();

}  // namespace
