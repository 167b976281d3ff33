// Bilingual user-facing text. Chinese is the default language.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace shebao {

enum class Lang : std::uint8_t { kZh, kEn };

// "zh" or "en", as a language tag in any case with any region or script subtags: zh, zh-CN,
// zh-Hans, zh_TW, ZH, en, en-US, en-GB -> kZh / kEn. Anything else (fr, cn, english, "") -> nullopt.
std::optional<Lang> parse_lang(std::string_view s);

// Whether s is well-formed UTF-8 (no overlong forms, surrogates or code points above U+10FFFF).
// The policy compiler requires it of every text, so renderers may copy policy text as it is.
bool valid_utf8(std::string_view s);

struct Text {
  std::string zh;
  std::string en;
  const std::string& get(Lang lang) const { return lang == Lang::kEn ? en : zh; }
  friend bool operator==(const Text&, const Text&) = default;
};

}  // namespace shebao
