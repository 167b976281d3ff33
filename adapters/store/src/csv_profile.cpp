#include "shebao/core/doc_sniff.h"
#include "shebao/store/csv_profile.h"

#include "shebao/eval/evaluator.h"
#include "shebao/profile/profile.h"

namespace shebao::store {

namespace {

std::size_t code_points(std::string_view s) {
  std::size_t n = 0;
  for (char c : s)
    if ((static_cast<unsigned char>(c) & 0xC0u) != 0x80u) ++n;
  return n;
}

std::string trim(std::string_view s) {
  std::size_t b = 0, e = s.size();
  while (b < e && (s[b] == ' ' || s[b] == '\t')) ++b;
  while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t')) --e;
  return std::string(s.substr(b, e - b));
}


// The page's labels (web/i18n.js, keys f.<path>); tests/unit/store/csv_test.cpp checks that they
// still match. choices.pension_base_ratio differs on purpose: the page takes a percentage, a
// spreadsheet the profile's ratio. Defended duplicate: kValueLabels below has rows of the same
// shape; one table names the columns, the other the choices written in them.
constexpr CsvLabel kLabels[] = {
    {"extra.id", "编号", "ID"},
    {"as_of", "按哪一天的政策", "Rules in force on"},
    {"person.birth", "出生年月", "Born"},
    {"person.sex", "性别", "Sex"},
    {"person.female_original_retirement_age", "原法定退休年龄（2025年改革前）",
     "Original retirement age (before the 2025 reform)"},
    {"person.hukou.region", "户籍所在地", "Hukou (household registration)"},
    {"person.hukou.kind", "户口性质", "Hukou kind"},
    {"person.student", "全日制在校学生", "Full-time student"},
    {"work.region", "就业（接单）所在地", "Place of work"},
    {"work.relationship", "用工关系", "Working relationship"},
    {"work.industry", "行业", "Trade"},
    {"work.platform", "主要接单平台", "Main platform"},
    {"work.monthly_income", "月收入（元，税前）", "Monthly income (yuan, before tax)"},
    {"coverage.pension.scheme", "现在的养老保险", "Pension insurance now"},
    {"coverage.pension.region", "养老保险关系所在地", "Where the pension record is held"},
    {"coverage.pension.months_paid", "养老保险累计缴费月数", "Pension months paid in total"},
    {"coverage.pension.receiving", "已按月领取养老金", "Already drawing a pension"},
    {"coverage.medical.scheme", "现在的医疗保险", "Medical insurance now"},
    {"coverage.medical.region", "医保关系所在地", "Where the medical record is held"},
    {"coverage.medical.months_paid", "医保累计缴费月数", "Medical months paid in total"},
    {"coverage.medical.retiree_benefits", "已享受职工医保退休人员待遇", "Already has employee-medical retiree benefits"},
    {"coverage.medical.break_years", "这次参保前断保几年（整年）",
     "Years without medical insurance before joining (whole years)"},
    {"coverage.medical.continuous_years", "已连续参加居民医保几年", "Years in a row of resident medical insurance"},
    {"coverage.injury", "工伤 / 职业伤害保障", "Injury cover"},
    {"choices.pension_base_ratio", "职工养老保险缴费基数比例（如 0.6）", "Employee pension base ratio (e.g. 0.6)"},
    {"choices.medical_place", "想在哪里参加医保", "Where to join medical insurance"},
    {"choices.medical_account", "职工医保缴费方式（灵活就业）", "Employee medical insurance plan (flexible workers)"},
    {"choices.resident_pension_grade", "居民养老保险缴费档次（元/年）", "Resident pension grade (yuan a year)"},
};

// Choices written as the page shows them (web/i18n.js, keys o.*). Defended duplicate: rows shaped
// like kLabels' (see there).
struct ValueLabel {
  std::string_view path, zh, value;
};
constexpr ValueLabel kValueLabels[] = {
    {"person.sex", "男", "male"},
    {"person.sex", "女", "female"},
    {"person.hukou.kind", "城镇户口", "urban"},
    {"person.hukou.kind", "农村户口", "rural"},
    {"work.relationship", "签了劳动合同（平台或合作企业）", "employee"},
    {"work.relationship", "非全日制用工", "part_time"},
    {"work.relationship", "未签劳动合同，但平台进行劳动管理", "platform_managed"},
    {"work.relationship", "依托平台自主经营（如众包）", "self_employed"},
    {"work.relationship", "劳务派遣", "dispatched"},
    {"work.relationship", "与外包 / 合作用工企业签劳动合同", "outsourced"},
    {"work.industry", "网约车", "ride_hailing"},
    {"work.industry", "外卖配送", "food_delivery"},
    {"work.industry", "即时配送（跑腿）", "instant_delivery"},
    {"work.industry", "同城货运", "same_city_freight"},
    {"work.industry", "快递", "express_delivery"},
    {"work.industry", "货车运输", "trucking"},
    {"work.industry", "其他", "other"},
    {"coverage.pension.scheme", "没有参加", "none"},
    {"coverage.pension.scheme", "职工养老保险", "employee"},
    {"coverage.pension.scheme", "城乡居民养老保险", "resident"},
    {"coverage.medical.scheme", "没有参加", "none"},
    {"coverage.medical.scheme", "职工医保", "employee"},
    {"coverage.medical.scheme", "城乡居民医保", "resident"},
    {"coverage.injury", "没有", "none"},
    {"coverage.injury", "单位已交工伤保险", "work_injury"},
    {"coverage.injury", "平台已上职业伤害保障", "occupational_injury"},
    {"choices.medical_place", "户籍地", "hukou"},
    {"choices.medical_place", "就业地", "work"},
    {"choices.medical_account", "统账结合（有个人账户）", "with_account"},
    {"choices.medical_account", "单建统筹（不建个人账户）", "pooled_only"},
};

bool is_bool_path(std::string_view path) {
  const FieldSpec* f = find_field(path);
  return f && f->type == FieldType::kBool;
}

// The value a Chinese label of a choice stands for ("" when `cell` is none).
std::string_view value_of_label(std::string_view path, std::string_view cell) {
  if (cell.empty() || static_cast<unsigned char>(cell[0]) < 0x80) return {};
  for (const auto& v : kValueLabels)
    if (v.path == path && v.zh == cell) return v.value;
  if (is_bool_path(path)) {
    if (cell == "是") return "true";
    if (cell == "否") return "false";
  }
  return {};
}

}  // namespace

CsvSplit split_csv_record(std::string_view text, std::vector<std::string>& cells) {
  cells.clear();
  CsvSplit out;
  std::size_t i = 0;
  const std::size_t n = text.size();
  while (true) {
    std::string cell;
    if (i < n && text[i] == '"') {
      const std::size_t open = i;
      ++i;
      bool closed = false;
      while (i < n) {
        if (text[i] == '"') {
          if (i + 1 < n && text[i + 1] == '"') {
            cell += '"';
            i += 2;
            continue;
          }
          closed = true;
          ++i;
          break;
        }
        cell += text[i++];
      }
      if (!closed) {
        out.status = CsvStatus::kNeedMore;
        out.column = code_points(text.substr(0, open)) + 1;
        out.message = "a quoted field is not closed";
        out.message_zh = "带引号的单元格缺少结束的引号";
        return out;
      }
      if (i < n && text[i] != ',') {
        out.status = CsvStatus::kError;
        out.column = code_points(text.substr(0, i)) + 1;
        out.message = "unexpected text after the closing quote of a field";
        out.message_zh = "单元格结束引号之后还有多余的字符";
        return out;
      }
    } else {
      const std::size_t start = i;
      while (i < n && text[i] != ',') {
        if (text[i] == '"') {
          out.status = CsvStatus::kError;
          out.column = code_points(text.substr(0, i)) + 1;
          out.message = "a quote inside an unquoted field (quote the whole field and double the quote)";
          out.message_zh = "未加引号的单元格中出现引号（应给整个单元格加引号，并把其中的引号写两遍）";
          return out;
        }
        ++i;
      }
      cell.assign(text.substr(start, i - start));
    }
    cells.push_back(std::move(cell));
    if (i >= n) break;
    ++i;  // the ','
  }
  return out;
}

std::span<const CsvLabel> csv_labels() { return kLabels; }

const CsvLabel* csv_label(std::string_view path) {
  for (const auto& l : kLabels)
    if (l.path == path) return &l;
  return nullptr;
}

std::string csv_column_path(std::string_view header_cell) {
  const std::string name = trim(header_cell);
  if (name.empty()) return {};
  if (name.rfind("extra.", 0) == 0) {
    const std::string_view key = std::string_view(name).substr(6);
    bool ok = !key.empty();
    for (char c : key)
      if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) ok = false;
    return ok ? name : std::string();
  }
  if (find_field(name)) return name;
  for (const auto& l : kLabels)
    if (l.zh == name || l.en == name) return std::string(l.path);
  return {};
}

