#include "summary.h"

#include <algorithm>
#include <array>
#include <cassert>

#include <boost/json.hpp>

#include "shebao/core/doc_sniff.h"
#include "shebao/eval/evaluator.h"
#include "shebao/store/csv_profile.h"
#include "util.h"

namespace shebao::batch::detail {

namespace {

// True when a CSV cell must be quoted. A plain loop: string_view::find_first_of calls memchr over
// the four characters for every byte of the cell, a tenth of a summary run (issue 21).
bool needs_quotes(std::string_view cell) {
  for (const char c : cell)
    if (c == ',' || c == '"' || c == '\n' || c == '\r') return true;
  return false;
}

// The page's words (web/i18n.js: status.*, channel.*, col.*, undetermined, schemeNeeds).
// Defended duplicate: status_word and channel_word are switches shaped like each other and like
// the engine's status_label / channel_label (eval/result.cpp); the words are the page's, shorter
// than the engine's, for a spreadsheet's columns.
std::string_view status_word(Status s, Lang lang) {
  const bool zh = lang == Lang::kZh;
  switch (s) {
    case Status::kMandatory: return zh ? "应当参加" : "Mandatory";
    case Status::kEligible: return zh ? "可以参加" : "Eligible";
    case Status::kEnrolled: return zh ? "已参加" : "Enrolled";
    case Status::kPlatformCovered: return zh ? "平台已保障" : "Covered by platform";
    case Status::kRecommended: return zh ? "建议参加" : "Recommended";
    case Status::kNotEligible: return zh ? "不能参加" : "Not eligible";
    case Status::kNotAvailable: return zh ? "暂不适用" : "Not available";
  }
  return {};
}

std::string_view channel_word(const std::optional<Channel>& c, Lang lang) {
  if (!c) return {};
  const bool zh = lang == Lang::kZh;
  switch (*c) {
    case Channel::kEmployer: return zh ? "单位" : "Employer";
    case Channel::kFlexible: return zh ? "灵活就业人员（个人缴）" : "Flexible worker (pays alone)";
    case Channel::kIndividual: return zh ? "个人" : "Individually";
    case Channel::kPlatform: return zh ? "平台" : "Platform";
    case Channel::kDispatchAgency: return zh ? "劳务派遣单位" : "Dispatch agency";
  }
  return {};
}

struct Words {
  std::string_view line, status, channel, where, personal_month, employer_month, personal_year, employer_year,
      determined, needs, warnings, error, scheme, old_, new_, yes, no, sep;
};
const Words& words(Lang lang) {
  static const Words zh{"行号", "结论", "经办渠道", "参保地", "个人每月", "单位每月", "个人每年", "单位每年",
                        "是否确定", "还需要知道", "提示数", "错误", "险种", "原", "新", "是", "否", "、"};
  static const Words en{"line", "Status", "Through", "Where", "personal monthly", "employer monthly",
                        "personal yearly", "employer yearly", "determined", "Still needs", "warnings", "error",
                        "Scheme", "old ", "new ", "yes", "no", "; "};
  return lang == Lang::kEn ? en : zh;
}

std::string amount(const std::optional<Amounts>& a, bool personal) {
  if (!a) return {};
  return yuan((personal ? a->personal : a->employer).fen());
}
std::optional<Amounts> monthly(const SchemeResult& s) {
  return s.contribution ? s.contribution->monthly : std::nullopt;
}
std::optional<Amounts> annual(const SchemeResult& s) {
  return s.contribution ? s.contribution->annual : std::nullopt;
}

std::string extra_label(const std::string& path, Lang lang) {
  if (const store::CsvLabel* l = store::csv_label(path)) return std::string(lang == Lang::kEn ? l->en : l->zh);
  return path;
}

const SchemeResult* find_scheme(const EvalResult& r, std::string_view id) {
  for (const auto& s : r.schemes)
    if (s.id == id) return &s;
  return nullptr;
}
// The same, looking first where the layout's i-th scheme usually is (the results list the
// schemes in scheme_ids() order, as the layout does).
const SchemeResult* find_scheme(const EvalResult& r, std::string_view id, std::size_t i) {
  if (i < r.schemes.size() && r.schemes[i].id == id) return &r.schemes[i];
  return find_scheme(r, id);
}

// ',' and the cell, for words known to need no quotes (asserted in debug builds).
void append_plain(std::string& out, std::string_view cell) {
  assert(!needs_quotes(cell));
  out += ',';
  out += cell;
}

// ',' and the region's full name as a CSV cell. Region::full_name builds its text each time and
// a summary row asks for it once per scheme: the cells of a thread's recent regions are kept (a
// pure function of code and language).
const std::string& region_cell(const Region& region, Lang lang) {
  struct Entry {
    std::uint32_t code = 0;
    Lang lang = Lang::kZh;
    std::string cell;
  };
  thread_local std::array<Entry, 64> cache;
  Entry& e = cache[(region.code() * 2654435761U >> 7) % cache.size()];
  if (e.code != region.code() || e.lang != lang || e.cell.empty()) {
    e.code = region.code();
    e.lang = lang;
    e.cell.clear();
    append_cell(e.cell, region.full_name(lang));
  }
  return e.cell;
}

}  // namespace

void append_cell(std::string& out, std::string_view cell, bool first) {
  if (!first) out += ',';
  if (!needs_quotes(cell)) {
    out += cell;
    return;
  }
  out += '"';
  for (char c : cell) {
    if (c == '"') out += '"';
    out += (c == '\n' || c == '\r') ? ' ' : c;  // one physical line per record
  }
  out += '"';
}

std::string Layout::header_csv() const {
  std::string out(kUtf8Bom);  // Excel and WPS read UTF-8 CSV by its BOM
  for (std::size_t i = 0; i < columns.size(); ++i) append_cell(out, columns[i].label, i == 0);
  out += "\r\n";
  return out;
}

std::vector<std::string> extra_keys_of_jsonl(std::string_view head) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (out.size() < kMaxJsonlExtras) {
    const std::size_t nl = head.find('\n', start);
    if (nl == std::string_view::npos) break;  // the last line may be cut: only complete ones
    const std::string_view line = strip_bom(head.substr(start, nl - start));
    start = nl + 1;
    if (line.find("\"extra\"") == std::string_view::npos) continue;
    boost::system::error_code ec;
    const boost::json::value v = boost::json::parse(line, ec);
    if (ec || !v.is_object()) continue;
    const auto* extra = v.as_object().if_contains("extra");
    if (!extra || !extra->is_object()) continue;
    for (const auto& kv : extra->as_object()) {
      const boost::json::value& x = kv.value();
      if (!(x.is_string() || x.is_number() || x.is_bool())) continue;
      std::string path = "extra." + std::string(kv.key());
      if (path == "extra.id" || std::find(out.begin(), out.end(), path) != out.end()) continue;
      out.push_back(std::move(path));
      if (out.size() == kMaxJsonlExtras) break;
    }
  }
  return out;
}

