// Lexer, parser and type checker of the expression language. One pass: each sub-expression is
// checked as soon as it is parsed; literals whose type depends on context (a number next to
// money, a six-digit string next to a region, a bare name next to an enum field) are fixed when
// the context is known.
#include <algorithm>
#include <cctype>
#include <charconv>
#include <unordered_map>

#include "expr/expr.h"

namespace shebao::internal {

namespace {

enum class Tok : std::uint8_t {
  kEnd, kNumber, kMonths, kDate, kString, kName, kLParen, kRParen, kLBracket, kRBracket, kComma,
  kAt, kPlus, kMinus, kStar, kSlash, kEq, kNe, kLt, kLe, kGt, kGe, kError
};

struct Token {
  Tok kind = Tok::kEnd;
  std::string_view text;
  std::size_t offset = 0;
};

bool name_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool name_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.'; }

class Lexer {
 public:
  explicit Lexer(std::string_view s) : s_(s) {}
  Token next() {
    while (i_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[i_]))) ++i_;
    Token t;
    t.offset = i_;
    if (i_ >= s_.size()) return t;
    char c = s_[i_];
    auto single = [&](Tok k) {
      t.kind = k;
      t.text = s_.substr(i_, 1);
      ++i_;
      return t;
    };
    if (std::isdigit(static_cast<unsigned char>(c))) {
      std::size_t j = i_;
      while (j < s_.size() && (std::isdigit(static_cast<unsigned char>(s_[j])) || s_[j] == '.')) ++j;
      if (j < s_.size() && (s_[j] == 'y' || s_[j] == 'm')) {
        while (j < s_.size() && std::isalnum(static_cast<unsigned char>(s_[j]))) ++j;
        t.kind = Tok::kMonths;
      } else {
        t.kind = Tok::kNumber;
        if (j < s_.size() && name_start(s_[j])) {
          while (j < s_.size() && name_char(s_[j])) ++j;
          t.kind = Tok::kError;
        }
      }
      t.text = s_.substr(i_, j - i_);
      i_ = j;
      return t;
    }
    if (name_start(c)) {
      std::size_t j = i_;
      while (j < s_.size() && name_char(s_[j])) ++j;
      t.kind = Tok::kName;
      t.text = s_.substr(i_, j - i_);
      i_ = j;
      return t;
    }
    if (c == '"' || c == '\'') {
      std::size_t j = i_ + 1;
      while (j < s_.size() && s_[j] != c) ++j;
      if (j >= s_.size()) {
        t.kind = Tok::kError;
        t.text = s_.substr(i_);
        i_ = s_.size();
        return t;
      }
      t.kind = Tok::kString;
      t.text = s_.substr(i_ + 1, j - i_ - 1);
      i_ = j + 1;
      return t;
    }
    if (c == '@') {
      if (i_ + 1 < s_.size() && std::isdigit(static_cast<unsigned char>(s_[i_ + 1]))) {
        std::size_t j = i_ + 1;
        while (j < s_.size() && (std::isdigit(static_cast<unsigned char>(s_[j])) || s_[j] == '-')) ++j;
        t.kind = Tok::kDate;
        t.text = s_.substr(i_ + 1, j - i_ - 1);
        i_ = j;
        return t;
      }
      return single(Tok::kAt);
    }
    switch (c) {
      case '(': return single(Tok::kLParen);
      case ')': return single(Tok::kRParen);
      case '[': return single(Tok::kLBracket);
      case ']': return single(Tok::kRBracket);
      case ',': return single(Tok::kComma);
      case '+': return single(Tok::kPlus);
      case '-': return single(Tok::kMinus);
      case '*': return single(Tok::kStar);
      case '/': return single(Tok::kSlash);
      default: break;
    }
    auto two = [&](Tok k) {
      t.kind = k;
      t.text = s_.substr(i_, 2);
      i_ += 2;
      return t;
    };
    char d = i_ + 1 < s_.size() ? s_[i_ + 1] : '\0';
    if (c == '=' && d == '=') return two(Tok::kEq);
    if (c == '!' && d == '=') return two(Tok::kNe);
    if (c == '<' && d == '=') return two(Tok::kLe);
    if (c == '>' && d == '=') return two(Tok::kGe);
    if (c == '<') return single(Tok::kLt);
    if (c == '>') return single(Tok::kGt);
    if (c == '=') {
      t.kind = Tok::kError;
      t.text = s_.substr(i_, 1);
      ++i_;
      return t;
    }
    // Anything else (including non-ASCII) is an error token covering one UTF-8 sequence.
    std::size_t j = i_ + 1;
    while (j < s_.size() && (static_cast<unsigned char>(s_[j]) & 0xC0) == 0x80) ++j;
    t.kind = Tok::kError;
    t.text = s_.substr(i_, j - i_);
    i_ = j;
    return t;
  }

