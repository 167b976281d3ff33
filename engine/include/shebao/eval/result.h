// The evaluation result of ../shared/contract/RESULT.md, as engine types. Texts are rendered on
// demand in either language; renderers (adapters/json, text output) pick one.
#pragma once

#include <array>
#include <type_traits>
#include <cstdint>
#include <memory>
#include <span>
#include <string_view>
#include <optional>
#include <string>
#include <vector>

#include <boost/container/small_vector.hpp>

#include "shebao/core/date.h"
#include "shebao/core/money.h"
#include "shebao/core/region.h"
#include "shebao/core/text.h"

namespace shebao {

// The version of ../shared/contract/RESULT.md this engine writes, as `contract_version`: 1.0.0 is
// the contract as first agreed; each addition raises the minor number (CHANGELOG.md lists them).
inline constexpr std::string_view kContractVersion = "1.2.0";

enum class Status : std::uint8_t {
  kMandatory,
  kEligible,
  kEnrolled,
  kPlatformCovered,
  kRecommended,
  kNotEligible,
  kNotAvailable
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

// Citations of a conclusion: a view of the list the policy set holds.
using Citations = std::span<const Citation>;

namespace internal {
struct TextTemplate;
struct Type;
}  // namespace internal

// A fixed bilingual text held elsewhere (the PolicySet or static storage).
struct TextView {
  std::string_view zh, en;
  std::string_view get(Lang lang) const { return lang == Lang::kEn ? en : zh; }
  static TextView of(const Text& t) { return {t.zh, t.en}; }
  friend bool operator==(const TextView& a, const TextView& b) {
    const auto same = [](std::string_view x, std::string_view y) {
      return x.size() == y.size() && (x.data() == y.data() || x == y);  // views of one text: no compare
    };
    return same(a.zh, b.zh) && same(a.en, b.en);
  }
};

// A value shown in a text, computed during the evaluation: 16 bytes. An integer-like value is `i`
// with `str` null; a string value (`str`, with its length in `i`) is always text held by the
// PolicySet; a list or table constant of the PolicySet is `str` pointing at it with `i` = kListArg;
// an unknown value has `str` = unknown_tag().
// It is the interpreter's Slot (engine/src/expr/expr.h) by another name and unknown tag: kept apart
// because this header is public (adapters read results) while Slot and Value are the engine's own
// and change with it; the evaluator converts a Slot when it stores it (no cost beyond the copy).
struct TextArg {
  static constexpr std::int64_t kListArg = -1;
  std::int64_t i = 0;
  const char* str = unknown_tag();

  static const char* unknown_tag() {
    static constexpr char kTag = 0;
    return &kTag;
  }
  static TextArg unknown() { return {}; }
  static TextArg of_int(std::int64_t v) { return {v, nullptr}; }
  static TextArg of_string(std::string_view v) {
    return {static_cast<std::int64_t>(v.size()), v.empty() ? "" : v.data()};
  }
  static TextArg of_list(const void* list) { return {kListArg, static_cast<const char*>(list)}; }
  bool known() const { return str != unknown_tag(); }
  friend bool operator==(const TextArg& a, const TextArg& b) {
    if (a.i != b.i || (a.str == nullptr) != (b.str == nullptr) || a.known() != b.known()) return false;
    if (!a.str || !a.known() || a.i == kListArg) return a.str == b.str;
    return std::string_view(a.str, static_cast<std::size_t>(a.i)) ==
           std::string_view(b.str, static_cast<std::size_t>(b.i));
  }
};

static_assert(std::is_trivially_copyable_v<TextArg> && std::is_trivially_destructible_v<TextArg>);

// A text of the result, rendered on demand in either language. Its wording lives in the PolicySet
// (a `because`/`text` template) and the values it shows were computed during the evaluation, so the
// evaluation itself formats nothing. Rare texts composed by the engine are owned. Up to
// kInlineArgs values are held in place (in the room a fixed text's views take); more are kept on
// the heap.
class ResultText {
 public:
  static constexpr std::size_t kMaxArgs = 8;  // distinct {values} in one template (SCHEMA.md)
  static constexpr std::size_t kInlineArgs = 5;
  // Writes a text the engine composes from values (e.g. a warning naming a region and a date).
  using Compose = void (*)(std::string& out, Lang lang, std::span<const TextArg> args);

