// Strict profile validation (read_profile); the way back to a document (profile_to_doc) is in
// profile_doc.cpp.
//
// Over 600 lines on purpose: one Reader checks every field of PROFILE.md, the histories and how they
// agree with the simple fields, collecting every error with its path; its parts share the reader's
// state (the errors so far, the person's birth, as_of), so they stay in one class.
// Every problem is collected as a FieldError; nothing throws and nothing stops at the first error.
#include "shebao/profile/profile.h"

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "shebao/core/digits.h"
#include "shebao/core/money.h"
#include "shebao/core/region.h"
#include "shebao/core/region_table.h"

namespace shebao {
namespace {

constexpr std::int64_t kMaxMoneyFen = 1'000'000'000LL * 100;  // 10^9 yuan
constexpr std::int64_t kMaxMonths = 1200;
constexpr std::int64_t kMaxYearCount = 120;
constexpr std::int32_t kMaxAgeMonths = 121 * 12;  // an age of 121 completed years is "over 120"
constexpr std::size_t kMaxPlatformLength = 40;
constexpr std::size_t kMaxShownValue = 40;
constexpr Decimal kMaxRatio = Decimal::from_int(10);

std::size_t index_of(FieldId id) { return static_cast<std::size_t>(id); }

// Lists of contribution periods (PROFILE contract addition, history across places).
constexpr std::string_view kPensionHistory = "coverage.pension.history";
constexpr std::string_view kPensionDeemed = "coverage.pension.deemed";
constexpr std::string_view kMedicalHistory = "coverage.medical.history";
constexpr std::size_t kMaxPeriods = 100;
bool is_history_list(std::string_view path) {
  return path == kPensionHistory || path == kPensionDeemed || path == kMedicalHistory;
}

std::string join_path(std::string_view prefix, std::string_view key) {
  std::string p;
  if (!prefix.empty()) {
    p.append(prefix);
    p.push_back('.');
  }
  p.append(key);
  return p;
}

bool starts_with_group(std::string_view path, std::string_view group) {
  return path.size() > group.size() && path.substr(0, group.size()) == group &&
         path[group.size()] == '.';
}

// True when `path` is a mapping of the schema (person, person.hukou, coverage.pension, ...).
bool is_group(std::string_view path) {
  for (const auto& f : profile_schema())
    if (starts_with_group(f.path, path)) return true;
  return false;
}

// The keys allowed directly under `prefix` ("" = the root), in schema order.
std::vector<std::string_view> child_keys(std::string_view prefix) {
  std::vector<std::string_view> keys;
  auto add = [&keys](std::string_view k) {
    if (std::find(keys.begin(), keys.end(), k) == keys.end()) keys.push_back(k);
  };
  for (const auto& f : profile_schema()) {
    std::string_view rest = f.path;
    if (!prefix.empty()) {
      if (!starts_with_group(rest, prefix)) continue;
      rest.remove_prefix(prefix.size() + 1);
    }
    add(rest.substr(0, rest.find('.')));
  }
  if (prefix.empty()) add("extra");
  if (prefix == "coverage.pension") {
    add("history");
    add("deemed");
  }
  if (prefix == "coverage.medical") add("history");
  return keys;
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diag = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diag = up;
    }
  }
  return row[b.size()];
}

// A value as shown inside a message (cut when long).
std::string shown(std::string_view text) {
  if (text.size() <= kMaxShownValue) return std::string(text);
  std::size_t cut = kMaxShownValue;  // not inside a UTF-8 sequence
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return std::string(text.substr(0, cut)) + "...";
}
std::string quoted_en(std::string_view text) { return "\"" + shown(text) + "\""; }
std::string quoted_zh(std::string_view text) { return "“" + shown(text) + "”"; }

enum class WholeKind : std::uint8_t { kOk, kNegative, kNotWhole, kNotNumber };
struct Whole {
  WholeKind kind = WholeKind::kNotNumber;
  std::int64_t value = 0;
};

Whole parse_whole(std::string_view t) {
  if (all_digits(t)) return {WholeKind::kOk, digits_value(t)};
  if (auto d = Decimal::parse(t))
    return {d->micros() < 0 ? WholeKind::kNegative : WholeKind::kNotWhole, 0};
  if (t.size() > 1 && t.front() == '-' && all_digits(t.substr(1))) return {WholeKind::kNegative, 0};
  return {};
}

std::string join_values(std::span<const std::string_view> values, std::string_view sep) {
  std::string s;
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i) s.append(sep);
    s.append(values[i]);
  }
  return s;
}

std::string date_text(Date d, bool month_only) {
  std::string s = d.to_string();
  if (month_only && s.size() >= 7) s.resize(7);
  return s;
}

// How the reader wants a scalar written.
enum class Want : std::uint8_t { kText, kNumber, kBool };

class Reader {
 public:
  Reader(std::optional<Date> default_as_of, bool apply_defaults)
      : default_as_of_(default_as_of), apply_defaults_(apply_defaults) {}

  ProfileParse run(const DocNode& root) {
    if (!root.is_mapping()) {
      error(kRootPath, "invalid_type",
            "the profile must be a mapping of fields (person:, work:, ...)",
            "档案必须是由字段组成的映射（person:、work: 等）");
      return finish();
    }
    walk(root, "");
    check_missing();
    finish_histories();
    if (apply_defaults_) apply_defaults();
    check_cross_fields();
    return finish();
  }

 private:
  void error(std::string_view path, std::string_view code, std::string en, std::string zh) {
    errors_.push_back(
        FieldError{std::string(path), std::string(code), std::move(en), std::move(zh)});
  }

