#include "shebao/core/doc_sniff.h"
#include "shebao/store/audit_store.h"

#include <SQLiteCpp/SQLiteCpp.h>

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <ctime>
#include <exception>
#include <filesystem>
#include <mutex>
#include <unordered_map>
#include <unordered_set>

#include "shebao/core/hash.h"
#include "shebao/store/audit_key.h"
#include "sqlite_util.h"

namespace shebao::store {

namespace {

// Migration i (1-based) brings the schema from version i-1 to i. Never edit a released one: add.
const char* const kMigrations[] = {
    // v1: the audit table.
    R"sql(
CREATE TABLE audit (
  id             INTEGER PRIMARY KEY AUTOINCREMENT,
  time           TEXT    NOT NULL,          -- UTC ISO 8601
  channel        TEXT    NOT NULL,          -- http | batch | capi | cli
  source         TEXT,                      -- batch run, request id, ...
  line           INTEGER,                   -- batch input line
  policy_digest  TEXT    NOT NULL,          -- sha256:...
  as_of          TEXT    NOT NULL,          -- YYYY-MM-DD
  as_of_fixed    INTEGER NOT NULL,          -- 1: imposed by the caller over the profile's
  lang           TEXT    NOT NULL,          -- zh | en
  explain        INTEGER NOT NULL,
  ok             INTEGER NOT NULL,          -- 1: result is RESULT.md; 0: {"errors": [...]}
  profile_sha256 TEXT    NOT NULL,
  profile_format TEXT    NOT NULL,          -- json | yaml | csv
  profile        TEXT,                      -- only when recorded in full
  result         TEXT    NOT NULL
);
CREATE INDEX audit_source_line ON audit(source, line) WHERE source IS NOT NULL;
CREATE INDEX audit_profile_sha256 ON audit(profile_sha256);
)sql",
    // v2 (issues 20 and 22, one migration): keyed profile digests, the hash chain, and the
    // checkpoints that retention purges leave. Records written before v2 keep chain_hash NULL
    // (unchained); their unkeyed profile_sha256 is replaced by the keyed digest in C++ (migrate()).
    R"sql(
ALTER TABLE audit ADD COLUMN profile_hmac TEXT;  -- HMAC-SHA-256(key, sha256 hex of the profile)
ALTER TABLE audit ADD COLUMN prev_hash TEXT;     -- chain_hash of the record before (or of the checkpoint)
ALTER TABLE audit ADD COLUMN content_hash TEXT;  -- sha256 of the record's content (audit_content)
ALTER TABLE audit ADD COLUMN chain_hash TEXT;    -- HMAC(key, prev_hash + content_hash); NULL: unchained
CREATE INDEX audit_profile_hmac ON audit(profile_hmac) WHERE profile_hmac IS NOT NULL;
CREATE TABLE audit_checkpoint (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  time       TEXT    NOT NULL,  -- UTC ISO 8601
  kind       TEXT    NOT NULL,  -- purge
  before     TEXT    NOT NULL,  -- records older than this were removed
  last_id    INTEGER NOT NULL,  -- the last removed record
  removed    INTEGER NOT NULL,  -- how many were removed
  chain_hash TEXT    NOT NULL,  -- the last removed record's chain_hash: the next one's prev_hash
  mac        TEXT    NOT NULL   -- HMAC(key, the fields above)
);
)sql",
};
constexpr int kMigrationCount = static_cast<int>(sizeof(kMigrations) / sizeof(kMigrations[0]));
static_assert(kMigrationCount == AuditStore::kSchemaVersion);

constexpr const char* kInsert =
    "INSERT INTO audit(time, channel, source, line, policy_digest, as_of, as_of_fixed, lang, explain,"
    " ok, profile_sha256, profile_format, profile, result, profile_hmac, prev_hash, content_hash, chain_hash)"
    " VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";

constexpr const char* kColumns =
    "id, time, channel, source, line, policy_digest, as_of, as_of_fixed, lang, explain, ok,"
    " profile_sha256, profile_format, profile_hmac, prev_hash, content_hash, chain_hash, ";

// The chain's start: the prev_hash of the first chained record when nothing was purged before it.
const std::string kGenesis(64, '0');

void put_field(std::string& out, std::string_view v) {
  out += std::to_string(v.size());
  out += ':';
  out += v;
  out += ';';
}
void put_null(std::string& out) { out += "-;"; }

