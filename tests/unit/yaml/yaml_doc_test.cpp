#include "shebao/yaml/yaml_doc.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include <unistd.h>

namespace shebao {
namespace {

using Kind = DocNode::Kind;
using Style = DocNode::Style;

// The tree of a document that must parse cleanly.
DocNode parse_ok(std::string_view text, const DocLimits& limits = {}) {
  DocParse r = parse_yaml(text, limits);
  for (const auto& e : r.errors)
    ADD_FAILURE() << e.pos.line << ":" << e.pos.column << " [" << e.code << "] " << e.message;
  EXPECT_TRUE(r.ok());
  return r.root ? std::move(*r.root) : DocNode{};
}

// The errors of a document that must fail (no tree).
std::vector<DocError> parse_bad(std::string_view text, const DocLimits& limits = {}) {
  DocParse r = parse_yaml(text, limits);
  EXPECT_FALSE(r.root.has_value());
  EXPECT_FALSE(r.errors.empty());
  return r.errors;
}

std::string where(SourcePos p) { return std::to_string(p.line) + ":" + std::to_string(p.column); }

TEST(YamlDoc, NestedPositionsAreOneBased) {
  const DocNode root = parse_ok(
      "scheme:\n"
      "  id: pension\n"
      "  rules:\n"
      "    - when: age >= 16\n"
      "      then: {status: eligible, cite: [a, b]}\n");
  ASSERT_TRUE(root.is_mapping());
  EXPECT_EQ(where(root.pos), "1:1");
  ASSERT_EQ(root.entries.size(), 1u);
  EXPECT_EQ(root.entries[0].key, "scheme");
  EXPECT_EQ(where(root.entries[0].key_pos), "1:1");
  const DocNode& scheme = root.entries[0].value;
  EXPECT_EQ(where(scheme.pos), "2:3");
  EXPECT_EQ(where(scheme.entries[0].key_pos), "2:3");
  EXPECT_EQ(where(scheme.entries[0].value.pos), "2:7");
  EXPECT_EQ(scheme.entries[0].value.text, "pension");
  EXPECT_EQ(where(scheme.entries[1].key_pos), "3:3");
  const DocNode& rules = scheme.entries[1].value;
  ASSERT_TRUE(rules.is_sequence());
  EXPECT_EQ(where(rules.pos), "4:5");
  const DocNode& rule = rules.items.at(0);
  EXPECT_EQ(where(rule.pos), "4:7");
  EXPECT_EQ(where(rule.entries.at(0).key_pos), "4:7");
  EXPECT_EQ(rule.entries[0].value.text, "age >= 16");
  EXPECT_EQ(where(rule.entries[0].value.pos), "4:13");
  EXPECT_EQ(where(rule.entries.at(1).key_pos), "5:7");
  const DocNode& then = rule.entries[1].value;
  EXPECT_EQ(where(then.pos), "5:13");
  EXPECT_EQ(where(then.entries.at(0).key_pos), "5:14");
  EXPECT_EQ(where(then.entries[0].value.pos), "5:22");
  const DocNode& cite = *then.find("cite");
  EXPECT_EQ(where(cite.pos), "5:38");
  EXPECT_EQ(where(cite.items.at(1).pos), "5:42");
  EXPECT_EQ(then.find("missing"), nullptr);
}

TEST(YamlDoc, ColumnsCountCharactersNotBytes) {
  const DocNode root = parse_ok("label: {zh: 全口径, en: average}\n中文: 值\n");
  const DocNode& label = *root.find("label");
  EXPECT_EQ(where(label.entries.at(1).key_pos), "1:18");
  EXPECT_EQ(where(label.entries[1].value.pos), "1:22");
  EXPECT_EQ(where(root.entries.at(1).key_pos), "2:1");
  EXPECT_EQ(where(root.entries[1].value.pos), "2:5");
  EXPECT_EQ(root.entries[1].value.text, "值");
}

TEST(YamlDoc, CrLfLineEnds) {
  const DocNode root = parse_ok("a: 1\r\nb:\r\n  c: \"x\"\r\n");
  EXPECT_EQ(where(root.entries.at(1).key_pos), "2:1");
  EXPECT_EQ(where(root.entries[1].value.entries.at(0).value.pos), "3:6");
  EXPECT_EQ(root.entries[1].value.entries[0].value.text, "x");
}

TEST(YamlDoc, PlainAndQuotedStyles) {
  const DocNode root = parse_ok(
      "plain: 530902\n"
      "double: \"530902\"\n"
      "single: '530902'\n"
      "literal: |\n"
      "  line\n"
      "folded: >\n"
      "  a\n"
      "  b\n"
      "bang: ! 530902\n"
      "word: true\n"
      "ratio: 0.6\n");
  auto check = [&](std::string_view key, Style style, std::string_view text) {
    const DocNode* n = root.find(key);
    ASSERT_NE(n, nullptr) << key;
    EXPECT_EQ(n->kind, Kind::kScalar) << key;
    EXPECT_EQ(n->style, style) << key;
    EXPECT_EQ(n->text, text) << key;
  };
  check("plain", Style::kPlain, "530902");
  check("double", Style::kQuoted, "530902");
  check("single", Style::kQuoted, "530902");
  check("literal", Style::kQuoted, "line\n");
  check("folded", Style::kQuoted, "a b\n");
  check("bang", Style::kQuoted, "530902");
  check("word", Style::kPlain, "true");
  check("ratio", Style::kPlain, "0.6");
}

TEST(YamlDoc, NullForms) {
  const DocNode root = parse_ok(
      "tilde: ~\n"
      "word: null\n"
      "title: Null\n"
      "upper: NULL\n"
      "empty:\n"
      "quoted: \"null\"\n"
      "flow: {x: , y: ~}\n"
      "list: [~, null]\n");
  for (std::string_view key : {"tilde", "word", "title", "upper", "empty"}) {
    const DocNode* n = root.find(key);
    ASSERT_NE(n, nullptr) << key;
    EXPECT_TRUE(n->is_null()) << key;
  }
  EXPECT_EQ(where(root.find("tilde")->pos), "1:8");
  EXPECT_EQ(where(root.find("word")->pos), "2:7");
  // An empty value takes its key's position, not the next line's.
  EXPECT_EQ(where(root.find("empty")->pos), "5:1");
  const DocNode* quoted = root.find("quoted");
  EXPECT_TRUE(quoted->is_scalar());
  EXPECT_EQ(quoted->style, Style::kQuoted);
  EXPECT_EQ(quoted->text, "null");
  EXPECT_TRUE(root.find("flow")->find("x")->is_null());
  EXPECT_EQ(where(root.find("flow")->find("x")->pos), "7:8");
  EXPECT_TRUE(root.find("flow")->find("y")->is_null());
  EXPECT_EQ(where(root.find("flow")->find("y")->pos), "7:16");
  ASSERT_EQ(root.find("list")->items.size(), 2u);
  EXPECT_TRUE(root.find("list")->items[0].is_null());
  EXPECT_TRUE(root.find("list")->items[1].is_null());
}

TEST(YamlDoc, EmptyDocumentIsNullRoot) {
  for (std::string_view text : {"", "# only a comment\n", "---\n", "\n\n", "\xEF\xBB\xBF"}) {
    const DocNode root = parse_ok(text);
    EXPECT_TRUE(root.is_null()) << text;
    EXPECT_EQ(where(root.pos), "1:1") << text;
  }
}

TEST(YamlDoc, ScalarRoot) {
  const DocNode root = parse_ok("--- hello\n...\n");
  EXPECT_EQ(root.kind, Kind::kScalar);
  EXPECT_EQ(root.text, "hello");
}

TEST(YamlDoc, DuplicateKeysAllReported) {
  const auto errors = parse_bad(
      "a: 1\n"
      "b:\n"
      "  x: 1\n"
      "  x: 2\n"
      "  y: [1, {p: 1, p: 2}]\n"
      "a: 3\n"
      "\"b\": 4\n");
  ASSERT_EQ(errors.size(), 4u);
  EXPECT_EQ(errors[0].code, "duplicate_key");
  EXPECT_EQ(where(errors[0].pos), "4:3");
  EXPECT_NE(errors[0].message.find("'x'"), std::string::npos) << errors[0].message;
  EXPECT_NE(errors[0].message.find("3:3"), std::string::npos) << errors[0].message;
  EXPECT_EQ(where(errors[1].pos), "5:17");
  EXPECT_EQ(where(errors[2].pos), "6:1");
  EXPECT_EQ(where(errors[3].pos), "7:1");  // quoting does not make a key different
  for (const auto& e : errors) EXPECT_EQ(e.code, "duplicate_key");
}

TEST(YamlDoc, SameKeyInDifferentMappingsIsFine) {
  const DocNode root = parse_ok("a: {id: 1}\nb: {id: 2}\nc: [{id: 3}, {id: 4}]\n");
  EXPECT_EQ(root.find("c")->items.at(1).find("id")->text, "4");
}

TEST(YamlDoc, NonScalarKeys) {
  auto errors = parse_bad("? [a, b]\n: 1\n");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].code, "non_scalar_key");
  EXPECT_EQ(where(errors[0].pos), "1:3");
  errors = parse_bad("{? {a: 1} : x, ok: 1}\n");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].code, "non_scalar_key");
  errors = parse_bad("~: 1\n");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].code, "non_scalar_key");
}

