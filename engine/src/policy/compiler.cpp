// The policy compiler: checks every pack strictly (unknown keys, kinds, citations, dated values,
// expressions, overrides) and builds the immutable PolicySet. All problems are reported; none
// stops the others from being found.
#include <algorithm>
#include <atomic>
#include <charconv>
#include <set>

#include "policy/model.h"
#include "shebao/eval/evaluator.h"

namespace shebao {

using namespace internal;

namespace {

constexpr std::array<std::string_view, kSchemeCount> kSchemeIds = {
    "pension.employee", "pension.resident", "medical.employee", "medical.resident", "injury.work",
    "injury.occupational", "unemployment", "commercial.accident", "commercial.employer_liability"};

constexpr std::array<std::string_view, 6> kTransferKinds = {
    "pension.full_transfer", "pension.temporary_account", "pension.scheme_link",
    "medical.transfer", "medical.scheme_switch", "medical.no_transfer"};

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

std::string join(const std::vector<std::string_view>& v) {
  std::string s;
  for (std::size_t i = 0; i < v.size(); ++i) s += (i ? ", " : "") + std::string(v[i]);
  return s;
}

class Compiler;

// Reads a mapping strictly: every key must be asked for, or it is reported as unknown.
class Fields {
 public:
  Fields(Compiler& c, const DocNode* n, std::string what);
  const DocNode* get(std::string_view key) {
    allowed_.push_back(key);
    return ok_ ? n_->find(key) : nullptr;
  }
  const DocNode* req(std::string_view key);
  void done();
  bool ok() const { return ok_; }
  SourcePos pos() const { return n_ ? n_->pos : SourcePos{}; }

 private:
  Compiler& c_;
  const DocNode* n_;
  std::string what_;
  std::vector<std::string_view> allowed_;
  bool ok_ = false;
};

class Compiler {
 public:
  explicit Compiler(std::vector<PackSource> packs) : sources_(std::move(packs)) {
    set_ = std::make_shared<PolicySet>();
  }

  CompileResult run();

  void error(SourcePos pos, std::string code, std::string message) {
    diags_.add(file_ ? file_->path : std::string("(policies)"), pos, std::move(code), std::move(message));
  }

 private:
  friend class Fields;

  // ---- scalars ------------------------------------------------------------------------
  std::optional<std::string> scalar(const DocNode* n, std::string_view what) {
    if (!n) return std::nullopt;
    if (!n->is_scalar()) {
      error(n->pos, "invalid-type", std::string(what) + " must be a single value");
      return std::nullopt;
    }
    return n->text;
  }
  std::optional<std::string> id_scalar(const DocNode* n, std::string_view what) {
    auto s = scalar(n, what);
    if (!s) return s;
    bool ok = !s->empty() && s->size() <= 80;
    for (char ch : *s)
      if (!(std::islower(static_cast<unsigned char>(ch)) || std::isdigit(static_cast<unsigned char>(ch)) ||
            ch == '-' || ch == '_' || ch == '.'))
        ok = false;
    if (!ok) {
      error(n->pos, "invalid-id", std::string(what) + " '" + *s + "' must be lower-case letters, digits, '-', '_' or '.'");
      return std::nullopt;
    }
    return s;
  }
  std::optional<bool> boolean(const DocNode* n, std::string_view what) {
    auto s = scalar(n, what);
    if (!s) return std::nullopt;
    if (*s == "true") return true;
    if (*s == "false") return false;
    error(n->pos, "invalid-type", std::string(what) + " must be true or false");
    return std::nullopt;
  }
  std::optional<Text> text(const DocNode* n, std::string_view what) {
    if (!n) return std::nullopt;
    Fields f(*this, n, std::string(what));
    if (!f.ok()) return std::nullopt;
    auto zh = scalar(f.req("zh"), std::string(what) + ".zh");
    auto en = scalar(f.req("en"), std::string(what) + ".en");
    f.done();
    if (!zh || !en) return std::nullopt;
    return Text{*zh, *en};
  }

  // ---- expressions ----------------------------------------------------------------------
  ExprRef expr(const DocNode* n, const Type& expected, bool in_then, std::string_view what) {
    ExprRef ref;
    if (!n) return ref;
    if (!n->is_scalar()) {
      error(n->pos, "invalid-type", std::string(what) + " must be an expression (a single value)");
      return ref;
    }
    ExprEnv env;
    env.allow_enrol = in_then;
    env.find_param = [this](std::string_view id, std::uint32_t* index) -> const ParamInfo* {
      auto it = set_->param_index.find(std::string(id));
      if (it == set_->param_index.end()) return nullptr;
      *index = it->second;
      scratch_info_.id = set_->params[it->second].id;
      scratch_info_.type = set_->params[it->second].type;
      return &scratch_info_;
    };
    std::vector<ExprError> errs;
    ExprSource src{file_->path, file_->text, n->pos};
    auto root = set_->program.compile(n->text, src, env, expected, errs);
    for (auto& e : errs) error(e.pos, "expression", std::move(e.message));
    if (root) {
      ref.root = *root;
      ref.type = set_->program.node(*root).type;
      ref.text = n->text;
      if (ref.type.kind == TypeKind::kBool) ref.guard = set_->program.guard(*root);
    }
    return ref;
  }
  ExprRef bool_expr(const DocNode* n, bool in_then, std::string_view what) {
    return expr(n, Type::of(TypeKind::kBool), in_then, what);
  }

  TextTemplate tmpl(const DocNode* n, std::string_view what, bool in_then) {
    TextTemplate t;
    auto txt = text(n, what);
    if (!txt) return t;
    auto parse = [&](const std::string& s, std::vector<TextTemplate::Part>& out, const DocNode* holder) {
      std::string lit;
      for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '{' && i + 1 < s.size() && s[i + 1] == '{') {
          lit += '{';
          ++i;
        } else if (s[i] == '}' && i + 1 < s.size() && s[i + 1] == '}') {
          lit += '}';
          ++i;
        } else if (s[i] == '{') {
          std::size_t j = s.find('}', i);
          if (j == std::string::npos) {
            error(holder ? holder->pos : n->pos, "template", "unclosed '{' in text (write '{{' for a brace)");
            return;
          }
          if (!lit.empty()) out.push_back({lit, {}});
          lit.clear();
          DocNode tmp;
          tmp.kind = DocNode::Kind::kScalar;
          tmp.text = s.substr(i + 1, j - i - 1);
          tmp.pos = holder ? holder->pos : n->pos;
          // Positions inside a template are reported at the text's start.
          ExprEnv env;
          env.allow_enrol = in_then;
          env.find_param = [this](std::string_view id, std::uint32_t* index) -> const ParamInfo* {
            auto it = set_->param_index.find(std::string(id));
            if (it == set_->param_index.end()) return nullptr;
            *index = it->second;
            scratch_info_.id = set_->params[it->second].id;
            scratch_info_.type = set_->params[it->second].type;
            return &scratch_info_;
          };
          std::vector<ExprError> errs;
          ExprSource src{file_->path, {}, tmp.pos};
          auto root = set_->program.compile(tmp.text, src, env, Type{}, errs);
          for (auto& e : errs) error(e.pos, "expression", "in text placeholder {" + tmp.text + "}: " + e.message);
          ExprRef ref;
          if (root) {
            ref.root = *root;
            ref.type = set_->program.node(*root).type;
            ref.text = tmp.text;
          }
          out.push_back({{}, ref});
          i = j;
        } else if (s[i] == '}') {
          error(holder ? holder->pos : n->pos, "template", "unmatched '}' in text (write '}}' for a brace)");
          return;
        } else {
          lit += s[i];
        }
      }
      if (!lit.empty()) out.push_back({lit, {}});
    };
    parse(txt->zh, t.zh, n->find("zh"));
    parse(txt->en, t.en, n->find("en"));
    // One argument per distinct expression (zh and en usually show the same values).
    for (auto* parts : {&t.zh, &t.en})
      for (auto& part : *parts) {
        if (!part.expr.present()) continue;
        const TypeKind k = part.expr.type.kind;
        if (k == TypeKind::kList || k == TypeKind::kTable) {
          error(n->pos, "template", "{" + part.expr.text + "} is a list: a text can show single values only");
          continue;
        }
        for (std::size_t a = 0; a < t.args.size(); ++a)
          if (t.args[a].text == part.expr.text) part.arg = static_cast<int>(a);
        if (part.arg >= 0) continue;
        if (t.args.size() == ResultText::kMaxArgs) {
          error(n->pos, "template", "a text may show at most " + std::to_string(ResultText::kMaxArgs) + " different {values}");
          continue;
        }
        part.arg = static_cast<int>(t.args.size());
        t.args.push_back(part.expr);
      }
    return t;
  }

