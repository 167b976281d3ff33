// Tests of the policy compiler (engine/src/policy/compiler.cpp): strict pack checking, every
// diagnostic with its exact `file:line:column: message [code]` text, all problems at once, and
// the merged order of rules (overrides / before / after) as describe_policies shows it.
#include <gtest/gtest.h>

#include <type_traits>

#include <algorithm>
#include <string>
#include <vector>

#include "pack_fixture.h"
#include "policy/model.h"
#include "shebao/policy/policy_set.h"

namespace shebao {
namespace {

using fixture::PackTree;
using Lines = std::vector<std::string>;

// Compiles and returns every diagnostic as text (empty when the set compiled).
Lines diagnose(const PackTree& t) {
  CompileResult r = t.compile();
  Lines out = fixture::messages(r);
  EXPECT_EQ(r.set == nullptr, !out.empty()) << "a set must be returned exactly when there are no diagnostics";
  return out;
}

// A rule of a child pack's scheme with `body` lines (indented 8) between id and then.
const char* kBecause = "        because: {zh: 因为, en: because}\n";

// ---- valid sets -----------------------------------------------------------------------------

TEST(PolicyCompiler, MinimalNationalPackCompiles) {
  CompileResult r = fixture::national_tree().compile();
  EXPECT_EQ(fixture::messages(r), Lines{});
  ASSERT_NE(r.set, nullptr);
  auto packs = describe_policies(*r.set);
  ASSERT_EQ(packs.size(), 1u);
  EXPECT_EQ(packs[0].id, "cn");
  EXPECT_EQ(packs[0].jurisdiction, "000000");
  EXPECT_EQ(packs[0].parent, "");
  EXPECT_EQ(packs[0].files, 4u);
  ASSERT_EQ(packs[0].schemes.size(), 9u);
  EXPECT_EQ(packs[0].schemes[0].id, "pension.employee");
  EXPECT_EQ(packs[0].schemes[8].id, "commercial.employer_liability");
  ASSERT_EQ(packs[0].schemes[0].rules.size(), 1u);
  const RuleView& rv = packs[0].schemes[0].rules[0];
  EXPECT_EQ(rv.id, "cn/pension.employee/fallback");
  EXPECT_EQ(rv.when, "(always)");
  EXPECT_EQ(rv.status, "not_available");
  EXPECT_EQ(rv.citations, Lines{"《社会保险法》"});
  EXPECT_EQ(rv.file, "policies/cn/schemes.yaml:5");
  EXPECT_EQ(policy_digest(*r.set).substr(0, 7), "sha256:");
  EXPECT_EQ(policy_digest(*r.set).size(), 7u + 64u);
}

TEST(PolicyCompiler, YunnanTreeCompiles) {
  CompileResult r = fixture::yunnan_tree().compile();
  EXPECT_EQ(fixture::messages(r), Lines{});
  ASSERT_NE(r.set, nullptr);
  auto packs = describe_policies(*r.set);
  ASSERT_EQ(packs.size(), 4u);
  EXPECT_EQ(packs[1].id, "cn-530000");
  EXPECT_EQ(packs[1].parent, "cn");
  EXPECT_EQ(packs[3].id, "cn-530900");
  EXPECT_EQ(packs[3].parent, "cn-530000");
  // Every pack sees the inherited national rules.
  EXPECT_EQ(packs[3].schemes[4].rules.at(0).id, "cn/injury.work/fallback");
}

TEST(PolicyCompiler, DigestChangesWithAnyByte) {
  auto a = fixture::national_tree().compile();
  auto t = fixture::national_tree();
  t.put("cn", "empty.yaml", "# nothing here\n");
  auto b = t.compile();
  ASSERT_TRUE(a.set && b.set);
  EXPECT_NE(policy_digest(*a.set), policy_digest(*b.set));
  EXPECT_EQ(policy_digest(*a.set), policy_digest(*fixture::national_tree().compile().set));
}

TEST(PolicyCompiler, NoPacks) {
  CompileResult r = compile_policies({});
  EXPECT_EQ(r.set, nullptr);
  EXPECT_EQ(fixture::messages(r), Lines{"(policies): no policy packs were found [no_packs]"});
}

// ---- strict reading: keys and kinds ------------------------------------------------------------

TEST(PolicyDiagnostics, UnknownKeys) {
  auto t = fixture::national_tree();
  t.put("cn", "pack.yaml", std::string(fixture::kNationalPack) + "nmae: x\n");
  t.put("cn", "x.yaml", "schemez: {}\n");
  t.put("cn-530000", "pack.yaml", fixture::kProvincePack);
  t.put("cn-530000", "schemes.yaml",
        "schemes:\n"
        "  pension.employee:\n"
        "    rules:\n"
        "      - id: r1\n"
        "        wen: age > 16y\n"
        "        then: {status: eligible, chanel: flexible}\n" +
            std::string(kBecause) +
            "        cite: [{document: law, artcle: 一}]\n");
  EXPECT_EQ(diagnose(t),
            (Lines{"policies/cn-530000/schemes.yaml:5:9: unknown key 'wen' in rule (allowed: id, when, then, because, "
                   "cite, overrides, before, after) [unknown_key]",
                   "policies/cn-530000/schemes.yaml:6:34: unknown key 'chanel' in then (allowed: status, channel, "
                   "enrol_region, alternatives, contribution, details, warnings, advice) [unknown_key]",
                   "policies/cn-530000/schemes.yaml:8:32: unknown key 'artcle' in citation (allowed: document, "
                   "article, note) [unknown_key]",
                   "policies/cn/pack.yaml:7:1: unknown key 'nmae' in pack.yaml (allowed: id, jurisdiction, parent, "
                   "slug, name, documents) [unknown_key]",
                   "policies/cn/x.yaml:1:1: unknown key 'schemez' in a policy file (allowed: parameters, schemes, "
                   "checks, constraints, transfers, relationships, retirement, add_citations) [unknown_key]"}));
}

TEST(PolicyDiagnostics, MissingKeys) {
  auto t = fixture::yunnan_tree();
  t.put("cn-530000", "schemes.yaml",
        "schemes:\n"
        "  pension.employee:\n"
        "    rules:\n"
        "      - id: r1\n" +
            std::string(kBecause) +
            "        cite: [{document: law}]\n"
            "      - id: r2\n"
            "        then: {channel: flexible}\n"
            "        because: {zh: 因为}\n"
            "        cite: [{article: 一}]\n");
  t.put("cn-530900", "pack.yaml", "id: cn-530900\nparent: cn-530000\n");
  EXPECT_EQ(diagnose(t),
            (Lines{"policies/cn-530000/schemes.yaml:4:9: rule needs 'then' [missing_key]",
                   "policies/cn-530000/schemes.yaml:8:15: then needs 'status' [missing_key]",
                   "policies/cn-530000/schemes.yaml:9:18: because needs 'en' [missing_key]",
                   "policies/cn-530000/schemes.yaml:10:16: citation needs 'document' [missing_key]",
                   "policies/cn-530900/pack.yaml:1:1: pack.yaml needs 'jurisdiction' [missing_key]",
                   "policies/cn-530900/pack.yaml:1:1: pack.yaml needs 'name' [missing_key]"}));
}

TEST(PolicyDiagnostics, WrongKinds) {
  auto t = fixture::yunnan_tree();
  t.put("cn-530000", "schemes.yaml",
        "schemes:\n"
        "  pension.employee:\n"
        "    rules:\n"
        "      - id: [r1]\n"
        "        when: [age]\n"
        "        then: eligible\n" +
            std::string(kBecause) +
            "        cite: [{document: law}]\n"
            "  pension.resident:\n"
            "    rules: {id: r1}\n"
            "  medical.employee: []\n");
  t.put("cn-530000", "checks.yaml", "checks: {id: x}\nconstraints: 1\ntransfers: x\n");
  t.put("cn-530000", "list.yaml", "- a\n");
  EXPECT_EQ(diagnose(t),
            (Lines{"policies/cn-530000/checks.yaml:1:9: checks must be a list [invalid_type]",
                   "policies/cn-530000/checks.yaml:2:14: constraints must be a list [invalid_type]",
                   "policies/cn-530000/checks.yaml:3:12: transfers must be a list [invalid_type]",
                   "policies/cn-530000/list.yaml:1:1: a policy file must be a mapping (key: value) [invalid_type]",
                   "policies/cn-530000/schemes.yaml:4:13: rule id must be a single value [invalid_type]",
                   "policies/cn-530000/schemes.yaml:5:15: when must be an expression (a single value) [invalid_type]",
                   "policies/cn-530000/schemes.yaml:6:15: then must be a mapping (key: value) [invalid_type]",
                   "policies/cn-530000/schemes.yaml:10:12: rules must be a list [invalid_type]",
                   "policies/cn-530000/schemes.yaml:11:21: scheme 'medical.employee' must be a mapping (key: value) "
                   "[invalid_type]"}));
}

TEST(PolicyDiagnostics, InvalidIdsAndDuplicateIds) {
  auto t = fixture::yunnan_tree();
  const std::string rule_tail = "        then: {status: eligible}\n" + std::string(kBecause) + "        cite: [{document: law}]\n";
  t.put("cn-530000", "schemes.yaml",
        "schemes:\n"
        "  pension.employee:\n"
        "    rules:\n"
        "      - id: R1\n" + rule_tail +
            "      - id: r2\n" + rule_tail +
            "      - id: r2\n" + rule_tail);
  t.put("cn-530000", "checks.yaml",
        "checks:\n"
        "  - {id: c1, when: age > 16y, warning: {code: c1, text: {zh: 提示, en: note}}, cite: [{document: law}]}\n"
        "  - {id: c1, when: age > 16y, warning: {code: c1, text: {zh: 提示, en: note}}, cite: [{document: law}]}\n");
  EXPECT_EQ(diagnose(t),
            (Lines{"policies/cn-530000/checks.yaml:3:10: check id 'c1' is used twice [duplicate_id]",
                   "policies/cn-530000/schemes.yaml:4:13: rule id 'R1' must be lower-case letters, digits, '-', '_' "
                   "or '.' [invalid_id]",
                   "policies/cn-530000/schemes.yaml:12:13: rule id 'r2' is used twice in pension.employee "
                   "[duplicate_id]"}));
}

TEST(PolicyDiagnostics, BooleansAndScalars) {
  auto t = fixture::national_tree();
  t.put("cn", "params.yaml",
        "parameters:\n"
        "  flag:\n"
        "    type: bool\n"
        "    label: {zh: 开关, en: flag}\n"
        "    source: {document: law}\n"
        "    values:\n"
        "      2024-01-01: {value: true, verified: yes}\n");
  t.put("cn", "pack.yaml", "id: cn\njurisdiction: \"000000\"\nname: 全国\n" +
                               std::string(fixture::kNationalPack).substr(std::string(fixture::kNationalPack).find("documents:")));
  EXPECT_EQ(diagnose(t),
            (Lines{"policies/cn/pack.yaml:3:7: name must be a mapping (key: value) [invalid_type]",
                   "policies/cn/params.yaml:7:43: verified must be true or false [invalid_type]"}));
}

// ---- schemes, documents, citations ----------------------------------------------------------------

TEST(PolicyDiagnostics, UnknownSchemeIds) {
  auto t = fixture::yunnan_tree();
  t.put("cn-530000", "schemes.yaml",
        "schemes:\n"
        "  pension.employe:\n"
        "    rules: []\n"
        "  pension.employee:\n"
        "    rules:\n"
        "      - id: r1\n"
        "        then: {status: eligible, alternatives: [pension.residen, medical.resident]}\n" +
            std::string(kBecause) +
            "        cite: [{document: law}]\n");
  t.put("cn-530000", "transfers.yaml",
        "transfers:\n"
        "  - id: t1\n"
        "    scheme: pension\n"
        "    kind: pension.move\n"
        "    when: true\n"
        "    steps: [{zh: 一, en: one}]\n"
        "    cite: [{document: law}]\n");
  EXPECT_EQ(diagnose(t),
            (Lines{"policies/cn-530000/schemes.yaml:2:3: 'pension.employe' is not a scheme id of RESULT.md "
                   "(pension.employee, pension.resident, medical.employee, medical.resident, injury.work, "
                   "injury.occupational, unemployment, commercial.accident, commercial.employer_liability) "
                   "[unknown_scheme]",
                   "policies/cn-530000/schemes.yaml:7:49: 'pension.residen' is not a scheme id of RESULT.md "
                   "[unknown_scheme]",
                   "policies/cn-530000/transfers.yaml:3:13: 'pension' is not a scheme id of RESULT.md [unknown_scheme]",
                   "policies/cn-530000/transfers.yaml:4:11: 'pension.move' is not a transfer kind of RESULT.md "
                   "(pension.full_transfer, pension.temporary_account, pension.scheme_link, medical.transfer, "
                   "medical.scheme_switch, medical.no_transfer, pension.benefit_place, pension.benefit_place_at_retirement) "
           "[unknown_kind]"}));
}

TEST(PolicyDiagnostics, DocumentsAndCitations) {
  auto t = fixture::yunnan_tree();
  const std::string then = "        then: {status: eligible}\n" + std::string(kBecause);
  t.put("cn-530000", "schemes.yaml",
        "schemes:\n"
        "  pension.employee:\n"
        "    rules:\n"
        "      - id: r1\n" + then +
            "        cite: [{document: nope, article: 一}]\n"
            "      - id: r2\n" + then +
            "      - id: r3\n" + then +
            "        cite: []\n"
            "      - id: r4\n" + then +
            "        cite: [{document: yn-40, article: （九）}, {document: law}]\n");
  // The national pack cannot cite a document that only a child declares.
  t.put("cn", "checks.yaml",
        "checks:\n"
        "  - id: c1\n"
        "    when: age > 16y\n"
        "    warning: {code: c1, text: {zh: 提示, en: note}}\n"
        "    cite: [{document: yn-40}]\n"
        "  - id: c2\n"
        "    when: age > 16y\n"
        "    warning: {code: c2, text: {zh: 提示, en: note}}\n");
  // A child may not redeclare an ancestor's document key; issued must be a date.
  t.put("cn-530000", "pack.yaml",
        std::string(fixture::kProvincePack) +
            "  law: {number: 重复, title: {zh: 重复, en: again}}\n"
            "  bad: {number: 坏, title: {zh: 坏, en: bad}, issued: 2021-13-45}\n");
  EXPECT_EQ(diagnose(t),
            (Lines{"policies/cn-530000/pack.yaml:7:3: document key 'law' is already declared by ancestor pack 'cn' "
                   "[duplicate_document]",
                   "policies/cn-530000/pack.yaml:8:53: issued '2021-13-45' is not a date YYYY-MM-DD [invalid_date]",
                   "policies/cn-530000/schemes.yaml:7:27: document 'nope' is not declared in pack.yaml of this pack "
                   "or an ancestor [unknown_document]",
                   "policies/cn-530000/schemes.yaml:8:9: rule 'r2' has no 'cite': every conclusion must cite its "
                   "policy [missing_citation]",
                   "policies/cn-530000/schemes.yaml:14:15: 'cite' must be a non-empty list of {document, article} "
                   "[missing_citation]",
                   "policies/cn/checks.yaml:5:23: document 'yn-40' is not declared in pack.yaml of this pack or an "
                   "ancestor [unknown_document]",
                   "policies/cn/checks.yaml:6:5: check 'c2' has no 'cite': every conclusion must cite its policy "
                   "[missing_citation]"}));
}

TEST(PolicyDiagnostics, OutcomeValues) {
  auto t = fixture::yunnan_tree();
  t.put("cn-530000", "schemes.yaml",
        "schemes:\n"
        "  pension.employee:\n"
        "    rules:\n"
        "      - id: r1\n"
        "        then: {status: ok, channel: app}\n" +
            std::string(kBecause) +
            "        cite: [{document: law}]\n"
            "      - id: r2\n"
            "        then:\n"
            "          status: eligible\n"
            "          contribution: {base: 100, annual: {personal: 400}}\n" +
            std::string(kBecause) +
            "        cite: [{document: law}]\n"
            "      - id: r3\n"
            "        then:\n"
            "          status: eligible\n"
            "          contribution:\n"
            "            base: 100\n"
            "            options:\n"
            "              - {id: a, label: {zh: 甲, en: a}}\n"
            "              - {id: b, label: {zh: 乙, en: b}, annual: 5}\n" +
            std::string(kBecause) +
            "        cite: [{document: law}]\n"
            "      - id: r4\n"
            "        then: {status: eligible, contribution: {}}\n" +
            std::string(kBecause) +
            "        cite: [{document: law}]\n");
  EXPECT_EQ(diagnose(t),
            (Lines{"policies/cn-530000/schemes.yaml:5:24: unknown status 'ok' (mandatory, eligible, enrolled, "
                   "platform_covered, recommended, not_eligible, not_available) [invalid_status]",
                   "policies/cn-530000/schemes.yaml:5:37: unknown channel 'app' (employer, flexible, individual, "
                   "platform, dispatch_agency) [invalid_channel]",
                   "policies/cn-530000/schemes.yaml:11:25: a contribution has either base + rate (monthly) or annual, "
                   "not both or neither [contribution]",
                   "policies/cn-530000/schemes.yaml:11:25: a contribution with a base needs a rate [contribution]",
                   "policies/cn-530000/schemes.yaml:18:13: a contribution with a base needs a rate [contribution]",
                   "policies/cn-530000/schemes.yaml:20:17: an option needs 'base' [contribution]",
                   "policies/cn-530000/schemes.yaml:21:17: an option needs 'base' [contribution]",
                   "policies/cn-530000/schemes.yaml:21:48: unknown key 'annual' in option (allowed: id, label, base, rate) "
                   "[unknown_key]",
                   "policies/cn-530000/schemes.yaml:25:48: a contribution has either base + rate (monthly) or annual, "
                   "not both or neither [contribution]"}));
}

TEST(PolicyDiagnostics, Templates) {
  auto t = fixture::yunnan_tree();
  t.put("cn-530000", "schemes.yaml",
        "schemes:\n"
        "  pension.employee:\n"
        "    rules:\n"
        "      - id: r1\n"
        "        then: {status: eligible}\n"
        "        because: {zh: \"按{age\", en: \"x}\"}\n"
        "        cite: [{document: law}]\n"
        "      - id: r2\n"
        "        then: {status: eligible}\n"
        "        because: {zh: \"在{work.region}{bogus}\", en: \"{{literal}} {age + 1}\"}\n"
        "        cite: [{document: law}]\n");
  EXPECT_EQ(diagnose(t),
            (Lines{"policies/cn-530000/schemes.yaml:6:23: unclosed '{' in text (write '{{' for a brace) [template]",
                   "policies/cn-530000/schemes.yaml:6:36: unmatched '}' in text (write '}}' for a brace) [template]",
                   "policies/cn-530000/schemes.yaml:10:23: in text placeholder {bogus}: unknown name 'bogus' "
                   "[expression]",
                   "policies/cn-530000/schemes.yaml:10:52: in text placeholder {age + 1}: cannot apply '+' to months "
                   "and number [expression]"}));
}

// Results copy policy wording into their output as it is, so the compiler refuses text that is not
// UTF-8 whatever adapter built the tree (the YAML adapter already refuses such files).
TEST(PolicyDiagnostics, TextMustBeUtf8) {
  std::vector<PackSource> sources = fixture::yunnan_tree().sources();
  ASSERT_FALSE(sources.empty());
  EXPECT_EQ(fixture::messages(compile_policies(sources)), Lines{});
  for (auto& ps : sources)
    for (auto& f : ps.files)
      if (f.rel == "cn/pack.yaml") {
        DocNode* name = nullptr;
        for (auto& e : f.root.entries)
          if (e.key == "name") name = &e.value;
        ASSERT_NE(name, nullptr);
        ASSERT_FALSE(name->entries.empty());
        name->entries[0].value.text = "\xe4\xb8 bad";  // a truncated sequence
        f.root.entries.push_back({"\xff", SourcePos{9, 1}, DocNode{}});
      }
  const Lines got = fixture::messages(compile_policies(sources));
  ASSERT_GE(got.size(), 2u);
  EXPECT_NE(std::find_if(got.begin(), got.end(),
                         [](const std::string& m) { return m.find("text is not valid UTF-8 [invalid_utf8]") != std::string::npos; }),
            got.end());
  EXPECT_NE(std::find(got.begin(), got.end(), "policies/cn/pack.yaml:9:1: key is not valid UTF-8 [invalid_utf8]"), got.end());
}

// ---- parameters --------------------------------------------------------------------------------

const char* kAvgWageHead =
    "parameters:\n"
    "  avg_wage:\n"
    "    type: money\n"
    "    label: {zh: 平均工资, en: Average wage}\n"
    "    source: {document: wage}\n"
    "    values:\n";

TEST(PolicyDiagnostics, DatedValues) {
  auto t = fixture::national_tree();
  t.put("cn", "params.yaml",
        std::string(kAvgWageHead) +
            "      2025-01-01: {value: \"7263.00\", verified: true}\n"
            "      2024-01-01: {value: \"7177.00\", verified: true}\n"
            "      2024-13-01: {value: \"7177.00\", verified: true}\n"
            "      2026-01-01: {value: 7300.00, verified: false}\n"
            "      2027-01-01: {value: \"7300.001\", verified: false}\n"
            "      2028-01-01: {value: \"7400.00\"}\n"
            "      2029-01-01: \"7500.00\"\n");
  EXPECT_EQ(diagnose(t),
            (Lines{"policies/cn/params.yaml:8:7: dated values must be in increasing date order: 2024-01-01 comes after "
                   "2025-01-01 [unsorted_dates]",
                   "policies/cn/params.yaml:9:7: '2024-13-01' is not a date YYYY-MM-DD [invalid_date]",
                   "policies/cn/params.yaml:10:27: value of 'avg_wage' (money): money must be a quoted yuan amount "
                   "such as \"7263.00\", got 7300.00 [invalid_value]",
                   "policies/cn/params.yaml:11:27: value of 'avg_wage' (money): expected a yuan amount with at most "
                   "two decimals, got '7300.001' [invalid_value]",
                   "policies/cn/params.yaml:12:19: value of 'avg_wage' from 2028-01-01 needs 'verified' [missing_key]",
                   "policies/cn/params.yaml:13:19: value of 'avg_wage' from 2029-01-01 must be a mapping (key: value) "
                   "[invalid_type]"}));
}

TEST(PolicyDiagnostics, DuplicateDate) {
  // YAML rejects a repeated key before the compiler sees it; a document tree from another adapter
  // could still hold one, and the compiler reports it.
  auto t = fixture::national_tree();
  t.put("cn", "params.yaml",
        std::string(kAvgWageHead) +
            "      2024-01-01: {value: \"7177.00\", verified: true}\n"
            "      2025-01-01: {value: \"7263.00\", verified: true}\n");
  auto sources = t.sources();
  bool renamed = false;
  for (auto& ps : sources)
    for (auto& f : ps.files)
      if (f.rel == "cn/params.yaml") {
        DocNode& values = f.root.entries[0].value.entries[0].value.entries.back().value;
        ASSERT_EQ(values.entries.size(), 2u);
        values.entries[1].key = "2024-01-01";
        renamed = true;
      }
  ASSERT_TRUE(renamed);
  EXPECT_EQ(fixture::messages(compile_policies(sources)),
            Lines{"policies/cn/params.yaml:8:7: date 2024-01-01 is given twice [duplicate_date]"});
}

TEST(PolicyDiagnostics, ParameterDeclarations) {
  auto t = fixture::yunnan_tree();
  t.put("cn", "params.yaml", std::string(kAvgWageHead) + "      2024-01-01: {value: \"7177.00\", verified: true}\n");
  t.put("cn", "params2.yaml",
        "parameters:\n"
        "  avg_wage:\n"
        "    type: money\n"
        "    label: {zh: 平均工资, en: Average wage}\n"
        "    values: {}\n"
        "  Avg-Wage:\n"
        "    type: money\n"
        "    label: {zh: 平均工资, en: Average wage}\n"
        "    values: {}\n"
        "  count:\n"
        "    type: integer\n"
        "    label: {zh: 数, en: count}\n"
        "    values: {}\n"
        "  rate:\n"
        "    type: number\n"
        "    label: {zh: 费率, en: rate}\n"
        "    renewal: monthly\n"
        "  floor:\n"
        "    type: money\n"
        "    label: {zh: 下限, en: floor}\n"
        "    values:\n"
        "      2024-01-01: {value: \"1.00\", verified: true}\n");
  t.put("cn-530000", "params.yaml",
        "parameters:\n"
        "  avg_wage:\n"
        "    type: number\n"
        "    label: {zh: 平均工资, en: Average wage}\n"
        "    values: {}\n"
        "  min_wage:\n"
        "    type: money\n"
        "    label: {zh: 最低工资, en: Minimum wage}\n"
        "    source: {document: yn-40}\n"
        "    values: {}\n"
        "    by_region:\n"
        "      \"530902\": {values: {2024-10-01: {value: \"1900.00\", verified: true}}}\n"
        "      \"110101\": {values: {}}\n"
        "      \"5309\": {values: {}}\n");
  EXPECT_EQ(diagnose(t),
            (Lines{"policies/cn-530000/params.yaml:3:11: parameter 'avg_wage' is number here but money in pack 'cn' "
                   "[type_mismatch]",
                   "policies/cn-530000/params.yaml:13:7: '110101' is not a region code inside this pack's "
                   "jurisdiction 530000 [invalid_region]",
                   "policies/cn-530000/params.yaml:14:7: '5309' is not a region code inside this pack's jurisdiction "
                   "530000 [invalid_region]",
                   "policies/cn/params2.yaml:2:3: parameter 'avg_wage' is declared twice in this pack "
                   "[duplicate_parameter]",
                   "policies/cn/params2.yaml:6:3: parameter id 'Avg-Wage' must be lower_snake_case [invalid_id]",
                   "policies/cn/params2.yaml:11:11: unknown type 'integer' (money, number, months, date, bool, string, "
                   "region, list<...>, table<K,V>) [invalid_type_name]",
                   "policies/cn/params2.yaml:15:5: parameter 'rate' needs 'values' (write values: {} when no figure is "
                   "known) [missing_key]",
                   "policies/cn/params2.yaml:17:14: renewal must be 'yearly' [invalid_value]",
                   "policies/cn/params2.yaml:22:7: value of 'floor' from 2024-01-01 has no source [missing_source]"}));
}

TEST(PolicyDiagnostics, ParameterSourceDocuments) {
  auto t = fixture::national_tree();
  t.put("cn", "params.yaml",
        "parameters:\n"
        "  avg_wage:\n"
        "    type: money\n"
        "    label: {zh: 平均工资, en: Average wage}\n"
        "    source: {document: nope}\n"
        "    values:\n"
        "      2024-01-01: {value: \"7177.00\", verified: true, source: {document: nada}}\n");
  EXPECT_EQ(diagnose(t),
            (Lines{"policies/cn/params.yaml:5:24: document 'nope' is not declared in pack.yaml of this pack or an "
                   "ancestor [unknown_document]",
                   "policies/cn/params.yaml:7:73: document 'nada' is not declared in pack.yaml of this pack or an "
                   "ancestor [unknown_document]"}));
}

// ---- expressions ---------------------------------------------------------------------------------

TEST(PolicyDiagnostics, Expressions) {
  auto t = fixture::yunnan_tree();
  const std::string tail = "        then: {status: eligible}\n" + std::string(kBecause) + "        cite: [{document: law}]\n";
  t.put("cn-530000", "schemes.yaml",
        "schemes:\n"
        "  pension.employee:\n"
        "    rules:\n"
        "      - id: r1\n"
        "        when: param.nope > 0\n" + tail +
            "      - id: r2\n"
            "        when: age > 16\n" + tail +
            "      - id: r3\n"
            "        when: work.relationship == driver\n" + tail +
            "      - id: r4\n"
            "        when: work.salary > 0\n" + tail +
            "      - id: r5\n"
            "        when: work.monthly_income\n" + tail +
            "      - id: r6\n"
            "        when: work.relationship in [part_time,\n"
            "              platform_managed, rider]\n" + tail);
  EXPECT_EQ(diagnose(t),
            (Lines{"policies/cn-530000/schemes.yaml:5:15: unknown parameter 'nope' [expression]",
                   "policies/cn-530000/schemes.yaml:10:19: cannot compare months with number using '>' [expression]",
                   "policies/cn-530000/schemes.yaml:15:36: 'driver' is not one of the allowed values: employee, "
                   "part_time, platform_managed, self_employed, dispatched, outsourced [expression]",
                   "policies/cn-530000/schemes.yaml:20:15: unknown profile field 'work.salary' [expression]",
                   "policies/cn-530000/schemes.yaml:25:15: expected bool, but the expression is money [expression]",
                   "policies/cn-530000/schemes.yaml:31:33: 'rider' is not one of the allowed values: employee, "
                   "part_time, platform_managed, self_employed, dispatched, outsourced [expression]"}));
}

TEST(PolicyDiagnostics, ExpressionAfterChineseTextOnTheSameLine) {
  auto t = fixture::yunnan_tree();
  t.put("cn-530000", "schemes.yaml",
        "schemes:\n"
        "  pension.employee:\n"
        "    rules:\n"
        "      - id: r1\n"
        "        then:\n"
        "          status: eligible\n"
        "          details:\n"
        "            - {id: paid, label: {zh: 已缴费月数, en: Months paid}, value: age + oops, unit: months}\n" +
            std::string(kBecause) + "        cite: [{document: law}]\n");
  EXPECT_EQ(diagnose(t), Lines{"policies/cn-530000/schemes.yaml:8:76: unknown name 'oops' [expression]"});
}

TEST(PolicyDiagnostics, ParameterTypesInExpressions) {
  auto t = fixture::yunnan_tree();
  t.put("cn", "params.yaml", std::string(kAvgWageHead) + "      2024-01-01: {value: \"7177.00\", verified: true}\n");
  t.put("cn-530000", "schemes.yaml",
        "schemes:\n"
        "  pension.employee:\n"
        "    rules:\n"
        "      - id: r1\n"
        "        when: param.avg_wage > 7000.005\n"
        "        then:\n"
        "          status: eligible\n"
        "          enrol_region: param.avg_wage@enrol\n"
        "          contribution: {base: param.avg_wage * param.avg_wage, rate: {personal: 0.2}}\n" +
            std::string(kBecause) + "        cite: [{document: law}]\n");
  EXPECT_EQ(diagnose(t),
            (Lines{"policies/cn-530000/schemes.yaml:5:32: a money amount has at most two decimals [expression]",
                   "policies/cn-530000/schemes.yaml:8:40: '@enrol' is only allowed inside 'then' [expression]",
                   "policies/cn-530000/schemes.yaml:9:47: cannot apply '*' to money and money [expression]"}));
}

// ---- placement --------------------------------------------------------------------------------------

TEST(PolicyDiagnostics, OverridesBeforeAfterOfMissingItems) {
  auto t = fixture::yunnan_tree();
  const std::string tail = "        then: {status: eligible}\n" + std::string(kBecause) + "        cite: [{document: law}]\n";
  t.put("cn-530000", "schemes.yaml",
        "schemes:\n"
        "  pension.employee:\n"
        "    rules:\n"
        "      - id: r1\n"
        "        overrides: cn/pension.employee/nope\n" + tail +
            "      - id: r2\n"
            "        before: cn/pension.employee/nope\n" + tail +
            "      - id: r3\n"
            "        after: cn/pension.resident/fallback\n" + tail +
            "      - id: r4\n"
            "        overrides: cn/pension.employee/fallback\n"
            "        before: cn/pension.employee/fallback\n" + tail +
            "      - id: r5\n"
            "        before: cn-530000/pension.employee/r1\n" + tail);
  t.put("cn-530000", "checks.yaml",
        "checks:\n"
        "  - {id: c1, overrides: cn/checks/nope, when: true, warning: {code: c, text: {zh: 提示, en: n}}, "
        "cite: [{document: law}]}\n"
        "constraints:\n"
        "  - {id: k1, after: cn/constraints/nope, field: work.monthly_income, check: true, message: {zh: 错, en: bad}, "
        "cite: [{document: law}]}\n"
        "transfers:\n"
        "  - {id: t1, before: cn/transfers/nope, scheme: pension.employee, kind: pension.full_transfer, when: true, "
        "steps: [{zh: 一, en: one}], cite: [{document: law}]}\n");
  // The national pack has no parent to place against.
  t.put("cn", "checks.yaml",
        "checks:\n"
        "  - {id: c1, before: cn/checks/c2, when: true, warning: {code: c, text: {zh: 提示, en: n}}, "
        "cite: [{document: law}]}\n"
        "  - {id: c2, when: true, warning: {code: c, text: {zh: 提示, en: n}}, cite: [{document: law}]}\n");
  EXPECT_EQ(diagnose(t),
            (Lines{"policies/cn-530000/checks.yaml:2:5: overrides 'cn/checks/nope', which is not an item of an "
                   "ancestor pack [unknown_override]",
                   "policies/cn-530000/checks.yaml:4:5: after 'cn/constraints/nope', which is not an item of an "
                   "ancestor pack [unknown_override]",
                   "policies/cn-530000/checks.yaml:6:5: before 'cn/transfers/nope', which is not an item of an "
                   "ancestor pack [unknown_override]",
                   "policies/cn-530000/schemes.yaml:4:9: overrides 'cn/pension.employee/nope', which is not a rule of "
                   "pension.employee in an ancestor pack [unknown_override]",
                   "policies/cn-530000/schemes.yaml:9:9: before 'cn/pension.employee/nope', which is not a rule of "
                   "pension.employee in an ancestor pack [unknown_override]",
                   "policies/cn-530000/schemes.yaml:14:9: after 'cn/pension.resident/fallback', which is not a rule "
                   "of pension.employee in an ancestor pack [unknown_override]",
                   "policies/cn-530000/schemes.yaml:19:9: a rule takes at most one of overrides, before, after "
                   "[placement]",
                   "policies/cn-530000/schemes.yaml:25:9: before 'cn-530000/pension.employee/r1', which is not a rule "
                   "of pension.employee in an ancestor pack [unknown_override]",
                   "policies/cn/checks.yaml:2:5: the national pack has no parent: overrides/before/after are not "
                   "allowed [placement]"}));
}

TEST(PolicyMerge, OverridesBeforeAfterOrder) {
  auto t = fixture::yunnan_tree();
  const std::string then = "then: {status: eligible}, because: {zh: 因, en: b}, cite: [{document: law}]}\n";
  t.put("cn", "schemes.yaml",
        fixture::national_schemes({{"pension.employee", "      - {id: a, when: age > 16y, " + then +
                                                            "      - {id: b, when: age > 18y, " + then +
                                                            "      - {id: fallback, " + then}}));
  t.put("cn-530000", "schemes.yaml",
        "schemes:\n"
        "  pension.employee:\n"
        "    rules:\n"
        "      - {id: p1, when: age > 20y, " + then +
            "      - {id: p2, before: cn/pension.employee/b, when: age > 21y, " + then +
            "      - {id: p3, after: cn/pension.employee/a, when: age > 22y, " + then +
            "      - {id: p4, overrides: cn/pension.employee/fallback, " + then +
            "      - {id: p5, when: age > 23y, " + then);
  t.put("cn-530900", "schemes.yaml",
        "schemes:\n"
        "  pension.employee:\n"
        "    rules:\n"
        "      - {id: q1, when: age > 30y, " + then +
            "      - {id: q2, overrides: cn-530000/pension.employee/p1, when: age > 31y, " + then);
  CompileResult r = t.compile();
  ASSERT_EQ(fixture::messages(r), Lines{});
  auto packs = describe_policies(*r.set);
  auto ids = [&](std::size_t pack) {
    Lines out;
    for (const auto& rv : packs.at(pack).schemes.at(0).rules) out.push_back(rv.id);
    return out;
  };
  ASSERT_EQ(packs.size(), 4u);
  EXPECT_EQ(ids(0), (Lines{"cn/pension.employee/a", "cn/pension.employee/b", "cn/pension.employee/fallback"}));
  const Lines province = {"cn-530000/pension.employee/p1", "cn-530000/pension.employee/p5",
                          "cn/pension.employee/a",         "cn-530000/pension.employee/p3",
                          "cn-530000/pension.employee/p2", "cn/pension.employee/b",
                          "cn-530000/pension.employee/p4"};
  EXPECT_EQ(ids(1), province);  // cn-530000
  EXPECT_EQ(ids(2), province);  // cn-530100 (Kunming) adds nothing
  EXPECT_EQ(ids(3), (Lines{"cn-530900/pension.employee/q1", "cn-530900/pension.employee/q2",
                           "cn-530000/pension.employee/p5", "cn/pension.employee/a",
                           "cn-530000/pension.employee/p3", "cn-530000/pension.employee/p2",
                           "cn/pension.employee/b", "cn-530000/pension.employee/p4"}));
  EXPECT_EQ(packs[3].schemes[0].rules[1].when, "age > 31y");
  EXPECT_EQ(packs[3].schemes[0].rules[1].file, "policies/cn-530900/schemes.yaml:5");
  // Other schemes are untouched.
  EXPECT_EQ(packs[3].schemes[1].rules.size(), 1u);
}

// ---- lints of the national pack ----------------------------------------------------------------

TEST(PolicyDiagnostics, MissingFallback) {
  auto t = fixture::national_tree();
  t.put("cn", "schemes.yaml",
        fixture::national_schemes({{"pension.employee",
                                    "      - {id: r1, when: age > 16y, then: {status: eligible}, because: {zh: 因, en: b}, "
                                    "cite: [{document: law}]}\n"}}));
  EXPECT_EQ(diagnose(t),
            Lines{"policies/cn/schemes.yaml:5:9: the last rule of 'pension.employee' in the national pack must have no "
                  "'when', so that every worker gets an answer [no_fallback]"});
}

TEST(PolicyDiagnostics, MissingSchemesRelationshipsRetirement) {
  auto t = fixture::national_tree();
  t.put("cn", "schemes.yaml",
        fixture::national_schemes({{"injury.work", "      []\n"}}, {"unemployment", "commercial.accident"}));
  t.put("cn", "relationships.yaml", fixture::relationships({"outsourced"}));
  t.remove("cn", "retirement.yaml");
  EXPECT_EQ(diagnose(t),
            (Lines{"policies/cn/pack.yaml: scheme 'injury.work' has no rules [no_rules]",
                   "policies/cn/pack.yaml: the national pack does not declare scheme 'unemployment' [missing_scheme]",
                   "policies/cn/pack.yaml: the national pack does not declare scheme 'commercial.accident' "
                   "[missing_scheme]",
                   "policies/cn/pack.yaml: the national pack does not explain relationship 'outsourced' "
                   "[missing_relationship]",
                   "policies/cn/pack.yaml: the national pack has no retirement section [missing_retirement]"}));
}

TEST(PolicyDiagnostics, SchemeNamesAndDeclarations) {
  auto t = fixture::yunnan_tree();
  t.put("cn-530000", "schemes.yaml",
        "schemes:\n"
        "  pension.employee:\n"
        "    name: {zh: 养老, en: pension}\n"
        "    rules: []\n");
  t.put("cn", "x.yaml",
        "schemes:\n"
        "  pension.employee:\n"
        "    rules: []\n"
        "  pension.resident:\n"
        "    name: {zh: 居民养老, en: resident pension}\n"
        "    rules: []\n");
  EXPECT_EQ(diagnose(t),
            (Lines{"policies/cn-530000/schemes.yaml:3:11: only the national pack names a scheme [scheme_name]",
                   "policies/cn/x.yaml:3:5: the national pack must give scheme 'pension.employee' a name [missing_key]",
                   "policies/cn/x.yaml:4:3: scheme 'pension.resident' is declared twice [duplicate_scheme]"}));
}

TEST(PolicyDiagnostics, RelationshipsAndRetirementBelongToTheNationalPack) {
  auto t = fixture::yunnan_tree();
  t.put("cn-530000", "national.yaml", fixture::relationships() + fixture::kRetirement);
  t.put("cn", "x.yaml",
        "relationships:\n"
        "  driver: {label: {zh: 司机, en: driver}, explanation: {zh: 无, en: none}, cite: [{document: law}]}\n");
  t.put("cn", "y.yaml", fixture::kRetirement);
  EXPECT_EQ(diagnose(t),
            (Lines{"policies/cn-530000/national.yaml:2:3: relationships are defined by the national pack only "
                   "[relationships]",
                   "policies/cn-530000/national.yaml:9:3: the retirement section belongs to the national pack "
                   "[retirement]",
                   "policies/cn/x.yaml:2:3: 'driver' is not a relationship of PROFILE.md [invalid_enum]",
                   "policies/cn/y.yaml:2:3: the retirement section is defined twice [duplicate_retirement]"}));
}

TEST(PolicyDiagnostics, RetirementValues) {
  auto t = fixture::national_tree();
  t.put("cn", "retirement.yaml",
        "retirement:\n"
        "  categories:\n"
        "    male: {original_age: 60, first_birth: 1965, step_months: 0, max_delay_months: 36}\n"
        "    female_55: {original_age: 55y, first_birth: 1970-01, step_months: 4, max_delay_months: 36}\n"
        "  minimum_years: {base: 15y, first_year: 2030, step_months: 6, max: 20y, extra: 1}\n"
        "  flexible: {early_max: 3y, late_max: 3y}\n"
        "  female_default:\n"
        "    - {original_age: 52, verified: false, cite: [{document: law}]}\n"
        "    - {original_age: 49, verified: false, cite: [{document: law}]}\n"
        "  cite: [{document: law}]\n");
  EXPECT_EQ(diagnose(t),
            (Lines{"policies/cn/retirement.yaml:3:5: categories needs 'female_50' [missing_key]",
                   "policies/cn/retirement.yaml:3:26: original_age must be a duration such as 60y or 6m "
                   "[invalid_value]",
                   "policies/cn/retirement.yaml:3:43: first_birth must be YYYY-MM [invalid_date]",
                   "policies/cn/retirement.yaml:3:62: step_months must be a whole number from 1 to 120 "
                   "[invalid_value]",
                   "policies/cn/retirement.yaml:5:74: unknown key 'extra' in minimum_years (allowed: base, first_year, "
                   "step_months, max) [unknown_key]",
                   "policies/cn/retirement.yaml:8:22: original_age must be 50 or 55 [invalid_value]",
                   "policies/cn/retirement.yaml:9:22: original_age must be a whole number from 50 to 55 "
                   "[invalid_value]"}));
}

TEST(PolicyDiagnostics, ChecksConstraintsTransfers) {
  auto t = fixture::yunnan_tree();
  t.put("cn-530000", "rules.yaml",
        "constraints:\n"
        "  - id: k1\n"
        "    field: choices.ratio\n"
        "    check: choices.pension_base_ratio >= 0.6\n"
        "    message: {zh: 错, en: bad}\n"
        "    cite: [{document: law}]\n"
        "transfers:\n"
        "  - id: t1\n"
        "    scheme: pension.employee\n"
        "    kind: pension.full_transfer\n"
        "    when: true\n"
        "    from: work.region\n"
        "    to: 5300\n"
        "    steps: []\n"
        "    cite: [{document: law}]\n"
        "checks:\n"
        "  - id: c1\n"
        "    when: work.monthly_income < param.min_wage\n"
        "    warning: {code: Low-Income, text: {zh: 低, en: low}}\n"
        "    cite: [{document: law}]\n");
  EXPECT_EQ(diagnose(t),
            (Lines{"policies/cn-530000/rules.yaml:3:12: 'choices.ratio' is not a profile field of PROFILE.md "
                   "[unknown_field]",
                   "policies/cn-530000/rules.yaml:13:9: '5300' is not a six-digit region code [expression]",
                   "policies/cn-530000/rules.yaml:14:12: steps must be a non-empty list of {zh, en} [invalid_type]",
                   "policies/cn-530000/rules.yaml:18:33: unknown parameter 'min_wage' [expression]",
                   "policies/cn-530000/rules.yaml:19:21: warning code 'Low-Income' must be lower-case letters, digits, "
                   "'-', '_' or '.' [invalid_id]"}));
}

// ---- the pack tree -------------------------------------------------------------------------------

TEST(PolicyDiagnostics, PackHeaders) {
  auto t = fixture::yunnan_tree();
  t.put("cn-530000", "pack.yaml",
        "id: cn-yunnan\n"
        "jurisdiction: \"530000\"\n"
        "parent: cn\n"
        "name: {zh: 云南省, en: Yunnan}\n");
  t.put("cn-530900", "pack.yaml",
        "id: cn-530900\n"
        "jurisdiction: \"110100\"\n"
        "parent: cn-530000\n"
        "name: {zh: 临沧市, en: Lincang}\n");
  t.put("cn-530100", "pack.yaml",
        "id: cn-530100\n"
        "jurisdiction: \"530100\"\n"
        "parent: cn-999999\n"
        "name: {zh: 昆明市, en: Kunming}\n");
  t.put("cn-530102", "pack.yaml",
        "id: cn-530102\n"
        "jurisdiction: \"530102\"\n"
        "parent: cn-530100\n"
        "name: {zh: 五华区, en: Wuhua}\n");
  t.put("cn-110000", "pack.yaml",
        "id: cn-110000\n"
        "jurisdiction: \"110000\"\n"
        "name: {zh: 北京市, en: Beijing}\n");
  t.put("cn2", "pack.yaml",
        "id: cn2\n"
        "jurisdiction: \"000000\"\n"
        "name: {zh: 全国, en: China}\n");
  t.put("cn-530300", "schemes.yaml", "schemes: {}\n");
  EXPECT_EQ(diagnose(t),
            (Lines{"policies/cn-110000/pack.yaml:1:1: pack 'cn-110000' needs a parent (only the national pack has "
                   "none) [parent]",
                   "policies/cn-530000/pack.yaml:1:5: pack id 'cn-yunnan' must equal its folder name 'cn-530000' "
                   "[pack_id]",
                   "policies/cn-530100/pack.yaml:3:9: parent pack 'cn-999999' does not exist [parent]",
                   "policies/cn-530102/pack.yaml:2:15: jurisdiction '530102' must be \"000000\", a province (xx0000) "
                   "or a prefecture (xxxx00) code [jurisdiction]",
                   "policies/cn-530300: pack folder 'cn-530300' has no pack.yaml [missing_pack_yaml]",
                   "policies/cn-530900/pack.yaml:3:9: jurisdiction 110100 is not inside its parent's 530000 [parent]",
                   "policies/cn2/pack.yaml:1:1: two national packs: 'cn' and 'cn2' [parent]"}));
}

TEST(PolicyDiagnostics, ParentCycle) {
  auto t = fixture::national_tree();
  t.put("cn-530000", "pack.yaml",
        "id: cn-530000\n"
        "jurisdiction: \"530000\"\n"
        "parent: cn-530900\n"
        "name: {zh: 云南省, en: Yunnan}\n");
  t.put("cn-530900", "pack.yaml", fixture::kPrefecturePack);
  EXPECT_EQ(diagnose(t),
            (Lines{"policies/cn-530000/pack.yaml:3:9: jurisdiction 530000 is not inside its parent's 530900 [parent]",
                   "policies/cn-530000/pack.yaml:3:9: packs form a cycle through 'cn-530000' [parent]"}));
}

TEST(PolicyDiagnostics, NoNationalPack) {
  PackTree t;
  t.put("cn-530000", "pack.yaml", fixture::kProvincePack);
  EXPECT_EQ(diagnose(t),
            (Lines{"policies/cn-530000/pack.yaml: no national pack (jurisdiction \"000000\", no parent) was found "
                   "[no_national_pack]",
                   "policies/cn-530000/pack.yaml:3:9: parent pack 'cn' does not exist [parent]"}));
}

TEST(PolicyDiagnostics, DuplicatePackFolders) {
  auto sources = fixture::national_tree().sources();
  sources.push_back(sources.front());
  Lines got = fixture::messages(compile_policies(sources));
  EXPECT_NE(std::find(got.begin(), got.end(), "policies/cn/pack.yaml:1:1: pack 'cn' appears twice [duplicate_pack]"),
            got.end())
      << ::testing::PrintToString(got);
}

// ---- all at once ------------------------------------------------------------------------------------

TEST(PolicyDiagnostics, AllProblemsOfABrokenPackAreReportedInOneRun) {
  auto t = fixture::yunnan_tree();
  t.put("cn", "relationships.yaml", fixture::relationships({"dispatched"}));
  t.put("cn-530000", "params.yaml",
        "parameters:\n"
        "  min_wage:\n"
        "    type: money\n"
        "    label: {zh: 最低工资, en: Minimum wage}\n"
        "    values:\n"
        "      2025-01-01: {value: 1900, verified: true}\n"
        "      2024-01-01: {value: \"1800.00\", verified: true, source: {document: yn-40}}\n");
  t.put("cn-530000", "schemes.yaml",
        "schemes:\n"
        "  pension.employee:\n"
        "    name: {zh: 养老, en: pension}\n"
        "    rules:\n"
        "      - id: r1\n"
        "        when: work.monthly_income < param.min_wage and work.relationship == rider\n"
        "        then: {status: eligble}\n"
        "        because: {zh: 因为, en: because}\n"
        "      - id: r2\n"
        "        overrides: cn/pension.employee/r9\n"
        "        when: age >= 16\n"
        "        then: {status: eligible}\n"
        "        because: {zh: \"{work.regio}\", en: x}\n"
        "        cite: [{document: yn-41}]\n");
  Lines got = diagnose(t);
  EXPECT_EQ(got, (Lines{"policies/cn-530000/params.yaml:6:7: value of 'min_wage' from 2025-01-01 has no source "
                        "[missing_source]",
                        "policies/cn-530000/params.yaml:6:27: value of 'min_wage' (money): money must be a quoted "
                        "yuan amount such as \"7263.00\", got 1900 [invalid_value]",
                        "policies/cn-530000/params.yaml:7:7: dated values must be in increasing date order: 2024-01-01 "
                        "comes after 2025-01-01 [unsorted_dates]",
                        "policies/cn-530000/schemes.yaml:3:11: only the national pack names a scheme [scheme_name]",
                        "policies/cn-530000/schemes.yaml:5:9: rule 'r1' has no 'cite': every conclusion must cite its "
                        "policy [missing_citation]",
                        "policies/cn-530000/schemes.yaml:6:77: 'rider' is not one of the allowed values: employee, "
                        "part_time, platform_managed, self_employed, dispatched, outsourced [expression]",
                        "policies/cn-530000/schemes.yaml:7:24: unknown status 'eligble' (mandatory, eligible, enrolled, "
                        "platform_covered, recommended, not_eligible, not_available) [invalid_status]",
                        "policies/cn-530000/schemes.yaml:9:9: overrides 'cn/pension.employee/r9', which is not a rule "
                        "of pension.employee in an ancestor pack [unknown_override]",
                        "policies/cn-530000/schemes.yaml:11:19: cannot compare months with number using '>=' "
                        "[expression]",
                        "policies/cn-530000/schemes.yaml:13:23: in text placeholder {work.regio}: unknown profile field "
                        "'work.regio' [expression]",
                        "policies/cn-530000/schemes.yaml:14:27: document 'yn-41' is not declared in pack.yaml of this "
                        "pack or an ancestor [unknown_document]",
                        "policies/cn/pack.yaml: the national pack does not explain relationship 'dispatched' "
                        "[missing_relationship]"}));
  EXPECT_GE(got.size(), 10u);
}

}  // namespace

// ---- a child pack overrides a parameter with its values only ---------------------------------

static_assert(!std::is_copy_constructible_v<PolicySet> && !std::is_copy_assignable_v<PolicySet>,
              "PolicySet holds pointers into itself: it must not be copied");

TEST(PolicyParameters, AChildPackGivesOnlyValues) {
  auto t = fixture::yunnan_tree();
  t.put("cn", "params.yaml", std::string(kAvgWageHead) + "      2024-01-01: {value: \"7177.00\", verified: true}\n");
  t.put("cn-530000", "params.yaml",
        "parameters:\n"
        "  avg_wage:\n"
        "    source: {document: yn-40}\n"
        "    values:\n"
        "      2025-01-01: {value: \"7263.00\", verified: true}\n"
        "    by_region:\n"
        "      \"530900\": {values: {2025-01-01: {value: \"7000.00\", verified: true}}}\n");
  CompileResult r = t.compile();
  EXPECT_EQ(fixture::messages(r), Lines{});
  ASSERT_NE(r.set, nullptr);
  // The label is the declaring pack's.
  for (const auto& p : describe_policies(*r.set))
    for (const auto& param : p.parameters)
      if (param.id == "avg_wage") {
        EXPECT_EQ(param.label.en, "Average wage") << p.id;
      }
}

TEST(PolicyParameters, AnOverrideMayNotRestateTheDeclaration) {
  auto t = fixture::yunnan_tree();
  t.put("cn", "params.yaml", std::string(kAvgWageHead) + "      2024-01-01: {value: \"7177.00\", verified: true}\n");
  t.put("cn-530000", "params.yaml",
        "parameters:\n"
        "  avg_wage:\n"
        "    type: money\n"
        "    label: {zh: 平均工资, en: Average wage}\n"
        "    values: {}\n");
  t.put("cn-530100", "params.yaml",
        "parameters:\n"
        "  avg_wage:\n"
        "    renewal: yearly\n"
        "    values: {}\n"
        "  avg_wgae:\n"
        "    values: {}\n");
  t.put("cn-530900", "params.yaml",
        "parameters:\n"
        "  avg_wage:\n"
        "    label: {zh: 平均工资, en: Average wage}\n"
        "    values: {}\n");
  EXPECT_EQ(diagnose(t),
            (Lines{"policies/cn-530000/params.yaml:3:11: parameter 'avg_wage' is declared in ancestor pack 'cn': a "
                   "child pack gives only values (and by_region, source, note), not type and label "
                   "[parameter_redeclared]",
                   "policies/cn-530100/params.yaml:3:14: parameter 'avg_wage' is declared in pack 'cn', so 'renewal' "
                   "belongs there: a child pack gives only values (and by_region, source, note) [override_restates]",
                   "policies/cn-530100/params.yaml:5:3: parameter 'avg_wgae' is not declared by an ancestor pack: a "
                   "new parameter needs its type and label; for an existing one, check the spelling "
                   "[undeclared_parameter]",
                   "policies/cn-530900/params.yaml:3:12: parameter 'avg_wage' is declared in pack 'cn', so 'label' "
                   "belongs there: a child pack gives only values (and by_region, source, note) [override_restates]"}));
}

TEST(PolicyParameters, SiblingPacksMayEachDeclareANewParameter) {
  auto t = fixture::yunnan_tree();
  const std::string decl =
      "parameters:\n"
      "  min_wage_class:\n"
      "    type: number\n"
      "    label: {zh: 类别, en: class}\n"
      "    values: {}\n";
  t.put("cn-530100", "params.yaml", decl).put("cn-530900", "params.yaml", decl);
  EXPECT_EQ(diagnose(t), Lines{});
}

// ---- units and the texts a worker reads (lint_texts.cpp) ------------------------------------

const char* kRateAndWage =
    "parameters:\n"
    "  rate:\n"
    "    type: number\n"
    "    unit: ratio\n"
    "    label: {zh: 费率, en: rate}\n"
    "    source: {document: law}\n"
    "    values:\n"
    "      2020-01-01: {value: 0.2, verified: false}\n"
    "  wage:\n"
    "    type: money\n"
    "    label: {zh: 平均工资, en: average wage}\n"
    "    values: {}\n";

// The pension.employee rules of the national pack: `rule` (indented 6) before the fallback.
PackTree with_pension_rule(const std::string& rule) {
  auto t = fixture::national_tree();
  t.put("cn", "params.yaml", kRateAndWage);
  t.put("cn", "schemes.yaml",
        fixture::national_schemes(
            {{"pension.employee",
              rule + "      - {id: fallback, then: {status: not_available}, because: {zh: 无, en: none}, cite: "
                     "[{document: law}]}\n"}}));
  return t;
}

TEST(PolicyTextLint, AHardCodedFigureAndAnUnknownValueAreRefused) {
  auto t = with_pension_rule(
      "      - id: flexible\n"
      "        when: work.relationship == platform_managed\n"
      "        then: {status: eligible, contribution: {base: param.wage, rate: {personal: param.rate, employer: 0}}}\n"
      "        because: {zh: \"费率20%，基数{param.wage}元。\", en: \"The rate is 20%, the base {param.wage} yuan.\"}\n"
      "        cite: [{document: law}]\n");
  CompileResult r = t.compile();
  ASSERT_EQ(r.diagnostics.items.size(), 4u) << testing::PrintToString(fixture::messages(r));
  EXPECT_EQ(fixture::messages(r),
            (Lines{"policies/cn/schemes.yaml:8:26: the text hard-codes '20', a value of parameter 'rate': write "
                   "{param.rate} so that the text follows the parameter [hard_coded_figure]",
                   "policies/cn/schemes.yaml:8:32: {param.wage} may be unknown where the text is shown and would "
                   "print \"unknown\": write if(known(...), ..., ...) or default(..., ...), or require known(...) "
                   "in 'when' [unknown_in_text]",
                   "policies/cn/schemes.yaml:8:66: the text hard-codes '20', a value of parameter 'rate': write "
                   "{param.rate} so that the text follows the parameter [hard_coded_figure]",
                   "policies/cn/schemes.yaml:8:80: {param.wage} may be unknown where the text is shown and would "
                   "print \"unknown\": write if(known(...), ..., ...) or default(..., ...), or require known(...) "
                   "in 'when' [unknown_in_text]"}));
  // In Chinese (the default of `policies lint`), with the line and a caret under the figure.
  EXPECT_EQ(r.diagnostics.items[0].render(Lang::kZh),
            "policies/cn/schemes.yaml:8:26: 文本写死了参数「rate」的数值「20」：请改写为 {param.rate}，参数改动时文本随之改动 "
            "[hard_coded_figure]\n"
            "    8 |         because: {zh: \"费率20%，基数{param.wage}元。\", en: \"The rate is 20%, the base {param.wage} "
            "yuan.\"}\n"
            "      |                            ^\n");
}

TEST(PolicyTextLint, SilentWhereTheTextInterpolatesAndGuards) {
  auto t = with_pension_rule(
      "      - id: flexible\n"
      "        when: work.relationship == platform_managed\n"
      "        then: {status: eligible, contribution: {base: param.wage, rate: {personal: param.rate, employer: 0}}}\n"
      "        because: {zh: \"费率{param.rate}，共15年。{if(known(param.wage), '有平均工资。', '')}"
      "{default(param.wage, 0)}\", en: \"The rate is {param.rate}.\"}\n"
      "        cite: [{document: law}]\n"
      "      - id: known-wage\n"
      "        when: known(param.wage) and work.monthly_income < param.wage\n"
      "        then: {status: eligible}\n"
      "        because: {zh: \"基数{param.wage}元，收入{work.monthly_income}元。\", en: \"Base {param.wage} yuan.\"}\n"
      "        cite: [{document: law}]\n");
  EXPECT_EQ(diagnose(t), Lines{});
}

TEST(PolicyTextLint, ParameterUnitsAreDeclaredOnceAndShownInWarnings) {
  auto t = fixture::national_tree();
  t.put("cn", "params.yaml", kRateAndWage);
  CompileResult r = t.compile();
  ASSERT_NE(r.set, nullptr) << testing::PrintToString(fixture::messages(r));
  const auto& version = r.set->packs[0].params.at(r.set->param_index.at("rate")).values[0];
  EXPECT_EQ(version.unverified_text.zh, "「费率」（20%）：该数字尚未与官方文件核对，以当地经办机构公布为准。");
  EXPECT_EQ(version.unverified_text.en.substr(0, 12), "rate (20%): ");

  auto bad = fixture::national_tree();
  bad.put("cn", "params.yaml",
          "parameters:\n"
          "  age_limit:\n"
          "    type: money\n"
          "    unit: age\n"
          "    label: {zh: 年龄, en: age}\n"
          "    values: {}\n");
  EXPECT_EQ(diagnose(bad), Lines{"policies/cn/params.yaml:4:11: unit 'age' does not fit a parameter of type money "
                                 "(number: ratio; months: age, duration or months) [invalid_unit]"});
}

TEST(PolicyTextLint, SiblingsDeclaringOneParameterAgreeOnItsUnit) {
  auto t = fixture::yunnan_tree();
  const std::string decl =
      "parameters:\n"
      "  share:\n"
      "    type: number\n"
      "    label: {zh: 比例, en: share}\n"
      "    values: {}\n";
  t.put("cn-530100", "params.yaml", decl)
      .put("cn-530900", "params.yaml",
           "parameters:\n"
           "  share:\n"
           "    type: number\n"
           "    unit: ratio\n"
           "    label: {zh: 比例, en: share}\n"
           "    values: {}\n");
  EXPECT_EQ(diagnose(t), Lines{"policies/cn-530900/params.yaml:3:11: parameter 'share' is number (ratio) here but "
                               "number in pack 'cn-530100' [type_mismatch]"});
}

// ---- messages in Chinese, with the source line and a caret --------------------------------

TEST(PolicyDiagnostics, ChineseByDefaultWithACaret) {
  auto t = fixture::national_tree();
  t.put("cn", "params.yaml",
        "parameters:\n"
        "  rate:\n"
        "    type: number\n"
        "    label: {zh: 费率, en: rate}\n"
        "    valeus: {}\n");
  CompileResult r = t.compile();
  ASSERT_EQ(r.diagnostics.items.size(), 2u);
  const Diagnostic& d = r.diagnostics.items[0];
  EXPECT_EQ(d.code, "missing_key");
  EXPECT_EQ(d.render(Lang::kZh),
            "policies/cn/params.yaml:3:5: 参数「rate」缺少 values（尚无数值时写 values: {}） [missing_key]\n"
            "    3 |     type: number\n"
            "      |     ^\n");
  EXPECT_EQ(r.diagnostics.items[1].render(Lang::kZh),
            "policies/cn/params.yaml:5:5: 参数「rate」中的键「valeus」未知（允许：type, label, renewal, unit, source, "
            "values, by_region, note） [unknown_key]\n"
            "    5 |     valeus: {}\n"
            "      |     ^\n");
  EXPECT_EQ(r.diagnostics.items[1].to_string(Lang::kEn),
            "policies/cn/params.yaml:5:5: unknown key 'valeus' in parameter 'rate' (allowed: type, label, renewal, "
            "unit, source, values, by_region, note) [unknown_key]");
}

}  // namespace shebao