TEST(YamlDoc, MergeKeysRejected) {
  const auto errors = parse_bad("base: &b {x: 1}\nderived:\n  <<: *b\n  y: 2\n");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].code, "merge_key");
  EXPECT_EQ(where(errors[0].pos), "3:3");
  // Quoted, it is an ordinary key.
  EXPECT_EQ(parse_ok("\"<<\": 1\n").entries.at(0).key, "<<");
}

TEST(YamlDoc, ExplicitTagsRejected) {
  auto errors = parse_bad("a: !!str 530902\nb: !!int 5\nc: !!map {x: 1}\n");
  ASSERT_EQ(errors.size(), 3u);
  for (const auto& e : errors) EXPECT_EQ(e.code, "unsupported_tag");
  EXPECT_EQ(where(errors[0].pos), "1:4");
  EXPECT_NE(errors[0].message.find("'!!str'"), std::string::npos) << errors[0].message;
  EXPECT_EQ(where(errors[2].pos), "3:4");
}

TEST(YamlDoc, AliasesExpand) {
  const DocNode root = parse_ok(
      "base: &src\n"
      "  rate: \"0.08\"\n"
      "  list: [1, 2]\n"
      "copy: *src\n"
      "again: [*src, *src]\n"
      "word: &w hello\n"
      "words: [*w, *w]\n");
  const DocNode& copy = *root.find("copy");
  ASSERT_TRUE(copy.is_mapping());
  EXPECT_EQ(where(copy.pos), "4:7");  // the alias's position
  EXPECT_EQ(copy.find("rate")->text, "0.08");
  EXPECT_EQ(copy.find("rate")->style, Style::kQuoted);
  EXPECT_EQ(where(copy.find("rate")->pos), "2:9");  // inside: the anchored text's
  EXPECT_EQ(copy.find("list")->items.size(), 2u);
  EXPECT_EQ(root.find("again")->items.size(), 2u);
  EXPECT_EQ(root.find("again")->items[1].find("list")->items[1].text, "2");
  EXPECT_EQ(root.find("words")->items.at(1).text, "hello");
  EXPECT_EQ(where(root.find("words")->items[1].pos), "7:13");
}

