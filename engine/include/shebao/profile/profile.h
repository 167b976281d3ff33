// The worker profile of ../shared/contract/PROFILE.md, described by one schema table that the
// validator, the expression type checker, `shebao ask` and the page all read.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "shebao/calc/pension_record.h"
#include "shebao/core/date.h"
#include "shebao/core/diagnostics.h"
#include "shebao/core/doc.h"
#include "shebao/core/text.h"

namespace shebao {

enum class FieldType : std::uint8_t {
  kDate,     // "YYYY-MM-DD" (as_of) or "YYYY-MM[-DD]" (birth: month_only flag when no day)
  kEnum,     // one of FieldSpec::enum_values; stored as its index
  kRegion,   // GB/T 2260 code; stored as the number
  kBool,
  kMoney,    // yuan, >= 0; stored in fen
  kMonths,   // whole months, >= 0
  kYears,    // whole years, one of FieldSpec::allowed_years; stored in months
  kDecimal,  // ratio; stored in millionths
  kString,   // lower-case ASCII id [a-z0-9_]{1,40}
  kYearCount,  // whole years, 0..120 (a count of years, not an age); stored in months
};

// Stable ids of every profile field. Order = order of FieldSpec table = order of questions when
// nothing else decides.
enum class FieldId : std::uint8_t {
  kAsOf,
  kBirth,
  kSex,
  kFemaleOriginalAge,
  kHukouRegion,
  kHukouKind,
  kStudent,
  kWorkRegion,
  kRelationship,
  kIndustry,
  kPlatform,
  kMonthlyIncome,
  kPensionScheme,
  kPensionRegion,
  kPensionMonthsPaid,
  kPensionReceiving,
  kMedicalScheme,
  kMedicalRegion,
  kMedicalMonthsPaid,
  kMedicalRetireeBenefits,
  kMedicalBreakYears,
  kMedicalContinuousYears,
  kInjury,
  kPensionBaseRatio,
  kMedicalPlace,
  kResidentPensionGrade,
  kMedicalAccount,
  kCount
};
inline constexpr std::size_t kFieldCount = static_cast<std::size_t>(FieldId::kCount);

struct FieldSpec {
  FieldId id;
  std::string_view path;  // "person.hukou.region"
  FieldType type;
  bool required;
  std::span<const std::string_view> enum_values;  // kEnum only
  std::span<const int> allowed_years;              // kYears only
  Text label;                                      // short label for forms and questions
  Text help;                                       // why it matters / what the values mean
};

// Path used in a FieldError about the document as a whole (e.g. it is not a mapping).
inline constexpr std::string_view kRootPath = "";  // the document as a whole

std::span<const FieldSpec> profile_schema();
const FieldSpec& field_spec(FieldId id);
const FieldSpec* find_field(std::string_view path);
// Index of `value` in the enum list of `id`, or -1.
int enum_index(FieldId id, std::string_view value);

// Enum indexes used by the engine itself (must match the enum_values tables in profile_schema.cpp).
namespace enums {
inline constexpr int kMale = 0, kFemale = 1;
inline constexpr int kEmployee = 0, kPartTime = 1, kPlatformManaged = 2, kSelfEmployed = 3,
                     kDispatched = 4, kOutsourced = 5;
inline constexpr int kSchemeNone = 0, kSchemeEmployee = 1, kSchemeResident = 2;
inline constexpr int kMedicalPlaceHukou = 0, kMedicalPlaceWork = 1;
}  // namespace enums

struct FieldValue {
  bool known = false;
  bool month_only = false;  // kDate: the day was not given (birth "1992-03"); day 1 is stored
  std::int64_t value = 0;   // see FieldType for the unit
};

class Profile {
 public:
  const FieldValue& get(FieldId id) const { return fields_[static_cast<std::size_t>(id)]; }
  FieldValue& at(FieldId id) { return fields_[static_cast<std::size_t>(id)]; }
  bool known(FieldId id) const { return get(id).known; }

  const std::string& platform() const { return platform_; }
  void set_platform(std::string p) { platform_ = std::move(p); }
  // `extra:` carried through untouched (null node when absent).
  const DocNode& extra() const { return extra_; }
  void set_extra(DocNode n) { extra_ = std::move(n); }

