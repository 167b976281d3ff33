#include "shebao/json/json_doc.h"

#include <gtest/gtest.h>

#include <string>

namespace shebao {
namespace {

using Kind = DocNode::Kind;
using Style = DocNode::Style;

DocNode parse_ok(std::string_view text, const DocLimits& limits = {}) {
  DocParse r = parse_json(text, limits);
  for (const auto& e : r.errors)
    ADD_FAILURE() << e.pos.line << ":" << e.pos.column << " [" << e.code << "] " << e.message;
  EXPECT_TRUE(r.ok());
  return r.root ? std::move(*r.root) : DocNode{};
}

std::vector<DocError> parse_bad(std::string_view text, const DocLimits& limits = {}) {
  DocParse r = parse_json(text, limits);
  EXPECT_FALSE(r.root.has_value()) << text;
  EXPECT_FALSE(r.errors.empty()) << text;
  return r.errors;
}

// The single error of a bad text, as "code@line:column".
std::string one_error(std::string_view text, const DocLimits& limits = {}) {
  const auto errors = parse_bad(text, limits);
  if (errors.size() != 1) return "got " + std::to_string(errors.size()) + " errors";
  return errors[0].code + "@" + std::to_string(errors[0].pos.line) + ":" +
         std::to_string(errors[0].pos.column);
}

std::string where(SourcePos p) { return std::to_string(p.line) + ":" + std::to_string(p.column); }

TEST(JsonDoc, KindsAndStyles) {
  const DocNode root = parse_ok(
      R"({"region": "530902", "code": 530902, "ratio": 0.6, "big": 1e3, "neg": -0,
          "yes": true, "no": false, "none": null, "list": [1, "a", [], {}], "obj": {}})");
  ASSERT_TRUE(root.is_mapping());
  auto check = [&](std::string_view key, Kind kind, Style style, std::string_view text) {
    const DocNode* n = root.find(key);
    ASSERT_NE(n, nullptr) << key;
    EXPECT_EQ(n->kind, kind) << key;
    EXPECT_EQ(n->style, style) << key;
    EXPECT_EQ(n->text, text) << key;
  };
  check("region", Kind::kScalar, Style::kQuoted, "530902");
  check("code", Kind::kScalar, Style::kNumber, "530902");
  check("ratio", Kind::kScalar, Style::kNumber, "0.6");
  check("big", Kind::kScalar, Style::kNumber, "1e3");
  check("neg", Kind::kScalar, Style::kNumber, "-0");
  check("yes", Kind::kScalar, Style::kBool, "true");
  check("no", Kind::kScalar, Style::kBool, "false");
  check("none", Kind::kNull, Style::kPlain, "");
  const DocNode& list = *root.find("list");
  ASSERT_EQ(list.items.size(), 4u);
  EXPECT_TRUE(list.items[2].is_sequence());
  EXPECT_TRUE(list.items[2].items.empty());
  EXPECT_TRUE(list.items[3].is_mapping());
  EXPECT_TRUE(root.find("obj")->is_mapping());
  // Entries keep document order.
  EXPECT_EQ(root.entries.front().key, "region");
  EXPECT_EQ(root.entries.back().key, "obj");
}

TEST(JsonDoc, NumbersKeptAsWritten) {
  const DocNode root = parse_ok(
      "[123456789012345678901234567890, 18446744073709551616, -9223372036854775809, "
      "1.50, 1E-7, 2.5e+10, 1e400, 0.1000000000000000055511151231257827]");
  const std::vector<std::string> expected = {"123456789012345678901234567890",
                                             "18446744073709551616",
                                             "-9223372036854775809",
                                             "1.50",
                                             "1E-7",
                                             "2.5e+10",
                                             "1e400",
                                             "0.1000000000000000055511151231257827"};
  ASSERT_EQ(root.items.size(), expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(root.items[i].text, expected[i]);
    EXPECT_EQ(root.items[i].style, Style::kNumber);
  }
}

TEST(JsonDoc, ScalarRoots) {
  EXPECT_EQ(parse_ok("42").text, "42");
  EXPECT_EQ(parse_ok(" \"x\" \n").style, Style::kQuoted);
  EXPECT_TRUE(parse_ok("null").is_null());
  EXPECT_EQ(parse_ok("true").text, "true");
}

TEST(JsonDoc, StringsUnescaped) {
  const DocNode root = parse_ok(R"(["a\"b\\c\/d\n", "\u4e2d\u6587", "\ud83d\ude00", "中文"])");
  EXPECT_EQ(root.items.at(0).text, "a\"b\\c/d\n");
  EXPECT_EQ(root.items.at(1).text, "中文");
  EXPECT_EQ(root.items.at(2).text, "\xF0\x9F\x98\x80");
  EXPECT_EQ(root.items.at(3).text, "中文");
}

