// What a document adapter (adapters/yaml, adapters/json) hands back: a DocNode tree, or the
// problems that kept it from producing one. Shared by the adapters so that neither depends on the
// other. Header-only.
//
// Positions (SourcePos) are 1-based. A column counts Unicode code points (characters), not bytes,
// so that `中文: x` puts `x` in column 5. Only '\n' starts a new line ("\r\n" works as expected; a
// lone '\r' does not). A leading UTF-8 byte-order mark is not part of the text. {0, 0} means the
// position is unknown.
//
// Error codes (stable; snake_case like every error code, the kebab-case spellings of earlier
// versions are listed in CHANGELOG.md):
//   yaml_syntax, json_syntax  the text is not well-formed YAML / JSON
//   duplicate_key             a mapping repeats a key (position of the repeat; all are reported)
//   non_scalar_key            a YAML mapping key is a sequence, a mapping or null
//   merge_key                 a YAML merge key `<<` (not supported: it would merge silently)
//   unsupported_tag           an explicit YAML tag other than `!` (e.g. `!!str`, `!!int`)
//   recursive_alias           a YAML alias refers to the node that contains it
//   multiple_documents        a YAML stream holds more than one document
//   invalid_utf8              a byte sequence that is not UTF-8 (position of its first byte)
//   invalid_character         a control character YAML does not allow (e.g. NUL, U+0007)
//   too_large                 more than max_bytes of text, or more than max_nodes nodes with
//                             aliases expanded
//   too_deep                  sequences/mappings nested more than max_depth levels
//   too_many_errors           max_errors problems were reported; parsing stopped there
//   io                        the file could not be read
//   internal                  an unexpected failure inside the parser library
//
// Every error has its message in English and in Chinese, each in one language only: the parser
// libraries' English messages are translated by the adapters (keyed by the library's error), not
// quoted inside the Chinese one.
#pragma once

#include <cstddef>
#include <cstdint>
#include <exception>
#include <new>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "shebao/core/doc.h"

namespace shebao {

// One problem in a document's text.
struct DocError {
  SourcePos pos;        // 1-based; {0, 0} when unknown
  std::string code;     // see the list above
  std::string message;  // English, no trailing period
  std::string message_zh = {};  // Chinese; empty only where an adapter has no translation yet
};

// The outcome of parsing one document. `root` has a value exactly when `errors` is empty: a
// document with problems never yields a partial tree.
struct DocParse {
  std::optional<DocNode> root;
  std::vector<DocError> errors;
  bool ok() const { return root.has_value() && errors.empty(); }
};

// Safety limits, checked while parsing so that hostile input fails fast.
struct DocLimits {
  std::size_t max_nodes = 1'000'000;  // nodes and keys, YAML aliases counted as expanded
  std::size_t max_depth = 128;        // nesting of sequences/mappings; a top-level one is 1
  std::size_t max_bytes = 16u << 20;  // size of the text
  std::size_t max_errors = 100;       // stop after this many problems (then `too_many_errors`)
};

// Appends an error, unless `max_errors` are already recorded: then it appends `too_many_errors`
// (once) instead and returns false, telling the adapter to stop.
inline bool append_doc_error(std::vector<DocError>& errors, std::size_t max_errors, SourcePos pos,
                             std::string code, std::string message, std::string message_zh = {}) {
  if (!errors.empty() && errors.back().code == "too_many_errors") return false;
  const std::size_t cap = max_errors > 0 ? max_errors : 1;
  if (errors.size() >= cap) {
    errors.push_back({pos, "too_many_errors", "stopped after " + std::to_string(cap) + " errors",
                      "问题太多，在第 " + std::to_string(cap) + " 个之后停止检查"});
    return false;
  }
  errors.push_back({pos, std::move(code), std::move(message), std::move(message_zh)});
  return true;
}

// The check every adapter makes before parsing: false, with a `too_large` error, for a text of
// more than max_bytes.
inline bool within_size_limit(std::string_view text, const DocLimits& limits, std::vector<DocError>& errors) {
  if (text.size() <= limits.max_bytes) return true;
  append_doc_error(errors, limits.max_errors, {}, "too_large",
                   "the text is " + std::to_string(text.size()) + " bytes, more than the limit of " +
                       std::to_string(limits.max_bytes),
                   "文本有 " + std::to_string(text.size()) + " 字节，超过上限 " + std::to_string(limits.max_bytes) +
                       " 字节");
  return false;
}

// A position as the adapters' messages name it: "3:14" / "第 3 行第 14 列".
inline std::string doc_pos_text(SourcePos p) { return std::to_string(p.line) + ":" + std::to_string(p.column); }
inline std::string doc_pos_text_zh(SourcePos p) {
  return "第 " + std::to_string(p.line) + " 行第 " + std::to_string(p.column) + " 列";
}

// A parse that failed with one error (out of memory, a file that cannot be read).
inline DocParse single_doc_error(SourcePos pos, std::string code, std::string message,
                                 std::string message_zh) noexcept {
  DocParse out;
  try {
    out.errors.push_back({pos, std::move(code), std::move(message), std::move(message_zh)});
  } catch (...) {  // NOLINT(bugprone-empty-catch): nothing more can be done without memory
  }
  return out;
}

// Runs an adapter's parse so that no exception leaves it: out of memory is `too_large`, any other
// failure inside the parser library is `internal`, naming the `format` ("JSON", "YAML").
template <class Parse>
DocParse parse_guarded(std::string_view format, Parse&& parse) {
  try {
    return parse();
  } catch (const std::bad_alloc&) {
    return single_doc_error({}, "too_large", "out of memory while parsing", "解析时内存不足");
  } catch (const std::exception& e) {
    return single_doc_error({}, "internal", std::string(format) + " parser failed: " + e.what(),
                            std::string(format) + " 解析器出错");
  } catch (...) {
    return single_doc_error({}, "internal", std::string(format) + " parser failed",
                            std::string(format) + " 解析器出错");
  }
}

// Turns byte offsets into the text into SourcePos (see above for the conventions). Queries are
// cheapest when offsets increase, as they do while a parser walks the text; going back is allowed.
class TextPosTracker {
 public:
  explicit TextPosTracker(std::string_view text) : text_(text) {}

  SourcePos at(std::size_t offset) {
    if (offset > text_.size()) offset = text_.size();
    if (offset < offset_) rewind(offset);
    for (; offset_ < offset; ++offset_) {
      const auto c = static_cast<unsigned char>(text_[offset_]);
      if (c == '\n') {
        ++line_;
        column_ = 1;
      } else if ((c & 0xC0u) != 0x80u) {  // not a UTF-8 continuation byte
        ++column_;
      }
    }
    return {line_, column_};
  }

 private:
  void rewind(std::size_t offset) {
    for (; offset_ > offset; --offset_)
      if (text_[offset_ - 1] == '\n') --line_;
    std::size_t line_start = offset;
    while (line_start > 0 && text_[line_start - 1] != '\n') --line_start;
    column_ = 1;
    for (std::size_t i = line_start; i < offset; ++i)
      if ((static_cast<unsigned char>(text_[i]) & 0xC0u) != 0x80u) ++column_;
  }

  std::string_view text_;
  std::size_t offset_ = 0;
  std::uint32_t line_ = 1;
  std::uint32_t column_ = 1;
};

}  // namespace shebao
