// The evaluator: (policy set, profile) -> result. Pure and reentrant: all per-call state lives
// in an EvalContext on the caller's stack; the only state kept between calls is each thread's
// memo of parameter lookups (LookupMemo), a cache of a pure function of its key.
#include "shebao/eval/evaluator.h"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <tuple>

#include "expr/eval_impl.h"
#include "policy/model.h"

namespace shebao {

using namespace internal;

namespace {

constexpr std::size_t kMaxUsed = 128;

struct UsedParam {
  std::uint32_t param;
  const ParamVersion* version;
};
struct MissingParam {
  std::uint32_t param;
  std::uint32_t region;
};

// The version of a dated list in force on `as_of`; nullptr before the first or after an end.
const ParamVersion* in_force(const Pack::DatedVersion* vs, std::uint32_t count, Date as_of) {
  const Pack::DatedVersion* found = nullptr;
  for (std::uint32_t i = 0; i < count; ++i)
    if (vs[i].from <= as_of) found = &vs[i];
  if (!found || found->ends) return nullptr;
  return found->version;
}

// Which version of each parameter is in force for one (policy set, region, date), remembered
// between evaluations on this thread: a window or a batch asks about the same few regions on the
// same day again and again, and finding a version walks the tables along the pack chain. The
// answer is a function of the key alone, so a remembered one is the one a lookup would give.
struct LookupMemo {
  static constexpr std::size_t kParams = 128;  // parameters with a higher index are not remembered
  const PolicySet* set = nullptr;
  std::uint64_t set_id = 0;
  std::uint32_t region = 0;
  std::int32_t as_of = 0;
  std::bitset<kParams> known;  // versions[i] is the answer where set
  std::array<const ParamVersion*, kParams> versions;
};
// Direct-mapped by (region, date): a collision only costs the lookups again. An evaluation holds
// two at once (its work region's and one other's); when both fall on one entry, the other region
// takes the spare, so that neither is reset while it is held.
thread_local std::array<LookupMemo, 16> t_lookup_memo;
thread_local LookupMemo t_lookup_spare;

// Makes `m` the memo of (set, r, as_of), forgetting what it held for another key.
LookupMemo& claim(LookupMemo& m, const PolicySet& set, Region r, Date as_of) {
  if (m.set != &set || m.set_id != set.id || m.region != r.code() || m.as_of != as_of.days()) {
    m.set = &set;
    m.set_id = set.id;
    m.region = r.code();
    m.as_of = as_of.days();
    m.known.reset();
  }
  return m;
}
LookupMemo& memo_slot(Region r, Date as_of) {
  std::uint32_t h = r.code() * 2654435761u ^ static_cast<std::uint32_t>(as_of.days());
  h ^= h >> 16;
  return t_lookup_memo[h % t_lookup_memo.size()];
}

// One region's parameter reads in an evaluation: the memo that answers them, held for the whole
// evaluation, and the parameters whose use (or absence) this evaluation has recorded.
struct RegionReads {
  Region region;
  LookupMemo* memo = nullptr;
  std::bitset<LookupMemo::kParams> recorded;
};

class EvalContext final : public EvalEnv {
 public:
  EvalContext(const PolicySet& set, const Profile& profile) : set_(set), profile_(profile) {
    as_of_ = profile.as_of();
    work_code_ = profile.get(FieldId::kWorkRegion).value;
    hukou_code_ = profile.get(FieldId::kHukouRegion).value;
    work_region_ = Region::from_code(static_cast<std::uint32_t>(work_code_));
    hukou_region_ = Region::from_code(static_cast<std::uint32_t>(hukou_code_));
    work_ = work_region_.value_or(Region());
    hukou_ = hukou_region_.value_or(Region());
    age_months_ = months_between(profile.birth(), as_of_);
    work_pack_ = set_.pack_for(work_);
    selected_ = {work_, work_, hukou_, work_};
    work_reads_.region = work_;
    work_reads_.memo = &claim(memo_slot(work_, as_of_), set_, work_, as_of_);
    derived_[0] = Slot::of_int(as_of_.days());
    derived_[1] = Slot::of_int(age_months_);
  }

