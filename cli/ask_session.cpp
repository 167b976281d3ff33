#include "ask_session.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "shebao/core/digits.h"
#include "shebao/core/money.h"
#include "shebao/core/person_input.h"
#include "shebao/core/region.h"
#include "shebao/core/region_table.h"
#include "shebao/eval/evaluator.h"
#include "shebao/eval/summary.h"
#include "shebao/json/result_json.h"

namespace shebao::ask {
namespace {

constexpr std::string_view kIdeoSpace = "\xE3\x80\x80";  // U+3000
constexpr std::size_t kMaxRegionChoices = 40;

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

std::string trim(std::string_view s) {
  for (;;) {
    if (!s.empty() && is_space(s.front())) {
      s.remove_prefix(1);
    } else if (s.substr(0, kIdeoSpace.size()) == kIdeoSpace) {
      s.remove_prefix(kIdeoSpace.size());
    } else {
      break;
    }
  }
  for (;;) {
    if (!s.empty() && is_space(s.back())) {
      s.remove_suffix(1);
    } else if (s.size() >= kIdeoSpace.size() &&
               s.substr(s.size() - kIdeoSpace.size()) == kIdeoSpace) {
      s.remove_suffix(kIdeoSpace.size());
    } else {
      break;
    }
  }
  return std::string(s);
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool is_ascii(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

bool id_char(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; }

// A small number typed as a choice (1..99); 0 when it is not one.
std::size_t choice_number(std::string_view s) {
  if (!all_digits(s) || s.size() > 2) return 0;
  return static_cast<std::size_t>(std::stoi(std::string(s)));
}

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}
std::string strip_suffix(std::string_view s, std::initializer_list<std::string_view> suffixes) {
  for (std::string_view x : suffixes)
    if (ends_with(s, x)) return trim(s.substr(0, s.size() - x.size()));
  return std::string(s);
}
std::string remove_all(std::string s, std::string_view what) {
  for (auto p = s.find(what); p != std::string::npos; p = s.find(what)) s.erase(p, what.size());
  return s;
}
std::string replace_all(std::string s, std::string_view what, std::string_view with) {
  for (auto p = s.find(what); p != std::string::npos; p = s.find(what, p + with.size()))
    s.replace(p, what.size(), with);
  return s;
}

bool one_of(std::string_view t, std::initializer_list<std::string_view> words) {
  const std::string l = lower(t);
  return std::any_of(words.begin(), words.end(), [&](std::string_view w) { return l == w; });
}

bool is_help(std::string_view t) { return one_of(t, {"?", "？", "help", "帮助", "为什么"}); }
bool is_back(std::string_view t) { return one_of(t, {"<", "＜", "back", "返回", "上一题"}); }
bool is_skip(std::string_view t) {
  return one_of(t, {"不知道", "不清楚", "不确定", "跳过", "skip", "unknown", "don't know",
                    "dont know", "not sure"});
}
bool is_yes(std::string_view t) {
  return one_of(t, {"是", "是的", "对", "有", "y", "yes", "true"});
}
bool is_no(std::string_view t) {
  return one_of(t, {"否", "不是", "不", "没有", "无", "n", "no", "false"});
}

DocNode::Style style_for(FieldType t) {
  switch (t) {
    case FieldType::kRegion:
      return DocNode::Style::kQuoted;
    case FieldType::kMoney:
    case FieldType::kMonths:
    case FieldType::kYears:
    case FieldType::kDecimal:
    case FieldType::kYearCount:
      return DocNode::Style::kNumber;
    case FieldType::kBool:
      return DocNode::Style::kBool;
    case FieldType::kDate:
    case FieldType::kEnum:
    case FieldType::kString:
      return DocNode::Style::kPlain;
  }
  return DocNode::Style::kPlain;
}

// The mapping of `root` that holds the dotted `path`'s last key, which is left in `path`. The
// mappings on the way are made when `make`; without it, nullptr when one is missing.
DocNode* holder(DocNode& root, std::string_view& path, bool make) {
  DocNode* m = &root;
  for (auto dot = path.find('.'); dot != std::string_view::npos; dot = path.find('.')) {
    const std::string_view key = path.substr(0, dot);
    DocNode* next = nullptr;
    for (auto& e : m->entries)
      if (e.key == key) next = &e.value;
    if (!next && !make) return nullptr;
    if (!next) {
      m->entries.push_back(DocEntry{std::string(key), {}, mapping_node()});
      next = &m->entries.back().value;
    }
    m = next;
    path.remove_prefix(dot + 1);
  }
  return m;
}

// Puts `value` at the dotted `path` of the mapping `root`, creating the mappings on the way.
void put(DocNode& root, std::string_view path, DocNode value) {
  holder(root, path, true)->entries.push_back(DocEntry{std::string(path), {}, std::move(value)});
}

// Removes the entry at the dotted `path`; true when there was one.
bool remove_path(DocNode& root, std::string_view path) {
  DocNode* m = holder(root, path, false);
  if (!m) return false;
  const auto before = m->entries.size();
  std::erase_if(m->entries, [path](const DocEntry& e) { return e.key == path; });
  return m->entries.size() != before;
}

// The sex said with the birth ("1994-07 男", "男 32岁", "1994年7月女", "1994-07, male"): removed
// from `t`, which keeps the rest; nullopt (and `t` unchanged) when none is said. Female: true.
std::optional<bool> take_sex(std::string& t) {
  struct Word {
    std::string_view text;
    bool female;
    bool ascii;
  };
  static constexpr Word kWords[] = {{"男性", false, false}, {"女性", true, false}, {"男", false, false},
                                    {"女", true, false},    {"female", true, true}, {"woman", true, true},
                                    {"male", false, true},  {"man", false, true}};
  const auto seps = [](std::string_view s, bool front) {
    for (std::string_view sep : {" ", ",", "，", "、", "/", "；", ";"}) {
      if (front && s.substr(0, sep.size()) == sep) return sep.size();
      if (!front && ends_with(s, sep)) return sep.size();
    }
    return std::size_t{0};
  };
  const std::string l = lower(t);
  for (const Word& w : kWords) {
    std::string rest;
    if (ends_with(l, w.text)) {
      std::string_view before = std::string_view(t).substr(0, t.size() - w.text.size());
      // A word in English stands alone: "1994-07 male", never "...ale".
      if (w.ascii && !before.empty() && seps(before, false) == 0) continue;
      while (const std::size_t n = seps(before, false)) before.remove_suffix(n);
      rest = trim(before);
    } else if (l.substr(0, w.text.size()) == w.text) {
      std::string_view after = std::string_view(t).substr(w.text.size());
      if (w.ascii && !after.empty() && seps(after, true) == 0) continue;
      while (const std::size_t n = seps(after, true)) after.remove_prefix(n);
      rest = trim(after);
    } else {
      continue;
    }
    if (rest.empty()) continue;  // the sex alone is not a birth
    t = rest;
    return w.female;
  }
  return std::nullopt;
}

// The short form of an enum label: up to the first comma or bracket.
std::string short_label(std::string_view label) {
  std::size_t end = label.size();
  for (std::string_view cut : {"，", "（", ",", " ("})
    if (auto p = label.find(cut); p != std::string_view::npos) end = std::min(end, p);
  return trim(label.substr(0, end));
}

// The platforms named in the field's Chinese help, "meituan（美团）", "eleme（饿了么/淘宝闪购）": each
// as (id, its names), ("eleme", "饿了么/淘宝闪购").
std::vector<std::pair<std::string, std::string_view>> help_platforms(const FieldSpec& f) {
  std::vector<std::pair<std::string, std::string_view>> out;
  const std::string& help = f.help.zh;
  const std::string open = "（", close = "）";
  for (auto p = help.find(open); p != std::string::npos; p = help.find(open, p + 1)) {
    std::size_t start = p;
    while (start > 0 && id_char(help[start - 1])) --start;
    if (start == p) continue;
    const auto end = help.find(close, p);
    if (end == std::string::npos) break;
    const std::string_view names = std::string_view(help).substr(p + open.size(), end - p - open.size());
    out.emplace_back(help.substr(start, p - start), names);
  }
  return out;
}

// A platform's id by one of its names; empty when none has it.
std::string platform_by_name(const FieldSpec& f, std::string_view name) {
  for (auto& [id, names] : help_platforms(f))
    for (std::string_view rest = names; !rest.empty();) {
      const auto slash = rest.find('/');
      if (trim(rest.substr(0, slash)) == name) return id;
      if (slash == std::string_view::npos) break;
      rest.remove_prefix(slash + 1);
    }
  return {};
}

// The platforms, as (id, first name): ("meituan", "美团").
std::vector<std::pair<std::string, std::string>> named_platforms(const FieldSpec& f) {
  std::vector<std::pair<std::string, std::string>> out;
  for (auto& [id, names] : help_platforms(f)) out.emplace_back(std::move(id), trim(names.substr(0, names.find('/'))));
  return out;
}

// "1992年3月" / "1992/3" / "1992.3.5" -> "1992-03" / "1992-03-05"; other text unchanged.
std::string normalize_date(const std::string& t) {
  std::string s = t;
  s = remove_all(s, "日");
  s = remove_all(s, "号");
  s = replace_all(s, "年", "-");
  s = replace_all(s, "月", "-");
  std::replace(s.begin(), s.end(), '/', '-');
  std::replace(s.begin(), s.end(), '.', '-');
  while (!s.empty() && s.back() == '-') s.pop_back();
  std::vector<std::string> parts;
  std::size_t start = 0;
  for (;;) {
    const auto dash = s.find('-', start);
    parts.push_back(s.substr(start, dash == std::string::npos ? std::string::npos : dash - start));
    if (dash == std::string::npos) break;
    start = dash + 1;
  }
  if (parts.size() < 2 || parts.size() > 3 || parts[0].size() != 4) return t;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (!all_digits(parts[i])) return t;
    if (i > 0) {
      if (parts[i].size() > 2) return t;
      if (parts[i].size() == 1) parts[i].insert(0, "0");
    }
  }
  std::string out = parts[0] + "-" + parts[1];
  if (parts.size() == 3) out += "-" + parts[2];
  return out;
}

// "3年6个月" -> "42", "3年" -> "36", "36个月" -> "36"; other text unchanged.
std::string normalize_months(const std::string& t) {
  std::string s = strip_suffix(t, {"个月", "月"});
  const auto y = s.find("年");
  if (y == std::string::npos) return s;
  const std::string years = trim(std::string_view(s).substr(0, y));
  const std::string rest = trim(std::string_view(s).substr(y + std::string_view("年").size()));
  if (!all_digits(years) || years.size() > 3 || (!rest.empty() && (!all_digits(rest) || rest.size() > 3)))
    return t;
  const int months = std::stoi(years) * 12 + (rest.empty() ? 0 : std::stoi(rest));
  return std::to_string(months);
}

// Current regions directly inside `r` (region table's parent column): the counties of a prefecture
// or of a municipality, the prefectures (and counties under it directly) of a province.
std::vector<Region> known_children(Region r) {
  std::vector<Region> out;
  const RegionTable* t = region_table();
  if (t == nullptr || (!r.is_province() && !r.is_prefecture())) return out;
  for (const auto& e : t->entries())
    if (e.current() && e.parent == r.code() && e.code / 10000 == r.code() / 10000) out.push_back(*Region::from_code(e.code));
  return out;
}

std::string join(const std::vector<std::string>& items, std::string_view sep) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) out += (i ? std::string(sep) : "") + items[i];
  return out;
}

