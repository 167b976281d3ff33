// The parsed-pack cache (see pack_cache.h).
//
// Snapshot file layout (integers little-endian):
//   header (88 bytes)
//     magic "SHEBAOPK" | u32 format (kPackCacheFormat) | u32 reserved (0) | key (32 raw bytes)
//     | u64 payload length | SHA-256 of the payload (32 raw bytes)
//   payload
//     varint string count, then each string: varint length, bytes      (the string table)
//     varint file count, then each file: varint path (string index), byte 0|1, [node if 1]
//   node
//     byte tag = kind | style << 2 | has_text << 4 ; varint line ; varint column
//     [text if has_text]
//     sequence: varint count, nodes ; mapping: varint count, (text (the key), varint line,
//     varint column, node) per entry
//   text
//     varint v: v even: string v/2 of the table; v odd: the v/2 bytes of the file's own text at
//     byte offset (varint that follows)
// Varints are LEB128 (7 bits a byte, low first). Every string is stored once (keys and many
// values repeat across files), and most are references into the file's text (which the key
// pins): the snapshot is about a quarter of the YAML's size.
#include "shebao/yaml/pack_cache.h"

#include <dlfcn.h>
#include <fcntl.h>
#include <link.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <system_error>

#include <yaml-cpp/node/parse.h>

#include "shebao/core/digits.h"
#include "shebao/core/doc_parse.h"
#include "shebao/core/hash.h"
#include "read_fd.h"

namespace shebao {

namespace fs = std::filesystem;

namespace {

constexpr char kMagic[8] = {'S', 'H', 'E', 'B', 'A', 'O', 'P', 'K'};
constexpr std::size_t kHeaderSize = 8 + 4 + 4 + 32 + 8 + 32;
constexpr std::size_t kMaxSnapshotBytes = 64u << 20;
constexpr std::string_view kSnapPrefix = "pack-";
constexpr std::string_view kSnapSuffix = ".snap";
constexpr std::string_view kTempPrefix = ".tmp-";

// ---- bytes ------------------------------------------------------------------------------------

void put_u32(std::string& out, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) out += static_cast<char>((v >> (8 * i)) & 0xFFu);
}
void put_u64(std::string& out, std::uint64_t v) {
  for (int i = 0; i < 8; ++i) out += static_cast<char>((v >> (8 * i)) & 0xFFu);
}
void put_varint(std::string& out, std::uint64_t v) {
  while (v >= 0x80) {
    out += static_cast<char>((v & 0x7Fu) | 0x80u);
    v >>= 7;
  }
  out += static_cast<char>(v);
}
std::uint64_t get_le(const unsigned char* p, int n) {
  std::uint64_t v = 0;
  for (int i = 0; i < n; ++i) v |= std::uint64_t{p[i]} << (8 * i);
  return v;
}

// 64 hex digits -> 32 bytes; nullopt if `hex` is anything else.
std::optional<std::string> hex_to_raw(std::string_view hex) {
  if (hex.size() != 64) return std::nullopt;
  std::string raw(32, '\0');
  for (std::size_t i = 0; i < 32; ++i) {
    const int hi = hex_value(hex[2 * i]);
    const int lo = hex_value(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    raw[i] = static_cast<char>(hi * 16 + lo);
  }
  return raw;
}

// ---- decoding ---------------------------------------------------------------------------------

class Reader {
 public:
  explicit Reader(std::string_view bytes)
      : p_(reinterpret_cast<const unsigned char*>(bytes.data())), end_(p_ + bytes.size()) {}

  std::size_t remaining() const { return static_cast<std::size_t>(end_ - p_); }
  bool at_end() const { return p_ == end_; }

  bool byte(std::uint8_t& v) {
    if (p_ == end_) return false;
    v = *p_++;
    return true;
  }
  // A varint of at most `max`; false when truncated, overlong or larger.
  bool varint(std::uint64_t& v, std::uint64_t max) {
    v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (p_ == end_) return false;
      const std::uint8_t b = *p_++;
      const std::uint64_t part = b & 0x7Fu;
      if (shift == 63 && part > 1) return false;
      v |= part << shift;
      if ((b & 0x80u) == 0) return v <= max;
    }
    return false;
  }
  bool bytes(std::size_t n, std::string_view& out) {
    if (n > remaining()) return false;
    out = std::string_view(reinterpret_cast<const char*>(p_), n);
    p_ += n;
    return true;
  }

 private:
  const unsigned char* p_;
  const unsigned char* end_;
};

class Decoder {
 public:
  Decoder(std::string_view payload, const std::vector<std::string_view>& sources)
      : in_(payload), sources_(sources) {}