  // ---- EvalEnv ------------------------------------------------------------------------------
  Value field(FieldId id) const override { return field_slot(id).value(); }
  Value derived(Op op) const override { return derived_slot(op).value(); }
  // The evaluator's entry (eval_impl.h): as_of, age and the retirement figures, computed once.
  Slot derived_slot(Op op) const {
    const auto k = static_cast<std::size_t>(op) - static_cast<std::size_t>(Op::kAsOf);
    return k < derived_.size() ? derived_[k] : Slot::unknown();
  }
  void set_retirement(const RetirementAnswer& a) {
    retirement_ = a;
    derived_[static_cast<std::size_t>(Op::kRetAge) - static_cast<std::size_t>(Op::kAsOf)] = Slot::of_int(a.age_months);
    derived_[static_cast<std::size_t>(Op::kRetOriginalAge) - static_cast<std::size_t>(Op::kAsOf)] =
        Slot::of_int(a.original_age_months);
    derived_[static_cast<std::size_t>(Op::kRetMinContribution) - static_cast<std::size_t>(Op::kAsOf)] =
        Slot::of_int(a.min_contribution_months);
    derived_[static_cast<std::size_t>(Op::kRetDate) - static_cast<std::size_t>(Op::kAsOf)] =
        Slot::of_int(a.date.first_day().days());
  }
  Value param(std::uint32_t index, std::uint16_t selector, bool quiet) override {
    return param_slot(index, selector, quiet).value();
  }
  // The evaluator's entry (eval_impl.h): a parameter's value in force, as a Slot. The work
  // region and the first other region read are answered from this thread's memo; each (parameter,
  // region) read is recorded (used / missing) once per evaluation. Further regions, and parameters
  // beyond the memo, take param_miss.
  Slot param_slot(std::uint32_t index, std::uint16_t selector, bool quiet) {
    const Region r = selected_[selector & 3];
    RegionReads* rr = r == work_ ? &work_reads_ : (other_reads_.memo && r == other_reads_.region) ? &other_reads_ : nullptr;
    if (rr && index < LookupMemo::kParams && rr->memo->known[index]) return read(*rr, index, rr->memo->versions[index], quiet);
    return param_miss(index, r, quiet);
  }
  // A remembered answer, recorded the first time this evaluation reads it.
  Slot read(RegionReads& rr, std::uint32_t index, const ParamVersion* v, bool quiet) {
    if (v) {
      if (!rr.recorded[index]) {
        rr.recorded[index] = true;
        note_used(index, v);
      }
      return v->slot;
    }
    // A quiet read (known(), default()) handles the absence itself: not a missing local figure.
    if (!quiet && !rr.recorded[index]) {
      rr.recorded[index] = true;
      note_missing(index, rr.region);
    }
    return Slot::unknown();
  }
  // A parameter not yet remembered for the region, a region other than the two held, or a
  // parameter beyond the memo.
  [[gnu::noinline]] Slot param_miss(std::uint32_t index, Region r, bool quiet) {
    if (!other_reads_.memo && r != work_) {
      LookupMemo* m = &memo_slot(r, as_of_);
      if (m == work_reads_.memo) m = &t_lookup_spare;
      other_reads_.region = r;
      other_reads_.memo = &claim(*m, set_, r, as_of_);
    }
    RegionReads* rr = r == work_ ? &work_reads_ : r == other_reads_.region ? &other_reads_ : nullptr;
    if (rr && index < LookupMemo::kParams) {
      LookupMemo& m = *rr->memo;
      if (!m.known[index]) {
        m.versions[index] = resolve(index, r);
        m.known[index] = true;
      }
      return read(*rr, index, m.versions[index], quiet);
    }
    // Looked up every time; recorded once per (parameter, region) while the list has room.
    const ParamVersion* v = resolve(index, r);
    CachedParam* c = nullptr;
    for (std::size_t i = 0; i < cache_count_; ++i)
      if (cache_[i].param == index && cache_[i].region == r.code()) c = &cache_[i];
    if (!c && cache_count_ < cache_.size()) {
      c = &cache_[cache_count_++];
      *c = {index, r.code(), false};
    }
    if (v && (!c || !c->recorded)) note_used(index, v);
    if (!v && !quiet && (!c || !c->recorded)) note_missing(index, r);
    if (c && (v || !quiet)) c->recorded = true;
    return v ? v->slot : Slot::unknown();
  }
  // Records a version used (for its unverified / provisional warnings), once.
  void note_used(std::uint32_t index, const ParamVersion* v) {
    bool dup = false;
    // A parameter not read before cannot have been recorded.
    if (index >= used_params_.size() || used_params_[index])
      for (std::size_t i = 0; i < used_count_; ++i)
        if (used_[i].version == v) dup = true;
    if (index < used_params_.size()) used_params_[index] = true;
    if (!dup && used_count_ < used_.size()) used_[used_count_++] = {index, v};
  }
  Slot field_slot(FieldId id) const {
    const FieldValue& f = profile_.get(id);
    if (!f.known) return Slot::unknown();
    // work.platform is the profile's only string field (profile_schema.cpp).
    if (id == FieldId::kPlatform) return Slot::from(Value::of_string(profile_.platform()));
    return Slot::of_int(f.value);
  }
  void note_missing(std::uint32_t index, Region r) {
    if (missing_count_ >= missing_.size()) return;
    for (std::size_t i = 0; i < missing_count_; ++i)
      if (missing_[i].param == index && missing_[i].region == r.code()) return;
    missing_[missing_count_++] = {index, r.code()};
  }
  void note_unknown_field(FieldId id) override { unknown_[static_cast<std::size_t>(id)] = true; }
  bool tracing() const override { return seen_ != nullptr; }  // set only when explaining
  void trace(const Node& n, const Value& v) override {
    if (!seen_) return;
    for (const auto& s : *seen_)
      if (s.path == n.path) return;
    seen_->push_back({n.path, trace_value(v, n.type)});
  }

