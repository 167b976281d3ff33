#include "shebao/yaml/region_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <mutex>

#include "shebao/core/region_table.h"
#include "read_fd.h"

namespace shebao {
namespace {

// What identifies the file of the table in use: parsed again only when one of these changes.
struct FileIdentity {
  std::string path;
  dev_t dev = 0;
  ino_t ino = 0;
  off_t size = 0;
  std::int64_t mtime_ns = 0;
  bool operator==(const FileIdentity&) const = default;
};

std::mutex g_mutex;
// Guarded by g_mutex; empty path: nothing installed from a file yet. A function-local static: the
// unit tests install the table from a static initializer of their own.
FileIdentity& installed() {
  static FileIdentity id;
  return id;
}

FileIdentity identity_of(const std::string& path, const struct stat& st) {
  return FileIdentity{path, st.st_dev, st.st_ino, st.st_size,
                      static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec};
}

}  // namespace

std::string region_table_path(const std::string& policies_root) {
  if (policies_root.empty()) return "cn/regions.csv";
  return policies_root.back() == '/' ? policies_root + "cn/regions.csv" : policies_root + "/cn/regions.csv";
}

bool load_region_table(const std::string& policies_root, Diagnostics& diagnostics) {
  const std::string path = region_table_path(policies_root);
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno != ENOENT) diagnostics.add(path, {}, "io", "cannot read the file");
    return false;
  }
  struct stat st{};
  bool ok = ::fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
  const FileIdentity id = ok ? identity_of(path, st) : FileIdentity{};
  std::lock_guard lock(g_mutex);
  if (ok && id == installed() && region_table() != nullptr) {  // unchanged: already parsed and in use
    ::close(fd);
    return true;
  }
  std::string text;
  if (ok) {
    text.resize(static_cast<std::size_t>(st.st_size));
    text.resize(yaml_internal::read_fd(fd, text.data(), text.size()));
  }
  ::close(fd);
  if (!ok) {
    diagnostics.add(path, {}, "io", "cannot read the file");
    return false;
  }
  RegionTable::Parse parsed = RegionTable::parse(std::move(text));
  for (const auto& p : parsed.problems) {
    SourcePos pos;
    pos.line = static_cast<decltype(pos.line)>(p.line);
    pos.column = p.line ? 1 : 0;
    diagnostics.add(path, pos, "invalid_region_table", p.message);
  }
  if (!parsed.table) return false;
  install_region_table(std::move(parsed.table));
  installed() = id;
  return true;
}

bool load_region_table(const std::vector<std::string>& roots, Diagnostics& diagnostics) {
  for (std::size_t i = roots.size(); i-- > 0;) {
    struct stat st{};
    if (i > 0 && ::stat(region_table_path(roots[i]).c_str(), &st) != 0) continue;  // an overlay without one
    return load_region_table(roots[i], diagnostics);
  }
  return false;
}

}  // namespace shebao
