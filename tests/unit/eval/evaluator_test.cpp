// Tests of the evaluator (engine/src/eval/evaluator.cpp) on small in-memory packs: first match,
// unknown conditions, parameter lookup by region and date, warnings, contribution amounts,
// checks, transfers, constraints, the female default, determinism and the explain trace.
#include "shebao/eval/evaluator.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "../policy/pack_fixture.h"
#include "shebao/json/result_json.h"
#include "shebao/profile/profile.h"
#include "shebao/yaml/yaml_doc.h"

namespace shebao {
namespace {

using Lines = std::vector<std::string>;
template <class Range>
Lines lines(const Range& r) {
  return Lines(r.begin(), r.end());
}

// ---- the policy tree under test -------------------------------------------------------------------

const char* kPensionEmployee =
    "      - id: receiving\n"
    "        when: coverage.pension.receiving\n"
    "        then: {status: not_eligible}\n"
    "        because: {zh: 已领取, en: already drawing}\n"
    "        cite: [{document: law, article: 第十条}]\n"
    "      - id: employer\n"
    "        when: work.relationship in [employee, outsourced]\n"
    "        then: {status: mandatory, channel: employer, enrol_region: work.region}\n"
    "        because: {zh: 单位参保, en: employer enrols}\n"
    "        cite: [{document: law}]\n"
    "      - id: low-income\n"
    "        when: work.monthly_income < param.min_wage\n"
    "        then: {status: not_eligible, alternatives: [pension.resident]}\n"
    "        because: {zh: \"收入低于{param.min_wage}\", en: \"income below {param.min_wage}\"}\n"
    "        cite: [{document: law}]\n"
    "      - id: flexible\n"
    "        when: work.relationship in [part_time, platform_managed, self_employed]\n"
    "        then:\n"
    "          status: eligible\n"
    "          channel: flexible\n"
    "          enrol_region: work.region\n"
    "          contribution:\n"
    "            base: clamp(default(choices.pension_base_ratio, 0.6) * param.avg_wage,\n"
    "                        param.base_floor_ratio * param.avg_wage, param.base_cap_ratio * param.avg_wage)\n"
    "            base_min: param.base_floor_ratio * param.avg_wage\n"
    "            base_max: param.base_cap_ratio * param.avg_wage\n"
    "            rate: {personal: param.flexible_rate, employer: 0}\n"
    "            options:\n"
    "              - {id: ratio_1.00, label: {zh: 按100%, en: base at 100%}, base: param.avg_wage}\n"
    "          details:\n"
    "            - {id: months_paid, label: {zh: 已缴月数, en: Months paid}, value: coverage.pension.months_paid, "
    "unit: months}\n"
    "            - {id: ratio, label: {zh: 比例, en: ratio}, value: \"default(choices.pension_base_ratio, 0.6)\"}\n"
    "          warnings:\n"
    "            - {code: high_base, when: \"default(choices.pension_base_ratio, 0.6) > 1\",\n"
    "               text: {zh: \"比例{default(choices.pension_base_ratio, 0.6)}\", "
    "en: \"ratio {default(choices.pension_base_ratio, 0.6)}\"}}\n"
    "        because: {zh: \"可在{work.region}参保\", en: \"may enrol in {work.region}\"}\n"
    "        cite: [{document: law}]\n"
    "      - {id: fallback, then: {status: not_available}, because: {zh: 无, en: none}, cite: [{document: law}]}\n";

const char* kPensionResident =
    "      - id: resident\n"
    "        then:\n"
    "          status: eligible\n"
    "          channel: individual\n"
    "          enrol_region: person.hukou.region\n"
    "          contribution:\n"
    "            annual: {personal: param.resident_fee, government: 30}\n"
    "            options:\n"
    "              - {id: grade_500, label: {zh: 500元档, en: 500 grade}, annual: 500}\n"
    "        because: {zh: 户籍地参保, en: at the hukou place}\n"
    "        cite: [{document: law}]\n";

// Shows parameter lookups inside `then` (enrol region = hukou here).
const char* kUnemploymentProbe =
    "      - id: probe\n"
    "        then:\n"
    "          status: not_available\n"
    "          enrol_region: person.hukou.region\n"
    "          details:\n"
    "            - {id: default, label: {zh: 默认, en: default}, value: param.min_wage}\n"
    "            - {id: work, label: {zh: 就业地, en: work}, value: param.min_wage@work}\n"
    "            - {id: hukou, label: {zh: 户籍地, en: hukou}, value: param.min_wage@hukou}\n"
    "            - {id: enrol, label: {zh: 参保地, en: enrol}, value: param.min_wage@enrol}\n"
    "            - {id: avg, label: {zh: 平均工资, en: avg}, value: param.avg_wage@work}\n"
    "        because: {zh: 探针, en: probe}\n"
    "        cite: [{document: law}]\n";

// Reads yn_fee only for students (so that other tests do not use it).
const char* kFeeProbe =
    "      - id: fee-probe\n"
    "        when: person.student\n"
    "        then:\n"
    "          status: not_available\n"
    "          details:\n"
    "            - {id: fee, label: {zh: 费用, en: fee}, value: \"default(param.yn_fee@work, 0)\"}\n"
    "        because: {zh: 探针, en: probe}\n"
    "        cite: [{document: law}]\n"
    "      - {id: fallback, then: {status: not_available}, because: {zh: 无, en: none}, cite: [{document: law}]}\n";

// A parameter in `when` is looked up at the work region.
const char* kAccident =
    "      - {id: high-wage-place, when: param.min_wage > 2000, then: {status: recommended}, "
    "because: {zh: 高, en: high}, cite: [{document: law}]}\n"
    "      - {id: fallback, then: {status: not_available}, because: {zh: 无, en: none}, cite: [{document: law}]}\n";

const char* kNationalParams =
    "parameters:\n"
    "  avg_wage:\n"
    "    type: money\n"
    "    renewal: yearly\n"
    "    label: {zh: 平均工资, en: Average wage}\n"
    "    source: {document: wage}\n"
    "    values:\n"
    "      2020-01-01: {value: \"6000.00\", verified: true}\n"
    "  base_floor_ratio:\n"
    "    type: number\n"
    "    label: {zh: 下限比例, en: Floor ratio}\n"
    "    source: {document: law}\n"
    "    values: {2020-01-01: {value: 0.6, verified: true}}\n"
    "  base_cap_ratio:\n"
    "    type: number\n"
    "    label: {zh: 上限比例, en: Cap ratio}\n"
    "    source: {document: law}\n"
    "    values: {2020-01-01: {value: 3, verified: true}}\n"
    "  flexible_rate:\n"
    "    type: number\n"
    "    label: {zh: 费率, en: Flexible rate}\n"
    "    source: {document: law}\n"
    "    values:\n"
    "      2020-01-01: {value: 0.2, verified: true}\n"
    "      2030-01-01: null\n"
    "  min_wage:\n"
    "    type: money\n"
    "    label: {zh: 最低工资, en: Minimum wage}\n"
    "    source: {document: law}\n"
    "    values: {2020-01-01: {value: \"1500.00\", verified: true}}\n"
    "  resident_fee:\n"
    "    type: money\n"
    "    label: {zh: 居民养老最低档, en: Lowest resident grade}\n"
    "    values: {}\n";

const char* kNationalRules =
    "checks:\n"
    "  - id: below-minimum-wage\n"
    "    when: work.monthly_income < param.min_wage\n"
    "    warning: {code: below_minimum_wage, text: {zh: \"低于最低工资{param.min_wage}\", "
    "en: \"below the minimum wage {param.min_wage}\"}}\n"
    "    cite: [{document: law}]\n"
    "constraints:\n"
    "  - id: pension-base-ratio\n"
    "    field: choices.pension_base_ratio\n"
    "    check: choices.pension_base_ratio >= 0.6 and choices.pension_base_ratio <= 3\n"
    "    message: {zh: 比例须在0.6到3之间, en: the ratio must be between 0.6 and 3}\n"
    "    cite: [{document: law}]\n"
    "transfers:\n"
    "  - id: pension-full-transfer\n"
    "    scheme: pension.employee\n"
    "    kind: pension.full_transfer\n"
    "    when: coverage.pension.scheme == employee and coverage.pension.region != work.region\n"
    "    from: coverage.pension.region\n"
    "    to: work.region\n"
    "    steps:\n"
    "      - {zh: \"在{coverage.pension.region}开具凭证\", en: \"get the record from {coverage.pension.region}\"}\n"
    "    cite: [{document: law}]\n";

const char* kYunnanParams =
    "parameters:\n"
    "  avg_wage:\n"
    "    source: {document: yn-40}\n"
    "    values:\n"
    "      2024-01-01: {value: \"7177.00\", verified: true}\n"
    "      2025-01-01: {value: \"7263.00\", verified: false}\n"
    "  min_wage:\n"
    "    source: {document: yn-40}\n"
    "    values:\n"
    "      2024-01-01: {value: \"1800.00\", verified: true}\n"
    "    by_region:\n"
    "      \"530100\": {values: {2024-10-01: {value: \"2070.00\", verified: true}}}\n"
    "      \"530102\": {values: {2025-03-01: {value: \"2200.00\", verified: true}}}\n"
    "      \"530112\": {values: {2025-01-01: {value: \"2300.00\", verified: true}, 2026-01-01: null}}\n"
    "  resident_fee:\n"
    "    source: {document: yn-40}\n"
    "    values: {2024-01-01: {value: \"200.00\", verified: true}}\n"
    "  yn_fee:\n"
    "    type: money\n"
    "    renewal: yearly\n"
    "    label: {zh: 费用, en: Fee}\n"
    "    source: {document: yn-40}\n"
    "    values:\n"
    "      2025-01-01: {value: \"10.00\", verified: true}\n"
    "      2027-01-01: null\n";

const char* kLincangParams =
    "parameters:\n"
    "  min_wage:\n"
    "    source: {document: yn-40}\n"
    "    values:\n"
    "      2024-10-01: {value: \"1900.00\", verified: true}\n"
    "      2026-10-01: null\n";

fixture::PackTree eval_tree() {
  fixture::PackTree t = fixture::yunnan_tree();
  t.put("cn", "schemes.yaml",
        fixture::national_schemes({{"pension.employee", kPensionEmployee},
                                   {"pension.resident", kPensionResident},
                                   {"unemployment", kUnemploymentProbe},
                                   {"injury.occupational", kFeeProbe},
                                   {"commercial.accident", kAccident}}));
  t.put("cn", "params.yaml", kNationalParams);
  t.put("cn", "rules.yaml", kNationalRules);
  t.put("cn-530000", "params.yaml", kYunnanParams);
  t.put("cn-530900", "params.yaml", kLincangParams);
  return t;
}

const PolicySet& policies() {
  static const std::shared_ptr<const PolicySet> set = [] {
    CompileResult r = eval_tree().compile();
    EXPECT_EQ(fixture::messages(r), Lines{});
    return r.set;
  }();
  if (!set) throw std::runtime_error("the test policy tree does not compile");
  return *set;
}

// ---- profiles -------------------------------------------------------------------------------------

struct Person {
  std::string as_of = "2026-11-28";
  std::string birth = "1992-03";
  std::string sex = "male";
  std::string hukou = "530902";
  std::string work = "530102";
  std::string relationship = "platform_managed";
  std::string income = "5200";  // "" = not given
  std::string person_extra;     // more keys under person:, e.g. "female_original_retirement_age: 50"
  std::string extra;            // more top-level YAML, e.g. "choices: {pension_base_ratio: 0.8}\n"
};

Profile profile_of(const Person& p) {
  std::string y = "as_of: " + p.as_of + "\n" + "person:\n  birth: " + p.birth + "\n  sex: " + p.sex +
                  "\n  hukou: {region: \"" + p.hukou + "\"}\n";
  if (!p.person_extra.empty()) y += "  " + p.person_extra + "\n";
  y += "work:\n  region: \"" + p.work + "\"\n  relationship: " + p.relationship + "\n";
  if (!p.income.empty()) y += "  monthly_income: " + p.income + "\n";
  y += p.extra;
  auto doc = parse_yaml(y);
  if (!doc.ok()) throw std::runtime_error("bad profile YAML:\n" + y);
  ProfileParse parsed = read_profile(*doc.root, std::nullopt);
  if (!parsed.profile) {
    std::string e;
    for (const auto& err : parsed.errors) e += err.path + ": " + err.message + "\n";
    throw std::runtime_error("invalid profile:\n" + y + e);
  }
  return *parsed.profile;
}

EvalResult run(const Person& p, bool explain = false) {
  return evaluate(policies(), profile_of(p), EvalOptions{explain});
}

const SchemeResult& scheme(const EvalResult& r, std::string_view id) {
  for (const auto& s : r.schemes)
    if (s.id == id) return s;
  throw std::runtime_error("no scheme " + std::string(id));
}
std::string detail(const SchemeResult& s, std::string_view id) {
  for (const auto& d : s.details)
    if (d.id == id) return d.value.text();
  return "(none)";
}
std::string rule_of(const SchemeResult& s) { return s.reasons.empty() ? "(none)" : std::string(s.reasons[0].rule); }
bool has_warning(const EvalResult& r, std::string_view code, std::string_view subject) {
  return std::any_of(r.warnings.begin(), r.warnings.end(),
                     [&](const Warning& w) { return w.code == code && w.subject == subject; });
}
Lines warning_codes(const EvalResult& r) {
  Lines out;
  for (const auto& w : r.warnings) out.push_back(std::string(w.code) + ":" + std::string(w.subject));
  return out;
}
std::string min_wage_at_work(const Person& p) { return detail(scheme(run(p), "unemployment"), "work"); }
std::string avg_wage_at_work(const Person& p) { return detail(scheme(run(p), "unemployment"), "avg"); }

// ---- rules ----------------------------------------------------------------------------------------

TEST(Evaluator, AllNineSchemesInOrder) {
  EvalResult r = run(Person{});
  ASSERT_EQ(r.schemes.size(), 9u);
  EXPECT_EQ(r.schemes[0].id, "pension.employee");
  EXPECT_EQ(r.schemes[8].id, "commercial.employer_liability");
  EXPECT_EQ(r.schemes[8].status, Status::kNotAvailable);
  EXPECT_EQ(rule_of(r.schemes[8]), "cn/commercial.employer_liability/fallback");
  EXPECT_EQ(r.policy_set.id, "cn-cn-530000-cn-530100");
  EXPECT_EQ(lines(r.policy_set.jurisdictions), (Lines{"000000", "530000", "530100"}));
  EXPECT_EQ(r.relationship.id, "platform_managed");
  EXPECT_EQ(r.relationship.label.en, "platform_managed");
}

TEST(Evaluator, FirstMatchingRuleDecides) {
  EvalResult r = run(Person{});
  const SchemeResult& s = scheme(r, "pension.employee");
  EXPECT_EQ(s.status, Status::kEligible);
  EXPECT_EQ(s.channel, Channel::kFlexible);
  EXPECT_EQ(rule_of(s), "cn/pension.employee/flexible");
  ASSERT_TRUE(s.enrol_region);
  EXPECT_EQ(s.enrol_region->to_string(), "530102");
  EXPECT_TRUE(s.determined);
  EXPECT_EQ(lines(s.needs), Lines{});
  ASSERT_EQ(s.reasons.size(), 1u);
  EXPECT_EQ(s.reasons[0].text.get(Lang::kEn), "may enrol in " + Region::parse("530102")->full_name(Lang::kEn));
  EXPECT_EQ(s.reasons[0].text.get(Lang::kZh), "可在" + Region::parse("530102")->full_name(Lang::kZh) + "参保");
  ASSERT_EQ(s.reasons[0].citations.size(), 1u);
  EXPECT_EQ(s.reasons[0].citations[0].document, "《社会保险法》");

  // Low income: both low-income and flexible hold; the earlier one wins.
  Person low;
  low.income = "1000";
  const EvalResult low_result = run(low);
  const SchemeResult& l = scheme(low_result, "pension.employee");
  EXPECT_EQ(l.status, Status::kNotEligible);
  EXPECT_EQ(rule_of(l), "cn/pension.employee/low-income");
  EXPECT_EQ(l.reasons[0].text.get(Lang::kEn), "income below 2200.00");
  EXPECT_EQ(lines(l.alternatives), Lines{"pension.resident"});
  EXPECT_FALSE(l.contribution);

  Person employee;
  employee.relationship = "employee";
  const EvalResult employee_result = run(employee);
  const SchemeResult& e = scheme(employee_result, "pension.employee");
  EXPECT_EQ(e.status, Status::kMandatory);
  EXPECT_EQ(e.channel, Channel::kEmployer);
  EXPECT_EQ(rule_of(e), "cn/pension.employee/employer");
}

TEST(Evaluator, UnknownConditionMarksUndeterminedAndTheNextRuleDecides) {
  Person p;
  p.income = "";
  EvalResult r = run(p);
  const SchemeResult& s = scheme(r, "pension.employee");
  EXPECT_FALSE(s.determined);
  EXPECT_EQ(lines(s.needs), Lines{"work.monthly_income"});
  EXPECT_EQ(s.status, Status::kEligible);
  EXPECT_EQ(rule_of(s), "cn/pension.employee/flexible");
  // The result-level needs list it once (the check reads it too).
  EXPECT_EQ(lines(r.needs), Lines{"work.monthly_income"});
  // Other schemes do not depend on it.
  EXPECT_TRUE(scheme(r, "pension.resident").determined);
  EXPECT_EQ(lines(scheme(r, "pension.resident").needs), Lines{});
  // An unknown condition does not fire the check.
  EXPECT_FALSE(has_warning(r, "below_minimum_wage", "cn/checks/below-minimum-wage"));
}

TEST(Evaluator, ReceivingPensionStopsEarly) {
  Person p;
  p.extra = "coverage:\n  pension: {scheme: employee, region: \"530102\", months_paid: 200, receiving: true}\n";
  const EvalResult r = run(p);
  const SchemeResult& s = scheme(r, "pension.employee");
  EXPECT_EQ(rule_of(s), "cn/pension.employee/receiving");
  EXPECT_EQ(s.status, Status::kNotEligible);
  EXPECT_EQ(s.reasons[0].citations[0].article, "第十条");
}

// ---- parameters -------------------------------------------------------------------------------------

// The evaluator remembers, per thread, which version of a parameter is in force for a (policy set,
// region, date). Another set, even one made where a freed one was, another date or another region
// must never get a remembered answer.
TEST(Evaluator, RememberedParametersBelongToTheirSetRegionAndDate) {
  auto with_wage = [](const std::string& wage) {
    fixture::PackTree t = eval_tree();
    std::string params = kYunnanParams;
    const std::string from = "\"7263.00\"";
    params.replace(params.find(from), from.size(), "\"" + wage + "\"");
    t.put("cn-530000", "params.yaml", params);
    CompileResult c = t.compile();
    EXPECT_EQ(fixture::messages(c), Lines{});
    return c.set;
  };
  const Profile kunming = profile_of(Person{});
  auto wage = [&](const PolicySet& set, const Profile& p) {
    return detail(scheme(evaluate(set, p, EvalOptions{}), "unemployment"), "avg");
  };
  std::shared_ptr<const PolicySet> a = with_wage("8000.00"), b = with_wage("9000.00");
  for (int round = 0; round < 3; ++round) {
    EXPECT_EQ(wage(*a, kunming), "8000.00");
    EXPECT_EQ(wage(*b, kunming), "9000.00");
  }
  // Sets made and freed one after another: one may be given a freed one's address, which is why a
  // set's id, never reused, is part of the key too.
  for (const char* w : {"8100.00", "8200.00", "8300.00"}) {
    std::shared_ptr<const PolicySet> s = with_wage(w);
    EXPECT_EQ(wage(*s, kunming), w);
  }
  // The same set on another date, and in another region, after the answers above.
  Person earlier;
  earlier.as_of = "2024-06-01";
  EXPECT_EQ(wage(*a, profile_of(earlier)), "7177.00");
  EXPECT_EQ(wage(*a, kunming), "8000.00");
  Person beijing;
  beijing.work = "110101";
  beijing.hukou = "110101";
  EXPECT_EQ(wage(*a, profile_of(beijing)), "6000.00");
}

// An evaluation holds two regions' remembered answers at once (work and hukou here). Whatever
// entries of the thread's memo the two fall on, even one and the same, each read must give its
// own region's value. Enough pairs and dates are tried that some must share an entry.
TEST(Evaluator, WorkAndHukouRegionsKeepTheirOwnRememberedParameters) {
  const std::vector<std::string> regions = {"530102", "530103", "530111", "530902",
                                            "530921", "530402", "530000", "110101"};
  const std::vector<std::string> dates = {"2024-06-01", "2025-02-28", "2025-03-01", "2026-09-30", "2026-11-28"};
  std::map<std::pair<std::string, std::string>, std::string> own;  // (region, date) -> min_wage there
  for (const auto& d : dates)
    for (const auto& g : regions) {
      Person p;
      p.as_of = d;
      p.work = p.hukou = g;
      own[{g, d}] = min_wage_at_work(p);
    }
  std::set<std::string> values;
  for (const auto& [key, v] : own) values.insert(v);
  ASSERT_GE(values.size(), 4u);  // the regions differ, so a mixed-up answer shows
  for (int round = 0; round < 2; ++round)
    for (const auto& d : dates)
      for (const auto& w : regions)
        for (const auto& h : regions) {
          Person p;
          p.as_of = d;
          p.work = w;
          p.hukou = h;
          const EvalResult r = run(p);
          const SchemeResult& s = scheme(r, "unemployment");
          EXPECT_EQ(detail(s, "work"), (own[{w, d}])) << w << " / " << h << " on " << d;
          EXPECT_EQ(detail(s, "hukou"), (own[{h, d}])) << w << " / " << h << " on " << d;
        }
}

TEST(Evaluator, ChildPackValueBeatsParent) {
  EXPECT_EQ(avg_wage_at_work(Person{}), "7263.00");  // Yunnan's, not the national 6000.00
  Person beijing;
  beijing.work = "110101";
  beijing.hukou = "110101";
  EXPECT_EQ(avg_wage_at_work(beijing), "6000.00");
  // Lincang's own minimum wage beats Yunnan's default (before Lincang's ends, see below).
  Person lincang;
  lincang.work = "530902";
  lincang.as_of = "2026-09-30";
  EXPECT_EQ(min_wage_at_work(lincang), "1900.00");
}

TEST(Evaluator, ByRegionExactCountyBeatsPrefectureBeatsPackDefault) {
  Person wuhua;  // 530102, Kunming
  EXPECT_EQ(min_wage_at_work(wuhua), "2200.00");
  Person panlong;
  panlong.work = "530103";
  EXPECT_EQ(min_wage_at_work(panlong), "2070.00");
  Person lincang;
  lincang.work = "530902";
  EXPECT_EQ(min_wage_at_work(lincang), "1800.00");  // Lincang's own value has ended (2026-10-01)
  Person yuxi;
  yuxi.work = "530402";
  EXPECT_EQ(min_wage_at_work(yuxi), "1800.00");
  // Before the county value starts, the prefecture's applies; before that, the pack default.
  wuhua.as_of = "2025-02-28";
  EXPECT_EQ(min_wage_at_work(wuhua), "2070.00");
  wuhua.as_of = "2025-03-01";
  EXPECT_EQ(min_wage_at_work(wuhua), "2200.00");
  wuhua.as_of = "2024-09-30";
  EXPECT_EQ(min_wage_at_work(wuhua), "1800.00");
  wuhua.as_of = "2024-10-01";
  EXPECT_EQ(min_wage_at_work(wuhua), "2070.00");
}

// A `null` in a region's own list ends the figure there: neither the prefecture's nor the pack's
// value stands in for it (深圳 publishes its own 计发基数). Before its first date the next list
// answers, as for any region list.
TEST(Evaluator, ByRegionNullEndsTheFigureForThatRegion) {
  Person xishan;  // 530112, Kunming: 2300.00 from 2025-01-01, null from 2026-01-01
  xishan.work = "530112";
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"2024-09-30", "1800.00"}, {"2024-12-31", "2070.00"}, {"2025-01-01", "2300.00"},
      {"2025-12-31", "2300.00"}, {"2026-01-01", "(none)"},  {"2026-11-28", "(none)"}};
  for (const auto& [as_of, want] : cases) {
    xishan.as_of = as_of;
    EXPECT_EQ(min_wage_at_work(xishan), want) << as_of;
  }
  // The neighbouring county keeps its prefecture's value.
  Person panlong;
  panlong.work = "530103";
  EXPECT_EQ(min_wage_at_work(panlong), "2070.00");
}