TEST(YamlDoc, RedefinedAnchorUsesLatest) {
  const DocNode root = parse_ok("a: &x 1\nb: &x 2\nc: *x\n");
  EXPECT_EQ(root.find("c")->text, "2");
}

TEST(YamlDoc, UndefinedAndRecursiveAliases) {
  auto errors = parse_bad("a: *nowhere\n");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].code, "yaml_syntax");
  errors = parse_bad("a: &x [1, *x]\n");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].code, "recursive_alias");
  EXPECT_EQ(where(errors[0].pos), "1:11");
}

TEST(YamlDoc, DuplicateKeysInsideAnchoredNodeReportedOnce) {
  const auto errors = parse_bad("a: &x {k: 1, k: 2}\nb: *x\nc: *x\n");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].code, "duplicate_key");
}

std::string alias_bomb(int levels) {
  std::string text = "l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n";
  for (int i = 1; i < levels; ++i) {
    const std::string prev = "*l" + std::to_string(i - 1);
    text += "l" + std::to_string(i) + ": &l" + std::to_string(i) + " [";
    for (int k = 0; k < 10; ++k) text += (k ? ", " : "") + prev;
    text += "]\n";
  }
  return text;
}

// 10^9 scalars if expanded: refused by the node count before anything is copied (the ctest
// timeout bounds the time; no timed assertion here).
TEST(YamlDoc, AliasBombIsRefused) {
  const std::string bomb = alias_bomb(9);
  const auto errors = parse_bad(bomb);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].code, "too_large");
}

