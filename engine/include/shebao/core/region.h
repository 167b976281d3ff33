// GB/T 2260 six-digit administrative division codes.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "shebao/core/text.h"

namespace shebao {

class Region {
 public:
  constexpr Region() = default;
  // The whole country (jurisdiction of the national pack). Not a valid region of a person.
  static constexpr Region national() { return Region(0); }
  // Exactly six ASCII digits whose first two are a real province code (11..15, 21..23, 31..37,
  // 41..46, 50..54, 61..65, 71, 81, 82). "000000" and anything else: nullopt.
  static std::optional<Region> parse(std::string_view text);
  // Same check for a number (e.g. 530902); used by the policy loader, never on profiles.
  static std::optional<Region> from_code(std::uint32_t code);

  constexpr std::uint32_t code() const { return code_; }
  constexpr bool is_national() const { return code_ == 0; }
  constexpr bool is_province() const { return code_ != 0 && code_ % 10000 == 0; }
  constexpr bool is_prefecture() const { return code_ % 100 == 0 && code_ % 10000 != 0; }
  constexpr Region province() const { return Region(code_ / 10000 * 10000); }
  // The prefecture-level code (xxxx00) of a county code; a province is its own prefecture.
  // Directly administered municipalities (11, 12, 31, 50) have prefecture xx0100 / xx0200.
  constexpr Region prefecture() const { return Region(code_ / 100 * 100); }
  // True when `inner` lies inside (or is) this region. The national region contains all.
  constexpr bool contains(Region inner) const {
    if (code_ == 0) return true;
    if (is_province()) return inner.code_ / 10000 == code_ / 10000;
    if (is_prefecture()) return inner.code_ / 100 == code_ / 100;
    return inner.code_ == code_;
  }
  std::string to_string() const;  // "530902", "000000"

  // Official name from the installed region table (region_table.h: policies/cn/regions.csv), e.g.
  // "南山区" / "Nanshan District". Empty view when the code is not in the table (or none is installed).
  std::string_view name(Lang lang) const;
  // Province + prefecture + county, e.g. "云南省临沧市临翔区"; falls back to the code.
  std::string full_name(Lang lang) const;

  friend constexpr auto operator<=>(Region, Region) = default;

 private:
  constexpr explicit Region(std::uint32_t code) : code_(code) {}
  std::uint32_t code_ = 0;
};

// Finds current regions by (part of) their name, short name or pinyin: "临翔", "临沧 临翔",
// "深圳南山", "shenzhen", "Wuhua"; or by code (a withdrawn code gives the regions that replaced it).
// Used by `shebao ask`, GET /v1/regions and the page. Exact matches first, counties first.
struct RegionMatch {
  Region region;
  std::string_view name;
  bool exact = false;  // the query is the whole name (with optional ancestors), not a part of one
};
std::size_t find_regions(std::string_view query, RegionMatch* out, std::size_t max_out);

}  // namespace shebao