  void invalid_type(std::string_view path, std::string en, std::string zh) {
    error(path, "invalid_type", std::move(en), std::move(zh));
  }

  ProfileParse finish() {
    ProfileParse out;
    if (errors_.empty()) out.profile = std::move(p_);
    out.errors = std::move(errors_);
    return out;
  }

  void walk(const DocNode& map, const std::string& prefix) {
    for (const auto& e : map.entries) {
      // A key is one name: "person.birth" written as one key would otherwise reach the field of
      // that path next to (and silently overriding) the nested person: {birth: ...}, and an empty
      // key would give an error without a path.
      if (e.key.empty() || e.key.find('.') != std::string::npos) {
        error(prefix.empty() ? kRootPath : std::string_view(prefix), "unknown_field",
              quoted_en(e.key) + " is not a field name; write nested mappings, e.g. person: {birth: 1992-03}",
              quoted_zh(e.key) + "不是字段名；请按层级书写，例如 person: {birth: 1992-03}");
        continue;
      }
      const std::string path = join_path(prefix, e.key);
      if (prefix.empty() && e.key == "extra") {
        p_.set_extra(e.value);
        continue;
      }
      if (is_history_list(path)) {
        if (!e.value.is_null()) read_history_list(path, e.value);
        continue;
      }
      if (const FieldSpec* f = find_field(path)) {
        if (e.value.is_null()) continue;  // an empty value means "unknown", as if absent
        given_[index_of(f->id)] = true;
        read_field(*f, e.value);
        continue;
      }
      if (is_group(path)) {
        if (e.value.is_null()) continue;
        if (!e.value.is_mapping()) {
          bad_groups_.push_back(path);
          invalid_type(path,
                       std::string("must be a mapping of fields, not ") +
                           (e.value.is_sequence() ? "a list" : "a single value"),
                       std::string("应为由字段组成的映射，而不是") +
                           (e.value.is_sequence() ? "列表" : "单个值"));
          continue;
        }
        given_groups_.push_back(path);
        walk(e.value, path);
        continue;
      }
      // The key is cut in the error's path as in messages: a hostile key is not echoed in full.
      unknown_field(e.key.size() > kMaxShownValue ? join_path(prefix, shown(e.key)) : path, e.key, prefix);
    }
  }

  void unknown_field(const std::string& path, std::string_view key, std::string_view prefix) {
    // A suggestion needs an edit distance of at most max(1, |k|/3), and the distance is at least the
    // difference of the lengths: when no allowed key is near the key's length, none is computed
    // (a hostile 10 MB key would otherwise cost |key| x |k| steps per allowed key).
    bool reachable = false;
    for (std::string_view k : child_keys(prefix)) {
      const std::size_t diff = key.size() > k.size() ? key.size() - k.size() : k.size() - key.size();
      reachable = reachable || diff <= std::max<std::size_t>(1, k.size() / 3);
    }
    std::string_view best;
    std::size_t best_distance = 0;
    for (std::string_view k : reachable ? child_keys(prefix) : std::vector<std::string_view>{}) {
      const std::size_t d = edit_distance(key, k);
      if (best.empty() || d < best_distance) {
        best = k;
        best_distance = d;
      }
    }
    const bool suggest =
        !best.empty() && best_distance <= std::max<std::size_t>(1, best.size() / 3);
    std::string allowed;
    for (std::string_view k : child_keys(prefix)) {
      if (!allowed.empty()) allowed += ", ";
      allowed.append(k);
    }
    if (suggest) {
      const std::string full = join_path(prefix, best);
      error(path, "unknown_field", "unknown field; did you mean " + full + "?",
            "未知字段；您是不是想写 " + full + "？");
    } else {
      error(path, "unknown_field", "unknown field; allowed here: " + allowed,
            "未知字段；这里可以写：" + allowed);
    }
  }

  // The scalar text of `n` when it is written as `want` asks; otherwise reports invalid_type.
  const std::string* scalar(const FieldSpec& f, const DocNode& n, Want want) {
    if (!n.is_scalar()) {
      const bool list = n.is_sequence();
      invalid_type(f.path,
                   std::string("must be a single value, not ") + (list ? "a list" : "a mapping"),
                   std::string("应为单个值，而不是") + (list ? "列表" : "映射"));
      return nullptr;
    }
    using S = DocNode::Style;
    switch (want) {
      case Want::kText:
        if (n.style == S::kPlain || n.style == S::kQuoted) return &n.text;
        if (f.type == FieldType::kRegion)
          invalid_type(f.path, "must be a string of six digits, e.g. \"530902\", not a number",
                       "应为六位数字的字符串（加引号），例如 \"530902\"，不能写成数字");
        else
          invalid_type(
              f.path,
              std::string("must be text, not ") + (n.style == S::kBool ? "true/false" : "a number"),
              std::string("应为文字，不能是") + (n.style == S::kBool ? "true/false" : "数字"));
        return nullptr;
      case Want::kNumber:
        if (n.style == S::kPlain || n.style == S::kNumber) return &n.text;
        if (n.style == S::kQuoted)
          invalid_type(f.path, "must be a number, not a quoted string " + quoted_en(n.text),
                       "应为数字，不能加引号：" + quoted_zh(n.text));
        else
          invalid_type(f.path, "must be a number, not true/false", "应为数字，不能是 true/false");
        return nullptr;
      case Want::kBool:
        if (n.style == S::kBool || n.style == S::kPlain) {
          if (n.text == "true" || n.text == "false") return &n.text;
          invalid_type(f.path, "must be true or false, not " + quoted_en(n.text),
                       "应为 true 或 false，而不是" + quoted_zh(n.text));
          return nullptr;
        }
        invalid_type(f.path,
                     std::string("must be true or false, not ") +
                         (n.style == S::kQuoted ? "a quoted string" : "a number"),
                     std::string("应为 true 或 false，不能是") +
                         (n.style == S::kQuoted ? "带引号的文字" : "数字"));
        return nullptr;
    }
    return nullptr;
  }

