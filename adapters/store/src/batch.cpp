#include "shebao/store/batch.h"

#include <SQLiteCpp/SQLiteCpp.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <deque>
#include <exception>
#include <filesystem>
#include <map>
#include <mutex>
#include <ostream>
#include <random>
#include <thread>
#include <vector>

#include "shebao/core/hash.h"
#include "shebao/eval/evaluator.h"
#include "shebao/json/result_json.h"
#include "shebao/service/service.h"
#include "shebao/store/audit_store.h"
#include "shebao/store/csv_profile.h"
#include "sqlite_util.h"

namespace shebao::store {

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr std::size_t kMaxLine = 16u << 20;       // as DocLimits::max_bytes
constexpr std::size_t kMaxCsvRecord = 1u << 20;   // a quoted field running longer is an error
constexpr std::size_t kMaxChunkBytes = 1u << 20;  // input text per chunk (then it is closed)
constexpr std::size_t kHeadHashBytes = 1u << 20;  // input identity: hash of its first MiB
constexpr std::int32_t kResultsApplicationId = 0x53484252;  // "SHBR"
constexpr int kStateVersion = 1;

std::string sys_error() { return std::strerror(errno); }

std::string lower(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

bool ends_with(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

bool is_blank(std::string_view s) {
  for (char c : s)
    if (c != ' ' && c != '\t' && c != '\r') return false;
  return true;
}

void write_all(int fd, std::string_view data, const std::string& what) {
  while (!data.empty()) {
    const ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      throw BatchError(1, what + ": cannot write: " + sys_error());
    }
    data.remove_prefix(static_cast<std::size_t>(n));
  }
}

// Stopped by the caller's `stop` flag while blocked on input.
struct Stopped {};

// ---- input: physical lines ---------------------------------------------------------------------
class LineReader {
 public:
  LineReader(int fd, const std::atomic<int>& stop, std::string name)
      : fd_(fd), stop_(stop), name_(std::move(name)), buf_(1u << 20) {}

  // The next line without its '\n' (nor a '\r' before it). False at the end of the input. A line
  // longer than kMaxLine is cut there and too_long() says so.
  bool next(std::string& line) {
    line.clear();
    too_long_ = false;
    bool any = false;
    while (true) {
      if (pos_ == end_) {
        if (eof_) break;
        fill();
        continue;
      }
      any = true;
      const char* start = buf_.data() + pos_;
      const void* nl = std::memchr(start, '\n', end_ - pos_);
      const std::size_t take = nl ? static_cast<std::size_t>(static_cast<const char*>(nl) - start) : end_ - pos_;
      if (line.size() + take <= kMaxLine)
        line.append(start, take);
      else
        too_long_ = true;
      pos_ += take;
      offset_ += take;
      if (nl) {
        ++pos_;
        ++offset_;
        break;
      }
    }
    if (!any) return false;
    ++line_no_;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    return true;
  }
  std::uint64_t line_no() const { return line_no_; }
  std::uint64_t offset() const { return offset_; }
  bool too_long() const { return too_long_; }

 private:
  void fill() {
    while (true) {
      const ssize_t n = ::read(fd_, buf_.data(), buf_.size());
      if (n < 0 && errno == EINTR) {
        if (stop_.load()) throw Stopped{};
        continue;
      }
      if (n < 0) throw BatchError(1, name_ + ": cannot read: " + sys_error());
      pos_ = 0;
      end_ = static_cast<std::size_t>(n);
      if (n == 0) eof_ = true;
      return;
    }
  }

  int fd_;
  const std::atomic<int>& stop_;
  std::string name_;
  std::vector<char> buf_;
  std::size_t pos_ = 0, end_ = 0;
  bool eof_ = false;
  bool too_long_ = false;
  std::uint64_t line_no_ = 0;
  std::uint64_t offset_ = 0;
};

// ---- input: records ------------------------------------------------------------------------------
struct InItem {
  std::uint64_t line = 0;
  std::string text;                  // the line (JSONL) or the record's text (CSV)
  std::vector<std::string> cells;    // CSV
  std::optional<FieldError> error;   // found while reading
};

FieldError too_long_error() {
  return FieldError{"(line)", "too_large", "the line is longer than 16 MiB", "该行超过 16 MiB"};
}

class RecordSource {
 public:
  RecordSource(LineReader& r, bool csv, std::size_t columns) : r_(r), csv_(csv), columns_(columns) {}

  bool next(InItem& item) {
    item = InItem{};
    Line first;
    while (true) {
      if (!get(first)) return false;
      if (!is_blank(first.text)) break;
      ++blank_;
    }
    item.line = first.no;
    if (first.too_long) {
      item.error = too_long_error();
      return true;
    }
    if (!csv_) {
      item.text = std::move(first.text);
      return true;
    }
    std::string rec = first.text;
    std::vector<Line> consumed;
    while (true) {
      CsvSplit s = split_csv_record(rec, item.cells);
      if (s.status == CsvStatus::kOk) {
        if (item.cells.size() != columns_) item.error = csv_cell_count_error(columns_, item.cells.size());
        item.text = std::move(rec);
        return true;
      }
      if (s.status == CsvStatus::kError) {
        item.error = syntax(s);
        item.text = std::move(rec);
        item.cells.clear();
        return true;
      }
      Line more;
      if (rec.size() > kMaxCsvRecord || !get(more) || more.too_long) {
        // An unterminated quote: report it at the record's first line and read the lines after
        // that one again as records of their own.
        if (more.no) consumed.push_back(std::move(more));
        for (auto it = consumed.rbegin(); it != consumed.rend(); ++it) pushback_.push_front(std::move(*it));
        s.message = "a quoted field is not closed before the end of the " +
                    std::string(rec.size() > kMaxCsvRecord ? "record (1 MiB)" : "file");
        s.message_zh = "带引号的单元格一直没有结束的引号";
        item.error = syntax(s);
        item.text = std::move(first.text);
        item.cells.clear();
        return true;
      }
      rec += '\n';
      rec += more.text;
      consumed.push_back(std::move(more));
    }
  }
  std::uint64_t blank() const { return blank_; }

 private:
  struct Line {
    std::uint64_t no = 0;
    std::string text;
    bool too_long = false;
  };
  bool get(Line& l) {
    if (!pushback_.empty()) {
      l = std::move(pushback_.front());
      pushback_.pop_front();
      return true;
    }
    if (!r_.next(l.text)) return false;
    l.no = r_.line_no();
    l.too_long = r_.too_long();
    return true;
  }
  static FieldError syntax(const CsvSplit& s) {
    return FieldError{"(row)", "csv_syntax", s.message + " (column " + std::to_string(s.column) + ")",
                      s.message_zh + "（第 " + std::to_string(s.column) + " 个字符）"};
  }

  LineReader& r_;
  bool csv_;
  std::size_t columns_;
  std::deque<Line> pushback_;
  std::uint64_t blank_ = 0;
};

// ---- evaluation ----------------------------------------------------------------------------------
struct OutItem {
  std::uint64_t line = 0;
  bool ok = false;
  std::string json;         // RESULT.md object, or {"errors": [...]}
  std::string first_error;  // "path: message" for the log
  std::string as_of;
  std::string profile_sha256;
  std::optional<std::string> profile;
};

struct Chunk {
  std::uint64_t seq = 0;
  std::uint64_t end_offset = 0;  // input bytes read when the chunk was complete
  std::vector<InItem> in;
  std::vector<OutItem> out;
};

struct EvalContext {
  const PolicySet* set = nullptr;
  std::optional<Date> as_of;
  Date today;
  Lang lang = Lang::kZh;
  bool csv = false;
  std::vector<std::string> columns;
  std::string header_line;
  bool audit = false;
  bool audit_full = false;
};

OutItem evaluate_item(const EvalContext& c, InItem& in) {
  OutItem o;
  o.line = in.line;
  ProfileInput pin;
  try {
    if (in.error) {
      pin.errors.push_back(*in.error);
    } else if (c.csv) {
      pin = read_profile_doc(*c.set, csv_row_to_doc(c.columns, in.cells, static_cast<std::uint32_t>(in.line)),
                             c.as_of, c.today);
    } else {
      pin = read_json_profile(*c.set, in.text, c.as_of, c.today);
    }
    if (pin.profile) {
      EvalResult r = evaluate(*c.set, *pin.profile);
      o.json = result_to_json(r, JsonOptions{c.lang, false, false});
      o.ok = true;
      o.as_of = pin.profile->as_of().to_string();
    }
  } catch (const std::exception& e) {
    pin.profile.reset();
    pin.errors = {FieldError{"(line)", "internal", std::string("internal error: ") + e.what(),
                             std::string("内部错误：") + e.what()}};
  }
  if (!o.ok) {
    if (pin.errors.empty()) pin.errors.push_back({"(line)", "internal", "no answer", "没有结果"});
    o.json = errors_to_json(pin.errors, c.lang);
    const FieldError& e = pin.errors.front();
    o.first_error = e.path + ": " + (c.lang == Lang::kZh && !e.message_zh.empty() ? e.message_zh : e.message);
    if (pin.errors.size() > 1) o.first_error += " (+" + std::to_string(pin.errors.size() - 1) + ")";
    o.as_of = (c.as_of ? *c.as_of : c.today).to_string();
  }
  if (c.audit) {
    if (c.csv) {
      std::string text = c.header_line + "\n" + in.text;
      o.profile_sha256 = sha256_hex(text);
      if (c.audit_full) o.profile = std::move(text);
    } else {
      o.profile_sha256 = sha256_hex(in.text);
      if (c.audit_full) o.profile = std::move(in.text);
    }
  }
  return o;
}

// ---- what a run computes, to check before resuming ---------------------------------------------------
struct RunState {
  std::string input_format;
  std::uint64_t size = 0;
  std::int64_t mtime_ns = 0;
  std::string head_sha256;
  std::string policy_digest;
  std::string as_of;  // "" = each profile's own
  std::string today;
  std::string lang;
  std::string run_id;

  std::string to_json() const {
    boost::json::object o;
    o["shebao_batch_state"] = kStateVersion;
    o["input"] = {{"format", input_format}, {"size", size}, {"mtime_ns", mtime_ns}, {"head_sha256", head_sha256}};
    o["policy_digest"] = policy_digest;
    o["as_of"] = as_of;
    o["today"] = today;
    o["lang"] = lang;
    o["run_id"] = run_id;
    return boost::json::serialize(o) + "\n";
  }
  static std::optional<RunState> from_json(std::string_view text) {
    boost::system::error_code ec;
    boost::json::value v = boost::json::parse(text, ec);
    if (ec || !v.is_object()) return std::nullopt;
    try {
      const auto& o = v.as_object();
      if (o.at("shebao_batch_state").to_number<int>() != kStateVersion) return std::nullopt;
      RunState s;
      const auto& in = o.at("input").as_object();
      s.input_format = std::string(in.at("format").as_string());
      s.size = in.at("size").to_number<std::uint64_t>();
      s.mtime_ns = in.at("mtime_ns").to_number<std::int64_t>();
      s.head_sha256 = std::string(in.at("head_sha256").as_string());
      s.policy_digest = std::string(o.at("policy_digest").as_string());
      s.as_of = std::string(o.at("as_of").as_string());
      s.today = std::string(o.at("today").as_string());
      s.lang = std::string(o.at("lang").as_string());
      s.run_id = std::string(o.at("run_id").as_string());
      return s;
    } catch (const std::exception&) {
      return std::nullopt;
    }
  }
  // Why `now` cannot continue the run recorded in `this` ("" when it can).
  std::string mismatch(const RunState& now) const {
    if (input_format != now.input_format || size != now.size || mtime_ns != now.mtime_ns ||
        head_sha256 != now.head_sha256) {
      std::string why = "the input changed since the first run";
      if (size != now.size) why += " (size " + std::to_string(size) + " -> " + std::to_string(now.size) + " bytes)";
      else if (head_sha256 != now.head_sha256) why += " (its content differs)";
      else if (mtime_ns != now.mtime_ns) why += " (it was modified)";
      else why += " (format " + input_format + " -> " + now.input_format + ")";
      return why;
    }
    if (policy_digest != now.policy_digest)
      return "the policy packs changed since the first run (" + policy_digest + " -> " + now.policy_digest + ")";
    if (as_of != now.as_of)
      return "--as-of differs from the first run's (" + (as_of.empty() ? std::string("none") : as_of) + " -> " +
             (now.as_of.empty() ? std::string("none") : now.as_of) + ")";
    if (lang != now.lang) return "--lang differs from the first run's (" + lang + " -> " + now.lang + ")";
    return {};
  }
};

std::string new_run_id() {
  std::random_device rd;
  std::mt19937_64 g((static_cast<std::uint64_t>(rd()) << 32) ^ rd() ^
                    static_cast<std::uint64_t>(Clock::now().time_since_epoch().count()));
  char buf[20];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(g()));
  return buf;
}

// ---- outputs ---------------------------------------------------------------------------------------
class Sink {
 public:
  virtual ~Sink() = default;
  virtual void write(const std::vector<std::unique_ptr<Chunk>>& chunks) = 0;
  virtual void finish() {}
};

std::string restart_hint() { return "; re-run with --restart to start over (the existing answers are discarded)"; }

class JsonlSink : public Sink {
 public:
  // Standard output.
  JsonlSink() : fd_(STDOUT_FILENO), own_(false), path_("standard output") {}