  // Region fields given as a withdrawn code (region_table.h), stored as the code that replaced it;
  // the evaluator warns about each.
  struct RenumberedRegion {
    FieldId field = FieldId::kCount;
    std::uint32_t old_code = 0;
  };
  std::span<const RenumberedRegion> renumbered_regions() const { return {renumbered_.data(), renumbered_count_}; }
  void add_renumbered_region(FieldId field, std::uint32_t old_code) {
    if (renumbered_count_ < renumbered_.size()) renumbered_[renumbered_count_++] = {field, old_code};
  }

  // Contribution history (coverage.pension.history, coverage.pension.deemed,
  // coverage.medical.history), in the order written; empty when not given. When a history is
  // given, the simple fields (scheme, region, months_paid) are derived from it where absent.
  std::span<const ContributionPeriod> pension_history() const { return pension_history_; }
  std::span<const DeemedPeriod> pension_deemed() const { return pension_deemed_; }
  std::span<const ContributionPeriod> medical_history() const { return medical_history_; }
  void set_pension_history(std::vector<ContributionPeriod> h) { pension_history_ = std::move(h); }
  void set_pension_deemed(std::vector<DeemedPeriod> d) { pension_deemed_ = std::move(d); }
  void set_medical_history(std::vector<ContributionPeriod> h) { medical_history_ = std::move(h); }

  Date as_of() const { return Date::from_days(static_cast<std::int32_t>(get(FieldId::kAsOf).value)); }
  Date birth() const { return Date::from_days(static_cast<std::int32_t>(get(FieldId::kBirth).value)); }

 private:
  std::array<FieldValue, kFieldCount> fields_{};
  std::string platform_;
  DocNode extra_;
  std::vector<ContributionPeriod> pension_history_;
  std::vector<DeemedPeriod> pension_deemed_;
  std::vector<ContributionPeriod> medical_history_;
  std::array<RenumberedRegion, 4> renumbered_{};
  std::size_t renumbered_count_ = 0;
};

struct ProfileParse {
  std::optional<Profile> profile;      // set only when errors is empty
  std::vector<FieldError> errors;      // every problem found, in document order
};

// Validates `root` strictly against the schema (unknown fields, kinds, enum values, region
// codes, dates, negative amounts, birth after as_of, ...). `default_as_of` is used when the
// document has no as_of (the CLI passes today's date; the engine never reads a clock).
// Applies the contract's defaults: person.student=false; coverage.*.scheme=none and
// coverage.injury=none; when a whole coverage.pension / coverage.medical block is absent its
// months_paid=0 and receiving / retiree_benefits=false; receiving / retiree_benefits=false also
// when the block is given with scheme none. A null value (`field: ~`, JSON null) counts as absent.
// FieldError codes (stable): unknown_field, invalid_type, missing_field, invalid_date,
// birth_after_as_of, invalid_region, invalid_number, negative_value, out_of_range, invalid_enum,
// invalid_platform, not_applicable, inconsistent. Paths are dotted (work.relationship); an error
// about the document itself has path kRootPath ("").
ProfileParse read_profile(const DocNode& root, std::optional<Date> default_as_of);

struct ProfileReadOptions {
  // false: leave every absent optional field unknown (no student=false, coverage.*=none, ...),
  // so that an evaluation lists in `needs` every field the rules read (used by `shebao ask`).
  bool apply_defaults = true;
};
// As above; with options.apply_defaults = true it is exactly the two-argument form.
ProfileParse read_profile(const DocNode& root, std::optional<Date> default_as_of,
                          const ProfileReadOptions& options);

// The defaults read_profile applies (above), for a profile read by another reader (the fast JSON
// one, adapters/json): each field not `given` takes its default; `pension_group_given` /
// `medical_group_given` say whether the coverage.pension / coverage.medical mapping was written.
void apply_profile_defaults(Profile& p, std::span<const bool, kFieldCount> given, bool pension_group_given,
                            bool medical_group_given);

// Writes a profile back as a DocNode (for `shebao ask` saving YAML); only known fields.
DocNode profile_to_doc(const Profile& p);

}  // namespace shebao