TEST(JsonDoc, Positions) {
  const DocNode root = parse_ok(
      "{\n"
      "  \"person\": {\"birth\": \"1990-05\", \"hukou\": {\"region\": \"530902\"}},\n"
      "  \"work\": [\n"
      "    {\"relationship\": \"platform_managed\", \"hours\": 20.5},\n"
      "    true, null\n"
      "  ]\n"
      "}\n");
  EXPECT_EQ(where(root.pos), "1:1");
  EXPECT_EQ(where(root.entries.at(0).key_pos), "2:3");
  const DocNode& person = root.entries[0].value;
  EXPECT_EQ(where(person.pos), "2:13");
  EXPECT_EQ(where(person.entries.at(0).key_pos), "2:14");
  EXPECT_EQ(where(person.entries[0].value.pos), "2:23");
  EXPECT_EQ(where(person.entries.at(1).key_pos), "2:34");
  const DocNode& hukou = person.entries[1].value;
  EXPECT_EQ(where(hukou.pos), "2:43");
  EXPECT_EQ(where(hukou.entries.at(0).key_pos), "2:44");
  EXPECT_EQ(where(hukou.entries[0].value.pos), "2:54");
  const DocNode& work = *root.find("work");
  EXPECT_EQ(where(root.entries.at(1).key_pos), "3:3");
  EXPECT_EQ(where(work.pos), "3:11");
  EXPECT_EQ(where(work.items.at(0).pos), "4:5");
  EXPECT_EQ(where(work.items[0].entries.at(1).key_pos), "4:42");
  EXPECT_EQ(where(work.items[0].entries[1].value.pos), "4:51");
  EXPECT_EQ(where(work.items.at(1).pos), "5:5");
  EXPECT_EQ(where(work.items.at(2).pos), "5:11");
}

TEST(JsonDoc, PositionsCountCharactersAndSkipEscapes) {
  const DocNode root = parse_ok("{\"名\": \"中文\\\"]}\", \"b\": [1,2]}");
  EXPECT_EQ(where(root.entries.at(0).key_pos), "1:2");
  EXPECT_EQ(where(root.entries[0].value.pos), "1:7");
  EXPECT_EQ(root.entries[0].value.text, "中文\"]}");
  EXPECT_EQ(where(root.entries.at(1).key_pos), "1:17");
  EXPECT_EQ(where(root.entries[1].value.items.at(1).pos), "1:25");
}

TEST(JsonDoc, ByteOrderMarkAccepted) {
  const DocNode root = parse_ok("\xEF\xBB\xBF{\"a\": 1}");
  EXPECT_EQ(root.find("a")->text, "1");
  EXPECT_EQ(where(root.pos), "1:1");
}

TEST(JsonDoc, DuplicateKeysAllReported) {
  const auto errors = parse_bad(
      "{\"a\": 1,\n"
      " \"b\": {\"x\": 1, \"x\": [{\"p\": 1, \"p\": 2}]},\n"
      " \"a\": 3,\n"
      " \"a\": 4}\n");
  ASSERT_EQ(errors.size(), 4u);
  for (const auto& e : errors) EXPECT_EQ(e.code, "duplicate_key");
  EXPECT_EQ(where(errors[0].pos), "2:16");  // in the order the keys are read
  EXPECT_EQ(where(errors[1].pos), "2:31");
  EXPECT_EQ(where(errors[2].pos), "3:2");
  EXPECT_EQ(where(errors[3].pos), "4:2");
  EXPECT_NE(errors[2].message.find("\"a\""), std::string::npos) << errors[2].message;
  EXPECT_NE(errors[2].message.find("1:2"), std::string::npos) << errors[2].message;
}

