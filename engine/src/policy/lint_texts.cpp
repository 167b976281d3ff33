// Lints of the texts a worker reads (`because`, warnings, advice, checks, transfer steps, the
// outlook's advice), made once every pack is read (issue 18 item 3: texts that cannot go wrong):
//   - unknown_in_text: a {placeholder} whose value can be unknown where the text is shown would
//     print "未知"/"unknown" inside a sentence. A value is known when it is a literal, a required
//     profile field, a derived figure (age, retirement.*), a parameter the national pack gives a
//     value with no end, under known()/default() with a known fallback, in the `then` branch of
//     if(known(x), ...), or when the item's `when` (true for the text to be shown) implies it:
//     `known(x)`, or a comparison that reads x, in its top-level `and` chain.
//   - hard_coded_figure: a number written in the text that equals a value of a parameter the
//     item uses ("费率20%" while param.pension_flexible_rate is 0.2): the text must interpolate
//     the parameter, or a change of the figure leaves the text wrong.
#include <algorithm>
#include <bitset>
#include <cctype>
#include <set>
#include <string>
#include <unordered_map>

#include "policy/compiler.h"

namespace shebao::internal {

namespace W = wording;

namespace {

// What is known when a text is shown: profile fields and (parameter, region selector) pairs.
struct Known {
  std::set<std::uint32_t> fields;
  std::set<std::pair<std::uint32_t, std::uint16_t>> params;
  std::set<std::string> exprs;  // lookups known to have a value (TextLint::key)
};

// The region selectors of one context: what `param.x` (selector 0) and `param.x@enrol` (3)
// read there, as 1 (work), 2 (hukou) or 3 (the enrolment region).
struct Selectors {
  std::uint16_t none = 1, enrol = 1;
  std::uint16_t of(std::uint16_t s) const { return s == 0 ? none : s == 3 ? enrol : s; }
};

class TextLint {
 public:
  TextLint(const PolicySet& set, int national) : prog_(set.program) {
    if (national < 0) return;
    const Pack& pack = set.packs[static_cast<std::size_t>(national)];
    for (const auto& [k, table] : pack.params)
      if (!table.values.empty() && !table.values.back().ends) always_.insert(k);
  }

  // Adds what `root` being true implies is known.
  void when_true(std::uint32_t root, Selectors sel, Known& k) const { implied_true(root, sel, k); }

  bool maybe_unknown(std::uint32_t i, const Known& k, Selectors sel) const {
    const Node& n = prog_.node(i);
    // The environment's reads (is_derived) count as known here: ages and retirement dates need
    // only required fields; the record reads have no operands to look into.
    if (is_derived(n.op)) return false;
    switch (n.op) {
      case Op::kConst:
      case Op::kKnown: return false;
      case Op::kField: {
        const auto id = static_cast<FieldId>(n.a);
        return !(field_spec(id).required || id == FieldId::kAsOf || k.fields.count(n.a));
      }
      case Op::kParam: return !(always_.count(n.a) || k.params.count({n.a, sel.of(n.b)}));
      case Op::kDefault: return maybe_unknown(prog_.child(n, 0), k, sel) && maybe_unknown(prog_.child(n, 1), k, sel);
      case Op::kIf: {
        const std::uint32_t c = prog_.child(n, 0);
        if (maybe_unknown(c, k, sel)) return true;
        Known yes = k, no = k;
        implied_true(c, sel, yes);
        implied_false(c, sel, no);
        return maybe_unknown(prog_.child(n, 1), yes, sel) || maybe_unknown(prog_.child(n, 2), no, sel);
      }
      case Op::kAnd:
      case Op::kOr: {
        // Three-valued: `known(x) and x == 1` is false, not unknown, when x is unknown; the
        // right operand matters only when the left one is true (and) or false (or).
        const std::uint32_t l = prog_.child(n, 0);
        if (maybe_unknown(l, k, sel)) return true;
        Known next = k;
        if (n.op == Op::kAnd)
          implied_true(l, sel, next);
        else
          implied_false(l, sel, next);
        return maybe_unknown(prog_.child(n, 1), next, sel);
      }
      case Op::kLookup:  // unknown when the key is not in the table, unless a condition read it
        return !k.exprs.count(key(i, sel));
      default:
        for (std::uint16_t c = 0; c < n.count; ++c)
          if (maybe_unknown(prog_.child(n, c), k, sel)) return true;
        return false;
    }
  }

