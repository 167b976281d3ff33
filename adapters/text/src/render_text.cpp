// EvalResult -> text for people. Layout: header (date, age, retirement, policy set), relationship,
// the nine schemes, transfers, what is still needed, notes, and with explain the rules tried.
#include "shebao/text/render_text.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "shebao/eval/summary.h"
#include "shebao/profile/profile.h"

namespace shebao {

namespace {

// ---------------------------------------------------------------------------------------------
// UTF-8 and display width

struct CodePoint {
  char32_t cp;
  std::size_t len;  // bytes; a malformed byte is one U+FFFD of length 1
};

CodePoint decode(std::string_view s, std::size_t i) {
  const auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char c = b(i);
  if (c < 0x80) return {c, 1};
  std::size_t n = 0;
  char32_t cp = 0;
  if (c >= 0xC2 && c <= 0xDF) {
    n = 2;
    cp = c & 0x1Fu;
  } else if (c >= 0xE0 && c <= 0xEF) {
    n = 3;
    cp = c & 0x0Fu;
  } else if (c >= 0xF0 && c <= 0xF4) {
    n = 4;
    cp = c & 0x07u;
  } else {
    return {0xFFFD, 1};
  }
  if (i + n > s.size()) return {0xFFFD, 1};
  for (std::size_t k = 1; k < n; ++k) {
    if ((b(i + k) & 0xC0u) != 0x80u) return {0xFFFD, 1};
    cp = (cp << 6) | (b(i + k) & 0x3Fu);
  }
  if (n == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) return {0xFFFD, 1};
  if (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)) return {0xFFFD, 1};
  return {cp, n};
}

// Columns a code point takes on a terminal: East Asian wide and fullwidth forms take two,
// combining marks and zero-width characters none.
int cp_width(char32_t cp) {
  if (cp == 0) return 0;
  if ((cp >= 0x0300 && cp <= 0x036F) || (cp >= 0x200B && cp <= 0x200F) ||
      (cp >= 0xFE00 && cp <= 0xFE0F))
    return 0;
  if ((cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0x303E) ||
      (cp >= 0x3041 && cp <= 0x33FF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
      (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xA000 && cp <= 0xA4CF) ||
      (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
      (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
      (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x1F300 && cp <= 0x1F64F) ||
      (cp >= 0x1F900 && cp <= 0x1F9FF) || (cp >= 0x20000 && cp <= 0x3FFFD))
    return 2;
  return 1;
}

// Length of an ANSI SGR sequence ("\x1b[...m") at s[i], or 0.
std::size_t sgr_length(std::string_view s, std::size_t i) {
  if (s[i] != '\x1b' || i + 1 >= s.size() || s[i + 1] != '[') return 0;
  for (std::size_t k = i + 2; k < s.size(); ++k) {
    const char c = s[k];
    if (c == 'm') return k - i + 1;
    if (!((c >= '0' && c <= '9') || c == ';')) return 0;
  }
  return 0;
}

// No line break before these (closing punctuation) ...
bool is_closing(char32_t cp) {
  static constexpr std::u32string_view kClosing = U"，。、；：！？）】》」』〕”’,.;:!?)]";
  return kClosing.find(cp) != std::u32string_view::npos;
}
// ... nor after these (opening punctuation).
bool is_opening(char32_t cp) {
  static constexpr std::u32string_view kOpening = U"（【《「『〔“‘([";
  return kOpening.find(cp) != std::u32string_view::npos;
}

// A piece that wrapping never splits (unless it is wider than a whole line).
struct Unit {
  std::string text;
  int width = 0;
  bool space = false;
  char32_t first = 0, last = 0;
};

std::vector<Unit> split_units(std::string_view s) {
  std::vector<Unit> raw;
  bool in_word = false;
  for (std::size_t i = 0; i < s.size();) {
    if (const std::size_t n = sgr_length(s, i); n > 0) {
      if (!in_word) {
        raw.push_back({});
        in_word = true;
      }
      raw.back().text.append(s.substr(i, n));
      i += n;
      continue;
    }
    const CodePoint c = decode(s, i);
    const std::string_view bytes = s.substr(i, c.len);
    i += c.len;
    const int w = cp_width(c.cp);
    if (c.cp == U' ') {
      if (raw.empty() || !raw.back().space) raw.push_back({"", 0, true, c.cp, c.cp});
      raw.back().text += ' ';
      raw.back().width += 1;
      in_word = false;
    } else if (w == 2) {
      raw.push_back({std::string(bytes), 2, false, c.cp, c.cp});
      in_word = false;
    } else {
      if (!in_word) {
        raw.push_back({"", 0, false, c.cp, c.cp});
        in_word = true;
      }
      Unit& u = raw.back();
      if (u.first == 0) u.first = c.cp;
      u.text.append(bytes);
      u.width += w;
      u.last = c.cp;
    }
  }
  // Glue closing punctuation to what precedes it and opening punctuation to what follows.
  std::vector<Unit> out;
  bool glue_next = false;
  for (auto& u : raw) {
    // A zero-width unit (a colour code) sticks to both neighbours.
    const bool zero_width = !u.space && u.width == 0;
    const bool can_glue = !out.empty() && !out.back().space && !u.space;
    // Nor between a number and the CJK unit after it ("20年", "7263.00元").
    const bool number_unit = can_glue && u.width == 2 &&
                             ((out.back().last >= U'0' && out.back().last <= U'9') ||
                              out.back().last == U'%');
    if (can_glue && (glue_next || zero_width || number_unit || is_closing(u.first))) {
      out.back().text += u.text;
      out.back().width += u.width;
      if (u.last != 0) out.back().last = u.last;
    } else {
      out.push_back(std::move(u));
    }
    glue_next = !out.back().space && (zero_width || is_opening(out.back().last));
  }
  return out;
}

// Wraps one paragraph: the first line starts `indent` columns in, later ones `hang` columns in.
void wrap_into(std::string& out, std::string_view text, int indent, int hang, int width) {
  if (width <= 0) {
    out.append(static_cast<std::size_t>(indent), ' ');
    out.append(text);
    out += '\n';
    return;
  }
  width = std::max(width, hang + 10);
  std::string line(static_cast<std::size_t>(indent), ' ');
  int col = indent;
  int line_start = indent;
  bool has_content = false;
  const Unit* pending_space = nullptr;
  const auto new_line = [&] {
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line;
    out += '\n';
    line.assign(static_cast<std::size_t>(hang), ' ');
    col = hang;
    line_start = hang;
    has_content = false;
    pending_space = nullptr;
  };
  for (const Unit& u : split_units(text)) {
    if (u.space) {
      if (has_content) pending_space = &u;
      continue;
    }
    const int space_w = pending_space != nullptr ? pending_space->width : 0;
    if (has_content && col + space_w + u.width > width) {
      new_line();
    } else if (pending_space != nullptr) {
      line += pending_space->text;
      col += pending_space->width;
      pending_space = nullptr;
    }
    if (col + u.width <= width) {
      line += u.text;
      col += u.width;
    } else {
      // Wider than what is left of a fresh line: split it between code points.
      const std::string_view t = u.text;
      for (std::size_t i = 0; i < t.size();) {
        std::size_t n = sgr_length(t, i);
        int w = 0;
        if (n == 0) {
          const CodePoint c = decode(t, i);
          n = c.len;
          w = cp_width(c.cp);
        }
        if (w > 0 && col + w > width && col > line_start) new_line();
        line.append(t.substr(i, n));
        col += w;
        i += n;
      }
    }
    has_content = true;
  }
  while (!line.empty() && line.back() == ' ') line.pop_back();
  out += line;
  out += '\n';
}

// Data strings (from packs and profiles) lose control characters, so they cannot move the
// cursor or recolour the terminal; a newline starts a new paragraph.
std::string clean(std::string_view s) {
  std::string r;
  r.reserve(s.size());
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == '\n') {
      r += '\n';
    } else if (c < 0x20 || c == 0x7F) {
      r += ' ';
    } else {
      r += ch;
    }
  }
  return r;
}

// ---------------------------------------------------------------------------------------------
// Output

class Out {
 public:
  explicit Out(const TextOptions& opt) : opt_(opt) { out_.reserve(8192); }

  Lang lang() const { return opt_.lang; }
  bool zh() const { return opt_.lang == Lang::kZh; }
  std::string_view t(std::string_view zh_text, std::string_view en_text) const {
    return zh() ? zh_text : en_text;
  }
  std::string tx(const Text& text) const { return clean(text.get(opt_.lang)); }
  std::string tx(TextView text) const { return clean(text.get(opt_.lang)); }
  std::string tx(const ResultText& text) const { return clean(text.get(opt_.lang)); }

  // One logical line (newlines inside start new paragraphs at the hanging indent).
  void line(int indent, std::string_view text, int hang_extra = 0) {
    const int hang = indent + hang_extra;
    std::size_t start = 0;
    bool first = true;
    while (true) {
      const std::size_t nl = text.find('\n', start);
      const std::string_view part =
          text.substr(start, nl == std::string_view::npos ? std::string_view::npos : nl - start);
      wrap_into(out_, part, first ? indent : hang, hang, opt_.width);
      first = false;
      if (nl == std::string_view::npos) break;
      start = nl + 1;
    }
  }
  void blank() { out_ += '\n'; }

  std::string colored(std::string_view text, std::string_view sgr) const {
    if (!opt_.color || sgr.empty()) return std::string(text);
    std::string r = "\x1b[";
    r += sgr;
    r += 'm';
    r += text;
    r += "\x1b[0m";
    return r;
  }

  std::string take() { return std::move(out_); }

  // A place as the answer names it: in full ("云南省临沧市临翔区", "Linxiang District, Lincang,
  // Yunnan"), or without the province when every place of the short answer is in one province
  // and the place has a prefecture ("临沧市临翔区", "Linxiang District, Lincang").
  std::string place(Region r) const {
    std::string full = clean(r.full_name(opt_.lang));
    if (!one_province_) return full;
    const auto province = Region::parse(std::to_string(r.code() / 10000 * 10000));
    const std::string en = r.full_name(Lang::kEn);
    const auto first = en.find(", ");
    if (!province || first == std::string::npos || en.find(", ", first + 2) == std::string::npos) return full;
    const std::string prov = clean(province->name(opt_.lang));
    if (opt_.lang == Lang::kZh && full.size() > prov.size() && full.compare(0, prov.size(), prov) == 0)
      return full.substr(prov.size());
    const std::string tail = ", " + prov;
    if (opt_.lang == Lang::kEn && full.size() > tail.size() && full.compare(full.size() - tail.size(), tail.size(), tail) == 0)
      return full.substr(0, full.size() - tail.size());
    return full;
  }
  void set_one_province(bool on) { one_province_ = on; }

 private:
  const TextOptions& opt_;
  std::string out_;
  bool one_province_ = false;
};

std::string_view status_sgr(Status s) {
  switch (s) {
    case Status::kMandatory: return "1;31";
    case Status::kEligible: return "1;32";
    case Status::kEnrolled: return "32";
    case Status::kPlatformCovered: return "36";
    case Status::kRecommended: return "33";
    case Status::kNotEligible: return "2";
    case Status::kNotAvailable: return "2";
  }
  return "";
}

// ---------------------------------------------------------------------------------------------
// Formatting helpers

std::string age_text(YearsMonths a, Lang lang) {
  if (lang == Lang::kZh) {
    std::string r = std::to_string(a.years) + "岁";
    if (a.months != 0) r += std::to_string(a.months) + "个月";
    return r;
  }
  std::string r = std::to_string(a.years) + (a.years == 1 ? " year" : " years");
  if (a.months != 0) r += " " + std::to_string(a.months) + (a.months == 1 ? " month" : " months");
  return r;
}

std::string duration_text(YearsMonths d, Lang lang) {
  if (lang == Lang::kZh) {
    if (d.years == 0) return std::to_string(d.months) + "个月";
    std::string r = std::to_string(d.years) + "年";
    if (d.months != 0) r += std::to_string(d.months) + "个月";
    return r;
  }
  if (d.years == 0) return std::to_string(d.months) + (d.months == 1 ? " month" : " months");
  return age_text(d, lang);
}

std::string months_text(std::int32_t months, Lang lang) {
  return duration_text(YearsMonths::of(std::max<std::int32_t>(months, 0)), lang);
}

// 0.2 -> "20%", 0.085 -> "8.5%" (exact, from the decimal's millionths).
std::string percent_text(Decimal d) {
  std::int64_t m = d.micros();
  std::string r;
  if (m < 0) {
    r += '-';
    m = -m;
  }
  r += std::to_string(m / 10'000);
  std::int64_t frac = m % 10'000;
  if (frac != 0) {
    std::string f = std::to_string(frac);
    f.insert(0, 4 - f.size(), '0');
    while (!f.empty() && f.back() == '0') f.pop_back();
    r += '.';
    r += f;
  }
  r += '%';
  return r;
}

std::string money_text(Money m, Lang lang) {
  return lang == Lang::kZh ? money_for_people(m) + "元" : money_for_people(m) + " yuan";
}

// "2057-07" -> "2057年7月" / "July 2057".
std::string month_text(YearMonth ym, Lang lang) {
  if (lang == Lang::kZh) return std::to_string(ym.year()) + "年" + std::to_string(ym.month()) + "月";
  static constexpr std::string_view kMonths[] = {"January", "February", "March",     "April",   "May",      "June",
                                                 "July",    "August",   "September", "October", "November", "December"};
  return std::string(kMonths[(ym.month() + 11) % 12]) + " " + std::to_string(ym.year());
}

// A document number or article in English text: its full-width punctuation in ASCII
// ("国发〔2014〕8号" -> "国发[2014]8号", "（九）" -> "(九)"), a title's 《》 left out.
std::string ascii_punct(std::string_view s) {
  struct Sub {
    std::string_view from, to;
  };
  static constexpr Sub kSubs[] = {{"〔", "["}, {"〕", "]"}, {"（", "("}, {"）", ")"}, {"《", ""},
                                  {"》", ""},  {"，", ", "}, {"、", ", "}, {"：", ": "}, {"；", "; "}};
  std::string r;
  r.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    bool done = false;
    for (const Sub& x : kSubs)
      if (s.substr(i, x.from.size()) == x.from) {
        r += x.to;
        i += x.from.size();
        done = true;
        break;
      }
    if (!done) r += s[i++];
  }
  return r;
}

// "【doc（art）】【doc】" in Chinese; "[doc(art); doc]" in English.
std::string citations_text(Citations cites, Lang lang) {
  std::string r;
  for (const auto& c : cites) {
    if (c.document.empty() && c.article.empty()) continue;
    if (lang == Lang::kZh) {
      r += "【" + clean(c.document) + clean(c.article) + "】";
    } else {
      r += r.empty() ? "[" : "; ";
      r += ascii_punct(clean(c.document) + clean(c.article));
    }
  }
  if (lang == Lang::kEn && !r.empty()) r += ']';
  return r;
}

// "text【doc（art）】" in Chinese, "text [doc（art）]" in English.
std::string cited(std::string text, Citations cites, Lang lang) {
  const std::string c = citations_text(cites, lang);
  if (!c.empty() && lang == Lang::kEn && !text.empty()) text += ' ';
  return text + c;
}

std::string short_digest(std::string_view digest) {
  constexpr std::string_view kPrefix = "sha256:";
  constexpr std::size_t kHexShown = 12;
  std::string_view hex = digest;
  std::string r;
  if (hex.substr(0, kPrefix.size()) == kPrefix) {
    r += kPrefix;
    hex.remove_prefix(kPrefix.size());
  }
  r += clean(hex.substr(0, kHexShown));
  return r;
}

std::string unit_text(std::string_view unit, Lang lang) {
  struct U {
    std::string_view id, zh, en;
  };
  static constexpr U kUnits[] = {
      {"months", "个月", " months"},     {"month", "个月", " month"},
      {"years", "年", " years"},         {"days", "天", " days"},
      {"yuan", "元", " yuan"},           {"yuan_per_month", "元/月", " yuan a month"},
      {"yuan_per_year", "元/年", " yuan a year"},
      {"yuan_per_order", "元/单", " yuan per order"},
      {"percent", "%", "%"},
  };
  for (const auto& u : kUnits)
    if (u.id == unit) return std::string(lang == Lang::kZh ? u.zh : u.en);
  if (unit.empty()) return {};
  return " " + clean(unit);
}

Text transfer_kind_label(std::string_view kind) {
  if (kind == "pension.full_transfer")
    return {"养老保险关系转移，个人账户和统筹基金随同转移", "the pension record and funds move to the new place"};
  if (kind == "pension.temporary_account")
    return {"在新参保地建立临时基本养老保险缴费账户",
            "a temporary pension contribution account is opened at the new place"};
  if (kind == "pension.scheme_link")
    return {"城乡养老保险制度衔接", "linking the employee and resident pension schemes"};
  if (kind == "medical.transfer")
    return {"医保关系转移接续，缴费年限累计计算", "the record and its years move"};
  if (kind == "medical.scheme_switch")
    return {"职工医保与居民医保之间转换", "switching to the other scheme"};
  if (kind == "medical.no_transfer")
    return {"无法办理转移", "no transfer is possible"};
  if (kind == "pension.benefit_place") return {"养老金将来在哪里领取", "where the pension will be drawn"};
  if (kind == "pension.benefit_place_at_retirement")
    return {"一直交到退休时的领取地", "the benefit place if you pay on until retirement"};
  return {std::string(kind), std::string(kind)};
}

// The question a field answers; with `path` (details) also the field's profile path, for the clerk
// who fills in a file.
std::string field_label(std::string_view path, Lang lang, bool with_path = true) {
  const FieldSpec* f = find_field(path);
  std::string r;
  if (f != nullptr && !f->label.get(lang).empty() && !with_path) {
    r = clean(f->label.get(lang));
  } else if (f != nullptr && !f->label.get(lang).empty()) {
    r = clean(f->label.get(lang));
    r += lang == Lang::kZh ? "（" : " (";
    r += clean(path);
    r += lang == Lang::kZh ? "）" : ")";
  } else {
    r = clean(path);
  }
  return r;
}

std::string scheme_name(const EvalResult& r, std::string_view id, Lang lang) {
  for (const auto& s : r.schemes)
    if (s.id == id && !s.name.get(lang).empty()) return clean(s.name.get(lang));
  return clean(id);
}

std::string joined(const std::vector<std::string>& items, std::string_view sep) {
  std::string r;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i != 0) r += sep;
    r += items[i];
  }
  return r;
}

