// The parsed-pack cache (adapters/yaml/include/shebao/yaml/pack_cache.h): snapshots round-trip
// every bundled pack file exactly, damaged or foreign snapshots are never used, and a load through
// the cache gives the same PackLoad (trees, texts, diagnostics) as one without it.
#include "shebao/yaml/pack_cache.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include "cache_test_support.h"
#include "shebao/core/hash.h"
#include "shebao/yaml/pack_loader.h"
#include "shebao/yaml/yaml_doc.h"

namespace shebao {
namespace {

using namespace cachetest;
using Kind = DocNode::Kind;
using Style = DocNode::Style;

const std::string kPolicies = std::string(SHEBAO_SOURCE_DIR) + "/policies";

struct Source {
  std::string rel;
  std::string text;
  DocNode root;
};

// Every *.yaml under policies/ (golden cases too), parsed.
std::vector<Source> bundled_files() {
  std::vector<Source> out;
  for (const auto& e : fs::recursive_directory_iterator(kPolicies)) {
    if (!e.is_regular_file() || e.path().extension() != ".yaml") continue;
    Source s;
    s.rel = fs::relative(e.path(), kPolicies).generic_string();
    s.text = read_bytes(e.path());
    DocParse p = parse_yaml(s.text);
    EXPECT_TRUE(p.ok()) << s.rel;
    if (p.root) s.root = std::move(*p.root);
    out.push_back(std::move(s));
  }
  std::sort(out.begin(), out.end(), [](const Source& a, const Source& b) { return a.rel < b.rel; });
  return out;
}

std::string key_of(const std::vector<Source>& files) {
  std::vector<std::pair<std::string_view, std::string_view>> parts;
  for (const auto& f : files) parts.emplace_back(f.rel, f.text);
  return pack_cache_key(parts);
}

std::string snapshot_of(const std::vector<Source>& files, const std::string& key) {
  PackSnapshotWriter w;
  for (const auto& f : files) w.add(f.rel, f.text, &f.root);
  return w.finish(key);
}

std::vector<std::string_view> sources_of(const std::vector<Source>& files) {
  std::vector<std::string_view> out;
  for (const auto& f : files) out.push_back(f.text);
  return out;
}

// The files a load reads, in its order (pack folders sorted, then paths sorted), golden cases
// left out: what a snapshot's entries are decoded against.
std::vector<Source> load_order(const fs::path& root) {
  std::vector<fs::path> dirs;
  for (const auto& e : fs::directory_iterator(root))
    if (e.is_directory()) dirs.push_back(e.path());
  std::sort(dirs.begin(), dirs.end());
  std::vector<Source> out;
  for (const auto& d : dirs) {
    std::vector<fs::path> paths;
    for (const auto& e : fs::recursive_directory_iterator(d))
      if (e.is_regular_file() && e.path().extension() == ".yaml") paths.push_back(e.path());
    std::sort(paths.begin(), paths.end());
    for (const auto& p : paths) {
      const std::string rel = fs::relative(p, root).generic_string();
      if (rel.find("/tests/") == std::string::npos) out.push_back({rel, read_bytes(p), {}});
    }
  }
  return out;
}

// ---- encoding ---------------------------------------------------------------------------------

TEST(PackCache, RoundTripsEveryBundledPackFile) {
  const std::vector<Source> files = bundled_files();
  ASSERT_GT(files.size(), 30u);
  const std::string key = key_of(files);
  const std::string bytes = snapshot_of(files, key);
  const auto snap = decode_pack_snapshot(bytes, key, sources_of(files));
  ASSERT_TRUE(snap.has_value());
  ASSERT_EQ(snap->files.size(), files.size());
  std::size_t nodes = 0;
  for (std::size_t i = 0; i < files.size(); ++i) {
    EXPECT_EQ(snap->files[i].rel, files[i].rel);
    ASSERT_TRUE(snap->files[i].root.has_value()) << files[i].rel;
    EXPECT_EQ(diff_trees(files[i].root, *snap->files[i].root), "") << files[i].rel;
    nodes += count_nodes(files[i].root);
  }
  EXPECT_GT(nodes, 10000u);
  // Compact: most text is referenced in the sources, not copied.
  std::size_t yaml = 0;
  for (const auto& f : files) yaml += f.text.size();
  EXPECT_LT(bytes.size(), yaml / 2);
}

TEST(PackCache, RoundTripsEveryKindStyleAndPosition) {
  static constexpr std::string_view kText =
      "a: plain text here\n"
      "b: 'quoted text here'\n"
      "c: |\n  block\n  text\n"
      "d: ~\n"
      "e:\n"
      "f: []\n"
      "g: {}\n"
      "中文中文: [1, [2, {x: 中文中文中文}], \"\", \"escaped\\ttab\"]\n"
      "h: &anchor {k: v, longer key: long value}\n"
      "i: *anchor\n";
  DocNode root = [] {
    DocParse p = parse_yaml(kText);
    EXPECT_TRUE(p.ok());
    return p.root ? std::move(*p.root) : DocNode{};
  }();
  // Shapes the YAML parser does not make but DocNode allows (JSON styles, text on containers,
  // unknown positions, huge positions).
  DocNode odd;
  odd.kind = Kind::kSequence;
  odd.text = "container text";
  odd.pos = {4000000000u, 0};
  DocNode num;
  num.kind = Kind::kScalar;
  num.style = Style::kNumber;
  num.text = "1e9";
  DocNode boolean;
  boolean.kind = Kind::kScalar;
  boolean.style = Style::kBool;
  boolean.text = "true";
  DocNode empty;
  empty.kind = Kind::kScalar;
  odd.items = {num, boolean, empty, DocNode{}};

  PackSnapshotWriter w;
  w.add("p/a.yaml", kText, &root);
  w.add("p/broken.yaml", "a: [", nullptr);
  w.add("p/odd.yaml", "", &odd);
  const std::string key(64, 'a');
  const auto snap = decode_pack_snapshot(w.finish(key), key, {kText, "a: [", ""});
  ASSERT_TRUE(snap.has_value());
  ASSERT_EQ(snap->files.size(), 3u);
  EXPECT_EQ(snap->files[0].rel, "p/a.yaml");
  ASSERT_TRUE(snap->files[0].root.has_value());
  EXPECT_EQ(diff_trees(root, *snap->files[0].root), "");
  EXPECT_EQ(snap->files[1].rel, "p/broken.yaml");
  EXPECT_FALSE(snap->files[1].root.has_value());
  ASSERT_TRUE(snap->files[2].root.has_value());
  EXPECT_EQ(diff_trees(odd, *snap->files[2].root), "");
}

TEST(PackCache, KeyCoversPathsBytesAndFraming) {
  const std::string k = pack_cache_key({{"a/x.yaml", "abc"}, {"a/y.yaml", "d"}});
  EXPECT_EQ(k.size(), 64u);
  EXPECT_EQ(k, pack_cache_key({{"a/x.yaml", "abc"}, {"a/y.yaml", "d"}}));
  EXPECT_NE(k, pack_cache_key({{"a/x.yaml", "abd"}, {"a/y.yaml", "d"}}));   // a byte
  EXPECT_NE(k, pack_cache_key({{"a/x.yaml", "ab"}, {"a/y.yaml", "cd"}}));   // framing
  EXPECT_NE(k, pack_cache_key({{"a/z.yaml", "abc"}, {"a/y.yaml", "d"}}));   // a path
  EXPECT_NE(k, pack_cache_key({{"a/y.yaml", "d"}, {"a/x.yaml", "abc"}}));   // the order
  EXPECT_NE(k, pack_cache_key({{"a/x.yaml", "abc"}}));                      // a file fewer
  EXPECT_FALSE(pack_cache_build_id().empty());
}

// ---- damaged, foreign and hostile snapshots -----------------------------------------------------

class DamagedSnapshot : public ::testing::Test {
 protected:
  void SetUp() override {
    DocParse p = parse_yaml(kText);
    ASSERT_TRUE(p.ok());
    root_ = std::move(*p.root);
    PackSnapshotWriter w;
    w.add("x/pack.yaml", kText, &root_);
    w.add("x/other.yaml", kText, &root_);
    bytes_ = w.finish(key_);
    ASSERT_TRUE(decode(bytes_).has_value());
  }
  std::optional<PackSnapshot> decode(const std::string& b, const std::string& key = std::string(64, '0')) {
    return decode_pack_snapshot(b, key, {kText, kText});
  }
  static constexpr std::string_view kText = "id: x\nlist: [a, b, {c: d}]\nname: {zh: 中文中文中文, en: english text}\n";
  DocNode root_;
  std::string key_ = std::string(64, '0');
  std::string bytes_;
};

TEST_F(DamagedSnapshot, EveryTruncationIsRejected) {
  for (std::size_t n = 0; n < bytes_.size(); ++n)
    EXPECT_FALSE(decode(bytes_.substr(0, n)).has_value()) << n;
  EXPECT_FALSE(decode(bytes_ + '\0').has_value());
}

TEST_F(DamagedSnapshot, EveryBitFlipIsRejected) {
  for (std::size_t i = 0; i < bytes_.size(); ++i)
    for (int bit = 0; bit < 8; ++bit) {
      std::string b = bytes_;
      b[i] = static_cast<char>(b[i] ^ (1 << bit));
      EXPECT_FALSE(decode(b).has_value()) << i << ":" << bit;
    }
}

TEST_F(DamagedSnapshot, ForeignOrEmptyIsRejected) {
  EXPECT_FALSE(decode("").has_value());
  EXPECT_FALSE(decode(std::string(200, '\0')).has_value());
  EXPECT_FALSE(decode("id: x\n").has_value());
  EXPECT_FALSE(decode(bytes_, std::string(64, '1')).has_value());  // another key
  EXPECT_FALSE(decode(bytes_, "not hex").has_value());
  EXPECT_FALSE(decode_pack_snapshot(bytes_, key_, {kText}).has_value());  // another number of files
  // Sources shorter than the references reach: rejected, not read out of bounds.
  EXPECT_FALSE(decode_pack_snapshot(bytes_, key_, {kText, kText.substr(0, 20)}).has_value());
}

// Builds a snapshot around a hand-made payload with a correct checksum: what an attacker (or a
// bug) could write. It must still be rejected when it is not a well-formed tree.
std::string forge(const std::string& payload, const std::string& key) {
  std::string out = "SHEBAOPK";
  auto u32 = [&](std::uint32_t v) {
    for (int i = 0; i < 4; ++i) out += static_cast<char>((v >> (8 * i)) & 0xFF);
  };
  auto raw = [&](const std::string& hex) {
    for (std::size_t i = 0; i < 64; i += 2) out += static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16));
  };
  u32(kPackCacheFormat);
  u32(0);
  raw(key);
  const std::uint64_t n = payload.size();
  for (int i = 0; i < 8; ++i) out += static_cast<char>((n >> (8 * i)) & 0xFF);
  raw(sha256_hex(payload));
  return out + payload;
}