  // ---- helpers --------------------------------------------------------------------------
  // A region code computed by an expression as a Region (nullopt when it is none); usually the
  // work or hukou region, checked once.
  std::optional<Region> region_of(std::int64_t code) const {
    if (code == work_code_) return work_region_;
    if (code == hukou_code_) return hukou_region_;
    return Region::from_code(static_cast<std::uint32_t>(code));
  }
  int pack_for(Region r) {
    if (r == work_) return work_pack_;
    if (other_pack_ && r == other_) return *other_pack_;  // the hukou or enrolment region, read again
    other_ = r;
    other_pack_ = set_.pack_for(r);
    return *other_pack_;
  }

  const ParamVersion* resolve(std::uint32_t param, Region r) {
    const int p = pack_for(r);
    if (p < 0) return nullptr;
    const Pack& pack = set_.packs[static_cast<std::size_t>(p)];
    if (param + 1 >= pack.param_first.size()) return nullptr;
    // Along the chain, the most specific list first (Compiler::index_param_tables): a region's
    // own list, its prefecture's, its province's, then the table's general list.
    const std::uint32_t code = r.code(), prefecture = r.prefecture().code(), province = r.province().code();
    for (std::uint32_t k = pack.param_first[param]; k < pack.param_first[param + 1]; ++k) {
      const Pack::ParamCandidate& c = pack.param_candidates[k];
      if (c.code != Pack::kAnyRegion && c.code != code && c.code != prefecture && c.code != province) continue;
      if (const ParamVersion* v = in_force(pack.param_versions.data() + c.first, c.count, as_of_)) return v;
    }
    return nullptr;
  }

  // Evaluates an expression; its unknown fields are collected into `needs` when the result is
  // unknown (that is when the answer depended on them).
  Slot eval(const ExprRef& e, std::bitset<kFieldCount>* needs = nullptr) { return eval(e.root, e.guard, needs); }
  Slot eval(const CondRef& c, std::bitset<kFieldCount>* needs) { return eval(c.root, c.guard, needs); }
  Slot eval(std::uint32_t root, const FieldGuard& guard, std::bitset<kFieldCount>* needs) {
    if (root == kNoExpr) return Slot::unknown();
    if (seen_) return eval_traced(root, needs);
    // A condition whose first test is false here is false, and reading it would read nothing else.
    if (guard.pass != FieldGuard::kNone) {
      const FieldValue& f = profile_.get(guard.field);
      if (guard.decides(!f.known ? FieldGuard::kUnknownBit
                                 : f.value >= 0 && f.value < 62 ? static_cast<std::uint64_t>(f.value) : 62))
        return Slot::of_bool(false);
    }
    // A parameter alone (amounts, text values) is read directly: it notes no field.
    if (const ExecNode& n = evaluator_.exec(root); n.op == Op::kParam) return param_slot(n.a, n.b, false);
    unknown_.reset();
    Slot v = evaluator_.eval(root);
    if (!v.known() && needs) *needs |= unknown_;
    return v;
  }
  // With --explain: every node as parsed, each value read reported to the trace.
  [[gnu::noinline]] Slot eval_traced(std::uint32_t root, std::bitset<kFieldCount>* needs) {
    unknown_.reset();
    Slot v = Evaluator<EvalContext, true>(set_.program, *this).eval(root);
    if (!v.known() && needs) *needs |= unknown_;
    return v;
  }

  // Computes the values a text shows, into the result's own text (no copy); the wording is
  // formatted only when the result is rendered.
  void render(const TextTemplate& t, ResultText& out) {
    const std::span<TextArg> args = out.start_templated(t, t.args.size());
    for (std::size_t i = 0; i < args.size(); ++i) {
      Slot v = eval(t.args[i]);
      if (!v.known()) continue;  // args[i] stays unknown
      if (t.args[i].type.kind != TypeKind::kString) {
        args[i] = TextArg::of_int(v.i);
        continue;
      }
      if (profile_owns(v.str())) {
        // A value from the profile: the result must not refer to it, so this text is rendered now.
        out = render_now(t);
        return;
      }
      args[i] = TextArg::of_string(v.str());
    }
  }
  // Whether a string value is the profile's own text (the only string a profile holds is
  // work.platform): a result must not refer to it.
  bool profile_owns(std::string_view v) const {
    const std::string_view own = profile_.platform();
    return !v.empty() && v.data() >= own.data() && v.data() < own.data() + own.size();
  }
  ResultText render_now(const TextTemplate& t) {
    Text out;
    for (auto [parts, lang, dst] : {std::tuple{&t.zh, Lang::kZh, &out.zh}, std::tuple{&t.en, Lang::kEn, &out.en}})
      for (const auto& p : *parts) *dst += p.expr.present() ? format_value(eval(p.expr).value(), p.expr.type, lang) : p.literal;
    return ResultText::owned(std::move(out));
  }

