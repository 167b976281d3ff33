// Records in several places: the benefit place under 国办发〔2009〕66号 第六条 (its four cases), the
// temporary accounts of 第五条（二）, history checks, employee medical years added up across places,
// and the pension estimate of 国发〔2005〕38号. Facts: policy-facts/pension-retirement-transfer.md
// §3 and §7.
#include "shebao/calc/pension_record.h"

#include <gtest/gtest.h>

#include <vector>

namespace shebao {
namespace {

constexpr YearMonth ym(int year, int month) { return YearMonth::from_index(year * 12 + month - 1); }
Region region(std::uint32_t code) { return *Region::from_code(code); }

const Region kLincang = region(530902);    // 临沧市临翔区 (hukou in the examples)
const Region kKunming = region(530102);    // 昆明市五华区
const Region kShenzhen = region(440305);   // 深圳市南山区
const Region kHangzhou = region(330106);   // 杭州市西湖区

ContributionPeriod employee(Region r, YearMonth from, YearMonth to, bool temporary = false) {
  return {r, from, to, RecordScheme::kEmployee, temporary};
}

BenefitPlace place(Region hukou, const std::vector<ContributionPeriod>& periods,
                   const std::vector<DeemedPeriod>& deemed = {}) {
  auto p = benefit_place(BenefitPlaceRules{}, hukou, periods, deemed);
  EXPECT_TRUE(p.has_value());
  return p.value_or(BenefitPlace{});
}

// 第六条（一）: the relation is in the hukou province: paid there, whatever was paid elsewhere.
TEST(BenefitPlace, RelationInTheHukouProvinceIsPaidThere) {
  // Six years in Guangdong, then four in Kunming (Yunnan, the hukou province).
  const auto p = place(kLincang, {employee(kShenzhen, ym(2014, 1), ym(2019, 12)),
                                  employee(kKunming, ym(2020, 1), ym(2023, 12))});
  EXPECT_EQ(p.which, BenefitCase::kHukouPlace);
  EXPECT_EQ(p.province, region(530000));
  EXPECT_EQ(p.region, kKunming);
  ASSERT_EQ(p.moves.size(), 1u);
  EXPECT_EQ(p.moves[0].from, kShenzhen);
  EXPECT_EQ(p.moves[0].months, 72);
  EXPECT_FALSE(p.moves[0].temporary);
  EXPECT_EQ(p.total_months, 120);
}

// 第六条（二）: not the hukou province, but ten years there: paid there. Nine years eleven months
// is not ten: then the case does not fire.
TEST(BenefitPlace, TenYearsWhereTheRelationIsMakesItTheBenefitPlace) {
  auto p = place(kLincang, {employee(kShenzhen, ym(2010, 1), ym(2019, 12))});
  EXPECT_EQ(p.which, BenefitCase::kTenYearsAtRelation);
  EXPECT_EQ(p.province, region(440000));
  EXPECT_TRUE(p.moves.empty());

  p = place(kLincang, {employee(kShenzhen, ym(2010, 2), ym(2019, 12))});
  EXPECT_NE(p.which, BenefitCase::kTenYearsAtRelation);
  EXPECT_EQ(p.which, BenefitCase::kHukouGathered);
}

// Deemed years count to the place they are counted to (5号 一), and make up the ten years.
TEST(BenefitPlace, DeemedYearsCountToTheirPlace) {
  const auto p = place(kLincang, {employee(kShenzhen, ym(2016, 1), ym(2023, 12))},
                       {{kShenzhen, 24}});
  EXPECT_EQ(p.which, BenefitCase::kTenYearsAtRelation);
  EXPECT_EQ(p.total_months, 120);
}

// 第六条（三）: less than ten years where the relation is: back to the last place with ten years.
TEST(BenefitPlace, BackToTheLastPlaceWithTenYears) {
  const auto p = place(kLincang, {employee(kShenzhen, ym(2005, 1), ym(2016, 12)),   // 12 years
                                  employee(kHangzhou, ym(2017, 1), ym(2022, 12))}); // 6 years
  EXPECT_EQ(p.which, BenefitCase::kLastTenYearsPlace);
  EXPECT_EQ(p.province, region(440000));
  EXPECT_EQ(p.region, kShenzhen);
  ASSERT_EQ(p.moves.size(), 1u);
  EXPECT_EQ(p.moves[0].from, kHangzhou);
  EXPECT_EQ(p.moves[0].to, kShenzhen);
  EXPECT_EQ(p.moves[0].months, 72);
}

// Two places with ten years: the later one.
TEST(BenefitPlace, TheLaterOfTwoTenYearPlaces) {
  const auto p = place(kLincang, {employee(kHangzhou, ym(1995, 1), ym(2004, 12)),
                                  employee(kShenzhen, ym(2005, 1), ym(2014, 12)),
                                  employee(region(310115), ym(2015, 1), ym(2020, 12))});
  EXPECT_EQ(p.which, BenefitCase::kLastTenYearsPlace);
  EXPECT_EQ(p.province, region(440000));
  EXPECT_EQ(p.moves.size(), 2u);  // Zhejiang's and Shanghai's records move to Shenzhen
  EXPECT_EQ(p.moves[0].from, kHangzhou);  // oldest first
}

// 第六条（四）: ten years nowhere: gathered at the hukou place, records moved in the order left.
TEST(BenefitPlace, TenYearsNowhereGathersAtTheHukouPlace) {
  const auto p = place(kLincang, {employee(kShenzhen, ym(2012, 1), ym(2017, 12)),  // 6 years
                                  employee(kHangzhou, ym(2018, 1), ym(2021, 12))}); // 4 years
  EXPECT_EQ(p.which, BenefitCase::kHukouGathered);
  EXPECT_EQ(p.province, region(530000));
  EXPECT_EQ(p.region, kLincang);
  ASSERT_EQ(p.moves.size(), 2u);
  EXPECT_EQ(p.moves[0].from, kShenzhen);
  EXPECT_EQ(p.moves[1].from, kHangzhou);
}

// A gap between two periods changes nothing but the count.
TEST(BenefitPlace, AHistoryWithAGap) {
  const auto p = place(kLincang, {employee(kShenzhen, ym(2008, 1), ym(2012, 12)),
                                  employee(kShenzhen, ym(2016, 1), ym(2020, 12))});
  EXPECT_EQ(p.which, BenefitCase::kTenYearsAtRelation);
  EXPECT_EQ(p.total_months, 120);
}

// A temporary account never makes a benefit place, even with ten years in it; it is gathered.
TEST(BenefitPlace, ATemporaryAccountIsNeverTheBenefitPlace) {
  const auto p = place(kLincang, {employee(kKunming, ym(2000, 1), ym(2011, 12)),
                                  employee(kShenzhen, ym(2012, 1), ym(2023, 12), true)});
  EXPECT_EQ(p.which, BenefitCase::kHukouPlace);  // the relation stayed in Yunnan
  EXPECT_EQ(p.province, region(530000));
  ASSERT_EQ(p.moves.size(), 1u);
  EXPECT_TRUE(p.moves[0].temporary);
  EXPECT_EQ(p.moves[0].months, 144);
}

TEST(BenefitPlace, OnlyResidentYearsGiveNoEmployeeBenefitPlace) {
  const std::vector<ContributionPeriod> resident{
      {kLincang, ym(2015, 1), ym(2020, 12), RecordScheme::kResident, false}};
  EXPECT_FALSE(benefit_place(BenefitPlaceRules{}, kLincang, resident, {}).has_value());
}

// 第五条（二）: a man of 52 and a woman of 41 joining outside their hukou province open temporary
// accounts; a man of 49, a woman of 39, or anyone in the hukou province does not.
TEST(TemporaryAccount, MenFromFiftyWomenFromFortyOutsideTheHukouProvince) {
  const BenefitPlaceRules rules;
  EXPECT_TRUE(opens_temporary_account(rules, false, ym(1974, 6), kLincang, kShenzhen, ym(2026, 6)));   // man 52
  EXPECT_TRUE(opens_temporary_account(rules, true, ym(1985, 6), kLincang, kShenzhen, ym(2026, 6)));    // woman 41
  EXPECT_FALSE(opens_temporary_account(rules, false, ym(1977, 7), kLincang, kShenzhen, ym(2026, 6)));  // man 48y11m
  EXPECT_FALSE(opens_temporary_account(rules, true, ym(1986, 7), kLincang, kShenzhen, ym(2026, 6)));   // woman 39y11m
  EXPECT_FALSE(opens_temporary_account(rules, false, ym(1974, 6), kLincang, kKunming, ym(2026, 6)));   // in Yunnan
}

TEST(History, OverlappingEmployeePeriodsAreRefused) {
  const std::vector<ContributionPeriod> h{employee(kShenzhen, ym(2015, 1), ym(2018, 6)),
                                          employee(kKunming, ym(2018, 6), ym(2020, 12))};
  const auto problems = check_history(h, ym(1990, 1), ym(2026, 11));
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].kind, HistoryProblem::Kind::kEmployeeOverlap);
  EXPECT_EQ(problems[0].first, 0u);
  EXPECT_EQ(problems[0].second, 1u);
}

