#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "commands.h"
#include "common.h"
#include "shebao/yaml/region_file.h"
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
      // Citations a descendant pack adds for its places (add_citations), marked with both.
      for (const auto& a : r.added_citations)
        for (const auto& c : a.citations)
          std::cout << "        cite: " << c << "  ["
                    << (lang == Lang::kZh ? a.pack + " 包添加，适用于 " + a.jurisdiction + " " + a.jurisdiction_name.zh
                                          : "added by " + a.pack + " for " + a.jurisdiction + " " + a.jurisdiction_name.en)
                    << "]\n";
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
  LoadedPolicies pol = load_or_report(policies_dir(a.policies), lang);
  if (!pol.set) return kBadPolicy;
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
  LoadedPolicies pol = load_or_report(policies_dir(a.policies), lang);
  if (!pol.set) return kBadPolicy;
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
  const Lang lang = parse_lang(a.lang).value_or(Lang::kZh);
  LoadedPolicies pol = load_policies(dir, /*with_tests=*/true);
  if (!pol.diagnostics.empty()) {
    print_diagnostics(pol.diagnostics, lang);
    if (lang == Lang::kZh) std::cerr << dir << " 中有 " << pol.diagnostics.items.size() << " 个问题\n";
    else std::cerr << pol.diagnostics.items.size() << " problem(s) in " << dir << '\n';
    return kBadPolicy;
  }
  print_overlays(dir, lang);
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
  LoadedPolicies pol = load_or_report(dir, parse_lang(a.lang).value_or(Lang::kZh), /*with_tests=*/true);
  if (!pol.set) return kBadPolicy;
  PackTestReport rep = run_pack_tests(*pol.set, pol.tests);
  for (const auto& f : rep.failures) std::cout << "FAIL " << f << '\n';
  for (const auto& u : rep.uncovered) std::cout << "UNCOVERED " << u << '\n';
  const int failed = rep.failed + static_cast<int>(rep.uncovered.size());
  std::cout << "policies: " << rep.passed << " passed, " << failed << " failed\n";
  return failed == 0 ? kOk : kFailure;
}

}  // namespace shebao::cli

namespace shebao::cli {

namespace {

// The skeleton of a new city (or province) pack: pack.yaml and a commented parameters file.
std::string skeleton_pack_yaml(Region r, const std::string& parent) {
  const std::string code = r.to_string();
  std::string zh(r.name(Lang::kZh)), en(r.name(Lang::kEn));
  const bool known = !zh.empty();
  if (!known) zh = en = code;
  std::string slug;
  for (char ch : en)
    if (std::isalnum(static_cast<unsigned char>(ch))) slug += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  std::string out;
  out += "# 政策包：" + zh + "（" + code + "）。由 `shebao policies new-city " + code + "` 生成。\n";
  out += "# Policy pack of " + en + " (" + code + "), written by `shebao policies new-city " + code + "`.\n";
  out += "#\n";
  out += "# 本包继承上级包 " + parent + " 的全部规则和参数；只需在 parameters/ 中写出本地不同的数值。\n";
  out += "# This pack inherits every rule and parameter of " + parent + "; write only the local figures\n";
  out += "# that differ, in parameters/ (see policies/README.md, \"Adding a city\").\n";
  out += "id: cn-" + code + "\n";
  if (known && !slug.empty()) out += "slug: " + slug + "\n";
  out += "jurisdiction: \"" + code + "\"\n";
  out += "parent: " + parent + "\n";
  if (!known) out += "# TODO: 填写地区名称 / write the region's name\n";
  out += "name: {zh: " + zh + ", en: " + en + "}\n";
  out += "# 本地文件依据：每个数值都须引用一份文件。键（如 km-2026-1）在数值的 source 中使用。\n";
  out += "# Local documents: every figure cites one. The key (e.g. km-2026-1) is used in a value's source.\n";
  out += "documents: {}\n";
  out += "#documents:\n";
  out += "#  km-2026-1:\n";
  out += "#    number: 昆人社发〔2026〕1号          # 文号，与原文完全一致 / exactly as printed\n";
  out += "#    title: {zh: 关于……的通知, en: Notice on ...}\n";
  out += "#    issued: 2026-01-01\n";
  out += "#    url: https://...\n";
  return out;
}

std::string skeleton_parameters_yaml(const std::string& parent) {
  return "# 本地参数 / local figures.\n"
         "#\n"
         "# 覆盖上级包（" + parent + "）已声明的参数时，只写 values（可加 by_region、source、note）；\n"
         "# type、label、renewal 写在声明参数的包中，这里不能重复。\n"
         "# To override a parameter declared by an ancestor pack, give only `values` (and by_region,\n"
         "# source, note); its type, label and renewal stay where it is declared.\n"
         "#\n"
         "# `shebao policies show PARAMETER_ID` 显示参数当前的数值和声明它的包。\n"
         "# `shebao policies show PARAMETER_ID` shows its current values and the pack that declares it.\n"
         "#\n"
         "#parameters:\n"
         "#  min_wage_class:\n"
         "#    values:\n"
         "#      2026-01-01: {value: 2, verified: true, source: {document: km-2026-1, article: 第一条}}\n"
         "#    by_region:\n"
         "#      \"530102\": {values: {2026-01-01: {value: 1, verified: true, source: {document: km-2026-1}}}}\n";
}

}  // namespace

int run_policies_new_city(const PoliciesArgs& a) {
  namespace fs = std::filesystem;
  const std::string root = policies_dir(a.dir.empty() ? a.policies : a.dir);
  auto r = Region::parse(a.id);
  if (!r || !(r->is_prefecture() || r->is_province())) {
    std::cerr << "shebao policies new-city: '" << a.id
              << "' 不是地市级（xxxx00）或省级（xx0000）地区代码 / is not a prefecture (xxxx00) or province (xx0000) code\n";
    return kUsage;
  }
  // The pack is named from the region table (policies/cn/regions.csv); without it, by its code.
  Diagnostics region_diagnostics;
  load_region_table(root, region_diagnostics);
  const std::string dir = "cn-" + r->to_string();
  std::error_code ec;
  if (fs::exists(fs::path(root) / dir, ec)) {
    std::cerr << "shebao policies new-city: " << (fs::path(root) / dir).string() << " 已存在 / already exists\n";
    return kFailure;
  }
  std::string parent = "cn";
  if (r->is_prefecture() && fs::exists(fs::path(root) / ("cn-" + r->province().to_string()) / "pack.yaml", ec))
    parent = "cn-" + r->province().to_string();
  const fs::path folder = fs::path(root) / dir;
  fs::create_directories(folder / "parameters", ec);
  std::ofstream pack(folder / "pack.yaml"), params(folder / "parameters" / "local.yaml");
  pack << skeleton_pack_yaml(*r, parent);
  params << skeleton_parameters_yaml(parent);
  if (ec || !pack || !params) {
    std::cerr << "shebao policies new-city: cannot write " << folder.string() << '\n';
    return kFailure;
  }
  std::cout << (folder / "pack.yaml").string() << '\n' << (folder / "parameters" / "local.yaml").string() << '\n';
  return kOk;
}

}  // namespace shebao::cli