  // ---- citations --------------------------------------------------------------------------
  const DocumentDef* find_document(const std::string& key) {
    for (auto it = set_->packs[pack_].chain.rbegin(); it != set_->packs[pack_].chain.rend(); ++it) {
      const auto& docs = set_->packs[*it].documents;
      auto d = docs.find(key);
      if (d != docs.end()) return &d->second;
    }
    return nullptr;
  }
  std::optional<Citation> citation(const DocNode* n) {
    Fields f(*this, n, "citation");
    if (!f.ok()) return std::nullopt;
    auto doc = scalar(f.req("document"), "document");
    auto article = scalar(f.get("article"), "article");
    scalar(f.get("note"), "note");
    f.done();
    if (!doc) return std::nullopt;
    const DocumentDef* d = find_document(*doc);
    if (!d) {
      error(n->find("document")->pos, "unknown-document",
            "document '" + *doc + "' is not declared in pack.yaml of this pack or an ancestor");
      return std::nullopt;
    }
    return Citation{d->number, article.value_or("")};
  }
  std::vector<Citation> cites(const DocNode* n, SourcePos owner, std::string_view what) {
    std::vector<Citation> out;
    if (!n) {
      error(owner, "missing-citation", std::string(what) + " has no 'cite': every conclusion must cite its policy");
      return out;
    }
    if (!n->is_sequence() || n->items.empty()) {
      error(n->pos, "missing-citation", "'cite' must be a non-empty list of {document, article}");
      return out;
    }
    for (const auto& item : n->items)
      if (auto c = citation(&item)) out.push_back(std::move(*c));
    return out;
  }

  Placement placement(Fields& f, std::string_view kind) {
    Placement p;
    p.pos = f.pos();
    int n = 0;
    if (auto s = scalar(f.get("overrides"), "overrides")) p.overrides = *s, ++n;
    if (auto s = scalar(f.get("before"), "before")) p.before = *s, ++n;
    if (auto s = scalar(f.get("after"), "after")) p.after = *s, ++n;
    if (n > 1) error(f.pos(), "placement", std::string("a ") + std::string(kind) + " takes at most one of overrides, before, after");
    if (n > 0 && set_->packs[pack_].parent < 0) {
      error(f.pos(), "placement", "the national pack has no parent: overrides/before/after are not allowed");
      return Placement{{}, {}, {}, p.pos};  // reported once; the item is placed as if unplaced
    }
    return p;
  }

  // ---- passes -----------------------------------------------------------------------------
  void read_pack_header(std::size_t src_index);
  void link_packs();
  void declare_parameters();
  void read_contents();
  void read_file(const SourceFile& f);
  void check_utf8(const DocNode& n);
  void read_parameter_values(const DocNode& n);
  std::vector<ParamVersion> read_versions(const DocNode* n, const ParamDef& def, const Citation* default_source,
                                          const std::string& default_note);
  void read_schemes(const DocNode& n);
  void read_rule(const DocNode& n, std::size_t scheme);
  OutcomeSpec read_outcome(const DocNode* n);
  void read_checks(const DocNode& n);
  void read_constraints(const DocNode& n);
  void read_transfers(const DocNode& n);
  void read_relationships(const DocNode& n);
  void read_retirement(const DocNode& n);
  void merge();
  void index_param_tables();
  void index_conditions();
  void lint();
  void render_param_texts();

  template <class T, class Keep>
  void merge_list(std::vector<const T*>& list, const std::deque<T>& all, int pack, bool report, Keep keep,
                  const std::string& what);

  std::vector<PackSource> sources_;
  std::shared_ptr<PolicySet> set_;
  Diagnostics diags_;
  const SourceFile* file_ = nullptr;
  int pack_ = -1;
  std::vector<std::string> parent_names_;
  std::vector<bool> jurisdiction_ok_;
  int national_ = -1;
  std::vector<SourcePos> parent_pos_;
  std::vector<const SourceFile*> pack_files_;
  std::vector<std::size_t> pack_source_;
  ParamInfo scratch_info_;
  std::set<std::string> seen_ids_;
};

Fields::Fields(Compiler& c, const DocNode* n, std::string what) : c_(c), n_(n), what_(std::move(what)) {
  if (!n) return;
  if (!n->is_mapping()) {
    c_.error(n->pos, "invalid-type", what_ + " must be a mapping (key: value)");
    return;
  }
  ok_ = true;
}
const DocNode* Fields::req(std::string_view key) {
  const DocNode* v = get(key);
  if (ok_ && !v) c_.error(n_->pos, "missing-key", what_ + " needs '" + std::string(key) + "'");
  return v;
}
void Fields::done() {
  if (!ok_) return;
  for (const auto& e : n_->entries)
    if (std::find(allowed_.begin(), allowed_.end(), e.key) == allowed_.end())
      c_.error(e.key_pos, "unknown-key", "unknown key '" + e.key + "' in " + what_ + " (allowed: " + join(allowed_) + ")");
}

