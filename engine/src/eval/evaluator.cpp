// The scheme runner: (policy set, profile) -> result. SchemeRunner tries each scheme's rules,
// the checks and transfers, and builds the result in place; EvaluationEnv is the expression
// environment of one evaluation (profile fields, derived values, parameters in force by region,
// and the record of parameters used or missing, for warnings). All per-call state lives on the
// caller's stack; the only state kept between calls is each thread's parameter memo
// (param_memo.h: answers of a pure function of its key; a nested evaluation runs without it).
// Safe to call from any number of threads at once against one (immutable) policy set.
#include "shebao/eval/evaluator.h"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <tuple>

#include "eval/evaluation_env.h"
#include "eval/records.h"
#include "eval/region_notes.h"
#include "shebao/eval/summary.h"

namespace shebao {

using namespace internal;

namespace {

template <class Paths>
void add_needs(Paths& out, const std::bitset<kFieldCount>& fields) {
  if (fields.none()) return;
  for (const auto& spec : profile_schema())
    if (fields.test(static_cast<std::size_t>(spec.id)))
      if (std::find(out.begin(), out.end(), spec.path) == out.end()) out.push_back(spec.path);
}

// Views of the PolicySet's strings: usually the very same bytes, so compared by address first.
bool same(std::string_view a, std::string_view b) { return a.size() == b.size() && (a.data() == b.data() || a == b); }

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

class SchemeRunner {
 public:
  SchemeRunner(const PolicySet& set, const Profile& profile, const EvalOptions& opt)
      : set_(set),
        profile_(profile),
        opt_(opt),
        ctx_(set, profile, opt.explain ? std::uint8_t{EvalOptions::kAllPlain} : opt.plain),
        compact_(!opt.explain && !(opt.plain & EvalOptions::kNoCompactConditions)) {}

  EvalResult run() {
    EvalResult r;
    r.as_of = ctx_.as_of_;
    r.age = YearsMonths::of(ctx_.age_months_);
    const int leaf = ctx_.work_pack_;
    const Pack& pack = set_.packs[static_cast<std::size_t>(leaf)];
    policy_info(pack, r.policy_set);
    retirement(r);
    compute_records(set_, profile_, ctx_, r, needs_);  // records.cpp: pension.* and medical.* for the rules
    relationship(r);
    r.schemes.reserve(kSchemeCount);
    for (std::size_t s = 0; s < kSchemeCount; ++s) scheme(pack, s, r);
    estimate_pension(set_, profile_, ctx_, r);
    TraceScheme check_trace{"(checks)", {}}, transfer_trace{"(transfers)", {}};
    for (std::size_t i = 0; i < pack.checks.size(); ++i)
      check(*pack.checks[i], compact_ ? pack.check_whens[i] : CondRef::of(pack.checks[i]->when), r, check_trace);
    for (std::size_t i = 0; i < pack.transfers.size(); ++i)
      transfer(*pack.transfers[i], compact_ ? pack.transfer_whens[i] : CondRef::of(pack.transfers[i]->when), r,
               transfer_trace);
    if (opt_.explain) {
      r.trace.push_back(std::move(check_trace));
      r.trace.push_back(std::move(transfer_trace));
    }
    outlook(r);
    param_warnings(r);
    renumbered_regions(profile_, r);  // region_notes.cpp
    local_rules(set_, profile_, leaf, r);
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
    // The relationship is the work place's: a descendant's citations for it (SCHEMA.md).
    r.relationship.citations = citations_for(def.cite, def.local_cite, ctx_.work_);
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
      const CondRef when = compact_ ? whens[i] : CondRef::of(pack.rules[s][i]->when);
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
    // Citations follow the place the rule speaks of: its enrolment place, else the work place.
    reason.citations = rule.local_cite.empty() ? Citations(rule.cite)
                                               : citations_for(rule.cite, rule.local_cite,
                                                               out.enrol_region.value_or(ctx_.work_));
    ctx_.compute_text(rule.because, reason.text);
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
                          : list                    ? TextArg::of_list(v.list())
                                                    : TextArg::of_int(v.i);
      Detail& detail = out.details.emplace_back();
      detail.id = d.id;
      detail.label = TextView::of(d.label);
      detail.unit = unit;
      if (kind == TypeKind::kString && ctx_.profile_owns(v.str()))
        detail.value = trace_value(v.value(), d.value.type);
      else
        detail.value.set_computed(raw, d.value.type);
    }
    if (o.advice) {
      SchemeAdvice& a = out.advice.emplace();
      a.priority = o.advice->priority;
      a.bring = o.advice->bring;
      ctx_.compute_text(o.advice->text, a.text);
      if (o.advice->deadline) ctx_.compute_text(*o.advice->deadline, a.deadline);
    }
    for (const WarningSpec& w : o.warnings) {
      Slot c = w.when.present() ? ctx_.eval(w.when, &needs) : Slot::of_bool(true);
      if (c.known() && c.i)
        add_warning(r.warnings, w.code, out.id, [&](ResultText& t) { ctx_.compute_text(w.text, t); });
    }
    ctx_.set_enrolment(std::nullopt, false);
  }

