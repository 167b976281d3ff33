#include "shebao/yaml/pack_loader.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <filesystem>
#include <optional>
#include <string_view>
#include <system_error>
#include <utility>

#include "shebao/yaml/pack_cache.h"
#include "shebao/yaml/yaml_doc.h"
#include "read_fd.h"

namespace shebao {

namespace fs = std::filesystem;

namespace {

constexpr std::size_t kMaxFiles = 5000;

// The whole file in one read where possible (sized by fstat; a file that grows meanwhile is read
// to its end).
bool read_file(const fs::path& p, std::string& out) {
  const int fd = ::open(p.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  struct stat st{};
  if (::fstat(fd, &st) != 0 || S_ISDIR(st.st_mode)) {
    ::close(fd);
    return false;
  }
  out.assign(st.st_size > 0 ? static_cast<std::size_t>(st.st_size) + 1 : 4096, '\0');
  std::size_t got = 0;
  bool failed = false;
  for (;;) {
    got += yaml_internal::read_fd(fd, out.data() + got, out.size() - got, &failed);
    if (failed || got < out.size()) break;  // the end (or an error) before the buffer was full
    out.resize(out.size() * 2);
  }
  ::close(fd);
  out.resize(got);
  return !failed;
}

std::string display(const std::string& root, const std::string& rel) {
  if (root.empty() || root == ".") return rel;
  return root.back() == '/' ? root + rel : root + "/" + rel;
}

}  // namespace

namespace {

// The YAML reader's messages come in both languages (its codes are snake_case, like lint's).
Text yaml_error_text(const DocError& e) {
  return {e.message_zh.empty() ? "YAML 格式错误" : e.message_zh, e.message};
}

}  // namespace

PackLoad load_pack_dir(const std::string& root, bool with_tests) {
  PackLoad out;
  std::error_code ec;
  if (!fs::is_directory(root, ec)) {
    out.diagnostics.add(root, {}, "io", Text{"不是存放政策包的文件夹", "not a folder of policy packs"}, {});
    return out;
  }
  if (fs::exists(fs::path(root) / "pack.yaml", ec)) {
    out.diagnostics.add(root, {}, "io",
                        Text{"这是单个政策包；请给出存放全部政策包的文件夹（它的上一级），因为一个包要与它所继承的包一起检查",
                             "this is a single pack; give the folder that holds all packs (its parent), since a pack "
                             "is checked together with the packs it builds on"},
                        {});
    return out;
  }
  std::vector<fs::path> dirs;
  for (const auto& e : fs::directory_iterator(root, ec))
    if (e.is_directory() && e.path().filename().string().front() != '.') dirs.push_back(e.path());
  std::sort(dirs.begin(), dirs.end());

  // 1. Find and read the files (in the order they are reported and loaded).
  struct Planned {
    SourceFile file;
    bool read = false;
  };
  struct PlannedPack {
    std::string dir;
    std::vector<Planned> files;
    bool too_many = false;  // the file limit was reached inside this pack: stop there
  };
  std::vector<PlannedPack> plan;
  std::size_t files = 0;
  bool all_read = true;
  for (const auto& dir : dirs) {
    PlannedPack& pack = plan.emplace_back();
    pack.dir = dir.filename().string();
    // A file's path relative to `root` is fs::relative(path, root), which resolves symlinks in
    // every component, a few system calls each. Below the pack folder the iteration follows no
    // folder symlink, so for a file that is not a symlink itself that is the pack folder's
    // relative path (resolved once) joined with the rest of the path as iterated.
    const fs::path dir_rel = fs::relative(dir, root, ec);
    const std::size_t dir_length = dir.native().size();
    struct Found {
      fs::path path;
      bool symlink;
    };
    std::vector<Found> paths;
    for (auto it = fs::recursive_directory_iterator(dir, fs::directory_options::none, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      std::error_code type_ec;
      if (it->is_regular_file() && it->path().extension() == ".yaml")
        paths.push_back({it->path(), it->is_symlink(type_ec)});
    }
    std::sort(paths.begin(), paths.end(), [](const Found& a, const Found& b) { return a.path < b.path; });
    for (const auto& [p, symlink] : paths) {
      if (++files > kMaxFiles) {
        pack.too_many = true;
        break;
      }
      Planned f;
      const std::string& native = p.native();
      if (!symlink && !dir_rel.empty() && native.size() > dir_length + 1 &&
          native.compare(0, dir_length, dir.native()) == 0 && native[dir_length] == '/')
        f.file.rel = (dir_rel / native.substr(dir_length + 1)).generic_string();
      else
        f.file.rel = fs::relative(p, root, ec).generic_string();
      const bool is_test = f.file.rel.compare(0, pack.dir.size() + 7, pack.dir + "/tests/") == 0;
      if (is_test && !with_tests) continue;
      f.file.path = display(root, f.file.rel);
      f.read = read_file(p, f.file.text);
      all_read = all_read && f.read;
      pack.files.push_back(std::move(f));
    }
    if (pack.too_many) break;
  }

  // 2. The parsed-pack cache (pack_cache.h), keyed by every file's path and bytes: the user's
  // cache, else the snapshots bundled with the build (only read), else parse and write the user's.
  std::string cache_dir, bundled_dir, key;
  std::optional<PackSnapshot> snapshot;
  std::optional<PackSnapshotWriter> writer;
  if (all_read && !plan.empty() && !plan.back().too_many && files > 0) {
    cache_dir = pack_cache_dir();
    bundled_dir = pack_cache_bundled_dir();
  }
  if (!cache_dir.empty() || !bundled_dir.empty()) {
    std::vector<std::pair<std::string_view, std::string_view>> parts;
    for (const auto& pack : plan)
      for (const auto& f : pack.files) parts.emplace_back(f.file.rel, f.file.text);
    key = pack_cache_key(parts);
    std::vector<std::string_view> sources;
    sources.reserve(parts.size());
    for (const auto& part : parts) sources.push_back(part.second);
    // The key covers the paths, but check that the entries line up before trusting them.
    const auto lines_up = [&](const std::optional<PackSnapshot>& s) {
      bool same = s && s->files.size() == parts.size();
      for (std::size_t i = 0; same && i < parts.size(); ++i) same = s->files[i].rel == parts[i].first;
      return same;
    };
    if (!cache_dir.empty()) snapshot = read_pack_snapshot(cache_dir, key, sources);
    if (!lines_up(snapshot)) snapshot.reset();
    if (!snapshot && !bundled_dir.empty()) snapshot = read_bundled_pack_snapshot(bundled_dir, key, sources);
    if (!lines_up(snapshot)) snapshot.reset();
    if (!snapshot && !cache_dir.empty()) writer.emplace();
  }

  // 3. Trees from the snapshot, or parsed; diagnostics in file order as before.
  std::size_t index = 0;
  for (auto& planned : plan) {
    PackSource pack;
    pack.dir = planned.dir;
    const std::string tests_prefix = pack.dir + "/tests/";
    for (auto& pf : planned.files) {
      SourceFile& f = pf.file;
      std::optional<DocNode> cached;
      if (snapshot) cached = std::move(snapshot->files[index].root);
      ++index;
      if (!pf.read) {
        out.diagnostics.add(f.path, {}, "io", Text{"无法读取该文件", "cannot read the file"}, {});
        continue;
      }
      if (cached) {
        f.root = std::move(*cached);
      } else {
        DocParse parsed = parse_yaml(f.text);
        for (const auto& e : parsed.errors)
          out.diagnostics.add(f.path, e.pos, e.code, yaml_error_text(e), source_line_of(f.text, e.pos.line));
        if (writer) writer->add(f.rel, f.text, parsed.ok() ? &*parsed.root : nullptr);  // errors are never cached
        if (!parsed.root) continue;
        f.root = std::move(*parsed.root);
      }
      if (f.rel.compare(0, tests_prefix.size(), tests_prefix) == 0) out.tests.push_back(std::move(f));
      else pack.files.push_back(std::move(f));
    }
    if (planned.too_many) {
      out.diagnostics.add(root, {}, "too_many_files", Text{"政策文件超过 5000 个", "more than 5000 policy files"}, {});
      return out;
    }
    out.packs.push_back(std::move(pack));
  }
  if (writer) write_pack_snapshot(cache_dir, key, writer->finish(key));
  return out;
}

}  // namespace shebao