// ---------------------------------------------------------------------------------------------
// Sections

void render_header(Out& o, const EvalResult& r) {
  const Lang lang = o.lang();
  o.line(0, o.colored(o.t("社会保险参保评估", "Social insurance check"), "1"));
  o.line(0, std::string(o.t("查询日期：", "Date of the question: ")) + r.as_of.to_string());
  o.line(0, std::string(o.t("年龄：", "Age: ")) + age_text(r.age, lang));
  if (r.retirement) {
    const RetirementInfo& ri = *r.retirement;
    std::string s(o.t("法定退休年龄：", "Statutory retirement age: "));
    s += age_text(ri.age, lang);
    if (o.zh()) {
      s += "（原" + age_text(ri.original_age, lang) + "，延迟" + std::to_string(ri.delay_months) + "个月），" +
           (ri.date <= YearMonth::of(r.as_of) ? "已于" : "") + month_text(ri.date, lang) + "达到";
    } else {
      s += " (originally " + age_text(ri.original_age, lang) + ", delayed by " +
           months_text(ri.delay_months, lang) + (ri.date <= YearMonth::of(r.as_of) ? "), already reached in " : "), reached in ") +
           month_text(ri.date, lang);
    }
    o.line(0, s, 2);
    o.line(0, std::string(o.t("最低缴费年限：", "Minimum contribution period: ")) +
                  duration_text(ri.min_contribution, lang));
    if (o.zh()) {
      o.line(0, "弹性退休：最早" + ri.flexible_earliest.to_string() + "，最晚" +
                    ri.flexible_latest.to_string());
    } else {
      o.line(0, "Flexible retirement: earliest " + ri.flexible_earliest.to_string() +
                    ", latest " + ri.flexible_latest.to_string());
    }
    if (!ri.citations.empty())
      o.line(2, std::string(o.t("依据：", "Basis: ")) + citations_text(ri.citations, lang), 2);
  } else {
    o.line(0, std::string(o.t("法定退休年龄：待定（见“还需要了解”）",
                              "Statutory retirement age: open (see \"Still needed\")")));
  }
  if (r.outlook) {
    const PensionOutlook& ou = *r.outlook;
    std::string s;
    if (o.zh()) {
      s = "养老保险缴费年限：已缴" + months_text(ou.months_paid, lang) + "，到法定退休还有" +
          months_text(ou.months_to_retirement, lang) + "，预计共" +
          months_text(ou.projected_months, lang) + "；最低需要" +
          months_text(ou.required_months, lang) + "，";
      s += ou.will_meet_minimum ? "能够满足"
                                : "还差" + months_text(ou.shortfall_months, lang);
    } else {
      s = "Pension contributions: " + months_text(ou.months_paid, lang) + " paid, " +
          months_text(ou.months_to_retirement, lang) + " to statutory retirement, " +
          months_text(ou.projected_months, lang) + " projected; minimum " +
          months_text(ou.required_months, lang) + ": ";
      s += ou.will_meet_minimum ? "met" : months_text(ou.shortfall_months, lang) + " short";
    }
    o.line(0, s, 2);
    for (const auto& a : ou.advice)
      o.line(2, "· " + cited(o.tx(a.text), a.citations, lang), 2);
  }
  o.line(0, std::string(o.t("政策依据：", "Policy set: ")) + clean(r.policy_set.id) +
                (o.zh() ? "（" : " (") + short_digest(r.policy_set.digest) +
                (o.zh() ? "）" : ")"));
}