  void set(FieldId id, std::int64_t value, bool month_only = false) {
    FieldValue& v = p_.at(id);
    v.known = true;
    v.month_only = month_only;
    v.value = value;
  }

  // Defended duplicate: `duplicates` pairs the cases with each other; it is one dispatch, a case
  // per field type.
  void read_field(const FieldSpec& f, const DocNode& n) {
    switch (f.type) {
      case FieldType::kDate:
        return read_date(f, n);
      case FieldType::kEnum:
        return read_enum(f, n);
      case FieldType::kRegion:
        return read_region(f, n);
      case FieldType::kBool:
        if (const std::string* t = scalar(f, n, Want::kBool)) set(f.id, *t == "true" ? 1 : 0);
        return;
      case FieldType::kMoney:
        return read_money(f, n);
      case FieldType::kMonths:
        return read_count(f, n, kMaxMonths, 1, "months", "个月");
      case FieldType::kYearCount:
        return read_count(f, n, kMaxYearCount, 12, "years", "年");
      case FieldType::kYears:
        return read_years(f, n);
      case FieldType::kDecimal:
        return read_decimal(f, n);
      case FieldType::kString:
        return read_platform(f, n);
    }
  }

  void read_date(const FieldSpec& f, const DocNode& n) {
    const std::string* t = scalar(f, n, Want::kText);
    if (!t) return;
    const bool month_allowed = f.id == FieldId::kBirth;
    const std::string_view s = *t;
    const bool full_shape = s.size() == 10 && all_digits(s.substr(0, 4)) && s[4] == '-' &&
                            all_digits(s.substr(5, 2)) && s[7] == '-' && all_digits(s.substr(8, 2));
    const bool month_shape = month_allowed && s.size() == 7 && all_digits(s.substr(0, 4)) &&
                             s[4] == '-' && all_digits(s.substr(5, 2));
    if (!full_shape && !month_shape) {
      const char* form_en =
          month_allowed ? "YYYY-MM or YYYY-MM-DD, e.g. 1992-03" : "YYYY-MM-DD, e.g. 2026-11-28";
      const char* form_zh =
          month_allowed ? "年-月 或 年-月-日，例如 1992-03" : "年-月-日，例如 2026-11-28";
      error(f.path, "invalid_date", quoted_en(s) + " is not a date; write " + form_en,
            quoted_zh(s) + "不是日期，请写成 " + form_zh);
      return;
    }
    const int year = static_cast<int>(digits_value(s.substr(0, 4)));
    const auto month = static_cast<unsigned>(digits_value(s.substr(5, 2)));
    const auto day = full_shape ? static_cast<unsigned>(digits_value(s.substr(8, 2))) : 1U;
    if (year < 1900 || year > 2200) {
      error(f.path, "invalid_date", quoted_en(s) + ": the year must be between 1900 and 2200",
            quoted_zh(s) + "：年份应在 1900 到 2200 之间");
      return;
    }
    const auto d = (month >= 1 && month <= 12) ? Date::from_ymd(year, month, day) : std::nullopt;
    if (!d) {
      if (month_shape)
        error(f.path, "invalid_date", shown(s) + " is not a calendar month",
              shown(s) + " 不是存在的月份");
      else
        error(f.path, "invalid_date", shown(s) + " is not a calendar date",
              shown(s) + " 不是日历上存在的日期");
      return;
    }
    set(f.id, d->days(), month_shape);
  }

  void read_enum(const FieldSpec& f, const DocNode& n) {
    const std::string* t = scalar(f, n, Want::kText);
    if (!t) return;
    const int i = enum_index(f.id, *t);
    if (i < 0) {
      error(f.path, "invalid_enum",
            quoted_en(*t) + " is not allowed; use one of: " + join_values(f.enum_values, ", "),
            quoted_zh(*t) + "不是可选值；可选：" + join_values(f.enum_values, "、"));
      return;
    }
    set(f.id, i);
  }

  void read_region(const FieldSpec& f, const DocNode& n) {
    std::uint32_t old_code = 0;
    const auto r = region_value(f, n, &old_code);
    if (!r) return;
    set(f.id, r->code());
    if (old_code != 0) p_.add_renumbered_region(f.id, old_code);
  }

