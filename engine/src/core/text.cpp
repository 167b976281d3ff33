#include "shebao/core/text.h"

namespace shebao {

std::optional<Lang> parse_lang(std::string_view s) {
  // A language tag (BCP 47 shape): a primary subtag, then subtags of 1 to 8 letters or digits
  // after '-' (or '_', as in zh_CN). Case does not matter; only the primary subtag decides.
  const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
  const auto alnum = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  };
  if (s.size() < 2) return std::nullopt;
  const std::string primary{lower(s[0]), lower(s[1])};
  std::string_view rest = s.substr(2);
  while (!rest.empty()) {
    if (rest[0] != '-' && rest[0] != '_') return std::nullopt;
    rest.remove_prefix(1);
    std::size_t n = 0;
    while (n < rest.size() && alnum(rest[n])) ++n;
    if (n == 0 || n > 8) return std::nullopt;
    rest.remove_prefix(n);
  }
  if (primary == "zh") return Lang::kZh;
  if (primary == "en") return Lang::kEn;
  return std::nullopt;
}

bool valid_utf8(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const std::size_t n = s.size();
  std::size_t i = 0;
  const auto cont = [&](std::size_t k) { return k < n && (p[k] & 0xC0u) == 0x80u; };
  while (i < n) {
    const unsigned char c = p[i];
    if (c < 0x80) {
      ++i;
    } else if (c >= 0xC2 && c <= 0xDF) {
      if (!cont(i + 1)) return false;
      i += 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      if (!cont(i + 1) || !cont(i + 2)) return false;
      if ((c == 0xE0 && p[i + 1] < 0xA0) || (c == 0xED && p[i + 1] >= 0xA0)) return false;
      i += 3;
    } else if (c >= 0xF0 && c <= 0xF4) {
      if (!cont(i + 1) || !cont(i + 2) || !cont(i + 3)) return false;
      if ((c == 0xF0 && p[i + 1] < 0x90) || (c == 0xF4 && p[i + 1] >= 0x90)) return false;
      i += 4;
    } else {
      return false;
    }
  }
  return true;
}

}  // namespace shebao
