// `shebao batch`: evaluates many profiles, on all cores, with memory that stays flat whatever the
// input size, and resumes after an interruption.
//
// Input: JSONL (one JSON profile per line) or CSV (see shebao/store/csv_profile.h: a header of
// profile paths or the page's labels), UTF-8 or GB18030 (a CSV is recognised, or the encoding named; converted with
// iconv). An .xlsx input is refused with the advice to save it as CSV.
// Output: JSONL, one line per input line in input order — {"line":N,"result":{…RESULT.md…}} or
// {"line":N,"errors":[…]} — or a SQLite file with a table results(line INTEGER PRIMARY KEY, ok,
// json); or a summary (--summary, or OUT named .csv / .xlsx): one row per input row with the id
// and extra.* columns, per scheme status, channel, region, amounts, determined, needs; or a
// comparison (compare_set / compare_as_of): per worker the schemes whose status, channel or
// amounts differ, and statistics. Blank lines are skipped. For CSV, N is the physical line where
// the record starts (the header is line 1).
//
// Layout (adapters/batch/src): reader.* (lines, records, encoding.*), job.* (one record:
// read, evaluate, format; summary.*), pool.* (reader thread, N workers, ordered writer), sinks.*
// (JSONL/CSV text, SQLite), spreadsheet.* (statistics, XLSX, template), progress.*, run_state.*
// (what a run computes, for resume), and batch.cpp, which puts them together.
//
// Pipeline: one reader thread cuts the input into chunks, N worker threads evaluate them (the
// policy set is immutable and shared), one writer thread writes chunks in input order. The number
// of chunks in flight is bounded, so memory does not grow with the input.
//
// Resume: before writing anything the run records what it is computing — the input's size, mtime
// and a hash of its first MiB, the policy digest, the as_of/today/lang used — in OUT.state (JSONL)
// or in a batch_state table (SQLite). Re-run with the same arguments, it checks that record
// (refusing with exit 2 when the input, the packs or the options changed, unless `restart`),
// drops a partially written last line, and continues after the last line written. Every input
// line thus ends with exactly one output line. With an audit log, lines already recorded by the
// interrupted run are not recorded twice. A summary or comparison CSV resumes the same way; an
// XLSX is written at the end from a resumable OUT.part.csv (its statistics read back from it, so
// they cover every run).
#pragma once

#include <atomic>
#include <cstdint>
#include <iosfwd>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>

#include "shebao/core/date.h"
#include "shebao/core/text.h"
#include "shebao/policy/policy_set.h"

namespace shebao::batch {

enum class InputFormat : std::uint8_t { kAuto, kJsonl, kCsv };

struct BatchOptions {
  std::string input;          // a file, or "-" for standard input (no resume then)
  std::string output;         // "" = the input's name with .out.jsonl (.summary.csv with summary,
                              // .compare.csv when comparing; "-" input: stdout); "-" = stdout;
                              // *.sqlite / *.db = SQLite; *.csv / *.xlsx = summary; else JSONL
  bool summary = false;       // the summary even when OUT does not say so (e.g. "-")
  std::string encoding;       // "" = UTF-8, or for CSV GB18030 when not UTF-8 but it decodes; "utf-8" | "gb18030"
  // Comparison: the "before" evaluation is with these packs (else `set`) and on this date (else
  // the profile's own); the "after" is the normal one. Either makes the output a comparison.
  std::shared_ptr<const PolicySet> compare_set;
  std::string compare_label;  // what compare_set is (its folder), for messages and the resume record
  std::optional<Date> compare_as_of;
  InputFormat input_format = InputFormat::kAuto;  // kAuto: by extension (.jsonl .ndjson .csv)
  unsigned threads = 0;       // evaluation threads; 0 = one per core
  std::optional<Date> as_of;  // imposed on every profile
  Date today;                 // as_of of profiles that have none (a resumed run keeps the first's)
  Lang lang = Lang::kZh;
  std::string audit;          // audit log file; "" = none
  bool audit_full = false;    // keep the profile text in the audit log
  bool restart = false;       // start over even if OUT holds another run's answers
  bool progress = false;      // draw a progress line on `log` (the caller checks it is a terminal)
  bool quiet = false;         // no notes on `log` (bad lines are still counted and written)
  std::size_t max_reported = 20;  // bad lines described on `log`; the others only in the output
  std::size_t chunk = 64;     // lines per unit of work
};

struct BatchSummary {
  std::uint64_t lines = 0;          // profiles answered in this run (ok + bad)
  std::uint64_t ok = 0;
  std::uint64_t bad = 0;
  std::uint64_t blank = 0;          // blank lines skipped
  std::uint64_t resumed_after = 0;  // input lines up to this one were done by an earlier run
  std::uint64_t last_line = 0;      // every input line up to this one has its answer
  double seconds = 0;
  bool complete = false;            // the whole input was read
  int signal = 0;                   // the signal that interrupted the run (0: none)
  std::string output;               // where the answers went ("-": stdout)
  std::string encoding;             // the input's: "utf-8" or "gb18030"
  bool encoding_detected = false;   // found by looking at the input (not named)
  std::string statistics;           // comparison: the statistics table as text ("" otherwise)
  std::string statistics_file;      // where the statistics were written ("" none)
};

// A problem that stops the batch: exit_code 2 for usage and refused resumes, 1 for I/O.
class BatchError : public std::runtime_error {
 public:
  BatchError(int code, const std::string& what) : std::runtime_error(what), exit_code(code) {}
  int exit_code;
};

// Runs the batch. `stop` is polled: when it becomes non-zero (a signal number, set by the
// caller's handler) reading stops, what is in flight is written, and the summary says
// signal = stop. Bad lines (the first max_reported), the progress bar and notes go to `log`.
BatchSummary run_batch(std::shared_ptr<const PolicySet> set, const BatchOptions& options,
                       const std::atomic<int>& stop, std::ostream& log);

// The default output of an input: "dir/x.csv" -> "dir/x.out.jsonl" (suffix: ".out.jsonl",
// ".summary.csv" or ".compare.csv").
std::string default_batch_output(const std::string& input, std::string_view suffix = ".out.jsonl");

// Writes the input template (the header row of the page's labels in `lang`) as .csv or .xlsx.
void write_batch_template(const std::string& path, Lang lang);

}  // namespace shebao::batch
