// SHA-256 (engine/src/core/hash.cpp): the FIPS 180-4 vectors through both block functions (the
// CPU's SHA extensions where this machine has them, and the portable one), the two against each
// other on every length around the block and padding boundaries, and hashing in pieces.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "shebao/core/hash.h"

namespace shebao {
namespace {

std::string hex(std::string_view data, Sha256::Impl impl) { return Sha256(impl).update(data).hex_digest(); }

constexpr Sha256::Impl kImpls[] = {Sha256::Impl::kBest, Sha256::Impl::kPortable};

// Bytes that are not all alike, so that a word or byte order mistake shows.
std::string pattern(std::size_t n) {
  std::string s(n, '\0');
  for (std::size_t i = 0; i < n; ++i) s[i] = static_cast<char>((i * 131 + 7) ^ (i >> 8));
  return s;
}

TEST(Sha256Impl, KnownVectorsBothWays) {
  RecordProperty("cpu_extensions", sha256_uses_cpu_extensions() ? "yes" : "no");
  for (const auto impl : kImpls) {
    SCOPED_TRACE(impl == Sha256::Impl::kBest ? "best" : "portable");
    EXPECT_EQ(hex("", impl), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    EXPECT_EQ(hex("abc", impl), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    EXPECT_EQ(hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", impl),
              "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    EXPECT_EQ(hex("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrs"
                  "tnopqrstu",
                  impl),
              "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
    EXPECT_EQ(hex(std::string(1000000, 'a'), impl), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  }
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Sha256Impl, BothAgreeOnEveryLengthUpTo200AndBeyondABlockRun) {
  const std::string data = pattern(4096 + 200);
  for (std::size_t n = 0; n <= 200; ++n)
    EXPECT_EQ(hex(std::string_view(data).substr(0, n), Sha256::Impl::kBest),
              hex(std::string_view(data).substr(0, n), Sha256::Impl::kPortable))
        << n;
  // Many blocks in one call (the accelerated function keeps the state in registers across them),
  // starting at an odd address.
  for (std::size_t n : {std::size_t{4096}, std::size_t{4096 + 63}, std::size_t{4096 + 200}})
    EXPECT_EQ(hex(std::string_view(data).substr(1, n - 1), Sha256::Impl::kBest),
              hex(std::string_view(data).substr(1, n - 1), Sha256::Impl::kPortable))
        << n;
}

TEST(Sha256Impl, PiecesHashLikeTheWhole) {
  const std::string data = pattern(1000);
  const std::string whole = sha256_hex(data);
  for (const auto impl : kImpls) {
    for (std::size_t piece : {1, 3, 55, 56, 63, 64, 65, 127, 128, 129, 999}) {
      Sha256 sha(impl);
      for (std::size_t at = 0; at < data.size(); at += piece) sha.update(std::string_view(data).substr(at, piece));
      EXPECT_EQ(sha.hex_digest(), whole) << piece;
    }
    // Empty pieces change nothing.
    Sha256 sha(impl);
    sha.update("").update(std::string_view(data).substr(0, 500)).update("").update(std::string_view(data).substr(500));
    EXPECT_EQ(sha.hex_digest(), whole);
  }
  // digest() is the raw form of hex_digest().
  const auto raw = Sha256().update("abc").digest();
  EXPECT_EQ(raw[0], 0xba);
  EXPECT_EQ(raw[31], 0xad);
}

}  // namespace
}  // namespace shebao
