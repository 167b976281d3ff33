// `shebao batch IN [--out OUT] [--threads N] ...`: many profiles at once (adapters/batch).
#include <signal.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <atomic>
#include <cstdio>
#include <iostream>
#include <memory>

#include "commands.h"
#include "common.h"
#include "shebao/batch/batch.h"

namespace shebao::cli {

namespace {

struct BatchArgs {
  std::string input;
  std::string output;
  std::string input_format;
  unsigned threads = 0;
  std::string policies;
  std::string as_of;
  std::string audit;
  bool audit_full = false;
  std::string lang = "zh";
  bool restart = false;
  bool summary = false;
  std::string encoding;
  std::string template_out;
  bool progress = false;
  bool quiet = false;
  std::string compare_policies;
  std::string compare_as_of;
};

std::atomic<int> g_stop{0};
static_assert(std::atomic<int>::is_always_lock_free);

extern "C" void on_stop_signal(int sig) { g_stop.store(sig); }

void install_stop_handlers() {
  struct sigaction sa {};
  sa.sa_handler = on_stop_signal;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = SA_RESETHAND;  // a second Ctrl-C ends the process at once (resume still works)
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
  signal(SIGPIPE, SIG_IGN);  // a closed pipe is a write error, reported
}

std::string rate(double lines, double secs) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.0f", secs > 0 ? lines / secs : 0.0);
  return buf;
}

int run_batch_command(const BatchArgs& a) {
  const Lang lang = parse_lang(a.lang).value_or(Lang::kZh);
  if (!a.template_out.empty()) {
    try {
      batch::write_batch_template(a.template_out, lang);
    } catch (const batch::BatchError& e) {
      std::cerr << "shebao batch: " << e.what() << '\n';
      return e.exit_code;
    }
    if (!a.quiet) std::cerr << "shebao batch: template written to " << a.template_out << '\n';
    return kOk;
  }
  if (a.input.empty()) {
    std::cerr << "shebao batch: the input file is needed (or --template FILE)\n";
    return kUsage;
  }
  batch::BatchOptions opt;
  opt.input = a.input;
  opt.output = a.output;
  opt.input_format = a.input_format == "jsonl" ? batch::InputFormat::kJsonl
                     : a.input_format == "csv" ? batch::InputFormat::kCsv
                                               : batch::InputFormat::kAuto;
  opt.threads = a.threads;
  opt.lang = parse_lang(a.lang).value_or(Lang::kZh);
  if (!parse_as_of_option(a.as_of, opt.as_of)) return kUsage;
  if (a.audit_full && a.audit.empty()) {
    std::cerr << "--audit-full needs --audit FILE\n";
    return kUsage;
  }
  opt.audit = a.audit;
  opt.audit_full = a.audit_full;
  opt.restart = a.restart;
  opt.today = today_cst();
  opt.progress = a.progress || (!a.quiet && isatty(STDERR_FILENO) != 0);
  opt.quiet = a.quiet;
  opt.summary = a.summary;
  opt.encoding = a.encoding;
  if (!a.compare_as_of.empty()) {
    std::optional<Date> d;
    if (!parse_as_of_option(a.compare_as_of, d)) return kUsage;
    opt.compare_as_of = d;
  }

  LoadedPolicies pol = load_or_report(policies_dir(a.policies), lang);
  if (!pol.set) return kBadPolicy;
  if (!a.compare_policies.empty()) {
    LoadedPolicies old = load_or_report(a.compare_policies, lang);
    if (!old.set) return kBadPolicy;
    opt.compare_set = old.set;
    opt.compare_label = a.compare_policies;
  }
  install_stop_handlers();
  batch::BatchSummary s;
  try {
    s = batch::run_batch(pol.set, opt, g_stop, std::cerr);
  } catch (const batch::BatchError& e) {
    std::cerr << "shebao batch: " << e.what() << '\n';
    return e.exit_code;
  }
  const std::string out = s.output == "-" ? std::string("standard output") : s.output;
  if (s.complete && s.lines == 0 && s.resumed_after > 0) {
    std::cerr << "shebao batch: nothing left to do: every line up to " << s.resumed_after
              << " already has its answer in " << out << '\n';
    return kOk;
  }
  std::string line = "shebao batch: " + std::to_string(s.lines) + " lines, " + std::to_string(s.ok) + " ok, " +
                     std::to_string(s.bad) + " bad";
  if (s.blank) line += ", " + std::to_string(s.blank) + " blank skipped";
  char secs[32];
  std::snprintf(secs, sizeof secs, "%.2f", s.seconds);
  line += ", " + std::string(secs) + " s, " + rate(static_cast<double>(s.lines), s.seconds) + " profiles/s -> " + out;
  if (s.resumed_after) line += " (resumed after line " + std::to_string(s.resumed_after) + ")";
  if (!a.quiet) std::cerr << line << '\n';
  if (!s.statistics.empty() && !a.quiet) {
    std::cerr << "shebao batch: " << (lang == Lang::kEn ? "changes (old -> new):" : "变化（原 -> 新）：") << '\n'
              << s.statistics;
  }
  if (!s.statistics_file.empty() && !a.quiet) std::cerr << "shebao batch: statistics -> " << s.statistics_file << '\n';
  if (!s.complete) {
    const int sig = s.signal ? s.signal : SIGINT;
    std::cerr << "shebao batch: interrupted after " << s.last_line << " lines; re-run the same command to resume\n";
    return 128 + sig;
  }
  return kOk;
}

const RegisterCommand kBatch{
    "batch", "批量评估 / evaluate many profiles: JSONL or CSV in, JSONL or SQLite out; resumable",
    [](CLI::App& sub) {
      auto a = std::make_shared<BatchArgs>();
      sub.add_option("input", a->input,
                     "profiles: JSONL (one JSON profile per line) or CSV (header row of profile paths, e.g. "
                     "person.birth,work.region, or the page's labels 出生年月,就业（接单）所在地); UTF-8 or GB18030; "
                     "- for standard input (with --input-format)");
      sub.add_option("--out", a->output,
                     "answers: JSONL (default: IN with .out.jsonl; - for standard output), SQLite (.sqlite/.db), "
                     "or the summary as .csv (UTF-8 with BOM; statistics beside it in OUT.stats.csv) or .xlsx");
      sub.add_flag("--summary", a->summary,
                   "one row per worker (status, channel, place, amounts per scheme) instead of whole results; "
                   "default OUT: IN with .summary.csv");
      sub.add_option("--encoding", a->encoding, "encoding of IN: utf-8 | gb18030 (default: detected)")
          ->check(CLI::IsMember({"utf-8", "utf8", "gb18030", "gbk"}));
      sub.add_option("--template", a->template_out,
                     "write the input template (header row of the page's labels) to this .csv or .xlsx and stop");
      sub.add_flag("--progress", a->progress, "show progress on standard error even when it is not a terminal");
      sub.add_flag("--quiet", a->quiet, "no progress and no notes on standard error");
      sub.add_option("--compare-policies", a->compare_policies,
                     "compare with the answers under these (old) packs: per worker the schemes that change "
                     "(default OUT: IN with .compare.csv, statistics beside it)");
      sub.add_option("--compare-as-of", a->compare_as_of,
                     "compare with the answers on this (earlier) date, YYYY-MM-DD: DATE is the before, the "
                     "profile's date (or --as-of) the after");
      sub.add_option("--input-format", a->input_format, "jsonl | csv (default: by the extension of IN)")
          ->check(CLI::IsMember({"jsonl", "csv"}));
      sub.add_option("--threads", a->threads, "evaluation threads (default: one per core)")
          ->check(CLI::Range(1u, 1024u));
      sub.add_option("--policies", a->policies, "folder of policy packs (default: the bundled ones)");
      sub.add_option("--as-of", a->as_of, "查询日期 date of the question for every profile, YYYY-MM-DD "
                                          "(default: each profile's, else today)");
      sub.add_option("--audit", a->audit, "record every answer in this SQLite audit log");
      sub.add_flag("--audit-full", a->audit_full, "keep the profiles themselves in the audit log too");
      sub.add_option("--lang", a->lang, "zh | en")->check(CLI::IsMember({"zh", "en"}))->default_val("zh");
      sub.add_flag("--restart", a->restart, "start over even if OUT holds the answers of an earlier run");
      return [a] { return run_batch_command(*a); };
    }};

}  // namespace

}  // namespace shebao::cli