TEST(Evaluator, DatedValuesDayBeforeOnAndAfterEachFrom) {
  Person p;
  p.birth = "1990-01";
  // avg_wage in Yunnan: 7177.00 from 2024-01-01, 7263.00 from 2025-01-01; national 6000.00 before.
  const std::vector<std::pair<std::string, std::string>> cases = {{"2023-12-31", "6000.00"}, {"2024-01-01", "7177.00"},
                                                                  {"2024-01-02", "7177.00"}, {"2024-12-31", "7177.00"},
                                                                  {"2025-01-01", "7263.00"}, {"2025-01-02", "7263.00"}};
  for (const auto& [as_of, want] : cases) {
    p.as_of = as_of;
    EXPECT_EQ(avg_wage_at_work(p), want) << as_of;
  }
  // min_wage in Lincang: 1900.00 from 2024-10-01, ended 2026-10-01 (then Yunnan's default).
  Person l;
  l.work = "530902";
  const std::vector<std::pair<std::string, std::string>> lincang = {
      {"2024-09-30", "1800.00"}, {"2024-10-01", "1900.00"}, {"2024-10-02", "1900.00"},
      {"2026-09-30", "1900.00"}, {"2026-10-01", "1800.00"}, {"2026-10-02", "1800.00"}};
  for (const auto& [as_of, want] : lincang) {
    l.as_of = as_of;
    EXPECT_EQ(min_wage_at_work(l), want) << as_of;
  }
}

