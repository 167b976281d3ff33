#include "sinks.h"

#include <fcntl.h>
#include <unistd.h>

#include <filesystem>

#include "../../store/src/sqlite_util.h"
#include "util.h"

namespace shebao::batch::detail {

namespace fs = std::filesystem;

namespace {
constexpr std::int32_t kResultsApplicationId = 0x53484252;  // "SHBR"
}  // namespace

std::string read_small(const std::string& path) {
  std::string out;
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw BatchError(1, path + ": cannot read: " + sys_error());
  char buf[4096];
  ssize_t n;
  while ((n = ::read(fd, buf, sizeof buf)) > 0 && out.size() < (1u << 20)) out.append(buf, static_cast<std::size_t>(n));
  ::close(fd);
  return out;
}

void write_file_atomic(const std::string& path, std::string_view text) {
  const std::string tmp = path + ".tmp";
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) throw BatchError(1, tmp + ": cannot create: " + sys_error());
  try {
    write_all(fd, text, tmp);
    if (::fsync(fd) != 0) throw BatchError(1, tmp + ": cannot sync: " + sys_error());
  } catch (...) {
    ::close(fd);
    throw;
  }
  ::close(fd);
  if (std::rename(tmp.c_str(), path.c_str()) != 0) throw BatchError(1, path + ": cannot write: " + sys_error());
}

std::string yuan(std::int64_t fen) {
  // Formatted by hand: snprintf was a few percent of a summary run (issue 21).
  const bool neg = fen < 0;
  std::uint64_t a = neg ? static_cast<std::uint64_t>(-(fen + 1)) + 1 : static_cast<std::uint64_t>(fen);
  char buf[32];
  char* end = buf + sizeof buf;
  char* p = end;
  *--p = static_cast<char>('0' + a % 10);
  a /= 10;
  *--p = static_cast<char>('0' + a % 10);
  a /= 10;
  *--p = '.';
  do {
    *--p = static_cast<char>('0' + a % 10);
    a /= 10;
  } while (a);
  if (neg) *--p = '-';
  return std::string(p, end);
}

// ---- text files ------------------------------------------------------------------------------
TextFileSink::TextFileSink(RecordKind kind, std::string header)
    : kind_(kind), header_(std::move(header)), fd_(STDOUT_FILENO), own_(false), path_("standard output") {
  if (!header_.empty()) write_all(fd_, header_, path_);
}

TextFileSink::TextFileSink(RecordKind kind, std::string header, const std::string& path, RunState& state,
                           bool restart, std::uint64_t* resume_after)
    : kind_(kind), header_(std::move(header)), own_(true), path_(path) {
  const std::string state_path = path + ".state";
  std::error_code ec;
  const bool out_exists = fs::exists(path, ec);
  const std::uintmax_t out_size = out_exists ? fs::file_size(path, ec) : 0;
  std::optional<RunState> old;
  if (fs::exists(state_path, ec)) {
    std::string text = read_small(state_path);
    old = RunState::from_json(text);
    if (!old && !restart) throw BatchError(2, state_path + " is not a state file of this shebao" + restart_hint());
  }
  *resume_after = 0;
  if (!restart && out_exists && out_size > 0) {
    if (!old)
      throw BatchError(2, path + " already exists and is not the output of an interrupted batch (no " + state_path +
                              ")" + restart_hint());
    if (std::string why = old->mismatch(state); !why.empty())
      throw BatchError(2, "cannot resume into " + path + ": " + why + restart_hint());
    state.today = old->today;
    state.run_id = old->run_id;
    fd_ = ::open(path.c_str(), O_RDWR | O_CLOEXEC);
    if (fd_ < 0) throw BatchError(1, path + ": cannot open: " + sys_error());
    *resume_after = recover_tail();
    if (::lseek(fd_, 0, SEEK_END) < 0) throw BatchError(1, path + ": " + sys_error());
    return;
  }
  if (!restart && old && old->mismatch(state).empty()) {
    state.today = old->today;  // nothing written yet: same run, same dates
    state.run_id = old->run_id;
  } else {
    state.run_id = new_run_id();
    write_file_atomic(state_path, state.to_json());
  }
  fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd_ < 0) throw BatchError(1, path + ": cannot create: " + sys_error());
  if (!header_.empty()) write_all(fd_, header_, path_);
}