  ResultText() noexcept {}  // NOLINT: the union below starts as the fixed text
  // Makes this text the fixed wording `t`, in place.
  void set_fixed(TextView t) {
    heap_.reset();
    kind_ = Kind::kFixed;
    nargs_ = 0;
    fixed_ = t;
  }
  static ResultText owned(Text t);
  static ResultText composed(Compose fn, std::span<const TextArg> args);
  // Makes this text the template `t` showing `nargs` values (at most kMaxArgs), all unknown, and
  // returns them to be filled in place (the evaluator's way of building a text without a copy).
  std::span<TextArg> start_templated(const internal::TextTemplate& t, std::size_t nargs);

  std::string get(Lang lang) const;
  void append_to(std::string& out, Lang lang) const;
  bool empty() const;
  // Composed by the engine or a caller rather than taken from the PolicySet's wording.
  bool is_owned() const { return kind_ == Kind::kOwned; }
  // Same wording in both languages.
  friend bool operator==(const ResultText& a, const ResultText& b);

 private:
  enum class Kind : std::uint8_t { kFixed, kOwned, kTemplated, kComposed };
  // Room for `nargs` values (at most kMaxArgs), all unknown: in place, or on the heap when more
  // than kInlineArgs.
  std::span<TextArg> make_room(std::size_t nargs);
  std::span<const TextArg> args() const;

  Kind kind_ = Kind::kFixed;
  std::uint8_t nargs_ = 0;
  union {
    const internal::TextTemplate* tmpl_ = nullptr;  // kTemplated
    Compose compose_;                               // kComposed
  };
  std::shared_ptr<const void> heap_;  // kOwned: the Text; more than kInlineArgs values: TextArg[]
  union {
    TextView fixed_{};                         // kFixed
    std::array<TextArg, kInlineArgs> inline_;  // kTemplated, kComposed: up to kInlineArgs values
  };
};

// Small inline-first vectors: a result is built without a heap allocation per list.
template <class T, std::size_t N>
using SmallVec = boost::container::small_vector<T, N>;

struct Reason {
  // User-provided, as SchemeResult's: `emplace_back()` then fills the members without first
  // zero-filling the whole text.
  Reason() {}  // NOLINT(modernize-use-equals-default)
  Reason(std::string_view r, ResultText t, Citations c) : rule(r), text(std::move(t)), citations(c) {}
  std::string_view rule;  // "<pack id>/<scheme id>/<rule id>"
  ResultText text;
  Citations citations;
};

struct Amounts {
  Money personal, employer, total;
};

struct ContributionOption {
  ContributionOption() {}  // NOLINT(modernize-use-equals-default): as Reason, no zero-fill first
  std::string_view id;             // e.g. "ratio_0.60"
  TextView label;                  // "按60%缴费基数"
  std::optional<Money> base;       // monthly base (monthly-base schemes only)
  std::optional<Amounts> monthly;  // absent for fixed-annual schemes
  Amounts annual;
};

struct Contribution {
  Contribution() {}  // NOLINT(modernize-use-equals-default): as Reason, no zero-fill first
  // Monthly-base schemes (employee pension / medical): base with its limits and rates.
  std::optional<Money> base_monthly, base_min, base_max;
  std::optional<Decimal> rate_personal, rate_employer;
  // Monthly and annual amounts (for fixed-annual schemes such as resident insurance, monthly is
  // absent and annual holds the yearly cost).
  std::optional<Amounts> monthly;
  std::optional<Amounts> annual;
  std::optional<Money> government_annual;  // subsidy paid by government (resident schemes)
  // A fixed yearly fee paid by the worker besides base × rate (Kunming's 重特病医疗统筹费); it is
  // already included in `annual` and in each option's annual amounts.
  struct FixedFee {
    std::string_view id;
    TextView label;
    Money amount;
  };
  std::optional<FixedFee> fixed_annual;
  SmallVec<ContributionOption, 4> options;  // the same estimate at other bases / grades
};

// A detail's value: computed during evaluation, formatted language-neutrally when rendered
// ("3", "0.07", "2026-07-01", "1452.60", a region code), or given as text.
class DetailValue {
 public:
  DetailValue() = default;
  DetailValue(std::string text) : text_(std::move(text)) {}  // NOLINT: a value may be given as text
  DetailValue(const char* text) : text_(text) {}             // NOLINT
  // Makes this value the computed `v` of type `type` (a fresh value: no text given), formatted
  // language-neutrally when read.
  void set_computed(TextArg v, const internal::Type& type) {
    raw_ = v;
    type_ = &type;
  }
  std::string text() const;

