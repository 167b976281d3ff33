#include "shebao/core/region.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <charconv>
#include <cstdint>
#include <mutex>
#include <vector>

#include "shebao/core/region_table.h"

namespace shebao {

// Search forms of one current region, normalised (see normalize below).
struct RegionSearchIndex {
  struct Forms {
    std::array<std::string, 4> items;  // zh, zh_short, pinyin, en
  };
  std::vector<Forms> forms;  // parallel to RegionTable::entries(); empty items for withdrawn codes
};

namespace internal {
namespace {

constexpr std::string_view kNationalZh = "全国";
constexpr std::string_view kNationalEn = "China";

bool valid_province_prefix(std::uint32_t p) {
  // 11-15, 21-23, 31-37, 41-46, 50-54, 61-65, 71, 81, 82 as bits of a 128-bit mask (one test, no
  // chain of branches: every evaluation checks a few region codes).
  static constexpr auto kMask = [] {
    std::array<std::uint64_t, 2> m{};
    auto set = [&](std::uint32_t from, std::uint32_t to) {
      for (std::uint32_t k = from; k <= to; ++k) m[k / 64] |= std::uint64_t{1} << (k % 64);
    };
    set(11, 15), set(21, 23), set(31, 37), set(41, 46), set(50, 54), set(61, 65), set(71, 71), set(81, 82);
    return m;
  }();
  return p < 128 && (kMask[p / 64] >> (p % 64) & 1) != 0;
}

// ---- the installed table ----
std::atomic<const RegionTable*> g_table{nullptr};
std::mutex g_install_mutex;
std::vector<std::shared_ptr<const RegionTable>>& kept_tables() {
  static std::vector<std::shared_ptr<const RegionTable>> kept;
  return kept;
}

const RegionEntry* lookup(std::uint32_t code) {
  const RegionTable* t = g_table.load(std::memory_order_acquire);
  return t ? t->find(code) : nullptr;
}

std::string code_string(std::uint32_t code) {
  std::string s = std::to_string(code);
  if (s.size() < 6) s.insert(0, 6 - s.size(), '0');
  return s;
}

// 0 = county level, 1 = prefecture level, 2 = province level: the sort key "most specific first".
int level(std::uint32_t code) {
  if (code % 10000 == 0) return 2;
  if (code % 100 == 0) return 1;
  return 0;
}

// The named regions strictly above `code`, outermost first (province, then prefecture).
std::size_t ancestors(std::uint32_t code, std::array<const RegionEntry*, 2>& out) {
  std::size_t n = 0;
  const std::uint32_t province = code / 10000 * 10000;
  const std::uint32_t prefecture = code / 100 * 100;
  if (province != code)
    if (const auto* p = lookup(province)) out[n++] = p;
  if (prefecture != code && prefecture != province)
    if (const auto* p = lookup(prefecture); p && p->current()) out[n++] = p;
  return n;
}

// Search normalisation: ASCII letters lower-cased, other ASCII that is not a digit (spaces, commas,
// apostrophes, hyphens) dropped, non-ASCII bytes (UTF-8 Chinese) kept as they are.
std::string normalize(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (u >= 0x80 || (c >= '0' && c <= '9')) {
      out.push_back(c);
    } else if (c >= 'a' && c <= 'z') {
      out.push_back(c);
    } else if (c >= 'A' && c <= 'Z') {
      out.push_back(static_cast<char>(c - 'A' + 'a'));
    }
  }
  return out;
}

using Forms = RegionSearchIndex::Forms;

enum class MatchKind : std::uint8_t { kNone = 0, kPartial = 1, kExact = 2 };

MatchKind match_own(std::string_view rest, const Forms& own) {
  if (rest.empty()) return MatchKind::kNone;
  for (const auto& f : own.items)
    if (rest == f) return MatchKind::kExact;
  for (const auto& f : own.items)
    if (!f.empty() && f.find(rest) != std::string::npos) return MatchKind::kPartial;
  return MatchKind::kNone;
}

// Chinese order: optional ancestors as prefixes (province, then prefecture), then the region.
MatchKind match_prefixed(std::string_view q, const Forms* const* anc, std::size_t n_anc, const Forms& own) {
  if (n_anc == 0) return match_own(q, own);
  MatchKind best = match_prefixed(q, anc + 1, n_anc - 1, own);  // ancestor left out
  for (const auto& f : anc[0]->items)
    if (!f.empty() && q.starts_with(f))
      best = std::max(best, match_prefixed(q.substr(f.size()), anc + 1, n_anc - 1, own));
  return best;
}

// English order: the region, then optional ancestors as suffixes (prefecture, then province), as in
// "Linxiang District, Lincang, Yunnan". `anc` is outermost first, which is the order in which the
// suffixes come off the end of the query.
MatchKind match_suffixed(std::string_view q, const Forms* const* anc, std::size_t n_anc, const Forms& own) {
  if (n_anc == 0) return match_own(q, own);
  MatchKind best = match_suffixed(q, anc + 1, n_anc - 1, own);  // ancestor left out
  for (const auto& f : anc[0]->items)
    if (!f.empty() && q.ends_with(f))
      best = std::max(best, match_suffixed(q.substr(0, q.size() - f.size()), anc + 1, n_anc - 1, own));
  return best;
}

bool is_ascii(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

}  // namespace
}  // namespace internal

// ---- Region ----

std::optional<Region> Region::parse(std::string_view text) {
  if (text.size() != 6) return std::nullopt;
  std::uint32_t code = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    code = code * 10 + static_cast<std::uint32_t>(c - '0');
  }
  return from_code(code);
}

