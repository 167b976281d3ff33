// shebao-baseline: the hand-written baseline of issue 6.
//
//   shebao-baseline IN.jsonl [--out OUT.jsonl | --out -] [--as-of YYYY-MM-DD]
//
// One thread. Reads JSONL profiles (as made by shebao-gen), parses each line with
// boost::json::parse, decides the nine schemes of the bundled packs (policies/cn, cn-530000,
// cn-530100, cn-530900) in plain C++ — no rule engine, no expression language, no policy files
// read at run time — and writes one line per input line, {"line":N,"result":{...}} or
// {"line":N,"errors":[...]}, built as boost::json::object/array and written with
// boost::json::serializer: the same wrapper, structure and roughly the same bytes as
// `shebao batch`.
//
// The static Chinese texts (reasons, steps, labels, citations, parameter warnings) are copied from
// the packs into baseline_texts.h by gen_baseline_texts.py; every decision, amount, region, need
// and warning choice is written out here by hand. The parameters are those in force on 2026-11-28
// (the benchmark's --as-of); another as_of changes ages and dates but not the parameter versions.
// This is a benchmark tool, not a second implementation of the policies: see
// tests/bench/compare_baseline.py for how far it agrees with the engine.
#include <algorithm>
#include <array>
#include <boost/json.hpp>
#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "baseline_texts.h"

namespace json = boost::json;

namespace {

using sv = std::string_view;
using bt::Ph;

// ---- dates -------------------------------------------------------------------------------------
struct Date {
  int y = 0, m = 0, d = 0;
};
bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }
int days_in_month(int y, int m) {
  static constexpr int k[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && leap(y) ? 29 : k[m - 1];
}
int ym(const Date& d) { return d.y * 12 + d.m - 1; }
bool before(const Date& a, const Date& b) {
  return a.y != b.y ? a.y < b.y : a.m != b.m ? a.m < b.m : a.d < b.d;
}
Date add_months(const Date& d, int n) {
  const int i = ym(d) + n;
  Date r{i / 12, i % 12 + 1, 0};
  r.d = std::min(d.d, days_in_month(r.y, r.m));
  return r;
}
int months_between(const Date& from, const Date& to) {
  if (before(to, from)) return -months_between(to, from);
  int n = ym(to) - ym(from);
  if (before(to, add_months(from, n))) --n;
  return n;
}
std::string date_text(const Date& d) {
  char b[48];
  std::snprintf(b, sizeof b, "%04d-%02d-%02d", d.y, d.m, d.d);
  return b;
}
std::string ym_text(int index) {
  char b[32];
  std::snprintf(b, sizeof b, "%04d-%02d", index / 12, index % 12 + 1);
  return b;
}
bool parse_date(sv s, Date& out, bool month_allowed, bool& month_only) {
  auto digits = [&](std::size_t from, std::size_t n) {
    int v = 0;
    for (std::size_t i = from; i < from + n; ++i) {
      if (s[i] < '0' || s[i] > '9') return -1;
      v = v * 10 + (s[i] - '0');
    }
    return v;
  };
  month_only = false;
  if (s.size() == 7 && month_allowed && s[4] == '-') {
    month_only = true;
  } else if (s.size() != 10 || s[4] != '-' || s[7] != '-') {
    return false;
  }
  const int y = digits(0, 4), m = digits(5, 2), d = month_only ? 1 : digits(8, 2);
  if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m)) return false;
  out = {y, m, d};
  return true;
}

// ---- money (fen) and decimals (micros), rounded half away from zero as the packs say ----------
std::int64_t mul(std::int64_t fen, std::int64_t micros) {
  const std::int64_t p = fen * micros;  // amounts and ratios here are far from overflowing
  const std::int64_t q = p / 1000000, r = p % 1000000;
  return q + (r >= 500000 ? 1 : r <= -500000 ? -1 : 0);
}
std::string fixed(std::int64_t v, int scale_digits, int min_decimals) {
  const bool neg = v < 0;
  std::uint64_t mag = neg ? 0 - static_cast<std::uint64_t>(v) : static_cast<std::uint64_t>(v);
  std::uint64_t scale = 1;
  for (int k = 0; k < scale_digits; ++k) scale *= 10;
  std::string frac(static_cast<std::size_t>(scale_digits), '0');
  std::uint64_t f = mag % scale;
  for (int k = scale_digits - 1; k >= 0; --k, f /= 10) frac[static_cast<std::size_t>(k)] = static_cast<char>('0' + f % 10);
  std::size_t keep = frac.size();
  while (keep > static_cast<std::size_t>(min_decimals) && frac[keep - 1] == '0') --keep;
  frac.resize(keep);
  std::string out = (neg ? "-" : "") + std::to_string(mag / scale);
  if (!frac.empty()) out += "." + frac;
  return out;
}
std::string yuan(std::int64_t fen) { return fixed(fen, 2, 2); }
std::string number(std::int64_t micros) { return fixed(micros, 6, 0); }
std::string months_zh(std::int64_t m) {
  std::string s = m < 0 ? "-" : "";
  if (m < 0) m = -m;
  const std::int64_t y = m / 12, r = m % 12;
  if (y) s += std::to_string(y) + "年";
  if (r || !y) s += std::to_string(r) + "个月";
  return s;
}

// ---- regions -----------------------------------------------------------------------------------
struct RegionName {
  std::uint32_t code;
  sv zh;
};
// GB/T 2260 names (copied from engine/src/core/region.cpp): provinces, Yunnan's prefectures and
// the counties of Kunming and Lincang. Sorted by code.
constexpr RegionName kRegions[] = {
    {110000, "北京市"}, {120000, "天津市"}, {130000, "河北省"}, {140000, "山西省"}, {150000, "内蒙古自治区"},
    {210000, "辽宁省"}, {220000, "吉林省"}, {230000, "黑龙江省"}, {310000, "上海市"}, {320000, "江苏省"},
    {330000, "浙江省"}, {340000, "安徽省"}, {350000, "福建省"}, {360000, "江西省"}, {370000, "山东省"},
    {410000, "河南省"}, {420000, "湖北省"}, {430000, "湖南省"}, {440000, "广东省"}, {450000, "广西壮族自治区"},
    {460000, "海南省"}, {500000, "重庆市"}, {510000, "四川省"}, {520000, "贵州省"}, {530000, "云南省"},
    {530100, "昆明市"}, {530102, "五华区"}, {530103, "盘龙区"}, {530111, "官渡区"}, {530112, "西山区"},
    {530113, "东川区"}, {530114, "呈贡区"}, {530115, "晋宁区"}, {530124, "富民县"}, {530125, "宜良县"},
    {530126, "石林彝族自治县"}, {530127, "嵩明县"}, {530128, "禄劝彝族苗族自治县"}, {530129, "寻甸回族彝族自治县"},
    {530181, "安宁市"}, {530300, "曲靖市"}, {530400, "玉溪市"}, {530500, "保山市"}, {530600, "昭通市"},
    {530700, "丽江市"}, {530800, "普洱市"}, {530900, "临沧市"}, {530902, "临翔区"}, {530921, "凤庆县"},
    {530922, "云县"}, {530923, "永德县"}, {530924, "镇康县"}, {530925, "双江拉祜族佤族布朗族傣族自治县"},
    {530926, "耿马傣族佤族自治县"}, {530927, "沧源佤族自治县"}, {532300, "楚雄彝族自治州"},
    {532500, "红河哈尼族彝族自治州"}, {532600, "文山壮族苗族自治州"}, {532800, "西双版纳傣族自治州"},
    {532900, "大理白族自治州"}, {533100, "德宏傣族景颇族自治州"}, {533300, "怒江傈僳族自治州"},
    {533400, "迪庆藏族自治州"}, {540000, "西藏自治区"}, {610000, "陕西省"}, {620000, "甘肃省"},
    {630000, "青海省"}, {640000, "宁夏回族自治区"}, {650000, "新疆维吾尔自治区"}, {710000, "台湾省"},
    {810000, "香港特别行政区"}, {820000, "澳门特别行政区"},
};
sv region_name(std::uint32_t code) {
  std::size_t lo = 0, hi = std::size(kRegions);
  while (lo < hi) {
    const std::size_t mid = (lo + hi) / 2;
    if (kRegions[mid].code < code) lo = mid + 1;
    else hi = mid;
  }
  return lo < std::size(kRegions) && kRegions[lo].code == code ? kRegions[lo].zh : sv();
}
std::string code_text(std::uint32_t c) {
  char b[16];
  std::snprintf(b, sizeof b, "%06u", c);
  return b;
}
std::string full_name(std::uint32_t code) {
  const std::uint32_t prov = code / 10000 * 10000, pref = code / 100 * 100;
  std::string out;
  if (prov != code) out += region_name(prov);
  if (pref != code && pref != prov) out += region_name(pref);
  const sv own = region_name(code);
  out += own.empty() ? code_text(code) : std::string(own);
  return out;
}
bool valid_region(std::uint32_t code) {
  const std::uint32_t p = code / 10000;
  return (p >= 11 && p <= 15) || (p >= 21 && p <= 23) || (p >= 31 && p <= 37) || (p >= 41 && p <= 46) ||
         (p >= 50 && p <= 54) || (p >= 61 && p <= 65) || p == 71 || p == 81 || p == 82;
}
std::uint32_t province(std::uint32_t c) { return c / 10000 * 10000; }
std::uint32_t prefecture(std::uint32_t c) { return c / 100 * 100; }
bool in_yunnan(std::uint32_t c) { return c / 10000 == 53; }

// ---- the profile -------------------------------------------------------------------------------
enum Rel { kEmployee, kPartTime, kPlatformManaged, kSelfEmployed, kDispatched, kOutsourced };
enum Scheme { kNone, kEmp, kRes };
constexpr sv kRelIds[] = {"employee", "part_time", "platform_managed", "self_employed", "dispatched", "outsourced"};
constexpr sv kIndustries[] = {"ride_hailing", "food_delivery", "instant_delivery", "same_city_freight",
                              "express_delivery", "trucking", "other"};
constexpr sv kSchemes[] = {"none", "employee", "resident"};
constexpr sv kInjuries[] = {"none", "work_injury", "occupational_injury"};

