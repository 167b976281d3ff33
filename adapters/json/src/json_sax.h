// What the two Boost.JSON SAX handlers share (json_doc.cpp builds a DocNode tree,
// profile_json_fast.cpp fills a Profile): the sizes they leave unlimited, and where each value
// and key starts, so that both give the same positions.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include <boost/json/error.hpp>
#include <boost/json/string_view.hpp>

namespace shebao::json_internal {

// What both handlers of boost::json::basic_parser do alike: no limits on sizes (DocLimits are
// checked by the handlers and before parsing); the pieces of a string, key or number gathered in
// buf_ (its last piece comes with on_string, on_key or the number's event); numbers handed to
// Derived::number(text, ec); comments, which the parse options refuse, never called.
template <class Derived>
class SaxHandler {
 public:
  static constexpr std::size_t max_object_size = static_cast<std::size_t>(-1);
  static constexpr std::size_t max_array_size = static_cast<std::size_t>(-1);
  static constexpr std::size_t max_key_size = static_cast<std::size_t>(-1);
  static constexpr std::size_t max_string_size = static_cast<std::size_t>(-1);

  bool on_document_begin(boost::json::error_code&) { return true; }
  bool on_document_end(boost::json::error_code&) { return true; }
  bool on_string_part(boost::json::string_view s, std::size_t, boost::json::error_code&) { return gather(s); }
  bool on_key_part(boost::json::string_view s, std::size_t, boost::json::error_code&) { return gather(s); }
  bool on_number_part(boost::json::string_view s, boost::json::error_code&) { return gather(s); }
  bool on_int64(std::int64_t, boost::json::string_view s, boost::json::error_code& ec) { return self().number(s, ec); }
  bool on_uint64(std::uint64_t, boost::json::string_view s, boost::json::error_code& ec) {
    return self().number(s, ec);
  }
  bool on_double(double, boost::json::string_view s, boost::json::error_code& ec) { return self().number(s, ec); }
  bool on_comment_part(boost::json::string_view, boost::json::error_code&) { return true; }
  bool on_comment(boost::json::string_view, boost::json::error_code&) { return true; }

 protected:
  std::string buf_;  // the string, key or number being read, in parts

 private:
  bool gather(boost::json::string_view s) {
    buf_.append(s.data(), s.size());
    return true;
  }
  Derived& self() { return static_cast<Derived&>(*this); }
};

// Where each value and key starts, for text that Boost.JSON is validating alongside: the
// handler's events carry no offsets, so the cursor walks the text in step with them. Each event
// that starts a value or a key (`{`, `[`, a string, a number, a literal) corresponds, in order,
// to the next token start. Never reads past the end, whatever the text.
class TokenCursor {
 public:
  explicit TokenCursor(std::string_view text) : text_(text) {}

  // Offset of the next token that starts a value or a key; moves past it.
  std::size_t next() {
    const std::size_t n = text_.size();
    while (i_ < n && between_tokens(text_[i_])) ++i_;
    const std::size_t start = i_;
    last_ = start;
    if (i_ >= n) return start;
    const char c = text_[i_];
    if (c == '"') {
      ++i_;
      while (i_ < n && text_[i_] != '"') i_ += text_[i_] == '\\' ? 2 : 1;
      ++i_;
    } else if (c == '[' || c == '{') {
      ++i_;
    } else {  // number or literal
      while (i_ < n && !between_tokens(text_[i_]) && text_[i_] != '"' && text_[i_] != '[' && text_[i_] != '{') ++i_;
      if (i_ == start) ++i_;
    }
    if (i_ > n) i_ = n;
    return start;
  }

  // The offset next() returned last.
  std::size_t last() const { return last_; }

 private:
  static bool between_tokens(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ',' || c == ':' || c == ']' || c == '}';
  }

  std::string_view text_;
  std::size_t i_ = 0;
  std::size_t last_ = 0;
};

}  // namespace shebao::json_internal