std::vector<std::string> csv_column_paths(const std::vector<std::string>& columns) {
  std::vector<std::string> out;
  out.reserve(columns.size());
  for (const auto& c : columns) out.push_back(csv_column_path(c));
  return out;
}

std::vector<std::string> check_csv_header(const std::vector<std::string>& columns) {
  std::vector<std::string> problems;
  std::vector<std::string> seen;
  for (std::size_t c = 0; c < columns.size(); ++c) {
    const std::string name = trim(columns[c]);
    const std::string where = "column " + std::to_string(c + 1);
    if (name.empty()) {
      problems.push_back(where + " has no name");
      continue;
    }
    const std::string path = csv_column_path(name);
    if (path.empty()) {
      problems.push_back(where + " '" + name + "' is not a profile field path, nor the label of one, nor extra.NAME");
      continue;
    }
    for (const auto& s : seen)
      if (s == path) problems.push_back(where + " '" + name + "' appears twice" + (path != name ? " (" + path + ")" : ""));
    seen.push_back(path);
  }
  if (columns.empty()) problems.push_back("the header row is empty");
  return problems;
}

DocNode csv_row_to_doc(const std::vector<std::string>& columns, const std::vector<std::string>& cells,
                       std::uint32_t line) {
  DocNode root;
  root.kind = DocNode::Kind::kMapping;
  root.pos = {line, 1};
  const std::size_t count = std::min(columns.size(), cells.size());
  for (std::size_t c = 0; c < count; ++c) {
    if (cells[c].empty()) continue;
    const std::string& path = columns[c];
    DocNode* node = &root;
    std::size_t start = 0;
    while (true) {
      const std::size_t dot = path.find('.', start);
      const std::string key = path.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
      DocNode* next = nullptr;
      for (auto& e : node->entries)
        if (e.key == key) next = &e.value;
      if (!next) {
        node->entries.push_back(DocEntry{key, {line, static_cast<std::uint32_t>(c + 1)}, DocNode{}});
        next = &node->entries.back().value;
        next->pos = {line, static_cast<std::uint32_t>(c + 1)};
      }
      node = next;
      if (dot == std::string::npos) break;
      if (node->kind != DocNode::Kind::kMapping) node->kind = DocNode::Kind::kMapping;
      start = dot + 1;
    }
    node->kind = DocNode::Kind::kScalar;
    node->style = DocNode::Style::kPlain;
    const std::string_view v = value_of_label(path, cells[c]);
    node->text = v.empty() ? cells[c] : std::string(v);
  }
  return root;
}