bool mentions(std::string_view message, std::string_view path) {
  for (auto p = message.find(path); p != std::string_view::npos; p = message.find(path, p + 1)) {
    const std::size_t end = p + path.size();
    const bool left_ok = p == 0 || !(id_char(message[p - 1]) || message[p - 1] == '.');
    const bool right_ok = end == message.size() || !(id_char(message[end]) || message[end] == '.');
    if (left_ok && right_ok) return true;
  }
  return false;
}

void emit_yaml(const DocNode& n, int indent, std::string& out) {
  const std::string pad(static_cast<std::size_t>(indent), ' ');
  for (const auto& e : n.entries) {
    if (e.value.is_mapping()) {
      out += pad + e.key + ":\n";
      emit_yaml(e.value, indent + 2, out);
    } else if (e.value.is_sequence()) {
      // A list of mappings of scalars (coverage.pension.history), in block style.
      out += pad + e.key + ":\n";
      for (const auto& item : e.value.items) {
        std::string sub;
        emit_yaml(item, indent + 2, sub);  // "  region: ..." under the key, the first line as "- region: ..."
        if (sub.size() >= static_cast<std::size_t>(indent + 2)) sub.replace(static_cast<std::size_t>(indent), 2, "- ");
        out += sub;
      }
    } else if (e.value.is_scalar()) {
      std::string v = e.value.text;
      if (e.value.style == DocNode::Style::kQuoted) {
        v = replace_all(replace_all(v, "\\", "\\\\"), "\"", "\\\"");
        v = "\"" + v + "\"";
      }
      out += pad + e.key + ": " + v + "\n";
    }
  }
}

}  // namespace

std::string enum_label(const FieldSpec& f, std::string_view value, Lang lang) {
  const std::string& help = f.help.get(lang);
  const std::string key = std::string(value) + (lang == Lang::kEn ? ": " : "：");
  for (auto p = help.find(key); p != std::string::npos; p = help.find(key, p + 1)) {
    if (p > 0 && id_char(help[p - 1])) continue;
    const std::size_t start = p + key.size();
    std::size_t end = help.size();
    if (lang == Lang::kEn) {
      for (std::size_t i = start; i < help.size(); ++i) {
        if (help[i] == ';') {
          end = i;
          break;
        }
        if (help[i] == '.' && (i + 1 == help.size() ||
                               (help[i + 1] == ' ' && i + 2 < help.size() &&
                                std::isupper(static_cast<unsigned char>(help[i + 2]))))) {
          end = i;
          break;
        }
      }
    } else {
      for (std::string_view stop : {"；", "。"})
        if (auto q = help.find(stop, start); q != std::string::npos) end = std::min(end, q);
    }
    return trim(std::string_view(help).substr(start, end - start));
  }
  return {};
}

std::string to_yaml(const DocNode& doc) {
  std::string out;
  emit_yaml(doc, 0, out);
  return out;
}

