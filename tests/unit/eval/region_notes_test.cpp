// Withdrawn region codes answered for their successor with a warning (issue 17), on the bundled packs.
#include <gtest/gtest.h>

#include <string>

#include "../support/bundled_policies.h"
#include "shebao/eval/evaluator.h"
#include "shebao/json/result_json.h"
#include "shebao/service/service.h"

namespace shebao {
namespace {

// The rider of the contract example (hukou 临翔区), working at `work`, hukou at `hukou`.
EvalResult rider(const std::string& work, const std::string& hukou = "530902") {
  const std::string text = "as_of: 2026-11-28\n"
                           "person: {birth: 1994-07, sex: male, hukou: {region: \"" + hukou + "\", kind: rural}}\n"
                           "work: {region: \"" + work + "\", relationship: platform_managed, platform: meituan,\n"
                           "       monthly_income: 5200}\n";
  const PolicySet& set = test_support::bundled_policies();
  ProfileInput in = read_profile_text(set, text, std::nullopt, *Date::parse("2026-11-28"));
  EXPECT_TRUE(in.profile) << (in.errors.empty() ? "" : in.errors[0].message);
  return in.profile ? evaluate(set, *in.profile, EvalOptions{}) : EvalResult{};
}

std::size_t count_code(const EvalResult& r, std::string_view code) {
  std::size_t n = 0;
  for (const auto& w : r.warnings) n += w.code == code;
  return n;
}

TEST(RenumberedRegion, WithdrawnCodeIsAnsweredWithANote) {
  const EvalResult r = rider("530102", "530122");  // hukou 晋宁县 (withdrawn 2016) -> 晋宁区
  ASSERT_EQ(count_code(r, "region_code_withdrawn"), 1u);
  for (const auto& w : r.warnings) {
    if (w.code != "region_code_withdrawn") continue;
    EXPECT_EQ(w.subject, "person.hukou.region");
    const std::string zh = w.text.get(Lang::kZh);
    EXPECT_NE(zh.find("户籍地代码 530122（云南省昆明市晋宁县）已于2016年撤销，按现行的 530115（云南省昆明市晋宁区）作答"),
              std::string::npos)
        << zh;
  }
  EXPECT_EQ(count_code(rider("530102"), "region_code_withdrawn"), 0u);
}

TEST(RenumberedRegion, WorkPlaceInEnglish) {
  // 密云县 (110228) became 密云区 (110118) in 2015 (scripts/regions/withdrawn.csv cites the approval).
  const EvalResult r = rider("110228");
  ASSERT_EQ(count_code(r, "region_code_withdrawn"), 1u);
  for (const auto& w : r.warnings) {
    if (w.code != "region_code_withdrawn") continue;
    EXPECT_EQ(w.subject, "work.region");
    const std::string en = w.text.get(Lang::kEn);
    EXPECT_NE(en.find("The work place: code 110228 (Miyun County, Beijing) was withdrawn in 2015; answered for the current 110118 "
                      "(Miyun District, Beijing)"),
              std::string::npos)
        << en;
  }
  const std::string json = result_to_json(r, JsonOptions{});
  EXPECT_NE(json.find("\"code\":\"region_code_withdrawn\""), std::string::npos);
}

}  // namespace
}  // namespace shebao
