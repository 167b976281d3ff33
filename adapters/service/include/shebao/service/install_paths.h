// Where the bundled files are (share/shebao: policies/, web/, pack-cache/), for the `shebao`
// binary and for libshebao.so alike, installed or in the build tree.
//
// Looked up in this order; the first folder that holds policies/cn/pack.yaml wins:
//   1. relative to the object file that holds this code (the executable, or libshebao.so), with
//      the relative path the install layout gives (bin/ -> ../share/shebao, lib/<multiarch>/ ->
//      ../../share/shebao): a prefix can be moved as a whole;
//   2. when that object file is inside the build tree: the source tree (policies/ and web/ there);
//   3. the install prefix compiled in (CMAKE_INSTALL_FULL_DATADIR/shebao);
//   4. the source tree compiled in.
#pragma once

#include <string>
#include <vector>

namespace shebao {

struct BundledPaths {
  std::string policies;  // the bundled packs folder ("" when none was found)
  std::string web;       // the service-window page folder ("" when none was found)
};

// Computed once per process.
const BundledPaths& bundled_paths();

// The overlay folder an installed system reads after the bundled packs (/etc/shebao/policies
// under the /usr prefix, PREFIX/etc/shebao/policies otherwise), when it exists and the bundled
// packs are the installed ones (never in the build tree); "" otherwise.
std::string default_policy_overlay();

// `base` followed by the overlays, as one policies argument for load_policies (':'-separated).
std::string policy_path_with_overlays(const std::string& base, const std::vector<std::string>& overlays);

}  // namespace shebao