  std::optional<PackSnapshot> run() {
    std::uint64_t n = 0;
    if (!in_.varint(n, in_.remaining())) return std::nullopt;  // each string takes >= 1 byte
    strings_.reserve(static_cast<std::size_t>(std::min<std::uint64_t>(n, 1u << 16)));  // n is not trusted yet
    for (std::uint64_t i = 0; i < n; ++i) {
      std::uint64_t len = 0;
      std::string_view s;
      if (!in_.varint(len, in_.remaining()) || !in_.bytes(static_cast<std::size_t>(len), s)) return std::nullopt;
      strings_.push_back(s);
    }
    std::uint64_t files = 0;
    if (!in_.varint(files, in_.remaining() / 2) || files != sources_.size()) return std::nullopt;  // path + flag
    PackSnapshot out;
    out.files.reserve(static_cast<std::size_t>(files));
    for (std::uint64_t i = 0; i < files; ++i) {
      PackSnapshot::File f;
      std::string_view rel;
      std::uint8_t cached = 0;
      if (!str(rel) || !in_.byte(cached) || cached > 1) return std::nullopt;
      f.rel = std::string(rel);
      source_ = sources_[static_cast<std::size_t>(i)];
      if (cached) {
        nodes_ = 0;  // the parser's limit is per document
        DocNode root;
        if (!node(root, 0)) return std::nullopt;
        f.root = std::move(root);
      }
      out.files.push_back(std::move(f));
    }
    if (!in_.at_end()) return std::nullopt;
    return out;
  }

 private:
  bool str(std::string_view& s) {
    std::uint64_t i = 0;
    if (strings_.empty() || !in_.varint(i, strings_.size() - 1)) return false;
    s = strings_[static_cast<std::size_t>(i)];
    return true;
  }
  // A scalar's or key's text: from the table or from the file's text.
  bool text(std::string& out) {
    std::uint64_t v = 0;
    if (!in_.varint(v, UINT64_MAX)) return false;
    if ((v & 1u) == 0) {
      if (v / 2 >= strings_.size()) return false;
      out.assign(strings_[static_cast<std::size_t>(v / 2)]);
      return true;
    }
    const std::uint64_t len = v >> 1;
    std::uint64_t offset = 0;
    if (!in_.varint(offset, source_.size()) || len > source_.size() - offset) return false;
    out.assign(source_.substr(static_cast<std::size_t>(offset), static_cast<std::size_t>(len)));
    return true;
  }
  bool pos(SourcePos& p) {
    std::uint64_t line = 0, column = 0;
    if (!in_.varint(line, UINT32_MAX) || !in_.varint(column, UINT32_MAX)) return false;
    p.line = static_cast<std::uint32_t>(line);
    p.column = static_cast<std::uint32_t>(column);
    return true;
  }
  bool count_node() { return ++nodes_ <= limits_.max_nodes; }

