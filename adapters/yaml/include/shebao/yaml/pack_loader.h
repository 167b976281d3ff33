// Reads a folder of policy packs from disk: every sub-folder is a pack; every *.yaml file in it
// (recursively) is parsed, the files under tests/ separately (golden cases).
#pragma once

#include <string>
#include <vector>

#include "shebao/core/diagnostics.h"
#include "shebao/policy/policy_set.h"

namespace shebao {

struct PackLoad {
  std::vector<PackSource> packs;
  std::vector<SourceFile> tests;  // <pack>/tests/**/*.yaml, parsed
  Diagnostics diagnostics;        // unreadable files, YAML errors (file:line:column)
};

// `root` is the folder that holds the pack folders (e.g. "policies"). Paths in messages are
// root-relative paths prefixed with `root` as given.
// `with_tests`: also read the packs' golden cases (only `shebao policies test` needs them; they are
// a large part of the YAML to parse).
PackLoad load_pack_dir(const std::string& root, bool with_tests = true);

}  // namespace shebao
