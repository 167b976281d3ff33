// The audit log's secret: a 32-byte key in a file of its own (hex, one line), created with mode
// 0600 when absent. It keys the profile digests (HMAC-SHA-256, so that the log cannot confirm a
// guessed person without the key) and the hash chain of the records (audit_store.h).
#pragma once

#include <string>
#include <string_view>

namespace shebao::store {

struct AuditKey {
  std::string bytes;  // 32 bytes; empty: no key
  std::string file;   // where it was read from
  bool created = false;
  bool empty() const { return bytes.empty(); }
};

// The default key file of an audit log: "<audit file>.key" beside it.
std::string default_audit_key_file(const std::string& audit_file);

// Reads the key file; when `create` and the file does not exist, writes a new random key into it
// (mode 0600, O_EXCL). Throws StoreError when the file cannot be read or created, is not 64 hex
// digits, or can be read by others than its owner.
AuditKey load_audit_key(const std::string& file, bool create);

// HMAC-SHA-256 (OpenSSL) of `data` under `key`, 64 lower-case hex digits.
std::string hmac_sha256_hex(std::string_view key, std::string_view data);

}  // namespace shebao::store
