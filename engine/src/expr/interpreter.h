// The interpreter: evaluates the lowered form of an expression (ExecNode, lower.cpp) with
// three-valued (unknown) logic and exact money arithmetic, no heap allocation and no state of its
// own beyond the program's arrays. A template over the environment so that the engine's own
// environment (EvalContext, final) is called directly and inlined; interpreter.cpp instantiates it
// for the virtual EvalEnv that tests and tools implement. Its oracle is reference.h.
#pragma once

#include <cstdint>

#include "expr/arith.h"
#include "expr/expr.h"

namespace shebao::internal {

// Nothing is traced here: --explain takes the reference evaluator (reference.h), which reads the
// nodes as parsed.
template <class Env>
class Interpreter {
 public:
  Interpreter(const Program& p, Env& env)
      : exec_(p.exec_nodes()), children_(p.child_indexes()), consts_(p.constants()), env_(env) {}

  const ExecNode& exec(std::uint32_t i) const { return exec_[i]; }

  Slot eval(std::uint32_t i) { return eval_node(exec_[i]); }

 private:
  using K = TypeKind;
  // A child's value. Constants, fields, parameters and field tests (most operands) are read
  // here, without going through the dispatcher.
  Slot kid(const ExecNode& n, std::uint32_t k) {
    const std::uint32_t c = child(n, k);
    const ExecNode& cn = exec_[c];
    if (cn.op == Op::kConst) return constant(cn.first);
    if (cn.op == Op::kField) return field(cn);
    if (cn.op == Op::kParam) return env_param(cn, false);
    if (cn.op == Op::kFieldTest) return field_test(cn);
    return eval(c);
  }
  // The environment's values as Slots: directly when it offers them (the engine's does).
  Slot env_field(FieldId id) {
    if constexpr (requires { env_.field_slot(id); })
      return env_.field_slot(id);
    else
      return Slot::from(env_.field(id));
  }
  Slot env_param(const ExecNode& n, bool quiet) {
    if constexpr (requires { env_.param_slot(n.a, n.b, quiet); })
      return env_.param_slot(n.a, n.b, quiet);
    else
      return Slot::from(env_.param(n.a, n.b, quiet));
  }
  Slot env_derived(Op op) {
    if constexpr (requires { env_.derived_slot(op); })
      return env_.derived_slot(op);
    else
      return Slot::from(env_.derived(op));
  }
  Slot field(const ExecNode& n) {
    Slot v = env_field(static_cast<FieldId>(n.a));
    if (!v.known()) env_.note_unknown_field(static_cast<FieldId>(n.a));
    return v;
  }

  // String comparisons, out of line: they call memcmp, and the integer paths that share a
  // function with them would save registers for it on every call.
  [[gnu::noinline]] static int compare_strings(Slot a, Slot b) {
    return a.str() < b.str() ? -1 : (a.str() == b.str() ? 0 : 1);
  }
  [[gnu::noinline]] static bool contains_string(const Slot* items, std::uint16_t count, Slot v) {
    for (std::uint16_t k = 0; k < count; ++k)
      if (items[k].str() == v.str()) return true;
    return false;
  }
  static bool holds(Op op, int c) {
    switch (op) {
      case Op::kEq: return c == 0;
      case Op::kNe: return c != 0;
      case Op::kLt: return c < 0;
      case Op::kLe: return c <= 0;
      case Op::kGt: return c > 0;
      default: return c >= 0;
    }
  }

  // kFieldTest: the value the fused tree would give, with the same field noted as unknown. Out
  // of line for most callers; inline in the and/or chains, where most tests are.
  [[gnu::noinline]] Slot field_test(const ExecNode& n) { return field_test_inline(n); }
  [[gnu::always_inline]] Slot field_test_inline(const ExecNode& n) {
    const auto id = static_cast<FieldId>(n.a);
    const std::uint8_t flags = n.flags;
    const bool negate = flags & ExecNode::kNegate;
    Slot v = env_field(id);
    if (n.test == FieldTest::kKnown) return Slot::of_bool(v.known() != negate);  // a question, not a need
    const Slot* c = consts_ + n.first;
    if (flags & ExecNode::kQuietDefault) {
      if (!v.known()) v = *c;
      ++c;
      if (!v.known()) return v;
    } else if (!v.known()) {
      env_.note_unknown_field(id);
      return v;
    }
    if (flags & ExecNode::kStringArgs) return field_test_strings(n, v, c);
    bool r;
    switch (n.test) {
      case FieldTest::kValue:
        if (!negate) return v;
        r = v.i != 0;
        break;
      case FieldTest::kEq: r = v.i == c->i; break;
      case FieldTest::kNe: r = v.i != c->i; break;
      case FieldTest::kLt: r = v.i < c->i; break;
      case FieldTest::kLe: r = v.i <= c->i; break;
      case FieldTest::kGt: r = v.i > c->i; break;
      case FieldTest::kGe: r = v.i >= c->i; break;
      default:  // kIn
        r = false;
        for (std::uint16_t k = 0; k < n.count && !r; ++k) r = c[k].i == v.i;
        break;
    }
    return Slot::of_bool(r != negate);
  }
  [[gnu::noinline]] static Slot field_test_strings(const ExecNode& n, Slot v, const Slot* c) {
    bool r;
    switch (n.test) {
      case FieldTest::kValue: return (n.flags & ExecNode::kNegate) ? Slot::unknown() : v;  // not() takes a bool
      case FieldTest::kIn: r = contains_string(c, n.count, v); break;
      default: {
        static constexpr Op kOps[] = {Op::kEq, Op::kNe, Op::kLt, Op::kLe, Op::kGt, Op::kGe};
        r = holds(kOps[static_cast<int>(n.test) - static_cast<int>(FieldTest::kEq)], compare_strings(v, *c));
        break;
      }
    }
    return Slot::of_bool(r != static_cast<bool>(n.flags & ExecNode::kNegate));
  }