TEST(YamlDoc, AliasBombAgainstSmallLimit) {
  DocLimits limits;
  limits.max_nodes = 500;
  const auto errors = parse_bad(alias_bomb(4), limits);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].code, "too_large");
  EXPECT_EQ(errors[0].pos.line, 3u);  // while expanding l2
  // A small bomb within the limit expands fully.
  limits.max_nodes = 10'000;
  const DocNode root = parse_ok(alias_bomb(3), limits);
  EXPECT_EQ(root.find("l2")->items.at(9).items.at(9).items.at(9).text, "lol");
}

TEST(YamlDoc, NodeLimit) {
  DocLimits limits;
  limits.max_nodes = 7;  // root + 3 keys + 3 values
  parse_ok("a: 1\nb: 2\nc: 3\n", limits);
  const auto errors = parse_bad("a: 1\nb: 2\nc: 3\nd: 4\n", limits);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].code, "too_large");
  EXPECT_EQ(where(errors[0].pos), "4:1");
}

TEST(YamlDoc, DepthLimit) {
  DocLimits limits;
  limits.max_depth = 3;
  parse_ok("a: {b: [1]}\n", limits);
  auto errors = parse_bad("a: {b: [[1]]}\n", limits);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].code, "too_deep");
  EXPECT_EQ(where(errors[0].pos), "1:9");
  // Through an alias as well.
  errors = parse_bad("a: &x [[1]]\nb: *x\nc: [*x]\n", limits);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].code, "too_deep");
  EXPECT_EQ(where(errors[0].pos), "3:5");
}

TEST(YamlDoc, DeepNestingWithDefaultLimitFailsCleanly) {
  const std::string deep = std::string(100'000, '[') + std::string(100'000, ']');
  const auto errors = parse_bad(deep);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].code, "too_deep");
  EXPECT_EQ(where(errors[0].pos), "1:129");
  std::string block;
  for (int i = 0; i < 200; ++i) block += std::string(static_cast<std::size_t>(i) * 2, ' ') + "k:\n";
  EXPECT_EQ(parse_bad(block).at(0).code, "too_deep");
}

TEST(YamlDoc, ByteLimit) {
  DocLimits limits;
  limits.max_bytes = 8;
  parse_ok("a: 12345", limits);
  const auto errors = parse_bad("a: 123456", limits);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].code, "too_large");
}

TEST(YamlDoc, ByteOrderMarkAccepted) {
  const DocNode root = parse_ok(
      "\xEF\xBB\xBF"
      "a: 1\nb: x\n");
  EXPECT_EQ(root.find("a")->text, "1");
  EXPECT_EQ(root.entries.at(0).key, "a");
  EXPECT_EQ(where(root.entries[0].key_pos), "1:1");
  EXPECT_EQ(where(root.find("b")->pos), "2:4");
}