std::optional<Region> Region::from_code(std::uint32_t code) {
  if (code > 999999) return std::nullopt;
  if (!internal::valid_province_prefix(code / 10000)) return std::nullopt;
  return Region(code);
}

std::string Region::to_string() const { return internal::code_string(code_); }

std::string_view Region::name(Lang lang) const {
  if (code_ == 0) return lang == Lang::kEn ? internal::kNationalEn : internal::kNationalZh;
  const auto* n = internal::lookup(code_);
  if (n == nullptr) return {};
  return lang == Lang::kEn ? n->en : n->zh;
}

std::string Region::full_name(Lang lang) const {
  if (code_ == 0) return std::string(name(lang));
  std::array<const RegionEntry*, 2> anc{};
  const std::size_t n_anc = internal::ancestors(code_, anc);
  const std::string_view own = name(lang);
  const std::string own_text = own.empty() ? internal::code_string(code_) : std::string(own);
  std::string out;
  if (lang == Lang::kEn) {
    // Innermost first: "Linxiang District, Lincang, Yunnan".
    out = own_text;
    for (std::size_t i = n_anc; i-- > 0;) {
      out += ", ";
      out += anc[i]->en;
    }
  } else {
    // Outermost first: "云南省临沧市临翔区".
    for (std::size_t i = 0; i < n_anc; ++i) out += anc[i]->zh;
    out += own_text;
  }
  return out;
}

// ---- the table ----

RegionTable::~RegionTable() = default;