void Compiler::read_pack_header(std::size_t src_index) {
  const PackSource& ps = sources_[src_index];
  const SourceFile* header = nullptr;
  for (const auto& f : ps.files)
    if (f.rel == ps.dir + "/pack.yaml") header = &f;
  if (!header) {
    SourceFile dummy;
    dummy.path = ps.dir;
    // The folder as given on the command line ("policies/cn-530100"), from any of its files.
    if (!ps.files.empty() && ps.files[0].path.size() >= ps.files[0].rel.size() &&
        ps.files[0].path.ends_with(ps.files[0].rel))
      dummy.path = ps.files[0].path.substr(0, ps.files[0].path.size() - ps.files[0].rel.size()) + ps.dir;
    file_ = &dummy;
    error({}, "missing-pack-yaml", "pack folder '" + ps.dir + "' has no pack.yaml");
    file_ = nullptr;
    return;
  }
  file_ = header;
  Pack p;
  Fields f(*this, &header->root, "pack.yaml");
  if (!f.ok()) return;
  auto id = id_scalar(f.req("id"), "id");
  auto jur = scalar(f.req("jurisdiction"), "jurisdiction");
  auto parent = id_scalar(f.get("parent"), "parent");
  auto slug = id_scalar(f.get("slug"), "slug");
  auto name = text(f.req("name"), "name");
  const DocNode* docs = f.get("documents");
  f.done();
  if (id && *id != ps.dir)
    error(header->root.find("id")->pos, "pack-id", "pack id '" + *id + "' must equal its folder name '" + ps.dir + "'");
  p.id = ps.dir;
  p.slug = slug.value_or(ps.dir);
  bool jurisdiction_ok = false;  // a bad or missing one is reported here, not again as a parent problem
  if (jur) {
    auto r = Region::parse(*jur);
    if (!r && *jur == "000000") r = Region::national();
    if (!r || !(r->is_national() || r->is_province() || r->is_prefecture())) {
      error(header->root.find("jurisdiction")->pos, "jurisdiction",
            "jurisdiction '" + *jur + "' must be \"000000\", a province (xx0000) or a prefecture (xxxx00) code");
    } else {
      p.jurisdiction = *r;
      jurisdiction_ok = true;
    }
  }
  if (name) p.name = *name;
  for (const auto& other : set_->packs)
    if (other.id == p.id) error(header->root.pos, "duplicate-pack", "pack '" + p.id + "' appears twice");
  const int index = static_cast<int>(set_->packs.size());
  set_->packs.push_back(std::move(p));
  pack_files_.push_back(header);
  pack_source_.push_back(src_index);
  parent_names_.push_back(parent.value_or(""));
  jurisdiction_ok_.push_back(jurisdiction_ok);
  parent_pos_.push_back(header->root.find("parent") ? header->root.find("parent")->pos : header->root.pos);
  if (docs) {
    if (!docs->is_mapping()) {
      error(docs->pos, "invalid-type", "documents must be a mapping of key: {number, title}");
    } else {
      for (const auto& e : docs->entries) {
        Fields d(*this, &e.value, "document '" + e.key + "'");
        if (!d.ok()) continue;
        DocumentDef def;
        def.key = e.key;
        auto number = scalar(d.req("number"), "number");
        auto title = text(d.req("title"), "title");
        auto issued = scalar(d.get("issued"), "issued");
        auto url = scalar(d.get("url"), "url");
        scalar(d.get("note"), "note");
        d.done();
        if (issued && !Date::parse(*issued) && !YearMonth::parse(*issued))
          error(e.value.find("issued")->pos, "invalid-date", "issued '" + *issued + "' is not a date YYYY-MM-DD");
        if (!number || !title) continue;
        def.number = *number;
        def.title = *title;
        def.issued = issued.value_or("");
        def.url = url.value_or("");
        set_->packs[index].documents.emplace(e.key, std::move(def));
      }
    }
  }
}

void Compiler::link_packs() {
  auto& packs = set_->packs;
  int national = -1;
  for (std::size_t i = 0; i < packs.size(); ++i) {
    file_ = pack_files_[i];
    if (parent_names_[i].empty()) {
      if (!jurisdiction_ok_[i]) continue;  // reported; not taken for the national pack
      if (!packs[i].jurisdiction.is_national())
        error(parent_pos_[i], "parent", "pack '" + packs[i].id + "' needs a parent (only the national pack has none)");
      else if (national >= 0)
        error(parent_pos_[i], "parent", "two national packs: '" + packs[national].id + "' and '" + packs[i].id + "'");
      else
        national = static_cast<int>(i);
      continue;
    }
    for (std::size_t j = 0; j < packs.size(); ++j)
      if (packs[j].id == parent_names_[i]) packs[i].parent = static_cast<int>(j);
    if (packs[i].parent < 0)
      error(parent_pos_[i], "parent", "parent pack '" + parent_names_[i] + "' does not exist");
    else if (jurisdiction_ok_[i] && jurisdiction_ok_[static_cast<std::size_t>(packs[i].parent)] &&
             (!packs[packs[i].parent].jurisdiction.contains(packs[i].jurisdiction) ||
              packs[packs[i].parent].jurisdiction == packs[i].jurisdiction))
      error(parent_pos_[i], "parent",
            "jurisdiction " + packs[i].jurisdiction.to_string() + " is not inside its parent's " +
                packs[packs[i].parent].jurisdiction.to_string());
  }
  file_ = nullptr;
  national_ = national;
  if (national < 0 && !packs.empty()) {
    file_ = pack_files_[0];
    error({}, "no-national-pack", "no national pack (jurisdiction \"000000\", no parent) was found");
    file_ = nullptr;
  }
  for (std::size_t i = 0; i < packs.size(); ++i) {
    std::vector<int> chain;
    int cur = static_cast<int>(i);
    while (cur >= 0 && chain.size() <= packs.size()) {
      chain.push_back(cur);
      cur = packs[cur].parent;
    }
    if (chain.size() > packs.size()) {
      file_ = pack_files_[i];
      error(parent_pos_[i], "parent", "packs form a cycle through '" + packs[i].id + "'");
      file_ = nullptr;
      chain.resize(1);
      packs[i].parent = -1;
    }
    std::reverse(chain.begin(), chain.end());
    packs[i].chain = chain;
    packs[i].depth = static_cast<int>(chain.size()) - 1;
  }
  for (auto& p : packs) {
    for (int member : p.chain) {
      p.chain_id += (p.chain_id.empty() ? "" : "-") + packs[static_cast<std::size_t>(member)].slug;
      p.chain_codes.push_back(packs[static_cast<std::size_t>(member)].jurisdiction.to_string());
    }
  }
  // Document keys may not be redeclared by a descendant.
  for (std::size_t i = 0; i < packs.size(); ++i)
    for (const auto& [key, doc] : packs[i].documents)
      for (int anc : packs[i].chain)
        if (anc != static_cast<int>(i) && packs[anc].documents.count(key)) {
          file_ = pack_files_[i];
          SourcePos where = pack_files_[i]->root.pos;
          if (const DocNode* docs = pack_files_[i]->root.find("documents"))
            for (const auto& e : docs->entries)
              if (e.key == key) where = e.key_pos;
          error(where, "duplicate-document",
                "document key '" + key + "' is already declared by ancestor pack '" + packs[anc].id + "'");
          file_ = nullptr;
        }
}

void Compiler::declare_parameters() {
  for (std::size_t pi = 0; pi < set_->packs.size(); ++pi) {
    pack_ = static_cast<int>(pi);
    for (const auto& f : sources_[pack_source_[pi]].files) {
      if (f.rel == sources_[pack_source_[pi]].dir + "/pack.yaml" || !f.root.is_mapping()) continue;
      const DocNode* params = f.root.find("parameters");
      if (!params) continue;
      file_ = &f;
      if (!params->is_mapping()) {
        error(params->pos, "invalid-type", "parameters must be a mapping of id: {type, label, values}");
        continue;
      }
      for (const auto& e : params->entries) {
        const DocNode* type_node = e.value.is_mapping() ? e.value.find("type") : nullptr;
        if (!type_node) continue;  // reported in read_parameter_values
        auto type_text = scalar(type_node, "type");
        if (!type_text) continue;
        auto type = parse_type_name(*type_text);
        if (!type) {
          error(type_node->pos, "invalid-type-name",
                "unknown type '" + *type_text + "' (money, number, months, date, bool, string, region, list<...>, table<K,V>)");
          continue;
        }
        bool bad_id = e.key.empty();
        for (char ch : e.key)
          if (!(std::islower(static_cast<unsigned char>(ch)) || std::isdigit(static_cast<unsigned char>(ch)) || ch == '_'))
            bad_id = true;
        if (bad_id) {
          error(e.key_pos, "invalid-id", "parameter id '" + e.key + "' must be lower_snake_case");
          continue;
        }
        auto it = set_->param_index.find(e.key);
        if (it == set_->param_index.end()) {
          ParamDef def;
          def.id = e.key;
          def.type = *type;
          def.declared_in = set_->packs[pi].id;
          set_->param_index.emplace(e.key, static_cast<std::uint32_t>(set_->params.size()));
          set_->params.push_back(std::move(def));
        } else if (!(set_->params[it->second].type == *type)) {
          error(type_node->pos, "type-mismatch",
                "parameter '" + e.key + "' is " + type->name() + " here but " + set_->params[it->second].type.name() +
                    " in pack '" + set_->params[it->second].declared_in + "'");
        }
      }
    }
  }
  file_ = nullptr;
}