  // Built in place in out.contribution (no copy of its 700 bytes), once the amounts it needs are
  // known; left empty when they are not.
  void contribution(const ContributionSpec& c, SchemeResult& out, std::bitset<kFieldCount>& needs) {
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
      Contribution& res = out.contribution.emplace();
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
        ContributionOption& o = res.options.emplace_back();
        o.id = opt.id;
        o.label = TextView::of(opt.label);
        o.base = *b;
        o.monthly = amounts_for(*b, *rate, *employer);
        o.annual = times12(*o.monthly);
        if (fee) add_fee(o.annual, *fee);
      }
    } else {
      auto personal = money(c.annual_personal);
      if (!personal) return;
      Contribution& res = out.contribution.emplace();
      res.annual = Amounts{*personal, Money(), *personal};
      res.government_annual = money(c.annual_government);
      for (const auto& opt : c.options) {
        auto a = money(opt.annual);
        if (!a) continue;
        ContributionOption& o = res.options.emplace_back();
        o.id = opt.id;
        o.label = TextView::of(opt.label);
        o.annual = Amounts{*a, Money(), *a};
      }
    }
  }

  // Evaluates a condition, recording it in `trace` when explaining (out of line: an ordinary
  // evaluation does not set up the trace's record).
  Slot traced(const std::string& id, const CondRef& when, std::bitset<kFieldCount>& unk, TraceScheme& trace) {
    return opt_.explain ? explained(id, when, unk, trace) : ctx_.eval(when, &unk);
  }
  [[gnu::noinline]] Slot explained(const std::string& id, const CondRef& when, std::bitset<kFieldCount>& unk,
                                   TraceScheme& trace) {
    TraceRule tr;
    tr.rule = id;
    ctx_.seen_ = &tr.seen;
    Slot w = ctx_.eval(when, &unk);
    ctx_.seen_ = nullptr;
    tr.matched = !w.known() ? "unknown" : (w.i ? "true" : "false");
    trace.rules.push_back(std::move(tr));
    return w;
  }

  // Whether the condition of a check or a transfer holds; when it is unknown, the fields it
  // lacks are needs and it does not hold.
  bool holds(const std::string& id, const CondRef& when, TraceScheme& trace) {
    std::bitset<kFieldCount> unk;
    Slot w = traced(id, when, unk, trace);
    if (!w.known()) {
      needs_ |= unk;
      return false;
    }
    return w.i != 0;
  }

  void check(const CheckDef& c, const CondRef& when, EvalResult& r, TraceScheme& trace) {
    if (holds(c.qualified_id, when, trace))
      add_warning(r.warnings, c.code, c.qualified_id, [&](ResultText& t) { ctx_.compute_text(c.text, t); });
  }

  void transfer(const TransferDef& t, const CondRef& when, EvalResult& r, TraceScheme& trace) {
    if (!holds(t.qualified_id, when, trace)) return;
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
    for (const auto& step : t.steps) ctx_.compute_text(step, out.steps.emplace_back());
    // Citations follow the place the transfer is done: its destination, else its origin.
    out.citations = t.local_cite.empty()
                        ? Citations(t.cite)
                        : citations_for(t.cite, t.local_cite, out.to_region.value_or(out.from_region.value_or(ctx_.work_)));
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
    PensionOutlook& o = r.outlook.emplace();  // built in place
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
      ctx_.compute_text(a.text, advice.text);
    }
  }

  void param_warnings(EvalResult& r) {
    // A parameter's warnings can only repeat the warnings given before these (by rules and checks)
    // or those of the same parameter in another region: only those are compared.
    const std::size_t before = r.warnings.size();
    std::array<std::bitset<128>, 3> warned;  // by code: unverified, provisional, no_local
    static constexpr std::string_view kCodes[] = {"parameter_unverified", "parameter_provisional",
                                                  "no_local_parameters"};
    auto add = [&](std::size_t code, std::uint32_t param, std::string_view subject, auto&& fill) {
      if (param >= warned[code].size() || warned[code][param])
        return add_warning(r.warnings, kCodes[code], subject, fill);
      warned[code][param] = true;
      add_warning(r.warnings, kCodes[code], subject, fill, before);
    };
    for (const UsedParam& u : ctx_.used_) {
      const ParamVersion& v = *u.version;
      if (!v.verified) add(0, u.param, set_.params[u.param].id, [&](ResultText& t) { t.set_fixed(v.unverified_view); });
      if (v.renewal_yearly && v.last && v.renewal_due <= ctx_.as_of_)
        add(1, u.param, set_.params[u.param].id, [&](ResultText& t) { t.set_fixed(TextView::of(v.provisional_text)); });
    }
    for (const MissingParam& m : ctx_.missing_) {
      const ParamDef& def = set_.params[m.param];
      const std::array<TextArg, 4> args{ctx_.region_of(m.region) ? TextArg::of_int(m.region) : TextArg::unknown(),
                                        TextArg::of_int(ctx_.as_of_.days()), TextArg::of_string(def.label.zh),
                                        TextArg::of_string(def.label.en)};
      add(2, m.param, def.id, [&](ResultText& t) { t = ResultText::composed(&no_local_text, args); });
    }
  }

  // "「<label>」在<region>目前没有经确认的数字…" from (region code, as_of days, label zh, label en).
  static void no_local_text(std::string& out, Lang lang, std::span<const TextArg> a) {
    const auto region = a[0].known() ? Region::from_code(static_cast<std::uint32_t>(a[0].i)) : std::nullopt;
    if (lang == Lang::kZh) {
      out += "「";
      out.append(a[2].str, static_cast<std::size_t>(a[2].i));
      out += "」在" + (region ? region->full_name(Lang::kZh) : std::string("当地")) +
             "目前没有经确认的数字，相关金额暂不估算，请向当地经办机构咨询。";
    } else {
      out += "\"";
      out.append(a[3].str, static_cast<std::size_t>(a[3].i));
      out += "\": no confirmed figure is known for " + (region ? region->full_name(Lang::kEn) : std::string("the place")) +
             " yet, so amounts that need it are not estimated; ask the local office.";
    }
  }

  const PolicySet& set_;
  const Profile& profile_;
  const EvalOptions& opt_;
  EvaluationEnv ctx_;
  const bool compact_;  // conditions tried from the pack's compact arrays (rule_whens, ...)
  std::bitset<kFieldCount> needs_;
};

}  // namespace

