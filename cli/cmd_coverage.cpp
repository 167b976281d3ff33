// `shebao policies coverage`: which provincial figures the loaded packs hold, province by figure,
// and how sure each one is (verified / secondary / missing; provisional and renewal-due marks).
// policies/COVERAGE.md is this command's output (regenerate: see the file's first lines); a ctest
// test fails when it is stale.
#include <algorithm>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "commands.h"
#include "common.h"
#include "shebao/core/region.h"

namespace shebao::cli {
namespace {

struct CoverageArgs {
  std::string policies;
  std::string as_of;
  std::string lang = "zh";
};

// One column of the table. `year` > 0: the figure of that contribution year (a version starting
// in it); 0: the figure in force on as_of. `descendants`: look in the province's city packs too
// (figures set city by city, e.g. flexible workers' medical rate).
struct Figure {
  const char* param;
  int year;
  bool yearly;  // renewed every year: provisional once a year old, renewal due within 60 days
  bool descendants;
  const char* zh;
  const char* en;
};
constexpr Figure kFigures[] = {
    {"avg_wage_monthly", 2024, true, false, "平均工资2024", "Avg wage 2024"},
    {"pension_base_floor", 2024, true, false, "下限2024", "Floor 2024"},
    {"pension_base_cap", 2024, true, false, "上限2024", "Cap 2024"},
    {"avg_wage_monthly", 2025, true, false, "平均工资2025", "Avg wage 2025"},
    {"pension_base_floor", 2025, true, false, "下限2025", "Floor 2025"},
    {"pension_base_cap", 2025, true, false, "上限2025", "Cap 2025"},
    {"pension_benefit_base_monthly", 0, true, false, "计发基数", "Benefit base"},
    {"min_wage_monthly_by_class", 0, false, false, "最低工资", "Minimum wage"},
    {"min_wage_hourly_by_class", 0, false, false, "小时最低工资", "Hourly minimum wage"},
    {"min_wage_class", 0, false, true, "省会各县区类别", "Capital's county classes"},
    {"resident_medical_individual", 0, true, false, "居民医保个人缴费", "Resident medical (personal)"},
    {"medical_flexible_rate", 0, false, true, "灵活就业职工医保费率（城市）", "Flexible employee-medical rate (city)"},
};

std::string add_years(const std::string& iso, int years) {
  if (iso.size() < 10) return iso;
  return std::to_string(std::stoi(iso.substr(0, 4)) + years) + iso.substr(4);
}
// "2025-01-01" + 60 days, roughly (a renewal-due window, not a date for any rule).
std::string minus_60_days(const std::string& iso) {
  auto d = Date::parse(iso);
  if (!d) return iso;
  return Date::from_days(d->days() - 60).to_string();
}

std::string short_value(const std::string& v) {
  // A table "[1: 2070.00, 2: 1920.00]" shows its values by class: "2070/1920".
  if (!v.empty() && v.front() == '[') {
    std::string out;
    std::size_t pos = 0;
    while ((pos = v.find(": ", pos)) != std::string::npos) {
      pos += 2;
      const std::size_t end = v.find_first_of(",]", pos);
      if (!out.empty()) out += '/';
      out += short_value(v.substr(pos, end - pos));
    }
    return out.empty() ? v : out;
  }
  if (v.size() > 3 && v.compare(v.size() - 3, 3, ".00") == 0) return v.substr(0, v.size() - 3);
  return v;
}

struct Cell {
  // kNotPrinted: a base floor or cap the notice does not print as a figure while the average wage
  // of that year is known (the engine uses ratio x average wage).
  enum Kind { kMissing, kVerified, kSecondary, kNotPrinted } kind = kMissing;
  std::string value;
  bool provisional = false, renewal_due = false, by_region = false;
};

// The version of `pv` the figure asks for (by contribution year, or in force on as_of).
std::optional<ParameterVersionView> pick(const ParameterView& pv, const Figure& f, const std::string& as_of,
                                         bool& provisional, bool& renewal_due) {
  std::optional<ParameterVersionView> got;
  std::size_t index = 0;
  for (std::size_t i = 0; i < pv.versions.size(); ++i) {
    const auto& v = pv.versions[i];
    const bool take = f.year > 0 ? v.from.compare(0, 4, std::to_string(f.year)) == 0 : v.from <= as_of;
    if (take) {
      got = v;
      index = i;
    }
  }
  if (!got || got->value == "(ends)") return std::nullopt;
  const bool last = index + 1 == pv.versions.size() || pv.versions[index + 1].from > as_of;
  if (f.yearly && last && got->from <= as_of) {
    const std::string renewal = add_years(got->from, 1);
    provisional = renewal <= as_of;
    renewal_due = !provisional && minus_60_days(renewal) <= as_of;
  }
  return got;
}

Cell cell_for(const std::vector<const PackView*>& packs, const Figure& f, const std::string& as_of) {
  Cell c;
  for (const PackView* p : packs)
    for (const auto& pv : p->parameters)
      if (pv.id == f.param && !pv.region.empty() && !pv.versions.empty()) c.by_region = true;
  for (const PackView* p : packs) {
    for (const auto& pv : p->parameters) {
      if (pv.id != f.param || !pv.region.empty()) continue;
      bool provisional = false, due = false;
      auto v = pick(pv, f, as_of, provisional, due);
      if (!v) continue;
      c.kind = v->verified ? Cell::kVerified : Cell::kSecondary;
      c.value = short_value(v->value);
      c.provisional = provisional;
      c.renewal_due = due;
      return c;
    }
  }
  return c;
}

// The minimum-wage classes of the provincial capital's counties in force on as_of: every capital
// is the xx01 prefecture (a municipality is the whole province). A class value of the province pack,
// of a pack of the capital, or by_region inside the capital counts; the cell lists the distinct
// classes ("1/2") and is verified only when every value found is.
Cell capital_classes(const std::vector<const PackView*>& packs, const std::string& province, const std::string& as_of) {
  Cell c;
  const std::string p2 = province.substr(0, 2);
  const bool municipality = p2 == "11" || p2 == "12" || p2 == "31" || p2 == "50";
  const std::string capital = p2 + "01";  // the capital prefecture's first four digits
  auto in_capital = [&](const std::string& region) {
    return region.size() == 6 && (municipality ? region.compare(0, 2, p2) == 0 : region.compare(0, 4, capital) == 0);
  };
  std::vector<std::string> classes;
  bool all_verified = true;
  const Figure f{"min_wage_class", 0, false, true, "", ""};
  for (const PackView* p : packs) {
    const bool pack_covers = p->jurisdiction == province || in_capital(p->jurisdiction);
    for (const auto& pv : p->parameters) {
      if (pv.id != f.param) continue;
      if (pv.region.empty() ? !pack_covers : !in_capital(pv.region)) continue;
      bool provisional = false, due = false;
      auto v = pick(pv, f, as_of, provisional, due);
      if (!v) continue;
      const std::string value = short_value(v->value);
      if (std::find(classes.begin(), classes.end(), value) == classes.end()) classes.push_back(value);
      all_verified = all_verified && v->verified;
    }
  }
  if (classes.empty()) return c;
  std::sort(classes.begin(), classes.end());
  for (const auto& k : classes) c.value += (c.value.empty() ? "" : "/") + k;
  c.kind = all_verified ? Cell::kVerified : Cell::kSecondary;
  return c;
}

std::string render(const Cell& c, bool zh) {
  if (c.kind == Cell::kMissing) return "—";
  if (c.kind == Cell::kNotPrinted) return zh ? "未印（按比例）" : "not printed (ratio)";
  std::string s = c.value + (c.kind == Cell::kVerified ? " ✓" : " S");
  if (c.by_region) s += " *";
  if (c.provisional) s += zh ? " 临" : " P";
  if (c.renewal_due) s += zh ? " 待更新" : " R";
  return s;
}

std::string escape_cell(std::string s) {
  std::string out;
  for (char ch : s) out += ch == '|' ? std::string("\\|") : std::string(1, ch);
  return out;
}

int run_coverage(const CoverageArgs& a) {
  const Lang lang = parse_lang(a.lang).value_or(Lang::kZh);
  const bool zh = lang == Lang::kZh;
  std::optional<Date> as_of_date;
  if (!parse_as_of_option(a.as_of, as_of_date)) return kUsage;
  const std::string as_of = (as_of_date ? *as_of_date : today_cst()).to_string();
  LoadedPolicies pol = load_policies(policies_dir(a.policies));
  if (!pol.set) {
    print_diagnostics(pol.diagnostics);
    return kBadPolicy;
  }
  const auto packs = describe_policies(*pol.set);

  std::ostringstream out;
  if (zh) {
    out << "# 各省政策数据覆盖情况\n\n"
        << "由 `shebao policies coverage --as-of " << as_of << "` 根据已加载的政策包生成（重新生成：`scripts/coverage.sh`；"
        << "ctest 测试 `golden.packs.coverage` 在本文件过时时失败）。\n\n"
        << "图例：✓ 已核实（政府网站或新闻网站登载的通知原文）；S 二手来源（转述、论坛、聚合网站，`verified: false`）；"
        << "— 未找到（不编码，引擎对该数字给出警告而不估算）；* 另有分地区数值（by_region）；"
        << "未印（按比例）通知未印出该数额（平均工资已知，引擎按60%/300%计算）；"
        << "临 已超过一年仍在沿用（parameter_provisional）；待更新 60天内到期；最低工资按类别列出（一类/二类/……）；“省会各县区类别”列出省会（直辖市为全市）各县区已编码的最低工资类别，— 为未找到。"
        << "“2024”“2025”为缴费年度（通知所定起始日所在年份）；其他列为 " << as_of << " 有效的数值。\n\n";
  } else {
    out << "# Provincial figures in the policy packs\n\n"
        << "Generated by `shebao policies coverage --as-of " << as_of << " --lang en` from the loaded packs "
        << "(regenerate with `scripts/coverage.sh`; the ctest test `golden.packs.coverage` fails when the zh table is stale).\n\n"
        << "Legend: ✓ verified (the notice's text on a government or news site); S secondary (a report, forum or "
        << "aggregator: `verified: false`); — not found (not encoded: the engine warns instead of estimating); "
        << "* also set region by region (by_region); not printed (ratio): the notice prints no such figure (the "
        << "average wage is known and the engine uses 60% / 300% of it); P used past its year (parameter_provisional); "
        << "R renewal due within 60 days; minimum wages by class (1/2/...); \"Capital's county classes\" lists the minimum-wage classes encoded for the counties of the provincial capital (a municipality: the whole city), — where none was found. \"2024\", \"2025\" are contribution years (the year the notice's period starts); other "
        << "columns show the figure in force on " << as_of << ".\n\n";
  }
  out << (zh ? "| 省份 | 代码 |" : "| Province | Code |");
  for (const auto& f : kFigures) out << ' ' << (zh ? f.zh : f.en) << " |";
  out << "\n|---|---|";
  for (std::size_t i = 0; i < std::size(kFigures); ++i) out << "---|";
  out << '\n';

  int with_2025 = 0, provinces = 0;
  std::vector<std::pair<std::string, const PackView*>> sourced;
  for (std::uint32_t code = 110000; code <= 650000; code += 10000) {
    auto region = Region::from_code(code);
    if (!region || region->name(lang).empty()) continue;
    ++provinces;
    const std::string code_text = region->to_string();
    const PackView* own = nullptr;
    std::vector<const PackView*> family;
    for (const auto& p : packs)
      if (p.jurisdiction == code_text) own = &p;
    if (own) family.push_back(own);
    for (const auto& p : packs)
      if (&p != own && p.jurisdiction.size() == 6 && p.jurisdiction.compare(0, 2, code_text, 0, 2) == 0)
        family.push_back(&p);
    out << "| " << escape_cell(std::string(region->name(lang))) << " | " << code_text << " |";
    bool has_2025 = false;
    for (const auto& f : kFigures) {
      std::vector<const PackView*> where = f.descendants ? family : std::vector<const PackView*>{};
      if (!f.descendants && own) where.push_back(own);
      Cell c = std::string_view(f.param) == "min_wage_class" ? capital_classes(family, code_text, as_of)
                                                              : cell_for(where, f, as_of);
      const std::string_view param = f.param;
      if (c.kind == Cell::kMissing && f.year > 0 && (param == "pension_base_floor" || param == "pension_base_cap")) {
        const Figure avg{"avg_wage_monthly", f.year, true, false, "", ""};
        if (cell_for(where, avg, as_of).kind != Cell::kMissing) c.kind = Cell::kNotPrinted;
      }
      if (f.year == 2025 && c.kind != Cell::kMissing) has_2025 = true;
      out << ' ' << escape_cell(render(c, zh)) << " |";
    }
    out << '\n';
    if (has_2025) ++with_2025;
    if (own) sourced.emplace_back(std::string(region->name(lang)), own);
  }
  out << '\n'
      << (zh ? "有2025年缴费基数（平均工资、下限或上限）的省份：" : "Provinces with a 2025 contribution base (average wage, floor or cap): ")
      << with_2025 << " / " << provinces << "\n\n";

  out << (zh ? "## 来源\n\n" : "## Sources\n\n");
  for (const auto& [name, p] : sourced) {
    out << "### " << name << " (" << p->id << ")\n\n";
    if (p->documents.empty()) out << (zh ? "- （本包未列文件）\n" : "- (no documents in this pack)\n");
    for (const auto& d : p->documents) {
      out << "- " << d.number;
      if (!d.url.empty()) out << " — " << d.url;
      out << '\n';
    }
    out << '\n';
  }
  std::cout << out.str();
  return kOk;
}

const RegisterCommand kCoverage{
    "policies coverage", "各省数据覆盖表 / province x figure table of the loaded packs", [](CLI::App& sub) {
      auto args = std::make_shared<CoverageArgs>();
      sub.add_option("--policies", args->policies, "folder of policy packs (default: the bundled ones)");
      sub.add_option("--as-of", args->as_of, "date for provisional / renewal-due marks (default: today)");
      sub.add_option("--lang", args->lang, "zh | en")->check(CLI::IsMember({"zh", "en"}))->default_val("zh");
      return [args] { return run_coverage(*args); };
    }};

}  // namespace
}  // namespace shebao::cli