  // `depth`: containers around this node (the parser allows max_depth nested containers).
  bool node(DocNode& n, std::size_t depth) {
    std::uint8_t tag = 0;
    if (!count_node() || !in_.byte(tag) || (tag & ~0x1Fu) != 0) return false;
    n.kind = static_cast<DocNode::Kind>(tag & 0x3u);
    n.style = static_cast<DocNode::Style>((tag >> 2) & 0x3u);
    if (!pos(n.pos)) return false;
    if ((tag & 0x10u) && !text(n.text)) return false;
    if (n.kind != DocNode::Kind::kSequence && n.kind != DocNode::Kind::kMapping) return true;
    if (depth + 1 > limits_.max_depth) return false;
    std::uint64_t count = 0;
    if (n.kind == DocNode::Kind::kSequence) {
      // A node takes >= 3 bytes; the node limit bounds what a count can make us allocate.
      if (!in_.varint(count, std::min<std::uint64_t>(in_.remaining() / 3, limits_.max_nodes - nodes_)))
        return false;
      n.items.resize(static_cast<std::size_t>(count));
      for (auto& item : n.items)
        if (!node(item, depth + 1)) return false;
      return true;
    }
    // key, line, column + a node
    if (!in_.varint(count, std::min<std::uint64_t>(in_.remaining() / 6, (limits_.max_nodes - nodes_) / 2)))
      return false;
    n.entries.resize(static_cast<std::size_t>(count));
    for (auto& e : n.entries)
      if (!count_node() || !text(e.key) || !pos(e.key_pos) || !node(e.value, depth + 1)) return false;
    return unique_keys(n.entries);
  }

  // The parser never yields a mapping with a repeated key, and the engine relies on it.
  static bool unique_keys(const std::vector<DocEntry>& entries) {
    if (entries.size() <= 16) {
      for (std::size_t i = 1; i < entries.size(); ++i)
        for (std::size_t j = 0; j < i; ++j)
          if (entries[i].key == entries[j].key) return false;
      return true;
    }
    std::vector<std::string_view> keys;
    keys.reserve(entries.size());
    for (const auto& e : entries) keys.push_back(e.key);
    std::sort(keys.begin(), keys.end());
    return std::adjacent_find(keys.begin(), keys.end()) == keys.end();
  }