// Profile fields in the order of the engine's schema (the order of `needs`).
enum Field {
  fAsOf, fBirth, fSex, fFemaleOrig, fHukouRegion, fHukouKind, fStudent, fWorkRegion, fRelationship,
  fIndustry, fPlatform, fIncome, fPScheme, fPRegion, fPMonths, fPReceiving, fMScheme, fMRegion, fMMonths,
  fMRetiree, fBreakYears, fContinuousYears, fInjury, fRatio, fMedicalPlace, fGrade, kFieldCount
};
constexpr sv kFieldPaths[] = {
    "as_of", "person.birth", "person.sex", "person.female_original_retirement_age", "person.hukou.region",
    "person.hukou.kind", "person.student", "work.region", "work.relationship", "work.industry", "work.platform",
    "work.monthly_income", "coverage.pension.scheme", "coverage.pension.region", "coverage.pension.months_paid",
    "coverage.pension.receiving", "coverage.medical.scheme", "coverage.medical.region",
    "coverage.medical.months_paid", "coverage.medical.retiree_benefits", "coverage.medical.break_years",
    "coverage.medical.continuous_years", "coverage.injury", "choices.pension_base_ratio",
    "choices.medical_place", "choices.resident_pension_grade"};
using Needs = std::uint32_t;
constexpr Needs bit(Field f) { return 1u << f; }

struct Profile {
  Date as_of, birth;
  bool female = false;
  int f_orig = 0;  // 0 unknown, 50, 55
  std::uint32_t hukou = 0, work = 0;
  bool student = false;
  int rel = 0;
  int industry = -1;  // -1 unknown
  std::string platform;
  bool platform_known = false;
  std::int64_t income = -1;  // fen
  int pscheme = kNone;
  std::uint32_t pregion = 0;  // 0 unknown
  int pmonths = -1;
  int preceiving = -1;  // -1 unknown
  int mscheme = kNone;
  std::uint32_t mregion = 0;
  int mretiree = -1;
  int break_years = -1;
  std::int64_t ratio = -1;  // micros
  int medical_place = -1;   // 0 hukou, 1 work
  std::int64_t grade = -1;  // fen
};

struct FieldError {
  std::string path, code, message;
};

class Reader {
 public:
  Reader(const Date& default_as_of, std::vector<FieldError>& errors) : as_of_(default_as_of), errors_(errors) {}

  bool read(const json::value& root, Profile& p) {
    if (!root.is_object()) {
      err("(line)", "json-syntax", "JSONL 文件的每一行应是一个 JSON 对象");
      return false;
    }
    bool birth = false, sex = false, hukou = false, work = false, rel = false;
    bool pension_group = false, medical_group = false;
    for (const auto& kv : root.as_object()) {
      const sv k = kv.key();
      const json::value& v = kv.value();
      if (k == "as_of") {
        bool mo = false;
        if (const sv* s = text("as_of", v)) {
          if (!parse_date(*s, as_of_, false, mo)) err("as_of", "invalid_date", "“" + std::string(*s) + "”不是日期，请写成 年-月-日，例如 2026-11-28");
        }
      } else if (k == "person") {
        for (const auto& e : group("person", v)) {
          const sv f = e.key();
          if (f == "birth") {
            bool mo = false;
            if (const sv* s = text("person.birth", e.value())) {
              if (parse_date(*s, p.birth, true, mo)) birth = true;
              else err("person.birth", "invalid_date", "“" + std::string(*s) + "”不是日期，请写成 年-月 或 年-月-日，例如 1992-03");
            }
          } else if (f == "sex") {
            const int i = enum_of("person.sex", e.value(), {"male", "female"});
            if (i >= 0) p.female = i == 1, sex = true;
          } else if (f == "female_original_retirement_age") {
            std::int64_t n = 0;
            if (integer("person.female_original_retirement_age", e.value(), n)) {
              if (n == 50 || n == 55) p.f_orig = static_cast<int>(n);
              else err("person.female_original_retirement_age", "out_of_range", "“" + std::to_string(n) + "”不可用；只能是 50 或 55");
            }
          } else if (f == "hukou") {
            for (const auto& h : group("person.hukou", e.value())) {
              if (h.key() == "region") hukou = region("person.hukou.region", h.value(), p.hukou);
              else if (h.key() == "kind") enum_of("person.hukou.kind", h.value(), {"urban", "rural"});
              else unknown("person.hukou", h.key(), "region, kind");
            }
          } else if (f == "student") {
            boolean("person.student", e.value(), p.student);
          } else {
            unknown("person", f, "birth, sex, female_original_retirement_age, hukou, student");
          }
        }
      } else if (k == "work") {
        for (const auto& e : group("work", v)) {
          const sv f = e.key();
          if (f == "region") work = region("work.region", e.value(), p.work);
          else if (f == "relationship") {
            const int i = enum_of("work.relationship", e.value(), kRelIds);
            if (i >= 0) p.rel = i, rel = true;
          } else if (f == "industry") p.industry = enum_of("work.industry", e.value(), kIndustries);
          else if (f == "platform") {
            if (const sv* s = text("work.platform", e.value())) {
              bool ok = !s->empty() && s->size() <= 40;
              for (char c : *s) ok = ok && ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_');
              if (ok) p.platform.assign(*s), p.platform_known = true;
              else err("work.platform", "invalid_platform", "“" + std::string(*s) + "”不是平台代号；请用 1 到 40 个小写英文字母、数字或下划线，例如 meituan");
            }
          } else if (f == "monthly_income") money("work.monthly_income", e.value(), p.income);
          else unknown("work", f, "region, relationship, industry, platform, monthly_income");
        }
      } else if (k == "coverage") {
        for (const auto& e : group("coverage", v)) {
          const sv f = e.key();
          if (f == "pension" || f == "medical") {
            const bool pen = f == "pension";
            (pen ? pension_group : medical_group) = true;
            const std::string base = std::string("coverage.") + std::string(f);
            for (const auto& c : group(base, e.value())) {
              const sv g = c.key();
              if (g == "scheme") {
                const int i = enum_of(base + ".scheme", c.value(), kSchemes);
                if (i >= 0) (pen ? p.pscheme : p.mscheme) = i;
              } else if (g == "region") region(base + ".region", c.value(), pen ? p.pregion : p.mregion);
              else if (g == "months_paid") {
                std::int64_t n = 0;
                if (count(base + ".months_paid", c.value(), n) && pen) p.pmonths = static_cast<int>(n);
              } else if (pen && g == "receiving") {
                bool b = false;
                if (boolean(base + ".receiving", c.value(), b)) p.preceiving = b;
              } else if (!pen && g == "retiree_benefits") {
                bool b = false;
                if (boolean(base + ".retiree_benefits", c.value(), b)) p.mretiree = b;
              } else if (!pen && g == "break_years") {
                std::int64_t n = 0;
                if (count(base + ".break_years", c.value(), n)) p.break_years = static_cast<int>(n);
              } else if (!pen && g == "continuous_years") {
                std::int64_t n = 0;
                count(base + ".continuous_years", c.value(), n);
              } else {
                unknown(base, g, pen ? "scheme, region, months_paid, receiving"
                                     : "scheme, region, months_paid, retiree_benefits, break_years, continuous_years");
              }
            }
          } else if (f == "injury") {
            enum_of("coverage.injury", e.value(), kInjuries);
          } else {
            unknown("coverage", f, "pension, medical, injury");
          }
        }
      } else if (k == "choices") {
        for (const auto& e : group("choices", v)) {
          const sv f = e.key();
          if (f == "pension_base_ratio") {
            if (e.value().is_number()) {
              const double d = e.value().to_number<double>();
              if (d <= 0 || d > 10) err("choices.pension_base_ratio", "out_of_range", "超出范围；比例应大于 0 且不超过 10");
              else p.ratio = std::llround(d * 1e6);
            } else {
              err("choices.pension_base_ratio", "invalid_type", "应为数字");
            }
          } else if (f == "medical_place") {
            p.medical_place = enum_of("choices.medical_place", e.value(), {"hukou", "work"});
          } else if (f == "resident_pension_grade") {
            money("choices.resident_pension_grade", e.value(), p.grade);
          } else {
            unknown("choices", f, "pension_base_ratio, medical_place, resident_pension_grade");
          }
        }
      } else if (k != "extra") {
        unknown("", k, "as_of, person, work, coverage, choices, extra");
      }
    }
    p.as_of = as_of_;
    if (!birth && !bad("person.birth")) err("person.birth", "missing_field", "必须填写");
    if (!sex && !bad("person.sex")) err("person.sex", "missing_field", "必须填写");
    if (!hukou && !bad("person.hukou.region")) err("person.hukou.region", "missing_field", "必须填写");
    if (!work && !bad("work.region")) err("work.region", "missing_field", "必须填写");
    if (!rel && !bad("work.relationship")) err("work.relationship", "missing_field", "必须填写");
    // Defaults (PROFILE.md): no cover given means none, nothing paid, not receiving.
    if (!pension_group) p.pmonths = 0, p.preceiving = 0;
    if (!medical_group) p.mretiree = 0;
    if (p.pscheme == kNone && p.preceiving < 0) p.preceiving = 0;
    if (p.mscheme == kNone && p.mretiree < 0) p.mretiree = 0;
    if (!errors_.empty()) return false;
    if (before(p.as_of, p.birth)) {
      err("person.birth", "birth_after_as_of", date_text(p.birth).substr(0, 7) + " 晚于 as_of（" + date_text(p.as_of) + "）");
    } else if (months_between(p.birth, p.as_of) >= 120 * 12) {
      err("person.birth", "invalid_date", "算出来已超过 120 岁，请检查年份");
    }
    if (p.f_orig && !p.female) err("person.female_original_retirement_age", "not_applicable", "只适用于女性，但 person.sex 是 male（男）");
    if (p.preceiving == 1 && p.pscheme == kNone) err("coverage.pension.receiving", "inconsistent", "是 true（已在领养老金），但 coverage.pension.scheme 是 none；请填写领取的是哪种养老保险");
    if (p.mretiree == 1 && p.mscheme != kEmp) err("coverage.medical.retiree_benefits", "inconsistent", "是 true，但 coverage.medical.scheme 不是 employee；退休人员待遇只有职工医保才有");
    // Policy constraints (cn/constraints.yaml, cn-530000/constraints.yaml).
    if (p.ratio >= 0 && (p.ratio < 600000 || p.ratio > 3000000))
      err("choices.pension_base_ratio", "policy_constraint", "灵活就业人员职工养老保险的缴费基数只能在上年度全省全口径城镇单位就业人员平均工资的60%至300%之间选择（写成0.6至3）。");
    if (p.grade >= 0 && in_yunnan(p.hukou) && !resident_grade_subsidy(p.grade))
      err("choices.resident_pension_grade", "policy_constraint", "城乡居民养老保险只能按云南省规定的缴费档次缴费（2026年起最低300元、最高10000元；2023—2025年为200元至9000元共18档），请填写其中一个档次的年缴费额。");
    return errors_.empty();
  }