 private:
  void implied_true(std::uint32_t i, Selectors sel, Known& k) const {
    const Node& n = prog_.node(i);
    switch (n.op) {
      case Op::kAnd:
        implied_true(prog_.child(n, 0), sel, k);
        implied_true(prog_.child(n, 1), sel, k);
        return;
      case Op::kNot: implied_false(prog_.child(n, 0), sel, k); return;
      case Op::kKnown: implied_known(prog_.child(n, 0), sel, k); return;
      case Op::kEq:
      case Op::kNe:
      case Op::kLt:
      case Op::kLe:
      case Op::kGt:
      case Op::kGe:
      case Op::kIn:
      case Op::kWithin:
      case Op::kField:
      case Op::kParam: implied_known(i, sel, k); return;
      default: return;
    }
  }
  void implied_false(std::uint32_t i, Selectors sel, Known& k) const {
    const Node& n = prog_.node(i);
    if (n.op == Op::kNot) {
      implied_true(prog_.child(n, 0), sel, k);
    } else if (n.op == Op::kOr) {
      implied_false(prog_.child(n, 0), sel, k);
      implied_false(prog_.child(n, 1), sel, k);
    } else if (n.op != Op::kAnd && n.op != Op::kKnown && n.op != Op::kDefault && n.op != Op::kIf) {
      implied_known(i, sel, k);  // a comparison that is false has known operands
    }
  }
  // `i` has a known value: so have the values it is computed from (every operator but these few
  // gives unknown for an unknown operand).
  void implied_known(std::uint32_t i, Selectors sel, Known& k) const {
    const Node& n = prog_.node(i);
    switch (n.op) {
      case Op::kField: k.fields.insert(n.a); return;
      case Op::kParam: k.params.insert({n.a, sel.of(n.b)}); return;
      case Op::kLookup:
        k.exprs.insert(key(i, sel));
        for (std::uint16_t c = 0; c < n.count; ++c) implied_known(prog_.child(n, c), sel, k);
        return;
      case Op::kDefault:
      case Op::kIf:
      case Op::kKnown:
      case Op::kAnd:
      case Op::kOr: return;
      default:
        for (std::uint16_t c = 0; c < n.count; ++c) implied_known(prog_.child(n, c), sel, k);
    }
  }

  // The same expression written twice (in `when` and in a text) has the same key.
  std::string key(std::uint32_t i, Selectors sel) const {
    const Node& n = prog_.node(i);
    std::string s = std::to_string(static_cast<int>(n.op)) + ":" + std::to_string(n.a) + ":" +
                    std::to_string(n.op == Op::kParam ? sel.of(n.b) : n.b) + ":" + std::to_string(n.imm.i) + ":" +
                    std::string(n.imm.s) + "(";
    for (std::uint16_t c = 0; c < n.count; ++c) s += key(prog_.child(n, c), sel) + ",";
    return s + ")";
  }

