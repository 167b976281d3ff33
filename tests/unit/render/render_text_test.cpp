// Text for people: the lines a clerk reads, in Chinese and English; wrapping; colour; explain.
#include "shebao/text/render_text.h"

#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include "sample_result.h"
#include "shebao/profile/profile.h"

namespace shebao {
namespace {

// The whole answer (--details): these tests read every reason, estimate and step.
TextOptions full() {
  TextOptions o;
  o.details = true;
  return o;
}


using test::minimal_result;
using test::realistic_result;

std::vector<std::string> lines_of(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

bool has_line(const std::string& text, const std::string& line) {
  for (const auto& l : lines_of(text))
    if (l == line) return true;
  return false;
}

// Display columns, for the width checks (CJK and fullwidth forms take two).
int columns(const std::string& s) {
  int cols = 0;
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    char32_t cp = n == 1 ? c : n == 2 ? (c & 0x1F) : n == 3 ? (c & 0x0F) : (c & 0x07);
    for (std::size_t k = 1; k < n && i + k < s.size(); ++k)
      cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    const bool wide = (cp >= 0x2E80 && cp <= 0x9FFF) || (cp >= 0xFF00 && cp <= 0xFF60) ||
                      (cp >= 0x3000 && cp <= 0x303E);
    cols += wide ? 2 : 1;
    i += n;
  }
  return cols;
}

std::string label_of(std::string_view path, Lang lang) {
  const FieldSpec* f = find_field(path);
  return f == nullptr ? std::string(path) : f->label.get(lang);
}

#define EXPECT_LINE(text, line) EXPECT_TRUE(has_line(text, line)) << "missing line: " << (line) << "\n" << (text)

TEST(RenderText, ChineseHeaderAndSchemes) {
  const std::string s = result_to_text(realistic_result(), full());
  EXPECT_LINE(s, "查询日期：2026-11-28");
  EXPECT_LINE(s, "年龄：34岁8个月");
  EXPECT_LINE(s, "法定退休年龄：63岁（原60岁，延迟36个月），2055年3月达到");
  EXPECT_LINE(s, "最低缴费年限：20年");
  EXPECT_LINE(s, "弹性退休：最早2052-03，最晚2058-03");
  EXPECT_LINE(s, "政策依据：cn-yn-lincang（sha256:0123456789ab）");
  EXPECT_LINE(s, "用工关系：不完全符合确立劳动关系情形但企业对劳动者进行劳动管理");
  EXPECT_LINE(s, "  依据：【人社部发〔2021〕56号（二）】");
  EXPECT_LINE(s, "1. 企业职工基本养老保险 — 可以参保");
  EXPECT_LINE(s, "   办理方式：以灵活就业人员身份个人参保");
  EXPECT_LINE(s, "   参保地：云南省昆明市五华区");
  EXPECT_LINE(s, "   缴费基数：每月7263.00元（下限4357.80元，上限21,789.00元）");
  EXPECT_LINE(s, "   缴费比例：个人20%，单位0%");
  EXPECT_LINE(s, "   每月缴费：个人1452.60元，单位0.00元，合计1452.60元");
  EXPECT_LINE(s, "   每年缴费：个人17,431.20元，单位0.00元，合计17,431.20元");
  EXPECT_LINE(s, "   其他缴费档次：");
  EXPECT_LINE(s, "     按60%缴费基数：基数4357.80元，每月871.56元，每年10,458.72元");
  EXPECT_LINE(s, "     按100%缴费基数：基数7263.00元，每月1452.60元，每年17,431.20元");
  EXPECT_LINE(s, "     按300%缴费基数：基数21,789.00元，每月4357.80元，每年52,293.60元");
  EXPECT_LINE(s, "     · 灵活就业人员可以在就业地参加职工养老保险。【云人社发〔2021〕40号（九）】");
  EXPECT_LINE(s, "   也可以考虑：城乡居民基本养老保险");
  EXPECT_LINE(s, "   每年缴费：个人300.00元，单位0.00元，合计300.00元");
  EXPECT_LINE(s, "   政府补贴：每年30.00元");
  EXPECT_LINE(s, "     · 缴费档次：300元");
  EXPECT_LINE(s, "   缴费比例：个人8.5%");
  EXPECT_LINE(s, "   缴费基数：下限4357.80元");
  EXPECT_LINE(s, "4. 城乡居民基本医疗保险 — 建议参保");
  EXPECT_LINE(s, "5. 工伤保险 — 不符合条件");
  EXPECT_LINE(s, "6. 新就业形态人员职业伤害保障 — 由平台参保");
  EXPECT_LINE(s, "     · 每单保费：0.04元/单");
  EXPECT_LINE(s, "9. 雇主责任保险 — 暂不适用");
  // Every scheme is numbered, in order.
  for (int i = 1; i <= 9; ++i)
    EXPECT_NE(s.find("\n" + std::to_string(i) + ". "), std::string::npos) << i;
  EXPECT_EQ(s.find("判断过程"), std::string::npos);
  EXPECT_EQ(s.find('\x1b'), std::string::npos);
  EXPECT_EQ(s.back(), '\n');
}

TEST(RenderText, UndeterminedShowsPendingAndNeeds) {
  const std::string s = result_to_text(realistic_result(), full());
  const std::string label = label_of("work.monthly_income", Lang::kZh);
  EXPECT_LINE(s, "3. 职工基本医疗保险 — 可以参保（待定）");
  EXPECT_NE(s.find("待定，还需要了解：" + label + "（work.monthly_income）"), std::string::npos) << s;
  EXPECT_LINE(s, "还需要了解：");
  EXPECT_LINE(s, "  · " + label + "（work.monthly_income）");
  // Only one scheme is open.
  EXPECT_EQ(s.find("（待定）"), s.rfind("（待定）"));
}

TEST(RenderText, TransfersNeedsWarnings) {
  const std::string s = result_to_text(realistic_result(), full());
  EXPECT_LINE(s, "转移接续：");
  EXPECT_NE(s.find("1. 企业职工基本养老保险："), std::string::npos);
  // Every region of China is named (policies/cn/regions.csv), Shenzhen's Nanshan too.
  EXPECT_LINE(s, "1. 企业职工基本养老保险：广东省深圳市南山区 → 云南省昆明市五华区，养老保险关系转");
  EXPECT_LINE(s, "   (1) 在新参保地参保缴费。");
  EXPECT_LINE(s, "   (2) 向新参保地社保经办机构申请转移。");
  EXPECT_LINE(s, "   依据：【国办发〔2009〕66号第五条】");
  EXPECT_LINE(s, "提示：");
  EXPECT_LINE(s, "    - 2025年社平工资尚未核实。");  // a figure note, listed with --details
  EXPECT_LINE(s, "  · 收入低于最低工资。");
  // Sections in order.
  const auto at = [&](const char* h) { return s.find(h); };
  EXPECT_LT(at("查询日期"), at("用工关系"));
  EXPECT_LT(at("用工关系"), at("各险种"));
  EXPECT_LT(at("各险种"), at("转移接续"));
  EXPECT_LT(at("转移接续"), at("\n还需要了解："));
  EXPECT_LT(at("\n还需要了解："), at("\n提示："));
}

TEST(RenderText, English) {
  TextOptions o = full();
  o.lang = Lang::kEn;
  o.width = 100;
  const std::string s = result_to_text(realistic_result(), o);
  EXPECT_LINE(s, "Date of the question: 2026-11-28");
  EXPECT_LINE(s, "Age: 34 years 8 months");
  EXPECT_LINE(s, "Minimum contribution period: 20 years");
  EXPECT_LINE(s, "Flexible retirement: earliest 2052-03, latest 2058-03");
  EXPECT_LINE(s, "Policy set: cn-yn-lincang (sha256:0123456789ab)");
  EXPECT_LINE(s, "1. Enterprise employees' basic pension — eligible");
  EXPECT_LINE(s, "   How: as a flexible employee, on one's own");
  EXPECT_LINE(s, "   Where: Wuhua District, Kunming, Yunnan");
  EXPECT_LINE(s, "   Rates: personal 20%, employer 0%");
  EXPECT_LINE(s, "   Monthly: personal 1452.60, employer 0.00, total 1452.60 yuan");
  EXPECT_LINE(s, "     at 60% of the average wage: base 4357.80, monthly 871.56, yearly 10,458.72 yuan");
  // English has no full-width punctuation: document numbers as 云人社发[2021]40号(九).
  EXPECT_LINE(s, "     · Flexible employees may join at the place of work. [云人社发[2021]40号(九)]");
  EXPECT_LINE(s, "3. Employee basic medical insurance — eligible (pending)");
  EXPECT_NE(s.find("Pending, still needed: " + label_of("work.monthly_income", Lang::kEn)),
            std::string::npos);
  EXPECT_LINE(s, "Still needed:");
  EXPECT_LINE(s, "Notes:");
  EXPECT_LINE(s, "    - The 2025 average wage is not verified.");
  EXPECT_LINE(s, "   (1) Enrol and pay at the new place.");
  EXPECT_LINE(s, "1. Enterprise employees' basic pension: from Nanshan District, Shenzhen, Guangdong to Wuhua");
  EXPECT_LINE(s, "   District, Kunming, Yunnan — the pension record and funds move to the new place");
  EXPECT_LINE(s, "   Basis: [国办发[2009]66号第五条]");
  EXPECT_EQ(s.find("可以参保"), std::string::npos);
}

TEST(RenderText, ExplainShowsTrace) {
  TextOptions o = full();
  o.explain = true;
  const std::string s = result_to_text(realistic_result(), o);
  EXPECT_LINE(s, "判断过程：");
  EXPECT_LINE(s, "企业职工基本养老保险（pension.employee）");
  EXPECT_LINE(s, "  ✗ cn-yn/pension.employee/employee-at-employer");
  EXPECT_LINE(s, "  ✓ cn-yn/pension.employee/flexible-at-work-place");
  EXPECT_LINE(s, "    work.relationship = platform_managed; age = 34");
  EXPECT_LINE(s, "  ? cn-yn/medical.employee/flexible");
  EXPECT_LINE(s, "    work.monthly_income = unknown");
}

TEST(RenderText, Colour) {
  TextOptions o = full();
  o.color = true;
  const std::string s = result_to_text(realistic_result(), o);
  EXPECT_NE(s.find("— \x1b[1;32m可以参保\x1b[0m"), std::string::npos);
  EXPECT_NE(s.find("\x1b[33m（待定）\x1b[0m"), std::string::npos);
  EXPECT_NE(s.find("\x1b[2m暂不适用\x1b[0m"), std::string::npos);
}

TEST(RenderText, ControlCharactersInDataAreRemoved) {
  EvalResult r = minimal_result();
  r.relationship.explanation.zh = "a\x1b[31mb\x07" "c";
  const std::string s = result_to_text(r, full());
  EXPECT_EQ(s.find('\x1b'), std::string::npos);
  EXPECT_EQ(s.find('\x07'), std::string::npos);
  EXPECT_LINE(s, "  a [31mb c");
}

TEST(RenderText, WrapsToWidth) {
  for (const int width : {40, 60, 80}) {
    TextOptions o = full();
    o.width = width;
    o.explain = true;
    for (const Lang lang : {Lang::kZh, Lang::kEn}) {
      o.lang = lang;
      for (const auto& line : lines_of(result_to_text(realistic_result(), o)))
        EXPECT_LE(columns(line), width) << line;
    }
  }
  TextOptions o = full();
  o.width = 40;
  const std::string s = result_to_text(realistic_result(), o);
  // The long reason is broken, continues under its text, and no character is lost.
  EXPECT_NE(s.find("     · 灵活就业人员可以在就业地参加职工\n       养老保险。"), std::string::npos) << s;
  for (const auto& line : lines_of(s)) {
    if (!line.empty()) {
      EXPECT_NE(line.find_first_not_of(' '), std::string::npos) << "blank wrapped line";
    }
  }
}

TEST(RenderText, WrapsLongWordsAndEnglishAtSpaces) {
  EvalResult r = minimal_result();
  r.relationship.explanation.en = "The platform must cover occupational injury for every rider";
  const std::string long_label(50, 'x');  // the result views it
  r.relationship.label.en = long_label;
  TextOptions o = full();
  o.lang = Lang::kEn;
  o.width = 30;
  const std::string s = result_to_text(r, o);
  EXPECT_LINE(s, "  The platform must cover");
  EXPECT_LINE(s, "  occupational injury for");
  EXPECT_LINE(s, "  every rider");
  for (const auto& line : lines_of(s)) EXPECT_LE(columns(line), 30) << line;
  o.width = 0;  // no wrapping
  EXPECT_LINE(result_to_text(r, o), "  The platform must cover occupational injury for every rider");
}

TEST(RenderText, TinyWidthsAndOddBytes) {
  EvalResult r = realistic_result();
  r.schemes[0].reasons[0].text = test::rt(std::string(300, 'y') + "\xff\xe4\xb8 中文" + std::string(3, ' '), "");
  for (const int width : {-1, 1, 5, 12, 13}) {
    TextOptions o = full();
    o.width = width;
    o.explain = true;
    o.color = true;
    const std::string s = result_to_text(r, o);
    EXPECT_NE(s.find("中文"), std::string::npos);
    EXPECT_EQ(s.back(), '\n');
  }
}

TEST(RenderText, MinimalAndDeterministic) {
  const EvalResult r = minimal_result();
  const std::string s = result_to_text(r, full());
  EXPECT_EQ(s, result_to_text(r, full()));
  EXPECT_LINE(s, "法定退休年龄：待定（见“还需要了解”）");
  EXPECT_LINE(s, "1. 失业保险 — 暂不适用");
  EXPECT_EQ(s.find("转移接续"), std::string::npos);
  EXPECT_EQ(s.find("提示"), std::string::npos);
}

RetirementAnswer woman_1975_03() {
  RetirementAnswer a;
  a.birth = test::ym(1975, 3);
  a.original_age_months = 600;
  a.delay_months = 2;
  a.age_months = 602;
  a.date = test::ym(2025, 5);
  a.min_contribution_months = 180;
  a.flexible_earliest = test::ym(2025, 3);
  a.flexible_latest = test::ym(2028, 5);
  return a;
}

TEST(RetirementText, Chinese) {
  EXPECT_EQ(retirement_to_text(woman_1975_03(), true, Lang::kZh),
            "出生年月：1975-03（女）\n"
            "原法定退休年龄：50岁\n"
            "延迟：2个月\n"
            "法定退休年龄：50岁2个月\n"
            "退休时间：2025-05\n"
            "最低缴费年限：15年\n"
            "弹性退休：最早2025-03，最晚2028-05\n");
}

TEST(RetirementText, English) {
  EXPECT_EQ(retirement_to_text(woman_1975_03(), true, Lang::kEn),
            "Born: 1975-03 (female)\n"
            "Original retirement age: 50 years\n"
            "Delay: 2 months\n"
            "Statutory retirement age: 50 years 2 months\n"
            "Retirement month: 2025-05\n"
            "Minimum contribution period: 15 years\n"
            "Flexible retirement: earliest 2025-03, latest 2028-05\n");
}

}  // namespace
}  // namespace shebao

