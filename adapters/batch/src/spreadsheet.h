// Spreadsheet files of the summary and the comparison (private header): statistics computed by
// reading back the CSV the batch wrote (so that they cover every run of a resumed batch), and
// the XLSX workbook made from that CSV with libxlsxwriter.
#pragma once

#include <string>
#include <vector>

#include "summary.h"

namespace shebao::batch::detail {

struct Cell {
  std::string text;
  bool number = false;  // written as a number
  bool money = false;   // with 2 decimals
};
using Table = std::vector<std::vector<Cell>>;

// Statistics of a summary CSV: per scheme the count by status, the total monthly personal cost,
// the undetermined count; then the rows, bad rows and workers with something undetermined.
Table summary_statistics(const Layout& l, const std::string& csv_path);
// Statistics of a comparison CSV: per (scheme, old status, new status) the workers; then the
// workers with a change and the bad rows.
Table compare_statistics(const Layout& l, const std::string& csv_path);

// Writes `table` as CSV (UTF-8 with a BOM).
void write_table_csv(const Table& table, const std::string& path);

// The workbook `xlsx_path` from the CSV at `csv_path` (written by the batch with layout `l`):
// a frozen header row, money as numbers with 2 decimals, at most 1,000,000 rows per sheet (then
// a next sheet), and a last sheet with `stats`.
void write_xlsx(const Layout& l, const std::string& csv_path, const std::string& xlsx_path, const Table& stats);

// The statistics table as lines for the log (comparison).
std::string table_text(const Table& table);

// `shebao batch --template`: the header of the input columns (csv_labels(), in `lang`) as CSV or
// XLSX (with a second sheet that explains each column).
void write_template(const std::string& path, Lang lang);

}  // namespace shebao::batch::detail
