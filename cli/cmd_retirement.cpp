#include <iostream>
#include <optional>
#include <string>
#include <string_view>

#include "commands.h"
#include "common.h"
#include "shebao/eval/evaluator.h"
#include "shebao/json/result_json.h"
#include "shebao/text/render_text.h"

namespace shebao::cli {

namespace {

std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

// "female" | "male" for 女, 女性, female, f, F, ... and 男, 男性, male, m, ...; nullopt otherwise.
std::optional<std::string> parse_sex(std::string_view s) {
  const std::string l = ascii_lower(s);
  if (l == "female" || l == "f" || s == "女" || s == "女性") return "female";
  if (l == "male" || l == "m" || s == "男" || s == "男性") return "male";
  return std::nullopt;
}

// An age or a duration in years and months: "60岁1个月" or "15年6个月" (the Chinese year word
// given as `zh_year`), "60 years 1 month".
std::string years_months_words(std::int32_t months, std::string_view zh_year, Lang lang) {
  const YearsMonths ym = YearsMonths::of(months);
  if (lang == Lang::kZh)
    return std::to_string(ym.years) + std::string(zh_year) + (ym.months ? std::to_string(ym.months) + "个月" : "");
  std::string out = std::to_string(ym.years) + " years";
  if (ym.months) out += " " + std::to_string(ym.months) + (ym.months == 1 ? " month" : " months");
  return out;
}
std::string age_words(std::int32_t months, Lang lang) { return years_months_words(months, "岁", lang); }
std::string years_words(std::int32_t months, Lang lang) { return years_months_words(months, "年", lang); }

// "2024年3月" / "March 2024".
std::string month_words(YearMonth m, Lang lang) {
  if (lang == Lang::kZh) return std::to_string(m.year()) + "年" + std::to_string(m.month()) + "月";
  static constexpr const char* kNames[] = {"January", "February", "March",     "April",   "May",      "June",
                                           "July",    "August",   "September", "October", "November", "December"};
  return std::string(kNames[(m.month() - 1) % 12]) + " " + std::to_string(m.year());
}

int usage(Lang lang, const std::string& zh, const std::string& en) {
  std::cerr << (lang == Lang::kZh ? zh : en) << '\n';
  return kUsage;
}

}  // namespace

int run_retirement(const RetirementArgs& a) {
  const Lang lang = parse_lang(a.lang).value_or(Lang::kZh);
  auto birth = YearMonth::parse(a.birth);
  if (!birth)
    return usage(lang, "--birth：“" + a.birth + "”不是年月；请写成 YYYY-MM，例如 1975-03",
                 "--birth: '" + a.birth + "' is not a month; write YYYY-MM, e.g. 1975-03");
  const std::optional<std::string> sex = parse_sex(a.sex);
  if (!sex)
    return usage(lang, "--sex：“" + a.sex + "”无法识别；请写 女 或 男（也可写 female / male）",
                 "--sex: '" + a.sex + "' is not understood; write female or male (女 / 男)");
  const bool female = *sex == "female";
  std::optional<Date> as_of;
  if (!parse_as_of_option(a.as_of, as_of)) return kUsage;

  int original_age = 0;
  if (!a.original_age.empty()) {
    if (a.original_age == "50") original_age = 50;
    else if (a.original_age == "55") original_age = 55;
    else
      return usage(lang,
                   "--original-age：“" + a.original_age + "”不适用；只能是 50（女职工）或 55（女干部）",
                   "--original-age: '" + a.original_age +
                       "' does not apply; it is 50 (women in worker posts) or 55 (women in cadre posts)");
  }
  if (!female && original_age != 0)
    return usage(lang, "--original-age 只适用于女性（男性原法定退休年龄为60岁），请去掉这一项",
                 "--original-age applies to women only (men's original retirement age is 60); leave it out");
  if (female && original_age == 0)
    return usage(lang,
                 "女性还需要用 --original-age 说明原法定退休年龄：\n"
                 "  50  女职工（工人岗位）\n"
                 "  55  女干部（管理、技术岗位）；灵活就业的女性按劳社部发〔2001〕20号也是55岁\n"
                 "例如：shebao retirement --birth " + a.birth + " --sex 女 --original-age 50",
                 "Women also need --original-age, their original statutory retirement age:\n"
                 "  50  women in worker posts\n"
                 "  55  women in cadre posts; also women in flexible employment (劳社部发〔2001〕20号)\n"
                 "e.g. shebao retirement --birth " + a.birth + " --sex female --original-age 50");

  LoadedPolicies pol = load_or_report(policies_dir(a.policies), lang);
  if (!pol.set) return kBadPolicy;
  const RetirementRules& rules = retirement_rules(*pol.set);
  const RetirementCategory* cat = retirement_category(rules, female, female ? original_age : 60);
  if (!cat) {
    std::cerr << (lang == Lang::kZh ? "政策包中没有适用于此人的退休类别\n" : "no retirement category for this person\n");
    return kBadPolicy;
  }
  RetirementAnswer ans = compute_retirement(rules, *cat, *birth);
  if (a.format == "json") {
    std::cout << retirement_to_json(ans, *sex) << '\n';
    return kOk;
  }
  // The bottom line first: when the statutory age is (or was) reached, relative to --as-of or today.
  const YearMonth now = YearMonth::of(as_of ? *as_of : today_cst());
  const bool reached = ans.date <= now;
  if (lang == Lang::kZh) {
    std::cout << (reached ? "您已于" : "您将于") << month_words(ans.date, lang) << "达到法定退休年龄（"
              << age_words(ans.age_months, lang) << "）。\n";
  } else {
    std::cout << (reached ? "You reached the statutory retirement age (" : "You will reach the statutory retirement age (")
              << age_words(ans.age_months, lang) << ") in " << month_words(ans.date, lang) << ".\n";
  }
  std::cout << retirement_to_text(ans, female, lang);
  if (reached) {
    // 国务院关于渐进式延迟法定退休年龄的办法 第二条 (../shared/policy-facts/pension-retirement-transfer.md §1.2).
    if (lang == Lang::kZh)
      std::cout << "达到法定退休年龄时缴费年限不满最低缴费年限（" << years_words(ans.min_contribution_months, lang)
                << "）的，可以按照规定延长缴费或者一次性缴费，达到最低缴费年限后按月领取基本养老金"
                   "（《国务院关于渐进式延迟法定退休年龄的办法》第二条）。\n";
    else
      std::cout << "If your contributions were short of the minimum period ("
                << years_words(ans.min_contribution_months, lang)
                << ") when you reached that age, you can extend contributions or pay the shortfall in one sum, "
                   "and then draw a monthly pension (State Council Measures on Gradually Raising the Statutory "
                   "Retirement Age, Article 2).\n";
  }
  return kOk;
}

}  // namespace shebao::cli
