// The audit log: every answer given over HTTP or in a batch can be recorded in a SQLite file, so
// that an answer given at a service window can be traced later (which packs, which date, which
// profile) and re-checked (`shebao audit verify`).
//
// Tamper evidence (schema v2): every record carries the sha256 of its content (content_hash) and a
// chain hash, HMAC-SHA-256 under the audit key of the previous record's chain hash and its own
// content hash; `audit verify` (verify_chain) names a deleted, inserted, reordered or edited record
// by id. Profile digests are keyed too (profile_hmac), so the log cannot confirm a guessed person
// without the key (audit_key.h). Records written before v2 stay readable, marked unchained.
// Retention: purge_before() removes the records older than a date, leaves a signed checkpoint
// (the last removed record's chain hash) so the remaining chain still verifies, and reclaims the
// space (secure_delete, VACUUM, WAL truncated): the removed rows are gone from the file.
//
// The file is SQLite in WAL mode with synchronous=FULL: when record() returns, the record is
// committed and survives a kill -9 (or a power cut) at any later moment. A schema_version table
// and numbered migrations let later versions add columns; PRAGMA application_id marks the file as
// a shebao audit log, so that another SQLite file is never written into by mistake.
//
// Thread-safe: one AuditStore is shared by all the threads of a server. Concurrent record() calls
// are grouped into one transaction (group commit): each caller still returns only after its own
// record is committed, and one fsync serves them all. Several processes may also write the same
// file (SQLite locking, with a busy timeout).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "shebao/service/service.h"

namespace shebao::store {

// A file that cannot be opened, is not an audit log, or a failed write. what() is for people.
class StoreError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// One answer as it was given.
struct AuditRecord {
  std::string time;            // when it was answered, UTC ISO 8601 ("2026-11-28T03:04:05.123Z");
                               // the caller reads the clock (see utc_now_iso())
  std::string channel;         // "http" | "batch" | "capi" | "cli"
  std::string policy_digest;   // "sha256:…" of the policy set that answered
  std::string as_of;           // "YYYY-MM-DD": the date the answer is for (the result's as_of;
                               // for a rejected profile the date that would have been used)
  bool as_of_fixed = false;    // true: the caller imposed as_of over the profile's own
  std::string lang = "zh";     // "zh" | "en": language of the texts in `result`
  bool explain = false;        // the result carries a trace
  bool ok = true;              // true: `result` is a RESULT.md object; false: {"errors": [...]}
  std::string profile_sha256;  // written: sha256 hex of the profile text exactly as received (the
                               // store keeps only its keyed digest, profile_hmac). Read back: the
                               // unkeyed hash of a record written before schema v2, else ""
  std::string profile_hmac;    // read back: HMAC-SHA-256(key, profile_sha256) hex
  std::string profile_format = "json";  // "json" | "yaml" | "csv" (header line + the row)
  std::optional<std::string> profile;   // the profile text itself: only when recording in full
  std::string result;          // the JSON that was answered
  std::string source;          // optional: who asked, e.g. "batch:<run id>" or a request id
  std::optional<std::int64_t> line;  // optional: the input line of a batch
};

struct StoredAuditRecord {
  std::int64_t id = 0;  // 1, 2, 3, … in commit order
  AuditRecord record;
  bool chained = false;  // false: written before schema v2 (not covered by the hash chain)
};

// One break of the hash chain, named by record id.
struct ChainFinding {
  std::int64_t id = 0;  // the record (or the first missing one; the checkpoint's id for kind "checkpoint")
  std::string kind;     // "edited" | "inserted" | "deleted" | "reordered" | "checkpoint"
  std::string message;  // for people
};
struct ChainReport {
  std::int64_t chained = 0;
  std::int64_t unchained = 0;     // written before schema v2
  std::int64_t checkpoints = 0;   // retention purges
  std::int64_t purged = 0;        // records removed by them
  std::vector<ChainFinding> findings;
};

struct PurgeResult {
  std::int64_t removed = 0;
  std::int64_t last_id = 0;  // the last removed record (0: none)
  bool reclaimed = false;    // VACUUM done and the WAL truncated
};

struct AuditQuery {
  std::int64_t limit = -1;       // at most this many (-1: all); with newest_first=false these are
                                 // still the newest `limit`, returned in id order
  std::int64_t after_id = 0;     // only records with a larger id
  std::string profile_hmac;      // only records of this profile (AuditStore::profile_digest)
  bool with_profile = false;     // fill record.profile (when stored)
  bool with_result = true;       // fill record.result
};

class AuditStore {
 public:
  enum class Mode {
    kCreate,        // read-write; creates the file (and migrates an older schema)
    kOpenExisting,  // read-write; the file must exist
    kReadOnly,      // the file must exist and have the current schema
  };
  static constexpr int kSchemaVersion = 2;
  static constexpr std::int32_t kApplicationId = 0x53484241;  // "SHBA"

  // `key_file`: the audit key (audit_key.h); "" means "<path>.key". Read-write modes create it
  // (0600) when absent; kReadOnly reads it when present (without it, verify_chain reports the
  // chain as unverifiable and profile_digest() throws). Throws StoreError.
  explicit AuditStore(const std::string& path, Mode mode = Mode::kCreate, const std::string& key_file = {});
  ~AuditStore();
  AuditStore(const AuditStore&) = delete;
  AuditStore& operator=(const AuditStore&) = delete;

  // Commits one record and returns its id once it is durable. Throws StoreError.
  std::int64_t record(const AuditRecord& r);
  // Commits all of them in one transaction (all or none); ids in the same order.
  std::vector<std::int64_t> record_all(std::span<const AuditRecord> records);

  std::int64_t count();
  std::int64_t max_id();
  // The largest `line` recorded with this `source` (0 when none): how far a batch got.
  std::int64_t max_line(std::string_view source);
  // Visits records in id order until `visit` returns false.
  void scan(const AuditQuery& q, const std::function<bool(const StoredAuditRecord&)>& visit);
  // Distinct policy digests with their record counts, most used first.
  std::vector<std::pair<std::string, std::int64_t>> digests();
  // PRAGMA integrity_check: {"ok"} when the file is sound, else SQLite's messages.
  std::vector<std::string> integrity_check();
  int schema_version();
  const std::string& path() const;
  bool has_key() const;
  const std::string& key_file() const;

  // The keyed digest of a profile text as the store keeps it (for lookups). Throws without a key.
  std::string profile_digest(std::string_view profile_text) const;
  // Walks the hash chain (and the purge checkpoints) and reports every break by record id.
  ChainReport verify_chain();
  // Removes every record whose time is before `before` (UTC ISO 8601 or YYYY-MM-DD), with the
  // records before it in id order, in one transaction that also writes a signed checkpoint; then
  // reclaims the space (VACUUM, WAL checkpoint TRUNCATE). Throws StoreError.
  PurgeResult purge_before(const std::string& before);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Now, UTC, ISO 8601 with milliseconds: "2026-11-28T03:04:05.123Z". (Adapters own the clock.)
std::string utc_now_iso();

// "json" when the first non-blank character of `text` is '{', else "yaml" (as read_profile_text reads it).
std::string detect_profile_format(std::string_view text);

// The record of one answer of the service facade (what the HTTP server and the C API give):
// `profile_text` as received, the request it was answered with, the answer. The profile itself is
// kept only when `full`. `time` is utc_now_iso() unless given.
AuditRecord make_audit_record(std::string_view channel, std::string_view profile_text,
                              const EvalRequest& req, const JsonAnswer& answer,
                              std::string_view policy_digest, bool full, std::string time = {});

}  // namespace shebao::store
