// The grammar of the expression language (parser.h): recursive descent, one function per
// precedence level (or, and, not, comparison, + -, * /, unary, primary), and Program::compile,
// which parses, checks and lowers one expression.
#include "expr/parser.h"

#include <algorithm>
#include <cctype>

namespace shebao::internal {

std::optional<std::uint32_t> Parser::run(const Type& expected) {
  const std::size_t node_mark = prog_.nodes_.size();
  const std::size_t child_mark = prog_.children_.size();
  try {
    if (tok_.kind == Tok::kEnd) fail(0, "empty expression");
    std::uint32_t root = parse_or();
    if (tok_.kind != Tok::kEnd) fail(tok_.offset, "unexpected '" + std::string(tok_.text) + "'");
    if (expected.kind != TypeKind::kInvalid) {
      coerce(root, expected);
      finish(root);  // a bare name left over is an unknown name, not an "invalid" expression
      const Type& got = prog_.nodes_[root].type;
      if (!(got == expected)) fail(0, "expected " + expected.name() + ", but the expression is " + got.name());
    } else {
      finish(root);
    }
    return root;
  } catch (const ParseFailure&) {
    prog_.nodes_.resize(node_mark);
    prog_.children_.resize(child_mark);
    flex_.clear();
    height_.clear();
    return std::nullopt;
  }
}

// Maps an offset in the expression text to a file position. The expression may be a folded
// YAML scalar, so the k-th non-space character of the expression is found as the k-th
// non-space character of the raw file text from the scalar's start.
SourcePos Parser::map_offset(std::size_t offset) const { return map_scalar_offset(src_.raw, src_.pos, text_, offset); }

SourcePos map_scalar_offset(std::string_view raw, SourcePos p, std::string_view text, std::size_t offset) {
  if (raw.empty() || p.line == 0) return p;
  std::size_t k = 0;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i)
    if (!std::isspace(static_cast<unsigned char>(text[i]))) ++k;
  // Find the byte index of the scalar start in raw.
  std::size_t at = 0;
  for (std::uint32_t line = 1; line < p.line && at < raw.size(); ++at)
    if (raw[at] == '\n') ++line;
  // The column counts characters (UTF-8 sequences), not bytes.
  for (std::uint32_t c = 1; c < p.column && at < raw.size(); ++c) {
    ++at;
    while (at < raw.size() && (static_cast<unsigned char>(raw[at]) & 0xC0) == 0x80) ++at;
  }
  std::uint32_t line = p.line, col = p.column;
  char quote = 0;
  // Skip an opening quote.
  if (at < raw.size() && (raw[at] == '"' || raw[at] == '\'')) {
    quote = raw[at];
    ++at;
    ++col;
  } else if (at < raw.size() && (raw[at] == '>' || raw[at] == '|')) {
    // A block scalar: its text starts on the line after the header (`>-`, `|2`, a comment).
    while (at < raw.size() && raw[at] != '\n') ++at;
  }
  for (; at < raw.size(); ++at) {
    char c = raw[at];
    if (c == '\n') {
      ++line;
      col = 1;
      continue;
    }
    // An escape in a quoted scalar (\" in double quotes, '' in single quotes) is one character
    // of the expression but two in the file.
    const bool escape = at + 1 < raw.size() &&
                        ((quote == '"' && c == '\\') || (quote == '\'' && c == '\'' && raw[at + 1] == '\''));
    if (!std::isspace(static_cast<unsigned char>(c))) {
      if (k == 0) break;
      --k;
    }
    if (escape) {
      ++at;
      ++col;
      if ((static_cast<unsigned char>(raw[at]) & 0xC0) != 0x80) ++col;
      continue;
    }
    // Count columns in characters, not bytes.
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++col;
  }
  return {line, col};
}

void Parser::expect(Tok k, std::string_view what) {
  if (tok_.kind != k) {
    std::string got = tok_.kind == Tok::kEnd ? "end of expression" : "'" + std::string(tok_.text) + "'";
    fail(tok_.offset, "expected " + std::string(what) + ", found " + got);
  }
  advance();
}

void Parser::check_height(std::uint32_t n, std::size_t offset) {
  int h = 0;
  const Node& nd = node(n);
  for (std::uint16_t k = 0; k < nd.count; ++k) h = std::max(h, height(prog_.children_[nd.first + k]));
  height(n) = h + 1;
  if (h + 1 > kMaxDepth) fail(offset, "expression nested more than " + std::to_string(kMaxDepth) + " levels deep");
}

std::uint32_t Parser::make_n(Op op, Type type, std::span<const std::uint32_t> kids, std::size_t offset) {
  Node n;
  n.op = op;
  n.type = type;
  n.first = static_cast<std::uint32_t>(prog_.children_.size());
  n.count = static_cast<std::uint16_t>(kids.size());
  for (auto k : kids) prog_.children_.push_back(k);
  std::uint32_t i = add(std::move(n));
  check_height(i, offset);
  return i;
}