TEST(Evaluator, WhenUsesWorkRegionThenUsesEnrolRegion) {
  EvalResult r = run(Person{});  // works in Wuhua (2200.00), hukou in Linxiang (1800.00 after 2026-10-01)
  const SchemeResult& probe = scheme(r, "unemployment");
  EXPECT_EQ(detail(probe, "default"), "1800.00");  // inside `then`: the enrolment region (hukou here)
  EXPECT_EQ(detail(probe, "enrol"), "1800.00");
  EXPECT_EQ(detail(probe, "hukou"), "1800.00");
  EXPECT_EQ(detail(probe, "work"), "2200.00");
  // In `when`: the work region.
  EXPECT_EQ(scheme(r, "commercial.accident").status, Status::kRecommended);
  Person yuxi;
  yuxi.work = "530402";
  EXPECT_EQ(scheme(run(yuxi), "commercial.accident").status, Status::kNotAvailable);
}

TEST(Evaluator, NullEndsValidity) {
  // flexible_rate ends on 2030-01-01 with no successor anywhere: the contribution is withheld.
  Person p;
  p.as_of = "2029-12-31";
  EvalResult before = run(p);
  ASSERT_TRUE(scheme(before, "pension.employee").contribution);
  EXPECT_FALSE(has_warning(before, "no_local_parameters", "flexible_rate"));
  p.as_of = "2030-01-01";
  EvalResult after = run(p);
  const SchemeResult& s = scheme(after, "pension.employee");
  EXPECT_EQ(s.status, Status::kEligible);
  EXPECT_FALSE(s.contribution);
  EXPECT_TRUE(has_warning(after, "no_local_parameters", "flexible_rate"));
}

