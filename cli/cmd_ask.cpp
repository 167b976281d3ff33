// `shebao ask`: guided questions in the terminal. The choice of questions and the checking of
// answers are in ask_session.{h,cpp}; this file only reads lines, prints and saves.
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>

#include "ask_session.h"
#include "commands.h"
#include "common.h"
#include "shebao/core/person_input.h"
#include "shebao/eval/evaluator.h"
#include "shebao/json/result_json.h"
#include "shebao/text/render_text.h"

namespace shebao::cli {
namespace {

struct AskArgs {
  std::string as_of;
  std::string lang = "zh";
  std::string format = "text";
  std::string policies;
  std::string save;
};

constexpr int kExitInterrupted = 130;
constexpr std::size_t kMaxLine = 4096;

volatile std::sig_atomic_t g_interrupted = 0;
extern "C" void on_sigint(int) { g_interrupted = 1; }

enum class Read { kLine, kEof, kInterrupted };

// Reads standard input line by line with read(2), so that Ctrl-C (SIGINT installed without
// SA_RESTART) interrupts a waiting read.
class LineReader {
 public:
  Read next(std::string& line) {
    line.clear();
    for (;;) {
      if (g_interrupted) return Read::kInterrupted;
      if (pos_ < len_) {
        const char c = buf_[pos_++];
        if (c == '\n') return Read::kLine;
        if (line.size() < kMaxLine) line.push_back(c);
        continue;
      }
      const ssize_t n = ::read(STDIN_FILENO, buf_, sizeof buf_);
      if (n < 0) {
        if (errno == EINTR) continue;
        return Read::kEof;
      }
      if (n == 0) return line.empty() ? Read::kEof : Read::kLine;
      len_ = static_cast<std::size_t>(n);
      pos_ = 0;
    }
  }

 private:
  char buf_[4096];
  std::size_t pos_ = 0, len_ = 0;
};

// A line as echoed on a pipe: an ID-card number is never shown whole (issue 18).
std::string shown(const std::string& line) {
  std::string t = line;
  while (!t.empty() && (t.back() == ' ' || t.back() == '\r')) t.pop_back();
  while (!t.empty() && t.front() == ' ') t.erase(0, 1);
  if (t.size() == 18 && parse_id_card(t).info) return t.substr(0, 6) + std::string(12, '*');
  return line;
}

class Terminal {
 public:
  explicit Terminal(Lang lang) : lang_(lang), tty_(isatty(STDIN_FILENO) != 0) {}
  std::string say(const char* zh, const char* en) const { return lang_ == Lang::kEn ? en : zh; }

  // Prints `prompt` and reads one line; on a pipe the line is echoed so that the transcript reads
  // like the dialogue.
  Read ask(const std::string& prompt, std::string& line) {
    std::cout << prompt << std::flush;
    const Read r = in_.next(line);
    if (r == Read::kLine && !tty_) std::cout << shown(line) << '\n';
    if (r != Read::kLine) std::cout << '\n';
    std::cout << std::flush;
    return r;
  }

  int leave(Read r, bool after_answer) {
    if (r == Read::kInterrupted) {
      std::cout << (after_answer ? say("已中断，没有保存。", "Interrupted; nothing was saved.")
                                 : say("已中断，没有保存任何内容。", "Interrupted; nothing was saved."))
                << std::endl;
      return kExitInterrupted;
    }
    std::cout << say("已退出，没有保存任何内容。", "Left; nothing was saved.") << std::endl;
    return kFailure;
  }