TextFileSink::~TextFileSink() {
  if (own_ && fd_ >= 0) ::close(fd_);
}

void TextFileSink::write(const std::vector<std::unique_ptr<Chunk>>& chunks) {
  buf_.clear();
  for (const auto& ch : chunks)
    for (const OutItem& o : ch->out) {
      if (kind_ != RecordKind::kJsonl) {
        buf_ += o.row;
        continue;
      }
      buf_ += "{\"line\":";
      buf_ += std::to_string(o.line);
      if (o.ok) {
        buf_ += ",\"result\":";
        buf_ += o.json;
        buf_ += '}';
      } else {
        buf_ += ',';
        buf_.append(o.json, 1, std::string::npos);  // {"errors":[...]} without its '{'
      }
      buf_ += '\n';
    }
  write_all(fd_, buf_, path_);
  if (buf_.capacity() > (8u << 20)) std::string().swap(buf_);
}

void TextFileSink::finish() {
  if (own_ && fd_ >= 0) {
    if (::fsync(fd_) != 0) throw BatchError(1, path_ + ": cannot sync: " + sys_error());
    if (::close(fd_) != 0) {
      fd_ = -1;
      throw BatchError(1, path_ + ": cannot close: " + sys_error());
    }
    fd_ = -1;
  }
}

// The input line number of the record in [start, end) (a complete line without its '\n').
std::uint64_t TextFileSink::line_number_at(off_t start, off_t end) {
  std::string head(static_cast<std::size_t>(std::min<off_t>(40, end - start)), '\0');
  if (::pread(fd_, head.data(), head.size(), start) != static_cast<ssize_t>(head.size()))
    throw BatchError(1, path_ + ": cannot read: " + sys_error());
  const std::string_view prefix = kind_ == RecordKind::kJsonl ? std::string_view("{\"line\":") : std::string_view();
  std::uint64_t n = 0;
  std::size_t i = prefix.size();
  bool digits = false;
  if (head.compare(0, prefix.size(), prefix) == 0)
    for (; i < head.size() && head[i] >= '0' && head[i] <= '9'; ++i, digits = true)
      n = n * 10 + static_cast<std::uint64_t>(head[i] - '0');
  if (!digits || i >= head.size() || head[i] != ',')
    throw BatchError(2, path_ + ": the last line is not an answer of shebao batch" + restart_hint());
  return n;
}

// Drops a partially written last line and returns the input line number of the last complete
// record (0 when there is none).
std::uint64_t TextFileSink::recover_tail() {
  const off_t size = ::lseek(fd_, 0, SEEK_END);
  if (size < 0) throw BatchError(1, path_ + ": " + sys_error());
  const off_t header = static_cast<off_t>(header_.size());
  if (size < header) {
    // Not even the header was written whole: start again.
    if (::ftruncate(fd_, 0) != 0 || ::lseek(fd_, 0, SEEK_SET) != 0)
      throw BatchError(1, path_ + ": cannot truncate: " + sys_error());
    write_all(fd_, header_, path_);
    return 0;
  }
  const off_t last_nl = find_back('\n', size);
  off_t keep = last_nl + 1;  // 0 when there is no complete line
  if (keep < header) keep = header;
  std::uint64_t n = 0;
  if (keep > header) {
    const off_t start = find_back('\n', last_nl) + 1;
    n = line_number_at(start, last_nl);
    if (kind_ == RecordKind::kRowsMany) {
      // The last input line may have more records than were written: drop all of its records
      // and answer it again.
      off_t first = start;
      while (first > header) {
        const off_t prev = find_back('\n', first - 1) + 1;
        if (prev < header || line_number_at(prev, first - 1) != n) break;
        first = prev;
      }
      keep = first;
      n = n > 0 ? n - 1 : 0;
    }
  }
  if (keep != size && ::ftruncate(fd_, keep) != 0)
    throw BatchError(1, path_ + ": cannot truncate the partial last line: " + sys_error());
  return n;
}

