#include "shebao/core/text.h"

namespace shebao {

std::optional<Lang> parse_lang(std::string_view s) {
  if (s == "zh") return Lang::kZh;
  if (s == "en") return Lang::kEn;
  return std::nullopt;
}

}  // namespace shebao