namespace {

// A whole amount in Chinese numerals or digits with units: "六千" 6000, "六千五" 6500, "一万二"
// 12000, "8千5百" 8500, "两万" 20000; in fen, or -1.
std::int64_t chinese_amount(std::string_view s) {
  static constexpr std::array<std::pair<std::string_view, int>, 12> kDigits{{
      {"零", 0}, {"〇", 0}, {"一", 1}, {"二", 2}, {"两", 2}, {"三", 3},
      {"四", 4}, {"五", 5}, {"六", 6}, {"七", 7}, {"八", 8}, {"九", 9}}};
  static constexpr std::array<std::pair<std::string_view, int>, 4> kUnits{{
      {"十", 10}, {"百", 100}, {"千", 1000}, {"万", 10000}}};
  std::int64_t total = 0, section = 0, last_unit = 0;
  int num = -1;  // the digit waiting for its unit
  bool any = false;
  while (!s.empty()) {
    bool matched = false;
    if (s.front() >= '0' && s.front() <= '9') {
      if (num >= 0) return -1;  // "65千": digits are single here
      num = s.front() - '0';
      s.remove_prefix(1);
      continue;
    }
    for (const auto& [w, d] : kDigits)
      if (s.substr(0, w.size()) == w) {
        if (num >= 0 && d != 0) return -1;
        num = d == 0 ? -1 : d;
        s.remove_prefix(w.size());
        matched = true;
        break;
      }
    if (matched) continue;
    for (const auto& [w, u] : kUnits)
      if (s.substr(0, w.size()) == w) {
        const std::int64_t n = num < 0 ? (u == 10 ? 1 : 0) : num;
        if (n == 0 && u != 10000) return -1;
        if (u == 10000) {
          total = (section + n) * 10000;
          section = 0;
        } else {
          section += n * u;
        }
        last_unit = u;
        num = -1;
        any = true;
        s.remove_prefix(w.size());
        matched = true;
        break;
      }
    if (!matched) return -1;
  }
  if (!any) return -1;
  // A digit after the last unit counts one unit lower: 六千五 = 6500, 一万二 = 12000.
  if (num >= 0) section += num * (last_unit >= 100 ? last_unit / 10 : 1);
  return (total + section) * 100;
}

// "6000" for 600000 fen, "6000.50" for 600050.
std::string yuan_text(std::int64_t fen) {
  return fen % 100 == 0 ? std::to_string(fen / 100) : Money::from_fen(fen).to_string();
}

}  // namespace

std::string parse_loose_money(std::string_view text) {
  std::string s = trim(text);
  bool changed = true;
  while (changed) {
    changed = false;
    for (std::string_view w : {"大概", "大约", "差不多", "约", "一个月", "每个月", "每月", "月收入", "月入", "收入",
                               "about", "around", "approximately", "approx.", "roughly", "~", "～"})
      if (s.substr(0, w.size()) == w) {
        s = trim(std::string_view(s).substr(w.size()));
        changed = true;
      }
    for (std::string_view w : {"左右", "上下", "的样子", "多", "元/月", "元每月", "/月", "每月", "一个月",
                               "块钱", "块", "元", "rmb", "yuan", "RMB", "CNY", "a month", "per month", "/month"})
      if (ends_with(s, w) && s.size() > w.size()) {
        s = trim(std::string_view(s).substr(0, s.size() - w.size()));
        changed = true;
      }
  }
  s = remove_all(remove_all(remove_all(s, ","), "，"), " ");
  if (s.empty()) return {};
  if (const auto m = Money::parse(s); m && m->fen() >= 0) return s;
  // "6千", "1.2万": a decimal number and one unit.
  for (const auto& [w, mult] : {std::pair<std::string_view, std::int64_t>{"千", 1000}, {"万", 10000}, {"k", 1000}, {"K", 1000}})
    if (ends_with(s, w))
      if (const auto d = Decimal::parse(std::string_view(s).substr(0, s.size() - w.size())); d && d->micros() >= 0)
        return yuan_text(d->micros() * mult / 10000);
  if (const std::int64_t fen = chinese_amount(s); fen >= 0) return yuan_text(fen);
  return {};
}

AskSession::AskSession(const PolicySet& set, Date as_of, Lang lang)
    : set_(set), as_of_(as_of), lang_(lang) {
  refresh();
}

bool AskSession::is_answered(FieldId f) const {
  return std::any_of(steps_.begin(), steps_.end(),
                     [f](const Step& s) { return s.hist == HistPart::kNone && s.field == f && !s.skipped; });
}
bool AskSession::is_skipped(FieldId f) const {
  return std::any_of(steps_.begin(), steps_.end(),
                     [f](const Step& s) { return s.hist == HistPart::kNone && s.field == f && s.skipped; });
}

bool AskSession::employee_pension(const std::vector<Step>& steps) const {
  const std::string_view employee = field_spec(FieldId::kPensionScheme).enum_values[enums::kSchemeEmployee];
  return std::any_of(steps.begin(), steps.end(), [&](const Step& s) {
    return s.hist == HistPart::kNone && s.field == FieldId::kPensionScheme && !s.skipped && s.value.text == employee;
  });
}

AskSession::HistState AskSession::hist_state(const std::vector<Step>& steps) {
  HistState h;
  h.periods.kind = DocNode::Kind::kSequence;
  DocNode period = mapping_node();  // being built
  bool open = false;  // a completed period is still being paid
  auto add = [&](std::string key, const DocNode& v) { period.entries.push_back(DocEntry{std::move(key), {}, v}); };
  auto finish = [&]() {
    h.periods.items.push_back(period);
    period.entries.clear();
    ++h.count;
    h.place.clear();
  };
  for (const Step& s : steps) {
    switch (s.hist) {
      case HistPart::kNone:
        break;
      case HistPart::kAsk:
        h.asked = true;
        h.yes = !s.skipped && s.value.text == "true";
        h.done = !h.yes;
        h.next = HistPart::kRegion;
        break;
      case HistPart::kRegion:
      case HistPart::kCurrentRegion:
        add("region", s.value);
        h.place = s.value.text;
        h.next = s.hist == HistPart::kRegion ? HistPart::kFrom : HistPart::kCurrentFrom;
        break;
      case HistPart::kFrom:
        add("from", s.value);
        h.next = HistPart::kTo;
        break;
      case HistPart::kTo:
        if (s.value.text.empty()) open = true;  // "至今": still paying there
        else add("to", s.value);
        finish();
        h.next = HistPart::kMore;
        break;
      case HistPart::kMore:
        if (!s.skipped && s.value.text == "true") {
          h.next = HistPart::kRegion;
        } else if (open) {
          h.done = true;  // the current place was one of the periods (至今)
        } else {
          h.next = HistPart::kCurrentRegion;
        }
        break;
      case HistPart::kCurrentFrom:
        add("from", s.value);  // an open period: still paying
        finish();
        h.done = true;
        break;
    }
  }
  return h;
}

Question AskSession::make_hist_question(HistPart part) const {
  const HistState h = hist_state(steps_);
  Question q;
  q.field = FieldId::kPensionRegion;
  q.hist = part;
  q.number = questions() + 1;
  const std::string n = std::to_string(h.count + 1);
  std::string place;
  if (const auto r = Region::parse(h.place)) place = r->full_name(lang_);
  // Defended duplicate: the cases look alike (path, question, hint); each is the wording of one
  // question, with the period's number and place in it.
  switch (part) {
    case HistPart::kNone:
    case HistPart::kAsk:
      q.path = "coverage.pension.history";
      q.text = say("您在别的省（自治区、直辖市）交过职工养老保险吗？",
                   "Have you paid into the employee pension in another province?");
      q.hint = say("是 / 否", "yes / no");
      break;
    case HistPart::kRegion:
      q.path = "coverage.pension.history.region";
      q.text = say("第" + n + "段：在哪里交的职工养老保险？", "Period " + n + ": where did you pay the employee pension?");
      q.hint = say("县（区）或城市的名称，例如 深圳南山", "county, district or city name, e.g. Shenzhen Nanshan");
      break;
    case HistPart::kFrom:
    case HistPart::kCurrentFrom:
      q.path = part == HistPart::kFrom ? "coverage.pension.history.from" : "coverage.pension.history.current.from";
      q.text = part == HistPart::kFrom
                   ? say("在" + place + "从哪年哪月开始交？", "From which month did you pay in " + place + "?")
                   : say("从哪年哪月开始在" + place + "交？", "Since which month have you paid in " + place + "?");
      q.hint = say("例如 2012-01、2012年1月", "e.g. 2012-01");
      break;
    case HistPart::kTo:
      q.path = "coverage.pension.history.to";
      q.text = say("在" + place + "交到哪年哪月？", "Until which month did you pay in " + place + "?");
      q.hint = say("例如 2017-12；还在那里交就回答“至今”", "e.g. 2017-12; \"now\" if you still pay there");
      break;
    case HistPart::kMore:
      q.path = "coverage.pension.history.more";
      q.text = say("还有别的地方吗？", "Anywhere else?");
      q.hint = say("是 / 否", "yes / no");
      break;
    case HistPart::kCurrentRegion:
      q.path = "coverage.pension.history.current.region";
      q.text = say("您现在的职工养老保险在哪里交？", "Where do you pay the employee pension now?");
      q.hint = say("县（区）或城市的名称，例如 昆明五华区", "county, district or city name, e.g. Kunming Wuhua");
      break;
  }
  return q;
}

