#include "shebao/calc/pension_record.h"

#include <algorithm>

namespace shebao {
namespace {

__extension__ typedef __int128 Int128;

// n / d rounded half away from zero; d > 0.
std::int64_t divide_rounded(Int128 n, Int128 d) {
  Int128 q = n / d;
  Int128 r = n % d;
  if (r < 0) r = -r;
  if (2 * r >= d) q += n < 0 ? -1 : 1;
  return static_cast<std::int64_t>(q);
}

bool overlaps(const ContributionPeriod& a, const ContributionPeriod& b) {
  return a.from <= b.to && b.from <= a.to;
}

}  // namespace

std::vector<HistoryProblem> check_history(std::span<const ContributionPeriod> periods, YearMonth birth,
                                          YearMonth as_of) {
  using K = HistoryProblem::Kind;
  std::vector<HistoryProblem> out;
  const YearMonth sixteen = birth + 16 * 12;
  for (std::size_t i = 0; i < periods.size(); ++i) {
    const ContributionPeriod& p = periods[i];
    if (p.open && p.to == p.from - 1) continue;  // begun in as_of's month: nothing paid yet
    if (p.to < p.from) {
      out.push_back({K::kEndsBeforeStart, i, i});
      continue;
    }
    if (p.to > as_of) out.push_back({K::kAfterAsOf, i, i});
    if (p.from < sixteen) out.push_back({K::kBeforeAge16, i, i});
  }
  for (std::size_t i = 0; i < periods.size(); ++i) {
    if (periods[i].scheme != RecordScheme::kEmployee || periods[i].to < periods[i].from) continue;
    for (std::size_t j = i + 1; j < periods.size(); ++j) {
      if (periods[j].scheme != RecordScheme::kEmployee || periods[j].to < periods[j].from) continue;
      if (overlaps(periods[i], periods[j])) out.push_back({K::kEmployeeOverlap, i, j});
    }
  }
  return out;
}

std::optional<BenefitPlace> benefit_place(const BenefitPlaceRules& rules, Region hukou,
                                          std::span<const ContributionPeriod> periods,
                                          std::span<const DeemedPeriod> deemed) {
  BenefitPlace out;
  auto record_for = [&](Region province) -> ProvinceRecord& {
    for (ProvinceRecord& r : out.provinces)
      if (r.province == province) return r;
    ProvinceRecord fresh;
    fresh.province = province;
    out.provinces.push_back(fresh);
    return out.provinces.back();
  };

  // The relation: the latest employee period in a normal account.
  const ContributionPeriod* relation = nullptr;
  bool any_employee = false;
  for (const ContributionPeriod& p : periods) {
    if (p.scheme != RecordScheme::kEmployee) continue;
    any_employee = true;
    ProvinceRecord& r = record_for(p.region.province());
    if (p.temporary) {
      r.temporary_months += p.months();
    } else {
      r.months += p.months();
    }
    if (r.last_region == Region() || p.to >= r.last) {
      r.last = p.to;
      r.last_region = p.region;
    }
    if (!p.temporary && (relation == nullptr || p.to > relation->to)) relation = &p;
    out.total_months += p.months();
  }
  for (const DeemedPeriod& d : deemed) {
    ProvinceRecord& r = record_for(d.region.province());
    r.months += d.months;
    r.deemed_months += d.months;
    if (r.last_region == Region()) r.last_region = d.region;
    out.total_months += d.months;
    any_employee = any_employee || d.months > 0;
  }
  if (!any_employee) return std::nullopt;

  const Region home = hukou.province();
  const Region relation_province = relation != nullptr ? relation->region.province() : home;
  for (ProvinceRecord& r : out.provinces) r.relation = r.province == relation_province;
  // Oldest first: the order in which the records were left behind.
  std::stable_sort(out.provinces.begin(), out.provinces.end(),
                   [](const ProvinceRecord& a, const ProvinceRecord& b) { return a.last < b.last; });

  auto find = [&](Region province) -> const ProvinceRecord* {
    for (const ProvinceRecord& r : out.provinces)
      if (r.province == province) return &r;
    return nullptr;
  };
  const ProvinceRecord* at_relation = find(relation_province);
  if (relation_province == home) {
    out.which = BenefitCase::kHukouPlace;
    out.province = home;
  } else if (at_relation != nullptr && at_relation->months >= rules.settle_months) {
    out.which = BenefitCase::kTenYearsAtRelation;
    out.province = relation_province;
  } else {
    const ProvinceRecord* last_ten = nullptr;
    for (const ProvinceRecord& r : out.provinces)
      if (r.months >= rules.settle_months && (last_ten == nullptr || r.last >= last_ten->last)) last_ten = &r;
    if (last_ten != nullptr) {
      out.which = BenefitCase::kLastTenYearsPlace;
      out.province = last_ten->province;
    } else {
      out.which = BenefitCase::kHukouGathered;
      out.province = home;
    }
  }
  const ProvinceRecord* there = find(out.province);
  out.region = there != nullptr && there->last_region != Region() ? there->last_region : hukou;

  for (const ProvinceRecord& r : out.provinces) {
    if (r.province == out.province) continue;
    const std::int32_t normal = r.months - r.deemed_months;
    if (normal > 0) out.moves.push_back({r.last_region, out.region, normal, false});
    if (r.temporary_months > 0) out.moves.push_back({r.last_region, out.region, r.temporary_months, true});
  }
  return out;
}

bool opens_temporary_account(const BenefitPlaceRules& rules, bool female, YearMonth birth, Region hukou,
                             Region region, YearMonth start) {
  if (region.province() == hukou.province()) return false;
  const std::int32_t age = start - birth;
  return age >= (female ? rules.temporary_age_female : rules.temporary_age_male);
}

MedicalYears medical_years(std::span<const ContributionPeriod> periods, YearMonth as_of,
                           YearMonth retirement, std::int32_t required_months, bool keeps_paying) {
  // Count each month once, whatever number of places paid it.
  boost::container::small_vector<std::pair<YearMonth, YearMonth>, 8> spans;
  for (const ContributionPeriod& p : periods)
    if (p.scheme == RecordScheme::kEmployee && p.from <= p.to) spans.emplace_back(p.from, p.to);
  std::sort(spans.begin(), spans.end());
  MedicalYears out;
  YearMonth covered_to;  // last month counted so far
  bool any = false;
  for (const auto& [from, to] : spans) {
    const YearMonth start = any && from <= covered_to ? covered_to + 1 : from;
    if (start <= to) out.months_paid += to - start + 1;
    if (!any || to > covered_to) covered_to = to;
    any = true;
  }
  out.required_months = required_months;
  out.months_at_retirement = out.months_paid;
  if (keeps_paying && retirement > as_of) {
    // From the month after the last month paid (or as_of's month) to the month before retirement.
    YearMonth next = any && covered_to >= as_of ? covered_to + 1 : as_of;
    if (retirement > next) out.months_at_retirement += retirement - next;
  }
  out.missing_months = std::max<std::int32_t>(0, required_months - out.months_at_retirement);
  return out;
}

std::optional<Decimal> payout_months(const PayoutMonthsTable& table, std::int32_t age_months) {
  if (table.months.empty() || age_months < 0) return std::nullopt;
  const int years = age_months / 12;
  const int rest = age_months % 12;
  const int i = years - table.first_age;
  if (i < 0 || i >= static_cast<int>(table.months.size())) return std::nullopt;
  const Decimal here = table.months[static_cast<std::size_t>(i)];
  if (rest == 0 || !table.interpolate) return here;
  if (i + 1 >= static_cast<int>(table.months.size())) return std::nullopt;
  const Decimal next = table.months[static_cast<std::size_t>(i) + 1];
  // here - (here - next) × rest / 12, rounded to six decimals.
  const std::int64_t step = here.micros() - next.micros();
  return Decimal::from_micros(here.micros() - divide_rounded(static_cast<Int128>(step) * rest, 12));
}

PensionEstimate estimate_pension(const PensionEstimateInput& in) {
  PensionEstimate out;
  // (P + P × I) / 2 × (N / 12) × 1%  =  P_fen × (1e6 + I_micros) × N / (2 × 12 × 100 × 1e6)
  const Int128 numerator = static_cast<Int128>(in.benefit_base.fen()) *
                             (Decimal::kScale + in.average_index.micros()) * in.months;
  const Int128 denominator = static_cast<Int128>(2) * 12 * 100 * Decimal::kScale;
  out.basic = Money::from_fen(divide_rounded(numerator, denominator));
  if (in.payout_months.micros() > 0)
    out.account = Money::from_fen(divide_rounded(static_cast<Int128>(in.account_balance.fen()) * Decimal::kScale,
                                                 in.payout_months.micros()));
  return out;
}

}  // namespace shebao
