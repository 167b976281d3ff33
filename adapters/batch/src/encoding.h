// Input encodings (private header). CSV saved by Excel or WPS on a Chinese Windows is GB18030
// (GBK), not UTF-8: such input is recognised (it is not valid UTF-8 but decodes as GB18030) or
// named with --encoding, and converted to UTF-8 line by line with iconv (glibc).
#pragma once

#include <iconv.h>

#include <string>
#include <string_view>

namespace shebao::batch::detail {

bool valid_utf8(std::string_view s);

// True when `s` converts as GB18030 (a cut character at the very end of `s` is allowed when
// `partial_end`: the first MiB of a file may end inside one).
bool decodes_as_gb18030(std::string_view s, bool partial_end);

// GB18030 -> UTF-8, one line at a time. Not thread-safe: one per reader.
class Decoder {
 public:
  Decoder();
  ~Decoder();
  Decoder(const Decoder&) = delete;
  Decoder& operator=(const Decoder&) = delete;
  // Converts `in` into `out`; false when `in` is not GB18030 (out then holds what converted).
  bool convert(std::string_view in, std::string& out);

 private:
  iconv_t cd_;
};

}  // namespace shebao::batch::detail