void render_relationship(Out& o, const EvalResult& r) {
  const Lang lang = o.lang();
  const RelationshipInfo& rel = r.relationship;
  std::string label = o.tx(rel.label);
  if (label.empty()) label = clean(rel.id);
  o.line(0, std::string(o.t("用工关系：", "Work relationship: ")) + label, 2);
  if (!rel.explanation.get(lang).empty()) o.line(2, o.tx(rel.explanation));
  if (!rel.citations.empty())
    o.line(2, std::string(o.t("依据：", "Basis: ")) + citations_text(rel.citations, lang), 2);
}

void render_contribution(Out& o, const Contribution& c) {
  const Lang lang = o.lang();
  const bool zh = o.zh();
  if (c.base_monthly || c.base_min || c.base_max) {
    std::string s(o.t("缴费基数：", "Contribution base: "));
    if (c.base_monthly) s += zh ? "每月" + money_text(*c.base_monthly, lang)
                                : money_text(*c.base_monthly, lang) + " a month";
    std::vector<std::string> limits;
    if (c.base_min) limits.push_back(std::string(o.t("下限", "min ")) + money_text(*c.base_min, lang));
    if (c.base_max) limits.push_back(std::string(o.t("上限", "max ")) + money_text(*c.base_max, lang));
    if (!limits.empty()) {
      if (!c.base_monthly) {
        s += joined(limits, o.t("，", ", "));
      } else {
        s += zh ? "（" : " (";
        s += joined(limits, o.t("，", ", "));
        s += zh ? "）" : ")";
      }
    }
    o.line(3, s, 2);
  }
  if (c.rate_personal || c.rate_employer) {
    std::vector<std::string> parts;
    if (c.rate_personal) parts.push_back(std::string(o.t("个人", "personal ")) + percent_text(*c.rate_personal));
    if (c.rate_employer) parts.push_back(std::string(o.t("单位", "employer ")) + percent_text(*c.rate_employer));
    o.line(3, std::string(o.t("缴费比例：", "Rates: ")) + joined(parts, o.t("，", ", ")), 2);
  }
  const auto amounts = [&](std::string_view head, const Amounts& a) {
    std::string s(head);
    if (zh) {
      s += "个人" + money_text(a.personal, lang) + "，单位" + money_text(a.employer, lang) + "，合计" +
           money_text(a.total, lang);
    } else {
      s += "personal " + a.personal.to_string() + ", employer " + a.employer.to_string() +
           ", total " + money_text(a.total, lang);
    }
    o.line(3, s, 2);
  };
  if (c.monthly) amounts(o.t("每月缴费：", "Monthly: "), *c.monthly);
  if (c.annual) amounts(o.t("每年缴费：", "Yearly: "), *c.annual);
  if (c.fixed_annual) {
    std::string label = o.tx(c.fixed_annual->label);
    if (label.empty()) label = clean(c.fixed_annual->id);
    o.line(3, zh ? "其中" + label + "：每年" + money_text(c.fixed_annual->amount, lang) + "（已计入每年缴费）"
                 : "Of which " + label + ": " + money_text(c.fixed_annual->amount, lang) + " a year (included in the yearly amount)",
           2);
  }
  if (c.government_annual) {
    o.line(3, zh ? "政府补贴：每年" + money_text(*c.government_annual, lang)
                 : "Government subsidy: " + money_text(*c.government_annual, lang) + " a year",
           2);
  }
  if (!c.options.empty()) {
    o.line(3, std::string(o.t("其他缴费档次：", "Other bases:")));
    for (const auto& opt : c.options) {
      std::string s = o.tx(opt.label);
      if (s.empty()) s = clean(opt.id);
      if (opt.base && opt.monthly) {
        if (zh) {
          s += "：基数" + money_text(*opt.base, lang) + "，每月" + money_text(opt.monthly->total, lang) +
               "，每年" + money_text(opt.annual.total, lang);
        } else {
          s += ": base " + money_for_people(*opt.base) + ", monthly " + money_for_people(opt.monthly->total) +
               ", yearly " + money_text(opt.annual.total, lang);
        }
      } else {
        s += (zh ? "：每年" : ": yearly ") + money_text(opt.annual.total, lang);
      }
      o.line(5, s, 2);
    }
  }
}

