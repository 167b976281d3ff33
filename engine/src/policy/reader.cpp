// Schema reading, the common part: strict mappings (Fields), scalars, expressions, text
// templates, citations, placement, pack.yaml and the walk over a pack's files. Parameters are
// read in reader_params.cpp, schemes, checks, constraints, transfers, relationships and retirement
// in reader_rules.cpp. Every message is made in wording.cpp.
#include <algorithm>

#include "policy/compiler.h"

namespace shebao::internal {

namespace W = wording;

std::string join(const std::vector<std::string_view>& v) {
  std::string s;
  for (std::size_t i = 0; i < v.size(); ++i) s += (i ? ", " : "") + std::string(v[i]);
  return s;
}

void Compiler::error(SourcePos pos, std::string_view code, Text message) {
  if (!file_) {
    diags_.add("(policies)", pos, std::string(code), std::move(message), {});
    return;
  }
  diags_.add(file_->path, pos, std::string(code), std::move(message), source_line_of(file_->text, pos.line));
}

void Compiler::error_in(const std::string& path, SourcePos pos, std::string_view code, Text message) {
  std::string line;
  for (const auto& ps : sources_)
    for (const auto& f : ps.files)
      if (f.path == path) line = source_line_of(f.text, pos.line);
  diags_.add(path, pos, std::string(code), std::move(message), std::move(line));
}

Fields::Fields(Compiler& c, const DocNode* n, What what) : c_(c), n_(n), what_(std::move(what)) {
  if (!n) return;
  if (!n->is_mapping()) {
    c_.error(n->pos, "invalid_type", W::must_be_mapping(what_));
    return;
  }
  ok_ = true;
}
const DocNode* Fields::req(std::string_view key) {
  const DocNode* v = get(key);
  if (ok_ && !v) c_.error(n_->pos, "missing_key", W::needs_key(what_, key));
  return v;
}
void Fields::done() {
  if (!ok_) return;
  for (const auto& e : n_->entries)
    if (std::find(allowed_.begin(), allowed_.end(), e.key) == allowed_.end())
      c_.error(e.key_pos, "unknown_key", W::unknown_key(e.key, what_, join(allowed_)));
}

// ---- scalars and lists ----------------------------------------------------------------------

std::span<const DocNode> Compiler::list_items(const DocNode* n, std::string_view key, std::string_view of_en,
                                              std::string_view of_zh) {
  if (!n) return {};
  if (!n->is_sequence()) {
    error(n->pos, "invalid_type", W::must_be_list(key, of_en, of_zh.empty() ? of_en : of_zh));
    return {};
  }
  return n->items;
}

std::optional<std::string> Compiler::scalar(const DocNode* n, const What& what) {
  if (!n) return std::nullopt;
  if (!n->is_scalar()) {
    error(n->pos, "invalid_type", W::must_be_single(what));
    return std::nullopt;
  }
  return n->text;
}

std::optional<std::string> Compiler::id_scalar(const DocNode* n, const What& what) {
  auto s = scalar(n, what);
  if (!s) return s;
  bool ok = !s->empty() && s->size() <= 80;
  for (char ch : *s)
    if (!(std::islower(static_cast<unsigned char>(ch)) || std::isdigit(static_cast<unsigned char>(ch)) || ch == '-' ||
          ch == '_' || ch == '.'))
      ok = false;
  if (!ok) {
    error(n->pos, "invalid_id", W::invalid_id(what, *s));
    return std::nullopt;
  }
  return s;
}

std::optional<bool> Compiler::boolean(const DocNode* n, const What& what) {
  auto s = scalar(n, what);
  if (!s) return std::nullopt;
  if (*s == "true") return true;
  if (*s == "false") return false;
  error(n->pos, "invalid_type", W::must_be_bool(what));
  return std::nullopt;
}

std::optional<Text> Compiler::text(const DocNode* n, const What& what) {
  if (!n) return std::nullopt;
  Fields f(*this, n, what);
  if (!f.ok()) return std::nullopt;
  auto zh = scalar(f.req("zh"), What::key(what.en + ".zh"));
  auto en = scalar(f.req("en"), What::key(what.en + ".en"));
  f.done();
  if (!zh || !en) return std::nullopt;
  return Text{*zh, *en};
}

// ---- expressions and texts -------------------------------------------------------------------

ExprEnv Compiler::expr_env(bool in_then) {
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
  return env;
}

ExprRef Compiler::expr(const DocNode* n, const Type& expected, bool in_then, const What& what) {
  ExprRef ref;
  if (!n) return ref;
  if (!n->is_scalar()) {
    error(n->pos, "invalid_type", W::must_be_expression(what));
    return ref;
  }
  std::vector<ExprError> errs;
  ExprSource src{file_->path, file_->text, n->pos};
  auto root = set_->program.compile(n->text, src, expr_env(in_then), expected, errs);
  for (auto& e : errs) error(e.pos, "expression", W::expression(e.message));
  if (root) {
    ref.root = *root;
    ref.type = set_->program.node(*root).type;
    ref.text = n->text;
    if (ref.type.kind == TypeKind::kBool) ref.guard = set_->program.guard(*root);
  }
  return ref;
}

// Splits one language's text into literals and {expression} parts. Positions inside a template
// are reported at the text's start.
void Compiler::parse_template(const std::string& s, std::vector<TextTemplate::Part>& out, SourcePos at,
                              bool in_then) {
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
        error(at, "template", W::unclosed_brace());
        return;
      }
      if (!lit.empty()) out.push_back({lit, {}});
      lit.clear();
      const std::string text = s.substr(i + 1, j - i - 1);
      std::vector<ExprError> errs;
      ExprSource src{file_->path, {}, at};
      auto root = set_->program.compile(text, src, expr_env(in_then), Type{}, errs);
      for (auto& e : errs) error(e.pos, "expression", W::placeholder_error(text, e.message));
      ExprRef ref;
      if (root) {
        ref.root = *root;
        ref.type = set_->program.node(*root).type;
        ref.text = text;
      }
      out.push_back({{}, ref});
      i = j;
    } else if (s[i] == '}') {
      error(at, "template", W::unmatched_brace());
      return;
    } else {
      lit += s[i];
    }
  }
  if (!lit.empty()) out.push_back({lit, {}});
}

