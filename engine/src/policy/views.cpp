// Read-only descriptions of a policy set, for `shebao policies list|show` and the HTTP API.
#include <algorithm>
#include "policy/model.h"
#include "shebao/eval/evaluator.h"

namespace shebao {

using namespace internal;

namespace {

std::vector<ParameterVersionView> versions_view(const std::vector<ParamVersion>& vs, const ParamDef& def) {
  std::vector<ParameterVersionView> out;
  for (const auto& v : vs) {
    ParameterVersionView pv;
    pv.from = v.from.to_string();
    pv.value = v.ends ? "(ends)" : format_value(v.value, def.type, Lang::kZh);
    pv.verified = v.verified;
    pv.source = v.source.document + v.source.article + (v.note.empty() ? "" : " — " + v.note);
    out.push_back(std::move(pv));
  }
  return out;
}

}  // namespace

std::vector<PackView> describe_policies(const PolicySet& set) {
  std::vector<PackView> out;
  for (const Pack& p : set.packs) {
    PackView v;
    v.id = p.id;
    v.jurisdiction = p.jurisdiction.to_string();
    v.parent = p.parent >= 0 ? set.packs[static_cast<std::size_t>(p.parent)].id : "";
    v.name = p.name;
    v.files = p.file_count;
    for (const auto& [key, d] : p.documents) v.documents.push_back({key, d.number, d.title, d.url});
    for (std::size_t s = 0; s < kSchemeCount; ++s) {
      SchemeView sv;
      sv.id = set.schemes[s].id;
      sv.name = set.schemes[s].name;
      for (const RuleDef* r : p.rules[s]) {
        RuleView rv;
        rv.id = r->qualified_id;
        rv.when = r->when.present() ? r->when.text : "(always)";
        rv.status = std::string(status_id(r->then.status));
        for (const auto& c : r->cite) rv.citations.push_back(c.document + c.article);
        for (const LocalCitations& l : r->local_cite) {
          AddedCitationsView av;
          av.pack = set.packs[static_cast<std::size_t>(l.pack)].id;
          av.jurisdiction = l.jurisdiction.to_string();
          av.jurisdiction_name = {l.jurisdiction.full_name(Lang::kZh), l.jurisdiction.full_name(Lang::kEn)};
          for (std::size_t i = 0; i < l.added && i < l.cite.size(); ++i)
            av.citations.push_back(l.cite[i].document + l.cite[i].article);
          rv.added_citations.push_back(std::move(av));
        }
        rv.file = r->file + ":" + std::to_string(r->pos.line);
        sv.rules.push_back(std::move(rv));
      }
      v.schemes.push_back(std::move(sv));
    }
    // Parameters valued or declared in this pack, by id.
    std::vector<std::pair<std::string, std::uint32_t>> ids;
    for (const auto& [index, table] : p.params) ids.emplace_back(set.params[index].id, index);
    std::sort(ids.begin(), ids.end());
    for (const auto& [id, index] : ids) {
      const ParamDef& def = set.params[index];
      const ParamTable& t = p.params.at(index);
      ParameterView pv;
      pv.id = id;
      pv.pack = p.id;
      pv.type = def.type.name();
      pv.label = def.label;
      pv.versions = versions_view(t.values, def);
      v.parameters.push_back(pv);
      for (const auto& [code, vs] : t.by_region) {
        ParameterView rv = pv;
        rv.region = Region::from_code(code) ? Region::from_code(code)->to_string() : std::to_string(code);
        rv.versions = versions_view(vs, def);
        v.parameters.push_back(std::move(rv));
      }
    }
    out.push_back(std::move(v));
  }
  return out;
}

std::string policy_digest(const PolicySet& set) { return set.digest; }

}  // namespace shebao

namespace shebao {
std::vector<RuleRef> all_rules(const PolicySet& set) {
  std::vector<RuleRef> out;
  for (const auto& r : set.rules) out.push_back({r.qualified_id, r.when.present(), r.file, r.pos});
  for (const auto& c : set.checks) out.push_back({c.qualified_id, true, c.file, c.pos});
  for (const auto& t : set.transfers) out.push_back({t.qualified_id, true, t.file, t.pos});
  return out;
}
}  // namespace shebao
