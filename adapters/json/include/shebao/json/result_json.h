// EvalResult -> the JSON of ../shared/contract/RESULT.md. Keys are written in one fixed order by a
// small streaming writer, so the same result always gives byte-identical text. Never throws.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "shebao/calc/retirement.h"
#include "shebao/core/diagnostics.h"
#include "shebao/core/text.h"
#include "shebao/eval/result.h"

namespace shebao {

struct JsonOptions {
  Lang lang = Lang::kZh;  // language of every text field
  bool explain = false;   // add the `trace` array
  bool pretty = false;    // 2-space indentation; otherwise compact (no spaces, no newlines)
};

// The RESULT.md object. No trailing newline.
std::string result_to_json(const EvalResult& r, const JsonOptions& opt);

// {"errors":[{"path":"…","code":"…","message":"…","line":N,"column":N}]} (compact). The message is
// message_zh for Lang::kZh when it is not empty, otherwise the English message; `line` and
// `column` are there when the place in the text is known. `path` is a field path or "".
std::string errors_to_json(const std::vector<FieldError>& errors, Lang lang);

// `shebao retirement --format json` (INTERFACES.md): birth (from a.birth), sex ("male" |
// "female", written as given), original_age, delay_months, age, date, min_contribution_years,
// flexible{earliest, latest}. Only opt.pretty is used.
std::string retirement_to_json(const RetirementAnswer& a, std::string_view sex,
                               const JsonOptions& opt = {});

}  // namespace shebao
