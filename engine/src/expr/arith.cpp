#include "expr/arith.h"

namespace shebao::internal::arith {

std::optional<std::int64_t> binary(Op op, TypeKind ka, TypeKind kb, std::int64_t a, std::int64_t b) {
  using K = TypeKind;
  switch (op) {
    case Op::kAdd:
    case Op::kSub: {
      if (ka == K::kDate) {  // date ± months
        if (b > INT32_MAX || b < -INT32_MAX) return std::nullopt;
        Date d = add_months_clamped(Date::from_days(static_cast<std::int32_t>(a)),
                                    static_cast<std::int32_t>(op == Op::kAdd ? b : -b));
        return d.days();
      }
      return checked(op == Op::kAdd ? static_cast<Int128>(a) + b : static_cast<Int128>(a) - b);
    }
    case Op::kMul: {
      if (ka == K::kNumber && kb == K::kNumber) return (Decimal::from_micros(a) * Decimal::from_micros(b)).micros();
      if (ka == K::kMoney || kb == K::kMoney) {  // money × number is money
        const std::int64_t fen = ka == K::kMoney ? a : b;
        const std::int64_t factor = ka == K::kMoney ? b : a;
        return multiply(Money::from_fen(fen), Decimal::from_micros(factor)).fen();
      }
      // months × number: whole months, rounded down.
      const std::int64_t months = ka == K::kMonths ? a : b;
      const std::int64_t factor = ka == K::kMonths ? b : a;
      return checked(div_floor128(static_cast<Int128>(months) * factor, Decimal::kScale));
    }
    case Op::kDiv: {
      if (b == 0) return std::nullopt;
      if (ka == K::kNumber && kb == K::kNumber) {
        auto q = Decimal::divide(Decimal::from_micros(a), Decimal::from_micros(b));
        if (!q) return std::nullopt;
        return q->micros();
      }
      if (ka == K::kMoney && kb == K::kMoney) {
        auto q = ratio(Money::from_fen(a), Money::from_fen(b));
        if (!q) return std::nullopt;
        return q->micros();
      }
      if (ka == K::kMoney) {  // money / number, half away from zero
        const Int128 num = static_cast<Int128>(a) * Decimal::kScale;
        Int128 q = num / b, r = num % b;
        if (r != 0 && 2 * (r < 0 ? -r : r) >= (b < 0 ? -static_cast<Int128>(b) : b))
          q += ((num < 0) != (b < 0)) ? -1 : 1;
        return checked(q);
      }
      // months / number: whole months, rounded down.
      return checked(div_floor128(static_cast<Int128>(a) * Decimal::kScale, b));
    }
    default: return std::nullopt;
  }
}

std::optional<std::int64_t> unary(Op op, std::int64_t v, bool whole_years) {
  switch (op) {
    case Op::kNeg: return checked(-static_cast<Int128>(v));
    case Op::kYear:
      if (whole_years) return checked(static_cast<Int128>(div_floor(v, 12)) * Decimal::kScale);
      return static_cast<std::int64_t>(Date::from_days(static_cast<std::int32_t>(v)).year()) * Decimal::kScale;
    case Op::kRoundYuan: return round_to(Money::from_fen(v), 100, Rounding::kHalfAwayFromZero).fen();
    case Op::kYears: return checked(div_floor128(static_cast<Int128>(v) * 12, Decimal::kScale));
    default: return std::nullopt;
  }
}

bool within(std::int64_t region, std::int64_t outer) {
  const auto o = static_cast<std::uint32_t>(outer), c = static_cast<std::uint32_t>(region);
  return o == 0 || (o % 10000 == 0 ? c / 10000 == o / 10000 : o % 100 == 0 ? c / 100 == o / 100 : c == o);
}

}  // namespace shebao::internal::arith
