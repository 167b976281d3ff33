// The policy-set digest: SHA-256 over every file's relative path and bytes, length-prefixed so
// that ("ab","c") and ("a","bc") differ. Uses the one SHA-256 of the engine (core/hash.h).
#include "policy/model.h"
#include "shebao/core/hash.h"

namespace shebao::internal {

std::string sha256_hex(const std::vector<std::pair<std::string_view, std::string_view>>& parts) {
  // Hashed in pieces: the digest of the concatenation, without copying every file's bytes.
  Sha256 sha;
  for (const auto& [name, data] : parts) {
    sha.update(std::to_string(name.size()) + ":").update(name);
    sha.update(std::to_string(data.size()) + ":").update(data);
  }
  return sha.hex_digest();
}

}  // namespace shebao::internal
