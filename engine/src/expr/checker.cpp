// The type rules of the expression language: which operand types each operator and function
// takes and what it gives, and how a literal of open type (Flex) takes its type from its context.
// Members of Parser (parser.h): checking happens as each node is built.
#include <array>
#include <string>

#include "expr/parser.h"

namespace shebao::internal {

// ---- context-dependent literals -------------------------------------------------------
// Gives a flexible literal the type `t` when it can take it. Errors when a bare name is not a
// value of the enum, a string is not a region code, or a number has too many decimals.
void Parser::coerce(std::uint32_t i, const Type& t) {
  Flex f = flex(i);
  Node& n = node(i);
  if (f == Flex::kNone) return;
  if (f == Flex::kList) {
    if (t.kind != TypeKind::kList) return;
    const Node& list = node(i);
    for (std::uint16_t k = 0; k < list.count; ++k) {
      std::uint32_t c = prog_.children_[list.first + k];
      Type et = Type::of(t.elem);
      et.enum_values = t.enum_values;
      et.enum_count = t.enum_count;
      coerce(c, et);
      finish(c);
      check_elem(c, t);
    }
    node(i).type = t;
    flex(i) = Flex::kNone;
    return;
  }
  if (f == Flex::kNumber && t.kind == TypeKind::kMoney) {
    if (n.imm.i % 10000 != 0) fail(offset_of(i), "a money amount has at most two decimals");
    n.imm.i /= 10000;
    n.type = Type::of(TypeKind::kMoney);
    flex(i) = Flex::kNone;
  } else if (f == Flex::kNumber && t.kind == TypeKind::kRegion) {
    // `enrol_region: "530000"` in YAML is the expression 530000: a six-digit whole number in a
    // region context is a region code.
    auto r = n.imm.i % Decimal::kScale == 0 ? Region::from_code(static_cast<std::uint32_t>(n.imm.i / Decimal::kScale))
                                            : std::nullopt;
    if (!r) fail(offset_of(i), "'" + Decimal::from_micros(n.imm.i).to_string(0) + "' is not a six-digit region code");
    n.imm = Value::of_int(r->code());
    n.type = Type::of(TypeKind::kRegion);
    flex(i) = Flex::kNone;
  } else if (f == Flex::kString && t.kind == TypeKind::kRegion) {
    auto r = Region::parse(n.path);
    if (!r && n.path == "000000") r = Region::national();
    if (!r) fail(offset_of(i), "'" + n.path + "' is not a six-digit region code");
    n.imm = Value::of_int(r->code());
    n.type = Type::of(TypeKind::kRegion);
    flex(i) = Flex::kNone;
  } else if (f == Flex::kBare && t.kind == TypeKind::kEnum) {
    coerce_enum(i, t);
  }
}

void Parser::coerce_enum(std::uint32_t i, const Type& t) {
  if (flex(i) != Flex::kBare) return;
  Node& n = node(i);
  for (std::size_t k = 0; k < t.enum_count; ++k)
    if (t.enum_values[k] == n.path) {
      n.imm = Value::of_int(static_cast<std::int64_t>(k));
      n.type = t;
      flex(i) = Flex::kNone;
      return;
    }
  std::string allowed;
  for (std::size_t k = 0; k < t.enum_count; ++k) allowed += (k ? ", " : "") + std::string(t.enum_values[k]);
  fail(offset_of(i), "'" + n.path + "' is not one of the allowed values: " + allowed);
}

void Parser::check_elem(std::uint32_t c, const Type& list_type) {
  const Type& et = node(c).type;
  bool ok = list_type.elem == TypeKind::kEnum ? (et.kind == TypeKind::kEnum && et.enum_values == list_type.enum_values)
                                              : et.kind == list_type.elem;
  if (!ok) fail(offset_of(c), "list element is " + et.name() + ", expected " + std::string(kind_name(list_type.elem)));
}

// A flexible literal with no context takes its default type (number, string); a bare name
// with no enum context is an unknown name.
void Parser::finish(std::uint32_t i) {
  Flex f = flex(i);
  if (f == Flex::kBare) fail(offset_of(i), "unknown name '" + node(i).path + "'");
  if (f == Flex::kList) {
    const Node& list = node(i);
    if (list.count == 0) fail(offset_of(i), "an empty list needs a context");
    std::uint32_t c0 = prog_.children_[list.first];
    finish(c0);
    Type et = node(c0).type;
    for (std::uint16_t k = 1; k < list.count; ++k) {
      std::uint32_t c = prog_.children_[list.first + k];
      coerce(c, et);
      finish(c);
      if (!(node(c).type == et)) fail(offset_of(c), "list elements must all have the same type");
    }
    Type lt = Type::list_of(et.kind);
    lt.enum_values = et.enum_values;
    lt.enum_count = et.enum_count;
    node(i).type = lt;
  }
  flex(i) = Flex::kNone;
}

// Both operands of a binary operation: fixes flexible literals from the other side.
void Parser::unify(std::uint32_t l, std::uint32_t r) {
  if (flex(l) != Flex::kNone && flex(r) == Flex::kNone) coerce(l, node(r).type);
  if (flex(r) != Flex::kNone && flex(l) == Flex::kNone) coerce(r, node(l).type);
  finish(l);
  finish(r);
}

void Parser::require_bool(std::uint32_t i, std::size_t op_off, std::string_view op) {
  finish(i);
  if (node(i).type.kind != TypeKind::kBool)
    fail(offsets_.count(i) ? offsets_.at(i) : op_off,
         "'" + std::string(op) + "' needs bool operands, found " + node(i).type.name());
}

// ---- units ------------------------------------------------------------------------------------
// A literal has no unit and takes the other side's (`age >= 16y`, `1 - param.rate`); the rules
// below apply between two values that have one. Only what cannot mean anything is refused: the
// sum of two ages, a duration less an age, an age compared with a duration or a count of months.

namespace {
std::string unit_phrase(const Type& t) {
  switch (t.unit) {
    case Unit::kRatio: return "a ratio";
    case Unit::kAge: return "an age";
    case Unit::kDuration: return "a duration";
    case Unit::kMonthCount: return "a count of months";
    case Unit::kNone: break;
  }
  return t.name();
}
}  // namespace

Unit Parser::arith_unit(Op op, const Type& l, const Type& r, TypeKind result, std::size_t op_off) {
  using K = TypeKind;
  const Unit a = l.unit, b = r.unit;
  if (result == K::kMoney || result == K::kDate) return Unit::kNone;
  if (op == Op::kAdd || op == Op::kSub) {
    if (result == K::kNumber) return a == Unit::kRatio || b == Unit::kRatio ? Unit::kRatio : Unit::kNone;
    // months
    if (a == Unit::kNone) return b == Unit::kAge && op == Op::kSub ? Unit::kDuration : b;  // 60y - age
    if (b == Unit::kNone) return a;
    if (a == Unit::kAge && b == Unit::kAge) {
      if (op == Op::kAdd) fail(op_off, "cannot add two ages");
      return Unit::kDuration;  // age - age: how long between them
    }
    if (a == Unit::kAge) return Unit::kAge;  // age ± a duration: an age
    if (b == Unit::kAge)
      fail(op_off, std::string("cannot apply '") + (op == Op::kAdd ? "+" : "-") + "' to " + unit_phrase(l) +
                       " and an age (write the age first)");
    return a == b ? a : Unit::kDuration;
  }
  if (op == Op::kMul) {
    if (result == K::kNumber) return a == Unit::kRatio || b == Unit::kRatio ? Unit::kRatio : Unit::kNone;
    return l.kind == K::kMonths ? a : b;  // months × number keeps the months' unit
  }
  // kDiv
  if (l.kind == K::kMoney && r.kind == K::kMoney) return Unit::kRatio;  // a share of one amount in another
  if (result == K::kNumber) return a == Unit::kRatio && b != Unit::kRatio ? Unit::kRatio : Unit::kNone;
  return a;  // months / number
}

void Parser::check_compare_units(const Type& l, const Type& r, std::size_t op_off, std::string_view op) {
  if (l.kind != TypeKind::kMonths || l.unit == r.unit || l.unit == Unit::kNone || r.unit == Unit::kNone) return;
  if (l.unit == Unit::kAge || r.unit == Unit::kAge)
    fail(op_off, "cannot compare " + unit_phrase(l) + " with " + unit_phrase(r) + " using '" + std::string(op) + "'");
}

// The unit of values that must share one (min, max, clamp, if, default): the first that has one.
Unit Parser::common_unit(const std::vector<std::uint32_t>& args, std::size_t from) {
  for (std::size_t k = from; k < args.size(); ++k)
    if (node(args[k]).type.unit != Unit::kNone) return node(args[k]).type.unit;
  return Unit::kNone;
}

// Arithmetic typing. Result type and the operand kinds are recorded for evaluation.
std::uint32_t Parser::arith(Op op, std::uint32_t l, std::uint32_t r, std::size_t op_off) {
  if (op == Op::kAdd || op == Op::kSub) unify(l, r);
  finish(l);
  finish(r);
  TypeKind a = node(l).type.kind, b = node(r).type.kind;
  Type result;
  using K = TypeKind;
  const char* sym = op == Op::kAdd ? "+" : op == Op::kSub ? "-" : op == Op::kMul ? "*" : "/";
  if (op == Op::kAdd || op == Op::kSub) {
    if (a == b && (a == K::kNumber || a == K::kMoney || a == K::kMonths))
      result = Type::of(a);
    else if (a == K::kDate && b == K::kMonths)
      result = Type::of(K::kDate);
  } else if (op == Op::kMul) {
    if (a == K::kNumber && b == K::kNumber)
      result = Type::of(K::kNumber);
    else if ((a == K::kNumber && b == K::kMoney) || (a == K::kMoney && b == K::kNumber))
      result = Type::of(K::kMoney);
    else if ((a == K::kNumber && b == K::kMonths) || (a == K::kMonths && b == K::kNumber))
      result = Type::of(K::kMonths);
  } else {
    if (a == K::kNumber && b == K::kNumber)
      result = Type::of(K::kNumber);
    else if (a == K::kMoney && b == K::kMoney)
      result = Type::of(K::kNumber);
    else if (a == K::kMoney && b == K::kNumber)
      result = Type::of(K::kMoney);
    else if (a == K::kMonths && b == K::kNumber)
      result = Type::of(K::kMonths);
  }
  if (result.kind == K::kInvalid)
    fail(op_off, std::string("cannot apply '") + sym + "' to " + node(l).type.name() + " and " + node(r).type.name());
  result.unit = arith_unit(op, node(l).type, node(r).type, result.kind, op_off);
  std::uint32_t n = make(op, result, {l, r}, op_off);
  node(n).arg_type = Type::of(a);
  node(n).a = static_cast<std::uint16_t>(b);
  return n;
}

Type Parser::field_type(const FieldSpec& s) {
  switch (s.type) {
    case FieldType::kDate: return Type::of(TypeKind::kDate);
    case FieldType::kEnum: {
      Type t = Type::of(TypeKind::kEnum);
      t.enum_values = s.enum_values.data();
      t.enum_count = s.enum_values.size();
      return t;
    }
    case FieldType::kRegion: return Type::of(TypeKind::kRegion);
    case FieldType::kBool: return Type::of(TypeKind::kBool);
    case FieldType::kMoney: return Type::of(TypeKind::kMoney);
    case FieldType::kDecimal: return Type::of(TypeKind::kNumber, Unit::kRatio);  // choices.pension_base_ratio
    case FieldType::kString: return Type::of(TypeKind::kString);
    case FieldType::kMonths: return Type::of(TypeKind::kMonths, Unit::kMonthCount);  // months paid
    case FieldType::kYears: return Type::of(TypeKind::kMonths, Unit::kAge);  // an original retirement age
    default: return Type::of(TypeKind::kMonths, Unit::kDuration);            // year counts: stored in months
  }
}

namespace {

// The functions whose arguments each have one kind, and what they give.
struct FixedSignature {
  std::string_view name;
  Op op;
  TypeKind result;
  Unit unit;
  std::size_t arity;
  std::array<TypeKind, 2> args;
  std::array<std::string_view, 2> args_what;  // as the error names them: "needs a region"
};
constexpr TypeKind kRegion = TypeKind::kRegion, kDate = TypeKind::kDate, kMonths = TypeKind::kMonths,
                   kNumber = TypeKind::kNumber, kMoney = TypeKind::kMoney, kBool = TypeKind::kBool;
constexpr FixedSignature kFixedSignatures[] = {
    {"province", Op::kProvince, kRegion, Unit::kNone, 1, {kRegion}, {"a region"}},
    {"prefecture", Op::kPrefecture, kRegion, Unit::kNone, 1, {kRegion}, {"a region"}},
    {"within", Op::kWithin, kBool, Unit::kNone, 2, {kRegion, kRegion}, {"a region", "a region"}},
    {"months_between", Op::kMonthsBetween, kMonths, Unit::kDuration, 2, {kDate, kDate}, {"a date", "a date"}},
    {"year", Op::kYear, kNumber, Unit::kNone, 1, {kDate}, {"a date"}},
    {"round_yuan", Op::kRoundYuan, kMoney, Unit::kNone, 1, {kMoney}, {"money"}},
    {"years", Op::kYears, kMonths, Unit::kDuration, 1, {kNumber}, {"a number of years"}},
    {"whole_years", Op::kYear, kNumber, Unit::kNone, 1, {kMonths}, {"months"}},
};
const FixedSignature* fixed_signature(std::string_view fn) {
  for (const FixedSignature& s : kFixedSignatures)
    if (s.name == fn) return &s;
  return nullptr;
}

}  // namespace

// The call `t`(args): its arity and argument types, and the node it makes.
std::uint32_t Parser::check_call(const Token& t, std::vector<std::uint32_t>& args) {
  std::string_view fn = t.text;
  auto arity = [&](std::size_t lo, std::size_t hi) {
    if (args.size() < lo || args.size() > hi)
      fail(t.offset, std::string(fn) + "() takes " + (lo == hi ? std::to_string(lo) : std::to_string(lo) + " or more") +
                         " arguments, got " + std::to_string(args.size()));
  };
  auto want = [&](std::uint32_t i, TypeKind k, std::string_view what) {
    coerce(i, Type::of(k));
    finish(i);
    if (node(i).type.kind != k)
      fail(offset_of(i), std::string(fn) + "() needs " + std::string(what) + ", found " + node(i).type.name());
  };
  using K = TypeKind;
  auto numeric_same = [&]() {
    // All arguments the same ordered type; flexible literals follow the first typed one.
    std::uint32_t anchor = args[0];
    for (auto a : args)
      if (flex(a) == Flex::kNone) {
        anchor = a;
        break;
      }
    finish(anchor);
    for (auto a : args) {
      coerce(a, node(anchor).type);
      finish(a);
      if (!(node(a).type == node(anchor).type))
        fail(offset_of(a), std::string(fn) + "() arguments must have the same type");
    }
    K k = node(anchor).type.kind;
    if (k != K::kNumber && k != K::kMoney && k != K::kMonths && k != K::kDate)
      fail(t.offset, std::string(fn) + "() needs numbers, money, months or dates");
    return node(anchor).type;
  };
  std::uint32_t n;
  auto with_unit = [](Type ty, Unit u) {
    ty.unit = u;
    return ty;
  };
  if (fn == "min" || fn == "max") {
    arity(2, 16);
    n = make_n(fn == "min" ? Op::kMin : Op::kMax, with_unit(numeric_same(), common_unit(args, 0)), args, t.offset);
  } else if (fn == "clamp") {
    arity(3, 3);
    n = make_n(Op::kClamp, with_unit(numeric_same(), common_unit(args, 0)), args, t.offset);
  } else if (fn == "if") {
    arity(3, 3);
    want(args[0], K::kBool, "a condition");
    unify(args[1], args[2]);
    if (!(node(args[1]).type == node(args[2]).type)) fail(t.offset, "if() branches must have the same type");
    n = make_n(Op::kIf, with_unit(node(args[1]).type, common_unit(args, 1)), args, t.offset);
  } else if (fn == "known") {
    arity(1, 1);
    finish(args[0]);
    n = make_n(Op::kKnown, Type::of(K::kBool), args, t.offset);
  } else if (fn == "default") {
    arity(2, 2);
    unify(args[0], args[1]);
    if (!(node(args[0]).type == node(args[1]).type)) fail(t.offset, "default() arguments must have the same type");
    n = make_n(Op::kDefault, with_unit(node(args[0]).type, common_unit(args, 0)), args, t.offset);
  } else if (const FixedSignature* sig = fixed_signature(fn)) {
    arity(sig->arity, sig->arity);
    for (std::size_t i = 0; i < sig->arity; ++i) want(args[i], sig->args[i], sig->args_what[i]);
    n = make_n(sig->op, Type::of(sig->result, sig->unit), args, t.offset);
    if (fn == "whole_years") node(n).a = 1;  // whole_years shares kYear's slot with a flag
  } else if (fn == "lookup") {
    arity(2, 2);
    finish(args[0]);
    const Type tt = node(args[0]).type;
    if (tt.kind != K::kTable) fail(offset_of(args[0]), "lookup() needs a table parameter first");
    want(args[1], tt.key, "a key of the table's key type");
    n = make_n(Op::kLookup, Type::of(tt.elem), args, t.offset);
  } else {
    fail(t.offset, "unknown function '" + std::string(fn) + "'");
  }
  return at(n, t.offset);
}

}  // namespace shebao::internal