  const PolicySet& set_;
  const Profile& profile_;
  Date as_of_;
  Region work_, hukou_;
  std::int64_t work_code_ = 0, hukou_code_ = 0;  // the profile's values, and as Regions
  std::optional<Region> work_region_, hukou_region_;
  // The enrolment region of the rule being applied, and whether its `then` is being applied
  // (where a parameter with no region selector is read in the enrolment region).
  void set_enrolment(std::optional<Region> enrol, bool in_then) {
    selected_[0] = in_then && enrol ? *enrol : work_;
    selected_[3] = enrol ? *enrol : work_;
  }
  // The region of each parameter selector: 0 none (the enrolment region inside `then`, else
  // work), 1 @work, 2 @hukou, 3 @enrol (work without one).
  std::array<Region, 4> selected_;
  std::int32_t age_months_ = 0;
  std::optional<RetirementAnswer> retirement_;
  // By op from kAsOf: as_of, age, then the retirement figures (unknown until set_retirement).
  static_assert(static_cast<int>(Op::kRetDate) - static_cast<int>(Op::kAsOf) == 5);
  std::array<Slot, 6> derived_{};
  std::bitset<kFieldCount> unknown_;
  std::array<UsedParam, kMaxUsed> used_;
  std::size_t used_count_ = 0;
  std::bitset<128> used_params_;  // parameters (by index) with a version in used_
  std::array<MissingParam, 64> missing_;
  // Parameter reads in regions beyond the two held: (parameter, region) pairs recorded.
  struct CachedParam {
    std::uint32_t param;
    std::uint32_t region;
    bool recorded;  // its use, or its absence, noted
  };
  std::array<CachedParam, 32> cache_;
  std::size_t cache_count_ = 0;
  RegionReads work_reads_, other_reads_;  // the work region; the first other region read
  int work_pack_ = -1;
  Region other_;  // the last other region a pack was looked up for, and that pack
  std::optional<int> other_pack_;
  std::size_t missing_count_ = 0;
  std::vector<TraceValue>* seen_ = nullptr;
  Evaluator<EvalContext, false> evaluator_{set_.program, *this};  // holds the program's arrays
};

template <class Paths>
void add_needs(Paths& out, const std::bitset<kFieldCount>& fields) {
  if (fields.none()) return;
  for (const auto& spec : profile_schema())
    if (fields.test(static_cast<std::size_t>(spec.id)))
      if (std::find(out.begin(), out.end(), spec.path) == out.end()) out.push_back(spec.path);
}

// Views of the PolicySet's strings: usually the very same bytes, so compared by address first.
bool same(std::string_view a, std::string_view b) {
  return a.size() == b.size() && (a.data() == b.data() || a == b);
}

// Adds a warning, its text written in place by `fill`, unless the same warning is already among
// the first `compare` (all by default). Built where it is kept: a warning moved right after it is
// written is read back before its stores have landed.
template <class Warnings, class Fill>
void add_warning(Warnings& out, std::string_view code, std::string_view subject, Fill&& fill,
                 std::size_t compare = SIZE_MAX) {
  const std::size_t n = std::min(compare, out.size());
  Warning& w = out.emplace_back();
  w.code = code;
  w.subject = subject;
  fill(w.text);
  for (std::size_t i = 0; i < n; ++i)
    if (same(out[i].subject, subject) && same(out[i].code, code) && out[i].text == w.text) {
      out.pop_back();
      return;
    }
}

Amounts amounts_for(Money base, Decimal personal, Decimal employer) {
  Amounts a;
  a.personal = multiply(base, personal);
  a.employer = multiply(base, employer);
  std::int64_t total = 0;  // saturating, as multiply() is: absurd pack figures must not overflow
  if (__builtin_add_overflow(a.personal.fen(), a.employer.fen(), &total))
    total = a.personal.fen() < 0 ? std::numeric_limits<std::int64_t>::min() : std::numeric_limits<std::int64_t>::max();
  a.total = Money::from_fen(total);
  return a;
}
Amounts times12(const Amounts& m) { return {times(m.personal, 12), times(m.employer, 12), times(m.total, 12)}; }
// Adds a fixed yearly fee paid by the worker (saturating, like amounts_for).
Money add_saturating(Money a, Money b) {
  std::int64_t sum = 0;
  if (__builtin_add_overflow(a.fen(), b.fen(), &sum))
    sum = a.fen() < 0 ? std::numeric_limits<std::int64_t>::min() : std::numeric_limits<std::int64_t>::max();
  return Money::from_fen(sum);
}
void add_fee(Amounts& a, Money fee) {
  a.personal = add_saturating(a.personal, fee);
  a.total = add_saturating(a.total, fee);
}

class Runner {
 public:
  Runner(const PolicySet& set, const Profile& profile, const EvalOptions& opt)
      : set_(set), profile_(profile), opt_(opt), ctx_(set, profile) {}