  // The region written at `n` (f.path names it in errors); a withdrawn code gives its successor
  // and `*old_code` the code as written.
  std::optional<Region> region_value(const FieldSpec& f, const DocNode& n, std::uint32_t* old_code) {
    const std::string* t = scalar(f, n, Want::kText);
    if (!t) return std::nullopt;
    const auto r = Region::parse(*t);
    if (!r) {
      error(f.path, "invalid_region",
            quoted_en(*t) +
                " is not a region code; use the six-digit GB/T 2260 code of a county "
                "or district, e.g. \"530902\"",
            quoted_zh(*t) + "不是行政区划代码；请填县（区）的六位代码，例如 \"530902\"");
      return std::nullopt;
    }
    // Against the region table (when one is installed): withdrawn codes answered for their
    // successor, codes that never existed refused with the nearest real ones.
    const RegionCheck c = check_region_code(r->code());
    switch (c.kind) {
      case RegionCheck::Kind::kCurrent:
        return c.region;
      case RegionCheck::Kind::kWithdrawn:
        *old_code = r->code();
        return c.region;
      case RegionCheck::Kind::kSplit:
        error(f.path, "invalid_region",
              quoted_en(*t) + " (" + std::string(c.old->en) + ") was withdrawn in " + std::to_string(c.old->valid_to) +
                  " and its area divided; give the code of the part where you are: " +
                  describe_regions(c.suggestions, Lang::kEn),
              quoted_zh(*t) + "（" + std::string(c.old->zh) + "）已于" + std::to_string(c.old->valid_to) +
                  "年撤销并分入多个县区；请填您所在那一个的代码：" + describe_regions(c.suggestions, Lang::kZh));
        return std::nullopt;
      case RegionCheck::Kind::kUnknown:
        error(f.path, "invalid_region",
              quoted_en(*t) + " is not a GB/T 2260 region code" +
                  (c.suggestions.empty() ? std::string("; use the six-digit code of a county or district, e.g. \"530902\"")
                                         : "; the nearest codes: " + describe_regions(c.suggestions, Lang::kEn)),
              quoted_zh(*t) + "不是现行的行政区划代码" +
                  (c.suggestions.empty() ? std::string("；请填县（区）的六位代码，例如 \"530902\"")
                                         : "；相近的有：" + describe_regions(c.suggestions, Lang::kZh)));
        return std::nullopt;
    }
    return std::nullopt;
  }

  void read_money(const FieldSpec& f, const DocNode& n) {
    const std::string* t = scalar(f, n, Want::kNumber);
    if (!t) return;
    const auto m = Money::parse(*t);
    if (!m) {
      if (Decimal::parse(*t))
        error(f.path, "invalid_number",
              quoted_en(*t) + " is not an amount of yuan with at most two decimals",
              quoted_zh(*t) + "不是金额；单位元，最多两位小数");
      else
        error(f.path, "invalid_number", quoted_en(*t) + " is not a number of yuan, e.g. 5200",
              quoted_zh(*t) + "不是数字；请填元数，例如 5200");
      return;
    }
    if (m->fen() < 0) {
      error(f.path, "negative_value", quoted_en(*t) + " is negative; the amount must be 0 or more",
            quoted_zh(*t) + "是负数；金额不能小于 0");
      return;
    }
    if (m->fen() > kMaxMoneyFen) {
      error(f.path, "invalid_number", quoted_en(*t) + " is too large (over 1000000000 yuan)",
            quoted_zh(*t) + "太大了（超过 10 亿元）");
      return;
    }
    set(f.id, m->fen());
  }

  // Whole months or whole years, 0..max; stored as value * scale months.
  void read_count(const FieldSpec& f, const DocNode& n, std::int64_t max, std::int64_t scale,
                  std::string_view unit_en, std::string_view unit_zh) {
    if (const auto v = count_value(f, n, max, unit_en, unit_zh)) set(f.id, *v * scale);
  }

  std::optional<std::int64_t> count_value(const FieldSpec& f, const DocNode& n, std::int64_t max,
                                          std::string_view unit_en, std::string_view unit_zh) {
    const std::string* t = scalar(f, n, Want::kNumber);
    if (!t) return std::nullopt;
    const Whole w = parse_whole(*t);
    switch (w.kind) {
      case WholeKind::kOk:
        if (w.value > max) {
          error(f.path, "invalid_number",
                quoted_en(*t) + " is too large (at most " + std::to_string(max) + " " +
                    std::string(unit_en) + ")",
                quoted_zh(*t) + "太大了（最多 " + std::to_string(max) + " " + std::string(unit_zh) +
                    "）");
          return std::nullopt;
        }
        return w.value;
      case WholeKind::kNegative:
        error(f.path, "negative_value", quoted_en(*t) + " is negative; it must be 0 or more",
              quoted_zh(*t) + "是负数；不能小于 0");
        return std::nullopt;
      case WholeKind::kNotWhole:
        error(f.path, "invalid_number",
              quoted_en(*t) + " is not a whole number of " + std::string(unit_en),
              quoted_zh(*t) + "不是整数（单位：" + std::string(unit_zh) + "）");
        return std::nullopt;
      case WholeKind::kNotNumber:
        error(f.path, "invalid_number", quoted_en(*t) + " is not a number",
              quoted_zh(*t) + "不是数字");
        return std::nullopt;
    }
    return std::nullopt;
  }

  void read_years(const FieldSpec& f, const DocNode& n) {
    const std::string* t = scalar(f, n, Want::kNumber);
    if (!t) return;
    const Whole w = parse_whole(*t);
    std::string allowed_en;
    std::string allowed_zh;
    for (std::size_t i = 0; i < f.allowed_years.size(); ++i) {
      const std::string y = std::to_string(f.allowed_years[i]);
      allowed_en += (i == 0 ? "" : (i + 1 == f.allowed_years.size() ? " or " : ", ")) + y;
      allowed_zh += (i == 0 ? "" : " 或 ") + y;
    }
    if (w.kind == WholeKind::kNotNumber) {
      error(f.path, "invalid_number", quoted_en(*t) + " is not a number; use " + allowed_en,
            quoted_zh(*t) + "不是数字；请填 " + allowed_zh);
      return;
    }
    const bool ok =
        w.kind == WholeKind::kOk &&
        std::find(f.allowed_years.begin(), f.allowed_years.end(), w.value) != f.allowed_years.end();
    if (!ok) {
      error(f.path, "out_of_range", quoted_en(*t) + " is not allowed; it must be " + allowed_en,
            quoted_zh(*t) + "不可用；只能是 " + allowed_zh);
      return;
    }
    set(f.id, w.value * 12);
  }

