// The expression environment of one evaluation (private to engine/src/eval, included by
// evaluator.cpp and records.cpp): the profile's fields, the derived values (as_of, age, retirement), the
// parameters in force for each region an expression reads, and the record of which parameters
// were used (for their unverified / provisional warnings) or missing (no_local_parameters).
// The engine's Interpreter is instantiated for it (calls inlined); the reference evaluator and
// the interpreter with a fast path switched off reach it through the virtual EvalEnv.
// Lives on the caller's stack for one evaluation; holds the thread's parameter memo meanwhile.
#pragma once

#include <algorithm>
#include <array>
#include <bitset>
#include <cstdint>
#include <optional>
#include <tuple>
#include <utility>
#include <vector>

#include "eval/param_memo.h"
#include "expr/interpreter.h"
#include "expr/reference.h"
#include "policy/model.h"
#include "shebao/eval/evaluator.h"

namespace shebao::internal {

struct UsedParam {
  std::uint32_t param;
  const ParamVersion* version;
};
struct MissingParam {
  std::uint32_t param;
  std::uint32_t region;
};

// The version of a dated list in force on `as_of`; nullptr before the first or after an end.
// The dated entry of a list that applies on `as_of` (nullptr before its first date); an entry that
// `ends` is a `null` of the pack.
inline const Pack::DatedVersion* latest_entry(const Pack::DatedVersion* vs, std::uint32_t count, Date as_of) {
  const Pack::DatedVersion* found = nullptr;
  for (std::uint32_t i = 0; i < count; ++i)
    if (vs[i].from <= as_of) found = &vs[i];
  return found;
}

// One region's parameter reads in an evaluation: the memo that answers them, held for the whole
// evaluation, and the parameters whose use (or absence) this evaluation has recorded.
struct RegionReads {
  Region region;
  LookupMemo* memo = nullptr;
  std::bitset<LookupMemo::kParams> recorded;
};

class EvaluationEnv final : public EvalEnv {
 public:
  // `plain`: EvalOptions::Plain bits, the fast paths switched off (tests and --explain).
  EvaluationEnv(const PolicySet& set, const Profile& profile, std::uint8_t plain = 0)
      : set_(set), profile_(profile), plain_(hold_.granted() ? plain : plain | EvalOptions::kNoMemo) {
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
    if (!(plain_ & EvalOptions::kNoMemo)) work_reads_.memo = &claim_memo(set_, work_, as_of_);
    derived_[0] = Slot::of_int(as_of_.days());
    derived_[1] = Slot::of_int(age_months_);
  }

