#include "shebao/store/audit_key.h"

#include <fcntl.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "shebao/core/digits.h"
#include "shebao/store/audit_store.h"

namespace shebao::store {

namespace {

constexpr char kHex[] = "0123456789abcdef";

std::string to_hex(const unsigned char* p, std::size_t n) {
  std::string out;
  out.reserve(2 * n);
  for (std::size_t i = 0; i < n; ++i) {
    out.push_back(kHex[p[i] >> 4]);
    out.push_back(kHex[p[i] & 15]);
  }
  return out;
}

std::string errno_text() { return std::strerror(errno); }

}  // namespace

std::string default_audit_key_file(const std::string& audit_file) { return audit_file + ".key"; }

AuditKey load_audit_key(const std::string& file, bool create) {
  AuditKey key;
  key.file = file;
  int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0 && errno == ENOENT && create) {
    unsigned char raw[32];
    if (RAND_bytes(raw, sizeof raw) != 1) throw StoreError(file + ": cannot generate a random key (OpenSSL)");
    const std::string text = to_hex(raw, sizeof raw) + "\n";
    int w = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (w < 0 && errno != EEXIST) throw StoreError(file + ": cannot create the audit key file: " + errno_text());
    if (w >= 0) {
      const bool ok = ::write(w, text.data(), text.size()) == static_cast<ssize_t>(text.size()) && ::fsync(w) == 0;
      ::close(w);
      if (!ok) {
        ::unlink(file.c_str());
        throw StoreError(file + ": cannot write the audit key file: " + errno_text());
      }
      key.created = true;
    }
    fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);  // another process may have won the race
  }
  if (fd < 0) throw StoreError(file + ": cannot read the audit key file: " + errno_text());
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    throw StoreError(file + ": the audit key is not a regular file");
  }
  if ((st.st_mode & 077) != 0) {
    ::close(fd);
    throw StoreError(file + ": the audit key file can be read by others (chmod 600 it)");
  }
  char buf[130];
  const ssize_t n = ::read(fd, buf, sizeof buf);
  ::close(fd);
  std::string_view text(buf, n > 0 ? static_cast<std::size_t>(n) : 0);
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) text.remove_suffix(1);
  if (text.size() != 64) throw StoreError(file + ": the audit key file must hold 64 hex digits (32 bytes)");
  for (std::size_t i = 0; i < 64; i += 2) {
    const int hi = hex_value(text[i]), lo = hex_value(text[i + 1]);
    if (hi < 0 || lo < 0) throw StoreError(file + ": the audit key file must hold 64 hex digits (32 bytes)");
    key.bytes.push_back(static_cast<char>(hi * 16 + lo));
  }
  return key;
}

std::string hmac_sha256_hex(std::string_view key, std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (!HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(data.data()),
            data.size(), out, &len))
    throw StoreError("HMAC-SHA-256 failed (OpenSSL)");
  return to_hex(out, len);
}

}  // namespace shebao::store
