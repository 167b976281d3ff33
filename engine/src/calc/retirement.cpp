// Statutory retirement age under the 2024 reform, minimum contribution years and the flexible
// window. Every number comes from RetirementRules; nothing of the reform is written here.
#include "shebao/calc/retirement.h"

#include <algorithm>
#include <cstdint>

namespace shebao {

namespace {

// The delay in months for someone whose birth month is `k` months after the category's first
// affected birth month: none before it, then one more month every `step` birth months, capped.
std::int32_t delay_for(const RetirementCategory& cat, std::int32_t k) {
  if (k < 0) return 0;
  // A step below 1 is a broken pack; treat it as 1 rather than divide by zero.
  const std::int64_t step = std::max<std::int32_t>(cat.step_months, 1);
  const std::int64_t delay = static_cast<std::int64_t>(k) / step + 1;
  const std::int64_t cap = std::max<std::int32_t>(cat.max_delay_months, 0);
  return static_cast<std::int32_t>(std::min(delay, cap));
}

bool has_original_age(const RetirementCategory& cat, int original_age_years) {
  return cat.original_age_months > 0 &&
         static_cast<std::int64_t>(original_age_years) * 12 == cat.original_age_months;
}

}  // namespace

const RetirementCategory* retirement_category(const RetirementRules& rules, bool female,
                                              int original_age_years) {
  // Men have a single category; the original age only distinguishes women.
  if (!female) return &rules.male;
  if (has_original_age(rules.female_50, original_age_years)) return &rules.female_50;
  if (has_original_age(rules.female_55, original_age_years)) return &rules.female_55;
  return nullptr;
}

RetirementAnswer compute_retirement(const RetirementRules& rules, const RetirementCategory& cat,
                                    YearMonth birth) {
  RetirementAnswer out;
  out.birth = birth;
  out.original_age_months = cat.original_age_months;
  // Months from first_birth to birth == months from the reform start (first_birth + original
  // age) to the month the original age is reached (birth + original age).
  out.delay_months = delay_for(cat, birth - cat.first_birth);
  out.age_months = cat.original_age_months + out.delay_months;
  out.date = birth + out.age_months;
  out.min_contribution_months = minimum_contribution_months(rules.minimum, out.date.year());
  const YearMonth original_date = birth + cat.original_age_months;
  out.flexible_earliest = std::max(original_date, out.date - rules.flexible.early_max_months);
  out.flexible_latest = out.date + rules.flexible.late_max_months;
  return out;
}

std::int32_t minimum_contribution_months(const MinimumYearsRule& rule, int year) {
  if (year < rule.first_year) return rule.base_months;
  const std::int64_t years_of_rise = static_cast<std::int64_t>(year) - rule.first_year + 1;
  const std::int64_t raised = rule.base_months + years_of_rise * rule.step_months;
  return static_cast<std::int32_t>(std::min<std::int64_t>(raised, rule.max_months));
}

std::int32_t applicable_minimum_months(const MinimumYearsRule& rule, int retire_year,
                                       int statutory_year) {
  return minimum_contribution_months(rule, std::min(retire_year, statutory_year));
}

}  // namespace shebao
