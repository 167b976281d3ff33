#include "encoding.h"

#include <cerrno>
#include <stdexcept>
#include <vector>

namespace shebao::batch::detail {

bool valid_utf8(std::string_view s) {
  std::size_t i = 0;
  const std::size_t n = s.size();
  while (i < n) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t len = 0;
    unsigned min = 0;
    if ((c & 0xE0) == 0xC0) len = 2, min = 0x80;
    else if ((c & 0xF0) == 0xE0) len = 3, min = 0x800;
    else if ((c & 0xF8) == 0xF0) len = 4, min = 0x10000;
    else return false;
    if (i + len > n) return false;
    unsigned cp = c & (0x7F >> len);
    for (std::size_t k = 1; k < len; ++k) {
      const auto d = static_cast<unsigned char>(s[i + k]);
      if ((d & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (d & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += len;
  }
  return true;
}

Decoder::Decoder() : cd_(::iconv_open("UTF-8", "GB18030")) {
  if (cd_ == reinterpret_cast<iconv_t>(-1)) throw std::runtime_error("iconv cannot convert GB18030 on this system");
}

Decoder::~Decoder() { ::iconv_close(cd_); }

bool Decoder::convert(std::string_view in, std::string& out) {
  out.clear();
  ::iconv(cd_, nullptr, nullptr, nullptr, nullptr);
  char* src = const_cast<char*>(in.data());  // iconv's signature; it does not write the input
  std::size_t left = in.size();
  char buf[4096];
  while (left > 0) {
    char* dst = buf;
    std::size_t room = sizeof buf;
    const std::size_t r = ::iconv(cd_, &src, &left, &dst, &room);
    out.append(buf, static_cast<std::size_t>(dst - buf));
    if (r == static_cast<std::size_t>(-1) && errno != E2BIG) return false;
  }
  return true;
}

bool decodes_as_gb18030(std::string_view s, bool partial_end) {
  Decoder d;
  std::string out;
  if (d.convert(s, out)) return true;
  if (!partial_end) return false;
  // A character cut by the end of the sample: drop up to 3 trailing bytes and try again.
  for (std::size_t cut = 1; cut <= 3 && cut < s.size(); ++cut)
    if (d.convert(s.substr(0, s.size() - cut), out)) return true;
  return false;
}

}  // namespace shebao::batch::detail
