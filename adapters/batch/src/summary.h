// The summary and the comparison as spreadsheet rows (private header).
//
// Summary: one record per input record — line, the id and extra.* columns, then per scheme
// status, channel, enrol region, personal and employer amounts per month and per year,
// determined, fields still needed; the warning count; the error (bad lines).
// Comparison: per input record, one record per scheme whose status, channel or amounts differ
// between the old and the new evaluation (old -> new), or one record with the error.
// Labels are the page's (web/i18n.js) in the chosen language. Records are CSV (RFC 4180) and
// always one physical line each (line breaks inside a cell become spaces), starting with the line
// number: the writer's resume relies on it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "shebao/core/text.h"
#include "shebao/eval/result.h"
#include "shebao/policy/policy_set.h"

namespace shebao::batch::detail {

enum class ColumnKind : std::uint8_t { kText, kInt, kMoney };
struct Column {
  std::string label;
  ColumnKind kind = ColumnKind::kText;
};

struct SchemeColumns {
  std::string id;
  std::string name;  // in the layout's language
};

struct Layout {
  Lang lang = Lang::kZh;
  bool compare = false;
  std::vector<std::string> extra_paths;   // "extra.id", "extra.team", …
  std::vector<std::size_t> extra_cells;   // CSV input: the cell of each extra path (else unused)
  std::vector<SchemeColumns> schemes;
  std::vector<Column> columns;
  // Summary: first column of scheme i = kSchemeStart + extras + i * kPerScheme.
  static constexpr std::size_t kPerScheme = 9;
  std::size_t scheme_start() const { return 1 + extra_paths.size(); }
  std::size_t warnings_column() const { return scheme_start() + schemes.size() * kPerScheme; }
  // Comparison: the scheme column, then pairs (old, new).
  std::size_t compare_scheme_column() const { return 1 + extra_paths.size(); }

  std::string header_csv() const;  // with the UTF-8 BOM and the line break
};

// csv_columns: the input's header as paths; empty for JSONL, whose columns are extra.id and then
// `jsonl_extras` (extra_keys_of_jsonl).
Layout make_layout(const PolicySet& set, Lang lang, bool compare, const std::vector<std::string>& csv_columns,
                   const std::vector<std::string>& jsonl_extras = {});

// The extra.* columns of a JSONL input, from the complete lines of `head` (the first MiB of the
// file): the keys of each line's `extra` object whose value is a string, number or boolean, in the
// order first met, without extra.id (always the first column) and at most kMaxJsonlExtras.
inline constexpr std::size_t kMaxJsonlExtras = 100;
std::vector<std::string> extra_keys_of_jsonl(std::string_view head);

// Appends one CSV cell (quoted when needed) and a separator before it unless first.
void append_cell(std::string& out, std::string_view cell, bool first = false);

// The extra values of a record: from the CSV cells, or from a profile's `extra` node.
std::vector<std::string> extras_of_cells(const Layout& l, const std::vector<std::string>& cells);
std::vector<std::string> extras_of_doc(const Layout& l, const DocNode& extra);
// From a JSON profile that was rejected (it may still name its id); empty cells when it is not JSON.
std::vector<std::string> extras_of_json(const Layout& l, std::string_view text);

void append_summary_row(std::string& out, const Layout& l, std::uint64_t line, const std::vector<std::string>& extras,
                        const EvalResult& r);
void append_error_row(std::string& out, const Layout& l, std::uint64_t line, const std::vector<std::string>& extras,
                      const std::string& error);
// Appends nothing when the two agree on every scheme.
void append_compare_rows(std::string& out, const Layout& l, std::uint64_t line, const std::vector<std::string>& extras,
                         const EvalResult& old_r, const EvalResult& new_r);

}  // namespace shebao::batch::detail