  EvalResult run() {
    EvalResult r;
    r.as_of = ctx_.as_of_;
    r.age = YearsMonths::of(ctx_.age_months_);
    const int leaf = ctx_.work_pack_;
    const Pack& pack = set_.packs[static_cast<std::size_t>(leaf)];
    policy_info(pack, r.policy_set);
    retirement(r);
    relationship(r);
    r.schemes.reserve(kSchemeCount);
    for (std::size_t s = 0; s < kSchemeCount; ++s) scheme(pack, s, r);
    TraceScheme check_trace{"(checks)", {}}, transfer_trace{"(transfers)", {}};
    for (std::size_t i = 0; i < pack.checks.size(); ++i) check(*pack.checks[i], pack.check_whens[i], r, check_trace);
    for (std::size_t i = 0; i < pack.transfers.size(); ++i)
      transfer(*pack.transfers[i], pack.transfer_whens[i], r, transfer_trace);
    if (opt_.explain) {
      r.trace.push_back(std::move(check_trace));
      r.trace.push_back(std::move(transfer_trace));
    }
    outlook(r);
    param_warnings(r);
    add_needs(r.needs, needs_);
    return r;
  }

 private:
  void policy_info(const Pack& pack, PolicySetInfo& info) {
    info.id = pack.chain_id;
    info.jurisdictions = pack.chain_codes;
    info.digest = set_.digest;
  }

  void retirement(EvalResult& r) {
    if (!set_.retirement.present) return;
    const RetirementDef& def = set_.retirement;
    const bool female = profile_.get(FieldId::kSex).value == enums::kFemale;
    int original = 60;
    Citations cites = def.cite;
    if (female) {
      const FieldValue& f = profile_.get(FieldId::kFemaleOriginalAge);
      if (f.known) {
        original = static_cast<int>(f.value / 12);
      } else {
        original = 0;
        for (const FemaleDefault& d : def.female_default) {
          std::bitset<kFieldCount> unk;
          Slot w = d.when.present() ? ctx_.eval(d.when, &unk) : Slot::of_bool(true);
          if (!w.known()) {
            needs_ |= unk;
            continue;
          }
          if (!w.i) continue;
          original = d.original_age_years;
          cites = d.all_cite;
          if (!d.verified)
            add_warning(r.warnings, "parameter_unverified", "person.female_original_retirement_age",
                        [&](ResultText& t) { t.set_fixed(TextView::of(d.unverified_text)); });
          needs_.set(static_cast<std::size_t>(FieldId::kFemaleOriginalAge));
          break;
        }
        if (original == 0) {
          needs_.set(static_cast<std::size_t>(FieldId::kFemaleOriginalAge));
          return;
        }
      }
    }
    const RetirementCategory* cat = retirement_category(def.rules, female, original);
    if (!cat) return;
    RetirementAnswer a = compute_retirement(def.rules, *cat, YearMonth::of(profile_.birth()));
    ctx_.set_retirement(a);
    RetirementInfo info;
    info.age = YearsMonths::of(a.age_months);
    info.date = a.date;
    info.original_age = YearsMonths::of(a.original_age_months);
    info.delay_months = a.delay_months;
    info.min_contribution = YearsMonths::of(a.min_contribution_months);
    info.flexible_earliest = a.flexible_earliest;
    info.flexible_latest = a.flexible_latest;
    info.citations = cites;
    r.retirement = std::move(info);
  }

  void relationship(EvalResult& r) {
    const auto idx = static_cast<std::size_t>(profile_.get(FieldId::kRelationship).value);
    const auto& spec = field_spec(FieldId::kRelationship);
    r.relationship.id = spec.enum_values[idx];
    const RelationshipDef& def = set_.relationships[idx];
    r.relationship.label = TextView::of(def.label);
    r.relationship.explanation = TextView::of(def.explanation);
    r.relationship.citations = def.cite;
  }

