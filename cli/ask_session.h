// `shebao ask`: the question-by-question session, without any terminal. The terminal loop
// (cmd_ask.cpp) only prints question() and feeds input() the lines it reads, so everything here
// is testable with plain strings (tests/unit/ask).
//
// Which question comes next:
//  1. the required fields of the schema (person.birth, person.sex, person.hukou.region,
//     work.region, work.relationship), in schema order, until all are answered;
//  2. then the profile answered so far is read WITHOUT the contract's defaults and evaluated; of
//     the fields the result still `needs` (and that were neither answered nor declared unknown),
//     the one with the highest score is asked: one point for every scheme whose own `needs` lists
//     it, plus one when the top-level `needs` lists it; ties go to schema order;
//  3. when nothing is left, if the contract's defaults would contradict an answer (e.g.
//     coverage.pension.receiving = true while coverage.pension.scheme would default to none), the
//     defaulted field named by the validator is asked;
//  4. otherwise the session is done. Nothing else is hard-coded: what is asked comes from what the
//     rules of the policy packs read.
// A field the result `needs` is asked only when its answer can change the answer (issue 18): the
// profile so far is evaluated once for each value the field can take (every enum value, yes and
// no, every platform named in the schema plus one that is not, a grid of incomes) and the results
// are compared as rendered (JSON, every text); when all are the same, the field is not asked. It is
// not assumed either: it stays unknown, and the final answer lists it in `needs` as any unknown
// field (not_asked() names them). A field that cannot be enumerated (months, dates, ...) is asked.
// When "不知道" is said to which pension (medical) scheme, its follow-ups (coverage.pension.*) are
// not asked.
// Answers may be typed as people say them: the first question asks the birth and the sex together
// ("1994-07 男", "32岁 女"; the sex is asked on its own only when not said), an ID-card number for
// the birth (it also answers the sex, and suggests the hukou region to confirm), an age ("32岁",
// then the month is asked within the same question), incomes as "6000左右", "约6千", "六千".
// Whether a field's answer changes the answer is tried with field_probes (eval/summary.h), the
// values `evaluate` also tries before naming the answer that would settle an open scheme.
// "不知道" / "skip" on an optional field marks it deliberately unknown (never asked again); a
// field the contract gives a default (coverage.*.scheme = none, person.student = false, ...)
// takes it, exactly as if the field were absent from a profile file.
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "shebao/core/date.h"
#include "shebao/core/diagnostics.h"
#include "shebao/core/doc.h"
#include "shebao/core/text.h"
#include "shebao/eval/result.h"
#include "shebao/policy/policy_set.h"
#include "shebao/profile/profile.h"

namespace shebao::ask {

struct Choice {
  std::string value;  // what the answer stands for: enum id, "50", region code
  std::string label;  // words shown with it (may be empty)
};

// The questions about a history of employee pension contributions in several places (asked only
// after the worker says the pension scheme is the employee one): whether paid in another province,
// then period by period where / from / to / anywhere else, then the current place and since when.
// They build coverage.pension.history instead of coverage.pension.region / months_paid.
enum class HistPart : std::uint8_t {
  kNone,           // not a history question
  kAsk,            // paid the employee pension in another province? (yes / no)
  kRegion,         // where (one period)
  kFrom,           // first month of that period
  kTo,             // last month, or "至今" (still paying there: the current place)
  kMore,           // anywhere else? (yes / no)
  kCurrentRegion,  // where the employee pension is paid now
  kCurrentFrom,    // since when there (an open period)
};

struct Question {
  FieldId field = FieldId::kBirth;
  HistPart hist = HistPart::kNone;  // a history question (then `field` only names the region type)
  std::string path;              // "person.birth"
  std::string text;              // the schema label in the session's language (a plain question)
  std::vector<Choice> choices;   // numbered: enum values, allowed years, or regions to pick from
  std::string hint;              // how to answer: "例如 1992-03", "是 / 否", ...
  bool required = false;
  bool choosing = false;         // `choices` are the regions that matched the last answer
  std::string parent;            // choosing the counties of this region (also offered as is)
  std::string suggestion;        // taken on an empty answer or "是" (the hukou region of an ID card)
  std::size_t number = 1;        // 1-based: questions answered so far + 1
};

enum class ReplyKind : std::uint8_t {
  kAccepted,  // the answer was taken; message: how it was understood (may be empty)
  kRejected,  // message: why; ask again
  kChoose,    // several regions matched: question().choices lists them; message: a prompt
  kHelp,      // message: why the question is asked
  kBack,      // the last answer was undone; message: a note
};

struct Reply {
  ReplyKind kind = ReplyKind::kRejected;
  std::string message;
};

// How much the answer depends on one field (question-selection score).
struct NeedScore {
  FieldId field = FieldId::kBirth;
  int schemes = 0;   // schemes whose scheme-level `needs` list it
  bool top = false;  // listed in the top-level `needs`
  int score() const { return schemes + (top ? 1 : 0); }
};
// Fields of `r`'s needs that are still open (`closed(field)` false), best first: highest score,
// then schema order. Paths that are not profile fields are ignored.
template <class Closed>
std::vector<NeedScore> rank_needs(const EvalResult& r, Closed closed);

class AskSession {
 public:
  AskSession(const PolicySet& set, Date as_of, Lang lang);

  bool done() const { return !current_.has_value(); }
  // The question to answer now; only valid when !done().
  const Question& question() const { return *current_; }

  // One line of input: "?"/"？"/help explains, "<"/back/返回 undoes the last answer,
  // "不知道"/skip declares an optional field unknown, anything else is an answer.
  Reply input(std::string_view line);
  // An answer to question(); validated at once.
  Reply answer(std::string_view text);
  // Undoes the last answer (or leaves a pending choice of regions). False when nothing to undo.
  bool back();
  // Why question() is asked: the field's help text and the schemes that depend on it.
  std::string why() const;

