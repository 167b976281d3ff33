#include "expr/reference.h"

#include <optional>

#include "expr/arith.h"

namespace shebao::internal {

namespace {

class Reference {
 public:
  Reference(const Program& p, EvalEnv& env) : p_(p), env_(env) {}

  // Defended duplicate: the interpreter's dispatcher (interpreter.h) has the same cases; this
  // evaluator is its oracle and shares no code with it on purpose.
  Value eval(std::uint32_t i) {
    const Node& n = p_.node(i);
    switch (n.op) {
      case Op::kField: {
        const auto id = static_cast<FieldId>(n.a);
        Value v = env_.field(id);
        if (!v.known) env_.note_unknown_field(id);
        return traced(n, v);
      }
      case Op::kParam: return traced(n, env_.param(n.a, n.b, false));
      case Op::kAsOf:
      case Op::kAge:
      case Op::kRetAge:
      case Op::kRetOriginalAge:
      case Op::kRetMinContribution:
      case Op::kRetDate:
      case Op::kRecBenefitCase:
      case Op::kRecBenefitRegion:
      case Op::kRecBenefitCaseAtRetirement:
      case Op::kRecBenefitRegionAtRetirement:
      case Op::kRecMoves:
      case Op::kRecTemporaryMonths:
      case Op::kMedMissingMonths: return traced(n, env_.derived(n.op));
      default: return operate(n);
    }
  }

 private:
  Value traced(const Node& n, const Value& v) {
    if (env_.tracing()) env_.trace(n, v);
    return v;
  }
  Value kid(const Node& n, std::uint32_t k) { return eval(p_.child(n, k)); }
  // A read whose absence the expression handles itself (known(), default()): no need, no trace.
  Value quiet(std::uint32_t i) {
    const Node& n = p_.node(i);
    if (n.op == Op::kField) return env_.field(static_cast<FieldId>(n.a));
    if (n.op == Op::kParam) return env_.param(n.a, n.b, true);
    return eval(i);
  }
  static Value of(std::optional<std::int64_t> v) { return v ? Value::of_int(*v) : Value::unknown(); }
  static bool equal(const Value& a, const Value& b, bool strings) { return strings ? a.s == b.s : a.i == b.i; }

