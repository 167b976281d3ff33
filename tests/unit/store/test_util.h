// Helpers of the store tests: temporary folders and the small pack fixture.
#pragma once

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "../support/temp_dir.h"
#include "shebao/service/service.h"

namespace shebao::store::test {

namespace fs = std::filesystem;

using test_support::TempDir;

inline std::string fixture_dir() { return std::string(SHEBAO_SOURCE_DIR) + "/tests/unit/store/fixture"; }

using test_support::read_file;
using test_support::write_file;

// A copy of the fixture packs in `dir`/packs; returns its path.
inline std::string copy_fixture(const TempDir& dir) {
  const fs::path to = dir.path() / "packs";
  fs::copy(fixture_dir(), to, fs::copy_options::recursive);
  return to.string();
}

}  // namespace shebao::store::test