  // Yunnan's 2026 grades (fen) -> government subsidy (fen); 0 when the grade does not exist.
  static std::int64_t resident_grade_subsidy(std::int64_t grade) {
    static constexpr std::int64_t k[][2] = {{30000, 3500}, {40000, 4000}, {50000, 6000}, {60000, 7200}, {70000, 8400},
                                            {80000, 9600}, {90000, 10800}, {100000, 12000}, {150000, 18000},
                                            {200000, 24000}, {300000, 24000}, {400000, 24000}, {500000, 24000},
                                            {600000, 24000}, {700000, 24000}, {800000, 24000}, {900000, 24000},
                                            {1000000, 24000}};
    for (const auto& g : k)
      if (g[0] == grade) return g[1];
    return 0;
  }

 private:
  void err(std::string path, std::string code, std::string message) {
    errors_.push_back({std::move(path), std::move(code), std::move(message)});
  }
  bool bad(sv path) const {
    for (const auto& e : errors_)
      if (e.path == path) return true;
    return false;
  }
  void unknown(sv base, sv key, sv allowed) {
    err(base.empty() ? std::string(key) : std::string(base) + "." + std::string(key), "unknown_field",
        "未知字段；这里可以写：" + std::string(allowed));
  }
  const json::object& group(const std::string& path, const json::value& v) {
    static const json::object empty;
    if (v.is_object()) return v.as_object();
    err(path, "invalid_type", "应为一组字段（映射）");
    return empty;
  }
  const sv* text(const std::string& path, const json::value& v) {
    if (v.is_string()) {
      tmp_ = v.as_string();
      return &tmp_;
    }
    err(path, "invalid_type", "应为文字");
    return nullptr;
  }
  int enum_of(const std::string& path, const json::value& v, std::span<const sv> values) {
    const sv* s = text(path, v);
    if (!s) return -1;
    for (std::size_t i = 0; i < values.size(); ++i)
      if (values[i] == *s) return static_cast<int>(i);
    std::string all;
    for (std::size_t i = 0; i < values.size(); ++i) all += (i ? "、" : "") + std::string(values[i]);
    err(path, "invalid_enum", "“" + std::string(*s) + "”不是可选值；可选：" + all);
    return -1;
  }
  int enum_of(const std::string& path, const json::value& v, std::initializer_list<sv> values) {
    return enum_of(path, v, std::span<const sv>(values.begin(), values.size()));
  }
  bool region(const std::string& path, const json::value& v, std::uint32_t& out) {
    const sv* s = text(path, v);
    if (!s) return false;
    std::uint32_t code = 0;
    bool ok = s->size() == 6;
    for (char c : *s) {
      ok = ok && c >= '0' && c <= '9';
      code = code * 10 + static_cast<std::uint32_t>(c - '0');
    }
    if (!ok || !valid_region(code)) {
      err(path, "invalid_region", "“" + std::string(*s) + "”不是行政区划代码；请填县（区）的六位代码，例如 \"530902\"");
      return false;
    }
    out = code;
    return true;
  }
  bool boolean(const std::string& path, const json::value& v, bool& out) {
    if (v.is_bool()) {
      out = v.as_bool();
      return true;
    }
    err(path, "invalid_type", "应为 true 或 false");
    return false;
  }
  bool integer(const std::string& path, const json::value& v, std::int64_t& out) {
    if (v.is_int64()) out = v.as_int64();
    else if (v.is_uint64()) out = static_cast<std::int64_t>(v.as_uint64());
    else {
      err(path, "invalid_number", "不是整数");
      return false;
    }
    return true;
  }
  bool count(const std::string& path, const json::value& v, std::int64_t& out) {
    if (!integer(path, v, out)) return false;
    if (out < 0) {
      err(path, "negative_value", "“" + std::to_string(out) + "”是负数；不能小于 0");
      return false;
    }
    return true;
  }
  void money(const std::string& path, const json::value& v, std::int64_t& out) {
    if (!v.is_number()) {
      err(path, "invalid_number", "不是数字；请填元数，例如 5200");
      return;
    }
    const double d = v.to_number<double>();
    if (d < 0) {
      err(path, "negative_value", "是负数；金额不能小于 0");
      return;
    }
    out = std::llround(d * 100);
  }

  Date as_of_;
  std::vector<FieldError>& errors_;
  sv tmp_;
};

// ---- parameters used (for parameter_unverified / _provisional) and missing (no_local_parameters) --
struct ParamVersion {
  sv subject, unverified, provisional;  // empty texts: verified / not renewed yearly
};
constexpr ParamVersion kAvgWageYn{"avg_wage_monthly", bt::PU_avg_wage_monthly__cn_530000__all__2025_01_01,
                                  bt::PP_avg_wage_monthly__cn_530000__all__2025_01_01};
constexpr ParamVersion kFloorYn{"pension_base_floor_ratio", bt::PU_pension_base_floor_ratio__cn_530000__all__2021_01_01, {}};
constexpr ParamVersion kFloorCn{"pension_base_floor_ratio", bt::PU_pension_base_floor_ratio__cn__all__2019_05_01, {}};
constexpr ParamVersion kCapCn{"pension_base_cap_ratio", bt::PU_pension_base_cap_ratio__cn__all__2019_05_01, {}};
constexpr ParamVersion kRateCn{"pension_flexible_rate", bt::PU_pension_flexible_rate__cn__all__2019_05_01, {}};
constexpr ParamVersion kAccountCn{"pension_personal_account_rate", bt::PU_pension_personal_account_rate__cn__all__2019_05_01, {}};
constexpr ParamVersion kLowestGradeYn{"resident_pension_lowest_grade", bt::PU_resident_pension_lowest_grade__cn_530000__all__2026_01_01, {}};
constexpr ParamVersion kSubsidyYn{"resident_pension_subsidy", bt::PU_resident_pension_subsidy__cn_530000__all__2026_01_01, {}};
constexpr ParamVersion kMedIndividual{"resident_medical_individual", bt::PU_resident_medical_individual__cn__all__2026_01_01, {}};
constexpr ParamVersion kMedSubsidy{"resident_medical_subsidy", bt::PU_resident_medical_subsidy__cn__all__2026_01_01, {}};
constexpr ParamVersion kIncentiveAfter{"resident_medical_incentive_after_years", bt::PU_resident_medical_incentive_after_years__cn__all__2025_01_01, {}};
constexpr ParamVersion kIncentiveRaise{"resident_medical_incentive_min_raise", bt::PU_resident_medical_incentive_min_raise__cn__all__2025_01_01, {}};
constexpr ParamVersion kIncentiveShare{"resident_medical_incentive_cap_share", bt::PU_resident_medical_incentive_cap_share__cn__all__2025_01_01, {}};
constexpr ParamVersion kLongBreak{"resident_medical_long_break_years", bt::PU_resident_medical_long_break_years__cn__all__2025_01_01, {}};
constexpr ParamVersion kFloorLongBreak{"resident_medical_waiting_floor_long_break", bt::PU_resident_medical_waiting_floor_long_break__cn__all__2025_01_01, {}};
constexpr ParamVersion kMinWageMonthly{"min_wage_monthly_by_class", bt::PU_min_wage_monthly_by_class__cn_530000__all__2024_10_01, {}};
constexpr ParamVersion kMinWageHourly{"min_wage_hourly_by_class", bt::PU_min_wage_hourly_by_class__cn_530000__all__2024_10_01, {}};
constexpr ParamVersion kPartTimeHours{"part_time_max_hours_per_month", bt::PU_part_time_max_hours_per_month__cn__all__2008_01_01, {}};
constexpr ParamVersion kGapBackpay{"medical_gap_backpay_months", bt::PU_medical_gap_backpay_months__cn__all__2021_11_01, {}};
constexpr ParamVersion kGapWaiting{"medical_gap_waiting_max", bt::PU_medical_gap_waiting_max__cn__all__2021_11_01, {}};
constexpr ParamVersion kSwitchMin{"medical_switch_min_continuous", bt::PU_medical_switch_min_continuous__cn__all__2021_11_01, {}};
// min_wage_class, one version per county or city value.
constexpr ParamVersion kClassKm{"min_wage_class", bt::PU_min_wage_class__cn_530100__all__2015_09_01, {}};
constexpr ParamVersion kClassKm530102{"min_wage_class", bt::PU_min_wage_class__cn_530100__530102__2015_09_01, {}};
constexpr ParamVersion kClassKm530103{"min_wage_class", bt::PU_min_wage_class__cn_530100__530103__2015_09_01, {}};
constexpr ParamVersion kClassKm530111{"min_wage_class", bt::PU_min_wage_class__cn_530100__530111__2015_09_01, {}};
constexpr ParamVersion kClassKm530112{"min_wage_class", bt::PU_min_wage_class__cn_530100__530112__2015_09_01, {}};
constexpr ParamVersion kClassKm530114{"min_wage_class", bt::PU_min_wage_class__cn_530100__530114__2015_09_01, {}};
constexpr ParamVersion kClassKm530127{"min_wage_class", bt::PU_min_wage_class__cn_530100__530127__2015_09_01, {}};
constexpr ParamVersion kClassKm530181{"min_wage_class", bt::PU_min_wage_class__cn_530100__530181__2015_09_01, {}};
constexpr ParamVersion kClassLc{"min_wage_class", bt::PU_min_wage_class__cn_530900__all__2015_09_01, {}};
constexpr ParamVersion kClassLc530902{"min_wage_class", bt::PU_min_wage_class__cn_530900__530902__2015_09_01, {}};

