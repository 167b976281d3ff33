// `shebao batch`: evaluates many profiles, on all cores, with memory that stays flat whatever the
// input size, and resumes after an interruption.
//
// Input: JSONL (one JSON profile per line) or CSV (see csv_profile.h). Output: JSONL, one line per
// input line in input order — {"line":N,"result":{…RESULT.md…}} or {"line":N,"errors":[…]} — or a
// SQLite file with a table results(line INTEGER PRIMARY KEY, ok, json). Blank lines are skipped.
// For CSV, N is the physical line where the record starts (the header is line 1).
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
// interrupted run are not recorded twice.
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

namespace shebao::store {

enum class InputFormat : std::uint8_t { kAuto, kJsonl, kCsv };

struct BatchOptions {
  std::string input;          // a file, or "-" for standard input (no resume then)
  std::string output;         // "" = the input's name with .out.jsonl ("-" input: stdout);
                              // "-" = stdout; *.sqlite / *.db = SQLite; anything else JSONL
  InputFormat input_format = InputFormat::kAuto;  // kAuto: by extension (.jsonl .ndjson .csv)
  unsigned threads = 0;       // evaluation threads; 0 = one per core
  std::optional<Date> as_of;  // imposed on every profile
  Date today;                 // as_of of profiles that have none (a resumed run keeps the first's)
  Lang lang = Lang::kZh;
  std::string audit;          // audit log file; "" = none
  bool audit_full = false;    // keep the profile text in the audit log
  bool restart = false;       // start over even if OUT holds another run's answers
  bool progress = false;      // draw a progress bar on `log` (the caller checks it is a terminal)
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

// The default output of an input: "dir/x.csv" -> "dir/x.out.jsonl".
std::string default_batch_output(const std::string& input);

}  // namespace shebao::store