std::vector<ParamVersion> Compiler::read_versions(const DocNode* n, const ParamDef& def, const Citation* default_source,
                                                  const std::string& default_note) {
  std::vector<ParamVersion> out;
  if (!n) return out;
  if (!n->is_mapping()) {
    error(n->pos, "invalid-type", "values must be a mapping of date: {value, verified, source}");
    return out;
  }
  std::optional<Date> prev;
  for (const auto& e : n->entries) {
    auto from = Date::parse(e.key);
    if (!from) {
      error(e.key_pos, "invalid-date", "'" + e.key + "' is not a date YYYY-MM-DD");
      continue;
    }
    if (prev && *from == *prev) {
      error(e.key_pos, "duplicate-date", "date " + e.key + " is given twice");
    } else if (prev && *from < *prev) {
      error(e.key_pos, "unsorted-dates",
            "dated values must be in increasing date order: " + e.key + " comes after " + prev->to_string());
    }
    prev = from;
    ParamVersion v;
    v.from = *from;
    if (e.value.is_null()) {
      v.ends = true;
      out.push_back(std::move(v));
      continue;
    }
    Fields f(*this, &e.value, "value of '" + def.id + "' from " + e.key);
    if (!f.ok()) continue;
    const DocNode* value = f.req("value");
    auto verified = boolean(f.req("verified"), "verified");
    const DocNode* source = f.get("source");
    auto note = scalar(f.get("note"), "note");
    f.done();
    if (value) {
      std::string err;
      auto parsed = parse_value(*value, def.type, set_->program.pool(), err);
      if (!parsed)
        error(value->pos, "invalid-value", "value of '" + def.id + "' (" + def.type.name() + "): " + err);
      else
        v.value = *parsed, v.slot = Slot::from(*parsed);
    }
    v.verified = verified.value_or(false);
    if (source) {
      Fields s(*this, source, "source");
      if (s.ok()) {
        auto doc = scalar(s.req("document"), "document");
        auto article = scalar(s.get("article"), "article");
        auto snote = scalar(s.get("note"), "note");
        s.done();
        if (doc) {
          if (const DocumentDef* d = find_document(*doc)) {
            v.source = Citation{d->number, article.value_or("")};
          } else {
            error(source->find("document")->pos, "unknown-document",
                  "document '" + *doc + "' is not declared in pack.yaml of this pack or an ancestor");
          }
        }
        v.note = snote.value_or("");
      }
    } else if (default_source) {
      v.source = *default_source;
      v.note = default_note;
    } else {
      error(e.key_pos, "missing-source", "value of '" + def.id + "' from " + e.key + " has no source");
    }
    if (note) v.note = v.note.empty() ? *note : v.note + "; " + *note;
    out.push_back(std::move(v));
  }
  return out;
}

void Compiler::read_parameter_values(const DocNode& n) {
  if (!n.is_mapping()) return;  // reported in declare_parameters
  for (const auto& e : n.entries) {
    Fields f(*this, &e.value, "parameter '" + e.key + "'");
    if (!f.ok()) continue;
    f.req("type");
    auto label = text(f.req("label"), "label");
    auto renewal = scalar(f.get("renewal"), "renewal");
    const DocNode* source = f.get("source");
    const DocNode* values = f.get("values");
    const DocNode* by_region = f.get("by_region");
    scalar(f.get("note"), "note");
    f.done();
    auto it = set_->param_index.find(e.key);
    if (it == set_->param_index.end()) continue;
    ParamDef& def = set_->params[it->second];
    if (label && def.label.zh.empty()) def.label = *label;
    if (renewal) {
      if (*renewal == "yearly") def.renewal_yearly = true;
      else error(e.value.find("renewal")->pos, "invalid-value", "renewal must be 'yearly'");
    }
    std::optional<Citation> default_source;
    std::string default_note;
    if (source) {
      Fields s(*this, source, "source");
      if (s.ok()) {
        auto doc = scalar(s.req("document"), "document");
        auto article = scalar(s.get("article"), "article");
        auto snote = scalar(s.get("note"), "note");
        s.done();
        if (doc) {
          if (const DocumentDef* d = find_document(*doc))
            default_source = Citation{d->number, article.value_or("")};
          else
            error(source->find("document")->pos, "unknown-document",
                  "document '" + *doc + "' is not declared in pack.yaml of this pack or an ancestor");
        }
        default_note = snote.value_or("");
      }
    }
    ParamTable& table = set_->packs[pack_].params[it->second];
    if (table.declared_here) {
      error(e.key_pos, "duplicate-parameter", "parameter '" + e.key + "' is declared twice in this pack");
      continue;
    }
    table.declared_here = true;
    if (!values) {
      error(e.value.pos, "missing-key", "parameter '" + e.key + "' needs 'values' (write values: {} when no figure is known)");
    }
    table.values = read_versions(values, def, default_source ? &*default_source : nullptr, default_note);
    if (by_region) {
      if (!by_region->is_mapping()) {
        error(by_region->pos, "invalid-type", "by_region must be a mapping of region code: {values}");
      } else {
        for (const auto& r : by_region->entries) {
          auto code = Region::parse(r.key);
          if (!code || !set_->packs[pack_].jurisdiction.contains(*code)) {
            error(r.key_pos, "invalid-region",
                  "'" + r.key + "' is not a region code inside this pack's jurisdiction " +
                      set_->packs[pack_].jurisdiction.to_string());
            continue;
          }
          Fields rf(*this, &r.value, "by_region '" + r.key + "'");
          if (!rf.ok()) continue;
          const DocNode* rv = rf.req("values");
          rf.done();
          table.by_region.emplace_back(code->code(),
                                       read_versions(rv, def, default_source ? &*default_source : nullptr, default_note));
        }
      }
    }
  }
}