 private:
  Lang lang_;
  bool tty_;
  LineReader in_;
};

void show_choices(const ask::Question& q) {
  for (std::size_t i = 0; i < q.choices.size(); ++i) {
    const ask::Choice& c = q.choices[i];
    // Words only: no enum ids or region codes (a region's full name tells it apart).
    std::cout << "  " << i + 1 << ") " << (c.label.empty() ? c.value : c.label) << '\n';
  }
}

void show_question(const ask::Question& q, Lang lang) {
  std::cout << '\n' << (lang == Lang::kEn ? "Question " : "问题 ") << q.number
            << (lang == Lang::kEn ? ": " : "：") << q.text << '\n';
  show_choices(q);
  std::cout << "  (" << q.hint << ")\n";
}

bool save_yaml(const ask::AskSession& s, const std::string& file, bool with_as_of, Lang lang) {
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  if (out) {
    out << "# " << (lang == Lang::kEn ? "Answers given to `shebao ask`; evaluate again with `shebao evaluate "
                                      : "`shebao ask` 的回答；可用 `shebao evaluate ")
        << file << (lang == Lang::kEn ? "`.\n" : "` 再次查看。\n");
    out << ask::to_yaml(s.answers_doc(with_as_of));
  }
  if (!out) {
    std::cout << (lang == Lang::kEn ? "Cannot write " : "无法写入 ") << file << std::endl;
    return false;
  }
  std::cout << (lang == Lang::kEn ? "Saved to " + file + "; to see the answer again: shebao evaluate " + file
                                  : "已保存到 " + file + "。下次查看结果：shebao evaluate " + file)
            << std::endl;
  return true;
}

int run_ask(const AskArgs& a) {
  const Lang lang = parse_lang(a.lang).value_or(Lang::kZh);
  std::optional<Date> as_of;
  if (!parse_as_of_option(a.as_of, as_of)) return kUsage;
  LoadedPolicies pol = load_or_report(policies_dir(a.policies), lang);
  if (!pol.set) return kBadPolicy;

  struct sigaction sa {};
  sa.sa_handler = on_sigint;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = 0;  // no SA_RESTART: a waiting read returns EINTR
  sigaction(SIGINT, &sa, nullptr);

  Terminal term(lang);
  ask::AskSession s(*pol.set, as_of.value_or(today_cst()), lang);
  std::cout << term.say(
                   "回答几个问题，看看您能参加哪些社会保险；只问结果还取决于的事。\n"
                   "输入 ? 看为什么问这个，< 返回上一题；可选的问题不清楚就回答“不知道”。Ctrl-D 退出。\n",
                   "Answer a few questions to see which social insurance you can join; only what the answer "
                   "still depends on is asked.\nType ? to see why a question is asked, < to go back; say "
                   "\"skip\" when you do not know an optional answer. Ctrl-D leaves.\n");

  bool show = true;
  std::string line;
  while (!s.done()) {
    if (show) show_question(s.question(), lang);
    show = false;
    if (Read r = term.ask("> ", line); r != Read::kLine) return term.leave(r, false);
    const ask::Reply reply = s.input(line);
    switch (reply.kind) {
      case ask::ReplyKind::kAccepted:
        if (!reply.message.empty()) std::cout << "  " << reply.message << '\n';
        show = true;
        break;
      case ask::ReplyKind::kRejected:
        std::cout << "  ✗ " << reply.message << '\n';
        break;
      case ask::ReplyKind::kChoose:
        std::cout << "  " << reply.message << '\n';
        show_choices(s.question());
        std::cout << "  (" << s.question().hint << ")\n";
        break;
      case ask::ReplyKind::kHelp: {
        std::string text = reply.message;
        for (auto p = text.find('\n'); p != std::string::npos; p = text.find('\n', p + 1))
          text.insert(p + 1, "  ");
        std::cout << "  " << text << '\n';
        break;
      }
      case ask::ReplyKind::kBack:
        std::cout << "  " << reply.message << '\n';
        show = true;
        break;
    }
  }

  ProfileParse final = s.final_profile();
  if (!final.profile) {
    print_field_errors(final.errors, lang);
    return kBadProfile;
  }
  const EvalResult r = evaluate(*pol.set, *final.profile);
  if (!s.not_asked().empty()) {  // said, never assumed: they stay unknown in the answer
    std::cout << '\n' << term.say("没有问这些，因为按您的回答，怎么答都不改变结果（结果里按“不知道”处理）：",
                                   "Not asked, since with your answers no answer to them changes the result (left as unknown):")
              << '\n';
    for (FieldId f : s.not_asked()) std::cout << "  · " << field_spec(f).label.get(lang) << '\n';
  }
  std::cout << '\n' << term.say("—— 结果 ——", "—— Answer ——") << "\n\n";
  if (a.format == "json") {
    std::cout << result_to_json(r, JsonOptions{lang, false, false}) << '\n';
  } else {
    TextOptions opt;
    opt.lang = lang;
    opt.color = isatty(STDOUT_FILENO) && !std::getenv("NO_COLOR");
    std::cout << result_to_text(r, opt);
  }
  std::cout << std::flush;

  const bool with_as_of = as_of.has_value();
  if (!a.save.empty()) return save_yaml(s, a.save, with_as_of, lang) ? kOk : kFailure;
  std::cout << '\n';
  const Read rd = term.ask(term.say("要保存这次的回答，下次不用再答一遍吗？要的话输入一个名字（例如 我的回答），不要就直接回车：",
                                    "Keep these answers so you need not answer again next time? Type a name "
                                    "(e.g. my-answers), or press Enter to skip: "),
                           line);
  if (rd == Read::kInterrupted) return term.leave(rd, true);
  std::string file = line;
  while (!file.empty() && (file.back() == ' ' || file.back() == '\r')) file.pop_back();
  while (!file.empty() && file.front() == ' ') file.erase(0, 1);
  for (const char* no : {"n", "N", "no", "否", "不", "不用", "不保存", "skip"})
    if (file == no) file.clear();
  if (rd != Read::kLine || file.empty()) return kOk;
  // A plain name gets the extension `evaluate` reads the file by.
  if (file.find('.') == std::string::npos) file += ".yaml";
  return save_yaml(s, file, with_as_of, lang) ? kOk : kFailure;
}

const RegisterCommand kAsk{
    "ask", "逐题问答 / guided questions: asks only what the answer still depends on",
    [](CLI::App& sub) {
      auto args = std::make_shared<AskArgs>();
      sub.add_option("--as-of", args->as_of, "查询日期 date of the question, YYYY-MM-DD (default: today)");
      sub.add_option("--lang", args->lang, "zh | en")->check(CLI::IsMember({"zh", "en"}))->default_val("zh");
      sub.add_option("--format", args->format, "text | json (the final answer)")
          ->check(CLI::IsMember({"text", "json"}))
          ->default_val("text");
      sub.add_option("--policies", args->policies, "folder of policy packs (default: the bundled ones)");
      sub.add_option("--save", args->save, "save the answers as YAML to FILE without asking");
      return [args] { return run_ask(*args); };
    }};

}  // namespace
}  // namespace shebao::cli