  // A file: sets *resume_after and may replace `state` (today, run id) with the first run's.
  JsonlSink(const std::string& path, RunState& state, bool restart, std::uint64_t* resume_after)
      : own_(true), path_(path) {
    const std::string state_path = path + ".state";
    std::error_code ec;
    const bool out_exists = fs::exists(path, ec);
    const std::uintmax_t out_size = out_exists ? fs::file_size(path, ec) : 0;
    std::optional<RunState> old;
    if (fs::exists(state_path, ec)) {
      std::string text = read_small(state_path);
      old = RunState::from_json(text);
      if (!old && !restart)
        throw BatchError(2, state_path + " is not a state file of this shebao" + restart_hint());
    }
    *resume_after = 0;
    if (!restart && out_exists && out_size > 0) {
      if (!old)
        throw BatchError(2, path + " already exists and is not the output of an interrupted batch (no " +
                                state_path + ")" + restart_hint());
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
      write_state(state_path, state);
    }
    fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd_ < 0) throw BatchError(1, path + ": cannot create: " + sys_error());
  }

  ~JsonlSink() override {
    if (own_ && fd_ >= 0) ::close(fd_);
  }

  void write(const std::vector<std::unique_ptr<Chunk>>& chunks) override {
    buf_.clear();
    for (const auto& ch : chunks)
      for (const OutItem& o : ch->out) {
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

  void finish() override {
    if (own_ && fd_ >= 0) {
      if (::fsync(fd_) != 0) throw BatchError(1, path_ + ": cannot sync: " + sys_error());
      if (::close(fd_) != 0) {
        fd_ = -1;
        throw BatchError(1, path_ + ": cannot close: " + sys_error());
      }
      fd_ = -1;
    }
  }

 private:
  static std::string read_small(const std::string& path) {
    std::string out;
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw BatchError(1, path + ": cannot read: " + sys_error());
    char buf[4096];
    ssize_t n;
    while ((n = ::read(fd, buf, sizeof buf)) > 0 && out.size() < (1u << 20)) out.append(buf, static_cast<std::size_t>(n));
    ::close(fd);
    return out;
  }

  static void write_state(const std::string& path, const RunState& s) {
    const std::string tmp = path + ".tmp";
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) throw BatchError(1, tmp + ": cannot create: " + sys_error());
    try {
      write_all(fd, s.to_json(), tmp);
      if (::fsync(fd) != 0) throw BatchError(1, tmp + ": cannot sync: " + sys_error());
    } catch (...) {
      ::close(fd);
      throw;
    }
    ::close(fd);
    if (std::rename(tmp.c_str(), path.c_str()) != 0) throw BatchError(1, path + ": cannot write: " + sys_error());
  }

  // Drops a partially written last line and returns the input line number of the last complete
  // one (0 when there is none).
  std::uint64_t recover_tail() {
    const off_t size = ::lseek(fd_, 0, SEEK_END);
    if (size < 0) throw BatchError(1, path_ + ": " + sys_error());
    const off_t last_nl = find_back('\n', size);
    const off_t keep = last_nl + 1;  // 0 when there is no complete line
    if (keep != size && ::ftruncate(fd_, keep) != 0)
      throw BatchError(1, path_ + ": cannot truncate the partial last line: " + sys_error());
    if (keep == 0) return 0;
    const off_t start = find_back('\n', last_nl) + 1;
    std::string head(static_cast<std::size_t>(std::min<off_t>(40, last_nl - start)), '\0');
    if (::pread(fd_, head.data(), head.size(), start) != static_cast<ssize_t>(head.size()))
      throw BatchError(1, path_ + ": cannot read: " + sys_error());
    constexpr std::string_view kPrefix = "{\"line\":";
    std::uint64_t n = 0;
    std::size_t i = kPrefix.size();
    bool digits = false;
    if (head.compare(0, kPrefix.size(), kPrefix) == 0)
      for (; i < head.size() && head[i] >= '0' && head[i] <= '9'; ++i, digits = true)
        n = n * 10 + static_cast<std::uint64_t>(head[i] - '0');
    if (!digits || i >= head.size() || head[i] != ',')
      throw BatchError(2, path_ + ": the last line is not an answer of shebao batch" + restart_hint());
    return n;
  }

  // Offset of the last `c` before `end`, or -1.
  off_t find_back(char c, off_t end) {
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

  int fd_ = -1;
  bool own_;
  std::string path_;
  std::string buf_;
};

class SqliteSink : public Sink {
 public:
  SqliteSink(const std::string& path, RunState& state, bool restart, std::uint64_t* resume_after)
      : path_(path) {
    try {
      db_ = std::make_unique<SQLite::Database>(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE, 10000);
      SQLite::Database& db = *db_;
      const std::int64_t app = pragma_int(db, "application_id");
      const std::int64_t tables = db.execAndGet("SELECT count(*) FROM sqlite_master").getInt64();
      if (app != kResultsApplicationId && (app != 0 || tables > 0))
        throw BatchError(2, path + " is another SQLite file, not shebao batch results; choose another --out");
      set_wal(db, path);
      db.exec("PRAGMA synchronous=NORMAL");  // WAL + NORMAL: a process kill loses nothing committed
      db.exec("BEGIN IMMEDIATE");
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
        if (!old) {
          db.exec("ROLLBACK");
          throw BatchError(2, path + " holds results but no record of the run that made them" + restart_hint());
        }
        if (std::string why = old->mismatch(state); !why.empty()) {
          db.exec("ROLLBACK");
          throw BatchError(2, "cannot resume into " + path + ": " + why + restart_hint());
        }
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
      db.exec("COMMIT");
      insert_ = std::make_unique<SQLite::Statement>(db, "INSERT OR IGNORE INTO results(line, ok, json) VALUES(?, ?, ?)");
    } catch (const SQLite::Exception& e) {
      throw BatchError(1, path + ": " + e.what());
    }
  }

  void write(const std::vector<std::unique_ptr<Chunk>>& chunks) override {
    try {
      db_->exec("BEGIN IMMEDIATE");
      try {
        for (const auto& ch : chunks)
          for (const OutItem& o : ch->out) {
            insert_->reset();
            insert_->bind(1, static_cast<std::int64_t>(o.line));
            insert_->bind(2, o.ok ? 1 : 0);
            insert_->bindNoCopy(3, o.json);
            insert_->exec();
          }
        insert_->reset();
        db_->exec("COMMIT");
      } catch (...) {
        try {
          insert_->reset();
          db_->exec("ROLLBACK");
        } catch (...) {
        }
        throw;
      }
    } catch (const SQLite::Exception& e) {
      throw BatchError(1, path_ + ": cannot write: " + e.what());
    }
  }

  void finish() override {
    try {
      insert_.reset();
      db_->exec("PRAGMA wal_checkpoint(TRUNCATE)");
      db_.reset();
    } catch (const SQLite::Exception& e) {
      throw BatchError(1, path_ + ": " + e.what());
    }
  }

 private:
  std::string path_;
  std::unique_ptr<SQLite::Database> db_;
  std::unique_ptr<SQLite::Statement> insert_;
};

// ---- progress bar -----------------------------------------------------------------------------------
class Progress {
 public:
  Progress(std::ostream& log, bool on, std::uint64_t total_bytes)
      : log_(log), on_(on), total_(total_bytes), start_(Clock::now()), last_(start_) {}

  void update(std::uint64_t lines, std::uint64_t offset, bool force = false) {
    if (!on_) return;
    const auto now = Clock::now();
    if (!force && now - last_ < std::chrono::milliseconds(100)) return;
    last_ = now;
    if (!have_first_) {
      have_first_ = true;
      first_offset_ = offset;
      first_time_ = now;
      first_lines_ = lines;
    }
    const double secs = std::chrono::duration<double>(now - start_).count();
    const double rate = secs > 0 ? static_cast<double>(lines) / secs : 0;
    std::string s = "\r\033[K";
    char buf[160];
    if (total_ > 0) {
      const double frac = std::min(1.0, static_cast<double>(offset) / static_cast<double>(total_));
      const int width = 24;
      const int filled = static_cast<int>(frac * width);
      s += '[';
      s.append(static_cast<std::size_t>(filled), '#');
      s.append(static_cast<std::size_t>(width - filled), '-');
      std::snprintf(buf, sizeof buf, "] %3d%%  ", static_cast<int>(frac * 100));
      s += buf;
    }
    std::snprintf(buf, sizeof buf, "%llu lines  %.0f/s", static_cast<unsigned long long>(lines), rate);
    s += buf;
    const double span = std::chrono::duration<double>(now - first_time_).count();
    if (total_ > 0 && span > 0.5 && offset > first_offset_) {
      const double byte_rate = static_cast<double>(offset - first_offset_) / span;
      const double eta = static_cast<double>(total_ > offset ? total_ - offset : 0) / byte_rate;
      const long e = static_cast<long>(eta + 0.5);
      std::snprintf(buf, sizeof buf, "  ETA %ld:%02ld:%02ld", e / 3600, e / 60 % 60, e % 60);
      s += buf;
    }
    log_ << s << std::flush;
    shown_ = true;
  }
  // Clears the bar (before other text, and at the end).
  void clear() {
    if (on_ && shown_) {
      log_ << "\r\033[K" << std::flush;
      shown_ = false;
    }
  }

 private:
  std::ostream& log_;
  bool on_;
  std::uint64_t total_;
  Clock::time_point start_, last_;
  bool have_first_ = false;
  std::uint64_t first_offset_ = 0, first_lines_ = 0;
  Clock::time_point first_time_;
  bool shown_ = false;
};

InputFormat format_of(const std::string& path) {
  const std::string p = lower(path);
  if (ends_with(p, ".jsonl") || ends_with(p, ".ndjson")) return InputFormat::kJsonl;
  if (ends_with(p, ".csv")) return InputFormat::kCsv;
  return InputFormat::kAuto;
}

}  // namespace

std::string default_batch_output(const std::string& input) {
  if (input == "-" || input.empty()) return "-";
  fs::path p(input);
  std::string stem = p.filename().string();
  const std::string l = lower(stem);
  for (std::string_view ext : {".jsonl", ".ndjson", ".csv", ".json", ".txt"})
    if (ends_with(l, ext)) {
      stem.resize(stem.size() - ext.size());
      break;
    }
  return (p.parent_path() / (stem + ".out.jsonl")).string();
}

BatchSummary run_batch(std::shared_ptr<const PolicySet> set, const BatchOptions& opt,
                       const std::atomic<int>& stop, std::ostream& log) {
  const auto t0 = Clock::now();
  BatchSummary sum;
  if (!set) throw BatchError(1, "no policy set");

  // ---- formats and files ----
  const bool from_stdin = opt.input == "-";
  InputFormat fmt = opt.input_format;
  if (fmt == InputFormat::kAuto) fmt = format_of(opt.input);
  if (fmt == InputFormat::kAuto)
    throw BatchError(2, from_stdin ? std::string("--input-format jsonl|csv is needed to read standard input")
                                   : opt.input + ": unknown input format (name it .jsonl, .ndjson or .csv, or use --input-format)");
  const bool csv = fmt == InputFormat::kCsv;
  const std::string output = opt.output.empty() ? default_batch_output(opt.input) : opt.output;
  sum.output = output;
  const bool to_stdout = output == "-";
  const std::string out_lower = lower(output);
  const bool to_sqlite = !to_stdout && (ends_with(out_lower, ".sqlite") || ends_with(out_lower, ".db") ||
                                        ends_with(out_lower, ".sqlite3"));
  if (to_sqlite && output.empty()) throw BatchError(2, "no output");

  int in_fd = STDIN_FILENO;
  if (!from_stdin) {
    in_fd = ::open(opt.input.c_str(), O_RDONLY | O_CLOEXEC);
    if (in_fd < 0) throw BatchError(1, opt.input + ": cannot read: " + sys_error());
  }
  struct FdCloser {
    int fd;
    bool own;
    ~FdCloser() {
      if (own) ::close(fd);
    }
  } in_closer{in_fd, !from_stdin};

  RunState state;
  state.input_format = csv ? "csv" : "jsonl";
  state.policy_digest = policy_digest(*set);
  state.as_of = opt.as_of ? opt.as_of->to_string() : "";
  state.today = opt.today.to_string();
  state.lang = opt.lang == Lang::kEn ? "en" : "zh";
  std::uint64_t total_bytes = 0;
  if (!from_stdin) {
    struct stat st {};
    if (::fstat(in_fd, &st) != 0) throw BatchError(1, opt.input + ": " + sys_error());
    if (S_ISDIR(st.st_mode)) throw BatchError(1, opt.input + ": is a folder");
    if (S_ISREG(st.st_mode)) {
      total_bytes = static_cast<std::uint64_t>(st.st_size);
      state.size = total_bytes;
      state.mtime_ns = static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
      std::string head(static_cast<std::size_t>(std::min<std::uint64_t>(kHeadHashBytes, total_bytes)), '\0');
      std::size_t got = 0;
      while (got < head.size()) {
        const ssize_t n = ::pread(in_fd, head.data() + got, head.size() - got, static_cast<off_t>(got));
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        got += static_cast<std::size_t>(n);
      }
      head.resize(got);
      state.head_sha256 = sha256_hex(head);
    }
    std::error_code ec;
    if (!to_stdout && fs::exists(output, ec) && fs::equivalent(opt.input, output, ec))
      throw BatchError(2, "the output " + output + " is the input itself");
  }
  {
    std::error_code ec;
    if (!to_stdout && fs::is_directory(output, ec)) throw BatchError(2, output + " already exists and is a folder; --out names a file");
  }
  const bool resumable = !from_stdin && !to_stdout && state.size > 0 && !state.head_sha256.empty();

  // ---- the CSV header (before touching the output) ----
  LineReader reader(in_fd, stop, from_stdin ? "standard input" : opt.input);
  EvalContext ctx;
  ctx.set = set.get();
  ctx.as_of = opt.as_of;
  ctx.lang = opt.lang;
  ctx.csv = csv;
  ctx.audit = !opt.audit.empty();
  ctx.audit_full = opt.audit_full;
  std::uint64_t header_blank = 0;
  if (csv) {
    std::string line;
    bool got = false;
    while (reader.next(line)) {
      if (is_blank(line)) {
        ++header_blank;
        continue;
      }
      got = true;
      break;
    }
    const std::string where = (from_stdin ? std::string("standard input") : opt.input) + ":" + std::to_string(reader.line_no());
    if (!got) throw BatchError(2, (from_stdin ? std::string("standard input") : opt.input) + ": no header row");
    if (line.substr(0, 3) == "\xEF\xBB\xBF") line.erase(0, 3);
    CsvSplit h = split_csv_record(line, ctx.columns);
    if (h.status != CsvStatus::kOk)
      throw BatchError(2, where + ": the header row: " + h.message + " (column " + std::to_string(h.column) + ")");
    std::vector<std::string> problems = check_csv_header(ctx.columns);
    if (!problems.empty()) {
      std::string msg = where + ": the header row names profile paths (person.birth, work.region, ...):";
      for (const auto& p : problems) msg += "\n  " + p;
      throw BatchError(2, msg);
    }
    ctx.header_line = line;
  }

  // ---- the output, and where to resume ----
  std::uint64_t resume_after = 0;
  std::unique_ptr<Sink> sink;
  if (to_stdout) {
    sink = std::make_unique<JsonlSink>();
    state.run_id = new_run_id();
  } else if (!resumable) {
    // Standard input or an empty input: nothing to resume.
    state.run_id = new_run_id();
    if (to_sqlite) {
      sink = std::make_unique<SqliteSink>(output, state, true, &resume_after);
    } else {
      sink = std::make_unique<JsonlSink>(output, state, true, &resume_after);
    }
  } else if (to_sqlite) {
    sink = std::make_unique<SqliteSink>(output, state, opt.restart, &resume_after);
  } else {
    sink = std::make_unique<JsonlSink>(output, state, opt.restart, &resume_after);
  }
  ctx.today = *Date::parse(state.today);
  sum.resumed_after = resume_after;
  sum.last_line = resume_after;

  // ---- the audit log ----
  std::unique_ptr<AuditStore> audit;
  std::uint64_t audit_done = 0;
  const std::string source = "batch:" + state.run_id;
  if (ctx.audit) {
    try {
      audit = std::make_unique<AuditStore>(opt.audit);
      audit_done = static_cast<std::uint64_t>(audit->max_line(source));
    } catch (const StoreError& e) {
      throw BatchError(1, e.what());
    }
  }

  // ---- the pipeline ----
  const unsigned threads = opt.threads ? opt.threads : std::max(1u, std::thread::hardware_concurrency());
  const std::size_t chunk_lines = std::max<std::size_t>(1, opt.chunk);
  const std::uint64_t window = 2ull * threads + 4;  // chunks in flight: read, evaluated, waiting
  std::mutex m;
  std::condition_variable cv_work, cv_done, cv_space;
  std::deque<std::unique_ptr<Chunk>> work;
  std::map<std::uint64_t, std::unique_ptr<Chunk>> done;
  std::uint64_t next_seq = 0, written_seq = 0;
  bool reader_done = false, reached_end = false, aborted = false;
  std::exception_ptr failure;
  std::uint64_t blank = header_blank;

  auto abort_with = [&](std::exception_ptr e) {
    std::lock_guard lk(m);
    if (!failure) failure = e;
    aborted = true;
    cv_work.notify_all();
    cv_done.notify_all();
    cv_space.notify_all();
  };

  std::thread reader_thread([&] {
    RecordSource src(reader, csv, ctx.columns.size());
    bool eof = false;
    try {
      while (!eof && !stop.load()) {
        auto ch = std::make_unique<Chunk>();
        ch->in.reserve(chunk_lines);
        std::size_t bytes = 0;  // long lines make short chunks: memory stays bounded
        while (ch->in.size() < chunk_lines && bytes < kMaxChunkBytes) {
          InItem it;
          if (!src.next(it)) {
            eof = true;
            break;
          }
          if (it.line <= resume_after) continue;
          bytes += it.text.size();
          ch->in.push_back(std::move(it));
        }
        ch->end_offset = reader.offset();
        if (ch->in.empty()) continue;
        std::unique_lock lk(m);
        while (!aborted && !stop.load() && next_seq - written_seq >= window)
          cv_space.wait_for(lk, std::chrono::milliseconds(100));
        if (aborted || stop.load()) break;  // lines read but not queued are redone on resume
        ch->seq = next_seq++;
        work.push_back(std::move(ch));
        cv_work.notify_one();
      }
    } catch (const Stopped&) {
    } catch (...) {
      abort_with(std::current_exception());
    }
    std::lock_guard lk(m);
    reader_done = true;
    reached_end = eof;
    blank += src.blank();
    cv_work.notify_all();
    cv_done.notify_all();
  });

  std::vector<std::thread> workers;
  for (unsigned t = 0; t < threads; ++t)
    workers.emplace_back([&] {
      while (true) {
        std::unique_ptr<Chunk> ch;
        {
          std::unique_lock lk(m);
          cv_work.wait(lk, [&] { return !work.empty() || reader_done || aborted; });
          if (aborted || work.empty()) return;
          ch = std::move(work.front());
          work.pop_front();
        }
        try {
          ch->out.reserve(ch->in.size());
          for (InItem& in : ch->in) ch->out.push_back(evaluate_item(ctx, in));
          std::vector<InItem>().swap(ch->in);
        } catch (...) {
          abort_with(std::current_exception());
          return;
        }
        std::lock_guard lk(m);
        done.emplace(ch->seq, std::move(ch));
        cv_done.notify_all();
      }
    });

  // The writer: this thread.
  Progress progress(log, opt.progress, total_bytes);
  std::uint64_t reported = 0;
  const std::string in_name = from_stdin ? std::string("stdin") : opt.input;
  try {
    while (true) {
      std::vector<std::unique_ptr<Chunk>> ready;
      {
        std::unique_lock lk(m);
        cv_done.wait(lk, [&] {
          return aborted || done.count(written_seq + ready.size()) ||
                 (reader_done && written_seq == next_seq);
        });
        if (aborted) break;
        // Everything ready in order, up to ~1024 lines: one write, one audit transaction.
        std::size_t lines = 0;
        for (auto it = done.find(written_seq); it != done.end() && it->first == written_seq + ready.size() && lines < 1024;
             it = done.find(written_seq + ready.size())) {
          lines += it->second->out.size();
          ready.push_back(std::move(it->second));
          done.erase(it);
        }
        if (ready.empty()) break;  // reader done and everything written
      }
      if (audit) {
        std::vector<AuditRecord> recs;
        const std::string now = utc_now_iso();
        for (const auto& ch : ready)
          for (const OutItem& o : ch->out) {
            if (o.line <= audit_done) continue;  // recorded by the interrupted run
            AuditRecord r;
            r.time = now;
            r.channel = "batch";
            r.policy_digest = state.policy_digest;
            r.as_of = o.as_of;
            r.as_of_fixed = opt.as_of.has_value();
            r.lang = state.lang;
            r.ok = o.ok;
            r.profile_sha256 = o.profile_sha256;
            r.profile_format = csv ? "csv" : "json";
            r.profile = o.profile;
            r.result = o.json;
            r.source = source;
            r.line = static_cast<std::int64_t>(o.line);
            recs.push_back(std::move(r));
          }
        try {
          audit->record_all(recs);
        } catch (const StoreError& e) {
          throw BatchError(1, e.what());
        }
      }
      sink->write(ready);
      for (const auto& ch : ready) {
        for (const OutItem& o : ch->out) {
          ++sum.lines;
          if (o.ok) {
            ++sum.ok;
          } else {
            ++sum.bad;
            if (reported < opt.max_reported) {
              ++reported;
              progress.clear();
              log << in_name << ":" << o.line << ": " << o.first_error << '\n';
            }
          }
          sum.last_line = o.line;
        }
      }
      const std::uint64_t offset = ready.back()->end_offset;
      {
        std::lock_guard lk(m);
        written_seq += ready.size();
        cv_space.notify_all();
      }
      progress.update(sum.lines, offset);
    }
  } catch (...) {
    abort_with(std::current_exception());
  }
  reader_thread.join();
  for (auto& w : workers) w.join();
  progress.clear();
  if (failure) {
    try {
      std::rethrow_exception(failure);
    } catch (const BatchError&) {
      throw;
    } catch (const std::exception& e) {
      throw BatchError(1, e.what());
    }
  }
  sink->finish();
  if (sum.bad > reported && reported > 0)
    log << "... and " << (sum.bad - reported) << " more bad lines (see " << (to_stdout ? "the output" : output) << ")\n";
  sum.blank = blank;
  sum.complete = reached_end;
  if (!reached_end) sum.signal = stop.load();
  sum.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
  return sum;
}

}  // namespace shebao::store