  void read_decimal(const FieldSpec& f, const DocNode& n) {
    const std::string* t = scalar(f, n, Want::kNumber);
    if (!t) return;
    const auto d = Decimal::parse(*t);
    if (!d) {
      error(f.path, "invalid_number",
            quoted_en(*t) + " is not a number; write a ratio such as 0.6 (at most six decimals)",
            quoted_zh(*t) + "不是数字；请写成比例，例如 0.6（最多六位小数）");
      return;
    }
    if (d->micros() <= 0 || *d > kMaxRatio) {
      error(f.path, "out_of_range",
            quoted_en(*t) + " is out of range; the ratio must be more than 0 and at most 10",
            quoted_zh(*t) + "超出范围；比例应大于 0 且不超过 10");
      return;
    }
    set(f.id, d->micros());
  }

  void read_platform(const FieldSpec& f, const DocNode& n) {
    const std::string* t = scalar(f, n, Want::kText);
    if (!t) return;
    const std::string& s = *t;
    const bool ok =
        !s.empty() && s.size() <= kMaxPlatformLength && std::all_of(s.begin(), s.end(), [](char c) {
          return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
        });
    if (!ok) {
      error(f.path, "invalid_platform",
            quoted_en(s) +
                " is not a platform id; use 1 to 40 lower-case letters, digits or _, "
                "e.g. meituan",
            quoted_zh(s) + "不是平台代号；请用 1 到 40 个小写英文字母、数字或下划线，例如 meituan");
      return;
    }
    p_.set_platform(s);
    set(f.id, 0);
  }

  bool under_bad_group(std::string_view path) const {
    return std::any_of(bad_groups_.begin(), bad_groups_.end(),
                       [path](const std::string& g) { return starts_with_group(path, g); });
  }
  bool group_given(std::string_view group) const {
    return std::find(given_groups_.begin(), given_groups_.end(), group) != given_groups_.end() ||
           std::find(bad_groups_.begin(), bad_groups_.end(), group) != bad_groups_.end();
  }
  bool given(FieldId id) const { return given_[index_of(id)]; }

  // ---- contribution history ------------------------------------------------------------------
  // A period as written; its end is settled once as_of is known (finish_histories).
  struct PendingPeriod {
    ContributionPeriod period;
    std::string path;  // coverage.pension.history[2]
    std::optional<std::int64_t> months;
    bool has_to = false;
  };

  static FieldSpec item_spec(const std::string& path, FieldType type) {
    return FieldSpec{FieldId::kCount, path, type, false, {}, {}, Text{}, Text{}};
  }

  std::optional<YearMonth> month_value(const std::string& path, const DocNode& n) {
    const FieldSpec f = item_spec(path, FieldType::kDate);
    const std::string* t = scalar(f, n, Want::kText);
    if (!t) return std::nullopt;
    const std::string_view s = *t;
    auto m = YearMonth::parse(s.size() == 10 && s[7] == '-' ? s.substr(0, 7) : s);
    if (m && s.size() == 10 && !Date::parse(s)) m.reset();
    if (!m)
      error(path, "invalid_date", quoted_en(s) + " is not a month; write YYYY-MM, e.g. 2018-03",
            quoted_zh(s) + "不是月份，请写成 年-月，例如 2018-03");
    return m;
  }

  void read_history_list(const std::string& path, const DocNode& list) {
    const bool deemed = path == kPensionDeemed;
    if (!list.is_sequence()) {
      invalid_type(path, "must be a list of periods, e.g. - {region: \"440305\", from: 2015-01, to: 2020-12}",
                   "应为由时间段组成的列表，例如 - {region: \"440305\", from: 2015-01, to: 2020-12}");
      return;
    }
    if (list.items.size() > kMaxPeriods) {
      error(path, "out_of_range", "has " + std::to_string(list.items.size()) + " periods; at most 100",
            "有 " + std::to_string(list.items.size()) + " 段；最多 100 段");
      return;
    }
    for (std::size_t i = 0; i < list.items.size(); ++i) {
      const std::string item = path + "[" + std::to_string(i) + "]";
      const DocNode& n = list.items[i];
      if (!n.is_mapping()) {
        invalid_type(item, "must be a mapping (region:, from:, to: ...)", "应为映射（region:、from:、to: 等）");
        continue;
      }
      if (deemed)
        read_deemed(item, n);
      else
        read_period(item, n, path == kPensionHistory);
    }
  }

  // What a period and a deemed span share. Each entry that is not null is read: `region` here,
  // the others by `field`, which answers kUnknown for a key that is not its own (an error that
  // lists `allowed`). A missing region is an error saying what it is (`region_en`, `region_zh`).
  // False when anything was wrong.
  enum class Got : std::uint8_t { kOk, kBad, kUnknown };
  template <class T>
  static Got got(const std::optional<T>& v) {
    return v ? Got::kOk : Got::kBad;
  }
  template <class ReadField>
  bool read_item(const std::string& item, const DocNode& n, std::string_view allowed, Region& region,
                 std::string_view region_en, std::string_view region_zh, ReadField&& field) {
    bool ok = true, has_region = false;
    for (const auto& e : n.entries) {
      if (e.value.is_null()) continue;
      const std::string path = item + "." + e.key;
      Got g = Got::kOk;
      if (e.key == "region") {
        std::uint32_t old = 0;
        const auto r = region_value(item_spec(path, FieldType::kRegion), e.value, &old);
        if (r) region = *r;
        has_region = true;
        g = got(r);
      } else {
        g = field(path, e.key, e.value);
      }
      if (g == Got::kUnknown)
        error(path, "unknown_field", "unknown field; allowed here: " + std::string(allowed),
              "未知字段；这里可以写：" + std::string(allowed));
      ok = ok && g == Got::kOk;
    }
    return require(has_region, item + ".region", region_en, region_zh) && ok;
  }