  Reader in_;
  const std::vector<std::string_view>& sources_;
  std::string_view source_;
  std::vector<std::string_view> strings_;
  std::size_t nodes_ = 0;
  const DocLimits limits_{};
};

// ---- this build's identity --------------------------------------------------------------------

struct BuildIdSearch {
  ElfW(Addr) address = 0;
  std::string id;
};

int find_build_id(dl_phdr_info* info, std::size_t /*size*/, void* data) {
  auto* search = static_cast<BuildIdSearch*>(data);
  bool mine = false;
  for (ElfW(Half) i = 0; i < info->dlpi_phnum; ++i) {
    const ElfW(Phdr)& ph = info->dlpi_phdr[i];
    const ElfW(Addr) start = info->dlpi_addr + ph.p_vaddr;
    if (ph.p_type == PT_LOAD && search->address >= start && search->address - start < ph.p_memsz) mine = true;
  }
  if (!mine) return 0;
  for (ElfW(Half) i = 0; i < info->dlpi_phnum; ++i) {
    const ElfW(Phdr)& ph = info->dlpi_phdr[i];
    if (ph.p_type != PT_NOTE) continue;
    const std::size_t align = ph.p_align == 8 ? 8 : 4;
    const auto* p = reinterpret_cast<const unsigned char*>(info->dlpi_addr + ph.p_vaddr);
    std::size_t off = 0;
    const std::size_t size = ph.p_memsz;
    while (size - off >= sizeof(ElfW(Nhdr))) {
      ElfW(Nhdr) nh;
      std::memcpy(&nh, p + off, sizeof nh);
      const std::size_t name_at = off + sizeof nh;
      const std::size_t name_len = (std::size_t{nh.n_namesz} + align - 1) / align * align;
      const std::size_t desc_len = (std::size_t{nh.n_descsz} + align - 1) / align * align;
      if (name_len > size - name_at || desc_len > size - name_at - name_len) break;
      const std::size_t desc_at = name_at + name_len;
      if (nh.n_type == NT_GNU_BUILD_ID && nh.n_namesz == 4 && std::memcmp(p + name_at, "GNU", 4) == 0) {
        static constexpr char kDigits[] = "0123456789abcdef";
        for (std::size_t k = 0; k < nh.n_descsz; ++k) {
          search->id += kDigits[p[desc_at + k] >> 4];
          search->id += kDigits[p[desc_at + k] & 0xF];
        }
        return 1;
      }
      off = desc_at + desc_len;
    }
  }
  return 1;
}

// The build-id of the object (executable or shared library) that holds `address`; "" if none.
std::string build_id_at(ElfW(Addr) address) {
  BuildIdSearch search;
  search.address = address;
  dl_iterate_phdr(&find_build_id, &search);
  return search.id;
}

// Ours, and yaml-cpp's: trees depend on both, and yaml-cpp is a shared library that the system
// may update under an unchanged shebao.
std::string compute_build_id() {
  const std::string ours = build_id_at(reinterpret_cast<ElfW(Addr)>(&find_build_id));
  const auto yaml_load = static_cast<YAML::Node (*)(const char*)>(&YAML::Load);
  const std::string yaml = build_id_at(reinterpret_cast<ElfW(Addr)>(yaml_load));
  if (!ours.empty()) return "elf:" + ours + (yaml.empty() || yaml == ours ? "" : " yaml-cpp:" + yaml);
  // No build-id note (a linker without --build-id): the file we were loaded from, as it is now.
  std::string id = std::string("time:") + __DATE__ " " __TIME__;
  Dl_info dl{};
  std::string file = "/proc/self/exe";
  if (dladdr(reinterpret_cast<void*>(&find_build_id), &dl) != 0 && dl.dli_fname && dl.dli_fname[0] == '/')
    file = dl.dli_fname;
  struct stat st{};
  if (::stat(file.c_str(), &st) == 0)
    id += " " + file + " " + std::to_string(st.st_size) + " " + std::to_string(st.st_mtim.tv_sec) + "." +
          std::to_string(st.st_mtim.tv_nsec) + " " + std::to_string(st.st_ino);
  return id;
}

// ---- files ------------------------------------------------------------------------------------

bool is_snapshot_name(std::string_view name) {
  if (name.size() != kSnapPrefix.size() + 64 + kSnapSuffix.size()) return false;
  if (name.substr(0, kSnapPrefix.size()) != kSnapPrefix) return false;
  if (name.substr(name.size() - kSnapSuffix.size()) != kSnapSuffix) return false;
  for (char c : name.substr(kSnapPrefix.size(), 64))
    if (hex_value(c) < 0) return false;
  return true;
}

bool write_all(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

// Keeps the kPackCacheKeep most recently used snapshots; removes temporary files that a crashed
// writer left more than an hour ago. Touches only names this cache writes.
void prune(const std::string& dir) {
  struct Snap {
    std::string path;
    std::int64_t sec;
    std::int64_t nsec;
  };
  std::vector<Snap> snaps;
  const auto now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::error_code ec;
  for (auto it = fs::directory_iterator(dir, ec); !ec && it != fs::directory_iterator(); it.increment(ec)) {
    const std::string name = it->path().filename().string();
    const bool snap = is_snapshot_name(name);
    const bool temp = name.compare(0, kTempPrefix.size(), kTempPrefix) == 0;
    if (!snap && !temp) continue;
    struct stat st{};
    if (::lstat(it->path().c_str(), &st) != 0 || !S_ISREG(st.st_mode)) continue;
    if (snap) snaps.push_back({it->path().string(), st.st_mtim.tv_sec, st.st_mtim.tv_nsec});
    else if (now - st.st_mtim.tv_sec > 3600) ::unlink(it->path().c_str());
  }
  if (snaps.size() <= kPackCacheKeep) return;
  std::sort(snaps.begin(), snaps.end(), [](const Snap& a, const Snap& b) {
    if (a.sec != b.sec) return a.sec > b.sec;
    if (a.nsec != b.nsec) return a.nsec > b.nsec;
    return a.path < b.path;
  });
  for (std::size_t i = kPackCacheKeep; i < snaps.size(); ++i) ::unlink(snaps[i].path.c_str());
}

enum class Owners { kUser, kUserOrRoot };

// Owned by us (or root, where allowed) and not writable by group or others.
bool trusted(const struct stat& st, Owners owners) {
  const bool owner = st.st_uid == ::geteuid() || (owners == Owners::kUserOrRoot && st.st_uid == 0);
  return owner && (st.st_mode & (S_IWGRP | S_IWOTH)) == 0;
}

// Reads and decodes the snapshot open at `fd`: a regular file of a plausible size whose owner
// `owners` allows (the user cache's own files are private: its folder is checked instead).
std::optional<PackSnapshot> read_snapshot_fd(int fd, std::string_view key, const std::vector<std::string_view>& sources,
                                             Owners owners) {
  struct stat st{};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) return std::nullopt;
  if (owners == Owners::kUser ? st.st_uid != ::geteuid() : !trusted(st, owners)) return std::nullopt;
  if (st.st_size < static_cast<off_t>(kHeaderSize) || st.st_size > static_cast<off_t>(kMaxSnapshotBytes))
    return std::nullopt;
  std::string bytes(static_cast<std::size_t>(st.st_size), '\0');
  const std::size_t got = yaml_internal::read_fd(fd, bytes.data(), bytes.size());
  char extra = 0;
  if (got != bytes.size() || ::read(fd, &extra, 1) != 0) return std::nullopt;  // changed meanwhile
  return decode_pack_snapshot(bytes, key, sources);
}

// The folder is ours alone: a directory, owned by us, not writable by group or others.
bool usable_dir(const std::string& dir) {
  struct stat st{};
  if (::stat(dir.c_str(), &st) != 0) return false;
  return S_ISDIR(st.st_mode) && st.st_uid == ::geteuid() && (st.st_mode & (S_IWGRP | S_IWOTH)) == 0 &&
         ::access(dir.c_str(), R_OK | W_OK | X_OK) == 0;
}

}  // namespace

