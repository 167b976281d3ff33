#include "shebao/core/money.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>

namespace shebao {
namespace {

constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
constexpr std::int64_t kMin = std::numeric_limits<std::int64_t>::min();

Decimal dec(std::string_view s) {
  auto d = Decimal::parse(s);
  EXPECT_TRUE(d.has_value()) << s;
  return d.value_or(Decimal{});
}

Money yuan(std::string_view s) {
  auto m = Money::parse(s);
  EXPECT_TRUE(m.has_value()) << s;
  return m.value_or(Money{});
}

// ---- Decimal::parse ----

TEST(DecimalParse, AcceptsExactForms) {
  EXPECT_EQ(dec("0.6").micros(), 600'000);
  EXPECT_EQ(dec("-1.25").micros(), -1'250'000);
  EXPECT_EQ(dec("20").micros(), 20'000'000);
  EXPECT_EQ(dec("0.085").micros(), 85'000);
  EXPECT_EQ(dec("0.000001").micros(), 1);
  EXPECT_EQ(dec("-0.000001").micros(), -1);
  EXPECT_EQ(dec("0").micros(), 0);
  EXPECT_EQ(dec("-0").micros(), 0);
  EXPECT_EQ(dec("3.000000").micros(), 3'000'000);
}

TEST(DecimalParse, RejectsMalformed) {
  for (const char* bad :
       {"",   "-",     ".",    "+1",        "1.",  ".5", "-.5", "1.2.3", "1e3", "1E3",   " 1",
        "1 ", "1,000", "0x10", "1.0000001", "--1", "1-", "abc", "NaN",   "inf", "1_000", "0.6%"}) {
    EXPECT_FALSE(Decimal::parse(bad).has_value()) << '"' << bad << '"';
  }
}

TEST(DecimalParse, OverflowBoundary) {
  // int64 max micros = 9223372036854.775807
  EXPECT_EQ(dec("9223372036854.775807").micros(), kMax);
  EXPECT_FALSE(Decimal::parse("9223372036854.775808").has_value());
  EXPECT_EQ(dec("-9223372036854.775808").micros(), kMin);
  EXPECT_FALSE(Decimal::parse("-9223372036854.775809").has_value());
  EXPECT_FALSE(Decimal::parse("9223372036855").has_value());
  EXPECT_FALSE(Decimal::parse("99999999999999999999999999999999999999999999").has_value());
}

// ---- Decimal::to_string ----

TEST(DecimalToString, ShortestExactWithMinimumDecimals) {
  EXPECT_EQ(dec("0.2").to_string(), "0.20");
  EXPECT_EQ(dec("0.085").to_string(), "0.085");
  EXPECT_EQ(dec("3").to_string(), "3.00");
  EXPECT_EQ(dec("-1.5").to_string(), "-1.50");
  EXPECT_EQ(dec("-0.5").to_string(), "-0.50");
  EXPECT_EQ(dec("0.000001").to_string(), "0.000001");
  EXPECT_EQ(dec("0").to_string(), "0.00");
  EXPECT_EQ(dec("0.6").to_string(0), "0.6");
  EXPECT_EQ(dec("3").to_string(0), "3");
  EXPECT_EQ(dec("3.25").to_string(1), "3.25");
  EXPECT_EQ(dec("3.2").to_string(4), "3.2000");
  EXPECT_EQ(dec("3.2").to_string(8), "3.20000000");
  EXPECT_EQ(dec("3.2").to_string(-1), "3.2");
  EXPECT_EQ(Decimal::from_micros(kMax).to_string(), "9223372036854.775807");
  EXPECT_EQ(Decimal::from_micros(kMin).to_string(), "-9223372036854.775808");
}

TEST(DecimalToString, RoundTripsThroughParse) {
  for (const char* s : {"0.60", "0.085", "-1.25", "7263.00", "0.000001", "-9223372036854.775808"}) {
    EXPECT_EQ(dec(s).to_string(), s);
  }
}

// ---- Decimal arithmetic ----

TEST(DecimalArithmetic, AddSubNegate) {
  EXPECT_EQ((dec("0.6") + dec("0.085")).micros(), 685'000);
  EXPECT_EQ((dec("0.6") - dec("1")).micros(), -400'000);
  EXPECT_EQ((-dec("0.6")).micros(), -600'000);
  EXPECT_EQ(Decimal::from_int(3).micros(), 3'000'000);
  EXPECT_LT(dec("0.085"), dec("0.6"));
  EXPECT_EQ(dec("0.60"), dec("0.6"));
}

TEST(DecimalArithmetic, ProductIsExactOrRoundedHalfAwayFromZero) {
  EXPECT_EQ((dec("0.6") * dec("3")).micros(), 1'800'000);
  EXPECT_EQ((dec("0.16") * dec("0.085")).micros(), 13'600);
  // 0.000001 * 0.5 = 0.0000005 -> half away from zero -> 0.000001
  EXPECT_EQ((dec("0.000001") * dec("0.5")).micros(), 1);
  EXPECT_EQ((dec("-0.000001") * dec("0.5")).micros(), -1);
  // 0.000001 * 0.4 = 0.0000004 -> 0
  EXPECT_EQ((dec("0.000001") * dec("0.4")).micros(), 0);
  EXPECT_EQ((dec("-0.000001") * dec("0.4")).micros(), 0);
  // 0.000003 * 0.5 = 0.0000015 -> 0.000002
  EXPECT_EQ((dec("0.000003") * dec("0.5")).micros(), 2);
  EXPECT_EQ((dec("0.000003") * dec("-0.5")).micros(), -2);
  // Large operands need the 128-bit intermediate: 1e6 * 1e6 = 1e12.
  EXPECT_EQ((dec("1000000") * dec("1000000")).micros(), 1'000'000'000'000'000'000);
}

TEST(DecimalArithmetic, Divide) {
  EXPECT_EQ(Decimal::divide(dec("1"), dec("4"))->micros(), 250'000);
  // 2/3 = 0.6666666… -> 0.666667; -2/3 -> -0.666667
  EXPECT_EQ(Decimal::divide(dec("2"), dec("3"))->micros(), 666'667);
  EXPECT_EQ(Decimal::divide(dec("-2"), dec("3"))->micros(), -666'667);
  EXPECT_EQ(Decimal::divide(dec("2"), dec("-3"))->micros(), -666'667);
  // 1/3 = 0.3333333… -> 0.333333
  EXPECT_EQ(Decimal::divide(dec("1"), dec("3"))->micros(), 333'333);
  // exact half: 0.000001 / 2 = 0.0000005 -> 0.000001
  EXPECT_EQ(Decimal::divide(dec("0.000001"), dec("2"))->micros(), 1);
  EXPECT_EQ(Decimal::divide(dec("-0.000001"), dec("2"))->micros(), -1);
  EXPECT_FALSE(Decimal::divide(dec("1"), dec("0")).has_value());
  EXPECT_FALSE(Decimal::divide(dec("0"), dec("0")).has_value());
  // Quotient out of range -> nullopt.
  EXPECT_FALSE(Decimal::divide(Decimal::from_micros(kMax), dec("0.5")).has_value());
  EXPECT_FALSE(Decimal::divide(Decimal::from_micros(kMin), dec("-1")).has_value());
}

// ---- Money::parse / to_string ----

TEST(MoneyParse, AcceptsYuanAmounts) {
  EXPECT_EQ(yuan("7263").fen(), 726'300);
  EXPECT_EQ(yuan("7263.0").fen(), 726'300);
  EXPECT_EQ(yuan("1452.60").fen(), 145'260);
  EXPECT_EQ(yuan("-3.5").fen(), -350);
  EXPECT_EQ(yuan("0.01").fen(), 1);
  EXPECT_EQ(yuan("-0.05").fen(), -5);
  EXPECT_EQ(yuan("0").fen(), 0);
}

TEST(MoneyParse, RejectsMalformed) {
  for (const char* bad : {"1.234", "0.001", "", "-", "+1", "1.", ".5", "1e3", " 1", "1 ", "7,263", "7，263",
                          "¥7263", "7263元", "1.2.3", "--1", "0x1"}) {
    EXPECT_FALSE(Money::parse(bad).has_value()) << '"' << bad << '"';
  }
}

TEST(MoneyParse, OverflowBoundary) {
  // int64 max fen = 92233720368547758.07 yuan
  EXPECT_EQ(yuan("92233720368547758.07").fen(), kMax);
  EXPECT_FALSE(Money::parse("92233720368547758.08").has_value());
  EXPECT_EQ(yuan("-92233720368547758.08").fen(), kMin);
  EXPECT_FALSE(Money::parse("-92233720368547758.09").has_value());
  EXPECT_FALSE(Money::parse("92233720368547759").has_value());
}

TEST(MoneyToString, AlwaysTwoDecimals) {
  EXPECT_EQ(Money::from_fen(145'260).to_string(), "1452.60");
  EXPECT_EQ(Money::from_fen(-5).to_string(), "-0.05");
  EXPECT_EQ(Money::from_fen(-350).to_string(), "-3.50");
  EXPECT_EQ(Money::from_fen(0).to_string(), "0.00");
  EXPECT_EQ(Money::from_fen(1).to_string(), "0.01");
  EXPECT_EQ(Money::from_yuan(7263).to_string(), "7263.00");
  EXPECT_EQ(Money::from_fen(kMax).to_string(), "92233720368547758.07");
  EXPECT_EQ(Money::from_fen(kMin).to_string(), "-92233720368547758.08");
}

TEST(MoneyArithmetic, AddSubTimesCompare) {
  EXPECT_EQ((yuan("1.10") + yuan("2.25")).fen(), 335);
  EXPECT_EQ((yuan("1.10") - yuan("2.25")).fen(), -115);
  EXPECT_EQ((-yuan("1.10")).fen(), -110);
  EXPECT_EQ(times(yuan("871.56"), 12).fen(), 1'045'872);
  EXPECT_LT(yuan("0.99"), yuan("1"));
  EXPECT_EQ(yuan("1.0"), Money::from_yuan(1));
}

// ---- multiply ----

TEST(MoneyMultiply, ContributionExample) {
  // 60% of 7263.00 = 4357.80; 16% of that = 697.248 -> 697.25
  const Money base = multiply(yuan("7263.00"), dec("0.6"));
  EXPECT_EQ(base.fen(), 435'780);
  EXPECT_EQ(multiply(base, dec("0.16")).fen(), 69'725);
  EXPECT_EQ(multiply(base, dec("0.16"), Rounding::kDown).fen(), 69'724);
  EXPECT_EQ(multiply(base, dec("0.16"), Rounding::kUp).fen(), 69'725);
}

TEST(MoneyMultiply, HalfAwayFromZeroAtExactHalf) {
  // 0.01 * 0.5 = 0.005 yuan = 0.5 fen
  EXPECT_EQ(multiply(Money::from_fen(1), dec("0.5")).fen(), 1);
  EXPECT_EQ(multiply(Money::from_fen(-1), dec("0.5")).fen(), -1);
  EXPECT_EQ(multiply(Money::from_fen(1), dec("-0.5")).fen(), -1);
  // 2.5 fen -> 3, -2.5 fen -> -3 (not banker's rounding)
  EXPECT_EQ(multiply(Money::from_fen(5), dec("0.5")).fen(), 3);
  EXPECT_EQ(multiply(Money::from_fen(-5), dec("0.5")).fen(), -3);
  // just below half: 0.499999 fen -> 0
  EXPECT_EQ(multiply(Money::from_fen(1), dec("0.499999")).fen(), 0);
  EXPECT_EQ(multiply(Money::from_fen(-1), dec("0.499999")).fen(), 0);
  // just above half: 0.500001 fen -> 1
  EXPECT_EQ(multiply(Money::from_fen(1), dec("0.500001")).fen(), 1);
}

TEST(MoneyMultiply, DownAndUp) {
  // 10 fen * 0.123 = 1.23 fen
  EXPECT_EQ(multiply(Money::from_fen(10), dec("0.123"), Rounding::kDown).fen(), 1);
  EXPECT_EQ(multiply(Money::from_fen(10), dec("0.123"), Rounding::kUp).fen(), 2);
  EXPECT_EQ(multiply(Money::from_fen(-10), dec("0.123"), Rounding::kDown).fen(), -1);
  EXPECT_EQ(multiply(Money::from_fen(-10), dec("0.123"), Rounding::kUp).fen(), -2);
  // Exact products are untouched by every mode.
  for (Rounding r : {Rounding::kHalfAwayFromZero, Rounding::kDown, Rounding::kUp}) {
    EXPECT_EQ(multiply(Money::from_fen(100), dec("0.25"), r).fen(), 25);
    EXPECT_EQ(multiply(Money::from_fen(-100), dec("0.25"), r).fen(), -25);
    EXPECT_EQ(multiply(Money::from_fen(0), dec("0.333333"), r).fen(), 0);
  }
}

TEST(MoneyMultiply, Uses128BitIntermediate) {
  // fen * micros = 9e17 * 3e6 overflows int64 but not the result.
  const Money big = Money::from_fen(900'000'000'000'000'000);
  EXPECT_EQ(multiply(big, dec("0.5")).fen(), 450'000'000'000'000'000);
  EXPECT_EQ(multiply(Money::from_fen(kMax), dec("1")).fen(), kMax);
  EXPECT_EQ(multiply(Money::from_fen(kMin), dec("1")).fen(), kMin);
}

// ---- round_to ----

TEST(MoneyRoundTo, WholeYuan) {
  EXPECT_EQ(round_to(yuan("4357.50"), 100, Rounding::kHalfAwayFromZero).fen(), 435'800);
  EXPECT_EQ(round_to(yuan("4357.49"), 100, Rounding::kHalfAwayFromZero).fen(), 435'700);
  EXPECT_EQ(round_to(yuan("-4357.50"), 100, Rounding::kHalfAwayFromZero).fen(), -435'800);
  EXPECT_EQ(round_to(yuan("-4357.49"), 100, Rounding::kHalfAwayFromZero).fen(), -435'700);
  EXPECT_EQ(round_to(yuan("4357.01"), 100, Rounding::kDown).fen(), 435'700);
  EXPECT_EQ(round_to(yuan("4357.01"), 100, Rounding::kUp).fen(), 435'800);
  EXPECT_EQ(round_to(yuan("-4357.01"), 100, Rounding::kUp).fen(), -435'800);
  EXPECT_EQ(round_to(yuan("-4357.01"), 100, Rounding::kDown).fen(), -435'700);
  EXPECT_EQ(round_to(yuan("4357.00"), 100, Rounding::kUp).fen(), 435'700);
}

TEST(MoneyRoundTo, OtherUnits) {
  EXPECT_EQ(round_to(Money::from_fen(15), 10, Rounding::kHalfAwayFromZero).fen(), 20);  // to jiao
  EXPECT_EQ(round_to(Money::from_fen(-15), 10, Rounding::kHalfAwayFromZero).fen(), -20);
  EXPECT_EQ(round_to(Money::from_fen(14), 10, Rounding::kHalfAwayFromZero).fen(), 10);
  EXPECT_EQ(round_to(Money::from_fen(123), 1, Rounding::kUp).fen(), 123);
  // A non-positive unit leaves the amount alone rather than dividing by zero.
  EXPECT_EQ(round_to(Money::from_fen(123), 0, Rounding::kUp).fen(), 123);
  EXPECT_EQ(round_to(Money::from_fen(123), -100, Rounding::kUp).fen(), 123);
}

// ---- ratio ----

TEST(MoneyRatio, RoundedHalfAwayFromZero) {
  EXPECT_EQ(ratio(yuan("4357.80"), yuan("7263.00"))->micros(), 600'000);
  EXPECT_EQ(ratio(yuan("1"), yuan("3"))->micros(), 333'333);
  EXPECT_EQ(ratio(yuan("2"), yuan("3"))->micros(), 666'667);
  EXPECT_EQ(ratio(yuan("-2"), yuan("3"))->micros(), -666'667);
  // 0.01 / 20000.00 = 0.0000005 -> 0.000001 (exact half)
  EXPECT_EQ(ratio(yuan("0.01"), yuan("20000"))->micros(), 1);
  EXPECT_EQ(ratio(yuan("-0.01"), yuan("20000"))->micros(), -1);
  EXPECT_FALSE(ratio(yuan("1"), Money{}).has_value());
  // Out of Decimal range -> nullopt.
  EXPECT_FALSE(ratio(Money::from_fen(kMax), Money::from_fen(1)).has_value());
  // A divisor above 2^62, where twice the remainder no longer fits in 64 bits:
  // 4.7e18 / 9e18 = 0.52 -> 0.000001, 4.4e18 / 9e18 = 0.49 -> 0.
  EXPECT_EQ(ratio(Money::from_fen(4'700'000'000'000), Money::from_fen(9'000'000'000'000'000'000))->micros(), 1);
  EXPECT_EQ(ratio(Money::from_fen(4'400'000'000'000), Money::from_fen(9'000'000'000'000'000'000))->micros(), 0);
  EXPECT_EQ(ratio(Money::from_fen(-4'700'000'000'000), Money::from_fen(9'000'000'000'000'000'000))->micros(), -1);
}

TEST(MoneyMultiply, SameAcrossTheSixtyFourBitBoundary) {
  // Products that fit in 64 bits and products that do not round the same way.
  // 9223372036854 fen (int64 max / 10^6) times 0.999999 is a product in micros below 2^63,
  // times 1.000001 one above it.
  EXPECT_EQ(multiply(Money::from_fen(kMax / 1'000'000), dec("0.999999")).fen(), 9'223'362'813'482);
  EXPECT_EQ(multiply(Money::from_fen(kMax / 1'000'000), dec("1.000001")).fen(), 9'223'381'260'226);
  EXPECT_EQ(multiply(Money::from_fen(-(kMax / 1'000'000)), dec("0.999999")).fen(), -9'223'362'813'482);
  EXPECT_EQ(multiply(Money::from_fen(-(kMax / 1'000'000)), dec("1.000001")).fen(), -9'223'381'260'226);
  EXPECT_EQ(multiply(Money::from_fen(kMax / 2), dec("2")).fen(), kMax - 1);
  EXPECT_EQ(multiply(Money::from_fen(kMax / 3), dec("3.5")).fen(), kMax);  // saturates
}

}  // namespace
}  // namespace shebao
