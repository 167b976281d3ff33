#include "shebao/core/person_input.h"

#include <array>
#include <string>

namespace shebao {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n'))
    s.remove_suffix(1);
  return s;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

int number(std::string_view digits) {
  int v = 0;
  for (char c : digits) v = v * 10 + (c - '0');
  return v;
}

// Full-width digits (０-９: EF BC 90-99) and the separators people type in Chinese input
// (－ ／ ． and the ideographic space) become their ASCII forms; everything else is kept.
std::string fold_full_width(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c == 0xEF && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xBC) {
      const auto d = static_cast<unsigned char>(s[i + 2]);
      if (d >= 0x90 && d <= 0x99) { out += static_cast<char>('0' + (d - 0x90)); i += 2; continue; }
      if (d == 0x8D) { out += '-'; i += 2; continue; }  // －
      if (d == 0x8F) { out += '/'; i += 2; continue; }  // ／
      if (d == 0x8E) { out += '.'; i += 2; continue; }  // ．
    }
    if (c == 0xE3 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
        static_cast<unsigned char>(s[i + 2]) == 0x80) {  // ideographic space
      out += ' ';
      i += 2;
      continue;
    }
    out += s[i];
  }
  return out;
}

}  // namespace

char id_card_check_character(std::string_view first17) {
  static constexpr std::array<int, 17> kWeights{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  static constexpr std::string_view kCheck = "10X98765432";
  if (first17.size() != 17) return '\0';
  int sum = 0;
  for (std::size_t i = 0; i < 17; ++i) {
    if (!is_digit(first17[i])) return '\0';
    sum += (first17[i] - '0') * kWeights[i];
  }
  return kCheck[static_cast<std::size_t>(sum % 11)];
}

IdCardParse parse_id_card(std::string_view text) {
  IdCardParse out;
  const std::string folded = fold_full_width(trim(text));
  const std::string_view s = folded;
  if (s.size() != 18) {
    out.error = IdCardError::kLength;
    return out;
  }
  for (std::size_t i = 0; i < 17; ++i)
    if (!is_digit(s[i])) {
      out.error = IdCardError::kCharacter;
      return out;
    }
  char last = s[17];
  if (last == 'x') last = 'X';
  if (!is_digit(last) && last != 'X') {
    out.error = IdCardError::kCharacter;
    return out;
  }
  const auto birth = Date::from_ymd(number(s.substr(6, 4)), static_cast<unsigned>(number(s.substr(10, 2))),
                                    static_cast<unsigned>(number(s.substr(12, 2))));
  if (!birth || birth->year() < 1900) {
    out.error = IdCardError::kBirth;
    return out;
  }
  if (id_card_check_character(s.substr(0, 17)) != last) {
    out.error = IdCardError::kCheckDigit;
    return out;
  }
  out.info = IdCardInfo{static_cast<std::uint32_t>(number(s.substr(0, 6))), *birth, (s[16] - '0') % 2 == 0};
  return out;
}

std::optional<YearMonth> parse_loose_year_month(std::string_view text) {
  const std::string folded = fold_full_width(trim(text));
  std::string_view s = folded;
  // Runs of digits, and what separates them.
  std::array<std::string_view, 3> parts{};
  std::size_t n = 0;
  std::size_t i = 0;
  while (i < s.size()) {
    if (is_digit(s[i])) {
      std::size_t j = i;
      while (j < s.size() && is_digit(s[j])) ++j;
      if (n == parts.size()) return std::nullopt;
      parts[n++] = s.substr(i, j - i);
      i = j;
      continue;
    }
    // Allowed separators: - / . space 年 月 日 (UTF-8 E5 B9 B4, E6 9C 88, E6 97 A5).
    if (s[i] == '-' || s[i] == '/' || s[i] == '.' || s[i] == ' ') { ++i; continue; }
    const std::string_view rest = s.substr(i);
    if (rest.starts_with("年") || rest.starts_with("月") || rest.starts_with("日")) { i += 3; continue; }
    return std::nullopt;
  }
  int year = 0;
  int month = 0;
  if (n == 1 && (parts[0].size() == 6 || parts[0].size() == 8)) {  // 199405, 19940512
    year = number(parts[0].substr(0, 4));
    month = number(parts[0].substr(4, 2));
    if (parts[0].size() == 8 && !Date::from_ymd(year, static_cast<unsigned>(month),
                                                static_cast<unsigned>(number(parts[0].substr(6, 2)))))
      return std::nullopt;
  } else if ((n == 2 || n == 3) && parts[0].size() == 4 && parts[1].size() <= 2 && !parts[1].empty()) {
    year = number(parts[0]);
    month = number(parts[1]);
    if (n == 3 && (parts[2].size() > 2 || !Date::from_ymd(year, static_cast<unsigned>(month),
                                                           static_cast<unsigned>(number(parts[2])))))
      return std::nullopt;
  } else {
    return std::nullopt;
  }
  if (month < 1 || month > 12 || year < 1900 || year > 2200) return std::nullopt;
  return YearMonth::from_ym(year, static_cast<unsigned>(month));
}

}  // namespace shebao
