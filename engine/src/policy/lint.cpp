// Whole-set checks, made once every pack is read and merged: what no single file can show.
#include "policy/compiler.h"

namespace shebao::internal {

namespace W = wording;

void Compiler::lint() {
  const int national = national_;  // the one link_packs chose (the first), not a second one
  if (national < 0) return;
  file_ = pack_files_[static_cast<std::size_t>(national)];
  for (std::size_t s = 0; s < kSchemeCount; ++s) {
    if (!set_->schemes[s].declared) error({}, "missing_scheme", W::missing_scheme(kSchemeIds[s]));
    const auto& rules = set_->packs[national].rules[s];
    if (set_->schemes[s].declared && rules.empty()) error({}, "no_rules", W::no_rules(kSchemeIds[s]));
    if (!rules.empty() && rules.back()->when.present())
      error_in(rules.back()->file, rules.back()->pos, "no_fallback", W::no_fallback(kSchemeIds[s]));
  }
  for (std::size_t r = 0; r < kRelationshipCount; ++r)
    if (!set_->relationships[r].present)
      error({}, "missing_relationship",
            W::missing_relationship(field_spec(FieldId::kRelationship).enum_values[r]));
  if (!set_->retirement.present) error({}, "missing_retirement", W::missing_retirement());
  // Parameters declared but never given a table in any pack are fine (values: {} is explicit);
  // parameters with no declaration were already reported by the expressions that use them.
  file_ = nullptr;
}

}  // namespace shebao::internal
