// Helpers shared by the unit tests: a private temporary folder and whole-file reads and writes.
#pragma once

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>

namespace shebao::test_support {

namespace fs = std::filesystem;

// A fresh folder under the system temp folder (mkdtemp: mode 0700, name shebao-<tag>-XXXXXX),
// removed with the object, even when a test took away its permissions.
class TempDir {
 public:
  explicit TempDir(std::string_view tag = "test") {
    std::string tmpl = (fs::temp_directory_path() / ("shebao-" + std::string(tag) + "-XXXXXX")).string();
    if (const char* p = ::mkdtemp(tmpl.data())) path_ = p;
  }
  ~TempDir() {
    if (path_.empty()) return;
    std::error_code ec;
    fs::permissions(path_, fs::perms::owner_all, fs::perm_options::add, ec);
    fs::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const fs::path& path() const { return path_; }
  std::string str() const { return path_.string(); }
  std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  fs::path path_;
};

inline std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Writes `text` to `p` (replacing it), creating its folder when missing.
inline void write_file(const fs::path& p, std::string_view text) {
  std::error_code ec;
  if (p.has_parent_path()) fs::create_directories(p.parent_path(), ec);
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out << text;
}

}  // namespace shebao::test_support