enum class Missing { kAvgWage, kMedBaseRatio, kMedRate, kLowestGrade, kResSubsidy, kPilotStart, kMinWageClass };
sv missing_label(Missing m) {
  switch (m) {
    case Missing::kAvgWage: return bt::PL_avg_wage_monthly;
    case Missing::kMedBaseRatio: return bt::PL_medical_flexible_base_ratio;
    case Missing::kMedRate: return bt::PL_medical_flexible_rate;
    case Missing::kLowestGrade: return bt::PL_resident_pension_lowest_grade;
    case Missing::kResSubsidy: return bt::PL_resident_pension_subsidy;
    case Missing::kPilotStart: return bt::PL_occupational_pilot_start;
    case Missing::kMinWageClass: return bt::PL_min_wage_class;
  }
  return {};
}
sv missing_subject(Missing m) {
  switch (m) {
    case Missing::kAvgWage: return "avg_wage_monthly";
    case Missing::kMedBaseRatio: return "medical_flexible_base_ratio";
    case Missing::kMedRate: return "medical_flexible_rate";
    case Missing::kLowestGrade: return "resident_pension_lowest_grade";
    case Missing::kResSubsidy: return "resident_pension_subsidy";
    case Missing::kPilotStart: return "occupational_pilot_start";
    case Missing::kMinWageClass: return "min_wage_class";
  }
  return {};
}

// The occupational-injury pilot start by province (policies/cn/parameters/occupational-injury.yaml),
// as a date in force on 2026-11-28; {0,0,0} when unknown (Yunnan and others).
Date pilot_start(std::uint32_t work) {
  switch (province(work)) {
    case 110000: case 310000: case 320000: case 440000: case 460000: case 500000: case 510000:
      return {2022, 7, 1};
    case 120000: case 130000: case 210000: case 330000: case 340000: case 350000: case 370000:
    case 420000: case 450000: case 640000:
      return {2025, 7, 1};
    case 520000: case 220000:  // Guizhou (notice of 2025-12-31), Jilin (draft, from 2026-07-01)
      return {2026, 7, 1};
    default:
      return {};
  }
}
bool pilot_platform(const Profile& p) {
  static constexpr sv k[] = {"caocao", "didi", "meituan", "eleme", "dada", "shansong", "sf_intra_city",
                             "huolala", "kuaigou", "didi_freight", "manbang"};
  for (sv s : k)
    if (s == p.platform) return true;
  return false;
}

// ---- tri-state logic (true / false / unknown), as the packs' expressions -------------------------
enum T : std::int8_t { F = 0, Tr = 1, U = 2 };
T tb(bool b) { return b ? Tr : F; }
T and_(T a, T b) { return a == F || b == F ? F : (a == U || b == U ? U : Tr); }
T or_(T a, T b) { return a == Tr || b == Tr ? Tr : (a == U || b == U ? U : F); }
T not_(T a) { return a == U ? U : (a == Tr ? F : Tr); }

// ---- evaluation --------------------------------------------------------------------------------
struct Retirement {
  bool known = false;
  int age = 0, original = 0, delay = 0, min_contribution = 0;
  int date = 0;  // YearMonth index
  int earliest = 0, latest = 0;
  bool defaulted = false;  // women's original age from the pack default
};

using Span = std::span<const bt::Part>;

class Evaluator {
 public:
  Evaluator(const Profile& p, json::storage_ptr sp) : p_(p), sp_(std::move(sp)) {}

  json::object run();

 private:
  // ---- helpers --------------------------------------------------------------------------------
  void use(const ParamVersion& v) {
    for (const ParamVersion* u : used_)
      if (u == &v) return;
    used_.push_back(&v);
  }
  void miss(Missing m, std::uint32_t region) {
    for (const auto& x : missing_)
      if (x.first == m && x.second == region) return;
    missing_.emplace_back(m, region);
  }
  bool age_at_least(int months) const { return age_ >= months; }
  bool flexible_rel() const { return p_.rel == kPartTime || p_.rel == kPlatformManaged || p_.rel == kSelfEmployed; }
  bool labour_rel() const { return p_.rel == kEmployee || p_.rel == kOutsourced || p_.rel == kDispatched; }
  bool receiving() const { return p_.preceiving == 1; }
  bool retiree() const { return p_.mretiree == 1; }
  std::uint32_t medical_place_region() const { return p_.medical_place == 0 ? p_.hukou : p_.work; }
  // `age >= 50y and age >= retirement.age`
  T past_retirement() const { return and_(tb(age_ >= 600), ret_.known ? tb(age_ >= ret_.age) : U); }
  Date ret_date() const { return {ret_.date / 12, ret_.date % 12 + 1, 1}; }
  // Yunnan's average wage at a region, or -1 (withheld) elsewhere.
  std::int64_t avg_wage(std::uint32_t region) {
    if (in_yunnan(region)) {
      use(kAvgWageYn);
      return 726300;
    }
    miss(Missing::kAvgWage, region);
    return -1;
  }
  std::int64_t min_wage_class(std::uint32_t work) {
    if (prefecture(work) == 530100) {
      switch (work) {
        case 530102: use(kClassKm530102); return 1;
        case 530103: use(kClassKm530103); return 1;
        case 530111: use(kClassKm530111); return 1;
        case 530112: use(kClassKm530112); return 1;
        case 530114: use(kClassKm530114); return 1;
        case 530127: use(kClassKm530127); return 1;
        case 530181: use(kClassKm530181); return 1;
        default: use(kClassKm); return 2;
      }
    }
    if (prefecture(work) == 530900) {
      if (work == 530902) {
        use(kClassLc530902);
        return 2;
      }
      use(kClassLc);
      return 3;
    }
    miss(Missing::kMinWageClass, work);
    return -1;
  }

  std::string render(Span parts) {
    std::string out;
    for (const auto& part : parts) {
      switch (part.ph) {
        case Ph::kLit: out += part.lit; break;
        case Ph::kWorkRegion: out += full_name(p_.work); break;
        case Ph::kHukouRegion: out += full_name(p_.hukou); break;
        case Ph::kPensionRegion: out += p_.pregion ? full_name(p_.pregion) : "未知"; break;
        case Ph::kMedicalRegion: out += p_.mregion ? full_name(p_.mregion) : "未知"; break;
        case Ph::kPensionMonthsPaid: out += p_.pmonths >= 0 ? months_zh(p_.pmonths) : "未知"; break;
        case Ph::kIncome: out += p_.income >= 0 ? yuan(p_.income) : "未知"; break;
        case Ph::kRetDate: out += ret_.known ? date_text(ret_date()) : "未知"; break;
        case Ph::kRetAge: out += ret_.known ? months_zh(ret_.age) : "未知"; break;
        case Ph::kRetOriginalAge: out += ret_.known ? months_zh(ret_.original) : "未知"; break;
        case Ph::kRetMinContribution: out += ret_.known ? months_zh(ret_.min_contribution) : "未知"; break;
        case Ph::kAvgWage: {
          const std::int64_t a = avg_wage(enrol_ ? enrol_ : p_.work);
          out += a >= 0 ? yuan(a) : "未知";
          break;
        }
        case Ph::kLinkMinYears: out += "15年"; break;
        case Ph::kPilotStart: out += date_text(pilot_start(p_.work)); break;
        case Ph::kPooledRate: out += "0.12"; break;
        case Ph::kClaimPlaceYears: out += "10年"; break;
        case Ph::kGapBackpay: use(kGapBackpay); out += "3个月"; break;
        case Ph::kGapWaitingMax: use(kGapWaiting); out += "6个月"; break;
        case Ph::kSwitchMinContinuous: use(kSwitchMin); out += "2年"; break;
        case Ph::kMinWageClass: out += std::to_string(min_wage_class(p_.work)); break;
        case Ph::kMinWageMonthly: {
          use(kMinWageMonthly);
          static constexpr sv k[] = {"", "2070.00", "1920.00", "1770.00"};
          out += k[min_wage_class(p_.work)];
          break;
        }
        case Ph::kMinWageHourly: {
          use(kMinWageHourly);
          static constexpr sv k[] = {"", "20.00", "19.00", "18.00"};
          out += k[min_wage_class(p_.work)];
          break;
        }
        case Ph::kPartTimeMonthlyMin: {
          use(kPartTimeHours);
          use(kMinWageHourly);
          static constexpr sv k[] = {"", "2080.00", "1976.00", "1872.00"};
          out += k[min_wage_class(p_.work)];
          break;
        }
        case Ph::kBaseRatio: out += number(p_.ratio >= 0 ? p_.ratio : 600000); break;
        case Ph::kMedicalRegionOrHukou: out += full_name(p_.mregion ? p_.mregion : p_.hukou); break;
        case Ph::kMedicalPlaceRegion: out += full_name(medical_place_region()); break;
        case Ph::kIfRatioKnown:
          out += p_.ratio >= 0 ? "下面按您选的基数比例估算。" : "您没有选缴费基数，下面按最低的60%估算。";
          break;
        case Ph::kIfGradeKnown: out += p_.grade >= 0 ? "按您选的档次估算。" : "您没有选档次，按最低档次估算。"; break;
        case Ph::kIfMedicalPlaceHukou:
          out += p_.medical_place == 0 ? "按您的选择，这里按户籍地说明。" : "这里按就业地说明。";
          break;
        case Ph::kIfResidentWantsWork:
          if (p_.medical_place != 0 && p_.mregion && prefecture(p_.mregion) != prefecture(p_.work))
            out += "您想在就业地参保：一般在新参保地参加下一年度居民医保，再办理转移接续。";
          break;
        case Ph::kIfMale50: out += p_.female ? "女性已满40周岁" : "男性已满50周岁"; break;
        case Ph::kIfLabourSwitch:
          out += labour_rel() ? "您有劳动合同，应由单位为您参加职工医保，原来的居民医保要转为职工医保。"
                              : "您可以在职工医保和居民医保之间转换（因就业等情况变化）。";
          break;
      }
    }
    return out;
  }

  json::array cites(std::span<const bt::Cite> cs) {
    json::array a(sp_);
    a.reserve(cs.size());
    for (const auto& c : cs) {
      json::object o(sp_);
      o.emplace("document", c.document);
      o.emplace("article", c.article);
      a.emplace_back(std::move(o));
    }
    return a;
  }
  json::object amounts(std::int64_t personal, std::int64_t employer) {
    json::object o(sp_);
    o.emplace("personal", yuan(personal));
    o.emplace("employer", yuan(employer));
    o.emplace("total", yuan(personal + employer));
    return o;
  }
  void detail(json::array& details, const bt::Detail& d, std::string value) {
    json::object o(sp_);
    o.emplace("id", d.id);
    o.emplace("label", d.label);
    o.emplace("value", std::move(value));
    o.emplace("unit", d.unit);
    details.emplace_back(std::move(o));
  }
  void warning(sv code, std::string text, sv subject) {
    for (const auto& w : warnings_)
      if (w.code == code && w.subject == subject && w.text == text) return;
    warnings_.push_back({code, std::move(text), subject});
  }

