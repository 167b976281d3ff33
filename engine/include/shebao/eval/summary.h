// The bottom line of a result: what to do, in what order, and what it costs the worker. Built
// from an EvalResult after the evaluation (renderers call it), so the evaluation itself stays as
// fast as before. Which schemes are actions and their wording are policy: a scheme takes part
// only when the pack rule that decided it gives `then.advice`. What this file decides is only the
// arrangement DECISIONS.md sets: mandatory first, then by the advice's priority; schemes that name
// each other as alternatives form one "choose one" action; the total counts every single action and
// the cheapest side of each choice.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "shebao/core/money.h"
#include "shebao/eval/result.h"
#include "shebao/profile/profile.h"

namespace shebao {

enum class ActionKind : std::uint8_t {
  kDo,         // one scheme: join it, keep paying, or ask the platform
  kChooseOne,  // two or more schemes that are each other's alternatives: pick one
  kCheck,      // one scheme whose answer is still open: find out first
};
std::string_view action_kind_id(ActionKind k);  // "do" | "choose_one" | "check"

// The worker's own yearly and monthly cost of one scheme, from its estimate.
struct ActionCost {
  std::optional<Money> monthly;  // monthly-base schemes only
  Money annual;
};

// The worker's own cost of `s` by its estimate; absent when there is no yearly estimate.
std::optional<ActionCost> own_cost(const SchemeResult& s);

struct SummaryOption {
  const SchemeResult* scheme = nullptr;  // a scheme of the result, with its `advice`
  // Absent when the worker pays nothing for it (the platform or an employer's side only) or when
  // the estimate is withheld; `cost_known` tells the two apart.
  std::optional<ActionCost> cost;
  bool cost_known = true;
};

struct SummaryAction {
  ActionKind kind = ActionKind::kDo;
  int priority = 0;  // mandatory schemes -1, else the lowest advice priority of the options
  std::vector<SummaryOption> options;  // one, or each side of a choice
};

struct Summary {
  std::vector<SummaryAction> actions;
  // The worker's cost of every single action plus the cheapest side of each choice: `annual` a
  // year, `monthly` its twelfth (rounded to the fen). `at_least` when a choice was counted at its
  // cheapest side; `complete` false when some action's cost is not known.
  Money monthly, annual;
  bool at_least = false;
  bool complete = true;
  // The one answer that would settle the most open schemes, and those schemes: an answer some
  // value of which changes each of them (SchemeResult::inert_needs).
  std::optional<std::string_view> settle;
  std::vector<std::string_view> settles;
  // Options whose advice names a deadline, and the documents to bring (each once).
  std::vector<const SchemeResult*> deadlines;
  std::vector<TextView> bring;
};

Summary summarize(const EvalResult& r);

// One value a field is tried with to find whether its answer changes a result.
struct FieldProbe {
  std::int64_t value = 0;     // FieldValue::value
  std::string_view platform;  // work.platform: the platform id
};
// The values `f` is tried with (`shebao ask` before asking a field, `evaluate` before naming an
// answer that would settle an open scheme): every enum value, no and yes, every platform the
// schema names plus one it does not, a grid of monthly incomes. Empty when the values cannot be
// enumerated (months, dates, regions, ratios): such a field is taken to matter.
std::vector<FieldProbe> field_probes(FieldId f);
// `p` with `f` set to the probe's value.
void set_probe(Profile& p, FieldId f, const FieldProbe& v);

// The alternatives of `s` that are open to the person: an alternative whose own scheme is
// settled as not_eligible or not_available is not offered (a 56-year-old woman past retirement is
// not told to switch to the employee pension). Renderers show these, not `s.alternatives`.
std::vector<std::string_view> open_alternatives(const EvalResult& r, const SchemeResult& s);

}  // namespace shebao
