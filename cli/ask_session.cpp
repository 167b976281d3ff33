#include "ask_session.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "shebao/core/money.h"
#include "shebao/core/region.h"
#include "shebao/core/region_table.h"
#include "shebao/eval/evaluator.h"

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

bool all_digits(std::string_view s) {
  return !s.empty() &&
         std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
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

DocNode scalar(std::string text, DocNode::Style style) {
  DocNode n;
  n.kind = DocNode::Kind::kScalar;
  n.style = style;
  n.text = std::move(text);
  return n;
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

// Puts `value` at the dotted `path` of the mapping `root`, creating the mappings on the way.
void put(DocNode& root, std::string_view path, DocNode value) {
  DocNode* m = &root;
  for (auto dot = path.find('.'); dot != std::string_view::npos; dot = path.find('.')) {
    const std::string_view key = path.substr(0, dot);
    DocNode* next = nullptr;
    for (auto& e : m->entries)
      if (e.key == key) next = &e.value;
    if (!next) {
      DocNode map;
      map.kind = DocNode::Kind::kMapping;
      m->entries.push_back(DocEntry{std::string(key), {}, std::move(map)});
      next = &m->entries.back().value;
    }
    m = next;
    path.remove_prefix(dot + 1);
  }
  m->entries.push_back(DocEntry{std::string(path), {}, std::move(value)});
}

// Removes the entry at the dotted `path`; true when there was one.
bool remove_path(DocNode& root, std::string_view path) {
  DocNode* m = &root;
  for (auto dot = path.find('.'); dot != std::string_view::npos; dot = path.find('.')) {
    DocNode* next = nullptr;
    for (auto& e : m->entries)
      if (e.key == path.substr(0, dot)) next = &e.value;
    if (!next) return false;
    m = next;
    path.remove_prefix(dot + 1);
  }
  const auto before = m->entries.size();
  std::erase_if(m->entries, [path](const DocEntry& e) { return e.key == path; });
  return m->entries.size() != before;
}

// The short form of an enum label: up to the first comma or bracket.
std::string short_label(std::string_view label) {
  std::size_t end = label.size();
  for (std::string_view cut : {"，", "（", ",", " ("})
    if (auto p = label.find(cut); p != std::string_view::npos) end = std::min(end, p);
  return trim(label.substr(0, end));
}

// Platform ids by name, from the field's Chinese help: "meituan（美团）", "eleme（饿了么/淘宝闪购）".
std::string platform_by_name(const FieldSpec& f, std::string_view name) {
  const std::string& help = f.help.zh;
  const std::string open = "（", close = "）";
  for (auto p = help.find(open); p != std::string::npos; p = help.find(open, p + 1)) {
    std::size_t start = p;
    while (start > 0 && id_char(help[start - 1])) --start;
    if (start == p) continue;
    const auto end = help.find(close, p);
    if (end == std::string::npos) break;
    std::string_view names(help.data() + p + open.size(), end - p - open.size());
    while (!names.empty()) {
      const auto slash = names.find('/');
      if (trim(names.substr(0, slash)) == name) return help.substr(start, p - start);
      if (slash == std::string_view::npos) break;
      names.remove_prefix(slash + 1);
    }
  }
  return {};
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

AskSession::AskSession(const PolicySet& set, Date as_of, Lang lang)
    : set_(set), as_of_(as_of), lang_(lang) {
  refresh();
}

bool AskSession::is_answered(FieldId f) const {
  return std::any_of(steps_.begin(), steps_.end(),
                     [f](const Step& s) { return s.field == f && !s.skipped; });
}
bool AskSession::is_skipped(FieldId f) const {
  return std::any_of(steps_.begin(), steps_.end(),
                     [f](const Step& s) { return s.field == f && s.skipped; });
}
bool AskSession::closed(FieldId f) const {
  // as_of is given by the command (--as-of or today), never asked.
  return f == FieldId::kAsOf || is_answered(f) || is_skipped(f) || (f == FieldId::kStudent && student_by_default_);
}

// PROFILE.md: person.student is optional, default false, and `evaluate` takes a profile without
// it so. Ask does the same for a worker of 25 or more (the question would be odd at the counter:
// issue 18); the young are asked, since for them the answer decides the flexible pension.
bool AskSession::student_by_default(const Profile& p, Date as_of) {
  constexpr std::int32_t kAskStudentsUnder = 25 * 12;  // months of age
  return p.known(FieldId::kBirth) && YearMonth::of(as_of) - YearMonth::of(p.birth()) >= kAskStudentsUnder;
}

DocNode AskSession::doc_of(const std::vector<Step>& steps, bool with_as_of) const {
  DocNode root;
  root.kind = DocNode::Kind::kMapping;
  if (with_as_of) put(root, "as_of", scalar(as_of_.to_string(), DocNode::Style::kPlain));
  for (const auto& spec : profile_schema())  // schema order, whatever the order of answers
    for (const auto& s : steps)
      if (s.field == spec.id && !s.skipped) put(root, spec.path, s.value);
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
  const std::vector<NeedScore> ranked = ranking();
  if (!ranked.empty()) {
    current_ = make_question(ranked.front().field);
    return;
  }
  if (auto f = consistency_question()) current_ = make_question(*f);
}

Question AskSession::make_question(FieldId f) const {
  const FieldSpec& spec = field_spec(f);
  Question q;
  q.field = f;
  q.path = std::string(spec.path);
  q.text = spec.label.get(lang_);
  q.required = spec.required;
  q.number = steps_.size() + 1;
  switch (spec.type) {
    case FieldType::kEnum:
      for (std::string_view v : spec.enum_values)
        q.choices.push_back(Choice{std::string(v), enum_label(spec, v, lang_)});
      q.hint = say("请输入编号（1–" + std::to_string(q.choices.size()) + "）或选项名称",
                   "type the number (1–" + std::to_string(q.choices.size()) + ") or the option");
      break;
    case FieldType::kYears:
      for (int y : spec.allowed_years) q.choices.push_back(Choice{std::to_string(y), say(std::to_string(y) + " 周岁", "age " + std::to_string(y))});
      q.hint = say("请输入编号或年龄", "type the number or the age");
      break;
    case FieldType::kBool:
      q.hint = say("是 / 否", "yes / no");
      break;
    case FieldType::kDate:
      q.hint = f == FieldId::kBirth ? say("例如 1992-03", "e.g. 1992-03")
                                    : say("例如 2026-11-28", "e.g. 2026-11-28");
      break;
    case FieldType::kMoney:
      q.hint = say("单位元，例如 5200", "in yuan, e.g. 5200");
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
      q.hint = say("县（区）名称或六位代码，例如 临沧市临翔区、昆明五华区 或 530902",
                   "county or district name or six-digit code, e.g. Linxiang, Wuhua or 530902");
      break;
    case FieldType::kString:
      q.hint = say("例如 meituan 或 美团", "e.g. meituan");
      break;
  }
  if (!spec.required) q.hint += say("；不清楚就回答“不知道”", "; \"skip\" if you do not know");
  return q;
}

Reply AskSession::reject(const std::string& zh, const std::string& en) const {
  return Reply{ReplyKind::kRejected, say(zh, en)};
}

Reply AskSession::accept(DocNode value, bool skipped, std::string echo) {
  const FieldId f = current_->field;
  std::vector<Step> next = steps_;
  next.push_back(Step{f, skipped, std::move(value)});
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
  if (is_back(t)) {
    if (back()) return Reply{ReplyKind::kBack, say("回到上一题。", "Back one question.")};
    return reject("已经是第一题了，不能再往回。", "This is the first question; there is nothing to go back to.");
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
  const FieldSpec& spec = field_spec(current_->field);
  const std::string t = trim(text);
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
      return accept(scalar(c.value, style), false,
                    "→ " + (c.label.empty() ? c.value : c.label + "  [" + c.value + "]"));
    }
    case FieldType::kYears: {
      std::string v = strip_suffix(t, {"周岁", "岁"});
      const std::size_t n = choice_number(v);
      if (n && n <= current_->choices.size()) v = current_->choices[n - 1].value;
      return accept(scalar(v, style), false, v == t ? "" : "→ " + v);
    }
    case FieldType::kBool: {
      if (is_yes(t)) return accept(scalar("true", style), false, "→ " + say("是", "yes"));
      if (is_no(t)) return accept(scalar("false", style), false, "→ " + say("否", "no"));
      return reject("请回答“是”或“否”（也可以写 y / n）。", "Please answer yes or no (y / n).");
    }
    case FieldType::kDate: {
      const std::string v = normalize_date(t);
      return accept(scalar(v, style), false, v == t ? "" : "→ " + v);
    }
    case FieldType::kMoney: {
      std::string v = strip_suffix(t, {"元/月", "元", "块钱", "块"});
      v = remove_all(remove_all(v, ","), "，");
      return accept(scalar(v, style), false, v == t ? "" : "→ " + v);
    }
    case FieldType::kMonths: {
      const std::string v = normalize_months(t);
      return accept(scalar(v, style), false, v == t ? "" : "→ " + v + say(" 个月", " months"));
    }
    case FieldType::kYearCount: {
      const std::string v = strip_suffix(t, {"年"});
      return accept(scalar(v, style), false, "");
    }
    case FieldType::kDecimal: {
      std::string v = t;
      for (std::string_view pct : {"%", "％"}) {
        if (!ends_with(v, pct)) continue;
        if (auto d = Decimal::parse(trim(std::string_view(v).substr(0, v.size() - pct.size()))))
          v = Decimal::from_micros(d->micros() / 100).to_string(1);
      }
      return accept(scalar(v, style), false, v == t ? "" : "→ " + v);
    }
    case FieldType::kString: {
      std::string v = lower(t);
      if (!is_ascii(t))
        if (std::string id = platform_by_name(spec, t); !id.empty()) v = id;
      return accept(scalar(v, style), false, v == t ? "" : "→ " + v);
    }
  }
  return reject("无法理解这个回答。", "That answer was not understood.");
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
        return accept(scalar(t, DocNode::Style::kQuoted), false, "");
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
  if (region) echo = "→ " + region->full_name(lang_) + "  [" + code + "]" + note;
  return accept(scalar(code, DocNode::Style::kQuoted), false, echo);
}

bool AskSession::back() {
  if (current_ && current_->choosing) {
    current_ = make_question(current_->field);
    return true;
  }
  if (steps_.empty()) return false;
  steps_.pop_back();
  refresh();
  return true;
}

std::string AskSession::why() const {
  if (done()) return {};
  const FieldSpec& spec = field_spec(current_->field);
  std::string out = spec.help.get(lang_);
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
  for (const auto& s : steps_) out.push_back((s.skipped ? "-" : "") + std::string(field_spec(s.field).path));
  return out;
}

}  // namespace shebao::ask