  void scheme(const Pack& pack, std::size_t s, EvalResult& r) {
    SchemeResult& out = r.schemes.emplace_back();
    out.id = set_.schemes[s].id;
    out.name = TextView::of(set_.schemes[s].name);
    std::bitset<kFieldCount> scheme_needs;
    TraceScheme trace;
    if (opt_.explain) trace.scheme = std::string(out.id);
    const RuleDef* fired = nullptr;
    const std::vector<CondRef>& whens = pack.rule_whens[s];
    for (std::size_t i = 0; i < whens.size(); ++i) {
      // The rule itself is read only once it fires (or to trace it).
      const CondRef& when = whens[i];
      std::bitset<kFieldCount> unk;
      Slot w;
      if (opt_.explain) {
        TraceRule tr;
        tr.rule = pack.rules[s][i]->qualified_id;
        ctx_.seen_ = &tr.seen;
        w = when.present() ? ctx_.eval(when, &unk) : Slot::of_bool(true);
        ctx_.seen_ = nullptr;
        tr.matched = !w.known() ? "unknown" : (w.i ? "true" : "false");
        trace.rules.push_back(std::move(tr));
      } else {
        w = when.present() ? ctx_.eval(when, &unk) : Slot::of_bool(true);
      }
      if (!w.known()) {
        out.determined = false;
        scheme_needs |= unk;
        continue;
      }
      if (w.i) {
        fired = pack.rules[s][i];
        break;
      }
    }
    if (fired) fire(*fired, out, scheme_needs, r);
    add_needs(out.needs, scheme_needs);
    needs_ |= scheme_needs;
    if (opt_.explain) r.trace.push_back(std::move(trace));
  }

  void fire(const RuleDef& rule, SchemeResult& out, std::bitset<kFieldCount>& needs, EvalResult& r) {
    const OutcomeSpec& o = rule.then;
    out.status = o.status;
    out.channel = o.channel;
    ctx_.set_enrolment(std::nullopt, false);
    if (o.enrol_region.present()) {
      Slot v = ctx_.eval(o.enrol_region, &needs);
      if (v.known()) out.enrol_region = ctx_.region_of(v.i);
    }
    ctx_.set_enrolment(out.enrol_region, true);
    out.alternatives = o.alternatives;
    Reason& reason = out.reasons.emplace_back();
    reason.rule = rule.qualified_id;
    reason.citations = rule.cite;
    ctx_.render(rule.because, reason.text);
    if (o.contribution) contribution(*o.contribution, out, needs);
    for (const DetailSpec& d : o.details) {
      Slot v = ctx_.eval(d.value, &needs);
      if (!v.known()) continue;
      // Language-neutral values (months as a count, regions as codes, money "1452.60"); the unit
      // says how to read them.
      std::string_view unit = d.unit;
      if (unit.empty() && d.value.type.kind == TypeKind::kMonths) unit = "months";
      const TypeKind kind = d.value.type.kind;
      const bool list = kind == TypeKind::kList || kind == TypeKind::kTable;  // constants of the PolicySet
      const TextArg raw = kind == TypeKind::kString ? TextArg::of_string(v.str())
                          : list                        ? TextArg::of_list(v.list())
                                                        : TextArg::of_int(v.i);
      Detail& detail = out.details.emplace_back();
      detail.id = d.id;
      detail.label = TextView::of(d.label);
      detail.unit = unit;
      if (kind == TypeKind::kString && ctx_.profile_owns(v.str())) detail.value = trace_value(v.value(), d.value.type);
      else detail.value.set_computed(raw, d.value.type);
    }
    for (const WarningSpec& w : o.warnings) {
      Slot c = w.when.present() ? ctx_.eval(w.when, &needs) : Slot::of_bool(true);
      if (c.known() && c.i) add_warning(r.warnings, w.code, out.id, [&](ResultText& t) { ctx_.render(w.text, t); });
    }
    ctx_.set_enrolment(std::nullopt, false);
  }

