// The pack compiler's shared state, seen by its phases (one file each):
//   reader*.cpp  schema reading: YAML nodes -> definitions (ParamDef, RuleDef, ...), strictly
//   linker.cpp   parents, chains, document keys; merging the inherited lists of rules/checks/...
//   lint.cpp     whole-set checks that no single file can make (missing schemes, fallbacks)
//   lint_texts.cpp the texts a worker reads: no unknown value in a sentence, no hard-coded figure
//   index.cpp    runtime indexes (parameter candidates, condition arrays) and the digest
//   wording.cpp  every text the compiler writes itself (diagnostics, parameter warnings)
//   compiler.cpp the order of the phases (Compiler::run) and compile_policies
// See docs/ARCHITECTURE-policy.md.
#pragma once

#include <array>
#include <memory>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "policy/model.h"
#include "policy/wording.h"

namespace shebao::internal {

inline constexpr std::array<std::string_view, kSchemeCount> kSchemeIds = {
    "pension.employee", "pension.resident", "medical.employee", "medical.resident", "injury.work",
    "injury.occupational", "unemployment", "commercial.accident", "commercial.employer_liability"};

// RESULT.md's kinds, then the additions of contract 1.2.0 (records in several places).
inline constexpr std::array<std::string_view, 8> kTransferKinds = {
    "pension.full_transfer", "pension.temporary_account", "pension.scheme_link",
    "medical.transfer", "medical.scheme_switch", "medical.no_transfer",
    "pension.benefit_place", "pension.benefit_place_at_retirement"};

class Compiler;

// Reads a mapping strictly: every key must be asked for, or it is reported as unknown.
class Fields {
 public:
  Fields(Compiler& c, const DocNode* n, What what);
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
  What what_;
  std::vector<std::string_view> allowed_;
  bool ok_ = false;
};

class Compiler {
 public:
  explicit Compiler(std::vector<PackSource> packs) : sources_(std::move(packs)) {
    set_ = std::make_shared<PolicySet>();
  }

  CompileResult run();

  // Reports a problem at `pos` of the current file (file_), or of `path` when given.
  void error(SourcePos pos, std::string_view code, Text message);
  void error_in(const std::string& path, SourcePos pos, std::string_view code, Text message);

 private:
  friend class Fields;

  // ---- scalars and lists (reader.cpp) -------------------------------------------------
  // The items of a list in a pack: none when `n` is absent; an invalid_type error naming `key`
  // and what its items are (`of_zh` defaults to `of_en`) when it is not a list.
  std::span<const DocNode> list_items(const DocNode* n, std::string_view key, std::string_view of_en = {},
                                      std::string_view of_zh = {});
  // A list of mappings (list_items): `read(fields, value, item)` takes each item's keys into a new
  // value, which is added to `into` once the item's unknown keys are reported (Fields::done).
  template <class T, class Read>
  void read_mappings(const DocNode* n, std::string_view key, std::string_view shape, const char* item_what,
                     std::vector<T>& into, Read&& read) {
    for (const auto& item : list_items(n, key, shape)) {
      Fields f(*this, &item, item_what);
      if (!f.ok()) continue;
      T value;
      read(f, value, item);
      f.done();
      into.push_back(std::move(value));
    }
  }
  std::optional<std::string> scalar(const DocNode* n, const What& what);
  std::optional<std::string> id_scalar(const DocNode* n, const What& what);
  std::optional<bool> boolean(const DocNode* n, const What& what);
  std::optional<Text> text(const DocNode* n, const What& what);

  // ---- expressions and texts (reader.cpp) -----------------------------------------------
  ExprEnv expr_env(bool in_then);
  ExprRef expr(const DocNode* n, const Type& expected, bool in_then, const What& what);
  ExprRef bool_expr(const DocNode* n, bool in_then, const What& what) {
    return expr(n, Type::of(TypeKind::kBool), in_then, what);
  }
  TextTemplate tmpl(const DocNode* n, const What& what, bool in_then);
  AdviceSpec read_advice(const DocNode& n);
  void parse_template(const std::string& s, std::vector<TextTemplate::Part>& out, SourcePos at, bool in_then);

  // ---- citations and placement (reader.cpp) ----------------------------------------------
  const DocumentDef* find_document(const std::string& key);
  std::optional<Citation> source_ref(const DocNode* n, std::string* note);
  std::optional<Citation> citation(const DocNode* n);
  std::vector<Citation> cites(const DocNode* n, SourcePos owner, const What& what);
  Placement placement(Fields& f, const What& kind);

  // ---- reading (reader.cpp, reader_params.cpp, reader_rules.cpp) ------------------------
  void check_utf8(const DocNode& n);
  void read_pack_header(std::size_t src_index);
  void read_documents(const DocNode& docs, int pack);
  void declare_parameters();
  int ancestor_declaring(std::uint32_t param, int pack) const;
  void read_contents();
  void read_file(const SourceFile& f);
  void read_parameter_values(const DocNode& n);
  std::vector<ParamVersion> read_versions(const DocNode* n, const ParamDef& def, const Citation* default_source,
                                          const std::string& default_note);
  void read_schemes(const DocNode& n);
  void read_rule(const DocNode& n, std::size_t scheme);
  OutcomeSpec read_outcome(const DocNode* n);
  void read_contribution(const DocNode& n, OutcomeSpec& o);
  template <class Def, class ReadBody>
  void read_items(const DocNode& n, std::string_view section, std::deque<Def>& into, ReadBody body);
  void read_checks(const DocNode& n);
  void read_constraints(const DocNode& n);
  void read_transfers(const DocNode& n);
  void read_relationships(const DocNode& n);
  void read_retirement(const DocNode& n);
  void read_added_citations(const DocNode& n);

  // ---- linking (linker.cpp) --------------------------------------------------------------
  void link_packs();
  void merge();
  void add_citations();
  template <class T, class Keep>
  void merge_list(std::vector<const T*>& list, const std::deque<T>& all, int pack, bool report, Keep keep,
                  const Text& what);

  // ---- whole-set checks (lint.cpp) -------------------------------------------------------
  void lint();
  // The texts a worker reads (lint_texts.cpp): no value that can be unknown, no hard-coded figure.
  void lint_texts();

  // ---- wording (wording.cpp) -------------------------------------------------------------
  void render_param_texts();
  void render_female_default_texts();

  // ---- indexes (index.cpp) ---------------------------------------------------------------
  void index_jurisdictions();
  void index_param_tables();
  void index_conditions();
  void index_record_params();
  void compute_digest();

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
  std::set<std::pair<std::uint32_t, int>> declared_by_;  // (parameter, pack) for every declaration
  // `add_citations:` entries as read, applied once every pack is read (add_citations()).
  struct AddedCitations {
    int pack = 0;
    std::string target;  // qualified id
    std::string file;
    SourcePos pos;
    std::vector<Citation> cite;
  };
  std::vector<AddedCitations> added_citations_;
};

std::string join(const std::vector<std::string_view>& v);

}  // namespace shebao::internal
