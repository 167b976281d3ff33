// Calendar dates and year-months on std::chrono; our own ISO-8601 parse and format (GCC 12 has
// neither chrono::parse nor std::format). The engine never reads the clock.
#pragma once

#include <chrono>
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace shebao {

class Date {
 public:
  constexpr Date() = default;
  // Days since 1970-01-01.
  static constexpr Date from_days(std::int32_t days) { return Date(days); }
  // nullopt when the triple is not a real date (2025-02-30).
  static std::optional<Date> from_ymd(int year, unsigned month, unsigned day);
  // Strict "YYYY-MM-DD" (four-digit year 1900..2200, real day).
  static std::optional<Date> parse(std::string_view text);

  constexpr std::int32_t days() const { return days_; }
  std::chrono::year_month_day ymd() const;
  int year() const;
  unsigned month() const;
  unsigned day() const;
  std::string to_string() const;  // "2026-11-28"

  friend constexpr auto operator<=>(Date, Date) = default;

 private:
  constexpr explicit Date(std::int32_t days) : days_(days) {}
  std::int32_t days_ = 0;
};

// A calendar month, stored as year*12 + (month-1).
// Defended duplicate: Date, YearMonth (here), Decimal and Money (money.h) share the shape of a
// value type (one private integer, a private constructor, named factories, defaulted <=>); the
// integer means something else in each, and the types keep them from being mixed.
class YearMonth {
 public:
  constexpr YearMonth() = default;
  static constexpr YearMonth from_index(std::int32_t index) { return YearMonth(index); }
  static std::optional<YearMonth> from_ym(int year, unsigned month);  // month 1..12
  // Strict "YYYY-MM" (year 1900..2200).
  static std::optional<YearMonth> parse(std::string_view text);
  static YearMonth of(Date d);

  constexpr std::int32_t index() const { return index_; }
  int year() const;
  unsigned month() const;
  std::string to_string() const;  // "2025-05"
  Date first_day() const;

  friend constexpr YearMonth operator+(YearMonth a, std::int32_t months) { return YearMonth(a.index_ + months); }
  friend constexpr YearMonth operator-(YearMonth a, std::int32_t months) { return YearMonth(a.index_ - months); }
  // Signed number of months from b to a.
  friend constexpr std::int32_t operator-(YearMonth a, YearMonth b) { return a.index_ - b.index_; }
  friend constexpr auto operator<=>(YearMonth, YearMonth) = default;

 private:
  constexpr explicit YearMonth(std::int32_t index) : index_(index) {}
  std::int32_t index_ = 0;
};

// A duration in whole months, shown as years and months.
struct YearsMonths {
  int years = 0;
  int months = 0;
  static constexpr YearsMonths of(std::int32_t total) { return {total / 12, total % 12}; }
  constexpr std::int32_t total() const { return years * 12 + months; }
  friend constexpr bool operator==(YearsMonths, YearsMonths) = default;
};

// Date + n months, clamping the day to the end of the target month (Jan 31 + 1 month = Feb 28/29).
Date add_months_clamped(Date d, std::int32_t months);

// Completed months between `from` and `to` (to >= from): whole months such that
// add_months_clamped(from, n) <= to. Negative when to < from.
std::int32_t months_between(Date from, Date to);

}  // namespace shebao
