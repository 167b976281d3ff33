// The policy compiler: checks every pack strictly (unknown keys, kinds, citations, dated values,
// expressions, overrides) and builds the immutable PolicySet. All problems are reported; none
// stops the others from being found. The phases, in order, are in Compiler::run below; each has
// its own file (see policy/compiler.h).
#include <algorithm>

#include "policy/compiler.h"
#include "shebao/eval/evaluator.h"

namespace shebao {

namespace internal {

CompileResult Compiler::run() {
  // Deterministic order: packs by folder name, files by relative path.
  std::sort(sources_.begin(), sources_.end(), [](const PackSource& a, const PackSource& b) { return a.dir < b.dir; });
  for (auto& ps : sources_)
    std::sort(ps.files.begin(), ps.files.end(), [](const SourceFile& a, const SourceFile& b) { return a.rel < b.rel; });
  if (sources_.empty()) {
    error({}, "no_packs", wording::no_packs());
    return {nullptr, std::move(diags_)};
  }
  // Every text must be UTF-8: results copy policy text into their output as it is.
  for (const auto& ps : sources_)
    for (const auto& f : ps.files) {
      file_ = &f;
      check_utf8(f.root);
    }
  file_ = nullptr;
  // Reading the headers, linking the chains, declaring the parameters, then reading the rest.
  for (std::size_t i = 0; i < sources_.size(); ++i) read_pack_header(i);
  link_packs();
  declare_parameters();
  read_contents();
  render_param_texts();
  render_female_default_texts();
  merge();
  add_citations();
  lint();
  lint_texts();
  index_jurisdictions();
  index_param_tables();
  index_conditions();
  index_record_params();
  compute_digest();
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

}  // namespace internal

CompileResult compile_policies(std::vector<PackSource> packs) {
  internal::Compiler c(std::move(packs));
  return c.run();
}

}  // namespace shebao