  // ---- EvalEnv ------------------------------------------------------------------------------
  Value field(FieldId id) const override { return field_slot(id).value(); }
  Value derived(Op op) const override { return derived_slot(op).value(); }
  // The interpreter's entry (interpreter.h): as_of, age and the retirement figures, computed once.
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
  // Records in several places (records.cpp): the derived values of pension.* and medical.*.
  void set_derived(Op op, Slot v) { derived_[static_cast<std::size_t>(op) - static_cast<std::size_t>(Op::kAsOf)] = v; }
  // The virtual entry (the reference evaluator, and the interpreter when a fast path is off).
  Value param(std::uint32_t index, std::uint16_t selector, bool quiet) override {
    if (plain_ & EvalOptions::kNoMemo) return param_plain(index, selected_[selector & 3], quiet).value();
    return param_slot(index, selector, quiet).value();
  }
  // With no memo: looked up on every read, recorded once per (parameter, region) as param_slot does.
  Slot param_plain(std::uint32_t index, Region r, bool quiet) {
    const ParamVersion* v = resolve(index, r);
    const std::pair<std::uint32_t, std::uint32_t> key{index, r.code()};
    if (std::find(plain_recorded_.begin(), plain_recorded_.end(), key) == plain_recorded_.end()) {
      if (v)
        note_used(index, v);
      else if (!quiet)
        note_missing(index, r);
      if (v || !quiet) plain_recorded_.push_back(key);
    }
    return v ? v->slot : Slot::unknown();
  }
  // The interpreter's entry (interpreter.h): a parameter's value in force, as a Slot. The work
  // region and the first other region read are answered from this thread's memo; each (parameter,
  // region) read is recorded (used / missing) once per evaluation. Further regions, and parameters
  // beyond the memo, take param_miss.
  Slot param_slot(std::uint32_t index, std::uint16_t selector, bool quiet) {
    const Region r = selected_[selector & 3];
    RegionReads* rr = r == work_                                        ? &work_reads_
                      : (other_reads_.memo && r == other_reads_.region) ? &other_reads_
                                                                        : nullptr;
    if (rr && index < LookupMemo::kParams && rr->memo->known[index])
      return read(*rr, index, rr->memo->versions[index], quiet);
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
  // A parameter's value at any region, read and recorded as the rules' reads are (records.cpp).
  Slot param_at_region(std::uint32_t index, Region r, bool quiet) {
    if (plain_ & EvalOptions::kNoMemo) return param_plain(index, r, quiet);
    return param_miss(index, r, quiet);
  }
  // A parameter not yet remembered for the region, a region other than the two held, or a
  // parameter beyond the memo.
  [[gnu::noinline]] Slot param_miss(std::uint32_t index, Region r, bool quiet) {
    if (!other_reads_.memo && r != work_) {
      other_reads_.region = r;
      other_reads_.memo = &claim_memo(set_, r, as_of_, work_reads_.memo);
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
    RecordedRead* c = nullptr;
    for (std::size_t i = 0; i < further_count_; ++i)
      if (further_reads_[i].param == index && further_reads_[i].region == r.code()) c = &further_reads_[i];
    if (!c && further_count_ < further_reads_.size()) {
      c = &further_reads_[further_count_++];
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
      for (const UsedParam& u : used_)
        if (u.version == v) dup = true;
    if (index < used_params_.size()) used_params_[index] = true;
    if (!dup) used_.push_back({index, v});
  }
  Slot field_slot(FieldId id) const {
    const FieldValue& f = profile_.get(id);
    if (!f.known) return Slot::unknown();
    // work.platform is the profile's only string field (profile_schema.cpp).
    if (id == FieldId::kPlatform) return Slot::from(Value::of_string(profile_.platform()));
    return Slot::of_int(f.value);
  }
  void note_missing(std::uint32_t index, Region r) {
    for (const MissingParam& m : missing_)
      if (m.param == index && m.region == r.code()) return;
    missing_.push_back({index, r.code()});
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
      const Pack::DatedVersion* e = latest_entry(pack.param_versions.data() + c.first, c.count, as_of_);
      if (e == nullptr) continue;  // before the list's first date: the next list answers
      if (!e->ends) return e->version;
      // A `null` in a region's own list (by_region) ends the figure for that region: the place
      // publishes its own (深圳's 计发基数) and the general value must not stand in for it. A
      // `null` in a general list hands over to the next list, as before.
      if (c.code != Pack::kAnyRegion) return nullptr;
    }
    return nullptr;
  }

  // Evaluates an expression; its unknown fields are collected into `needs` when the result is
  // unknown (that is when the answer depended on them).
  Slot eval(const ExprRef& e, std::bitset<kFieldCount>* needs = nullptr) { return eval(e.root, e.guard, needs); }
  Slot eval(const CondRef& c, std::bitset<kFieldCount>* needs) { return eval(c.root, c.guard, needs); }
  Slot eval(std::uint32_t root, const FieldGuard& guard, std::bitset<kFieldCount>* needs) {
    if (root == kNoExpr) return Slot::unknown();
    if (plain_) return eval_plain(root, guard, needs);
    // A condition whose first test is false here is false, and reading it would read nothing else.
    if (guard.pass != FieldGuard::kNone && guard_says_false(guard)) return Slot::of_bool(false);
    // A parameter alone (amounts, text values) is read directly: it notes no field.
    if (const ExecNode& n = interpreter_.exec(root); n.op == Op::kParam) return param_slot(n.a, n.b, false);
    unknown_.reset();
    Slot v = interpreter_.eval(root);
    if (!v.known() && needs) *needs |= unknown_;
    return v;
  }
  bool guard_says_false(const FieldGuard& guard) const {
    const FieldValue& f = profile_.get(guard.field);
    return guard.decides(!f.known                       ? FieldGuard::kUnknownBit
                         : f.value >= 0 && f.value < 62 ? static_cast<std::uint64_t>(f.value)
                                                        : 62);
  }
  // Some fast path switched off (tests), or --explain: the same steps, each only where allowed,
  // through the virtual EvalEnv; with kReference, the reference evaluator over the nodes as parsed.
  [[gnu::noinline]] Slot eval_plain(std::uint32_t root, const FieldGuard& guard, std::bitset<kFieldCount>* needs) {
    if (!(plain_ & EvalOptions::kReference)) {
      if (!(plain_ & EvalOptions::kNoGuards) && guard.pass != FieldGuard::kNone && guard_says_false(guard))
        return Slot::of_bool(false);
      if (const ExecNode& n = interpreter_.exec(root); n.op == Op::kParam && !(plain_ & EvalOptions::kNoParamShortcut))
        return Slot::from(param(n.a, n.b, false));
    }
    unknown_.reset();
    const Value v = (plain_ & EvalOptions::kReference) ? evaluate_reference(set_.program, root, *this)
                                                       : internal::evaluate(set_.program, root, *this);
    if (!v.known && needs) *needs |= unknown_;
    return Slot::from(v);
  }

  // Computes the values a text shows, into the result's own text (no copy); the wording is
  // formatted only when the result is rendered.
  void compute_text(const TextTemplate& t, ResultText& out) {
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
        out = format_text_now(t);
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
  ResultText format_text_now(const TextTemplate& t) {
    Text out;
    for (auto [parts, lang, dst] : {std::tuple{&t.zh, Lang::kZh, &out.zh}, std::tuple{&t.en, Lang::kEn, &out.en}})
      for (const auto& p : *parts)
        *dst += p.expr.present() ? format_value(eval(p.expr).value(), p.expr.type, lang) : p.literal;
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
  static_assert(static_cast<int>(Op::kMedMissingMonths) - static_cast<int>(Op::kAsOf) == 12);
  std::array<Slot, 13> derived_{};
  std::bitset<kFieldCount> unknown_;
  // Grow past their inline room (an evaluation then allocates): no use or absence is ever dropped.
  SmallVec<UsedParam, 64> used_;
  std::bitset<128> used_params_;  // parameters (by index) with a version in used_
  SmallVec<MissingParam, 16> missing_;
  // Parameter reads in regions beyond the two held (and of parameters beyond the memo): each
  // (parameter, region) read, and whether its use or absence is recorded. Past its room a read is
  // recorded again, which note_used and note_missing then find already there: nothing is lost.
  struct RecordedRead {
    std::uint32_t param;
    std::uint32_t region;
    bool recorded;  // its use, or its absence, noted
  };
  std::array<RecordedRead, 32> further_reads_;
  std::size_t further_count_ = 0;
  RegionReads work_reads_, other_reads_;  // the work region; the first other region read
  int work_pack_ = -1;
  Region other_;  // the last other region a pack was looked up for, and that pack
  std::optional<int> other_pack_;
  std::vector<TraceValue>* seen_ = nullptr;
  MemoHold hold_;             // the thread's memo, unless an evaluation on this thread holds it
  const std::uint8_t plain_;  // EvalOptions::Plain bits (kNoMemo too when the memo is not ours)
  std::vector<std::pair<std::uint32_t, std::uint32_t>> plain_recorded_;  // with kNoMemo: (param, region) recorded
  Interpreter<EvaluationEnv> interpreter_{set_.program, *this};          // holds the program's arrays
};

}  // namespace shebao::internal
