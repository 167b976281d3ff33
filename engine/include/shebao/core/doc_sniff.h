// The two facts every reader of a profile or policy text needs before parsing it: the text
// without a leading UTF-8 byte order mark, and whether it is JSON or YAML. Pure functions.
#pragma once

#include <string_view>

namespace shebao {

inline constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

// `text` without a leading UTF-8 byte order mark (the same view when it has none).
constexpr std::string_view strip_bom(std::string_view text) {
  if (text.starts_with(kUtf8Bom)) text.remove_prefix(kUtf8Bom.size());
  return text;
}

enum class DocFormat { kYaml, kJson };

// JSON when the first character after a byte order mark and blanks (space, tab, CR, LF) is '{';
// YAML otherwise (YAML 1.2 is a superset of JSON, but the JSON reader reports JSON's errors).
constexpr DocFormat sniff_format(std::string_view text) {
  text = strip_bom(text);
  std::size_t i = 0;
  while (i < text.size() && (text[i] == ' ' || text[i] == '\n' || text[i] == '\r' || text[i] == '\t')) ++i;
  return i < text.size() && text[i] == '{' ? DocFormat::kJson : DocFormat::kYaml;
}

static_assert(strip_bom("\xEF\xBB\xBFx") == "x" && strip_bom("x") == "x");
static_assert(sniff_format("\xEF\xBB\xBF \n{") == DocFormat::kJson && sniff_format("a: {") == DocFormat::kYaml &&
              sniff_format("") == DocFormat::kYaml);

}  // namespace shebao