std::uint32_t Parser::parse_or() {
  DepthGuard guard(*this, tok_.offset);
  return parse_logic("or", Op::kOr, &Parser::parse_and);
}

std::uint32_t Parser::parse_and() { return parse_logic("and", Op::kAnd, &Parser::parse_not); }

std::uint32_t Parser::parse_logic(std::string_view word, Op op, std::uint32_t (Parser::*next)()) {
  std::size_t off = tok_.offset;
  std::uint32_t l = (this->*next)();
  while (is_word(word)) {
    std::size_t op_off = tok_.offset;
    advance();
    std::uint32_t r = (this->*next)();
    require_bool(l, op_off, word);
    require_bool(r, op_off, word);
    l = at(make(op, Type::of(TypeKind::kBool), {l, r}, off), off);
  }
  return l;
}

std::uint32_t Parser::parse_not() {
  if (is_word("not")) {
    std::size_t off = tok_.offset;
    DepthGuard guard(*this, off);
    advance();
    std::uint32_t e = parse_not();
    require_bool(e, off, "not");
    return at(make(Op::kNot, Type::of(TypeKind::kBool), {e}, off), off);
  }
  return parse_cmp();
}

std::uint32_t Parser::parse_cmp() {
  std::size_t off = tok_.offset;
  std::uint32_t l = parse_add();
  Op op;
  switch (tok_.kind) {
    case Tok::kEq: op = Op::kEq; break;
    case Tok::kNe: op = Op::kNe; break;
    case Tok::kLt: op = Op::kLt; break;
    case Tok::kLe: op = Op::kLe; break;
    case Tok::kGt: op = Op::kGt; break;
    case Tok::kGe: op = Op::kGe; break;
    default:
      if (is_word("in")) {
        advance();
        return parse_in(l, off, false);
      }
      if (is_word("not")) {
        // "x not in [..]"
        Lexer save = lex_;
        Token save_tok = tok_;
        advance();
        if (is_word("in")) {
          advance();
          return parse_in(l, off, true);
        }
        lex_ = save;
        tok_ = save_tok;
      }
      return l;
  }
  std::size_t op_off = tok_.offset;
  std::string op_text(tok_.text);
  advance();
  std::uint32_t r = parse_add();
  unify(l, r);
  const Type lt = node(l).type;  // a copy: make() below may reallocate the nodes
  const Type rt = node(r).type;
  if (!(lt == rt)) fail(op_off, "cannot compare " + lt.name() + " with " + rt.name() + " using '" + op_text + "'");
  check_compare_units(lt, rt, op_off, op_text);
  if (op != Op::kEq && op != Op::kNe) {
    switch (lt.kind) {
      case TypeKind::kNumber:
      case TypeKind::kMoney:
      case TypeKind::kMonths:
      case TypeKind::kDate: break;
      default: fail(op_off, "'" + op_text + "' needs numbers, money, months or dates, found " + lt.name());
    }
  } else if (lt.kind == TypeKind::kList || lt.kind == TypeKind::kTable) {
    fail(op_off, "lists cannot be compared with '" + op_text + "'");
  }
  std::uint32_t n = make(op, Type::of(TypeKind::kBool), {l, r}, off);
  node(n).arg_type = lt;
  return at(n, off);
}

std::uint32_t Parser::parse_in(std::uint32_t l, std::size_t off, bool negate) {
  std::size_t r_off = tok_.offset;
  std::uint32_t r = parse_add();
  if (flex(r) == Flex::kList) {
    if (flex(l) == Flex::kNone) {
      Type lt = Type::list_of(node(l).type.kind);
      lt.enum_values = node(l).type.enum_values;
      lt.enum_count = node(l).type.enum_count;
      coerce(r, lt);
    } else {
      finish(r);
    }
  }
  finish(r);
  const Type& rt = node(r).type;
  if (rt.kind != TypeKind::kList) fail(r_off, "'in' needs a list on its right, found " + rt.name());
  Type et = Type::of(rt.elem);
  et.enum_values = rt.enum_values;
  et.enum_count = rt.enum_count;
  coerce(l, et);
  finish(l);
  if (!(node(l).type == et)) fail(offset_of(l), "cannot look for " + node(l).type.name() + " in " + rt.name());
  std::uint32_t n = make(Op::kIn, Type::of(TypeKind::kBool), {l, r}, off);
  node(n).arg_type = et;
  at(n, off);
  if (negate) n = at(make(Op::kNot, Type::of(TypeKind::kBool), {n}, off), off);
  return n;
}

