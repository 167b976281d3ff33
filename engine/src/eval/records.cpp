// Records in several places: see records.h.
#include "eval/records.h"

#include <algorithm>
#include <string_view>
#include <vector>

#include <boost/container/small_vector.hpp>

#include "shebao/calc/pension_record.h"

namespace shebao::internal {
namespace {

// A parameter's value in force at `region`, read as the rules read it (its use, or unless `quiet`
// its absence, is recorded for the answer's warnings); unknown when the packs do not declare it.
Slot param_at(EvaluationEnv& env, std::uint32_t index, Region region, bool quiet = false) {
  if (index == PolicySet::RecordParams::kNoParam) return Slot::unknown();
  return env.param_at_region(index, region, quiet);
}

// A history of a few periods is held in place.
using Periods = boost::container::small_vector<ContributionPeriod, 8>;

bool is_female(const Profile& p) {
  return p.get(FieldId::kSex).known && p.get(FieldId::kSex).value == enums::kFemale;
}

// The employee record as periods: the history, or the simple fields as one period ending in the
// month before as_of (`simple` is then set: where the worker pays now is not known from it).
Periods periods_of(const Profile& p, bool pension, YearMonth as_of, bool* simple) {
  *simple = false;
  const auto history = pension ? p.pension_history() : p.medical_history();
  if (!history.empty() || (pension && !p.pension_deemed().empty()))
    return {history.begin(), history.end()};
  const FieldValue& scheme = p.get(pension ? FieldId::kPensionScheme : FieldId::kMedicalScheme);
  const FieldValue& region = p.get(pension ? FieldId::kPensionRegion : FieldId::kMedicalRegion);
  const FieldValue& months = p.get(pension ? FieldId::kPensionMonthsPaid : FieldId::kMedicalMonthsPaid);
  if (!scheme.known || scheme.value != enums::kSchemeEmployee || !region.known || !months.known || months.value <= 0)
    return {};
  const auto r = Region::from_code(static_cast<std::uint32_t>(region.value));
  if (!r) return {};
  ContributionPeriod one;
  one.region = *r;
  one.to = as_of - 1;
  one.from = as_of - static_cast<std::int32_t>(months.value);
  *simple = true;
  return {one};
}

// The open employee period (the worker pays there now), if any.
const ContributionPeriod* paying_now(std::span<const ContributionPeriod> periods) {
  const ContributionPeriod* open = nullptr;
  for (const ContributionPeriod& c : periods)
    if (c.open && c.scheme == RecordScheme::kEmployee && (open == nullptr || c.from > open->from)) open = &c;
  return open;
}

// The place the worker chose for medical insurance (choices.medical_place), when set and valid.
std::optional<Region> chosen_medical_place(const Profile& profile, const EvaluationEnv& env) {
  const FieldValue& choice = profile.get(FieldId::kMedicalPlace);
  if (!choice.known) return std::nullopt;
  return choice.value == enums::kMedicalPlaceHukou ? env.hukou_region_ : env.work_region_;
}

BenefitPlaceInfo info_of(const BenefitPlace& b) {
  BenefitPlaceInfo out;
  out.which = static_cast<std::uint8_t>(b.which);
  out.province = b.province;
  out.region = b.region;
  out.total_months = b.total_months;
  for (const ProvinceRecord& p : b.provinces)
    out.places.push_back({p.province, p.last_region, p.months, p.deemed_months, p.temporary_months, p.relation});
  for (const RecordMove& m : b.moves) out.moves.push_back({m.from, m.to, m.months, m.temporary});
  return out;
}

Slot number(std::int64_t n) { return Slot::of_int(n * Decimal::kScale); }

// 66号 took effect in 2010-01. A provincial rule (province not identified, facts §3, S) keeps a
// record begun before then from becoming a temporary account when its holder turns 50 / 40 later.
constexpr YearMonth kTemporaryAccountsFrom = YearMonth::from_index(2010 * 12);

void warn_pre_2010_temporary(EvalResult& r) {
  Warning& w = r.warnings.emplace_back();
  w.code = "temporary_account_before_2010";
  w.subject = "coverage.pension.history";
  w.text.set_fixed(
      {"您的职工养老保险在2010年以前就开始缴费。至少有一个省规定，2010年1月1日前已参保、以后才满50周岁（男）或40周岁（女）的人，"
       "跨省流动时养老保险关系不改为临时缴费账户（是哪个省没有查到）。上面仍按建立临时账户回答，请向参保地社保经办机构确认。",
       "Your employee pension began before 2010. At least one province (which one was not found) does "
       "not turn the record of someone insured before 2010-01-01, who turned 50 (men) or 40 (women) "
       "later, into a temporary account on a move. The answer above still assumes a temporary "
       "account: confirm it with the insurance office where you pay."});
}

// Resident-pension months on the record that no employee period also covers (a month paid to both
// counts only for the employee pension: 人社部发〔2014〕17号 第七条).
std::int32_t resident_only_months(std::span<const ContributionPeriod> periods) {
  std::int32_t months = 0;
  for (const ContributionPeriod& p : periods) {
    if (p.scheme != RecordScheme::kResident || p.to < p.from) continue;
    std::int32_t n = p.months();
    for (const ContributionPeriod& e : periods)
      if (e.scheme == RecordScheme::kEmployee && e.from <= p.to && p.from <= e.to)
        n -= std::min(p.to, e.to) - std::max(p.from, e.from) + 1;
    months += std::max(0, n);
  }
  return months;
}

__extension__ typedef __int128 Int128;

// n / d rounded half up; n >= 0, d > 0.
std::int64_t rounded(Int128 n, Int128 d) {
  return static_cast<std::int64_t>((2 * n + d) / (2 * d));
}

// The resident pension beside the employee options (ResidentEstimateInfo): from the packs'
// figures at the hukou place only; `past_employee` is the employee record in months.
void estimate_resident(const PolicySet& set, const Profile& profile, EvaluationEnv& env,
                       std::int32_t past_employee, PensionEstimateInfo& out) {
  const PolicySet::RecordParams& ids = set.record_params;
  if (!env.hukou_region_ || !profile.known(FieldId::kBirth)) return;
  const Region hukou = *env.hukou_region_;
  const Slot claim_age = param_at(env, ids.resident_claim_age, hukou);
  const Slot min_years = param_at(env, ids.resident_min_years, hukou);
  if (!claim_age.known() || !min_years.known()) return;
  const YearMonth now = YearMonth::of(env.as_of_);
  const YearMonth draws = YearMonth::of(profile.birth()) + static_cast<std::int32_t>(claim_age.i);
  if (draws <= now) return;

  ResidentEstimateInfo& res = out.resident.emplace();
  using W = ResidentEstimateInfo::Withheld;
  res.region = hukou;
  res.draws_from = draws;
  res.required_months = static_cast<std::int32_t>(min_years.i);

  // The resident months on the record: the history's periods. With the simple fields saying
  // resident, their months are not read (the estimate would then depend on a field `ask` does not
  // ask for a resident): the answer says they are not counted.
  std::int32_t resident_past = 0;
  const auto history = profile.pension_history();
  if (!history.empty()) {
    resident_past = resident_only_months(history);
  } else {
    const FieldValue& scheme = profile.get(FieldId::kPensionScheme);
    res.past_resident_not_counted = scheme.known && scheme.value == enums::kSchemeResident;
  }
  const Slot link = param_at(env, ids.link_min_years, hukou);
  if (link.known() && past_employee >= link.i) {
    res.withheld = W::kEmployeeRecord;
    return;
  }
  res.employee_months = past_employee;
  res.months = resident_past + past_employee + (draws - now);

  // The basic pension first: where the hukou province gives none, that is what the answer says.
  const Slot basic = param_at(env, ids.resident_basic, hukou);
  if (!basic.known()) {
    res.withheld = W::kNoBasicPension;
    return;
  }
  const Slot lowest = param_at(env, ids.resident_lowest_grade, hukou);
  const Slot table = param_at(env, ids.resident_subsidy, hukou);
  const Slot payout = param_at(env, ids.resident_payout_months, hukou);
  bool graded = false;
  if (lowest.known() && table.known() && table.list() != nullptr) {
    const auto& items = table.list()->items;
    for (std::size_t i = 0; i + 1 < items.size(); i += 2)
      if (items[i].i == lowest.i) {
        res.grade = Money::from_fen(lowest.i);
        res.subsidy = Money::from_fen(items[i + 1].i);
        res.monthly_personal = Money::from_fen(rounded(lowest.i, 12));
        graded = true;
      }
  }
  if (!graded || !payout.known() || payout.i <= 0) {
    res.withheld = W::kNoGrade;
    return;
  }
  res.payout_months = Decimal::from_micros(payout.i);
  if (res.months < res.required_months) {
    res.withheld = res.past_resident_not_counted ? W::kShortFromNow : W::kShortOfYears;
    return;
  }
  // (grade + subsidy) a year × years / 计发月数, in today's money.
  res.basic = Money::from_fen(basic.i);
  res.account = Money::from_fen(rounded(static_cast<Int128>(res.grade.fen() + res.subsidy.fen()) *
                                            res.months * Decimal::kScale,
                                        static_cast<Int128>(12) * payout.i));
  res.total = res.basic + res.account;
}

}  // namespace

void compute_records(const PolicySet& set, const Profile& profile, EvaluationEnv& env, EvalResult& r,
                     std::bitset<kFieldCount>& needs) {
  const FieldValue& receiving = profile.get(FieldId::kPensionReceiving);
  const YearMonth now = YearMonth::of(env.as_of_);
  const std::optional<RetirementAnswer>& retirement = env.retirement_;
  const PolicySet::RecordParams& ids = set.record_params;
  RecordsInfo out;

  if (!(receiving.known && receiving.value)) {
    bool simple = false;
    Periods periods = periods_of(profile, true, now, &simple);
    if (!periods.empty() || !profile.pension_deemed().empty()) {
      BenefitPlaceRules rules;
      const Slot settle = param_at(env, ids.claim_place_min_years, env.work_);
      const Slot male = param_at(env, ids.temporary_age_male, env.work_);
      const Slot female = param_at(env, ids.temporary_age_female, env.work_);
      if (settle.known()) rules.settle_months = static_cast<std::int32_t>(settle.i);
      if (male.known()) rules.temporary_age_male = static_cast<std::int32_t>(male.i);
      if (female.known()) rules.temporary_age_female = static_cast<std::int32_t>(female.i);
      const auto today = benefit_place(rules, env.hukou_, periods, profile.pension_deemed());
      if (today) {
        out.benefit_place = info_of(*today);
        std::int32_t temporary = 0;
        for (const ProvinceRecord& p : today->provinces) temporary += p.temporary_months;
        env.set_derived(Op::kRecBenefitCase, number(static_cast<int>(today->which)));
        env.set_derived(Op::kRecBenefitRegion, Slot::of_int(today->region.code()));
        env.set_derived(Op::kRecMoves, number(static_cast<std::int64_t>(today->moves.size())));
        env.set_derived(Op::kRecTemporaryMonths, Slot::of_int(temporary));
        // At the statutory retirement month, paying on where the worker pays now (DECISIONS
        // "Benefit place"); the record as it stands when nobody pays now.
        // With only the simple fields, the worker is taken to pay on where they work: the record
        // follows them (a temporary account where 66号 第五条 says so).
        const ContributionPeriod* open = paying_now(periods);
        std::optional<BenefitPlace> later;
        if ((open != nullptr || simple) && retirement && retirement->date > now) {
          ContributionPeriod on;
          if (open != nullptr) {
            on = *open;
          } else {
            on.region = env.work_;
            on.temporary = periods.front().region.province() != env.work_.province() &&
                           opens_temporary_account(rules, is_female(profile), YearMonth::of(profile.birth()),
                                                   env.hukou_, env.work_, now);
          }
          out.paying_at = on.region;
          on.from = now;
          on.to = retirement->date - 1;
          on.open = false;
          periods.push_back(on);
          later = benefit_place(rules, env.hukou_, periods, profile.pension_deemed());
        }
        // The temporary-account rule applies to this worker (a period so marked, or paying on
        // where it opens one) and the record began before 2010: say the exception plainly.
        bool in_temporary = false;
        YearMonth first_paid = now;
        for (const ContributionPeriod& c : periods) {
          if (c.scheme != RecordScheme::kEmployee) continue;
          in_temporary = in_temporary || c.temporary;
          if (c.from < first_paid) first_paid = c.from;
        }
        if (in_temporary && first_paid < kTemporaryAccountsFrom) warn_pre_2010_temporary(r);
        const BenefitPlace& at_retirement = later ? *later : *today;
        out.benefit_place_at_retirement = info_of(at_retirement);
        env.set_derived(Op::kRecBenefitCaseAtRetirement, number(static_cast<int>(at_retirement.which)));
        env.set_derived(Op::kRecBenefitRegionAtRetirement, Slot::of_int(at_retirement.region.code()));
      }
    }
  }

  const FieldValue& retiree = profile.get(FieldId::kMedicalRetireeBenefits);
  if (retirement && !(retiree.known && retiree.value)) {
    bool simple = false;
    const Periods medical = periods_of(profile, false, now, &simple);
    const FieldValue& scheme = profile.get(FieldId::kMedicalScheme);
    if (medical.empty() && scheme.known && scheme.value == enums::kSchemeEmployee &&
        !profile.known(FieldId::kMedicalMonthsPaid))
      needs.set(static_cast<std::size_t>(FieldId::kMedicalMonthsPaid));
    const ContributionPeriod* latest = nullptr;
    for (const ContributionPeriod& c : medical)
      if (c.scheme == RecordScheme::kEmployee && (latest == nullptr || c.to >= latest->to)) latest = &c;
    if (latest != nullptr) {
      // The simple fields say the worker has employee medical insurance now: taken as paying on.
      const bool keeps = paying_now(medical) != nullptr || simple;
      // The minimum years are the place's where the worker will retire: where they pay on (the place
      // they chose, when they chose one), else where the employee-medical record is now.
      const Region place = keeps ? chosen_medical_place(profile, env).value_or(latest->region) : latest->region;
      const Slot required = param_at(env, is_female(profile) ? ids.medical_min_years_female : ids.medical_min_years_male,
                                     place, /*quiet=*/true);  // the answer's own line says when it is not known
      const MedicalYears y = medical_years(medical, now, retirement->date,
                                           required.known() ? static_cast<std::int32_t>(required.i) : 0, keeps);
      MedicalYearsInfo info;
      info.place = place;
      info.months_paid = y.months_paid;
      info.months_at_retirement = y.months_at_retirement;
      info.keeps_paying = keeps;
      if (required.known()) {
        info.required_months = y.required_months;
        info.missing_months = y.missing_months;
        env.set_derived(Op::kMedMissingMonths, Slot::of_int(y.missing_months));
      }
      out.medical_years = info;
    }
  }
  if (!out.empty()) r.records = std::move(out);
}

void estimate_pension(const PolicySet& set, const Profile& profile, EvaluationEnv& env, EvalResult& r) {
  const std::optional<RetirementAnswer>& retirement = env.retirement_;
  if (!retirement || env.age_months_ >= retirement->age_months) return;
  const SchemeResult* pension = nullptr;
  for (const SchemeResult& s : r.schemes)
    if (s.id == "pension.employee") pension = &s;
  if (pension == nullptr || (pension->status != Status::kEligible && pension->status != Status::kEnrolled) ||
      pension->channel != Channel::kFlexible ||
      !pension->contribution || pension->contribution->options.empty() || !pension->enrol_region)
    return;
  const Region enrol = *pension->enrol_region;
  // The benefit place at retirement: where the record will be paid out, else where the worker
  // enrols now (a first record there).
  const Region benefit = r.records && r.records->benefit_place_at_retirement
                             ? r.records->benefit_place_at_retirement->region
                             : enrol;
  const PolicySet::RecordParams& ids = set.record_params;
  const Slot avg = param_at(env, ids.avg_wage, enrol);
  const Slot account_rate = param_at(env, ids.account_rate, enrol);
  const Slot p = param_at(env, ids.benefit_base, benefit);
  const Slot table = param_at(env, ids.payout_months, env.work_);
  const Slot interpolate = param_at(env, ids.payout_interpolate, env.work_);
  if (!avg.known() || !account_rate.known() || !p.known() || !table.known() || table.list() == nullptr ||
      avg.i <= 0)
    return;

  PayoutMonthsTable t;
  const auto& items = table.list()->items;
  for (std::size_t i = 0; i + 1 < items.size(); i += 2) {
    const int age = static_cast<int>(items[i].i / Decimal::kScale);
    if (t.months.empty()) t.first_age = age;
    if (age != t.first_age + static_cast<int>(t.months.size())) return;  // lint keeps the rows consecutive
    t.months.push_back(Decimal::from_micros(items[i + 1].i));
  }
  t.interpolate = !interpolate.known() || interpolate.i != 0;

  // N: the employee months on the record (deemed and temporary included) and every month from
  // now to the month before the statutory retirement month. Short of the minimum then, the worker
  // pays on (延长缴费) until it is reached and draws from that month, at that age.
  const YearMonth now = YearMonth::of(env.as_of_);
  const std::int32_t past = r.records && r.records->benefit_place ? r.records->benefit_place->total_months : 0;
  const std::int32_t future = std::max(0, retirement->date - now);
  PensionEstimateInfo out;
  out.retirement = retirement->date;
  out.shortfall_months = std::max(0, retirement->min_contribution_months - (past + future));
  out.months = past + future + out.shortfall_months;
  out.draws_from = retirement->date + out.shortfall_months;
  const auto payout = payout_months(t, retirement->age_months + out.shortfall_months);
  if (!payout) return;
  out.benefit_base = Money::from_fen(p.i);
  out.benefit_region = benefit;
  out.payout_months = *payout;
  out.payout_interpolated = (retirement->age_months + out.shortfall_months) % 12 != 0 && t.interpolate;
  const Money average = Money::from_fen(avg.i);
  for (const ContributionOption& o : pension->contribution->options) {
    if (!o.base || !o.monthly) continue;
    const auto index = ratio(*o.base, average);
    if (!index) continue;
    // Today's money: every month, past and future, at this option's base; the account credited
    // at the same rate and no interest beyond wage growth (0).
    const Money balance = times(multiply(*o.base, Decimal::from_micros(account_rate.i)), out.months);
    const PensionEstimate e = shebao::estimate_pension({.benefit_base = out.benefit_base,
                                                        .average_index = *index,
                                                        .months = out.months,
                                                        .account_balance = balance,
                                                        .payout_months = *payout});
    EstimateOption& option = out.options.emplace_back();
    option = {o.id, *o.base, o.monthly->personal, e.basic, e.account, e.total(), std::nullopt, {}, {}, {}};
    if (out.shortfall_months > 0) option.extension_cost = times(o.monthly->personal, out.shortfall_months);
  }
  if (out.options.empty()) return;
  estimate_resident(set, profile, env, past, out);
  // Each option against the one before it: "每月多缴X元，退休后每月约多领Y元".
  const bool resident_first = out.resident && out.resident->withheld == ResidentEstimateInfo::Withheld::kNone;
  for (std::size_t i = 0; i < out.options.size(); ++i) {
    EstimateOption& o = out.options[i];
    if (i > 0) {
      const EstimateOption& before = out.options[i - 1];
      o.compared_to = before.id;
      o.more_monthly_personal = o.monthly_personal - before.monthly_personal;
      o.more_total = o.total - before.total;
    } else if (resident_first) {
      o.compared_to = kResidentOptionId;
      o.more_monthly_personal = o.monthly_personal - out.resident->monthly_personal;
      o.more_total = o.total - out.resident->total;
    }
  }
  if (!r.records) r.records.emplace();
  r.records->estimate = std::move(out);
}

}  // namespace shebao::internal