TEST(Evaluator, NoValueWithholdsTheEstimateAndWarns) {
  Person beijing;
  beijing.work = "110101";
  beijing.hukou = "110101";
  EvalResult r = run(beijing);
  const SchemeResult& s = scheme(r, "pension.resident");
  EXPECT_EQ(s.status, Status::kEligible);
  EXPECT_FALSE(s.contribution);
  ASSERT_TRUE(has_warning(r, "no_local_parameters", "resident_fee"));
  for (const auto& w : r.warnings)
    if (w.code == "no_local_parameters" && w.subject == "resident_fee") {
      EXPECT_NE(w.text.get(Lang::kEn).find("\"Lowest resident grade\""), std::string::npos) << w.text.get(Lang::kEn);
      EXPECT_NE(w.text.get(Lang::kEn).find("no confirmed figure is known"), std::string::npos) << w.text.get(Lang::kEn);
    }
  // With a value (Yunnan hukou) the estimate is given and there is no such warning.
  EvalResult y = run(Person{});
  EXPECT_FALSE(has_warning(y, "no_local_parameters", "resident_fee"));
}

TEST(Evaluator, UnverifiedAndProvisionalParameters) {
  EvalResult r = run(Person{});  // uses Yunnan's 2025 avg_wage: verified false, renewal yearly, > 1 year old
  EXPECT_EQ(warning_codes(r), (Lines{"parameter_unverified:avg_wage", "parameter_provisional:avg_wage"}));
  for (const auto& w : r.warnings) {
    if (w.code != "parameter_unverified") continue;
    // One plain sentence a worker can read: the figure, and that the local office's figure
    // prevails. The source behind it is for maintainers (policies show), not in the answer.
    EXPECT_EQ(w.text.get(Lang::kEn),
              "Average wage (7263.00 yuan): this figure has not been checked against the official document; the "
              "figure the local office publishes prevails.");
    EXPECT_EQ(w.text.get(Lang::kZh), "「平均工资」（7263.00元）：该数字尚未与官方文件核对，以当地经办机构公布为准。");
  }
  // Within a year of its start the value is not provisional.
  Person p;
  p.as_of = "2025-12-31";
  EXPECT_EQ(warning_codes(run(p)), (Lines{"parameter_unverified:avg_wage"}));
  p.as_of = "2026-01-01";
  EXPECT_EQ(warning_codes(run(p)), (Lines{"parameter_unverified:avg_wage", "parameter_provisional:avg_wage"}));
  // The verified 2024 value: no unverified warning; superseded on 2025-01-01 so never provisional.
  p.as_of = "2024-12-31";
  EXPECT_EQ(warning_codes(run(p)), Lines{});
}