std::uint32_t Parser::parse_add() {
  return parse_arith(Tok::kPlus, Op::kAdd, Tok::kMinus, Op::kSub, &Parser::parse_mul);
}

std::uint32_t Parser::parse_mul() {
  return parse_arith(Tok::kStar, Op::kMul, Tok::kSlash, Op::kDiv, &Parser::parse_unary);
}

std::uint32_t Parser::parse_arith(Tok tok1, Op op1, Tok tok2, Op op2, std::uint32_t (Parser::*next)()) {
  std::size_t off = tok_.offset;
  std::uint32_t l = (this->*next)();
  while (tok_.kind == tok1 || tok_.kind == tok2) {
    Op op = tok_.kind == tok1 ? op1 : op2;
    std::size_t op_off = tok_.offset;
    advance();
    std::uint32_t r = (this->*next)();
    l = at(arith(op, l, r, op_off), off);
  }
  return l;
}

std::uint32_t Parser::parse_unary() {
  if (tok_.kind == Tok::kMinus) {
    std::size_t off = tok_.offset;
    DepthGuard guard(*this, off);
    advance();
    std::uint32_t e = parse_unary();
    if (flex(e) == Flex::kNumber) {  // fold a negative literal
      node(e).imm.i = -node(e).imm.i;
      return e;
    }
    finish(e);
    TypeKind k = node(e).type.kind;
    if (k != TypeKind::kNumber && k != TypeKind::kMoney && k != TypeKind::kMonths)
      fail(off, "cannot negate " + node(e).type.name());
    return at(make(Op::kNeg, node(e).type, {e}, off), off);
  }
  return parse_primary();
}

std::uint32_t Parser::constant(Type t, Value v, std::size_t off, Flex flex_kind, std::string path) {
  Node n;
  n.op = Op::kConst;
  n.type = t;
  n.imm = v;
  n.path = std::move(path);
  return at(add(std::move(n), flex_kind), off);
}

std::uint32_t Parser::parse_primary() {
  Token t = tok_;
  switch (t.kind) {
    case Tok::kNumber: {
      advance();
      auto d = Decimal::parse(t.text);
      if (!d) fail(t.offset, "'" + std::string(t.text) + "' is not a number");
      return constant(Type::of(TypeKind::kNumber), Value::of_int(d->micros()), t.offset, Flex::kNumber);
    }
    case Tok::kMonths: {
      advance();
      auto m = parse_months_literal(t.text);
      if (!m) fail(t.offset, "'" + std::string(t.text) + "' is not a duration (write 16y, 6m or 15y6m)");
      return constant(Type::of(TypeKind::kMonths), Value::of_int(*m), t.offset);
    }
    case Tok::kDate: {
      advance();
      auto d = Date::parse(t.text);
      if (!d) fail(t.offset, "'@" + std::string(t.text) + "' is not a date (write @YYYY-MM-DD)");
      return constant(Type::of(TypeKind::kDate), Value::of_int(d->days()), t.offset);
    }
    case Tok::kString: {
      advance();
      // The text is copied into the program's pool, whose addresses are stable.
      auto data = std::make_unique<ListData>();
      data->strings.emplace_back(t.text);
      std::string_view view = data->strings.back();
      prog_.pool_.push_back(std::move(data));
      return constant(Type::of(TypeKind::kString), Value::of_string(view), t.offset, Flex::kString,
                      std::string(t.text));
    }
    case Tok::kLParen: {
      advance();
      std::uint32_t e = parse_or();
      expect(Tok::kRParen, "')'");
      return e;
    }
    case Tok::kLBracket: {
      advance();
      std::vector<std::uint32_t> items = parse_items(Tok::kRBracket);
      expect(Tok::kRBracket, "']'");
      if (items.size() > 200) fail(t.offset, "a list literal has at most 200 items");
      std::uint32_t n = make_n(Op::kListLit, Type::of(TypeKind::kList), items, t.offset);
      flex(n) = Flex::kList;
      return at(n, t.offset);
    }
    case Tok::kName: {
      advance();
      if (tok_.kind == Tok::kLParen) return parse_call(t);
      return parse_name(t);
    }
    case Tok::kEnd: fail(t.offset, "unexpected end of expression");
    default: fail(t.offset, "unexpected '" + std::string(t.text) + "'");
  }
}

