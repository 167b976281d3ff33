// Bilingual user-facing text. Chinese is the default language.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace shebao {

enum class Lang : std::uint8_t { kZh, kEn };

std::optional<Lang> parse_lang(std::string_view s);  // "zh" | "en"

struct Text {
  std::string zh;
  std::string en;
  const std::string& get(Lang lang) const { return lang == Lang::kEn ? en : zh; }
  friend bool operator==(const Text&, const Text&) = default;
};

}  // namespace shebao