std::string varint(std::uint64_t v) {
  std::string s;
  while (v >= 0x80) {
    s += static_cast<char>((v & 0x7F) | 0x80);
    v >>= 7;
  }
  return s + static_cast<char>(v);
}

TEST(PackCacheHostile, WellFormedForgeryIsAccepted) {
  // One string "f", one file "f" holding a scalar "f" at 1:1: the forge helper itself is right.
  const std::string key(64, 'b');
  const std::string payload = varint(1) + varint(1) + "f" + varint(1) + varint(0) + '\1' +
                              static_cast<char>(0x01 | 0x10) + varint(1) + varint(1) + varint(0);
  const auto snap = decode_pack_snapshot(forge(payload, key), key, {"source"});
  ASSERT_TRUE(snap.has_value());
  ASSERT_TRUE(snap->files[0].root.has_value());
  EXPECT_EQ(snap->files[0].root->text, "f");
  // The same with the text as a reference: "our" at offset 1 of "source".
  const std::string ref = varint(1) + varint(1) + "f" + varint(1) + varint(0) + '\1' +
                          static_cast<char>(0x01 | 0x10) + varint(1) + varint(1) + varint(3 * 2 + 1) + varint(1);
  const auto snap2 = decode_pack_snapshot(forge(ref, key), key, {"source"});
  ASSERT_TRUE(snap2.has_value());
  EXPECT_EQ(snap2->files[0].root->text, "our");
}

