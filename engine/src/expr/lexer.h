// Lexer of the expression language: the text of one expression -> tokens, each a view of the
// text with its offset (for messages). Names may contain dots (`work.region`, `param.x`).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace shebao::internal {

// Defended duplicate: the comparison names repeat expr.h's Op; a token is what was written, an
// Op what a node does (see there).
enum class Tok : std::uint8_t {
  kEnd,
  kNumber,
  kMonths,
  kDate,
  kString,
  kName,
  kLParen,
  kRParen,
  kLBracket,
  kRBracket,
  kComma,
  kAt,
  kPlus,
  kMinus,
  kStar,
  kSlash,
  kEq,
  kNe,
  kLt,
  kLe,
  kGt,
  kGe,
  kError
};

struct Token {
  Tok kind = Tok::kEnd;
  std::string_view text;
  std::size_t offset = 0;
};

class Lexer {
 public:
  explicit Lexer(std::string_view s) : s_(s) {}
  // The next token; kEnd at the end, kError for anything the language has no token for.
  Token next();

 private:
  std::string_view s_;
  std::size_t i_ = 0;
};

}  // namespace shebao::internal
