#include "shebao/store/audit_store.h"

#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <random>
#include <set>
#include <thread>

#include "shebao/core/hash.h"
#include "test_util.h"

namespace shebao::store {
namespace {

AuditRecord sample(int i) {
  AuditRecord r;
  r.time = "2026-11-28T03:04:05.123Z";
  r.channel = i % 2 ? "http" : "batch";
  r.policy_digest = "sha256:abc";
  r.as_of = "2026-11-28";
  r.lang = "zh";
  r.ok = i % 5 != 0;
  r.profile_sha256 = sha256_hex("profile " + std::to_string(i));
  r.result = r.ok ? "{\"as_of\":\"2026-11-28\",\"n\":" + std::to_string(i) + "}" : "{\"errors\":[]}";
  if (i % 3 == 0) r.profile = "{\"n\":" + std::to_string(i) + "}";
  if (i % 2 == 0) {
    r.source = "batch:run1";
    r.line = i;
  }
  return r;
}

TEST(AuditStore, CreatesWalFileWithSchema) {
  test::TempDir dir;
  const std::string path = dir.file("audit.sqlite");
  {
    AuditStore s(path);
    EXPECT_EQ(s.schema_version(), AuditStore::kSchemaVersion);
    EXPECT_EQ(s.count(), 0);
    EXPECT_EQ(s.integrity_check(), std::vector<std::string>{"ok"});
  }
  SQLite::Database db(path, SQLite::OPEN_READONLY);
  EXPECT_EQ(db.execAndGet("PRAGMA journal_mode").getString(), "wal");
  EXPECT_EQ(db.execAndGet("PRAGMA application_id").getInt(), AuditStore::kApplicationId);
  EXPECT_EQ(db.execAndGet("SELECT MAX(version) FROM schema_version").getInt(), AuditStore::kSchemaVersion);
}

TEST(AuditStore, RecordsAndReadsBack) {
  test::TempDir dir;
  const std::string path = dir.file("audit.sqlite");
  {
    AuditStore s(path);
    EXPECT_EQ(s.record(sample(1)), 1);
    std::vector<AuditRecord> more;
    for (int i = 2; i <= 10; ++i) more.push_back(sample(i));
    std::vector<std::int64_t> ids = s.record_all(more);
    ASSERT_EQ(ids.size(), 9u);
    EXPECT_EQ(ids.front(), 2);
    EXPECT_EQ(ids.back(), 10);
    EXPECT_TRUE(s.record_all({}).empty());
  }
  AuditStore s(path, AuditStore::Mode::kOpenExisting);  // reopened: all there
  EXPECT_EQ(s.count(), 10);
  EXPECT_EQ(s.max_id(), 10);
  EXPECT_EQ(s.max_line("batch:run1"), 10);
  EXPECT_EQ(s.max_line("batch:other"), 0);
  std::vector<StoredAuditRecord> got;
  s.scan({}, [&](const StoredAuditRecord& r) {
    got.push_back(r);
    return true;
  });
  ASSERT_EQ(got.size(), 10u);
  for (int i = 1; i <= 10; ++i) {
    const AuditRecord want = sample(i);
    const AuditRecord& r = got[static_cast<std::size_t>(i - 1)].record;
    EXPECT_EQ(got[static_cast<std::size_t>(i - 1)].id, i);
    EXPECT_EQ(r.channel, want.channel);
    EXPECT_EQ(r.ok, want.ok);
    EXPECT_EQ(r.result, want.result);
    // Only the keyed digest is kept (issue 22): the unkeyed hash could confirm a guessed profile.
    EXPECT_EQ(r.profile_sha256, "");
    EXPECT_EQ(r.profile_hmac, s.profile_digest("profile " + std::to_string(i)));
    EXPECT_TRUE(got[static_cast<std::size_t>(i - 1)].chained);
    EXPECT_EQ(r.line, want.line);
    EXPECT_EQ(r.source, want.source);
    // Without with_profile the text is not read, but that it was stored is known.
    EXPECT_EQ(r.profile.has_value(), want.profile.has_value());
    if (r.profile) {
      EXPECT_EQ(*r.profile, "");
    }
  }
  // The last 3, in id order, with profiles.
  AuditQuery q;
  q.limit = 3;
  q.with_profile = true;
  std::vector<std::int64_t> ids;
  s.scan(q, [&](const StoredAuditRecord& r) {
    ids.push_back(r.id);
    if (r.id == 9) {
      EXPECT_EQ(*r.record.profile, "{\"n\":9}");
    }
    return true;
  });
  EXPECT_EQ(ids, (std::vector<std::int64_t>{8, 9, 10}));
  auto digests = s.digests();
  ASSERT_EQ(digests.size(), 1u);
  EXPECT_EQ(digests[0].second, 10);
}

TEST(AuditStore, RefusesOtherFiles) {
  test::TempDir dir;
  const std::string other = dir.file("other.sqlite");
  {
    SQLite::Database db(other, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    db.exec("CREATE TABLE t(x)");
  }
  EXPECT_THROW(AuditStore s(other), StoreError);
  const std::string text = dir.file("text.sqlite");
  test::write_file(text, "this is not a database, just text that is long enough to be read as a header...\n");
  EXPECT_THROW(AuditStore s(text), StoreError);
  EXPECT_THROW(AuditStore s(dir.file("missing.sqlite"), AuditStore::Mode::kOpenExisting), StoreError);
  EXPECT_FALSE(std::filesystem::exists(dir.file("missing.sqlite")));
}

TEST(AuditStore, RefusesNewerSchema) {
  test::TempDir dir;
  const std::string path = dir.file("audit.sqlite");
  { AuditStore s(path); }
  {
    SQLite::Database db(path, SQLite::OPEN_READWRITE);
    db.exec("INSERT INTO schema_version(version, applied) VALUES(99, 'later')");
  }
  try {
    AuditStore s(path);
    FAIL() << "opened a newer schema";
  } catch (const StoreError& e) {
    EXPECT_NE(std::string(e.what()).find("newer"), std::string::npos) << e.what();
  }
}

TEST(AuditStore, ReadOnlyCannotRecord) {
  test::TempDir dir;
  const std::string path = dir.file("audit.sqlite");
  {
    AuditStore s(path);
    s.record(sample(1));
  }
  AuditStore s(path, AuditStore::Mode::kReadOnly);
  EXPECT_EQ(s.count(), 1);
  EXPECT_THROW(s.record(sample(2)), StoreError);
}

TEST(AuditStore, ConcurrentWritersGetDistinctCommittedIds) {
  test::TempDir dir;
  AuditStore s(dir.file("audit.sqlite"));
  constexpr int kThreads = 8, kEach = 60;
  std::vector<std::vector<std::int64_t>> ids(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        ids[static_cast<std::size_t>(t)].push_back(s.record(sample(t * 1000 + i)));
        if (i % 10 == 0) (void)s.count();  // reads interleave with the group commits
      }
    });
  for (auto& th : threads) th.join();
  std::set<std::int64_t> all;
  for (const auto& v : ids) all.insert(v.begin(), v.end());
  EXPECT_EQ(all.size(), static_cast<std::size_t>(kThreads * kEach));
  EXPECT_EQ(s.count(), kThreads * kEach);
  for (const auto& v : ids)  // each thread's records are in its own order
    for (std::size_t i = 1; i < v.size(); ++i) EXPECT_LT(v[i - 1], v[i]);
}

TEST(AuditStore, TwoConnectionsShareTheFile) {
  test::TempDir dir;
  const std::string path = dir.file("audit.sqlite");
  AuditStore a(path), b(path);
  a.record(sample(1));
  b.record(sample(2));
  EXPECT_EQ(a.count(), 2);
  EXPECT_EQ(b.max_id(), 2);
}

TEST(AuditRecordOf, ServiceAnswer) {
  EvalRequest req;
  req.lang = Lang::kEn;
  req.today = *Date::parse("2026-11-28");
  JsonAnswer ok{true, "{\"as_of\":\"2025-03-01\",\"x\":1}", {}};
  AuditRecord r = make_audit_record("http", " {\"a\":1}", req, ok, "sha256:d", false, "T");
  EXPECT_EQ(r.time, "T");
  EXPECT_EQ(r.as_of, "2025-03-01");
  EXPECT_FALSE(r.as_of_fixed);
  EXPECT_EQ(r.lang, "en");
  EXPECT_EQ(r.profile_format, "json");
  EXPECT_EQ(r.profile_sha256, sha256_hex(" {\"a\":1}"));
  EXPECT_FALSE(r.profile);
  JsonAnswer bad{false, "{\"errors\":[]}", {}};
  req.as_of = Date::parse("2024-01-01");
  r = make_audit_record("http", "person: {}", req, bad, "sha256:d", true);
  EXPECT_EQ(r.as_of, "2024-01-01");
  EXPECT_TRUE(r.as_of_fixed);
  EXPECT_EQ(r.profile_format, "yaml");
  ASSERT_TRUE(r.profile);
  EXPECT_EQ(*r.profile, "person: {}");
  EXPECT_EQ(r.time.size(), 24u);  // 2026-11-28T03:04:05.123Z
  EXPECT_EQ(r.time.back(), 'Z');
}

// A child process records in a loop and reports each id on a pipe once record() returned; it is
// killed with SIGKILL at a random moment. Then the file must pass integrity_check and hold every
// reported id. Five times, on the same file.
TEST(AuditStoreKill, CommittedRecordsSurviveKill9) {
  test::TempDir dir;
  const std::string path = dir.file("audit.sqlite");
  std::mt19937 rng(std::random_device{}());
  std::set<std::int64_t> reported;
  for (int round = 0; round < 5; ++round) {
    int fds[2];
    ASSERT_EQ(::pipe(fds), 0);
    const pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      ::close(fds[0]);
      try {
        AuditStore s(path);
        for (int i = 0;; ++i) {
          AuditRecord r = sample(i);
          r.result.append(static_cast<std::size_t>(i % 7) * 900, ' ');  // varied sizes: page splits
          std::vector<AuditRecord> group;
          if (i % 4 == 0) group = {r, sample(i + 1), sample(i + 2)};
          std::vector<std::int64_t> ids = group.empty() ? std::vector<std::int64_t>{s.record(r)} : s.record_all(group);
          for (std::int64_t id : ids) {
            char buf[32];
            const int n = std::snprintf(buf, sizeof buf, "%lld\n", static_cast<long long>(id));
            if (::write(fds[1], buf, static_cast<std::size_t>(n)) != n) ::_exit(3);
          }
        }
      } catch (...) {
        ::_exit(2);
      }
    }
    ::close(fds[1]);
    // The kill comes at a random moment after the first commit (opening the file, creating the
    // audit key and migrating take a varying time on a loaded machine).
    std::string text;
    char buf[4096];
    ssize_t n;
    while (text.find('\n') == std::string::npos && (n = ::read(fds[0], buf, sizeof buf)) > 0)
      text.append(buf, static_cast<std::size_t>(n));
    std::uniform_int_distribution<int> ms(0, 300);
    std::this_thread::sleep_for(std::chrono::milliseconds(ms(rng)));
    ASSERT_EQ(::kill(pid, SIGKILL), 0);
    int status = 0;
    ::waitpid(pid, &status, 0);
    ASSERT_TRUE(WIFSIGNALED(status)) << "the writer stopped by itself (status " << status << ")";
    while ((n = ::read(fds[0], buf, sizeof buf)) > 0) text.append(buf, static_cast<std::size_t>(n));
    ::close(fds[0]);
    std::size_t start = 0;
    std::size_t this_round = 0;
    while (true) {
      const std::size_t nl = text.find('\n', start);
      if (nl == std::string::npos) break;  // a partial last number was not fully reported
      reported.insert(std::stoll(text.substr(start, nl - start)));
      ++this_round;
      start = nl + 1;
    }
    EXPECT_GT(this_round, 0u) << "round " << round << ": nothing was committed before the kill";

    AuditStore s(path, AuditStore::Mode::kOpenExisting);
    EXPECT_EQ(s.integrity_check(), std::vector<std::string>{"ok"}) << "round " << round;
    std::set<std::int64_t> present;
    s.scan({}, [&](const StoredAuditRecord& r) {
      present.insert(r.id);
      return true;
    });
    std::size_t missing = 0;
    for (std::int64_t id : reported)
      if (!present.count(id)) ++missing;
    EXPECT_EQ(missing, 0u) << "round " << round << ": committed records lost";
    // A kill never leaves a broken hash chain (a record and its chain hash commit together).
    EXPECT_TRUE(s.verify_chain().findings.empty()) << "round " << round;
  }
}

}  // namespace
}  // namespace shebao::store