std::string checkpoint_text(std::string_view time, std::string_view kind, std::string_view before,
                            std::int64_t last_id, std::int64_t removed, std::string_view chain) {
  std::string t = "shebao-audit-checkpoint\n";
  put_field(t, time);
  put_field(t, kind);
  put_field(t, before);
  put_field(t, std::to_string(last_id));
  put_field(t, std::to_string(removed));
  put_field(t, chain);
  return t;
}

std::string chain_of(std::string_view key, std::string_view prev, std::string_view content_hash) {
  std::string t = "shebao-audit-chain\n";
  t += prev;
  t += '\n';
  t += content_hash;
  return hmac_sha256_hex(key, t);
}

// The content a record's content_hash covers: every column but id and the chain columns, each
// length-prefixed (NULL distinct from "").
std::string audit_content(const AuditRecord& r, std::string_view profile_sha256, std::string_view profile_hmac) {
  std::string t = "shebao-audit-record\n";
  t.reserve(t.size() + r.result.size() + (r.profile ? r.profile->size() : 0) + 256);
  put_field(t, r.time);
  put_field(t, r.channel);
  if (r.source.empty()) put_null(t); else put_field(t, r.source);
  if (r.line) put_field(t, std::to_string(*r.line)); else put_null(t);
  put_field(t, r.policy_digest);
  put_field(t, r.as_of);
  put_field(t, r.as_of_fixed ? "1" : "0");
  put_field(t, r.lang);
  put_field(t, r.explain ? "1" : "0");
  put_field(t, r.ok ? "1" : "0");
  put_field(t, profile_sha256);
  put_field(t, profile_hmac);
  put_field(t, r.profile_format);
  if (r.profile) put_field(t, *r.profile); else put_null(t);
  put_field(t, r.result);
  return t;
}

}  // namespace

struct AuditStore::Impl {
  std::string path;
  Mode mode;
  AuditKey key;
  std::unique_ptr<SQLite::Database> db;
  std::unique_ptr<SQLite::Statement> insert;

  // Group commit: callers queue their records; whoever finds the connection free writes every
  // queued record in one transaction and wakes the others. `busy` also guards reads.
  struct Pending {
    const AuditRecord* rec = nullptr;
    std::int64_t id = 0;
    bool done = false;
    std::exception_ptr error;
  };
  std::mutex m;
  std::condition_variable cv;
  bool busy = false;
  std::vector<Pending*> queue;

  Impl(std::string p, Mode md, const std::string& key_file) : path(std::move(p)), mode(md) {
    namespace fs = std::filesystem;
    std::error_code ec;
    if (mode != Mode::kCreate && !fs::exists(path, ec))
      throw StoreError(path + ": no such file");
    const std::string kf = key_file.empty() ? default_audit_key_file(path) : key_file;
    if (mode == Mode::kReadOnly) {
      if (fs::exists(kf, ec)) key = load_audit_key(kf, false);
      key.file = kf;
    } else {
      key = load_audit_key(kf, true);
    }
    int flags = mode == Mode::kReadOnly ? SQLite::OPEN_READONLY
                                        : SQLite::OPEN_READWRITE |
                                              (mode == Mode::kCreate ? SQLite::OPEN_CREATE : 0);
    try {
      db = std::make_unique<SQLite::Database>(path, flags, 10000);
      const std::int64_t app = pragma_int(*db, "application_id");
      const bool has_version = table_exists(*db, "schema_version");
      const std::int64_t tables = db->execAndGet("SELECT count(*) FROM sqlite_master").getInt64();
      if (app != kApplicationId && (app != 0 || (tables > 0 && !has_version)))
        throw StoreError(path + ": not a shebao audit log (another SQLite file)");
      if (mode == Mode::kReadOnly) {
        const int v = has_version ? current_version() : 0;
        if (v != kSchemaVersion)
          throw StoreError(path + ": audit log schema v" + std::to_string(v) + ", this shebao reads v" +
                           std::to_string(kSchemaVersion) + " (open it read-write to migrate)");
      } else {
        set_wal(*db, path);
        db->exec("PRAGMA synchronous=FULL");
        // Deleted rows are overwritten, not left in free pages (retention purges).
        db->exec("PRAGMA secure_delete=ON");
        // Up to date: no write lock needed (a reader does not wait for a busy writer).
        if (!(app == kApplicationId && has_version && current_version() == kSchemaVersion)) migrate();
      }
      if (mode != Mode::kReadOnly) insert = std::make_unique<SQLite::Statement>(*db, kInsert);
    } catch (const SQLite::Exception& e) {
      throw StoreError(path + ": " + e.what());
    }
  }