Question AskSession::fresh_question() const {
  return current_->hist != HistPart::kNone ? make_hist_question(current_->hist) : make_question(current_->field);
}

Reply AskSession::answer_hist(const std::string& t) {
  const HistPart part = current_->hist;
  switch (part) {
    case HistPart::kNone:
    case HistPart::kAsk:
    case HistPart::kMore:
      if (is_yes(t)) return accept(scalar_node("true", DocNode::Style::kBool), false, "→ " + say("是", "yes"));
      if (is_no(t) || is_skip(t)) return accept(scalar_node("false", DocNode::Style::kBool), false, "→ " + say("否", "no"));
      return reject("请回答“是”或“否”（也可以写 y / n）。", "Please answer yes or no (y / n).");
    case HistPart::kRegion:
    case HistPart::kCurrentRegion:
      return answer_region(t);
    case HistPart::kTo:
      if (one_of(t, {"至今", "现在", "还在交", "一直在交", "now", "still", "until now", "still paying"}))
        return accept(scalar_node("", DocNode::Style::kPlain), false, "→ " + say("至今（还在交）", "until now (still paying)"));
      [[fallthrough]];
    case HistPart::kFrom:
    case HistPart::kCurrentFrom: {
      const auto ym = parse_loose_year_month(t);
      if (!ym)
        return reject("请写成 年-月，例如 2012-01" + std::string(part == HistPart::kTo ? "；还在交就回答“至今”" : "") + "。",
                      "Write it as year-month, e.g. 2012-01" + std::string(part == HistPart::kTo ? "; \"now\" if still paying" : "") + ".");
      const std::string v = ym->to_string();
      return accept(scalar_node(v, DocNode::Style::kPlain), false, v == t ? "" : "→ " + v);
    }
  }
  return reject("无法理解这个回答。", "That answer was not understood.");
}
bool AskSession::closed(FieldId f) const {
  // as_of is given by the command (--as-of or today), never asked.
  if (f == FieldId::kAsOf || is_answered(f) || is_skipped(f) || (f == FieldId::kStudent && student_by_default_))
    return true;
  // The place and months of the employee pension come from the history when one is told.
  if ((f == FieldId::kPensionRegion || f == FieldId::kPensionMonthsPaid) && hist_state(steps_).yes) return true;
  // The follow-ups of a scheme nobody knows (coverage.pension.months_paid after "不知道" to
  // coverage.pension.scheme) are not asked: who does not know the scheme does not know its months.
  const std::string_view path = field_spec(f).path;
  const auto dot = path.rfind('.');
  if (dot == std::string_view::npos || path.substr(dot + 1) == "scheme") return false;
  const FieldSpec* head = find_field(std::string(path.substr(0, dot)) + ".scheme");
  return head != nullptr && is_skipped(head->id);
}

std::size_t AskSession::questions() const {
  return static_cast<std::size_t>(std::count_if(steps_.begin(), steps_.end(), [](const Step& s) { return !s.with_previous; }));
}

bool AskSession::answer_depends_on(FieldId f) const {
  const std::optional<Profile> p = working_profile(steps_, nullptr);
  return !p || depends(f, *p);
}

// Evaluates `p` with each value `f` can take and compares the answers as rendered (every text,
// amount, status, warning). True when two differ, or when the values cannot be enumerated.
bool AskSession::depends(FieldId f, const Profile& p) const {
  const std::vector<FieldProbe> probes = field_probes(f);  // the same values `evaluate` tries
  if (probes.empty()) return true;  // months, dates, ratios, regions: not enumerable, asked
  std::string first;
  for (std::size_t i = 0; i < probes.size(); ++i) {
    Profile q = p;
    set_probe(q, f, probes[i]);
    const EvalResult r = evaluate(set_, q);
    std::string json = result_to_json(r, JsonOptions{lang_, false, false});
    if (i == 0) first = std::move(json);
    else if (json != first) return true;
  }
  return false;
}

// PROFILE.md: person.student is optional, default false, and `evaluate` takes a profile without
// it so. Ask does the same for a worker of 25 or more (the question would be odd at the counter:
// issue 18); the young are asked, since for them the answer decides the flexible pension.
bool AskSession::student_by_default(const Profile& p, Date as_of) {
  constexpr std::int32_t kAskStudentsUnder = 25 * 12;  // months of age
  return p.known(FieldId::kBirth) && YearMonth::of(as_of) - YearMonth::of(p.birth()) >= kAskStudentsUnder;
}

DocNode AskSession::doc_of(const std::vector<Step>& steps, bool with_as_of) const {
  DocNode root = mapping_node();
  if (with_as_of) put(root, "as_of", scalar_node(as_of_.to_string(), DocNode::Style::kPlain));
  const HistState h = hist_state(steps);
  const bool history = h.yes && h.count > 0;
  for (const auto& spec : profile_schema())  // schema order, whatever the order of answers
    for (const auto& s : steps)
      if (s.hist == HistPart::kNone && s.field == spec.id && !s.skipped) {
        // With a history, the place and the months are derived from it (PROFILE: a months_paid
        // given with a history must agree with it), so they are not written.
        if (history && (spec.id == FieldId::kPensionRegion || spec.id == FieldId::kPensionMonthsPaid)) continue;
        put(root, spec.path, s.value);
      }
  if (history) put(root, "coverage.pension.history", h.periods);
  return root;
}

std::optional<Profile> AskSession::working_profile(const std::vector<Step>& steps,
                                                   std::vector<FieldError>* errors) const {
  auto keep = [errors](const std::vector<FieldError>& from) {
    if (!errors) return;
    for (const auto& e : from)
      if (e.code != "missing_field") errors->push_back(e);
  };
  const DocNode doc = doc_of(steps, false);
  ProfileParse bare = read_profile(doc, as_of_, ProfileReadOptions{.apply_defaults = false});
  keep(bare.errors);
  if (!bare.profile) return std::nullopt;
  Profile p = std::move(*bare.profile);
  if (!p.known(FieldId::kStudent) && student_by_default(p, as_of_) &&
      std::none_of(steps.begin(), steps.end(), [](const Step& s) { return s.field == FieldId::kStudent; }))
    p.at(FieldId::kStudent) = FieldValue{true, false, 0};  // the schema default: not a student
  const bool any_skipped = std::any_of(steps.begin(), steps.end(), [](const Step& s) { return s.skipped; });
  if (!any_skipped) return p;

  // The defaults read_profile gives a skipped field when it is absent from the document. Answers
  // that contradict a default (checked below) are left out to find them.
  std::optional<Profile> defaults;
  DocNode cur = doc;
  for (int round = 0; round < 4 && !defaults; ++round) {
    ProfileParse d = read_profile(cur, as_of_);
    if (d.profile) {
      defaults = std::move(d.profile);
      break;
    }
    bool removed = false;
    for (const auto& e : d.errors)
      if (e.code != "missing_field") removed = remove_path(cur, e.path) || removed;
    if (!removed) break;
  }
  if (defaults)
    for (const auto& s : steps)
      if (s.skipped && !p.known(s.field) && defaults->known(s.field))
        p.at(s.field) = defaults->get(s.field);

  // The skipped fields' defaults must agree with the answers, as in the saved document.
  ProfileParse again = read_profile(profile_to_doc(p), as_of_, ProfileReadOptions{.apply_defaults = false});
  keep(again.errors);
  if (!again.profile) return std::nullopt;
  return p;
}

