#include "shebao/core/date.h"

#include <algorithm>
#include <cstdint>

namespace shebao {
namespace internal {
namespace {

namespace chr = std::chrono;

// The range std::chrono::year guarantees.
constexpr int kMinChronoYear = -32767;
constexpr int kMaxChronoYear = 32767;
// What the strict ISO parsers accept.
constexpr int kMinParseYear = 1900;
constexpr int kMaxParseYear = 2200;

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Reads `len` ASCII digits at `pos`; -1 when any is not a digit.
int read_digits(std::string_view text, std::size_t pos, std::size_t len) {
  int v = 0;
  for (std::size_t i = pos; i < pos + len; ++i) {
    if (!is_digit(text[i])) return -1;
    v = v * 10 + (text[i] - '0');
  }
  return v;
}

// Zero-padded to `width` digits, '-' before negatives.
std::string pad(int v, int width) {
  std::string digits = std::to_string(v < 0 ? -static_cast<long long>(v) : static_cast<long long>(v));
  if (static_cast<int>(digits.size()) < width)
    digits.insert(0, static_cast<std::size_t>(width) - digits.size(), '0');
  return v < 0 ? "-" + digits : digits;
}

std::int32_t floor_div(std::int64_t a, std::int64_t b) {
  std::int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return static_cast<std::int32_t>(q);
}

Date to_date(chr::year_month_day ymd) {
  return Date::from_days(static_cast<std::int32_t>(chr::sys_days(ymd).time_since_epoch().count()));
}

}  // namespace
}  // namespace internal

namespace chr = std::chrono;

std::optional<Date> Date::from_ymd(int year, unsigned month, unsigned day) {
  if (year < internal::kMinChronoYear || year > internal::kMaxChronoYear) return std::nullopt;
  if (month < 1 || month > 12 || day < 1 || day > 31) return std::nullopt;
  const chr::year_month_day ymd{chr::year{year}, chr::month{month}, chr::day{day}};
  if (!ymd.ok()) return std::nullopt;
  return internal::to_date(ymd);
}

std::optional<Date> Date::parse(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  const int y = internal::read_digits(text, 0, 4);
  const int m = internal::read_digits(text, 5, 2);
  const int d = internal::read_digits(text, 8, 2);
  if (y < 0 || m < 0 || d < 0) return std::nullopt;
  if (y < internal::kMinParseYear || y > internal::kMaxParseYear) return std::nullopt;
  return from_ymd(y, static_cast<unsigned>(m), static_cast<unsigned>(d));
}

chr::year_month_day Date::ymd() const { return chr::year_month_day{chr::sys_days{chr::days{days_}}}; }

int Date::year() const { return static_cast<int>(ymd().year()); }

unsigned Date::month() const { return static_cast<unsigned>(ymd().month()); }

unsigned Date::day() const { return static_cast<unsigned>(ymd().day()); }

std::string Date::to_string() const {
  const auto d = ymd();
  return internal::pad(static_cast<int>(d.year()), 4) + "-" +
         internal::pad(static_cast<int>(static_cast<unsigned>(d.month())), 2) + "-" +
         internal::pad(static_cast<int>(static_cast<unsigned>(d.day())), 2);
}

std::optional<YearMonth> YearMonth::from_ym(int year, unsigned month) {
  if (year < internal::kMinChronoYear || year > internal::kMaxChronoYear) return std::nullopt;
  if (month < 1 || month > 12) return std::nullopt;
  return YearMonth(year * 12 + static_cast<std::int32_t>(month) - 1);
}

std::optional<YearMonth> YearMonth::parse(std::string_view text) {
  if (text.size() != 7 || text[4] != '-') return std::nullopt;
  const int y = internal::read_digits(text, 0, 4);
  const int m = internal::read_digits(text, 5, 2);
  if (y < 0 || m < 0) return std::nullopt;
  if (y < internal::kMinParseYear || y > internal::kMaxParseYear) return std::nullopt;
  return from_ym(y, static_cast<unsigned>(m));
}

YearMonth YearMonth::of(Date d) {
  const auto ymd = d.ymd();
  return YearMonth(static_cast<int>(ymd.year()) * 12 +
                   static_cast<std::int32_t>(static_cast<unsigned>(ymd.month())) - 1);
}

int YearMonth::year() const { return internal::floor_div(index_, 12); }

unsigned YearMonth::month() const { return static_cast<unsigned>(index_ - year() * 12) + 1; }

std::string YearMonth::to_string() const {
  return internal::pad(year(), 4) + "-" + internal::pad(static_cast<int>(month()), 2);
}

Date YearMonth::first_day() const {
  const chr::year_month_day ymd{chr::year{year()}, chr::month{month()}, chr::day{1}};
  return internal::to_date(ymd);
}

Date add_months_clamped(Date d, std::int32_t months) {
  const auto ymd = d.ymd();
  const std::int64_t index = static_cast<std::int64_t>(static_cast<int>(ymd.year())) * 12 +
                             static_cast<std::int64_t>(static_cast<unsigned>(ymd.month())) - 1 + months;
  // Keep the target inside std::chrono::year's range (only absurd month counts get here).
  const std::int64_t clamped = std::clamp<std::int64_t>(index, std::int64_t{internal::kMinChronoYear} * 12,
                                                        std::int64_t{internal::kMaxChronoYear} * 12 + 11);
  const int year = internal::floor_div(clamped, 12);
  const auto month = static_cast<unsigned>(clamped - std::int64_t{year} * 12 + 1);
  const chr::year_month_day_last last{chr::year{year}, chr::month_day_last{chr::month{month}}};
  const chr::day day = std::min(ymd.day(), last.day());
  return internal::to_date(chr::year_month_day{chr::year{year}, chr::month{month}, day});
}

std::int32_t months_between(Date from, Date to) {
  if (to < from) return -months_between(to, from);
  const auto f = from.ymd(), t = to.ymd();
  std::int32_t n = (static_cast<int>(t.year()) - static_cast<int>(f.year())) * 12 +
                   static_cast<std::int32_t>(static_cast<unsigned>(t.month())) -
                   static_cast<std::int32_t>(static_cast<unsigned>(f.month()));
  // One month fewer when `from` moved on by n months (add_months_clamped: to's month, on from's
  // day or that month's last) falls after `to`.
  if (f.day() > t.day()) {
    const chr::day last = chr::year_month_day_last{t.year(), chr::month_day_last{t.month()}}.day();
    if (std::min(f.day(), last) > t.day()) --n;
  }
  return n;
}

}  // namespace shebao
