// The evaluator: (policy set, profile) -> result. The answer depends on nothing else: the same
// inputs give byte-identical results. Any number of threads may evaluate at once against one
// policy set, which is only read. Between calls each thread keeps a memo of parameter lookups
// (engine/src/eval/param_memo.h), never anything that changes an answer; an evaluation nested in
// another on one thread runs without it.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "shebao/calc/retirement.h"
#include "shebao/core/diagnostics.h"
#include "shebao/eval/result.h"
#include "shebao/policy/policy_set.h"
#include "shebao/profile/profile.h"

namespace shebao {

struct EvalOptions {
  EvalOptions() = default;
  EvalOptions(bool explain_trace) : explain(explain_trace) {}  // NOLINT: EvalOptions{true} reads well

  bool explain = false;  // fill EvalResult::trace (every expression then read by the reference evaluator)
  // No language: a result's texts are formatted in either language when it is written.

  // Test only: the evaluation's fast paths, each switched off by its bit, so that tests compare
  // each with the plain path (tests/unit/eval/fast_path_test.cpp). The lowering's own switches
  // are on the program (internal::Lowering). An ordinary evaluation sets none.
  enum Plain : std::uint8_t {
    kNoGuards = 1,             // a condition's guard (first test settles it false) not consulted
    kNoMemo = 2,               // parameters looked up on every read, no thread memo read or written
    kNoParamShortcut = 4,      // a lone parameter evaluated like any other expression
    kNoCompactConditions = 8,  // rules, checks, transfers tried from their own storage
    kReference = 16,           // every expression by the reference evaluator (implies all the above)
    kAllPlain = 31,
  };
  std::uint8_t plain = 0;
};

// Policy limits on profile values (the `constraints:` of the packs, e.g. the pension base ratio
// range). Each violated one is a profile error; an empty vector means the profile is acceptable.
std::vector<FieldError> check_constraints(const PolicySet& set, const Profile& profile);

// Evaluates a validated profile (as_of is the profile's). Never throws.
EvalResult evaluate(const PolicySet& set, const Profile& profile, const EvalOptions& options = {});

// The retirement rules of the national pack (for `shebao retirement`).
const RetirementRules& retirement_rules(const PolicySet& set);

// The nine scheme ids of RESULT.md in their fixed order.
std::span<const std::string_view> scheme_ids();

}  // namespace shebao