ProfileParse AskSession::final_profile() const {
  ProfileParse p = read_profile(doc_of(steps_, false), as_of_);
  if (p.profile) {
    std::vector<FieldError> errors = check_constraints(set_, *p.profile);
    if (!errors.empty()) {
      p.profile.reset();
      p.errors = std::move(errors);
    }
  }
  return p;
}

std::optional<FieldId> AskSession::consistency_question() const {
  const ProfileParse p = final_profile();
  if (p.profile) return std::nullopt;
  for (const auto& e : p.errors)
    for (const auto& spec : profile_schema())
      if (!closed(spec.id) && spec.path != e.path && mentions(e.message, spec.path)) return spec.id;
  return std::nullopt;
}

std::vector<NeedScore> AskSession::ranking() const {
  if (!eval_) return {};
  return rank_needs(*eval_, [this](FieldId f) { return closed(f); });
}

void AskSession::refresh() {
  eval_.reset();
  current_.reset();
  pending_age_.reset();
  pending_female_.reset();
  not_asked_.clear();
  student_by_default_ = false;
  for (const auto& spec : profile_schema()) {
    if (spec.required && !is_answered(spec.id)) {
      current_ = make_question(spec.id);
      return;
    }
  }
  const std::optional<Profile> p = working_profile(steps_, nullptr);
  if (!p) return;
  student_by_default_ = !is_answered(FieldId::kStudent) && !is_skipped(FieldId::kStudent) &&
                        student_by_default(*p, as_of_);
  eval_ = evaluate(set_, *p);
  not_asked_.clear();
  // The employee pension's history, asked right after the scheme is said to be the employee one
  // (only then does where it was paid decide where the pension is drawn).
  if (employee_pension(steps_)) {
    const HistState h = hist_state(steps_);
    if (!h.done) {
      current_ = make_hist_question(h.next);
      return;
    }
  }
  // The best-ranked open field whose answer can change the answer; the others stay unknown.
  for (const NeedScore& n : ranking()) {
    if (depends(n.field, *p)) {
      current_ = make_question(n.field);
      not_asked_.clear();
      return;
    }
    not_asked_.push_back(n.field);
  }
  std::sort(not_asked_.begin(), not_asked_.end());
  if (auto f = consistency_question()) {
    current_ = make_question(*f);
    not_asked_.clear();
  }
}

Question AskSession::make_question(FieldId f) const {
  const FieldSpec& spec = field_spec(f);
  Question q;
  q.field = f;
  q.path = std::string(spec.path);
  q.text = spec.label.get(lang_);
  // The birth and the sex are asked together (one answer, "1992-03 男"; the sex is asked on its own
  // only when it was not said).
  if (f == FieldId::kBirth && !is_answered(FieldId::kSex))
    q.text = say("您是哪年哪月出生的？男性还是女性？", "When were you born, and are you a man or a woman?");
  q.required = spec.required;
  q.number = questions() + 1;
  switch (spec.type) {
    case FieldType::kEnum:
      for (std::string_view v : spec.enum_values)
        q.choices.push_back(Choice{std::string(v), enum_label(spec, v, lang_)});
      q.hint = say("请输入编号（1–" + std::to_string(q.choices.size()) + "）或选项名称",
                   "type the number (1-" + std::to_string(q.choices.size()) + ") or the option");
      break;
    case FieldType::kYears:
      for (int y : spec.allowed_years) q.choices.push_back(Choice{std::to_string(y), say(std::to_string(y) + " 周岁", "age " + std::to_string(y))});
      q.hint = say("请输入编号或年龄", "type the number or the age");
      break;
    case FieldType::kBool:
      q.hint = say("是 / 否", "yes / no");
      break;
    case FieldType::kDate:
      q.hint = f == FieldId::kBirth ? say("例如 1992-03 男、1992年3月 女、32岁 男，或身份证号",
                                          "e.g. 1992-03 male, 32 female, or your ID-card number")
                                    : say("例如 2026-11-28", "e.g. 2026-11-28");
      break;
    case FieldType::kMoney:
      q.hint = say("单位元，例如 5200、5000左右", "in yuan, e.g. 5200 or about 5000");
      break;
    case FieldType::kMonths:
      q.hint = say("单位月，例如 36（交了3年就写36）", "in months, e.g. 36 (3 years)");
      break;
    case FieldType::kYearCount:
      q.hint = say("单位年，例如 0", "in years, e.g. 0");
      break;
    case FieldType::kDecimal:
      q.hint = say("写成比例，例如 0.6（即60%）", "a ratio, e.g. 0.6 (60%)");
      break;
    case FieldType::kRegion:
      q.hint = say("县（区）或城市的名称，例如 临沧市临翔区、昆明五华区",
                   "county, district or city name, e.g. Linxiang, Kunming Wuhua");
      break;
    case FieldType::kString:
      q.hint = say("平台名称，例如 美团、饿了么、滴滴", "the platform's name, e.g. Meituan, Didi");
      break;
  }
  if (!spec.required) q.hint += say("；不清楚就回答“不知道”", "; \"skip\" if you do not know");
  if (f == FieldId::kHukouRegion) suggest_hukou(q);
  return q;
}

// The hukou question after an ID-card number: the region where the card was first issued (its
// first six digits, the successor of a withdrawn code) is offered to confirm, never taken as is.
void AskSession::suggest_hukou(Question& q) const {
  std::uint32_t code = 0;
  for (const auto& s : steps_)
    if (s.field == FieldId::kBirth && s.id_region) code = s.id_region;
  if (!code) return;
  const RegionCheck c = check_region_code(code);
  const std::string typed = std::to_string(code);
  switch (c.kind) {
    case RegionCheck::Kind::kCurrent:
    case RegionCheck::Kind::kWithdrawn: {
      q.suggestion = c.region.to_string();
      const std::string name = c.region.full_name(lang_);
      std::string note;
      if (c.kind == RegionCheck::Kind::kWithdrawn && c.old)
        note = say("（身份证上的" + std::string(c.old->zh) + "已于" + std::to_string(c.old->valid_to) + "年撤销，现为" + name + "）",
                   " (" + std::string(c.old->en) + " on the card was withdrawn in " + std::to_string(c.old->valid_to) +
                       "; it is now " + name + ")");
      q.hint = say("身份证是在" + name + "办的" + note + "。户口还在那里就直接回车（或回答“是”）；迁过的，请输入现在户口所在的县（区）",
                   "Your ID card was issued in " + name + note + ". If your hukou is still there, press Enter (or say yes); "
                   "if it moved, type the county or district where it is now");
      break;
    }
    case RegionCheck::Kind::kSplit:
      if (c.suggestions.empty() || !c.old) break;
      q.choosing = true;
      for (Region r : c.suggestions) q.choices.push_back(Choice{r.to_string(), r.full_name(lang_)});
      q.hint = say("身份证是在" + std::string(c.old->zh) + "办的，它已于" + std::to_string(c.old->valid_to) +
                       "年撤销并分入以下县区。户口还在那里的，请输入编号选择；迁过的，请输入现在户口所在的县（区）",
                   "Your ID card was issued in " + std::string(c.old->en) + ", withdrawn in " + std::to_string(c.old->valid_to) +
                       " and divided as listed. If your hukou is still there, type the number; if it moved, type where it is now");
      break;
    case RegionCheck::Kind::kUnknown:
      break;
  }
}

