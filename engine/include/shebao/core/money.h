// Money in integer fen and fixed-point decimals (ratios, rates). No floating point anywhere.
#pragma once

#include <compare>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

namespace shebao {

// How a product is brought back to whole fen (or to the decimal's last digit).
enum class Rounding : std::uint8_t { kHalfAwayFromZero, kDown /* toward zero */, kUp /* away from zero */ };

// A decimal number with exactly six fractional digits, stored as an int64 count of millionths.
// Used for ratios (0.6), rates (0.085) and other dimensionless figures.
class Decimal {
 public:
  static constexpr std::int64_t kScale = 1'000'000;
  constexpr Decimal() = default;
  static constexpr Decimal from_micros(std::int64_t micros) { return Decimal(micros); }
  static constexpr Decimal from_int(std::int64_t v) { return Decimal(v * kScale); }
  // Parses "0.6", "-1.25", "20", "0.085" exactly; at most 6 fractional digits, no exponent, no
  // spaces, no leading '+'. Returns nullopt on anything else or on overflow.
  static std::optional<Decimal> parse(std::string_view text);

  constexpr std::int64_t micros() const { return micros_; }
  // Shortest exact form with at least `min_decimals` fractional digits: 0.2 -> "0.20", 0.085 -> "0.085".
  std::string to_string(int min_decimals = 2) const;

  friend constexpr Decimal operator+(Decimal a, Decimal b) { return Decimal(a.micros_ + b.micros_); }
  friend constexpr Decimal operator-(Decimal a, Decimal b) { return Decimal(a.micros_ - b.micros_); }
  friend constexpr Decimal operator-(Decimal a) { return Decimal(-a.micros_); }
  // Product and quotient are rounded to 6 decimals (half away from zero). Division by zero: nullopt.
  friend Decimal operator*(Decimal a, Decimal b);
  static std::optional<Decimal> divide(Decimal a, Decimal b);
  friend constexpr auto operator<=>(Decimal, Decimal) = default;

 private:
  constexpr explicit Decimal(std::int64_t micros) : micros_(micros) {}
  std::int64_t micros_ = 0;
};

// Amounts in whole fen. Defended duplicate: the value-type shape of Decimal (above), Date and
// YearMonth (date.h); the types keep fen, millionths and days from being mixed.
class Money {
 public:
  constexpr Money() = default;
  static constexpr Money from_fen(std::int64_t fen) { return Money(fen); }
  static constexpr Money from_yuan(std::int64_t yuan) { return Money(yuan * 100); }
  // Parses a yuan amount exactly: "7263", "7263.0", "1452.60", "-3.5"; at most 2 fractional
  // digits, no exponent, no spaces, no thousands separators. nullopt otherwise or on overflow.
  static std::optional<Money> parse(std::string_view yuan);

  constexpr std::int64_t fen() const { return fen_; }
  // "1452.60", "-0.05": always exactly two decimals.
  std::string to_string() const;

  friend constexpr Money operator+(Money a, Money b) { return Money(a.fen_ + b.fen_); }
  friend constexpr Money operator-(Money a, Money b) { return Money(a.fen_ - b.fen_); }
  friend constexpr Money operator-(Money a) { return Money(-a.fen_); }
  friend constexpr auto operator<=>(Money, Money) = default;

 private:
  constexpr explicit Money(std::int64_t fen) : fen_(fen) {}
  std::int64_t fen_ = 0;
};

// "1452.60", "10,456.80": as to_string(), with a comma between thousands from 10,000 yuan up
// (amounts a person reads; JSON and files keep to_string()).
std::string money_for_people(Money m);

// amount × factor, rounded to whole fen as `rounding` says (exact 128-bit intermediate).
Money multiply(Money amount, Decimal factor, Rounding rounding = Rounding::kHalfAwayFromZero);
// amount × n (n whole), e.g. 12 months. Saturates to the int64 range like multiply() (only
// amounts far beyond any real figure get there; a hostile pack must not make it undefined).
constexpr Money times(Money amount, std::int64_t n) {
  std::int64_t fen = 0;
  if (__builtin_mul_overflow(amount.fen(), n, &fen))
    fen = (amount.fen() < 0) != (n < 0) ? std::numeric_limits<std::int64_t>::min()
                                        : std::numeric_limits<std::int64_t>::max();
  return Money::from_fen(fen);
}
// amount rounded to a multiple of `unit` fen (100 = whole yuan).
Money round_to(Money amount, std::int64_t unit_fen, Rounding rounding);
// a / b as a decimal (rounded half away from zero); nullopt when b is zero.
std::optional<Decimal> ratio(Money a, Money b);

}  // namespace shebao
