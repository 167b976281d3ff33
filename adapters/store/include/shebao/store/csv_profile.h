// Profiles from CSV (RFC 4180): a header row names profile paths (person.birth, work.region,
// coverage.pension.months_paid, … — the paths of profile_schema()), each further record is one
// profile; an empty cell means the field is absent. Cells are read like YAML plain scalars (text
// the validator interprets per the field's type), so "530902", 5200, true and 1992-03 all work.
#pragma once

#include <cstdint>
#include <optional>
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

// Checks header cells: each must be a profile path of profile_schema(), at most once. Returns
// one message per problem (empty: fine). Cells are compared after trimming spaces.
std::vector<std::string> check_csv_header(const std::vector<std::string>& columns);

// The profile document of one row: every non-empty cell at its (dotted) path, as a plain scalar
// positioned at `line` and the cell's column. `columns` and `cells` have the same size.
DocNode csv_row_to_doc(const std::vector<std::string>& columns, const std::vector<std::string>& cells,
                       std::uint32_t line = 0);

// A parsed row is validated with shebao::read_profile_doc (adapters/service), as any document.
using shebao::read_profile_doc;

// A CSV profile as the audit log keeps it: the header line, a line break, then the record.
ProfileInput read_csv_profile(const PolicySet& set, std::string_view text,
                              std::optional<Date> as_of_override, Date today);

// A profile that must be one JSON object (a line of a JSONL file; what the audit log calls format
// "json"): anything else is rejected with code json-syntax at "(line)"; then as read_profile_text.
ProfileInput read_json_profile(const PolicySet& set, std::string_view text,
                               std::optional<Date> as_of_override, Date today);

// The FieldError of a CSV row whose cell count differs from the header's.
FieldError csv_cell_count_error(std::size_t expected, std::size_t found);

}  // namespace shebao::store