TEST(PackCacheHostile, MalformedForgeriesAreRejected) {
  const std::string key(64, 'c');
  const std::string head = varint(2) + varint(1) + "f" + varint(1) + "g" + varint(1) + varint(0) + '\1';
  const std::string seq = std::string(1, '\x02') + varint(1) + varint(1);
  const std::string map = std::string(1, '\x03') + varint(1) + varint(1);
  const std::string scalar = std::string(1, '\x11') + varint(1) + varint(1) + varint(0);
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"huge string count", varint(1ull << 40)},
      {"huge string length", varint(1) + varint(1ull << 40)},
      {"string index out of range", head.substr(0, head.size() - 2) + varint(7) + '\1' + scalar},
      {"unknown tag bits", head + std::string(1, '\x21') + varint(1) + varint(1)},
      {"position above 32 bits", head + std::string(1, '\x01') + varint(1ull << 33) + varint(1)},
      {"overlong varint", head + std::string(1, '\x01') + std::string(11, '\x80') + '\0' + varint(1)},
      {"huge sequence count", head + seq + varint(1u << 30)},
      {"huge mapping count", head + map + varint(1u << 30)},
      {"duplicate keys", head + map + varint(2) + varint(0) + varint(1) + varint(1) + scalar + varint(0) +
                             varint(2) + varint(1) + scalar},
      {"trailing bytes", head + scalar + "x"},
      {"cached flag 2", varint(1) + varint(1) + "f" + varint(1) + varint(0) + '\2'},
      {"reference past the text", head + std::string(1, '\x11') + varint(1) + varint(1) + varint(7 * 2 + 1) + varint(0)},
      {"reference offset past the text", head + std::string(1, '\x11') + varint(1) + varint(1) + varint(1 * 2 + 1) + varint(7)},
      {"huge reference", head + std::string(1, '\x11') + varint(1) + varint(1) + varint(UINT64_MAX) + varint(0)},
      {"file count too big", varint(1) + varint(1) + "f" + varint(1000)},
  };
  for (const auto& [name, payload] : cases)
    EXPECT_FALSE(decode_pack_snapshot(forge(payload, key), key, {"source"}).has_value()) << name;
  // Nesting deeper than the YAML parser allows: rejected, without exhausting the stack.
  const std::string seq_of_one = seq + varint(1);
  std::string deep = head;
  for (int i = 0; i < 100000; ++i) deep += seq_of_one;
  EXPECT_FALSE(decode_pack_snapshot(forge(deep, key), key, {"source"}).has_value());
  // ... while the parser's own limit is fine.
  std::string ok = head;
  for (int i = 0; i < 128; ++i) ok += seq_of_one;
  EXPECT_TRUE(decode_pack_snapshot(forge(ok + scalar, key), key, {"source"}).has_value());
  EXPECT_FALSE(decode_pack_snapshot(forge(ok + seq_of_one + scalar, key), key, {"source"}).has_value());
}