  // A field an item must have: a missing_field error at `path` when it has not.
  bool require(bool has, const std::string& path, std::string_view what_en, std::string_view what_zh) {
    if (!has)
      error(path, "missing_field", "is required: " + std::string(what_en), "必须填写：" + std::string(what_zh));
    return has;
  }

  void read_period(const std::string& item, const DocNode& n, bool pension) {
    PendingPeriod out;
    out.path = item;
    bool has_from = false;
    bool ok = read_item(
        item, n, pension ? "region, from, to, months, scheme, temporary" : "region, from, to, months, scheme",
        out.period.region, "where the contributions were paid", "在哪里交的",
        [&](const std::string& path, const std::string& key, const DocNode& v) {
          if (key == "from" || key == "to") {
            const bool from = key == "from";
            const auto m = month_value(path, v);
            if (m) (from ? out.period.from : out.period.to) = *m;
            (from ? has_from : out.has_to) = true;
            return got(m);
          }
          if (key == "months") {
            out.months = count_value(item_spec(path, FieldType::kMonths), v, kMaxMonths, "months", "个月");
            if (out.months && *out.months == 0) {
              error(path, "out_of_range", "must be at least 1", "至少为 1");
              out.months.reset();
            }
            return got(out.months);
          }
          if (key == "scheme") {
            const std::string* t = scalar(item_spec(path, FieldType::kEnum), v, Want::kText);
            if (t && (*t == "employee" || *t == "resident")) {
              out.period.scheme = *t == "employee" ? RecordScheme::kEmployee : RecordScheme::kResident;
              return Got::kOk;
            }
            if (t)
              error(path, "invalid_enum", quoted_en(*t) + " is not one of: employee, resident",
                    quoted_zh(*t) + "不是可选值；可选：employee（职工）、resident（城乡居民）");
            return Got::kBad;
          }
          if (key == "temporary" && pension) {
            const std::string* t = scalar(item_spec(path, FieldType::kBool), v, Want::kBool);
            if (t) out.period.temporary = *t == "true";
            return t ? Got::kOk : Got::kBad;
          }
          return Got::kUnknown;
        });
    ok = require(has_from, item + ".from", "the first month paid (YYYY-MM)", "从哪个月开始交（年-月）") &&
         ok;
    if (out.has_to && out.months) {
      const std::int64_t span = out.period.to - out.period.from + 1;
      if (span != *out.months) {
        error(item + ".months", "inconsistent",
              std::to_string(*out.months) + " months, but from " + out.period.from.to_string() + " to " +
                  out.period.to.to_string() + " is " + std::to_string(span) + "; give one of to and months",
              std::to_string(*out.months) + " 个月，但从 " + out.period.from.to_string() + " 到 " +
                  out.period.to.to_string() + " 是 " + std::to_string(span) + " 个月；to 和 months 只填一个即可");
        ok = false;
      }
    }
    if (ok) (pension ? pending_pension_ : pending_medical_).push_back(std::move(out));
    else history_bad_ = true;
  }

  void read_deemed(const std::string& item, const DocNode& n) {
    DeemedPeriod out;
    bool has_count = false;
    bool ok = read_item(item, n, "region, months, years", out.region, "where the deemed years were worked",
                        "视同缴费年限是在哪里工作的",
                        [&](const std::string& path, const std::string& key, const DocNode& v) {
                          if (key != "months" && key != "years") return Got::kUnknown;
                          const bool years = key == "years";
                          const auto c = count_value(item_spec(path, FieldType::kMonths), v,
                                                     years ? kMaxYearCount : kMaxMonths, years ? "years" : "months",
                                                     years ? "年" : "个月");
                          if (c) out.months += static_cast<std::int32_t>(*c * (years ? 12 : 1));
                          has_count = true;
                          return got(c);
                        });
    ok = require(has_count, item + ".months", "months (or years) deemed paid",
                 "视同缴费的月数（或 years 年数）") &&
         ok;
    if (ok) deemed_.push_back(out);
    else history_bad_ = true;
  }

