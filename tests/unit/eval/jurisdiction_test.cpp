// Citations follow jurisdiction (DECISIONS.md): national rules cite national documents; the Yunnan
// pack adds 云人社发〔2021〕40号 only where the place a rule speaks of is in Yunnan. On the bundled
// packs.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "../support/bundled_policies.h"
#include "shebao/eval/evaluator.h"
#include "shebao/json/result_json.h"
#include "shebao/service/service.h"

namespace shebao {
namespace {

constexpr std::string_view kYn40 = "云人社发〔2021〕40号";

EvalResult rider(const std::string& work, const std::string& hukou, const std::string& extra = "") {
  const std::string text = "as_of: 2026-11-28\n"
                           "person: {birth: 1994-07, sex: male, hukou: {region: \"" + hukou + "\", kind: rural}}\n"
                           "work: {region: \"" + work + "\", relationship: platform_managed, platform: meituan,\n"
                           "       monthly_income: 5200}\n" + extra;
  const PolicySet& set = test_support::bundled_policies();
  ProfileInput in = read_profile_text(set, text, std::nullopt, *Date::parse("2026-11-28"));
  EXPECT_TRUE(in.profile) << (in.errors.empty() ? "" : in.errors[0].message);
  return in.profile ? evaluate(set, *in.profile, EvalOptions{}) : EvalResult{};
}

bool cites_yn40(Citations c) {
  for (const auto& x : c)
    if (x.document == kYn40) return true;
  return false;
}

const Region kYunnan = *Region::parse("530000");

TEST(CitationJurisdiction, ShenzhenWorkerIsNeverToldAYunnanNoticeGovernsHim) {
  for (const std::string relationship : {"platform_managed", "employee", "dispatched", "self_employed"}) {
    const std::string text = "as_of: 2026-11-28\n"
                             "person: {birth: 1994-07, sex: male, hukou: {region: \"440305\", kind: urban}}\n"
                             "work: {region: \"440305\", relationship: " + relationship +
                             ", industry: food_delivery, platform: meituan, monthly_income: 5200}\n"
                             "coverage: {medical: {scheme: resident, region: \"440305\"}}\n"
                             "choices: {medical_place: work}\n";
    const PolicySet& set = test_support::bundled_policies();
    ProfileInput in = read_profile_text(set, text, std::nullopt, *Date::parse("2026-11-28"));
    ASSERT_TRUE(in.profile) << (in.errors.empty() ? "" : in.errors[0].message);
    const EvalResult r = evaluate(set, *in.profile, EvalOptions{});
    EXPECT_FALSE(cites_yn40(r.relationship.citations)) << relationship;
    for (const auto& s : r.schemes)
      for (const auto& reason : s.reasons) EXPECT_FALSE(cites_yn40(reason.citations)) << relationship << " " << s.id;
    for (const auto& t : r.transfers) EXPECT_FALSE(cites_yn40(t.citations)) << relationship << " " << t.kind;
    // Every text and citation of the answer, in both languages: no Yunnan document, no Yunnan place.
    for (Lang lang : {Lang::kZh, Lang::kEn}) {
      JsonOptions o;
      o.lang = lang;
      const std::string json = result_to_json(r, o);
      EXPECT_EQ(json.find("云人社"), std::string::npos) << relationship << "\n" << json;
      EXPECT_EQ(json.find("40号"), std::string::npos) << relationship;
      EXPECT_EQ(json.find("云南"), std::string::npos) << relationship;
      EXPECT_EQ(json.find("Yunnan"), std::string::npos) << relationship;
    }
  }
}

TEST(CitationJurisdiction, LincangRiderInShenzhenSeesItOnlyForHisYunnanPlaces) {
  const EvalResult r = rider("440305", "530902");
  EXPECT_FALSE(cites_yn40(r.relationship.citations));
  bool yunnan_place_cites = false;
  for (const auto& s : r.schemes) {
    const Region place = s.enrol_region.value_or(*Region::parse("440305"));
    for (const auto& reason : s.reasons) {
      if (!kYunnan.contains(place)) {
        EXPECT_FALSE(cites_yn40(reason.citations)) << s.id;
      } else {
        yunnan_place_cites |= cites_yn40(reason.citations);
      }
    }
  }
  // The resident pension is joined at the hukou place, 临翔区: Yunnan's notice applies there.
  EXPECT_TRUE(yunnan_place_cites);
  for (const auto& t : r.transfers) {
    if (!kYunnan.contains(t.to_region.value_or(t.from_region.value_or(*Region::parse("440305"))))) {
      EXPECT_FALSE(cites_yn40(t.citations)) << t.kind;
    }
  }
}

TEST(CitationJurisdiction, YunnanRiderStillSeesTheYunnanNotice) {
  const EvalResult r = rider("530102", "530902");
  // The relationship: Yunnan's articles first, then the national guiding opinion.
  std::vector<std::string> rel;
  for (const auto& c : r.relationship.citations) rel.push_back(c.document + c.article);
  EXPECT_EQ(rel, (std::vector<std::string>{"云人社发〔2021〕40号（一）", "云人社发〔2021〕40号（九）",
                                           "云人社发〔2021〕40号（十）", "云人社发〔2021〕40号（十一）",
                                           "云人社发〔2021〕40号（五）", "人社部发〔2021〕56号"}));
  for (const auto& s : r.schemes) {
    if (s.id != "pension.employee" && s.id != "medical.employee" && s.id != "pension.resident") continue;
    ASSERT_FALSE(s.reasons.empty()) << s.id;
    EXPECT_TRUE(cites_yn40(s.reasons[0].citations)) << s.id << " " << s.reasons[0].rule;
  }
  // A medical transfer into Kunming cites it; out of Yunnan into Shenzhen it does not.
  const EvalResult in = rider("530102", "530902", "coverage: {medical: {scheme: employee, region: \"440305\"}}\n"
                                                  "choices: {medical_place: work}\n");
  const EvalResult out = rider("440305", "530902", "coverage: {medical: {scheme: employee, region: \"530102\"}}\n"
                                                   "choices: {medical_place: work}\n");
  const auto transfer = [](const EvalResult& e) -> const TransferResult* {
    for (const auto& t : e.transfers)
      if (t.kind == "medical.transfer") return &t;
    return nullptr;
  };
  ASSERT_NE(transfer(in), nullptr);
  ASSERT_NE(transfer(out), nullptr);
  EXPECT_TRUE(cites_yn40(transfer(in)->citations));
  EXPECT_FALSE(cites_yn40(transfer(out)->citations));
}

}  // namespace
}  // namespace shebao