TEST(JsonDoc, DuplicateKeyIsOrderOfEvents) {
  // The duplicate "x" is reported when its key is read, before the nested duplicate "p".
  const auto errors = parse_bad(R"({"x": 1, "x": {"p": 1, "p": 2}})");
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(where(errors[0].pos), "1:10");
  EXPECT_EQ(where(errors[1].pos), "1:24");
}

TEST(JsonDoc, SameKeyInDifferentObjectsIsFine) {
  const DocNode root = parse_ok(R"([{"id": 1}, {"id": 2, "sub": {"id": 3}}])");
  EXPECT_EQ(root.items.at(1).find("sub")->find("id")->text, "3");
}

TEST(JsonDoc, SyntaxErrorsHaveLineAndColumn) {
  EXPECT_EQ(one_error("{\"a\": 1,\n \"b\": }"), "json_syntax@2:7");
  EXPECT_EQ(one_error("{\"a\": 1\n \"b\": 2}"), "json_syntax@2:2");
  EXPECT_EQ(one_error("[1, 2,]"), "json_syntax@1:7");  // trailing comma
  EXPECT_EQ(one_error("{\"a\": 1,}"), "json_syntax@1:9");
  EXPECT_EQ(one_error("{\"a\": 1 // note\n}"), "json_syntax@1:9");  // comments
  EXPECT_EQ(one_error("{'a': 1}"), "json_syntax@1:2");
  EXPECT_EQ(one_error("[01]"), "json_syntax@1:3");
  EXPECT_EQ(one_error("{\"中文\": tru}"), "json_syntax@1:8");  // Boost points at the literal
  EXPECT_EQ(one_error("[1] [2]"), "json_syntax@1:5");          // a second value
  EXPECT_EQ(one_error("[1, 2"), "json_syntax@1:6");            // ends too early
  EXPECT_EQ(one_error(""), "json_syntax@1:1");
  EXPECT_EQ(one_error("  \n "), "json_syntax@2:2");
  const auto errors = parse_bad("[1,]");
  EXPECT_NE(errors.at(0).message.find("']'"), std::string::npos) << errors[0].message;
}

TEST(JsonDoc, NanAndInfinityRejected) {
  EXPECT_EQ(one_error("NaN"), "json_syntax@1:1");
  EXPECT_EQ(one_error("[1, NaN]"), "json_syntax@1:5");
  EXPECT_EQ(one_error("{\"a\": Infinity}"), "json_syntax@1:7");
  EXPECT_EQ(one_error("[-Infinity]"), "json_syntax@1:3");
}

TEST(JsonDoc, InvalidUtf8AndControlCharactersRejected) {
  EXPECT_EQ(one_error("[\"caf\xE9\"]"), "json_syntax@1:6");
  EXPECT_EQ(one_error("[\"a\tb\"]"), "json_syntax@1:4");
  EXPECT_EQ(one_error("[\"\\ud800\"]"), "json_syntax@1:9");  // a lone surrogate escape
  EXPECT_EQ(one_error("[\xFF]"), "json_syntax@1:2");
}

