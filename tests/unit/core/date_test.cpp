#include "shebao/core/date.h"

#include <gtest/gtest.h>

namespace shebao {
namespace {

Date d(std::string_view s) {
  auto r = Date::parse(s);
  EXPECT_TRUE(r.has_value()) << s;
  return r.value_or(Date{});
}

YearMonth ym(std::string_view s) {
  auto r = YearMonth::parse(s);
  EXPECT_TRUE(r.has_value()) << s;
  return r.value_or(YearMonth{});
}

// ---- Date ----

TEST(Date, EpochAndDays) {
  EXPECT_EQ(Date{}.to_string(), "1970-01-01");
  EXPECT_EQ(d("1970-01-01").days(), 0);
  EXPECT_EQ(d("1970-01-02").days(), 1);
  EXPECT_EQ(d("1969-12-31").days(), -1);
  EXPECT_EQ(d("2000-03-01").days() - d("2000-02-28").days(), 2);  // 2000 is a leap year
  EXPECT_EQ(d("1900-03-01").days() - d("1900-02-28").days(), 1);  // 1900 is not
  EXPECT_EQ(Date::from_days(20'000).to_string(), "2024-10-04");
}

TEST(Date, Components) {
  const Date x = d("2026-11-28");
  EXPECT_EQ(x.year(), 2026);
  EXPECT_EQ(x.month(), 11u);
  EXPECT_EQ(x.day(), 28u);
  EXPECT_EQ(x.to_string(), "2026-11-28");
  EXPECT_EQ(x.ymd(), std::chrono::year{2026} / std::chrono::November / 28);
}

TEST(Date, FromYmd) {
  EXPECT_EQ(Date::from_ymd(2024, 2, 29)->to_string(), "2024-02-29");
  EXPECT_FALSE(Date::from_ymd(2025, 2, 29).has_value());
  EXPECT_FALSE(Date::from_ymd(2025, 2, 30).has_value());
  EXPECT_FALSE(Date::from_ymd(2100, 2, 29).has_value());  // century, not leap
  EXPECT_TRUE(Date::from_ymd(2000, 2, 29).has_value());   // 400-year, leap
  EXPECT_FALSE(Date::from_ymd(2025, 4, 31).has_value());
  EXPECT_TRUE(Date::from_ymd(2025, 12, 31).has_value());
  EXPECT_FALSE(Date::from_ymd(2025, 13, 1).has_value());
  EXPECT_FALSE(Date::from_ymd(2025, 0, 1).has_value());
  EXPECT_FALSE(Date::from_ymd(2025, 1, 0).has_value());
  EXPECT_FALSE(Date::from_ymd(2025, 1, 32).has_value());
  EXPECT_FALSE(Date::from_ymd(2025, 1, 256 + 1).has_value());  // not truncated into range
  EXPECT_FALSE(Date::from_ymd(100000, 1, 1).has_value());
}

TEST(Date, ParseStrict) {
  EXPECT_EQ(d("2025-02-28").to_string(), "2025-02-28");
  EXPECT_EQ(d("2024-02-29").to_string(), "2024-02-29");
  EXPECT_EQ(d("1900-01-01").to_string(), "1900-01-01");
  EXPECT_EQ(d("2200-12-31").to_string(), "2200-12-31");
  for (const char* bad : {"2025-02-30",  "2025-02-29",       "2023-02-29",
                          "2100-02-29",  "2025-2-3",         "2025-02-3",
                          "2025-13-01",  "2025-00-10",       "2025-01-00",
                          "2025-04-31",  "1899-12-31",       "2201-01-01",
                          "20250203",    "2025/02/03",       "2025-02-03 ",
                          " 2025-02-03", "2025-02-03T00:00", "+025-02-03",
                          "-025-02-03",  "2025-0a-03",       "",
                          "2025-02",     "12025-02-03"}) {
    EXPECT_FALSE(Date::parse(bad).has_value()) << '"' << bad << '"';
  }
}

TEST(Date, Ordering) {
  EXPECT_LT(d("2024-12-31"), d("2025-01-01"));
  EXPECT_EQ(d("2025-01-01"), Date::from_ymd(2025, 1, 1));
  EXPECT_GT(d("2025-01-01"), d("1969-12-31"));
}

// ---- YearMonth ----

TEST(YearMonth, ParseAndFormat) {
  EXPECT_EQ(ym("2025-05").to_string(), "2025-05");
  EXPECT_EQ(ym("2025-05").year(), 2025);
  EXPECT_EQ(ym("2025-05").month(), 5u);
  EXPECT_EQ(ym("2025-05").index(), 2025 * 12 + 4);
  EXPECT_EQ(ym("1900-01").to_string(), "1900-01");
  EXPECT_EQ(ym("2200-12").to_string(), "2200-12");
  for (const char* bad : {"2025-5", "2025-13", "2025-00", "1899-12", "2201-01", "2025-05-01", "202505",
                          "2025/05", "", "2025-0x", " 2025-05"}) {
    EXPECT_FALSE(YearMonth::parse(bad).has_value()) << '"' << bad << '"';
  }
}

TEST(YearMonth, FromYm) {
  EXPECT_EQ(YearMonth::from_ym(2025, 12)->to_string(), "2025-12");
  EXPECT_FALSE(YearMonth::from_ym(2025, 0).has_value());
  EXPECT_FALSE(YearMonth::from_ym(2025, 13).has_value());
}

TEST(YearMonth, Arithmetic) {
  EXPECT_EQ((ym("2025-12") + 1).to_string(), "2026-01");
  EXPECT_EQ((ym("2025-01") - 1).to_string(), "2024-12");
  EXPECT_EQ((ym("2025-01") + 24).to_string(), "2027-01");
  EXPECT_EQ(ym("2026-03") - ym("2025-01"), 14);
  EXPECT_EQ(ym("2025-01") - ym("2026-03"), -14);
  EXPECT_LT(ym("2024-12"), ym("2025-01"));
}

TEST(YearMonth, OfDateAndFirstDay) {
  EXPECT_EQ(YearMonth::of(d("2024-02-29")).to_string(), "2024-02");
  EXPECT_EQ(YearMonth::of(d("1969-12-31")).to_string(), "1969-12");
  EXPECT_EQ(ym("2024-02").first_day(), d("2024-02-01"));
  EXPECT_EQ(ym("1969-12").first_day().days(), -31);
}

TEST(YearsMonths, Split) {
  EXPECT_EQ(YearsMonths::of(0), (YearsMonths{0, 0}));
  EXPECT_EQ(YearsMonths::of(11), (YearsMonths{0, 11}));
  EXPECT_EQ(YearsMonths::of(12), (YearsMonths{1, 0}));
  EXPECT_EQ(YearsMonths::of(185), (YearsMonths{15, 5}));
  EXPECT_EQ((YearsMonths{15, 5}).total(), 185);
}

// ---- add_months_clamped ----

TEST(AddMonthsClamped, PlainAndYearCrossing) {
  EXPECT_EQ(add_months_clamped(d("2025-01-15"), 1), d("2025-02-15"));
  EXPECT_EQ(add_months_clamped(d("2025-11-15"), 2), d("2026-01-15"));
  EXPECT_EQ(add_months_clamped(d("2025-01-15"), -1), d("2024-12-15"));
  EXPECT_EQ(add_months_clamped(d("2025-01-15"), 0), d("2025-01-15"));
  EXPECT_EQ(add_months_clamped(d("1960-05-10"), 60 * 12), d("2020-05-10"));
}

TEST(AddMonthsClamped, MonthEndClamping) {
  EXPECT_EQ(add_months_clamped(d("2025-01-31"), 1), d("2025-02-28"));
  EXPECT_EQ(add_months_clamped(d("2024-01-31"), 1), d("2024-02-29"));
  EXPECT_EQ(add_months_clamped(d("2000-01-31"), 1), d("2000-02-29"));
  EXPECT_EQ(add_months_clamped(d("2100-01-31"), 1), d("2100-02-28"));
  EXPECT_EQ(add_months_clamped(d("2025-03-31"), 1), d("2025-04-30"));
  EXPECT_EQ(add_months_clamped(d("2025-03-31"), -1), d("2025-02-28"));
  EXPECT_EQ(add_months_clamped(d("2025-01-31"), 2), d("2025-03-31"));  // from the original day, not chained
  // Feb 29 birthday: +12 months lands on Feb 28, +48 on Feb 29 again.
  EXPECT_EQ(add_months_clamped(d("2024-02-29"), 12), d("2025-02-28"));
  EXPECT_EQ(add_months_clamped(d("2024-02-29"), 48), d("2028-02-29"));
  EXPECT_EQ(add_months_clamped(d("2024-02-29"), -12), d("2023-02-28"));
}

// ---- months_between ----

TEST(MonthsBetween, FollowsAddMonthsClamped) {
  EXPECT_EQ(months_between(d("2025-01-15"), d("2025-01-15")), 0);
  EXPECT_EQ(months_between(d("2025-01-15"), d("2025-02-14")), 0);
  EXPECT_EQ(months_between(d("2025-01-15"), d("2025-02-15")), 1);
  EXPECT_EQ(months_between(d("2025-01-15"), d("2026-01-14")), 11);
  EXPECT_EQ(months_between(d("2025-01-15"), d("2026-01-15")), 12);
  // add_months_clamped(Jan 31, 1) = Feb 29 <= Feb 29: one completed month.
  EXPECT_EQ(months_between(d("2000-01-31"), d("2000-02-29")), 1);
  EXPECT_EQ(months_between(d("2000-01-31"), d("2000-02-28")), 0);
  EXPECT_EQ(months_between(d("2025-01-31"), d("2025-02-28")), 1);
  EXPECT_EQ(months_between(d("2025-01-31"), d("2025-03-30")), 1);
  EXPECT_EQ(months_between(d("2025-01-31"), d("2025-03-31")), 2);
  // Feb 29 birth: age in months on the next Feb 28.
  EXPECT_EQ(months_between(d("2024-02-29"), d("2025-02-28")), 12);
  EXPECT_EQ(months_between(d("2024-02-29"), d("2025-02-27")), 11);
  EXPECT_EQ(months_between(d("1965-06-10"), d("2025-06-09")), 60 * 12 - 1);
  EXPECT_EQ(months_between(d("1965-06-10"), d("2025-06-10")), 60 * 12);
}

TEST(MonthsBetween, MatchesDefinitionExhaustively) {
  // For every start day in 2023-2024 and every end within ~14 months, n is the largest n with
  // add_months_clamped(from, n) <= to.
  const Date first = d("2023-01-01");
  const Date last = d("2024-12-31");
  for (std::int32_t f = first.days(); f <= last.days(); f += 3) {
    const Date from = Date::from_days(f);
    for (std::int32_t t = f; t <= f + 430; t += 7) {
      const Date to = Date::from_days(t);
      const std::int32_t n = months_between(from, to);
      ASSERT_LE(add_months_clamped(from, n), to) << from.to_string() << " " << to.to_string();
      ASSERT_GT(add_months_clamped(from, n + 1), to) << from.to_string() << " " << to.to_string();
    }
  }
}

TEST(MonthsBetween, NegativeIsAntisymmetric) {
  EXPECT_EQ(months_between(d("2025-02-15"), d("2025-01-15")), -1);
  EXPECT_EQ(months_between(d("2025-02-14"), d("2025-01-15")), 0);
  EXPECT_EQ(months_between(d("2026-01-15"), d("2025-01-15")), -12);
  EXPECT_EQ(months_between(d("2000-02-29"), d("2000-01-31")), -1);
}

}  // namespace
}  // namespace shebao
