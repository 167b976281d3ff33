// Schema reading: schemes and their rules, checks, constraints, transfers (one reader for the
// three lists), relationships and the retirement section.
#include <algorithm>
#include <charconv>

#include "policy/compiler.h"
#include "shebao/core/digits.h"

namespace shebao::internal {

namespace W = wording;

namespace {
std::optional<Status> parse_status(std::string_view s) {
  for (int i = 0; i <= static_cast<int>(Status::kNotAvailable); ++i)
    if (status_id(static_cast<Status>(i)) == s) return static_cast<Status>(i);
  return std::nullopt;
}
std::optional<Channel> parse_channel(std::string_view s) {
  for (int i = 0; i <= static_cast<int>(Channel::kDispatchAgency); ++i)
    if (channel_id(static_cast<Channel>(i)) == s) return static_cast<Channel>(i);
  return std::nullopt;
}
bool is_scheme_id(std::string_view s) { return std::find(kSchemeIds.begin(), kSchemeIds.end(), s) != kSchemeIds.end(); }
}  // namespace

OutcomeSpec Compiler::read_outcome(const DocNode* n) {
  OutcomeSpec o;
  Fields f(*this, n, "then");
  if (!f.ok()) return o;
  // Defended duplicate: read_parameter_values (reader_params.cpp) takes its keys the same way;
  // each reader names the keys of its own section, and Fields is what they share.
  auto status = scalar(f.req("status"), "status");
  auto channel = scalar(f.get("channel"), "channel");
  const DocNode* enrol = f.get("enrol_region");
  const DocNode* alternatives = f.get("alternatives");
  const DocNode* contribution = f.get("contribution");
  const DocNode* details = f.get("details");
  const DocNode* warnings = f.get("warnings");
  const DocNode* advice = f.get("advice");
  f.done();
  if (status) {
    if (auto s = parse_status(*status)) o.status = *s;
    else error(n->find("status")->pos, "invalid_status", W::unknown_status(*status));
  }
  if (channel) {
    if (auto c = parse_channel(*channel)) o.channel = *c;
    else error(n->find("channel")->pos, "invalid_channel", W::unknown_channel(*channel));
  }
  o.enrol_region = expr(enrol, Type::of(TypeKind::kRegion), false, "enrol_region");
  for (const auto& a : list_items(alternatives, "alternatives", "scheme ids", "险种 id")) {
    auto s = scalar(&a, "alternative");
    if (!s) continue;
    if (!is_scheme_id(*s)) error(a.pos, "unknown_scheme", W::unknown_scheme(*s, {}));
    else o.alternatives.push_back(*s);
  }
  if (contribution) read_contribution(*contribution, o);
  read_mappings(details, "details", "{id, label, value}", "detail", o.details,
                [&](Fields& df, DetailSpec& spec, const DocNode&) {
                  spec.id = id_scalar(df.req("id"), "detail id").value_or("");
                  spec.label = text(df.req("label"), "label").value_or(Text{});
                  spec.value = expr(df.req("value"), Type{}, true, "detail value");
                  spec.unit = scalar(df.get("unit"), "unit").value_or("");
                });
  read_mappings(warnings, "warnings", "{code, when, text}", "warning", o.warnings,
                [&](Fields& wf, WarningSpec& spec, const DocNode&) {
                  spec.code = id_scalar(wf.req("code"), "warning code").value_or("");
                  spec.when = bool_expr(wf.get("when"), true, "when");
                  spec.text = tmpl(wf.req("text"), "text", true);
                });
  if (advice) o.advice = read_advice(*advice);
  return o;
}

AdviceSpec Compiler::read_advice(const DocNode& n) {
  AdviceSpec a;
  Fields f(*this, &n, "advice");
  if (!f.ok()) return a;
  const DocNode* priority = f.get("priority");
  a.text = tmpl(f.req("text"), "text", true);
  const DocNode* bring = f.get("bring");
  if (const DocNode* deadline = f.get("deadline")) a.deadline = tmpl(deadline, "deadline", true);
  f.done();
  if (priority) {
    const auto v = scalar(priority, "priority");
    int p = -1;
    if (v && v->size() <= 3 && all_digits(*v))
      p = std::stoi(*v);
    if (p < 0) error(priority->pos, "invalid_value", W::advice_priority());
    else a.priority = p;
  }
  for (const auto& b : list_items(bring, "bring", "{zh, en}"))
    if (auto t = text(&b, "bring")) a.bring.push_back(std::move(*t));
  return a;
}

void Compiler::read_contribution(const DocNode& n, OutcomeSpec& o) {
  Fields c(*this, &n, "contribution");
  if (!c.ok()) return;
  ContributionSpec spec;
  const Type money = Type::of(TypeKind::kMoney), number = Type::of(TypeKind::kNumber);
  spec.base = expr(c.get("base"), money, true, "base");
  spec.base_min = expr(c.get("base_min"), money, true, "base_min");
  spec.base_max = expr(c.get("base_max"), money, true, "base_max");
  if (const DocNode* rate = c.get("rate")) {
    Fields r(*this, rate, "rate");
    spec.rate_personal = expr(r.req("personal"), number, true, "rate.personal");
    spec.rate_employer = expr(r.get("employer"), number, true, "rate.employer");
    r.done();
  }
  if (const DocNode* annual = c.get("annual")) {
    Fields a(*this, annual, "annual");
    spec.annual_personal = expr(a.req("personal"), money, true, "annual.personal");
    spec.annual_government = expr(a.get("government"), money, true, "annual.government");
    a.done();
  }
  if (const DocNode* fixed = c.get("fixed_annual")) {
    Fields ff(*this, fixed, "fixed_annual");
    ContributionSpec::FixedFee fee;
    fee.id = id_scalar(ff.req("id"), "fixed_annual id").value_or("");
    fee.label = text(ff.req("label"), "label").value_or(Text{});
    fee.amount = expr(ff.req("amount"), money, true, "fixed_annual.amount");
    ff.done();
    spec.fixed_annual = std::move(fee);
  }
  const DocNode* options = c.get("options");
  c.done();
  const bool monthly_mode = n.find("base") != nullptr;
  const bool annual_mode = n.find("annual") != nullptr;
  if (monthly_mode == annual_mode) error(n.pos, "contribution", W::contribution_mode());
  if (monthly_mode && !n.find("rate")) error(n.pos, "contribution", W::contribution_needs_rate());
  if (annual_mode && spec.fixed_annual) error(n.pos, "contribution", W::fixed_fee_needs_monthly());
  for (const auto& opt : list_items(options, "options", "{id, label, base|annual}")) {
    Fields of(*this, &opt, "option");
    if (!of.ok()) continue;
    ContributionSpec::Option o2;
    o2.id = id_scalar(of.req("id"), "option id").value_or("");
    o2.label = text(of.req("label"), "label").value_or(Text{});
    if (monthly_mode) {
      o2.base = expr(of.get("base"), money, true, "option base");
      o2.rate = expr(of.get("rate"), number, true, "option rate");
    } else {
      o2.annual = expr(of.get("annual"), money, true, "option annual");
    }
    of.done();
    if (!o2.base.present() && !o2.annual.present())
      error(opt.pos, "contribution", W::option_needs(monthly_mode ? "base" : "annual"));
    spec.options.push_back(std::move(o2));
  }
  o.contribution = std::move(spec);
}

void Compiler::read_rule(const DocNode& n, std::size_t scheme) {
  Fields f(*this, &n, "rule");
  if (!f.ok()) return;
  RuleDef r;
  r.pack = pack_;
  r.scheme = scheme;
  r.file = file_->path;
  r.pos = n.pos;
  auto id = id_scalar(f.req("id"), "rule id");
  r.when = bool_expr(f.get("when"), false, "when");
  r.then = read_outcome(f.req("then"));
  r.because = tmpl(f.req("because"), "because", true);
  r.cite = cites(f.get("cite"), n.pos, W::item_named("rule", id.value_or("?")));
  r.place = placement(f, "rule");
  f.done();
  if (!id) return;
  r.qualified_id = set_->packs[pack_].id + "/" + std::string(kSchemeIds[scheme]) + "/" + *id;
  if (!seen_ids_.insert(r.qualified_id).second) {
    error(n.find("id")->pos, "duplicate_id", W::duplicate_rule_id(*id, kSchemeIds[scheme]));
    return;
  }
  set_->rules.push_back(std::move(r));
}

void Compiler::read_schemes(const DocNode& n) {
  if (!n.is_mapping()) {
    error(n.pos, "invalid_type", W::schemes_mapping());
    return;
  }
  const bool national = set_->packs[pack_].parent < 0;
  for (const auto& e : n.entries) {
    auto it = std::find(kSchemeIds.begin(), kSchemeIds.end(), e.key);
    if (it == kSchemeIds.end()) {
      error(e.key_pos, "unknown_scheme", W::unknown_scheme(e.key, join({kSchemeIds.begin(), kSchemeIds.end()})));
      continue;
    }
    const std::size_t si = static_cast<std::size_t>(it - kSchemeIds.begin());
    Fields f(*this, &e.value, W::item_named("scheme", e.key));
    if (!f.ok()) continue;
    const DocNode* name = f.get("name");
    const DocNode* rules = f.req("rules");
    f.done();
    if (name) {
      if (!national) {
        error(name->pos, "scheme_name", W::scheme_name_national_only());
      } else if (auto t = text(name, "name")) {
        if (set_->schemes[si].declared) error(e.key_pos, "duplicate_scheme", W::duplicate_scheme(e.key));
        set_->schemes[si].name = *t;
        set_->schemes[si].declared = true;
      }
    } else if (national) {
      error(e.value.pos, "missing_key", W::scheme_needs_name(e.key));
    }
    for (const auto& r : list_items(rules, "rules")) read_rule(r, si);
  }
}

// Checks, constraints and transfers: a list of items, each with an id unique in its pack, a
// citation and an optional placement; `body` reads what is particular to the kind.
template <class Def, class ReadBody>
void Compiler::read_items(const DocNode& n, std::string_view section, std::deque<Def>& into, ReadBody body) {
  const std::string kind(section.substr(0, section.size() - 1));  // "checks" -> "check"
  for (const auto& item : list_items(&n, section)) {
    Fields f(*this, &item, What(kind));
    if (!f.ok()) continue;
    Def d;
    d.pack = pack_;
    d.file = file_->path;
    d.pos = item.pos;
    auto id = id_scalar(f.req("id"), What(kind + " id"));
    body(f, d, item);
    d.cite = cites(f.get("cite"), item.pos, W::item_named(kind, id.value_or("?")));
    d.place = placement(f, What(kind));
    f.done();
    if (!id) continue;
    d.qualified_id = set_->packs[pack_].id + "/" + std::string(section) + "/" + *id;
    if (!seen_ids_.insert(d.qualified_id).second) {
      error(item.find("id")->pos, "duplicate_id", W::duplicate_item_id(kind, *id));
      continue;
    }
    into.push_back(std::move(d));
  }
}

void Compiler::read_checks(const DocNode& n) {
  read_items(n, "checks", set_->checks, [&](Fields& f, CheckDef& c, const DocNode&) {
    c.when = bool_expr(f.req("when"), false, "when");
    if (const DocNode* w = f.req("warning")) {
      Fields wf(*this, w, "warning");
      c.code = id_scalar(wf.req("code"), "warning code").value_or("");
      c.text = tmpl(wf.req("text"), "text", false);
      wf.done();
    }
  });
}

void Compiler::read_constraints(const DocNode& n) {
  read_items(n, "constraints", set_->constraints, [&](Fields& f, ConstraintDef& c, const DocNode& item) {
    auto field = scalar(f.req("field"), "field");
    c.check = bool_expr(f.req("check"), false, "check");
    c.message = text(f.req("message"), "message").value_or(Text{});
    if (!field) return;
    if (const FieldSpec* spec = find_field(*field)) c.field = spec->id;
    else error(item.find("field")->pos, "unknown_field", W::unknown_field(*field));
  });
}

void Compiler::read_transfers(const DocNode& n) {
  read_items(n, "transfers", set_->transfers, [&](Fields& f, TransferDef& t, const DocNode& item) {
    auto scheme = scalar(f.req("scheme"), "scheme");
    auto kind = scalar(f.req("kind"), "kind");
    t.when = bool_expr(f.req("when"), false, "when");
    t.from = expr(f.get("from"), Type::of(TypeKind::kRegion), false, "from");
    t.to = expr(f.get("to"), Type::of(TypeKind::kRegion), false, "to");
    if (const DocNode* steps = f.req("steps")) {
      if (!steps->is_sequence() || steps->items.empty()) error(steps->pos, "invalid_type", W::steps_list());
      else
        for (const auto& s : steps->items) t.steps.push_back(tmpl(&s, "step", false));
    }
    if (scheme) {
      if (!is_scheme_id(*scheme)) error(item.find("scheme")->pos, "unknown_scheme", W::unknown_scheme(*scheme, {}));
      t.scheme = *scheme;
    }
    if (kind) {
      if (std::find(kTransferKinds.begin(), kTransferKinds.end(), *kind) == kTransferKinds.end())
        error(item.find("kind")->pos, "unknown_kind",
              W::unknown_transfer_kind(*kind, join({kTransferKinds.begin(), kTransferKinds.end()})));
      t.kind = *kind;
    }
  });
}

void Compiler::read_relationships(const DocNode& n) {
  if (set_->packs[pack_].parent >= 0) {
    error(n.pos, "relationships", W::relationships_national_only());
    return;
  }
  if (!n.is_mapping()) {
    error(n.pos, "invalid_type", W::relationships_mapping());
    return;
  }
  for (const auto& e : n.entries) {
    int idx = enum_index(FieldId::kRelationship, e.key);
    if (idx < 0) {
      error(e.key_pos, "invalid_enum", W::unknown_relationship(e.key));
      continue;
    }
    Fields f(*this, &e.value, W::item_named("relationship", e.key));
    if (!f.ok()) continue;
    RelationshipDef& r = set_->relationships[static_cast<std::size_t>(idx)];
    r.present = true;
    r.label = text(f.req("label"), "label").value_or(Text{});
    r.explanation = text(f.req("explanation"), "explanation").value_or(Text{});
    r.cite = cites(f.get("cite"), e.value.pos, W::item_named("relationship", e.key));
    f.done();
  }
}

// `add_citations:` of a descendant pack: read here, applied by add_citations() once every pack is
// read and merged (linker.cpp).
void Compiler::read_added_citations(const DocNode& n) {
  if (set_->packs[pack_].parent < 0) {
    error(n.pos, "add_citations", W::added_citations_in_national());
    return;
  }
  for (const auto& item : list_items(&n, "add_citations", "{to, cite}")) {
    Fields f(*this, &item, "add_citations");
    if (!f.ok()) continue;
    auto to = scalar(f.req("to"), "to");
    AddedCitations a;
    a.pack = pack_;
    a.file = file_->path;
    a.pos = item.find("to") ? item.find("to")->pos : item.pos;
    a.cite = cites(f.get("cite"), item.pos, W::item_named("add_citations", to.value_or("?")));
    f.done();
    if (!to || a.cite.empty()) continue;
    a.target = *to;
    added_citations_.push_back(std::move(a));
  }
}

void Compiler::read_retirement(const DocNode& n) {
  if (set_->packs[pack_].parent >= 0) {
    error(n.pos, "retirement", W::retirement_national_only());
    return;
  }
  Fields f(*this, &n, "retirement");
  if (!f.ok()) return;
  RetirementDef& def = set_->retirement;
  if (def.present) error(n.pos, "duplicate_retirement", W::duplicate_retirement());
  def.present = true;
  auto months = [&](const DocNode* v, const char* what) -> std::int32_t {
    auto s = scalar(v, what);
    if (!s) return 0;
    auto m = parse_months_literal(*s);
    if (!m) {
      error(v->pos, "invalid_value", W::must_be_duration(what));
      return 0;
    }
    return *m;
  };
  auto integer = [&](const DocNode* v, const char* what, int lo, int hi) -> int {
    auto s = scalar(v, what);
    if (!s) return 0;
    int x = 0;
    auto [p, ec] = std::from_chars(s->data(), s->data() + s->size(), x);
    if (ec != std::errc() || p != s->data() + s->size() || x < lo || x > hi) {
      error(v->pos, "invalid_value", W::must_be_integer(what, lo, hi));
      return 0;
    }
    return x;
  };
  if (const DocNode* cats = f.req("categories")) {
    Fields c(*this, cats, "categories");
    auto category = [&](const DocNode* v, RetirementCategory& out, const char* what) {
      Fields cf(*this, v, what);
      if (!cf.ok()) return;
      out.original_age_months = months(cf.req("original_age"), "original_age");
      if (auto s = scalar(cf.req("first_birth"), "first_birth")) {
        if (auto ym = YearMonth::parse(*s)) out.first_birth = *ym;
        else error(v->find("first_birth")->pos, "invalid_date", W::first_birth_month());
      }
      out.step_months = integer(cf.req("step_months"), "step_months", 1, 120);
      out.max_delay_months = integer(cf.req("max_delay_months"), "max_delay_months", 0, 240);
      cf.done();
    };
    category(c.req("male"), def.rules.male, "male");
    category(c.req("female_55"), def.rules.female_55, "female_55");
    category(c.req("female_50"), def.rules.female_50, "female_50");
    c.done();
  }
  if (const DocNode* m = f.req("minimum_years")) {
    Fields mf(*this, m, "minimum_years");
    def.rules.minimum.base_months = months(mf.req("base"), "base");
    def.rules.minimum.first_year = integer(mf.req("first_year"), "first_year", 1990, 2200);
    def.rules.minimum.step_months = integer(mf.req("step_months"), "step_months", 0, 120);
    def.rules.minimum.max_months = months(mf.req("max"), "max");
    mf.done();
  }
  if (const DocNode* fl = f.req("flexible")) {
    Fields ff(*this, fl, "flexible");
    def.rules.flexible.early_max_months = months(ff.req("early_max"), "early_max");
    def.rules.flexible.late_max_months = months(ff.req("late_max"), "late_max");
    ff.done();
  }
  read_mappings(f.get("female_default"), "female_default", "{when, original_age, verified, cite}", "female_default",
                def.female_default, [&](Fields& df, FemaleDefault& d, const DocNode& item) {
                  d.when = bool_expr(df.get("when"), false, "when");
                  d.original_age_years = integer(df.req("original_age"), "original_age", 50, 55);
                  if (d.original_age_years != 50 && d.original_age_years != 55 && d.original_age_years != 0)
                    error(item.find("original_age")->pos, "invalid_value", W::original_age_50_55());
                  d.verified = boolean(df.req("verified"), "verified").value_or(false);
                  d.cite = cites(df.get("cite"), item.pos, "female_default");
                });
  read_mappings(f.get("outlook_advice"), "outlook_advice", "{id, when, text, cite}", "outlook_advice", def.advice,
                [&](Fields& af, OutlookAdvice& a, const DocNode& item) {
                  a.id = id_scalar(af.req("id"), "id").value_or("");
                  a.when = bool_expr(af.get("when"), false, "when");
                  a.text = tmpl(af.req("text"), "text", false);
                  a.cite = cites(af.get("cite"), item.pos, "outlook_advice");
                });
  def.cite = cites(f.get("cite"), n.pos, "retirement");
  f.done();
  for (auto& a : def.advice) a.qualified_id = "retirement/" + a.id;
  for (auto& d : def.female_default) {
    d.all_cite = def.cite;
    d.all_cite.insert(d.all_cite.end(), d.cite.begin(), d.cite.end());
  }
}

}  // namespace shebao::internal
