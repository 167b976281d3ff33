#include <unistd.h>

#include <cstdlib>
#include <iostream>

#include "commands.h"
#include "common.h"
#include "shebao/eval/evaluator.h"
#include "shebao/json/result_json.h"
#include "shebao/text/render_text.h"

namespace shebao::cli {

int run_evaluate(const EvaluateArgs& a) {
  const Lang lang = parse_lang(a.lang).value_or(Lang::kZh);
  const bool json = a.format == "json";
  std::optional<Date> as_of;
  if (!parse_as_of_option(a.as_of, as_of)) return kUsage;
  LoadedPolicies pol = load_or_report(policies_dir(a.policies), lang);
  if (!pol.set) return kBadPolicy;
  std::string text, error;
  if (!read_input(a.file, text, error)) {
    std::cerr << a.file << ": " << error << '\n';
    return kFailure;
  }
  ProfileInput in = read_profile_text(*pol.set, text, as_of, today_cst());
  if (!in.errors.empty()) {
    print_field_errors(in.errors, lang);
    if (json) std::cout << errors_to_json(in.errors, lang) << '\n';
    return kBadProfile;
  }
  EvalOptions eval_opt;
  eval_opt.explain = a.explain;
  EvalResult r = evaluate(*pol.set, *in.profile, eval_opt);
  if (json) {
    std::cout << result_to_json(r, JsonOptions{lang, a.explain, a.pretty}) << '\n';
  } else {
    TextOptions opt;
    opt.lang = lang;
    opt.explain = a.explain;
    opt.details = a.details || a.explain;
    opt.notes = a.notes;
    opt.color = isatty(STDOUT_FILENO) && !std::getenv("NO_COLOR");
    std::cout << result_to_text(r, opt);
  }
  keep_until_exit(std::move(pol.set));
  return kOk;
}

}  // namespace shebao::cli
