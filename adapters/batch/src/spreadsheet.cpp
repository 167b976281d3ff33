#include "spreadsheet.h"

#include <xlsxwriter.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include "shebao/core/doc_sniff.h"
#include "shebao/profile/profile.h"
#include "shebao/store/csv_profile.h"
#include "util.h"

namespace shebao::batch::detail {

namespace {

constexpr std::size_t kRowsPerSheet = 1000000;  // DECISIONS.md: XLSX splits at 1,000,000 rows per sheet

// Reads the records of a CSV this batch wrote (one physical line each), header skipped.
template <class F>
void for_each_record(const std::string& path, F&& f) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw BatchError(1, path + ": cannot read: " + sys_error());
  std::string line;
  std::vector<std::string> cells;
  bool header = true;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (header) {
      header = false;
      continue;
    }
    if (line.empty()) continue;
    if (store::split_csv_record(line, cells).status != store::CsvStatus::kOk)
      throw BatchError(1, path + ": a record the batch wrote cannot be read back: " + line.substr(0, 40));
    f(cells);
  }
}

std::int64_t parse_fen(const std::string& s) {
  if (s.empty()) return 0;
  const bool neg = s[0] == '-';
  std::int64_t v = 0;
  int decimals = -1;
  for (std::size_t i = neg ? 1 : 0; i < s.size(); ++i) {
    if (s[i] == '.') {
      decimals = 0;
      continue;
    }
    v = v * 10 + (s[i] - '0');
    if (decimals >= 0) ++decimals;
  }
  if (decimals < 0) decimals = 0;
  for (; decimals < 2; ++decimals) v *= 10;
  return neg ? -v : v;
}

Cell text(std::string s) { return Cell{std::move(s), false, false}; }
Cell num(std::uint64_t n) { return Cell{std::to_string(n), true, false}; }
Cell money(std::int64_t fen) { return Cell{yuan(fen), true, true}; }

const char* const kStatusOrderZh[] = {"应当参加", "可以参加", "已参加", "平台已保障", "建议参加", "不能参加", "暂不适用"};
const char* const kStatusOrderEn[] = {"Mandatory", "Eligible", "Enrolled", "Covered by platform", "Recommended",
                                      "Not eligible", "Not available"};

}  // namespace

Table summary_statistics(const Layout& l, const std::string& csv_path) {
  const bool zh = l.lang == Lang::kZh;
  const auto& statuses = zh ? kStatusOrderZh : kStatusOrderEn;
  const std::size_t n = l.schemes.size();
  std::vector<std::map<std::string, std::uint64_t>> by_status(n);
  std::vector<std::int64_t> monthly(n, 0);
  std::vector<std::uint64_t> undetermined(n, 0);
  std::uint64_t rows = 0, bad = 0, any_undetermined = 0;
  const std::string no = zh ? "否" : "no";
  const std::size_t err_col = l.columns.size() - 1;
  for_each_record(csv_path, [&](const std::vector<std::string>& c) {
    ++rows;
    if (c.size() > err_col && !c[err_col].empty()) {
      ++bad;
      return;
    }
    bool any = false;
    for (std::size_t s = 0; s < n; ++s) {
      const std::size_t base = l.scheme_start() + s * Layout::kPerScheme;
      if (base + Layout::kPerScheme > c.size()) break;
      ++by_status[s][c[base]];
      monthly[s] += parse_fen(c[base + 3]);
      if (c[base + 7] == no) {
        ++undetermined[s];
        any = true;
      }
    }
    if (any) ++any_undetermined;
  });
  Table t;
  std::vector<Cell> head{text(zh ? "险种" : "Scheme")};
  for (const char* s : statuses) head.push_back(text(s));
  head.push_back(text(zh ? "个人每月合计（元）" : "Personal monthly total (yuan)"));
  head.push_back(text(zh ? "待定人数" : "Undetermined"));
  t.push_back(std::move(head));
  for (std::size_t s = 0; s < n; ++s) {
    std::vector<Cell> r{text(l.schemes[s].name)};
    for (const char* st : statuses) {
      auto it = by_status[s].find(st);
      r.push_back(num(it == by_status[s].end() ? 0 : it->second));
    }
    r.push_back(money(monthly[s]));
    r.push_back(num(undetermined[s]));
    t.push_back(std::move(r));
  }
  t.push_back({});
  t.push_back({text(zh ? "行数" : "Rows"), num(rows)});
  t.push_back({text(zh ? "已评估" : "Evaluated"), num(rows - bad)});
  t.push_back({text(zh ? "出错行数" : "Bad rows"), num(bad)});
  t.push_back({text(zh ? "有待定项的人数" : "Workers with something undetermined"), num(any_undetermined)});
  return t;
}