namespace shebao {
namespace {

// The short answer (the default): the bottom line from the schemes' advice, one line per scheme,
// transfers without their steps, needs without field paths, figure notes as a count.
TEST(RenderTextShort, BottomLineSchemeLinesAndCountedNotes) {
  EvalResult r = realistic_result();
  static const std::vector<Text> bring{Text{"身份证件", "your ID card"}};
  for (auto& s : r.schemes) {
    if (s.id != "pension.employee" && s.id != "pension.resident") continue;
    SchemeAdvice& a = s.advice.emplace();
    a.priority = s.id == "pension.employee" ? 30 : 40;
    a.text = test::rt(s.id == "pension.employee" ? "到就业地登记参保。" : "在户籍地按年缴费。", "Do it.");
    if (s.id == "pension.employee") a.bring = bring;
  }
  TextOptions unwrapped;
  unwrapped.width = 0;  // whole lines, to find them
  const std::string s = result_to_text(r, unwrapped);
  EXPECT_LINE(s, "怎么办：");
  // The choice on the action's line (places in two provinces, Shenzhen among them: in full).
  EXPECT_LINE(s, "1. 二选一：① 企业职工基本养老保险（云南省昆明市五华区）：每月1452.60元（每年17,431.20元）。到就业地登记参保。");
  EXPECT_LINE(s, "   ② 城乡居民基本养老保险（云南省临沧市临翔区）：每年300.00元。在户籍地按年缴费。");
  EXPECT_LINE(s, "个人缴费合计：至少每月25.00元（每年300.00元），即每个二选一都选较便宜的一项");
  EXPECT_LINE(s, "办理时带上：身份证件");
  EXPECT_NE(s.find("还没确定：" + label_of("work.monthly_income", Lang::kZh) + "——知道后可以确定职工基本医疗保险"),
            std::string::npos) << s;
  // One line per scheme: no "办理方式", no reasons, no transfer steps.
  EXPECT_EQ(s.find("办理方式："), std::string::npos);
  EXPECT_EQ(s.find("原因："), std::string::npos);
  EXPECT_EQ(s.find("(1) 在新参保地参保缴费。"), std::string::npos);
  // The place and cost said in the action are not repeated: the scheme's line points to it.
  EXPECT_LINE(s, "1. 企业职工基本养老保险 — 可以参保，见1①【云人社发〔2021〕40号（九）】");
  // Needs name the question, not the field path; figure notes are counted, other notes shown.
  EXPECT_LINE(s, "  · " + label_of("work.monthly_income", Lang::kZh));
  EXPECT_EQ(s.find("（work.monthly_income）"), std::string::npos);
  EXPECT_EQ(s.find("2025年社平工资尚未核实"), std::string::npos);
  EXPECT_NE(s.find("本答案用到的数字中有1处尚未与官方文件核对"), std::string::npos) << s;
  EXPECT_LINE(s, "  · 收入低于最低工资。");
  TextOptions notes = unwrapped;
  notes.notes = true;
  EXPECT_LINE(result_to_text(r, notes), "    - 2025年社平工资尚未核实。");
}

// Places all in one province are named without it; in more than one, in full.
TEST(RenderTextShort, PlacesInOneProvinceWithoutItInTwoInFull) {
  EvalResult r = realistic_result();  // a transfer from Shenzhen to Kunming
  TextOptions unwrapped;
  unwrapped.width = 0;
  std::string s = result_to_text(r, unwrapped);
  EXPECT_NE(s.find("云南省昆明市五华区"), std::string::npos) << s;
  EXPECT_NE(s.find("广东省深圳市南山区"), std::string::npos) << s;
  for (auto& t : r.transfers)
    if (t.from_region && t.from_region->to_string() == "440305") t.from_region = Region::parse("530902");
  s = result_to_text(r, unwrapped);
  EXPECT_EQ(s.find("云南省"), std::string::npos) << s;
  EXPECT_NE(s.find("，昆明市五华区，"), std::string::npos) << s;
  EXPECT_NE(s.find("临沧市临翔区 → 昆明市五华区"), std::string::npos) << s;
  TextOptions en = unwrapped;
  en.lang = Lang::kEn;
  s = result_to_text(r, en);
  EXPECT_NE(s.find(", Wuhua District, Kunming, "), std::string::npos) << s;
  EXPECT_EQ(s.find(", Yunnan"), std::string::npos) << s;
}

TEST(RenderTextShort, NoAdviceNoBottomLineAndPastRetirementIsSaidToBePast) {
  EvalResult r = realistic_result();
  r.as_of = *Date::from_ymd(2056, 1, 5);
  TextOptions unwrapped;
  unwrapped.width = 0;  // whole lines, to find them
  const std::string s = result_to_text(r, unwrapped);
  EXPECT_EQ(s.find("怎么办"), std::string::npos);
  EXPECT_NE(s.find("法定退休年龄63岁，已于2055年3月达到"), std::string::npos) << s;
  TextOptions en = unwrapped;
  en.lang = Lang::kEn;
  EXPECT_NE(result_to_text(r, en).find("retirement age 63 (already reached in March 2055)"),
            std::string::npos);
}

}  // namespace
}  // namespace shebao