// ---- loading through the cache ------------------------------------------------------------------

void expect_same_load(const PackLoad& a, const PackLoad& b) {
  ASSERT_EQ(a.packs.size(), b.packs.size());
  for (std::size_t i = 0; i < a.packs.size(); ++i) {
    EXPECT_EQ(a.packs[i].dir, b.packs[i].dir);
    ASSERT_EQ(a.packs[i].files.size(), b.packs[i].files.size()) << a.packs[i].dir;
    for (std::size_t j = 0; j < a.packs[i].files.size(); ++j) {
      const SourceFile& x = a.packs[i].files[j];
      const SourceFile& y = b.packs[i].files[j];
      EXPECT_EQ(x.path, y.path);
      EXPECT_EQ(x.rel, y.rel);
      EXPECT_EQ(x.text, y.text);
      EXPECT_EQ(diff_trees(x.root, y.root), "") << x.rel;
    }
  }
  ASSERT_EQ(a.tests.size(), b.tests.size());
  for (std::size_t i = 0; i < a.tests.size(); ++i) {
    EXPECT_EQ(a.tests[i].path, b.tests[i].path);
    EXPECT_EQ(diff_trees(a.tests[i].root, b.tests[i].root), "") << a.tests[i].rel;
  }
  ASSERT_EQ(a.diagnostics.items.size(), b.diagnostics.items.size());
  for (std::size_t i = 0; i < a.diagnostics.items.size(); ++i)
    EXPECT_EQ(a.diagnostics.items[i].to_string(), b.diagnostics.items[i].to_string());
}

class CachedLoad : public ::testing::Test {
 protected:
  // The snapshots bundled with the build (if any) play no part in these tests.
  ScopedEnv no_bundled_{"SHEBAO_BUNDLED_CACHE_DIR", "off"};
  PackLoad uncached(const std::string& root, bool with_tests) {
    ScopedEnv off("SHEBAO_CACHE_DIR", "off");
    return load_pack_dir(root, with_tests);
  }
  PackLoad cached(const std::string& root, bool with_tests) {
    ScopedEnv on("SHEBAO_CACHE_DIR", cache_.str());
    return load_pack_dir(root, with_tests);
  }
  TempDir cache_{"cache"};
};

TEST_F(CachedLoad, ColdAndWarmLoadsEqualAnUncachedOne) {
  for (bool with_tests : {false, true}) {
    const PackLoad plain = uncached(kPolicies, with_tests);
    ASSERT_TRUE(plain.diagnostics.empty());
    const PackLoad cold = cached(kPolicies, with_tests);
    const auto written = snapshots(cache_.path());
    ASSERT_EQ(written.size(), with_tests ? 2u : 1u);  // with and without the golden cases
    const PackLoad warm = cached(kPolicies, with_tests);
    expect_same_load(plain, cold);
    expect_same_load(plain, warm);
    EXPECT_EQ(snapshots(cache_.path()).size(), written.size());
  }
}

TEST_F(CachedLoad, WarmLoadUsesTheSnapshot) {
  // A snapshot whose trees differ (a forged but valid one) is what the load returns: proof that
  // the warm load reads it instead of parsing. Here the trees are the same files' with one
  // scalar changed.
  TempDir packs("packs");
  fs::copy(kPolicies, packs.path(), fs::copy_options::recursive);
  const PackLoad cold = cached(packs.str(), false);
  ASSERT_TRUE(cold.diagnostics.empty());
  const auto snaps = snapshots(cache_.path());
  ASSERT_EQ(snaps.size(), 1u);
  std::vector<Source> files;
  for (const auto& p : cold.packs)
    for (const auto& f : p.files) files.push_back({f.rel, f.text, f.root});
  ASSERT_EQ(files[0].rel, "cn/constraints.yaml");
  ASSERT_TRUE(files[0].root.is_mapping());
  files[0].root.entries[0].key_pos.line = 999;
  const std::string key = key_of(files);
  ASSERT_EQ(snaps[0], fs::path(pack_snapshot_path(cache_.str(), key)));
  write_bytes(snaps[0], snapshot_of(files, key));
  const PackLoad warm = cached(packs.str(), false);
  EXPECT_EQ(warm.packs[0].files[0].root.entries[0].key_pos.line, 999u);
}

