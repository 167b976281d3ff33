// Linking: each pack's parent, its chain from the national pack down (Pack::chain, chain_id,
// chain_codes, depth), document keys unique along a chain; then merging: each pack's lists of
// rules, checks, constraints and transfers, inherited along its chain with the descendants'
// overrides and placements applied (Pack::rules, checks, constraints, transfers); last, the
// citations descendants add to inherited items for their places (add_citations).
#include <algorithm>

#include "policy/compiler.h"

namespace shebao::internal {

namespace W = wording;

void Compiler::link_packs() {
  auto& packs = set_->packs;
  int national = -1;
  for (std::size_t i = 0; i < packs.size(); ++i) {
    file_ = pack_files_[i];
    if (parent_names_[i].empty()) {
      if (!jurisdiction_ok_[i]) continue;  // reported; not taken for the national pack
      if (!packs[i].jurisdiction.is_national())
        error(parent_pos_[i], "parent", W::needs_parent(packs[i].id));
      else if (national >= 0)
        error(parent_pos_[i], "parent", W::two_national_packs(packs[national].id, packs[i].id));
      else
        national = static_cast<int>(i);
      continue;
    }
    for (std::size_t j = 0; j < packs.size(); ++j)
      if (packs[j].id == parent_names_[i]) packs[i].parent = static_cast<int>(j);
    if (packs[i].parent < 0)
      error(parent_pos_[i], "parent", W::no_such_parent(parent_names_[i]));
    else if (jurisdiction_ok_[i] && jurisdiction_ok_[static_cast<std::size_t>(packs[i].parent)] &&
             (!packs[packs[i].parent].jurisdiction.contains(packs[i].jurisdiction) ||
              packs[packs[i].parent].jurisdiction == packs[i].jurisdiction))
      error(parent_pos_[i], "parent",
            W::outside_parent(packs[i].jurisdiction.to_string(), packs[packs[i].parent].jurisdiction.to_string()));
  }
  file_ = nullptr;
  national_ = national;
  if (national < 0 && !packs.empty()) {
    file_ = pack_files_[0];
    error({}, "no_national_pack", W::no_national_pack());
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
      error(parent_pos_[i], "parent", W::pack_cycle(packs[i].id));
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
          error(where, "duplicate_document", W::duplicate_document(key, packs[anc].id));
          file_ = nullptr;
        }
}

// Applies the items of `pack` (those `keep` accepts) to the inherited `list`: overrides replace
// in place, before/after insert next to their target, other items go first in a child pack (the
// specific before the general) or last in the national pack. A target that is not an item of an
// ancestor is reported (once, when `report`) as "… which is not <what>".
template <class T, class Keep>
void Compiler::merge_list(std::vector<const T*>& list, const std::deque<T>& all, int pack, bool report, Keep keep,
                          const Text& what) {
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
      if (report)
        error_in(item.file, p.pos, "unknown_override",
                 W::unknown_target(!p.overrides.empty() ? "overrides" : !p.before.empty() ? "before" : "after", target,
                                   what));
      continue;  // an error stops the compilation; the item is left out
    }
    if (!p.overrides.empty()) *it = &item;
    else if (!p.before.empty()) list.insert(it, &item);
    else list.insert(it + 1, &item);
  }
}

void Compiler::merge() {
  const auto all = [](const auto&) { return true; };
  const Text item = W::ancestor_item();
  for (std::size_t pi = 0; pi < set_->packs.size(); ++pi) {
    Pack& p = set_->packs[pi];
    for (int member : p.chain) {
      const bool report = member == static_cast<int>(pi);
      for (std::size_t s = 0; s < kSchemeCount; ++s)
        merge_list(p.rules[s], set_->rules, member, report, [s](const RuleDef& r) { return r.scheme == s; },
                   W::ancestor_rule(kSchemeIds[s]));
      merge_list(p.checks, set_->checks, member, report, all, item);
      merge_list(p.constraints, set_->constraints, member, report, all, item);
      merge_list(p.transfers, set_->transfers, member, report, all, item);
    }
  }
}

// Applies every `add_citations:` entry: the target (a rule, transfer or relationship of a strict
// ancestor) gets a list for the adding pack's jurisdiction: the added citations, then the list it
// has for the nearest ancestor that added some (or its own). Packs are taken by depth, so each
// item's lists are in the order citations_for() expects.
void Compiler::add_citations() {
  std::vector<const AddedCitations*> order;
  for (const auto& a : added_citations_) order.push_back(&a);
  std::stable_sort(order.begin(), order.end(), [&](const AddedCitations* x, const AddedCitations* y) {
    return set_->packs[static_cast<std::size_t>(x->pack)].depth < set_->packs[static_cast<std::size_t>(y->pack)].depth;
  });
  std::set<std::pair<int, std::string>> seen;
  for (const AddedCitations* a : order) {
    const Pack& pack = set_->packs[static_cast<std::size_t>(a->pack)];
    const std::vector<Citation>* own = nullptr;
    std::vector<LocalCitations>* local = nullptr;
    int owner = -1;
    for (RuleDef& r : set_->rules)
      if (r.qualified_id == a->target) own = &r.cite, local = &r.local_cite, owner = r.pack;
    for (TransferDef& t : set_->transfers)
      if (t.qualified_id == a->target) own = &t.cite, local = &t.local_cite, owner = t.pack;
    if (national_ >= 0) {
      const std::string prefix = set_->packs[static_cast<std::size_t>(national_)].id + "/relationships/";
      if (a->target.starts_with(prefix)) {
        const int idx = enum_index(FieldId::kRelationship, std::string_view(a->target).substr(prefix.size()));
        if (idx >= 0 && set_->relationships[static_cast<std::size_t>(idx)].present) {
          RelationshipDef& r = set_->relationships[static_cast<std::size_t>(idx)];
          own = &r.cite, local = &r.local_cite, owner = national_;
        }
      }
    }
    const bool ancestor = owner >= 0 && owner != a->pack &&
                          std::find(pack.chain.begin(), pack.chain.end(), owner) != pack.chain.end();
    if (!ancestor) {
      error_in(a->file, a->pos, "unknown_target", W::unknown_added_target(a->target));
      continue;
    }
    if (!seen.insert({a->pack, a->target}).second) {
      error_in(a->file, a->pos, "duplicate_target", W::added_twice(a->target));
      continue;
    }
    const std::vector<Citation>* base = own;
    for (const LocalCitations& l : *local)
      if (std::find(pack.chain.begin(), pack.chain.end(), l.pack) != pack.chain.end()) base = &l.cite;
    LocalCitations added{pack.jurisdiction, a->pack, a->cite, a->cite.size()};
    bool ok = true;
    for (const Citation& c : a->cite)
      if (std::count(a->cite.begin(), a->cite.end(), c) > 1 || std::find(base->begin(), base->end(), c) != base->end()) {
        error_in(a->file, a->pos, "duplicate_citation", W::citation_already(a->target, c.document + c.article));
        ok = false;
        break;
      }
    if (!ok) continue;
    added.cite.insert(added.cite.end(), base->begin(), base->end());
    local->push_back(std::move(added));
  }
}

}  // namespace shebao::internal
