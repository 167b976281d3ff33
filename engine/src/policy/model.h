// The compiled policy set: packs, parameters, rules and their expressions. Built once by the
// compiler, then read-only.
#pragma once

#include <array>
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "expr/expr.h"
#include "shebao/calc/retirement.h"
#include "shebao/eval/result.h"
#include "shebao/policy/policy_set.h"

namespace shebao {

namespace internal {

inline constexpr std::size_t kSchemeCount = 9;
inline constexpr std::size_t kRelationshipCount = 6;
inline constexpr std::uint32_t kNoExpr = 0xFFFFFFFFu;

// A compiled expression reference (index of the root node) with its type.
struct ExprRef {
  std::uint32_t root = kNoExpr;
  Type type;
  std::string text;  // as written (for list/show and traces)
  FieldGuard guard;  // bool expressions: a first test that settles it false (Program::guard)
  bool present() const { return root != kNoExpr; }
};

// What evaluating a condition needs of its ExprRef, kept side by side for a list of rules (or
// checks, transfers): trying them reads these few bytes each, not each rule's own storage.
struct CondRef {
  FieldGuard guard;
  std::uint32_t root = kNoExpr;
  static CondRef of(const ExprRef& e) { return {e.guard, e.root}; }
  bool present() const { return root != kNoExpr; }
};

// Text with {expr} placeholders, per language. The distinct expressions of both languages are
// `args`: the evaluator computes each once, and ResultText formats them when the text is rendered.
struct TextTemplate {
  struct Part {
    std::string literal;
    ExprRef expr;  // present => formatted value
    int arg = -1;  // index in args when expr is present
  };
  std::vector<Part> zh, en;
  std::vector<ExprRef> args;
  // Where the text was written, as written (for the text lints of lint_texts.cpp).
  struct Source {
    std::string text;
    SourcePos pos;
  };
  std::string file;
  Source src_zh, src_en;
};

struct DocumentDef {
  std::string key;
  std::string number;
  Text title;
  std::string issued;
  std::string url;
};

struct ContributionSpec {
  ExprRef base, base_min, base_max, rate_personal, rate_employer;
  ExprRef annual_personal, annual_government;
  // Optional fixed yearly fee paid by the worker on top of base × rate (monthly-base mode only),
  // e.g. Kunming's 重特病医疗统筹费: added to every yearly total and shown on its own line. An
  // unknown amount leaves it out (the rest of the estimate stands).
  struct FixedFee {
    std::string id;
    Text label;
    ExprRef amount;
  };
  std::optional<FixedFee> fixed_annual;
  struct Option {
    std::string id;
    Text label;
    ExprRef base;    // monthly-base mode
    ExprRef rate;    // monthly-base mode, optional: the personal rate of this option
    ExprRef annual;  // annual mode
  };
  std::vector<Option> options;
};

struct DetailSpec {
  std::string id;
  Text label;
  ExprRef value;
  std::string unit;
};

struct WarningSpec {
  std::string code;
  ExprRef when;
  TextTemplate text;
};

// What the worker should do when the rule fires, for the answer's summary (`then.advice`): the
// wording is policy, so it lives in the pack. `priority` orders actions (lower first, after the
// mandatory ones); `bring` lists documents a cited source names; `deadline` is a date the policy
// names (the resident medical collection period).
struct AdviceSpec {
  int priority = 50;
  TextTemplate text;
  std::vector<Text> bring;
  std::optional<TextTemplate> deadline;
};

struct OutcomeSpec {
  Status status = Status::kNotAvailable;
  std::optional<Channel> channel;
  ExprRef enrol_region;
  std::vector<std::string> alternatives;
  std::optional<ContributionSpec> contribution;
  std::vector<DetailSpec> details;
  std::vector<WarningSpec> warnings;
  std::optional<AdviceSpec> advice;
};

// Citations a descendant pack adds to an inherited rule, transfer or relationship (`add_citations:`,
// SCHEMA.md "Citations by jurisdiction"): the item's whole list where the place it speaks of is in
// `jurisdiction`, the descendant's citations first. Kept in the order of the packs' depth: the last
// one containing the place is the most specific.
struct LocalCitations {
  Region jurisdiction;
  int pack = 0;
  std::vector<Citation> cite;
  std::size_t added = 0;  // the first `added` of `cite` are the ones this pack adds
};

// The citations of an item for a place: its own, or the most specific list added for the place.
inline Citations citations_for(const std::vector<Citation>& own, const std::vector<LocalCitations>& local,
                               Region place) {
  Citations c = own;
  for (const LocalCitations& l : local)
    if (l.jurisdiction.contains(place)) c = l.cite;
  return c;
}

// Placement of an item from a child pack in the inherited list.
struct Placement {
  std::string overrides, before, after;  // qualified ids; at most one set
  SourcePos pos;
};

struct RuleDef {
  std::string qualified_id;
  int pack = 0;
  std::size_t scheme = 0;
  ExprRef when;
  OutcomeSpec then;
  TextTemplate because;
  std::vector<Citation> cite;
  std::vector<LocalCitations> local_cite;  // for the rule's enrolment place (else the work place)
  Placement place;
  std::string file;
  SourcePos pos;
};

struct CheckDef {
  std::string qualified_id;
  int pack = 0;
  ExprRef when;
  std::string code;
  TextTemplate text;
  std::vector<Citation> cite;
  Placement place;
  std::string file;
  SourcePos pos;
};

struct ConstraintDef {
  std::string qualified_id;
  int pack = 0;
  FieldId field = FieldId::kAsOf;
  ExprRef check;
  Text message;
  std::vector<Citation> cite;
  Placement place;
  std::string file;
  SourcePos pos;
};

struct TransferDef {
  std::string qualified_id;
  int pack = 0;
  std::string scheme;
  std::string kind;
  ExprRef when, from, to;
  std::vector<TextTemplate> steps;
  std::vector<Citation> cite;
  std::vector<LocalCitations> local_cite;  // for the destination (else the origin, else the work place)
  Placement place;
  std::string file;
  SourcePos pos;
};

struct RelationshipDef {
  bool present = false;
  Text label;
  Text explanation;
  std::vector<Citation> cite;
  std::vector<LocalCitations> local_cite;  // for the work place
};

struct FemaleDefault {
  ExprRef when;
  int original_age_years = 55;
  bool verified = false;
  std::vector<Citation> cite;
  std::vector<Citation> all_cite;  // the retirement citations, then these
  Text unverified_text;            // the warning when !verified
};

struct OutlookAdvice {
  std::string id;
  std::string qualified_id;  // "retirement/<id>"
  ExprRef when;
  TextTemplate text;
  std::vector<Citation> cite;
};

struct RetirementDef {
  bool present = false;
  RetirementRules rules;
  std::vector<FemaleDefault> female_default;
  std::vector<OutlookAdvice> advice;
  std::vector<Citation> cite;
};

// A version of a parameter. What an evaluation reads of it comes first, side by side: the value
// and what its warnings depend on (a rider reads about twenty versions, each far from the others,
// and their warnings are given at the end of the evaluation). Aligning the struct to a cache line
// was measured slower.
struct ParamVersion {
  Slot slot;  // the value, in the evaluator's form
  bool verified = false;
  bool ends = false;
  // Set when the set is indexed: no newer value follows in its list (a later end marker is not a
  // newer value); the parameter is renewed yearly (its ParamDef's); the day a yearly-renewed value
  // becomes provisional (`from` + 12 months); a view of unverified_text.
  bool last = false;
  bool renewal_yearly = false;
  Date renewal_due;
  TextView unverified_view;
  Date from;
  Value value;
  Citation source;
  std::string note;
  // Warning texts, rendered once when the pack is compiled (they depend only on this version).
  Text unverified_text;
  Text provisional_text;
};

struct ParamTable {
  std::vector<ParamVersion> values;
  std::vector<std::pair<std::uint32_t, std::vector<ParamVersion>>> by_region;  // region code
  bool declared_here = false;
};

struct ParamDef {
  std::string id;
  Type type;
  Text label;
  bool renewal_yearly = false;
  std::string declared_in;  // pack id
};

struct Pack {
  std::string id;
  std::string slug;
  Region jurisdiction;
  int parent = -1;
  int depth = 0;
  Text name;
  std::vector<int> chain;  // root first, this pack last
  std::string chain_id;                  // slugs along the chain: "cn-yn-lincang"
  std::vector<std::string> chain_codes;  // jurisdictions along the chain: "000000", "530000", ...
  std::map<std::string, DocumentDef> documents;
  std::unordered_map<std::uint32_t, ParamTable> params;  // param index -> table
  // For evaluation: where parameter k may take its value, in the order the lookup tries them,
  // are param_candidates[param_first[k] .. param_first[k + 1]): along the chain from this pack up,
  // in each table its region-specific lists (county, then prefecture, then province) and then its
  // general list.
  // A candidate's versions are param_versions[first .. first + count): their dates side by side,
  // so that finding the one in force reads a few cache lines, not one per version.
  struct ParamCandidate {
    std::uint32_t first;
    std::uint32_t count;
    std::uint32_t code;  // the region a by_region list is for; kAnyRegion for a table's general list
  };
  struct DatedVersion {
    Date from;
    bool ends;
    const ParamVersion* version;
  };
  static constexpr std::uint32_t kAnyRegion = UINT32_MAX;
  std::vector<std::uint32_t> param_first;
  std::vector<ParamCandidate> param_candidates;
  std::vector<DatedVersion> param_versions;
  std::size_t file_count = 0;
  // Merged along the chain (national first, overridden / placed by descendants).
  std::array<std::vector<const RuleDef*>, kSchemeCount> rules;
  std::vector<const CheckDef*> checks;
  std::vector<const ConstraintDef*> constraints;
  std::vector<const TransferDef*> transfers;
  // The `when` of each of rules[s], checks and transfers, in the same order (Compiler::index_conditions).
  std::array<std::vector<CondRef>, kSchemeCount> rule_whens;
  std::vector<CondRef> check_whens, transfer_whens;
};

struct SchemeDef {
  std::string id;
  Text name;
  bool declared = false;
};

}  // namespace internal

// Neither copyable nor movable: packs hold pointers to its rules, checks and parameter versions,
// and evaluations hold views of its texts. It is built in place (std::make_shared) and shared.
class PolicySet {
 public:
  PolicySet() = default;
  PolicySet(const PolicySet&) = delete;
  PolicySet& operator=(const PolicySet&) = delete;

