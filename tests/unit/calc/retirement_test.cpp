// Tests for the statutory retirement-age calculator (2024 reform). The expected values come from
// /work/shared/policy-facts/pension-retirement-transfer.md sections 1.3-1.5 and the
// `shebao retirement` example in /work/shared/contract/INTERFACES.md.
#include "shebao/calc/retirement.h"

#include <gtest/gtest.h>

#include <array>
#include <climits>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

namespace shebao {
namespace {

// The reform's numbers, as the national policy pack states them.
RetirementRules reform_rules() {
  RetirementRules rules;
  rules.male = {.original_age_months = 60 * 12,
                .first_birth = YearMonth::from_index(1965 * 12 + 0),
                .step_months = 4,
                .max_delay_months = 36};
  rules.female_55 = {.original_age_months = 55 * 12,
                     .first_birth = YearMonth::from_index(1970 * 12 + 0),
                     .step_months = 4,
                     .max_delay_months = 36};
  rules.female_50 = {.original_age_months = 50 * 12,
                     .first_birth = YearMonth::from_index(1975 * 12 + 0),
                     .step_months = 2,
                     .max_delay_months = 60};
  rules.minimum = {.base_months = 180, .first_year = 2030, .step_months = 6, .max_months = 240};
  rules.flexible = {.early_max_months = 36, .late_max_months = 36};
  return rules;
}

// Built from the documented index (year*12 + month-1) so that these tests do not depend on the
// date parser; shown as "YYYY-MM" by our own formatter for readable failures.
constexpr YearMonth ym(int year, int month) { return YearMonth::from_index(year * 12 + month - 1); }

std::string str(YearMonth m) {
  const std::int32_t i = m.index();
  const std::int32_t y = i >= 0 ? i / 12 : -((-i + 11) / 12);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d", static_cast<int>(y), static_cast<int>(i - y * 12 + 1));
  return buf;
}

enum class Cat { male, female_55, female_50 };

const RetirementCategory& category(const RetirementRules& rules, Cat c) {
  switch (c) {
    case Cat::male: return rules.male;
    case Cat::female_55: return rules.female_55;
    case Cat::female_50: return rules.female_50;
  }
  return rules.male;
}

const char* cat_name(Cat c) {
  switch (c) {
    case Cat::male: return "male60";
    case Cat::female_55: return "female55";
    case Cat::female_50: return "female50";
  }
  return "?";
}

// ---------------------------------------------------------------------------------------------
// Every row of the test table in facts §1.3.

struct TableRow {
  Cat cat;
  int birth_year;
  int birth_month;
  int age_years;
  int age_months;
  int retire_year;
  int retire_month;
  int delay;
};

const TableRow kFactsTable[] = {
    // 男职工(原60)
    {Cat::male, 1963, 12, 60, 0, 2023, 12, 0},
    {Cat::male, 1964, 2, 60, 0, 2024, 2, 0},
    {Cat::male, 1964, 12, 60, 0, 2024, 12, 0},
    {Cat::male, 1965, 1, 60, 1, 2025, 2, 1},
    {Cat::male, 1965, 4, 60, 1, 2025, 5, 1},
    {Cat::male, 1965, 5, 60, 2, 2025, 7, 2},
    {Cat::male, 1965, 8, 60, 2, 2025, 10, 2},
    {Cat::male, 1965, 9, 60, 3, 2025, 12, 3},
    {Cat::male, 1965, 12, 60, 3, 2026, 3, 3},
    {Cat::male, 1966, 1, 60, 4, 2026, 5, 4},
    {Cat::male, 1967, 5, 60, 8, 2028, 1, 8},
    {Cat::male, 1970, 1, 61, 4, 2031, 5, 16},
    {Cat::male, 1976, 8, 62, 11, 2039, 7, 35},
    {Cat::male, 1976, 9, 63, 0, 2039, 9, 36},
    {Cat::male, 1976, 12, 63, 0, 2039, 12, 36},
    {Cat::male, 1983, 2, 63, 0, 2046, 2, 36},
    {Cat::male, 1995, 12, 63, 0, 2058, 12, 36},
    {Cat::male, 2000, 12, 63, 0, 2063, 12, 36},
    // 原55女职工
    {Cat::female_55, 1963, 4, 55, 0, 2018, 4, 0},
    {Cat::female_55, 1969, 12, 55, 0, 2024, 12, 0},
    {Cat::female_55, 1970, 1, 55, 1, 2025, 2, 1},
    {Cat::female_55, 1970, 5, 55, 2, 2025, 7, 2},
    {Cat::female_55, 1971, 4, 55, 4, 2026, 8, 4},
    {Cat::female_55, 1974, 10, 56, 3, 2031, 1, 15},
    {Cat::female_55, 1981, 8, 57, 11, 2039, 7, 35},
    {Cat::female_55, 1981, 9, 58, 0, 2039, 9, 36},
    {Cat::female_55, 1981, 12, 58, 0, 2039, 12, 36},
    {Cat::female_55, 2000, 12, 58, 0, 2058, 12, 36},
    // 原50女职工
    {Cat::female_50, 1974, 12, 50, 0, 2024, 12, 0},
    {Cat::female_50, 1975, 1, 50, 1, 2025, 2, 1},
    {Cat::female_50, 1975, 2, 50, 1, 2025, 3, 1},
    {Cat::female_50, 1975, 3, 50, 2, 2025, 5, 2},
    {Cat::female_50, 1976, 1, 50, 7, 2026, 8, 7},
    {Cat::female_50, 1980, 1, 52, 7, 2032, 8, 31},
    {Cat::female_50, 1984, 10, 54, 11, 2039, 9, 59},
    {Cat::female_50, 1984, 11, 55, 0, 2039, 11, 60},
    {Cat::female_50, 1984, 12, 55, 0, 2039, 12, 60},
    {Cat::female_50, 1995, 12, 55, 0, 2050, 12, 60},
};

class RetirementFactsTable : public ::testing::TestWithParam<TableRow> {};

TEST_P(RetirementFactsTable, MatchesFactsRow) {
  const TableRow& row = GetParam();
  const RetirementRules rules = reform_rules();
  const RetirementCategory& cat = category(rules, row.cat);
  const YearMonth birth = ym(row.birth_year, row.birth_month);
  const RetirementAnswer a = compute_retirement(rules, cat, birth);
  EXPECT_EQ(str(a.birth), str(birth));
  EXPECT_EQ(a.original_age_months, cat.original_age_months);
  EXPECT_EQ(a.delay_months, row.delay);
  EXPECT_EQ(a.age_months, row.age_years * 12 + row.age_months)
      << "got " << a.age_months / 12 << "y" << a.age_months % 12 << "m";
  EXPECT_EQ(a.age_months, a.original_age_months + a.delay_months);
  EXPECT_EQ(str(a.date), str(ym(row.retire_year, row.retire_month)));
  EXPECT_EQ(str(a.date), str(birth + a.age_months));
}

INSTANTIATE_TEST_SUITE_P(Section1_3, RetirementFactsTable, ::testing::ValuesIn(kFactsTable),
                         [](const ::testing::TestParamInfo<TableRow>& param_info) {
                           const TableRow& r = param_info.param;
                           char buf[64];
                           std::snprintf(buf, sizeof buf, "%s_%04d_%02d", cat_name(r.cat),
                                         r.birth_year, r.birth_month);
                           return std::string(buf);
                         });

TEST(RetirementFactsTable, HasEveryRowOfTheFactsFile) {
  // 18 rows for men, 10 for original-55 women, 10 for original-50 women.
  EXPECT_EQ(std::size(kFactsTable), 38u);
}

// ---------------------------------------------------------------------------------------------
// Boundaries per category: the month before the first affected birth month, the first 24 birth
// months (delay increments exactly at step boundaries), the last month before the cap, the cap,
// and the month after.

struct BoundaryCase {
  Cat cat;
  YearMonth first_birth;
  // Delay for the birth months first_birth + 0 .. first_birth + 23, written out.
  std::array<int, 24> first_24;
  YearMonth last_before_cap;
  YearMonth cap_reached;
  int cap;
};

const BoundaryCase kBoundaries[] = {
    {Cat::male, ym(1965, 1),
     {1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 6, 6, 6, 6},
     ym(1976, 8), ym(1976, 9), 36},
    {Cat::female_55, ym(1970, 1),
     {1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 6, 6, 6, 6},
     ym(1981, 8), ym(1981, 9), 36},
    {Cat::female_50, ym(1975, 1),
     {1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12},
     ym(1984, 10), ym(1984, 11), 60},
};

class RetirementBoundaries : public ::testing::TestWithParam<BoundaryCase> {};

TEST_P(RetirementBoundaries, MonthBeforeFirstAffectedHasNoDelay) {
  const BoundaryCase& c = GetParam();
  const RetirementRules rules = reform_rules();
  const RetirementCategory& cat = category(rules, c.cat);
  ASSERT_EQ(str(cat.first_birth), str(c.first_birth));
  const YearMonth birth = c.first_birth - 1;
  const RetirementAnswer a = compute_retirement(rules, cat, birth);
  EXPECT_EQ(a.delay_months, 0);
  EXPECT_EQ(a.age_months, cat.original_age_months);
  EXPECT_EQ(str(a.date), str(birth + cat.original_age_months));
  // The last unaffected person reaches the original age in 2024-12, just before the reform.
  EXPECT_EQ(str(a.date), "2024-12");
  // Long before the reform: still no delay.
  EXPECT_EQ(compute_retirement(rules, cat, c.first_birth - 240).delay_months, 0);
}

TEST_P(RetirementBoundaries, FirstAffectedMonthDelaysOneMonth) {
  const BoundaryCase& c = GetParam();
  const RetirementRules rules = reform_rules();
  const RetirementCategory& cat = category(rules, c.cat);
  const RetirementAnswer a = compute_retirement(rules, cat, c.first_birth);
  EXPECT_EQ(a.delay_months, 1);
  EXPECT_EQ(a.age_months, cat.original_age_months + 1);
  // Every category's first affected person retires in 2025-02 (facts §1.3 "first row").
  EXPECT_EQ(str(a.date), "2025-02");
}

TEST_P(RetirementBoundaries, FirstTwoYearsStepExactlyAtBoundaries) {
  const BoundaryCase& c = GetParam();
  const RetirementRules rules = reform_rules();
  const RetirementCategory& cat = category(rules, c.cat);
  int previous = compute_retirement(rules, cat, c.first_birth - 1).delay_months;
  ASSERT_EQ(previous, 0);
  for (int k = 0; k < 24; ++k) {
    const YearMonth birth = c.first_birth + k;
    const RetirementAnswer a = compute_retirement(rules, cat, birth);
    SCOPED_TRACE("birth " + str(birth));
    EXPECT_EQ(a.delay_months, c.first_24[static_cast<std::size_t>(k)]);
    // One more month exactly when k is a multiple of the step, none otherwise.
    EXPECT_EQ(a.delay_months - previous, k % cat.step_months == 0 ? 1 : 0);
    EXPECT_EQ(str(a.date), str(birth + cat.original_age_months + a.delay_months));
    previous = a.delay_months;
  }
}

TEST_P(RetirementBoundaries, CapBoundary) {
  const BoundaryCase& c = GetParam();
  const RetirementRules rules = reform_rules();
  const RetirementCategory& cat = category(rules, c.cat);
  ASSERT_EQ(cat.max_delay_months, c.cap);

  const RetirementAnswer before = compute_retirement(rules, cat, c.last_before_cap);
  EXPECT_EQ(before.delay_months, c.cap - 1);
  EXPECT_EQ(str(before.date), str(c.last_before_cap + cat.original_age_months + c.cap - 1));

  const RetirementAnswer at = compute_retirement(rules, cat, c.cap_reached);
  EXPECT_EQ(at.delay_months, c.cap);
  EXPECT_EQ(at.age_months, cat.original_age_months + c.cap);
  EXPECT_EQ(str(at.date), str(c.cap_reached + cat.original_age_months + c.cap));

  const RetirementAnswer after = compute_retirement(rules, cat, c.cap_reached + 1);
  EXPECT_EQ(after.delay_months, c.cap);
  EXPECT_EQ(str(after.date), str(c.cap_reached + 1 + cat.original_age_months + c.cap));

  // Far beyond: still capped.
  EXPECT_EQ(compute_retirement(rules, cat, c.cap_reached + 600).delay_months, c.cap);
}

TEST_P(RetirementBoundaries, RetirementMonthNeverGoesBackAndSkipsAtMostOneMonth) {
  const BoundaryCase& c = GetParam();
  const RetirementRules rules = reform_rules();
  const RetirementCategory& cat = category(rules, c.cat);
  RetirementAnswer previous = compute_retirement(rules, cat, c.first_birth - 60);
  for (YearMonth birth = c.first_birth - 59; birth <= c.cap_reached + 60; birth = birth + 1) {
    const RetirementAnswer a = compute_retirement(rules, cat, birth);
    SCOPED_TRACE("birth " + str(birth));
    EXPECT_GE(a.delay_months, previous.delay_months);
    EXPECT_LE(a.delay_months - previous.delay_months, 1);
    const std::int32_t gap = a.date - previous.date;
    EXPECT_TRUE(gap == 1 || gap == 2) << gap;
    previous = a;
  }
}

INSTANTIATE_TEST_SUITE_P(PerCategory, RetirementBoundaries, ::testing::ValuesIn(kBoundaries),
                         [](const ::testing::TestParamInfo<BoundaryCase>& param_info) {
                           return std::string(cat_name(param_info.param.cat));
                         });

TEST(RetirementStep, NobodyInTheMaleCategoryRetiresIn2025_06) {
  // Facts §1.3: 1965-04 retires 2025-05 and 1965-05 retires 2025-07.
  const RetirementRules rules = reform_rules();
  EXPECT_EQ(str(compute_retirement(rules, rules.male, ym(1965, 4)).date), "2025-05");
  EXPECT_EQ(str(compute_retirement(rules, rules.male, ym(1965, 5)).date), "2025-07");
  for (YearMonth b = ym(1964, 1); b <= ym(1966, 12); b = b + 1) {
    EXPECT_NE(str(compute_retirement(rules, rules.male, b).date), "2025-06") << str(b);
  }
}

// ---------------------------------------------------------------------------------------------
// Minimum contribution years (facts §1.4).

TEST(MinimumContribution, EveryYear2029To2040) {
  const MinimumYearsRule rule = reform_rules().minimum;
  struct Row {
    int year;
    int years;
    int months;
  };
  const Row table[] = {
      {2029, 15, 0}, {2030, 15, 6}, {2031, 16, 0}, {2032, 16, 6}, {2033, 17, 0}, {2034, 17, 6},
      {2035, 18, 0}, {2036, 18, 6}, {2037, 19, 0}, {2038, 19, 6}, {2039, 20, 0}, {2040, 20, 0},
  };
  for (const Row& r : table) {
    EXPECT_EQ(minimum_contribution_months(rule, r.year), r.years * 12 + r.months) << r.year;
  }
}

TEST(MinimumContribution, BeforeAndLongAfterTheRise) {
  const MinimumYearsRule rule = reform_rules().minimum;
  for (int year = 2020; year <= 2029; ++year) EXPECT_EQ(minimum_contribution_months(rule, year), 180);
  EXPECT_EQ(minimum_contribution_months(rule, 1990), 180);
  for (int year = 2039; year <= 2100; ++year) EXPECT_EQ(minimum_contribution_months(rule, year), 240);
  EXPECT_EQ(minimum_contribution_months(rule, INT_MAX), 240);
  EXPECT_EQ(minimum_contribution_months(rule, INT_MIN), 180);
}

TEST(MinimumContribution, ApplicableMinimumChengduExamples) {
  const MinimumYearsRule rule = reform_rules().minimum;
  // Statutory age in 2031, retires early in 2029: the 2029 value, 15 years.
  EXPECT_EQ(applicable_minimum_months(rule, 2029, 2031), 15 * 12);
  // Delays to 2034: still the 2031 value, 16 years (not 17y6m, the 2034 value).
  EXPECT_EQ(applicable_minimum_months(rule, 2034, 2031), 16 * 12);
  EXPECT_NE(applicable_minimum_months(rule, 2034, 2031), minimum_contribution_months(rule, 2034));
  // At the statutory year itself.
  EXPECT_EQ(applicable_minimum_months(rule, 2031, 2031), 16 * 12);
  // Early retirement by one year inside the rise: 2030 value.
  EXPECT_EQ(applicable_minimum_months(rule, 2030, 2031), 15 * 12 + 6);
}

TEST(MinimumContribution, AnswerUsesTheStatutoryYear) {
  const RetirementRules rules = reform_rules();
  // INTERFACES.md example: 2025-05 -> 15 years.
  EXPECT_EQ(compute_retirement(rules, rules.female_50, ym(1975, 3)).min_contribution_months, 180);
  // Man born 1970-01 retires 2031-05 -> 16 years.
  const RetirementAnswer m70 = compute_retirement(rules, rules.male, ym(1970, 1));
  ASSERT_EQ(str(m70.date), "2031-05");
  EXPECT_EQ(m70.min_contribution_months, 192);
  // Woman (55) born 1974-10 retires 2031-01 -> 16 years.
  EXPECT_EQ(compute_retirement(rules, rules.female_55, ym(1974, 10)).min_contribution_months, 192);
  // Man born 1976-08 retires 2039-07 -> 20 years.
  EXPECT_EQ(compute_retirement(rules, rules.male, ym(1976, 8)).min_contribution_months, 240);
  // Year boundary: a man retiring 2029-12 needs 15 years, the next one (2030-02; nobody in
  // this category retires in 2030-01) needs 15y6m.
  const RetirementAnswer dec29 = compute_retirement(rules, rules.male, ym(1968, 12));
  const RetirementAnswer feb30 = compute_retirement(rules, rules.male, ym(1969, 1));
  ASSERT_EQ(str(dec29.date), "2029-12");  // delay 12 (k = 47)
  ASSERT_EQ(str(feb30.date), "2030-02");  // delay 13 (k = 48)
  EXPECT_EQ(dec29.min_contribution_months, 180);
  EXPECT_EQ(feb30.min_contribution_months, 186);
}

// ---------------------------------------------------------------------------------------------
// Flexible window (facts §1.5; INTERFACES.md "shebao retirement").

TEST(FlexibleWindow, InterfacesExample) {
  const RetirementRules rules = reform_rules();
  const RetirementAnswer a = compute_retirement(rules, rules.female_50, ym(1975, 3));
  EXPECT_EQ(a.delay_months, 2);
  EXPECT_EQ(a.age_months, 50 * 12 + 2);
  EXPECT_EQ(str(a.date), "2025-05");
  EXPECT_EQ(a.min_contribution_months, 15 * 12);
  EXPECT_EQ(str(a.flexible_earliest), "2025-03");
  EXPECT_EQ(str(a.flexible_latest), "2028-05");
}

TEST(FlexibleWindow, OriginalAgeBoundsTheEarliestForMan1965_01) {
  const RetirementRules rules = reform_rules();
  const RetirementAnswer a = compute_retirement(rules, rules.male, ym(1965, 1));
  // Original-age month 2025-01 is later than statutory 2025-02 minus 36 months (2022-02).
  EXPECT_EQ(str(a.date), "2025-02");
  EXPECT_EQ(str(a.date - 36), "2022-02");
  EXPECT_EQ(str(a.flexible_earliest), "2025-01");
  EXPECT_EQ(str(a.flexible_latest), "2028-02");
}

TEST(FlexibleWindow, BeforeTheReformTheEarliestIsTheStatutoryDate) {
  const RetirementRules rules = reform_rules();
  const RetirementAnswer a = compute_retirement(rules, rules.male, ym(1964, 12));
  EXPECT_EQ(str(a.date), "2024-12");
  EXPECT_EQ(str(a.flexible_earliest), "2024-12");
  EXPECT_EQ(str(a.flexible_latest), "2027-12");
}

TEST(FlexibleWindow, Born1980) {
  const RetirementRules rules = reform_rules();
  // Man born 1980-06: capped delay 36, so statutory - 36 months equals the original-age month.
  const RetirementAnswer m = compute_retirement(rules, rules.male, ym(1980, 6));
  EXPECT_EQ(str(m.date), "2043-06");
  EXPECT_EQ(str(m.flexible_earliest), "2040-06");
  EXPECT_EQ(str(m.flexible_earliest), str(m.date - 36));
  EXPECT_EQ(str(m.flexible_latest), "2046-06");
  // Woman (50) born 1980-01: delay 31 < 36, so the original age (2030-01) bounds the earliest.
  const RetirementAnswer f = compute_retirement(rules, rules.female_50, ym(1980, 1));
  EXPECT_EQ(str(f.date), "2032-08");
  EXPECT_EQ(str(f.flexible_earliest), "2030-01");
  EXPECT_EQ(str(f.flexible_latest), "2035-08");
}

TEST(FlexibleWindow, ThreeYearsBeforeStatutoryWinsOnceDelayExceedsThreeYears) {
  const RetirementRules rules = reform_rules();
  // Original-50 women: delay 36 for births 1980-11 and 1980-12, 37 from 1981-01.
  const RetirementAnswer d36 = compute_retirement(rules, rules.female_50, ym(1980, 12));
  ASSERT_EQ(d36.delay_months, 36);
  EXPECT_EQ(str(d36.date), "2033-12");
  EXPECT_EQ(str(d36.flexible_earliest), "2030-12");  // both bounds coincide
  const RetirementAnswer d37 = compute_retirement(rules, rules.female_50, ym(1981, 1));
  ASSERT_EQ(d37.delay_months, 37);
  EXPECT_EQ(str(d37.date), "2034-02");
  EXPECT_EQ(str(d37.flexible_earliest), "2031-02");  // statutory - 36, one month after age 50
  EXPECT_EQ(str(d37.flexible_latest), "2037-02");
  // Fully delayed (55): born 1984-11, statutory 2039-11, earliest 2036-11 (age 52), not 2034-11.
  const RetirementAnswer capped = compute_retirement(rules, rules.female_50, ym(1984, 11));
  EXPECT_EQ(str(capped.flexible_earliest), "2036-11");
  EXPECT_EQ(str(capped.flexible_latest), "2042-11");
}

TEST(FlexibleWindow, InvariantsOverManyBirthMonths) {
  const RetirementRules rules = reform_rules();
  for (Cat c : {Cat::male, Cat::female_55, Cat::female_50}) {
    const RetirementCategory& cat = category(rules, c);
    for (YearMonth b = ym(1955, 1); b <= ym(2005, 12); b = b + 1) {
      const RetirementAnswer a = compute_retirement(rules, cat, b);
      SCOPED_TRACE(std::string(cat_name(c)) + " " + str(b));
      EXPECT_GE(a.flexible_earliest, b + cat.original_age_months);
      EXPECT_GE(a.flexible_earliest, a.date - 36);
      EXPECT_LE(a.flexible_earliest, a.date);
      EXPECT_TRUE(a.flexible_earliest == b + cat.original_age_months ||
                  a.flexible_earliest == a.date - 36);
      EXPECT_EQ(a.flexible_latest, a.date + 36);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Nothing is hard-coded: other rules give other answers.

TEST(RetirementRulesDriven, CustomCategoryMinimumAndWindow) {
  RetirementRules rules = reform_rules();
  const RetirementCategory custom{.original_age_months = 62 * 12,
                                  .first_birth = ym(1990, 7),
                                  .step_months = 3,
                                  .max_delay_months = 5};
  rules.minimum = {.base_months = 120, .first_year = 2050, .step_months = 12, .max_months = 150};
  rules.flexible = {.early_max_months = 12, .late_max_months = 24};

  EXPECT_EQ(compute_retirement(rules, custom, ym(1990, 6)).delay_months, 0);
  EXPECT_EQ(compute_retirement(rules, custom, ym(1990, 7)).delay_months, 1);
  EXPECT_EQ(compute_retirement(rules, custom, ym(1990, 9)).delay_months, 1);
  EXPECT_EQ(compute_retirement(rules, custom, ym(1990, 10)).delay_months, 2);
  EXPECT_EQ(compute_retirement(rules, custom, ym(1991, 7)).delay_months, 5);  // 12/3+1 = 5 = cap
  EXPECT_EQ(compute_retirement(rules, custom, ym(1999, 1)).delay_months, 5);

  const RetirementAnswer a = compute_retirement(rules, custom, ym(1991, 1));  // k = 6 -> 3
  EXPECT_EQ(a.delay_months, 3);
  EXPECT_EQ(str(a.date), "2053-04");
  EXPECT_EQ(a.min_contribution_months, 150);  // 120 + 4*12 = 168, capped at 150
  EXPECT_EQ(str(a.flexible_earliest), "2053-01");  // original age month; 2053-04 - 12 = 2052-04
  EXPECT_EQ(str(a.flexible_latest), "2055-04");

  EXPECT_EQ(minimum_contribution_months(rules.minimum, 2049), 120);
  EXPECT_EQ(minimum_contribution_months(rules.minimum, 2050), 132);
  EXPECT_EQ(minimum_contribution_months(rules.minimum, 2051), 144);
  EXPECT_EQ(minimum_contribution_months(rules.minimum, 2052), 150);
  EXPECT_EQ(applicable_minimum_months(rules.minimum, 2055, 2050), 132);
}

TEST(RetirementRulesDriven, BrokenStepDoesNotDivideByZero) {
  RetirementRules rules = reform_rules();
  RetirementCategory broken = rules.male;
  broken.step_months = 0;
  EXPECT_EQ(compute_retirement(rules, broken, ym(1964, 12)).delay_months, 0);
  EXPECT_EQ(compute_retirement(rules, broken, ym(1965, 1)).delay_months, 1);
  EXPECT_EQ(compute_retirement(rules, broken, ym(1965, 2)).delay_months, 2);
}

// ---------------------------------------------------------------------------------------------
// retirement_category.

TEST(RetirementCategoryLookup, MenAlwaysMale) {
  const RetirementRules rules = reform_rules();
  EXPECT_EQ(retirement_category(rules, false, 60), &rules.male);
  EXPECT_EQ(retirement_category(rules, false, 0), &rules.male);
  EXPECT_EQ(retirement_category(rules, false, 55), &rules.male);
  EXPECT_EQ(retirement_category(rules, false, 50), &rules.male);
}

TEST(RetirementCategoryLookup, WomenByOriginalAge) {
  const RetirementRules rules = reform_rules();
  EXPECT_EQ(retirement_category(rules, true, 55), &rules.female_55);
  EXPECT_EQ(retirement_category(rules, true, 50), &rules.female_50);
}

TEST(RetirementCategoryLookup, WomenWithOtherOriginalAgesHaveNone) {
  const RetirementRules rules = reform_rules();
  for (int age : {0, 1, 45, 49, 51, 54, 56, 58, 60, 63, -50, -55, INT_MAX, INT_MIN}) {
    EXPECT_EQ(retirement_category(rules, true, age), nullptr) << age;
  }
}

TEST(RetirementCategoryLookup, DefaultRulesMatchNothingForWomen) {
  const RetirementRules empty;  // original ages 0: no category, not even for 0
  EXPECT_EQ(retirement_category(empty, true, 0), nullptr);
  EXPECT_EQ(retirement_category(empty, true, 50), nullptr);
}

}  // namespace
}  // namespace shebao
