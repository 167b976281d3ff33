// Digits in text, read the one way everything in shebao reads them: the profile readers (the
// strict one in the engine, the fast JSON one in adapters/json), `ask`'s answers, and the hex
// keys and digests of the adapters. Header-only.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string_view>

namespace shebao {

// Whether `t` is one or more ASCII digits 0-9 (no sign, no point, no space).
inline bool all_digits(std::string_view t) {
  return !t.empty() && std::all_of(t.begin(), t.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// The value of an unsigned decimal integer of at most 18 digits (after leading zeros); INT64_MAX
// for a longer one. `t` must be all_digits.
inline std::int64_t digits_value(std::string_view t) {
  while (t.size() > 1 && t.front() == '0') t.remove_prefix(1);
  if (t.size() > 18) return INT64_MAX;
  std::int64_t v = 0;
  for (char c : t) v = v * 10 + (c - '0');
  return v;
}

// The value of one hex digit (either case), or -1.
inline int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace shebao