namespace {

// One CSV field starting at `pos` (RFC 4180 quoting); advances `pos` past the comma or to the line end.
bool next_field(std::string_view line, std::size_t& pos, std::string_view& field, std::string& unescaped,
                bool& escaped) {
  escaped = false;
  if (pos < line.size() && line[pos] == '"') {
    std::size_t i = pos + 1;
    unescaped.clear();
    for (;;) {
      const std::size_t q = line.find('"', i);
      if (q == std::string_view::npos) return false;
      unescaped.append(line.substr(i, q - i));
      if (q + 1 < line.size() && line[q + 1] == '"') {
        unescaped.push_back('"');
        escaped = true;
        i = q + 2;
        continue;
      }
      field = line.substr(pos + 1, q - pos - 1);
      pos = q + 1;
      break;
    }
  } else {
    const std::size_t c = line.find(',', pos);
    const std::size_t e = c == std::string_view::npos ? line.size() : c;
    field = line.substr(pos, e - pos);
    pos = e;
  }
  if (pos < line.size()) {
    if (line[pos] != ',') return false;
    ++pos;
  } else {
    pos = line.size() + 1;  // past the last field
  }
  return true;
}

template <typename T>
bool number(std::string_view s, T& out) {
  if (s.empty()) {
    out = 0;
    return true;
  }
  const auto r = std::from_chars(s.data(), s.data() + s.size(), out);
  return r.ec == std::errc{} && r.ptr == s.data() + s.size();
}

}  // namespace

struct RegionTableAccess {
  static std::shared_ptr<RegionTable> make() { return std::shared_ptr<RegionTable>(new RegionTable()); }
  static RegionTable& mut(RegionTable& t) { return t; }
};

RegionTable::Parse RegionTable::parse(std::string text) {
  Parse out;
  auto table = RegionTableAccess::make();
  table->text_ = std::move(text);
  const std::string_view all = table->text_;
  table->entries_.reserve(std::count(all.begin(), all.end(), '\n') + 1);
  constexpr std::string_view kHeader = "code,name,short,pinyin,en,parent,valid_from,valid_to,successor";
  bool header = false;
  std::size_t line_no = 0;
  std::string scratch;
  std::vector<std::pair<std::size_t, std::string_view>> successor_fields;  // entry index, field
  auto problem = [&](std::string message) {
    if (out.problems.size() < 20) out.problems.push_back({line_no, std::move(message)});
  };
  for (std::size_t at = 0; at < all.size();) {
    std::size_t nl = all.find('\n', at);
    if (nl == std::string_view::npos) nl = all.size();
    std::string_view line = all.substr(at, nl - at);
    at = nl + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line.front() == '#') continue;
    if (!header) {
      if (line != kHeader) {
        problem("the first line that is not a comment must be the header \"" + std::string(kHeader) + "\"");
        break;
      }
      header = true;
      continue;
    }
    std::array<std::string_view, 9> f{};
    std::size_t pos = 0, n = 0;
    bool ok = true;
    while (ok && pos <= line.size() && n < f.size()) {
      bool escaped = false;
      ok = next_field(line, pos, f[n], scratch, escaped);
      if (ok && escaped) f[n] = table->unescaped_.emplace_back(scratch);
      ++n;
    }
    if (!ok || n != f.size() || pos <= line.size()) {
      problem("expected 9 fields: " + std::string(kHeader));
      continue;
    }
    RegionEntry e;
    std::uint32_t from = 0, to = 0;
    if (f[0].size() != 6 || !number(f[0], e.code) || !Region::from_code(e.code)) {
      problem("\"" + std::string(f[0]) + "\" is not a six-digit region code");
      continue;
    }
    if (!number(f[5], e.parent) || !number(f[6], from) || !number(f[7], to) || from > 9999 || to > 9999) {
      problem("parent, valid_from and valid_to must be a code and years");
      continue;
    }
    if (f[1].empty() || f[4].empty()) {
      problem("a region needs its name and English name");
      continue;
    }
    if (!table->entries_.empty() && table->entries_.back().code >= e.code) {
      problem("codes must be sorted and unique (" + std::string(f[0]) + ")");
      continue;
    }
    if ((to == 0) != f[8].empty()) {
      problem("a withdrawn code (valid_to) needs its successor, a current one has none");
      continue;
    }
    e.valid_from = static_cast<std::uint16_t>(from);
    e.valid_to = static_cast<std::uint16_t>(to);
    e.zh = f[1];
    e.zh_short = f[2].empty() ? f[1] : f[2];
    e.pinyin = f[3];
    e.en = f[4];
    if (e.current()) ++table->current_count_;
    else successor_fields.emplace_back(table->entries_.size(), f[8]);
    table->entries_.push_back(e);
  }
  if (!header && out.problems.empty()) problem("no header line");
  // Successors: space-separated current codes.
  for (const auto& [index, field] : successor_fields) {
    RegionEntry& e = table->entries_[index];
    e.succ_begin = static_cast<std::uint32_t>(table->successors_.size());
    for (std::size_t p = 0; p < field.size();) {
      const std::size_t sp = std::min(field.find(' ', p), field.size());
      std::uint32_t code = 0;
      const RegionEntry* s = number(field.substr(p, sp - p), code) ? table->find(code) : nullptr;
      if (s == nullptr || !s->current()) {
        line_no = 0;
        problem("successor \"" + std::string(field.substr(p, sp - p)) + "\" of " + internal::code_string(e.code) +
                " is not a current code");
      } else {
        table->successors_.push_back(code);
      }
      p = sp + 1;
    }
    e.succ_count = static_cast<std::uint32_t>(table->successors_.size() - e.succ_begin);
  }
  if (out.problems.empty()) out.table = std::move(table);
  return out;
}

