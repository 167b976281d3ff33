// Helpers shared by the fuzz targets (tests/fuzz). Header-only.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <string_view>

#include "shebao/core/doc_parse.h"
#include "shebao/policy/policy_set.h"
#include "shebao/service/service.h"

#ifndef SHEBAO_SOURCE_DIR
#error "SHEBAO_SOURCE_DIR must be defined (the repository root)"
#endif

namespace shebao::fuzz {

[[noreturn]] inline void die(const char* what, std::string_view detail = {}) {
  std::fprintf(stderr, "fuzz invariant broken: %s %.*s\n", what, static_cast<int>(detail.size()), detail.data());
  std::abort();
}

// The bundled packs (policies/ of the repository), loaded once. A fuzz run over broken packs would
// only report that, so a load failure stops the process with the diagnostics.
inline std::shared_ptr<const PolicySet> bundled_policies() {
  static const std::shared_ptr<const PolicySet> set = [] {
    const char* dir = std::getenv("SHEBAO_FUZZ_POLICIES");
    LoadedPolicies p = load_policies(dir ? dir : SHEBAO_SOURCE_DIR "/policies");
    if (!p.set) {
      for (const auto& d : p.diagnostics.items) std::fprintf(stderr, "%s\n", d.to_string().c_str());
      die("the bundled policy packs do not load");
    }
    return p.set;
  }();
  return set;
}

inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) die("cannot read", path);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// A DocParse keeps its promise: a root exactly when there are no errors.
inline void check_doc_parse(const DocParse& p) {
  if (p.root.has_value() == !p.errors.empty()) die("DocParse has both or neither of root and errors");
  for (const auto& e : p.errors)
    if (e.code.empty() || e.message.empty()) die("DocError without code or message");
}

}  // namespace shebao::fuzz
