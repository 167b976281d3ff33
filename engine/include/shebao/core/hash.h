// SHA-256 of a byte string, for adapters that fingerprint what they handled (the audit log keeps a
// hash of each profile it answered) and for the policy digest and the parsed-pack cache. Pure
// computation: no I/O.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace shebao {

// SHA-256 (FIPS 180-4) of `data`, as 64 lower-case hex digits — the same as `sha256sum` prints.
std::string sha256_hex(std::string_view data);

// SHA-256 over data given in pieces: update() any number of times, then digest() or hex_digest()
// once. Hashing pieces gives the same digest as hashing their concatenation, without building it.
class Sha256 {
 public:
  // Which block function: the CPU's SHA extensions where it has them (x86 SHA-NI, chosen at run
  // time), else the portable one. kPortable forces the portable one (tests compare the two).
  enum class Impl { kBest, kPortable };

  explicit Sha256(Impl impl = Impl::kBest);
  Sha256& update(std::string_view data);
  std::array<std::uint8_t, 32> digest();  // finishes the hash; the object is spent
  std::string hex_digest();               // the same, as 64 lower-case hex digits

 private:
  using Blocks = void (*)(std::uint32_t*, const std::uint8_t*, std::size_t);
  Blocks blocks_;
  std::array<std::uint32_t, 8> h_;
  std::array<std::uint8_t, 64> buffer_{};
  std::size_t buffered_ = 0;
  std::uint64_t length_ = 0;
};

// Whether Sha256::Impl::kBest uses the CPU's SHA extensions on this machine.
bool sha256_uses_cpu_extensions();

}  // namespace shebao