namespace shebao {
namespace {

// add_citations (SCHEMA.md "Citations by jurisdiction"): every problem is reported at load, with
// its position, and a valid list gives each target the added citations first.
TEST(PolicyDiagnostics, AddedCitationsAreChecked) {
  PackTree t = fixture::yunnan_tree();
  t.put("cn-530000", "citations.yaml",
        "add_citations:\n"
        "  - {to: cn/pension.employee/nope, cite: [{document: yn-40}]}\n"
        "  - {to: cn/pension.employee/fallback, cite: [{document: yn-40}]}\n"
        "  - {to: cn/pension.employee/fallback, cite: [{document: yn-40, article: （九）}]}\n"
        "  - {to: cn/relationships/employee, cite: [{document: law, article: 第十条}]}\n"
        "  - {to: cn/relationships/rider, cite: [{document: yn-40}]}\n"
        "  - {to: cn/transfers/none, cite: [{document: yn-99}]}\n");
  t.put("cn", "citations.yaml", "add_citations:\n  - {to: cn/unemployment/fallback, cite: [{document: law}]}\n");
  t.put("cn-530900", "citations.yaml", "add_citations:\n  - {to: cn-530100/pension.employee/r, cite: [{document: yn-40}]}\n");
  EXPECT_EQ(diagnose(t),
            (Lines{"policies/cn-530000/citations.yaml:2:10: add_citations to 'cn/pension.employee/nope', which is not a "
                   "rule, transfer or relationship of an ancestor pack (<pack>/<scheme>/<rule>, <pack>/transfers/<id>, "
                   "cn/relationships/<relationship>) [unknown_target]",
                   "policies/cn-530000/citations.yaml:4:10: citations are added to 'cn/pension.employee/fallback' twice "
                   "in this pack: give them in one entry [duplicate_target]",
                   "policies/cn-530000/citations.yaml:5:10: 'cn/relationships/employee' cites 《社会保险法》第十条 already "
                   "[duplicate_citation]",
                   "policies/cn-530000/citations.yaml:6:10: add_citations to 'cn/relationships/rider', which is not a "
                   "rule, transfer or relationship of an ancestor pack (<pack>/<scheme>/<rule>, <pack>/transfers/<id>, "
                   "cn/relationships/<relationship>) [unknown_target]",
                   "policies/cn-530000/citations.yaml:7:47: document 'yn-99' is not declared in pack.yaml of this pack or an "
                   "ancestor [unknown_document]",
                   "policies/cn-530900/citations.yaml:2:10: add_citations to 'cn-530100/pension.employee/r', which is "
                   "not a rule, transfer or relationship of an ancestor pack (<pack>/<scheme>/<rule>, "
                   "<pack>/transfers/<id>, cn/relationships/<relationship>) [unknown_target]",
                   "policies/cn/citations.yaml:2:3: the national pack has no parent: add_citations is not allowed (its "
                   "items cite national documents directly) [add_citations]"}));
}

TEST(PolicyCompiler, AddedCitationsComeFirstAndNest) {
  PackTree t = fixture::yunnan_tree();
  t.put("cn-530100", "pack.yaml",
        std::string(fixture::kKunmingPack) +
            "documents:\n  km-1: {number: 昆人社1号, title: {zh: 昆明通知, en: Kunming notice}}\n");
  t.put("cn-530000", "citations.yaml",
        "add_citations:\n  - {to: cn/relationships/employee, cite: [{document: yn-40, article: （一）}]}\n");
  t.put("cn-530100", "citations.yaml",
        "add_citations:\n  - {to: cn/relationships/employee, cite: [{document: km-1}]}\n");
  CompileResult r = t.compile();
  ASSERT_EQ(fixture::messages(r), Lines{});
  const auto& rel = r.set->relationships[0];
  ASSERT_EQ(rel.local_cite.size(), 2u);
  const auto docs = [](Citations c) {
    std::vector<std::string> out;
    for (const auto& x : c) out.push_back(x.document + x.article);
    return out;
  };
  using V = std::vector<std::string>;
  EXPECT_EQ(docs(internal::citations_for(rel.cite, rel.local_cite, *Region::parse("440305"))), (V{"《社会保险法》第十条"}));
  EXPECT_EQ(docs(internal::citations_for(rel.cite, rel.local_cite, *Region::parse("530902"))),
            (V{"云人社发〔2021〕40号（一）", "《社会保险法》第十条"}));
  EXPECT_EQ(docs(internal::citations_for(rel.cite, rel.local_cite, *Region::parse("530102"))),
            (V{"昆人社1号", "云人社发〔2021〕40号（一）", "《社会保险法》第十条"}));
}


// `policies show` and GET /v1/policies list a rule's own citations and, apart, those descendant
// packs add to it (add_citations), each with the pack and where they apply; the rule's own list
// is not changed by them.
TEST(PolicyCompiler, DescribedRulesShowAddedCitations) {
  PackTree t = fixture::yunnan_tree();
  t.put("cn-530100", "pack.yaml",
        std::string(fixture::kKunmingPack) +
            "documents:\n  km-1: {number: 昆人社1号, title: {zh: 昆明通知, en: Kunming notice}}\n");
  t.put("cn-530000", "citations.yaml",
        "add_citations:\n  - {to: cn/pension.employee/fallback, cite: [{document: yn-40, article: （九）}]}\n");
  t.put("cn-530100", "citations.yaml", "add_citations:\n  - {to: cn/pension.employee/fallback, cite: [{document: km-1}]}\n");
  CompileResult r = t.compile();
  ASSERT_EQ(fixture::messages(r), Lines{});
  for (const PackView& p : describe_policies(*r.set)) {
    const RuleView* rule = nullptr;
    for (const RuleView& rv : p.schemes[0].rules)
      if (rv.id == "cn/pension.employee/fallback") rule = &rv;
    ASSERT_NE(rule, nullptr) << p.id;
    EXPECT_EQ(rule->citations, Lines{"《社会保险法》"}) << p.id;
    ASSERT_EQ(rule->added_citations.size(), 2u) << p.id;
    const AddedCitationsView& yn = rule->added_citations[0];
    EXPECT_EQ(yn.pack, "cn-530000");
    EXPECT_EQ(yn.jurisdiction, "530000");
    EXPECT_EQ(yn.jurisdiction_name.zh, "云南省");
    EXPECT_EQ(yn.citations, Lines{"云人社发〔2021〕40号（九）"});
    const AddedCitationsView& km = rule->added_citations[1];
    EXPECT_EQ(km.pack, "cn-530100");
    EXPECT_EQ(km.jurisdiction, "530100");
    EXPECT_EQ(km.citations, Lines{"昆人社1号"});  // its own addition, not the list it builds on
  }
}

}  // namespace
}  // namespace shebao
