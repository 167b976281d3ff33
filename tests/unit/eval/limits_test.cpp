// The evaluator's capacities and its one piece of state between calls (eval/param_memo.h):
// - a pack reading more parameters than any fixed room (used, missing, memo, warned sets) loses
//   no warning: every unverified figure and every missing one is reported;
// - an evaluation nested inside another on one thread does not touch the memo its caller holds.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

#include "eval/param_memo.h"
#include "shebao/eval/evaluator.h"
#include "shebao/json/result_json.h"
#include "shebao/profile/profile.h"
#include "shebao/yaml/yaml_doc.h"
#include "../policy/pack_fixture.h"
#include "../support/bundled_policies.h"

namespace shebao {
namespace {

Profile profile_from(const std::string& yaml) {
  auto doc = parse_yaml(yaml);
  EXPECT_TRUE(doc.ok()) << yaml;
  ProfileParse p = read_profile(*doc.root, std::nullopt);
  if (!p.profile) {
    std::string e;
    for (const auto& err : p.errors) e += err.path + ": " + err.message + "\n";
    throw std::runtime_error("invalid profile:\n" + yaml + e);
  }
  return *p.profile;
}

constexpr int kUnverified = 150;  // more than the memo (128), the used list's inline room (64)
constexpr int kMissing = 90;      // more than the missing list's inline room (16) and the old cap (64)

// A national pack with kUnverified parameters valued but unverified and kMissing with no value,
// each read by a check of its own.
std::shared_ptr<const PolicySet> many_parameters() {
  std::string params = "parameters:\n", checks = "checks:\n";
  for (int i = 0; i < kUnverified + kMissing; ++i) {
    const std::string id = "p" + std::to_string(i);
    params += "  " + id + ":\n    type: money\n    label: {zh: 参数" + id + ", en: Parameter " + id +
              "}\n    source: {document: law}\n";
    params += i < kUnverified ? "    values: {2020-01-01: {value: \"1.00\", verified: false}}\n" : "    values: {}\n";
    checks += "  - id: check-" + id + "\n    when: param." + id + " > 0\n    warning: {code: over_" + id +
              ", text: {zh: 有, en: yes}}\n    cite: [{document: law}]\n";
  }
  fixture::PackTree t = fixture::national_tree();
  t.put("cn", "params.yaml", params).put("cn", "checks.yaml", checks);
  CompileResult r = t.compile();
  EXPECT_EQ(fixture::messages(r), std::vector<std::string>{});
  return r.set;
}

TEST(Limits, EveryUnverifiedAndMissingParameterIsReported) {
  const auto set = many_parameters();
  ASSERT_TRUE(set);
  const Profile p = profile_from(
      "as_of: 2026-11-28\nperson:\n  birth: 1992-03\n  sex: male\n  hukou: {region: \"530902\"}\n"
      "work:\n  region: \"530102\"\n  relationship: platform_managed\n  monthly_income: 5200\n");
  for (std::uint8_t plain : {std::uint8_t{0}, std::uint8_t{EvalOptions::kReference}}) {
    EvalOptions opt;
    opt.plain = plain;
    const EvalResult r = evaluate(*set, p, opt);
    int unverified = 0, missing = 0, fired = 0;
    for (const Warning& w : r.warnings) {
      unverified += w.code == "parameter_unverified";
      missing += w.code == "no_local_parameters";
      fired += w.code.starts_with("over_");
    }
    EXPECT_EQ(unverified, kUnverified) << "plain " << int{plain};
    EXPECT_EQ(missing, kMissing) << "plain " << int{plain};
    EXPECT_EQ(fired, kUnverified) << "plain " << int{plain};
  }
}

std::string rider_yaml() {
  std::ifstream in(std::string(SHEBAO_SOURCE_DIR) + "/examples/rider-lincang-in-kunming.yaml");
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// An evaluation inside another (as from a caller's callback) is refused the thread's memo: the
// entry its caller holds is neither read nor reset.
TEST(ParamMemo, ANestedEvaluationLeavesItsCallersMemoAlone) {
  const PolicySet& set = test_support::bundled_policies();
  const Profile rider = profile_from(rider_yaml());
  EvalOptions ref;
  ref.plain = EvalOptions::kReference;
  const std::string want = result_to_json(evaluate(set, rider, ref), JsonOptions{});

  internal::MemoHold outer;  // as the evaluation around this one would hold it
  ASSERT_TRUE(outer.granted());
  // The entry the rider's evaluation would use, filled with wrong answers: "no value" for all.
  const Region work = *Region::from_code(static_cast<std::uint32_t>(rider.get(FieldId::kWorkRegion).value));
  internal::LookupMemo& held = internal::claim_memo(set, work, rider.as_of());
  held.known.set();
  held.versions.fill(nullptr);
  EXPECT_EQ(result_to_json(evaluate(set, rider), JsonOptions{}), want);
  EXPECT_TRUE(held.known.all());  // not reset under its holder
  {
    internal::MemoHold inner;
    EXPECT_FALSE(inner.granted());
  }
  held.known.reset();  // leave the thread's memo usable for later tests
}

}  // namespace
}  // namespace shebao
