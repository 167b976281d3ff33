#include <iostream>

#include "commands.h"
#include "common.h"
#include "shebao/json/pack_tests.h"

namespace shebao::cli {

namespace {

void print_parameter(const ParameterView& p, Lang lang) {
  std::cout << "    " << p.id << (p.region.empty() ? "" : "@" + p.region) << " (" << p.type << ") "
            << p.label.get(lang) << '\n';
  if (p.versions.empty())
    std::cout << "      " << (lang == Lang::kZh ? "（无已确认数值）" : "(no confirmed value)") << '\n';
  for (const auto& v : p.versions)
    std::cout << "      " << v.from << "  " << v.value << (v.verified ? "" : lang == Lang::kZh ? "  [未核实]" : "  [unverified]")
              << "  " << v.source << '\n';
}

void print_pack(const PackView& p, Lang lang, bool full) {
  std::cout << p.id << "  " << p.jurisdiction << "  " << p.name.get(lang)
            << (p.parent.empty() ? "" : "  (parent: " + p.parent + ")") << "  " << p.files << " files\n";
  if (!full) return;
  std::cout << (lang == Lang::kZh ? "  文件依据：" : "  Documents:") << '\n';
  for (const auto& d : p.documents) std::cout << "    " << d.key << "  " << d.number << "  " << d.title.get(lang) << '\n';
  std::cout << (lang == Lang::kZh ? "  险种规则（按此包适用的顺序）：" : "  Scheme rules (in the order they apply here):") << '\n';
  for (const auto& s : p.schemes) {
    std::cout << "    " << s.id << "  " << s.name.get(lang) << '\n';
    for (const auto& r : s.rules) {
      std::cout << "      - " << r.id << " -> " << r.status << "  [" << r.file << "]\n";
      std::cout << "        when: " << r.when << '\n';
      for (const auto& c : r.citations) std::cout << "        cite: " << c << '\n';
    }
  }
  std::cout << (lang == Lang::kZh ? "  参数：" : "  Parameters:") << '\n';
  for (const auto& param : p.parameters) print_parameter(param, lang);
}

}  // namespace

int run_policies_list(const PoliciesArgs& a) {
  const Lang lang = parse_lang(a.lang).value_or(Lang::kZh);
  LoadedPolicies pol = load_policies(policies_dir(a.policies));
  if (!pol.set) {
    print_diagnostics(pol.diagnostics);
    return kBadPolicy;
  }
  std::cout << "policy set " << policy_digest(*pol.set) << '\n';
  auto packs = describe_policies(*pol.set);
  for (const auto& p : packs) print_pack(p, lang, false);
  if (!packs.empty()) {
    std::cout << (lang == Lang::kZh ? "\n险种：" : "\nSchemes:") << '\n';
    for (const auto& s : packs.front().schemes) std::cout << "  " << s.id << "  " << s.name.get(lang) << '\n';
    std::cout << (lang == Lang::kZh ? "\n参数：" : "\nParameters:") << '\n';
    for (const auto& p : packs)
      for (const auto& param : p.parameters) {
        std::cout << "  [" << p.id << "]";
        print_parameter(param, lang);
      }
  }
  return kOk;
}

int run_policies_show(const PoliciesArgs& a) {
  const Lang lang = parse_lang(a.lang).value_or(Lang::kZh);
  LoadedPolicies pol = load_policies(policies_dir(a.policies));
  if (!pol.set) {
    print_diagnostics(pol.diagnostics);
    return kBadPolicy;
  }
  auto packs = describe_policies(*pol.set);
  bool found = false;
  for (const auto& p : packs)
    if (p.id == a.id) {
      print_pack(p, lang, true);
      found = true;
    }
  if (!found) {
    // A scheme id: its rules in every pack; a parameter id: its values in every pack.
    for (const auto& p : packs) {
      for (const auto& s : p.schemes)
        if (s.id == a.id) {
          std::cout << "[" << p.id << "] " << s.id << "  " << s.name.get(lang) << '\n';
          for (const auto& r : s.rules)
            std::cout << "  - " << r.id << " -> " << r.status << "  when: " << r.when << "  [" << r.file << "]\n";
          found = true;
        }
      for (const auto& param : p.parameters)
        if (param.id == a.id) {
          std::cout << "[" << p.id << "]";
          print_parameter(param, lang);
          found = true;
        }
    }
  }
  if (!found) {
    std::cerr << "shebao policies show: no pack, scheme or parameter '" << a.id << "'\n";
    return kUsage;
  }
  return kOk;
}

int run_policies_lint(const PoliciesArgs& a) {
  const std::string dir = policies_dir(a.dir.empty() ? a.policies : a.dir);
  LoadedPolicies pol = load_policies(dir, /*with_tests=*/true);
  if (!pol.diagnostics.empty()) {
    print_diagnostics(pol.diagnostics);
    std::cerr << pol.diagnostics.items.size() << " problem(s) in " << dir << '\n';
    return kBadPolicy;
  }
  auto packs = describe_policies(*pol.set);
  std::size_t rules = 0, params = 0;
  for (const auto& p : packs) {
    params += p.parameters.size();
    for (const auto& s : p.schemes) rules += p.parent.empty() ? s.rules.size() : 0;
  }
  std::cout << "ok: " << packs.size() << " packs, " << all_rules(*pol.set).size() << " rules, checks and transfers, "
            << params << " parameter tables; " << policy_digest(*pol.set) << '\n';
  return kOk;
}

int run_policies_test(const PoliciesArgs& a) {
  const std::string dir = policies_dir(a.dir.empty() ? a.policies : a.dir);
  LoadedPolicies pol = load_policies(dir, /*with_tests=*/true);
  if (!pol.set) {
    print_diagnostics(pol.diagnostics);
    return kBadPolicy;
  }
  PackTestReport rep = run_pack_tests(*pol.set, pol.tests);
  for (const auto& f : rep.failures) std::cout << "FAIL " << f << '\n';
  for (const auto& u : rep.uncovered) std::cout << "UNCOVERED " << u << '\n';
  const int failed = rep.failed + static_cast<int>(rep.uncovered.size());
  std::cout << "policies: " << rep.passed << " passed, " << failed << " failed\n";
  return failed == 0 ? kOk : kFailure;
}

}  // namespace shebao::cli