void render_scheme(Out& o, const EvalResult& r, const SchemeResult& s, std::size_t index) {
  const Lang lang = o.lang();
  const bool zh = o.zh();
  std::string head = std::to_string(index) + ". " + o.tx(s.name) + " — " +
                     o.colored(status_label(s.status).get(lang), status_sgr(s.status));
  if (!s.determined) head += o.colored(o.t("（待定）", " (pending)"), "33");
  o.line(0, head, 3);
  if (s.channel)
    o.line(3, std::string(o.t("办理方式：", "How: ")) + channel_label(*s.channel).get(lang), 2);
  if (s.enrol_region)
    o.line(3, std::string(o.t("参保地：", "Where: ")) + clean(s.enrol_region->full_name(lang)), 2);
  if (s.contribution) render_contribution(o, *s.contribution);
  if (!s.reasons.empty()) {
    o.line(3, std::string(o.t("原因：", "Why:")));
    for (const auto& re : s.reasons)
      o.line(5, "· " + cited(o.tx(re.text), re.citations, lang), 2);
  }
  if (!s.details.empty()) {
    o.line(3, std::string(o.t("说明：", "Details:")));
    for (const auto& d : s.details) {
      const std::string raw = d.value.text();
      std::string value = clean(raw) + unit_text(d.unit, lang);
      if (d.unit == "ratio") {
        // Ratios read better as percentages: 0.08 -> 8%.
        if (auto ratio = Decimal::parse(raw)) value = (*ratio * Decimal::from_int(100)).to_string(0) + "%";
      }
      std::string line = "· " + o.tx(d.label) + (zh ? "：" : ": ") + value;
      o.line(5, line, 2);
    }
  }
  if (const auto alternatives = open_alternatives(r, s); !alternatives.empty()) {
    std::vector<std::string> names;
    for (const auto& a : alternatives) names.push_back(scheme_name(r, a, lang));
    o.line(3, std::string(o.t("也可以考虑：", "Alternatives: ")) + joined(names, o.t("、", ", ")), 2);
  }
  if (!s.determined) {
    std::string line = o.colored(o.t("待定", "Pending"), "33");
    if (!s.needs.empty()) {
      std::vector<std::string> labels;
      for (const auto& n : s.needs) labels.push_back(field_label(n, lang));
      line += zh ? "，还需要了解：" : ", still needed: ";
      line += joined(labels, o.t("；", "; "));
    } else {
      line += o.t("：取决于尚未确定的情况", ": depends on facts not yet known");
    }
    o.line(3, line, 2);
  }
}

