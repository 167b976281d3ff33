// Small SQLite helpers shared by the audit store and the batch results file (private header).
#pragma once

#include <SQLiteCpp/SQLiteCpp.h>

#include <cstdint>
#include <string>
#include <vector>

namespace shebao::store {

inline std::int64_t pragma_int(SQLite::Database& db, const std::string& name) {
  return db.execAndGet("PRAGMA " + name).getInt64();
}

inline bool table_exists(SQLite::Database& db, const std::string& name) {
  SQLite::Statement s(db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?");
  s.bind(1, name);
  return s.executeStep();
}

// Switches to WAL (a no-op when it is already); in-memory databases keep their "memory" mode.
inline void set_wal(SQLite::Database& db, const std::string& path) {
  const std::string mode = db.execAndGet("PRAGMA journal_mode=WAL").getString();
  if (mode != "wal" && mode != "memory")
    throw SQLite::Exception(path + ": cannot use WAL mode (journal_mode is " + mode + ")");
}

// PRAGMA integrity_check: {"ok"} when sound.
inline std::vector<std::string> integrity_check(SQLite::Database& db) {
  std::vector<std::string> out;
  SQLite::Statement s(db, "PRAGMA integrity_check");
  while (s.executeStep()) out.push_back(s.getColumn(0).getString());
  return out;
}

}  // namespace shebao::store