 private:
  std::string_view s_;
  std::size_t i_ = 0;
};

enum class Flex : std::uint8_t { kNone, kNumber, kString, kBare, kList };

struct ParseFailure {};

}  // namespace

class Parser {
 public:
  Parser(Program& prog, std::string_view text, const ExprSource& src, const ExprEnv& env,
         std::vector<ExprError>& errors)
      : prog_(prog), text_(text), src_(src), env_(env), errors_(errors), lex_(text) {
    advance();
  }

  static constexpr int kMaxDepth = 128;

  std::optional<std::uint32_t> run(const Type& expected) {
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

 private:
  // ---- infrastructure -------------------------------------------------------------------
  [[noreturn]] void fail(std::size_t offset, std::string message) {
    errors_.push_back({map_offset(offset), std::move(message)});
    throw ParseFailure{};
  }

  // Maps an offset in the expression text to a file position. The expression may be a folded
  // YAML scalar, so the k-th non-space character of the expression is found as the k-th
  // non-space character of the raw file text from the scalar's start.
  SourcePos map_offset(std::size_t offset) const {
    SourcePos p = src_.pos;
    if (src_.raw.empty() || p.line == 0) return p;
    std::size_t k = 0;
    for (std::size_t i = 0; i < offset && i < text_.size(); ++i)
      if (!std::isspace(static_cast<unsigned char>(text_[i]))) ++k;
    // Find the byte index of the scalar start in raw.
    std::size_t at = 0;
    for (std::uint32_t line = 1; line < p.line && at < src_.raw.size(); ++at)
      if (src_.raw[at] == '\n') ++line;
    // The column counts characters (UTF-8 sequences), not bytes.
    for (std::uint32_t c = 1; c < p.column && at < src_.raw.size(); ++c) {
      ++at;
      while (at < src_.raw.size() && (static_cast<unsigned char>(src_.raw[at]) & 0xC0) == 0x80) ++at;
    }
    std::uint32_t line = p.line, col = p.column;
    char quote = 0;
    // Skip an opening quote.
    if (at < src_.raw.size() && (src_.raw[at] == '"' || src_.raw[at] == '\'')) {
      quote = src_.raw[at];
      ++at;
      ++col;
    } else if (at < src_.raw.size() && (src_.raw[at] == '>' || src_.raw[at] == '|')) {
      // A block scalar: its text starts on the line after the header (`>-`, `|2`, a comment).
      while (at < src_.raw.size() && src_.raw[at] != '\n') ++at;
    }
    for (; at < src_.raw.size(); ++at) {
      char c = src_.raw[at];
      if (c == '\n') {
        ++line;
        col = 1;
        continue;
      }
      // An escape in a quoted scalar (\" in double quotes, '' in single quotes) is one character
      // of the expression but two in the file.
      const bool escape = at + 1 < src_.raw.size() &&
                          ((quote == '"' && c == '\\') || (quote == '\'' && c == '\'' && src_.raw[at + 1] == '\''));
      if (!std::isspace(static_cast<unsigned char>(c))) {
        if (k == 0) break;
        --k;
      }
      if (escape) {
        ++at;
        ++col;
        if ((static_cast<unsigned char>(src_.raw[at]) & 0xC0) != 0x80) ++col;
        continue;
      }
      // Count columns in characters, not bytes.
      if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++col;
    }
    return {line, col};
  }

  void advance() { tok_ = lex_.next(); }
  void expect(Tok k, std::string_view what) {
    if (tok_.kind != k) {
      std::string got = tok_.kind == Tok::kEnd ? "end of expression" : "'" + std::string(tok_.text) + "'";
      fail(tok_.offset, "expected " + std::string(what) + ", found " + got);
    }
    advance();
  }

  std::uint32_t add(Node n, Flex flex = Flex::kNone) {
    prog_.nodes_.push_back(std::move(n));
    flex_.push_back(flex);
    height_.push_back(1);
    return static_cast<std::uint32_t>(prog_.nodes_.size() - 1);
  }
  // Height of a node's tree (a leaf is 1), indexed like flex_. Evaluation recurses this deep.
  int& height(std::uint32_t i) { return height_[i - (prog_.nodes_.size() - height_.size())]; }
  void check_height(std::uint32_t n, std::size_t offset) {
    int h = 0;
    const Node& nd = node(n);
    for (std::uint16_t k = 0; k < nd.count; ++k) h = std::max(h, height(prog_.children_[nd.first + k]));
    height(n) = h + 1;
    if (h + 1 > kMaxDepth) fail(offset, "expression nested more than " + std::to_string(kMaxDepth) + " levels deep");
  }
  Node& node(std::uint32_t i) { return prog_.nodes_[i]; }
  Flex& flex(std::uint32_t i) {
    // flex_ is indexed relative to the first node of this parse.
    return flex_[i - (prog_.nodes_.size() - flex_.size())];
  }

  std::uint32_t make(Op op, Type type, std::initializer_list<std::uint32_t> kids, std::size_t offset) {
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
  std::uint32_t make_n(Op op, Type type, const std::vector<std::uint32_t>& kids, std::size_t offset) {
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

  // ---- context-dependent literals -------------------------------------------------------
  // Gives a flexible literal the type `t` when it can take it. Errors when a bare name is not a
  // value of the enum, a string is not a region code, or a number has too many decimals.
  void coerce(std::uint32_t i, const Type& t) {
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
  void coerce_enum(std::uint32_t i, const Type& t) {
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
  void check_elem(std::uint32_t c, const Type& list_type) {
    const Type& et = node(c).type;
    bool ok = list_type.elem == TypeKind::kEnum ? (et.kind == TypeKind::kEnum && et.enum_values == list_type.enum_values)
                                               : et.kind == list_type.elem;
    if (!ok) fail(offset_of(c), "list element is " + et.name() + ", expected " + std::string(kind_name(list_type.elem)));
  }
  // A flexible literal with no context takes its default type (number, string); a bare name
  // with no enum context is an unknown name.
  void finish(std::uint32_t i) {
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
  void unify(std::uint32_t l, std::uint32_t r) {
    if (flex(l) != Flex::kNone && flex(r) == Flex::kNone) coerce(l, node(r).type);
    if (flex(r) != Flex::kNone && flex(l) == Flex::kNone) coerce(r, node(l).type);
    finish(l);
    finish(r);
  }
  std::size_t offset_of(std::uint32_t i) const { return offsets_.count(i) ? offsets_.at(i) : 0; }
  std::uint32_t at(std::uint32_t i, std::size_t offset) {
    offsets_[i] = offset;
    return i;
  }

  // ---- grammar ---------------------------------------------------------------------------
  bool is_word(std::string_view w) const { return tok_.kind == Tok::kName && tok_.text == w; }

  // Nesting (parentheses, lists, call arguments, `not`, unary minus; see check_height for the
  // tree) is limited so that a long expression cannot exhaust the stack of the parser or of the
  // evaluator.
  struct DepthGuard {
    Parser& p;
    DepthGuard(Parser& parser, std::size_t offset) : p(parser) {
      if (++p.depth_ > kMaxDepth) {
        --p.depth_;
        p.fail(offset, "expression nested more than " + std::to_string(kMaxDepth) + " levels deep");
      }
    }
    ~DepthGuard() { --p.depth_; }
    DepthGuard(const DepthGuard&) = delete;
    DepthGuard& operator=(const DepthGuard&) = delete;
  };

  std::uint32_t parse_or() {
    DepthGuard guard(*this, tok_.offset);
    std::size_t off = tok_.offset;
    std::uint32_t l = parse_and();
    while (is_word("or")) {
      std::size_t op_off = tok_.offset;
      advance();
      std::uint32_t r = parse_and();
      require_bool(l, op_off, "or");
      require_bool(r, op_off, "or");
      l = at(make(Op::kOr, Type::of(TypeKind::kBool), {l, r}, off), off);
    }
    return l;
  }
  std::uint32_t parse_and() {
    std::size_t off = tok_.offset;
    std::uint32_t l = parse_not();
    while (is_word("and")) {
      std::size_t op_off = tok_.offset;
      advance();
      std::uint32_t r = parse_not();
      require_bool(l, op_off, "and");
      require_bool(r, op_off, "and");
      l = at(make(Op::kAnd, Type::of(TypeKind::kBool), {l, r}, off), off);
    }
    return l;
  }
  std::uint32_t parse_not() {
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
  void require_bool(std::uint32_t i, std::size_t op_off, std::string_view op) {
    finish(i);
    if (node(i).type.kind != TypeKind::kBool)
      fail(offsets_.count(i) ? offsets_.at(i) : op_off,
           "'" + std::string(op) + "' needs bool operands, found " + node(i).type.name());
  }

  std::uint32_t parse_cmp() {
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
    if (!(lt == rt))
      fail(op_off, "cannot compare " + lt.name() + " with " + rt.name() + " using '" + op_text + "'");
    if (op != Op::kEq && op != Op::kNe) {
      switch (lt.kind) {
        case TypeKind::kNumber: case TypeKind::kMoney: case TypeKind::kMonths: case TypeKind::kDate: break;
        default: fail(op_off, "'" + op_text + "' needs numbers, money, months or dates, found " + lt.name());
      }
    } else if (lt.kind == TypeKind::kList || lt.kind == TypeKind::kTable) {
      fail(op_off, "lists cannot be compared with '" + op_text + "'");
    }
    std::uint32_t n = make(op, Type::of(TypeKind::kBool), {l, r}, off);
    node(n).arg_type = lt;
    return at(n, off);
  }
  std::uint32_t parse_in(std::uint32_t l, std::size_t off, bool negate) {
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

  std::uint32_t parse_add() {
    std::size_t off = tok_.offset;
    std::uint32_t l = parse_mul();
    while (tok_.kind == Tok::kPlus || tok_.kind == Tok::kMinus) {
      Op op = tok_.kind == Tok::kPlus ? Op::kAdd : Op::kSub;
      std::size_t op_off = tok_.offset;
      advance();
      std::uint32_t r = parse_mul();
      l = at(arith(op, l, r, op_off), off);
    }
    return l;
  }
  std::uint32_t parse_mul() {
    std::size_t off = tok_.offset;
    std::uint32_t l = parse_unary();
    while (tok_.kind == Tok::kStar || tok_.kind == Tok::kSlash) {
      Op op = tok_.kind == Tok::kStar ? Op::kMul : Op::kDiv;
      std::size_t op_off = tok_.offset;
      advance();
      std::uint32_t r = parse_unary();
      l = at(arith(op, l, r, op_off), off);
    }
    return l;
  }
  // Arithmetic typing. Result type and the operand kinds are recorded for evaluation.
  std::uint32_t arith(Op op, std::uint32_t l, std::uint32_t r, std::size_t op_off) {
    if (op == Op::kAdd || op == Op::kSub) unify(l, r);
    finish(l);
    finish(r);
    TypeKind a = node(l).type.kind, b = node(r).type.kind;
    Type result;
    using K = TypeKind;
    const char* sym = op == Op::kAdd ? "+" : op == Op::kSub ? "-" : op == Op::kMul ? "*" : "/";
    if (op == Op::kAdd || op == Op::kSub) {
      if (a == b && (a == K::kNumber || a == K::kMoney || a == K::kMonths)) result = Type::of(a);
      else if (a == K::kDate && b == K::kMonths) result = Type::of(K::kDate);
    } else if (op == Op::kMul) {
      if (a == K::kNumber && b == K::kNumber) result = Type::of(K::kNumber);
      else if ((a == K::kNumber && b == K::kMoney) || (a == K::kMoney && b == K::kNumber)) result = Type::of(K::kMoney);
      else if ((a == K::kNumber && b == K::kMonths) || (a == K::kMonths && b == K::kNumber)) result = Type::of(K::kMonths);
    } else {
      if (a == K::kNumber && b == K::kNumber) result = Type::of(K::kNumber);
      else if (a == K::kMoney && b == K::kMoney) result = Type::of(K::kNumber);
      else if (a == K::kMoney && b == K::kNumber) result = Type::of(K::kMoney);
      else if (a == K::kMonths && b == K::kNumber) result = Type::of(K::kMonths);
    }
    if (result.kind == K::kInvalid)
      fail(op_off, std::string("cannot apply '") + sym + "' to " + node(l).type.name() + " and " + node(r).type.name());
    std::uint32_t n = make(op, result, {l, r}, op_off);
    node(n).arg_type = Type::of(a);
    node(n).a = static_cast<std::uint16_t>(b);
    return n;
  }

  std::uint32_t parse_unary() {
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

  std::uint32_t constant(Type t, Value v, std::size_t off, Flex flex_kind = Flex::kNone, std::string path = {}) {
    Node n;
    n.op = Op::kConst;
    n.type = t;
    n.imm = v;
    n.path = std::move(path);
    return at(add(std::move(n), flex_kind), off);
  }

  std::uint32_t parse_primary() {
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
        std::vector<std::uint32_t> items;
        if (tok_.kind != Tok::kRBracket) {
          for (;;) {
            items.push_back(parse_or());
            if (tok_.kind == Tok::kComma) {
              advance();
              continue;
            }
            break;
          }
        }
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

  std::uint32_t parse_name(const Token& t) {
    std::string_view name = t.text;
    if (name == "true" || name == "false")
      return constant(Type::of(TypeKind::kBool), Value::of_bool(name == "true"), t.offset);
    auto derived = [&](Op op, TypeKind k) {
      Node n;
      n.op = op;
      n.type = Type::of(k);
      n.path = std::string(name);
      return at(add(std::move(n)), t.offset);
    };
    if (name == "as_of") return derived(Op::kAsOf, TypeKind::kDate);
    if (name == "age") return derived(Op::kAge, TypeKind::kMonths);
    if (name == "retirement.age") return derived(Op::kRetAge, TypeKind::kMonths);
    if (name == "retirement.original_age") return derived(Op::kRetOriginalAge, TypeKind::kMonths);
    if (name == "retirement.min_contribution") return derived(Op::kRetMinContribution, TypeKind::kMonths);
    if (name == "retirement.date") return derived(Op::kRetDate, TypeKind::kDate);
    if (name.starts_with("param.")) {
      std::string_view id = name.substr(6);
      std::uint32_t index = 0;
      const ParamInfo* info = env_.find_param ? env_.find_param(id, &index) : nullptr;
      if (!info) fail(t.offset, "unknown parameter '" + std::string(id) + "'");
      std::uint16_t selector = 0;
      if (tok_.kind == Tok::kAt) {
        advance();
        if (tok_.kind != Tok::kName) fail(tok_.offset, "expected work, hukou or enrol after '@'");
        if (tok_.text == "work") selector = 1;
        else if (tok_.text == "hukou") selector = 2;
        else if (tok_.text == "enrol" && env_.allow_enrol) selector = 3;
        else if (tok_.text == "enrol") fail(tok_.offset, "'@enrol' is only allowed inside 'then'");
        else fail(tok_.offset, "unknown region selector '@" + std::string(tok_.text) + "' (work, hukou, enrol)");
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

  static Type field_type(const FieldSpec& s) {
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
      case FieldType::kDecimal: return Type::of(TypeKind::kNumber);
      case FieldType::kString: return Type::of(TypeKind::kString);
      default: return Type::of(TypeKind::kMonths);  // months, years, year counts: stored in months
    }
  }

  std::uint32_t parse_call(const Token& t) {
    std::string_view fn = t.text;
    advance();  // '('
    std::vector<std::uint32_t> args;
    if (tok_.kind != Tok::kRParen) {
      for (;;) {
        args.push_back(parse_or());
        if (tok_.kind == Tok::kComma) {
          advance();
          continue;
        }
        break;
      }
    }
    expect(Tok::kRParen, "')' or ','");
    auto arity = [&](std::size_t lo, std::size_t hi) {
      if (args.size() < lo || args.size() > hi)
        fail(t.offset, std::string(fn) + "() takes " +
                           (lo == hi ? std::to_string(lo) : std::to_string(lo) + " or more") + " arguments, got " +
                           std::to_string(args.size()));
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
    if (fn == "min" || fn == "max") {
      arity(2, 16);
      n = make_n(fn == "min" ? Op::kMin : Op::kMax, numeric_same(), args, t.offset);
    } else if (fn == "clamp") {
      arity(3, 3);
      n = make_n(Op::kClamp, numeric_same(), args, t.offset);
    } else if (fn == "if") {
      arity(3, 3);
      want(args[0], K::kBool, "a condition");
      unify(args[1], args[2]);
      if (!(node(args[1]).type == node(args[2]).type)) fail(t.offset, "if() branches must have the same type");
      n = make_n(Op::kIf, node(args[1]).type, args, t.offset);
    } else if (fn == "known") {
      arity(1, 1);
      finish(args[0]);
      n = make_n(Op::kKnown, Type::of(K::kBool), args, t.offset);
    } else if (fn == "default") {
      arity(2, 2);
      unify(args[0], args[1]);
      if (!(node(args[0]).type == node(args[1]).type))
        fail(t.offset, "default() arguments must have the same type");
      n = make_n(Op::kDefault, node(args[0]).type, args, t.offset);
    } else if (fn == "province" || fn == "prefecture") {
      arity(1, 1);
      want(args[0], K::kRegion, "a region");
      n = make_n(fn == "province" ? Op::kProvince : Op::kPrefecture, Type::of(K::kRegion), args, t.offset);
    } else if (fn == "within") {
      arity(2, 2);
      want(args[0], K::kRegion, "a region");
      want(args[1], K::kRegion, "a region");
      n = make_n(Op::kWithin, Type::of(K::kBool), args, t.offset);
    } else if (fn == "months_between") {
      arity(2, 2);
      want(args[0], K::kDate, "a date");
      want(args[1], K::kDate, "a date");
      n = make_n(Op::kMonthsBetween, Type::of(K::kMonths), args, t.offset);
    } else if (fn == "year") {
      arity(1, 1);
      want(args[0], K::kDate, "a date");
      n = make_n(Op::kYear, Type::of(K::kNumber), args, t.offset);
    } else if (fn == "lookup") {
      arity(2, 2);
      finish(args[0]);
      const Type tt = node(args[0]).type;
      if (tt.kind != K::kTable) fail(offset_of(args[0]), "lookup() needs a table parameter first");
      want(args[1], tt.key, "a key of the table's key type");
      n = make_n(Op::kLookup, Type::of(tt.elem), args, t.offset);
    } else if (fn == "round_yuan") {
      arity(1, 1);
      want(args[0], K::kMoney, "money");
      n = make_n(Op::kRoundYuan, Type::of(K::kMoney), args, t.offset);
    } else if (fn == "years") {
      arity(1, 1);
      want(args[0], K::kNumber, "a number of years");
      n = make_n(Op::kYears, Type::of(K::kMonths), args, t.offset);
    } else if (fn == "whole_years") {
      arity(1, 1);
      want(args[0], K::kMonths, "months");
      n = make_n(Op::kYear, Type::of(K::kNumber), args, t.offset);
      node(n).a = 1;  // whole_years shares kYear's slot with a flag
    } else {
      fail(t.offset, "unknown function '" + std::string(fn) + "'");
    }
    return at(n, t.offset);
  }

  Program& prog_;
  std::string_view text_;
  const ExprSource& src_;
  const ExprEnv& env_;
  std::vector<ExprError>& errors_;
  Lexer lex_;
  Token tok_;
  std::vector<Flex> flex_;
  std::vector<int> height_;
  std::unordered_map<std::uint32_t, std::size_t> offsets_;
  int depth_ = 0;
};

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

void Program::relower(const Lowering& l) {
  lowering_ = l;
  lower(0);
}

void Program::lower(std::size_t from) {
  exec_.resize(from);
  // The `and` / `or` nodes inside a chain of the same operator: only the chain's top is flattened.
  std::vector<bool> inner(nodes_.size() - from);
  for (std::size_t i = from; i < nodes_.size(); ++i)
    if (nodes_[i].op == Op::kAnd || nodes_[i].op == Op::kOr)
      for (std::uint16_t k = 0; k < nodes_[i].count; ++k) {
        const std::uint32_t c = children_[nodes_[i].first + k];
        if (c >= from && nodes_[c].op == nodes_[i].op) inner[c - from] = true;
      }
  for (std::size_t i = from; i < nodes_.size(); ++i) {
    const Node& n = nodes_[i];
    ExecNode e;
    e.op = n.op;
    e.arg = n.arg_type.kind;
    e.count = n.count;
    e.a = n.a;
    e.b = n.b;
    e.first = n.first;
    switch (n.op) {
      case Op::kConst:
        e.first = static_cast<std::uint32_t>(consts_.size());
        consts_.push_back(Slot::from(n.imm));
        break;
      case Op::kMul: case Op::kDiv:
        e.aux = static_cast<TypeKind>(n.a);
        break;
      case Op::kAnd: case Op::kOr: {
        // `a and b and c` parses as a tree of pairs; evaluated as one node over its operands in
        // order, it reads the same operands in the same order and gives the same value.
        if (!lowering_.flatten_chains || inner[i - from]) break;
        std::vector<std::uint32_t> flat;
        flatten(static_cast<std::uint32_t>(i), n.op, flat);
        if (flat.size() > 2 && flat.size() <= UINT16_MAX) {
          e.first = static_cast<std::uint32_t>(children_.size());
          e.count = static_cast<std::uint16_t>(flat.size());
          children_.insert(children_.end(), flat.begin(), flat.end());
        }
        break;
      }
      case Op::kLookup:
        if (nodes_[children_[n.first]].type.key == TypeKind::kString) e.flags |= ExecNode::kStringArgs;
        break;
      case Op::kIn: {
        const Node& list = nodes_[children_[n.first + 1]];
        bool consts = lowering_.in_consts && list.op == Op::kListLit;
        for (std::uint16_t k = 0; consts && k < list.count; ++k)
          consts = nodes_[children_[list.first + k]].op == Op::kConst;
        if (consts) {  // the item nodes are never visited: their values are copied in order
          // The operand stays child 0 (`first`); the constants' index is split over a (low) and b.
          e.op = Op::kInConsts;
          e.count = list.count;
          e.a = static_cast<std::uint16_t>(consts_.size() & 0xFFFF);
          e.b = static_cast<std::uint16_t>(consts_.size() >> 16);
          for (std::uint16_t k = 0; k < list.count; ++k) consts_.push_back(Slot::from(nodes_[children_[list.first + k]].imm));
        }
        break;
      }
      default: break;
    }
    if (n.arg_type.kind == TypeKind::kString) e.flags |= ExecNode::kStringArgs;
    if (lowering_.fuse_field_tests) fuse_field_test(static_cast<std::uint32_t>(i), e);
    exec_.push_back(e);
  }
}

bool Program::fuse_field_test(std::uint32_t i, ExecNode& e) {
  auto kid = [&](const Node& x, std::uint32_t k) -> const Node& { return nodes_[children_[x.first + k]]; };
  const Node* n = &nodes_[i];
  const bool negate = n->op == Op::kNot;
  if (negate) n = &kid(*n, 0);
  const bool strings = n->arg_type.kind == TypeKind::kString;
  // The test, its operands (constants), and the tree that gives the value tested.
  FieldTest test = FieldTest::kValue;
  std::vector<const Node*> operands;
  const Node* base = n;
  switch (n->op) {
    case Op::kEq: case Op::kNe: case Op::kLt: case Op::kLe: case Op::kGt: case Op::kGe: {
      static constexpr FieldTest kTests[] = {FieldTest::kEq, FieldTest::kNe, FieldTest::kLt,
                                             FieldTest::kLe, FieldTest::kGt, FieldTest::kGe};
      if (kid(*n, 1).op != Op::kConst) return false;
      test = kTests[static_cast<int>(n->op) - static_cast<int>(Op::kEq)];
      base = &kid(*n, 0);
      operands.push_back(&kid(*n, 1));
      break;
    }
    case Op::kIn: {
      const Node& list = kid(*n, 1);
      if (list.op != Op::kListLit) return false;
      for (std::uint16_t k = 0; k < list.count; ++k) {
        if (kid(list, k).op != Op::kConst) return false;
        operands.push_back(&kid(list, k));
      }
      test = FieldTest::kIn;
      base = &kid(*n, 0);
      break;
    }
    case Op::kKnown:
      test = FieldTest::kKnown;
      base = &kid(*n, 0);
      if (base->op != Op::kField) return false;
      break;
    default: break;
  }
  const Node* field = base;
  const Node* fallback = nullptr;
  if (base->op == Op::kDefault && kid(*base, 0).op == Op::kField && kid(*base, 1).op == Op::kConst) {
    field = &kid(*base, 0);
    fallback = &kid(*base, 1);
  }
  if (field->op != Op::kField) return false;
  if (test == FieldTest::kValue && !negate && !fallback) return false;  // a bare field is read as it is
  if (operands.size() > UINT16_MAX) return false;
  e = ExecNode{};
  e.op = Op::kFieldTest;
  e.test = test;
  e.a = field->a;
  e.first = static_cast<std::uint32_t>(consts_.size());
  e.count = static_cast<std::uint16_t>(operands.size());
  if (strings) e.flags |= ExecNode::kStringArgs;
  if (negate) e.flags |= ExecNode::kNegate;
  if (fallback) {
    e.flags |= ExecNode::kQuietDefault;
    consts_.push_back(Slot::from(fallback->imm));
  }
  for (const Node* c : operands) consts_.push_back(Slot::from(c->imm));
  return true;
}

void Program::flatten(std::uint32_t i, Op op, std::vector<std::uint32_t>& out) const {
  const Node& n = nodes_[i];
  for (std::uint16_t k = 0; k < n.count; ++k) {
    const std::uint32_t c = children_[n.first + k];
    if (nodes_[c].op == op) flatten(c, op, out);
    else out.push_back(c);
  }
}

namespace {
// Gives one field a chosen value (unknown when nullopt); no other value is read by a field test.
class OneFieldEnv final : public EvalEnv {
 public:
  explicit OneFieldEnv(std::optional<std::int64_t> v) : v_(v) {}
  Value field(FieldId) const override { return v_ ? Value::of_int(*v_) : Value::unknown(); }
  Value derived(Op) const override { return Value::unknown(); }
  Value param(std::uint32_t, std::uint16_t, bool) override { return Value::unknown(); }
  void note_unknown_field(FieldId) override {}

 private:
  std::optional<std::int64_t> v_;
};
}  // namespace

FieldGuard Program::guard(std::uint32_t root) const {
  FieldGuard g;
  const ExecNode* e = &exec_[root];
  std::uint32_t test = root;
  if (e->op == Op::kAnd && e->count > 0) {
    test = children_[e->first];
    e = &exec_[test];
  }
  if (e->op != Op::kFieldTest || (e->flags & ExecNode::kStringArgs)) return g;
  const FieldSpec& spec = field_spec(static_cast<FieldId>(e->a));
  std::size_t values = 0;
  if (spec.type == FieldType::kEnum) values = spec.enum_values.size();
  else if (spec.type == FieldType::kBool) values = 2;
  if (values == 0 || values >= FieldGuard::kUnknownBit) return g;
  // The test itself, evaluated for every value the field can take and for the field unknown: a
  // value for which it is false gets its bit cleared.
  auto is_false = [&](std::optional<std::int64_t> v) {
    OneFieldEnv env(v);
    const Value r = evaluate(*this, test, env);
    return r.known && r.i == 0;
  };
  g.field = spec.id;
  for (std::size_t v = 0; v < values; ++v)
    if (is_false(static_cast<std::int64_t>(v))) g.pass &= ~(std::uint64_t{1} << v);
  if (is_false(std::nullopt)) g.pass &= ~(std::uint64_t{1} << FieldGuard::kUnknownBit);
  return g;
}

void Program::collect_reads(std::uint32_t root, std::bitset<kFieldCount>& fields,
                            std::vector<std::uint32_t>& params) const {
  const Node& n = nodes_[root];
  if (n.op == Op::kField) fields.set(n.a);
  if (n.op == Op::kParam) params.push_back(n.a);
  for (std::uint16_t k = 0; k < n.count; ++k) collect_reads(children_[n.first + k], fields, params);
}

}  // namespace shebao::internal