// ---- public -----------------------------------------------------------------------------------

std::string pack_cache_dir() {
  std::string dir;
  const char* v = std::getenv("SHEBAO_CACHE_DIR");
  if (v && *v) {
    if (std::string_view(v) == "off") return {};
    dir = v;
  } else if ((v = std::getenv("XDG_CACHE_HOME")) && v[0] == '/') {
    dir = std::string(v) + "/shebao";
  } else if ((v = std::getenv("HOME")) && *v) {
    dir = std::string(v) + "/.cache/shebao";
  } else {
    return {};
  }
  while (dir.size() > 1 && dir.back() == '/') dir.pop_back();
  if (usable_dir(dir)) return dir;
  std::error_code ec;
  const fs::path parent = fs::path(dir).parent_path();
  if (!parent.empty()) fs::create_directories(parent, ec);
  if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) return {};
  return usable_dir(dir) ? dir : std::string();
}

std::string pack_cache_bundled_dir() {
  std::string dir;
  if (const char* v = std::getenv("SHEBAO_BUNDLED_CACHE_DIR"); v && *v) {
    if (std::string_view(v) == "off") return {};
    dir = v;
  } else {
    // Beside the running executable, as the build and an install lay it out: bin/shebao and
    // share/shebao/pack-cache.
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (ec || !exe.is_absolute()) return {};
    dir = (exe.parent_path().parent_path() / "share" / "shebao" / "pack-cache").string();
  }
  while (dir.size() > 1 && dir.back() == '/') dir.pop_back();
  struct stat st{};
  if (::stat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode) || !trusted(st, Owners::kUserOrRoot)) return {};
  return dir;
}

const std::string& pack_cache_build_id() {
  static const std::string id = compute_build_id();
  return id;
}

std::string pack_cache_key(const std::vector<std::pair<std::string_view, std::string_view>>& files) {
  Sha256 sha;
  sha.update("shebao-pack-cache\n" + std::to_string(kPackCacheFormat) + "\n" + pack_cache_build_id() + "\n");
  // Length-prefixed like the policy digest, so that ("ab","c") and ("a","bc") differ. Hashed in
  // pieces: the same digest as of the concatenation, without copying every file's bytes.
  for (const auto& [name, data] : files) {
    sha.update(std::to_string(name.size()) + ":").update(name);
    sha.update(std::to_string(data.size()) + ":").update(data);
  }
  return sha.hex_digest();
}