Reply AskSession::reject(const std::string& zh, const std::string& en) const {
  return Reply{ReplyKind::kRejected, say(zh, en)};
}

Reply AskSession::accept(DocNode value, bool skipped, std::string echo) {
  std::vector<Step> add;
  add.push_back(Step{current_->field, skipped, std::move(value), false, 0, current_->hist});
  return accept_steps(std::move(add), std::move(echo));
}

Reply AskSession::accept_steps(std::vector<Step> add, std::string echo) {
  std::vector<Step> next = steps_;
  for (auto& s : add) next.push_back(std::move(s));
  std::vector<FieldError> errors;
  std::optional<Profile> p = working_profile(next, &errors);
  if (errors.empty() && p) {
    const bool all_required = std::all_of(profile_schema().begin(), profile_schema().end(),
                                          [&](const FieldSpec& s) { return !s.required || p->known(s.id); });
    if (all_required) errors = check_constraints(set_, *p);
  }
  if (!errors.empty()) {
    const FieldError* e = &errors.front();
    for (const auto& x : errors)
      if (x.path == current_->path) {
        e = &x;
        break;
      }
    const std::string& msg = lang_ == Lang::kZh && !e->message_zh.empty() ? e->message_zh : e->message;
    if (e->path == current_->path) return Reply{ReplyKind::kRejected, msg};
    // A period of the history that does not fit (ends before it starts, overlaps another, ...).
    if (current_->hist != HistPart::kNone && e->path.rfind("coverage.pension.history", 0) == 0)
      return Reply{ReplyKind::kRejected, say("这段时间对不上：", "This period does not fit: ") + e->path + ": " + msg};
    // The answer contradicts another answer (or the default of a field left unknown).
    const FieldSpec* other = find_field(e->path);
    return Reply{ReplyKind::kRejected, say("这和“" + (other ? other->label.zh : e->path) + "”的回答对不上：",
                                           "This does not fit the answer to \"" + (other ? other->label.en : e->path) + "\": ") +
                                           e->path + ": " + msg};
  }
  steps_ = std::move(next);
  refresh();
  return Reply{ReplyKind::kAccepted, std::move(echo)};
}

Reply AskSession::input(std::string_view line) {
  if (done()) return reject("问题已经问完了。", "There are no more questions.");
  const std::string t = trim(line);
  if (is_help(t)) return Reply{ReplyKind::kHelp, why()};
  if (!current_->suggestion.empty() && !current_->choosing && (t.empty() || is_yes(t)))
    return answer_region(current_->suggestion);
  if (is_back(t)) {
    if (back()) return Reply{ReplyKind::kBack, say("回到上一题。", "Back one question.")};
    return reject("已经是第一题了，不能再往回。", "This is the first question; there is nothing to go back to.");
  }
  if (current_->hist != HistPart::kNone) {
    if (is_skip(t) && current_->hist != HistPart::kAsk && current_->hist != HistPart::kMore)
      return reject("请说个大概（例如 2012-01 或 深圳）；想改前面的回答就输入 <。",
                    "Give it roughly (e.g. 2012-01, or Shenzhen); type < to change an earlier answer.");
    return answer_hist(t);
  }
  if (is_skip(t)) {
    if (current_->required)
      return reject("这一题必须回答：所有结果都要用到它。", "This one must be answered: every result depends on it.");
    return accept(DocNode{}, true, say("（不知道，先跳过）", "(unknown, skipped)"));
  }
  return answer(t);
}

Reply AskSession::answer(std::string_view text) {
  if (done()) return reject("问题已经问完了。", "There are no more questions.");
  const std::string t = trim(text);
  if (current_->hist != HistPart::kNone) return answer_hist(t);
  const FieldSpec& spec = field_spec(current_->field);
  if (current_->field == FieldId::kBirth && (pending_age_ || !t.empty())) return answer_birth(t);
  if (t.empty())
    return reject(spec.required ? "请回答这个问题。" : "请回答这个问题；不清楚就回答“不知道”。",
                  spec.required ? "Please answer this question." : "Please answer, or say \"skip\" if you do not know.");
  const DocNode::Style style = style_for(spec.type);
  switch (spec.type) {
    case FieldType::kRegion:
      return answer_region(t);
    case FieldType::kEnum: {
      const auto& choices = current_->choices;
      std::size_t pick = 0;  // 1-based
      if (const std::size_t n = choice_number(t); n) {
        if (n > choices.size())
          return reject("请输入 1 到 " + std::to_string(choices.size()) + " 之间的编号，或选项名称。",
                        "Type a number from 1 to " + std::to_string(choices.size()) + ", or the option.");
        pick = n;
      }
      const std::string l = lower(t);
      for (std::size_t i = 0; i < choices.size() && !pick; ++i)
        if (choices[i].value == l) pick = i + 1;
      // The words of an option, in either language: the whole, its short form, or a part of it
      // that only one option has.
      for (Lang lang : {lang_, lang_ == Lang::kZh ? Lang::kEn : Lang::kZh}) {
        std::vector<std::size_t> partial;
        for (std::size_t i = 0; i < choices.size() && !pick; ++i) {
          const std::string label = enum_label(spec, choices[i].value, lang);
          if (label.empty()) continue;
          if (lower(label) == l || lower(short_label(label)) == l) pick = i + 1;
          else if (!is_ascii(t) && t.size() >= 6 && short_label(label).find(t) != std::string::npos)
            partial.push_back(i + 1);
        }
        if (!pick && partial.size() == 1) pick = partial.front();
      }
      if (!pick)
        return reject("“" + t + "”不是可选项；请输入编号（1–" + std::to_string(choices.size()) + "）或选项名称。",
                      "\"" + t + "\" is not one of the options; type the number (1–" +
                          std::to_string(choices.size()) + ") or the option.");
      const Choice& c = choices[pick - 1];
      return accept(scalar_node(c.value, style), false, "→ " + (c.label.empty() ? c.value : c.label));
    }
    case FieldType::kYears: {
      std::string v = strip_suffix(t, {"周岁", "岁"});
      const std::size_t n = choice_number(v);
      if (n && n <= current_->choices.size()) v = current_->choices[n - 1].value;
      return accept(scalar_node(v, style), false, v == t ? "" : "→ " + v);
    }
    case FieldType::kBool: {
      if (is_yes(t)) return accept(scalar_node("true", style), false, "→ " + say("是", "yes"));
      if (is_no(t)) return accept(scalar_node("false", style), false, "→ " + say("否", "no"));
      return reject("请回答“是”或“否”（也可以写 y / n）。", "Please answer yes or no (y / n).");
    }
    case FieldType::kDate: {
      const std::string v = normalize_date(t);
      return accept(scalar_node(v, style), false, v == t ? "" : "→ " + v);
    }
    case FieldType::kMoney:
      return answer_money(t, spec);
    case FieldType::kMonths: {
      const std::string v = normalize_months(t);
      return accept(scalar_node(v, style), false, v == t ? "" : "→ " + v + say(" 个月", " months"));
    }
    case FieldType::kYearCount: {
      const std::string v = strip_suffix(t, {"年"});
      return accept(scalar_node(v, style), false, "");
    }
    case FieldType::kDecimal: {
      std::string v = t;
      for (std::string_view pct : {"%", "％"}) {
        if (!ends_with(v, pct)) continue;
        if (auto d = Decimal::parse(trim(std::string_view(v).substr(0, v.size() - pct.size()))))
          v = Decimal::from_micros(d->micros() / 100).to_string(1);
      }
      return accept(scalar_node(v, style), false, v == t ? "" : "→ " + v);
    }
    case FieldType::kString: {
      std::string v = lower(t);
      if (!is_ascii(t))
        if (std::string id = platform_by_name(spec, t); !id.empty()) v = id;
      std::string name;  // the platform's name, said back when an id was typed
      for (const auto& [id, n] : named_platforms(spec))
        if (id == v) name = n;
      return accept(scalar_node(v, style), false, name.empty() || name == t ? "" : "→ " + name);
    }
  }
  return reject("无法理解这个回答。", "That answer was not understood.");
}

