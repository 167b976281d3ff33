// Helpers of the store tests: temporary folders and the small pack fixture.
#pragma once

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>

#include "shebao/service/service.h"

namespace shebao::store::test {

namespace fs = std::filesystem;

// A fresh folder under the system temp dir, removed with the object.
class TempDir {
 public:
  TempDir() {
    std::random_device rd;
    path_ = fs::temp_directory_path() /
            ("shebao-store-test-" + std::to_string(::getpid()) + "-" + std::to_string(rd()));
    fs::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  const fs::path& path() const { return path_; }
  std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  fs::path path_;
};

inline std::string fixture_dir() { return std::string(SHEBAO_SOURCE_DIR) + "/tests/unit/store/fixture"; }

inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline void write_file(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
}

// A copy of the fixture packs in `dir`/packs; returns its path.
inline std::string copy_fixture(const TempDir& dir) {
  const fs::path to = dir.path() / "packs";
  fs::copy(fixture_dir(), to, fs::copy_options::recursive);
  return to.string();
}

}  // namespace shebao::store::test
