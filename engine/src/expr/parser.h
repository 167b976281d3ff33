// The parser of the expression language (private to engine/src/expr): tokens (lexer.h) -> nodes
// appended to a Program, checked as they are built. One pass: each sub-expression is type-checked
// as soon as it is parsed (checker.cpp holds the type rules, parser.cpp the grammar); literals whose
// type depends on context (a number next to money, a six-digit string next to a region, a bare
// name next to an enum field) are fixed when the context is known. Errors throw ParseFailure
// inside, and run() returns nullopt with the message in `errors` and the Program as it was.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "expr/expr.h"
#include "expr/lexer.h"

namespace shebao::internal {

// A literal whose type is still open: fixed by its context (coerce) or its default (finish).
enum class Flex : std::uint8_t { kNone, kNumber, kString, kBare, kList };

struct ParseFailure {};

class Parser {
 public:
  Parser(Program& prog, std::string_view text, const ExprSource& src, const ExprEnv& env,
         std::vector<ExprError>& errors)
      : prog_(prog), text_(text), src_(src), env_(env), errors_(errors), lex_(text) {
    advance();
  }

  static constexpr int kMaxDepth = 128;

  std::optional<std::uint32_t> run(const Type& expected);

 private:
  // ---- infrastructure -------------------------------------------------------------------
  [[noreturn]] void fail(std::size_t offset, std::string message) {
    errors_.push_back({map_offset(offset), std::move(message)});
    throw ParseFailure{};
  }

  // Maps an offset in the expression text to a file position. The expression may be a folded
  // YAML scalar, so the k-th non-space character of the expression is found as the k-th
  // non-space character of the raw file text from the scalar's start.
  SourcePos map_offset(std::size_t offset) const;

  void advance() { tok_ = lex_.next(); }
  void expect(Tok k, std::string_view what);

  std::uint32_t add(Node n, Flex flex = Flex::kNone) {
    prog_.nodes_.push_back(std::move(n));
    flex_.push_back(flex);
    height_.push_back(1);
    return static_cast<std::uint32_t>(prog_.nodes_.size() - 1);
  }
  // Height of a node's tree (a leaf is 1), indexed like flex_. Evaluation recurses this deep.
  int& height(std::uint32_t i) { return height_[i - (prog_.nodes_.size() - height_.size())]; }
  void check_height(std::uint32_t n, std::size_t offset);
  Node& node(std::uint32_t i) { return prog_.nodes_[i]; }
  Flex& flex(std::uint32_t i) {
    // flex_ is indexed relative to the first node of this parse.
    return flex_[i - (prog_.nodes_.size() - flex_.size())];
  }

  // A node of `op` over `kids`, its height checked.
  std::uint32_t make_n(Op op, Type type, std::span<const std::uint32_t> kids, std::size_t offset);
  std::uint32_t make(Op op, Type type, std::initializer_list<std::uint32_t> kids, std::size_t offset) {
    return make_n(op, std::move(type), std::span<const std::uint32_t>(kids.begin(), kids.size()), offset);
  }

  // ---- context-dependent literals -------------------------------------------------------
  // Gives a flexible literal the type `t` when it can take it. Errors when a bare name is not a
  // value of the enum, a string is not a region code, or a number has too many decimals.
  void coerce(std::uint32_t i, const Type& t);
  void coerce_enum(std::uint32_t i, const Type& t);
  void check_elem(std::uint32_t c, const Type& list_type);
  // A flexible literal with no context takes its default type (number, string); a bare name
  // with no enum context is an unknown name.
  void finish(std::uint32_t i);
  // Both operands of a binary operation: fixes flexible literals from the other side.
  void unify(std::uint32_t l, std::uint32_t r);
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

  std::uint32_t parse_or();
  std::uint32_t parse_and();
  // A left-associative chain `a word b word c ...` of conditions (`or`, `and`), each operand
  // parsed by `next`.
  std::uint32_t parse_logic(std::string_view word, Op op, std::uint32_t (Parser::*next)());
  std::uint32_t parse_not();
  void require_bool(std::uint32_t i, std::size_t op_off, std::string_view op);

  std::uint32_t parse_cmp();
  std::uint32_t parse_in(std::uint32_t l, std::size_t off, bool negate);

  std::uint32_t parse_add();
  std::uint32_t parse_mul();
  // A left-associative chain of the two arithmetic operators of one precedence level (+ -, * /),
  // each operand parsed by `next`.
  std::uint32_t parse_arith(Tok tok1, Op op1, Tok tok2, Op op2, std::uint32_t (Parser::*next)());
  // Arithmetic typing. Result type and the operand kinds are recorded for evaluation.
  std::uint32_t arith(Op op, std::uint32_t l, std::uint32_t r, std::size_t op_off);
  // Units (checker.cpp): of an arithmetic result; refusals of comparisons; shared by arguments.
  Unit arith_unit(Op op, const Type& l, const Type& r, TypeKind result, std::size_t op_off);
  void check_compare_units(const Type& l, const Type& r, std::size_t op_off, std::string_view op);
  Unit common_unit(const std::vector<std::uint32_t>& args, std::size_t from);

  std::uint32_t parse_unary();

  std::uint32_t constant(Type t, Value v, std::size_t off, Flex flex_kind = Flex::kNone, std::string path = {});

  std::uint32_t parse_primary();

  std::uint32_t parse_name(const Token& t);

  static Type field_type(const FieldSpec& s);

  std::uint32_t parse_call(const Token& t);
  // The comma-separated expressions of a list literal or a call, up to `close` (not read).
  std::vector<std::uint32_t> parse_items(Tok close);

  // The call `t`(args): its arity and argument types, and the node it makes.
  std::uint32_t check_call(const Token& t, std::vector<std::uint32_t>& args);

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

}  // namespace shebao::internal