  // The evaluation the next question was chosen from (profile without defaults); null before the
  // required fields are answered.
  const EvalResult* current_result() const { return eval_ ? &*eval_ : nullptr; }
  // Scores of the open needs of current_result(), best first.
  std::vector<NeedScore> ranking() const;

  // Answers given so far, as a profile document (schema order; `as_of` only when asked for).
  DocNode answers_doc(bool with_as_of) const;
  // The answers read exactly as `shebao evaluate` reads the saved document: with the contract's
  // defaults and the packs' constraints. Errors are empty when the profile is valid.
  ProfileParse final_profile() const;
  // The field paths in the order they were answered or skipped ("-" prefix: skipped).
  std::vector<std::string> transcript() const;
  std::size_t answers() const { return steps_.size(); }
  // Questions answered so far (an ID-card number answers the birth and the sex at once).
  std::size_t questions() const;
  // Once done(): the fields the result still needs that were not asked because no value of theirs
  // changes the answer (they stay unknown in the final answer). Schema order.
  const std::vector<FieldId>& not_asked() const { return not_asked_; }
  // Whether some value of `f` gives a different answer than the others for the answers so far.
  bool answer_depends_on(FieldId f) const;
  Lang lang() const { return lang_; }

 private:
  struct Step {
    FieldId field;
    bool skipped = false;
    DocNode value;  // the answer as a document scalar (unused when skipped)
    bool with_previous = false;  // given by the same answer as the step before (ID card: sex)
    std::uint32_t id_region = 0;  // birth from an ID card: its first six digits (hukou suggestion)
    HistPart hist = HistPart::kNone;  // an answer to a history question (not a field's value)
  };
  // What the history answers say so far.
  struct HistState {
    bool asked = false;      // the yes/no question was answered
    bool yes = false;        // ... with yes
    bool done = false;       // nothing more to ask about the history
    HistPart next = HistPart::kAsk;
    DocNode periods;         // the completed periods, as coverage.pension.history
    std::size_t count = 0;   // completed periods
    std::string place;       // the region of the period being asked
  };
  static HistState hist_state(const std::vector<Step>& steps);
  bool employee_pension(const std::vector<Step>& steps) const;
  Question make_hist_question(HistPart part) const;
  Question fresh_question() const;
  Reply answer_hist(const std::string& t);

  bool is_answered(FieldId f) const;
  bool is_skipped(FieldId f) const;
  bool closed(FieldId f) const;
  // Whether a worker of this age who has not answered is taken not to be a student (25 or more).
  static bool student_by_default(const Profile& p, Date as_of);
  DocNode doc_of(const std::vector<Step>& steps, bool with_as_of) const;
  // The profile the questions are chosen from: answers without defaults, skipped fields with the
  // default the contract gives them when absent.
  std::optional<Profile> working_profile(const std::vector<Step>& steps,
                                         std::vector<FieldError>* errors) const;
  std::optional<FieldId> consistency_question() const;
  void refresh();
  Question make_question(FieldId f) const;
  Reply accept(DocNode value, bool skipped, std::string echo);
  Reply accept_steps(std::vector<Step> add, std::string echo);
  Reply answer_region(std::string_view text);
  Reply answer_birth(const std::string& t);
  Reply answer_money(const std::string& t, const FieldSpec& spec);
  bool depends(FieldId f, const Profile& p) const;
  void suggest_hukou(Question& q) const;
  Reply reject(const std::string& zh, const std::string& en) const;
  std::string say(const std::string& zh, const std::string& en) const {
    return lang_ == Lang::kEn ? en : zh;
  }

  const PolicySet& set_;
  Date as_of_;
  Lang lang_;
  std::vector<Step> steps_;
  std::optional<EvalResult> eval_;
  std::optional<Question> current_;
  bool student_by_default_ = false;  // person.student is not asked (student_by_default)
  std::optional<int> pending_age_;   // an age was given for the birth: its month is asked
  std::optional<bool> pending_female_;  // the sex said with the birth (true: female), until it is taken
  std::vector<FieldId> not_asked_;
};

// Income as people say it: "6000", "6,000元", "6000左右", "约6000", "6千", "1.2万", "六千",
// "六千五"; the amount in yuan as a plain decimal string, empty when not understood.
std::string parse_loose_money(std::string_view text);

// Words of an enum value taken from the field's help text ("male：男；female：女。" -> 男), in
// `lang`; empty when the help does not describe it.
std::string enum_label(const FieldSpec& f, std::string_view value, Lang lang);

// A small YAML writer for profile documents (mappings of scalars), for --save.
std::string to_yaml(const DocNode& doc);

// ---- template definition ----------------------------------------------------------------------
template <class Closed>
std::vector<NeedScore> rank_needs(const EvalResult& r, Closed closed) {
  std::vector<NeedScore> scores;
  auto entry = [&](std::string_view path) -> NeedScore* {
    const FieldSpec* f = find_field(path);
    if (!f || closed(f->id)) return nullptr;
    for (auto& s : scores)
      if (s.field == f->id) return &s;
    scores.push_back(NeedScore{f->id, 0, false});
    return &scores.back();
  };
  for (const auto& p : r.needs)
    if (NeedScore* s = entry(p)) s->top = true;
  for (const auto& scheme : r.schemes)
    for (const auto& p : scheme.needs)
      if (NeedScore* s = entry(p)) ++s->schemes;
  std::stable_sort(scores.begin(), scores.end(), [](const NeedScore& a, const NeedScore& b) {
    if (a.score() != b.score()) return a.score() > b.score();
    return a.field < b.field;
  });
  return scores;
}

}  // namespace shebao::ask