  // One scheme's answer, filled by the decide_* functions.
  struct SchemeOut {
    sv id, name, status, channel;
    std::uint32_t enrol = 0;
    bool determined = true;
    Needs needs = 0;
    sv rule;
    std::string text;
    std::span<const bt::Cite> cites;
    std::vector<sv> alternatives;
    json::object contribution;
    bool has_contribution = false;
    json::array details;
  };
  SchemeOut scheme(sv id, sv name) {
    SchemeOut s{id, name, {}, {}, 0, true, 0, {}, {}, {}, {}, json::object(sp_), false, json::array(sp_)};
    return s;
  }
  template <class R>
  void fire(SchemeOut& s, sv status, sv channel, std::uint32_t enrol, std::initializer_list<sv> alternatives) {
    s.status = status;
    s.channel = channel;
    s.enrol = enrol;
    enrol_ = enrol;
    s.rule = R::id;
    s.text = render(R::text);
    s.cites = R::cites;
    s.alternatives.assign(alternatives.begin(), alternatives.end());
  }
  json::object scheme_json(SchemeOut& s) {
    json::object o(sp_);
    o.reserve(11);
    o.emplace("id", s.id);
    o.emplace("status", s.status);
    if (!s.channel.empty()) o.emplace("channel", s.channel);
    if (s.enrol) {
      o.emplace("enrol_region", code_text(s.enrol));
      o.emplace("enrol_region_name", full_name(s.enrol));
    }
    o.emplace("name", s.name);
    o.emplace("determined", s.determined);
    json::array reasons(sp_);
    json::object r(sp_);
    r.emplace("rule", s.rule);
    r.emplace("text", std::move(s.text));
    r.emplace("citations", cites(s.cites));
    reasons.emplace_back(std::move(r));
    o.emplace("reasons", std::move(reasons));
    if (s.has_contribution) o.emplace("contribution", std::move(s.contribution));
    json::array alts(sp_);
    for (sv a : s.alternatives) alts.emplace_back(a);
    o.emplace("alternatives", std::move(alts));
    o.emplace("details", std::move(s.details));
    if (s.needs) o.emplace("needs", needs_json(s.needs));
    return o;
  }
  json::array needs_json(Needs n) {
    json::array a(sp_);
    for (int f = 0; f < kFieldCount; ++f)
      if (n & (1u << f)) a.emplace_back(kFieldPaths[f]);
    return a;
  }

  // ---- the parts of the answer ------------------------------------------------------------------
  void retirement();
  void pension_flexible_contribution(SchemeOut& s, std::uint32_t region, bool options, std::span<const bt::Detail> d);
  SchemeOut pension_employee();
  SchemeOut pension_resident();
  SchemeOut medical_employee();
  SchemeOut medical_resident();
  SchemeOut injury_work();
  SchemeOut injury_occupational();
  SchemeOut unemployment();
  SchemeOut commercial(bool accident);
  void checks();
  void transfers(json::array& out);
  json::object outlook();

  const Profile& p_;
  json::storage_ptr sp_;
  int age_ = 0;
  Retirement ret_;
  Needs needs_ = 0;
  std::uint32_t enrol_ = 0;
  std::vector<const ParamVersion*> used_;
  std::vector<std::pair<Missing, std::uint32_t>> missing_;
  struct Warning {
    sv code;
    std::string text;
    sv subject;
  };
  std::vector<Warning> warnings_;
};

// policies/cn/retirement.yaml: the stepped delay of the 2024 reform.
void Evaluator::retirement() {
  int original = 60, first = 1965 * 12, step = 4, max_delay = 36;
  if (p_.female) {
    int o = p_.f_orig;
    if (!o) {
      needs_ |= bit(fFemaleOrig);
      if (!flexible_rel()) return;  // employees: worker 50 or cadre 55, only they can say
      o = 55;
      ret_.defaulted = true;
      warning("parameter_unverified", std::string(bt::kFemaleDefaultWarning), "person.female_original_retirement_age");
    }
    if (o == 55) original = 55, first = 1970 * 12, step = 4, max_delay = 36;
    else original = 50, first = 1975 * 12, step = 2, max_delay = 60;
  }
  const int k = ym(p_.birth) - first;
  ret_.known = true;
  ret_.original = original * 12;
  ret_.delay = k < 0 ? 0 : std::min(k / step + 1, max_delay);
  ret_.age = ret_.original + ret_.delay;
  ret_.date = ym(p_.birth) + ret_.age;
  const int year = ret_.date / 12;
  ret_.min_contribution = year < 2030 ? 180 : std::min(180 + (year - 2030 + 1) * 6, 240);
  ret_.earliest = std::max(ym(p_.birth) + ret_.original, ret_.date - 36);
  ret_.latest = ret_.date + 36;
}

void Evaluator::pension_flexible_contribution(SchemeOut& s, std::uint32_t region, bool options,
                                              std::span<const bt::Detail> d) {
  const std::int64_t avg = avg_wage(region);
  use(in_yunnan(region) ? kFloorYn : kFloorCn);
  use(kCapCn);
  use(kRateCn);
  if (avg >= 0) {
    const std::int64_t ratio = p_.ratio >= 0 ? p_.ratio : 600000;
    const std::int64_t lo = mul(avg, 600000), hi = mul(avg, 3000000);
    const std::int64_t base = std::clamp(mul(avg, ratio), lo, hi);
    json::object& c = s.contribution;
    json::object b(sp_);
    b.emplace("monthly", yuan(base));
    b.emplace("min", yuan(lo));
    b.emplace("max", yuan(hi));
    c.emplace("base", std::move(b));
    json::object r(sp_);
    r.emplace("personal", "0.20");
    r.emplace("employer", "0.00");
    c.emplace("rate", std::move(r));
    const std::int64_t monthly = mul(base, 200000);
    c.emplace("monthly", amounts(monthly, 0));
    c.emplace("annual", amounts(monthly * 12, 0));
    if (options) {
      json::array opts(sp_);
      const std::pair<sv, std::int64_t> k[] = {{"ratio_0.60", 600000}, {"ratio_1.00", 1000000}, {"ratio_3.00", 3000000}};
      const sv labels[] = {"按60%缴费基数", "按100%缴费基数", "按300%缴费基数"};
      for (int i = 0; i < 3; ++i) {
        const std::int64_t ob = mul(avg, k[i].second), om = mul(ob, 200000);
        json::object o(sp_);
        o.emplace("id", k[i].first);
        o.emplace("label", labels[i]);
        o.emplace("base", yuan(ob));
        o.emplace("monthly", amounts(om, 0));
        o.emplace("annual", amounts(om * 12, 0));
        opts.emplace_back(std::move(o));
      }
      c.emplace("options", std::move(opts));
    }
    s.has_contribution = true;
  }
  if (options) {  // the flexible rules' details: base_ratio, personal_account_rate
    detail(s.details, d[0], number(p_.ratio >= 0 ? p_.ratio : 600000));
    use(kAccountCn);
    detail(s.details, d[1], "0.08");
  }
}

// policies/cn/schemes/pension-employee.yaml (+ cn-530000's flexible-hukou-or-work-place).
Evaluator::SchemeOut Evaluator::pension_employee() {
  SchemeOut s = scheme("pension.employee", bt::kName_pension_employee);
  if (receiving()) {
    fire<bt::R_cn_pension_employee_already_receiving>(s, "not_eligible", {}, 0, {});
    return s;
  }
  // extend-contributions: age >= 50y and age >= retirement.age and scheme == employee and months < minimum
  {
    T a = past_retirement();
    if (a != F) a = and_(a, tb(p_.pscheme == kEmp));
    if (a != F) {
      const T d = p_.pmonths < 0 || !ret_.known ? U : tb(p_.pmonths < ret_.min_contribution);
      if (p_.pmonths < 0 && and_(a, d) == U) s.needs |= bit(fPMonths);
      a = and_(a, d);
    }
    if (a == U) s.determined = false;
    if (a == Tr) {
      const std::uint32_t region = p_.pregion ? p_.pregion : p_.work;
      fire<bt::R_cn_pension_employee_extend_contributions>(s, "eligible", "flexible", region, {});
      pension_flexible_contribution(s, region, false, {});
      using R = bt::R_cn_pension_employee_extend_contributions;
      detail(s.details, R::d_months_paid, std::to_string(p_.pmonths));
      detail(s.details, R::d_minimum_required, std::to_string(ret_.min_contribution));
      detail(s.details, R::d_shortfall, std::to_string(ret_.min_contribution - p_.pmonths));
      return s;
    }
  }
  const T outside = or_(tb(age_ < 192), past_retirement());
  if (outside == U) s.determined = false;
  if (outside == Tr) {
    fire<bt::R_cn_pension_employee_outside_working_age>(s, "not_eligible", {}, 0, {"pension.resident"});
    return s;
  }
  if (p_.rel == kEmployee || p_.rel == kOutsourced) {
    fire<bt::R_cn_pension_employee_employer>(s, "mandatory", "employer", p_.work, {});
    return s;
  }
  if (p_.rel == kDispatched) {
    fire<bt::R_cn_pension_employee_dispatch_agency>(s, "mandatory", "dispatch_agency", p_.work, {});
    return s;
  }
  if (flexible_rel() && !p_.student) {
    if (p_.pscheme == kEmp) {
      using R = bt::R_cn_pension_employee_flexible_enrolled;
      fire<R>(s, "enrolled", "flexible", p_.work, {"pension.resident"});
      const bt::Detail d[] = {R::d_base_ratio, R::d_personal_account_rate};
      pension_flexible_contribution(s, p_.work, true, d);
    } else if (in_yunnan(p_.work) && in_yunnan(p_.hukou)) {
      using R = bt::R_cn_530000_pension_employee_flexible_hukou_or_work_place;
      fire<R>(s, "eligible", "flexible", p_.work, {"pension.resident"});
      const bt::Detail d[] = {R::d_base_ratio, R::d_personal_account_rate};
      pension_flexible_contribution(s, p_.work, true, d);
    } else {
      using R = bt::R_cn_pension_employee_flexible;
      fire<R>(s, "eligible", "flexible", p_.work, {"pension.resident"});
      const bt::Detail d[] = {R::d_base_ratio, R::d_personal_account_rate};
      pension_flexible_contribution(s, p_.work, true, d);
    }
    return s;
  }
  fire<bt::R_cn_pension_employee_not_eligible>(s, "not_eligible", {}, 0, {"pension.resident"});
  return s;
}

