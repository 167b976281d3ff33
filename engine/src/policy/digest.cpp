// The policy-set digest: SHA-256 over every file's relative path and bytes, length-prefixed so
// that ("ab","c") and ("a","bc") differ. Uses the one SHA-256 of the engine (core/hash.h).
#include "policy/model.h"
#include "shebao/core/hash.h"

namespace shebao::internal {

std::string sha256_hex(const std::vector<std::pair<std::string_view, std::string_view>>& parts) {
  std::string framed;
  std::size_t size = 0;
  for (const auto& [name, data] : parts) size += name.size() + data.size() + 24;
  framed.reserve(size);
  for (const auto& [name, data] : parts) {
    framed += std::to_string(name.size()) + ":";
    framed += name;
    framed += std::to_string(data.size()) + ":";
    framed += data;
  }
  return shebao::sha256_hex(framed);
}

}  // namespace shebao::internal