ProfileInput read_json_profile(const PolicySet& set, std::string_view text,
                               std::optional<Date> as_of_override, Date today) {
  std::string_view s = text;
  s = strip_bom(s);
  const std::size_t first = s.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos || s[first] != '{') {
    ProfileInput out;
    out.errors.push_back({"", "json_syntax", "a line of a JSONL file must be one JSON object",
                          "JSONL 文件的每一行应是一个 JSON 对象"});
    return out;
  }
  return read_profile_text(set, text, as_of_override, today);
}

FieldError csv_cell_count_error(std::size_t expected, std::size_t found) {
  return FieldError{"", "csv_cells",
                    "the row has " + std::to_string(found) + " cells, the header " + std::to_string(expected),
                    "该行有 " + std::to_string(found) + " 个单元格，表头有 " + std::to_string(expected) + " 个"};
}

ProfileInput read_csv_profile(const PolicySet& set, std::string_view text,
                              std::optional<Date> as_of_override, Date today) {
  ProfileInput out;
  std::size_t nl = text.find('\n');
  std::string_view head = nl == std::string_view::npos ? text : text.substr(0, nl);
  std::string_view row = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
  head = strip_bom(head);
  if (!head.empty() && head.back() == '\r') head.remove_suffix(1);
  if (!row.empty() && row.back() == '\n') row.remove_suffix(1);
  if (!row.empty() && row.back() == '\r') row.remove_suffix(1);
  std::vector<std::string> columns, cells;
  CsvSplit h = split_csv_record(head, columns);
  std::vector<std::string> problems = h.status == CsvStatus::kOk ? check_csv_header(columns)
                                                                  : std::vector<std::string>{h.message};
  if (!problems.empty()) {
    out.errors.push_back({"", "csv_header", problems.front(), "CSV 表头有误：" + problems.front()});
    return out;
  }
  CsvSplit r = split_csv_record(row, cells);
  if (r.status != CsvStatus::kOk) {
    out.errors.push_back({"", "csv_syntax", r.message + " (column " + std::to_string(r.column) + ")",
                          r.message_zh + "（第 " + std::to_string(r.column) + " 列）"});
    return out;
  }
  if (cells.size() != columns.size()) {
    out.errors.push_back(csv_cell_count_error(columns.size(), cells.size()));
    return out;
  }
  return read_profile_doc(set, csv_row_to_doc(csv_column_paths(columns), cells, 2), as_of_override, today);
}

}  // namespace shebao::store