// policies/cn/schemes/pension-resident.yaml; grades and subsidies are Yunnan's (at the hukou place).
Evaluator::SchemeOut Evaluator::pension_resident() {
  SchemeOut s = scheme("pension.resident", bt::kName_pension_resident);
  if (receiving()) {
    fire<bt::R_cn_pension_resident_already_receiving>(s, "not_eligible", {}, 0, {});
    return s;
  }
  if (p_.student || age_ < 192) {
    fire<bt::R_cn_pension_resident_student_or_under_16>(s, "not_eligible", {}, 0, {});
    return s;
  }
  if (labour_rel()) {
    fire<bt::R_cn_pension_resident_labour_relationship>(s, "not_eligible", {}, 0, {"pension.employee"});
    return s;
  }
  if (p_.pscheme == kEmp) {
    fire<bt::R_cn_pension_resident_in_employee_pension>(s, "not_eligible", {}, 0, {"pension.employee"});
    return s;
  }
  const bool enrolled = p_.pscheme == kRes;
  if (enrolled) fire<bt::R_cn_pension_resident_enrolled_at_hukou>(s, "enrolled", "individual", p_.hukou, {"pension.employee"});
  else fire<bt::R_cn_pension_resident_eligible_at_hukou>(s, "eligible", "individual", p_.hukou, {"pension.employee"});
  using R = bt::R_cn_pension_resident_eligible_at_hukou;  // same details in both rules
  if (in_yunnan(p_.hukou)) {
    use(kLowestGradeYn);
    const std::int64_t lowest = 30000, grade = p_.grade >= 0 ? p_.grade : lowest;
    use(kSubsidyYn);
    const std::int64_t gov = Reader::resident_grade_subsidy(grade);
    json::object& c = s.contribution;
    c.emplace("annual", amounts(grade, 0));
    if (gov) c.emplace("government_annual", yuan(gov));
    json::array opts(sp_);
    json::object o(sp_);
    o.emplace("id", "grade_lowest");
    o.emplace("label", R::o_grade_lowest);
    o.emplace("annual", amounts(lowest, 0));
    opts.emplace_back(std::move(o));
    c.emplace("options", std::move(opts));
    s.has_contribution = true;
    detail(s.details, R::d_grade, yuan(grade));
    detail(s.details, R::d_lowest_grade, yuan(lowest));
    detail(s.details, R::d_lowest_grade_subsidy, "35.00");
    detail(s.details, R::d_grades,
           "[300.00: 35.00, 400.00: 40.00, 500.00: 60.00, 600.00: 72.00, 700.00: 84.00, 800.00: 96.00, "
           "900.00: 108.00, 1000.00: 120.00, 1500.00: 180.00, 2000.00: 240.00, 3000.00: 240.00, 4000.00: 240.00, "
           "5000.00: 240.00, 6000.00: 240.00, 7000.00: 240.00, 8000.00: 240.00, 9000.00: 240.00, 10000.00: 240.00]");
  } else {
    miss(Missing::kLowestGrade, p_.hukou);
    if (p_.grade >= 0) detail(s.details, R::d_grade, yuan(p_.grade));
    miss(Missing::kResSubsidy, p_.hukou);
  }
  return s;
}

// policies/cn/schemes/medical.yaml, medical.employee.
Evaluator::SchemeOut Evaluator::medical_employee() {
  SchemeOut s = scheme("medical.employee", bt::kName_medical_employee);
  if (retiree()) {
    fire<bt::R_cn_medical_employee_retiree_benefits>(s, "enrolled", {}, p_.mregion, {});
    if (!p_.mregion) s.needs |= bit(fMRegion);
    return s;
  }
  if (p_.rel == kEmployee || p_.rel == kOutsourced) {
    fire<bt::R_cn_medical_employee_employer>(s, "mandatory", "employer", p_.work, {});
    return s;
  }
  if (p_.rel == kDispatched) {
    fire<bt::R_cn_medical_employee_dispatch_agency>(s, "mandatory", "dispatch_agency", p_.work, {});
    return s;
  }
  const std::uint32_t region = medical_place_region();
  if (p_.mscheme == kEmp) fire<bt::R_cn_medical_employee_flexible_enrolled>(s, "enrolled", "flexible", region, {"medical.resident"});
  else fire<bt::R_cn_medical_employee_flexible>(s, "eligible", "flexible", region, {"medical.resident"});
  // base = medical_flexible_base_ratio * avg_wage_monthly, rate medical_flexible_rate: no figure for
  // any region of the bundled packs, so the estimate is withheld.
  miss(Missing::kMedBaseRatio, region);
  avg_wage(region);
  miss(Missing::kMedRate, region);
  return s;
}

// policies/cn/schemes/medical.yaml, medical.resident (national minimum contributions).
Evaluator::SchemeOut Evaluator::medical_resident() {
  SchemeOut s = scheme("medical.resident", bt::kName_medical_resident);
  if (labour_rel()) {
    fire<bt::R_cn_medical_resident_labour_relationship>(s, "not_eligible", {}, 0, {"medical.employee"});
    return s;
  }
  if (retiree()) {
    fire<bt::R_cn_medical_resident_retiree_benefits>(s, "not_eligible", {}, 0, {"medical.employee"});
    return s;
  }
  if (p_.mscheme == kEmp) {
    fire<bt::R_cn_medical_resident_in_employee_medical>(s, "not_eligible", {}, 0, {"medical.employee"});
    return s;
  }
  auto contribution = [&] {
    use(kMedIndividual);
    use(kMedSubsidy);
    s.contribution.emplace("annual", amounts(40000, 0));
    s.contribution.emplace("government_annual", "700.00");
    s.has_contribution = true;
  };
  if (p_.mscheme == kRes) {
    using R = bt::R_cn_medical_resident_enrolled;
    fire<R>(s, "enrolled", "individual", p_.mregion ? p_.mregion : p_.hukou, {"medical.employee"});
    contribution();
    use(kIncentiveAfter);
    detail(s.details, R::d_incentive_after_years, "4");
    use(kIncentiveRaise);
    detail(s.details, R::d_incentive_min_raise, "1000.00");
    use(kIncentiveShare);
    detail(s.details, R::d_incentive_cap_share, "0.2");
    return s;
  }
  using R = bt::R_cn_medical_resident_eligible;
  fire<R>(s, "eligible", "individual", medical_place_region(), {"medical.employee"});
  contribution();
  detail(s.details, R::d_waiting_fixed, "3");
  detail(s.details, R::d_waiting_per_break_year, "1");
  if (p_.break_years >= 0) {
    detail(s.details, R::d_waiting_total, std::to_string(3 + p_.break_years));
    use(kLongBreak);
    if (p_.break_years >= 4) use(kFloorLongBreak);
    detail(s.details, R::d_waiting_after_repair, p_.break_years >= 4 ? "6" : "3");
  } else {
    use(kLongBreak);
    s.needs |= bit(fBreakYears);
  }
  return s;
}

// policies/cn/schemes/injury.yaml, injury.work.
Evaluator::SchemeOut Evaluator::injury_work() {
  SchemeOut s = scheme("injury.work", bt::kName_injury_work);
  if (p_.rel == kEmployee || p_.rel == kOutsourced) {
    fire<bt::R_cn_injury_work_employer>(s, "mandatory", "employer", p_.work, {});
    detail(s.details, bt::R_cn_injury_work_employer::d_worker_pays, "0");
  } else if (p_.rel == kDispatched) {
    fire<bt::R_cn_injury_work_dispatch_agency>(s, "mandatory", "dispatch_agency", p_.work, {});
    detail(s.details, bt::R_cn_injury_work_dispatch_agency::d_worker_pays, "0");
  } else if (p_.rel == kPartTime) {
    fire<bt::R_cn_injury_work_part_time_each_employer>(s, "mandatory", "employer", p_.work, {});
    detail(s.details, bt::R_cn_injury_work_part_time_each_employer::d_worker_pays, "0");
  } else {
    fire<bt::R_cn_injury_work_no_labour_relationship>(s, "not_eligible", {}, 0, {"injury.occupational", "commercial.accident"});
  }
  return s;
}

// policies/cn/schemes/injury.yaml, injury.occupational (+ Yunnan's start-not-confirmed).
Evaluator::SchemeOut Evaluator::injury_occupational() {
  SchemeOut s = scheme("injury.occupational", bt::kName_injury_occupational);
  if (p_.rel != kPlatformManaged && p_.rel != kSelfEmployed) {
    fire<bt::R_cn_injury_occupational_labour_relationship>(s, "not_eligible", {}, 0, {"injury.work"});
    return s;
  }
  // industry-not-in-pilot
  if (p_.industry < 0) {
    s.determined = false;
    s.needs |= bit(fIndustry);
  } else if (p_.industry > 3) {
    fire<bt::R_cn_injury_occupational_industry_not_in_pilot>(s, "not_available", {}, 0, {"commercial.accident"});
    return s;
  }
  const Date start = pilot_start(p_.work);
  const bool start_known = start.y != 0;
  if (!start_known) miss(Missing::kPilotStart, p_.work);
  // pilot-not-started: as_of < start
  const T not_started = start_known ? tb(before(p_.as_of, start)) : U;
  if (not_started == U) s.determined = false;
  if (not_started == Tr) {
    fire<bt::R_cn_injury_occupational_pilot_not_started>(s, "not_available", {}, 0, {"commercial.accident"});
    return s;
  }
  const T started = not_(not_started);
  const T listed = p_.platform_known ? tb(pilot_platform(p_)) : U;
  // pilot-covered: started and platform in list
  const T covered = and_(started, listed);
  if (covered == U) {
    s.determined = false;
    if (!p_.platform_known) s.needs |= bit(fPlatform);
  }
  if (covered == Tr) {
    using R = bt::R_cn_injury_occupational_pilot_covered;
    fire<R>(s, "platform_covered", "platform", p_.work, {});
    const int ind = p_.industry;
    if (ind < 0) s.needs |= bit(fIndustry);
    else detail(s.details, R::d_pilot_industry, ind == 0 ? "出行" : ind == 3 ? "同城货运" : "即时配送");
    detail(s.details, R::d_worker_pays, "0");
    if (ind >= 0) {
      detail(s.details, R::d_per_order_min, ind == 0 ? "0.01" : ind == 3 ? "0.18" : "0.07");
      detail(s.details, R::d_per_order_max, ind == 0 ? "0.01" : ind == 3 ? "0.18" : "0.25");
    }
    detail(s.details, R::d_pilot_start, date_text(start));
    return s;
  }
  const T not_listed = and_(started, not_(listed));
  if (not_listed == U) {
    s.determined = false;
    if (!p_.platform_known) s.needs |= bit(fPlatform);
  }
  if (not_listed == Tr) {
    fire<bt::R_cn_injury_occupational_platform_not_in_pilot>(s, "not_available", {}, 0, {"commercial.accident"});
    return s;
  }
  if (in_yunnan(p_.work))
    fire<bt::R_cn_530000_injury_occupational_yunnan_start_not_confirmed>(
        s, "not_available", {}, 0, {"commercial.accident", "commercial.employer_liability"});
  else
    fire<bt::R_cn_injury_occupational_start_not_confirmed>(s, "not_available", {}, 0, {"commercial.accident"});
  return s;
}

