// Every fast path of the evaluator against the reference evaluator, on the bundled packs, every
// pack case (policies/*/tests) and thousands of random profiles, byte for byte once written.
//
// An ordinary evaluation takes shortcuts: the lowering fuses field tests (kFieldTest), flattens
// and/or chains and inlines `in [constants]` (kInConsts); the evaluation consults guards that
// settle a condition from its first test, answers parameters from the thread's memo, reads a lone
// parameter directly and tries conditions from compact arrays. The reference evaluator
// (expr/reference.h) walks the nodes as parsed with none of these. Each shortcut is switched off
// alone, then all of them, then none (DECISIONS.md), and --explain (which reads the nodes as parsed
// and never the memo) too; each must give the reference's answer.
#include <gtest/gtest.h>

#include <map>
#include <ostream>
#include <memory>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "expr/expr.h"
#include "policy/model.h"
#include "shebao/core/region_table.h"
#include "shebao/eval/evaluator.h"
#include "shebao/service/service.h"
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
        if (path == "as_of")
          v[path] = dates[pick(dates.size())];
        else
          v[path] = std::to_string(1958 + pick(55)) + "-" + (pick(2) ? "0" : "1") + std::to_string(1 + pick(2)) +
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
  if (v.count("coverage.pension.receiving") &&
      (!v.count("coverage.pension.scheme") || v["coverage.pension.scheme"] == "none"))
    v.erase("coverage.pension.receiving");
  for (auto it = v.begin(); it != v.end();) it = it->second.empty() ? v.erase(it) : std::next(it);
  return to_yaml(v);
}

// The profiles compared: every valid pack case, then random draws.
struct Cases {
  std::vector<std::string> names;  // for messages: the pack case, or the random profile's YAML
  std::vector<Profile> profiles;
  std::vector<std::string> reference;  // the reference evaluator's RESULT JSON of each
};

constexpr int kRandomProfiles = 1500;

const Cases& cases() {
  static const Cases c = [] {
    Cases out;
    LoadedPolicies loaded = load_policies(std::string(SHEBAO_SOURCE_DIR) + "/policies", true);
    for (const SourceFile& f : loaded.tests) {
      const DocNode* list = f.root.is_mapping() ? f.root.find("cases") : nullptr;
      if (!list) continue;
      for (const DocNode& item : list->items) {
        const DocNode* profile = item.find("profile");
        const DocNode* name = item.find("name");
        if (!profile) continue;
        ProfileParse parsed = read_profile(*profile, std::nullopt);
        if (!parsed.profile || !check_constraints(bundled(), *parsed.profile).empty()) continue;
        out.names.push_back(f.path + ": case " + (name ? name->text : std::string("?")));
        out.profiles.push_back(std::move(*parsed.profile));
      }
    }
    std::mt19937 rng(20261128);
    for (int i = 0; i < kRandomProfiles; ++i) {
      const std::string y = random_profile(rng);
      auto doc = parse_yaml(y);
      if (!doc.ok()) throw std::runtime_error("a random profile is not YAML:\n" + y);
      ProfileParse parsed = read_profile(*doc.root, std::nullopt);
      if (!parsed.profile) continue;  // a draw the contract refuses (e.g. paid longer than alive)
      out.names.push_back("random profile:\n" + y);
      out.profiles.push_back(std::move(*parsed.profile));
    }
    EvalOptions ref;
    ref.plain = EvalOptions::kReference;
    for (const Profile& p : out.profiles)
      out.reference.push_back(result_to_json(evaluate(bundled(), p, ref), JsonOptions{}));
    return out;
  }();
  return c;
}

// The bundled packs lowered with `l`: a set of the test's own, lowered again before any use.
std::shared_ptr<const PolicySet> lowered(const internal::Lowering& l) {
  LoadedPolicies loaded = load_policies(std::string(SHEBAO_SOURCE_DIR) + "/policies");
  if (!loaded.set) throw std::runtime_error("the bundled policy packs do not load");
  const_cast<PolicySet&>(*loaded.set).program.relower(l);  // NOLINT: no other user of this set yet
  return loaded.set;
}

struct Config {
  std::string name;
  internal::Lowering lowering;
  std::uint8_t plain = 0;
  bool explain = false;
};

