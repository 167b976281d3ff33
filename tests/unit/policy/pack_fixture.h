// In-memory policy trees for the compiler and evaluator tests: a minimal valid national pack
// (all nine schemes with a fallback rule, six relationships, retirement, documents) that tests
// vary file by file. Header-only; included by tests/unit/policy and tests/unit/eval.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "shebao/policy/policy_set.h"
#include "shebao/yaml/yaml_doc.h"

namespace shebao::fixture {

inline const std::vector<std::string>& scheme_ids_in_order() {
  static const std::vector<std::string> ids = {
      "pension.employee", "pension.resident",    "medical.employee", "medical.resident",
      "injury.work",      "injury.occupational", "unemployment",     "commercial.accident",
      "commercial.employer_liability"};
  return ids;
}

inline const char* kNationalPack =
    "id: cn\n"
    "jurisdiction: \"000000\"\n"
    "name: {zh: 全国, en: China}\n"
    "documents:\n"
    "  law: {number: 《社会保险法》, title: {zh: 中华人民共和国社会保险法, en: Social Insurance Law}}\n"
    "  wage: {number: 统计公报2024, title: {zh: 平均工资公报, en: Average wage bulletin}}\n";

// The national schemes file. For each scheme, `rules` replaces the default single fallback rule
// (write the YAML items indented by 6 spaces: "      - id: ...").
// Scheme k (0-based, RESULT.md order) starts at line 2 + 5k when no rules are replaced.
inline std::string national_schemes(const std::map<std::string, std::string>& rules = {},
                                    const std::vector<std::string>& omit = {}) {
  std::string s = "schemes:\n";
  for (const auto& id : scheme_ids_in_order()) {
    if (std::find(omit.begin(), omit.end(), id) != omit.end()) continue;
    s += "  " + id + ":\n";
    s += "    name: {zh: 险种" + id + ", en: " + id + "}\n";
    s += "    rules:\n";
    auto it = rules.find(id);
    if (it != rules.end()) {
      s += it->second;
    } else {
      s += "      - {id: fallback, then: {status: not_available}, because: {zh: 无, en: none}, cite: [{document: law}]}\n";
    }
  }
  return s;
}

inline std::string relationships(const std::vector<std::string>& omit = {}) {
  std::string s = "relationships:\n";
  for (const char* r : {"employee", "part_time", "platform_managed", "self_employed", "dispatched", "outsourced"}) {
    if (std::find(omit.begin(), omit.end(), r) != omit.end()) continue;
    s += std::string("  ") + r + ": {label: {zh: 标签, en: " + r + "}, explanation: {zh: 说明, en: who enrols}, " +
         "cite: [{document: law, article: 第十条}]}\n";
  }
  return s;
}

inline const char* kRetirement =
    "retirement:\n"
    "  categories:\n"
    "    male: {original_age: 60y, first_birth: 1965-01, step_months: 4, max_delay_months: 36}\n"
    "    female_55: {original_age: 55y, first_birth: 1970-01, step_months: 4, max_delay_months: 36}\n"
    "    female_50: {original_age: 50y, first_birth: 1975-01, step_months: 2, max_delay_months: 60}\n"
    "  minimum_years: {base: 15y, first_year: 2030, step_months: 6, max: 20y}\n"
    "  flexible: {early_max: 3y, late_max: 3y}\n"
    "  female_default:\n"
    "    - when: work.relationship in [part_time, platform_managed, self_employed]\n"
    "      original_age: 55\n"
    "      verified: false\n"
    "      cite: [{document: law}]\n"
    "  cite: [{document: law}]\n";

inline const char* kProvincePack =
    "id: cn-530000\n"
    "jurisdiction: \"530000\"\n"
    "parent: cn\n"
    "name: {zh: 云南省, en: Yunnan}\n"
    "documents:\n"
    "  yn-40: {number: 云人社发〔2021〕40号, title: {zh: 实施意见, en: Implementing opinions}}\n";

inline const char* kPrefecturePack =
    "id: cn-530900\n"
    "jurisdiction: \"530900\"\n"
    "parent: cn-530000\n"
    "name: {zh: 临沧市, en: Lincang}\n";

inline const char* kKunmingPack =
    "id: cn-530100\n"
    "jurisdiction: \"530100\"\n"
    "parent: cn-530000\n"
    "name: {zh: 昆明市, en: Kunming}\n";

// Pack folders -> file name inside the folder -> YAML text.
class PackTree {
 public:
  std::map<std::string, std::map<std::string, std::string>> files;

  PackTree& put(const std::string& dir, const std::string& name, std::string text) {
    files[dir][name] = std::move(text);
    return *this;
  }
  PackTree& remove(const std::string& dir, const std::string& name) {
    files[dir].erase(name);
    return *this;
  }

  // Paths as load_pack_dir("policies") would give them: "policies/<dir>/<name>", rel "<dir>/<name>".
  std::vector<PackSource> sources() const {
    std::vector<PackSource> out;
    for (const auto& [dir, fs] : files) {
      PackSource ps;
      ps.dir = dir;
      for (const auto& [name, text] : fs) {
        SourceFile f;
        f.path = "policies/" + dir + "/" + name;
        f.rel = dir + "/" + name;
        f.text = text;
        auto doc = parse_yaml(text);
        if (!doc.ok()) {
          ADD_FAILURE() << f.path << ": the test's YAML does not parse: "
                        << (doc.errors.empty() ? "?" : doc.errors[0].message);
          continue;
        }
        f.root = *doc.root;
        ps.files.push_back(std::move(f));
      }
      out.push_back(std::move(ps));
    }
    return out;
  }
  CompileResult compile() const { return compile_policies(sources()); }
};

// The national pack alone, valid.
inline PackTree national_tree() {
  PackTree t;
  t.put("cn", "pack.yaml", kNationalPack)
      .put("cn", "schemes.yaml", national_schemes())
      .put("cn", "relationships.yaml", relationships())
      .put("cn", "retirement.yaml", kRetirement);
  return t;
}

// National + Yunnan + Lincang + Kunming, valid.
inline PackTree yunnan_tree() {
  PackTree t = national_tree();
  t.put("cn-530000", "pack.yaml", kProvincePack)
      .put("cn-530900", "pack.yaml", kPrefecturePack)
      .put("cn-530100", "pack.yaml", kKunmingPack);
  return t;
}

inline std::vector<std::string> messages(const CompileResult& r) {
  std::vector<std::string> out;
  for (const auto& d : r.diagnostics.items) out.push_back(d.to_string());
  return out;
}

}  // namespace shebao::fixture
