// shebao-gen: deterministic worker profiles for tests and benchmarks of `shebao batch`.
//
//   shebao-gen [--count N] [--seed S] [--format jsonl|csv] [--bad-every K] [--as-of DATE]
//              [--ref-date DATE] [--out FILE]
//
// A realistic mix: every working relationship; hukou and work regions in Kunming's and Lincang's
// counties, Yunnan's other prefectures and other provinces; ages 16-70 on the reference date; no,
// employee or resident pension and medical cover with months paid that fit the age; incomes,
// platforms, industries and choices — each optional field left out now and then (unknown).
// With --bad-every K, every K-th line is bad in one of several ways (invalid JSON or CSV, an
// unknown field, an invalid region or enum, a birth after as_of, a negative number).
// Same arguments, same bytes: the generator has its own PRNG and formats everything itself.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace {

struct Rng {
  std::uint64_t s;
  std::uint64_t next() {  // splitmix64
    std::uint64_t z = (s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  int range(int lo, int hi) { return lo + static_cast<int>(next() % static_cast<std::uint64_t>(hi - lo + 1)); }
  bool chance(int percent) { return range(1, 100) <= percent; }
  template <class T, std::size_t N>
  const T& pick(const T (&a)[N]) {
    return a[next() % N];
  }
};

const char* const kKunming[] = {"530102", "530103", "530111", "530112", "530113", "530114", "530115",
                                "530124", "530125", "530126", "530127", "530128", "530129", "530181"};
const char* const kLincang[] = {"530902", "530921", "530922", "530923", "530924", "530925", "530926", "530927"};
const char* const kYunnanOther[] = {"530300", "530400", "530500", "530600", "530700", "530800"};
const char* const kOutside[] = {"440305", "440106", "510104", "520102", "450102", "110105", "310115", "500103"};
const char* const kRelationships[] = {"employee", "part_time", "platform_managed", "self_employed", "dispatched",
                                      "outsourced"};
const char* const kIndustries[] = {"ride_hailing", "food_delivery", "instant_delivery", "same_city_freight",
                                   "express_delivery", "trucking", "other"};
const char* const kPlatforms[] = {"meituan", "eleme", "didi", "caocao", "dada", "shansong", "sf_intra_city",
                                  "huolala", "kuaigou", "didi_freight", "manbang", "local_courier"};
const char* const kInjury[] = {"none", "work_injury", "occupational_injury"};

// The CSV columns (profile paths), in this order.
const char* const kColumns[] = {"as_of",
                                "person.birth",
                                "person.sex",
                                "person.female_original_retirement_age",
                                "person.hukou.region",
                                "person.hukou.kind",
                                "person.student",
                                "work.region",
                                "work.relationship",
                                "work.industry",
                                "work.platform",
                                "work.monthly_income",
                                "coverage.pension.scheme",
                                "coverage.pension.region",
                                "coverage.pension.months_paid",
                                "coverage.pension.receiving",
                                "coverage.medical.scheme",
                                "coverage.medical.region",
                                "coverage.medical.months_paid",
                                "coverage.medical.retiree_benefits",
                                "coverage.injury",
                                "choices.pension_base_ratio",
                                "choices.medical_place"};
constexpr std::size_t kColumnCount = sizeof(kColumns) / sizeof(kColumns[0]);

enum class Kind { kText, kNumber, kBool };
struct Field {
  std::size_t column;
  std::string value;
  Kind kind;
};

const char* region(Rng& r, int kunming, int lincang, int yunnan) {
  const int x = r.range(1, 100);
  if (x <= kunming) return r.pick(kKunming);
  if (x <= kunming + lincang) return r.pick(kLincang);
  if (x <= kunming + lincang + yunnan) return r.pick(kYunnanOther);
  return r.pick(kOutside);
}

struct Ref {
  int year, month, day;
};

bool parse_date(const char* s, Ref& out) {
  return std::sscanf(s, "%4d-%2d-%2d", &out.year, &out.month, &out.day) == 3;
}

std::string two(int v) {
  char b[8];
  std::snprintf(b, sizeof b, "%02d", v);
  return b;
}

// One valid profile as (column, value) pairs; absent fields are not listed.
std::vector<Field> profile(Rng& r, const Ref& ref, const std::string& as_of) {
  std::vector<Field> f;
  auto add = [&](std::size_t col, std::string v, Kind k = Kind::kText) { f.push_back({col, std::move(v), k}); };
  if (!as_of.empty()) add(0, as_of);
  const int age = r.range(16, 70);
  int by = ref.year - age, bm = r.range(1, 12);
  if (bm > ref.month) --by;  // keeps the age at `age` (or one less when born later in the year)
  if (by > ref.year - 16 || (by == ref.year - 16 && bm > ref.month)) by = ref.year - 17;
  std::string birth = std::to_string(by) + "-" + two(bm);
  if (r.chance(30)) birth += "-" + two(r.range(1, 28));
  add(1, birth);
  const bool female = r.chance(45);
  add(2, female ? "female" : "male");
  if (female && r.chance(30)) add(3, r.chance(70) ? "50" : "55", Kind::kNumber);
  const char* hukou = region(r, 25, 35, 25);
  add(4, hukou);
  if (r.chance(70)) add(5, r.chance(60) ? "rural" : "urban");
  if (age <= 24 && r.chance(20)) add(6, "true", Kind::kBool);
  const char* work = region(r, 60, 20, 10);
  add(7, work);
  const char* rel = r.pick(kRelationships);
  add(8, rel);
  if (r.chance(85)) add(9, r.pick(kIndustries));
  if (r.chance(70)) add(10, r.pick(kPlatforms));
  if (r.chance(75)) add(11, std::to_string(r.range(8, 150) * 100), Kind::kNumber);
  const int max_months = (age - 16) * 12;
  // Pension cover.
  if (r.chance(80)) {
    const int s = r.range(0, 2);
    add(12, s == 0 ? "none" : s == 1 ? "employee" : "resident");
    if (s != 0) {
      if (r.chance(80)) add(13, r.chance(60) ? hukou : work);
      if (r.chance(85)) add(14, std::to_string(r.range(0, max_months)), Kind::kNumber);
      if (age >= 55 && r.chance(40)) add(15, "true", Kind::kBool);
      else if (r.chance(50)) add(15, "false", Kind::kBool);
    }
  }
  // Medical cover.
  if (r.chance(80)) {
    const int s = r.range(0, 2);
    add(16, s == 0 ? "none" : s == 1 ? "employee" : "resident");
    if (s != 0) {
      if (r.chance(80)) add(17, r.chance(50) ? hukou : work);
      if (r.chance(85)) add(18, std::to_string(r.range(0, max_months)), Kind::kNumber);
      if (s == 1 && age >= 55 && r.chance(30)) add(19, "true", Kind::kBool);
    }
  }
  if (r.chance(70)) add(20, r.pick(kInjury));
  if (r.chance(30)) {
    char b[16];
    std::snprintf(b, sizeof b, "%.1f", r.range(6, 30) / 10.0);
    add(21, b, Kind::kNumber);
  }
  if (r.chance(40)) add(22, r.chance(50) ? "hukou" : "work");
  return f;
}

void json_string(std::string& out, std::string_view s) {
  out += '"';
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  out += '"';
}

// Nested JSON of the dotted paths (columns are grouped: same prefixes are adjacent).
std::string to_json(const std::vector<Field>& fields, const char* extra_key = nullptr) {
  std::vector<std::string> open;  // the path of the currently open objects
  std::string out = "{";
  bool first = true;
  auto split = [](std::string_view p) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    while (true) {
      const std::size_t dot = p.find('.', start);
      parts.emplace_back(p.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start));
      if (dot == std::string_view::npos) break;
      start = dot + 1;
    }
    return parts;
  };
  for (const Field& f : fields) {
    std::vector<std::string> parts = split(kColumns[f.column]);
    if (extra_key && f.column == 1) parts.back() = extra_key;
    std::vector<std::string> groups(parts.begin(), parts.end() - 1);
    std::size_t common = 0;
    while (common < open.size() && common < groups.size() && open[common] == groups[common]) ++common;
    while (open.size() > common) {
      out += '}';
      open.pop_back();
      first = false;
    }
    for (std::size_t i = common; i < groups.size(); ++i) {
      if (!first) out += ',';
      json_string(out, groups[i]);
      out += ":{";
      open.push_back(groups[i]);
      first = true;
    }
    if (!first) out += ',';
    json_string(out, parts.back());
    out += ':';
    if (f.kind == Kind::kText)
      json_string(out, f.value);
    else
      out += f.value;
    first = false;
  }
  while (!open.empty()) {
    out += '}';
    open.pop_back();
  }
  out += '}';
  return out;
}