std::vector<Config> configs() {
  using L = internal::Lowering;
  const std::uint8_t all_eval =
      EvalOptions::kNoGuards | EvalOptions::kNoMemo | EvalOptions::kNoParamShortcut | EvalOptions::kNoCompactConditions;
  return {
      {"AllOn", L{}, 0, false},
      {"NoFieldTestFusion", L{false, true, true}, 0, false},
      {"NoChainFlattening", L{true, false, true}, 0, false},
      {"NoInConsts", L{true, true, false}, 0, false},
      {"NoGuards", L{}, EvalOptions::kNoGuards, false},
      {"NoMemo", L{}, EvalOptions::kNoMemo, false},
      {"NoParamShortcut", L{}, EvalOptions::kNoParamShortcut, false},
      {"NoCompactConditions", L{}, EvalOptions::kNoCompactConditions, false},
      {"AllOff", L::none(), all_eval, false},
      {"Explain", L{}, 0, true},
  };
}

// Where two results first differ, with some context of each (results are 13 KB of JSON).
std::string first_difference(const std::string& got, const std::string& want) {
  std::size_t at = 0;
  while (at < got.size() && at < want.size() && got[at] == want[at]) ++at;
  const std::size_t from = at > 80 ? at - 80 : 0;
  return "first difference at byte " + std::to_string(at) + ":\n  got:       ..." + got.substr(from, 200) +
         "\n  reference: ..." + want.substr(from, 200);
}

// Each config over every profile, one after another on this thread: where the memo is on, later
// profiles (nine regions, five dates) read what earlier ones left in it.
void expect_reference_answers(const std::vector<Config>& configs) {
  const Cases& c = cases();
  ASSERT_GT(c.profiles.size(), 1000u);  // the draws are mostly valid, so the comparison covers them
  for (const Config& cfg : configs) {
    const std::shared_ptr<const PolicySet> set = lowered(cfg.lowering);
    EvalOptions opt(cfg.explain);
    opt.plain = cfg.plain;
    for (std::size_t i = 0; i < c.profiles.size(); ++i) {
      const std::string got = result_to_json(evaluate(*set, c.profiles[i], opt), JsonOptions{});
      ASSERT_TRUE(got == c.reference[i]) << cfg.name << ", " << c.names[i] << "\n"
                                         << first_difference(got, c.reference[i]);
    }
  }
}

// Two tests, so that ctest runs them side by side; each computes the reference answers once.
TEST(FastPath, LoweringSwitchesGiveTheReferenceAnswer) {
  const auto all = configs();
  expect_reference_answers({all.begin(), all.begin() + 4});  // all on, then each lowering off alone
}
TEST(FastPath, EvaluationSwitchesGiveTheReferenceAnswer) {
  const auto all = configs();
  expect_reference_answers({all.begin() + 4, all.end()});  // each evaluation switch off, all off, explain
}

// The pack of a region is looked up in an index (PolicySet::pack_by_jurisdiction: the country's
// entry and those of the region's province); the scan over every pack is its reference. The same
// pack for every region of the table, every pack's own jurisdiction and the country.
TEST(FastPath, PackIndexGivesTheScanAnswer) {
  const PolicySet& set = bundled();
  std::vector<Region> regions = {Region::national()};
  for (const auto& p : set.packs) regions.push_back(p.jurisdiction);
  ASSERT_NE(region_table(), nullptr);
  for (const RegionEntry& e : region_table()->entries())
    if (const auto r = Region::from_code(e.code)) regions.push_back(*r);
  ASSERT_GT(regions.size(), 3000u);
  std::size_t below_national = 0;
  for (const Region r : regions) {
    const int got = set.pack_for(r);
    ASSERT_EQ(got, set.pack_for_scan(r)) << r.to_string();
    below_national += got >= 0 && set.packs[static_cast<std::size_t>(got)].depth > 0;
  }
  EXPECT_GT(below_national, regions.size() / 2);  // provinces and cities found, not only the country
}

// The pack cases are among the profiles compared.
TEST(FastPathCases, IncludeEveryPackCase) {
  const Cases& c = cases();
  std::size_t pack_cases = 0;
  for (const auto& n : c.names) pack_cases += n.rfind("random profile", 0) != 0;
  EXPECT_GT(pack_cases, 20u);
}

}  // namespace
}  // namespace shebao