TEST(Evaluator, ProvisionalDespiteALaterEndMarker) {
  // yn_fee (renewal: yearly) has 10.00 from 2025-01-01 and an end marker on 2027-01-01, the shape
  // SCHEMA.md shows for avg_wage. On 2026-06-01 the value is more than a year old and nothing
  // newer exists: it is provisional.
  Person p;
  p.as_of = "2026-06-01";
  p.person_extra = "student: true";
  EvalResult r = run(p);
  EXPECT_EQ(detail(scheme(r, "injury.occupational"), "fee"), "10.00");
  EXPECT_TRUE(has_warning(r, "parameter_provisional", "yn_fee"));
}

TEST(Evaluator, DefaultedParameterIsNotMissing) {
  // default(param.yn_fee@work, 0) for a Beijing worker: the policy itself says what to use when
  // there is no value, so nothing is withheld and no_local_parameters is not true.
  Person p;
  p.work = "110101";
  p.hukou = "110101";
  p.person_extra = "student: true";
  EvalResult r = run(p);
  EXPECT_EQ(detail(scheme(r, "injury.occupational"), "fee"), "0.00");
  EXPECT_FALSE(has_warning(r, "no_local_parameters", "yn_fee"));
}

// ---- contributions -------------------------------------------------------------------------------------

