#include "shebao/store/audit_store.h"

#include <SQLiteCpp/SQLiteCpp.h>

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <ctime>
#include <exception>
#include <filesystem>
#include <mutex>

#include "shebao/core/hash.h"
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
};
constexpr int kMigrationCount = static_cast<int>(sizeof(kMigrations) / sizeof(kMigrations[0]));
static_assert(kMigrationCount == AuditStore::kSchemaVersion);

constexpr const char* kInsert =
    "INSERT INTO audit(time, channel, source, line, policy_digest, as_of, as_of_fixed, lang, explain,"
    " ok, profile_sha256, profile_format, profile, result) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?)";

constexpr const char* kColumns =
    "id, time, channel, source, line, policy_digest, as_of, as_of_fixed, lang, explain, ok,"
    " profile_sha256, profile_format, ";

}  // namespace

struct AuditStore::Impl {
  std::string path;
  Mode mode;
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

  Impl(std::string p, Mode md) : path(std::move(p)), mode(md) {
    namespace fs = std::filesystem;
    std::error_code ec;
    if (mode != Mode::kCreate && !fs::exists(path, ec))
      throw StoreError(path + ": no such file");
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
    db->exec("BEGIN IMMEDIATE");
    try {
      db->exec("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied TEXT NOT NULL)");
      const int v = current_version();
      if (v > kSchemaVersion)
        throw StoreError(path + ": audit log schema v" + std::to_string(v) +
                         " was written by a newer shebao (this one knows v" +
                         std::to_string(kSchemaVersion) + ")");
      for (int i = v; i < kMigrationCount; ++i) {
        db->exec(kMigrations[i]);
        SQLite::Statement s(*db, "INSERT INTO schema_version(version, applied) VALUES(?, ?)");
        s.bind(1, i + 1);
        s.bind(2, utc_now_iso());
        s.exec();
      }
      db->exec("PRAGMA application_id=" + std::to_string(kApplicationId));
      db->exec("COMMIT");
    } catch (...) {
      try {
        db->exec("ROLLBACK");
      } catch (...) {
      }
      throw;
    }
  }

  // Exclusive use of the connection (reads, and the group-commit leader).
  void acquire(std::unique_lock<std::mutex>& lk) {
    cv.wait(lk, [&] { return !busy; });
    busy = true;
  }
  void release(std::unique_lock<std::mutex>& lk) {
    busy = false;
    lk.unlock();
    cv.notify_all();
    lk.lock();
  }
  template <class F>
  auto with_db(F&& f) {
    std::unique_lock lk(m);
    acquire(lk);
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
      db->exec("BEGIN IMMEDIATE");
      try {
        for (Pending* p : batch) {
          const AuditRecord& r = *p->rec;
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
          insert->bind(11, r.profile_sha256);
          insert->bind(12, r.profile_format);
          if (r.profile) insert->bindNoCopy(13, *r.profile);
          insert->bindNoCopy(14, r.result);
          insert->exec();
          p->id = db->getLastInsertRowid();
        }
        insert->reset();
        insert->clearBindings();
        db->exec("COMMIT");
      } catch (...) {
        try {
          insert->reset();
          db->exec("ROLLBACK");
        } catch (...) {
        }
        throw;
      }
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
    // Column 13: 1 when a profile is stored; column 14: the profile (when asked); 15: result.
    const bool stored = s.getColumn(13).getInt() != 0;
    if (stored) r.profile = with_profile ? s.getColumn(14).getString() : std::string();
    if (with_result) r.result = s.getColumn(15).getString();
    return out;
  }
};

AuditStore::AuditStore(const std::string& path, Mode mode) : impl_(std::make_unique<Impl>(path, mode)) {}
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
    std::string cols = std::string(kColumns) + "profile IS NOT NULL, " +
                       (q.with_profile ? "profile" : "NULL") + ", " +
                       (q.with_result ? "result" : "NULL");
    std::string sql = "SELECT " + cols + " FROM audit WHERE id > ?";
    if (q.limit >= 0)
      sql = "SELECT * FROM (" + sql + " ORDER BY id DESC LIMIT " + std::to_string(q.limit) + ") ORDER BY id";
    else
      sql += " ORDER BY id";
    SQLite::Statement s(*impl_->db, sql);
    s.bind(1, static_cast<std::int64_t>(q.after_id));
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
  std::size_t i = 0;
  if (text.substr(0, 3) == "\xEF\xBB\xBF") i = 3;
  while (i < text.size() && (text[i] == ' ' || text[i] == '\n' || text[i] == '\r' || text[i] == '\t')) ++i;
  return i < text.size() && text[i] == '{' ? "json" : "yaml";
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