  // Ends of open periods (the month of as_of), the checks of a history, and the simple fields
  // derived from it where they are not given.
  void finish_histories() {
    if (pending_pension_.empty() && pending_medical_.empty() && deemed_.empty()) return;
    if (history_bad_ || !p_.known(FieldId::kAsOf)) return;
    const YearMonth as_of = YearMonth::of(p_.as_of());
    const bool birth_known = p_.known(FieldId::kBirth);
    const YearMonth birth = birth_known ? YearMonth::of(p_.birth()) : YearMonth();
    auto settle = [&](std::vector<PendingPeriod>& pending, bool pension) {
      std::vector<ContributionPeriod> periods;
      for (PendingPeriod& q : pending) {
        if (!q.has_to) {
          if (q.months) {
            q.period.to = q.period.from + static_cast<std::int32_t>(*q.months - 1);
          } else {
            // Still paying: the months before as_of's month are paid, as_of's month is to come
            // (as the outlook counts them). A period begun this month has none paid yet.
            q.period.to = as_of - 1;
            q.period.open = true;
            if (q.period.from > as_of) {
              error(q.path + ".from", "invalid_date",
                    "starts in " + q.period.from.to_string() + ", after as_of (" + p_.as_of().to_string() + ")",
                    "开始于 " + q.period.from.to_string() + "，晚于 as_of（" + p_.as_of().to_string() + "）");
              return std::vector<ContributionPeriod>{};
            }
          }
        }
        periods.push_back(q.period);
      }
      bool bad = false;
      for (const HistoryProblem& h : check_history(periods, birth_known ? birth : YearMonth::from_index(0), as_of)) {
        const PendingPeriod& a = pending[h.first];
        const ContributionPeriod& pa = a.period;
        switch (h.kind) {
          case HistoryProblem::Kind::kEndsBeforeStart:
            error(a.path + ".to", "invalid_date",
                  "ends (" + pa.to.to_string() + ") before it starts (" + pa.from.to_string() + ")",
                  "结束月份（" + pa.to.to_string() + "）早于开始月份（" + pa.from.to_string() + "）");
            break;
          case HistoryProblem::Kind::kAfterAsOf:
            error(a.path, "invalid_date",
                  "ends in " + pa.to.to_string() + ", after as_of (" + p_.as_of().to_string() +
                      "): give only months already paid",
                  "结束于 " + pa.to.to_string() + "，晚于 as_of（" + p_.as_of().to_string() + "）；只填已经交过的月份");
            break;
          case HistoryProblem::Kind::kBeforeAge16:
            if (!birth_known) continue;
            error(a.path + ".from", "invalid_date",
                  "starts in " + pa.from.to_string() + ", before the person turned 16 (" +
                      (birth + 16 * 12).to_string() + ")",
                  "开始于 " + pa.from.to_string() + "，早于年满16周岁（" + (birth + 16 * 12).to_string() + "）");
            break;
          case HistoryProblem::Kind::kEmployeeOverlap: {
            const PendingPeriod& b = pending[h.second];
            if (!pension) continue;  // medical months paid twice are counted once (医保办发〔2021〕43号)
            error(b.path, "inconsistent",
                  "overlaps " + a.path + " (" + pa.from.to_string() + " to " + pa.to.to_string() +
                      "): one person pays one employee pension for a month",
                  "与 " + a.path + "（" + pa.from.to_string() + " 至 " + pa.to.to_string() +
                      "）重叠：同一个月只能在一个地方交职工养老保险");
            break;
          }
        }
        bad = true;
      }
      return bad ? std::vector<ContributionPeriod>{} : periods;
    };
    const std::size_t errors_before = errors_.size();
    auto pension = settle(pending_pension_, true);
    auto medical = settle(pending_medical_, false);
    if (errors_.size() != errors_before) return;
    derive_simple(pension, deemed_, FieldId::kPensionScheme, FieldId::kPensionRegion, FieldId::kPensionMonthsPaid,
                  kPensionHistory);
    derive_simple(medical, {}, FieldId::kMedicalScheme, FieldId::kMedicalRegion, FieldId::kMedicalMonthsPaid,
                  kMedicalHistory);
    p_.set_pension_history(std::move(pension));
    p_.set_pension_deemed(std::move(deemed_));
    p_.set_medical_history(std::move(medical));
  }

  // The one-period fields from a history: the scheme and place of the latest period (for the
  // employee scheme, the latest period in a normal account: where the relation is) and the
  // months of that scheme, deemed months included. Given fields must agree on the months.
  void derive_simple(std::span<const ContributionPeriod> periods, std::span<const DeemedPeriod> deemed, FieldId scheme,
                     FieldId region, FieldId months, std::string_view path) {
    if (periods.empty() && deemed.empty()) return;
    const ContributionPeriod* latest = nullptr;
    for (const ContributionPeriod& p : periods)
      if (latest == nullptr || p.to > latest->to || (p.to == latest->to && !p.temporary)) latest = &p;
    const int latest_scheme = latest == nullptr || latest->scheme == RecordScheme::kEmployee ? enums::kSchemeEmployee
                                                                                             : enums::kSchemeResident;
    if (!given(scheme)) {
      set(scheme, latest_scheme);
      given_[index_of(scheme)] = true;
    }
    const int s = static_cast<int>(p_.get(scheme).value);
    if (s == enums::kSchemeNone) return;
    const RecordScheme want = s == enums::kSchemeEmployee ? RecordScheme::kEmployee : RecordScheme::kResident;
    const ContributionPeriod* place = nullptr;
    std::int64_t total = 0;
    for (const ContributionPeriod& p : periods) {
      if (p.scheme != want) continue;
      total += p.months();
      if (want == RecordScheme::kEmployee && p.temporary) continue;
      if (place == nullptr || p.to >= place->to) place = &p;
    }
    if (want == RecordScheme::kEmployee)
      for (const DeemedPeriod& d : deemed) total += d.months;
    // Employee medical months paid in two places at once count once (互认累计).
    if (path == kMedicalHistory && want == RecordScheme::kEmployee) {
      const YearMonth now = YearMonth::of(p_.as_of());
      total = medical_years(periods, now, now, 0, false).months_paid;
    }
    if (!given(region) && place != nullptr) {
      set(region, place->region.code());
      given_[index_of(region)] = true;
    }
    if (!given(months)) {
      set(months, total);
      given_[index_of(months)] = true;
    } else if (p_.get(months).value != total) {
      const std::string field(field_spec(months).path);
      error(field, "inconsistent",
            std::to_string(p_.get(months).value) + " months, but " + std::string(path) + " adds up to " +
                std::to_string(total) + "; leave it out or make them agree",
            std::to_string(p_.get(months).value) + " 个月，但 " + std::string(path) + " 合计 " +
                std::to_string(total) + " 个月；可以不填，或改成一致");
    }
  }