std::uint32_t PackSnapshotWriter::intern(std::string_view s) {
  if (const auto it = index_.find(s); it != index_.end()) return it->second;
  index_.emplace(std::string(s), string_count_);
  put_varint(strings_, s.size());
  strings_ += s;
  return string_count_++;
}

// `s` as a reference into the file's text when it is there at `pos` (or just after, past an
// opening quote); else from the string table.
void PackSnapshotWriter::text(std::string_view s, SourcePos pos) {
  if (s.size() >= 8 && pos.line >= 1 && pos.line <= line_starts_.size() && pos.column >= 1) {
    // Columns count code points. Nodes come in document order, so the walk continues from the
    // previous position on the same line (a 100k-item flow list on one line stays linear).
    std::size_t at = line_starts_[pos.line - 1];
    std::uint32_t c = 1;
    if (pos.line == cursor_line_ && pos.column >= cursor_column_) {
      at = cursor_at_;
      c = cursor_column_;
    }
    for (; c < pos.column && at < source_.size() && source_[at] != '\n'; ++c) {
      ++at;  // one code point: a lead byte and its continuation bytes
      while (at < source_.size() && (static_cast<unsigned char>(source_[at]) & 0xC0u) == 0x80u) ++at;
    }
    cursor_line_ = pos.line;
    cursor_column_ = c;
    cursor_at_ = at;
    for (std::size_t start : {at, at + 1}) {
      if (start <= source_.size() && source_.substr(start, s.size()) == s) {
        put_varint(body_, (std::uint64_t{s.size()} << 1) | 1u);
        put_varint(body_, start);
        return;
      }
    }
  }
  put_varint(body_, std::uint64_t{intern(s)} << 1);
}

void PackSnapshotWriter::node(const DocNode& n) {
  const bool has_text = !n.text.empty();
  body_ += static_cast<char>(static_cast<unsigned>(n.kind) | (static_cast<unsigned>(n.style) << 2) |
                             (has_text ? 0x10u : 0u));
  put_varint(body_, n.pos.line);
  put_varint(body_, n.pos.column);
  if (has_text) text(n.text, n.pos);
  if (n.kind == DocNode::Kind::kSequence) {
    put_varint(body_, n.items.size());
    for (const auto& item : n.items) node(item);
  } else if (n.kind == DocNode::Kind::kMapping) {
    put_varint(body_, n.entries.size());
    for (const auto& e : n.entries) {
      text(e.key, e.key_pos);
      put_varint(body_, e.key_pos.line);
      put_varint(body_, e.key_pos.column);
      node(e.value);
    }
  }
}

void PackSnapshotWriter::add(std::string_view rel, std::string_view source, const DocNode* root) {
  put_varint(body_, intern(rel));
  body_ += static_cast<char>(root ? 1 : 0);
  if (root) {
    source_ = source;
    line_starts_.assign(1, 0);
    cursor_line_ = 0;
    for (std::size_t i = 0; i < source.size(); ++i)
      if (source[i] == '\n') line_starts_.push_back(i + 1);
    node(*root);
    source_ = {};
  }
  ++file_count_;
}

std::string PackSnapshotWriter::finish(std::string_view key) const {
  std::string payload;
  payload.reserve(strings_.size() + body_.size() + 20);
  put_varint(payload, string_count_);
  payload += strings_;
  put_varint(payload, file_count_);
  payload += body_;
  const std::string key_raw = hex_to_raw(key).value_or(std::string(32, '\0'));
  const auto sum = Sha256().update(payload).digest();
  std::string out;
  out.reserve(kHeaderSize + payload.size());
  out.append(kMagic, sizeof kMagic);
  put_u32(out, kPackCacheFormat);
  put_u32(out, 0);
  out += key_raw;
  put_u64(out, payload.size());
  out.append(reinterpret_cast<const char*>(sum.data()), sum.size());
  out += payload;
  return out;
}