  int current_version() {
    return static_cast<int>(db->execAndGet("SELECT COALESCE(MAX(version), 0) FROM schema_version").getInt64());
  }

  void migrate() {
    SQLite::Transaction tx(*db, SQLite::TransactionBehavior::IMMEDIATE);
    db->exec("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied TEXT NOT NULL)");
    const int v = current_version();
    if (v > kSchemaVersion)
      throw StoreError(path + ": audit log schema v" + std::to_string(v) + " was written by a newer shebao (this one knows v" +
                       std::to_string(kSchemaVersion) + ")");
    for (int i = v; i < kMigrationCount; ++i) {
      db->exec(kMigrations[i]);
      if (i + 1 == 2) key_old_digests();
      SQLite::Statement s(*db, "INSERT INTO schema_version(version, applied) VALUES(?, ?)");
      s.bind(1, i + 1);
      s.bind(2, utc_now_iso());
      s.exec();
    }
    db->exec("PRAGMA application_id=" + std::to_string(kApplicationId));
    tx.commit();
  }

  // v1 -> v2: the unkeyed profile hashes of the old records become keyed digests (the old hash
  // could confirm a guessed person); the records stay unchained.
  void key_old_digests() {
    SQLite::Statement sel(*db, "SELECT id, profile_sha256 FROM audit WHERE profile_hmac IS NULL");
    SQLite::Statement upd(*db, "UPDATE audit SET profile_hmac = ?, profile_sha256 = '' WHERE id = ?");
    while (sel.executeStep()) {
      upd.reset();
      upd.bind(1, hmac_sha256_hex(key.bytes, sel.getColumn(1).getString()));
      upd.bind(2, sel.getColumn(0).getInt64());
      upd.exec();
    }
  }

  // The prev_hash of the next record: the last record's chain hash; after a purge that removed
  // every record, the checkpoint's; at the start (or after unchained records), the genesis.
  std::string chain_head() {
    SQLite::Statement last(*db, "SELECT chain_hash FROM audit ORDER BY id DESC LIMIT 1");
    if (last.executeStep()) return last.getColumn(0).isNull() ? kGenesis : last.getColumn(0).getString();
    SQLite::Statement cp(*db, "SELECT chain_hash FROM audit_checkpoint ORDER BY id DESC LIMIT 1");
    if (cp.executeStep()) return cp.getColumn(0).getString();
    return kGenesis;
  }

  // Exclusive use of the connection (reads, and the group-commit leader).
  void release(std::unique_lock<std::mutex>& lk) {
    busy = false;
    lk.unlock();
    cv.notify_all();
    lk.lock();
  }
  template <class F>
  auto with_db(F&& f) {
    std::unique_lock lk(m);
    cv.wait(lk, [&] { return !busy; });
    busy = true;
    lk.unlock();
    struct Release {
      Impl* self;
      ~Release() {
        std::unique_lock l2(self->m);
        self->busy = false;
        l2.unlock();
        self->cv.notify_all();
      }
    } r{this};
    try {
      return f();
    } catch (const SQLite::Exception& e) {
      throw StoreError(path + ": " + e.what());
    }
  }

