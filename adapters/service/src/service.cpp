#include "shebao/core/doc_sniff.h"
#include "shebao/service/service.h"

#include <algorithm>
#include <chrono>
#include <filesystem>

#include "shebao/eval/evaluator.h"
#include "shebao/json/json_doc.h"
#include "shebao/json/result_json.h"
#include "shebao/yaml/pack_loader.h"
#include "shebao/yaml/region_file.h"
#include "shebao/yaml/yaml_doc.h"

namespace shebao {

std::vector<std::string> split_policy_path(const std::string& dir) {
  std::error_code ec;
  if (dir.find(':') == std::string::npos || std::filesystem::is_directory(dir, ec)) return {dir};
  std::vector<std::string> roots;
  std::size_t start = 0;
  for (;;) {
    const std::size_t colon = dir.find(':', start);
    std::string part = dir.substr(start, colon == std::string::npos ? std::string::npos : colon - start);
    if (!part.empty()) roots.push_back(std::move(part));
    if (colon == std::string::npos) break;
    start = colon + 1;
  }
  return roots;
}

LoadedPolicies load_policies(const std::string& dir, bool with_tests) {
  return load_policies(split_policy_path(dir), with_tests);
}

LoadedPolicies load_policies(const std::vector<std::string>& roots, bool with_tests) {
  LoadedPolicies out;
  PackLoad load = load_pack_dir(roots.empty() ? std::string() : roots.front(), with_tests);
  // Overlays: a pack of the same id replaces the base one (its golden cases too), others are added.
  for (std::size_t i = 1; i < roots.size(); ++i) {
    PackLoad over = load_pack_dir(roots[i], with_tests);
    for (auto& d : over.diagnostics.items) load.diagnostics.items.push_back(std::move(d));
    for (auto& pack : over.packs) {
      const std::string prefix = pack.dir + "/";
      std::erase_if(load.tests, [&](const SourceFile& f) { return f.rel.compare(0, prefix.size(), prefix) == 0; });
      auto same = std::find_if(load.packs.begin(), load.packs.end(), [&](const PackSource& p) { return p.dir == pack.dir; });
      if (same != load.packs.end()) *same = std::move(pack);
      else load.packs.push_back(std::move(pack));
    }
    for (auto& t : over.tests) load.tests.push_back(std::move(t));
  }
  std::sort(load.packs.begin(), load.packs.end(), [](const PackSource& a, const PackSource& b) { return a.dir < b.dir; });
  out.diagnostics = std::move(load.diagnostics);
  out.tests = std::move(load.tests);
  load_region_table(roots, out.diagnostics);  // names of every region (policies/cn/regions.csv), parsed once
  if (!out.diagnostics.empty()) return out;
  CompileResult c = compile_policies(std::move(load.packs));
  out.diagnostics = std::move(c.diagnostics);
  out.set = std::move(c.set);
  return out;
}

Date today_cst() {
  using namespace std::chrono;
  auto now = floor<days>(system_clock::now() + hours(8));
  return Date::from_days(static_cast<std::int32_t>(now.time_since_epoch().count()));
}

ProfileInput read_profile_text(const PolicySet& set, std::string_view text, std::optional<Date> as_of_override,
                               Date today) {
  ProfileInput out;
  const bool json = sniff_format(text) == DocFormat::kJson;
  DocParse parsed = json ? parse_json(text, kProfileDocLimits) : parse_yaml(text, kProfileDocLimits);
  if (!parsed.root || !parsed.errors.empty()) {
    // An error in the text is about the document as a whole: no field path, its line and column.
    for (const auto& e : parsed.errors)
      out.errors.push_back({"", e.code, e.message,
                            e.message_zh.empty() ? std::string(json ? "JSON 格式错误" : "YAML 格式错误") : e.message_zh,
                            e.pos.line, e.pos.column});
    if (out.errors.empty())
      out.errors.push_back({"", "syntax", "the document could not be read", "无法读取该文档"});
    return out;
  }
  return read_profile_doc(set, std::move(*parsed.root), as_of_override, today);
}

ProfileInput read_profile_doc(const PolicySet& set, DocNode root, std::optional<Date> as_of_override, Date today) {
  ProfileInput out;
  if (as_of_override && root.is_mapping()) {
    const DocNode v = scalar_node(as_of_override->to_string(), DocNode::Style::kPlain);
    bool replaced = false;
    for (auto& e : root.entries)
      if (e.key == "as_of") {
        e.value = v;
        replaced = true;
      }
    if (!replaced) root.entries.insert(root.entries.begin(), DocEntry{"as_of", {}, v});
  }
  ProfileParse p = read_profile(root, today);
  out.errors = std::move(p.errors);
  if (p.profile) {
    out.errors = check_constraints(set, *p.profile);
    if (out.errors.empty()) out.profile = std::move(p.profile);
  }
  return out;
}

JsonAnswer evaluate_to_json(const PolicySet& set, std::string_view profile_text, const EvalRequest& req) {
  return answer_to_json(set, read_profile_text(set, profile_text, req.as_of, req.today), req);
}

JsonAnswer answer_to_json(const PolicySet& set, ProfileInput in, const EvalRequest& req) {
  JsonAnswer a;
  if (!in.profile) {
    a.json = errors_to_json(in.errors, req.lang);
    a.errors = std::move(in.errors);
    return a;
  }
  EvalOptions opt;
  opt.explain = req.explain;
  EvalResult r = evaluate(set, *in.profile, opt);
  a.ok = true;
  a.json = result_to_json(r, JsonOptions{req.lang, req.explain, req.pretty});
  return a;
}

}  // namespace shebao
