#include "shebao/store/csv_profile.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

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


// The header labels are the page's (web/i18n.js 'f.<path>': '<label>'), in both languages; only
// extra.id and choices.pension_base_ratio (a ratio here, a percentage on the page) are not there.
TEST(CsvLabels, AreThePageLabels) {
  std::ifstream in(std::string(SHEBAO_SOURCE_DIR) + "/web/i18n.js");
  ASSERT_TRUE(in) << "web/i18n.js";
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string js = ss.str();
  const std::size_t en_at = js.find("\n  en: {");
  ASSERT_NE(en_at, std::string::npos);
  std::size_t checked = 0;
  for (const CsvLabel& l : csv_labels()) {
    if (l.path == "extra.id" || l.path == "choices.pension_base_ratio") continue;
    const std::string key = "'f." + std::string(l.path) + "': '";
    const std::size_t zh = js.find(key);
    const std::size_t en = js.find(key, en_at);
    ASSERT_NE(zh, std::string::npos) << l.path;
    ASSERT_NE(en, std::string::npos) << l.path;
    EXPECT_EQ(js.substr(zh + key.size(), l.zh.size() + 1), std::string(l.zh) + "'") << l.path;
    EXPECT_EQ(js.substr(en + key.size(), l.en.size() + 1), std::string(l.en) + "'") << l.path;
    ++checked;
  }
  EXPECT_EQ(checked + 1, profile_schema().size());  // every field but choices.pension_base_ratio
}

TEST(CsvHeader, TakesLabelsAndExtras) {
  EXPECT_TRUE(check_csv_header({"编号", "出生年月", "Sex", "work.region", "extra.team"}).empty());
  EXPECT_EQ(csv_column_paths({" 出生年月 ", "Sex", "编号", "extra.team"}),
            (std::vector<std::string>{"person.birth", "person.sex", "extra.id", "extra.team"}));
  const auto p = check_csv_header({"出生年月", "person.birth", "extra.", "extra.a-b", "生日"});
  ASSERT_EQ(p.size(), 4u);
  EXPECT_NE(p[0].find("twice"), std::string::npos);
  EXPECT_NE(p[1].find("extra."), std::string::npos);
  EXPECT_NE(p[3].find("生日"), std::string::npos);
}

TEST_F(CsvProfile, ChineseHeadersAndChoices) {
  const std::string text =
      "编号,出生年月,性别,户籍所在地,户口性质,就业（接单）所在地,用工关系,全日制在校学生,现在的医疗保险\n"
      "A7,1994-07,女,530902,农村户口,530102,非全日制用工,否,城乡居民医保\n";
  ProfileInput in = read_csv_profile(*set_, text, std::nullopt, today_);
  ASSERT_TRUE(in.profile) << (in.errors.empty() ? "" : in.errors[0].path + ": " + in.errors[0].message);
  EXPECT_EQ(in.profile->get(FieldId::kSex).value, enums::kFemale);
  EXPECT_EQ(in.profile->get(FieldId::kRelationship).value, enums::kPartTime);
  EXPECT_EQ(in.profile->get(FieldId::kMedicalScheme).value, enums::kSchemeResident);
  EXPECT_EQ(in.profile->get(FieldId::kHukouKind).value, enum_index(FieldId::kHukouKind, "rural"));
  EXPECT_TRUE(in.profile->known(FieldId::kStudent));
  EXPECT_EQ(in.profile->get(FieldId::kStudent).value, 0);
  ASSERT_NE(in.profile->extra().find("id"), nullptr);
  EXPECT_EQ(in.profile->extra().find("id")->text, "A7");
  // A Chinese word that is not a label of the field is the validator's error, at its path.
  in = read_csv_profile(*set_, "出生年月,性别,户籍所在地,就业（接单）所在地,用工关系\n1994-07,女性,530902,530102,非全日制用工",
                        std::nullopt, today_);
  ASSERT_FALSE(in.profile);
  EXPECT_EQ(in.errors[0].path, "person.sex");
}

}  // namespace
}  // namespace shebao::store