  void contribution(const ContributionSpec& c, SchemeResult& out, std::bitset<kFieldCount>& needs) {
    Contribution res;
    auto money = [&](const ExprRef& e) -> std::optional<Money> {
      if (!e.present()) return std::nullopt;
      Slot v = ctx_.eval(e, &needs);
      if (!v.known()) return std::nullopt;
      return Money::from_fen(v.i);
    };
    auto number = [&](const ExprRef& e) -> std::optional<Decimal> {
      if (!e.present()) return Decimal();
      Slot v = ctx_.eval(e, &needs);
      if (!v.known()) return std::nullopt;
      return Decimal::from_micros(v.i);
    };
    if (c.base.present()) {
      auto base = money(c.base);
      auto personal = number(c.rate_personal);
      auto employer = number(c.rate_employer);
      if (!base || !personal || !employer) return;  // withheld: a warning or a need says why
      res.base_monthly = base;
      res.base_min = money(c.base_min);
      res.base_max = money(c.base_max);
      res.rate_personal = personal;
      res.rate_employer = employer;
      res.monthly = amounts_for(*base, *personal, *employer);
      res.annual = times12(*res.monthly);
      std::optional<Money> fee;
      if (c.fixed_annual) {
        fee = money(c.fixed_annual->amount);
        if (fee) {
          res.fixed_annual = Contribution::FixedFee{c.fixed_annual->id, TextView::of(c.fixed_annual->label), *fee};
          add_fee(*res.annual, *fee);
        }
      }
      for (const auto& opt : c.options) {
        auto b = money(opt.base);
        if (!b) continue;
        std::optional<Decimal> rate = personal;
        if (opt.rate.present()) rate = number(opt.rate);
        if (!rate) continue;
        ContributionOption o;
        o.id = opt.id;
        o.label = TextView::of(opt.label);
        o.base = *b;
        o.monthly = amounts_for(*b, *rate, *employer);
        o.annual = times12(*o.monthly);
        if (fee) add_fee(o.annual, *fee);
        res.options.push_back(std::move(o));
      }
    } else {
      auto personal = money(c.annual_personal);
      if (!personal) return;
      res.annual = Amounts{*personal, Money(), *personal};
      res.government_annual = money(c.annual_government);
      for (const auto& opt : c.options) {
        auto a = money(opt.annual);
        if (!a) continue;
        ContributionOption o;
        o.id = opt.id;
        o.label = TextView::of(opt.label);
        o.annual = Amounts{*a, Money(), *a};
        res.options.push_back(std::move(o));
      }
    }
    out.contribution = std::move(res);
  }

  // Evaluates a condition, recording it in `trace` when explaining.
  Slot traced(const std::string& id, const CondRef& when, std::bitset<kFieldCount>& unk, TraceScheme& trace) {
    if (!opt_.explain) return ctx_.eval(when, &unk);
    TraceRule tr;
    tr.rule = id;
    ctx_.seen_ = &tr.seen;
    Slot w = ctx_.eval(when, &unk);
    ctx_.seen_ = nullptr;
    tr.matched = !w.known() ? "unknown" : (w.i ? "true" : "false");
    trace.rules.push_back(std::move(tr));
    return w;
  }

  void check(const CheckDef& c, const CondRef& when, EvalResult& r, TraceScheme& trace) {
    std::bitset<kFieldCount> unk;
    Slot w = traced(c.qualified_id, when, unk, trace);
    if (!w.known()) {
      needs_ |= unk;
      return;
    }
    if (w.i) add_warning(r.warnings, c.code, c.qualified_id, [&](ResultText& t) { ctx_.render(c.text, t); });
  }

  void transfer(const TransferDef& t, const CondRef& when, EvalResult& r, TraceScheme& trace) {
    std::bitset<kFieldCount> unk;
    Slot w = traced(t.qualified_id, when, unk, trace);
    if (!w.known()) {
      needs_ |= unk;
      return;
    }
    if (!w.i) return;
    TransferResult& out = r.transfers.emplace_back();
    out.scheme = t.scheme;
    out.kind = t.kind;
    out.rule = t.qualified_id;
    // An unknown end (e.g. where the record is held) leaves the transfer open: ask for it.
    if (t.from.present()) {
      Slot v = ctx_.eval(t.from, &needs_);
      if (v.known()) out.from_region = ctx_.region_of(v.i);
    }
    if (t.to.present()) {
      Slot v = ctx_.eval(t.to, &needs_);
      if (v.known()) out.to_region = ctx_.region_of(v.i);
    }
    for (const auto& step : t.steps) ctx_.render(step, out.steps.emplace_back());
    out.citations = t.cite;
  }

  void outlook(EvalResult& r) {
    if (!ctx_.retirement_) return;
    const FieldValue& paid = profile_.get(FieldId::kPensionMonthsPaid);
    const FieldValue& receiving = profile_.get(FieldId::kPensionReceiving);
    if (receiving.known && receiving.value) return;
    const bool resident_scheme = profile_.get(FieldId::kPensionScheme).known &&
                                 profile_.get(FieldId::kPensionScheme).value == enums::kSchemeResident;
    if (!paid.known && !resident_scheme) {
      needs_.set(static_cast<std::size_t>(FieldId::kPensionMonthsPaid));
      return;
    }
    PensionOutlook o;
    // Only employee-pension months count towards the employee minimum: resident-pension years are
    // neither added nor converted (人社部发〔2014〕17号 第五条).
    const bool resident = profile_.get(FieldId::kPensionScheme).known &&
                          profile_.get(FieldId::kPensionScheme).value == enums::kSchemeResident;
    o.months_paid = resident ? 0 : static_cast<std::int32_t>(paid.value);
    o.months_to_retirement = std::max(0, ctx_.retirement_->date - YearMonth::of(ctx_.as_of_));
    o.projected_months = o.months_paid + o.months_to_retirement;
    o.required_months = ctx_.retirement_->min_contribution_months;
    o.will_meet_minimum = o.projected_months >= o.required_months;
    o.shortfall_months = std::max(0, o.required_months - o.projected_months);
    for (const OutlookAdvice& a : set_.retirement.advice) {
      Slot w = a.when.present() ? ctx_.eval(a.when) : Slot::of_bool(true);
      if (!w.known() || !w.i) continue;
      Reason& advice = o.advice.emplace_back();
      advice.rule = a.qualified_id;
      advice.citations = a.cite;
      ctx_.render(a.text, advice.text);
    }
    r.outlook = std::move(o);
  }