  // A dispatcher: the reads are answered here, every operator in a function of its own (each
  // then saves only the registers it uses, and the call is a jump). Defended duplicate: the
  // reference evaluator (reference.cpp) has the same cases; it is this one's oracle and shares
  // no code with it on purpose.
  Slot eval_node(const ExecNode& n) {
    switch (n.op) {
      case Op::kConst: return constant(n.first);
      case Op::kField: return field(n);
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
      case Op::kMedMissingMonths: return env_derived(n.op);
      case Op::kParam: return env_param(n, false);
      case Op::kNot: return eval_not(n);
      case Op::kAnd:
      case Op::kOr: return eval_logic(n);
      case Op::kEq:
      case Op::kNe:
      case Op::kLt:
      case Op::kLe:
      case Op::kGt:
      case Op::kGe: return eval_compare(n);
      case Op::kFieldTest: return field_test(n);
      case Op::kInConsts: return eval_in_consts(n);
      case Op::kIf: return eval_if(n);
      case Op::kKnown: return eval_known(n);
      case Op::kDefault: return eval_default(n);
      case Op::kProvince:
      case Op::kPrefecture: return eval_ancestor(n);
      default: return eval_rare(n);
    }
  }

  [[gnu::noinline]] Slot eval_not(const ExecNode& n) {
    Slot v = kid(n, 0);
    if (!v.known()) return v;
    return Slot::of_bool(!v.i);
  }
  [[gnu::noinline]] Slot eval_logic(const ExecNode& n) {
    // Three-valued, left to right: the first operand that decides (false for `and`, true for
    // `or`) gives the value and the rest are not read; else unknown if any operand was.
    const bool decides = n.op == Op::kOr;
    bool unknown = false;
    for (std::uint16_t k = 0; k < n.count; ++k) {
      const ExecNode& cn = exec_[child(n, k)];
      Slot v = cn.op == Op::kFieldTest ? field_test_inline(cn) : kid(n, k);
      if (!v.known())
        unknown = true;
      else if (static_cast<bool>(v.i) == decides)
        return Slot::of_bool(decides);
    }
    return unknown ? Slot::unknown() : Slot::of_bool(!decides);
  }
  [[gnu::noinline]] Slot eval_compare(const ExecNode& n) {
    Slot a = kid(n, 0), b = kid(n, 1);
    if (!a.known() || !b.known()) return Slot::unknown();
    if (n.flags & ExecNode::kStringArgs) return Slot::of_bool(holds(n.op, compare_strings(a, b)));
    return Slot::of_bool(holds(n.op, a.i < b.i ? -1 : (a.i == b.i ? 0 : 1)));
  }
  [[gnu::noinline]] Slot eval_in_consts(const ExecNode& n) {
    Slot a = kid(n, 0);
    if (!a.known()) return Slot::unknown();
    // Pointer arithmetic, not &constant(): an empty list may start at the end of the constants.
    const Slot* items = consts_ + (static_cast<std::uint32_t>(n.b) << 16 | n.a);
    if (n.flags & ExecNode::kStringArgs) return Slot::of_bool(contains_string(items, n.count, a));
    for (std::uint16_t k = 0; k < n.count; ++k)
      if (items[k].i == a.i) return Slot::of_bool(true);
    return Slot::of_bool(false);
  }
  [[gnu::noinline]] Slot eval_if(const ExecNode& n) {
    Slot c = kid(n, 0);
    if (!c.known()) return Slot::unknown();
    return c.i ? kid(n, 1) : kid(n, 2);
  }
  [[gnu::noinline]] Slot eval_known(const ExecNode& n) {
    // Reading an absent field here is a question, not a need.
    Slot v = eval_quiet(child(n, 0));
    return Slot::of_bool(v.known());
  }
  [[gnu::noinline]] Slot eval_default(const ExecNode& n) {
    Slot v = eval_quiet(child(n, 0));
    return v.known() ? v : kid(n, 1);
  }
  [[gnu::noinline]] Slot eval_ancestor(const ExecNode& n) {
    Slot v = kid(n, 0);
    if (!v.known()) return v;
    auto code = static_cast<std::uint32_t>(v.i);
    return Slot::of_int(n.op == Op::kProvince ? code / 10000 * 10000 : code / 100 * 100);
  }