TextTemplate Compiler::tmpl(const DocNode* n, const What& what, bool in_then) {
  TextTemplate t;
  auto txt = text(n, what);
  if (!txt) return t;
  const DocNode* zh = n->find("zh");
  const DocNode* en = n->find("en");
  parse_template(txt->zh, t.zh, zh ? zh->pos : n->pos, in_then);
  parse_template(txt->en, t.en, en ? en->pos : n->pos, in_then);
  t.file = file_->path;
  t.src_zh = {txt->zh, zh ? zh->pos : n->pos};
  t.src_en = {txt->en, en ? en->pos : n->pos};
  // One argument per distinct expression (zh and en usually show the same values).
  for (auto* parts : {&t.zh, &t.en})
    for (auto& part : *parts) {
      if (!part.expr.present()) continue;
      const TypeKind k = part.expr.type.kind;
      if (k == TypeKind::kList || k == TypeKind::kTable) {
        error(n->pos, "template", W::placeholder_is_list(part.expr.text));
        continue;
      }
      for (std::size_t a = 0; a < t.args.size(); ++a)
        if (t.args[a].text == part.expr.text) part.arg = static_cast<int>(a);
      if (part.arg >= 0) continue;
      if (t.args.size() == ResultText::kMaxArgs) {
        error(n->pos, "template", W::too_many_placeholders(ResultText::kMaxArgs));
        continue;
      }
      part.arg = static_cast<int>(t.args.size());
      t.args.push_back(part.expr);
    }
  return t;
}

// ---- citations ---------------------------------------------------------------------------------

const DocumentDef* Compiler::find_document(const std::string& key) {
  for (auto it = set_->packs[pack_].chain.rbegin(); it != set_->packs[pack_].chain.rend(); ++it) {
    const auto& docs = set_->packs[*it].documents;
    auto d = docs.find(key);
    if (d != docs.end()) return &d->second;
  }
  return nullptr;
}

// A `source: {document, article, note}` of a parameter or a dated value; `note` receives its note.
std::optional<Citation> Compiler::source_ref(const DocNode* n, std::string* note) {
  Fields s(*this, n, "source");
  if (!s.ok()) return std::nullopt;
  auto doc = scalar(s.req("document"), "document");
  auto article = scalar(s.get("article"), "article");
  auto snote = scalar(s.get("note"), "note");
  s.done();
  *note = snote.value_or("");
  if (!doc) return std::nullopt;
  if (const DocumentDef* d = find_document(*doc)) return Citation{d->number, article.value_or("")};
  error(n->find("document")->pos, "unknown_document", W::unknown_document(*doc));
  return std::nullopt;
}

