// Statutory retirement age under the 2024 reform (全国人大常委会决定, 2024-09-13, and the
// 国务院办法 annexed to it), minimum contribution years and the 弹性退休 window.
// Every number comes from RetirementRules, which the policy loader fills from the national pack.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "shebao/core/date.h"

namespace shebao {

struct RetirementCategory {
  std::int32_t original_age_months = 0;  // 720 for men (60y)
  YearMonth first_birth;                 // first birth month affected (1965-01 for men)
  std::int32_t step_months = 1;          // birth months per month of delay (4 or 2)
  std::int32_t max_delay_months = 0;     // cap (36 or 60)
};

struct MinimumYearsRule {
  std::int32_t base_months = 180;   // 15 years before the rise
  int first_year = 2030;            // first retirement year with a higher minimum
  std::int32_t step_months = 6;     // added each year from first_year
  std::int32_t max_months = 240;    // 20 years
};

struct FlexibleRule {
  std::int32_t early_max_months = 36;  // at most 3 years before the statutory age ...
  std::int32_t late_max_months = 36;   // ... and at most 3 years after
};

struct RetirementRules {
  RetirementCategory male;       // men, originally 60
  RetirementCategory female_55;  // women, originally 55 (cadre posts; flexible employees)
  RetirementCategory female_50;  // women, originally 50 (worker posts)
  MinimumYearsRule minimum;
  FlexibleRule flexible;
};

struct RetirementAnswer {
  YearMonth birth;
  std::int32_t original_age_months = 0;
  std::int32_t delay_months = 0;
  std::int32_t age_months = 0;           // original + delay
  YearMonth date;                        // birth + age: the month statutory age is reached
  std::int32_t min_contribution_months = 0;  // for retiring at the statutory date
  YearMonth flexible_earliest;           // max(birth + original age, date - early_max)
  YearMonth flexible_latest;             // date + late_max
};

// The category for a person: men -> male; women -> female_55 or female_50 by original age (55|50).
// Returns nullptr for an original age that is not 50 or 55.
const RetirementCategory* retirement_category(const RetirementRules& rules, bool female,
                                              int original_age_years);

// delay = 0 when birth + original age < the reform start (first_birth + original age);
// otherwise min(floor(k / step) + 1, cap) with k = months from first_birth to birth.
RetirementAnswer compute_retirement(const RetirementRules& rules, const RetirementCategory& cat,
                                    YearMonth birth);

// Minimum contribution months for someone who retires (draws a pension) in `year`:
// base before first_year, then + step each year, capped.
std::int32_t minimum_contribution_months(const MinimumYearsRule& rule, int year);

// The minimum that applies when retiring in `retire_year` with statutory retirement in
// `statutory_year`: the table value for min(retire_year, statutory_year) (成都人社 example).
std::int32_t applicable_minimum_months(const MinimumYearsRule& rule, int retire_year,
                                       int statutory_year);

}  // namespace shebao