 private:
  std::string text_;
  TextArg raw_{};
  const internal::Type* type_ = nullptr;
};

struct Detail {
  Detail() {}  // NOLINT(modernize-use-equals-default): as Reason, no zero-fill first
  Detail(std::string_view i, TextView l, DetailValue v, std::string_view u)
      : id(i), label(l), value(std::move(v)), unit(u) {}
  std::string_view id;  // stable, e.g. "waiting_months"
  TextView label;
  DetailValue value;
  std::string_view unit;  // "months" | "yuan" | "yuan_per_order" | "" ...
};

// What the worker should do about a scheme, from the pack rule that decided it (`then.advice`):
// the answer's summary (eval/summary.h) is built from these.
struct SchemeAdvice {
  SchemeAdvice() {}  // NOLINT(modernize-use-equals-default): as Reason, no zero-fill first
  int priority = 50;
  ResultText text;
  ResultText deadline;           // empty when the policy names none
  std::span<const Text> bring;   // documents a cited source names
};

struct SchemeResult {
  // Every member initialises itself; a user-provided constructor keeps `emplace_back()` from
  // zero-filling the whole 1.2 KB first.
  SchemeResult() {}     // NOLINT(modernize-use-equals-default)
  std::string_view id;  // "pension.employee"
  TextView name;
  Status status = Status::kNotAvailable;
  std::optional<Channel> channel;
  std::optional<Region> enrol_region;
  SmallVec<Reason, 1> reasons;
  std::optional<Contribution> contribution;
  std::span<const std::string> alternatives;  // other scheme ids
  SmallVec<Detail, 4> details;
  // False when the answer depended on a fact or parameter that is unknown: the status shown is
  // what holds unless the unknown turns out otherwise; `needs` says what would settle it.
  bool determined = true;
  SmallVec<std::string_view, 2> needs;  // profile paths
  // Bit i set: no value of needs[i] changes this scheme's answer (status, whether determined,
  // channel, place), so knowing it would settle nothing here (a pilot with no confirmed start
  // reads the platform, yet no platform changes it). Set by `evaluate`; the summary names only
  // an answer that settles something.
  std::uint32_t inert_needs = 0;
  std::optional<SchemeAdvice> advice;   // absent when the rule gives none
};

struct TransferResult {
  TransferResult() {}  // NOLINT(modernize-use-equals-default): as SchemeResult, no zero-fill first
  std::string_view scheme;
  std::optional<Region> from_region;
  std::optional<Region> to_region;
  std::string_view kind;  // "pension.full_transfer"
  std::string_view rule;
  SmallVec<ResultText, 4> steps;
  Citations citations;
};

struct Warning {
  Warning() {}  // NOLINT(modernize-use-equals-default): as Reason, no zero-fill first
  Warning(std::string_view c, ResultText t, std::string_view s) : code(c), text(std::move(t)), subject(s) {}
  std::string_view code;  // "parameter_unverified", "below_minimum_wage", ...
  ResultText text;
  std::string_view subject;  // parameter id, scheme id or field path the warning is about; may be empty
};

struct RetirementInfo {
  YearsMonths age;
  YearMonth date;
  YearsMonths original_age;
  std::int32_t delay_months = 0;
  YearsMonths min_contribution;
  YearMonth flexible_earliest, flexible_latest;
  Citations citations;
};

// Contribution-years outlook (issue 4): paid so far, projected to statutory retirement.
struct PensionOutlook {
  PensionOutlook() {}  // NOLINT(modernize-use-equals-default): as Reason, no zero-fill first
  std::int32_t months_paid = 0;
  std::int32_t months_to_retirement = 0;  // from as_of to the statutory retirement month
  std::int32_t projected_months = 0;      // paid + months to retirement
  std::int32_t required_months = 0;
  bool will_meet_minimum = false;
  std::int32_t shortfall_months = 0;  // 0 when met
  SmallVec<Reason, 2> advice;         // 延长缴费 / 一次性缴费 / 城乡衔接, with citations
};

// Records in several places (issue 19): where the employee pension is paid (国办发〔2009〕66号
// 第六条), what moves there, employee-medical years (医保办发〔2021〕43号) and what the pension may
// pay (国发〔2005〕38号). Computed from coverage.*.history, or from the simple fields as one period.
struct RecordPlace {
  Region province;
  Region region;  // the last place within the province holding a record
  std::int32_t months = 0;            // employee months in a normal account + deemed months
  std::int32_t deemed_months = 0;
  std::int32_t temporary_months = 0;  // in temporary accounts (never a benefit place)
  bool relation = false;              // where the pension relation is now
};
struct RecordMoveInfo {
  Region from;
  Region to;
  std::int32_t months = 0;
  bool temporary = false;  // a temporary account gathered, not a relation moved
};
struct BenefitPlaceInfo {
  std::uint8_t which = 1;  // 66号第六条 case 1..4
  Region province;
  Region region;
  std::int32_t total_months = 0;  // employee months everywhere, deemed and temporary included
  SmallVec<RecordPlace, 4> places;      // oldest first
  SmallVec<RecordMoveInfo, 4> moves;    // in the order they are to be done
};
struct MedicalYearsInfo {
  Region place;  // where the employee-medical record is now (its minimum years apply)
  std::int32_t months_paid = 0;
  std::int32_t months_at_retirement = 0;
  std::optional<std::int32_t> required_months;  // unknown where the place publishes none we know
  std::int32_t missing_months = 0;
  bool keeps_paying = false;  // an open employee-medical period: counted on to retirement
};
struct EstimateOption {
  std::string_view id;  // the contribution option's id, "ratio_0.60"
  Money base;
  Money monthly_personal;
  Money basic;    // 基础养老金
  Money account;  // 个人账户养老金
  Money total;
  std::optional<Money> extension_cost;  // paying the missing months at this base (延长缴费)
  // Against the option before it (the resident pension before the lowest base when its figure is
  // known): "每月多缴X元，退休后每月约多领Y元". Empty for the first option.
  std::string_view compared_to;
  Money more_monthly_personal;
  Money more_total;
};
// Staying in (or joining) the resident pension instead, beside the employee options: every year at
// the lowest grade the hukou place offers now, with its subsidy, until the claim age (60); employee
// years already paid are merged into it (人社部发〔2014〕17号 第六条) when they are under the link
// threshold. The figures are withheld (`withheld`) where they cannot be given honestly.
inline constexpr std::string_view kResidentOptionId = "resident_lowest_grade";  // its id (compared_to)
struct ResidentEstimateInfo {
  enum class Withheld : std::uint8_t {
    kNone,
    kNoBasicPension,   // the hukou province's basic pension is not known (no_local_parameters)
    kNoGrade,          // the hukou province's grades or subsidies are not known
    kShortOfYears,     // fewer than the minimum years at the claim age
    kShortFromNow,     // so from now, resident years already paid not counted (simple fields)
    kEmployeeRecord,   // the employee record alone already reaches the link threshold
  };
  Region region;               // the hukou place, where the resident pension is paid
  Money grade;                 // the lowest grade now (a year)
  Money subsidy;               // its government subsidy (a year)
  Money monthly_personal;      // grade / 12, to set beside the employee options
  std::int32_t months = 0;     // contribution months counted at the claim age
  std::int32_t employee_months = 0;  // of which employee months merged (17号 第六条)
  std::int32_t required_months = 0;  // the resident minimum (15 years)
  YearMonth draws_from;        // the month the claim age is reached
  Decimal payout_months;       // 139
  Money basic, account, total;  // meaningful only when withheld == kNone
  Withheld withheld = Withheld::kNone;
  bool past_resident_not_counted = false;  // in the resident pension by the simple fields: its months not read
};
struct PensionEstimateInfo {
  YearMonth retirement;          // the statutory retirement month
  std::int32_t months = 0;       // N: all employee months at retirement, deemed included
  Money benefit_base;            // P: 计发基数 of the benefit place
  Region benefit_region;
  Decimal payout_months;         // 计发月数 for the retirement age
  bool payout_interpolated = false;  // the age has months: between two rows of the table
  // Months still missing for the minimum at the statutory month: the estimate is then for paying
  // on (延长缴费) until the minimum is reached and drawing from `draws_from`.
  std::int32_t shortfall_months = 0;
  YearMonth draws_from;
  SmallVec<EstimateOption, 3> options;
  std::optional<ResidentEstimateInfo> resident;  // absent without a hukou place or past the claim age
};
// The assumptions said with every pension estimate (ids stable; texts in both languages).
struct EstimateNote {
  std::string_view id, zh, en;
};
std::span<const EstimateNote> estimate_notes();
// Said with a resident-pension option (ids stable): what it assumes and leaves out.
std::span<const EstimateNote> resident_estimate_notes();
// Said with it when resident years already paid were not counted (past_resident_not_counted).
EstimateNote resident_past_not_counted_note();
// The reason a resident-pension figure is withheld, said plainly.
EstimateNote resident_withheld_note(ResidentEstimateInfo::Withheld why);
// Short of the minimum years at the statutory age: one-off payment (一次性缴费) is allowed as well
// as paying on, its amount set by the local office; with its citation.
EstimateNote one_off_payment_note();
Citations one_off_payment_citations();

struct RecordsInfo {
  std::optional<BenefitPlaceInfo> benefit_place;                // on the record as it stands
  std::optional<BenefitPlaceInfo> benefit_place_at_retirement;  // paying on where paying now
  std::optional<Region> paying_at;  // where the worker pays now (the open employee period)
  std::optional<MedicalYearsInfo> medical_years;
  std::optional<PensionEstimateInfo> estimate;
  bool empty() const { return !benefit_place && !medical_years && !estimate; }
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
  std::string_view id;                         // e.g. "cn-yn-lincang": the chain of packs used
  std::string_view digest;                     // "sha256:<hex>" of all pack sources
  std::span<const std::string> jurisdictions;  // ["000000", "530000", "530900"]
};

struct RelationshipInfo {
  std::string_view id;  // as in PROFILE.md
  TextView label;
  TextView explanation;  // who must enrol the worker
  Citations citations;
};

// The result of one evaluation. Names, citations and wording are views of the PolicySet it was
// evaluated against: keep that set alive (and in place) while the result is used. It holds its
// lists in place (about 19 KB, so that an evaluation allocates nothing): keep it where it was
// made rather than moving it around.
struct EvalResult {
  Date as_of;
  PolicySetInfo policy_set;
  YearsMonths age;
  std::optional<RetirementInfo> retirement;  // absent when the category is unknown
  std::optional<PensionOutlook> outlook;
  std::optional<RecordsInfo> records;  // absent when there is nothing to say
  RelationshipInfo relationship;
  SmallVec<SchemeResult, 9> schemes;  // always all nine, in RESULT.md order: held in place
  SmallVec<TransferResult, 3> transfers;
  SmallVec<std::string_view, 4> needs;  // profile paths, schema order, no duplicates
  SmallVec<Warning, 32> warnings;  // the Kunming rider has 27 (25 unconfirmed-figure notes)
  std::vector<TraceScheme> trace;  // only with explain
  // The work and hukou places without a city pack of their own (issue 17 item 4): answered by the
  // national and provincial rules. `local_rules_text` says so once (empty when there is none).
  struct LocalRulesPlace {
    std::string_view place;           // "work" | "hukou"
    Region region;
    bool provincial_figures = false;  // the province has a pack of its own
  };
  SmallVec<LocalRulesPlace, 2> local_rules;
  ResultText local_rules_text;
};

}  // namespace shebao
