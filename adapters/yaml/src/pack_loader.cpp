#include "shebao/yaml/pack_loader.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

#include "shebao/yaml/yaml_doc.h"

namespace shebao {

namespace fs = std::filesystem;

namespace {

constexpr std::size_t kMaxFiles = 5000;

bool read_file(const fs::path& p, std::string& out) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return false;
  std::ostringstream ss;
  ss << in.rdbuf();
  out = ss.str();
  return static_cast<bool>(in) || in.eof();
}

std::string display(const std::string& root, const std::string& rel) {
  if (root.empty() || root == ".") return rel;
  return root.back() == '/' ? root + rel : root + "/" + rel;
}

}  // namespace

PackLoad load_pack_dir(const std::string& root, bool with_tests) {
  PackLoad out;
  std::error_code ec;
  if (!fs::is_directory(root, ec)) {
    out.diagnostics.add(root, {}, "io", "not a folder of policy packs");
    return out;
  }
  if (fs::exists(fs::path(root) / "pack.yaml", ec)) {
    out.diagnostics.add(root, {}, "io",
                        "this is a single pack; give the folder that holds all packs (its parent), since a pack "
                        "is checked together with the packs it builds on");
    return out;
  }
  std::vector<fs::path> dirs;
  for (const auto& e : fs::directory_iterator(root, ec))
    if (e.is_directory() && e.path().filename().string().front() != '.') dirs.push_back(e.path());
  std::sort(dirs.begin(), dirs.end());
  std::size_t files = 0;
  for (const auto& dir : dirs) {
    PackSource pack;
    pack.dir = dir.filename().string();
    std::vector<fs::path> paths;
    for (auto it = fs::recursive_directory_iterator(dir, fs::directory_options::none, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      if (it->is_regular_file() && it->path().extension() == ".yaml") paths.push_back(it->path());
    }
    std::sort(paths.begin(), paths.end());
    for (const auto& p : paths) {
      if (++files > kMaxFiles) {
        out.diagnostics.add(root, {}, "too-many-files", "more than 5000 policy files");
        return out;
      }
      SourceFile f;
      f.rel = fs::relative(p, root, ec).generic_string();
      const bool is_test = f.rel.compare(0, pack.dir.size() + 7, pack.dir + "/tests/") == 0;
      if (is_test && !with_tests) continue;
      f.path = display(root, f.rel);
      if (!read_file(p, f.text)) {
        out.diagnostics.add(f.path, {}, "io", "cannot read the file");
        continue;
      }
      DocParse parsed = parse_yaml(f.text);
      for (const auto& e : parsed.errors) out.diagnostics.add(f.path, e.pos, e.code, e.message);
      if (!parsed.root) continue;
      f.root = std::move(*parsed.root);
      const std::string tests_prefix = pack.dir + "/tests/";
      if (f.rel.compare(0, tests_prefix.size(), tests_prefix) == 0) out.tests.push_back(std::move(f));
      else pack.files.push_back(std::move(f));
    }
    out.packs.push_back(std::move(pack));
  }
  return out;
}

}  // namespace shebao