bool is_benefit_place(std::string_view kind) {
  return kind == "pension.benefit_place" || kind == "pension.benefit_place_at_retirement";
}

void render_transfers(Out& o, const EvalResult& r, bool steps) {
  const Lang lang = o.lang();
  o.line(0, o.colored(o.t("转移接续：", "Transfers:"), "1"));
  std::size_t index = 0;
  for (const auto& t : r.transfers) {
    if (!steps && is_benefit_place(t.kind)) continue;  // said under the records (render_records)
    std::string head = std::to_string(++index) + ". " + scheme_name(r, t.scheme, lang);
    head += o.t("：", ": ");
    if (t.from_region && t.to_region) {
      const std::string from = o.place(*t.from_region);
      const std::string to = o.place(*t.to_region);
      head += o.zh() ? from + " → " + to + "，" : "from " + from + " to " + to + " — ";
    } else if (t.from_region || t.to_region) {
      // Only one end is known (e.g. linking at retirement, where the place is decided later).
      const std::string place = o.place(*(t.from_region ? t.from_region : t.to_region));
      head += o.zh() ? (t.from_region ? "从" + place + "，" : "到" + place + "，")
                     : (t.from_region ? "from " + place + " — " : "to " + place + " — ");
    }
    head += transfer_kind_label(t.kind).get(lang);
    o.line(0, head, 3);
    if (!steps) continue;
    std::size_t step = 0;
    for (const auto& st : t.steps)
      o.line(3, "(" + std::to_string(++step) + ") " + o.tx(st), 4);
    if (!t.citations.empty())
      o.line(3, std::string(o.t("依据：", "Basis: ")) + citations_text(t.citations, lang), 2);
  }
}

// Records in several places: where the pension is paid (the pack's words, with their citations),
// what moves there, employee-medical years and what the pension may pay. Compact by default (one
// line per option); `details` adds the record by province and every assumption.
void render_records(Out& o, const EvalResult& r, bool details) {
  const Lang lang = o.lang();
  const bool zh = o.zh();
  bool any_place = false;
  for (const auto& t : r.transfers) any_place = any_place || is_benefit_place(t.kind);
  const RecordsInfo* rec = r.records ? &*r.records : nullptr;
  if (!any_place && (rec == nullptr || (!rec->medical_years && !rec->estimate))) return;
  o.blank();
  o.line(0, o.colored(o.t("养老金和缴费记录：", "Pension and contribution records:"), "1"));
  if (!details) {  // with details the transfers say it, with their steps
    for (const auto& t : r.transfers) {
      if (!is_benefit_place(t.kind)) continue;
      for (const auto& st : t.steps) o.line(2, "· " + cited(o.tx(st), t.citations, lang), 4);
    }
  }
  if (rec != nullptr && rec->benefit_place) {
    const BenefitPlaceInfo& b = *rec->benefit_place;
    if (details)
      for (const RecordPlace& p : b.places) {
        std::string l = "· " + clean(p.region.full_name(lang)) + (zh ? "：" : ": ") + months_text(p.months, lang);
        if (p.deemed_months > 0) l += zh ? "（含视同" + months_text(p.deemed_months, lang) + "）"
                                         : " (" + months_text(p.deemed_months, lang) + " deemed)";
        if (p.temporary_months > 0) l += zh ? "，临时账户" + months_text(p.temporary_months, lang)
                                            : ", temporary account " + months_text(p.temporary_months, lang);
        if (p.relation) l += zh ? "（养老保险关系在这里）" : " (the relation is here)";
        o.line(2, l, 2);
      }
    for (const RecordMoveInfo& m : b.moves) {
      const std::string from = clean(m.from.full_name(lang)), to = clean(m.to.full_name(lang));
      if (zh)
        o.line(2, "· 要转移：" + from + (m.temporary ? "的临时账户" : "") + months_text(m.months, lang) + " → " + to, 4);
      else
        o.line(2, "· To move: " + months_text(m.months, lang) + (m.temporary ? " in a temporary account" : "") +
                      " from " + from + " to " + to, 4);
    }
  }
  if (rec != nullptr && rec->medical_years) {
    const MedicalYearsInfo& m = *rec->medical_years;
    std::string l;
    if (zh) {
      l = "· 职工医保已交" + months_text(m.months_paid, lang) + "（各地累计）";
      if (m.keeps_paying) l += "，交到法定退休年龄共" + months_text(m.months_at_retirement, lang);
      if (m.required_months) {
        l += "；" + clean(m.place.full_name(lang)) + "退休后不再缴费需满" + months_text(*m.required_months, lang);
        l += m.missing_months > 0 ? "，还差" + months_text(m.missing_months, lang) + "，可以退休后继续缴费补足"
                                  : "，够了";
      } else {
        l += "；退休后不再缴费所需年限由" + clean(m.place.full_name(lang)) + "规定，暂未查到，请向当地医保经办机构咨询";
      }
      l += "【医保办发〔2021〕43号】";
    } else {
      l = "· Employee medical paid: " + months_text(m.months_paid, lang) + " (all places added up)";
      if (m.keeps_paying) l += ", " + months_text(m.months_at_retirement, lang) + " by statutory retirement";
      if (m.required_months) {
        l += "; " + clean(m.place.full_name(lang)) + " requires " + months_text(*m.required_months, lang) +
             " for benefits without paying after retirement";
        l += m.missing_months > 0 ? ": " + months_text(m.missing_months, lang) + " short, which can be paid after retirement"
                                  : ": enough";
      } else {
        l += "; the years needed for benefits after retirement are set by " + clean(m.place.full_name(lang)) +
             " and not known here: ask the local medical-insurance office";
      }
      l += " [医保办发[2021]43号]";
    }
    o.line(2, l, 4);
  }
  if (rec != nullptr && rec->estimate && !rec->estimate->options.empty()) {
    const PensionEstimateInfo& e = *rec->estimate;
    const YearMonth from = e.shortfall_months > 0 ? e.draws_from : e.retirement;
    o.line(2, zh ? "· 养老金估算（" + month_text(from, lang) + "起每月，按今天的钱，共缴费" +
                       months_text(e.months, lang) + "）【国发〔2005〕38号】："
                 : "· Estimated monthly pension from " + month_text(from, lang) + " (today's money, " +
                       months_text(e.months, lang) + " paid) [国发[2005]38号]:",
           4);
    if (e.shortfall_months > 0) {
      o.line(4, zh ? "到法定退休年龄还差" + months_text(e.shortfall_months, lang) + "才满最低缴费年限：下面按延长缴费到" +
                         month_text(e.draws_from, lang) + "再领取计算，延长的月份按各档另交。"
                   : months_text(e.shortfall_months, lang) + " short of the minimum at the statutory age: the figures assume " +
                         "paying on until " + month_text(e.draws_from, lang) + " and drawing from then, the extra months at each base.",
             2);
      const EstimateNote n = one_off_payment_note();
      o.line(4, cited(std::string(zh ? n.zh : n.en), one_off_payment_citations(), lang), 2);
    }
    using W = ResidentEstimateInfo::Withheld;
    const ResidentEstimateInfo* res = e.resident ? &*e.resident : nullptr;
    if (res != nullptr) {
      std::string l = zh ? "- 城乡居民养老保险" : "- Resident pension";
      if (res->withheld == W::kEmployeeRecord) {
        l += zh ? "：" : ": ";
      } else if (res->withheld == W::kNoGrade || res->withheld == W::kNoBasicPension) {
        l += zh ? "（最低档次）：" : " (lowest grade): ";
      } else {
        l += zh ? "（最低档次，每年交" + money_text(res->grade, lang) + "，政府补贴" + money_text(res->subsidy, lang) + "）："
                : " (lowest grade, " + money_text(res->grade, lang) + " a year, government subsidy " +
                      money_text(res->subsidy, lang) + "): ";
      }
      if (res->withheld == W::kNone) {
        l += zh ? "按月折合约" + money_text(res->monthly_personal, lang) + "，" + month_text(res->draws_from, lang) +
                      "起每月约领" + money_text(res->total, lang) + "（基础养老金" + money_text(res->basic, lang) +
                      " + 个人账户" + money_text(res->account, lang) + "）"
                : "about " + money_text(res->monthly_personal, lang) + " a month; from " + month_text(res->draws_from, lang) +
                      " about " + money_text(res->total, lang) + " a month (basic " + money_text(res->basic, lang) +
                      " + account " + money_text(res->account, lang) + ")";
      } else {
        const EstimateNote n = resident_withheld_note(res->withheld);
        l += zh ? n.zh : n.en;
      }
      o.line(4, l, 2);
    }
    for (const EstimateOption& opt : e.options) {
      std::string label;
      for (const auto& s : r.schemes)
        if (s.id == "pension.employee" && s.contribution)
          for (const auto& co : s.contribution->options)
            if (co.id == opt.id) label = o.tx(co.label);
      if (label.empty()) label = clean(opt.id);
      std::string l = "- " + label + (zh ? "：" : ": ");
      if (opt.compared_to.empty()) {
        l += zh ? "每月交" + money_text(opt.monthly_personal, lang) + "，退休后每月约领" + money_text(opt.total, lang)
                : "pay " + money_text(opt.monthly_personal, lang) + " a month, draw about " +
                      money_text(opt.total, lang) + " a month";
      } else if (opt.compared_to == kResidentOptionId) {
        l += zh ? "每月交" + money_text(opt.monthly_personal, lang) + "，比城乡居民养老保险每月多缴" +
                      money_text(opt.more_monthly_personal, lang) + "，退休后每月约多领" + money_text(opt.more_total, lang) +
                      "（约" + money_text(opt.total, lang) + "）"
                : "pay " + money_text(opt.monthly_personal, lang) + " a month, " + money_text(opt.more_monthly_personal, lang) +
                      " more than the resident pension, draw about " + money_text(opt.more_total, lang) + " more (about " +
                      money_text(opt.total, lang) + ")";
      } else {
        l += zh ? "每月多缴" + money_text(opt.more_monthly_personal, lang) + "，退休后每月约多领" +
                      money_text(opt.more_total, lang) + "（约" + money_text(opt.total, lang) + "）"
                : "pay " + money_text(opt.more_monthly_personal, lang) + " more a month, draw about " +
                      money_text(opt.more_total, lang) + " more (about " + money_text(opt.total, lang) + ")";
      }
      if (opt.extension_cost)
        l += zh ? "；延长缴费约" + money_text(*opt.extension_cost, lang) : "; extending costs about " + money_text(*opt.extension_cost, lang);
      o.line(4, l, 2);
    }
    // The assumptions in the block's own indent, wrapped there too.
    if (details) {
      for (const EstimateNote& n : estimate_notes()) o.line(6, zh ? n.zh : n.en);
      if (res != nullptr && res->withheld == W::kNone)
        for (const EstimateNote& n : resident_estimate_notes()) o.line(6, zh ? n.zh : n.en);
      if (res != nullptr && res->withheld == W::kNone && res->past_resident_not_counted) {
        const EstimateNote n = resident_past_not_counted_note();
        o.line(6, zh ? n.zh : n.en);
      }
      if (e.payout_interpolated)
        o.line(6, zh ? "退休年龄不是整岁，计发月数按相邻两岁插值（" + e.payout_months.to_string(2) + "个月），这种算法尚未与官方文件核对。"
                     : "The retirement age has months: the payout months are interpolated between two ages (" +
                           e.payout_months.to_string(2) + "), a method not yet confirmed officially.");
    } else {
      // One paragraph: what the figures assume and leave out.
      std::string l = zh ? "工资增长按0计，每个月都按这一档算；不含过渡性养老金和地方补贴。"
                         : "Wage growth 0, every month at this base; transitional pension and local supplements not "
                           "included.";
      if (res != nullptr && res->withheld == W::kNone && res->past_resident_not_counted) {
        const EstimateNote n = resident_past_not_counted_note();
        l += zh ? std::string(n.zh) : " " + std::string(n.en);
      }
      if (res != nullptr && res->withheld == W::kNone)
        l += zh ? "城乡居民养老保险按最低档次每年交到领取年龄算；超过最低缴费年限后每年加发的基础养老金没有查到，未算在内。"
                : " The resident pension: the lowest grade every year until it is drawn; the extra basic pension "
                  "for each year beyond the minimum was not found and is not included.";
      o.line(6, l);
    }
  }
}

