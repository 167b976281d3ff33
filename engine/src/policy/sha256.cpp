// SHA-256 (FIPS 180-4) for the policy-set digest. Small and self-contained: no library in the
// project's dependency set offers it, and the engine may not link OpenSSL.
#include <array>
#include <cstdint>

#include "policy/model.h"

namespace shebao::internal {

namespace {

constexpr std::array<std::uint32_t, 64> kK = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

constexpr std::uint32_t rotr(std::uint32_t x, int n) { return (x >> n) | (x << (32 - n)); }

class Sha256 {
 public:
  void update(std::string_view data) {
    for (char c : data) {
      buf_[len_++] = static_cast<std::uint8_t>(c);
      if (len_ == 64) {
        block();
        len_ = 0;
      }
    }
    bits_ += static_cast<std::uint64_t>(data.size()) * 8;
  }
  std::string hex() {
    std::uint64_t bits = bits_;
    buf_[len_++] = 0x80;
    if (len_ > 56) {
      while (len_ < 64) buf_[len_++] = 0;
      block();
      len_ = 0;
    }
    while (len_ < 56) buf_[len_++] = 0;
    for (int i = 7; i >= 0; --i) buf_[len_++] = static_cast<std::uint8_t>(bits >> (i * 8));
    block();
    static const char* digits = "0123456789abcdef";
    std::string out;
    for (std::uint32_t v : h_)
      for (int i = 7; i >= 0; --i) out += digits[(v >> (i * 4)) & 0xF];
    return out;
  }

 private:
  void block() {
    std::array<std::uint32_t, 64> w{};
    for (int i = 0; i < 16; ++i)
      w[i] = (std::uint32_t{buf_[i * 4]} << 24) | (std::uint32_t{buf_[i * 4 + 1]} << 16) |
             (std::uint32_t{buf_[i * 4 + 2]} << 8) | std::uint32_t{buf_[i * 4 + 3]};
    for (int i = 16; i < 64; ++i) {
      std::uint32_t s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >> 3);
      std::uint32_t s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >> 10);
      w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    auto [a, b, c, d, e, f, g, h] = h_;
    for (int i = 0; i < 64; ++i) {
      std::uint32_t s1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25);
      std::uint32_t ch = (e & f) ^ (~e & g);
      std::uint32_t t1 = h + s1 + ch + kK[i] + w[i];
      std::uint32_t s0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22);
      std::uint32_t maj = (a & b) ^ (a & c) ^ (b & c);
      std::uint32_t t2 = s0 + maj;
      h = g; g = f; f = e; e = d + t1; d = c; c = b; b = a; a = t1 + t2;
    }
    h_[0] += a; h_[1] += b; h_[2] += c; h_[3] += d; h_[4] += e; h_[5] += f; h_[6] += g; h_[7] += h;
  }

  std::array<std::uint32_t, 8> h_ = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                     0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
  std::array<std::uint8_t, 64> buf_{};
  std::size_t len_ = 0;
  std::uint64_t bits_ = 0;
};

}  // namespace

std::string sha256_hex(const std::vector<std::pair<std::string_view, std::string_view>>& parts) {
  Sha256 s;
  // Length-prefixed so that ("ab","c") and ("a","bc") differ.
  for (const auto& [name, data] : parts) {
    s.update(std::to_string(name.size()) + ":");
    s.update(name);
    s.update(std::to_string(data.size()) + ":");
    s.update(data);
  }
  return s.hex();
}

}  // namespace shebao::internal
