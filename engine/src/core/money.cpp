#include "shebao/core/money.h"

#include <cstdint>
#include <limits>

namespace shebao {
namespace internal {
namespace {

// GCC/Clang extension; `__extension__` keeps -Wpedantic quiet.
__extension__ typedef __int128 Int128;
__extension__ typedef unsigned __int128 UInt128;

constexpr Int128 kInt64Max = std::numeric_limits<std::int64_t>::max();
constexpr Int128 kInt64Min = std::numeric_limits<std::int64_t>::min();

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Parses [-]digits[.digits] with at most `frac_digits` fractional digits into an integer count of
// 10^-frac_digits units. No '+', no exponent, no spaces, no separators; "5." and ".5" are rejected.
std::optional<std::int64_t> parse_fixed(std::string_view text, int frac_digits) {
  std::size_t i = 0;
  bool negative = false;
  if (i < text.size() && text[i] == '-') {
    negative = true;
    ++i;
  }
  // 2^63 as the magnitude limit: fits every int64 magnitude, and anything larger is an overflow.
  constexpr UInt128 kLimit = UInt128{1} << 63;
  UInt128 magnitude = 0;
  std::size_t int_digits = 0;
  for (; i < text.size() && is_digit(text[i]); ++i, ++int_digits) {
    magnitude = magnitude * 10 + static_cast<unsigned>(text[i] - '0');
    if (magnitude > kLimit) return std::nullopt;  // keeps the accumulator far from UInt128 overflow
  }
  if (int_digits == 0) return std::nullopt;
  int frac_seen = 0;
  if (i < text.size() && text[i] == '.') {
    ++i;
    for (; i < text.size() && is_digit(text[i]); ++i) {
      if (++frac_seen > frac_digits) return std::nullopt;
      magnitude = magnitude * 10 + static_cast<unsigned>(text[i] - '0');
    }
    if (frac_seen == 0) return std::nullopt;
  }
  if (i != text.size()) return std::nullopt;
  for (int k = frac_seen; k < frac_digits; ++k) {
    magnitude *= 10;
    if (magnitude > kLimit) return std::nullopt;
  }
  if (magnitude > kLimit) return std::nullopt;
  if (negative) {
    if (magnitude == kLimit) return std::numeric_limits<std::int64_t>::min();
    return -static_cast<std::int64_t>(magnitude);
  }
  if (magnitude == kLimit) return std::nullopt;
  return static_cast<std::int64_t>(magnitude);
}

// num / den rounded as `rounding` says. den must be non-zero.
Int128 divide_rounded(Int128 num, Int128 den, Rounding rounding) {
  if (den < 0) {
    num = -num;
    den = -den;
  }
  if (num > kInt64Min && num <= kInt64Max && den <= kInt64Max) {
    // The same in 64 bits (every real figure): a 128-bit division is a library call.
    const auto n = static_cast<std::int64_t>(num), d = static_cast<std::int64_t>(den);
    const std::int64_t q = n / d, r = n % d;
    if (r == 0) return q;
    const std::int64_t away = n < 0 ? -1 : 1;
    const std::int64_t abs_r = r < 0 ? -r : r;
    switch (rounding) {
      case Rounding::kDown: return q;
      case Rounding::kUp: return q + away;
      case Rounding::kHalfAwayFromZero: return abs_r >= d - abs_r ? q + away : q;  // 2|r| >= d
    }
    return q;
  }
  Int128 q = num / den;  // truncates toward zero
  Int128 r = num % den;  // same sign as num
  if (r == 0) return q;
  const Int128 away = num < 0 ? -1 : 1;
  const Int128 abs_r = r < 0 ? -r : r;
  switch (rounding) {
    case Rounding::kDown:
      return q;
    case Rounding::kUp:
      return q + away;
    case Rounding::kHalfAwayFromZero:
      return 2 * abs_r >= den ? q + away : q;
  }
  return q;
}

bool fits_int64(Int128 v) { return v >= kInt64Min && v <= kInt64Max; }

// Saturates to the int64 range (only reachable with amounts far beyond any real figure).
std::int64_t saturate(Int128 v) {
  if (v > kInt64Max) return std::numeric_limits<std::int64_t>::max();
  if (v < kInt64Min) return std::numeric_limits<std::int64_t>::min();
  return static_cast<std::int64_t>(v);
}

// Prints value / 10^scale_digits, keeping at least min_decimals and at most scale_digits
// fractional digits (trailing zeros beyond min_decimals dropped), padding with zeros when
// min_decimals > scale_digits.
std::string format_fixed(std::int64_t value, int scale_digits, int min_decimals) {
  if (min_decimals < 0) min_decimals = 0;
  std::uint64_t magnitude =
      value < 0 ? 0 - static_cast<std::uint64_t>(value) : static_cast<std::uint64_t>(value);
  std::uint64_t scale = 1;
  for (int k = 0; k < scale_digits; ++k) scale *= 10;
  const std::uint64_t int_part = magnitude / scale;
  std::uint64_t frac_part = magnitude % scale;

  std::string frac(static_cast<std::size_t>(scale_digits), '0');
  for (int k = scale_digits - 1; k >= 0; --k) {
    frac[static_cast<std::size_t>(k)] = static_cast<char>('0' + frac_part % 10);
    frac_part /= 10;
  }
  std::size_t keep = frac.size();
  while (keep > static_cast<std::size_t>(min_decimals) && keep > 0 && frac[keep - 1] == '0') --keep;
  frac.resize(keep);
  while (frac.size() < static_cast<std::size_t>(min_decimals)) frac.push_back('0');

  std::string out;
  if (value < 0) out.push_back('-');
  out += std::to_string(int_part);
  if (!frac.empty()) {
    out.push_back('.');
    out += frac;
  }
  return out;
}

}  // namespace
}  // namespace internal

using internal::Int128;

std::optional<Decimal> Decimal::parse(std::string_view text) {
  auto v = internal::parse_fixed(text, 6);
  if (!v) return std::nullopt;
  return Decimal::from_micros(*v);
}

std::string Decimal::to_string(int min_decimals) const {
  return internal::format_fixed(micros_, 6, min_decimals);
}

Decimal operator*(Decimal a, Decimal b) {
  const Int128 product = static_cast<Int128>(a.micros_) * b.micros_;
  return Decimal(
      internal::saturate(internal::divide_rounded(product, Decimal::kScale, Rounding::kHalfAwayFromZero)));
}

std::optional<Decimal> Decimal::divide(Decimal a, Decimal b) {
  if (b.micros_ == 0) return std::nullopt;
  const Int128 q = internal::divide_rounded(static_cast<Int128>(a.micros_) * kScale, b.micros_,
                                            Rounding::kHalfAwayFromZero);
  if (!internal::fits_int64(q)) return std::nullopt;
  return Decimal(static_cast<std::int64_t>(q));
}

std::optional<Money> Money::parse(std::string_view yuan) {
  auto v = internal::parse_fixed(yuan, 2);
  if (!v) return std::nullopt;
  return Money::from_fen(*v);
}

std::string Money::to_string() const { return internal::format_fixed(fen_, 2, 2); }

Money multiply(Money amount, Decimal factor, Rounding rounding) {
  const Int128 product = static_cast<Int128>(amount.fen()) * factor.micros();
  return Money::from_fen(internal::saturate(internal::divide_rounded(product, Decimal::kScale, rounding)));
}

Money round_to(Money amount, std::int64_t unit_fen, Rounding rounding) {
  if (unit_fen <= 0) return amount;  // no meaningful unit: leave the amount alone
  const Int128 units = internal::divide_rounded(amount.fen(), unit_fen, rounding);
  return Money::from_fen(internal::saturate(units * unit_fen));
}

std::optional<Decimal> ratio(Money a, Money b) {
  if (b.fen() == 0) return std::nullopt;
  const Int128 q = internal::divide_rounded(static_cast<Int128>(a.fen()) * Decimal::kScale, b.fen(),
                                            Rounding::kHalfAwayFromZero);
  if (!internal::fits_int64(q)) return std::nullopt;
  return Decimal::from_micros(static_cast<std::int64_t>(q));
}

std::string money_for_people(Money m) {
  std::string s = m.to_string();
  const std::size_t sign = s.front() == '-' ? 1 : 0;
  const std::size_t dot = s.find('.');
  const std::size_t digits = (dot == std::string::npos ? s.size() : dot) - sign;
  if (digits <= 4) return s;  // below 10,000 yuan: no separator
  for (std::size_t i = sign + digits; i > sign + 3; i -= 3) s.insert(i - 3, 1, ',');
  return s;
}

}  // namespace shebao