OutcomeSpec Compiler::read_outcome(const DocNode* n) {
  OutcomeSpec o;
  Fields f(*this, n, "then");
  if (!f.ok()) return o;
  auto status = scalar(f.req("status"), "status");
  auto channel = scalar(f.get("channel"), "channel");
  const DocNode* enrol = f.get("enrol_region");
  const DocNode* alternatives = f.get("alternatives");
  const DocNode* contribution = f.get("contribution");
  const DocNode* details = f.get("details");
  const DocNode* warnings = f.get("warnings");
  f.done();
  if (status) {
    if (auto s = parse_status(*status)) o.status = *s;
    else
      error(n->find("status")->pos, "invalid-status",
            "unknown status '" + *status +
                "' (mandatory, eligible, enrolled, platform_covered, recommended, not_eligible, not_available)");
  }
  if (channel) {
    if (auto c = parse_channel(*channel)) o.channel = *c;
    else
      error(n->find("channel")->pos, "invalid-channel",
            "unknown channel '" + *channel + "' (employer, flexible, individual, platform, dispatch_agency)");
  }
  o.enrol_region = expr(enrol, Type::of(TypeKind::kRegion), false, "enrol_region");
  if (alternatives) {
    if (!alternatives->is_sequence()) {
      error(alternatives->pos, "invalid-type", "alternatives must be a list of scheme ids");
    } else {
      for (const auto& a : alternatives->items) {
        auto s = scalar(&a, "alternative");
        if (!s) continue;
        if (std::find(kSchemeIds.begin(), kSchemeIds.end(), *s) == kSchemeIds.end())
          error(a.pos, "unknown-scheme", "'" + *s + "' is not a scheme id of RESULT.md");
        else
          o.alternatives.push_back(*s);
      }
    }
  }
  if (contribution) {
    Fields c(*this, contribution, "contribution");
    if (c.ok()) {
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
      const bool monthly_mode = contribution->find("base") != nullptr;
      const bool annual_mode = contribution->find("annual") != nullptr;
      if (monthly_mode == annual_mode)
        error(contribution->pos, "contribution", "a contribution has either base + rate (monthly) or annual, not both or neither");
      if (monthly_mode && !contribution->find("rate"))
        error(contribution->pos, "contribution", "a contribution with a base needs a rate");
      if (annual_mode && spec.fixed_annual)
        error(contribution->pos, "contribution", "fixed_annual goes with base + rate, not with annual");
      if (options) {
        if (!options->is_sequence()) {
          error(options->pos, "invalid-type", "options must be a list of {id, label, base|annual}");
        } else {
          for (const auto& opt : options->items) {
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
              error(opt.pos, "contribution", std::string("an option needs '") + (monthly_mode ? "base" : "annual") + "'");
            spec.options.push_back(std::move(o2));
          }
        }
      }
      o.contribution = std::move(spec);
    }
  }
  if (details) {
    if (!details->is_sequence()) {
      error(details->pos, "invalid-type", "details must be a list of {id, label, value}");
    } else {
      for (const auto& d : details->items) {
        Fields df(*this, &d, "detail");
        if (!df.ok()) continue;
        DetailSpec spec;
        spec.id = id_scalar(df.req("id"), "detail id").value_or("");
        spec.label = text(df.req("label"), "label").value_or(Text{});
        spec.value = expr(df.req("value"), Type{}, true, "detail value");
        spec.unit = scalar(df.get("unit"), "unit").value_or("");
        df.done();
        o.details.push_back(std::move(spec));
      }
    }
  }
  if (warnings) {
    if (!warnings->is_sequence()) {
      error(warnings->pos, "invalid-type", "warnings must be a list of {code, when, text}");
    } else {
      for (const auto& w : warnings->items) {
        Fields wf(*this, &w, "warning");
        if (!wf.ok()) continue;
        WarningSpec spec;
        spec.code = id_scalar(wf.req("code"), "warning code").value_or("");
        spec.when = bool_expr(wf.get("when"), true, "when");
        spec.text = tmpl(wf.req("text"), "text", true);
        wf.done();
        o.warnings.push_back(std::move(spec));
      }
    }
  }
  return o;
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
  r.cite = cites(f.get("cite"), n.pos, "rule '" + id.value_or("?") + "'");
  r.place = placement(f, "rule");
  f.done();
  if (!id) return;
  r.qualified_id = set_->packs[pack_].id + "/" + std::string(kSchemeIds[scheme]) + "/" + *id;
  if (!seen_ids_.insert(r.qualified_id).second) {
    error(n.find("id")->pos, "duplicate-id", "rule id '" + *id + "' is used twice in " + std::string(kSchemeIds[scheme]));
    return;
  }
  set_->rules.push_back(std::move(r));
}

void Compiler::read_schemes(const DocNode& n) {
  if (!n.is_mapping()) {
    error(n.pos, "invalid-type", "schemes must be a mapping of scheme id: {name, rules}");
    return;
  }
  const bool national = set_->packs[pack_].parent < 0;
  for (const auto& e : n.entries) {
    auto it = std::find(kSchemeIds.begin(), kSchemeIds.end(), e.key);
    if (it == kSchemeIds.end()) {
      error(e.key_pos, "unknown-scheme", "'" + e.key + "' is not a scheme id of RESULT.md (" +
                                             join({kSchemeIds.begin(), kSchemeIds.end()}) + ")");
      continue;
    }
    const std::size_t si = static_cast<std::size_t>(it - kSchemeIds.begin());
    Fields f(*this, &e.value, "scheme '" + e.key + "'");
    if (!f.ok()) continue;
    const DocNode* name = f.get("name");
    const DocNode* rules = f.req("rules");
    f.done();
    if (name) {
      if (!national) {
        error(name->pos, "scheme-name", "only the national pack names a scheme");
      } else if (auto t = text(name, "name")) {
        if (set_->schemes[si].declared) error(e.key_pos, "duplicate-scheme", "scheme '" + e.key + "' is declared twice");
        set_->schemes[si].name = *t;
        set_->schemes[si].declared = true;
      }
    } else if (national) {
      error(e.value.pos, "missing-key", "the national pack must give scheme '" + e.key + "' a name");
    }
    if (rules) {
      if (!rules->is_sequence()) {
        error(rules->pos, "invalid-type", "rules must be a list");
        continue;
      }
      for (const auto& r : rules->items) read_rule(r, si);
    }
  }
}

void Compiler::read_checks(const DocNode& n) {
  if (!n.is_sequence()) {
    error(n.pos, "invalid-type", "checks must be a list");
    return;
  }
  for (const auto& item : n.items) {
    Fields f(*this, &item, "check");
    if (!f.ok()) continue;
    CheckDef c;
    c.pack = pack_;
    c.file = file_->path;
    c.pos = item.pos;
    auto id = id_scalar(f.req("id"), "check id");
    c.when = bool_expr(f.req("when"), false, "when");
    if (const DocNode* w = f.req("warning")) {
      Fields wf(*this, w, "warning");
      c.code = id_scalar(wf.req("code"), "warning code").value_or("");
      c.text = tmpl(wf.req("text"), "text", false);
      wf.done();
    }
    c.cite = cites(f.get("cite"), item.pos, "check '" + id.value_or("?") + "'");
    c.place = placement(f, "check");
    f.done();
    if (!id) continue;
    c.qualified_id = set_->packs[pack_].id + "/checks/" + *id;
    if (!seen_ids_.insert(c.qualified_id).second) {
      error(item.find("id")->pos, "duplicate-id", "check id '" + *id + "' is used twice");
      continue;
    }
    set_->checks.push_back(std::move(c));
  }
}

void Compiler::read_constraints(const DocNode& n) {
  if (!n.is_sequence()) {
    error(n.pos, "invalid-type", "constraints must be a list");
    return;
  }
  for (const auto& item : n.items) {
    Fields f(*this, &item, "constraint");
    if (!f.ok()) continue;
    ConstraintDef c;
    c.pack = pack_;
    c.file = file_->path;
    c.pos = item.pos;
    auto id = id_scalar(f.req("id"), "constraint id");
    auto field = scalar(f.req("field"), "field");
    c.check = bool_expr(f.req("check"), false, "check");
    c.message = text(f.req("message"), "message").value_or(Text{});
    c.cite = cites(f.get("cite"), item.pos, "constraint '" + id.value_or("?") + "'");
    c.place = placement(f, "constraint");
    f.done();
    if (field) {
      if (const FieldSpec* spec = find_field(*field)) c.field = spec->id;
      else error(item.find("field")->pos, "unknown-field", "'" + *field + "' is not a profile field of PROFILE.md");
    }
    if (!id) continue;
    c.qualified_id = set_->packs[pack_].id + "/constraints/" + *id;
    if (!seen_ids_.insert(c.qualified_id).second) {
      error(item.find("id")->pos, "duplicate-id", "constraint id '" + *id + "' is used twice");
      continue;
    }
    set_->constraints.push_back(std::move(c));
  }
}