  void write(const std::vector<Pending*>& batch) {
    if (!insert) throw StoreError(path + ": opened read-only");
    try {
      SQLite::Transaction tx(*db, SQLite::TransactionBehavior::IMMEDIATE);
      struct ResetInsert {
        SQLite::Statement& s;
        ~ResetInsert() {
          try {
            s.reset();
            s.clearBindings();
          } catch (...) {
          }
        }
      } reset_after{*insert};
      std::string prev = chain_head();
      for (Pending* p : batch) {
        const AuditRecord& r = *p->rec;
        const std::string hmac = hmac_sha256_hex(key.bytes, r.profile_sha256);
        const std::string content_hash = sha256_hex(audit_content(r, "", hmac));
        std::string chain = chain_of(key.bytes, prev, content_hash);
        insert->reset();
        insert->clearBindings();
        insert->bind(1, r.time);
        insert->bind(2, r.channel);
        if (!r.source.empty()) insert->bind(3, r.source);
        if (r.line) insert->bind(4, static_cast<std::int64_t>(*r.line));
        insert->bind(5, r.policy_digest);
        insert->bind(6, r.as_of);
        insert->bind(7, r.as_of_fixed ? 1 : 0);
        insert->bind(8, r.lang);
        insert->bind(9, r.explain ? 1 : 0);
        insert->bind(10, r.ok ? 1 : 0);
        insert->bind(11, std::string());  // the unkeyed hash is not kept
        insert->bind(12, r.profile_format);
        if (r.profile) insert->bindNoCopy(13, *r.profile);
        insert->bindNoCopy(14, r.result);
        insert->bind(15, hmac);
        insert->bind(16, prev);
        insert->bind(17, content_hash);
        insert->bind(18, chain);
        insert->exec();
        p->id = db->getLastInsertRowid();
        prev = std::move(chain);
      }
      tx.commit();
    } catch (const SQLite::Exception& e) {
      throw StoreError(path + ": cannot record: " + e.what());
    }
  }

  // Queues `ps`, then waits until they are committed, writing the queue itself when the
  // connection is free.
  void commit(std::vector<Pending>& ps) {
    if (ps.empty()) return;
    std::unique_lock lk(m);
    for (Pending& p : ps) queue.push_back(&p);
    Pending& last = ps.back();
    while (!last.done) {
      if (busy) {
        cv.wait(lk);
        continue;
      }
      busy = true;
      std::vector<Pending*> batch;
      batch.swap(queue);
      lk.unlock();
      std::exception_ptr err;
      try {
        write(batch);
      } catch (...) {
        err = std::current_exception();
      }
      lk.lock();
      for (Pending* p : batch) {
        p->error = err;
        p->done = true;
      }
      release(lk);
    }
    for (Pending& p : ps)
      if (p.error) std::rethrow_exception(p.error);
  }

  // Columns: kColumns (0..16), then 17: profile stored, 18: profile (when asked), 19: result.
  static StoredAuditRecord row(SQLite::Statement& s, bool with_profile, bool with_result) {
    StoredAuditRecord out;
    AuditRecord& r = out.record;
    out.id = s.getColumn(0).getInt64();
    r.time = s.getColumn(1).getString();
    r.channel = s.getColumn(2).getString();
    if (!s.getColumn(3).isNull()) r.source = s.getColumn(3).getString();
    if (!s.getColumn(4).isNull()) r.line = s.getColumn(4).getInt64();
    r.policy_digest = s.getColumn(5).getString();
    r.as_of = s.getColumn(6).getString();
    r.as_of_fixed = s.getColumn(7).getInt() != 0;
    r.lang = s.getColumn(8).getString();
    r.explain = s.getColumn(9).getInt() != 0;
    r.ok = s.getColumn(10).getInt() != 0;
    r.profile_sha256 = s.getColumn(11).getString();
    r.profile_format = s.getColumn(12).getString();
    if (!s.getColumn(13).isNull()) r.profile_hmac = s.getColumn(13).getString();
    out.chained = !s.getColumn(16).isNull();
    const bool stored = s.getColumn(17).getInt() != 0;
    if (stored) r.profile = with_profile ? s.getColumn(18).getString() : std::string();
    if (with_result) r.result = s.getColumn(19).getString();
    return out;
  }

  std::string select_sql(bool with_profile, bool with_result, const std::string& where) const {
    return std::string("SELECT ") + kColumns + "profile IS NOT NULL, " + (with_profile ? "profile" : "NULL") + ", " +
           (with_result ? "result" : "NULL") + " FROM audit" + where;
  }

  ChainReport verify_chain();
  PurgeResult purge(const std::string& before);
};