  void check_missing() {
    if (!given(FieldId::kAsOf)) {
      if (default_as_of_) {
        set(FieldId::kAsOf, default_as_of_->days());
      } else {
        error("as_of", "missing_field", "is required: the date the question is asked for",
              "必须填写：按哪一天的政策来回答");
      }
    }
    for (const auto& f : profile_schema()) {
      if (!f.required || given(f.id) || under_bad_group(f.path)) continue;
      error(f.path, "missing_field", "is required", "必须填写");
    }
  }

  void apply_defaults() {
    apply_profile_defaults(p_, given_, group_given("coverage.pension"), group_given("coverage.medical"));
  }

  void check_cross_fields() {
    const FieldValue& as_of = p_.get(FieldId::kAsOf);
    const FieldValue& birth = p_.get(FieldId::kBirth);
    if (as_of.known && birth.known) {
      const Date a = p_.as_of();
      const Date b = p_.birth();
      const std::string bt = date_text(b, birth.month_only);
      const std::string at = a.to_string();
      if (b > a) {
        error("person.birth", "birth_after_as_of", bt + " is after as_of (" + at + ")",
              bt + " 晚于 as_of（" + at + "）");
      } else if (months_between(b, a) >= kMaxAgeMonths) {
        error("person.birth", "invalid_date",
              bt + " gives an age over 120 on " + at + "; check the year",
              bt + " 算出来到 " + at + " 已超过 120 岁，请检查年份");
      }
    }

    const FieldValue& sex = p_.get(FieldId::kSex);
    if (p_.known(FieldId::kFemaleOriginalAge) && sex.known && sex.value == enums::kMale) {
      error("person.female_original_retirement_age", "not_applicable",
            "applies to women only, but person.sex is male",
            "只适用于女性，但 person.sex 是 male（男）");
    }

    const FieldValue& ps = p_.get(FieldId::kPensionScheme);
    const FieldValue& receiving = p_.get(FieldId::kPensionReceiving);
    if (receiving.known && receiving.value == 1 && ps.known && ps.value == enums::kSchemeNone) {
      error("coverage.pension.receiving", "inconsistent",
            "is true, but coverage.pension.scheme is none: say which scheme pays the pension",
            "是 true（已在领养老金），但 coverage.pension.scheme 是 "
            "none；请填写领取的是哪种养老保险");
    }

    const FieldValue& ms = p_.get(FieldId::kMedicalScheme);
    const FieldValue& retiree = p_.get(FieldId::kMedicalRetireeBenefits);
    if (retiree.known && retiree.value == 1 && ms.known && ms.value != enums::kSchemeEmployee) {
      error("coverage.medical.retiree_benefits", "inconsistent",
            "is true, but coverage.medical.scheme is not employee: retiree benefits exist only in "
            "employee medical insurance",
            "是 true，但 coverage.medical.scheme 不是 employee；退休人员待遇只有职工医保才有");
    }
  }

  std::optional<Date> default_as_of_;
  bool apply_defaults_ = true;
  Profile p_;
  std::vector<FieldError> errors_;
  std::array<bool, kFieldCount> given_{};
  std::vector<std::string> given_groups_;
  std::vector<std::string> bad_groups_;
  std::vector<PendingPeriod> pending_pension_;
  std::vector<PendingPeriod> pending_medical_;
  std::vector<DeemedPeriod> deemed_;
  bool history_bad_ = false;
};

}  // namespace

ProfileParse read_profile(const DocNode& root, std::optional<Date> default_as_of) {
  return Reader(default_as_of, true).run(root);
}

ProfileParse read_profile(const DocNode& root, std::optional<Date> default_as_of,
                          const ProfileReadOptions& options) {
  return Reader(default_as_of, options.apply_defaults).run(root);
}

void apply_profile_defaults(Profile& p, std::span<const bool, kFieldCount> given, bool pension_group_given,
                            bool medical_group_given) {
  auto default_to = [&](FieldId id, std::int64_t value) {
    if (given[index_of(id)]) return;
    FieldValue& v = p.at(id);
    v.known = true;
    v.month_only = false;
    v.value = value;
  };
  default_to(FieldId::kStudent, 0);
  default_to(FieldId::kPensionScheme, enums::kSchemeNone);
  default_to(FieldId::kMedicalScheme, enums::kSchemeNone);
  default_to(FieldId::kInjury, 0);
  if (!pension_group_given) {
    default_to(FieldId::kPensionMonthsPaid, 0);
    default_to(FieldId::kPensionReceiving, 0);
  }
  if (!medical_group_given) {
    default_to(FieldId::kMedicalMonthsPaid, 0);
    default_to(FieldId::kMedicalRetireeBenefits, 0);
  }
  // Nobody draws a pension from (or has retiree benefits in) a scheme they are not in.
  const FieldValue& ps = p.get(FieldId::kPensionScheme);
  if (ps.known && ps.value == enums::kSchemeNone) default_to(FieldId::kPensionReceiving, 0);
  const FieldValue& ms = p.get(FieldId::kMedicalScheme);
  if (ms.known && ms.value == enums::kSchemeNone) default_to(FieldId::kMedicalRetireeBenefits, 0);
}

}  // namespace shebao