TEST(YamlDoc, InvalidUtf8) {
  auto errors = parse_bad("a: ok\nb: \"caf\xE9\"\nc: \xC0\xAF\n");
  ASSERT_EQ(errors.size(), 3u);
  EXPECT_EQ(errors[0].code, "invalid_utf8");
  EXPECT_EQ(where(errors[0].pos), "2:8");
  EXPECT_NE(errors[0].message.find("0xE9"), std::string::npos) << errors[0].message;
  EXPECT_EQ(where(errors[1].pos), "3:4");  // overlong encoding of '/'
  EXPECT_EQ(where(errors[2].pos), "3:5");
  // A surrogate encoded directly, and a sequence cut short at the end.
  EXPECT_EQ(parse_bad("a: \xED\xA0\x80\n").at(0).code, "invalid_utf8");
  EXPECT_EQ(parse_bad("a: \xE4\xB8").at(0).code, "invalid_utf8");
  // After valid Chinese text, the column counts characters.
  errors = parse_bad("中文: \xFF\n");
  EXPECT_EQ(where(errors.at(0).pos), "1:5");
}

TEST(YamlDoc, ControlCharactersRejected) {
  const auto errors = parse_bad(std::string("a: x\0y\nb: \x07\n", 12));
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[0].code, "invalid_character");
  EXPECT_EQ(where(errors[0].pos), "1:5");
  EXPECT_EQ(where(errors[1].pos), "2:4");
  // Tabs are fine inside values; escapes may still produce any character.
  EXPECT_EQ(parse_ok("a: \"x\\ty\"\nb: \"\\0\"\n").find("b")->text, std::string(1, '\0'));
}

TEST(YamlDoc, TooManyErrorsStops) {
  DocLimits limits;
  limits.max_errors = 3;
  std::string text = "k: 1\n";
  for (int i = 0; i < 10; ++i) text += "k: 1\n";
  const auto errors = parse_bad(text, limits);
  ASSERT_EQ(errors.size(), 4u);
  EXPECT_EQ(errors[2].code, "duplicate_key");
  EXPECT_EQ(errors[3].code, "too_many_errors");
}

TEST(YamlDoc, SyntaxErrorsHavePositions) {
  auto errors = parse_bad("a: [1, 2\nb: 3\n");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].code, "yaml_syntax");
  EXPECT_EQ(errors[0].message, "end of sequence flow not found");
  EXPECT_EQ(errors[0].message_zh, "YAML 格式错误：方括号 [ 没有对应的 ]");
  EXPECT_EQ(where(errors[0].pos), "2:2");
  errors = parse_bad("a: b: c\n");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].code, "yaml_syntax");
  EXPECT_EQ(where(errors[0].pos), "1:5");
  errors = parse_bad("ok: 1\nbad: @x\n");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(where(errors[0].pos), "2:6");
}

// yaml-cpp itself takes an unclosed quote as running to the end of the file.
TEST(YamlDoc, UnclosedQuotesRejected) {
  for (std::string_view text : {"中文: \"未结束\nb: 1\n", "中文: '未结束\nb: 1\n",
                                "中文: &a \"x\\\"\n", "中文: ! 'it''s\n"}) {
    const auto errors = parse_bad(text);
    ASSERT_EQ(errors.size(), 1u) << text;
    EXPECT_EQ(errors[0].code, "yaml_syntax") << text;
    EXPECT_EQ(where(errors[0].pos), "1:5") << text;
  }
  const DocNode root = parse_ok("a: 'it''s'\nb: \"say \\\"hi\\\"\"\nc: &x \"q\"\nd: *x\n");
  EXPECT_EQ(root.find("a")->text, "it's");
  EXPECT_EQ(root.find("b")->text, "say \"hi\"");
  EXPECT_EQ(root.find("d")->text, "q");
}

TEST(YamlDoc, MultipleDocuments) {
  auto errors = parse_bad("a: 1\n---\nb: 2\n");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].code, "multiple_documents");
  EXPECT_EQ(where(errors[0].pos), "2:1");
  errors = parse_bad("--- 1\n...\n--- 2\n");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].code, "multiple_documents");
  EXPECT_EQ(where(errors[0].pos), "3:1");
  // One document with an explicit start and end is fine.
  EXPECT_EQ(parse_ok("%YAML 1.2\n---\na: 1\n...\n").find("a")->text, "1");
}

