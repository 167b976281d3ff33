#include "shebao/service/service.h"

#include <chrono>

#include "shebao/eval/evaluator.h"
#include "shebao/json/json_doc.h"
#include "shebao/json/result_json.h"
#include "shebao/yaml/pack_loader.h"
#include "shebao/yaml/yaml_doc.h"

namespace shebao {

LoadedPolicies load_policies(const std::string& dir, bool with_tests) {
  LoadedPolicies out;
  PackLoad load = load_pack_dir(dir, with_tests);
  out.diagnostics = std::move(load.diagnostics);
  out.tests = std::move(load.tests);
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
  std::size_t i = 0;
  if (text.substr(0, 3) == "\xEF\xBB\xBF") i = 3;
  while (i < text.size() && (text[i] == ' ' || text[i] == '\n' || text[i] == '\r' || text[i] == '\t')) ++i;
  const bool json = i < text.size() && text[i] == '{';
  DocParse parsed = json ? parse_json(text, kProfileDocLimits) : parse_yaml(text, kProfileDocLimits);
  if (!parsed.root || !parsed.errors.empty()) {
    for (const auto& e : parsed.errors) {
      std::string where = e.pos.line ? std::to_string(e.pos.line) + ":" + std::to_string(e.pos.column) : "(document)";
      out.errors.push_back({where, e.code, e.message, std::string(json ? "JSON 格式错误：" : "YAML 格式错误：") + e.message});
    }
    if (out.errors.empty())
      out.errors.push_back({"(document)", "syntax", "the document could not be read", "无法读取该文档"});
    return out;
  }
  return read_profile_doc(set, std::move(*parsed.root), as_of_override, today);
}

ProfileInput read_profile_doc(const PolicySet& set, DocNode root, std::optional<Date> as_of_override, Date today) {
  ProfileInput out;
  if (as_of_override && root.is_mapping()) {
    DocNode v;
    v.kind = DocNode::Kind::kScalar;
    v.text = as_of_override->to_string();
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