Layout make_layout(const PolicySet& set, Lang lang, bool compare, const std::vector<std::string>& csv_columns,
                   const std::vector<std::string>& jsonl_extras) {
  Layout l;
  l.lang = lang;
  l.compare = compare;
  const Words& w = words(lang);
  // The id column first, then the other extra.* columns in input order.
  if (csv_columns.empty()) {
    l.extra_paths.push_back("extra.id");
    for (const auto& p : jsonl_extras)
      if (p != "extra.id") l.extra_paths.push_back(p);
  } else {
    for (std::size_t c = 0; c < csv_columns.size(); ++c)
      if (csv_columns[c] == "extra.id") {
        l.extra_paths.push_back("extra.id");
        l.extra_cells.push_back(c);
      }
    for (std::size_t c = 0; c < csv_columns.size(); ++c)
      if (csv_columns[c].rfind("extra.", 0) == 0 && csv_columns[c] != "extra.id") {
        l.extra_paths.push_back(csv_columns[c]);
        l.extra_cells.push_back(c);
      }
  }
  const std::vector<PackView> packs = describe_policies(set);
  for (std::string_view id : scheme_ids()) {
    SchemeColumns s{std::string(id), std::string(id)};
    for (const auto& p : packs) {
      bool found = false;
      for (const auto& sv : p.schemes)
        if (sv.id == id) {
          s.name = lang == Lang::kEn ? sv.name.en : sv.name.zh;
          found = true;
          break;
        }
      if (found) break;
    }
    l.schemes.push_back(std::move(s));
  }
  l.columns.push_back({std::string(w.line), ColumnKind::kInt});
  for (const auto& p : l.extra_paths) l.columns.push_back({extra_label(p, lang), ColumnKind::kText});
  const std::string dot = lang == Lang::kEn ? ": " : "·";
  if (!compare) {
    for (const auto& s : l.schemes) {
      const std::string p = s.name + dot;
      l.columns.push_back({p + std::string(w.status), ColumnKind::kText});
      l.columns.push_back({p + std::string(w.channel), ColumnKind::kText});
      l.columns.push_back({p + std::string(w.where), ColumnKind::kText});
      l.columns.push_back({p + std::string(w.personal_month), ColumnKind::kMoney});
      l.columns.push_back({p + std::string(w.employer_month), ColumnKind::kMoney});
      l.columns.push_back({p + std::string(w.personal_year), ColumnKind::kMoney});
      l.columns.push_back({p + std::string(w.employer_year), ColumnKind::kMoney});
      l.columns.push_back({p + std::string(w.determined), ColumnKind::kText});
      l.columns.push_back({p + std::string(w.needs), ColumnKind::kText});
    }
    l.columns.push_back({std::string(w.warnings), ColumnKind::kInt});
  } else {
    l.columns.push_back({std::string(w.scheme), ColumnKind::kText});
    for (std::string_view name : {w.status, w.channel}) {
      l.columns.push_back({std::string(w.old_) + std::string(name), ColumnKind::kText});
      l.columns.push_back({std::string(w.new_) + std::string(name), ColumnKind::kText});
    }
    for (std::string_view name : {w.personal_month, w.employer_month, w.personal_year, w.employer_year}) {
      l.columns.push_back({std::string(w.old_) + std::string(name), ColumnKind::kMoney});
      l.columns.push_back({std::string(w.new_) + std::string(name), ColumnKind::kMoney});
    }
  }
  l.columns.push_back({std::string(w.error), ColumnKind::kText});
  return l;
}

