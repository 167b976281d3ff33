// Problems found in user content (policy packs, profiles). Collected, never thrown.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "shebao/core/doc.h"
#include "shebao/core/text.h"

namespace shebao {

// One problem in a policy file. Its first line is `file:line:column: message [code]` (tools parse
// it; DECISIONS.md "Pack lint"), then the source line and a caret under the column, indented:
//
//   policies/cn/schemes.yaml:31:24: 规则中的键「wehn」未知（允许：id, when, ...） [unknown_key]
//      31 |       wehn: true
//         |       ^
struct Diagnostic {
  std::string file;
  SourcePos pos;
  std::string code;        // stable, snake_case, e.g. "unknown_key"
  std::string message;     // English, complete sentence fragment, no trailing period
  std::string message_zh;  // Chinese; empty = only the English one is known
  std::string source_line; // the line at pos.line, without its newline; empty when unknown
  // The first line only: "policies/cn/schemes/x.yaml:12:7: unknown key 'wen' [unknown_key]".
  std::string to_string(Lang lang = Lang::kEn) const;
  // The first line, then the source line and a caret when known (each line ends with '\n').
  std::string render(Lang lang) const;
};

struct Diagnostics {
  std::vector<Diagnostic> items;
  void add(std::string file, SourcePos pos, std::string code, std::string message) {
    items.push_back({std::move(file), pos, std::move(code), std::move(message), {}, {}});
  }
  void add(std::string file, SourcePos pos, std::string code, Text message, std::string source_line) {
    items.push_back({std::move(file), pos, std::move(code), std::move(message.en), std::move(message.zh),
                     std::move(source_line)});
  }
  bool empty() const { return items.empty(); }
};

// The line `line` (1-based) of `text`, without its line ending; empty when there is none.
std::string source_line_of(std::string_view text, std::uint32_t line);

// One problem in a profile (DECISIONS.md "One error format on every interface"). `path` is a field
// path as in PROFILE.md (person.birth), or "" for the document as a whole (a syntax error, a
// document that is not a mapping); `line`/`column` give the place in the text when it is known
// (1-based, 0 = unknown). Codes are snake_case. Printed by where_and_message(): `PATH: message`,
// or `LINE:COLUMN: message` for an error about the document's text.
struct FieldError {
  std::string path;
  std::string code;     // stable, snake_case, e.g. "unknown_field", "invalid_region", "json_syntax"
  std::string message;  // English
  std::string message_zh;
  std::uint32_t line = 0;
  std::uint32_t column = 0;
  const std::string& message_in(Lang lang) const {
    return lang == Lang::kZh && !message_zh.empty() ? message_zh : message;
  }
  friend bool operator==(const FieldError&, const FieldError&) = default;
};

// "person.birth: 不是日期", "3:14: JSON 格式错误：…" (no path, a known position), or the message
// alone (the document as a whole, no position).
std::string where_and_message(const FieldError& e, Lang lang);

}  // namespace shebao