// The birth as people give it: a month in any usual writing, an 18-digit ID-card number (birth
// and sex, and the hukou suggested next), or an age ("32岁", "32"), whose month is then asked.
Reply AskSession::answer_birth(const std::string& typed) {
  const YearMonth now = YearMonth::of(as_of_);
  // The sex may come with the birth (the question asks both): "1994-07 男", "32岁 女".
  std::string t = typed;
  if (const auto female = take_sex(t)) pending_female_ = female;
  // The birth month `v` (YYYY-MM or a date), with the sex when it was said: one answer.
  const auto birth = [&](const std::string& v, std::string echo) {
    const std::optional<bool> female = pending_female_;
    pending_female_.reset();
    if (!female) return accept(scalar_node(v, DocNode::Style::kPlain), false, std::move(echo));
    std::vector<Step> add;
    add.push_back(Step{FieldId::kBirth, false, scalar_node(v, DocNode::Style::kPlain), false, 0});
    add.push_back(Step{FieldId::kSex, false,
                       scalar_node(std::string(field_spec(FieldId::kSex).enum_values[*female ? enums::kFemale : enums::kMale]),
                              DocNode::Style::kPlain),
                       true, 0});
    const std::string sex = *female ? say("女", "female") : say("男", "male");
    if (echo.empty() || echo == "→ " + v) {
      const auto ym = parse_loose_year_month(v);
      echo = ym ? say("→ " + std::to_string(ym->year()) + "年" + std::to_string(ym->month()) + "月出生", "→ born " + v)
                : "→ " + v;
    }
    return accept_steps(std::move(add), echo + say("，", ", ") + sex);
  };
  if (pending_age_) {
    const int age = *pending_age_;
    std::string m = strip_suffix(t, {"月份", "月"});
    if (t.empty() || is_skip(t)) {
      // Not remembered: January of the year that makes the age right, said as an assumption.
      const YearMonth b = *YearMonth::from_ym(now.year() - age, 1);
      pending_age_.reset();
      return birth(b.to_string(),
                   say("→ 按" + std::to_string(b.year()) + "年1月出生计算（出生月份会影响退休的月份；知道的话输入 < 返回改正）",
                       "→ taken as born in January " + std::to_string(b.year()) +
                           " (the month moves the retirement month; type < to go back and correct it)"));
    }
    if (const std::size_t month = choice_number(m); month >= 1 && month <= 12) {
      const int year = now.year() - age - (month > now.month() ? 1 : 0);
      const YearMonth b = *YearMonth::from_ym(year, static_cast<unsigned>(month));
      pending_age_.reset();
      return birth(b.to_string(), say("→ " + std::to_string(year) + "年" + std::to_string(month) + "月出生",
                                      "→ born " + b.to_string()));
    }
    if (!parse_loose_year_month(t))
      return reject("请输入出生的月份（1–12），或直接回车。", "Type the month of birth (1-12), or press Enter.");
    pending_age_.reset();  // a whole birth month typed instead: read below
  }
  if (t.size() == 18 && all_digits(t.substr(0, 17))) {
    const IdCardParse id = parse_id_card(t);
    if (!id.info) {
      pending_female_.reset();
      switch (id.error) {
        case IdCardError::kCheckDigit:
          return reject("这个身份证号的最后一位校验码对不上，请再核对一遍。",
                        "The check character of this ID-card number does not match; please check it again.");
        case IdCardError::kBirth:
          return reject("这个身份证号中的出生日期（第7到14位）不是日历上存在的日期。",
                        "The birth date in this ID-card number (digits 7 to 14) is not a real date.");
        default:
          return reject("这不是有效的18位身份证号。", "This is not a valid 18-digit ID-card number.");
      }
    }
    if (pending_female_ && *pending_female_ != id.info->female) {
      pending_female_.reset();
      return reject("身份证号上的性别和您说的不一样，请再核对一遍身份证号。",
                    "The sex in this ID-card number is not the one you said; please check the number again.");
    }
    pending_female_.reset();
    const YearMonth b = YearMonth::of(id.info->birth);
    std::vector<Step> add;
    // Only the birth month and the sex are kept: the number itself is neither stored nor shown.
    add.push_back(Step{FieldId::kBirth, false, scalar_node(b.to_string(), DocNode::Style::kPlain), false, id.info->region_code});
    add.push_back(Step{FieldId::kSex, false,
                       scalar_node(std::string(field_spec(FieldId::kSex).enum_values[id.info->female ? enums::kFemale : enums::kMale]),
                              DocNode::Style::kPlain),
                       true, 0});
    const std::string sex = id.info->female ? say("女", "female") : say("男", "male");
    return accept_steps(std::move(add),
                        say("→ 按身份证号：" + std::to_string(b.year()) + "年" + std::to_string(b.month()) + "月出生，" + sex +
                                "（不对的话输入 < 返回）",
                            "→ from the ID-card number: born " + b.to_string() + ", " + sex + " (type < to go back if wrong)"));
  }
  // An age: "32岁", "32周岁", or a bare number that cannot be a year.
  const std::string age_text = strip_suffix(t, {"周岁", "岁"});
  if (all_digits(age_text) && age_text.size() <= 3 && (age_text != t || age_text.size() <= 2)) {
    const int age = std::stoi(age_text);
    if (age < 14 || age > 100) {
      pending_female_.reset();
      return reject("年龄“" + age_text + "”不像是干活的人的年龄；请输入出生年月，例如 1992-03。",
                    "An age of " + age_text + " does not look right; type the birth month, e.g. 1992-03.");
    }
    pending_age_ = age;
    const YearMonth latest = now - age * 12, earliest = latest - 11;
    current_->hint = say("几月出生？输入 1–12；不记得就直接回车（按" + std::to_string(now.year() - age) + "年1月计算）",
                         "Which month? Type 1-12, or press Enter if you do not remember (taken as January " +
                             std::to_string(now.year() - age) + ")");
    return Reply{ReplyKind::kChoose,
                 say(age_text + "岁：出生在" + std::to_string(earliest.year()) + "年" + std::to_string(earliest.month()) + "月到" +
                         std::to_string(latest.year()) + "年" + std::to_string(latest.month()) + "月之间。出生月份决定退休的月份。",
                     "Age " + age_text + ": born between " + earliest.to_string() + " and " + latest.to_string() +
                         ". The month of birth decides the retirement month.")};
  }
  if (const auto ym = parse_loose_year_month(t)) {
    const std::string v = ym->to_string();
    return birth(v, v == t ? "" : "→ " + v);
  }
  const std::string v = normalize_date(t);  // the validator says what is wrong
  return birth(v, v == t ? "" : "→ " + v);
}

Reply AskSession::answer_money(const std::string& t, const FieldSpec& spec) {
  const std::string v = parse_loose_money(t);
  if (v.empty())  // the validator says what is wrong
    return accept(scalar_node(t, style_for(spec.type)), false, "");
  return accept(scalar_node(v, style_for(spec.type)), false, v == t ? "" : say("→ " + v + "元", "→ " + v + " yuan"));
}

