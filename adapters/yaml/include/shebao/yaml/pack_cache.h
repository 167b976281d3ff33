// The parsed-pack cache: DocNode trees of a pack folder's YAML files, kept in a compact binary
// snapshot so that the next load of the same bytes skips yaml-cpp (which is most of a load).
//
// A snapshot is keyed by SHA-256 over the format version, this build's identity (the ELF build-id
// of the object the code was linked into) and every loaded file's relative path and bytes in load
// order, so a changed byte, an added/removed/renamed file or a rebuilt shebao never reuses it.
//
// Where: $SHEBAO_CACHE_DIR; else $XDG_CACHE_HOME/shebao (absolute paths only); else
// $HOME/.cache/shebao. SHEBAO_CACHE_DIR=off disables the cache. So do a folder that cannot be
// created or written, one not owned by the user, or one that others may write to (another user
// could plant a tree there): the load then parses the YAML as if there were no cache.
//
// Bundled snapshots: the build runs the freshly linked shebao over the bundled packs and leaves
// its snapshots (with and without the golden cases) in <folder of the executable>/../share/shebao/
// pack-cache (cmake/PackSnapshot.cmake), so that the very first load on a machine, before the user
// cache holds anything, skips yaml-cpp as well. A load looks in the user cache first, then there,
// and parses only when neither has the key; the bundled folder is only ever read (a load that
// finds its snapshot there writes nothing to the user cache). $SHEBAO_BUNDLED_CACHE_DIR names
// another folder, or turns them off with "off"; SHEBAO_CACHE_DIR=off leaves them on (it is about
// the user's folder). Since the key holds this build's identity and every file's bytes, a
// snapshot from another build, or of packs edited since the build, is a miss like any other. The
// folder and each snapshot are used only when owned by the user or by root and not writable by
// group or others, and each snapshot passes the same checks as one in the user cache.
//
// Safety: a snapshot is used only when its magic, format version, key, payload length and payload
// checksum (SHA-256) match and every read inside it stays in bounds; its trees are held to the
// same depth and size limits as the YAML parser's. Anything else is a miss: the YAML is parsed and
// the snapshot rewritten. Files are written to a temporary name and renamed, so readers never see
// a torn snapshot; at most kPackCacheKeep snapshots are kept (least recently used go first).
// Only files that parsed without errors are stored; a file with YAML errors is parsed again on
// every load, so lint output never comes from the cache.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "shebao/core/doc.h"

namespace shebao {

inline constexpr std::uint32_t kPackCacheFormat = 1;
inline constexpr std::size_t kPackCacheKeep = 8;

// The cache folder to use (created, mode 0700, when missing), or "" when the cache is disabled or
// the folder is unusable. Reads the environment on every call.
std::string pack_cache_dir();

// The folder of bundled snapshots to read, or "" when they are turned off or the folder is
// missing or not trusted (see above). Reads the environment on every call.
std::string pack_cache_bundled_dir();

// This build's identity as used in the key (hex ELF build-id, or a fallback); computed once.
const std::string& pack_cache_build_id();

// The snapshot key (64 hex digits) of `files` = (relative path, bytes), in load order.
std::string pack_cache_key(const std::vector<std::pair<std::string_view, std::string_view>>& files);

// Builds a snapshot file, one entry per loaded file in load order. The tree is copied into the
// encoding when added, so the caller may move it away afterwards. A scalar or key that appears
// verbatim in the file's text where its position says is stored as (offset, length) into that
// text rather than as bytes: the key pins the texts, and it keeps the snapshot (and the checksum
// work) small.
class PackSnapshotWriter {
 public:
  // `root` null: the file is not cached (it had YAML errors) and is parsed on every load.
  // `source`: the file's bytes, as given to the key.
  void add(std::string_view rel, std::string_view source, const DocNode* root);
  // The complete snapshot file (header + payload) for `key` (64 hex digits).
  std::string finish(std::string_view key) const;

 private:
  std::uint32_t intern(std::string_view s);
  void text(std::string_view s, SourcePos pos);
  void node(const DocNode& n);

  std::string strings_;  // the string table: each string once
  std::uint32_t string_count_ = 0;
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, std::uint32_t, Hash, std::equal_to<>> index_;
  std::string body_;     // the files, strings by table index
  std::uint32_t file_count_ = 0;
  std::string_view source_;                // the file being added
  std::vector<std::size_t> line_starts_;  // its lines' byte offsets
  std::uint32_t cursor_line_ = 0, cursor_column_ = 1;  // the last position text() walked to...
  std::size_t cursor_at_ = 0;                           // ...and its byte offset
};

// A decoded snapshot: one entry per file, in the order they were added.
struct PackSnapshot {
  struct File {
    std::string rel;
    std::optional<DocNode> root;  // empty: not cached
  };
  std::vector<File> files;
};

// Decodes `bytes` (a whole snapshot file); nullopt unless it is a valid snapshot for `key` with
// one entry per text of `sources` (the files' bytes, in order). Never throws on malformed input,
// reads only inside `bytes` and `sources`, bounded recursion.
std::optional<PackSnapshot> decode_pack_snapshot(std::string_view bytes, std::string_view key,
                                                 const std::vector<std::string_view>& sources);

// The file that holds the snapshot for `key` inside `dir`.
std::string pack_snapshot_path(const std::string& dir, std::string_view key);

// Reads and decodes the snapshot for `key` from `dir` (marks it recently used); nullopt on a miss
// or any problem.
std::optional<PackSnapshot> read_pack_snapshot(const std::string& dir, std::string_view key,
                                               const std::vector<std::string_view>& sources);

// The same for a bundled folder: only reads, and trusts a folder and files owned by the user or by
// root that group and others cannot write.
std::optional<PackSnapshot> read_bundled_pack_snapshot(const std::string& dir, std::string_view key,
                                                       const std::vector<std::string_view>& sources);

// Atomically replaces the snapshot for `key` in `dir` with `bytes`, then keeps only the
// kPackCacheKeep most recently used snapshots. False (and nothing left behind) on any failure.
bool write_pack_snapshot(const std::string& dir, std::string_view key, std::string_view bytes);

}  // namespace shebao