TEST(Evaluator, MonthlyContributionExact) {
  const EvalResult r = run(Person{});
  const SchemeResult& s = scheme(r, "pension.employee");
  ASSERT_TRUE(s.contribution);
  const Contribution& c = *s.contribution;
  EXPECT_EQ(c.base_monthly->to_string(), "4357.80");  // 0.6 × 7263.00
  EXPECT_EQ(c.base_min->to_string(), "4357.80");
  EXPECT_EQ(c.base_max->to_string(), "21789.00");
  EXPECT_EQ(c.rate_personal->to_string(), "0.20");
  EXPECT_EQ(c.rate_employer->to_string(), "0.00");
  ASSERT_TRUE(c.monthly);
  EXPECT_EQ(c.monthly->personal.to_string(), "871.56");  // 0.2 × 4357.80
  EXPECT_EQ(c.monthly->employer.to_string(), "0.00");
  EXPECT_EQ(c.monthly->total.to_string(), "871.56");
  ASSERT_TRUE(c.annual);
  EXPECT_EQ(c.annual->personal.to_string(), "10458.72");
  EXPECT_EQ(c.annual->total.to_string(), "10458.72");
  EXPECT_FALSE(c.government_annual);
  ASSERT_EQ(c.options.size(), 1u);
  EXPECT_EQ(c.options[0].id, "ratio_1.00");
  EXPECT_EQ(c.options[0].label.en, "base at 100%");
  ASSERT_TRUE(c.options[0].base && c.options[0].monthly);
  EXPECT_EQ(c.options[0].base->to_string(), "7263.00");
  EXPECT_EQ(c.options[0].monthly->personal.to_string(), "1452.60");
  EXPECT_EQ(c.options[0].annual.personal.to_string(), "17431.20");
  EXPECT_EQ(detail(s, "months_paid"), "0");  // details are language-neutral: months as a count
  EXPECT_EQ(detail(s, "ratio"), "0.6");
}