ChainReport AuditStore::Impl::verify_chain() {
  ChainReport rep;
  auto finding = [&](std::int64_t id, std::string kind, std::string message) {
    rep.findings.push_back({id, std::move(kind), std::move(message)});
  };
  if (key.empty()) {
    finding(0, "no_key", "the audit key (" + key.file + ") is not there: the chain cannot be checked");
    return rep;
  }
  // The latest checkpoint: where the remaining chain starts.
  std::string start = kGenesis;
  std::int64_t start_id = 0;
  {
    SQLite::Statement cp(*db, "SELECT id, time, kind, before, last_id, removed, chain_hash, mac FROM audit_checkpoint ORDER BY id");
    while (cp.executeStep()) {
      ++rep.checkpoints;
      const std::string mac = hmac_sha256_hex(
          key.bytes, checkpoint_text(cp.getColumn(1).getString(), cp.getColumn(2).getString(), cp.getColumn(3).getString(),
                                     cp.getColumn(4).getInt64(), cp.getColumn(5).getInt64(), cp.getColumn(6).getString()));
      if (mac != cp.getColumn(7).getString()) {
        finding(cp.getColumn(0).getInt64(), "checkpoint",
                "purge checkpoint " + std::to_string(cp.getColumn(0).getInt64()) + " is not signed by the audit key (edited or inserted)");
        continue;
      }
      rep.purged += cp.getColumn(5).getInt64();
      start = cp.getColumn(6).getString();
      start_id = cp.getColumn(4).getInt64();
    }
  }
  // Which record holds each chain hash (to tell a reordered record from a deleted one).
  std::unordered_map<std::string, std::int64_t> holder;
  {
    SQLite::Statement s(*db, "SELECT id, chain_hash FROM audit WHERE chain_hash IS NOT NULL");
    while (s.executeStep()) holder.emplace(s.getColumn(1).getString(), s.getColumn(0).getInt64());
  }
  SQLite::Statement s(*db, select_sql(true, true, " ORDER BY id"));
  std::string expected = start;  // the prev_hash the next chained record must carry
  std::unordered_set<std::int64_t> reordered;
  std::int64_t last_id = start_id;
  bool seen_chained = false;
  while (s.executeStep()) {
    StoredAuditRecord st = row(s, true, true);
    const std::int64_t id = st.id;
    if (!st.chained) {
      if (seen_chained) {
        finding(id, "inserted", "record " + std::to_string(id) + " has no chain hash after chained records (inserted)");
      } else {
        ++rep.unchained;
      }
      last_id = id;
      continue;
    }
    seen_chained = true;
    ++rep.chained;
    const std::string prev = s.getColumn(14).isNull() ? "" : s.getColumn(14).getString();
    const std::string content_hash = s.getColumn(15).isNull() ? "" : s.getColumn(15).getString();
    const std::string chain = s.getColumn(16).getString();
    const AuditRecord& r = st.record;
    const bool content_ok = sha256_hex(audit_content(r, r.profile_sha256, r.profile_hmac)) == content_hash;
    const bool authentic = chain_of(key.bytes, prev, content_hash) == chain;
    if (!authentic) {
      finding(id, "inserted",
              "record " + std::to_string(id) + " does not carry a chain hash made with the audit key (inserted, or edited with its hashes rewritten)");
      last_id = id;
      continue;  // the next record is checked against the last good one
    }
    if (auto first = holder.find(chain); first != holder.end() && first->second != id) {
      finding(id, "inserted", "record " + std::to_string(id) + " is a copy of record " + std::to_string(first->second) + " (inserted)");
      last_id = id;
      continue;
    }
    if (!content_ok)
      finding(id, "edited", "record " + std::to_string(id) + " was edited: its content no longer matches its hash");
    if (prev != expected) {
      auto it = holder.find(prev);
      if (it != holder.end() && it->second != last_id) {
        // After a reordered record its successor's link is broken too: named once, at the move.
        if (!reordered.count(it->second))
          finding(id, "reordered",
                  "record " + std::to_string(id) + " is out of order: it was written right after record " +
                      std::to_string(it->second));
        reordered.insert(id);
      } else if (it == holder.end()) {
        if (id > last_id + 1)
          finding(last_id + 1, "deleted",
                  id == last_id + 2 ? "record " + std::to_string(last_id + 1) + " was deleted"
                                    : "records " + std::to_string(last_id + 1) + " to " + std::to_string(id - 1) + " were deleted");
        else
          finding(id, "deleted", "a record written before record " + std::to_string(id) + " was deleted");
      }
    }
    expected = chain;
    last_id = id;
  }
  // Records deleted at the end: AUTOINCREMENT remembers the largest id given.
  SQLite::Statement seq(*db, "SELECT seq FROM sqlite_sequence WHERE name = 'audit'");
  if (seq.executeStep() && seq.getColumn(0).getInt64() > last_id) {
    const std::int64_t top = seq.getColumn(0).getInt64();
    finding(last_id + 1, "deleted",
            top == last_id + 1 ? "record " + std::to_string(top) + " (the last one) was deleted"
                               : "records " + std::to_string(last_id + 1) + " to " + std::to_string(top) + " (the last ones) were deleted");
  }
  return rep;
}