void render_trace(Out& o, const EvalResult& r) {
  const Lang lang = o.lang();
  o.line(0, o.colored(o.t("判断过程：", "How the answer was reached:"), "1"));
  for (const auto& ts : r.trace) {
    o.line(0, scheme_name(r, ts.scheme, lang) + (o.zh() ? "（" : " (") + clean(ts.scheme) +
                  (o.zh() ? "）" : ")"),
           2);
    for (const auto& tr : ts.rules) {
      std::string mark;
      if (tr.matched == "true") {
        mark = o.colored("✓", "32");
      } else if (tr.matched == "false") {
        mark = o.colored("✗", "2");
      } else {
        mark = o.colored("?", "33");
      }
      o.line(2, mark + " " + clean(tr.rule), 2);
      if (!tr.seen.empty()) {
        std::vector<std::string> seen;
        for (const auto& v : tr.seen) seen.push_back(clean(v.path) + " = " + clean(v.value));
        o.line(4, joined(seen, "; "), 2);
      }
    }
  }
}

bool is_figure_note(const Warning& w) {
  return w.code == "parameter_unverified" || w.code == "parameter_provisional";
}

// "每月871.40元（每年10,456.80元）" / "每年300.00元".
std::string cost_text(const ActionCost& c, Lang lang) {
  if (lang == Lang::kZh) {
    if (c.monthly) return "每月" + money_text(*c.monthly, lang) + "（每年" + money_text(c.annual, lang) + "）";
    return "每年" + money_text(c.annual, lang);
  }
  if (c.monthly) return money_text(*c.monthly, lang) + " a month (" + money_for_people(c.annual) + " a year)";
  return money_text(c.annual, lang) + " a year";
}

