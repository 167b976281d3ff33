// The fast JSON profile reader (shebao/json/profile_json_fast.h) against the reference path
// (parse_json + read_profile, through store::read_json_profile as the batch used it): on every
// profile of tests/ and of the contract (YAML ones turned into JSON), on generated profiles
// (shebao-gen, with bad lines), and on malformed and edge inputs, the batch's reader
// (read_json_line) gives the same profile or the same errors, byte for byte, with and without
// --as-of. Where the fast reader answers by itself, its profile is also compared with the
// reference's before the packs' constraints.
#include "../../../adapters/batch/src/profile_line.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "../support/temp_dir.h"
#include "shebao/core/doc_sniff.h"
#include "shebao/json/json_doc.h"
#include "shebao/json/profile_json_fast.h"
#include "shebao/service/service.h"
#include "shebao/store/csv_profile.h"
#include "shebao/yaml/yaml_doc.h"

namespace shebao::batch::detail {
namespace {

namespace fs = std::filesystem;

const PolicySet& policies() {
  static const std::shared_ptr<const PolicySet> set = load_policies(std::string(SHEBAO_SOURCE_DIR) + "/policies").set;
  return *set;
}

const Date kToday = *Date::parse("2026-12-07");
const Date kAsOf = *Date::parse("2026-11-28");

// ---- comparison -----------------------------------------------------------------------------
std::string pos_text(SourcePos p) { return std::to_string(p.line) + ":" + std::to_string(p.column); }

// The first difference between two document trees ("" when none).
std::string doc_diff(const DocNode& a, const DocNode& b, const std::string& where) {
  if (a.kind != b.kind) return where + ": kind";
  if (a.style != b.style) return where + ": style";
  if (a.text != b.text) return where + ": text " + a.text + " / " + b.text;
  if (a.pos.line != b.pos.line || a.pos.column != b.pos.column)
    return where + ": pos " + pos_text(a.pos) + " / " + pos_text(b.pos);
  if (a.items.size() != b.items.size()) return where + ": item count";
  for (std::size_t i = 0; i < a.items.size(); ++i)
    if (auto d = doc_diff(a.items[i], b.items[i], where + "[" + std::to_string(i) + "]"); !d.empty()) return d;
  if (a.entries.size() != b.entries.size()) return where + ": entry count";
  for (std::size_t i = 0; i < a.entries.size(); ++i) {
    const DocEntry& x = a.entries[i];
    const DocEntry& y = b.entries[i];
    if (x.key != y.key) return where + ": key " + x.key + " / " + y.key;
    if (x.key_pos.line != y.key_pos.line || x.key_pos.column != y.key_pos.column) return where + "." + x.key + ": key pos";
    if (auto d = doc_diff(x.value, y.value, where + "." + x.key); !d.empty()) return d;
  }
  return {};
}

std::string profile_diff(const Profile& a, const Profile& b) {
  for (const FieldSpec& f : profile_schema()) {
    const FieldValue& x = a.get(f.id);
    const FieldValue& y = b.get(f.id);
    if (x.known != y.known || x.month_only != y.month_only || (x.known && x.value != y.value))
      return std::string(f.path) + ": " + (x.known ? std::to_string(x.value) : "unknown") + " / " +
             (y.known ? std::to_string(y.value) : "unknown");
  }
  if (a.platform() != b.platform()) return "platform " + a.platform() + " / " + b.platform();
  return doc_diff(a.extra(), b.extra(), "extra");
}

std::string errors_text(const std::vector<FieldError>& errors) {
  std::string s;
  for (const auto& e : errors) s += e.path + " [" + e.code + "] " + e.message + " | " + e.message_zh + "\n";
  return s;
}

// The reference profile before the packs' constraints: parse_json, the as_of override as
// read_profile_doc (adapters/service/src/service.cpp) applies it, read_profile.
ProfileParse reference_profile(std::string_view text, std::optional<Date> as_of) {
  DocParse d = parse_json(text, kProfileDocLimits);
  if (!d.ok()) {
    ProfileParse p;
    p.errors.push_back({"(syntax)", "syntax", "", ""});
    return p;
  }
  DocNode root = std::move(*d.root);
  if (as_of && root.is_mapping()) {
    DocNode v;
    v.kind = DocNode::Kind::kScalar;
    v.text = as_of->to_string();
    bool replaced = false;
    for (auto& e : root.entries)
      if (e.key == "as_of") {
        e.value = v;
        replaced = true;
      }
    if (!replaced) root.entries.insert(root.entries.begin(), DocEntry{"as_of", {}, v});
  }
  return read_profile(root, kToday);
}

struct Tally {
  int cases = 0;
  int fast = 0;    // answered by the fast reader alone
  int valid = 0;   // the reference found no error
};

// Compares the two paths on `text`; `label` names the case in failures.
void check(const std::string& label, std::string_view text, std::optional<Date> as_of, Tally& t) {
  SCOPED_TRACE(label + (as_of ? " (--as-of)" : ""));
  const ProfileInput ref = store::read_json_profile(policies(), text, as_of, kToday);
  const ProfileInput got = read_json_line(policies(), text, as_of, kToday, true);
  ++t.cases;
  if (ref.profile) ++t.valid;
  EXPECT_EQ(errors_text(got.errors), errors_text(ref.errors));
  EXPECT_EQ(got.errors, ref.errors);
  ASSERT_EQ(got.profile.has_value(), ref.profile.has_value());
  if (got.profile) {
    EXPECT_EQ(profile_diff(*got.profile, *ref.profile), "");
  }
  const std::optional<Profile> fast = read_profile_json_fast(text, kProfileDocLimits, as_of, kToday);
  if (fast) {
    ++t.fast;
    const ProfileParse r = reference_profile(text, as_of);
    EXPECT_EQ(errors_text(r.errors), "") << "the fast reader accepted what the reference rejects";
    if (r.profile) {
      EXPECT_EQ(profile_diff(*fast, *r.profile), "");
    }
  }
}

void check_both(const std::string& label, std::string_view text, Tally& t) {
  check(label, text, std::nullopt, t);
  check(label, text, kAsOf, t);
}

// ---- YAML profiles as JSON ------------------------------------------------------------------
void json_string(std::string& out, std::string_view s) {
  out += '"';
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (u < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04X", u);
      out += buf;
    } else {
      out += c;
    }
  }
  out += '"';
}

bool json_number_text(std::string_view s) {
  std::size_t i = 0;
  if (i < s.size() && s[i] == '-') ++i;
  const std::size_t int_start = i;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
  if (i == int_start || (s[int_start] == '0' && i - int_start > 1)) return false;
  if (i < s.size() && s[i] == '.') {
    const std::size_t f = ++i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    if (i == f) return false;
  }
  return i == s.size();
}

// `pretty`: one key per line, indented (positions of `extra` on several lines).
void to_json(const DocNode& n, std::string& out, bool pretty, int depth = 0) {
  const std::string nl = pretty ? "\n" + std::string(static_cast<std::size_t>(depth + 1) * 2, ' ') : "";
  const std::string end = pretty ? "\n" + std::string(static_cast<std::size_t>(depth) * 2, ' ') : "";
  switch (n.kind) {
    case DocNode::Kind::kNull:
      out += "null";
      return;
    case DocNode::Kind::kScalar:
      if (n.style == DocNode::Style::kQuoted)
        json_string(out, n.text);
      else if (n.text == "true" || n.text == "false" || json_number_text(n.text))
        out += n.text;
      else
        json_string(out, n.text);
      return;
    case DocNode::Kind::kSequence:
      out += '[';
      for (std::size_t i = 0; i < n.items.size(); ++i) {
        if (i) out += ',';
        out += nl;
        to_json(n.items[i], out, pretty, depth + 1);
      }
      out += n.items.empty() ? "" : end;
      out += ']';
      return;
    case DocNode::Kind::kMapping:
      out += '{';
      for (std::size_t i = 0; i < n.entries.size(); ++i) {
        if (i) out += ',';
        out += nl;
        json_string(out, n.entries[i].key);
        out += pretty ? ": " : ":";
        to_json(n.entries[i].value, out, pretty, depth + 1);
      }
      out += n.entries.empty() ? "" : end;
      out += '}';
      return;
  }
}

std::vector<fs::path> files_under(const fs::path& dir) {
  std::vector<fs::path> out;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return out;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    if (e.is_regular_file() && e.file_size() < (1u << 20)) out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

// Every profile file: as it is, and (YAML that parses) as compact and pretty JSON, with a BOM.
void check_file(const fs::path& p, Tally& t) {
  const std::string text = test_support::read_file(p);
  const std::string name = p.lexically_relative(SHEBAO_SOURCE_DIR).string();
  check_both(name, text, t);
  const DocParse y = sniff_format(text) == DocFormat::kJson ? parse_json(text) : parse_yaml(text);
  if (!y.ok()) return;
  std::string compact, pretty;
  to_json(*y.root, compact, false);
  to_json(*y.root, pretty, true);
  check_both(name + " as JSON", compact, t);
  check_both(name + " as pretty JSON", pretty, t);
  check_both(name + " as JSON with a BOM", std::string(kUtf8Bom) + compact, t);
}

TEST(ProfileJsonFast, EveryProfileOfTheTestsAndTheContract) {
  Tally t;
  const fs::path src = SHEBAO_SOURCE_DIR;
  for (const char* dir : {"examples", "tests/cli/json", "tests/cli/bad", "tests/fuzz/corpus/profile", "tests/hostile/cases"})
    for (const auto& p : files_under(src / dir)) {
      const std::string ext = p.extension().string();
      if (ext == ".yaml" || ext == ".yml" || ext == ".json" || ext == ".jsonl" || ext == ".bin" || ext == "")
        check_file(p, t);
      // batch-*.txt of the hostile cases hold JSONL lines: each line on its own.
      if (ext == ".txt" && p.filename().string().rfind("batch-", 0) == 0) {
        const std::string text = test_support::read_file(p);
        std::size_t start = 0, n = 0;
        while (start < text.size() && n < 200) {
          std::size_t nl = text.find('\n', start);
          if (nl == std::string::npos) nl = text.size();
          check_both(p.filename().string() + ":" + std::to_string(++n), std::string_view(text).substr(start, nl - start), t);
          start = nl + 1;
        }
      }
    }
  for (const auto& p : files_under(src / "../shared/contract/examples")) check_file(p, t);
  // The corpus holds valid profiles, and the fast reader must take them itself (else it is no
  // faster): every valid compact conversion of a YAML example at least.
  EXPECT_GT(t.cases, 300);
  EXPECT_GT(t.valid, 40);
  EXPECT_GT(t.fast, 40);
}

// ---- generated profiles ---------------------------------------------------------------------
std::vector<std::string> generate(const std::string& args) {
  std::vector<std::string> lines;
  const std::string cmd = std::string(SHEBAO_GEN_BIN) + " " + args;
  FILE* f = ::popen(cmd.c_str(), "r");
  if (!f) return lines;
  std::string all;
  char buf[1 << 16];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) all.append(buf, n);
  ::pclose(f);
  std::size_t start = 0;
  while (start < all.size()) {
    std::size_t nl = all.find('\n', start);
    if (nl == std::string::npos) nl = all.size();
    lines.push_back(all.substr(start, nl - start));
    start = nl + 1;
  }
  return lines;
}

TEST(ProfileJsonFast, GeneratedProfilesWithBadLines) {
  for (const char* args : {"--count 1500 --seed 1 --bad-every 7", "--count 1000 --seed 21 --as-of 2025-06-30",
                           "--count 600 --seed 5 --bad-every 3 --ref-date 2031-02-28"}) {
    const std::vector<std::string> lines = generate(args);
    ASSERT_GT(lines.size(), 500U) << args;
    Tally t;
    for (std::size_t i = 0; i < lines.size(); ++i) {
      check_both(std::string(args) + " line " + std::to_string(i + 1), lines[i], t);
      if (::testing::Test::HasFailure()) return;  // one failure tells enough
    }
    // Generated profiles use nothing the fast reader leaves to the reference: it reads every
    // valid one itself.
    EXPECT_EQ(t.fast, t.valid) << args;
    EXPECT_GT(t.valid, t.cases / 3) << args;
  }
}

// ---- malformed and edge inputs --------------------------------------------------------------
const std::string kBase =
    R"({"as_of":"2026-11-28","person":{"birth":"1990-05","sex":"female","hukou":{"region":"530902","kind":"rural"}},)"
    R"("work":{"region":"530102","relationship":"platform_managed","industry":"food_delivery","platform":"meituan",)"
    R"("monthly_income":5200.5},"coverage":{"pension":{"scheme":"resident","months_paid":24},"injury":"none"}})";

// kBase with `from` replaced by `to` (the first occurrence); the test fails when `from` is absent.
std::string with(std::string_view from, std::string_view to) {
  std::string s = kBase;
  const auto at = s.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) s.replace(at, from.size(), to);
  return s;
}