Table compare_statistics(const Layout& l, const std::string& csv_path) {
  const bool zh = l.lang == Lang::kZh;
  std::map<std::tuple<std::string, std::string, std::string>, std::uint64_t> changes;
  std::map<std::string, std::uint64_t> amount_only;
  std::set<std::string> workers;
  std::uint64_t bad = 0;
  const std::size_t sc = l.compare_scheme_column();
  const std::size_t err_col = l.columns.size() - 1;
  for_each_record(csv_path, [&](const std::vector<std::string>& c) {
    if (c.size() > err_col && !c[err_col].empty()) {
      ++bad;
      return;
    }
    if (c.size() < sc + 3) return;
    workers.insert(c[0]);
    ++changes[{c[sc], c[sc + 1], c[sc + 2]}];
  });
  Table t;
  t.push_back({text(zh ? "险种" : "Scheme"), text(zh ? "原结论" : "old Status"), text(zh ? "新结论" : "new Status"),
               text(zh ? "人数" : "Workers")});
  for (const auto& [k, v] : changes) t.push_back({text(std::get<0>(k)), text(std::get<1>(k)), text(std::get<2>(k)), num(v)});
  t.push_back({});
  t.push_back({text(zh ? "有变化的人数" : "Workers with a change"), num(workers.size())});
  t.push_back({text(zh ? "出错行数" : "Bad rows"), num(bad)});
  return t;
}

void write_table_csv(const Table& table, const std::string& path) {
  std::string out(kUtf8Bom);  // Excel and WPS read UTF-8 CSV by its BOM
  for (const auto& row : table) {
    for (std::size_t i = 0; i < row.size(); ++i) append_cell(out, row[i].text, i == 0);
    out += "\r\n";
  }
  write_file_atomic(path, out);
}

std::string table_text(const Table& table) {
  std::string out;
  for (const auto& row : table) {
    if (row.empty()) continue;
    out += "  ";
    for (std::size_t i = 0; i < row.size(); ++i) {
      if (i) out += i + 1 == row.size() ? ": " : (i == 2 && row.size() == 4 ? " -> " : "  ");
      out += row[i].text;
    }
    out += '\n';
  }
  return out;
}

namespace {

struct Workbook {
  lxw_workbook* wb = nullptr;
  explicit Workbook(const std::string& path) {
    lxw_workbook_options o{};
    o.constant_memory = LXW_TRUE;
    o.use_zip64 = LXW_TRUE;
    wb = workbook_new_opt(path.c_str(), &o);
    if (!wb) throw BatchError(1, path + ": cannot create the workbook");
  }
  ~Workbook() {
    if (wb) workbook_close(wb);
  }
  void close(const std::string& path) {
    const lxw_error e = workbook_close(wb);
    wb = nullptr;
    if (e != LXW_NO_ERROR) throw BatchError(1, path + ": cannot write the workbook: " + lxw_strerror(e));
  }
};

void write_table_sheet(lxw_workbook* wb, const char* name, const Table& table, lxw_format* bold, lxw_format* money_fmt) {
  lxw_worksheet* ws = workbook_add_worksheet(wb, name);
  worksheet_freeze_panes(ws, 1, 0);
  worksheet_set_column(ws, 0, 0, 28, nullptr);
  for (std::size_t r = 0; r < table.size(); ++r)
    for (std::size_t c = 0; c < table[r].size(); ++c) {
      const Cell& cell = table[r][c];
      const auto row = static_cast<lxw_row_t>(r);
      const auto col = static_cast<lxw_col_t>(c);
      if (cell.number)
        worksheet_write_number(ws, row, col, static_cast<double>(parse_fen(cell.text)) / 100.0,
                               cell.money ? money_fmt : nullptr);
      else
        worksheet_write_string(ws, row, col, cell.text.c_str(), r == 0 ? bold : nullptr);
    }
}

}  // namespace

