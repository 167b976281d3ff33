// "Say where local rules are missing" (issue 17 item 4; DECISIONS.md "Provinces' figures live in a
// parameters-only pack per province"): the work or hukou place without a city pack of its own is
// named once, at the top of the answer. On the bundled packs.
#include <gtest/gtest.h>

#include <string>

#include "../support/bundled_policies.h"
#include "shebao/eval/evaluator.h"
#include "shebao/json/result_json.h"
#include "shebao/service/service.h"
#include "shebao/text/render_text.h"

namespace shebao {
namespace {

EvalResult rider(const std::string& work, const std::string& hukou) {
  const std::string text = "as_of: 2026-11-28\n"
                           "person: {birth: 1994-07, sex: male, hukou: {region: \"" + hukou + "\", kind: rural}}\n"
                           "work: {region: \"" + work + "\", relationship: platform_managed, platform: meituan,\n"
                           "       monthly_income: 5200}\n";
  const PolicySet& set = test_support::bundled_policies();
  ProfileInput in = read_profile_text(set, text, std::nullopt, *Date::parse("2026-11-28"));
  EXPECT_TRUE(in.profile) << (in.errors.empty() ? "" : in.errors[0].message);
  return in.profile ? evaluate(set, *in.profile, EvalOptions{}) : EvalResult{};
}

std::size_t count(const std::string& s, const std::string& part) {
  std::size_t n = 0;
  for (std::size_t at = s.find(part); at != std::string::npos; at = s.find(part, at + part.size())) ++n;
  return n;
}

TEST(LocalRules, ShenzhenHasNoCityPack) {
  const EvalResult r = rider("440305", "530902");  // a Lincang rider: Lincang has its own pack
  ASSERT_EQ(r.local_rules.size(), 1u);
  EXPECT_EQ(r.local_rules[0].place, "work");
  EXPECT_EQ(r.local_rules[0].region.to_string(), "440305");
  EXPECT_TRUE(r.local_rules[0].provincial_figures);
  EXPECT_EQ(r.local_rules_text.get(Lang::kZh),
            "本答复未包含深圳市的本地规定：按国家和广东省的规定作答，金额以当地经办机构公布为准。");
  EXPECT_EQ(r.local_rules_text.get(Lang::kEn),
            "This answer does not include the local rules of Shenzhen: it follows the national rules and those of "
            "Guangdong; amounts as the local office publishes them.");
  const std::string json = result_to_json(r, JsonOptions{});
  EXPECT_NE(json.find("\"local_rules\":{\"text\":\"本答复未包含深圳市的本地规定"), std::string::npos) << json;
  EXPECT_NE(json.find("\"places\":[{\"place\":\"work\",\"region\":\"440305\",\"region_name\":\"广东省深圳市南山区\","
                      "\"provincial_figures\":true}]"),
            std::string::npos);
  // The text answer says it once, near the top (before the bottom line).
  const std::string text = result_to_text(r, TextOptions{});
  EXPECT_EQ(count(text, "本答复未包含深圳市的本地规定"), 1u) << text;
  EXPECT_LT(text.find("本答复未包含"), text.find("各险种"));
  // The hukou place in the same city is not named a second time.
  const EvalResult same = rider("440305", "440304");
  ASSERT_EQ(same.local_rules.size(), 1u);
  EXPECT_EQ(same.local_rules[0].place, "work");
  // County-level cities directly under Hubei (仙桃市, 潜江市) are cities of their own.
  EXPECT_EQ(rider("429004", "429005").local_rules_text.get(Lang::kZh),
            "本答复未包含仙桃市（工作地）和潜江市（户籍地）的本地规定：按国家和湖北省的规定作答，金额以当地经办机构公布为准。");
}

TEST(LocalRules, HukouInAProvinceWithoutAPack) {
  // Xinjiang has no pack: neither city rules nor provincial figures are included.
  const EvalResult r = rider("530102", "650102");
  ASSERT_EQ(r.local_rules.size(), 1u);
  EXPECT_EQ(r.local_rules[0].place, "hukou");
  EXPECT_FALSE(r.local_rules[0].provincial_figures);
  EXPECT_EQ(r.local_rules_text.get(Lang::kZh),
            "本答复未包含乌鲁木齐市（户籍地）的本地规定，也未包含新疆维吾尔自治区的省级规定和数字：按国家的规定作答，"
            "金额以当地经办机构公布为准。");
  const EvalResult both = rider("440305", "650102");
  ASSERT_EQ(both.local_rules.size(), 2u);
  EXPECT_EQ(both.local_rules_text.get(Lang::kZh),
            "本答复未包含深圳市（工作地）和乌鲁木齐市（户籍地）的本地规定，也未包含新疆维吾尔自治区的省级规定和数字："
            "按国家和广东省的规定作答，金额以当地经办机构公布为准。");
  EXPECT_EQ(both.local_rules_text.get(Lang::kEn),
            "This answer does not include the local rules of Shenzhen (work place) and Wulumuqi (hukou place), nor the "
            "provincial rules and figures of Xinjiang: it follows the national rules and those of Guangdong; amounts "
            "as the local office publishes them.");
}

TEST(LocalRules, NotForPlacesWithTheirOwnPack) {
  // The Lincang rider in Kunming: both cities have packs (cn-530900, cn-530100).
  const EvalResult r = rider("530102", "530902");
  EXPECT_TRUE(r.local_rules.empty());
  EXPECT_TRUE(r.local_rules_text.empty());
  EXPECT_EQ(result_to_json(r, JsonOptions{}).find("\"local_rules\""), std::string::npos);
  EXPECT_EQ(result_to_text(r, TextOptions{}).find("本地规定"), std::string::npos);
  // A municipality's pack is its city's own (Beijing).
  EXPECT_TRUE(rider("110105", "530902").local_rules.empty());
  // A Yunnan city without a pack of its own (Qujing) is named; Yunnan's figures are included.
  const EvalResult q = rider("530302", "530902");
  ASSERT_EQ(q.local_rules.size(), 1u);
  EXPECT_TRUE(q.local_rules[0].provincial_figures);
  EXPECT_EQ(q.local_rules_text.get(Lang::kZh),
            "本答复未包含曲靖市的本地规定：按国家和云南省的规定作答，金额以当地经办机构公布为准。");
}

}  // namespace
}  // namespace shebao
