// Tests of the profile schema table and the strict profile reader (engine/src/profile/).
#include "shebao/profile/profile.h"

#include <gtest/gtest.h>

#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

#include "shebao/core/money.h"
#include "shebao/core/region.h"
#include "shebao/yaml/yaml_doc.h"

namespace shebao {
namespace {

// ---- building documents by hand (the way the YAML and JSON adapters hand them over) ----------

DocNode scalar(std::string text, DocNode::Style style) {
  DocNode n;
  n.kind = DocNode::Kind::kScalar;
  n.style = style;
  n.text = std::move(text);
  return n;
}
DocNode plain(std::string t) { return scalar(std::move(t), DocNode::Style::kPlain); }
DocNode quoted(std::string t) { return scalar(std::move(t), DocNode::Style::kQuoted); }
DocNode number(std::string t) { return scalar(std::move(t), DocNode::Style::kNumber); }
DocNode boolean(bool b) { return scalar(b ? "true" : "false", DocNode::Style::kBool); }
DocNode null_node() { return DocNode{}; }
DocNode map(std::initializer_list<std::pair<std::string, DocNode>> entries) {
  DocNode n;
  n.kind = DocNode::Kind::kMapping;
  for (const auto& [k, v] : entries) n.entries.push_back(DocEntry{k, {}, v});
  return n;
}
DocNode seq(std::initializer_list<DocNode> items) {
  DocNode n;
  n.kind = DocNode::Kind::kSequence;
  n.items = items;
  return n;
}

// Sets (creating mappings on the way, appending at the end) or replaces the node at `path`.
void put(DocNode& root, std::string_view path, DocNode value) {
  DocNode* m = &root;
  for (auto dot = path.find('.'); dot != std::string_view::npos; dot = path.find('.')) {
    const std::string key(path.substr(0, dot));
    DocNode* next = nullptr;
    for (auto& e : m->entries)
      if (e.key == key) next = &e.value;
    if (!next) {
      m->entries.push_back(DocEntry{key, {}, map({})});
      next = &m->entries.back().value;
    }
    m = next;
    path.remove_prefix(dot + 1);
  }
  for (auto& e : m->entries)
    if (e.key == path) {
      e.value = std::move(value);
      return;
    }
  m->entries.push_back(DocEntry{std::string(path), {}, std::move(value)});
}

void erase(DocNode& root, std::string_view path) {
  DocNode* m = &root;
  for (auto dot = path.find('.'); dot != std::string_view::npos; dot = path.find('.')) {
    DocNode* next = nullptr;
    for (auto& e : m->entries)
      if (e.key == path.substr(0, dot)) next = &e.value;
    ASSERT_NE(next, nullptr) << path;
    m = next;
    path.remove_prefix(dot + 1);
  }
  std::erase_if(m->entries, [&](const DocEntry& e) { return e.key == path; });
}

// The rider of examples/rider-lincang-in-kunming.yaml, as the YAML adapter gives it.
DocNode rider() {
  return map({
      {"as_of", plain("2026-11-28")},
      {"person", map({{"birth", plain("1994-07")},
                      {"sex", plain("male")},
                      {"hukou", map({{"region", quoted("530902")}, {"kind", plain("rural")}})}})},
      {"work", map({{"region", quoted("530102")},
                    {"relationship", plain("platform_managed")},
                    {"industry", plain("food_delivery")},
                    {"platform", plain("meituan")},
                    {"monthly_income", plain("6200")}})},
      {"coverage", map({{"pension", map({{"scheme", plain("resident")},
                                         {"region", quoted("530902")},
                                         {"months_paid", plain("36")},
                                         {"receiving", plain("false")}})},
                        {"medical", map({{"scheme", plain("resident")},
                                         {"region", quoted("530902")},
                                         {"months_paid", plain("60")}})}})},
      {"choices", map({{"pension_base_ratio", plain("0.6")}, {"medical_place", plain("work")}})},
  });
}

// The smallest valid profile: only the required fields.
DocNode minimal() {
  return map({
      {"as_of", plain("2026-11-28")},
      {"person", map({{"birth", plain("1979-04")},
                      {"sex", plain("female")},
                      {"hukou", map({{"region", quoted("530923")}})}})},
      {"work", map({{"region", quoted("530902")}, {"relationship", plain("part_time")}})},
  });
}

Date ymd(int y, unsigned m, unsigned d) { return *Date::from_ymd(y, m, d); }

std::string dump(const std::vector<FieldError>& errors) {
  std::string s;
  for (const auto& e : errors)
    s += e.path + " [" + e.code + "] " + e.message + " / " + e.message_zh + "\n";
  return s;
}

// Reads `doc` and expects exactly one error, at `path` with `code`; returns it.
FieldError one_error(const DocNode& doc, std::string_view path, std::string_view code,
                     std::optional<Date> default_as_of = std::nullopt) {
  const ProfileParse r = read_profile(doc, default_as_of);
  EXPECT_FALSE(r.profile.has_value());
  EXPECT_EQ(r.errors.size(), 1U) << dump(r.errors);
  if (r.errors.empty()) return {};
  EXPECT_EQ(r.errors[0].path, path) << dump(r.errors);
  EXPECT_EQ(r.errors[0].code, code) << dump(r.errors);
  EXPECT_FALSE(r.errors[0].message.empty());
  EXPECT_FALSE(r.errors[0].message_zh.empty());
  return r.errors[0];
}

Profile read_ok(const DocNode& doc, std::optional<Date> default_as_of = std::nullopt) {
  ProfileParse r = read_profile(doc, default_as_of);
  EXPECT_TRUE(r.errors.empty()) << dump(r.errors);
  EXPECT_TRUE(r.profile.has_value());
  return r.profile ? *r.profile : Profile{};
}

DocNode with(DocNode doc, std::string_view path, DocNode value) {
  put(doc, path, std::move(value));
  return doc;
}
DocNode without(DocNode doc, std::string_view path) {
  erase(doc, path);
  return doc;
}

bool contains(std::string_view hay, std::string_view needle) {
  return hay.find(needle) != std::string_view::npos;
}

// ---- the schema table --------------------------------------------------------------------------

TEST(ProfileSchema, OneSpecPerFieldIdInEnumOrder) {
  const auto schema = profile_schema();
  ASSERT_EQ(schema.size(), kFieldCount);
  for (std::size_t i = 0; i < schema.size(); ++i) {
    EXPECT_EQ(static_cast<std::size_t>(schema[i].id), i) << schema[i].path;
    EXPECT_EQ(&field_spec(schema[i].id), &schema[i]);
  }
}

TEST(ProfileSchema, PathsAndTypesAsInTheContract) {
  const std::vector<std::pair<std::string_view, FieldType>> expected = {
      {"as_of", FieldType::kDate},
      {"person.birth", FieldType::kDate},
      {"person.sex", FieldType::kEnum},
      {"person.female_original_retirement_age", FieldType::kYears},
      {"person.hukou.region", FieldType::kRegion},
      {"person.hukou.kind", FieldType::kEnum},
      {"person.student", FieldType::kBool},
      {"work.region", FieldType::kRegion},
      {"work.relationship", FieldType::kEnum},
      {"work.industry", FieldType::kEnum},
      {"work.platform", FieldType::kString},
      {"work.monthly_income", FieldType::kMoney},
      {"coverage.pension.scheme", FieldType::kEnum},
      {"coverage.pension.region", FieldType::kRegion},
      {"coverage.pension.months_paid", FieldType::kMonths},
      {"coverage.pension.receiving", FieldType::kBool},
      {"coverage.medical.scheme", FieldType::kEnum},
      {"coverage.medical.region", FieldType::kRegion},
      {"coverage.medical.months_paid", FieldType::kMonths},
      {"coverage.medical.retiree_benefits", FieldType::kBool},
      {"coverage.medical.break_years", FieldType::kYearCount},
      {"coverage.medical.continuous_years", FieldType::kYearCount},
      {"coverage.injury", FieldType::kEnum},
      {"choices.pension_base_ratio", FieldType::kDecimal},
      {"choices.medical_place", FieldType::kEnum},
      {"choices.resident_pension_grade", FieldType::kMoney},
      {"choices.medical_account", FieldType::kEnum},
  };
  const auto schema = profile_schema();
  ASSERT_EQ(schema.size(), expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(schema[i].path, expected[i].first);
    EXPECT_EQ(schema[i].type, expected[i].second) << schema[i].path;
    EXPECT_EQ(schema[i].enum_values.empty(), schema[i].type != FieldType::kEnum) << schema[i].path;
    EXPECT_EQ(schema[i].allowed_years.empty(), schema[i].type != FieldType::kYears)
        << schema[i].path;
  }
}

TEST(ProfileSchema, RequiredFields) {
  std::vector<std::string_view> required;
  for (const auto& f : profile_schema())
    if (f.required) required.push_back(f.path);
  EXPECT_EQ(required,
            (std::vector<std::string_view>{"person.birth", "person.sex", "person.hukou.region",
                                           "work.region", "work.relationship"}));
}

// The evaluator reads a string field as the profile's platform (Profile keeps one string): a second
// string field must change engine/src/eval/evaluator.cpp (field, field_slot) first.
TEST(ProfileSchema, WorkPlatformIsTheOnlyStringField) {
  std::vector<std::string_view> strings;
  for (const auto& f : profile_schema())
    if (f.type == FieldType::kString) strings.push_back(f.path);
  EXPECT_EQ(strings, (std::vector<std::string_view>{"work.platform"}));
  EXPECT_EQ(field_spec(FieldId::kPlatform).path, "work.platform");
}

TEST(ProfileSchema, EnumValuesAsInTheContract) {
  using V = std::vector<std::string_view>;
  auto values = [](FieldId id) {
    const auto s = field_spec(id).enum_values;
    return V(s.begin(), s.end());
  };
  EXPECT_EQ(values(FieldId::kSex), (V{"male", "female"}));
  EXPECT_EQ(values(FieldId::kHukouKind), (V{"urban", "rural"}));
  EXPECT_EQ(values(FieldId::kRelationship), (V{"employee", "part_time", "platform_managed",
                                               "self_employed", "dispatched", "outsourced"}));
  EXPECT_EQ(values(FieldId::kIndustry),
            (V{"ride_hailing", "food_delivery", "instant_delivery", "same_city_freight",
               "express_delivery", "trucking", "other"}));
  EXPECT_EQ(values(FieldId::kPensionScheme), (V{"none", "employee", "resident"}));
  EXPECT_EQ(values(FieldId::kMedicalScheme), (V{"none", "employee", "resident"}));
  EXPECT_EQ(values(FieldId::kInjury), (V{"none", "work_injury", "occupational_injury"}));
  EXPECT_EQ(values(FieldId::kMedicalPlace), (V{"hukou", "work"}));
  const auto years = field_spec(FieldId::kFemaleOriginalAge).allowed_years;
  EXPECT_EQ(std::vector<int>(years.begin(), years.end()), (std::vector<int>{50, 55}));
}

TEST(ProfileSchema, EnumConstantsMatchTheTable) {
  EXPECT_EQ(enum_index(FieldId::kSex, "male"), enums::kMale);
  EXPECT_EQ(enum_index(FieldId::kSex, "female"), enums::kFemale);
  EXPECT_EQ(enum_index(FieldId::kRelationship, "employee"), enums::kEmployee);
  EXPECT_EQ(enum_index(FieldId::kRelationship, "part_time"), enums::kPartTime);
  EXPECT_EQ(enum_index(FieldId::kRelationship, "platform_managed"), enums::kPlatformManaged);
  EXPECT_EQ(enum_index(FieldId::kRelationship, "self_employed"), enums::kSelfEmployed);
  EXPECT_EQ(enum_index(FieldId::kRelationship, "dispatched"), enums::kDispatched);
  EXPECT_EQ(enum_index(FieldId::kRelationship, "outsourced"), enums::kOutsourced);
  EXPECT_EQ(enum_index(FieldId::kPensionScheme, "none"), enums::kSchemeNone);
  EXPECT_EQ(enum_index(FieldId::kMedicalScheme, "employee"), enums::kSchemeEmployee);
  EXPECT_EQ(enum_index(FieldId::kMedicalScheme, "resident"), enums::kSchemeResident);
  EXPECT_EQ(enum_index(FieldId::kSex, "Male"), -1);
  EXPECT_EQ(enum_index(FieldId::kBirth, "male"), -1);  // not an enum
}

TEST(ProfileSchema, FindField) {
  const FieldSpec* f = find_field("coverage.medical.break_years");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->id, FieldId::kMedicalBreakYears);
  EXPECT_EQ(find_field("choices.resident_pension_grade")->id, FieldId::kResidentPensionGrade);
  EXPECT_EQ(find_field("person"), nullptr);
  EXPECT_EQ(find_field("person.hukou"), nullptr);
  EXPECT_EQ(find_field("work.relashionship"), nullptr);
  EXPECT_EQ(find_field(""), nullptr);
}

TEST(ProfileSchema, EveryFieldHasLabelAndHelpInBothLanguages) {
  for (const auto& f : profile_schema()) {
    EXPECT_FALSE(f.label.zh.empty()) << f.path;
    EXPECT_FALSE(f.label.en.empty()) << f.path;
    EXPECT_FALSE(f.help.zh.empty()) << f.path;
    EXPECT_FALSE(f.help.en.empty()) << f.path;
    // Every enum value is explained in the help.
    for (std::string_view v : f.enum_values) {
      if (f.id == FieldId::kSex || f.id == FieldId::kHukouKind || f.id == FieldId::kMedicalPlace ||
          f.enum_values.size() > 2) {
        EXPECT_TRUE(contains(f.help.zh, v)) << f.path << " " << v;
        EXPECT_TRUE(contains(f.help.en, v)) << f.path << " " << v;
      }
    }
  }
  EXPECT_EQ(field_spec(FieldId::kRelationship).label.zh, "您与平台（或合作企业）是什么用工关系？");
}

// ---- a valid profile ---------------------------------------------------------------------------

TEST(ReadProfile, ReadsEveryFieldOfTheRider) {
  const Profile p = read_ok(rider());
  EXPECT_EQ(p.as_of(), ymd(2026, 11, 28));
  EXPECT_EQ(p.birth(), ymd(1994, 7, 1));
  EXPECT_TRUE(p.get(FieldId::kBirth).month_only);
  EXPECT_FALSE(p.get(FieldId::kAsOf).month_only);
  EXPECT_EQ(p.get(FieldId::kSex).value, enums::kMale);
  EXPECT_FALSE(p.known(FieldId::kFemaleOriginalAge));
  EXPECT_EQ(p.get(FieldId::kHukouRegion).value, 530902);
  EXPECT_EQ(p.get(FieldId::kHukouKind).value, 1);  // rural
  EXPECT_EQ(p.get(FieldId::kWorkRegion).value, 530102);
  EXPECT_EQ(p.get(FieldId::kRelationship).value, enums::kPlatformManaged);
  EXPECT_EQ(p.get(FieldId::kIndustry).value, 1);  // food_delivery
  EXPECT_TRUE(p.known(FieldId::kPlatform));
  EXPECT_EQ(p.platform(), "meituan");
  EXPECT_EQ(p.get(FieldId::kMonthlyIncome).value, 620000);  // fen
  EXPECT_EQ(p.get(FieldId::kPensionScheme).value, enums::kSchemeResident);
  EXPECT_EQ(p.get(FieldId::kPensionRegion).value, 530902);
  EXPECT_EQ(p.get(FieldId::kPensionMonthsPaid).value, 36);
  EXPECT_TRUE(p.known(FieldId::kPensionReceiving));
  EXPECT_EQ(p.get(FieldId::kPensionReceiving).value, 0);
  EXPECT_EQ(p.get(FieldId::kMedicalScheme).value, enums::kSchemeResident);
  EXPECT_EQ(p.get(FieldId::kMedicalMonthsPaid).value, 60);
  EXPECT_FALSE(p.known(FieldId::kMedicalRetireeBenefits));  // block given, field not: unknown
  EXPECT_FALSE(p.known(FieldId::kMedicalBreakYears));
  EXPECT_EQ(p.get(FieldId::kInjury).value, 0);                 // default none
  EXPECT_EQ(p.get(FieldId::kPensionBaseRatio).value, 600000);  // millionths
  EXPECT_EQ(p.get(FieldId::kMedicalPlace).value, 1);           // work
  EXPECT_FALSE(p.known(FieldId::kResidentPensionGrade));
  EXPECT_TRUE(p.extra().is_null());
}

TEST(ReadProfile, JsonStylesAreAccepted) {
  DocNode doc = rider();
  put(doc, "work.monthly_income", number("6200.5"));
  put(doc, "coverage.pension.months_paid", number("36"));
  put(doc, "coverage.pension.receiving", boolean(false));
  put(doc, "person.student", boolean(true));
  put(doc, "choices.pension_base_ratio", number("0.6"));
  put(doc, "person.sex", quoted("male"));
  put(doc, "as_of", quoted("2026-11-28"));
  const Profile p = read_ok(doc);
  EXPECT_EQ(p.get(FieldId::kMonthlyIncome).value, 620050);
  EXPECT_EQ(p.get(FieldId::kStudent).value, 1);
  EXPECT_EQ(p.get(FieldId::kSex).value, enums::kMale);
}

TEST(ReadProfile, YamlPlainRegionIsAccepted) {
  const Profile p = read_ok(with(rider(), "work.region", plain("530102")));
  EXPECT_EQ(p.get(FieldId::kWorkRegion).value, 530102);
}

TEST(ReadProfile, BirthWithDay) {
  const Profile p = read_ok(with(rider(), "person.birth", plain("1980-11-15")));
  EXPECT_EQ(p.birth(), ymd(1980, 11, 15));
  EXPECT_FALSE(p.get(FieldId::kBirth).month_only);
}

TEST(ReadProfile, AddedFields) {
  DocNode doc = rider();
  put(doc, "coverage.medical.break_years", plain("3"));
  put(doc, "coverage.medical.continuous_years", number("0"));
  put(doc, "choices.resident_pension_grade", plain("300"));
  const Profile p = read_ok(doc);
  EXPECT_EQ(p.get(FieldId::kMedicalBreakYears).value, 36);  // months
  EXPECT_TRUE(p.known(FieldId::kMedicalContinuousYears));
  EXPECT_EQ(p.get(FieldId::kMedicalContinuousYears).value, 0);
  EXPECT_EQ(p.get(FieldId::kResidentPensionGrade).value, 30000);
}

TEST(ReadProfile, FemaleOriginalRetirementAge) {
  DocNode doc = minimal();
  put(doc, "person.female_original_retirement_age", plain("50"));
  EXPECT_EQ(read_ok(doc).get(FieldId::kFemaleOriginalAge).value, 600);
  put(doc, "person.female_original_retirement_age", number("55"));
  EXPECT_EQ(read_ok(doc).get(FieldId::kFemaleOriginalAge).value, 660);
}

TEST(ReadProfile, ExtraIsCarriedUntouched) {
  DocNode extra =
      map({{"anything", seq({plain("a"), map({{"x", number("1")}})})}, {"Weird Key", null_node()}});
  const Profile p = read_ok(with(rider(), "extra", extra));
  ASSERT_TRUE(p.extra().is_mapping());
  ASSERT_EQ(p.extra().entries.size(), 2U);
  EXPECT_EQ(p.extra().entries[0].key, "anything");
  EXPECT_EQ(p.extra().entries[0].value.items[1].entries[0].value.text, "1");
  EXPECT_EQ(p.extra().entries[1].key, "Weird Key");
}

TEST(ReadProfile, DefaultAsOfIsUsedOnlyWhenAbsent) {
  const Date today = ymd(2026, 1, 5);
  EXPECT_EQ(read_ok(without(rider(), "as_of"), today).as_of(), today);
  EXPECT_EQ(read_ok(rider(), today).as_of(), ymd(2026, 11, 28));
}

TEST(ReadProfile, NullMeansUnknown) {
  DocNode doc = rider();
  put(doc, "work.monthly_income", null_node());
  put(doc, "work.platform", null_node());
  put(doc, "choices", null_node());
  const Profile p = read_ok(doc);
  EXPECT_FALSE(p.known(FieldId::kMonthlyIncome));
  EXPECT_FALSE(p.known(FieldId::kPlatform));
  EXPECT_FALSE(p.known(FieldId::kPensionBaseRatio));
}

// ---- defaults ----------------------------------------------------------------------------------

TEST(ReadProfileDefaults, AbsentBlocks) {
  const Profile p = read_ok(minimal());
  EXPECT_TRUE(p.known(FieldId::kStudent));
  EXPECT_EQ(p.get(FieldId::kStudent).value, 0);
  EXPECT_EQ(p.get(FieldId::kPensionScheme).value, enums::kSchemeNone);
  EXPECT_TRUE(p.known(FieldId::kPensionScheme));
  EXPECT_TRUE(p.known(FieldId::kPensionMonthsPaid));
  EXPECT_EQ(p.get(FieldId::kPensionMonthsPaid).value, 0);
  EXPECT_TRUE(p.known(FieldId::kPensionReceiving));
  EXPECT_EQ(p.get(FieldId::kPensionReceiving).value, 0);
  EXPECT_TRUE(p.known(FieldId::kMedicalScheme));
  EXPECT_EQ(p.get(FieldId::kMedicalScheme).value, enums::kSchemeNone);
  EXPECT_TRUE(p.known(FieldId::kMedicalMonthsPaid));
  EXPECT_EQ(p.get(FieldId::kMedicalMonthsPaid).value, 0);
  EXPECT_TRUE(p.known(FieldId::kMedicalRetireeBenefits));
  EXPECT_EQ(p.get(FieldId::kMedicalRetireeBenefits).value, 0);
  EXPECT_TRUE(p.known(FieldId::kInjury));
  EXPECT_EQ(p.get(FieldId::kInjury).value, 0);
  // No defaults for the rest.
  for (FieldId id :
       {FieldId::kFemaleOriginalAge, FieldId::kHukouKind, FieldId::kIndustry, FieldId::kPlatform,
        FieldId::kMonthlyIncome, FieldId::kPensionRegion, FieldId::kMedicalRegion,
        FieldId::kMedicalBreakYears, FieldId::kMedicalContinuousYears, FieldId::kPensionBaseRatio,
        FieldId::kMedicalPlace, FieldId::kResidentPensionGrade})
    EXPECT_FALSE(p.known(id)) << field_spec(id).path;
}

TEST(ReadProfileDefaults, EmptyCoverageMappingCountsAsAbsentBlocks) {
  const Profile p = read_ok(with(minimal(), "coverage", map({})));
  EXPECT_TRUE(p.known(FieldId::kPensionMonthsPaid));
  EXPECT_TRUE(p.known(FieldId::kMedicalRetireeBenefits));
}

TEST(ReadProfileDefaults, PresentBlockLeavesMissingFieldsUnknown) {
  DocNode doc = minimal();
  put(doc, "coverage.pension.scheme", plain("employee"));
  put(doc, "coverage.medical.region", quoted("530902"));
  const Profile p = read_ok(doc);
  EXPECT_FALSE(p.known(FieldId::kPensionMonthsPaid));
  EXPECT_FALSE(p.known(FieldId::kPensionReceiving));  // scheme employee: unknown
  EXPECT_FALSE(p.known(FieldId::kMedicalMonthsPaid));
  // medical.scheme absent: none, and so no retiree benefits.
  EXPECT_EQ(p.get(FieldId::kMedicalScheme).value, enums::kSchemeNone);
  EXPECT_TRUE(p.known(FieldId::kMedicalRetireeBenefits));
  EXPECT_EQ(p.get(FieldId::kMedicalRetireeBenefits).value, 0);
}

TEST(ReadProfileDefaults, SchemeNoneMeansNotReceiving) {
  const Profile p = read_ok(with(minimal(), "coverage.pension.scheme", plain("none")));
  EXPECT_TRUE(p.known(FieldId::kPensionReceiving));
  EXPECT_EQ(p.get(FieldId::kPensionReceiving).value, 0);
  EXPECT_FALSE(p.known(FieldId::kPensionMonthsPaid));  // may have paid before: stays unknown
}

TEST(ReadProfileDefaults, GivenValuesWin) {
  DocNode doc = minimal();
  put(doc, "person.student", plain("true"));
  put(doc, "coverage.injury", plain("occupational_injury"));
  const Profile p = read_ok(doc);
  EXPECT_EQ(p.get(FieldId::kStudent).value, 1);
  EXPECT_EQ(p.get(FieldId::kInjury).value, 2);
}

// ---- structure ---------------------------------------------------------------------------------

TEST(ReadProfileErrors, RootMustBeAMapping) {
  one_error(plain("hello"), "", "invalid_type");
  one_error(seq({}), "", "invalid_type");
  one_error(null_node(), "", "invalid_type");
  EXPECT_EQ(kRootPath, "");
}

TEST(ReadProfileErrors, UnknownTopLevelKey) {
  const FieldError e = one_error(with(rider(), "persons", map({})), "persons", "unknown_field");
  EXPECT_TRUE(contains(e.message, "person")) << e.message;
}

TEST(ReadProfileErrors, UnknownNestedKeyNamesTheFullPath) {
  DocNode doc = without(rider(), "work.relationship");
  put(doc, "work.relashionship", plain("employee"));
  const ProfileParse r = read_profile(doc, std::nullopt);
  ASSERT_EQ(r.errors.size(), 2U) << dump(r.errors);
  EXPECT_EQ(r.errors[0], (FieldError{"work.relashionship", "unknown_field",
                                     "unknown field; did you mean work.relationship?",
                                     "未知字段；您是不是想写 work.relationship？"}));
  EXPECT_EQ(r.errors[1].path, "work.relationship");
  EXPECT_EQ(r.errors[1].code, "missing_field");
}

TEST(ReadProfileErrors, UnknownKeyDeepInside) {
  one_error(with(rider(), "person.hukou.county", plain("x")), "person.hukou.county",
            "unknown_field");
  one_error(with(rider(), "coverage.pension.paid", plain("1")), "coverage.pension.paid",
            "unknown_field");
  one_error(with(rider(), "coverage.housing", map({})), "coverage.housing", "unknown_field");
}

TEST(ReadProfileErrors, UnknownKeyWithoutCloseMatchListsAllowedKeys) {
  const FieldError e =
      one_error(with(rider(), "choices.zzz", plain("1")), "choices.zzz", "unknown_field");
  EXPECT_TRUE(contains(e.message, "pension_base_ratio, medical_place, resident_pension_grade"))
      << e.message;
}

TEST(ReadProfileErrors, ExtraIsOnlyAllowedAtTheTop) {
  one_error(with(rider(), "person.extra", map({})), "person.extra", "unknown_field");
}

TEST(ReadProfileErrors, GroupMustBeAMapping) {
  // No missing_field for the fields inside a group that is written wrongly.
  one_error(with(rider(), "person", plain("someone")), "person", "invalid_type");
  one_error(with(rider(), "person.hukou", quoted("530902")), "person.hukou", "invalid_type");
  one_error(with(rider(), "coverage", seq({plain("pension")})), "coverage", "invalid_type");
}

TEST(ReadProfileErrors, ScalarExpected) {
  one_error(with(rider(), "person.sex", map({{"a", plain("b")}})), "person.sex", "invalid_type");
  one_error(with(rider(), "work.region", seq({quoted("530102")})), "work.region", "invalid_type");
  one_error(with(rider(), "as_of", seq({})), "as_of", "invalid_type");
}

// ---- required fields ---------------------------------------------------------------------------

class ReadProfileRequired : public ::testing::TestWithParam<const char*> {};

TEST_P(ReadProfileRequired, MissingField) {
  const FieldError e = one_error(without(rider(), GetParam()), GetParam(), "missing_field");
  EXPECT_EQ(e.message, "is required");
}

TEST_P(ReadProfileRequired, NullIsMissing) {
  one_error(with(rider(), GetParam(), null_node()), GetParam(), "missing_field");
}

INSTANTIATE_TEST_SUITE_P(All, ReadProfileRequired,
                         ::testing::Values("person.birth", "person.sex", "person.hukou.region",
                                           "work.region", "work.relationship"));

TEST(ReadProfileErrors, MissingAsOfWithoutDefault) {
  one_error(without(rider(), "as_of"), "as_of", "missing_field");
}

TEST(ReadProfileErrors, MissingBlocksGiveEveryRequiredField) {
  const ProfileParse r = read_profile(map({{"as_of", plain("2026-11-28")}}), std::nullopt);
  std::vector<std::string> paths;
  for (const auto& e : r.errors) {
    paths.push_back(e.path);
    EXPECT_EQ(e.code, "missing_field");
  }
  EXPECT_EQ(paths, (std::vector<std::string>{"person.birth", "person.sex", "person.hukou.region",
                                             "work.region", "work.relationship"}));
}

// ---- scalar styles (JSON keeps them) -----------------------------------------------------------

TEST(ReadProfileErrors, QuotedNumberIsInvalidType) {
  one_error(with(rider(), "work.monthly_income", quoted("5200")), "work.monthly_income",
            "invalid_type");
  one_error(with(rider(), "coverage.pension.months_paid", quoted("36")),
            "coverage.pension.months_paid", "invalid_type");
  one_error(with(rider(), "choices.pension_base_ratio", quoted("0.6")),
            "choices.pension_base_ratio", "invalid_type");
  one_error(with(rider(), "coverage.medical.break_years", quoted("2")),
            "coverage.medical.break_years", "invalid_type");
  one_error(with(minimal(), "person.female_original_retirement_age", quoted("50")),
            "person.female_original_retirement_age", "invalid_type");
}

TEST(ReadProfileErrors, BoolWhereNumberIsInvalidType) {
  one_error(with(rider(), "work.monthly_income", boolean(true)), "work.monthly_income",
            "invalid_type");
}

TEST(ReadProfileErrors, RegionAsJsonNumberIsInvalidType) {
  const FieldError e =
      one_error(with(rider(), "work.region", number("530102")), "work.region", "invalid_type");
  EXPECT_TRUE(contains(e.message, "must be a string of six digits")) << e.message;
  one_error(with(rider(), "coverage.pension.region", number("530902")), "coverage.pension.region",
            "invalid_type");
}

TEST(ReadProfileErrors, EnumAsNumberOrBoolIsInvalidType) {
  one_error(with(rider(), "person.sex", number("1")), "person.sex", "invalid_type");
  one_error(with(rider(), "choices.medical_place", boolean(true)), "choices.medical_place",
            "invalid_type");
}

TEST(ReadProfileErrors, DateAsNumberIsInvalidType) {
  one_error(with(rider(), "as_of", number("20261128")), "as_of", "invalid_type");
}

TEST(ReadProfileErrors, BoolStrictness) {
  one_error(with(rider(), "person.student", quoted("true")), "person.student", "invalid_type");
  one_error(with(rider(), "person.student", number("1")), "person.student", "invalid_type");
  one_error(with(rider(), "person.student", plain("yes")), "person.student", "invalid_type");
  one_error(with(rider(), "coverage.pension.receiving", plain("True")),
            "coverage.pension.receiving", "invalid_type");
}

TEST(ReadProfileErrors, PlatformAsNumberIsInvalidType) {
  one_error(with(rider(), "work.platform", number("12")), "work.platform", "invalid_type");
}

// ---- dates -------------------------------------------------------------------------------------

TEST(ReadProfileErrors, AsOfNotACalendarDate) {
  const FieldError e =
      one_error(with(rider(), "as_of", plain("2025-02-30")), "as_of", "invalid_date");
  EXPECT_EQ(e.message, "2025-02-30 is not a calendar date");
}

TEST(ReadProfileErrors, AsOfMustHaveADay) {
  one_error(with(rider(), "as_of", plain("2026-11")), "as_of", "invalid_date");
}

TEST(ReadProfileErrors, AsOfBadShapes) {
  for (const char* bad : {"2026/11/28", "26-11-28", "2026-11-28T00:00", "2026-1-5", "today", ""}) {
    one_error(with(rider(), "as_of", quoted(bad)), "as_of", "invalid_date");
  }
}

TEST(ReadProfileErrors, BirthNotACalendarMonth) {
  EXPECT_EQ(
      one_error(with(rider(), "person.birth", plain("1992-13")), "person.birth", "invalid_date")
          .message,
      "1992-13 is not a calendar month");
  one_error(with(rider(), "person.birth", plain("1992-00")), "person.birth", "invalid_date");
  const FieldError e =
      one_error(with(rider(), "person.birth", plain("1991-02-29")), "person.birth", "invalid_date");
  EXPECT_EQ(e.message, "1991-02-29 is not a calendar date");
}

TEST(ReadProfileErrors, BirthYearOutOfRange) {
  one_error(with(rider(), "person.birth", plain("1850-01")), "person.birth", "invalid_date");
}

TEST(ReadProfileErrors, BirthAfterAsOf) {
  const FieldError e = one_error(with(rider(), "person.birth", plain("2026-12")), "person.birth",
                                 "birth_after_as_of");
  EXPECT_TRUE(contains(e.message, "2026-12")) << e.message;
  // Also against the default as_of.
  one_error(with(without(rider(), "as_of"), "person.birth", plain("2026-01-06")), "person.birth",
            "birth_after_as_of", ymd(2026, 1, 5));
  // Born on as_of itself is fine.
  read_ok(with(rider(), "person.birth", plain("2026-11-28")));
}

TEST(ReadProfileErrors, AgeOverOneHundredTwenty) {
  one_error(with(rider(), "person.birth", plain("1905-11-28")), "person.birth", "invalid_date");
  read_ok(with(rider(), "person.birth", plain("1905-11-29")));  // 120 years and 364 days
}

// ---- regions -----------------------------------------------------------------------------------

TEST(ReadProfileErrors, InvalidRegionNamesTheValue) {
  const FieldError e = one_error(with(rider(), "person.hukou.region", quoted("53090")),
                                 "person.hukou.region", "invalid_region");
  EXPECT_TRUE(contains(e.message, "\"53090\"")) << e.message;
  EXPECT_TRUE(contains(e.message_zh, "53090")) << e.message_zh;
  one_error(with(rider(), "work.region", quoted("000000")), "work.region", "invalid_region");
  one_error(with(rider(), "work.region", plain("99a102")), "work.region", "invalid_region");
  one_error(with(rider(), "work.region", plain("990102")), "work.region", "invalid_region");
}

TEST(ReadProfileErrors, RegionThatNeverExistedGetsTheNearestNames) {
  // 530999: no such county in Lincang; the region table offers Lincang and its nearest counties.
  const FieldError e = one_error(with(rider(), "work.region", quoted("530999")), "work.region", "invalid_region");
  EXPECT_TRUE(contains(e.message_zh, "云南省临沧市（530900）")) << e.message_zh;
  EXPECT_TRUE(contains(e.message_zh, "沧源佤族自治县（530927）")) << e.message_zh;
  EXPECT_TRUE(contains(e.message, "Lincang, Yunnan (530900)")) << e.message;
  // 530101 (市辖区) is a statistical placeholder, not a region.
  one_error(with(rider(), "person.hukou.region", quoted("530101")), "person.hukou.region", "invalid_region");
}

TEST(ReadProfileErrors, SplitRegionAsksForThePart) {
  // 杭州市江干区 330104 (withdrawn 2021) was divided between 上城区 and 钱塘区.
  const FieldError e = one_error(with(rider(), "person.hukou.region", quoted("330104")), "person.hukou.region",
                                 "invalid_region");
  EXPECT_TRUE(contains(e.message_zh, "2021年撤销")) << e.message_zh;
  EXPECT_TRUE(contains(e.message_zh, "330102")) << e.message_zh;
  EXPECT_TRUE(contains(e.message_zh, "330114")) << e.message_zh;
}

TEST(ReadProfile, WithdrawnRegionIsReadAsItsSuccessor) {
  // 晋宁县 530122 became 晋宁区 530115 in 2016: answered for 530115, the old code kept for the note.
  const Profile p = read_ok(with(rider(), "person.hukou.region", quoted("530122")));
  EXPECT_EQ(p.get(FieldId::kHukouRegion).value, 530115);
  ASSERT_EQ(p.renumbered_regions().size(), 1u);
  EXPECT_EQ(p.renumbered_regions()[0].field, FieldId::kHukouRegion);
  EXPECT_EQ(p.renumbered_regions()[0].old_code, 530122u);
  EXPECT_TRUE(read_ok(rider()).renumbered_regions().empty());
}

TEST(ReadProfileErrors, CoverageRegionsAreChecked) {
  one_error(with(rider(), "coverage.pension.region", quoted("5309020")), "coverage.pension.region",
            "invalid_region");
  one_error(with(rider(), "coverage.medical.region", quoted("")), "coverage.medical.region",
            "invalid_region");
}

// ---- money -------------------------------------------------------------------------------------

TEST(ReadProfileErrors, NegativeMoney) {
  one_error(with(rider(), "work.monthly_income", plain("-1")), "work.monthly_income",
            "negative_value");
  one_error(with(rider(), "choices.resident_pension_grade", number("-200")),
            "choices.resident_pension_grade", "negative_value");
}

TEST(ReadProfileErrors, UnparsableMoney) {
  for (const char* bad : {"abc", ".nan", "NaN", ".inf", "Infinity", "-Infinity", "1e5", "5E3",
                          "5200.123", "5,200", "5200 yuan", "+5200", ""}) {
    one_error(with(rider(), "work.monthly_income", plain(bad)), "work.monthly_income",
              "invalid_number");
  }
  one_error(with(rider(), "choices.resident_pension_grade", plain("abc")),
            "choices.resident_pension_grade", "invalid_number");
}

TEST(ReadProfileErrors, MoneyTooLarge) {
  one_error(with(rider(), "work.monthly_income", plain("1000000000.01")), "work.monthly_income",
            "invalid_number");
  one_error(with(rider(), "work.monthly_income", plain("99999999999999999999999")),
            "work.monthly_income", "invalid_number");
  EXPECT_EQ(read_ok(with(rider(), "work.monthly_income", plain("1000000000")))
                .get(FieldId::kMonthlyIncome)
                .value,
            100'000'000'000LL);
  EXPECT_EQ(
      read_ok(with(rider(), "work.monthly_income", plain("0"))).get(FieldId::kMonthlyIncome).value,
      0);
}

// ---- months and years --------------------------------------------------------------------------

TEST(ReadProfileErrors, NegativeMonths) {
  one_error(with(rider(), "coverage.pension.months_paid", plain("-1")),
            "coverage.pension.months_paid", "negative_value");
  one_error(with(rider(), "coverage.medical.months_paid", number("-12")),
            "coverage.medical.months_paid", "negative_value");
}

TEST(ReadProfileErrors, MonthsNotAWholeNumber) {
  one_error(with(rider(), "coverage.pension.months_paid", plain("1.5")),
            "coverage.pension.months_paid", "invalid_number");
  one_error(with(rider(), "coverage.pension.months_paid", plain("ten")),
            "coverage.pension.months_paid", "invalid_number");
  one_error(with(rider(), "coverage.pension.months_paid", plain("1e2")),
            "coverage.pension.months_paid", "invalid_number");
}

TEST(ReadProfileErrors, MonthsAtMost1200) {
  one_error(with(rider(), "coverage.medical.months_paid", plain("1201")),
            "coverage.medical.months_paid", "invalid_number");
  one_error(with(rider(), "coverage.medical.months_paid", plain("99999999999999999999")),
            "coverage.medical.months_paid", "invalid_number");
  EXPECT_EQ(read_ok(with(rider(), "coverage.medical.months_paid", plain("1200")))
                .get(FieldId::kMedicalMonthsPaid)
                .value,
            1200);
}

TEST(ReadProfileErrors, YearCounts) {
  one_error(with(rider(), "coverage.medical.break_years", plain("-1")),
            "coverage.medical.break_years", "negative_value");
  one_error(with(rider(), "coverage.medical.break_years", plain("1.5")),
            "coverage.medical.break_years", "invalid_number");
  one_error(with(rider(), "coverage.medical.continuous_years", plain("121")),
            "coverage.medical.continuous_years", "invalid_number");
  EXPECT_EQ(read_ok(with(rider(), "coverage.medical.continuous_years", plain("120")))
                .get(FieldId::kMedicalContinuousYears)
                .value,
            1440);
}

// ---- ratio -------------------------------------------------------------------------------------

TEST(ReadProfileErrors, RatioOutOfRange) {
  for (const char* bad : {"0", "-0.5", "10.000001", "11"}) {
    one_error(with(rider(), "choices.pension_base_ratio", plain(bad)), "choices.pension_base_ratio",
              "out_of_range");
  }
  // The policy's own 0.6..3.0 is checked later, not here.
  EXPECT_EQ(read_ok(with(rider(), "choices.pension_base_ratio", plain("10")))
                .get(FieldId::kPensionBaseRatio)
                .value,
            10'000'000);
  EXPECT_EQ(read_ok(with(rider(), "choices.pension_base_ratio", plain("0.3")))
                .get(FieldId::kPensionBaseRatio)
                .value,
            300'000);
}

TEST(ReadProfileErrors, RatioNotANumber) {
  for (const char* bad : {"sixty", "60%", "6e-1", ".nan", "0.1234567"}) {
    one_error(with(rider(), "choices.pension_base_ratio", plain(bad)), "choices.pension_base_ratio",
              "invalid_number");
  }
}

// ---- enums -------------------------------------------------------------------------------------

TEST(ReadProfileErrors, UnknownEnumValueListsTheAllowedValues) {
  const FieldError e = one_error(with(rider(), "work.relationship", plain("contractor")),
                                 "work.relationship", "invalid_enum");
  EXPECT_EQ(e.message,
            "\"contractor\" is not allowed; use one of: employee, part_time, platform_managed, "
            "self_employed, dispatched, outsourced");
}

class ReadProfileEnum : public ::testing::TestWithParam<const char*> {};

TEST_P(ReadProfileEnum, InvalidValue) {
  const FieldError e =
      one_error(with(rider(), GetParam(), plain("Bogus")), GetParam(), "invalid_enum");
  for (std::string_view v : find_field(GetParam())->enum_values)
    EXPECT_TRUE(contains(e.message, v));
}

INSTANTIATE_TEST_SUITE_P(All, ReadProfileEnum,
                         ::testing::Values("person.sex", "person.hukou.kind", "work.relationship",
                                           "work.industry", "coverage.pension.scheme",
                                           "coverage.medical.scheme", "coverage.injury",
                                           "choices.medical_place"));

TEST(ReadProfileErrors, EnumsAreCaseSensitive) {
  one_error(with(rider(), "person.sex", plain("Male")), "person.sex", "invalid_enum");
}

// ---- platform ----------------------------------------------------------------------------------

TEST(ReadProfileErrors, InvalidPlatform) {
  for (const std::string& bad :
       {std::string("Meituan"), std::string("mei-tuan"), std::string("美团"),
        std::string("meituan "), std::string(), std::string(41, 'a')}) {
    one_error(with(rider(), "work.platform", quoted(bad)), "work.platform", "invalid_platform");
  }
  EXPECT_EQ(read_ok(with(rider(), "work.platform", plain("sf_intra_city"))).platform(),
            "sf_intra_city");
  EXPECT_EQ(read_ok(with(rider(), "work.platform", plain("9"))).platform(), "9");
  EXPECT_EQ(read_ok(with(rider(), "work.platform", plain(std::string(40, 'z')))).platform().size(),
            40U);
}

// ---- female_original_retirement_age ------------------------------------------------------------

TEST(ReadProfileErrors, FemaleOriginalAgeOnlyFiftyOrFiftyFive) {
  for (const char* bad : {"52", "60", "0", "-50", "50.5"}) {
    one_error(with(minimal(), "person.female_original_retirement_age", plain(bad)),
              "person.female_original_retirement_age", "out_of_range");
  }
  one_error(with(minimal(), "person.female_original_retirement_age", plain("fifty")),
            "person.female_original_retirement_age", "invalid_number");
}

TEST(ReadProfileErrors, FemaleOriginalAgeForAManIsNotApplicable) {
  one_error(with(rider(), "person.female_original_retirement_age", plain("55")),
            "person.female_original_retirement_age", "not_applicable");
}

// ---- cross-field -------------------------------------------------------------------------------

TEST(ReadProfileErrors, ReceivingWithSchemeNoneIsInconsistent) {
  one_error(with(rider(), "coverage.pension",
                 map({{"scheme", plain("none")}, {"receiving", plain("true")}})),
            "coverage.pension.receiving", "inconsistent");
  // scheme absent means none.
  one_error(with(rider(), "coverage.pension", map({{"receiving", boolean(true)}})),
            "coverage.pension.receiving", "inconsistent");
  // With a scheme, drawing a pension is fine.
  read_ok(with(rider(), "coverage.pension.receiving", plain("true")));
}

TEST(ReadProfileErrors, RetireeBenefitsOutsideEmployeeMedicalIsInconsistent) {
  one_error(with(rider(), "coverage.medical.retiree_benefits", plain("true")),
            "coverage.medical.retiree_benefits", "inconsistent");
  DocNode doc = with(rider(), "coverage.medical.scheme", plain("employee"));
  put(doc, "coverage.medical.retiree_benefits", plain("true"));
  read_ok(doc);
}

// ---- many problems at once ---------------------------------------------------------------------

TEST(ReadProfileErrors, EveryProblemInDocumentOrder) {
  DocNode doc = rider();
  put(doc, "as_of", plain("2025-02-30"));
  put(doc, "person.sex", plain("x"));
  put(doc, "person.hukou.region", quoted("1"));
  put(doc, "person.nickname", plain("a"));
  put(doc, "work.monthly_income", plain("-5"));
  put(doc, "work.platform", plain("Didi"));
  put(doc, "coverage.pension.months_paid", plain("-3"));
  put(doc, "choices.pension_base_ratio", plain("0"));
  erase(doc, "work.relationship");
  const ProfileParse r = read_profile(doc, std::nullopt);
  EXPECT_FALSE(r.profile.has_value());
  std::vector<std::pair<std::string, std::string>> got;
  for (const auto& e : r.errors) got.emplace_back(e.path, e.code);
  const std::vector<std::pair<std::string, std::string>> want = {
      {"as_of", "invalid_date"},
      {"person.sex", "invalid_enum"},
      {"person.hukou.region", "invalid_region"},
      {"person.nickname", "unknown_field"},
      {"work.platform", "invalid_platform"},
      {"work.monthly_income", "negative_value"},
      {"coverage.pension.months_paid", "negative_value"},
      {"choices.pension_base_ratio", "out_of_range"},
      {"work.relationship", "missing_field"},
  };
  EXPECT_EQ(got, want) << dump(r.errors);
}

// ---- back to a document ------------------------------------------------------------------------

const DocNode& at(const DocNode& root, std::string_view path) {
  const DocNode* n = &root;
  for (auto dot = path.find('.');; dot = path.find('.')) {
    n = n->find(path.substr(0, dot));
    if (!n) {
      static const DocNode kNull;
      ADD_FAILURE() << "no " << path;
      return kNull;
    }
    if (dot == std::string_view::npos) return *n;
    path.remove_prefix(dot + 1);
  }
}

TEST(ProfileToDoc, ShapeAndFormats) {
  DocNode in = rider();
  put(in, "work.monthly_income", plain("6200.5"));
  put(in, "choices.resident_pension_grade", plain("300"));
  put(in, "coverage.medical.break_years", plain("2"));
  const DocNode d = profile_to_doc(read_ok(in));
  ASSERT_TRUE(d.is_mapping());
  std::vector<std::string> top;
  for (const auto& e : d.entries) top.push_back(e.key);
  EXPECT_EQ(top, (std::vector<std::string>{"as_of", "person", "work", "coverage", "choices"}));
  std::vector<std::string> person;
  for (const auto& e : at(d, "person").entries) person.push_back(e.key);
  EXPECT_EQ(person, (std::vector<std::string>{"birth", "sex", "hukou", "student"}));
  std::vector<std::string> medical;
  for (const auto& e : at(d, "coverage.medical").entries) medical.push_back(e.key);
  EXPECT_EQ(medical, (std::vector<std::string>{"scheme", "region", "months_paid", "break_years"}));

  EXPECT_EQ(at(d, "as_of").text, "2026-11-28");
  EXPECT_EQ(at(d, "person.birth").text, "1994-07");
  EXPECT_EQ(at(d, "person.sex").text, "male");
  EXPECT_EQ(at(d, "person.hukou.region").text, "530902");
  EXPECT_EQ(at(d, "person.hukou.region").style, DocNode::Style::kQuoted);
  EXPECT_EQ(at(d, "person.student").text, "false");
  EXPECT_EQ(at(d, "person.student").style, DocNode::Style::kBool);
  EXPECT_EQ(at(d, "work.platform").text, "meituan");
  EXPECT_EQ(at(d, "work.monthly_income").text, "6200.50");
  EXPECT_EQ(at(d, "work.monthly_income").style, DocNode::Style::kNumber);
  EXPECT_EQ(at(d, "coverage.pension.months_paid").text, "36");
  EXPECT_EQ(at(d, "coverage.medical.break_years").text, "2");
  EXPECT_EQ(at(d, "coverage.injury").text, "none");
  EXPECT_EQ(at(d, "choices.pension_base_ratio").text, "0.6");
  EXPECT_EQ(at(d, "choices.resident_pension_grade").text, "300");
  EXPECT_EQ(d.find("extra"), nullptr);
}

void expect_same(const Profile& a, const Profile& b) {
  for (const auto& f : profile_schema()) {
    EXPECT_EQ(a.get(f.id).known, b.get(f.id).known) << f.path;
    EXPECT_EQ(a.get(f.id).value, b.get(f.id).value) << f.path;
    EXPECT_EQ(a.get(f.id).month_only, b.get(f.id).month_only) << f.path;
  }
  EXPECT_EQ(a.platform(), b.platform());
}

TEST(ProfileToDoc, RoundTrip) {
  DocNode in = rider();
  put(in, "person.birth", plain("1994-07-09"));
  put(in, "person.hukou.kind", plain("urban"));
  put(in, "person.student", plain("true"));
  put(in, "coverage.pension.receiving", plain("true"));
  put(in, "coverage.medical.break_years", plain("1"));
  put(in, "coverage.medical.continuous_years", plain("4"));
  put(in, "coverage.injury", plain("occupational_injury"));
  put(in, "choices.pension_base_ratio", plain("1.25"));
  put(in, "choices.resident_pension_grade", plain("2000.05"));
  put(in, "extra", map({{"note", quoted("hello")}}));
  const Profile p = read_ok(in);
  const DocNode d = profile_to_doc(p);
  const Profile q = read_ok(d);
  expect_same(p, q);
  ASSERT_TRUE(q.extra().is_mapping());
  EXPECT_EQ(q.extra().entries[0].value.text, "hello");

  // A woman with her original age, and the minimal profile with defaults.
  DocNode w = minimal();
  put(w, "person.female_original_retirement_age", plain("55"));
  const Profile pw = read_ok(w);
  expect_same(pw, read_ok(profile_to_doc(pw)));
  // Writing it again gives the same document.
  const DocNode dw = profile_to_doc(pw);
  EXPECT_EQ(at(dw, "person.female_original_retirement_age").text, "55");
  EXPECT_EQ(at(profile_to_doc(read_ok(dw)), "person.birth").text, "1979-04");
}

TEST(ProfileToDoc, EmptyProfileGivesAnEmptyMapping) {
  const DocNode d = profile_to_doc(Profile{});
  EXPECT_TRUE(d.is_mapping());
  EXPECT_TRUE(d.entries.empty());
}

// ---- through the YAML adapter ------------------------------------------------------------------

DocNode yaml(std::string_view text) {
  DocParse d = parse_yaml(text);
  EXPECT_TRUE(d.ok()) << text;
  return d.root ? *d.root : DocNode{};
}

std::string example_path(std::string_view name) {
  return std::string(SHEBAO_SHARED_DIR) + "/contract/examples/" + std::string(name);
}

Profile read_example(std::string_view name, std::optional<Date> default_as_of = std::nullopt) {
  DocParse d = load_yaml_file(example_path(name));
  EXPECT_TRUE(d.ok()) << name;
  if (!d.root) return {};
  return read_ok(*d.root, default_as_of);
}

TEST(ProfileExamples, RiderLincangInKunming) {
  const Profile p = read_example("rider-lincang-in-kunming.yaml");
  expect_same(p, read_ok(rider()));  // the hand-built tree above is this file
}

TEST(ProfileExamples, DriverEmployee) {
  const Profile p = read_example("driver-employee.yaml");
  EXPECT_EQ(p.as_of(), ymd(2026, 11, 28));
  EXPECT_EQ(p.birth(), ymd(1980, 11, 15));
  EXPECT_FALSE(p.get(FieldId::kBirth).month_only);
  EXPECT_EQ(p.get(FieldId::kSex).value, enums::kMale);
  EXPECT_EQ(p.get(FieldId::kHukouRegion).value, 530921);
  EXPECT_FALSE(p.known(FieldId::kHukouKind));
  EXPECT_EQ(p.get(FieldId::kRelationship).value, enums::kEmployee);
  EXPECT_EQ(p.get(FieldId::kIndustry).value, 0);  // ride_hailing
  EXPECT_EQ(p.platform(), "didi");
  EXPECT_EQ(p.get(FieldId::kMonthlyIncome).value, 500000);
  EXPECT_EQ(p.get(FieldId::kPensionScheme).value, enums::kSchemeEmployee);
  EXPECT_EQ(p.get(FieldId::kPensionMonthsPaid).value, 150);
  EXPECT_FALSE(p.known(FieldId::kPensionReceiving));
  EXPECT_EQ(p.get(FieldId::kMedicalScheme).value, enums::kSchemeEmployee);
  EXPECT_EQ(p.get(FieldId::kMedicalRegion).value, 530902);
  EXPECT_EQ(p.get(FieldId::kInjury).value, 1);  // work_injury
  expect_same(p, read_ok(profile_to_doc(p)));
}

TEST(ProfileExamples, CourierPartTimeWomanUsesTheDefaultAsOf) {
  const DocParse doc = load_yaml_file(example_path("courier-part-time-woman.yaml"));
  ASSERT_TRUE(doc.ok());
  EXPECT_EQ(read_profile(*doc.root, std::nullopt).errors,
            (std::vector<FieldError>{{"as_of", "missing_field",
                                      "is required: the date the question is asked for",
                                      "必须填写：按哪一天的政策来回答"}}));
  const Profile p = read_example("courier-part-time-woman.yaml", ymd(2026, 11, 28));
  EXPECT_EQ(p.as_of(), ymd(2026, 11, 28));
  EXPECT_EQ(p.birth(), ymd(1979, 4, 1));
  EXPECT_EQ(p.get(FieldId::kSex).value, enums::kFemale);
  EXPECT_FALSE(p.known(FieldId::kFemaleOriginalAge));
  EXPECT_EQ(p.get(FieldId::kHukouKind).value, 0);  // urban
  EXPECT_EQ(p.get(FieldId::kRelationship).value, enums::kPartTime);
  EXPECT_FALSE(p.known(FieldId::kMonthlyIncome));
  EXPECT_EQ(p.get(FieldId::kPensionMonthsPaid).value, 0);  // no coverage block: defaults
  EXPECT_EQ(p.get(FieldId::kMedicalRetireeBenefits).value, 0);
  expect_same(p, read_ok(profile_to_doc(p)));
}

TEST(ProfileYaml, UnknownFieldThroughYaml) {
  const DocNode doc = yaml(R"(as_of: 2026-11-28
person: {birth: 1992-03, sex: female, hukou: {region: "530902"}}
work:
  region: 530102
  relashionship: employee
)");
  const ProfileParse r = read_profile(doc, std::nullopt);
  ASSERT_EQ(r.errors.size(), 2U) << dump(r.errors);
  EXPECT_EQ(r.errors[0].path, "work.relashionship");
  EXPECT_EQ(r.errors[0].code, "unknown_field");
  EXPECT_EQ(r.errors[1].path, "work.relationship");
  EXPECT_EQ(r.errors[1].code, "missing_field");
}

TEST(ProfileYaml, QuotedNumberInYamlIsInvalidType) {
  one_error(yaml(R"(as_of: 2026-11-28
person: {birth: 1992-03, sex: female, hukou: {region: "530902"}}
work: {region: "530102", relationship: self_employed, monthly_income: "5200"}
)"),
            "work.monthly_income", "invalid_type");
}

TEST(ProfileYaml, EmptyValuesAndExtra) {
  const Profile p = read_ok(yaml(R"(as_of: 2026-11-28
person: {birth: 1992-03, sex: female, hukou: {region: "530902", kind: ~}}
work: {region: "530102", relationship: self_employed, monthly_income:}
extra: {source: "hotline", tags: [a, b]}
)"));
  EXPECT_FALSE(p.known(FieldId::kHukouKind));
  EXPECT_FALSE(p.known(FieldId::kMonthlyIncome));
  ASSERT_NE(p.extra().find("tags"), nullptr);
  EXPECT_EQ(p.extra().find("tags")->items.size(), 2U);
}

// ---- contribution history (coverage.*.history, coverage.pension.deemed) ------------------------

constexpr std::string_view kHistoryHead =
    "as_of: 2026-11-28\n"
    "person: {birth: 1990-05, sex: male, hukou: {region: \"530902\"}}\n"
    "work: {region: \"530102\", relationship: platform_managed}\n";

ProfileParse read_history(std::string_view coverage) {
  return read_profile(yaml(std::string(kHistoryHead) + std::string(coverage)), std::nullopt);
}

TEST(ProfileHistory, PeriodsAreReadAndTheSimpleFieldsDerived) {
  const ProfileParse r = read_history(
      "coverage:\n"
      "  pension:\n"
      "    history:\n"
      "      - {region: \"440305\", from: 2012-01, to: 2017-12}\n"
      "      - {region: \"530102\", from: 2018-01, months: 24, temporary: true}\n"
      "      - {region: \"530902\", from: 2020-01}\n"
      "    deemed: [{region: \"530902\", years: 2}]\n"
      "  medical:\n"
      "    history:\n"
      "      - {region: \"440305\", from: 2012-01, to: 2017-12}\n"
      "      - {region: \"530102\", from: 2017-07}\n");
  ASSERT_TRUE(r.errors.empty()) << dump(r.errors);
  const Profile& p = *r.profile;
  ASSERT_EQ(p.pension_history().size(), 3U);
  EXPECT_EQ(p.pension_history()[1].to, *YearMonth::parse("2019-12"));  // from + months - 1
  EXPECT_TRUE(p.pension_history()[1].temporary);
  EXPECT_TRUE(p.pension_history()[2].open);
  EXPECT_EQ(p.pension_history()[2].to, *YearMonth::parse("2026-10"));  // the month before as_of's
  ASSERT_EQ(p.pension_deemed().size(), 1U);
  EXPECT_EQ(p.pension_deemed()[0].months, 24);
  // Derived: employee; the relation's place (the latest normal account, not the temporary one);
  // 72 + 24 + 82 + 24 deemed months.
  EXPECT_EQ(p.get(FieldId::kPensionScheme).value, enums::kSchemeEmployee);
  EXPECT_EQ(p.get(FieldId::kPensionRegion).value, 530902);
  EXPECT_EQ(p.get(FieldId::kPensionMonthsPaid).value, 72 + 24 + 82 + 24);
  // Medical: 2017-07..2017-12 was paid in both places and counts once: 2012-01..2026-10 = 178.
  EXPECT_EQ(p.get(FieldId::kMedicalRegion).value, 530102);
  EXPECT_EQ(p.get(FieldId::kMedicalMonthsPaid).value, 178);
}

TEST(ProfileHistory, WrittenBackAndReadAgainItIsTheSame) {
  const ProfileParse r = read_history(
      "coverage:\n"
      "  pension:\n"
      "    history:\n"
      "      - {region: \"440305\", from: 2012-01, to: 2017-12}\n"
      "      - {region: \"530902\", from: 2020-01, scheme: resident}\n");
  ASSERT_TRUE(r.errors.empty()) << dump(r.errors);
  const ProfileParse again = read_profile(profile_to_doc(*r.profile), std::nullopt);
  ASSERT_TRUE(again.errors.empty()) << dump(again.errors);
  ASSERT_EQ(again.profile->pension_history().size(), 2U);
  EXPECT_EQ(again.profile->pension_history()[1].scheme, RecordScheme::kResident);
  EXPECT_TRUE(again.profile->pension_history()[1].open);
  EXPECT_EQ(again.profile->get(FieldId::kPensionScheme).value, enums::kSchemeResident);
  EXPECT_EQ(again.profile->get(FieldId::kPensionMonthsPaid).value, 82);
}

TEST(ProfileHistory, EachBadPeriodIsNamed) {
  auto codes = [](const ProfileParse& r) {
    std::vector<std::string> out;
    for (const FieldError& e : r.errors) out.push_back(e.path + ":" + e.code);
    return out;
  };
  using V = std::vector<std::string>;
  EXPECT_EQ(codes(read_history("coverage: {pension: {history: [{region: \"440305\", from: 2012-01, to: 2018-12},"
                               " {region: \"530902\", from: 2018-06}]}}\n")),
            V{"coverage.pension.history[1]:inconsistent"});
  // Two medical periods may share months (counted once); resident and employee pension too.
  EXPECT_TRUE(read_history("coverage: {medical: {history: [{region: \"440305\", from: 2012-01, to: 2018-12},"
                           " {region: \"530902\", from: 2018-06}]}}\n")
                  .errors.empty());
  EXPECT_TRUE(read_history("coverage: {pension: {history: [{region: \"440305\", from: 2012-01, to: 2018-12},"
                           " {region: \"530902\", from: 2018-06, scheme: resident}]}}\n")
                  .errors.empty());
  EXPECT_EQ(codes(read_history("coverage: {pension: {history: [{region: \"530902\", from: 2026-01, to: 2027-01}]}}\n")),
            V{"coverage.pension.history[0]:invalid_date"});
  EXPECT_EQ(codes(read_history("coverage: {pension: {history: [{region: \"530902\", from: 2005-01, to: 2007-01}]}}\n")),
            V{"coverage.pension.history[0].from:invalid_date"});  // born 1990-05: 16 in 2006-05
  EXPECT_EQ(codes(read_history("coverage: {pension: {history: [{region: \"530902\", from: 2020-05, to: 2019-01}]}}\n")),
            V{"coverage.pension.history[0].to:invalid_date"});
  EXPECT_EQ(codes(read_history("coverage: {pension: {history: [{region: \"530902\", from: 2027-01}]}}\n")),
            V{"coverage.pension.history[0].from:invalid_date"});
  EXPECT_EQ(codes(read_history("coverage: {pension: {history: [{region: \"530902\", from: 2020-01, to: 2020-12,"
                               " months: 10}]}}\n")),
            V{"coverage.pension.history[0].months:inconsistent"});
  EXPECT_EQ(codes(read_history("coverage: {pension: {history: [{from: 2020-01, place: x}]}}\n")),
            (V{"coverage.pension.history[0].place:unknown_field", "coverage.pension.history[0].region:missing_field"}));
  EXPECT_EQ(codes(read_history("coverage: {pension: {history: {region: \"530902\"}}}\n")),
            V{"coverage.pension.history:invalid_type"});
  EXPECT_EQ(codes(read_history("coverage: {pension: {months_paid: 5, history: [{region: \"530902\", from: 2020-01,"
                               " to: 2020-12}]}}\n")),
            V{"coverage.pension.months_paid:inconsistent"});
  EXPECT_EQ(codes(read_history("coverage: {medical: {history: [{region: \"530902\", from: 2020-01, temporary: true}]}}\n")),
            V{"coverage.medical.history[0].temporary:unknown_field"});
  EXPECT_EQ(codes(read_history("coverage: {pension: {deemed: [{region: \"530902\"}]}}\n")),
            V{"coverage.pension.deemed[0].months:missing_field"});
}

TEST(ProfileHistory, AHistoryOfMoreThanAHundredPeriodsIsRefused) {
  std::string list = "coverage: {pension: {history: [";
  for (int i = 0; i < 101; ++i) list += std::string(i ? ", " : "") + "{region: \"530902\", from: 2020-01, to: 2020-01}";
  list += "]}}\n";
  const ProfileParse r = read_history(list);
  ASSERT_EQ(r.errors.size(), 1U);
  EXPECT_EQ(r.errors[0].path, "coverage.pension.history");
  EXPECT_EQ(r.errors[0].code, "out_of_range");
}

TEST(ProfileYaml, EmptyDocument) { one_error(yaml("# nothing\n"), "", "invalid_type"); }

}  // namespace
}  // namespace shebao