TEST(History, AResidentPeriodMayOverlapAnEmployeePeriod) {
  // 17号 第七条 deals with such overlaps; they are not an input error.
  const std::vector<ContributionPeriod> h{employee(kShenzhen, ym(2015, 1), ym(2018, 6)),
                                          {kLincang, ym(2018, 1), ym(2018, 12), RecordScheme::kResident, false}};
  EXPECT_TRUE(check_history(h, ym(1990, 1), ym(2026, 11)).empty());
}

TEST(History, PeriodsAfterAsOfBeforeSixteenOrBackwardsAreRefused) {
  const std::vector<ContributionPeriod> h{employee(kShenzhen, ym(2025, 1), ym(2026, 12)),   // after as_of
                                          employee(kKunming, ym(2005, 12), ym(2006, 6)),    // before 16
                                          employee(kKunming, ym(2010, 6), ym(2010, 1))};    // backwards
  const auto problems = check_history(h, ym(1990, 1), ym(2026, 11));
  ASSERT_EQ(problems.size(), 3u);
  EXPECT_EQ(problems[0].kind, HistoryProblem::Kind::kAfterAsOf);
  EXPECT_EQ(problems[1].kind, HistoryProblem::Kind::kBeforeAge16);
  EXPECT_EQ(problems[1].first, 1u);
  EXPECT_EQ(problems[2].kind, HistoryProblem::Kind::kEndsBeforeStart);
  EXPECT_EQ(problems[2].first, 2u);
  // The same periods at their limits are accepted: ending in as_of's month, starting at 16.
  const std::vector<ContributionPeriod> ok{employee(kShenzhen, ym(2025, 1), ym(2026, 11)),
                                           employee(kKunming, ym(2006, 1), ym(2006, 6))};
  EXPECT_TRUE(check_history(ok, ym(1990, 1), ym(2026, 11)).empty());
}

