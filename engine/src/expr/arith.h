// The arithmetic of the expression language on raw operands (the `i` of a Value): exact money in
// fen, numbers in millionths, months, dates in days. Shared by the interpreter and the reference
// evaluator, which differ in how they walk the nodes, not in what an operator computes.
// An integer result outside the int64 range (only absurd pack figures get there) is nullopt: the
// engine withholds a figure rather than wrap around or guess one.
#pragma once

#include <cstdint>
#include <optional>

#include "expr/expr.h"

namespace shebao::internal::arith {

__extension__ typedef __int128 Int128;

inline std::int64_t div_floor(std::int64_t a, std::int64_t b) {
  std::int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}
inline Int128 div_floor128(Int128 a, Int128 b) {
  Int128 q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}
inline std::optional<std::int64_t> checked(Int128 v) {
  if (v > INT64_MAX || v < INT64_MIN) return std::nullopt;
  return static_cast<std::int64_t>(v);
}

// `op` (kAdd, kSub, kMul, kDiv) on operands of kinds ka and kb, as the type checker allowed them.
std::optional<std::int64_t> binary(Op op, TypeKind ka, TypeKind kb, std::int64_t a, std::int64_t b);
// kNeg, kYear (whole_years when `whole_years`), kRoundYuan, kYears on one operand.
std::optional<std::int64_t> unary(Op op, std::int64_t v, bool whole_years = false);
// within(region, outer): the region is the outer one or inside it (000000: everywhere).
bool within(std::int64_t region, std::int64_t outer);

}  // namespace shebao::internal::arith