std::vector<std::string> extras_of_cells(const Layout& l, const std::vector<std::string>& cells) {
  std::vector<std::string> out;
  out.reserve(l.extra_cells.size());
  for (std::size_t c : l.extra_cells) out.push_back(c < cells.size() ? cells[c] : std::string());
  return out;
}

std::vector<std::string> extras_of_doc(const Layout& l, const DocNode& extra) {
  std::vector<std::string> out;
  out.reserve(l.extra_paths.size());
  for (const auto& p : l.extra_paths) {
    const DocNode* n = extra.find(std::string_view(p).substr(6));
    out.push_back(n && n->is_scalar() ? n->text : std::string());
  }
  return out;
}

std::vector<std::string> extras_of_json(const Layout& l, std::string_view text) {
  std::vector<std::string> out(l.extra_paths.size());
  boost::system::error_code ec;
  const boost::json::value v = boost::json::parse(text, ec);
  if (ec || !v.is_object()) return out;
  const auto* extra = v.as_object().if_contains("extra");
  if (!extra || !extra->is_object()) return out;
  for (std::size_t i = 0; i < l.extra_paths.size(); ++i) {
    const auto* x = extra->as_object().if_contains(std::string_view(l.extra_paths[i]).substr(6));
    if (!x) continue;
    if (x->is_string()) out[i] = std::string(x->get_string());
    else if (x->is_int64() || x->is_uint64() || x->is_double() || x->is_bool()) out[i] = boost::json::serialize(*x);
  }
  return out;
}

namespace {
void start_row(std::string& out, std::uint64_t line, const std::vector<std::string>& extras) {
  out += std::to_string(line);
  for (const auto& e : extras) append_cell(out, e);
}
}  // namespace

void append_summary_row(std::string& out, const Layout& l, std::uint64_t line, const std::vector<std::string>& extras,
                        const EvalResult& r) {
  const Words& w = words(l.lang);
  start_row(out, line, extras);
  for (std::size_t i = 0; i < l.schemes.size(); ++i) {
    const SchemeColumns& sc = l.schemes[i];
    const SchemeResult* s = find_scheme(r, sc.id, i);
    if (!s) {
      out.append(Layout::kPerScheme, ',');
      continue;
    }
    // The page's words and the amounts never need quotes: appended as they are.
    append_plain(out, status_word(s->status, l.lang));
    append_plain(out, channel_word(s->channel, l.lang));
    if (s->enrol_region)
      out += region_cell(*s->enrol_region, l.lang);
    else
      out += ',';
    const auto m = monthly(*s);
    const auto y = annual(*s);
    append_plain(out, amount(m, true));
    append_plain(out, amount(m, false));
    append_plain(out, amount(y, true));
    append_plain(out, amount(y, false));
    append_plain(out, s->determined ? w.yes : w.no);
    std::string needs;
    for (std::string_view p : s->needs) {
      if (!needs.empty()) needs += w.sep;
      const store::CsvLabel* lab = l.lang == Lang::kZh ? store::csv_label(p) : nullptr;
      needs += lab ? lab->zh : p;
    }
    append_cell(out, needs);
  }
  out += ',';
  out += std::to_string(r.warnings.size());
  out += ",\r\n";
}

void append_error_row(std::string& out, const Layout& l, std::uint64_t line, const std::vector<std::string>& extras,
                      const std::string& error) {
  start_row(out, line, extras);
  const std::size_t empty = l.columns.size() - 2 - extras.size();
  out.append(empty, ',');
  append_cell(out, error);
  out += "\r\n";
}

void append_compare_rows(std::string& out, const Layout& l, std::uint64_t line, const std::vector<std::string>& extras,
                         const EvalResult& old_r, const EvalResult& new_r) {
  for (const auto& sc : l.schemes) {
    const SchemeResult* a = find_scheme(old_r, sc.id);
    const SchemeResult* b = find_scheme(new_r, sc.id);
    if (!a || !b) continue;
    const std::string cells[8] = {amount(monthly(*a), true), amount(monthly(*b), true),
                                  amount(monthly(*a), false), amount(monthly(*b), false),
                                  amount(annual(*a), true),  amount(annual(*b), true),
                                  amount(annual(*a), false), amount(annual(*b), false)};
    const bool same = a->status == b->status && a->channel == b->channel && cells[0] == cells[1] &&
                      cells[2] == cells[3] && cells[4] == cells[5] && cells[6] == cells[7];
    if (same) continue;
    start_row(out, line, extras);
    append_cell(out, sc.name);
    append_cell(out, status_word(a->status, l.lang));
    append_cell(out, status_word(b->status, l.lang));
    append_cell(out, channel_word(a->channel, l.lang));
    append_cell(out, channel_word(b->channel, l.lang));
    for (const auto& c : cells) append_cell(out, c);
    out += ",\r\n";
  }
}

}  // namespace shebao::batch::detail