PurgeResult AuditStore::Impl::purge(const std::string& before_in) {
  if (!insert) throw StoreError(path + ": opened read-only");
  // A date means its first moment, UTC.
  const std::string before = before_in.size() == 10 ? before_in + "T00:00:00.000Z" : before_in;
  PurgeResult out;
  {
    SQLite::Transaction tx(*db, SQLite::TransactionBehavior::IMMEDIATE);
    SQLite::Statement last(*db, "SELECT MAX(id) FROM audit WHERE time < ?");
    last.bind(1, before);
    if (!last.executeStep() || last.getColumn(0).isNull()) return out;
    out.last_id = last.getColumn(0).getInt64();
    SQLite::Statement head(*db, "SELECT chain_hash FROM audit WHERE id = ?");
    head.bind(1, out.last_id);
    head.executeStep();
    const std::string chain = head.getColumn(0).isNull() ? kGenesis : head.getColumn(0).getString();
    SQLite::Statement del(*db, "DELETE FROM audit WHERE id <= ?");
    del.bind(1, out.last_id);
    out.removed = del.exec();
    const std::string now = utc_now_iso();
    SQLite::Statement cp(*db,
                         "INSERT INTO audit_checkpoint(time, kind, before, last_id, removed, chain_hash, mac)"
                         " VALUES(?, 'purge', ?, ?, ?, ?, ?)");
    cp.bind(1, now);
    cp.bind(2, before);
    cp.bind(3, out.last_id);
    cp.bind(4, out.removed);
    cp.bind(5, chain);
    cp.bind(6, hmac_sha256_hex(key.bytes, checkpoint_text(now, "purge", before, out.last_id, out.removed, chain)));
    cp.exec();
    tx.commit();
  }
  // Reclaim the space: the file is rewritten without the free pages, and the WAL (which still
  // holds the pages written before) is copied back and truncated.
  db->exec("VACUUM");
  SQLite::Statement ck(*db, "PRAGMA wal_checkpoint(TRUNCATE)");
  out.reclaimed = ck.executeStep() && ck.getColumn(0).getInt() == 0;
  return out;
}

AuditStore::AuditStore(const std::string& path, Mode mode, const std::string& key_file)
    : impl_(std::make_unique<Impl>(path, mode, key_file)) {}
AuditStore::~AuditStore() = default;

std::int64_t AuditStore::record(const AuditRecord& r) {
  std::vector<Impl::Pending> ps(1);
  ps[0].rec = &r;
  impl_->commit(ps);
  return ps[0].id;
}

std::vector<std::int64_t> AuditStore::record_all(std::span<const AuditRecord> records) {
  std::vector<Impl::Pending> ps(records.size());
  for (std::size_t i = 0; i < records.size(); ++i) ps[i].rec = &records[i];
  impl_->commit(ps);
  std::vector<std::int64_t> ids;
  ids.reserve(ps.size());
  for (const auto& p : ps) ids.push_back(p.id);
  return ids;
}

std::int64_t AuditStore::count() {
  return impl_->with_db([&] { return impl_->db->execAndGet("SELECT count(*) FROM audit").getInt64(); });
}

std::int64_t AuditStore::max_id() {
  return impl_->with_db(
      [&] { return impl_->db->execAndGet("SELECT COALESCE(MAX(id), 0) FROM audit").getInt64(); });
}

std::int64_t AuditStore::max_line(std::string_view source) {
  return impl_->with_db([&] {
    SQLite::Statement s(*impl_->db, "SELECT COALESCE(MAX(line), 0) FROM audit WHERE source = ?");
    s.bind(1, std::string(source));
    s.executeStep();
    return s.getColumn(0).getInt64();
  });
}