TEST(Evaluator, ChosenBaseRatioAndClamping) {
  Person p;
  p.extra = "choices: {pension_base_ratio: 0.8}\n";
  EvalResult r = run(p);
  const Contribution& c = *scheme(r, "pension.employee").contribution;
  EXPECT_EQ(c.base_monthly->to_string(), "5810.40");
  EXPECT_EQ(c.monthly->personal.to_string(), "1162.08");
  EXPECT_EQ(c.annual->personal.to_string(), "13944.96");
  EXPECT_EQ(detail(scheme(r, "pension.employee"), "ratio"), "0.8");
  EXPECT_FALSE(has_warning(r, "high_base", "pension.employee"));
  p.extra = "choices: {pension_base_ratio: 3}\n";
  EvalResult high = run(p);
  EXPECT_EQ(scheme(high, "pension.employee").contribution->base_monthly->to_string(), "21789.00");
  ASSERT_TRUE(has_warning(high, "high_base", "pension.employee"));
  for (const auto& w : high.warnings) {
    if (w.code == "high_base") {
      EXPECT_EQ(w.text.get(Lang::kEn), "ratio 300%");  // choices.pension_base_ratio is a ratio: a percentage
    }
  }
}

TEST(Evaluator, AnnualContributionExact) {
  const EvalResult r = run(Person{});
  const SchemeResult& s = scheme(r, "pension.resident");
  ASSERT_TRUE(s.contribution);
  const Contribution& c = *s.contribution;
  EXPECT_FALSE(c.monthly);
  EXPECT_FALSE(c.base_monthly);
  ASSERT_TRUE(c.annual);
  EXPECT_EQ(c.annual->personal.to_string(), "200.00");
  EXPECT_EQ(c.annual->employer.to_string(), "0.00");
  EXPECT_EQ(c.annual->total.to_string(), "200.00");
  ASSERT_TRUE(c.government_annual);
  EXPECT_EQ(c.government_annual->to_string(), "30.00");
  ASSERT_EQ(c.options.size(), 1u);
  EXPECT_EQ(c.options[0].id, "grade_500");
  EXPECT_EQ(c.options[0].annual.personal.to_string(), "500.00");
  EXPECT_FALSE(c.options[0].base);
  EXPECT_FALSE(c.options[0].monthly);
  ASSERT_TRUE(s.enrol_region);
  EXPECT_EQ(s.enrol_region->to_string(), "530902");
}

// ---- checks, transfers, constraints ------------------------------------------------------------------------

TEST(Evaluator, ChecksFireOnlyWhenTrue) {
  Person low;
  low.income = "2199.99";
  EvalResult r = run(low);
  ASSERT_TRUE(has_warning(r, "below_minimum_wage", "cn/checks/below-minimum-wage"));
  for (const auto& w : r.warnings)
    if (w.code == "below_minimum_wage") {
      EXPECT_EQ(w.text.get(Lang::kEn), "below the minimum wage 2200.00");
      EXPECT_EQ(w.text.get(Lang::kZh), "低于最低工资2200.00");
    }
  low.income = "2200";
  EXPECT_FALSE(has_warning(run(low), "below_minimum_wage", "cn/checks/below-minimum-wage"));
}

TEST(Evaluator, TransfersFireOnlyWhenTrue) {
  Person p;
  p.extra = "coverage:\n  pension: {scheme: employee, region: \"530902\", months_paid: 37}\n";
  EvalResult r = run(p);
  ASSERT_EQ(r.transfers.size(), 1u);
  const TransferResult& t = r.transfers[0];
  EXPECT_EQ(t.rule, "cn/transfers/pension-full-transfer");
  EXPECT_EQ(t.scheme, "pension.employee");
  EXPECT_EQ(t.kind, "pension.full_transfer");
  ASSERT_TRUE(t.from_region && t.to_region);
  EXPECT_EQ(t.from_region->to_string(), "530902");
  EXPECT_EQ(t.to_region->to_string(), "530102");
  ASSERT_EQ(t.steps.size(), 1u);
  EXPECT_EQ(t.steps[0].get(Lang::kEn), "get the record from " + Region::parse("530902")->full_name(Lang::kEn));
  EXPECT_EQ(t.citations.size(), 1u);
  EXPECT_EQ(detail(scheme(r, "pension.employee"), "months_paid"), "37");
  // Same region, or no employee record: nothing to transfer.
  p.extra = "coverage:\n  pension: {scheme: employee, region: \"530102\", months_paid: 37}\n";
  EXPECT_TRUE(run(p).transfers.empty());
  EXPECT_TRUE(run(Person{}).transfers.empty());
}

TEST(Evaluator, ConstraintsGiveFieldErrors) {
  Person p;
  p.extra = "choices: {pension_base_ratio: 0.5}\n";
  std::vector<FieldError> errors = check_constraints(policies(), profile_of(p));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].path, "choices.pension_base_ratio");
  EXPECT_EQ(errors[0].code, "policy_constraint");
  EXPECT_EQ(errors[0].message, "the ratio must be between 0.6 and 3");
  EXPECT_EQ(errors[0].message_zh, "比例须在0.6到3之间");
  p.extra = "choices: {pension_base_ratio: 3.01}\n";
  EXPECT_EQ(check_constraints(policies(), profile_of(p)).size(), 1u);
  p.extra = "choices: {pension_base_ratio: 0.6}\n";
  EXPECT_TRUE(check_constraints(policies(), profile_of(p)).empty());
  p.extra = "choices: {pension_base_ratio: 3}\n";
  EXPECT_TRUE(check_constraints(policies(), profile_of(p)).empty());
  // An absent choice is not an error.
  EXPECT_TRUE(check_constraints(policies(), profile_of(Person{})).empty());
}

// ---- retirement and the female default -------------------------------------------------------------------