const RegionEntry* RegionTable::find(std::uint32_t code) const {
  const auto it = std::lower_bound(entries_.begin(), entries_.end(), code,
                                   [](const RegionEntry& n, std::uint32_t c) { return n.code < c; });
  if (it == entries_.end() || it->code != code) return nullptr;
  return &*it;
}

const RegionTable* region_table() { return internal::g_table.load(std::memory_order_acquire); }

void install_region_table(std::shared_ptr<const RegionTable> table) {
  if (!table) return;
  std::lock_guard lock(internal::g_install_mutex);
  const RegionTable* now = internal::g_table.load(std::memory_order_acquire);
  if (now != nullptr && now->text() == table->text()) return;
  internal::kept_tables().push_back(table);
  internal::g_table.store(table.get(), std::memory_order_release);
}

RegionCheck check_region_code(std::uint32_t code) {
  RegionCheck out;
  const RegionTable* t = region_table();
  const auto region = Region::from_code(code);
  if (t == nullptr) {
    if (region) {
      out.kind = RegionCheck::Kind::kCurrent;
      out.region = *region;
    }
    return out;
  }
  if (const RegionEntry* e = t->find(code)) {
    if (e->current()) {
      out.kind = RegionCheck::Kind::kCurrent;
      out.region = *region;
      return out;
    }
    out.old = e;
    const auto succ = t->successors(*e);
    if (succ.size() == 1) {
      out.kind = RegionCheck::Kind::kWithdrawn;
      out.region = *Region::from_code(succ[0]);
      return out;
    }
    out.kind = RegionCheck::Kind::kSplit;
    for (std::size_t i = 0; i < succ.size() && i < 5; ++i) out.suggestions.push_back(*Region::from_code(succ[i]));
    return out;
  }
  // Never a code: the nearest current codes under the deepest real ancestor (that one first).
  out.kind = RegionCheck::Kind::kUnknown;
  std::uint32_t scope = 0, width = 0;
  for (std::uint32_t w : {100u, 10000u}) {
    const RegionEntry* a = t->find(code / w * w);
    if (a != nullptr && a->current() && a->code != code) {
      scope = a->code;
      width = w;
      break;
    }
  }
  if (scope == 0) return out;
  out.suggestions.push_back(*Region::from_code(scope));
  std::vector<const RegionEntry*> near;
  for (const auto& e : t->entries())
    if (e.current() && e.code != scope && e.code / width == code / width) near.push_back(&e);
  const auto dist = [&](const RegionEntry* e) { return e->code > code ? e->code - code : code - e->code; };
  std::stable_sort(near.begin(), near.end(), [&](auto* a, auto* b) { return dist(a) < dist(b); });
  for (std::size_t i = 0; i < near.size() && out.suggestions.size() < 5; ++i)
    out.suggestions.push_back(*Region::from_code(near[i]->code));
  return out;
}