  void param_warnings(EvalResult& r) {
    // A parameter's warnings can only repeat the warnings given before these (by rules and checks)
    // or those of the same parameter in another region: only those are compared.
    const std::size_t before = r.warnings.size();
    std::array<std::bitset<128>, 3> warned;  // by code: unverified, provisional, no_local
    static constexpr std::string_view kCodes[] = {"parameter_unverified", "parameter_provisional", "no_local_parameters"};
    auto add = [&](std::size_t code, std::uint32_t param, std::string_view subject, auto&& fill) {
      if (param >= warned[code].size() || warned[code][param])
        return add_warning(r.warnings, kCodes[code], subject, fill);
      warned[code][param] = true;
      add_warning(r.warnings, kCodes[code], subject, fill, before);
    };
    for (std::size_t i = 0; i < ctx_.used_count_; ++i) {
      const UsedParam& u = ctx_.used_[i];
      const ParamVersion& v = *u.version;
      if (!v.verified) add(0, u.param, set_.params[u.param].id, [&](ResultText& t) { t.set_fixed(v.unverified_view); });
      if (v.renewal_yearly && v.last && v.renewal_due <= ctx_.as_of_)
        add(1, u.param, set_.params[u.param].id, [&](ResultText& t) { t.set_fixed(TextView::of(v.provisional_text)); });
    }
    for (std::size_t i = 0; i < ctx_.missing_count_; ++i) {
      const MissingParam& m = ctx_.missing_[i];
      const ParamDef& def = set_.params[m.param];
      const std::array<TextArg, 4> args{
          ctx_.region_of(m.region) ? TextArg::of_int(m.region) : TextArg::unknown(), TextArg::of_int(ctx_.as_of_.days()),
          TextArg::of_string(def.label.zh), TextArg::of_string(def.label.en)};
      add(2, m.param, def.id, [&](ResultText& t) { t = ResultText::composed(&no_local_text, args); });
    }
  }

  // "<region>的「<label>」在<date>尚无经确认的数值…" from (region code, as_of days, label zh, label en).
  static void no_local_text(std::string& out, Lang lang, std::span<const TextArg> a) {
    const auto region = a[0].known() ? Region::from_code(static_cast<std::uint32_t>(a[0].i)) : std::nullopt;
    const std::string date = Date::from_days(static_cast<std::int32_t>(a[1].i)).to_string();
    if (lang == Lang::kZh) {
      out += region ? region->full_name(Lang::kZh) : std::string("当地");
      out += "的「";
      out.append(a[2].str, static_cast<std::size_t>(a[2].i));
      out += "」在" + date + "尚无经确认的数值，依赖它的结论或金额估算暂不给出。请向当地经办机构咨询。";
    } else {
      out += "No confirmed value of \"";
      out.append(a[3].str, static_cast<std::size_t>(a[3].i));
      out += "\" is known for " + (region ? region->full_name(Lang::kEn) : std::string("the region")) + " on " + date +
             ", so conclusions or estimates that depend on it are withheld. Ask the local office.";
    }
  }

  const PolicySet& set_;
  const Profile& profile_;
  const EvalOptions& opt_;
  EvalContext ctx_;
  std::bitset<kFieldCount> needs_;
};

}  // namespace

EvalResult evaluate(const PolicySet& set, const Profile& profile, const EvalOptions& options) {
  Runner runner(set, profile, options);
  return runner.run();
}

std::vector<FieldError> check_constraints(const PolicySet& set, const Profile& profile) {
  std::vector<FieldError> errors;
  EvalContext ctx(set, profile);
  const int leaf = set.pack_for(ctx.work_);
  if (leaf < 0) return errors;
  for (const ConstraintDef* c : set.packs[static_cast<std::size_t>(leaf)].constraints) {
    Slot v = ctx.eval(c->check);
    if (v.known() && !v.i)
      errors.push_back({std::string(field_spec(c->field).path), "policy_constraint", c->message.en, c->message.zh});
  }
  return errors;
}

const RetirementRules& retirement_rules(const PolicySet& set) { return set.retirement.rules; }

}  // namespace shebao