TEST(JsonDoc, DepthLimit) {
  DocLimits limits;
  limits.max_depth = 3;
  parse_ok("[{\"a\": [1]}]", limits);
  EXPECT_EQ(one_error("[{\"a\": [[1]]}]", limits), "too_deep@1:9");
  // The default (128) against deep hostile nesting.
  const std::string deep = std::string(100'000, '[') + std::string(100'000, ']');
  EXPECT_EQ(one_error(deep), "too_deep@1:129");
  std::string ok_deep = std::string(128, '[') + std::string(128, ']');
  EXPECT_TRUE(parse_json(ok_deep).ok());
}

TEST(JsonDoc, NodeLimit) {
  DocLimits limits;
  limits.max_nodes = 5;  // object, 2 keys, 2 values
  parse_ok(R"({"a": 1, "b": 2})", limits);
  EXPECT_EQ(one_error("{\"a\": 1,\n \"b\": 2, \"c\": 3}", limits), "too_large@2:10");
}

TEST(JsonDoc, ByteLimit) {
  DocLimits limits;
  limits.max_bytes = 4;
  parse_ok("[12]", limits);
  EXPECT_EQ(parse_bad("[123]", limits).at(0).code, "too_large");
}

TEST(JsonDoc, TooManyErrorsStops) {
  DocLimits limits;
  limits.max_errors = 2;
  const auto errors = parse_bad(R"({"k": 1, "k": 2, "k": 3, "k": 4, "k": 5})", limits);
  ASSERT_EQ(errors.size(), 3u);
  EXPECT_EQ(errors[1].code, "duplicate_key");
  EXPECT_EQ(errors[2].code, "too_many_errors");
}

TEST(JsonDoc, LargeFlatArrayIsLinear) {
  std::string text = "[";
  for (int i = 0; i < 200'000; ++i) text += (i ? ",\"v" : "\"v") + std::to_string(i) + "\"";
  text += "]";
  const DocNode root = parse_ok(text);
  ASSERT_EQ(root.items.size(), 200'000u);
  EXPECT_EQ(root.items.back().text, "v199999");
  EXPECT_EQ(root.items.back().pos.line, 1u);
  EXPECT_EQ(root.items.back().pos.column, text.size() - 9);
}

TEST(JsonDoc, HostileInputsNeverThrow) {
  for (std::string_view text : {"[", "]", "{", "}", "{\"a\"}", "{\"a\":}", "\"", "\"\\", "\"\\u12",
                                "-", "1e", "1.", "[,]", "{,}", "tru", "nul", "\x00", "[1]]"}) {
    DocParse r;
    EXPECT_NO_THROW(r = parse_json(text)) << text;
    EXPECT_FALSE(r.errors.empty()) << text;
    EXPECT_EQ(r.root.has_value(), r.errors.empty()) << text;
  }
}

// Every error has a Chinese message of its own (DECISIONS.md: one language per message, the parser
// library's English translated, not quoted).
std::string english_words(std::string_view zh) {
  std::string found;
  std::size_t run = 0;
  for (std::size_t i = 0; i <= zh.size(); ++i) {
    const char c = i < zh.size() ? zh[i] : ' ';
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
      ++run;
      continue;
    }
    const std::string word(zh.substr(i - run, run));
    if (run >= 3 && word != "JSON" && word != "Unicode" && word != "UTF") found += word + " ";
    run = 0;
  }
  return found;
}

TEST(JsonDoc, MessagesInChineseHaveNoEnglish) {
  for (std::string_view text : {"{\"a\": 1,\n \"b\": }", "[1, 2,]", "{\"a\": 1 // note\n}", "[01]", "[1, 2", "",
                                "[1] [2]", "NaN", "[\"caf\xE9\"]", "[\"\\ud800\"]", "[\"\\u12\"]", "[1e999999999]",
                                "{\"a\": 1, \"a\": 2}", "[[[[[[[[[[[[1]]]]]]]]]]]]", "tru", "\"\\q\""}) {
    DocLimits limits;
    limits.max_depth = 8;
    for (const DocError& e : parse_json(text, limits).errors) {
      EXPECT_FALSE(e.message_zh.empty()) << text << ": " << e.message;
      EXPECT_EQ(english_words(e.message_zh), "") << text << ": " << e.message_zh;
      EXPECT_NE(e.message_zh, e.message) << text;
    }
  }
  EXPECT_EQ(parse_bad("[1, 2").at(0).message_zh, "JSON 内容不完整：文本在结束之前就断了（可能缺少 } 或 ]）");
  EXPECT_EQ(parse_bad("[1, 2]]").at(0).message_zh, "JSON 值结束后还有多余的内容（“]”）");
  EXPECT_EQ(parse_bad("{\"a\": 1,\n \"a\": 2}").at(0).message_zh, "键“a”重复（第一次出现在第 1 行第 2 列）");
  EXPECT_EQ(parse_bad("[\xFF]").at(0).message_zh, "JSON 格式错误：此处不应出现字节 0xFF");
}

}  // namespace
}  // namespace shebao