std::string describe_regions(std::span<const Region> regions, Lang lang) {
  std::string out;
  for (const Region r : regions) {
    if (!out.empty()) out += lang == Lang::kEn ? "; " : "、";
    out += r.full_name(lang);
    out += lang == Lang::kEn ? " (" : "（";
    out += r.to_string();
    out += lang == Lang::kEn ? ")" : "）";
  }
  return out;
}

// ---- search ----

std::size_t find_regions(std::string_view query, RegionMatch* out, std::size_t max_out) {
  const RegionTable* table = region_table();
  if (table == nullptr) return 0;
  const std::string q = internal::normalize(query);
  if (q.empty()) return 0;
  const Lang lang = internal::is_ascii(query) ? Lang::kEn : Lang::kZh;

  std::call_once(table->search_once_, [table] {
    auto index = std::make_unique<RegionSearchIndex>();
    index->forms.resize(table->entries().size());
    for (std::size_t i = 0; i < table->entries().size(); ++i) {
      const RegionEntry& e = table->entries()[i];
      if (!e.current()) continue;
      index->forms[i].items = {internal::normalize(e.zh), internal::normalize(e.zh_short),
                               internal::normalize(e.pinyin), internal::normalize(e.en)};
    }
    table->search_ = std::move(index);
  });
  const auto& forms = table->search_->forms;
  const auto entries = table->entries();
  const auto forms_of = [&](const RegionEntry* e) { return &forms[static_cast<std::size_t>(e - entries.data())]; };

  struct Hit {
    internal::MatchKind kind;
    const RegionEntry* region;
  };
  std::vector<Hit> hits;
  // A code: that region, or for a withdrawn code the regions that replaced it.
  if (q.size() == 6 && std::all_of(q.begin(), q.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    std::uint32_t code = 0;
    std::from_chars(q.data(), q.data() + q.size(), code);
    if (const RegionEntry* e = table->find(code)) {
      if (e->current()) hits.push_back({internal::MatchKind::kExact, e});
      for (std::uint32_t s : table->successors(*e)) hits.push_back({internal::MatchKind::kExact, table->find(s)});
    }
  } else {
    for (const auto& entry : entries) {
      if (!entry.current()) continue;
      std::array<const RegionEntry*, 2> anc{};
      const std::size_t n_anc = internal::ancestors(entry.code, anc);
      std::array<const internal::Forms*, 2> anc_forms{};
      for (std::size_t i = 0; i < n_anc; ++i) anc_forms[i] = forms_of(anc[i]);
      const internal::Forms& own = *forms_of(&entry);
      internal::MatchKind kind = internal::match_prefixed(q, anc_forms.data(), n_anc, own);
      kind = std::max(kind, internal::match_suffixed(q, anc_forms.data(), n_anc, own));
      if (kind != internal::MatchKind::kNone) hits.push_back(Hit{kind, &entry});
    }
  }

  // Exact before partial; then county before prefecture before province; then by code.
  std::stable_sort(hits.begin(), hits.end(), [](const Hit& a, const Hit& b) {
    if (a.kind != b.kind) return a.kind > b.kind;
    const int la = internal::level(a.region->code);
    const int lb = internal::level(b.region->code);
    if (la != lb) return la < lb;
    return a.region->code < b.region->code;
  });

  const std::size_t n = std::min(hits.size(), max_out);
  for (std::size_t i = 0; i < n; ++i) {
    const auto region = Region::from_code(hits[i].region->code);
    out[i] = RegionMatch{*region, lang == Lang::kEn ? hits[i].region->en : hits[i].region->zh,
                         hits[i].kind == internal::MatchKind::kExact};
  }
  return n;
}

}  // namespace shebao