  // The operators that are rarely evaluated (arithmetic, dates, lookups), kept apart so that the
  // common path (fields, constants, logic, comparisons) stays a small function.
  [[gnu::noinline]] Slot eval_rare(const ExecNode& n) {
    switch (n.op) {
      case Op::kListLit: return Slot::unknown();  // only used through `in`
      case Op::kNeg:
      case Op::kRoundYuan:
      case Op::kYears:
      case Op::kYear: {
        Slot v = kid(n, 0);
        if (!v.known()) return v;
        return of(arith::unary(n.op, v.i, n.op == Op::kYear && n.a == 1));
      }
      case Op::kIn: {
        Slot a = kid(n, 0);
        const ExecNode& list = exec_[child(n, 1)];
        const bool str = n.flags & ExecNode::kStringArgs;
        if (list.op == Op::kListLit) {
          if (!a.known()) return Slot::unknown();
          bool unknown = false;
          for (std::uint16_t k = 0; k < list.count; ++k) {
            Slot e = eval(child(list, k));
            if (!e.known())
              unknown = true;
            else if (str ? e.str() == a.str() : e.i == a.i)
              return Slot::of_bool(true);
          }
          return unknown ? Slot::unknown() : Slot::of_bool(false);
        }
        Slot l = eval(child(n, 1));
        if (!a.known() || !l.known() || !l.list()) return Slot::unknown();
        for (const Value& e : l.list()->items)
          if (str ? e.s == a.str() : e.i == a.i) return Slot::of_bool(true);
        return Slot::of_bool(false);
      }
      case Op::kAdd:
      case Op::kSub:
      case Op::kMul:
      case Op::kDiv: {
        Slot a = kid(n, 0), b = kid(n, 1);
        if (!a.known() || !b.known()) return Slot::unknown();
        return of(arith::binary(n.op, n.arg, n.aux, a.i, b.i));
      }
      case Op::kMin:
      case Op::kMax: {
        // Every operand is evaluated (their unknown fields are needs) even once one is unknown.
        Slot best = kid(n, 0);
        bool all = best.known();
        for (std::uint16_t k = 1; k < n.count; ++k) {
          Slot v = kid(n, k);
          if (!v.known())
            all = false;
          else if (all && (n.op == Op::kMin ? v.i < best.i : v.i > best.i))
            best.i = v.i;
        }
        return all ? best : Slot::unknown();
      }
      case Op::kClamp: {
        Slot x = kid(n, 0), lo = kid(n, 1), hi = kid(n, 2);
        if (!x.known() || !lo.known() || !hi.known()) return Slot::unknown();
        std::int64_t v = x.i < lo.i ? lo.i : x.i;
        if (v > hi.i) v = hi.i;
        return Slot::of_int(v);
      }
      case Op::kWithin: {
        Slot r = kid(n, 0), outer = kid(n, 1);
        if (!r.known() || !outer.known()) return Slot::unknown();
        return Slot::of_bool(arith::within(r.i, outer.i));
      }
      case Op::kMonthsBetween: {
        Slot a = kid(n, 0), b = kid(n, 1);
        if (!a.known() || !b.known()) return Slot::unknown();
        return Slot::of_int(months_between(Date::from_days(static_cast<std::int32_t>(a.i)),
                                           Date::from_days(static_cast<std::int32_t>(b.i))));
      }
      case Op::kLookup: {
        Slot t = kid(n, 0), key = kid(n, 1);
        if (!t.known() || !key.known() || !t.list()) return Slot::unknown();
        const bool str = n.flags & ExecNode::kStringArgs;
        const auto& items = t.list()->items;
        for (std::size_t k = 0; k + 1 < items.size(); k += 2)
          if (str ? items[k].s == key.str() : items[k].i == key.i) return Slot::from(items[k + 1]);
        return Slot::unknown();
      }
      default: break;
    }
    return Slot::unknown();
  }
  static Slot of(std::optional<std::int64_t> v) { return v ? Slot::of_int(*v) : Slot::unknown(); }

  Slot eval_quiet(std::uint32_t i) {
    const ExecNode& n = exec_[i];
    if (n.op == Op::kField) return env_field(static_cast<FieldId>(n.a));
    if (n.op == Op::kParam) return env_param(n, true);
    return eval(i);
  }

  // The program's arrays, held here: a node's operands are then one load away, not three.
  std::uint32_t child(const ExecNode& n, std::uint32_t k) const { return children_[n.first + k]; }
  const Slot& constant(std::uint32_t k) const { return consts_[k]; }

  const ExecNode* const exec_;
  const std::uint32_t* const children_;
  const Slot* const consts_;
  Env& env_;
};

}  // namespace shebao::internal