// 互认累计: employee medical years add up across places; a month paid twice counts once.
TEST(MedicalYears, AddUpAcrossPlacesAndSayWhatIsMissing) {
  const std::vector<ContributionPeriod> h{employee(kShenzhen, ym(2010, 1), ym(2015, 12)),
                                          employee(kKunming, ym(2015, 7), ym(2020, 12))};
  // 72 + 66 (2015-07..2015-12 counted once) = 132 months.
  auto m = medical_years(h, ym(2026, 12), ym(2057, 5), 30 * 12, false);
  EXPECT_EQ(m.months_paid, 132);
  EXPECT_EQ(m.months_at_retirement, 132);
  EXPECT_EQ(m.missing_months, 360 - 132);
  // Paying on from 2026-12 to the month before 2057-05: 365 more months; enough.
  m = medical_years(h, ym(2026, 12), ym(2057, 5), 30 * 12, true);
  EXPECT_EQ(m.months_at_retirement, 132 + (ym(2057, 5) - ym(2026, 12)));
  EXPECT_EQ(m.missing_months, 0);
  // Retiring in 2030-12 instead: 132 + 48 = 180 < 300 (Kunming's 25 years for women).
  m = medical_years(h, ym(2026, 12), ym(2030, 12), 25 * 12, true);
  EXPECT_EQ(m.months_at_retirement, 180);
  EXPECT_EQ(m.missing_months, 120);
}

