#include <iostream>

#include "commands.h"
#include "common.h"
#include "shebao/eval/evaluator.h"
#include "shebao/json/result_json.h"
#include "shebao/text/render_text.h"

namespace shebao::cli {

int run_retirement(const RetirementArgs& a) {
  const Lang lang = parse_lang(a.lang).value_or(Lang::kZh);
  auto birth = YearMonth::parse(a.birth);
  if (!birth) {
    std::cerr << "--birth: '" << a.birth << "' is not a month YYYY-MM\n";
    return kUsage;
  }
  const bool female = a.sex == "female";
  if (!female && a.original_age != 0) {
    std::cerr << "--original-age applies to women only (men's original age is 60)\n";
    return kUsage;
  }
  if (female && a.original_age == 0) {
    std::cerr << "--original-age is required for women: 50 (worker posts) or 55 (cadre posts; "
                 "flexible employees under 劳社部发〔2001〕20号)\n";
    return kUsage;
  }
  LoadedPolicies pol = load_or_report(policies_dir(a.policies), lang);
  if (!pol.set) return kBadPolicy;
  const RetirementRules& rules = retirement_rules(*pol.set);
  const RetirementCategory* cat = retirement_category(rules, female, female ? a.original_age : 60);
  if (!cat) {
    std::cerr << "no retirement category for this person\n";
    return kUsage;
  }
  RetirementAnswer ans = compute_retirement(rules, *cat, *birth);
  if (a.format == "json") std::cout << retirement_to_json(ans, a.sex) << '\n';
  else std::cout << retirement_to_text(ans, female, lang);
  return kOk;
}

}  // namespace shebao::cli