std::optional<Citation> Compiler::citation(const DocNode* n) {
  Fields f(*this, n, "citation");
  if (!f.ok()) return std::nullopt;
  auto doc = scalar(f.req("document"), "document");
  auto article = scalar(f.get("article"), "article");
  scalar(f.get("note"), "note");
  f.done();
  if (!doc) return std::nullopt;
  const DocumentDef* d = find_document(*doc);
  if (!d) {
    error(n->find("document")->pos, "unknown_document", W::unknown_document(*doc));
    return std::nullopt;
  }
  return Citation{d->number, article.value_or("")};
}

std::vector<Citation> Compiler::cites(const DocNode* n, SourcePos owner, const What& what) {
  std::vector<Citation> out;
  if (!n) {
    error(owner, "missing_citation", W::missing_citation(what));
    return out;
  }
  if (!n->is_sequence() || n->items.empty()) {
    error(n->pos, "missing_citation", W::citation_list());
    return out;
  }
  for (const auto& item : n->items)
    if (auto c = citation(&item)) out.push_back(std::move(*c));
  return out;
}

Placement Compiler::placement(Fields& f, const What& kind) {
  Placement p;
  p.pos = f.pos();
  int n = 0;
  if (auto s = scalar(f.get("overrides"), "overrides")) p.overrides = *s, ++n;
  if (auto s = scalar(f.get("before"), "before")) p.before = *s, ++n;
  if (auto s = scalar(f.get("after"), "after")) p.after = *s, ++n;
  if (n > 1) error(f.pos(), "placement", W::placement_twice(kind));
  if (n > 0 && set_->packs[pack_].parent < 0) {
    error(f.pos(), "placement", W::placement_in_national());
    return Placement{{}, {}, {}, p.pos};  // reported once; the item is placed as if unplaced
  }
  return p;
}

// ---- pack.yaml -----------------------------------------------------------------------------------

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
    error({}, "missing_pack_yaml", W::missing_pack_yaml(ps.dir));
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
  if (id && *id != ps.dir) error(header->root.find("id")->pos, "pack_id", W::pack_id(*id, ps.dir));
  p.id = ps.dir;
  p.slug = slug.value_or(ps.dir);
  bool jurisdiction_ok = false;  // a bad or missing one is reported here, not again as a parent problem
  if (jur) {
    auto r = Region::parse(*jur);
    if (!r && *jur == "000000") r = Region::national();
    if (!r || !(r->is_national() || r->is_province() || r->is_prefecture())) {
      error(header->root.find("jurisdiction")->pos, "jurisdiction", W::bad_jurisdiction(*jur));
    } else {
      p.jurisdiction = *r;
      jurisdiction_ok = true;
    }
  }
  if (name) p.name = *name;
  for (const auto& other : set_->packs)
    if (other.id == p.id) error(header->root.pos, "duplicate_pack", W::duplicate_pack(p.id));
  const int index = static_cast<int>(set_->packs.size());
  set_->packs.push_back(std::move(p));
  pack_files_.push_back(header);
  pack_source_.push_back(src_index);
  parent_names_.push_back(parent.value_or(""));
  jurisdiction_ok_.push_back(jurisdiction_ok);
  parent_pos_.push_back(header->root.find("parent") ? header->root.find("parent")->pos : header->root.pos);
  if (docs) read_documents(*docs, index);
}

void Compiler::read_documents(const DocNode& docs, int pack) {
  if (!docs.is_mapping()) {
    error(docs.pos, "invalid_type", W::documents_mapping());
    return;
  }
  for (const auto& e : docs.entries) {
    Fields d(*this, &e.value, W::document_named(e.key));
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
      error(e.value.find("issued")->pos, "invalid_date", W::issued_not_date(*issued));
    if (!number || !title) continue;
    def.number = *number;
    def.title = *title;
    def.issued = issued.value_or("");
    def.url = url.value_or("");
    set_->packs[static_cast<std::size_t>(pack)].documents.emplace(e.key, std::move(def));
  }
}

// ---- the walk over the files ---------------------------------------------------------------------

void Compiler::check_utf8(const DocNode& n) {
  if (!valid_utf8(n.text)) error(n.pos, "invalid_utf8", W::invalid_utf8_text());
  for (const auto& item : n.items) check_utf8(item);
  for (const auto& e : n.entries) {
    if (!valid_utf8(e.key)) error(e.key_pos, "invalid_utf8", W::invalid_utf8_key());
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
  if (const DocNode* n = top.get("add_citations")) read_added_citations(*n);
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

}  // namespace shebao::internal