TEST_F(CachedLoad, DamagedSnapshotsFallBackAndAreRewritten) {
  const PackLoad plain = uncached(kPolicies, false);
  cached(kPolicies, false);
  const auto snaps = snapshots(cache_.path());
  ASSERT_EQ(snaps.size(), 1u);
  const std::string good = read_bytes(snaps[0]);
  std::string flipped = good;
  flipped[good.size() / 2] = static_cast<char>(flipped[good.size() / 2] ^ 0x10);
  std::string flipped_header = good;
  flipped_header[60] = static_cast<char>(flipped_header[60] ^ 0x01);
  const std::vector<std::pair<std::string, std::string>> damage = {
      {"empty", ""},
      {"truncated", good.substr(0, good.size() / 3)},
      {"header only", good.substr(0, 88)},
      {"bit flip", flipped},
      {"checksum flip", flipped_header},
      {"foreign", std::string(good.size(), 'x')},
      {"YAML", "id: cn\n"},
  };
  for (const auto& [name, bytes] : damage) {
    write_bytes(snaps[0], bytes);
    const PackLoad load = cached(kPolicies, false);
    expect_same_load(plain, load);
    EXPECT_EQ(read_bytes(snaps[0]), good) << name << ": the snapshot is rewritten";
  }
  // Another key's snapshot under this key's name (e.g. copied from elsewhere).
  {
    TempDir other_cache("other");
    TempDir packs("packs");
    fs::copy(kPolicies, packs.path(), fs::copy_options::recursive);
    std::ofstream(packs.path() / "cn" / "pack.yaml", std::ios::app) << "# changed\n";
    ScopedEnv on("SHEBAO_CACHE_DIR", other_cache.str());
    load_pack_dir(packs.str(), false);
    const auto other = snapshots(other_cache.path());
    ASSERT_EQ(other.size(), 1u);
    write_bytes(snaps[0], read_bytes(other[0]));
  }
  expect_same_load(plain, cached(kPolicies, false));
  EXPECT_EQ(read_bytes(snaps[0]), good);
  // A directory or a symlink where the snapshot should be: ignored, the load still works.
  fs::remove(snaps[0]);
  fs::create_directory(snaps[0]);
  expect_same_load(plain, cached(kPolicies, false));
  fs::remove(snaps[0]);
  fs::create_symlink("/dev/zero", snaps[0]);
  expect_same_load(plain, cached(kPolicies, false));
  fs::remove(snaps[0]);
  ASSERT_EQ(::mkfifo(snaps[0].c_str(), 0600), 0);  // must not block
  expect_same_load(plain, cached(kPolicies, false));
}

TEST_F(CachedLoad, AChangedByteInvalidates) {
  TempDir packs("packs");
  fs::copy(kPolicies, packs.path(), fs::copy_options::recursive);
  const fs::path file = packs.path() / "cn-530900" / "pack.yaml";
  cached(packs.str(), false);
  ASSERT_EQ(snapshots(cache_.path()).size(), 1u);
  std::string text = read_bytes(file);
  const auto at = text.find("name:");
  ASSERT_NE(at, std::string::npos);
  text.insert(at, "\n");  // every later position moves down a line
  write_bytes(file, text);
  const PackLoad plain = uncached(packs.str(), false);
  const PackLoad warm = cached(packs.str(), false);
  expect_same_load(plain, warm);
  EXPECT_EQ(snapshots(cache_.path()).size(), 2u);
  expect_same_load(plain, cached(packs.str(), false));
  // A renamed file invalidates too.
  fs::rename(packs.path() / "cn" / "relationships.yaml", packs.path() / "cn" / "relationships2.yaml");
  expect_same_load(uncached(packs.str(), false), cached(packs.str(), false));
  EXPECT_EQ(snapshots(cache_.path()).size(), 3u);
}

TEST_F(CachedLoad, YamlErrorsAreNeverCached) {
  TempDir packs("packs");
  fs::copy(kPolicies, packs.path(), fs::copy_options::recursive);
  std::ofstream(packs.path() / "cn" / "zz-broken.yaml") << "a: 1\na: 2\nb: [\n";
  std::ofstream(packs.path() / "cn-530000" / "dup.yaml") << "x: {k: 1, k: 2}\n";
  const PackLoad plain = uncached(packs.str(), false);
  ASSERT_GE(plain.diagnostics.items.size(), 2u);
  const PackLoad cold = cached(packs.str(), false);
  const PackLoad warm = cached(packs.str(), false);
  expect_same_load(plain, cold);
  expect_same_load(plain, warm);
  const auto snaps = snapshots(cache_.path());
  ASSERT_EQ(snaps.size(), 1u);
  // The snapshot holds the good files only.
  const std::string bytes = read_bytes(snaps[0]);
  const std::string key = snaps[0].filename().string().substr(5, 64);
  const std::vector<Source> files = load_order(packs.path());
  const auto snap = decode_pack_snapshot(bytes, key, sources_of(files));
  ASSERT_TRUE(snap.has_value());
  std::size_t uncached_files = 0;
  for (const auto& f : snap->files) {
    if (!f.root) {
      ++uncached_files;
      EXPECT_TRUE(f.rel == "cn/zz-broken.yaml" || f.rel == "cn-530000/dup.yaml") << f.rel;
    }
  }
  EXPECT_EQ(uncached_files, 2u);
}

