// Records in several places (issue 19), for the evaluator: the pension history as periods (the
// profile's coverage.pension.history, or its simple fields as one period), where the pension is
// paid today and at the statutory retirement month, employee-medical years, and what the pension
// may pay. The mechanisms are calc/pension_record.h; the figures are parameters of the packs:
//   pension_claim_place_min_years, pension_temporary_account_age_male / _female (66号),
//   medical_retiree_min_years_male / _female (the medical record's place),
//   avg_wage_monthly, pension_personal_account_rate, pension_benefit_base_monthly,
//   pension_payout_months_by_age, pension_payout_months_interpolate (38号).
// Reading a parameter records it like any rule's read: its unconfirmed or missing figure is a
// warning of the answer.
#pragma once

#include "evaluation_env.h"
#include "shebao/eval/result.h"
#include "shebao/profile/profile.h"

namespace shebao::internal {

// Before the schemes: the benefit places and medical years, and the derived values pension.* /
// medical.* that pack rules read.
// `needs` gets coverage.medical.months_paid when the worker has employee medical insurance and its
// months are unknown (the medical years depend on them).
void compute_records(const PolicySet& set, const Profile& profile, EvaluationEnv& env, EvalResult& r,
                     std::bitset<kFieldCount>& needs);

// After the schemes: the estimate of the monthly employee pension for each base option of the
// pension.employee answer (nothing when the worker cannot join it or a figure is missing), and the
// resident pension beside them (resident months counted from a history only: the simple fields'
// months are not read, so that `ask` need not ask them, and the answer says so).
void estimate_pension(const PolicySet& set, const Profile& profile, EvaluationEnv& env, EvalResult& r);

}  // namespace shebao::internal
