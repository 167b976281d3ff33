#include "shebao/service/install_paths.h"

#include <dlfcn.h>

#include <array>
#include <filesystem>
#include <system_error>

// Set by adapters/CMakeLists.txt from GNUInstallDirs and the build layout.
#ifndef SHEBAO_SHARE_FROM_BIN
#define SHEBAO_SHARE_FROM_BIN "../share/shebao"
#endif
#ifndef SHEBAO_SHARE_FROM_LIB
#define SHEBAO_SHARE_FROM_LIB "../share/shebao"
#endif
#ifndef SHEBAO_INSTALL_SHARE_DIR
#define SHEBAO_INSTALL_SHARE_DIR "/usr/local/share/shebao"
#endif
#ifndef SHEBAO_INSTALL_OVERLAY_DIR
#define SHEBAO_INSTALL_OVERLAY_DIR "/etc/shebao/policies"
#endif
#ifndef SHEBAO_SOURCE_DIR
#define SHEBAO_SOURCE_DIR ""
#endif
#ifndef SHEBAO_BUILD_DIR
#define SHEBAO_BUILD_DIR ""
#endif

namespace shebao {

namespace fs = std::filesystem;

namespace {

struct Found {
  BundledPaths paths;
  bool installed = false;  // found in an install layout (rules 1 and 3), not the source tree
};

bool has_packs(const fs::path& policies) {
  std::error_code ec;
  return fs::is_regular_file(policies / "cn" / "pack.yaml", ec);
}

std::string web_in(const fs::path& dir) {
  std::error_code ec;
  return fs::is_regular_file(dir / "index.html", ec) ? dir.string() : std::string();
}

// The object file (executable or shared library) this function was loaded from.
fs::path self_object() {
  Dl_info info{};
  if (dladdr(reinterpret_cast<void*>(&self_object), &info) != 0 && info.dli_fname && info.dli_fname[0] == '/') {
    std::error_code ec;
    fs::path p = fs::canonical(info.dli_fname, ec);
    if (!ec) return p;
  }
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  return ec ? fs::path() : exe;
}

bool is_under(const fs::path& p, const fs::path& dir) {
  if (dir.empty()) return false;
  auto d = dir.begin();
  for (auto it = p.begin(); d != dir.end(); ++it, ++d)
    if (it == p.end() || *it != *d) return false;
  return true;
}

Found find() {
  Found f;
  const fs::path self = self_object();
  if (!self.empty()) {
    // An executable lives in bin/, the library in lib/ (or lib/<multiarch>/): try both relative
    // paths, the one for the object's own kind first.
    const bool is_library = self.filename().string().rfind("lib", 0) == 0;
    const std::array<const char*, 2> rels = is_library ? std::array{SHEBAO_SHARE_FROM_LIB, SHEBAO_SHARE_FROM_BIN}
                                                       : std::array{SHEBAO_SHARE_FROM_BIN, SHEBAO_SHARE_FROM_LIB};
    for (const char* rel : rels) {
      const fs::path share = (self.parent_path() / rel).lexically_normal();
      if (has_packs(share / "policies")) {
        f.paths = {(share / "policies").string(), web_in(share / "web")};
        f.installed = true;
        return f;
      }
    }
  }
  const fs::path source = SHEBAO_SOURCE_DIR;
  const bool in_build_tree = !self.empty() && is_under(self, fs::path(SHEBAO_BUILD_DIR).lexically_normal());
  if (in_build_tree && !source.empty() && has_packs(source / "policies")) {
    f.paths = {(source / "policies").string(), web_in(source / "web")};
    return f;
  }
  const fs::path installed = SHEBAO_INSTALL_SHARE_DIR;
  if (has_packs(installed / "policies")) {
    f.paths = {(installed / "policies").string(), web_in(installed / "web")};
    f.installed = true;
    return f;
  }
  if (!source.empty() && has_packs(source / "policies")) f.paths = {(source / "policies").string(), web_in(source / "web")};
  return f;
}

const Found& found() {
  static const Found f = find();
  return f;
}

}  // namespace

const BundledPaths& bundled_paths() { return found().paths; }

std::string default_policy_overlay() {
  if (!found().installed) return {};
  std::error_code ec;
  return fs::is_directory(SHEBAO_INSTALL_OVERLAY_DIR, ec) ? std::string(SHEBAO_INSTALL_OVERLAY_DIR) : std::string();
}

std::string policy_path_with_overlays(const std::string& base, const std::vector<std::string>& overlays) {
  std::string out = base;
  for (const auto& o : overlays)
    if (!o.empty()) out += ":" + o;
  return out;
}

}  // namespace shebao