  internal::Program program;
  std::vector<internal::ParamDef> params;
  std::unordered_map<std::string, std::uint32_t> param_index;
  std::vector<internal::Pack> packs;
  std::array<internal::SchemeDef, internal::kSchemeCount> schemes;
  std::array<internal::RelationshipDef, internal::kRelationshipCount> relationships;
  internal::RetirementDef retirement;
  // The parameters the records mechanism reads (eval/records.h), by index; kNoParam where the
  // packs do not declare one. Filled once at load.
  struct RecordParams {
    static constexpr std::uint32_t kNoParam = 0xFFFFFFFFu;
    std::uint32_t claim_place_min_years = kNoParam, temporary_age_male = kNoParam, temporary_age_female = kNoParam,
                  medical_min_years_male = kNoParam, medical_min_years_female = kNoParam, avg_wage = kNoParam,
                  account_rate = kNoParam, benefit_base = kNoParam, payout_months = kNoParam,
                  payout_interpolate = kNoParam, link_min_years = kNoParam, resident_basic = kNoParam,
                  resident_payout_months = kNoParam, resident_min_years = kNoParam,
                  resident_claim_age = kNoParam, resident_lowest_grade = kNoParam, resident_subsidy = kNoParam;
  } record_params;
  std::deque<internal::RuleDef> rules;
  std::deque<internal::CheckDef> checks;
  std::deque<internal::ConstraintDef> constraints;
  std::deque<internal::TransferDef> transfers;
  std::vector<SourceFile> sources;  // kept for list/show and the digest
  std::string digest;               // "sha256:<hex>"

  // The most specific pack whose jurisdiction contains `r` (the national pack at worst): the
  // deepest, the first of equals. Read from pack_by_jurisdiction, which compile_policies builds
  // with the other indexes: only the country's entry and those of r's province are tried.
  int pack_for(Region r) const;
  // The same answer by trying every pack: the reference of pack_for (tests compare the two).
  int pack_for_scan(Region r) const;
  // Each jurisdiction some pack covers, with the pack pack_for_scan picks among those covering
  // exactly it, sorted by code; those of the province numbered p (the code's first two digits; 0
  // the country) are [jurisdiction_first[p], jurisdiction_first[p + 1]).
  struct JurisdictionPack {
    std::uint32_t code;
    int pack;
    int depth;
  };
  std::vector<JurisdictionPack> pack_by_jurisdiction;
  std::array<std::uint32_t, 101> jurisdiction_first{};

  // Distinct for every set made in this process (never reused, unlike an address): the evaluator
  // keys what it remembers between evaluations by it.
  const std::uint64_t id = next_id();

 private:
  static std::uint64_t next_id();
};

namespace internal {
std::string sha256_hex(const std::vector<std::pair<std::string_view, std::string_view>>& parts);
}

}  // namespace shebao
