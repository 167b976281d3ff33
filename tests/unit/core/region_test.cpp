#include "shebao/core/region.h"

#include "shebao/core/region_table.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <span>
#include <string>
#include <vector>

namespace shebao {
namespace {

Region r(std::string_view s) {
  auto x = Region::parse(s);
  EXPECT_TRUE(x.has_value()) << s;
  return x.value_or(Region{});
}

std::vector<std::string> find(std::string_view query, std::size_t max_out = 100) {
  std::vector<RegionMatch> out(max_out);
  const std::size_t n = find_regions(query, out.data(), out.size());
  std::vector<std::string> codes;
  for (std::size_t i = 0; i < n; ++i) codes.push_back(out[i].region.to_string());
  return codes;
}

// ---- parse / from_code ----

TEST(RegionParse, Valid) {
  EXPECT_EQ(r("530902").code(), 530902u);
  EXPECT_EQ(r("530000").code(), 530000u);
  EXPECT_EQ(r("110000").code(), 110000u);
  EXPECT_EQ(r("110105").code(), 110105u);  // valid code even without a known name
  EXPECT_EQ(r("820000").code(), 820000u);
  EXPECT_EQ(r("530902").to_string(), "530902");
}

TEST(RegionParse, Invalid) {
  for (const char* bad : {"000000",  "990000", "53090",  "53090a",       "5309021", "",       " 530902",
                          "530902 ", "+53090", "-53090", "５３０９０２", "100000",  "160000", "200000",
                          "240000",  "300000", "380000", "400000",       "470000",  "490000", "550000",
                          "600000",  "660000", "700000", "720000",       "800000",  "830000", "910000"}) {
    EXPECT_FALSE(Region::parse(bad).has_value()) << '"' << bad << '"';
  }
}

TEST(RegionParse, EveryProvincePrefix) {
  const std::array<int, 34> kProvinces{11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42,
                                       43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82};
  int valid = 0;
  for (int p = 0; p <= 99; ++p) {
    const auto region = Region::from_code(static_cast<std::uint32_t>(p) * 10000);
    if (region) {
      ++valid;
      EXPECT_FALSE(region->name(Lang::kZh).empty()) << p;
      EXPECT_FALSE(region->name(Lang::kEn).empty()) << p;
    }
  }
  EXPECT_EQ(valid, 34);
  for (int p : kProvinces)
    EXPECT_TRUE(Region::from_code(static_cast<std::uint32_t>(p) * 10000 + 102).has_value()) << p;
}

TEST(RegionFromCode, SameRulesAsParse) {
  EXPECT_EQ(Region::from_code(530902)->code(), 530902u);
  EXPECT_FALSE(Region::from_code(0).has_value());
  EXPECT_FALSE(Region::from_code(990000).has_value());
  EXPECT_FALSE(Region::from_code(53090).has_value());      // five digits: province prefix 05
  EXPECT_FALSE(Region::from_code(5309021).has_value());    // seven digits
  EXPECT_FALSE(Region::from_code(1'100'000).has_value());  // seven digits starting 11
}

// ---- hierarchy ----

TEST(RegionHierarchy, Levels) {
  EXPECT_TRUE(Region::national().is_national());
  EXPECT_FALSE(Region::national().is_province());
  EXPECT_FALSE(Region::national().is_prefecture());
  EXPECT_EQ(Region::national().to_string(), "000000");

  EXPECT_TRUE(r("530000").is_province());
  EXPECT_FALSE(r("530000").is_prefecture());
  EXPECT_TRUE(r("530900").is_prefecture());
  EXPECT_FALSE(r("530900").is_province());
  EXPECT_FALSE(r("530902").is_province());
  EXPECT_FALSE(r("530902").is_prefecture());
}

TEST(RegionHierarchy, ProvinceAndPrefecture) {
  EXPECT_EQ(r("530902").province(), r("530000"));
  EXPECT_EQ(r("530902").prefecture(), r("530900"));
  EXPECT_EQ(r("530900").prefecture(), r("530900"));
  EXPECT_EQ(r("530900").province(), r("530000"));
  EXPECT_EQ(r("530000").prefecture(), r("530000"));
  EXPECT_EQ(r("530000").province(), r("530000"));
  EXPECT_EQ(r("110105").prefecture(), r("110100"));  // municipality districts sit under xx0100
  EXPECT_EQ(r("110105").province(), r("110000"));
}

TEST(RegionHierarchy, Contains) {
  const Region yunnan = r("530000");
  const Region lincang = r("530900");
  const Region linxiang = r("530902");
  const Region kunming = r("530100");
  const Region wuhua = r("530102");

  EXPECT_TRUE(Region::national().contains(linxiang));
  EXPECT_TRUE(Region::national().contains(Region::national()));
  EXPECT_TRUE(yunnan.contains(yunnan));
  EXPECT_TRUE(yunnan.contains(lincang));
  EXPECT_TRUE(yunnan.contains(linxiang));
  EXPECT_FALSE(yunnan.contains(r("510000")));
  EXPECT_FALSE(yunnan.contains(r("510104")));
  EXPECT_FALSE(yunnan.contains(Region::national()));
  EXPECT_TRUE(lincang.contains(lincang));
  EXPECT_TRUE(lincang.contains(linxiang));
  EXPECT_TRUE(lincang.contains(r("530927")));
  EXPECT_FALSE(lincang.contains(wuhua));
  EXPECT_FALSE(lincang.contains(kunming));
  EXPECT_FALSE(lincang.contains(yunnan));
  EXPECT_TRUE(linxiang.contains(linxiang));
  EXPECT_FALSE(linxiang.contains(lincang));
  EXPECT_FALSE(linxiang.contains(r("530921")));
  EXPECT_TRUE(kunming.contains(wuhua));
  EXPECT_TRUE(kunming.contains(r("530181")));
}

TEST(RegionHierarchy, Ordering) {
  EXPECT_LT(r("530100"), r("530900"));
  EXPECT_EQ(r("530902"), Region::from_code(530902));
}

// ---- names ----

TEST(RegionNames, Provinces) {
  EXPECT_EQ(r("530000").name(Lang::kZh), "云南省");
  EXPECT_EQ(r("530000").name(Lang::kEn), "Yunnan");
  EXPECT_EQ(r("110000").name(Lang::kZh), "北京市");
  EXPECT_EQ(r("150000").name(Lang::kZh), "内蒙古自治区");
  EXPECT_EQ(r("450000").name(Lang::kZh), "广西壮族自治区");
  EXPECT_EQ(r("650000").name(Lang::kZh), "新疆维吾尔自治区");
  EXPECT_EQ(r("810000").name(Lang::kZh), "香港特别行政区");
  EXPECT_EQ(r("820000").name(Lang::kEn), "Macao");
  EXPECT_EQ(r("610000").name(Lang::kEn), "Shaanxi");
  EXPECT_EQ(r("140000").name(Lang::kEn), "Shanxi");
}

TEST(RegionNames, YunnanPrefectures) {
  struct Case {
    const char* code;
    const char* zh;
    const char* en;
  };
  const Case cases[] = {
      {"530100", "昆明市", "Kunming"},
      {"530300", "曲靖市", "Qujing"},
      {"530400", "玉溪市", "Yuxi"},
      {"530500", "保山市", "Baoshan"},
      {"530600", "昭通市", "Zhaotong"},
      {"530700", "丽江市", "Lijiang"},
      {"530800", "普洱市", "Pu'er"},
      {"530900", "临沧市", "Lincang"},
      {"532300", "楚雄彝族自治州", "Chuxiong"},
      {"532500", "红河哈尼族彝族自治州", "Honghe"},
      {"532600", "文山壮族苗族自治州", "Wenshan"},
      {"532800", "西双版纳傣族自治州", "Xishuangbanna"},
      {"532900", "大理白族自治州", "Dali"},
      {"533100", "德宏傣族景颇族自治州", "Dehong"},
      {"533300", "怒江傈僳族自治州", "Nujiang"},
      {"533400", "迪庆藏族自治州", "Diqing"},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(r(c.code).name(Lang::kZh), c.zh) << c.code;
    EXPECT_EQ(r(c.code).name(Lang::kEn), c.en) << c.code;
    EXPECT_TRUE(r(c.code).is_prefecture()) << c.code;
  }
}

TEST(RegionNames, KunmingAndLincangCounties) {
  // Exactly the list in shared/policy-facts/medical-injury-local.md section 7.
  struct Case {
    const char* code;
    const char* zh;
  };
  const Case cases[] = {
      {"530102", "五华区"},
      {"530103", "盘龙区"},
      {"530111", "官渡区"},
      {"530112", "西山区"},
      {"530113", "东川区"},
      {"530114", "呈贡区"},
      {"530115", "晋宁区"},
      {"530124", "富民县"},
      {"530125", "宜良县"},
      {"530126", "石林彝族自治县"},
      {"530127", "嵩明县"},
      {"530128", "禄劝彝族苗族自治县"},
      {"530129", "寻甸回族彝族自治县"},
      {"530181", "安宁市"},
      {"530902", "临翔区"},
      {"530921", "凤庆县"},
      {"530922", "云县"},
      {"530923", "永德县"},
      {"530924", "镇康县"},
      {"530925", "双江拉祜族佤族布朗族傣族自治县"},
      {"530926", "耿马傣族佤族自治县"},
      {"530927", "沧源佤族自治县"},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(r(c.code).name(Lang::kZh), c.zh) << c.code;
    EXPECT_FALSE(r(c.code).name(Lang::kEn).empty()) << c.code;
  }
  EXPECT_EQ(r("530102").name(Lang::kEn), "Wuhua District");
  EXPECT_EQ(r("530902").name(Lang::kEn), "Linxiang District");
  EXPECT_EQ(r("530922").name(Lang::kEn), "Yun County");
  EXPECT_EQ(r("530927").name(Lang::kEn), "Cangyuan Va Autonomous County");
}

TEST(RegionNames, EveryCountyOfChina) {
  // The bundled table (policies/cn/regions.csv) is installed for every unit test (unit_regions_env.cpp).
  const RegionTable* t = region_table();
  ASSERT_NE(t, nullptr);
  EXPECT_GE(t->current_count(), 3200u);
  std::size_t provinces = 0, counties = 0;
  for (const auto& e : t->entries()) {
    if (!e.current()) continue;
    const Region reg = *Region::from_code(e.code);
    EXPECT_FALSE(reg.name(Lang::kZh).empty()) << e.code;
    EXPECT_FALSE(reg.name(Lang::kEn).empty()) << e.code;
    EXPECT_EQ(reg.full_name(Lang::kZh).find_first_of("0123456789"), std::string::npos) << e.code;
    if (reg.is_province()) ++provinces;
    else if (!reg.is_prefecture()) ++counties;
  }
  EXPECT_EQ(provinces, 34u);  // 31 + Hong Kong, Macao, Taiwan
  EXPECT_GE(counties, 2800u);
}

TEST(RegionNames, AcrossTheCountry) {
  EXPECT_EQ(r("440305").name(Lang::kZh), "南山区");
  EXPECT_EQ(r("440305").full_name(Lang::kZh), "广东省深圳市南山区");
  EXPECT_EQ(r("440305").full_name(Lang::kEn), "Nanshan District, Shenzhen, Guangdong");
  EXPECT_EQ(r("110105").full_name(Lang::kZh), "北京市朝阳区");
  EXPECT_EQ(r("110105").full_name(Lang::kEn), "Chaoyang District, Beijing");
  EXPECT_EQ(r("330106").full_name(Lang::kZh), "浙江省杭州市西湖区");
  EXPECT_EQ(r("310115").full_name(Lang::kZh), "上海市浦东新区");
  // A county-level city under the province directly (no prefecture).
  EXPECT_EQ(r("429004").full_name(Lang::kZh), "湖北省仙桃市");
  EXPECT_EQ(r("429004").full_name(Lang::kEn), "Xiantao City, Hubei");
  // A prefecture without counties.
  EXPECT_EQ(r("441900").full_name(Lang::kZh), "广东省东莞市");
}

TEST(RegionNames, UnknownCodes) {
  EXPECT_TRUE(r("530101").name(Lang::kZh).empty());  // 市辖区: a statistical placeholder, not a region
  EXPECT_TRUE(r("530999").name(Lang::kEn).empty());
  EXPECT_EQ(Region::national().name(Lang::kZh), "全国");
  EXPECT_EQ(Region::national().name(Lang::kEn), "China");
  EXPECT_EQ(r("530101").full_name(Lang::kZh), "云南省昆明市530101");
  EXPECT_EQ(r("530999").full_name(Lang::kEn), "530999, Lincang, Yunnan");
}

TEST(RegionNames, FullName) {
  EXPECT_EQ(r("530902").full_name(Lang::kZh), "云南省临沧市临翔区");
  EXPECT_EQ(r("530902").full_name(Lang::kEn), "Linxiang District, Lincang, Yunnan");
  EXPECT_EQ(r("530102").full_name(Lang::kZh), "云南省昆明市五华区");
  EXPECT_EQ(r("530102").full_name(Lang::kEn), "Wuhua District, Kunming, Yunnan");
  EXPECT_EQ(r("530900").full_name(Lang::kZh), "云南省临沧市");
  EXPECT_EQ(r("530900").full_name(Lang::kEn), "Lincang, Yunnan");
  EXPECT_EQ(r("530000").full_name(Lang::kZh), "云南省");
  EXPECT_EQ(r("530000").full_name(Lang::kEn), "Yunnan");
  EXPECT_EQ(Region::national().full_name(Lang::kZh), "全国");
}

// ---- withdrawn and unknown codes ----

TEST(RegionCheck, WithdrawnCodeMapsToItsSuccessor) {
  // 晋宁县 became 晋宁区 in 2016 (scripts/regions/withdrawn.csv cites the notice).
  const RegionCheck c = check_region_code(530122);
  ASSERT_EQ(c.kind, RegionCheck::Kind::kWithdrawn);
  EXPECT_EQ(c.region, r("530115"));
  ASSERT_NE(c.old, nullptr);
  EXPECT_EQ(c.old->zh, "晋宁县");
  EXPECT_EQ(c.old->valid_to, 2016);
  EXPECT_EQ(r("530122").full_name(Lang::kZh), "云南省昆明市晋宁县");  // named for the note
  // 密云县 became 密云区 in 2015.
  EXPECT_EQ(check_region_code(110228).region, r("110118"));
}

TEST(RegionCheck, SplitCodeOffersTheParts) {
  // 杭州市江干区 (330104) was divided in 2021 between 上城区 (330102) and the new 钱塘区 (330114).
  const RegionCheck c = check_region_code(330104);
  ASSERT_EQ(c.kind, RegionCheck::Kind::kSplit);
  EXPECT_EQ(c.suggestions, (std::vector<Region>{r("330102"), r("330114")}));
}

TEST(RegionCheck, CurrentAndUnknown) {
  EXPECT_EQ(check_region_code(440305).kind, RegionCheck::Kind::kCurrent);
  const RegionCheck c = check_region_code(530999);
  ASSERT_EQ(c.kind, RegionCheck::Kind::kUnknown);
  ASSERT_EQ(c.suggestions.size(), 5u);
  EXPECT_EQ(c.suggestions[0], r("530900"));  // its prefecture first, then the nearest codes
  EXPECT_EQ(c.suggestions[1], r("530927"));
  EXPECT_EQ(describe_regions(std::span(c.suggestions).first(2), Lang::kZh),
            "云南省临沧市（530900）、云南省临沧市沧源佤族自治县（530927）");
  EXPECT_EQ(describe_regions(std::span(c.suggestions).first(1), Lang::kEn), "Lincang, Yunnan (530900)");
  // No real prefecture: the province's nearest.
  const RegionCheck p = check_region_code(539900);
  ASSERT_EQ(p.kind, RegionCheck::Kind::kUnknown);
  EXPECT_EQ(p.suggestions[0], r("530000"));
}

TEST(RegionTable, RejectsMalformedRows) {
  const std::string header = "code,name,short,pinyin,en,parent,valid_from,valid_to,successor\n";
  EXPECT_TRUE(RegionTable::parse(header + "530000,云南省,云南,Yunnan,Yunnan,,1981,,\n").table);
  EXPECT_FALSE(RegionTable::parse("530000,云南省\n").table);                                          // no header
  EXPECT_FALSE(RegionTable::parse(header + "53000,云南省,云南,Yunnan,Yunnan,,1981,,\n").table);        // 5 digits
  EXPECT_FALSE(RegionTable::parse(header + "530000,云南省,云南,Yunnan\n").table);                       // 4 fields
  EXPECT_FALSE(RegionTable::parse(header + "530122,晋宁县,晋宁,Jinning,Jinning County,,1981,2016,530115\n").table);
  const auto p = RegionTable::parse(header + "530100,昆明市,昆明,Kunming,Kunming,,1981,,\n530000,云南省,云南,Yunnan,Yunnan,,1981,,\n");
  ASSERT_EQ(p.problems.size(), 1u);
  EXPECT_EQ(p.problems[0].line, 3u);
  // Quoted fields with commas and doubled quotes.
  const auto q = RegionTable::parse(header + "530000,云南省,云南,Yunnan,\"Yun, \"\"nan\"\"\",,1981,,\n");
  ASSERT_TRUE(q.table);
  EXPECT_EQ(q.table->find(530000)->en, "Yun, \"nan\"");
}

// ---- find_regions ----

TEST(FindRegions, ShortCountyName) {
  EXPECT_EQ(find("临翔"), std::vector<std::string>{"530902"});
  EXPECT_EQ(find("双江"), std::vector<std::string>{"530925"});
  EXPECT_EQ(find("耿马"), std::vector<std::string>{"530926"});
  EXPECT_EQ(find("沧源"), std::vector<std::string>{"530927"});
  // Two counties are called 五华 (Kunming's district, Meizhou's county): both, by code.
  EXPECT_EQ(find("五华"), (std::vector<std::string>{"441424", "530102"}));
  // 云县 exactly, then the names that contain it (左云县, 灌云县, ...).
  EXPECT_EQ(find("云县").front(), "530922");
}

TEST(FindRegions, AcrossTheCountry) {
  EXPECT_EQ(find("深圳").front(), "440300");
  EXPECT_EQ(find("shenzhen").front(), "440300");
  EXPECT_EQ(find("深圳南山"), std::vector<std::string>{"440305"});
  EXPECT_EQ(find("深圳市南山区"), std::vector<std::string>{"440305"});
  EXPECT_EQ(find("Nanshan District, Shenzhen"), std::vector<std::string>{"440305"});
  EXPECT_EQ(find("临沧 临翔"), std::vector<std::string>{"530902"});
  const auto nanshan = find("南山");
  EXPECT_NE(std::find(nanshan.begin(), nanshan.end(), "440305"), nanshan.end());
  EXPECT_EQ(find("杭州").front(), "330100");
  EXPECT_EQ(find("xiamen").front(), "350200");
}

TEST(FindRegions, FullAndQualifiedNames) {
  EXPECT_EQ(find("临翔区"), std::vector<std::string>{"530902"});
  EXPECT_EQ(find("临沧市临翔区"), std::vector<std::string>{"530902"});
  EXPECT_EQ(find("临沧临翔"), std::vector<std::string>{"530902"});
  EXPECT_EQ(find("云南省临沧市临翔区"), std::vector<std::string>{"530902"});
  EXPECT_EQ(find("云南临翔区"), std::vector<std::string>{"530902"});
  EXPECT_EQ(find("昆明五华区"), std::vector<std::string>{"530102"});
  EXPECT_EQ(find("昆明市五华"), std::vector<std::string>{"530102"});
  EXPECT_EQ(find("昆明市 五华区"), std::vector<std::string>{"530102"});
  EXPECT_EQ(find("双江拉祜族佤族布朗族傣族自治县"), std::vector<std::string>{"530925"});
  EXPECT_EQ(find("临沧市"), std::vector<std::string>{"530900"});
  EXPECT_EQ(find("云南省"), std::vector<std::string>{"530000"});
  EXPECT_EQ(find("西双版纳"), std::vector<std::string>{"532800"});
}

TEST(FindRegions, WrongAncestorDoesNotMatch) {
  EXPECT_TRUE(find("昆明临翔区").empty());
  EXPECT_TRUE(find("四川省临沧市").empty());
}

TEST(FindRegions, English) {
  EXPECT_EQ(find("Wuhua", 2), (std::vector<std::string>{"441424", "530102"}));
  EXPECT_EQ(find("WUHUA DISTRICT").front(), "530102");
  EXPECT_EQ(find("Wuhua District, Kunming"), std::vector<std::string>{"530102"});
  EXPECT_EQ(find("Linxiang District, Lincang, Yunnan"), std::vector<std::string>{"530902"});
  EXPECT_EQ(find("Lincang Linxiang"), std::vector<std::string>{"530902"});
  EXPECT_EQ(find("Puer").front(), "530800");
  EXPECT_EQ(find("Cangyuan"), std::vector<std::string>{"530927"});
}

TEST(FindRegions, NamesFollowQueryLanguage) {
  std::array<RegionMatch, 4> out{};
  ASSERT_EQ(find_regions("Linxiang District", out.data(), out.size()), 1u);
  EXPECT_EQ(out[0].region, r("530902"));
  EXPECT_EQ(out[0].name, "Linxiang District");
  ASSERT_EQ(find_regions("临翔", out.data(), out.size()), 1u);
  EXPECT_EQ(out[0].name, "临翔区");
  EXPECT_TRUE(out[0].exact);
  ASSERT_EQ(find_regions("临沧市临", out.data(), out.size()), 1u);
  EXPECT_FALSE(out[0].exact);  // a part of 临翔区's name
}

TEST(FindRegions, NoMatch) {
  EXPECT_TRUE(find("").empty());
  EXPECT_TRUE(find("   ").empty());
  EXPECT_TRUE(find("火星基地").empty());
  EXPECT_TRUE(find("atlantis").empty());
}

TEST(FindRegions, ExactBeforePartialCountyFirst) {
  // "临沧市临": a qualified partial name.
  EXPECT_EQ(find("临沧市临"), std::vector<std::string>{"530902"});
  // "yunnan" is exact for the province only; partial matches come after it.
  EXPECT_EQ(find("yunnan").front(), "530000");
  const auto lin = find("临");
  ASSERT_GE(lin.size(), 3u);
  EXPECT_FALSE(r(lin[0]).is_prefecture() || r(lin[0]).is_province());  // counties first
}

TEST(FindRegions, ByCode) {
  EXPECT_EQ(find("530902"), std::vector<std::string>{"530902"});
  EXPECT_EQ(find("530122"), std::vector<std::string>{"530115"});  // withdrawn: its successor
  EXPECT_EQ(find("330104"), (std::vector<std::string>{"330102", "330114"}));
  EXPECT_TRUE(find("530999").empty());
}

TEST(FindRegions, DeterministicAndBounded) {
  const auto all = find("县");
  ASSERT_GE(all.size(), 10u);
  EXPECT_EQ(find("县"), all);
  const auto first3 = find("县", 3);
  ASSERT_EQ(first3.size(), 3u);
  EXPECT_TRUE(std::equal(first3.begin(), first3.end(), all.begin()));
  EXPECT_EQ(find_regions("临翔", nullptr, 0), 0u);
}

}  // namespace
}  // namespace shebao
