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
    if (!find_field(name)) {
      problems.push_back(where + " '" + name + "' is not a profile field path");
      continue;
    }
    for (const auto& s : seen)
      if (s == name) problems.push_back(where + " '" + name + "' appears twice");
    seen.push_back(name);
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
    const std::string path = trim(columns[c]);
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
    node->text = cells[c];
  }
  return root;
}

ProfileInput read_json_profile(const PolicySet& set, std::string_view text,
                               std::optional<Date> as_of_override, Date today) {
  std::string_view s = text;
  if (s.substr(0, 3) == "\xEF\xBB\xBF") s.remove_prefix(3);
  const std::size_t first = s.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos || s[first] != '{') {
    ProfileInput out;
    out.errors.push_back({"(line)", "json-syntax", "a line of a JSONL file must be one JSON object",
                          "JSONL 文件的每一行应是一个 JSON 对象"});
    return out;
  }
  return read_profile_text(set, text, as_of_override, today);
}

FieldError csv_cell_count_error(std::size_t expected, std::size_t found) {
  return FieldError{"(row)", "csv_cells",
                    "the row has " + std::to_string(found) + " cells, the header " + std::to_string(expected),
                    "该行有 " + std::to_string(found) + " 个单元格，表头有 " + std::to_string(expected) + " 个"};
}

ProfileInput read_csv_profile(const PolicySet& set, std::string_view text,
                              std::optional<Date> as_of_override, Date today) {
  ProfileInput out;
  std::size_t nl = text.find('\n');
  std::string_view head = nl == std::string_view::npos ? text : text.substr(0, nl);
  std::string_view row = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
  if (head.substr(0, 3) == "\xEF\xBB\xBF") head.remove_prefix(3);
  if (!head.empty() && head.back() == '\r') head.remove_suffix(1);
  if (!row.empty() && row.back() == '\n') row.remove_suffix(1);
  if (!row.empty() && row.back() == '\r') row.remove_suffix(1);
  std::vector<std::string> columns, cells;
  CsvSplit h = split_csv_record(head, columns);
  std::vector<std::string> problems = h.status == CsvStatus::kOk ? check_csv_header(columns)
                                                                  : std::vector<std::string>{h.message};
  if (!problems.empty()) {
    out.errors.push_back({"(header)", "csv_header", problems.front(), "CSV 表头有误：" + problems.front()});
    return out;
  }
  CsvSplit r = split_csv_record(row, cells);
  if (r.status != CsvStatus::kOk) {
    out.errors.push_back({"(row)", "csv_syntax", r.message + " (column " + std::to_string(r.column) + ")",
                          r.message_zh + "（第 " + std::to_string(r.column) + " 列）"});
    return out;
  }
  if (cells.size() != columns.size()) {
    out.errors.push_back(csv_cell_count_error(columns.size(), cells.size()));
    return out;
  }
  return read_profile_doc(set, csv_row_to_doc(columns, cells, 2), as_of_override, today);
}

}  // namespace shebao::store
