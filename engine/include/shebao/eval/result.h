// The evaluation result of ../shared/contract/RESULT.md, as engine types. Both languages are
// kept; renderers (adapters/json, text output) pick one.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "shebao/core/date.h"
#include "shebao/core/money.h"
#include "shebao/core/region.h"
#include "shebao/core/text.h"

namespace shebao {

enum class Status : std::uint8_t {
  kMandatory, kEligible, kEnrolled, kPlatformCovered, kRecommended, kNotEligible, kNotAvailable
};
enum class Channel : std::uint8_t { kEmployer, kFlexible, kIndividual, kPlatform, kDispatchAgency };

std::string_view status_id(Status s);    // "platform_covered"
std::string_view channel_id(Channel c);  // "dispatch_agency"
Text status_label(Status s);             // {"须参保", "mandatory"} etc.
Text channel_label(Channel c);

struct Citation {
  std::string document;  // the document number as printed, e.g. "云人社发〔2021〕40号"
  std::string article;   // e.g. "（九）"; may be empty
  friend bool operator==(const Citation&, const Citation&) = default;
};

struct Reason {
  std::string rule;  // "<pack id>/<scheme id>/<rule id>"
  Text text;
  std::vector<Citation> citations;
};

struct Amounts {
  Money personal, employer, total;
};

struct ContributionOption {
  std::string id;  // e.g. "ratio_0.60"
  Text label;      // "按60%缴费基数"
  std::optional<Money> base;        // monthly base (monthly-base schemes only)
  std::optional<Amounts> monthly;   // absent for fixed-annual schemes
  Amounts annual;
};

struct Contribution {
  // Monthly-base schemes (employee pension / medical): base with its limits and rates.
  std::optional<Money> base_monthly, base_min, base_max;
  std::optional<Decimal> rate_personal, rate_employer;
  // Monthly and annual amounts (for fixed-annual schemes such as resident insurance, monthly is
  // absent and annual holds the yearly cost).
  std::optional<Amounts> monthly;
  std::optional<Amounts> annual;
  std::optional<Money> government_annual;  // subsidy paid by government (resident schemes)
  std::vector<ContributionOption> options;  // the same estimate at other bases / grades
};

struct Detail {
  std::string id;     // stable, e.g. "waiting_months"
  Text label;
  std::string value;  // formatted value ("3", "0.07", "2026-07-01", "1452.60")
  std::string unit;   // "months" | "yuan" | "yuan_per_order" | "" ...
};

struct SchemeResult {
  std::string id;  // "pension.employee"
  Text name;
  Status status = Status::kNotAvailable;
  std::optional<Channel> channel;
  std::optional<Region> enrol_region;
  std::vector<Reason> reasons;
  std::optional<Contribution> contribution;
  std::vector<std::string> alternatives;  // other scheme ids
  std::vector<Detail> details;
  // False when the answer depended on a fact or parameter that is unknown: the status shown is
  // what holds unless the unknown turns out otherwise; `needs` says what would settle it.
  bool determined = true;
  std::vector<std::string> needs;
};

struct TransferResult {
  std::string scheme;
  std::optional<Region> from_region;
  std::optional<Region> to_region;
  std::string kind;  // "pension.full_transfer"
  std::string rule;
  std::vector<Text> steps;
  std::vector<Citation> citations;
};

struct Warning {
  std::string code;  // "parameter_unverified", "below_minimum_wage", ...
  Text text;
  std::string subject;  // parameter id, scheme id or field path the warning is about; may be empty
};

struct RetirementInfo {
  YearsMonths age;
  YearMonth date;
  YearsMonths original_age;
  std::int32_t delay_months = 0;
  YearsMonths min_contribution;
  YearMonth flexible_earliest, flexible_latest;
  std::vector<Citation> citations;
};

// Contribution-years outlook (issue 4): paid so far, projected to statutory retirement.
struct PensionOutlook {
  std::int32_t months_paid = 0;
  std::int32_t months_to_retirement = 0;   // from as_of to the statutory retirement month
  std::int32_t projected_months = 0;       // paid + months to retirement
  std::int32_t required_months = 0;
  bool will_meet_minimum = false;
  std::int32_t shortfall_months = 0;       // 0 when met
  std::vector<Reason> advice;              // 延长缴费 / 一次性缴费 / 城乡衔接, with citations
};

struct TraceValue {
  std::string path;   // "work.relationship", "age", "param.avg_wage_monthly"
  std::string value;  // formatted; "unknown" when not known
};
struct TraceRule {
  std::string rule;
  std::string matched;  // "true" | "false" | "unknown"
  std::vector<TraceValue> seen;
};
struct TraceScheme {
  std::string scheme;
  std::vector<TraceRule> rules;
};

struct PolicySetInfo {
  std::string id;       // e.g. "cn-yn-lincang": the chain of packs used
  std::string digest;   // "sha256:<hex>" of all pack sources
  std::vector<std::string> jurisdictions;  // ["000000", "530000", "530900"]
};

struct RelationshipInfo {
  std::string id;  // as in PROFILE.md
  Text label;
  Text explanation;  // who must enrol the worker
  std::vector<Citation> citations;
};

struct EvalResult {
  Date as_of;
  PolicySetInfo policy_set;
  YearsMonths age;
  std::optional<RetirementInfo> retirement;  // absent when the category is unknown
  std::optional<PensionOutlook> outlook;
  RelationshipInfo relationship;
  std::vector<SchemeResult> schemes;  // always all nine, in RESULT.md order
  std::vector<TransferResult> transfers;
  std::vector<std::string> needs;  // profile paths, schema order, no duplicates
  std::vector<Warning> warnings;
  std::vector<TraceScheme> trace;  // only with explain
};

}  // namespace shebao
