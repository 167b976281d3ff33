// Runtime indexes, built once every pack is read, merged and linted: the pack of each
// jurisdiction (PolicySet::pack_by_jurisdiction), the parameter candidates
// the evaluator's lookup walks (Pack::param_first, param_candidates, param_versions), what each
// version's warnings need (ParamVersion::last, renewal_*), the condition arrays beside each merged
// list (Pack::rule_whens, check_whens, transfer_whens), and the digest over the sources.
#include <algorithm>
#include <atomic>

#include "policy/compiler.h"

namespace shebao {

namespace internal {

// The parameters of the records mechanism (eval/records.h), by index, so that an evaluation
// looks none up by name.
void Compiler::index_record_params() {
  PolicySet::RecordParams& p = set_->record_params;
  auto find = [&](std::string_view id) {
    const auto it = set_->param_index.find(std::string(id));
    return it == set_->param_index.end() ? PolicySet::RecordParams::kNoParam : it->second;
  };
  p.claim_place_min_years = find("pension_claim_place_min_years");
  p.temporary_age_male = find("pension_temporary_account_age_male");
  p.temporary_age_female = find("pension_temporary_account_age_female");
  p.medical_min_years_male = find("medical_retiree_min_years_male");
  p.medical_min_years_female = find("medical_retiree_min_years_female");
  p.avg_wage = find("avg_wage_monthly");
  p.account_rate = find("pension_personal_account_rate");
  p.benefit_base = find("pension_benefit_base_monthly");
  p.payout_months = find("pension_payout_months_by_age");
  p.payout_interpolate = find("pension_payout_months_interpolate");
  p.link_min_years = find("pension_link_min_years");
  p.resident_basic = find("resident_pension_basic_monthly");
  p.resident_payout_months = find("resident_pension_payout_months");
  p.resident_min_years = find("resident_pension_min_years");
  p.resident_claim_age = find("resident_pension_claim_age");
  p.resident_lowest_grade = find("resident_pension_lowest_grade");
  p.resident_subsidy = find("resident_pension_subsidy");
}

// PolicySet::pack_by_jurisdiction: per jurisdiction code, the deepest of its packs (the first of
// equals), as the scan over every pack would pick among them.
void Compiler::index_jurisdictions() {
  auto& index = set_->pack_by_jurisdiction;
  index.clear();
  for (std::size_t i = 0; i < set_->packs.size(); ++i) {
    const Pack& p = set_->packs[i];
    const auto it =
        std::find_if(index.begin(), index.end(), [&](const auto& j) { return j.code == p.jurisdiction.code(); });
    if (it == index.end())
      index.push_back({p.jurisdiction.code(), static_cast<int>(i), p.depth});
    else if (p.depth > it->depth)
      *it = {p.jurisdiction.code(), static_cast<int>(i), p.depth};
  }
  std::sort(index.begin(), index.end(), [](const auto& a, const auto& b) { return a.code < b.code; });
  // Sorted by code, each province's entries are side by side: where each province's begin.
  auto& first = set_->jurisdiction_first;
  std::size_t k = 0;
  for (std::uint32_t p = 0; p < first.size(); ++p) {
    while (k < index.size() && index[k].code < p * 10000) ++k;
    first[p] = static_cast<std::uint32_t>(k);
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

// Over every file's relative path and bytes (in pack, then path order).
void Compiler::compute_digest() {
  std::vector<std::pair<std::string_view, std::string_view>> parts;
  for (const auto& ps : sources_)
    for (const auto& f : ps.files) parts.emplace_back(f.rel, f.text);
  set_->digest = "sha256:" + sha256_hex(parts);
}

}  // namespace internal

std::uint64_t PolicySet::next_id() {
  static std::atomic<std::uint64_t> next{1};
  return next.fetch_add(1, std::memory_order_relaxed);
}

int PolicySet::pack_for(Region r) const {
  // A jurisdiction contains `r` exactly when it is the country, r's province, r's prefecture or r
  // itself (Region::contains): all in r's province but the country. Of those with a pack, the
  // deepest wins, the first pack of equals.
  const std::uint32_t province = r.code() / 10000;
  const std::uint32_t own[] = {r.code(), r.prefecture().code(), r.province().code()};
  const JurisdictionPack* best = nullptr;
  auto consider = [&](const JurisdictionPack& j) {
    if (!best || j.depth > best->depth || (j.depth == best->depth && j.pack < best->pack)) best = &j;
  };
  if (!pack_by_jurisdiction.empty() && pack_by_jurisdiction.front().code == 0) consider(pack_by_jurisdiction.front());
  if (province > 0 && province < 100)
    for (std::uint32_t k = jurisdiction_first[province]; k < jurisdiction_first[province + 1]; ++k) {
      const JurisdictionPack& j = pack_by_jurisdiction[k];
      if (j.code == own[0] || j.code == own[1] || j.code == own[2]) consider(j);
    }
  return best ? best->pack : -1;
}

int PolicySet::pack_for_scan(Region r) const {
  int best = -1;
  for (std::size_t i = 0; i < packs.size(); ++i)
    if (packs[i].jurisdiction.contains(r) && (best < 0 || packs[i].depth > packs[best].depth))
      best = static_cast<int>(i);
  return best;
}

std::span<const std::string_view> scheme_ids() { return internal::kSchemeIds; }

}  // namespace shebao
