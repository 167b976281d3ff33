// Contribution records in several places: where the employee pension is paid out (国办发〔2009〕66号
// 第五条、第六条, 人社部规〔2016〕5号), what must be transferred where, how employee medical years add
// up (医保办发〔2021〕43号), and an estimate of the monthly employee pension (国发〔2005〕38号).
//
// Pure functions over a person's history. Every threshold and table comes from the rules structs,
// which the policy loader fills from the national pack; nothing here reads a file or the clock.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <boost/container/small_vector.hpp>

#include "shebao/core/date.h"
#include "shebao/core/money.h"
#include "shebao/core/region.h"

namespace shebao {

enum class RecordScheme : std::uint8_t { kEmployee, kResident };

// One stretch of contributions at one place, months inclusive.
struct ContributionPeriod {
  Region region;
  YearMonth from;
  YearMonth to;  // inclusive; for an open period (still paying), the month before as_of (to = from - 1
                 // when it began in as_of's month: nothing paid yet)
  RecordScheme scheme = RecordScheme::kEmployee;
  bool temporary = false;  // a 临时基本养老保险缴费账户 (66号 第五条（二）)
  bool open = false;       // no end given: still paying there

  std::int32_t months() const { return to - from + 1; }
};

// 视同缴费年限, counted to the place where the person worked at the time (5号 一).
struct DeemedPeriod {
  Region region;
  std::int32_t months = 0;
};

// What is wrong with a history: the index of the period (or two) it concerns.
struct HistoryProblem {
  enum class Kind : std::uint8_t {
    kEndsBeforeStart,    // to < from
    kAfterAsOf,          // a period ending after the month of as_of
    kBeforeAge16,        // a period starting before the person turned 16
    kEmployeeOverlap,    // two employee periods sharing a month (one person, one employee pension)
  };
  Kind kind;
  std::size_t first = 0;
  std::size_t second = 0;  // kEmployeeOverlap only
};

// Checks a history (pension or medical) in the order given. `birth` and `as_of` are months.
std::vector<HistoryProblem> check_history(std::span<const ContributionPeriod> periods, YearMonth birth,
                                          YearMonth as_of);

// ---- where the pension is paid ------------------------------------------------------------------

struct BenefitPlaceRules {
  std::int32_t settle_months = 120;           // 第六条: ten years accumulated where the relation is
  std::int32_t temporary_age_male = 50 * 12;  // 第五条（二）: men from 50 ...
  std::int32_t temporary_age_female = 40 * 12;  // ... women from 40
};

// The years a province counts for the benefit place: employee months paid there (temporary
// accounts excluded) plus the deemed months counted to it.
struct ProvinceRecord {
  Region province;
  Region last_region;           // the last place within the province that holds a record
  YearMonth last;               // the last month paid there (deemed-only: default)
  std::int32_t months = 0;      // employee months in a normal account, plus deemed months
  std::int32_t deemed_months = 0;
  std::int32_t temporary_months = 0;  // months in temporary accounts (never make a benefit place)
  bool relation = false;        // the place where the pension relation is now
};

enum class BenefitCase : std::uint8_t {
  kHukouPlace = 1,        // 第六条（一）: the relation is in the hukou province
  kTenYearsAtRelation,    // 第六条（二）: not the hukou province, ten years there
  kLastTenYearsPlace,     // 第六条（三）: back to the last place with ten years
  kHukouGathered,         // 第六条（四）: ten years nowhere: gathered at the hukou place
};

// One move of records and funds to the benefit place, in the order it is to be done.
struct RecordMove {
  Region from;          // the last region within the province the record is held in
  Region to;            // the benefit province (its last region when it has one)
  std::int32_t months = 0;
  bool temporary = false;  // a temporary account gathered (归集) rather than a relation moved
};

struct BenefitPlace {
  BenefitCase which = BenefitCase::kHukouPlace;
  Region province;       // the benefit province
  Region region;         // the last region with a record there, else the hukou region
  // In place for a few provinces (an evaluation allocates nothing for an ordinary history).
  boost::container::small_vector<ProvinceRecord, 4> provinces;  // in order of each province's last month paid
  boost::container::small_vector<RecordMove, 4> moves;          // what must be moved there, oldest first
  std::int32_t total_months = 0;          // all employee months incl. deemed and temporary
};

// The benefit place on the record as it stands. Only employee periods count (resident years do not
// move with the employee pension: 人社部发〔2014〕17号 第五条). The relation is where the latest
// employee period in a normal (not temporary) account was paid; a history of temporary accounts
// only has its relation at the hukou place. Nullopt when there is no employee record at all.
std::optional<BenefitPlace> benefit_place(const BenefitPlaceRules& rules, Region hukou,
                                          std::span<const ContributionPeriod> periods,
                                          std::span<const DeemedPeriod> deemed);

// Whether joining the employee pension at `region` from `start` opens a temporary account
// (66号 第五条（二）): outside the hukou province, at 50 (men) or 40 (women) or older.
bool opens_temporary_account(const BenefitPlaceRules& rules, bool female, YearMonth birth, Region hukou,
                             Region region, YearMonth start);

// ---- medical years --------------------------------------------------------------------------------

struct MedicalYears {
  std::int32_t months_paid = 0;        // employee medical months in every place (互认累计)
  std::int32_t months_at_retirement = 0;  // if the person keeps paying until the retirement month
  std::int32_t required_months = 0;    // the retirement place's minimum
  std::int32_t missing_months = 0;     // required - at retirement, at least 0
};

// `required_months` is the place of retirement's minimum; months are counted from the employee
// periods only, a month paid in two places counting once.
MedicalYears medical_years(std::span<const ContributionPeriod> periods, YearMonth as_of,
                           YearMonth retirement, std::int32_t required_months, bool keeps_paying);

// ---- what the pension will pay --------------------------------------------------------------------

// The 计发月数 table of 国发〔2005〕38号 by whole years of age (ages first_age .. first_age + size - 1).
struct PayoutMonthsTable {
  int first_age = 40;
  boost::container::small_vector<Decimal, 32> months;  // 233, 230, ... 56 (ages 40..70 in place)
  // Between whole years: linear interpolation (the method the facts prefer, unconfirmed) or the
  // whole-year age below (floor).
  bool interpolate = true;
};

// The months for a retirement age in months; nullopt outside the table.
std::optional<Decimal> payout_months(const PayoutMonthsTable& table, std::int32_t age_months);

struct PensionEstimateInput {
  Money benefit_base;          // P: 计发基数, the province's average wage for benefits
  Decimal average_index;       // I: average contribution index (base / average wage)
  std::int32_t months = 0;     // N in months: all contribution months, deemed included
  Money account_balance;       // personal account at retirement
  Decimal payout_months;       // 计发月数 for the retirement age
};

struct PensionEstimate {
  Money basic;    // 基础养老金 = (P + P × I) / 2 × N × 1%
  Money account;  // 个人账户养老金 = balance / 计发月数
  Money total() const { return basic + account; }
};

// Rounded to the fen, half away from zero, at the end of each formula.
PensionEstimate estimate_pension(const PensionEstimateInput& in);

}  // namespace shebao