void AuditStore::scan(const AuditQuery& q, const std::function<bool(const StoredAuditRecord&)>& visit) {
  impl_->with_db([&] {
    std::string where = " WHERE id > ?";
    if (!q.profile_hmac.empty()) where += " AND profile_hmac = ?";
    std::string sql = impl_->select_sql(q.with_profile, q.with_result, where);
    if (q.limit >= 0)
      sql = "SELECT * FROM (" + sql + " ORDER BY id DESC LIMIT " + std::to_string(q.limit) + ") ORDER BY id";
    else
      sql += " ORDER BY id";
    SQLite::Statement s(*impl_->db, sql);
    s.bind(1, static_cast<std::int64_t>(q.after_id));
    if (!q.profile_hmac.empty()) s.bind(2, q.profile_hmac);
    while (s.executeStep())
      if (!visit(Impl::row(s, q.with_profile, q.with_result))) break;
    return 0;
  });
}

std::vector<std::pair<std::string, std::int64_t>> AuditStore::digests() {
  return impl_->with_db([&] {
    std::vector<std::pair<std::string, std::int64_t>> out;
    SQLite::Statement s(*impl_->db,
                        "SELECT policy_digest, count(*) AS n FROM audit GROUP BY policy_digest ORDER BY n DESC, policy_digest");
    while (s.executeStep()) out.emplace_back(s.getColumn(0).getString(), s.getColumn(1).getInt64());
    return out;
  });
}

std::vector<std::string> AuditStore::integrity_check() {
  return impl_->with_db([&] { return store::integrity_check(*impl_->db); });
}

int AuditStore::schema_version() {
  return impl_->with_db([&] { return impl_->current_version(); });
}

const std::string& AuditStore::path() const { return impl_->path; }
bool AuditStore::has_key() const { return !impl_->key.empty(); }
const std::string& AuditStore::key_file() const { return impl_->key.file; }

std::string AuditStore::profile_digest(std::string_view profile_text) const {
  if (impl_->key.empty()) throw StoreError(impl_->key.file + ": no audit key");
  return hmac_sha256_hex(impl_->key.bytes, sha256_hex(profile_text));
}

ChainReport AuditStore::verify_chain() {
  return impl_->with_db([&] { return impl_->verify_chain(); });
}

PurgeResult AuditStore::purge_before(const std::string& before) {
  return impl_->with_db([&] { return impl_->purge(before); });
}

std::string utc_now_iso() {
  using namespace std::chrono;
  const auto now = system_clock::now();
  const auto ms = duration_cast<milliseconds>(now.time_since_epoch()).count() % 1000;
  const std::time_t t = system_clock::to_time_t(now);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[96];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1,
                tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms));
  return buf;
}

namespace {

// The value of the first "as_of" key of a RESULT.md text (it is the first key of the object).
std::string result_as_of(std::string_view json) {
  const std::size_t k = json.find("\"as_of\"");
  if (k == std::string_view::npos) return {};
  const std::size_t q1 = json.find('"', k + 7);
  if (q1 == std::string_view::npos) return {};
  const std::size_t q2 = json.find('"', q1 + 1);
  if (q2 == std::string_view::npos) return {};
  return std::string(json.substr(q1 + 1, q2 - q1 - 1));
}

}  // namespace

std::string detect_profile_format(std::string_view text) {
  return sniff_format(text) == DocFormat::kJson ? "json" : "yaml";
}

AuditRecord make_audit_record(std::string_view channel, std::string_view profile_text,
                              const EvalRequest& req, const JsonAnswer& answer,
                              std::string_view policy_digest, bool full, std::string time) {
  AuditRecord r;
  r.time = time.empty() ? utc_now_iso() : std::move(time);
  r.channel = std::string(channel);
  r.policy_digest = std::string(policy_digest);
  r.as_of_fixed = req.as_of.has_value();
  if (req.as_of)
    r.as_of = req.as_of->to_string();
  else if (answer.ok)
    r.as_of = result_as_of(answer.json);
  if (r.as_of.empty()) r.as_of = req.today.to_string();
  r.lang = req.lang == Lang::kEn ? "en" : "zh";
  r.explain = req.explain;
  r.ok = answer.ok;
  r.profile_sha256 = sha256_hex(profile_text);
  r.profile_format = detect_profile_format(profile_text);
  if (full) r.profile = std::string(profile_text);
  r.result = answer.json;
  return r;
}

}  // namespace shebao::store
