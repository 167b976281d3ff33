// The tamper-evident audit log (issue 22) and its retention purge (issue 20, item 7): the hash
// chain names a deleted, inserted, reordered or edited record (edited with the sqlite3 shell, as
// someone with write access to the file would); purged records leave a checkpoint and are gone
// from the file's bytes; the profile digests are keyed; a file written by schema v1 opens,
// migrates and verifies.
#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "shebao/core/hash.h"
#include "shebao/store/audit_key.h"
#include "shebao/store/audit_store.h"
#include "shebao/store/audit_verify.h"
#include "test_util.h"

namespace shebao::store {
namespace {

namespace fs = std::filesystem;

AuditRecord rec(int i, std::string time = "2026-11-28T03:04:05.123Z") {
  AuditRecord r;
  r.time = std::move(time);
  r.channel = "http";
  r.policy_digest = "sha256:abc";
  r.as_of = "2026-11-28";
  r.profile_sha256 = sha256_hex("profile " + std::to_string(i));
  r.profile = "{\"marker\":\"PROFILE-MARK-" + std::to_string(i) + "\"}";
  r.result = "{\"as_of\":\"2026-11-28\",\"n\":" + std::to_string(i) + "}";
  return r;
}

// Runs SQL on the file with the sqlite3 shell (Debian package sqlite3), as a person would.
void shell(const std::string& path, const std::string& sql) {
  const std::string script = path + ".sql";
  test::write_file(script, sql + ";\n");
  const std::string cmd = "sqlite3 '" + path + "' < '" + script + "'";
  ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd << " (is the sqlite3 shell installed? scripts/install-deps.sh)";
}

// "kind:id" of each chain finding, in order.
std::vector<std::string> breaks(const std::string& path) {
  AuditStore s(path, AuditStore::Mode::kOpenExisting);
  std::vector<std::string> out;
  for (const ChainFinding& f : s.verify_chain().findings) out.push_back(f.kind + ":" + std::to_string(f.id));
  return out;
}

class Chain : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = dir_.file("audit.sqlite");
    AuditStore s(path_);
    for (int i = 1; i <= 6; ++i) s.record(rec(i));
  }
  test::TempDir dir_;
  std::string path_;
};

TEST_F(Chain, IntactChainHasNoFinding) {
  AuditStore s(path_, AuditStore::Mode::kOpenExisting);
  ChainReport r = s.verify_chain();
  EXPECT_TRUE(r.findings.empty());
  EXPECT_EQ(r.chained, 6);
  EXPECT_EQ(r.unchained, 0);
}

TEST_F(Chain, EditedResultIsNamed) {
  shell(path_, "UPDATE audit SET result = replace(result, '\"n\":3', '\"n\":33') WHERE id = 3");
  EXPECT_EQ(breaks(path_), (std::vector<std::string>{"edited:3"}));
}

TEST_F(Chain, EditedWithItsContentHashRewrittenIsNamed) {
  // The editor recomputes the unkeyed content hash too: the keyed chain hash gives it away.
  shell(path_, "UPDATE audit SET ok = 0, content_hash = '" + std::string(64, 'f') + "' WHERE id = 4");
  EXPECT_EQ(breaks(path_), (std::vector<std::string>{"inserted:4"}));
}

TEST_F(Chain, DeletedRecordIsNamed) {
  shell(path_, "DELETE FROM audit WHERE id = 3");
  EXPECT_EQ(breaks(path_), (std::vector<std::string>{"deleted:3"}));
  shell(path_, "DELETE FROM audit WHERE id IN (5, 6)");  // the last ones
  EXPECT_EQ(breaks(path_), (std::vector<std::string>{"deleted:3", "deleted:5"}));
}

TEST_F(Chain, ReorderedRecordsAreNamed) {
  shell(path_, "UPDATE audit SET id = -2 WHERE id = 2; UPDATE audit SET id = 2 WHERE id = 3; UPDATE audit SET id = 3 WHERE id = -2");
  EXPECT_EQ(breaks(path_), (std::vector<std::string>{"reordered:2", "reordered:3"}));
}

TEST_F(Chain, InsertedRecordIsNamed) {
  // A copy of record 2 put in as record 7, and a made-up one without chain hashes as record 8.
  shell(path_,
        "INSERT INTO audit(id, time, channel, policy_digest, as_of, as_of_fixed, lang, explain, ok, profile_sha256,"
        " profile_format, result, profile_hmac, prev_hash, content_hash, chain_hash) SELECT 7, time, channel,"
        " policy_digest, as_of, as_of_fixed, lang, explain, ok, profile_sha256, profile_format, result, profile_hmac,"
        " prev_hash, content_hash, chain_hash FROM audit WHERE id = 2;"
        " INSERT INTO audit(id, time, channel, policy_digest, as_of, as_of_fixed, lang, explain, ok, profile_sha256,"
        " profile_format, result) VALUES(8, 't', 'http', 'd', '2026-11-28', 0, 'zh', 0, 1, '', 'json', '{}')");
  EXPECT_EQ(breaks(path_), (std::vector<std::string>{"inserted:7", "inserted:8"}));
}