  const Program& prog_;
  std::set<std::uint32_t> always_;
};

// A number written in a text, with what follows it.
struct Figure {
  std::size_t offset = 0, length = 0;
  std::int64_t micros = 0;
  bool has_point = false;
  enum class Suffix { kNone, kPercent, kYuan, kYears, kMonths } suffix = Suffix::kNone;
  std::int64_t extra_months = 0;  // "15年6个月": the 6
};

bool digit(char c) { return c >= '0' && c <= '9'; }

bool starts(std::string_view s, std::size_t at, std::string_view what) { return s.substr(at, what.size()) == what; }

// The numbers of a text outside its {placeholders}; document numbers (〔2021〕40号), article
// numbers (第十条) and numbers inside words (S2, 2024-01) are not figures.
std::vector<Figure> figures(std::string_view s) {
  std::vector<Figure> out;
  for (std::size_t i = 0; i < s.size();) {
    if (s[i] == '{' || s[i] == '}') {
      if (i + 1 < s.size() && s[i + 1] == s[i]) {
        i += 2;
        continue;
      }
      if (s[i] == '{') {
        const std::size_t j = s.find('}', i);
        i = j == std::string_view::npos ? s.size() : j + 1;
        continue;
      }
      ++i;
      continue;
    }
    if (!digit(s[i])) {
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j < s.size() && (digit(s[j]) || (s[j] == '.' && j + 1 < s.size() && digit(s[j + 1])))) ++j;
    const std::size_t start = i;
    i = j;
    const auto before = [&](std::string_view w) { return start >= w.size() && s.substr(start - w.size(), w.size()) == w; };
    if (start > 0 && (std::isalpha(static_cast<unsigned char>(s[start - 1])) || s[start - 1] == '-' ||
                      s[start - 1] == '_' || s[start - 1] == '/' || s[start - 1] == '.'))
      continue;
    if (j < s.size() && (std::isalpha(static_cast<unsigned char>(s[j])) || s[j] == '-' || s[j] == '_')) {
      // "16y", "2024-01": not a figure; " years" (with a space) is handled below
      continue;
    }
    if (before("〔") || before("第") || starts(s, j, "号") || starts(s, j, "〕") || starts(s, j, "条") ||
        starts(s, j, "款") || starts(s, j, "项"))
      continue;
    auto d = Decimal::parse(s.substr(start, j - start));
    if (!d) continue;
    Figure f;
    f.offset = start;
    f.length = j - start;
    f.micros = d->micros();
    f.has_point = s.substr(start, j - start).find('.') != std::string_view::npos;
    std::size_t k = j;
    if (starts(s, k, "%") || starts(s, k, "％")) {
      f.suffix = Figure::Suffix::kPercent;
    } else if (starts(s, k, "元") || starts(s, k, " yuan")) {
      f.suffix = Figure::Suffix::kYuan;
    } else if (starts(s, k, "年") || starts(s, k, "周岁") || starts(s, k, "岁") || starts(s, k, " year")) {
      f.suffix = Figure::Suffix::kYears;
      if (starts(s, k, "年度")) f.suffix = Figure::Suffix::kNone;
      // "15年6个月"
      const std::size_t m = s.find_first_not_of("0123456789", k + 3);
      if (starts(s, k, "年") && m != k + 3 && m != std::string_view::npos && starts(s, m, "个月")) {
        auto extra = Decimal::parse(s.substr(k + 3, m - k - 3));
        if (extra) f.extra_months = extra->micros() / Decimal::kScale;
      }
    } else if (starts(s, k, "个月") || starts(s, k, " month")) {
      f.suffix = Figure::Suffix::kMonths;
    }
    out.push_back(f);
  }
  return out;
}

// Whether the figure `f` written in a text is the value `v` of a parameter of type `t`.
bool same_figure(const Figure& f, const Value& v, const Type& t) {
  using S = Figure::Suffix;
  if (!v.known) return false;
  switch (t.kind) {
    case TypeKind::kNumber:
      if (t.unit == Unit::kRatio) {
        if (f.suffix == S::kPercent) return f.micros == v.i * 100;
        return f.has_point && f.suffix == S::kNone && f.micros == v.i;
      }
      return f.suffix != S::kPercent && f.micros == v.i && v.i != 0;
    case TypeKind::kMoney:
      return (f.suffix == S::kYuan || f.suffix == S::kNone) && f.micros % 10000 == 0 && f.micros / 10000 == v.i &&
             v.i != 0;
    case TypeKind::kMonths: {
      if (f.has_point || v.i == 0) return false;
      const std::int64_t n = f.micros / Decimal::kScale;
      if (f.suffix == S::kYears) return n * 12 + f.extra_months == v.i;
      if (f.suffix == S::kMonths) return n == v.i;
      return false;
    }
    default: return false;
  }
}

}  // namespace

void Compiler::lint_texts() {
  TextLint lint(*set_, national_);
  // The file text, to point at the character in a text.
  std::unordered_map<std::string_view, std::string_view> raw_by_path;
  for (const auto& ps : sources_)
    for (const auto& f : ps.files) raw_by_path.emplace(f.path, f.text);
  auto raw_of = [&](const std::string& path) -> std::string_view {
    auto it = raw_by_path.find(path);
    return it == raw_by_path.end() ? std::string_view() : it->second;
  };
  // Every value a parameter has in any pack (gathered once, when a text first needs it).
  std::unordered_map<std::uint32_t, std::vector<Value>> values_of;
  auto values = [&](std::uint32_t k) -> const std::vector<Value>& {
    auto [it, fresh] = values_of.try_emplace(k);
    if (!fresh) return it->second;
    for (const Pack& pack : set_->packs) {
      auto t = pack.params.find(k);
      if (t == pack.params.end()) continue;
      for (const auto& v : t->second.values)
        if (!v.ends) it->second.push_back(v.value);
      for (const auto& [code, versions] : t->second.by_region)
        for (const auto& v : versions)
          if (!v.ends) it->second.push_back(v.value);
    }
    return it->second;
  };
  // The parameters read by `refs` (an item's expressions), with all their values.
  auto params_of = [this](const std::vector<const ExprRef*>& refs) {
    std::bitset<kFieldCount> fields;
    std::vector<std::uint32_t> params;
    for (const ExprRef* r : refs)
      if (r->present()) set_->program.collect_reads(r->root, fields, params);
    std::sort(params.begin(), params.end());
    params.erase(std::unique(params.begin(), params.end()), params.end());
    return params;
  };
  auto check = [&](const TextTemplate& t, const Known& known, Selectors sel, const std::vector<std::uint32_t>& params) {
    if (t.file.empty()) return;
    const std::string_view raw = raw_of(t.file);
    for (const auto* side : {&t.src_zh, &t.src_en}) {
      const auto& parts = side == &t.src_zh ? t.zh : t.en;
      // Unknown values: each placeholder, at its '{'.
      std::size_t from = 0;
      for (const auto& part : parts) {
        if (!part.expr.present()) continue;
        const std::size_t at = side->text.find("{" + part.expr.text + "}", from);
        if (at != std::string::npos) from = at + 1;
        if (!lint.maybe_unknown(part.expr.root, known, sel)) continue;
        error_in(t.file, map_scalar_offset(raw, side->pos, side->text, at == std::string::npos ? 0 : at),
                 "unknown_in_text", W::unknown_in_text(part.expr.text));
      }
      // Figures that are a parameter's value.
      if (params.empty()) continue;
      for (const Figure& f : figures(side->text)) {
        for (std::uint32_t k : params) {
          const ParamDef& def = set_->params[k];
          const auto& vs = values(k);
          if (std::none_of(vs.begin(), vs.end(), [&](const Value& v) { return same_figure(f, v, def.type); }))
            continue;
          error_in(t.file, map_scalar_offset(raw, side->pos, side->text, f.offset), "hard_coded_figure",
                   W::hard_coded_figure(side->text.substr(f.offset, f.length), def.id));
          break;
        }
      }
    }
  };

  for (const RuleDef& r : set_->rules) {
    std::vector<const ExprRef*> refs{&r.when, &r.then.enrol_region};
    if (const auto& c = r.then.contribution) {
      for (const ExprRef* e : {&c->base, &c->base_min, &c->base_max, &c->rate_personal, &c->rate_employer,
                               &c->annual_personal, &c->annual_government})
        refs.push_back(e);
      if (c->fixed_annual) refs.push_back(&c->fixed_annual->amount);
      for (const auto& o : c->options)
        for (const ExprRef* e : {&o.base, &o.rate, &o.annual}) refs.push_back(e);
    }
    for (const auto& d : r.then.details) refs.push_back(&d.value);
    auto add_text = [&](const TextTemplate& t) {
      for (const auto& a : t.args) refs.push_back(&a);
    };
    add_text(r.because);
    for (const auto& w : r.then.warnings) {
      refs.push_back(&w.when);
      add_text(w.text);
    }
    if (r.then.advice) {
      add_text(r.then.advice->text);
      if (r.then.advice->deadline) add_text(*r.then.advice->deadline);
    }
    const auto params = params_of(refs);
    // `when` reads parameters at the work region; `then` at the enrolment region when the rule
    // names one (that is not simply the work region).
    const bool own_enrol = r.then.enrol_region.present() && r.then.enrol_region.text != "work.region";
    const Selectors in_when{1, 1};
    const Selectors in_then{static_cast<std::uint16_t>(own_enrol ? 3 : 1), static_cast<std::uint16_t>(own_enrol ? 3 : 1)};
    Known known;
    if (r.when.present()) lint.when_true(r.when.root, in_when, known);
    check(r.because, known, in_then, params);
    if (r.then.advice) {
      check(r.then.advice->text, known, in_then, params);
      if (r.then.advice->deadline) check(*r.then.advice->deadline, known, in_then, params);
    }
    for (const auto& w : r.then.warnings) {
      Known wk = known;
      if (w.when.present()) lint.when_true(w.when.root, in_then, wk);
      check(w.text, wk, in_then, params);
    }
  }
  const Selectors plain{1, 1};
  for (const CheckDef& c : set_->checks) {
    std::vector<const ExprRef*> refs{&c.when};
    for (const auto& a : c.text.args) refs.push_back(&a);
    Known known;
    if (c.when.present()) lint.when_true(c.when.root, plain, known);
    check(c.text, known, plain, params_of(refs));
  }
  for (const TransferDef& t : set_->transfers) {
    std::vector<const ExprRef*> refs{&t.when, &t.from, &t.to};
    for (const auto& s : t.steps)
      for (const auto& a : s.args) refs.push_back(&a);
    Known known;
    if (t.when.present()) lint.when_true(t.when.root, plain, known);
    const auto params = params_of(refs);
    for (const auto& s : t.steps) check(s, known, plain, params);
  }
  for (const OutlookAdvice& a : set_->retirement.advice) {
    std::vector<const ExprRef*> refs{&a.when};
    for (const auto& x : a.text.args) refs.push_back(&x);
    Known known;
    if (a.when.present()) lint.when_true(a.when.root, plain, known);
    check(a.text, known, plain, params_of(refs));
  }
}

}  // namespace shebao::internal
