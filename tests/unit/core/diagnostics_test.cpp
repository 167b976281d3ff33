#include "shebao/core/diagnostics.h"

#include <gtest/gtest.h>

#include "shebao/core/text.h"

namespace shebao {
namespace {

TEST(Diagnostic, ToStringWithPosition) {
  const Diagnostic d{"policies/cn/schemes/x.yaml", SourcePos{12, 7}, "unknown-key", "unknown key 'wen'", {}, {}};
  EXPECT_EQ(d.to_string(), "policies/cn/schemes/x.yaml:12:7: unknown key 'wen' [unknown-key]");
}

TEST(Diagnostic, ToStringWithoutLine) {
  const Diagnostic d{"policies/cn/pack.yaml", SourcePos{}, "missing-file", "file not found", {}, {}};
  EXPECT_EQ(d.to_string(), "policies/cn/pack.yaml: file not found [missing-file]");
  // Line 0 means "unknown": a stray column is not printed either.
  const Diagnostic e{"a.yaml", SourcePos{0, 5}, "x", "m", {}, {}};
  EXPECT_EQ(e.to_string(), "a.yaml: m [x]");
}

TEST(Diagnostic, ToStringEdgeCases) {
  // Line known, column unknown.
  EXPECT_EQ((Diagnostic{"a.yaml", SourcePos{3, 0}, "bad", "msg", {}, {}}).to_string(), "a.yaml:3: msg [bad]");
  // First position.
  EXPECT_EQ((Diagnostic{"a.yaml", SourcePos{1, 1}, "bad", "msg", {}, {}}).to_string(), "a.yaml:1:1: msg [bad]");
  // No code: no empty brackets.
  EXPECT_EQ((Diagnostic{"a.yaml", SourcePos{1, 2}, "", "msg", {}, {}}).to_string(), "a.yaml:1:2: msg");
  // Large positions are printed in full.
  EXPECT_EQ((Diagnostic{"f", SourcePos{4294967295u, 4294967295u}, "c", "m", {}, {}}).to_string(),
            "f:4294967295:4294967295: m [c]");
  // UTF-8 in the message is kept byte for byte.
  EXPECT_EQ((Diagnostic{"f", SourcePos{2, 3}, "c", "未知字段 'x'", {}, {}}).to_string(), "f:2:3: 未知字段 'x' [c]");
}

TEST(Diagnostic, RenderShowsTheLanguageTheSourceLineAndACaret) {
  const Diagnostic d{"p/x.yaml", SourcePos{3, 5}, "unknown_key", "unknown key 'wehn'", "未知的键「wehn」",
                     "    wehn: true"};
  EXPECT_EQ(d.render(Lang::kZh), "p/x.yaml:3:5: 未知的键「wehn」 [unknown_key]\n"
                                 "    3 |     wehn: true\n"
                                 "      |     ^\n");
  EXPECT_EQ(d.render(Lang::kEn), "p/x.yaml:3:5: unknown key 'wehn' [unknown_key]\n"
                                 "    3 |     wehn: true\n"
                                 "      |     ^\n");
  // Wide characters before the column take two terminal columns; tabs are kept.
  const Diagnostic w{"f", SourcePos{12, 5}, "c", "m", "", "\t名称: x"};
  EXPECT_EQ(w.render(Lang::kZh), "f:12:5: m [c]\n   12 | \t名称: x\n      | \t     ^\n");
  // No source line: the first line only; a Chinese message falls back to English when absent.
  const Diagnostic n{"f", SourcePos{}, "c", "only english", "", ""};
  EXPECT_EQ(n.render(Lang::kZh), "f: only english [c]\n");
}

TEST(Diagnostic, SourceLineOf) {
  EXPECT_EQ(source_line_of("a\nb\r\nc", 2), "b");
  EXPECT_EQ(source_line_of("a\nb\r\nc", 3), "c");
  EXPECT_EQ(source_line_of("a\nb", 4), "");
  EXPECT_EQ(source_line_of("\xEF\xBB\xBFid: x\n", 1), "id: x");
  EXPECT_EQ(source_line_of("x", 0), "");
}

TEST(Diagnostics, CollectsInOrder) {
  Diagnostics ds;
  EXPECT_TRUE(ds.empty());
  ds.add("a.yaml", SourcePos{1, 2}, "c1", "first");
  ds.add("b.yaml", SourcePos{}, "c2", "second");
  EXPECT_FALSE(ds.empty());
  ASSERT_EQ(ds.items.size(), 2u);
  EXPECT_EQ(ds.items[0].to_string(), "a.yaml:1:2: first [c1]");
  EXPECT_EQ(ds.items[1].to_string(), "b.yaml: second [c2]");
}

TEST(Text, ParseLang) {
  for (const char* zh : {"zh", "ZH", "zh-CN", "zh-cn", "zh-Hans", "zh-Hans-CN", "zh-TW", "zh_CN"})
    EXPECT_EQ(parse_lang(zh), Lang::kZh) << zh;
  for (const char* en : {"en", "En", "en-US", "en-GB", "EN-us", "en_GB"})
    EXPECT_EQ(parse_lang(en), Lang::kEn) << en;
  for (const char* bad : {"", "z", "zh ", " zh", "zh-", "zh--CN", "zh-CN-", "zh-toolongsubtag", "zho", "cn", "fr",
                          "fr-FR", "de", "english", "chinese", "zh,en", "zh;q=1", "*"}) {
    EXPECT_FALSE(parse_lang(bad).has_value()) << '"' << bad << '"';
  }
}

TEST(Text, ValidUtf8) {
  for (const char* good : {"", "abc", "临沧市", "\xc2\x80", "\xdf\xbf", "\xe0\xa0\x80", "\xed\x9f\xbf",
                           "\xee\x80\x80", "\xf0\x90\x80\x80", "\xf4\x8f\xbf\xbf", "\x7f\x01"})
    EXPECT_TRUE(valid_utf8(good)) << good;
  for (const char* bad : {"\x80", "\xc0\x80", "\xc1\xbf", "\xc2", "\xe0\x9f\xbf", "\xed\xa0\x80",
                          "\xe4\xb8", "a\xe4", "\xf0\x8f\xbf\xbf", "\xf4\x90\x80\x80", "\xf5\x80\x80\x80",
                          "\xff", "临\xe6\xb2"})
    EXPECT_FALSE(valid_utf8(bad)) << bad;
}

TEST(Text, GetPicksLanguage) {
  const Text t{"临沧", "Lincang"};
  EXPECT_EQ(t.get(Lang::kZh), "临沧");
  EXPECT_EQ(t.get(Lang::kEn), "Lincang");
}

}  // namespace
}  // namespace shebao