void Compiler::read_transfers(const DocNode& n) {
  if (!n.is_sequence()) {
    error(n.pos, "invalid-type", "transfers must be a list");
    return;
  }
  for (const auto& item : n.items) {
    Fields f(*this, &item, "transfer");
    if (!f.ok()) continue;
    TransferDef t;
    t.pack = pack_;
    t.file = file_->path;
    t.pos = item.pos;
    auto id = id_scalar(f.req("id"), "transfer id");
    auto scheme = scalar(f.req("scheme"), "scheme");
    auto kind = scalar(f.req("kind"), "kind");
    t.when = bool_expr(f.req("when"), false, "when");
    t.from = expr(f.get("from"), Type::of(TypeKind::kRegion), false, "from");
    t.to = expr(f.get("to"), Type::of(TypeKind::kRegion), false, "to");
    if (const DocNode* steps = f.req("steps")) {
      if (!steps->is_sequence() || steps->items.empty()) error(steps->pos, "invalid-type", "steps must be a non-empty list of {zh, en}");
      else
        for (const auto& s : steps->items) t.steps.push_back(tmpl(&s, "step", false));
    }
    t.cite = cites(f.get("cite"), item.pos, "transfer '" + id.value_or("?") + "'");
    t.place = placement(f, "transfer");
    f.done();
    if (scheme) {
      if (std::find(kSchemeIds.begin(), kSchemeIds.end(), *scheme) == kSchemeIds.end())
        error(item.find("scheme")->pos, "unknown-scheme", "'" + *scheme + "' is not a scheme id of RESULT.md");
      t.scheme = *scheme;
    }
    if (kind) {
      if (std::find(kTransferKinds.begin(), kTransferKinds.end(), *kind) == kTransferKinds.end())
        error(item.find("kind")->pos, "unknown-kind",
              "'" + *kind + "' is not a transfer kind of RESULT.md (" + join({kTransferKinds.begin(), kTransferKinds.end()}) + ")");
      t.kind = *kind;
    }
    if (!id) continue;
    t.qualified_id = set_->packs[pack_].id + "/transfers/" + *id;
    if (!seen_ids_.insert(t.qualified_id).second) {
      error(item.find("id")->pos, "duplicate-id", "transfer id '" + *id + "' is used twice");
      continue;
    }
    set_->transfers.push_back(std::move(t));
  }
}

void Compiler::read_relationships(const DocNode& n) {
  if (set_->packs[pack_].parent >= 0) {
    error(n.pos, "relationships", "relationships are defined by the national pack only");
    return;
  }
  if (!n.is_mapping()) {
    error(n.pos, "invalid-type", "relationships must be a mapping of relationship id: {label, explanation, cite}");
    return;
  }
  for (const auto& e : n.entries) {
    int idx = enum_index(FieldId::kRelationship, e.key);
    if (idx < 0) {
      error(e.key_pos, "invalid-enum", "'" + e.key + "' is not a relationship of PROFILE.md");
      continue;
    }
    Fields f(*this, &e.value, "relationship '" + e.key + "'");
    if (!f.ok()) continue;
    RelationshipDef& r = set_->relationships[static_cast<std::size_t>(idx)];
    r.present = true;
    r.label = text(f.req("label"), "label").value_or(Text{});
    r.explanation = text(f.req("explanation"), "explanation").value_or(Text{});
    r.cite = cites(f.get("cite"), e.value.pos, "relationship '" + e.key + "'");
    f.done();
  }
}