PayoutMonthsTable table_38() {
  // 国发〔2005〕38号 annex, ages 40..70 (facts §7).
  PayoutMonthsTable t;
  for (int m : {233, 230, 226, 223, 220, 216, 212, 208, 204, 199, 195, 190, 185, 180, 175, 170,
                164, 158, 152, 145, 139, 132, 125, 117, 109, 101, 93, 84, 75, 65, 56})
    t.months.push_back(Decimal::from_int(m));
  return t;
}

TEST(PayoutMonths, WholeYearsFromTheTableMonthsInterpolated) {
  PayoutMonthsTable t = table_38();
  EXPECT_EQ(payout_months(t, 60 * 12), Decimal::from_int(139));
  EXPECT_EQ(payout_months(t, 63 * 12), Decimal::from_int(117));
  EXPECT_EQ(payout_months(t, 50 * 12), Decimal::from_int(195));
  // 60岁1个月: 139 - 7/12 = 138.416667 (the approval records in the facts show 138.4).
  EXPECT_EQ(payout_months(t, 60 * 12 + 1), Decimal::from_micros(138'416'667));
  // 50岁3个月: 195 - 5 × 3/12 = 193.75 (records: 193.8).
  EXPECT_EQ(payout_months(t, 50 * 12 + 3), Decimal::from_micros(193'750'000));
  t.interpolate = false;
  EXPECT_EQ(payout_months(t, 60 * 12 + 11), Decimal::from_int(139));
  EXPECT_FALSE(payout_months(t, 39 * 12 + 11).has_value());
  EXPECT_FALSE(payout_months(t, 71 * 12).has_value());
}

// The hand computation: a rider born 1994-05, paying from 2026-01 at the 60% option of
// Yunnan's 2025 average wage 7263 (the published floor 4357 is that option's base) until the
// statutory age of 63 (2057-05), wage growth 0 and the account credited at the same rate.
//   N = 2026-01 .. 2057-04 = 376 months
//   I = 4357 / 7263 = 0.599890 (six decimals)
//   P = 8265 (Yunnan's 2025 计发基数, facts §5.3, secondary source)
//   basic   = (8265 + 8265 × 0.599890) / 2 × 376 / 12 × 1% = 2071.6175... -> 2071.62
//   balance = 376 × 4357 × 8% = 131058.56
//   account = 131058.56 / 117 (计发月数 at 63) = 1120.1586... -> 1120.16
TEST(PensionEstimate, TheRiderAtSixtyPercentUntilSixtyThree) {
  const Money base = Money::from_yuan(4357);
  const std::int32_t n = ym(2057, 5) - ym(2026, 1);
  ASSERT_EQ(n, 376);
  const Decimal index = *ratio(base, Money::from_yuan(7263));
  ASSERT_EQ(index, Decimal::from_micros(599'890));
  const Money balance = times(multiply(base, Decimal::from_micros(80'000)), n);
  ASSERT_EQ(balance, Money::from_fen(13'105'856));
  const auto months = payout_months(table_38(), 63 * 12);
  ASSERT_TRUE(months.has_value());
  const PensionEstimate e = estimate_pension({.benefit_base = Money::from_yuan(8265),
                                              .average_index = index,
                                              .months = n,
                                              .account_balance = balance,
                                              .payout_months = *months});
  EXPECT_EQ(e.basic, Money::from_fen(207'162));
  EXPECT_EQ(e.account, Money::from_fen(112'016));
  EXPECT_EQ(e.total(), Money::from_fen(319'178));
}

}  // namespace
}  // namespace shebao