Evaluator::SchemeOut Evaluator::unemployment() {
  SchemeOut s = scheme("unemployment", bt::kName_unemployment);
  if (p_.rel == kEmployee || p_.rel == kOutsourced)
    fire<bt::R_cn_unemployment_employer>(s, "mandatory", "employer", p_.work, {});
  else if (p_.rel == kDispatched)
    fire<bt::R_cn_unemployment_dispatch_agency>(s, "mandatory", "dispatch_agency", p_.work, {});
  else
    fire<bt::R_cn_unemployment_no_labour_contract>(s, "not_eligible", {}, 0, {});
  return s;
}

Evaluator::SchemeOut Evaluator::commercial(bool accident) {
  SchemeOut s = accident ? scheme("commercial.accident", bt::kName_commercial_accident)
                         : scheme("commercial.employer_liability", bt::kName_commercial_employer_liability);
  if (flexible_rel()) {
    if (accident) fire<bt::R_cn_commercial_accident_recommended_for_platform_workers>(s, "recommended", "platform", 0, {});
    else fire<bt::R_cn_commercial_employer_liability_recommended_for_platform_workers>(s, "recommended", "platform", 0, {});
  } else {
    if (accident) fire<bt::R_cn_commercial_accident_not_targeted>(s, "not_available", {}, 0, {});
    else fire<bt::R_cn_commercial_employer_liability_not_targeted>(s, "not_available", {}, 0, {});
  }
  return s;
}

// policies/cn-530000/checks/labour-rights.yaml (Yunnan work places only).
void Evaluator::checks() {
  if (!in_yunnan(p_.work)) return;
  static constexpr std::int64_t kMonthlyMin[] = {0, 207000, 192000, 177000};
  static constexpr std::int64_t kPartTimeMin[] = {0, 208000, 197600, 187200};  // 104 h x hourly minimum
  enrol_ = 0;
  auto check = [&](bool applies, bool part_time, Span text, sv id) {
    if (!applies) return;
    std::int64_t cls;
    if (part_time) {
      use(kPartTimeHours);
      use(kMinWageHourly);
      cls = min_wage_class(p_.work);
    } else {
      use(kMinWageMonthly);
      cls = min_wage_class(p_.work);
    }
    if (p_.income < 0) {
      needs_ |= bit(fIncome);
      return;
    }
    if (cls < 0) return;
    if (p_.income < (part_time ? kPartTimeMin : kMonthlyMin)[cls]) warning("below_minimum_wage", render(text), id);
  };
  check(labour_rel(), false, bt::C_below_minimum_wage::text, bt::C_below_minimum_wage::id);
  check(p_.rel == kPlatformManaged, false, bt::C_below_minimum_wage_platform_managed::text,
        bt::C_below_minimum_wage_platform_managed::id);
  check(p_.rel == kPartTime, true, bt::C_part_time_may_be_below_hourly_minimum::text,
        bt::C_part_time_may_be_below_hourly_minimum::id);
}

// policies/cn/transfers/*.yaml: every transfer whose condition holds, in file order.
void Evaluator::transfers(json::array& out) {
  enrol_ = 0;
  auto add = [&](sv scheme_id, std::uint32_t from, std::uint32_t to, sv kind, sv rule,
                 std::initializer_list<Span> steps, std::span<const bt::Cite> cs) {
    json::object o(sp_);
    o.emplace("scheme", scheme_id);
    if (from) o.emplace("from_region", code_text(from));
    if (to) o.emplace("to_region", code_text(to));
    o.emplace("kind", kind);
    o.emplace("rule", rule);
    json::array st(sp_);
    for (Span s : steps) st.emplace_back(render(s));
    o.emplace("steps", std::move(st));
    o.emplace("citations", cites(cs));
    out.emplace_back(std::move(o));
  };
  const bool medical_from_unknown = p_.mregion == 0;
  // medical-transfer-employee
  if (p_.mscheme == kEmp && !retiree()) {
    const std::uint32_t to = labour_rel() || p_.medical_place != 0 ? p_.work : p_.hukou;
    if (medical_from_unknown) needs_ |= bit(fMRegion);
    else if (prefecture(p_.mregion) != prefecture(to)) {
      using X = bt::T_medical_transfer_employee;
      add("medical.employee", p_.mregion, to, "medical.transfer", X::id, {X::step0, X::step1}, X::cites);
    }
  }
  // medical-transfer-resident
  if (p_.mscheme == kRes && flexible_rel()) {
    const std::uint32_t to = medical_place_region();
    if (medical_from_unknown) needs_ |= bit(fMRegion);
    else if (prefecture(p_.mregion) != prefecture(to)) {
      using X = bt::T_medical_transfer_resident;
      add("medical.resident", p_.mregion, to, "medical.transfer", X::id, {X::step0, X::step1}, X::cites);
    }
  }
  // medical-no-transfer-retiree
  if (retiree()) {
    if (medical_from_unknown) needs_ |= bit(fMRegion);
    using X = bt::T_medical_no_transfer_retiree;
    add("medical.employee", p_.mregion, 0, "medical.no_transfer", X::id, {X::step0}, X::cites);
  }
  // medical-scheme-switch
  if (!retiree() && (p_.mscheme == kRes || (p_.mscheme == kEmp && flexible_rel()))) {
    using X = bt::T_medical_scheme_switch;
    add("medical.employee", 0, 0, "medical.scheme_switch", X::id, {X::step0, X::step1}, X::cites);
  }
  const bool older = p_.female ? age_ >= 480 : age_ >= 600;
  const bool hukou_province = province(p_.work) == province(p_.hukou);
  // pension-full-transfer and pension-temporary-account
  if (p_.pscheme == kEmp && !receiving()) {
    const T moved = p_.pregion ? tb(province(p_.pregion) != province(p_.work)) : U;
    const T full = and_(moved, tb(hukou_province || !older));
    if (full == U) needs_ |= bit(fPRegion);
    if (full == Tr) {
      using X = bt::T_pension_full_transfer;
      add("pension.employee", p_.pregion, p_.work, "pension.full_transfer", X::id, {X::step0, X::step1, X::step2}, X::cites);
    }
    const T temp = and_(moved, tb(!hukou_province && older));
    if (temp == U) needs_ |= bit(fPRegion);
    if (temp == Tr) {
      using X = bt::T_pension_temporary_account;
      add("pension.employee", p_.pregion, p_.work, "pension.temporary_account", X::id, {X::step0, X::step1, X::step2},
          X::cites);
    }
  }
  // pension-temporary-account-first-enrolment
  if (p_.pscheme != kEmp && !receiving() && !hukou_province && older) {
    const T past = past_retirement();
    if (past == F) {
      using X = bt::T_pension_temporary_account_first_enrolment;
      add("pension.employee", 0, p_.work, "pension.temporary_account", X::id, {X::step0}, X::cites);
    }
  }
  // pension-link-resident-to-employee
  if (p_.pscheme == kRes && !receiving() && !p_.student) {
    if (!p_.pregion) needs_ |= bit(fPRegion);
    using X = bt::T_pension_link_resident_to_employee;
    add("pension.resident", p_.pregion, 0, "pension.scheme_link", X::id, {X::step0, X::step1, X::step2}, X::cites);
  }
  // pension-link-employee-to-resident
  if (p_.pscheme == kEmp && !receiving()) {
    if (p_.pmonths < 0) {
      needs_ |= bit(fPMonths);
    } else if (ret_.known && p_.pmonths + months_between(p_.as_of, ret_date()) < 180) {
      if (!p_.pregion) needs_ |= bit(fPRegion);
      using X = bt::T_pension_link_employee_to_resident;
      add("pension.employee", p_.pregion, 0, "pension.scheme_link", X::id, {X::step0, X::step1}, X::cites);
    }
  }
}

json::object Evaluator::outlook() {
  json::object o(sp_);
  const bool resident = p_.pscheme == kRes;
  const int paid = resident ? 0 : p_.pmonths;
  const int to_ret = std::max(0, ret_.date - ym(p_.as_of));
  const int projected = paid + to_ret;
  o.emplace("months_paid", paid);
  o.emplace("months_to_retirement", to_ret);
  o.emplace("projected_months", projected);
  o.emplace("required_months", ret_.min_contribution);
  o.emplace("will_meet_minimum", projected >= ret_.min_contribution);
  o.emplace("shortfall_months", std::max(0, ret_.min_contribution - projected));
  json::array advice(sp_);
  auto add = [&](sv id, Span text, std::span<const bt::Cite> cs) {
    json::object a(sp_);
    a.emplace("rule", id);
    a.emplace("text", render(text));
    a.emplace("citations", cites(cs));
    advice.emplace_back(std::move(a));
  };
  const bool paying = !receiving();
  const int reach = (p_.pscheme == kEmp ? p_.pmonths : 0) + months_between(p_.as_of, ret_date());
  if (paying && !p_.student && reach < ret_.min_contribution)
    add(bt::A_extend_or_lump_sum::id, bt::A_extend_or_lump_sum::text, bt::A_extend_or_lump_sum::cites);
  if (paying && !p_.student && reach < 180)
    add(bt::A_link_to_resident_pension::id, bt::A_link_to_resident_pension::text, bt::A_link_to_resident_pension::cites);
  if (resident && paying)
    add(bt::A_resident_years_do_not_count::id, bt::A_resident_years_do_not_count::text,
        bt::A_resident_years_do_not_count::cites);
  if (p_.pscheme == kEmp && paying && p_.pmonths >= ret_.min_contribution)
    add(bt::A_flexible_early_retirement::id, bt::A_flexible_early_retirement::text,
        bt::A_flexible_early_retirement::cites);
  o.emplace("advice", std::move(advice));
  return o;
}

