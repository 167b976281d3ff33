// The evaluator's fast path against its traced path, on the bundled packs and many profiles.
//
// An ordinary evaluation takes shortcuts that --explain does not: fused field tests, flattened
// and/or chains, guards that settle a condition from its first test (Program::guard), parameters
// answered from the thread's memo. The traced path evaluates every node as parsed. Whatever the
// profile, both must give the same answer, byte for byte once written.
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "shebao/eval/evaluator.h"
#include "shebao/json/result_json.h"
#include "shebao/profile/profile.h"
#include "shebao/yaml/yaml_doc.h"
#include "../support/bundled_policies.h"

namespace shebao {
namespace {

const PolicySet& bundled() { return test_support::bundled_policies(); }

// A nested YAML mapping from dotted paths ("coverage.pension.scheme" -> "employee").
std::string to_yaml(const std::map<std::string, std::string>& values) {
  std::string out;
  std::vector<std::string> open;  // the mapping keys written above the current line
  for (const auto& [path, value] : values) {
    std::vector<std::string> keys;
    for (std::size_t start = 0;;) {
      const std::size_t dot = path.find('.', start);
      keys.push_back(path.substr(start, dot - start));
      if (dot == std::string::npos) break;
      start = dot + 1;
    }
    std::size_t same = 0;
    while (same < open.size() && same + 1 < keys.size() && open[same] == keys[same]) ++same;
    open.resize(same);
    for (std::size_t k = same; k + 1 < keys.size(); ++k) {
      out += std::string(2 * k, ' ') + keys[k] + ":\n";
      open.push_back(keys[k]);
    }
    out += std::string(2 * (keys.size() - 1), ' ') + keys.back() + ": " + value + "\n";
  }
  return out;
}

// A profile with every field drawn at random (optional ones often left out), as YAML.
std::string random_profile(std::mt19937& rng) {
  auto pick = [&](std::size_t n) { return static_cast<std::size_t>(rng() % n); };
  auto chance = [&](int percent) { return static_cast<int>(rng() % 100) < percent; };
  static const std::vector<std::string> regions = {"530102", "530103", "530111", "530902", "530921",
                                                   "530402", "110101", "440305", "510104"};
  static const std::vector<std::string> dates = {"2024-06-01", "2025-03-01", "2026-09-30", "2026-11-28", "2027-01-15"};
  std::map<std::string, std::string> v;
  for (const FieldSpec& f : profile_schema()) {
    const std::string path(f.path);
    if (!f.required && path != "as_of" && !chance(55)) continue;
    switch (f.type) {
      case FieldType::kDate:
        if (path == "as_of") v[path] = dates[pick(dates.size())];
        else v[path] = std::to_string(1958 + pick(55)) + "-" + (pick(2) ? "0" : "1") + std::to_string(1 + pick(2)) +
                       (pick(2) ? "-1" + std::to_string(pick(10)) : "");
        break;
      case FieldType::kEnum: v[path] = std::string(f.enum_values[pick(f.enum_values.size())]); break;
      case FieldType::kRegion: v[path] = "\"" + regions[pick(regions.size())] + "\""; break;
      case FieldType::kBool: v[path] = chance(30) ? "true" : "false"; break;
      case FieldType::kMoney:
        v[path] = path == "choices.resident_pension_grade" ? std::to_string(100 * (1 + pick(20)))
                                                            : std::to_string(pick(16000));
        break;
      case FieldType::kMonths: v[path] = std::to_string(pick(420)); break;
      case FieldType::kYears:
        if (!f.allowed_years.empty()) v[path] = std::to_string(f.allowed_years[pick(f.allowed_years.size())]);
        break;
      case FieldType::kYearCount: v[path] = std::to_string(pick(20)); break;
      case FieldType::kDecimal: v[path] = "0." + std::to_string(6 + pick(4)); break;
      case FieldType::kString: v[path] = pick(2) ? "meituan" : "didi"; break;
    }
  }
  // Combinations the profile contract refuses are left out, so that most draws are evaluated.
  if (v["person.sex"] != "female") v.erase("person.female_original_retirement_age");
  if (v.count("coverage.medical.retiree_benefits") && v["coverage.medical.scheme"] != "employee")
    v.erase("coverage.medical.retiree_benefits");
  if (v.count("coverage.pension.receiving") && (!v.count("coverage.pension.scheme") || v["coverage.pension.scheme"] == "none"))
    v.erase("coverage.pension.receiving");
  for (auto it = v.begin(); it != v.end();) it = it->second.empty() ? v.erase(it) : std::next(it);
  return to_yaml(v);
}

TEST(FastPath, GivesTheTracedAnswerForEveryProfile) {
  std::mt19937 rng(20261128);
  const JsonOptions opt{};
  int evaluated = 0;
  for (int i = 0; i < 4000; ++i) {
    const std::string y = random_profile(rng);
    auto doc = parse_yaml(y);
    ASSERT_TRUE(doc.ok()) << y;
    ProfileParse parsed = read_profile(*doc.root, std::nullopt);
    if (!parsed.profile) continue;  // a draw the contract refuses (e.g. paid longer than alive)
    ++evaluated;
    const std::string fast = result_to_json(evaluate(bundled(), *parsed.profile, EvalOptions{false}), opt);
    const std::string traced = result_to_json(evaluate(bundled(), *parsed.profile, EvalOptions{true}), opt);
    ASSERT_EQ(fast, traced) << "profile:\n" << y;
  }
  EXPECT_GT(evaluated, 3000);  // the draws are mostly valid, so the comparison covers them
}

}  // namespace
}  // namespace shebao
