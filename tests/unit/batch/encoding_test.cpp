// Input encodings of the batch (adapters/batch/src/encoding.h, a private header).
#include "../../../adapters/batch/src/encoding.h"

#include <gtest/gtest.h>

namespace shebao::batch::detail {
namespace {

// "出生年月,性别" in GB18030 (GBK) bytes.
const std::string kGbHeader = "\xB3\xF6\xC9\xFA\xC4\xEA\xD4\xC2,\xD0\xD4\xB1\xF0";

TEST(Encoding, Utf8Validity) {
  EXPECT_TRUE(valid_utf8("person.birth,出生年月"));
  EXPECT_TRUE(valid_utf8(""));
  EXPECT_FALSE(valid_utf8(kGbHeader));
  EXPECT_FALSE(valid_utf8("\xC0\xAF"));          // overlong '/'
  EXPECT_FALSE(valid_utf8("\xED\xA0\x80"));      // a surrogate
  EXPECT_FALSE(valid_utf8("\xE5\x87"));          // cut
}

TEST(Encoding, Gb18030Converts) {
  Decoder d;
  std::string out;
  ASSERT_TRUE(d.convert(kGbHeader, out));
  EXPECT_EQ(out, "出生年月,性别");
  ASSERT_TRUE(d.convert("plain ascii,1994-07", out));
  EXPECT_EQ(out, "plain ascii,1994-07");
  EXPECT_FALSE(d.convert("\xB3", out));  // a cut character
  ASSERT_TRUE(d.convert(kGbHeader, out)) << "the decoder is reset after an error";
  EXPECT_EQ(out, "出生年月,性别");
}

TEST(Encoding, Detection) {
  EXPECT_TRUE(decodes_as_gb18030(kGbHeader, false));
  // A sample cut inside a character: fine when the file goes on, not at its end.
  EXPECT_TRUE(decodes_as_gb18030(kGbHeader + ",\xB3", true));
  EXPECT_FALSE(decodes_as_gb18030(kGbHeader + ",\xB3", false));
  EXPECT_FALSE(decodes_as_gb18030("\xFF\xFF\xFF\xFF", false));
}

}  // namespace
}  // namespace shebao::batch::detail
