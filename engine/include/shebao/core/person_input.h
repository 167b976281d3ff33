// What a clerk or a worker types, read leniently: an 18-digit resident ID-card number (GB 11643)
// and a birth month written the ways people write it. Used by `shebao ask` and mirrored by the
// page (web/person_input.js); the profile contract itself stays strict (YYYY-MM).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "shebao/core/date.h"

namespace shebao {

struct IdCardInfo {
  std::uint32_t region_code = 0;  // the first six digits: where the card was first issued, which
                                  // may be a withdrawn code (a suggestion for the hukou, to confirm)
  Date birth;
  bool female = false;            // the 17th digit: odd = male, even = female
};

enum class IdCardError : std::uint8_t {
  kLength,      // not 18 characters
  kCharacter,   // a character other than a digit (or X as the last)
  kBirth,       // digits 7-14 are not a real date
  kCheckDigit,  // the GB 11643 check character does not match
};

struct IdCardParse {
  std::optional<IdCardInfo> info;
  IdCardError error = IdCardError::kLength;  // meaningful when info is empty
};

// Surrounding spaces are ignored; a lower-case x is accepted as the check character.
IdCardParse parse_id_card(std::string_view text);

// The GB 11643 check character for the first 17 digits ('0'..'9' or 'X'); '\0' if any is not a digit.
char id_card_check_character(std::string_view first17);

// A birth month as people write it: 1994-05, 1994-5, 199405, 1994.5, 1994/5, 1994年5月, 1994年05月,
// or a whole date (1994-05-12, 19940512, 1994年5月12日), whose day is dropped. Full-width digits
// and punctuation are accepted. nullopt for anything else or a month outside 1..12.
std::optional<YearMonth> parse_loose_year_month(std::string_view text);

}  // namespace shebao