  Value operate(const Node& n) {
    const bool strings = n.arg_type.kind == TypeKind::kString;
    switch (n.op) {
      case Op::kConst: return n.imm;
      case Op::kListLit: return Value::unknown();  // only read through `in`
      case Op::kNot: {
        Value v = kid(n, 0);
        return v.known ? Value::of_bool(v.i == 0) : v;
      }
      case Op::kAnd:
      case Op::kOr: {
        // Three-valued, left to right: an operand that decides (false for `and`, true for `or`)
        // gives the value, and the right one is then not read.
        const bool decides = n.op == Op::kOr;
        Value l = kid(n, 0);
        if (l.known && (l.i != 0) == decides) return Value::of_bool(decides);
        Value r = kid(n, 1);
        if (r.known && (r.i != 0) == decides) return Value::of_bool(decides);
        if (!l.known || !r.known) return Value::unknown();
        return Value::of_bool(!decides);
      }
      // Defended duplicate: lowering's field tests (lower.cpp) list the same comparisons; this
      // evaluator is their oracle and shares no code with them on purpose.
      case Op::kEq:
      case Op::kNe:
      case Op::kLt:
      case Op::kLe:
      case Op::kGt:
      case Op::kGe: {
        Value a = kid(n, 0), b = kid(n, 1);  // both read: their unknown fields are needs
        if (!a.known || !b.known) return Value::unknown();
        const int c = strings ? a.s.compare(b.s) : (a.i < b.i ? -1 : a.i == b.i ? 0 : 1);
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
        if (list.op == Op::kListLit) {
          if (!a.known) return Value::unknown();  // the items are not read
          bool unknown = false;
          for (std::uint16_t k = 0; k < list.count; ++k) {
            Value e = kid(list, k);
            if (!e.known)
              unknown = true;
            else if (equal(e, a, strings))
              return Value::of_bool(true);
          }
          return unknown ? Value::unknown() : Value::of_bool(false);
        }
        Value l = kid(n, 1);
        if (!a.known || !l.known || !l.list) return Value::unknown();
        for (const Value& e : l.list->items)
          if (equal(e, a, strings)) return Value::of_bool(true);
        return Value::of_bool(false);
      }
      case Op::kNeg:
      case Op::kRoundYuan:
      case Op::kYears:
      case Op::kYear: {
        Value v = kid(n, 0);
        if (!v.known) return v;
        return of(arith::unary(n.op, v.i, n.op == Op::kYear && n.a == 1));
      }
      case Op::kAdd:
      case Op::kSub:
      case Op::kMul:
      case Op::kDiv: {
        Value a = kid(n, 0), b = kid(n, 1);
        if (!a.known || !b.known) return Value::unknown();
        return of(arith::binary(n.op, n.arg_type.kind, static_cast<TypeKind>(n.a), a.i, b.i));
      }
      case Op::kMin:
      case Op::kMax: {
        // Every operand is read (its unknown fields are needs), even once one is unknown.
        std::optional<std::int64_t> best;
        bool all = true;
        for (std::uint16_t k = 0; k < n.count; ++k) {
          Value v = kid(n, k);
          if (!v.known)
            all = false;
          else if (!best || (n.op == Op::kMin ? v.i < *best : v.i > *best))
            best = v.i;
        }
        return all ? of(best) : Value::unknown();
      }
      case Op::kClamp: {
        Value x = kid(n, 0), lo = kid(n, 1), hi = kid(n, 2);
        if (!x.known || !lo.known || !hi.known) return Value::unknown();
        std::int64_t v = x.i < lo.i ? lo.i : x.i;
        return Value::of_int(v > hi.i ? hi.i : v);
      }
      case Op::kIf: {
        Value c = kid(n, 0);
        if (!c.known) return Value::unknown();
        return c.i ? kid(n, 1) : kid(n, 2);
      }
      case Op::kKnown: return Value::of_bool(quiet(p_.child(n, 0)).known);
      case Op::kDefault: {
        Value v = quiet(p_.child(n, 0));
        return v.known ? v : kid(n, 1);
      }
      case Op::kProvince:
      case Op::kPrefecture: {
        Value v = kid(n, 0);
        if (!v.known) return v;
        const auto code = static_cast<std::uint32_t>(v.i);
        return Value::of_int(n.op == Op::kProvince ? code / 10000 * 10000 : code / 100 * 100);
      }
      case Op::kWithin: {
        Value r = kid(n, 0), outer = kid(n, 1);
        if (!r.known || !outer.known) return Value::unknown();
        return Value::of_bool(arith::within(r.i, outer.i));
      }
      case Op::kMonthsBetween: {
        Value a = kid(n, 0), b = kid(n, 1);
        if (!a.known || !b.known) return Value::unknown();
        return Value::of_int(months_between(Date::from_days(static_cast<std::int32_t>(a.i)),
                                            Date::from_days(static_cast<std::int32_t>(b.i))));
      }
      case Op::kLookup: {
        Value t = kid(n, 0), key = kid(n, 1);
        if (!t.known || !key.known || !t.list) return Value::unknown();
        const bool str = p_.node(p_.child(n, 0)).type.key == TypeKind::kString;
        const auto& items = t.list->items;
        for (std::size_t k = 0; k + 1 < items.size(); k += 2)
          if (equal(items[k], key, str)) return items[k + 1];
        return Value::unknown();
      }
      default: return Value::unknown();  // the lowering's own operators never appear as parsed
    }
  }

  const Program& p_;
  EvalEnv& env_;
};

}  // namespace

Value evaluate_reference(const Program& prog, std::uint32_t root, EvalEnv& env) {
  return Reference(prog, env).eval(root);
}

}  // namespace shebao::internal
