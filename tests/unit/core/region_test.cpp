#include "shebao/core/region.h"

#include <gtest/gtest.h>

#include <array>
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

TEST(RegionNames, UnknownAndPlaceholders) {
  // Statistical placeholders (市辖区) and the old 晋宁县 code are not named.
  EXPECT_TRUE(r("530101").name(Lang::kZh).empty());
  EXPECT_TRUE(r("530901").name(Lang::kZh).empty());
  EXPECT_TRUE(r("530122").name(Lang::kZh).empty());
  EXPECT_TRUE(r("530402").name(Lang::kEn).empty());
  EXPECT_TRUE(r("110105").name(Lang::kZh).empty());
  EXPECT_EQ(Region::national().name(Lang::kZh), "全国");
  EXPECT_EQ(Region::national().name(Lang::kEn), "China");
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

TEST(RegionNames, FullNameFallsBackToCode) {
  EXPECT_EQ(r("530402").full_name(Lang::kZh), "云南省玉溪市530402");
  EXPECT_EQ(r("530402").full_name(Lang::kEn), "530402, Yuxi, Yunnan");
  EXPECT_EQ(r("530901").full_name(Lang::kZh), "云南省临沧市530901");
  EXPECT_EQ(r("511000").full_name(Lang::kZh), "四川省511000");
  EXPECT_EQ(r("511002").full_name(Lang::kEn), "511002, Sichuan");
  EXPECT_EQ(r("110105").full_name(Lang::kZh), "北京市110105");
  EXPECT_EQ(r("110105").full_name(Lang::kEn), "110105, Beijing");
}

// ---- find_regions ----

TEST(FindRegions, ShortCountyName) {
  EXPECT_EQ(find("临翔"), std::vector<std::string>{"530902"});
  EXPECT_EQ(find("双江"), std::vector<std::string>{"530925"});
  EXPECT_EQ(find("耿马"), std::vector<std::string>{"530926"});
  EXPECT_EQ(find("沧源"), std::vector<std::string>{"530927"});
  EXPECT_EQ(find("五华"), std::vector<std::string>{"530102"});
  EXPECT_EQ(find("云县"), std::vector<std::string>{"530922"});
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
  EXPECT_EQ(find("临沧"), std::vector<std::string>{"530900"});
  EXPECT_EQ(find("云南省"), std::vector<std::string>{"530000"});
  EXPECT_EQ(find("西双版纳"), std::vector<std::string>{"532800"});
  EXPECT_EQ(find("红河州"), std::vector<std::string>{});  // not a name form we know
}

TEST(FindRegions, WrongAncestorDoesNotMatch) {
  EXPECT_TRUE(find("昆明临翔区").empty());
  EXPECT_TRUE(find("四川省临沧市").empty());
}

TEST(FindRegions, English) {
  EXPECT_EQ(find("Wuhua"), std::vector<std::string>{"530102"});
  EXPECT_EQ(find("wuhua"), std::vector<std::string>{"530102"});
  EXPECT_EQ(find("WUHUA DISTRICT"), std::vector<std::string>{"530102"});
  EXPECT_EQ(find("Wuhua District, Kunming"), std::vector<std::string>{"530102"});
  EXPECT_EQ(find("Linxiang District, Lincang, Yunnan"), std::vector<std::string>{"530902"});
  EXPECT_EQ(find("Lincang Linxiang"), std::vector<std::string>{"530902"});
  EXPECT_EQ(find("Puer"), std::vector<std::string>{"530800"});
  EXPECT_EQ(find("Cangyuan"), std::vector<std::string>{"530927"});
  EXPECT_EQ(find("Lincang"), std::vector<std::string>{"530900"});
}

TEST(FindRegions, NamesFollowQueryLanguage) {
  std::array<RegionMatch, 4> out{};
  ASSERT_EQ(find_regions("Wuhua", out.data(), out.size()), 1u);
  EXPECT_EQ(out[0].region, r("530102"));
  EXPECT_EQ(out[0].name, "Wuhua District");
  ASSERT_EQ(find_regions("临翔", out.data(), out.size()), 1u);
  EXPECT_EQ(out[0].name, "临翔区");
}

TEST(FindRegions, PartialMatchesMostSpecificFirst) {
  // "临" is part of 临沧市 and 临翔区: the county comes first.
  EXPECT_EQ(find("临"), (std::vector<std::string>{"530902", "530900"}));
  // "lin": Shilin and Linxiang (counties, by code), then Lincang, then Jilin (province).
  EXPECT_EQ(find("lin"), (std::vector<std::string>{"530126", "530902", "530900", "220000"}));
  // "沧" : 沧源 (county) before 临沧 (prefecture).
  EXPECT_EQ(find("沧"), (std::vector<std::string>{"530927", "530900"}));
  // Qualified partial: 临沧市 + part of a county name.
  EXPECT_EQ(find("临沧市临"), std::vector<std::string>{"530902"});
}

TEST(FindRegions, ExactBeforePartial) {
  // "云县" is exact for 云县; "云" alone is partial for 云县 and 云南省.
  EXPECT_EQ(find("云"), (std::vector<std::string>{"530922", "530000"}));
  // "西山" exact (西山区); nothing else contains it.
  EXPECT_EQ(find("西山"), std::vector<std::string>{"530112"});
  // "Yunnan" exact for the province, before partial matches of nothing else.
  EXPECT_EQ(find("yunnan"), std::vector<std::string>{"530000"});
  // "yun": 云县 (Yun County / Yunxian) and Yunnan, both partial; county first.
  EXPECT_EQ(find("yun"), (std::vector<std::string>{"530922", "530000"}));
}

TEST(FindRegions, ByCode) {
  EXPECT_EQ(find("530902"), std::vector<std::string>{"530902"});
  EXPECT_TRUE(find("530402").empty());  // valid but not a known name
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

TEST(FindRegions, NoMatch) {
  EXPECT_TRUE(find("").empty());
  EXPECT_TRUE(find("   ").empty());
  EXPECT_TRUE(find("火星").empty());
  EXPECT_TRUE(find("atlantis").empty());
}

}  // namespace
}  // namespace shebao
