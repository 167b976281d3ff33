// Hand-built evaluation results shared by the JSON and text renderer tests.
#pragma once

#include <deque>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "shebao/core/date.h"
#include "shebao/core/money.h"
#include "shebao/core/region.h"
#include "shebao/eval/result.h"

namespace shebao::test {

inline Money yuan(std::string_view s) { return *Money::parse(s); }
inline Decimal dec(std::string_view s) { return *Decimal::parse(s); }
inline Region region(std::string_view s) { return *Region::parse(s); }
inline YearMonth ym(int y, unsigned m) { return *YearMonth::from_ym(y, m); }

inline Citation cite(std::string doc, std::string article) {
  return Citation{std::move(doc), std::move(article)};
}

// A result views texts and citations held by the PolicySet; hand-built results keep theirs here,
// for the life of the test program.
inline Citations cites(std::initializer_list<Citation> list) {
  static std::deque<std::vector<Citation>> store;
  return store.emplace_back(list);
}
inline std::span<const std::string> strs(std::initializer_list<std::string> list) {
  static std::deque<std::vector<std::string>> store;
  return store.emplace_back(list);
}
inline ResultText rt(std::string zh, std::string en) { return ResultText::owned(Text{std::move(zh), std::move(en)}); }

inline Amounts amounts(std::string_view personal, std::string_view employer,
                       std::string_view total) {
  return Amounts{yuan(personal), yuan(employer), yuan(total)};
}

// A monthly-base option (ContributionOption is built in place by the evaluator: no aggregate).
inline ContributionOption option(std::string_view id, TextView label, Money base, Amounts monthly, Amounts annual) {
  ContributionOption o;
  o.id = id;
  o.label = label;
  o.base = base;
  o.monthly = monthly;
  o.annual = annual;
  return o;
}

inline SchemeResult scheme(std::string_view id, TextView name, Status status) {
  SchemeResult s;
  s.id = id;
  s.name = name;
  s.status = status;
  return s;
}

// A platform-managed rider with hukou in Lincang working in Kunming, asked on 2026-11-28: all
// nine schemes, one contribution with options, a transfer, needs, warnings and a trace.
inline EvalResult realistic_result() {
  EvalResult r;
  r.as_of = *Date::from_ymd(2026, 11, 28);
  r.policy_set = {"cn-yn-lincang", "sha256:0123456789abcdef0123456789abcdef",
                  strs({"000000", "530000", "530900"})};
  r.age = {34, 8};

  RetirementInfo ri;
  ri.age = {63, 0};
  ri.date = ym(2055, 3);
  ri.original_age = {60, 0};
  ri.delay_months = 36;
  ri.min_contribution = {20, 0};
  ri.flexible_earliest = ym(2052, 3);
  ri.flexible_latest = ym(2058, 3);
  ri.citations = cites({cite("全国人民代表大会常务委员会关于实施渐进式延迟法定退休年龄的决定", "")});
  r.retirement = ri;

  PensionOutlook ou;
  ou.months_paid = 60;
  ou.months_to_retirement = 340;
  ou.projected_months = 400;
  ou.required_months = 240;
  ou.will_meet_minimum = true;
  r.outlook = ou;

  r.relationship.id = "platform_managed";
  r.relationship.label = {"不完全符合确立劳动关系情形但企业对劳动者进行劳动管理",
                          "managed by the platform without a full labour relationship"};
  r.relationship.explanation = {"平台企业应为其参加职业伤害保障；养老、医疗保险可以个人参保。",
                                "The platform must cover occupational injury; pension and "
                                "medical insurance can be joined individually."};
  r.relationship.citations = cites({cite("人社部发〔2021〕56号", "（二）")});

  // 1. Employee pension as a flexible employee, with options.
  {
    auto s = scheme("pension.employee", {"企业职工基本养老保险", "Enterprise employees' basic pension"},
                    Status::kEligible);
    s.channel = Channel::kFlexible;
    s.enrol_region = region("530102");
    s.reasons.push_back({"cn-yn/pension.employee/flexible-at-work-place",
                         rt("灵活就业人员可以在就业地参加职工养老保险。",
                          "Flexible employees may join at the place of work."), cites({cite("云人社发〔2021〕40号", "（九）")})});
    Contribution c;
    c.base_monthly = yuan("7263.00");
    c.base_min = yuan("4357.80");
    c.base_max = yuan("21789.00");
    c.rate_personal = dec("0.20");
    c.rate_employer = dec("0");
    c.monthly = amounts("1452.60", "0", "1452.60");
    c.annual = amounts("17431.20", "0", "17431.20");
    c.options.push_back(option("ratio_0.60", {"按60%缴费基数", "at 60% of the average wage"},
                         yuan("4357.80"), amounts("871.56", "0", "871.56"),
                         amounts("10458.72", "0", "10458.72")));
    c.options.push_back(option("ratio_1.00", {"按100%缴费基数", "at 100% of the average wage"},
                         yuan("7263.00"), amounts("1452.60", "0", "1452.60"),
                         amounts("17431.20", "0", "17431.20")));
    c.options.push_back(option("ratio_3.00", {"按300%缴费基数", "at 300% of the average wage"},
                         yuan("21789.00"), amounts("4357.80", "0", "4357.80"),
                         amounts("52293.60", "0", "52293.60")));
    s.contribution = c;
    s.alternatives = strs({"pension.resident"});
    r.schemes.push_back(std::move(s));
  }
  // 2. Resident pension at the hukou place, yearly, with a government subsidy.
  {
    auto s = scheme("pension.resident", {"城乡居民基本养老保险", "Urban and rural residents' pension"},
                    Status::kEligible);
    s.channel = Channel::kIndividual;
    s.enrol_region = region("530902");
    s.reasons.push_back({"cn/pension.resident/hukou-place",
                         rt("在户籍地参加城乡居民养老保险。", "Join at the hukou place."), cites({cite("国发〔2014〕8号", "第五条")})});
    Contribution c;
    c.annual = amounts("300", "0", "300");
    c.government_annual = yuan("30");
    s.contribution = c;
    s.alternatives = strs({"pension.employee"});
    s.details.push_back({"grade", {"缴费档次", "grade"}, "300", "yuan"});
    r.schemes.push_back(std::move(s));
  }
  // 3. Employee medical: open, needs the income.
  {
    auto s = scheme("medical.employee", {"职工基本医疗保险", "Employee basic medical insurance"},
                    Status::kEligible);
    s.channel = Channel::kFlexible;
    s.enrol_region = region("530102");
    s.reasons.push_back({"cn-yn/medical.employee/flexible",
                         rt("灵活就业人员可以参加职工医保。", "Flexible employees may join."), cites({cite("云医保〔2022〕10号", "")})});
    Contribution c;
    c.base_min = yuan("4357.80");
    c.rate_personal = dec("0.085");
    c.monthly = amounts("370.41", "0", "370.41");
    c.annual = amounts("4444.92", "0", "4444.92");
    s.contribution = c;
    s.alternatives = strs({"medical.resident"});
    s.determined = false;
    s.needs = {"work.monthly_income"};
    r.schemes.push_back(std::move(s));
  }
  // 4. Resident medical.
  {
    auto s = scheme("medical.resident", {"城乡居民基本医疗保险", "Residents' basic medical insurance"},
                    Status::kRecommended);
    s.channel = Channel::kIndividual;
    s.enrol_region = region("530902");
    s.reasons.push_back({"cn/medical.resident/hukou", rt("可在户籍地参加。", "May join at the hukou place."), {}});
    Contribution c;
    c.annual = amounts("400", "0", "400");
    c.government_annual = yuan("670");
    s.contribution = c;
    r.schemes.push_back(std::move(s));
  }
  // 5. Work injury: not for this relationship.
  {
    auto s = scheme("injury.work", {"工伤保险", "Work injury insurance"}, Status::kNotEligible);
    s.reasons.push_back({"cn/injury.work/needs-employer",
                         rt("工伤保险由用人单位缴纳，个人不能参加。",
                          "Paid by an employer; individuals cannot join."), cites({cite("工伤保险条例", "第二条")})});
    s.alternatives = strs({"injury.occupational"});
    r.schemes.push_back(std::move(s));
  }
  // 6. Occupational injury through the platform.
  {
    auto s = scheme("injury.occupational",
                    {"新就业形态人员职业伤害保障", "Occupational injury protection"},
                    Status::kPlatformCovered);
    s.channel = Channel::kPlatform;
    s.enrol_region = region("530102");
    s.reasons.push_back({"cn/injury.occupational/pilot-platform",
                         rt("试点平台按单缴费。", "Pilot platforms pay per order."), cites({cite("人社部发〔2022〕31号", "")})});
    s.details.push_back({"premium_per_order", {"每单保费", "premium per order"}, "0.04",
                         "yuan_per_order"});
    r.schemes.push_back(std::move(s));
  }
  // 7. Unemployment.
  {
    auto s = scheme("unemployment", {"失业保险", "Unemployment insurance"}, Status::kNotEligible);
    s.reasons.push_back({"cn/unemployment/needs-employer",
                         rt("失业保险需要用人单位参保。", "Needs an employer."), {}});
    r.schemes.push_back(std::move(s));
  }
  // 8. Commercial accident.
  {
    auto s = scheme("commercial.accident", {"人身意外伤害保险", "Personal accident insurance"},
                    Status::kRecommended);
    s.channel = Channel::kIndividual;
    s.reasons.push_back({"cn/commercial.accident/always",
                         rt("商业保险，可自愿购买。", "Voluntary commercial cover."), {}});
    r.schemes.push_back(std::move(s));
  }
  // 9. Employer liability.
  {
    auto s = scheme("commercial.employer_liability", {"雇主责任保险", "Employer liability insurance"},
                    Status::kNotAvailable);
    s.reasons.push_back({"cn/commercial.employer_liability/employer-only",
                         rt("由雇主购买。", "Bought by employers."), {}});
    r.schemes.push_back(std::move(s));
  }

  TransferResult t;
  t.scheme = "pension.employee";
  t.from_region = region("440305");
  t.to_region = region("530102");
  t.kind = "pension.full_transfer";
  t.rule = "cn/transfers/pension-full";
  t.steps = {rt("在新参保地参保缴费。", "Enrol and pay at the new place."),
             rt("向新参保地社保经办机构申请转移。", "Apply to the new place's agency for the transfer.")};
  t.citations = cites({cite("国办发〔2009〕66号", "第五条")});
  r.transfers.push_back(std::move(t));

  r.needs = {"work.monthly_income"};
  r.warnings.push_back({"parameter_unverified",
                        rt("2025年社平工资尚未核实。", "The 2025 average wage is not verified."),
                        "avg_wage_monthly"});
  r.warnings.push_back({"below_minimum_wage", rt("收入低于最低工资。", "Income below minimum wage."), ""});

  r.trace.push_back({"pension.employee",
                     {{"cn-yn/pension.employee/employee-at-employer", "false",
                       {{"work.relationship", "platform_managed"}}},
                      {"cn-yn/pension.employee/flexible-at-work-place", "true",
                       {{"work.relationship", "platform_managed"}, {"age", "34"}}}}});
  r.trace.push_back({"medical.employee",
                     {{"cn-yn/medical.employee/flexible", "unknown",
                       {{"work.monthly_income", "unknown"}}}}});
  return r;
}

// The smallest result: no retirement, one scheme with nothing optional.
inline EvalResult minimal_result() {
  EvalResult r;
  r.as_of = *Date::from_ymd(2025, 1, 2);
  r.policy_set = {"cn", "sha256:ab", strs({"000000"})};
  r.age = {16, 0};
  r.relationship.id = "self_employed";
  r.relationship.label = {"自主经营", "self-employed"};
  r.schemes.push_back(scheme("unemployment", {"失业保险", "Unemployment insurance"},
                             Status::kNotAvailable));
  return r;
}

}  // namespace shebao::test