std::uint32_t Parser::parse_name(const Token& t) {
  std::string_view name = t.text;
  if (name == "true" || name == "false")
    return constant(Type::of(TypeKind::kBool), Value::of_bool(name == "true"), t.offset);
  auto derived = [&](Op op, TypeKind k, Unit u = Unit::kNone) {
    Node n;
    n.op = op;
    n.type = Type::of(k, u);
    n.path = std::string(name);
    return at(add(std::move(n)), t.offset);
  };
  if (name == "as_of") return derived(Op::kAsOf, TypeKind::kDate);
  if (name == "age") return derived(Op::kAge, TypeKind::kMonths, Unit::kAge);
  if (name == "retirement.age") return derived(Op::kRetAge, TypeKind::kMonths, Unit::kAge);
  if (name == "retirement.original_age") return derived(Op::kRetOriginalAge, TypeKind::kMonths, Unit::kAge);
  if (name == "retirement.min_contribution")
    return derived(Op::kRetMinContribution, TypeKind::kMonths, Unit::kDuration);
  if (name == "retirement.date") return derived(Op::kRetDate, TypeKind::kDate);
  if (name == "pension.benefit_case") return derived(Op::kRecBenefitCase, TypeKind::kNumber);
  if (name == "pension.benefit_region") return derived(Op::kRecBenefitRegion, TypeKind::kRegion);
  if (name == "pension.benefit_case_at_retirement") return derived(Op::kRecBenefitCaseAtRetirement, TypeKind::kNumber);
  if (name == "pension.benefit_region_at_retirement")
    return derived(Op::kRecBenefitRegionAtRetirement, TypeKind::kRegion);
  if (name == "pension.record_moves") return derived(Op::kRecMoves, TypeKind::kNumber);
  if (name == "pension.temporary_months") return derived(Op::kRecTemporaryMonths, TypeKind::kMonths);
  if (name == "medical.missing_months") return derived(Op::kMedMissingMonths, TypeKind::kMonths);
  if (name.starts_with("param.")) {
    std::string_view id = name.substr(6);
    std::uint32_t index = 0;
    const ParamInfo* info = env_.find_param ? env_.find_param(id, &index) : nullptr;
    if (!info) fail(t.offset, "unknown parameter '" + std::string(id) + "'");
    std::uint16_t selector = 0;
    if (tok_.kind == Tok::kAt) {
      advance();
      if (tok_.kind != Tok::kName) fail(tok_.offset, "expected work, hukou or enrol after '@'");
      if (tok_.text == "work")
        selector = 1;
      else if (tok_.text == "hukou")
        selector = 2;
      else if (tok_.text == "enrol" && env_.allow_enrol)
        selector = 3;
      else if (tok_.text == "enrol")
        fail(tok_.offset, "'@enrol' is only allowed inside 'then'");
      else
        fail(tok_.offset, "unknown region selector '@" + std::string(tok_.text) + "' (work, hukou, enrol)");
      advance();
    }
    Node n;
    n.op = Op::kParam;
    n.type = info->type;
    n.a = static_cast<std::uint16_t>(index);
    n.b = selector;
    // As written, with its selector: traces must tell param.x@hukou from param.x.
    static constexpr std::string_view kSelectors[] = {"", "@work", "@hukou", "@enrol"};
    n.path = std::string(name) + std::string(kSelectors[selector]);
    return at(add(std::move(n)), t.offset);
  }
  if (name.find('.') != std::string_view::npos) {
    const FieldSpec* spec = find_field(name);
    if (!spec) fail(t.offset, "unknown profile field '" + std::string(name) + "'");
    Node n;
    n.op = Op::kField;
    n.type = field_type(*spec);
    n.a = static_cast<std::uint16_t>(spec->id);
    n.path = std::string(name);
    return at(add(std::move(n)), t.offset);
  }
  if (const FieldSpec* spec = find_field(name); spec && spec->id == FieldId::kAsOf)
    return derived(Op::kAsOf, TypeKind::kDate);
  // A bare name: an enum value once its context is known.
  Node n;
  n.op = Op::kConst;
  n.path = std::string(name);
  return at(add(std::move(n), Flex::kBare), t.offset);
}

std::vector<std::uint32_t> Parser::parse_items(Tok close) {
  std::vector<std::uint32_t> items;
  if (tok_.kind == close) return items;
  for (;;) {
    items.push_back(parse_or());
    if (tok_.kind != Tok::kComma) return items;
    advance();
  }
}

std::uint32_t Parser::parse_call(const Token& t) {
  advance();  // '('
  std::vector<std::uint32_t> args = parse_items(Tok::kRParen);
  expect(Tok::kRParen, "')' or ','");
  return check_call(t, args);
}

std::optional<std::uint32_t> Program::compile(std::string_view text, const ExprSource& src, const ExprEnv& env,
                                              const Type& expected, std::vector<ExprError>& errors) {
  if (text.size() > 8192) {
    errors.push_back({src.pos, "expression longer than 8192 characters"});
    return std::nullopt;
  }
  const std::size_t from = nodes_.size();
  Parser p(*this, text, src, env, errors);
  auto root = p.run(expected);
  if (root) lower(from);
  return root;
}

}  // namespace shebao::internal
