// Profiles from CSV (RFC 4180): a header row names profile paths (person.birth, work.region,
// coverage.pension.months_paid, … — the paths of profile_schema()) or their Chinese or English
// labels as the page shows them (出生年月, 性别, 户籍所在地, …; see csv_labels()), and `extra.*`
// columns (编号 = extra.id) carried through; each further record is one profile; an empty cell
// means the field is absent. Cells are read like YAML plain scalars (text the validator
// interprets per the field's type), so "530902", 5200, true and 1992-03 all work; a choice may
// also be written as the page's Chinese label of it (男, 城镇户口, 非全日制用工, 是/否, …).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "shebao/core/date.h"
#include "shebao/core/doc.h"
#include "shebao/policy/policy_set.h"
#include "shebao/service/service.h"

namespace shebao::store {

enum class CsvStatus : std::uint8_t {
  kOk,        // a whole record
  kNeedMore,  // a quoted field is still open at the end of the text: the record goes on on the
              // next line (a quoted field may hold line breaks)
  kError,     // malformed; see message
};
struct CsvSplit {
  CsvStatus status = CsvStatus::kOk;
  std::string message;      // English, for kError
  std::string message_zh;
  std::size_t column = 0;   // 1-based character (code point) column of the problem
};
// Splits one record (without its final line break) into `cells`. Fields are separated by ',';
// a field that starts with '"' is quoted: '""' inside stands for '"', and it may hold ',' and
// line breaks; after the closing quote only ',' or the end may follow. A '"' inside an unquoted
// field is an error. Spaces are part of a field (RFC 4180).
CsvSplit split_csv_record(std::string_view text, std::vector<std::string>& cells);

// The label of a profile field (or of extra.id) in a spreadsheet: the page's (web/i18n.js).
struct CsvLabel {
  std::string_view path;  // "person.birth", "extra.id"
  std::string_view zh;    // "出生年月"
  std::string_view en;    // "Born"
};
// Every field of profile_schema() in schema order, extra.id first.
std::span<const CsvLabel> csv_labels();
// The label of `path` (nullptr when it has none).
const CsvLabel* csv_label(std::string_view path);

// The profile path a header cell names: a path, an extra.* path, or a label (zh or en) of
// csv_labels(); "" when none. Spaces around the cell are ignored.
std::string csv_column_path(std::string_view header_cell);

// Checks header cells: each must name a profile path (directly or by its label) or extra.*, at
// most once. Returns one message per problem (empty: fine).
std::vector<std::string> check_csv_header(const std::vector<std::string>& columns);
// The header cells as paths (csv_column_path of each; check_csv_header first).
std::vector<std::string> csv_column_paths(const std::vector<std::string>& columns);

// The profile document of one row: every non-empty cell at its (dotted) path, as a plain scalar
// positioned at `line` and the cell's column. `columns` are paths (csv_column_paths) and have the
// size of `cells`. A cell holding the Chinese label of a choice becomes its value (男 -> male).
DocNode csv_row_to_doc(const std::vector<std::string>& columns, const std::vector<std::string>& cells,
                       std::uint32_t line = 0);

// A parsed row is validated with shebao::read_profile_doc (adapters/service), as any document.
using shebao::read_profile_doc;

// A CSV profile as the audit log keeps it: the header line, a line break, then the record.
ProfileInput read_csv_profile(const PolicySet& set, std::string_view text,
                              std::optional<Date> as_of_override, Date today);

// A profile that must be one JSON object (a line of a JSONL file; what the audit log calls format
// "json"): anything else is rejected with code json_syntax and path ""; then as read_profile_text.
ProfileInput read_json_profile(const PolicySet& set, std::string_view text,
                               std::optional<Date> as_of_override, Date today);

// The FieldError of a CSV row whose cell count differs from the header's.
FieldError csv_cell_count_error(std::size_t expected, std::size_t found);

}  // namespace shebao::store
