#include "shebao/core/diagnostics.h"

#include "shebao/core/doc_sniff.h"

namespace shebao {

namespace {

// Decodes one UTF-8 character at s[i] (advancing i); invalid bytes count as one character.
char32_t next_char(std::string_view s, std::size_t& i) {
  const auto b = static_cast<unsigned char>(s[i]);
  const int len = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 1;
  if (len == 1 || i + static_cast<std::size_t>(len) > s.size()) {
    ++i;
    return b;
  }
  char32_t c = b & (0xFF >> (len + 1));
  for (int k = 1; k < len; ++k) c = (c << 6) | (static_cast<unsigned char>(s[i + static_cast<std::size_t>(k)]) & 0x3F);
  i += static_cast<std::size_t>(len);
  return c;
}

// Terminal columns a character takes: 2 for East Asian wide and full-width ones.
int width(char32_t c) {
  const bool wide = (c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0xA4CF) || (c >= 0xAC00 && c <= 0xD7A3) ||
                    (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60) ||
                    (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x20000 && c <= 0x3FFFD);
  return wide ? 2 : 1;
}

}  // namespace

// "file:line:column: message [code]"; "file:line: ..." when the column is unknown;
// "file: message [code]" when the line is unknown; no " [code]" when the code is empty.
std::string Diagnostic::to_string(Lang lang) const {
  std::string out = file;
  if (pos.line != 0) {
    out += ':';
    out += std::to_string(pos.line);
    if (pos.column != 0) {
      out += ':';
      out += std::to_string(pos.column);
    }
  }
  out += ": ";
  out += lang == Lang::kZh && !message_zh.empty() ? message_zh : message;
  if (!code.empty()) {
    out += " [";
    out += code;
    out += ']';
  }
  return out;
}

// As compilers print them: the line number in a gutter, the line, and a caret under the column
// (tabs kept, so that the caret lines up; wide characters take two columns).
std::string Diagnostic::render(Lang lang) const {
  std::string out = to_string(lang) + '\n';
  if (source_line.empty() || pos.line == 0) return out;
  const std::string number = std::to_string(pos.line);
  const std::string gutter(number.size() < 5 ? 5 : number.size(), ' ');
  out += std::string(gutter.size() - number.size(), ' ') + number + " | " + source_line + '\n';
  if (pos.column == 0) return out;
  std::string pad;
  std::size_t i = 0;
  for (std::uint32_t col = 1; col < pos.column && i < source_line.size(); ++col) {
    const char32_t c = next_char(source_line, i);
    pad += c == '\t' ? std::string("\t") : std::string(static_cast<std::size_t>(width(c)), ' ');
  }
  out += gutter + " | " + pad + "^\n";
  return out;
}

std::string source_line_of(std::string_view text, std::uint32_t line) {
  if (line == 0) return {};
  std::size_t start = 0;
  for (std::uint32_t l = 1; l < line; ++l) {
    const std::size_t nl = text.find('\n', start);
    if (nl == std::string_view::npos) return {};
    start = nl + 1;
  }
  std::size_t end = text.find('\n', start);
  if (end == std::string_view::npos) end = text.size();
  if (end > start && text[end - 1] == '\r') --end;
  if (line == 1) start = text.size() - strip_bom(text).size();  // a byte order mark is not shown
  return std::string(text.substr(start, end - start));
}

std::string where_and_message(const FieldError& e, Lang lang) {
  std::string out;
  if (!e.path.empty()) out = e.path + ": ";
  else if (e.line != 0) out = std::to_string(e.line) + ":" + std::to_string(e.column) + ": ";
  out += e.message_in(lang);
  return out;
}

}  // namespace shebao