// Offset of the last `c` before `end`, or -1.
off_t TextFileSink::find_back(char c, off_t end) {
  std::vector<char> buf(1u << 16);
  while (end > 0) {
    const off_t from = std::max<off_t>(0, end - static_cast<off_t>(buf.size()));
    const std::size_t len = static_cast<std::size_t>(end - from);
    if (::pread(fd_, buf.data(), len, from) != static_cast<ssize_t>(len))
      throw BatchError(1, path_ + ": cannot read: " + sys_error());
    for (std::size_t i = len; i > 0; --i)
      if (buf[i - 1] == c) return from + static_cast<off_t>(i - 1);
    end = from;
  }
  return -1;
}

// ---- SQLite ----------------------------------------------------------------------------------
SqliteSink::SqliteSink(const std::string& path, RunState& state, bool restart, std::uint64_t* resume_after)
    : path_(path) {
  using store::pragma_int;
  try {
    db_ = std::make_unique<SQLite::Database>(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE, 10000);
    SQLite::Database& db = *db_;
    const std::int64_t app = pragma_int(db, "application_id");
    const std::int64_t tables = db.execAndGet("SELECT count(*) FROM sqlite_master").getInt64();
    if (app != kResultsApplicationId && (app != 0 || tables > 0))
      throw BatchError(2, path + " is another SQLite file, not shebao batch results; choose another --out");
    store::set_wal(db, path);
    db.exec("PRAGMA synchronous=NORMAL");  // WAL + NORMAL: a process kill loses nothing committed
    SQLite::Transaction tx(db, SQLite::TransactionBehavior::IMMEDIATE);
    db.exec(
        "CREATE TABLE IF NOT EXISTS results (line INTEGER PRIMARY KEY, ok INTEGER NOT NULL, json TEXT NOT NULL);"
        "CREATE TABLE IF NOT EXISTS batch_state (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
        "PRAGMA application_id=" +
        std::to_string(kResultsApplicationId));
    std::optional<RunState> old;
    {
      SQLite::Statement s(db, "SELECT value FROM batch_state WHERE key = 'state'");
      if (s.executeStep()) old = RunState::from_json(s.getColumn(0).getString());
    }
    const bool has_results = db.execAndGet("SELECT EXISTS(SELECT 1 FROM results)").getInt() != 0;
    *resume_after = 0;
    if (!restart && has_results) {
      if (!old) throw BatchError(2, path + " holds results but no record of the run that made them" + restart_hint());
      if (std::string why = old->mismatch(state); !why.empty())
        throw BatchError(2, "cannot resume into " + path + ": " + why + restart_hint());
      state.today = old->today;
      state.run_id = old->run_id;
      *resume_after = static_cast<std::uint64_t>(db.execAndGet("SELECT MAX(line) FROM results").getInt64());
    } else if (!restart && old && old->mismatch(state).empty()) {
      state.today = old->today;
      state.run_id = old->run_id;
    } else {
      state.run_id = new_run_id();
      db.exec("DELETE FROM results");
      SQLite::Statement s(db, "INSERT OR REPLACE INTO batch_state(key, value) VALUES('state', ?)");
      s.bind(1, state.to_json());
      s.exec();
    }
    tx.commit();
    insert_ = std::make_unique<SQLite::Statement>(db, "INSERT OR IGNORE INTO results(line, ok, json) VALUES(?, ?, ?)");
  } catch (const SQLite::Exception& e) {
    throw BatchError(1, path + ": " + e.what());
  }
}

void SqliteSink::write(const std::vector<std::unique_ptr<Chunk>>& chunks) {
  try {
    SQLite::Transaction tx(*db_, SQLite::TransactionBehavior::IMMEDIATE);
    for (const auto& ch : chunks)
      for (const OutItem& o : ch->out) {
        insert_->reset();
        insert_->bind(1, static_cast<std::int64_t>(o.line));
        insert_->bind(2, o.ok ? 1 : 0);
        insert_->bindNoCopy(3, o.json);
        insert_->exec();
      }
    insert_->reset();
    tx.commit();
  } catch (const SQLite::Exception& e) {
    insert_->reset();
    throw BatchError(1, path_ + ": cannot write: " + e.what());
  }
}

void SqliteSink::finish() {
  try {
    insert_.reset();
    db_->exec("PRAGMA wal_checkpoint(TRUNCATE)");
    db_.reset();
  } catch (const SQLite::Exception& e) {
    throw BatchError(1, path_ + ": " + e.what());
  }
}

}  // namespace shebao::batch::detail