Reply AskSession::answer_region(std::string_view text) {
  const std::string t(text);
  std::string code;
  bool typed_code = false;
  if (current_->choosing) {
    if (const std::size_t n = choice_number(t); n) {
      if (n > current_->choices.size())
        return reject("请输入 1 到 " + std::to_string(current_->choices.size()) + " 之间的编号，或重新输入地名。",
                      "Type a number from 1 to " + std::to_string(current_->choices.size()) +
                          ", or another name.");
      code = current_->choices[n - 1].value;
    }
  }
  std::string note;  // said with the echo: a withdrawn code replaced
  if (code.empty() && t.size() == 6 && all_digits(t)) {
    code = t;
    typed_code = true;
    // Against the region table: a withdrawn code is answered for its successor (or the parts it was
    // divided into are offered); a code that never existed gets the nearest real ones to choose from.
    if (const auto typed = Region::parse(t)) {
      const RegionCheck c = check_region_code(typed->code());
      const std::string old_name = c.old ? std::string(lang_ == Lang::kEn ? c.old->en : c.old->zh) : std::string();
      const std::string year = c.old ? std::to_string(c.old->valid_to) : std::string();
      switch (c.kind) {
        case RegionCheck::Kind::kCurrent:
          break;
        case RegionCheck::Kind::kWithdrawn:
          code = c.region.to_string();
          note = say("（" + t + " " + old_name + "已于" + year + "年撤销，按现行代码作答）",
                     " (" + t + " " + old_name + " was withdrawn in " + year + "; answered for the current code)");
          break;
        case RegionCheck::Kind::kSplit:
        case RegionCheck::Kind::kUnknown:
          if (c.suggestions.empty()) break;  // the validator says what is wrong
          current_->choosing = true;
          current_->parent.clear();
          current_->choices.clear();
          for (Region r : c.suggestions) current_->choices.push_back(Choice{r.to_string(), r.full_name(lang_)});
          current_->hint = say("请输入编号选择，或重新输入地名", "type the number, or another name");
          if (c.kind == RegionCheck::Kind::kSplit)
            return Reply{ReplyKind::kChoose,
                         say(t + "（" + old_name + "）已于" + year + "年撤销并分入以下县区，请选择您所在的那一个：",
                             t + " (" + old_name + ") was withdrawn in " + year +
                                 " and divided; choose the part where you are:")};
          return Reply{ReplyKind::kChoose, say("没有行政区划代码 " + t + "。相近的有：",
                                               "There is no region code " + t + ". The nearest ones:")};
      }
    }
  }
  if (code.empty()) {
    std::array<RegionMatch, kMaxRegionChoices> found{};
    std::size_t n = find_regions(t, found.data(), found.size());
    if (n == 0) {
      if (all_digits(t))  // a code of the wrong length: the validator says what is wrong
        return accept(scalar_node(t, DocNode::Style::kQuoted), false, "");
      return reject("没有找到“" + t + "”。请输入县（区）的名称（例如 临沧市临翔区、深圳南山、shenzhen），或六位行政区划代码（例如 530902）。",
                    "No place called \"" + t + "\" is known. Type a county or district name (e.g. Linxiang, Shenzhen Nanshan) or its six-digit code (e.g. 530902).");
    }
    // Whole names first (they come first): where some match whole, the partial ones are left out.
    const std::size_t exact = static_cast<std::size_t>(
        std::count_if(found.begin(), found.begin() + static_cast<std::ptrdiff_t>(n), [](const RegionMatch& m) { return m.exact; }));
    if (exact > 0) n = exact;
    if (n == 1) {
      code = found[0].region.to_string();
    } else {
      current_->choosing = true;
      current_->parent.clear();
      current_->choices.clear();
      for (std::size_t i = 0; i < n; ++i)
        current_->choices.push_back(Choice{found[i].region.to_string(), found[i].region.full_name(lang_)});
      current_->hint = say("请输入编号选择，或重新输入地名", "type the number, or another name");
      return Reply{ReplyKind::kChoose, say("“" + t + "”对应多个地区，请选择：", "Several places match \"" + t + "\"; choose one:")};
    }
  }
  const auto region = Region::parse(code);
  // A city or province named (not a code typed): offer its counties, and itself as is.
  if (region && !typed_code && code != current_->parent) {
    const std::vector<Region> children = known_children(*region);
    if (!children.empty()) {
      current_->choosing = true;
      current_->parent = code;
      current_->choices.clear();
      for (Region c : children) current_->choices.push_back(Choice{c.to_string(), c.full_name(lang_)});
      current_->choices.push_back(
          Choice{code, region->full_name(lang_) + say("（不清楚是哪个县区）", " (not sure which county)")});
      current_->hint = say("请输入编号选择，或重新输入地名", "type the number, or another name");
      return Reply{ReplyKind::kChoose, say("请选择" + region->full_name(lang_) + "的哪个县（区）：",
                                           "Which county or district of " + region->full_name(lang_) + "?")};
    }
  }
  std::string echo;
  if (region) echo = "→ " + region->full_name(lang_) + note;
  return accept(scalar_node(code, DocNode::Style::kQuoted), false, echo);
}

bool AskSession::back() {
  if (current_ && (current_->choosing || pending_age_)) {
    Question fresh = fresh_question();
    const auto values = [](const Question& q) {
      std::vector<std::string> v;
      for (const auto& c : q.choices) v.push_back(c.value);
      return v;
    };
    // Leaving a list of places (or the month of an age) goes back to the question; a list the
    // question starts with (the parts of a withdrawn ID-card region) goes back one answer.
    if (pending_age_ || !fresh.choosing || values(fresh) != values(*current_)) {
      pending_age_.reset();
      pending_female_.reset();
      current_ = std::move(fresh);
      return true;
    }
  }
  if (steps_.empty()) return false;
  while (steps_.size() > 1 && steps_.back().with_previous) steps_.pop_back();
  steps_.pop_back();
  refresh();
  return true;
}

std::string AskSession::why() const {
  if (done()) return {};
  if (current_->hist != HistPart::kNone)
    return say("职工养老保险在几个省交过时，退休后在哪里领取养老金，要看每个地方交了多少年、户口在哪里"
               "（国办发〔2009〕66号）；所以要按时间段问清楚在哪里交过。",
               "When the employee pension was paid in several provinces, where it is drawn depends on the years paid in "
               "each place and on the hukou (Guobanfa [2009] No. 66); so each period is asked.");
  const FieldSpec& spec = field_spec(current_->field);
  std::string out = spec.help.get(lang_);
  if (current_->field == FieldId::kBirth && !is_answered(FieldId::kSex))
    out += say("男女的法定退休年龄不一样。", " Men and women retire at different ages under the law.");
  if (spec.required) {
    out += "\n" + say("这是必答题：所有结果都要用到它。", "This one is required: every result depends on it.");
    return out;
  }
  std::vector<std::string> names;
  bool top = false;
  if (eval_) {
    for (const auto& s : eval_->schemes)
      if (std::find(s.needs.begin(), s.needs.end(), current_->path) != s.needs.end())
        names.emplace_back(s.name.get(lang_));
    top = std::find(eval_->needs.begin(), eval_->needs.end(), current_->path) != eval_->needs.end();
  }
  if (!names.empty())
    out += "\n" + say("这些结果取决于它：", "These results depend on it: ") + join(names, say("、", ", ")) +
           say("。", ".");
  else if (top)
    out += "\n" + say("它会影响结果中的退休、缴费年限、转移接续或提醒等内容。",
                      "It affects parts of the answer such as retirement, contribution years, transfers or notices.");
  else
    out += "\n" + say("您前面的回答需要它才能前后一致。", "Your other answers need it to be consistent.");
  return out;
}

DocNode AskSession::answers_doc(bool with_as_of) const { return doc_of(steps_, with_as_of); }

std::vector<std::string> AskSession::transcript() const {
  std::vector<std::string> out;
  for (const auto& s : steps_) {
    if (s.hist != HistPart::kNone) {
      out.push_back("coverage.pension.history");
      continue;
    }
    out.push_back((s.skipped ? "-" : "") + std::string(field_spec(s.field).path));
  }
  return out;
}

}  // namespace shebao::ask