void Compiler::read_retirement(const DocNode& n) {
  if (set_->packs[pack_].parent >= 0) {
    error(n.pos, "retirement", "the retirement section belongs to the national pack");
    return;
  }
  Fields f(*this, &n, "retirement");
  if (!f.ok()) return;
  RetirementDef& def = set_->retirement;
  if (def.present) error(n.pos, "duplicate-retirement", "the retirement section is defined twice");
  def.present = true;
  auto months = [&](const DocNode* v, std::string_view what) -> std::int32_t {
    auto s = scalar(v, what);
    if (!s) return 0;
    auto m = parse_months_literal(*s);
    if (!m) {
      error(v->pos, "invalid-value", std::string(what) + " must be a duration such as 60y or 6m");
      return 0;
    }
    return *m;
  };
  auto integer = [&](const DocNode* v, std::string_view what, int lo, int hi) -> int {
    auto s = scalar(v, what);
    if (!s) return 0;
    int x = 0;
    auto [p, ec] = std::from_chars(s->data(), s->data() + s->size(), x);
    if (ec != std::errc() || p != s->data() + s->size() || x < lo || x > hi) {
      error(v->pos, "invalid-value", std::string(what) + " must be a whole number from " + std::to_string(lo) + " to " + std::to_string(hi));
      return 0;
    }
    return x;
  };
  if (const DocNode* cats = f.req("categories")) {
    Fields c(*this, cats, "categories");
    auto category = [&](const DocNode* v, RetirementCategory& out, std::string_view what) {
      Fields cf(*this, v, std::string(what));
      if (!cf.ok()) return;
      out.original_age_months = months(cf.req("original_age"), "original_age");
      if (auto s = scalar(cf.req("first_birth"), "first_birth")) {
        if (auto ym = YearMonth::parse(*s)) out.first_birth = *ym;
        else error(v->find("first_birth")->pos, "invalid-date", "first_birth must be YYYY-MM");
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
  if (const DocNode* fd = f.get("female_default")) {
    if (!fd->is_sequence()) {
      error(fd->pos, "invalid-type", "female_default must be a list of {when, original_age, verified, cite}");
    } else {
      for (const auto& item : fd->items) {
        Fields df(*this, &item, "female_default");
        if (!df.ok()) continue;
        FemaleDefault d;
        d.when = bool_expr(df.get("when"), false, "when");
        d.original_age_years = integer(df.req("original_age"), "original_age", 50, 55);
        if (d.original_age_years != 50 && d.original_age_years != 55 && d.original_age_years != 0)
          error(item.find("original_age")->pos, "invalid-value", "original_age must be 50 or 55");
        d.verified = boolean(df.req("verified"), "verified").value_or(false);
        d.cite = cites(df.get("cite"), item.pos, "female_default");
        df.done();
        def.female_default.push_back(std::move(d));
      }
    }
  }
  if (const DocNode* adv = f.get("outlook_advice")) {
    if (!adv->is_sequence()) {
      error(adv->pos, "invalid-type", "outlook_advice must be a list of {id, when, text, cite}");
    } else {
      for (const auto& item : adv->items) {
        Fields af(*this, &item, "outlook_advice");
        if (!af.ok()) continue;
        OutlookAdvice a;
        a.id = id_scalar(af.req("id"), "id").value_or("");
        a.when = bool_expr(af.get("when"), false, "when");
        a.text = tmpl(af.req("text"), "text", false);
        a.cite = cites(af.get("cite"), item.pos, "outlook_advice");
        af.done();
        def.advice.push_back(std::move(a));
      }
    }
  }
  def.cite = cites(f.get("cite"), n.pos, "retirement");
  f.done();
  for (auto& a : def.advice) a.qualified_id = "retirement/" + a.id;
  for (auto& d : def.female_default) {
    d.all_cite = def.cite;
    d.all_cite.insert(d.all_cite.end(), d.cite.begin(), d.cite.end());
    std::string basis;
    for (const auto& c : d.cite) basis += (basis.empty() ? "" : "、") + c.document + c.article;
    const std::string age = std::to_string(d.original_age_years);
    d.unverified_text = {"未提供女性的原法定退休年龄（person.female_original_retirement_age），按" + age +
                             "周岁计算（依据：" + basis +
                             "），该默认规则尚未与当地规定核实；曾在工人岗位以职工身份参保的，可能按50周岁计算。",
                         "person.female_original_retirement_age is not given, so " + age + " is used (basis: " +
                             basis +
                             "); this default is not confirmed for the local rules, and women insured earlier in "
                             "a worker post may retire at 50."};
  }
}

void Compiler::check_utf8(const DocNode& n) {
  if (!valid_utf8(n.text)) error(n.pos, "invalid-utf8", "text is not valid UTF-8");
  for (const auto& item : n.items) check_utf8(item);
  for (const auto& e : n.entries) {
    if (!valid_utf8(e.key)) error(e.key_pos, "invalid-utf8", "key is not valid UTF-8");
    check_utf8(e.value);
  }
}

void Compiler::read_file(const SourceFile& f) {
  file_ = &f;
  if (f.root.is_null()) return;  // an empty file
  Fields top(*this, &f.root, "a policy file");
  if (!top.ok()) return;
  if (const DocNode* n = top.get("parameters")) read_parameter_values(*n);
  if (const DocNode* n = top.get("schemes")) read_schemes(*n);
  if (const DocNode* n = top.get("checks")) read_checks(*n);
  if (const DocNode* n = top.get("constraints")) read_constraints(*n);
  if (const DocNode* n = top.get("transfers")) read_transfers(*n);
  if (const DocNode* n = top.get("relationships")) read_relationships(*n);
  if (const DocNode* n = top.get("retirement")) read_retirement(*n);
  top.done();
}

void Compiler::read_contents() {
  // Parents first, so that the national scheme declarations precede the children's rules.
  std::vector<std::size_t> order(set_->packs.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return set_->packs[a].depth < set_->packs[b].depth; });
  for (std::size_t pi : order) {
    pack_ = static_cast<int>(pi);
    const PackSource& ps = sources_[pack_source_[pi]];
    set_->packs[pi].file_count = ps.files.size();
    for (const auto& f : ps.files) {
      if (f.rel == ps.dir + "/pack.yaml") continue;
      read_file(f);
    }
  }
  file_ = nullptr;
}

// Applies the items of `pack` (those `keep` accepts) to the inherited `list`: overrides replace
// in place, before/after insert next to their target, other items go first in a child pack (the
// specific before the general) or last in the national pack. A target that is not an item of an
// ancestor is reported (once, when `report`) as "… which is not <what>".
template <class T, class Keep>
void Compiler::merge_list(std::vector<const T*>& list, const std::deque<T>& all, int pack, bool report, Keep keep,
                          const std::string& what) {
  std::size_t insert_at = 0;
  for (const T& item : all) {
    if (item.pack != pack || !keep(item)) continue;
    const Placement& p = item.place;
    const std::string& target = !p.overrides.empty() ? p.overrides : !p.before.empty() ? p.before : p.after;
    if (target.empty()) {
      if (set_->packs[pack].parent < 0) {
        list.push_back(&item);
      } else {
        list.insert(list.begin() + static_cast<std::ptrdiff_t>(insert_at), &item);
        ++insert_at;
      }
      continue;
    }
    auto it = std::find_if(list.begin(), list.end(), [&](const T* x) { return x->qualified_id == target; });
    if (it == list.end() || (*it)->pack == pack) {
      if (report) {
        SourceFile tmp;
        tmp.path = item.file;
        const SourceFile* saved = file_;
        file_ = &tmp;
        error(p.pos, "unknown-override",
              std::string(!p.overrides.empty() ? "overrides" : !p.before.empty() ? "before" : "after") + " '" + target +
                  "', which is not " + what);
        file_ = saved;
      }
      continue;  // an error stops the compilation; the item is left out
    }
    if (!p.overrides.empty()) *it = &item;
    else if (!p.before.empty()) list.insert(it, &item);
    else list.insert(it + 1, &item);
  }
}

void Compiler::merge() {
  const auto all = [](const auto&) { return true; };
  const std::string item = "an item of an ancestor pack";
  for (std::size_t pi = 0; pi < set_->packs.size(); ++pi) {
    Pack& p = set_->packs[pi];
    for (int member : p.chain) {
      const bool report = member == static_cast<int>(pi);
      for (std::size_t s = 0; s < kSchemeCount; ++s)
        merge_list(p.rules[s], set_->rules, member, report, [s](const RuleDef& r) { return r.scheme == s; },
                   "a rule of " + std::string(kSchemeIds[s]) + " in an ancestor pack");
      merge_list(p.checks, set_->checks, member, report, all, item);
      merge_list(p.constraints, set_->constraints, member, report, all, item);
      merge_list(p.transfers, set_->transfers, member, report, all, item);
    }
  }
}

void Compiler::lint() {
  const int national = national_;  // the one link_packs chose (the first), not a second one
  if (national < 0) return;
  file_ = pack_files_[static_cast<std::size_t>(national)];
  for (std::size_t s = 0; s < kSchemeCount; ++s) {
    if (!set_->schemes[s].declared)
      error({}, "missing-scheme", "the national pack does not declare scheme '" + std::string(kSchemeIds[s]) + "'");
    const auto& rules = set_->packs[national].rules[s];
    if (set_->schemes[s].declared && rules.empty())
      error({}, "no-rules", "scheme '" + std::string(kSchemeIds[s]) + "' has no rules");
    if (!rules.empty() && rules.back()->when.present()) {
      SourceFile tmp;
      tmp.path = rules.back()->file;
      file_ = &tmp;
      error(rules.back()->pos, "no-fallback",
            "the last rule of '" + std::string(kSchemeIds[s]) +
                "' in the national pack must have no 'when', so that every worker gets an answer");
      file_ = pack_files_[static_cast<std::size_t>(national)];
    }
  }
  for (std::size_t r = 0; r < kRelationshipCount; ++r)
    if (!set_->relationships[r].present)
      error({}, "missing-relationship",
            "the national pack does not explain relationship '" +
                std::string(field_spec(FieldId::kRelationship).enum_values[r]) + "'");
  if (!set_->retirement.present) error({}, "missing-retirement", "the national pack has no retirement section");
  // Parameters declared but never given a table in any pack are fine (values: {} is explicit);
  // parameters with no declaration were already reported by the expressions that use them.
  file_ = nullptr;
}

// The parameter_unverified / parameter_provisional texts of every dated value.
void Compiler::render_param_texts() {
  for (Pack& pack : set_->packs)
    for (auto& [index, table] : pack.params) {
      const ParamDef& def = set_->params[index];
      auto render = [&](ParamVersion& v) {
        if (v.ends) return;
        const std::string zh_value = format_value(v.value, def.type, Lang::kZh);
        const std::string en_value = format_value(v.value, def.type, Lang::kEn);
        const std::string source =
            v.source.document + v.source.article + (v.note.empty() ? "" : "（" + v.note + "）");
        const std::string from = v.from.to_string();
        v.unverified_text = {"「" + def.label.zh + "」按 " + zh_value + "（自" + from +
                                 "起）计算，该数值来自二手资料或推算，尚未与官方原文核对（" + source +
                                 "）。请以当地经办机构公布为准。",
                             "\"" + def.label.en + "\" is taken as " + en_value + " (from " + from +
                                 "); the figure comes from a secondary source or a derivation and has not been "
                                 "checked against the official text (" + source + "). Confirm with the local office."};
        v.provisional_text = {"「" + def.label.zh + "」仍使用自" + from + "起的数值 " + zh_value +
                                  "：新一年度的数值尚未公布或尚未收录，相关估算为暂定。",
                              "\"" + def.label.en + "\" still uses the value in force from " + from + " (" + en_value +
                                  "): the next year's figure is not yet published or not yet encoded, so estimates "
                                  "that use it are provisional."};
      };
      for (auto& v : table.values) render(v);
      for (auto& [code, versions] : table.by_region)
        for (auto& v : versions) render(v);
    }
}

void Compiler::index_conditions() {
  for (Pack& p : set_->packs) {
    for (std::size_t s = 0; s < kSchemeCount; ++s) {
      p.rule_whens[s].clear();
      for (const RuleDef* r : p.rules[s]) p.rule_whens[s].push_back(CondRef::of(r->when));
    }
    p.check_whens.clear();
    for (const CheckDef* c : p.checks) p.check_whens.push_back(CondRef::of(c->when));
    p.transfer_whens.clear();
    for (const TransferDef* t : p.transfers) p.transfer_whens.push_back(CondRef::of(t->when));
  }
}

void Compiler::index_param_tables() {
  // Per version: whether a newer value follows, and when a yearly value becomes provisional.
  auto mark = [](std::vector<ParamVersion>& vs, const ParamDef& def) {
    bool newer = false;
    for (auto v = vs.rbegin(); v != vs.rend(); ++v) {
      v->last = !newer;
      if (!v->ends) newer = true;
      v->renewal_due = add_months_clamped(v->from, 12);
      v->renewal_yearly = def.renewal_yearly;
      v->unverified_view = TextView::of(v->unverified_text);
    }
  };
  for (auto& pack : set_->packs)
    for (auto& [index, table] : pack.params) {
      mark(table.values, set_->params[index]);
      for (auto& [code, versions] : table.by_region) mark(versions, set_->params[index]);
    }
  // The most specific region first: a county's list before its prefecture's, before its
  // province's, which is the order in which the lookup used to try the region itself, then its
  // prefecture, then its province (a region matches only lists of its own level or above).
  auto level = [](std::uint32_t code) { return code % 100 != 0 ? 0 : code % 10000 != 0 ? 1 : 2; };
  for (auto& pack : set_->packs) {
    pack.param_first.assign(set_->params.size() + 1, 0);
    pack.param_candidates.clear();
    pack.param_versions.clear();
    auto add = [&](const std::vector<ParamVersion>& versions, std::uint32_t code) {
      pack.param_candidates.push_back({static_cast<std::uint32_t>(pack.param_versions.size()),
                                       static_cast<std::uint32_t>(versions.size()), code});
      for (const ParamVersion& v : versions) pack.param_versions.push_back({v.from, v.ends, &v});
    };
    for (std::uint32_t k = 0; k < set_->params.size(); ++k) {
      pack.param_first[k] = static_cast<std::uint32_t>(pack.param_candidates.size());
      for (auto m = pack.chain.rbegin(); m != pack.chain.rend(); ++m) {
        const auto& tables = set_->packs[static_cast<std::size_t>(*m)].params;
        auto it = tables.find(k);
        if (it == tables.end()) continue;
        const ParamTable& t = it->second;
        const std::size_t from = pack.param_candidates.size();
        for (const auto& [code, versions] : t.by_region) add(versions, code);
        std::stable_sort(pack.param_candidates.begin() + static_cast<std::ptrdiff_t>(from), pack.param_candidates.end(),
                         [&](const Pack::ParamCandidate& a, const Pack::ParamCandidate& b) {
                           return level(a.code) < level(b.code);
                         });
        add(t.values, Pack::kAnyRegion);
      }
    }
    pack.param_first[set_->params.size()] = static_cast<std::uint32_t>(pack.param_candidates.size());
  }
}

CompileResult Compiler::run() {
  // Deterministic order: packs by folder name, files by relative path.
  std::sort(sources_.begin(), sources_.end(), [](const PackSource& a, const PackSource& b) { return a.dir < b.dir; });
  for (auto& ps : sources_)
    std::sort(ps.files.begin(), ps.files.end(), [](const SourceFile& a, const SourceFile& b) { return a.rel < b.rel; });
  if (sources_.empty()) {
    diags_.add("(policies)", {}, "no-packs", "no policy packs were found");
    return {nullptr, std::move(diags_)};
  }
  // Every text must be UTF-8: results copy policy text into their output as it is.
  for (const auto& ps : sources_)
    for (const auto& f : ps.files) {
      file_ = &f;
      check_utf8(f.root);
    }
  file_ = nullptr;
  for (std::size_t i = 0; i < sources_.size(); ++i) read_pack_header(i);
  link_packs();
  declare_parameters();
  read_contents();
  render_param_texts();
  merge();
  lint();
  index_param_tables();
  index_conditions();
  // Digest over every file's relative path and bytes.
  std::vector<std::pair<std::string_view, std::string_view>> parts;
  for (const auto& ps : sources_)
    for (const auto& f : ps.files) parts.emplace_back(f.rel, f.text);
  set_->digest = "sha256:" + sha256_hex(parts);
  for (std::size_t s = 0; s < kSchemeCount; ++s) set_->schemes[s].id = std::string(kSchemeIds[s]);
  // Sort diagnostics by file, then position, for stable output.
  std::stable_sort(diags_.items.begin(), diags_.items.end(), [](const Diagnostic& a, const Diagnostic& b) {
    if (a.file != b.file) return a.file < b.file;
    if (a.pos.line != b.pos.line) return a.pos.line < b.pos.line;
    return a.pos.column < b.pos.column;
  });
  if (!diags_.empty()) return {nullptr, std::move(diags_)};
  // Keep the sources (the policy set's expressions refer to nothing in them, but list/show do).
  for (auto& ps : sources_)
    for (auto& f : ps.files) set_->sources.push_back(std::move(f));
  return {std::shared_ptr<const PolicySet>(std::move(set_)), std::move(diags_)};
}

}  // namespace

CompileResult compile_policies(std::vector<PackSource> packs) {
  Compiler c(std::move(packs));
  return c.run();
}

std::uint64_t PolicySet::next_id() {
  static std::atomic<std::uint64_t> next{1};
  return next.fetch_add(1, std::memory_order_relaxed);
}

int PolicySet::pack_for(Region r) const {
  int best = -1;
  for (std::size_t i = 0; i < packs.size(); ++i)
    if (packs[i].jurisdiction.contains(r) && (best < 0 || packs[i].depth > packs[best].depth))
      best = static_cast<int>(i);
  return best;
}

std::span<const std::string_view> scheme_ids() { return kSchemeIds; }

}  // namespace shebao
