// The parsed-pack cache end to end: a policy set loaded through the cache (cold, warm, or over a
// damaged snapshot) has the same digest and gives the same RESULT.md JSON for the three contract
// examples as one loaded without it. (tests/unit/yaml holds the snapshot-level tests; this area
// links the compiler and the JSON writer.)
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "../yaml/cache_test_support.h"
#include "shebao/service/service.h"
#include "shebao/yaml/pack_cache.h"

namespace shebao {
namespace {

using namespace cachetest;

const std::string kPolicies = std::string(SHEBAO_SOURCE_DIR) + "/policies";

struct Answers {
  std::string digest;
  std::vector<std::string> json;
  std::vector<std::string> json_en_explain;
};

Answers answers(const std::string& policies, bool with_tests = false) {
  LoadedPolicies l = load_policies(policies, with_tests);
  for (const auto& d : l.diagnostics.items) ADD_FAILURE() << d.to_string();
  Answers out;
  if (!l.set) {
    ADD_FAILURE() << "no policy set";
    return out;
  }
  out.digest = policy_digest(*l.set);
  for (const char* name : {"rider-lincang-in-kunming", "driver-employee", "courier-part-time-woman"}) {
    const std::string profile = read_bytes(fs::path(SHEBAO_SHARED_DIR) / "contract" / "examples" / (std::string(name) + ".yaml"));
    EXPECT_FALSE(profile.empty()) << name;
    EvalRequest req;
    req.as_of = Date::parse("2026-11-28");
    req.today = *Date::parse("2026-11-28");
    const JsonAnswer a = evaluate_to_json(*l.set, profile, req);
    EXPECT_TRUE(a.ok) << name;
    out.json.push_back(a.json);
    req.lang = Lang::kEn;
    req.explain = true;
    out.json_en_explain.push_back(evaluate_to_json(*l.set, profile, req).json);
  }
  return out;
}

void expect_same(const Answers& a, const Answers& b) {
  EXPECT_EQ(a.digest, b.digest);
  EXPECT_EQ(a.json, b.json);
  EXPECT_EQ(a.json_en_explain, b.json_en_explain);
}

TEST(CachedPolicies, SameDigestAndAnswersAsUncached) {
  TempDir cache("cache");
  Answers plain;
  {
    ScopedEnv off("SHEBAO_CACHE_DIR", "off");
    plain = answers(kPolicies);
  }
  ASSERT_EQ(plain.json.size(), 3u);
  EXPECT_EQ(plain.digest.rfind("sha256:", 0), 0u);
  ScopedEnv on("SHEBAO_CACHE_DIR", cache.str());
  expect_same(plain, answers(kPolicies));  // cold: parses and writes
  ASSERT_EQ(snapshots(cache.path()).size(), 1u);
  expect_same(plain, answers(kPolicies));  // warm: reads the snapshot
  expect_same(plain, answers(kPolicies, /*with_tests=*/true));
  EXPECT_EQ(snapshots(cache.path()).size(), 2u);
}

TEST(CachedPolicies, DamagedSnapshotsGiveTheSameAnswers) {
  TempDir cache("cache");
  Answers plain;
  {
    ScopedEnv off("SHEBAO_CACHE_DIR", "off");
    plain = answers(kPolicies);
  }
  ScopedEnv on("SHEBAO_CACHE_DIR", cache.str());
  answers(kPolicies);
  const auto snaps = snapshots(cache.path());
  ASSERT_EQ(snaps.size(), 1u);
  const std::string good = read_bytes(snaps[0]);
  std::vector<std::string> damaged = {"", good.substr(0, good.size() - 1), good.substr(0, 100),
                                      std::string(good.size(), '\xff')};
  for (std::size_t i : {std::size_t{0}, std::size_t{9}, std::size_t{20}, std::size_t{50}, std::size_t{70},
                        std::size_t{90}, good.size() / 2, good.size() - 1}) {
    std::string b = good;
    b[i] = static_cast<char>(b[i] ^ 0x04);
    damaged.push_back(b);
  }
  for (std::size_t i = 0; i < damaged.size(); ++i) {
    write_bytes(snaps[0], damaged[i]);
    expect_same(plain, answers(kPolicies));
    EXPECT_EQ(read_bytes(snaps[0]), good) << "case " << i << ": rewritten";
  }
}

TEST(CachedPolicies, AChangedPackGivesItsOwnAnswers) {
  TempDir cache("cache");
  TempDir packs("packs");
  fs::copy(kPolicies, packs.path(), fs::copy_options::recursive);
  ScopedEnv on("SHEBAO_CACHE_DIR", cache.str());
  const Answers before = answers(packs.str());
  // A comment changes the bytes (and the digest), not the answers.
  std::ofstream(packs.path() / "cn-530000" / "pack.yaml", std::ios::app) << "# reviewed\n";
  const Answers after = answers(packs.str());
  EXPECT_NE(before.digest, after.digest);
  Answers plain;
  {
    ScopedEnv off("SHEBAO_CACHE_DIR", "off");
    plain = answers(packs.str());
  }
  expect_same(plain, after);
  expect_same(plain, answers(packs.str()));
  EXPECT_EQ(snapshots(cache.path()).size(), 2u);
}

}  // namespace
}  // namespace shebao
