#include "shebao/store/csv_profile.h"

#include <gtest/gtest.h>

#include "test_util.h"

namespace shebao::store {
namespace {

using Cells = std::vector<std::string>;

Cells split(std::string_view text) {
  Cells cells;
  CsvSplit s = split_csv_record(text, cells);
  EXPECT_EQ(s.status, CsvStatus::kOk) << text << ": " << s.message;
  return cells;
}

TEST(CsvSplit, PlainAndEmptyCells) {
  EXPECT_EQ(split("a,b,c"), (Cells{"a", "b", "c"}));
  EXPECT_EQ(split(",x,,"), (Cells{"", "x", "", ""}));
  EXPECT_EQ(split(""), (Cells{""}));
  EXPECT_EQ(split(" a , b"), (Cells{" a ", " b"}));  // RFC 4180: spaces are part of a field
}

TEST(CsvSplit, Quoting) {
  EXPECT_EQ(split("\"530902\",\"a,b\",c"), (Cells{"530902", "a,b", "c"}));
  EXPECT_EQ(split("\"say \"\"hi\"\"\",x"), (Cells{"say \"hi\"", "x"}));
  EXPECT_EQ(split("\"\",\"\""), (Cells{"", ""}));
  EXPECT_EQ(split("\"two\nlines\",x"), (Cells{"two\nlines", "x"}));
  EXPECT_EQ(split("临翔,\"临沧,云南\""), (Cells{"临翔", "临沧,云南"}));
}

TEST(CsvSplit, OpenQuoteNeedsMore) {
  Cells cells;
  CsvSplit s = split_csv_record("a,\"still open", cells);
  EXPECT_EQ(s.status, CsvStatus::kNeedMore);
  EXPECT_EQ(s.column, 3u);
}

TEST(CsvSplit, Errors) {
  Cells cells;
  CsvSplit s = split_csv_record("\"closed\"x,y", cells);
  EXPECT_EQ(s.status, CsvStatus::kError);
  EXPECT_EQ(s.column, 9u);
  s = split_csv_record("ab\"c,d", cells);
  EXPECT_EQ(s.status, CsvStatus::kError);
  EXPECT_EQ(s.column, 3u);
  s = split_csv_record("中文\"c", cells);
  EXPECT_EQ(s.column, 3u);  // columns count characters, not bytes
}

TEST(CsvHeader, NamesProfilePaths) {
  EXPECT_TRUE(check_csv_header({"person.birth", "person.sex", " work.region "}).empty());
  auto p = check_csv_header({"person.birth", "person.brith", "", "person.birth"});
  ASSERT_EQ(p.size(), 3u);
  EXPECT_NE(p[0].find("person.brith"), std::string::npos);
  EXPECT_NE(p[1].find("column 3"), std::string::npos);
  EXPECT_NE(p[2].find("twice"), std::string::npos);
  EXPECT_FALSE(check_csv_header({"person"}).empty());  // a group is not a field
}

TEST(CsvRow, BuildsNestedDocument) {
  DocNode d = csv_row_to_doc({"person.birth", "person.hukou.region", "work.region", "person.sex"},
                             {"1994-07", "530902", "", "male"}, 7);
  ASSERT_TRUE(d.is_mapping());
  ASSERT_EQ(d.entries.size(), 1u);  // work.region is empty: absent
  const DocNode* person = d.find("person");
  ASSERT_NE(person, nullptr);
  ASSERT_EQ(person->entries.size(), 3u);
  EXPECT_EQ(person->entries[0].key, "birth");
  EXPECT_EQ(person->find("hukou")->find("region")->text, "530902");
  EXPECT_EQ(person->find("hukou")->find("region")->style, DocNode::Style::kPlain);
  EXPECT_EQ(person->find("sex")->pos.line, 7u);
  EXPECT_EQ(person->find("sex")->pos.column, 4u);
  EXPECT_EQ(d.find("work"), nullptr);
}

class CsvProfile : public ::testing::Test {
 protected:
  void SetUp() override {
    LoadedPolicies pol = load_policies(test::fixture_dir());
    ASSERT_TRUE(pol.set) << "fixture packs do not load";
    set_ = pol.set;
  }
  std::shared_ptr<const PolicySet> set_;
  Date today_ = *Date::parse("2026-11-28");
};

TEST_F(CsvProfile, ReadsTypedCells) {
  const std::string text =
      "person.birth,person.sex,person.hukou.region,work.region,work.relationship,work.monthly_income,"
      "coverage.pension.months_paid,person.student\n"
      "1994-07,male,\"530902\",530102,platform_managed,5200,36,false\n";
  ProfileInput in = read_csv_profile(*set_, text, std::nullopt, today_);
  ASSERT_TRUE(in.profile) << (in.errors.empty() ? "" : in.errors[0].path + ": " + in.errors[0].message);
  EXPECT_EQ(in.profile->get(FieldId::kMonthlyIncome).value, 520000);
  EXPECT_EQ(in.profile->get(FieldId::kPensionMonthsPaid).value, 36);
  EXPECT_EQ(in.profile->get(FieldId::kHukouRegion).value, 530902);
  EXPECT_EQ(in.profile->as_of(), today_);
}

TEST_F(CsvProfile, AsOfOverride) {
  const std::string text = "as_of,person.birth,person.sex,person.hukou.region,work.region,work.relationship\n"
                           "2025-01-01,1994-07,male,530902,530102,employee";
  ProfileInput in = read_csv_profile(*set_, text, Date::parse("2026-06-30"), today_);
  ASSERT_TRUE(in.profile);
  EXPECT_EQ(in.profile->as_of().to_string(), "2026-06-30");
}

TEST_F(CsvProfile, ErrorsNameFieldsAndRows) {
  ProfileInput in = read_csv_profile(
      *set_, "person.birth,person.sex,person.hukou.region,work.region,work.relationship\n1994-07,man,530902,530102,employee",
      std::nullopt, today_);
  ASSERT_FALSE(in.profile);
  EXPECT_EQ(in.errors[0].path, "person.sex");
  in = read_csv_profile(*set_, "person.birth,person.sex\n1994-07", std::nullopt, today_);
  ASSERT_FALSE(in.profile);
  EXPECT_EQ(in.errors[0].code, "csv_cells");
  in = read_csv_profile(*set_, "person.birth,person.sexx\n1994-07,male", std::nullopt, today_);
  EXPECT_EQ(in.errors[0].code, "csv_header");
  in = read_csv_profile(*set_, "person.birth,person.sex\n\"1994-07\"x,male", std::nullopt, today_);
  EXPECT_EQ(in.errors[0].code, "csv_syntax");
  // Missing required fields are the validator's errors, with their paths.
  in = read_csv_profile(*set_, "person.birth,person.sex\n1994-07,male", std::nullopt, today_);
  ASSERT_FALSE(in.profile);
  EXPECT_EQ(in.errors[0].code, "missing_field");
}

}  // namespace
}  // namespace shebao::store
