#include "shebao/store/audit_verify.h"

#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>

#include "shebao/core/hash.h"
#include "test_util.h"

namespace shebao::store {
namespace {

TEST(JsonDifference, FirstPath) {
  EXPECT_FALSE(first_json_difference("{\"a\":1,\"b\":[1,2]}", "{ \"b\": [1, 2], \"a\": 1 }"));
  auto d = first_json_difference("{\"a\":{\"b\":[1,{\"c\":\"x\"}]}}", "{\"a\":{\"b\":[1,{\"c\":\"y\"}]}}");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->path, "a.b[1].c");
  EXPECT_EQ(d->recorded, "\"x\"");
  EXPECT_EQ(d->now, "\"y\"");
  d = first_json_difference("{\"a\":[1,2]}", "{\"a\":[1]}");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->path, "a[1]");
  EXPECT_EQ(d->now, "(absent)");
  d = first_json_difference("{\"a\":1}", "{\"a\":1,\"z\":true}");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->path, "z");
  EXPECT_EQ(d->recorded, "(absent)");
  EXPECT_FALSE(first_json_difference("{\"p\":{\"digest\":\"a\"}}", "{\"p\":{\"digest\":\"b\"}}", {"p.digest"}));
  d = first_json_difference("{", "{}");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->path, "(json)");
  d = first_json_difference("1", "2");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->path, "");
}

// An answer recorded under an older RESULT contract: what a later version adds is not a
// difference; a changed value still is; under the same version an added member is.
TEST(JsonDifference, AdditionsOfALaterContractVersion) {
  EXPECT_FALSE(first_json_difference(R"({"a":1,"s":{"x":1}})",
                                     R"({"contract_version":"1.1.0","a":1,"summary":{},"s":{"x":1,"y":2}})"));
  auto d = first_json_difference(R"({"a":1})", R"({"contract_version":"1.1.0","a":2})");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->path, "a");
  d = first_json_difference(R"({"contract_version":"1.1.0","a":1})", R"({"contract_version":"1.1.0","a":1,"z":1})");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->path, "z");
}

const char* const kProfiles[] = {
    R"({"as_of":"2026-11-28","person":{"birth":"1994-07","sex":"male","hukou":{"region":"530902"}},"work":{"region":"530102","relationship":"platform_managed"}})",
    R"({"person":{"birth":"1980-01","sex":"female","hukou":{"region":"530102"}},"work":{"region":"530102","relationship":"employee"}})",
    "person:\n  birth: 1990-05\n  sex: male\n  hukou: {region: \"440305\"}\nwork: {region: \"530902\", relationship: self_employed}\n",
    R"({"person":{"birth":"1994-13","sex":"male"}})",  // rejected
};

class Verify : public ::testing::Test {
 protected:
  void SetUp() override {
    packs_ = test::copy_fixture(dir_);
    set_ = load_policies(packs_).set;
    ASSERT_TRUE(set_);
    path_ = dir_.file("audit.sqlite");
    AuditStore s(path_);
    int i = 0;
    for (const char* p : kProfiles) {
      EvalRequest req;
      req.today = *Date::parse("2026-05-01");
      req.lang = i % 2 ? Lang::kEn : Lang::kZh;
      if (i == 1) req.as_of = Date::parse("2026-11-28");
      JsonAnswer a = evaluate_to_json(*set_, p, req);
      s.record(make_audit_record("http", p, req, a, policy_digest(*set_), /*full=*/true));
      ++i;
    }
    // One without its profile, one from a CSV row (as the batch records them).
    EvalRequest req;
    req.today = *Date::parse("2026-11-28");
    JsonAnswer a = evaluate_to_json(*set_, kProfiles[0], req);
    s.record(make_audit_record("http", kProfiles[0], req, a, policy_digest(*set_), /*full=*/false));
    const std::string csv =
        "person.birth,person.sex,person.hukou.region,work.region,work.relationship\n"
        "1994-07,male,\"530902\",530102,part_time";
    JsonAnswer c = evaluate_profile(*set_, csv, "csv", req);
    ASSERT_TRUE(c.ok) << c.json;
    AuditRecord r = make_audit_record("batch", csv, req, c, policy_digest(*set_), true);
    r.profile_format = "csv";
    r.line = 2;
    s.record(r);
  }

  VerifyReport run(std::vector<VerifyFinding>* findings = nullptr) {
    AuditStore s(path_, AuditStore::Mode::kOpenExisting);
    return verify_audit(s, *set_, [&](const VerifyFinding& f) {
      if (findings) findings->push_back(f);
    });
  }

  test::TempDir dir_;
  std::string packs_;
  std::string path_;
  std::shared_ptr<const PolicySet> set_;
};

TEST_F(Verify, UnchangedPacksMatch) {
  std::vector<VerifyFinding> f;
  VerifyReport r = run(&f);
  EXPECT_TRUE(r.ok()) << (f.empty() ? "" : f[0].path + ": " + f[0].recorded + " vs " + f[0].now);
  EXPECT_EQ(r.records, 6);
  EXPECT_EQ(r.reevaluated, 5);
  EXPECT_EQ(r.matched, 5);
  EXPECT_EQ(r.without_profile, 1);
  EXPECT_EQ(r.other_digest_reevaluated, 0);
  EXPECT_TRUE(r.integrity_ok());
}

TEST_F(Verify, ChangedParameterIsReported) {
  const std::string params = packs_ + "/cn/parameters.yaml";
  std::string text = test::read_file(params);
  const std::size_t at = text.find("\"7000.00\"");
  ASSERT_NE(at, std::string::npos);
  text.replace(at, 9, "\"7100.00\"");
  test::write_file(params, text);
  set_ = load_policies(packs_).set;
  ASSERT_TRUE(set_);
  std::vector<VerifyFinding> f;
  VerifyReport r = run(&f);
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.other_digest_reevaluated, 5);
  // The platform_managed, self_employed and part_time workers (records 1, 3, 6) get the
  // flexible-employee estimate that reads the parameter; the employee (2) and the rejected
  // profile (4) do not.
  ASSERT_EQ(f.size(), 3u);
  EXPECT_EQ(f[0].id, 1);
  EXPECT_EQ(f[0].kind, "result");
  EXPECT_EQ(f[0].path, "schemes[0].contribution.base.monthly");
  EXPECT_EQ(f[0].recorded, "\"7000.00\"");
  EXPECT_EQ(f[0].now, "\"7100.00\"");
  EXPECT_EQ(f[1].id, 3);
  EXPECT_EQ(f[2].id, 6);
  EXPECT_EQ(r.other_digest_differ, 3);
}

TEST_F(Verify, TamperedProfileIsReported) {
  {
    SQLite::Database db(path_, SQLite::OPEN_READWRITE);
    db.exec("UPDATE audit SET profile = replace(profile, '1994-07', '1994-08') WHERE id = 1");
  }
  std::vector<VerifyFinding> f;
  VerifyReport r = run(&f);
  EXPECT_FALSE(r.ok());
  ASSERT_GE(f.size(), 3u);
  EXPECT_EQ(f[0].kind, "edited");  // the hash chain first (issue 22)
  EXPECT_EQ(f[0].id, 1);
  EXPECT_EQ(f[1].kind, "profile_hash");
  EXPECT_EQ(f[2].kind, "result");
  EXPECT_EQ(f[2].path, "person.age.months");
}

}  // namespace
}  // namespace shebao::store