namespace {

// A scheme's answer as far as "does this value change it" goes.
bool same_outcome(const SchemeResult& a, const SchemeResult& b) {
  return a.status == b.status && a.determined == b.determined && a.channel == b.channel &&
         a.enrol_region == b.enrol_region;
}

// For each need of an open scheme, tries the values of the field (field_probes, the test `ask`
// uses before asking it) and marks it inert in every open scheme that no value changes. Runs only
// when some scheme is open and needs an answer: the others cost nothing more. The probes are
// evaluated one after another, after `r` (no nesting: each gets the thread's memo).
void mark_inert_needs(const PolicySet& set, const Profile& profile, const EvalOptions& options, EvalResult& r) {
  std::vector<FieldId> fields;
  for (const SchemeResult& s : r.schemes) {
    if (s.determined) continue;
    for (const std::string_view path : s.needs)
      if (const FieldSpec* f = find_field(path); f && std::find(fields.begin(), fields.end(), f->id) == fields.end())
        fields.push_back(f->id);
  }
  if (fields.empty()) return;
  EvalOptions plain;  // the same answers, without a trace
  plain.plain = options.plain;
  struct Open {
    std::size_t scheme;
    std::size_t need;
    bool changed;
  };
  for (const FieldId f : fields) {
    const std::vector<FieldProbe> probes = field_probes(f);
    if (probes.empty()) continue;  // not enumerable: taken to settle
    const std::string_view path = field_spec(f).path;
    std::vector<Open> open;
    for (std::size_t i = 0; i < r.schemes.size(); ++i) {
      const SchemeResult& s = r.schemes[i];
      if (s.determined) continue;
      for (std::size_t k = 0; k < s.needs.size() && k < 32; ++k)
        if (s.needs[k] == path) open.push_back({i, k, false});
    }
    std::size_t left = open.size();
    for (const FieldProbe& v : probes) {
      if (left == 0) break;
      Profile q = profile;
      set_probe(q, f, v);
      const EvalResult pr = SchemeRunner(set, q, plain).run();
      for (Open& o : open)
        if (!o.changed && o.scheme < pr.schemes.size() && !same_outcome(pr.schemes[o.scheme], r.schemes[o.scheme])) {
          o.changed = true;
          --left;
        }
    }
    for (const Open& o : open)
      if (!o.changed) r.schemes[o.scheme].inert_needs |= 1u << o.need;
  }
}

}  // namespace

EvalResult evaluate(const PolicySet& set, const Profile& profile, const EvalOptions& options) {
  EvalResult r = SchemeRunner(set, profile, options).run();
  mark_inert_needs(set, profile, options, r);
  return r;
}

std::vector<FieldError> check_constraints(const PolicySet& set, const Profile& profile) {
  std::vector<FieldError> errors;
  EvaluationEnv ctx(set, profile);
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