// The scheme's own cost; a yearly fee inside the yearly amount is named (DECISIONS: on a line
// of its own in full).
std::string scheme_cost_text(Out& o, const SchemeResult& s, const ActionCost& c) {
  const Lang lang = o.lang();
  if (const auto& fee = s.contribution ? s.contribution->fixed_annual : std::nullopt; fee && c.monthly) {
    std::string label = o.tx(fee->label);
    if (label.empty()) label = clean(fee->id);
    return o.zh() ? "每月" + money_text(*c.monthly, lang) + "（每年" + money_text(c.annual, lang) + "，含" + label +
                        money_text(fee->amount, lang) + "）"
                  : money_text(*c.monthly, lang) + " a month (" + money_for_people(c.annual) + " a year, including the " +
                        label + " of " + money_text(fee->amount, lang) + ")";
  }
  return cost_text(c, lang);
}

// One action's option: the scheme, where, what it costs, what to do, and by when (the deadline
// the policy names, beside what it is about).
void render_option(Out& o, const SummaryOption& opt, std::string_view bullet, int indent, int hang) {
  const SchemeResult& s = *opt.scheme;
  std::string line(bullet);
  line += o.tx(s.name);
  if (s.enrol_region) line += (o.zh() ? "（" : " (") + o.place(*s.enrol_region) + (o.zh() ? "）" : ")");
  if (opt.cost) line += (o.zh() ? "：" : ": ") + scheme_cost_text(o, s, *opt.cost);
  line += o.zh() ? "。" : ". ";
  line += o.tx(s.advice->text);
  if (!s.advice->deadline.empty()) {
    if (!o.zh() && !line.empty() && line.back() != ' ') line += ' ';
    line += std::string(o.t("期限：", "Deadline: ")) + o.tx(s.advice->deadline);
  }
  o.line(indent, line, hang);
}

// "2①" / "2a": where a scheme is one of the actions, or empty.
std::string action_mark(Out& o, const Summary& sum, const SchemeResult& s) {
  static constexpr std::string_view kZhMarks[] = {"①", "②", "③", "④"};
  static constexpr std::string_view kEnMarks[] = {"a", "b", "c", "d"};
  for (std::size_t i = 0; i < sum.actions.size(); ++i) {
    const SummaryAction& a = sum.actions[i];
    for (std::size_t k = 0; k < a.options.size(); ++k) {
      if (a.options[k].scheme != &s) continue;
      std::string m = std::to_string(i + 1);
      if (a.kind == ActionKind::kChooseOne && k < 4) m += o.zh() ? kZhMarks[k] : kEnMarks[k];
      return m;
    }
  }
  return {};
}

void render_summary(Out& o, const EvalResult& r, const Summary& sum) {
  const Lang lang = o.lang();
  if (sum.actions.empty()) return;
  o.line(0, o.colored(o.t("怎么办：", "What to do:"), "1"));
  std::size_t index = 0;
  for (const SummaryAction& a : sum.actions) {
    const std::string n = std::to_string(++index) + ". ";
    if (a.kind == ActionKind::kChooseOne) {
      // "2. 二选一：① …" on the action's line, the other sides below it.
      static constexpr std::string_view kZhMarks[] = {"① ", "② ", "③ ", "④ "};
      static constexpr std::string_view kEnMarks[] = {"a) ", "b) ", "c) ", "d) "};
      for (std::size_t i = 0; i < a.options.size(); ++i) {
        const std::string mark(i < 4 ? (o.zh() ? kZhMarks[i] : kEnMarks[i]) : "· ");
        if (i == 0) render_option(o, a.options[i], n + std::string(o.t("二选一：", "Choose one: ")) + mark, 0, 5);
        else render_option(o, a.options[i], mark, 3, 2);
      }
    } else {
      render_option(o, a.options.front(), n, 0, 3);
    }
  }
  if (sum.annual.fen() == 0 && !sum.complete) {
    o.line(0, std::string(o.t("个人缴费合计：暂不能估算", "You pay: not estimated yet")), 2);
  } else if (sum.annual.fen() > 0) {
    std::string t(o.t("个人缴费合计：", "You pay: "));
    if (sum.at_least) t += o.t("至少", "at least ");
    if (o.zh()) {
      t += "每月" + money_text(sum.monthly, lang) + "（每年" + money_text(sum.annual, lang) + "）";
      if (sum.at_least) t += "，即每个二选一都选较便宜的一项";
      if (!sum.complete) t += "；还有尚未能估算的费用";
    } else {
      t += money_text(sum.monthly, lang) + " a month (" + money_for_people(sum.annual) + " a year)";
      if (sum.at_least) t += ", the cheaper of each choice";
      if (!sum.complete) t += "; some costs cannot be estimated yet";
    }
    o.line(0, t, 2);
  }
  if (!sum.bring.empty()) {
    std::vector<std::string> items;
    for (const TextView& b : sum.bring) items.push_back(o.tx(b));
    o.line(0, std::string(o.t("办理时带上：", "Bring: ")) + joined(items, o.t("、", ", ")), 2);
  }
  if (sum.settle) {
    std::vector<std::string> names;
    for (const std::string_view id : sum.settles) names.push_back(scheme_name(r, id, lang));
    std::string t(o.t("还没确定：", "Still open: "));
    const FieldSpec* f = find_field(*sum.settle);
    t += f != nullptr && !f->label.get(lang).empty() ? clean(f->label.get(lang)) : clean(*sum.settle);
    t += o.zh() ? "——知道后可以确定" + joined(names, "、") : " — knowing it settles " + joined(names, ", ");
    o.line(0, t, 2);
  }
}

// One line per scheme: its status, place, own cost and basis. A scheme that is one of the actions
// above has its place and cost there: the line points to it instead of repeating them.
void render_scheme_line(Out& o, const Summary& sum, const SchemeResult& s, std::size_t index) {
  const Lang lang = o.lang();
  std::string line = std::to_string(index) + ". " + o.tx(s.name) + " — " +
                     o.colored(status_label(s.status).get(lang), status_sgr(s.status));
  if (!s.determined) line += o.colored(o.t("（待定）", " (pending)"), "33");
  const auto c = own_cost(s);
  if (const std::string mark = action_mark(o, sum, s); !mark.empty() && (s.enrol_region || c)) {
    line += o.zh() ? "，见" + mark : ", see " + mark;
  } else {
    if (s.enrol_region) line += (o.zh() ? "，" : ", ") + o.place(*s.enrol_region);
    if (c) line += (o.zh() ? "，" : ", ") + scheme_cost_text(o, s, *c);
  }
  if (!s.reasons.empty()) line = cited(line, s.reasons.front().citations, lang);
  o.line(0, line, 3);
}