json::object Evaluator::run() {
  age_ = months_between(p_.birth, p_.as_of);
  retirement();
  json::object r(sp_);
  r.reserve(8);
  r.emplace("as_of", date_text(p_.as_of));
  {
    json::object ps(sp_);
    json::array j(sp_);
    j.emplace_back("000000");
    if (in_yunnan(p_.work)) {
      j.emplace_back("530000");
      if (prefecture(p_.work) == 530100) j.emplace_back("530100");
      if (prefecture(p_.work) == 530900) j.emplace_back("530900");
    }
    const sv id = !in_yunnan(p_.work) ? "cn"
                  : prefecture(p_.work) == 530100 ? "cn-yn-kunming"
                  : prefecture(p_.work) == 530900 ? "cn-yn-lincang"
                                                   : "cn-yn";
    ps.emplace("id", id);
    // The digest of the bundled packs (copied from `shebao policies list`: a baseline does not hash).
    ps.emplace("digest", "sha256:744b6043766a2a937c3530e47feebf2ff7f8e1416d0c9fc217bda99b27d655bd");
    ps.emplace("jurisdictions", std::move(j));
    r.emplace("policy_set", std::move(ps));
  }
  json::object person(sp_);
  auto years_months = [&](int m) {
    json::object o(sp_);
    o.emplace("years", m / 12);
    o.emplace("months", m % 12);
    return o;
  };
  person.emplace("age", years_months(age_));
  if (ret_.known) {
    json::object o(sp_);
    o.emplace("age", years_months(ret_.age));
    o.emplace("date", ym_text(ret_.date));
    o.emplace("original_age", years_months(ret_.original));
    o.emplace("delay_months", ret_.delay);
    o.emplace("min_contribution_years", years_months(ret_.min_contribution));
    json::object flex(sp_);
    flex.emplace("earliest", ym_text(ret_.earliest));
    flex.emplace("latest", ym_text(ret_.latest));
    o.emplace("flexible", std::move(flex));
    json::array c = cites(bt::kRetirementCites);
    if (ret_.defaulted)
      for (auto& x : cites(bt::kFemaleDefaultCites)) c.emplace_back(std::move(x));
    o.emplace("citations", std::move(c));
    person.emplace("retirement", std::move(o));
  }
  // The outlook is written in `person` but decided after the transfers in the engine; it reads no
  // parameter with a warning, so deciding it here changes nothing.
  if (ret_.known && p_.preceiving != 1) {
    if (p_.pmonths < 0 && p_.pscheme != kRes) needs_ |= bit(fPMonths);
    else person.emplace("outlook", outlook());
  }
  r.emplace("person", std::move(person));
  {
    json::object rel(sp_);
    rel.emplace("id", kRelIds[p_.rel]);
    auto set = [&](sv label, sv explanation, std::span<const bt::Cite> cs) {
      rel.emplace("label", label);
      rel.emplace("explanation", explanation);
      rel.emplace("citations", cites(cs));
    };
    switch (p_.rel) {
      case kEmployee: set(bt::Rel_employee::label, bt::Rel_employee::explanation, bt::Rel_employee::cites); break;
      case kPartTime: set(bt::Rel_part_time::label, bt::Rel_part_time::explanation, bt::Rel_part_time::cites); break;
      case kPlatformManaged:
        set(bt::Rel_platform_managed::label, bt::Rel_platform_managed::explanation, bt::Rel_platform_managed::cites);
        break;
      case kSelfEmployed:
        set(bt::Rel_self_employed::label, bt::Rel_self_employed::explanation, bt::Rel_self_employed::cites);
        break;
      case kDispatched: set(bt::Rel_dispatched::label, bt::Rel_dispatched::explanation, bt::Rel_dispatched::cites); break;
      default: set(bt::Rel_outsourced::label, bt::Rel_outsourced::explanation, bt::Rel_outsourced::cites); break;
    }
    r.emplace("relationship", std::move(rel));
  }
  {
    json::array schemes(sp_);
    schemes.reserve(9);
    SchemeOut all[] = {pension_employee(), pension_resident(), medical_employee(), medical_resident(),
                       injury_work(),      injury_occupational(), unemployment(),   commercial(true),
                       commercial(false)};
    for (SchemeOut& s : all) {
      needs_ |= s.needs;
      schemes.emplace_back(scheme_json(s));
    }
    r.emplace("schemes", std::move(schemes));
  }
  checks();
  {
    json::array t(sp_);
    transfers(t);
    r.emplace("transfers", std::move(t));
  }
  r.emplace("needs", needs_json(needs_));
  {
    for (const ParamVersion* v : used_) {
      if (!v->unverified.empty()) warning("parameter_unverified", std::string(v->unverified), v->subject);
      if (!v->provisional.empty()) warning("parameter_provisional", std::string(v->provisional), v->subject);
    }
    const std::string date = date_text(p_.as_of);
    for (const auto& [m, region] : missing_)
      warning("no_local_parameters",
              full_name(region) + "的「" + std::string(missing_label(m)) + "」在" + date +
                  "尚无经确认的数值，依赖它的结论或金额估算暂不给出。请向当地经办机构咨询。",
              missing_subject(m));
    json::array w(sp_);
    w.reserve(warnings_.size());
    for (auto& x : warnings_) {
      json::object o(sp_);
      o.emplace("code", x.code);
      o.emplace("text", std::move(x.text));
      o.emplace("subject", x.subject);
      w.emplace_back(std::move(o));
    }
    r.emplace("warnings", std::move(w));
  }
  return r;
}

// ---- the program -------------------------------------------------------------------------------
[[noreturn]] void usage() {
  std::fprintf(stderr, "usage: shebao-baseline IN.jsonl [--out OUT.jsonl|-] [--as-of YYYY-MM-DD]\n");
  std::exit(2);
}

class Output {
 public:
  explicit Output(std::FILE* f) : f_(f) { buf_.reserve(kFlush + (1u << 16)); }
  void write(const json::object& v) {
    sr_.reset(&v);
    char tmp[4096];
    while (!sr_.done()) buf_.append(sr_.read(tmp));
  }
  void raw(sv s) { buf_.append(s); }
  void end_line() {
    buf_ += '\n';
    if (buf_.size() >= kFlush) flush();
  }
  bool flush() {
    const bool ok = std::fwrite(buf_.data(), 1, buf_.size(), f_) == buf_.size();
    buf_.clear();
    return ok;
  }

 private:
  static constexpr std::size_t kFlush = 1u << 20;
  std::FILE* f_;
  std::string buf_;
  json::serializer sr_;
};

}  // namespace

int main(int argc, char** argv) {
  std::string in_path, out_path = "-";
  Date as_of{2026, 11, 28};
  for (int i = 1; i < argc; ++i) {
    const sv a = argv[i];
    if (a == "--out" && i + 1 < argc) out_path = argv[++i];
    else if (a == "--as-of" && i + 1 < argc) {
      bool mo = false;
      if (!parse_date(argv[++i], as_of, false, mo)) usage();
    } else if (!a.empty() && a[0] == '-' && a != "-") usage();
    else if (in_path.empty()) in_path = a;
    else usage();
  }
  if (in_path.empty()) usage();
  std::FILE* in = in_path == "-" ? stdin : std::fopen(in_path.c_str(), "rb");
  if (!in) {
    std::fprintf(stderr, "%s: %s\n", in_path.c_str(), std::strerror(errno));
    return 1;
  }
  std::FILE* out = out_path == "-" ? stdout : std::fopen(out_path.c_str(), "wb");
  if (!out) {
    std::fprintf(stderr, "%s: %s\n", out_path.c_str(), std::strerror(errno));
    return 1;
  }
  Output writer(out);
  std::vector<char> buf(1u << 20);
  std::string line;
  std::size_t pos = 0, end = 0;
  bool eof = false;
  std::uint64_t line_no = 0, good = 0, bad = 0;
  std::vector<FieldError> errors;
  alignas(16) static unsigned char arena[1u << 18];  // one line's parse and answer fit
  while (true) {
    // The next line (without '\n' and a '\r' before it).
    line.clear();
    bool any = false;
    while (true) {
      if (pos == end) {
        if (eof) break;
        end = std::fread(buf.data(), 1, buf.size(), in);
        pos = 0;
        if (end == 0) {
          eof = true;
          break;
        }
      }
      any = true;
      const char* start = buf.data() + pos;
      const void* nl = std::memchr(start, '\n', end - pos);
      const std::size_t take = nl ? static_cast<std::size_t>(static_cast<const char*>(nl) - start) : end - pos;
      line.append(start, take);
      pos += take;
      if (nl) {
        ++pos;
        break;
      }
    }
    if (!any) break;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) continue;

    json::monotonic_resource mr(arena, sizeof arena);
    json::storage_ptr sp(&mr);
    errors.clear();
    Profile p;
    boost::system::error_code ec;
    json::value doc = json::parse(line, ec, sp);
    json::object wrapper(sp);
    wrapper.emplace("line", line_no);
    bool ok = false;
    if (ec) {
      errors.push_back({"(line)", "json-syntax", "JSON 格式错误：" + ec.message()});
    } else {
      Reader reader(as_of, errors);
      ok = reader.read(doc, p);
    }
    if (ok) {
      Evaluator ev(p, sp);
      wrapper.emplace("result", ev.run());
      ++good;
    } else {
      json::array a(sp);
      for (const auto& e : errors) {
        json::object o(sp);
        o.emplace("path", e.path);
        o.emplace("code", e.code);
        o.emplace("message", e.message);
        a.emplace_back(std::move(o));
      }
      wrapper.emplace("errors", std::move(a));
      ++bad;
    }
    writer.write(wrapper);
    writer.end_line();
  }
  if (!writer.flush() || std::fflush(out) != 0) {
    std::fprintf(stderr, "%s: cannot write\n", out_path.c_str());
    return 1;
  }
  if (in != stdin) std::fclose(in);
  if (out != stdout) std::fclose(out);
  std::fprintf(stderr, "shebao-baseline: %llu lines, %llu answered, %llu bad\n",
               static_cast<unsigned long long>(good + bad), static_cast<unsigned long long>(good),
               static_cast<unsigned long long>(bad));
  return 0;
}
