// run_batch: opens the input and the output, reads the CSV header, chooses the encoding and the
// kind of output, and runs the pipeline (pool.h) with the writer below.
#include "shebao/core/doc_sniff.h"
#include "shebao/batch/batch.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <ostream>
#include <thread>

#include "encoding.h"
#include "job.h"
#include "pool.h"
#include "progress.h"
#include "reader.h"
#include "run_state.h"
#include "shebao/core/hash.h"
#include "shebao/service/service.h"
#include "shebao/store/audit_store.h"
#include "shebao/store/csv_profile.h"
#include "sinks.h"
#include "spreadsheet.h"
#include "summary.h"
#include "util.h"

namespace shebao::batch {

using namespace detail;  // NOLINT: this file puts the private parts together

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr std::size_t kHeadHashBytes = 1u << 20;  // input identity: hash of its first MiB

enum class OutKind : std::uint8_t { kJsonl, kSqlite, kCsv, kXlsx };

InputFormat format_of(const std::string& path) {
  const std::string p = lower(path);
  if (ends_with(p, ".jsonl") || ends_with(p, ".ndjson")) return InputFormat::kJsonl;
  if (ends_with(p, ".csv")) return InputFormat::kCsv;
  return InputFormat::kAuto;
}

bool is_workbook(const std::string& path, std::string_view head) {
  const std::string p = lower(path);
  return ends_with(p, ".xlsx") || ends_with(p, ".xls") || ends_with(p, ".et") ||
         head.substr(0, 4) == std::string_view("PK\x03\x04", 4) ||
         head.substr(0, 8) == std::string_view("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);
}

std::string stats_path_of(const std::string& csv) {
  const std::string l = lower(csv);
  return (ends_with(l, ".csv") ? csv.substr(0, csv.size() - 4) : csv) + ".stats.csv";
}

}  // namespace

std::string default_batch_output(const std::string& input, std::string_view suffix) {
  if (input == "-" || input.empty()) return "-";
  fs::path p(input);
  std::string stem = p.filename().string();
  const std::string l = lower(stem);
  for (std::string_view ext : {".jsonl", ".ndjson", ".csv", ".json", ".txt"})
    if (ends_with(l, ext)) {
      stem.resize(stem.size() - ext.size());
      break;
    }
  return (p.parent_path() / (stem + std::string(suffix))).string();
}

void write_batch_template(const std::string& path, Lang lang) { write_template(path, lang); }

BatchSummary run_batch(std::shared_ptr<const PolicySet> set, const BatchOptions& opt, const std::atomic<int>& stop,
                       std::ostream& log) {
  const auto t0 = Clock::now();
  BatchSummary sum;
  if (!set) throw BatchError(1, "no policy set");
  const bool compare = opt.compare_set || opt.compare_as_of;

  // ---- formats and files ----
  const bool from_stdin = opt.input == "-";
  const std::string in_label = from_stdin ? std::string("standard input") : opt.input;
  InputFormat fmt = opt.input_format;
  if (fmt == InputFormat::kAuto) fmt = format_of(opt.input);
  if (!from_stdin && is_workbook(opt.input, {}))
    throw BatchError(2, opt.input +
                            ": an Excel/WPS workbook is not read; save it as CSV (另存为 CSV，UTF-8 或 GB18030 均可) "
                            "and give that file");
  if (fmt == InputFormat::kAuto)
    throw BatchError(2, from_stdin ? std::string("--input-format jsonl|csv is needed to read standard input")
                                   : opt.input + ": unknown input format (name it .jsonl, .ndjson or .csv, or use --input-format)");
  const bool csv = fmt == InputFormat::kCsv;
  const bool want_rows = compare || opt.summary;
  std::string output = opt.output;
  if (output.empty())
    output = default_batch_output(opt.input, compare ? ".compare.csv" : opt.summary ? ".summary.csv" : ".out.jsonl");
  sum.output = output;
  const bool to_stdout = output == "-";
  const std::string out_lower = lower(output);
  OutKind kind = OutKind::kJsonl;
  if (!to_stdout && (ends_with(out_lower, ".sqlite") || ends_with(out_lower, ".db") || ends_with(out_lower, ".sqlite3")))
    kind = OutKind::kSqlite;
  else if (!to_stdout && ends_with(out_lower, ".xlsx"))
    kind = OutKind::kXlsx;
  else if (ends_with(out_lower, ".csv") || (to_stdout && want_rows))
    kind = OutKind::kCsv;
  if (kind == OutKind::kJsonl && want_rows)
    throw BatchError(2, output + ": the " + std::string(compare ? "comparison" : "summary") + " is written as .csv or .xlsx");
  if (kind == OutKind::kSqlite && compare) throw BatchError(2, "the comparison is written as .csv or .xlsx, not SQLite");
  if (compare && !opt.audit.empty()) throw BatchError(2, "--audit records answers, not comparisons: leave it out");
  const bool rows = kind == OutKind::kCsv || kind == OutKind::kXlsx;
  // XLSX: the rows go to a resumable CSV first, the workbook is made from it at the end.
  const std::string store_path = kind == OutKind::kXlsx ? output + ".part.csv" : output;

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
  state.output = kind == OutKind::kSqlite ? "sqlite" : !rows ? "jsonl" : compare ? "compare" : "summary";
  if (compare)
    state.compare = (opt.compare_set ? "policies " + policy_digest(*opt.compare_set) : std::string()) +
                    (opt.compare_set && opt.compare_as_of ? ", " : "") +
                    (opt.compare_as_of ? "as of " + opt.compare_as_of->to_string() : std::string());
  std::uint64_t total_bytes = 0;
  std::string head;
  if (!from_stdin) {
    struct stat st {};
    if (::fstat(in_fd, &st) != 0) throw BatchError(1, opt.input + ": " + sys_error());
    if (S_ISDIR(st.st_mode)) throw BatchError(1, opt.input + ": is a folder");
    if (S_ISREG(st.st_mode)) {
      total_bytes = static_cast<std::uint64_t>(st.st_size);
      state.size = total_bytes;
      state.mtime_ns = static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
      head.assign(static_cast<std::size_t>(std::min<std::uint64_t>(kHeadHashBytes, total_bytes)), '\0');
      std::size_t got = 0;
      while (got < head.size()) {
        const ssize_t n = ::pread(in_fd, head.data() + got, head.size() - got, static_cast<off_t>(got));
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        got += static_cast<std::size_t>(n);
      }
      head.resize(got);
      state.head_sha256 = sha256_hex(head);
      if (is_workbook("", head))
        throw BatchError(2, opt.input + ": this is an Excel/WPS workbook, not CSV; save it as CSV (另存为 CSV) and give that file");
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

  // ---- the encoding ----
  std::string encoding = lower(opt.encoding);
  if (encoding == "utf8") encoding = "utf-8";
  if (encoding == "gbk" || encoding == "gb2312") encoding = "gb18030";  // GB18030 contains both
  if (!encoding.empty() && encoding != "utf-8" && encoding != "gb18030")
    throw BatchError(2, "--encoding " + opt.encoding + ": utf-8 or gb18030");
  if (encoding.empty()) {
    // Only CSV is looked at: JSON is UTF-8 by definition (RFC 8259), and a JSONL line that is not
    // stays a bad line of its own.
    sum.encoding_detected = true;
    encoding = "utf-8";
    const std::string_view h = head;
    if (csv && !h.starts_with(kUtf8Bom) && !valid_utf8(h) && decodes_as_gb18030(h, head.size() < total_bytes))
      encoding = "gb18030";
  }
  sum.encoding = encoding;
  state.encoding = encoding;
  std::unique_ptr<Decoder> decoder;
  if (encoding == "gb18030") decoder = std::make_unique<Decoder>();
  if (!opt.quiet && (encoding != "utf-8" || !sum.encoding_detected))
    log << "shebao batch: " << in_label << ": encoding " << (encoding == "gb18030" ? "GB18030" : "UTF-8")
        << (sum.encoding_detected ? " (detected: not valid UTF-8)" : " (--encoding)")
        << (decoder ? ", converted to UTF-8 with iconv" : "") << '\n';

  // ---- the CSV header (before touching the output) ----
  LineReader reader(in_fd, stop, in_label);
  RowJob job;
  job.set = set.get();
  job.as_of = opt.as_of;
  job.lang = opt.lang;
  job.csv = csv;
  job.audit = !opt.audit.empty();
  job.audit_full = opt.audit_full;
  // SHEBAO_JSON_FAST=off: JSONL lines only through the reference reader (to compare the two).
  if (const char* v = std::getenv("SHEBAO_JSON_FAST"); v && std::string_view(v) == "off") job.fast_json = false;
  std::uint64_t header_blank = 0;
  std::vector<std::string> header_cells;
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
    const std::string where = in_label + ":" + std::to_string(reader.line_no());
    if (!got) throw BatchError(2, in_label + ": no header row");
    if (decoder) {
      std::string utf8;
      if (!decoder->convert(line, utf8)) throw BatchError(2, where + ": the header row is not GB18030 text");
      line = std::move(utf8);
    }
    if (line.starts_with(kUtf8Bom)) line.erase(0, kUtf8Bom.size());
    store::CsvSplit h = store::split_csv_record(line, header_cells);
    if (h.status != store::CsvStatus::kOk)
      throw BatchError(2, where + ": the header row: " + h.message + " (column " + std::to_string(h.column) + ")");
    std::vector<std::string> problems = store::check_csv_header(header_cells);
    if (!problems.empty()) {
      std::string msg = where +
                        ": the header row names profile paths (person.birth, work.region, ...) or their labels "
                        "(出生年月, 性别, ...; see `shebao batch --template x.csv`):";
      for (const auto& p : problems) msg += "\n  " + p;
      throw BatchError(2, msg);
    }
    job.columns = store::csv_column_paths(header_cells);
    job.header_line = line;
  }
  Layout layout;
  if (rows) {
    // JSONL: the extra.* columns are those of the lines in the first MiB (none from standard input).
    layout = make_layout(*set, opt.lang, compare, job.columns, csv ? std::vector<std::string>{} : extra_keys_of_jsonl(head));
    job.layout = &layout;
    job.output = compare ? JobOutput::kCompare : JobOutput::kSummary;
    job.old_set = opt.compare_set ? opt.compare_set.get() : set.get();
    job.old_as_of = opt.compare_as_of;
  }

  // ---- the output, and where to resume ----
  std::uint64_t resume_after = 0;
  std::unique_ptr<Sink> sink;
  const RecordKind rk = !rows ? RecordKind::kJsonl : compare ? RecordKind::kRowsMany : RecordKind::kRows;
  const std::string header = rows ? layout.header_csv() : std::string();
  if (to_stdout) {
    sink = std::make_unique<TextFileSink>(rk, header);
    state.run_id = new_run_id();
  } else if (kind == OutKind::kSqlite) {
    sink = std::make_unique<SqliteSink>(output, state, opt.restart || !resumable, &resume_after);
  } else {
    sink = std::make_unique<TextFileSink>(rk, header, store_path, state, opt.restart || !resumable, &resume_after);
  }
  job.today = *Date::parse(state.today);
  sum.resumed_after = resume_after;
  sum.last_line = resume_after;

  // ---- the audit log ----
  std::unique_ptr<store::AuditStore> audit;
  std::uint64_t audit_done = 0;
  const std::string source = "batch:" + state.run_id;
  if (job.audit) {
    try {
      audit = std::make_unique<store::AuditStore>(opt.audit);
      audit_done = static_cast<std::uint64_t>(audit->max_line(source));
    } catch (const store::StoreError& e) {
      throw BatchError(1, e.what());
    }
  }

  // ---- the pipeline ----
  PoolConfig cfg;
  cfg.threads = opt.threads ? opt.threads : std::max(1u, std::thread::hardware_concurrency());
  cfg.chunk_lines = opt.chunk;
  cfg.resume_after = resume_after;
  RecordSource source_records(reader, csv, job.columns.size(), decoder.get());
  Progress progress(log, opt.progress && !opt.quiet, total_bytes);
  std::uint64_t reported = 0;
  const std::string in_name = from_stdin ? std::string("stdin") : opt.input;
  PoolResult pr;
  try {
    pr = run_pool(reader, source_records, job, cfg, stop,
                  [&](std::vector<std::unique_ptr<Chunk>>& ready, std::uint64_t offset) {
                    if (audit) {
                      std::vector<store::AuditRecord> recs;
                      const std::string now = store::utc_now_iso();
                      for (const auto& ch : ready)
                        for (const OutItem& o : ch->out) {
                          if (o.line <= audit_done) continue;  // recorded by the interrupted run
                          store::AuditRecord r;
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
                      } catch (const store::StoreError& e) {
                        throw BatchError(1, e.what());
                      }
                    }
                    sink->write(ready);
                    for (const auto& ch : ready)
                      for (const OutItem& o : ch->out) {
                        ++sum.lines;
                        if (o.ok) {
                          ++sum.ok;
                        } else {
                          ++sum.bad;
                          if (reported < opt.max_reported && !opt.quiet) {
                            ++reported;
                            progress.clear();
                            log << in_name << ":" << o.line << ": " << o.first_error << '\n';
                          }
                        }
                        sum.last_line = o.line;
                      }
                    progress.update(sum.lines, offset);
                  });
  } catch (const BatchError&) {
    progress.clear();
    throw;
  } catch (const std::exception& e) {
    progress.clear();
    throw BatchError(1, e.what());
  }
  progress.clear();
  sink->finish();
  if (sum.bad > reported && reported > 0)
    log << "... and " << (sum.bad - reported) << " more bad lines (see " << (to_stdout ? "the output" : output) << ")\n";
  sum.blank = pr.blank + header_blank;
  sum.complete = pr.reached_end;
  if (!pr.reached_end) sum.signal = stop.load();

  // ---- spreadsheets and statistics, once the whole input is answered ----
  if (sum.complete && rows && !to_stdout) {
    Table stats;
    if (compare) {
      stats = compare_statistics(layout, store_path);
      sum.statistics = table_text(stats);
    } else {
      stats = summary_statistics(layout, store_path);
    }
    if (kind == OutKind::kXlsx) {
      write_xlsx(layout, store_path, output, stats);
      std::error_code ec;
      fs::remove(store_path, ec);
      fs::remove(store_path + ".state", ec);
    } else {
      // A CSV summary or comparison: the statistics beside it (OUT.stats.csv), as the XLSX's sheet.
      sum.statistics_file = stats_path_of(output);
      write_table_csv(stats, sum.statistics_file);
    }
  }
  sum.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
  return sum;
}

}  // namespace shebao::batch
