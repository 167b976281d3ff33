// Evaluation of compiled expressions: three-valued (unknown) logic, exact money arithmetic,
// no heap allocation.
#include "expr/expr.h"

#include <cstdint>

namespace shebao::internal {

namespace {

using K = TypeKind;
__extension__ typedef __int128 Int128;

std::int64_t div_floor(std::int64_t a, std::int64_t b) {
  std::int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

// Integer results that leave the int64 range (only absurd pack figures get there) are unknown:
// the engine withholds a figure rather than wrap around or guess one.
Int128 div_floor128(Int128 a, Int128 b) {
  Int128 q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}
Value checked(Int128 v) {
  if (v > INT64_MAX || v < INT64_MIN) return Value::unknown();
  return Value::of_int(static_cast<std::int64_t>(v));
}

class Evaluator {
 public:
  Evaluator(const Program& p, EvalEnv& env) : p_(p), env_(env), tracing_(env.tracing()) {}

  Value eval(std::uint32_t i) {
    const Node& n = p_.node(i);
    Value v = eval_node(n);
    if (tracing_ && (n.op == Op::kField || n.op == Op::kParam || n.op == Op::kAge ||
                           n.op == Op::kRetAge || n.op == Op::kAsOf || n.op == Op::kRetDate ||
                           n.op == Op::kRetMinContribution || n.op == Op::kRetOriginalAge))
      env_.trace(n, v);
    return v;
  }

 private:
  Value kid(const Node& n, std::uint32_t k) { return eval(p_.child(n, k)); }

  Value eval_node(const Node& n) {
    switch (n.op) {
      case Op::kConst: return n.imm;
      case Op::kField: {
        Value v = env_.field(static_cast<FieldId>(n.a));
        if (!v.known) env_.note_unknown_field(static_cast<FieldId>(n.a));
        return v;
      }
      case Op::kAsOf: case Op::kAge: case Op::kRetAge: case Op::kRetOriginalAge:
      case Op::kRetMinContribution: case Op::kRetDate:
        return env_.derived(n.op);
      case Op::kParam: return env_.param(n.a, n.b, false);
      case Op::kListLit: return Value::unknown();  // only used through `in`
      case Op::kNot: {
        Value v = kid(n, 0);
        if (!v.known) return v;
        return Value::of_bool(!v.i);
      }
      case Op::kAnd: {
        Value a = kid(n, 0);
        if (a.known && !a.i) return Value::of_bool(false);
        Value b = kid(n, 1);
        if (b.known && !b.i) return Value::of_bool(false);
        if (!a.known || !b.known) return Value::unknown();
        return Value::of_bool(true);
      }
      case Op::kOr: {
        Value a = kid(n, 0);
        if (a.known && a.i) return Value::of_bool(true);
        Value b = kid(n, 1);
        if (b.known && b.i) return Value::of_bool(true);
        if (!a.known || !b.known) return Value::unknown();
        return Value::of_bool(false);
      }
      case Op::kNeg: {
        Value v = kid(n, 0);
        if (!v.known) return v;
        return checked(-static_cast<Int128>(v.i));
      }
      case Op::kEq: case Op::kNe: case Op::kLt: case Op::kLe: case Op::kGt: case Op::kGe: {
        Value a = kid(n, 0), b = kid(n, 1);
        if (!a.known || !b.known) return Value::unknown();
        int c;
        if (n.arg_type.kind == K::kString) c = a.s < b.s ? -1 : (a.s == b.s ? 0 : 1);
        else c = a.i < b.i ? -1 : (a.i == b.i ? 0 : 1);
        switch (n.op) {
          case Op::kEq: return Value::of_bool(c == 0);
          case Op::kNe: return Value::of_bool(c != 0);
          case Op::kLt: return Value::of_bool(c < 0);
          case Op::kLe: return Value::of_bool(c <= 0);
          case Op::kGt: return Value::of_bool(c > 0);
          default: return Value::of_bool(c >= 0);
        }
      }
      case Op::kIn: {
        Value a = kid(n, 0);
        const Node& list = p_.node(p_.child(n, 1));
        const bool str = n.arg_type.kind == K::kString;
        if (list.op == Op::kListLit) {
          if (!a.known) return Value::unknown();
          for (std::uint16_t k = 0; k < list.count; ++k) {
            Value e = eval(p_.child(list, k));
            if (str ? e.s == a.s : e.i == a.i) return Value::of_bool(true);
          }
          return Value::of_bool(false);
        }
        Value l = eval(p_.child(n, 1));
        if (!a.known || !l.known || !l.list) return Value::unknown();
        for (const Value& e : l.list->items)
          if (str ? e.s == a.s : e.i == a.i) return Value::of_bool(true);
        return Value::of_bool(false);
      }
      case Op::kAdd: case Op::kSub: {
        Value a = kid(n, 0), b = kid(n, 1);
        if (!a.known || !b.known) return Value::unknown();
        if (n.arg_type.kind == K::kDate) {
          if (b.i > INT32_MAX || b.i < -INT32_MAX) return Value::unknown();
          Date d = add_months_clamped(Date::from_days(static_cast<std::int32_t>(a.i)),
                                      static_cast<std::int32_t>(n.op == Op::kAdd ? b.i : -b.i));
          return Value::of_int(d.days());
        }
        return checked(n.op == Op::kAdd ? static_cast<Int128>(a.i) + b.i : static_cast<Int128>(a.i) - b.i);
      }
      case Op::kMul: {
        Value a = kid(n, 0), b = kid(n, 1);
        if (!a.known || !b.known) return Value::unknown();
        K ka = n.arg_type.kind, kb = static_cast<K>(n.a);
        if (ka == K::kNumber && kb == K::kNumber)
          return Value::of_int((Decimal::from_micros(a.i) * Decimal::from_micros(b.i)).micros());
        if (n.type.kind == K::kMoney) {
          std::int64_t fen = ka == K::kMoney ? a.i : b.i;
          std::int64_t factor = ka == K::kMoney ? b.i : a.i;
          return Value::of_int(multiply(Money::from_fen(fen), Decimal::from_micros(factor)).fen());
        }
        // months × number: whole months, rounded down.
        std::int64_t months = ka == K::kMonths ? a.i : b.i;
        std::int64_t factor = ka == K::kMonths ? b.i : a.i;
        return checked(div_floor128(static_cast<Int128>(months) * factor, Decimal::kScale));
      }
      case Op::kDiv: {
        Value a = kid(n, 0), b = kid(n, 1);
        if (!a.known || !b.known || b.i == 0) return Value::unknown();
        K ka = n.arg_type.kind, kb = static_cast<K>(n.a);
        if (ka == K::kNumber && kb == K::kNumber) {
          auto q = Decimal::divide(Decimal::from_micros(a.i), Decimal::from_micros(b.i));
          return q ? Value::of_int(q->micros()) : Value::unknown();
        }
        if (ka == K::kMoney && kb == K::kMoney) {
          auto q = ratio(Money::from_fen(a.i), Money::from_fen(b.i));
          return q ? Value::of_int(q->micros()) : Value::unknown();
        }
        if (ka == K::kMoney) {  // money / number, half away from zero
          Int128 num = static_cast<Int128>(a.i) * Decimal::kScale;
          Int128 q = num / b.i, r = num % b.i;
          if (r != 0 && 2 * (r < 0 ? -r : r) >= (b.i < 0 ? -static_cast<Int128>(b.i) : b.i)) q += ((num < 0) != (b.i < 0)) ? -1 : 1;
          return checked(q);
        }
        // months / number: whole months, rounded down.
        return checked(div_floor128(static_cast<Int128>(a.i) * Decimal::kScale, b.i));
      }
      case Op::kMin: case Op::kMax: {
        Value best = kid(n, 0);
        for (std::uint16_t k = 1; k < n.count; ++k) {
          Value v = kid(n, k);
          if (!v.known) best.known = false;
          else if (best.known && (n.op == Op::kMin ? v.i < best.i : v.i > best.i)) best.i = v.i;
        }
        return best.known ? best : Value::unknown();
      }
      case Op::kClamp: {
        Value x = kid(n, 0), lo = kid(n, 1), hi = kid(n, 2);
        if (!x.known || !lo.known || !hi.known) return Value::unknown();
        std::int64_t v = x.i < lo.i ? lo.i : x.i;
        if (v > hi.i) v = hi.i;
        return Value::of_int(v);
      }
      case Op::kIf: {
        Value c = kid(n, 0);
        if (!c.known) return Value::unknown();
        return c.i ? kid(n, 1) : kid(n, 2);
      }
      case Op::kKnown: {
        // Reading an absent field here is a question, not a need.
        Value v = eval_quiet(p_.child(n, 0));
        return Value::of_bool(v.known);
      }
      case Op::kDefault: {
        Value v = eval_quiet(p_.child(n, 0));
        return v.known ? v : kid(n, 1);
      }
      case Op::kProvince: case Op::kPrefecture: {
        Value v = kid(n, 0);
        if (!v.known) return v;
        auto code = static_cast<std::uint32_t>(v.i);
        return Value::of_int(n.op == Op::kProvince ? code / 10000 * 10000 : code / 100 * 100);
      }
      case Op::kWithin: {
        Value r = kid(n, 0), outer = kid(n, 1);
        if (!r.known || !outer.known) return Value::unknown();
        auto o = static_cast<std::uint32_t>(outer.i), c = static_cast<std::uint32_t>(r.i);
        bool in = o == 0 || (o % 10000 == 0 ? c / 10000 == o / 10000 : o % 100 == 0 ? c / 100 == o / 100 : c == o);
        return Value::of_bool(in);
      }
      case Op::kMonthsBetween: {
        Value a = kid(n, 0), b = kid(n, 1);
        if (!a.known || !b.known) return Value::unknown();
        return Value::of_int(months_between(Date::from_days(static_cast<std::int32_t>(a.i)),
                                            Date::from_days(static_cast<std::int32_t>(b.i))));
      }
      case Op::kYear: {
        Value v = kid(n, 0);
        if (!v.known) return v;
        if (n.a == 1) return checked(static_cast<Int128>(div_floor(v.i, 12)) * Decimal::kScale);  // whole_years(months)
        return Value::of_int(static_cast<std::int64_t>(Date::from_days(static_cast<std::int32_t>(v.i)).year()) *
                             Decimal::kScale);
      }
      case Op::kLookup: {
        Value t = kid(n, 0), key = kid(n, 1);
        if (!t.known || !key.known || !t.list) return Value::unknown();
        const bool str = p_.node(p_.child(n, 0)).type.key == K::kString;
        const auto& items = t.list->items;
        for (std::size_t k = 0; k + 1 < items.size(); k += 2)
          if (str ? items[k].s == key.s : items[k].i == key.i) return items[k + 1];
        return Value::unknown();
      }
      case Op::kRoundYuan: {
        Value v = kid(n, 0);
        if (!v.known) return v;
        return Value::of_int(round_to(Money::from_fen(v.i), 100, Rounding::kHalfAwayFromZero).fen());
      }
      case Op::kYears: {
        Value v = kid(n, 0);
        if (!v.known) return v;
        return checked(div_floor128(static_cast<Int128>(v.i) * 12, Decimal::kScale));
      }
    }
    return Value::unknown();
  }

  Value eval_quiet(std::uint32_t i) {
    const Node& n = p_.node(i);
    if (n.op == Op::kField) return env_.field(static_cast<FieldId>(n.a));
    if (n.op == Op::kParam) return env_.param(n.a, n.b, true);
    return eval(i);
  }

  const Program& p_;
  EvalEnv& env_;
  const bool tracing_;
};

}  // namespace

Value evaluate(const Program& prog, std::uint32_t root, EvalEnv& env) {
  Evaluator e(prog, env);
  return e.eval(root);
}

}  // namespace shebao::internal