void render_header_short(Out& o, const EvalResult& r) {
  const Lang lang = o.lang();
  o.line(0, o.colored(std::string(o.t("社会保险参保评估（", "Social insurance check (")) + r.as_of.to_string() +
                          std::string(o.t("）", ")")),
                      "1"));
  std::string s = std::string(o.t("年龄", "Age ")) + age_text(r.age, lang);
  if (r.retirement) {
    const RetirementInfo& ri = *r.retirement;
    const bool past = ri.date <= YearMonth::of(r.as_of);
    if (o.zh()) {
      s += "；法定退休年龄" + age_text(ri.age, lang) + (past ? "，已于" : "，") + month_text(ri.date, lang) +
           "达到；最低缴费年限" + duration_text(ri.min_contribution, lang);
    } else {
      s += "; retirement age " + (ri.age.months == 0 ? std::to_string(ri.age.years) : age_text(ri.age, lang)) +
           (past ? " (already reached in " : " (") +
           month_text(ri.date, lang) + "); minimum " + duration_text(ri.min_contribution, lang) + " paid";
    }
  }
  o.line(0, s, 2);
  std::string label = o.tx(r.relationship.label);
  if (label.empty()) label = clean(r.relationship.id);
  o.line(0, std::string(o.t("用工关系：", "Work relationship: ")) + label, 2);
  if (r.outlook && !r.outlook->will_meet_minimum) {
    const PensionOutlook& ou = *r.outlook;
    if (o.zh()) {
      o.line(0, "养老保险缴费年限：到法定退休预计共" + months_text(ou.projected_months, lang) + "，最低需要" +
                    months_text(ou.required_months, lang) + "，还差" + months_text(ou.shortfall_months, lang),
             2);
    } else {
      o.line(0, "Pension contributions: " + months_text(ou.projected_months, lang) + " by statutory retirement, " +
                    months_text(ou.required_months, lang) + " needed: " + months_text(ou.shortfall_months, lang) +
                    " short",
             2);
    }
    for (const auto& a : ou.advice) o.line(2, "· " + cited(o.tx(a.text), a.citations, lang), 2);
  }
}

void render_notes(Out& o, const EvalResult& r, bool list_figures) {
  std::size_t figures = 0;
  for (const auto& w : r.warnings) figures += is_figure_note(w) ? 1 : 0;
  if (r.warnings.empty()) return;
  o.blank();
  o.line(0, o.colored(o.t("提示：", "Notes:"), "1"));
  for (const auto& w : r.warnings)
    if (!is_figure_note(w)) o.line(2, "· " + o.tx(w.text), 2);
  if (figures == 0) return;
  if (list_figures) {
    o.line(2, std::string(o.t("· 以下数字尚未与官方文件核对或仍是往年的，以当地经办机构公布为准：",
                               "· These figures are not yet checked against the official documents, or are last "
                               "year's; the local office's published figures prevail:")),
           2);
    for (const auto& w : r.warnings)
      if (is_figure_note(w)) o.line(4, "- " + o.tx(w.text), 2);
  } else if (o.zh()) {
    o.line(2, "· 本答案用到的数字中有" + std::to_string(figures) +
                  "处尚未与官方文件核对或仍是往年的，以当地经办机构公布为准（加 --notes 逐条列出）。",
           2);
  } else {
    o.line(2, "· " + std::to_string(figures) +
                  " figures used are not yet checked against official documents or are last year's; the local "
                  "office's figures prevail (--notes lists them).",
           2);
  }
}

std::string render(const EvalResult& r, const TextOptions& opt) {
  Out o(opt);
  const Lang lang = o.lang();
  const Summary sum = summarize(r);
  // Places without local rules: said once, at the top (RESULT local_rules).
  const auto local_rules = [&] {
    if (!r.local_rules_text.empty()) o.line(0, o.tx(r.local_rules_text), 2);
  };
  if (opt.details) {
    render_header(o, r);
    local_rules();
    o.blank();
    render_relationship(o, r);
  } else {
    render_header_short(o, r);
    local_rules();
    // Places in one province are named without it (the records below keep their full names).
    std::optional<std::uint32_t> province;
    bool one = true;
    const auto see = [&](const std::optional<Region>& g) {
      if (!g) return;
      const std::uint32_t p = g->code() / 10000;
      if (province && *province != p) one = false;
      province = p;
    };
    for (const auto& s : r.schemes) see(s.enrol_region);
    for (const auto& t : r.transfers) {
      see(t.from_region);
      see(t.to_region);
    }
    o.set_one_province(one && province.has_value());
  }
  if (!sum.actions.empty()) {
    o.blank();
    render_summary(o, r, sum);
  }
  o.blank();
  o.line(0, o.colored(o.t("各险种：", "Schemes:"), "1"));
  std::size_t index = 0;
  for (const auto& s : r.schemes) {
    if (opt.details) render_scheme(o, r, s, ++index);
    else render_scheme_line(o, sum, s, ++index);
  }
  std::size_t shown_transfers = 0;
  for (const auto& t : r.transfers) shown_transfers += opt.details || !is_benefit_place(t.kind) ? 1 : 0;
  if (shown_transfers > 0) {
    o.blank();
    render_transfers(o, r, opt.details);
  }
  render_records(o, r, opt.details);
  if (!r.needs.empty()) {
    o.blank();
    o.line(0, o.colored(o.t("还需要了解：", "Still needed:"), "1"));
    for (const auto& n : r.needs) o.line(2, "· " + field_label(n, lang, opt.details), 2);
  }
  render_notes(o, r, opt.notes || opt.details);
  if (!opt.details) {  // small print, right under the notes
    if (r.warnings.empty()) o.blank();
    o.line(0, std::string(o.t("政策版本：", "Policy set: ")) + clean(r.policy_set.id) + (o.zh() ? "（" : " (") +
                  short_digest(r.policy_set.digest) + (o.zh() ? "）" : ")"),
           2);
  }
  if (opt.explain && !r.trace.empty()) {
    o.blank();
    render_trace(o, r);
  }
  return o.take();
}

}  // namespace

std::string result_to_text(const EvalResult& r, const TextOptions& opt) {
  try {
    return render(r, opt);
  } catch (...) {  // only std::bad_alloc can get here
    return "out of memory\n";
  }
}

std::string retirement_to_text(const RetirementAnswer& a, bool female, Lang lang) {
  try {
    TextOptions opt;
    opt.lang = lang;
    opt.width = 0;
    Out o(opt);
    const YearsMonths original = YearsMonths::of(a.original_age_months);
    const YearsMonths age = YearsMonths::of(a.age_months);
    const YearsMonths minimum = YearsMonths::of(a.min_contribution_months);
    if (lang == Lang::kZh) {
      o.line(0, "出生年月：" + a.birth.to_string() + (female ? "（女）" : "（男）"));
      o.line(0, "原法定退休年龄：" + age_text(original, lang));
      o.line(0, "延迟：" + std::to_string(a.delay_months) + "个月");
      o.line(0, "法定退休年龄：" + age_text(age, lang));
      o.line(0, "退休时间：" + a.date.to_string());
      o.line(0, "最低缴费年限：" + duration_text(minimum, lang));
      o.line(0, "弹性退休：最早" + a.flexible_earliest.to_string() + "，最晚" +
                    a.flexible_latest.to_string());
    } else {
      o.line(0, "Born: " + a.birth.to_string() + (female ? " (female)" : " (male)"));
      o.line(0, "Original retirement age: " + age_text(original, lang));
      o.line(0, "Delay: " + months_text(a.delay_months, lang));
      o.line(0, "Statutory retirement age: " + age_text(age, lang));
      o.line(0, "Retirement month: " + a.date.to_string());
      o.line(0, "Minimum contribution period: " + duration_text(minimum, lang));
      o.line(0, "Flexible retirement: earliest " + a.flexible_earliest.to_string() + ", latest " +
                    a.flexible_latest.to_string());
    }
    return o.take();
  } catch (...) {
    return "out of memory\n";
  }
}

}  // namespace shebao