TEST(Evaluator, RetirementOfAMan) {
  EvalResult r = run(Person{});
  ASSERT_TRUE(r.retirement);
  EXPECT_EQ(r.retirement->original_age.total(), 60 * 12);
  EXPECT_EQ(r.retirement->delay_months, 36);
  EXPECT_EQ(r.retirement->age.total(), 63 * 12);
  EXPECT_EQ(r.retirement->date.to_string(), "2055-03");
  EXPECT_EQ(r.retirement->min_contribution.total(), 240);
  EXPECT_EQ(r.age.total(), 34 * 12 + 8);
  ASSERT_TRUE(r.outlook);
  EXPECT_EQ(r.outlook->months_paid, 0);
  EXPECT_EQ(r.outlook->required_months, 240);
}

TEST(Evaluator, FemaleDefaultIsUsedWithAWarningAndANeed) {
  Person p;
  p.sex = "female";
  EvalResult r = run(p);
  ASSERT_TRUE(r.retirement);
  EXPECT_EQ(r.retirement->original_age.total(), 55 * 12);
  EXPECT_EQ(r.retirement->age.total(), 58 * 12);  // 55 + the 36-month cap
  EXPECT_EQ(r.retirement->date.to_string(), "2050-03");
  EXPECT_TRUE(has_warning(r, "parameter_unverified", "person.female_original_retirement_age"));
  EXPECT_NE(std::find(r.needs.begin(), r.needs.end(), "person.female_original_retirement_age"), r.needs.end());
  // The default's citation joins the retirement citations.
  EXPECT_EQ(r.retirement->citations.size(), 2u);

  // Given explicitly: no default, no warning, no need.
  p.person_extra = "female_original_retirement_age: 50";
  EvalResult given = run(p);
  ASSERT_TRUE(given.retirement);
  EXPECT_EQ(given.retirement->original_age.total(), 50 * 12);
  EXPECT_FALSE(has_warning(given, "parameter_unverified", "person.female_original_retirement_age"));
  EXPECT_EQ(std::count(given.needs.begin(), given.needs.end(), "person.female_original_retirement_age"), 0);

  // No default applies to an employee: the retirement age is unknown and needed.
  Person e;
  e.sex = "female";
  e.relationship = "employee";
  EvalResult none = run(e);
  EXPECT_FALSE(none.retirement);
  EXPECT_FALSE(none.outlook);
  EXPECT_EQ(std::count(none.needs.begin(), none.needs.end(), "person.female_original_retirement_age"), 1);
  EXPECT_FALSE(has_warning(none, "parameter_unverified", "person.female_original_retirement_age"));
}

// ---- determinism and explain --------------------------------------------------------------------------------

TEST(Evaluator, SameInputSameResult) {
  Person p;
  p.income = "";
  p.extra = "coverage:\n  pension: {scheme: employee, region: \"530902\", months_paid: 37}\n";
  const Profile profile = profile_of(p);
  const JsonOptions opt{Lang::kEn, true, false};
  const std::string a = result_to_json(evaluate(policies(), profile, EvalOptions{true}), opt);
  const std::string b = result_to_json(evaluate(policies(), profile, EvalOptions{true}), opt);
  EXPECT_EQ(a, b);
  EXPECT_EQ(result_to_json(evaluate(policies(), profile), {}), result_to_json(evaluate(policies(), profile), {}));
}

TEST(Evaluator, ExplainTraceListsRulesTriedWithValuesSeen) {
  Person p;
  p.income = "";
  EvalResult quiet = run(p);
  EXPECT_TRUE(quiet.trace.empty());
  EvalResult r = run(p, true);
  ASSERT_EQ(r.trace.size(), 11u);  // nine schemes, then checks and transfers
  EXPECT_EQ(r.trace[0].scheme, "pension.employee");
  EXPECT_EQ(r.trace[9].scheme, "(checks)");
  EXPECT_EQ(r.trace[10].scheme, "(transfers)");
  const auto& rules = r.trace[0].rules;
  ASSERT_EQ(rules.size(), 4u);  // stops at the first match; the fallback is not tried
  auto seen = [](const TraceRule& t) {
    Lines out;
    for (const auto& v : t.seen) out.push_back(v.path + "=" + v.value);
    return out;
  };
  EXPECT_EQ(rules[0].rule, "cn/pension.employee/receiving");
  EXPECT_EQ(rules[0].matched, "false");
  EXPECT_EQ(seen(rules[0]), Lines{"coverage.pension.receiving=false"});
  EXPECT_EQ(rules[1].rule, "cn/pension.employee/employer");
  EXPECT_EQ(rules[1].matched, "false");
  EXPECT_EQ(seen(rules[1]), Lines{"work.relationship=platform_managed"});
  EXPECT_EQ(rules[2].rule, "cn/pension.employee/low-income");
  EXPECT_EQ(rules[2].matched, "unknown");
  EXPECT_EQ(seen(rules[2]), (Lines{"work.monthly_income=unknown", "param.min_wage=2200.00"}));
  EXPECT_EQ(rules[3].rule, "cn/pension.employee/flexible");
  EXPECT_EQ(rules[3].matched, "true");
  // A rule with no condition is tried and matches.
  ASSERT_EQ(r.trace[1].rules.size(), 1u);
  EXPECT_EQ(r.trace[1].rules[0].matched, "true");
  EXPECT_TRUE(r.trace[1].rules[0].seen.empty());
  // Checks and transfers are traced too.
  ASSERT_EQ(r.trace[9].rules.size(), 1u);
  EXPECT_EQ(r.trace[9].rules[0].rule, "cn/checks/below-minimum-wage");
  EXPECT_EQ(r.trace[9].rules[0].matched, "unknown");
  ASSERT_EQ(r.trace[10].rules.size(), 1u);
  EXPECT_EQ(r.trace[10].rules[0].matched, "false");
  // The trace does not change the answer.
  EXPECT_EQ(result_to_json(quiet, {}), result_to_json(r, {}));
}

}  // namespace
}  // namespace shebao
