#include "expr/lexer.h"

#include <cctype>

namespace shebao::internal {

namespace {
bool name_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool name_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.'; }
}  // namespace

Token Lexer::next() {
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

}  // namespace shebao::internal