std::string csv_cell(const std::string& v, bool quote) {
  if (!quote && v.find_first_of(",\"\n") == std::string::npos) return v;
  std::string out = "\"";
  for (char c : v) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string to_csv(Rng& r, const std::vector<Field>& fields) {
  std::vector<std::string> cells(kColumnCount);
  for (const Field& f : fields) cells[f.column] = csv_cell(f.value, f.kind == Kind::kText && r.chance(20));
  std::string out;
  for (std::size_t i = 0; i < kColumnCount; ++i) {
    if (i) out += ',';
    out += cells[i];
  }
  return out;
}

Field* find(std::vector<Field>& fields, std::size_t column) {
  for (Field& f : fields)
    if (f.column == column) return &f;
  return nullptr;
}

// A bad line of kind `k` (cycled through by line number).
std::string bad_line(Rng& r, const Ref& ref, const std::string& as_of, bool csv, int k) {
  std::vector<Field> f = profile(r, ref, as_of);
  switch (k % 6) {
    case 0: {  // malformed
      if (csv) {
        std::string line = to_csv(r, f);
        return line.substr(0, line.rfind(','));  // one cell short
      }
      std::string line = to_json(f);
      return line.substr(0, line.size() / 2);
    }
    case 1:  // unknown field (JSON) / unknown enum value (CSV)
      if (csv) {
        find(f, 2)->value = "unknown";
        return to_csv(r, f);
      }
      return to_json(f, "brith");
    case 2:
      find(f, 4)->value = "53090";  // five digits
      break;
    case 3:
      find(f, 1)->value = "2099-01";  // after any as_of
      break;
    case 4: {
      Field* m = find(f, 14);
      if (!m) {
        if (!find(f, 12)) f.push_back({12, "employee", Kind::kText});
        f.push_back({14, "-5", Kind::kNumber});
        // the JSON writer groups fields by path: keep them in column order
        std::stable_sort(f.begin(), f.end(), [](const Field& a, const Field& b) { return a.column < b.column; });
      } else {
        m->value = "-5";
      }
      break;
    }
    default:
      if (csv) {
        std::string line = to_csv(r, f);
        return "\"bad\"quote," + line.substr(line.find(',') + 1);
      }
      return "[\"not\", \"an object\"]";
  }
  return csv ? to_csv(r, f) : to_json(f);
}

[[noreturn]] void usage() {
  std::fprintf(stderr,
               "usage: shebao-gen [--count N] [--seed S] [--format jsonl|csv] [--bad-every K] [--as-of DATE]\n"
               "                  [--ref-date DATE] [--out FILE]\n");
  std::exit(2);
}

}  // namespace