std::string without_last_brace(std::string s) {
  EXPECT_EQ(s.back(), '}');
  s.pop_back();
  return s;
}

std::string nested(int depth, const std::string& leaf) {
  std::string s;
  for (int i = 0; i < depth; ++i) s += R"({"a":)";
  s += leaf;
  for (int i = 0; i < depth; ++i) s += '}';
  return s;
}

TEST(ProfileJsonFast, MalformedAndEdgeInputs) {
  Tally t;
  std::vector<std::pair<std::string, std::string>> cases = {
      {"base", kBase},
      // JSON itself
      {"empty", ""},
      {"blank", " \n\t "},
      {"truncated", kBase.substr(0, kBase.size() / 2)},
      {"trailing text", kBase + " x"},
      {"two objects", kBase + kBase},
      {"trailing whitespace", kBase + " \r\n\t"},
      {"trailing comma", with(R"("injury":"none"})", R"("injury":"none",})")},
      {"comment", with(R"({"as_of")", R"({/* c */"as_of")")},
      {"NaN", with("5200.5", "NaN")},
      {"Infinity", with("5200.5", "-Infinity")},
      {"single quotes", with(R"("rural")", "'rural'")},
      {"array root", "[" + kBase + "]"},
      {"string root", R"("profile")"},
      {"null root", "null"},
      {"number root", "42"},
      {"BOM", std::string(kUtf8Bom) + kBase},
      {"two BOMs", std::string(kUtf8Bom) + std::string(kUtf8Bom) + kBase},
      {"BOM then blank", std::string(kUtf8Bom) + "\n  " + kBase},
      {"CRLF pretty", "{\r\n  \"extra\": {\r\n    \"id\": \"A7\"\r\n  },\r\n" + kBase.substr(1)},
      // bytes and escapes
      {"invalid UTF-8 in a value", with("meituan", "mei\xff\xfetuan")},
      {"invalid UTF-8 in a key", with(R"("industry")", "\"indu\xc3stry\"")},
      {"overlong UTF-8", with("meituan", "\xc0\xafmeituan")},
      {"GB18030 bytes", with("meituan", "\xc3\xc0\xcd\xc5")},
      {"NUL in a string", with("meituan", std::string("mei\0tuan", 8))},
      {"control char in a string", with("meituan", "mei\x01tuan")},
      {"lone surrogate", with("meituan", "\\ud800")},
      {"escaped region", with("530902", "\\u0035\\u00330902")},
      {"escaped key", with(R"("sex")", R"("s\u0065x")")},
      {"escaped slash in platform", with("meituan", "mei\\/tuan")},
      {"unicode platform", with("meituan", "美团")},
      {"escaped quote in enum", with(R"("rural")", R"("ru\"ral")")},
      // keys
      {"duplicate root key", with(R"({"as_of":"2026-11-28",)", R"({"as_of":"2026-11-28","as_of":"2026-11-28",)")},
      {"duplicate nested key", with(R"("sex":"female")", R"("sex":"female","sex":"male")")},
      {"duplicate group", with(R"("work":{)", R"("work":{},"work":{)")},
      {"duplicate null key", with(R"("sex":"female")", R"("sex":null,"sex":"female")")},
      {"unknown root key", with(R"({"as_of")", R"({"brith":"1990-05","as_of")")},
      {"unknown nested key", with(R"("sex":"female")", R"("sex":"female","gender":"f")")},
      {"unknown far key", with(R"("sex":"female")", R"("sex":"female","completely_unrelated_name":1)")},
      {"dotted key", with(R"({"as_of")", R"({"person.birth":"1991-01","as_of")")},
      {"empty key", with(R"({"as_of")", R"({"":1,"as_of")")},
      {"huge key", with(R"({"as_of")", "{\"" + std::string(100000, 'k') + "\":1,\"as_of\"")},
      {"extra nested in a group", with(R"("sex":"female")", R"("sex":"female","extra":{})")},
      // kinds
      {"region as number", with(R"("530902")", "530902")},
      {"sex as number", with(R"("female")", "1")},
      {"sex as bool", with(R"("female")", "true")},
      {"birth as number", with(R"("1990-05")", "199005")},
      {"income as string", with("5200.5", R"("5200.5")")},
      {"income as bool", with("5200.5", "false")},
      {"income as object", with("5200.5", "{}")},
      {"income as array", with("5200.5", "[5200]")},
      {"months as string", with(R"("months_paid":24)", R"("months_paid":)" + std::string(R"("24")"))},
      {"group as string", with(R"("hukou":{"region":"530902","kind":"rural"})", R"("hukou":"530902")")},
      {"group as array", with(R"("hukou":{"region":"530902","kind":"rural"})", R"("hukou":["530902"])")},
      {"group as number", with(R"("coverage":{)", R"("choices":5,"coverage":{)")},
      {"group null", with(R"("pension":{"scheme":"resident","months_paid":24})", R"("pension":null)")},
      {"group empty", with(R"("pension":{"scheme":"resident","months_paid":24})", R"("pension":{})")},
      {"medical group empty", with(R"("injury":"none")", R"("injury":"none","medical":{})")},
      {"field null", with(R"("industry":"food_delivery")", R"("industry":null)")},
      {"required null", with(R"("sex":"female")", R"("sex":null)")},
      {"student bool", with(R"("sex":"female")", R"("sex":"female","student":true)")},
      {"student as string", with(R"("sex":"female")", R"("sex":"female","student":"true")")},
      {"student as number", with(R"("sex":"female")", R"("sex":"female","student":1)")},
      // values
      {"huge income", with("5200.5", "1e400")},
      {"exponent income", with("5200.5", "5.2e3")},
      {"income three decimals", with("5200.5", "5200.555")},
      {"income zero", with("5200.5", "0")},
      {"income negative zero", with("5200.5", "-0")},
      {"income negative", with("5200.5", "-1")},
      {"income at the limit", with("5200.5", "1000000000")},
      {"income over the limit", with("5200.5", "1000000000.01")},
      {"income 30 digits", with("5200.5", "123456789012345678901234567890")},
      {"months huge", with(R"("months_paid":24)", R"("months_paid":)" + std::string("99999999999999999999999"))},
      {"months 19 digits", with(R"("months_paid":24)", R"("months_paid":)" + std::string("1000000000000000000"))},
      {"months at the limit", with(R"("months_paid":24)", R"("months_paid":)" + std::string("1200"))},
      {"months over", with(R"("months_paid":24)", R"("months_paid":)" + std::string("1201"))},
      {"months float", with(R"("months_paid":24)", R"("months_paid":)" + std::string("24.0"))},
      {"months exponent", with(R"("months_paid":24)", R"("months_paid":)" + std::string("2e1"))},
      {"months negative", with(R"("months_paid":24)", R"("months_paid":)" + std::string("-24"))},
      {"months negative zero", with(R"("months_paid":24)", R"("months_paid":)" + std::string("-0"))},
      {"months zero", with(R"("months_paid":24)", R"("months_paid":)" + std::string("0"))},
      {"birth full date", with("1990-05", "1990-05-31")},
      {"birth Feb 30", with("1990-05", "1990-02-30")},
      {"birth month 13", with("1990-05", "1990-13")},
      {"birth month 00", with("1990-05", "1990-00")},
      {"birth year 1899", with("1990-05", "1899-12")},
      {"birth year 2201", with("1990-05", "2201-01")},
      {"birth short", with("1990-05", "1990-5")},
      {"birth after as_of", with("1990-05", "2027-01")},
      {"birth same day as as_of", with("1990-05", "2026-11-28")},
      {"age over 120", with("1990-05", "1905-01")},
      {"age just under 121", with("1990-05", "1905-12-01")},
      {"as_of month only", with(R"("as_of":"2026-11-28")", R"("as_of":"2026-11")")},
      {"as_of number", with(R"("as_of":"2026-11-28")", R"("as_of":20261128)")},
      {"as_of object", with(R"("as_of":"2026-11-28")", R"("as_of":{"y":2026})")},
      {"as_of array", with(R"("as_of":"2026-11-28")", R"("as_of":[2026])")},
      {"as_of null", with(R"("as_of":"2026-11-28")", R"("as_of":null)")},
      {"as_of garbage", with(R"("as_of":"2026-11-28")", R"("as_of":"tomorrow")")},
      {"as_of absent", with(R"("as_of":"2026-11-28",)", "")},
      {"as_of last", without_last_brace(with(R"("as_of":"2026-11-28",)", "")) + R"(,"as_of":"2025-01-01"})"},
      {"as_of 1900", with(R"("as_of":"2026-11-28")", R"("as_of":"1900-01-01")")},
      {"region 000000", with("530902", "000000")},
      {"region five digits", with("530902", "53090")},
      {"region seven digits", with("530902", "5309021")},
      {"region letters", with("530902", "53090a")},
      {"region unknown province", with("530902", "990101")},
      {"enum unknown", with("platform_managed", "platform")},
      {"enum upper case", with("platform_managed", "PLATFORM_MANAGED")},
      {"platform upper case", with("meituan", "Meituan")},
      {"platform 40", with("meituan", std::string(40, 'm'))},
      {"platform 41", with("meituan", std::string(41, 'm'))},
      {"platform empty", with("meituan", "")},
      {"ratio", with(R"("injury":"none"})", R"("injury":"none"},"choices":{"pension_base_ratio":0.6}})")},
      {"ratio zero", with(R"("injury":"none"})", R"("injury":"none"},"choices":{"pension_base_ratio":0}})")},
      {"ratio ten", with(R"("injury":"none"})", R"("injury":"none"},"choices":{"pension_base_ratio":10}})")},
      {"ratio over ten", with(R"("injury":"none"})", R"("injury":"none"},"choices":{"pension_base_ratio":10.000001}})")},
      {"ratio seven decimals", with(R"("injury":"none"})", R"("injury":"none"},"choices":{"pension_base_ratio":0.1234567}})")},
      {"female age 50", with(R"("sex":"female")", R"("sex":"female","female_original_retirement_age":50)")},
      {"female age 52", with(R"("sex":"female")", R"("sex":"female","female_original_retirement_age":52)")},
      {"female age for a man", with(R"("sex":"female")", R"("sex":"male","female_original_retirement_age":55)")},
      {"receiving without scheme", with(R"("scheme":"resident","months_paid":24)", R"("scheme":"none","receiving":true)")},
      {"receiving false", with(R"("months_paid":24)", R"("months_paid":24,"receiving":false)")},
      {"retiree benefits resident",
       with(R"("injury":"none")", R"("injury":"none","medical":{"scheme":"resident","retiree_benefits":true})")},
      {"retiree benefits employee",
       with(R"("injury":"none")", R"("injury":"none","medical":{"scheme":"employee","retiree_benefits":true,"months_paid":300})")},
      {"break years", with(R"("injury":"none")", R"("injury":"none","medical":{"scheme":"resident","break_years":2,"continuous_years":3})")},
      {"missing work", with(R"("work":{"region":"530102","relationship":"platform_managed","industry":"food_delivery","platform":"meituan","monthly_income":5200.5},)", "")},
      {"missing birth", with(R"("birth":"1990-05",)", "")},
      // extra
      {"extra object", with(R"({"as_of")", R"({"extra":{"id":"A7","n":1.50,"t":true,"f":false,"z":null,"l":[1,"x",{"k":[]}],"o":{}},"as_of")")},
      {"extra last", without_last_brace(kBase) + R"(,"extra":{"id":"编号7","note":"a\"b\\c\nd"}})"},
      {"extra pretty", "{\n  \"extra\": {\n    \"id\": \"A7\",\n    \"中文\": [\n      1,\n      {\"x\": null}\n    ]\n  },\n" + kBase.substr(1)},
      {"extra null", with(R"({"as_of")", R"({"extra":null,"as_of")")},
      {"extra scalar", with(R"({"as_of")", R"({"extra":"just text","as_of")")},
      {"extra number", with(R"({"as_of")", R"({"extra":-1.5e10,"as_of")")},
      {"extra array", with(R"({"as_of")", R"({"extra":[1,[2,[3]]],"as_of")")},
      {"extra empty", with(R"({"as_of")", R"({"extra":{},"as_of")")},
      {"extra duplicate key", with(R"({"as_of")", R"({"extra":{"id":1,"id":2},"as_of")")},
      {"extra duplicate deep", with(R"({"as_of")", R"({"extra":{"a":[{"k":1,"k":1}]},"as_of")")},
      {"extra twice", with(R"({"as_of")", R"({"extra":{},"extra":{},"as_of")")},
      {"extra dotted and empty keys", with(R"({"as_of")", R"({"extra":{"a.b":1,"":2},"as_of")")},
      {"extra escaped key", with(R"({"as_of")", R"({"extra":{"\u0069d":"x","i\"d":"y"},"as_of")")},
      {"extra invalid UTF-8", with(R"({"as_of")", "{\"extra\":{\"id\":\"\xe4\xb8\"},\"as_of\"")},
      {"extra huge number", with(R"({"as_of")", R"({"extra":{"n":123456789012345678901234567890e-400},"as_of")")},
  };
  {  // extra with many keys (past the fast reader's linear duplicate search)
    std::string many = R"({"extra":{)";
    for (int i = 0; i < 100; ++i) many += (i ? ",\"k" : "\"k") + std::to_string(i) + "\":" + std::to_string(i);
    cases.emplace_back("extra with 100 keys", many + "}," + kBase.substr(1));
  }
  {  // the node limit (20,000 values and keys): just under and just over
    for (int n : {19900, 19999, 20000, 25000}) {
      std::string arr = R"({"extra":[)";
      for (int i = 0; i < n; ++i) arr += i ? ",0" : "0";
      cases.emplace_back("extra array of " + std::to_string(n), arr + "]," + kBase.substr(1));
    }
  }
  // nesting: max_depth is 32 (the root is level 1)
  for (int depth : {29, 30, 31, 32, 40}) {
    cases.emplace_back("extra nested " + std::to_string(depth), R"({"extra":)" + nested(depth, "1") + "," + kBase.substr(1));
    cases.emplace_back("root nested " + std::to_string(depth), nested(depth, kBase));
  }
  cases.emplace_back("deep arrays", std::string(5000, '[') + std::string(5000, ']'));
  cases.emplace_back("over 16 MiB", without_last_brace(kBase) + R"(,"extra":")" + std::string(16u << 20, 'x') + "\"}");

  for (const auto& [name, text] : cases) check_both(name, text, t);
  // The fast reader took the valid ones it can (it gives up on an `as_of` object under --as-of
  // and on `extra` objects with more than 64 keys, which the reference then reads).
  EXPECT_GT(t.fast, 60);
  EXPECT_GT(t.valid, t.fast);
}

}  // namespace
}  // namespace shebao::batch::detail