TEST(YamlDoc, HostileInputsNeverThrow) {
  for (std::string_view text :
       {"[", "]", "{", "}", "a: [}", "&a", "*", "? ", "- - - -", ": :", "!<>", "%TAG", "\"\\", "'",
        "|\n x\n y", "a:\n\tb: 1", "- a\n-b: c\n  - d"}) {
    DocParse r;
    EXPECT_NO_THROW(r = parse_yaml(text)) << text;
    EXPECT_EQ(r.root.has_value(), r.errors.empty()) << text;
  }
}

TEST(YamlDoc, LoadFile) {
  const auto dir = std::filesystem::temp_directory_path();
  const auto path = dir / ("shebao_yaml_doc_test_" + std::to_string(::getpid()) + ".yaml");
  {
    std::ofstream out(path, std::ios::binary);
    out << "pack:\n  id: cn-530900\n";
  }
  DocParse r = load_yaml_file(path.string());
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.root->find("pack")->find("id")->text, "cn-530900");
  EXPECT_EQ(where(r.root->find("pack")->find("id")->pos), "2:7");
  std::filesystem::remove(path);

  r = load_yaml_file(path.string());
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_FALSE(r.root.has_value());
  EXPECT_EQ(r.errors[0].code, "io");
  EXPECT_NE(r.errors[0].message.find(path.string()), std::string::npos);

  r = load_yaml_file(dir.string());
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].code, "io");
}

TEST(YamlDoc, LoadFileOverByteLimit) {
  const auto path = std::filesystem::temp_directory_path() /
                    ("shebao_yaml_doc_big_" + std::to_string(::getpid()) + ".yaml");
  {
    std::ofstream out(path, std::ios::binary);
    out << "a: " << std::string(200'000, 'x') << "\n";
  }
  DocLimits limits;
  limits.max_bytes = 1000;
  const DocParse r = load_yaml_file(path.string(), limits);
  std::filesystem::remove(path);
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].code, "too_large");
}

// Every error has a Chinese message of its own, without yaml-cpp's English inside it.
TEST(YamlDoc, MessagesInChineseHaveNoEnglish) {
  for (std::string_view text :
       {"a: [1, 2\nb: 3\n", "a: b: c\n", "ok: 1\nbad: @x\n", "a: {b: 1\n", "a:\n\t- 1\n", "a: \"x\\q\"\n",
        "a: *nowhere\n", "a: 1\na: 2\n", "<<: {a: 1}\n", "? [a]\n: 1\n", "a: !!str x\n", "a: 1\n---\nb: 2\n",
        "a: \"open\n", "a: &x [*x]\n", "a: \x01\n", "a: caf\xE9\n", "[[[[[[[[[[[[1]]]]]]]]]]]]\n", "- a\nb: 1\n",
        "a: 1\n - b\n", "a: |0\n  x\n", "&a &b x\n"}) {
    DocLimits limits;
    limits.max_depth = 8;
    for (const DocError& e : parse_yaml(text, limits).errors) {
      EXPECT_FALSE(e.message_zh.empty()) << text << ": " << e.message;
      bool english = false;
      std::string word;
      std::string text_only = e.message_zh;  // what the author wrote is quoted “…”: not the message's words
      for (std::size_t open = text_only.find("“"); open != std::string::npos; open = text_only.find("“")) {
        const std::size_t close = text_only.find("”", open);
        text_only.erase(open, close == std::string::npos ? std::string::npos : close + 3 - open);
      }
      for (char c : text_only + " ") {
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
          word += c;
        } else {
          english = english || (word.size() >= 3 && word != "YAML" && word != "Tab" && word != "Unicode" &&
                                word != "UTF");
          word.clear();
        }
      }
      EXPECT_FALSE(english) << text << ": " << e.message_zh;
      EXPECT_EQ(e.message_zh.find(e.message), std::string::npos) << text << ": " << e.message_zh;
    }
  }
}

}  // namespace
}  // namespace shebao