int main(int argc, char** argv) {
  std::uint64_t count = 1000, seed = 1, bad_every = 0;
  std::string format = "jsonl", as_of, out_path;
  Ref ref{2026, 11, 28};
  for (int i = 1; i < argc; ++i) {
    std::string_view a = argv[i];
    auto value = [&]() -> const char* {
      if (i + 1 >= argc) usage();
      return argv[++i];
    };
    if (a == "--count") count = std::strtoull(value(), nullptr, 10);
    else if (a == "--seed") seed = std::strtoull(value(), nullptr, 10);
    else if (a == "--bad-every") bad_every = std::strtoull(value(), nullptr, 10);
    else if (a == "--format") format = value();
    else if (a == "--as-of") as_of = value();
    else if (a == "--ref-date") {
      if (!parse_date(value(), ref)) usage();
    } else if (a == "--out") out_path = value();
    else usage();
  }
  if (format != "jsonl" && format != "csv") usage();
  if (!as_of.empty() && !parse_date(as_of.c_str(), ref)) usage();
  const bool csv = format == "csv";
  std::FILE* out = out_path.empty() ? stdout : std::fopen(out_path.c_str(), "wb");
  if (!out) {
    std::perror(out_path.c_str());
    return 1;
  }
  static char buf[1 << 16];
  std::setvbuf(out, buf, _IOFBF, sizeof buf);
  Rng r{seed * 0x2545F4914F6CDD1Dull + 1};
  std::uint64_t line = 0;
  if (csv) {
    std::string header;
    for (std::size_t i = 0; i < kColumnCount; ++i) {
      if (i) header += ',';
      header += kColumns[i];
    }
    std::fprintf(out, "%s\n", header.c_str());
    ++line;
  }
  for (std::uint64_t n = 1; n <= count; ++n) {
    ++line;
    std::string text;
    if (bad_every && n % bad_every == 0)
      text = bad_line(r, ref, as_of, csv, static_cast<int>(n / bad_every));
    else {
      std::vector<Field> f = profile(r, ref, as_of);
      text = csv ? to_csv(r, f) : to_json(f);
    }
    std::fputs(text.c_str(), out);
    std::fputc('\n', out);
  }
  if (std::fflush(out) != 0 || (out != stdout && std::fclose(out) != 0)) {
    std::perror("shebao-gen");
    return 1;
  }
  return 0;
}