TEST_F(CachedLoad, DisabledOrUnusableCacheStillLoads) {
  const PackLoad plain = uncached(kPolicies, false);
  EXPECT_TRUE(snapshots(cache_.path()).empty());
  {
    ScopedEnv off("SHEBAO_CACHE_DIR", "off");
    EXPECT_EQ(pack_cache_dir(), "");
  }
  // Not writable.
  TempDir ro("ro");
  ::chmod(ro.path().c_str(), 0500);
  {
    ScopedEnv env("SHEBAO_CACHE_DIR", ro.str());
    if (::geteuid() != 0) {  // root may write anyway
      EXPECT_EQ(pack_cache_dir(), "");
    }
    expect_same_load(plain, load_pack_dir(kPolicies, false));
  }
  // Writable by others: someone else could plant snapshots there.
  TempDir shared("shared");
  ::chmod(shared.path().c_str(), 0777);
  {
    ScopedEnv env("SHEBAO_CACHE_DIR", shared.str());
    EXPECT_EQ(pack_cache_dir(), "");
    expect_same_load(plain, load_pack_dir(kPolicies, false));
    EXPECT_TRUE(snapshots(shared.path()).empty());
  }
  // A file where the folder should be; a folder that cannot be created.
  TempDir base("base");
  std::ofstream(base.path() / "file") << "x";
  for (const std::string& dir : {(base.path() / "file").string(), (base.path() / "file" / "sub").string()}) {
    ScopedEnv env("SHEBAO_CACHE_DIR", dir);
    EXPECT_EQ(pack_cache_dir(), "");
    expect_same_load(plain, load_pack_dir(kPolicies, false));
  }
  // A missing folder is created, private.
  {
    const fs::path made = base.path() / "a" / "b" / "shebao";
    ScopedEnv env("SHEBAO_CACHE_DIR", made.string());
    EXPECT_EQ(pack_cache_dir(), made.string());
    struct stat st{};
    ASSERT_EQ(::stat(made.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0700u);
  }
}

TEST_F(CachedLoad, FolderFromTheEnvironment) {
  TempDir home("home");
  ScopedEnv dir_unset("SHEBAO_CACHE_DIR", std::nullopt);
  {
    ScopedEnv xdg("XDG_CACHE_HOME", (home.path() / "xdg").string());
    EXPECT_EQ(pack_cache_dir(), (home.path() / "xdg" / "shebao").string());
  }
  {
    ScopedEnv xdg("XDG_CACHE_HOME", "relative/ignored");
    ScopedEnv h("HOME", home.str());
    EXPECT_EQ(pack_cache_dir(), (home.path() / ".cache" / "shebao").string());
  }
  {
    ScopedEnv xdg("XDG_CACHE_HOME", std::nullopt);
    ScopedEnv h("HOME", std::nullopt);
    EXPECT_EQ(pack_cache_dir(), "");
  }
  ScopedEnv set("SHEBAO_CACHE_DIR", (home.path() / "explicit/").string());
  EXPECT_EQ(pack_cache_dir(), (home.path() / "explicit").string());
}

TEST_F(CachedLoad, KeepsAtMostEightSnapshots) {
  TempDir packs("packs");
  fs::copy(kPolicies, packs.path(), fs::copy_options::recursive);
  const fs::path file = packs.path() / "cn" / "pack.yaml";
  std::string first_key;
  for (int i = 0; i < 12; ++i) {
    std::ofstream(file, std::ios::app) << "# " << i << "\n";
    cached(packs.str(), false);
    if (i == 0) first_key = snapshots(cache_.path())[0].filename().string();
  }
  const auto snaps = snapshots(cache_.path());
  EXPECT_EQ(snaps.size(), kPackCacheKeep);
  for (const auto& s : snaps) EXPECT_NE(s.filename().string(), first_key);  // the oldest went first
  // No temporary files are left behind.
  for (const auto& e : fs::directory_iterator(cache_.path()))
    EXPECT_EQ(e.path().filename().string().rfind("pack-", 0), 0u) << e.path();
  // Unrelated files in the folder are left alone.
  std::ofstream(cache_.path() / "notes.txt") << "mine";
  std::ofstream(file, std::ios::app) << "# more\n";
  cached(packs.str(), false);
  EXPECT_TRUE(fs::exists(cache_.path() / "notes.txt"));
}

// ---- snapshots bundled with the build ----------------------------------------------------------

// A copy of the bundled packs, a bundled folder made as cmake/PackSnapshot.cmake makes it (a load
// with the user cache pointed at it, then read-only for group and others), and an empty user cache.
class BundledLoad : public ::testing::Test {
 protected:
  void SetUp() override {
    fs::copy(kPolicies, packs_.path(), fs::copy_options::recursive);
    {
      ScopedEnv dir("SHEBAO_CACHE_DIR", bundled_.str());
      ScopedEnv off("SHEBAO_BUNDLED_CACHE_DIR", "off");
      plain_ = load_pack_dir(packs_.str(), false);
    }
    ASSERT_TRUE(plain_.diagnostics.empty());
    const auto snaps = snapshots(bundled_.path());
    ASSERT_EQ(snaps.size(), 1u);
    snapshot_ = snaps[0];
    // Forge it (valid, but one position changed) so that a load shows whether it used it.
    std::vector<Source> files;
    for (const auto& p : plain_.packs)
      for (const auto& f : p.files) files.push_back({f.rel, f.text, f.root});
    files[0].root.entries[0].key_pos.line = 999;
    key_ = key_of(files);
    ASSERT_EQ(snapshot_, fs::path(pack_snapshot_path(bundled_.str(), key_)));
    forged_ = snapshot_of(files, key_);
    write_bytes(snapshot_, forged_);
    ::chmod(bundled_.path().c_str(), 0755);
    ::chmod(snapshot_.c_str(), 0644);
  }

  // A load with the user cache at user_ (emptied first unless `keep_user`: a miss there) and the
  // bundled folder at `bundled`.
  PackLoad load(const std::optional<std::string>& bundled, bool keep_user = false) {
    if (!keep_user)
      for (const auto& s : snapshots(user_.path())) fs::remove(s);
    ScopedEnv user("SHEBAO_CACHE_DIR", user_.str());
    ScopedEnv env("SHEBAO_BUNDLED_CACHE_DIR", bundled);
    return load_pack_dir(packs_.str(), false);
  }
  PackLoad load() { return load(bundled_.str()); }
  static std::uint32_t marker(const PackLoad& l) { return l.packs.at(0).files.at(0).root.entries.at(0).key_pos.line; }

  TempDir packs_{"packs"};
  TempDir bundled_{"bundled"};
  TempDir user_{"user"};
  PackLoad plain_;
  fs::path snapshot_;
  std::string key_, forged_;
};

TEST_F(BundledLoad, UsedWhenTheUserCacheMissesAndNeverWritten) {
  struct stat before{};
  ASSERT_EQ(::stat(snapshot_.c_str(), &before), 0);
  {
    ScopedEnv env("SHEBAO_BUNDLED_CACHE_DIR", bundled_.str() + "/");
    EXPECT_EQ(pack_cache_bundled_dir(), bundled_.str());
  }
  const PackLoad l = load();
  ASSERT_TRUE(l.diagnostics.empty());
  EXPECT_EQ(marker(l), 999u);
  // Nothing is written to the user cache, and the bundled snapshot is left as it was.
  EXPECT_TRUE(snapshots(user_.path()).empty());
  EXPECT_EQ(read_bytes(snapshot_), forged_);
  struct stat after{};
  ASSERT_EQ(::stat(snapshot_.c_str(), &after), 0);
  EXPECT_EQ(after.st_mtim.tv_sec, before.st_mtim.tv_sec);
  EXPECT_EQ(after.st_mtim.tv_nsec, before.st_mtim.tv_nsec);
  // SHEBAO_CACHE_DIR=off is about the user's folder: the bundled snapshots stay in use.
  {
    ScopedEnv off("SHEBAO_CACHE_DIR", "off");
    ScopedEnv env("SHEBAO_BUNDLED_CACHE_DIR", bundled_.str());
    EXPECT_EQ(marker(load_pack_dir(packs_.str(), false)), 999u);
  }
  // With the golden cases the key differs: a miss, parsed and written to the user cache.
  {
    ScopedEnv user("SHEBAO_CACHE_DIR", user_.str());
    ScopedEnv env("SHEBAO_BUNDLED_CACHE_DIR", bundled_.str());
    const PackLoad with_tests = load_pack_dir(packs_.str(), true);
    EXPECT_EQ(marker(with_tests), marker(plain_));
    EXPECT_EQ(snapshots(user_.path()).size(), 1u);
  }
}

TEST_F(BundledLoad, TheUserCacheComesFirst) {
  // The user cache holds the same key with another forgery.
  std::vector<Source> files;
  for (const auto& p : plain_.packs)
    for (const auto& f : p.files) files.push_back({f.rel, f.text, f.root});
  files[0].root.entries[0].key_pos.line = 777;
  ASSERT_TRUE(write_pack_snapshot(user_.str(), key_, snapshot_of(files, key_)));
  EXPECT_EQ(marker(load(bundled_.str(), /*keep_user=*/true)), 777u);
}

TEST_F(BundledLoad, OffOrMissingIsAMiss) {
  for (const std::optional<std::string>& dir :
       {std::optional<std::string>("off"), std::optional<std::string>(bundled_.str() + "/missing")}) {
    const PackLoad l = load(dir);
    expect_same_load(plain_, l);
    EXPECT_EQ(snapshots(user_.path()).size(), 1u) << *dir;  // parsed, and the user cache written
  }
  {
    ScopedEnv env("SHEBAO_BUNDLED_CACHE_DIR", "off");
    EXPECT_EQ(pack_cache_bundled_dir(), "");
  }
}

TEST_F(BundledLoad, EditedPacksMissIt) {
  std::ofstream(packs_.path() / "cn" / "pack.yaml", std::ios::app) << "# edited after the build\n";
  const PackLoad l = load();
  ASSERT_TRUE(l.diagnostics.empty());
  EXPECT_EQ(marker(l), marker(plain_));
  EXPECT_EQ(snapshots(user_.path()).size(), 1u);
}

TEST_F(BundledLoad, DamagedSnapshotsAreIgnoredAndLeftAlone) {
  std::string flipped = forged_;
  flipped[flipped.size() / 2] = static_cast<char>(flipped[flipped.size() / 2] ^ 0x10);
  TempDir other("other");
  {
    TempDir changed("changed");
    fs::copy(kPolicies, changed.path(), fs::copy_options::recursive);
    std::ofstream(changed.path() / "cn" / "pack.yaml", std::ios::app) << "# changed\n";
    ScopedEnv dir("SHEBAO_CACHE_DIR", other.str());
    ScopedEnv off("SHEBAO_BUNDLED_CACHE_DIR", "off");
    load_pack_dir(changed.str(), false);
  }
  ASSERT_EQ(snapshots(other.path()).size(), 1u);
  const std::vector<std::pair<std::string, std::string>> damage = {
      {"empty", ""},
      {"truncated", forged_.substr(0, forged_.size() / 3)},
      {"bit flip", flipped},
      {"foreign", std::string(forged_.size(), 'x')},
      {"another key's snapshot", read_bytes(snapshots(other.path())[0])},
  };
  for (const auto& [name, bytes] : damage) {
    write_bytes(snapshot_, bytes);
    expect_same_load(plain_, load());
    EXPECT_EQ(read_bytes(snapshot_), bytes) << name << ": a bundled snapshot is never rewritten";
    EXPECT_EQ(snapshots(user_.path()).size(), 1u) << name << ": parsed and written to the user cache";
  }
  // A symlink to a good snapshot, a folder or a FIFO under the name: ignored (and the open does not block).
  fs::remove(snapshot_);
  write_bytes(other.path() / "good", forged_);
  fs::create_symlink(other.path() / "good", snapshot_);
  EXPECT_EQ(marker(load()), marker(plain_));
  fs::remove(snapshot_);
  fs::create_directory(snapshot_);
  EXPECT_EQ(marker(load()), marker(plain_));
  fs::remove(snapshot_);
  ASSERT_EQ(::mkfifo(snapshot_.c_str(), 0644), 0);
  EXPECT_EQ(marker(load()), marker(plain_));
}

TEST_F(BundledLoad, FoldersAndFilesOthersMayWriteAreIgnored) {
  ASSERT_EQ(marker(load()), 999u);
  // Group or others may write the folder: they could plant a snapshot.
  for (const mode_t mode : {0775, 0757, 0777}) {
    ::chmod(bundled_.path().c_str(), mode);
    {
      ScopedEnv env("SHEBAO_BUNDLED_CACHE_DIR", bundled_.str());
      EXPECT_EQ(pack_cache_bundled_dir(), "") << std::oct << mode;
    }
    EXPECT_EQ(marker(load()), marker(plain_)) << std::oct << mode;
  }
  ::chmod(bundled_.path().c_str(), 0755);
  ASSERT_EQ(marker(load()), 999u);
  // ... or the snapshot itself.
  for (const mode_t mode : {0664, 0646}) {
    ::chmod(snapshot_.c_str(), mode);
    EXPECT_EQ(marker(load()), marker(plain_)) << std::oct << mode;
  }
  ::chmod(snapshot_.c_str(), 0444);
  ASSERT_EQ(marker(load()), 999u);
  // A file where the folder should be.
  EXPECT_EQ(marker(load(snapshot_.string())), marker(plain_));
  // Owned by someone else (neither the user nor root): only root can set that up.
  if (::geteuid() == 0) {
    ASSERT_EQ(::chown(snapshot_.c_str(), 4242, 4242), 0);
    EXPECT_EQ(marker(load()), marker(plain_));
    ASSERT_EQ(::chown(snapshot_.c_str(), 0, 0), 0);
    ASSERT_EQ(marker(load()), 999u);
    ASSERT_EQ(::chown(bundled_.path().c_str(), 4242, 4242), 0);
    {
      ScopedEnv env("SHEBAO_BUNDLED_CACHE_DIR", bundled_.str());
      EXPECT_EQ(pack_cache_bundled_dir(), "");
    }
    EXPECT_EQ(marker(load()), marker(plain_));
    ASSERT_EQ(::chown(bundled_.path().c_str(), 0, 0), 0);
  }
}

TEST(PackCacheBundled, DefaultFolderIsBesideTheExecutable) {
  ScopedEnv unset("SHEBAO_BUNDLED_CACHE_DIR", std::nullopt);
  // <dir of the executable>/../share/shebao/pack-cache, when it exists and is trusted ("" otherwise).
  const fs::path expected = fs::read_symlink("/proc/self/exe").parent_path().parent_path() / "share" / "shebao" / "pack-cache";
  const std::string got = pack_cache_bundled_dir();
  struct stat st{};
  const bool usable = ::stat(expected.c_str(), &st) == 0 && S_ISDIR(st.st_mode) &&
                      (st.st_uid == ::geteuid() || st.st_uid == 0) && (st.st_mode & 022) == 0;
  EXPECT_EQ(got, usable ? expected.string() : std::string());
}

}  // namespace
}  // namespace shebao