std::optional<PackSnapshot> decode_pack_snapshot(std::string_view bytes, std::string_view key,
                                                 const std::vector<std::string_view>& sources) {
  try {
    if (bytes.size() < kHeaderSize || bytes.size() > kMaxSnapshotBytes) return std::nullopt;
    const auto* h = reinterpret_cast<const unsigned char*>(bytes.data());
    if (std::memcmp(h, kMagic, sizeof kMagic) != 0) return std::nullopt;
    if (get_le(h + 8, 4) != kPackCacheFormat || get_le(h + 12, 4) != 0) return std::nullopt;
    const auto key_raw = hex_to_raw(key);
    if (!key_raw || bytes.substr(16, 32) != *key_raw) return std::nullopt;
    if (get_le(h + 48, 8) != bytes.size() - kHeaderSize) return std::nullopt;
    const std::string_view payload = bytes.substr(kHeaderSize);
    const auto sum = Sha256().update(payload).digest();
    if (bytes.substr(56, 32) != std::string_view(reinterpret_cast<const char*>(sum.data()), sum.size()))
      return std::nullopt;
    return Decoder(payload, sources).run();
  } catch (const std::exception&) {  // std::bad_alloc: treat as a miss
    return std::nullopt;
  }
}

std::string pack_snapshot_path(const std::string& dir, std::string_view key) {
  std::string path = dir;
  path += '/';
  path += kSnapPrefix;
  path += key;
  path += kSnapSuffix;
  return path;
}

std::optional<PackSnapshot> read_pack_snapshot(const std::string& dir, std::string_view key,
                                               const std::vector<std::string_view>& sources) {
  if (key.size() != 64) return std::nullopt;
  const std::string path = pack_snapshot_path(dir, key);
  // O_NONBLOCK: a FIFO planted under the name must not block the open.
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
  if (fd < 0) return std::nullopt;
  std::optional<PackSnapshot> out = read_snapshot_fd(fd, key, sources, Owners::kUser);
  if (out) ::futimens(fd, nullptr);  // recently used: pruned last
  ::close(fd);
  return out;
}

std::optional<PackSnapshot> read_bundled_pack_snapshot(const std::string& dir, std::string_view key,
                                                       const std::vector<std::string_view>& sources) {
  if (key.size() != 64) return std::nullopt;
  // The folder is checked through the descriptor the file is then opened from, so that it cannot
  // be swapped between the check and the open.
  const int dir_fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd < 0) return std::nullopt;
  std::optional<PackSnapshot> out;
  struct stat st{};
  if (::fstat(dir_fd, &st) == 0 && trusted(st, Owners::kUserOrRoot)) {
    std::string name(kSnapPrefix);
    name += key;
    name += kSnapSuffix;
    const int fd = ::openat(dir_fd, name.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
    if (fd >= 0) {
      out = read_snapshot_fd(fd, key, sources, Owners::kUserOrRoot);
      ::close(fd);
    }
  }
  ::close(dir_fd);
  return out;
}

bool write_pack_snapshot(const std::string& dir, std::string_view key, std::string_view bytes) {
  if (key.size() != 64) return false;
  static std::atomic<unsigned> counter{0};
  const auto now = std::chrono::steady_clock::now().time_since_epoch().count();
  const std::string temp = dir + "/" + std::string(kTempPrefix) + std::string(key.substr(0, 16)) + "-" +
                           std::to_string(::getpid()) + "-" + std::to_string(counter++) + "-" +
                           std::to_string(now);
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) return false;
  bool ok = write_all(fd, bytes);
  ok = (::close(fd) == 0) && ok;
  ok = ok && ::rename(temp.c_str(), pack_snapshot_path(dir, key).c_str()) == 0;
  if (!ok) {
    ::unlink(temp.c_str());
    return false;
  }
  prune(dir);
  return true;
}

}  // namespace shebao
