// EvalResult -> text for people (a service-window clerk can read it aloud), in Chinese or English.
// Lines are wrapped to `width` display columns (CJK characters count two). Never throws.
#pragma once

#include <string>

#include "shebao/calc/retirement.h"
#include "shebao/core/text.h"
#include "shebao/eval/result.h"

namespace shebao {

struct TextOptions {
  Lang lang = Lang::kZh;
  bool explain = false;  // add the rules tried per scheme (✓ matched, ✗ not, ? unknown)
  bool color = false;    // ANSI colours on status words and markers
  int width = 80;        // wrap width in columns; <= 0 means no wrapping
  // By default the answer is short: the bottom line, one line per scheme and per transfer, the
  // other notes, and the count of unconfirmed figures. `details` adds every reason, estimate,
  // option and transfer step; `notes` lists the unconfirmed figures one per line.
  bool details = false;
  bool notes = false;
};

// The whole answer; every line ends with '\n'.
std::string result_to_text(const EvalResult& r, const TextOptions& opt);

// `shebao retirement` in text form; every line ends with '\n'.
std::string retirement_to_text(const RetirementAnswer& a, bool female, Lang lang);

}  // namespace shebao