TEST_F(Chain, AuditVerifyNamesEachBreak) {
  shell(path_, "DELETE FROM audit WHERE id = 2; UPDATE audit SET result = '{}' WHERE id = 5");
  test::TempDir d2;
  LoadedPolicies pol = load_policies(test::copy_fixture(d2));
  ASSERT_TRUE(pol.set);
  AuditStore s(path_, AuditStore::Mode::kOpenExisting);
  std::vector<std::string> seen;
  VerifyReport rep = verify_audit(s, *pol.set, [&](const VerifyFinding& f) {
    // (The sample profiles are not valid profiles: their answers and digests differ too.)
    if (f.kind != "result" && f.kind != "profile_hash") seen.push_back(f.kind + ":" + std::to_string(f.id));
  });
  EXPECT_FALSE(rep.ok());
  EXPECT_EQ(seen, (std::vector<std::string>{"deleted:2", "edited:5"}));
}

TEST_F(Chain, WithoutTheKeyTheChainCannotBeChecked) {
  fs::remove(default_audit_key_file(path_));
  AuditStore s(path_, AuditStore::Mode::kReadOnly);
  EXPECT_FALSE(s.has_key());
  ChainReport r = s.verify_chain();
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings[0].kind, "no_key");
}

TEST(AuditKey, CreatedPrivateAndRefusedWhenReadableByOthers) {
  test::TempDir dir;
  const std::string file = dir.file("k");
  AuditKey k = load_audit_key(file, true);
  EXPECT_TRUE(k.created);
  EXPECT_EQ(k.bytes.size(), 32u);
  struct stat st {};
  ASSERT_EQ(::stat(file.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_EQ(load_audit_key(file, true).bytes, k.bytes);  // read back, not replaced
  ::chmod(file.c_str(), 0644);
  EXPECT_THROW(load_audit_key(file, false), StoreError);
  EXPECT_THROW(load_audit_key(dir.file("absent"), false), StoreError);
  test::write_file(dir.file("bad"), "not hex\n");
  ::chmod(dir.file("bad").c_str(), 0600);
  EXPECT_THROW(load_audit_key(dir.file("bad"), false), StoreError);
}

// The log cannot confirm a guessed person without the key: neither the profile's sha256 nor
// anything computable without the key is stored; with the key the lookup finds the records.
TEST(AuditKeyedDigest, NoUnkeyedHashAndLookupWithTheKey) {
  test::TempDir dir;
  const std::string path = dir.file("a.sqlite");
  const std::string profile = "{\"person\":{\"birth\":\"1994-07\",\"sex\":\"male\"}}";
  AuditRecord r = rec(1);
  r.profile_sha256 = sha256_hex(profile);
  r.profile.reset();
  {
    AuditStore s(path);
    s.record(r);
    s.record(rec(2));
    AuditQuery q;
    q.profile_hmac = s.profile_digest(profile);
    std::vector<std::int64_t> ids;
    s.scan(q, [&](const StoredAuditRecord& x) {
      ids.push_back(x.id);
      return true;
    });
    EXPECT_EQ(ids, std::vector<std::int64_t>{1});
  }
  const std::string bytes = test::read_file(path) + (fs::exists(path + "-wal") ? test::read_file(path + "-wal") : "");
  EXPECT_EQ(bytes.find(sha256_hex(profile)), std::string::npos);
  // Another key gives another digest.
  AuditStore other(dir.file("b.sqlite"));
  AuditStore same(path, AuditStore::Mode::kOpenExisting);
  EXPECT_NE(other.profile_digest(profile), same.profile_digest(profile));
}

// Retention: the records before the date are removed, a checkpoint keeps the rest verifiable,
// new records chain on, and the removed profiles are gone from the file's bytes.
TEST(AuditPurge, RemovesOldRecordsFromTheFileAndTheChainStillVerifies) {
  test::TempDir dir;
  const std::string path = dir.file("a.sqlite");
  {
    AuditStore s(path);
    for (int i = 1; i <= 5; ++i) s.record(rec(i, "2026-01-0" + std::to_string(i) + "T10:00:00.000Z"));
    for (int i = 6; i <= 8; ++i) s.record(rec(i, "2026-03-0" + std::to_string(i - 5) + "T10:00:00.000Z"));
    PurgeResult p = s.purge_before("2026-02-01");
    EXPECT_EQ(p.removed, 5);
    EXPECT_EQ(p.last_id, 5);
    EXPECT_TRUE(p.reclaimed);
    EXPECT_EQ(s.count(), 3);
    EXPECT_EQ(s.purge_before("2026-02-01").removed, 0);
    s.record(rec(9, "2026-04-01T10:00:00.000Z"));
    ChainReport c = s.verify_chain();
    EXPECT_TRUE(c.findings.empty()) << c.findings[0].message;
    EXPECT_EQ(c.checkpoints, 1);
    EXPECT_EQ(c.purged, 5);
    EXPECT_EQ(c.chained, 4);
  }
  // Gone from the bytes of the file (and of its WAL), not just hidden.
  std::string bytes = test::read_file(path);
  if (fs::exists(path + "-wal")) bytes += test::read_file(path + "-wal");
  for (int i = 1; i <= 5; ++i)
    EXPECT_EQ(bytes.find("PROFILE-MARK-" + std::to_string(i) + "\""), std::string::npos) << "record " << i;
  EXPECT_NE(bytes.find("PROFILE-MARK-7\""), std::string::npos);
  // Everything purged: the next record chains on the checkpoint.
  {
    AuditStore s(path, AuditStore::Mode::kOpenExisting);
    EXPECT_EQ(s.purge_before("2027-01-01").removed, 4);
    s.record(rec(10, "2027-02-01T10:00:00.000Z"));
    EXPECT_TRUE(s.verify_chain().findings.empty());
  }
  // A forged checkpoint (to hide a deletion) is named.
  shell(path, "UPDATE audit_checkpoint SET removed = 3 WHERE id = 1");
  EXPECT_EQ(breaks(path), (std::vector<std::string>{"checkpoint:1"}));
}

// A file written by schema v1 (tests/unit/store/audit_v1) opens, migrates to v2 and verifies:
// its records are unchained, not rejected; its unkeyed profile hashes are replaced by keyed
// digests; records written after the upgrade are chained.
TEST(AuditUpgrade, SchemaV1FileMigratesAndVerifies) {
  test::TempDir dir;
  const std::string path = dir.file("old.sqlite");
  fs::copy_file(std::string(SHEBAO_SOURCE_DIR) + "/tests/unit/store/audit_v1/audit-v1.sqlite", path);
  {
    SQLite::Database db(path, SQLite::OPEN_READONLY);
    EXPECT_EQ(db.execAndGet("SELECT MAX(version) FROM schema_version").getInt(), 1);
  }
  LoadedPolicies pol = load_policies(test::copy_fixture(dir));
  ASSERT_TRUE(pol.set);
  {
    AuditStore s(path, AuditStore::Mode::kOpenExisting);
    EXPECT_EQ(s.schema_version(), 2);
    EXPECT_EQ(s.count(), 8);
    std::vector<std::string> problems;
    VerifyReport rep = verify_audit(s, *pol.set, [&](const VerifyFinding& f) { problems.push_back(f.message); });
    EXPECT_TRUE(rep.ok()) << (problems.empty() ? "" : problems[0]);
    EXPECT_EQ(rep.chain.unchained, 8);
    EXPECT_EQ(rep.chain.chained, 0);
    EXPECT_EQ(rep.reevaluated, 4);
    EXPECT_EQ(rep.matched, 4);
    int keyed = 0;
    s.scan({}, [&](const StoredAuditRecord& r) {
      EXPECT_FALSE(r.chained);
      EXPECT_EQ(r.record.profile_sha256, "");
      keyed += r.record.profile_hmac.size() == 64;
      return true;
    });
    EXPECT_EQ(keyed, 8);
    s.record(rec(1));
    ChainReport c = s.verify_chain();
    EXPECT_TRUE(c.findings.empty());
    EXPECT_EQ(c.chained, 1);
    EXPECT_EQ(c.unchained, 8);
  }
  // A record without chain hashes put in after the chained ones is not taken for an old one.
  shell(path,
        "INSERT INTO audit(time, channel, policy_digest, as_of, as_of_fixed, lang, explain, ok, profile_sha256,"
        " profile_format, result) VALUES('t', 'http', 'd', '2026-11-28', 0, 'zh', 0, 1, '', 'json', '{}')");
  EXPECT_EQ(breaks(path), (std::vector<std::string>{"inserted:10"}));
}

}  // namespace
}  // namespace shebao::store