void write_xlsx(const Layout& l, const std::string& csv_path, const std::string& xlsx_path, const Table& stats) {
  const bool zh = l.lang == Lang::kZh;
  const std::string tmp = xlsx_path + ".tmp";
  Workbook book(tmp);
  lxw_format* bold = workbook_add_format(book.wb);
  format_set_bold(bold);
  lxw_format* money_fmt = workbook_add_format(book.wb);
  format_set_num_format(money_fmt, "0.00");
  const char* base = l.compare ? (zh ? "变化" : "Changes") : (zh ? "结果" : "Results");
  lxw_worksheet* ws = nullptr;
  std::size_t row = 0, sheet = 0;
  auto new_sheet = [&] {
    ++sheet;
    const std::string name = sheet == 1 ? std::string(base) : std::string(base) + std::to_string(sheet);
    ws = workbook_add_worksheet(book.wb, name.c_str());
    worksheet_freeze_panes(ws, 1, 0);
    for (std::size_t c = 0; c < l.columns.size(); ++c)
      worksheet_write_string(ws, 0, static_cast<lxw_col_t>(c), l.columns[c].label.c_str(), bold);
    row = 1;
  };
  new_sheet();
  for_each_record(csv_path, [&](const std::vector<std::string>& cells) {
    if (row > kRowsPerSheet) new_sheet();
    for (std::size_t c = 0; c < cells.size() && c < l.columns.size(); ++c) {
      if (cells[c].empty()) continue;
      const auto r = static_cast<lxw_row_t>(row);
      const auto col = static_cast<lxw_col_t>(c);
      switch (l.columns[c].kind) {
        case ColumnKind::kMoney:
          worksheet_write_number(ws, r, col, static_cast<double>(parse_fen(cells[c])) / 100.0, money_fmt);
          break;
        case ColumnKind::kInt:
          worksheet_write_number(ws, r, col, static_cast<double>(std::stoll(cells[c])), nullptr);
          break;
        case ColumnKind::kText:
          worksheet_write_string(ws, r, col, cells[c].c_str(), nullptr);
          break;
      }
    }
    ++row;
  });
  write_table_sheet(book.wb, zh ? "统计" : "Statistics", stats, bold, money_fmt);
  book.close(tmp);
  if (std::rename(tmp.c_str(), xlsx_path.c_str()) != 0) throw BatchError(1, xlsx_path + ": cannot write: " + sys_error());
}

void write_template(const std::string& path, Lang lang) {
  const std::string p = lower(path);
  const auto labels = store::csv_labels();
  if (ends_with(p, ".csv")) {
    std::string out(kUtf8Bom);  // Excel and WPS read UTF-8 CSV by its BOM
    for (std::size_t i = 0; i < labels.size(); ++i)
      append_cell(out, lang == Lang::kEn ? labels[i].en : labels[i].zh, i == 0);
    out += "\r\n";
    write_file_atomic(path, out);
    return;
  }
  if (!ends_with(p, ".xlsx")) throw BatchError(2, path + ": --template writes .csv or .xlsx");
  const bool zh = lang == Lang::kZh;
  const std::string tmp = path + ".tmp";
  Workbook book(tmp);
  lxw_format* bold = workbook_add_format(book.wb);
  format_set_bold(bold);
  lxw_format* as_text = workbook_add_format(book.wb);
  format_set_num_format(as_text, "@");  // region codes and dates stay as typed
  lxw_worksheet* ws = workbook_add_worksheet(book.wb, zh ? "填写" : "Profiles");
  worksheet_freeze_panes(ws, 1, 0);
  for (std::size_t i = 0; i < labels.size(); ++i) {
    worksheet_set_column(ws, static_cast<lxw_col_t>(i), static_cast<lxw_col_t>(i), 18, as_text);
    worksheet_write_string(ws, 0, static_cast<lxw_col_t>(i), std::string(zh ? labels[i].zh : labels[i].en).c_str(), bold);
  }
  lxw_worksheet* help = workbook_add_worksheet(book.wb, zh ? "说明" : "Help");
  const char* heads[] = {zh ? "列" : "Column", zh ? "字段" : "Field", zh ? "必填" : "Required", zh ? "说明" : "Help"};
  for (int c = 0; c < 4; ++c) worksheet_write_string(help, 0, static_cast<lxw_col_t>(c), heads[c], bold);
  for (std::size_t i = 0; i < labels.size(); ++i) {
    const auto r = static_cast<lxw_row_t>(i + 1);
    worksheet_write_string(help, r, 0, std::string(zh ? labels[i].zh : labels[i].en).c_str(), nullptr);
    worksheet_write_string(help, r, 1, std::string(labels[i].path).c_str(), nullptr);
    const FieldSpec* f = find_field(labels[i].path);
    worksheet_write_string(help, r, 2, f && f->required ? (zh ? "是" : "yes") : "", nullptr);
    std::string h = f ? (zh ? f->help.zh : f->help.en) : std::string(zh ? "本人的编号，原样带到结果中" : "Your id of the worker, carried to the results");
    if (f && !f->enum_values.empty()) {
      h += zh ? "（可填：" : " (one of: ";
      for (std::size_t k = 0; k < f->enum_values.size(); ++k) h += (k ? ", " : "") + std::string(f->enum_values[k]);
      h += zh ? "）" : ")";
    }
    worksheet_write_string(help, r, 3, h.c_str(), nullptr);
  }
  worksheet_set_column(help, 0, 1, 30, nullptr);
  worksheet_set_column(help, 3, 3, 80, nullptr);
  book.close(tmp);
  if (std::rename(tmp.c_str(), path.c_str()) != 0) throw BatchError(1, path + ": cannot write: " + sys_error());
}

}  // namespace shebao::batch::detail
