// Helpers for the parsed-pack cache tests: a private cache folder (never $HOME), a scratch copy of
// the bundled packs, and a deep comparison of DocNode trees (every position, scalar and style).
#pragma once

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "../support/temp_dir.h"
#include "shebao/core/doc.h"

namespace shebao::cachetest {

namespace fs = std::filesystem;

using test_support::TempDir;

// Sets an environment variable for the scope (restores the previous value).
class ScopedEnv {
 public:
  ScopedEnv(const char* name, std::optional<std::string> value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    if (value) ::setenv(name, value->c_str(), 1);
    else ::unsetenv(name);
  }
  ~ScopedEnv() {
    if (old_) ::setenv(name_, old_->c_str(), 1);
    else ::unsetenv(name_);
  }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

 private:
  const char* name_;
  std::optional<std::string> old_;
};

inline std::string read_bytes(const fs::path& p) { return test_support::read_file(p); }
inline void write_bytes(const fs::path& p, const std::string& bytes) { test_support::write_file(p, bytes); }

// The snapshot files in a cache folder.
inline std::vector<fs::path> snapshots(const fs::path& dir) {
  std::vector<fs::path> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec))
    if (e.path().filename().string().rfind("pack-", 0) == 0) out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

inline std::string where(SourcePos p) { return std::to_string(p.line) + ":" + std::to_string(p.column); }

// Empty when equal; else the path of the first difference.
inline std::string diff_trees(const DocNode& a, const DocNode& b, const std::string& at = "$") {
  if (a.kind != b.kind) return at + ": kind";
  if (a.style != b.style) return at + ": style";
  if (a.text != b.text) return at + ": text '" + a.text + "' vs '" + b.text + "'";
  if (a.pos.line != b.pos.line || a.pos.column != b.pos.column) return at + ": pos " + where(a.pos) + " vs " + where(b.pos);
  if (a.items.size() != b.items.size()) return at + ": item count";
  if (a.entries.size() != b.entries.size()) return at + ": entry count";
  for (std::size_t i = 0; i < a.items.size(); ++i) {
    std::string d = diff_trees(a.items[i], b.items[i], at + "[" + std::to_string(i) + "]");
    if (!d.empty()) return d;
  }
  for (std::size_t i = 0; i < a.entries.size(); ++i) {
    const DocEntry& x = a.entries[i];
    const DocEntry& y = b.entries[i];
    if (x.key != y.key) return at + ": key '" + x.key + "' vs '" + y.key + "'";
    if (x.key_pos.line != y.key_pos.line || x.key_pos.column != y.key_pos.column)
      return at + "." + x.key + ": key pos " + where(x.key_pos) + " vs " + where(y.key_pos);
    std::string d = diff_trees(x.value, y.value, at + "." + x.key);
    if (!d.empty()) return d;
  }
  return {};
}

inline std::size_t count_nodes(const DocNode& n) {
  std::size_t c = 1;
  for (const auto& i : n.items) c += count_nodes(i);
  for (const auto& e : n.entries) c += 1 + count_nodes(e.value);
  return c;
}

}  // namespace shebao::cachetest
