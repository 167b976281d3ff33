#include <algorithm>
#include <filesystem>
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

// What the overlay folders change (DECISIONS: `policies lint` shows it): each overlay pack, and
// whether it replaces a pack read before it or adds one. Nothing without overlays.
void print_overlays(const std::string& dir, Lang lang) {
  namespace fs = std::filesystem;
  const std::vector<std::string> roots = split_policy_path(dir);
  for (std::size_t i = 1; i < roots.size(); ++i) {
    std::error_code ec;
    std::vector<std::string> packs;
    for (const auto& e : fs::directory_iterator(roots[i], ec))
      if (e.is_directory() && e.path().filename().string().front() != '.') packs.push_back(e.path().filename().string());
    std::sort(packs.begin(), packs.end());
    std::cout << (lang == Lang::kZh ? "本地覆盖目录 " : "overlay ") << roots[i] << (lang == Lang::kZh ? "：" : ":")
              << (packs.empty() ? (lang == Lang::kZh ? "（空）" : " (empty)") : "") << '\n';
    for (const auto& id : packs) {
      bool replaces = false;
      for (std::size_t j = 0; j < i && !replaces; ++j) replaces = fs::is_directory(fs::path(roots[j]) / id, ec);
      std::cout << "  " << id << "  "
                << (replaces ? (lang == Lang::kZh ? "替换 " : "replaces the pack in ")
                             : (lang == Lang::kZh ? "新增（不在 " : "added (not in "))
                << roots[0] << (replaces ? (lang == Lang::kZh ? " 中的同名包" : "") : (lang == Lang::kZh ? " 中）" : ")"))
                << '\n';
    }
  }
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
  print_overlays(policies_dir(a.policies), lang);
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
  print_overlays(dir, parse_lang(a.lang).value_or(Lang::kZh));
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
