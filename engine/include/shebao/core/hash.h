// SHA-256 of a byte string, for adapters that fingerprint what they handled (the audit log keeps a
// hash of each profile it answered). Pure computation: no I/O.
#pragma once

#include <string>
#include <string_view>

namespace shebao {

// SHA-256 (FIPS 180-4) of `data`, as 64 lower-case hex digits — the same as `sha256sum` prints.
std::string sha256_hex(std::string_view data);

}  // namespace shebao
