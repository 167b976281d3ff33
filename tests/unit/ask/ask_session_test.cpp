// The question selection and answer checking of `shebao ask` (cli/ask_session.{h,cpp}), and the
// engine's read_profile without defaults that it relies on.
#include "ask_session.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "shebao/eval/evaluator.h"
#include "shebao/eval/summary.h"
#include "shebao/json/result_json.h"
#include "shebao/service/service.h"
#include "shebao/yaml/yaml_doc.h"
#include "../support/bundled_policies.h"

namespace shebao::ask {
namespace {

const Date kAsOf = *Date::parse("2026-11-28");

const PolicySet& policies() { return test_support::bundled_policies(); }

DocNode yaml(const std::string& text) {
  DocParse p = parse_yaml(text);
  EXPECT_TRUE(p.ok());
  return p.root ? *p.root : DocNode{};
}

// Answers the five required questions of a platform rider from Lincang working in Kunming.
void answer_required(AskSession& s) {
  for (const char* a : {"1994-07", "男", "临沧市临翔区", "昆明五华区", "platform_managed"}) {
    const Reply r = s.input(a);
    ASSERT_EQ(r.kind, ReplyKind::kAccepted) << a << ": " << r.message;
  }
}

TEST(AskRankNeeds, CountsSchemesPlusOneForTheTopLevelTiesInSchemaOrder) {
  EvalResult r;
  r.needs = {"person.student", "work.monthly_income", "coverage.pension.scheme", "work.platform"};
  SchemeResult a, b, c;
  a.needs = {"coverage.pension.scheme", "person.student"};
  b.needs = {"coverage.pension.scheme"};
  c.needs = {"person.student", "work.monthly_income", "not.a.field"};
  r.schemes = {a, b, c};
  const auto ranked = rank_needs(r, [](FieldId) { return false; });
  ASSERT_EQ(ranked.size(), 4u);
  // student: 2 schemes + top = 3; pension.scheme: 2 + 1 = 3 (student first: schema order);
  // monthly_income: 1 + 1 = 2; platform: top only = 1.
  EXPECT_EQ(ranked[0].field, FieldId::kStudent);
  EXPECT_EQ(ranked[0].score(), 3);
  EXPECT_EQ(ranked[1].field, FieldId::kPensionScheme);
  EXPECT_EQ(ranked[1].score(), 3);
  EXPECT_EQ(ranked[2].field, FieldId::kMonthlyIncome);
  EXPECT_EQ(ranked[2].score(), 2);
  EXPECT_EQ(ranked[3].field, FieldId::kPlatform);
  EXPECT_EQ(ranked[3].schemes, 0);
  EXPECT_TRUE(ranked[3].top);
}

TEST(AskRankNeeds, ClosedFieldsAreLeftOut) {
  EvalResult r;
  r.needs = {"person.student", "work.platform"};
  SchemeResult a;
  a.needs = {"person.student"};
  r.schemes = {a};
  const auto ranked = rank_needs(r, [](FieldId f) { return f == FieldId::kStudent; });
  ASSERT_EQ(ranked.size(), 1u);
  EXPECT_EQ(ranked[0].field, FieldId::kPlatform);
}

TEST(AskSession, RequiredFieldsFirstInSchemaOrder) {
  AskSession s(policies(), kAsOf, Lang::kZh);
  std::vector<std::string> asked;
  for (const char* a : {"1994-07", "1", "530902", "530102", "3"}) {
    ASSERT_FALSE(s.done());
    asked.push_back(s.question().path);
    EXPECT_TRUE(s.question().required);
    EXPECT_EQ(s.input(a).kind, ReplyKind::kAccepted) << a;
  }
  EXPECT_EQ(asked, (std::vector<std::string>{"person.birth", "person.sex", "person.hukou.region",
                                             "work.region", "work.relationship"}));
  EXPECT_EQ(s.question().number, 6u);
  EXPECT_NE(s.current_result(), nullptr);
}

TEST(AskSession, NextQuestionIsTheTopOfTheRankingUntilNothingIsLeft) {
  AskSession s(policies(), kAsOf, Lang::kZh);
  answer_required(s);
  for (int guard = 0; guard < 40 && !s.done(); ++guard) {
    const auto ranked = s.ranking();
    if (!ranked.empty()) {
      // The best-ranked field whose answer can change the answer: those ranked above it cannot.
      auto it = std::find_if(ranked.begin(), ranked.end(), [&](const NeedScore& n) { return n.field == s.question().field; });
      ASSERT_NE(it, ranked.end()) << s.question().path;
      EXPECT_TRUE(s.answer_depends_on(it->field)) << s.question().path;
      for (auto above = ranked.begin(); above != it; ++above)
        EXPECT_FALSE(s.answer_depends_on(above->field)) << field_spec(above->field).path;
      for (const auto& n : ranked) EXPECT_LE(n.score(), ranked.front().score());
    }
    // The field asked is one the current answer depends on.
    const EvalResult* r = s.current_result();
    ASSERT_NE(r, nullptr);
    EXPECT_NE(std::find(r->needs.begin(), r->needs.end(), s.question().path), r->needs.end())
        << s.question().path;
    ASSERT_EQ(s.input("不知道").kind, ReplyKind::kAccepted) << s.question().path;
  }
  ASSERT_TRUE(s.done());
  // Every field the final answer still needs was asked (and declared unknown), or is named as not
  // asked because no answer to it changes the result.
  const ProfileParse p = s.final_profile();
  ASSERT_TRUE(p.profile.has_value());
  const EvalResult r = evaluate(policies(), *p.profile);
  const auto asked = s.transcript();
  for (const auto& need : r.needs) {
    const FieldSpec* f = find_field(need);
    ASSERT_NE(f, nullptr) << need;
    const bool not_asked = std::find(s.not_asked().begin(), s.not_asked().end(), f->id) != s.not_asked().end();
    // ... or follows a scheme declared unknown (coverage.medical.break_years after "不知道" to
    // coverage.medical.scheme).
    const std::string n(need);
    const std::string scheme = "-" + n.substr(0, n.rfind('.')) + ".scheme";
    const bool follows_unknown = std::find(asked.begin(), asked.end(), scheme) != asked.end();
    EXPECT_TRUE(not_asked || follows_unknown || std::find(asked.begin(), asked.end(), "-" + n) != asked.end()) << need;
  }
}

// A worker of 25 or more is not asked whether they are a full-time student (PROFILE.md's default,
// as evaluate takes it); a 20-year-old is, and an answer still counts.
TEST(AskSession, StudentIsAskedOnlyOfTheYoung) {
  const auto fields_asked = [](const char* birth) {
    AskSession s(policies(), kAsOf, Lang::kZh);
    for (const char* a : {birth, "男", "临沧市临翔区", "昆明五华区", "platform_managed"})
      EXPECT_EQ(s.input(a).kind, ReplyKind::kAccepted) << a;
    std::vector<FieldId> asked;
    for (int guard = 0; guard < 40 && !s.done(); ++guard) {
      asked.push_back(s.question().field);
      EXPECT_EQ(s.input("不知道").kind, ReplyKind::kAccepted);
    }
    const ProfileParse p = s.final_profile();
    EXPECT_TRUE(p.profile.has_value());
    if (p.profile) {
      EXPECT_EQ(p.profile->get(FieldId::kStudent).value, 0);  // not a student, by default
    }
    return asked;
  };
  const auto older = fields_asked("1994-07");   // 32 on kAsOf
  EXPECT_EQ(std::count(older.begin(), older.end(), FieldId::kStudent), 0);
  const auto young = fields_asked("2006-07");   // 20
  EXPECT_EQ(std::count(young.begin(), young.end(), FieldId::kStudent), 1);
}

TEST(AskSession, NoFieldIsAskedTwice) {
  AskSession s(policies(), kAsOf, Lang::kZh);
  answer_required(s);
  while (!s.done()) ASSERT_EQ(s.input("不知道").kind, ReplyKind::kAccepted);
  auto t = s.transcript();
  for (auto& p : t)
    if (p[0] == '-') p.erase(0, 1);
  std::sort(t.begin(), t.end());
  EXPECT_EQ(std::adjacent_find(t.begin(), t.end()), t.end());
}

TEST(AskSession, SkippedFieldTakesTheContractDefault) {
  AskSession s(policies(), kAsOf, Lang::kZh);
  answer_required(s);
  while (!s.done() && s.question().field != FieldId::kPensionScheme)
    ASSERT_EQ(s.input("不知道").kind, ReplyKind::kAccepted);
  ASSERT_FALSE(s.done()) << "coverage.pension.scheme is never asked for a rider";
  ASSERT_EQ(s.input("不知道").kind, ReplyKind::kAccepted);
  // Declared unknown, it is not asked again, and it counts as none (its contract default).
  while (!s.done()) {
    EXPECT_NE(s.question().field, FieldId::kPensionScheme);
    ASSERT_EQ(s.input("skip").kind, ReplyKind::kAccepted);
  }
  const ProfileParse p = s.final_profile();
  ASSERT_TRUE(p.profile.has_value());
  EXPECT_TRUE(p.profile->known(FieldId::kPensionScheme));
  EXPECT_EQ(p.profile->get(FieldId::kPensionScheme).value, enums::kSchemeNone);
  // ... and it is not written to the saved answers (the default is applied again on reading).
  EXPECT_EQ(s.answers_doc(false).find("coverage"), nullptr);
}

TEST(AskSession, EnumAcceptsNumberIdOrWords) {
  for (const char* a : {"2", "female", "女", "Female"}) {
    AskSession s(policies(), kAsOf, Lang::kZh);
    ASSERT_EQ(s.input("1980-01").kind, ReplyKind::kAccepted);
    ASSERT_EQ(s.question().field, FieldId::kSex);
    ASSERT_EQ(s.question().choices.size(), 2u);
    EXPECT_EQ(s.question().choices[1].label, "女");
    const Reply r = s.input(a);
    EXPECT_EQ(r.kind, ReplyKind::kAccepted) << a << ": " << r.message;
    EXPECT_EQ(s.answers_doc(false).find("person")->find("sex")->text, "female") << a;
  }
  AskSession s(policies(), kAsOf, Lang::kZh);
  ASSERT_EQ(s.input("1980-01").kind, ReplyKind::kAccepted);
  EXPECT_EQ(s.input("3").kind, ReplyKind::kRejected);
  EXPECT_EQ(s.input("maybe").kind, ReplyKind::kRejected);
  EXPECT_EQ(s.question().field, FieldId::kSex);
}

TEST(AskSession, RelationshipByChineseWords) {
  AskSession s(policies(), kAsOf, Lang::kZh);
  for (const char* a : {"1994-07", "男", "530902", "530102"}) ASSERT_EQ(s.input(a).kind, ReplyKind::kAccepted);
  ASSERT_EQ(s.question().field, FieldId::kRelationship);
  const Reply r = s.input("非全日制用工");
  ASSERT_EQ(r.kind, ReplyKind::kAccepted) << r.message;
  EXPECT_EQ(s.answers_doc(false).find("work")->find("relationship")->text, "part_time");
}

TEST(AskSession, WrongDateIsRejectedWithTheValidatorsMessage) {
  AskSession s(policies(), kAsOf, Lang::kZh);
  Reply r = s.input("1990-13");
  EXPECT_EQ(r.kind, ReplyKind::kRejected);
  EXPECT_NE(r.message.find("不是存在的月份"), std::string::npos) << r.message;
  r = s.input("2030-01");  // after as_of
  EXPECT_EQ(r.kind, ReplyKind::kRejected);
  EXPECT_NE(r.message.find("晚于"), std::string::npos) << r.message;
  EXPECT_EQ(s.question().field, FieldId::kBirth);
  r = s.input("1990年5月");
  EXPECT_EQ(r.kind, ReplyKind::kAccepted) << r.message;
  EXPECT_EQ(s.answers_doc(false).find("person")->find("birth")->text, "1990-05");
}

TEST(AskSession, RegionsByNameOrCode) {
  AskSession s(policies(), kAsOf, Lang::kZh);
  ASSERT_EQ(s.input("1990-05").kind, ReplyKind::kAccepted);
  ASSERT_EQ(s.input("1").kind, ReplyKind::kAccepted);
  Reply r = s.input("临沧市临翔区");
  ASSERT_EQ(r.kind, ReplyKind::kAccepted) << r.message;
  EXPECT_NE(r.message.find("云南省临沧市临翔区"), std::string::npos) << r.message;
  EXPECT_EQ(r.message.find("530902"), std::string::npos) << r.message;  // words, not codes
  r = s.input("110101");  // a code of any province
  ASSERT_EQ(r.kind, ReplyKind::kAccepted) << r.message;
  const DocNode d = s.answers_doc(false);
  EXPECT_EQ(d.find("person")->find("hukou")->find("region")->text, "530902");
  EXPECT_EQ(d.find("work")->find("region")->text, "110101");
  EXPECT_EQ(d.find("work")->find("region")->style, DocNode::Style::kQuoted);

  ASSERT_TRUE(s.back());
  EXPECT_EQ(s.input("nowhere-at-all").kind, ReplyKind::kRejected);
  EXPECT_EQ(s.input("990000").kind, ReplyKind::kRejected);  // no such province
  r = s.input("昆明五华区");
  ASSERT_EQ(r.kind, ReplyKind::kAccepted) << r.message;
  EXPECT_EQ(s.answers_doc(false).find("work")->find("region")->text, "530102");
}

TEST(AskSession, SeveralMatchingRegionsAreListedToChooseFrom) {
  AskSession s(policies(), kAsOf, Lang::kZh);
  ASSERT_EQ(s.input("1990-05").kind, ReplyKind::kAccepted);
  ASSERT_EQ(s.input("1").kind, ReplyKind::kAccepted);
  RegionMatch found[8];
  ASSERT_GT(find_regions("县", found, 8), 1u) << "the test needs a name with several matches";
  const Reply r = s.input("县");
  ASSERT_EQ(r.kind, ReplyKind::kChoose) << r.message;
  ASSERT_TRUE(s.question().choosing);
  ASSERT_GT(s.question().choices.size(), 1u);
  const std::string code = s.question().choices[1].value;
  EXPECT_EQ(s.input("99").kind, ReplyKind::kRejected);
  ASSERT_EQ(s.input("2").kind, ReplyKind::kAccepted);
  EXPECT_EQ(s.answers_doc(false).find("person")->find("hukou")->find("region")->text, code);
}

TEST(AskSession, ACityNamedOffersItsCountiesOrItselfAsIs) {
  AskSession s(policies(), kAsOf, Lang::kZh);
  ASSERT_EQ(s.input("1990-05").kind, ReplyKind::kAccepted);
  ASSERT_EQ(s.input("1").kind, ReplyKind::kAccepted);
  Reply r = s.input("昆明");
  ASSERT_EQ(r.kind, ReplyKind::kChoose) << r.message;
  const auto& choices = s.question().choices;
  auto at = [&](const std::string& code) {
    for (std::size_t i = 0; i < choices.size(); ++i)
      if (choices[i].value == code) return i + 1;
    return std::size_t{0};
  };
  ASSERT_NE(at("530102"), 0u);
  ASSERT_EQ(at("530100"), choices.size());  // the city itself, last
  // `back` leaves the list; the question stays.
  EXPECT_TRUE(s.back());
  EXPECT_FALSE(s.question().choosing);
  EXPECT_EQ(s.question().field, FieldId::kHukouRegion);
  ASSERT_EQ(s.input("昆明").kind, ReplyKind::kChoose);
  r = s.input(std::to_string(s.question().choices.size()));
  ASSERT_EQ(r.kind, ReplyKind::kAccepted) << r.message;
  EXPECT_EQ(s.answers_doc(false).find("person")->find("hukou")->find("region")->text, "530100");
  // A code typed is taken as it is.
  ASSERT_EQ(s.input("530100").kind, ReplyKind::kAccepted);
  EXPECT_EQ(s.answers_doc(false).find("work")->find("region")->text, "530100");
}

// Place names of the whole country (regions table, policies/cn/regions.csv).
TEST(AskSession, PlacesOfTheWholeCountry) {
  AskSession s(policies(), kAsOf, Lang::kZh);
  ASSERT_EQ(s.input("1990-05").kind, ReplyKind::kAccepted);
  ASSERT_EQ(s.input("1").kind, ReplyKind::kAccepted);
  // A full name: at once.
  Reply r = s.input("深圳市南山区");
  ASSERT_EQ(r.kind, ReplyKind::kAccepted) << r.message;
  EXPECT_EQ(r.message, "→ 广东省深圳市南山区");
  // A county name that several prefectures have: only the whole-name matches, to choose from.
  r = s.input("南山区");
  ASSERT_EQ(r.kind, ReplyKind::kChoose) << r.message;
  const auto& choices = s.question().choices;
  ASSERT_GE(choices.size(), 2u);
  bool shenzhen = false;
  for (const auto& c : choices) {
    EXPECT_NE(c.label.find("南山区"), std::string::npos) << c.label;  // no partial matches
    shenzhen = shenzhen || c.value == "440305";
  }
  EXPECT_TRUE(shenzhen);
  ASSERT_TRUE(s.back());  // leaves the list
  // A prefecture: its counties.
  r = s.input("临沧");
  ASSERT_EQ(r.kind, ReplyKind::kChoose) << r.message;
  EXPECT_EQ(s.question().choices.front().value, "530902");
  EXPECT_EQ(s.question().choices.back().value, "530900");
  ASSERT_EQ(s.input("1").kind, ReplyKind::kAccepted);
  EXPECT_EQ(s.answers_doc(false).find("work")->find("region")->text, "530902");
}

TEST(AskSession, WithdrawnAndUnknownCodes) {
  AskSession s(policies(), kAsOf, Lang::kZh);
  ASSERT_EQ(s.input("1990-05").kind, ReplyKind::kAccepted);
  ASSERT_EQ(s.input("1").kind, ReplyKind::kAccepted);
  // 密云县 (110228) became 密云区 (110118) in 2015: taken as the successor, said so.
  Reply r = s.input("110228");
  ASSERT_EQ(r.kind, ReplyKind::kAccepted) << r.message;
  EXPECT_NE(r.message.find("→ 北京市密云区"), std::string::npos) << r.message;
  EXPECT_NE(r.message.find("2015年撤销"), std::string::npos) << r.message;
  EXPECT_EQ(s.answers_doc(false).find("person")->find("hukou")->find("region")->text, "110118");
  // 江干区 (330104) was divided in 2021: its parts to choose from.
  r = s.input("330104");
  ASSERT_EQ(r.kind, ReplyKind::kChoose) << r.message;
  ASSERT_EQ(s.question().choices.size(), 2u);
  EXPECT_EQ(s.question().choices[0].value, "330102");
  EXPECT_EQ(s.question().choices[1].value, "330114");
  ASSERT_TRUE(s.back());
  // A code that never existed: the nearest real ones.
  r = s.input("530999");
  ASSERT_EQ(r.kind, ReplyKind::kChoose) << r.message;
  EXPECT_EQ(s.question().choices.front().value, "530900");
  ASSERT_EQ(s.input("2").kind, ReplyKind::kAccepted);
  EXPECT_NE(s.answers_doc(false).find("work")->find("region")->text, "530999");
}

TEST(AskSession, BackUndoesTheLastAnswer) {
  AskSession s(policies(), kAsOf, Lang::kZh);
  EXPECT_FALSE(s.back());
  EXPECT_EQ(s.input("<").kind, ReplyKind::kRejected);
  ASSERT_EQ(s.input("1990-05").kind, ReplyKind::kAccepted);
  ASSERT_EQ(s.input("2").kind, ReplyKind::kAccepted);
  ASSERT_EQ(s.question().field, FieldId::kHukouRegion);
  EXPECT_EQ(s.input("back").kind, ReplyKind::kBack);
  EXPECT_EQ(s.question().field, FieldId::kSex);
  EXPECT_EQ(s.answers(), 1u);
  ASSERT_EQ(s.input("1").kind, ReplyKind::kAccepted);
  EXPECT_EQ(s.answers_doc(false).find("person")->find("sex")->text, "male");
}

TEST(AskSession, HelpExplainsWithTheSchemesThatDependOnTheField) {
  AskSession s(policies(), kAsOf, Lang::kZh);
  Reply r = s.input("?");
  EXPECT_EQ(r.kind, ReplyKind::kHelp);
  EXPECT_NE(r.message.find("用来算您的年龄"), std::string::npos);
  EXPECT_NE(r.message.find("必答"), std::string::npos);
  answer_required(s);
  ASSERT_FALSE(s.done());
  r = s.input("？");
  EXPECT_EQ(r.kind, ReplyKind::kHelp);
  const EvalResult* res = s.current_result();
  ASSERT_NE(res, nullptr);
  for (const auto& scheme : res->schemes) {
    const bool depends = std::find(scheme.needs.begin(), scheme.needs.end(), s.question().path) != scheme.needs.end();
    EXPECT_EQ(r.message.find(scheme.name.zh) != std::string::npos, depends) << scheme.id;
  }
}

TEST(AskSession, RequiredCannotBeSkippedOptionalCan) {
  AskSession s(policies(), kAsOf, Lang::kZh);
  EXPECT_EQ(s.input("不知道").kind, ReplyKind::kRejected);
  EXPECT_EQ(s.input("").kind, ReplyKind::kRejected);
  EXPECT_EQ(s.question().field, FieldId::kBirth);
}

TEST(AskSession, EnglishQuestionsAndLabels) {
  AskSession s(policies(), kAsOf, Lang::kEn);
  EXPECT_EQ(s.question().text, "When were you born, and are you a man or a woman?");
  ASSERT_EQ(s.input("1990-05").kind, ReplyKind::kAccepted);
  ASSERT_EQ(s.question().choices.size(), 2u);
  EXPECT_EQ(s.question().choices[0].label, "man");
  EXPECT_EQ(s.input("woman").kind, ReplyKind::kAccepted);
}

// A copy of the bundled packs with one more Yunnan rule (for tests that change the packs).
std::shared_ptr<const PolicySet> packs_with(const std::string& name, const std::string& yaml_text) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / ("shebao-ask-unit-" + name + "-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::copy(fs::path(SHEBAO_SOURCE_DIR) / "policies", dir, fs::copy_options::recursive);
  std::ofstream(dir / "cn-530000" / "schemes" / (name + ".yaml")) << yaml_text;
  LoadedPolicies p = load_policies(dir.string());
  fs::remove_all(dir);
  for (const auto& d : p.diagnostics.items) ADD_FAILURE() << d.to_string();
  return p.set;
}

TEST(AskSession, AnswersNeverContradictTheContractDefaults) {
  // Every scheme first asks whether a pension is drawn already (coverage.pension.receiving, read
  // without a default), so it is asked before coverage.pension.scheme. After "yes", leaving the
  // scheme unknown would default it to none, which contradicts the answer: the scheme is asked
  // (the saved profile must be valid) and "不知道" is refused.
  std::string yaml_text = "schemes:\n";
  for (std::string_view id : scheme_ids())
    yaml_text += "  " + std::string(id) + R"(:
    rules:
      - id: ask-unit-receiving
        when: coverage.pension.receiving
        then: {status: not_eligible}
        because: {zh: "测试：已在领养老金。", en: "Test: already drawing a pension."}
        cite: [{document: yn-2021-40}]
)";
  const auto set = packs_with("receiving", yaml_text);
  ASSERT_TRUE(set);
  AskSession s(*set, kAsOf, Lang::kZh);
  answer_required(s);
  ASSERT_EQ(s.question().field, FieldId::kPensionReceiving);
  ASSERT_EQ(s.input("是").kind, ReplyKind::kAccepted);
  bool asked_scheme = false;
  while (!s.done()) {
    if (s.question().field == FieldId::kPensionScheme) {
      asked_scheme = true;
      const Reply r = s.input("不知道");
      ASSERT_EQ(r.kind, ReplyKind::kRejected);
      EXPECT_NE(r.message.find("您已经在按月领养老金了吗"), std::string::npos) << r.message;
      EXPECT_FALSE(s.why().empty());
      ASSERT_EQ(s.input("2").kind, ReplyKind::kAccepted);
    } else {
      ASSERT_EQ(s.input("不知道").kind, ReplyKind::kAccepted) << s.question().path;
    }
  }
  EXPECT_TRUE(asked_scheme);
  const ProfileParse p = s.final_profile();
  ASSERT_TRUE(p.profile.has_value()) << (p.errors.empty() ? "" : p.errors.front().message);
  EXPECT_EQ(p.profile->get(FieldId::kPensionReceiving).value, 1);
  EXPECT_EQ(p.profile->get(FieldId::kPensionScheme).value, enums::kSchemeEmployee);
}

TEST(AskEnumLabel, FromTheSchemaHelp) {
  const FieldSpec& rel = field_spec(FieldId::kRelationship);
  EXPECT_EQ(enum_label(rel, "part_time", Lang::kZh).rfind("非全日制用工", 0), 0u);
  EXPECT_FALSE(enum_label(rel, "self_employed", Lang::kZh).empty());
  EXPECT_EQ(enum_label(rel, "employee", Lang::kEn).rfind("you signed a labour contract", 0), 0u);
  EXPECT_EQ(enum_label(field_spec(FieldId::kPensionScheme), "none", Lang::kZh), "没有交");
  for (const auto& f : profile_schema())
    for (auto v : f.enum_values) {
      EXPECT_FALSE(enum_label(f, v, Lang::kZh).empty()) << f.path << " " << v;
      EXPECT_FALSE(enum_label(f, v, Lang::kEn).empty()) << f.path << " " << v;
    }
}

TEST(AskYaml, SavedAnswersReadBackToTheSameProfile) {
  AskSession s(policies(), kAsOf, Lang::kZh);
  answer_required(s);
  while (!s.done()) ASSERT_EQ(s.input("不知道").kind, ReplyKind::kAccepted);
  const std::string text = to_yaml(s.answers_doc(true));
  EXPECT_NE(text.find("region: \"530902\""), std::string::npos) << text;
  ProfileParse again = read_profile(yaml(text), std::nullopt);
  ASSERT_TRUE(again.errors.empty());
  const ProfileParse p = s.final_profile();
  ASSERT_TRUE(p.profile && again.profile);
  EXPECT_EQ(result_to_json(evaluate(policies(), *again.profile), {}),
            result_to_json(evaluate(policies(), *p.profile), {}));
}

TEST(ProfileReadOptions, WithoutDefaultsOptionalFieldsStayUnknown) {
  const DocNode d = yaml(
      "person: {birth: 1990-05, sex: male, hukou: {region: \"530902\"}}\n"
      "work: {region: \"530102\", relationship: part_time}\n");
  const ProfileParse with = read_profile(d, kAsOf);
  const ProfileParse same = read_profile(d, kAsOf, ProfileReadOptions{});
  const ProfileParse bare = read_profile(d, kAsOf, ProfileReadOptions{.apply_defaults = false});
  ASSERT_TRUE(with.profile && same.profile && bare.profile);
  for (FieldId f : {FieldId::kStudent, FieldId::kPensionScheme, FieldId::kMedicalScheme, FieldId::kInjury,
                    FieldId::kPensionMonthsPaid, FieldId::kPensionReceiving}) {
    EXPECT_TRUE(with.profile->known(f));
    EXPECT_TRUE(same.profile->known(f));
    EXPECT_FALSE(bare.profile->known(f));
  }
  EXPECT_TRUE(bare.profile->known(FieldId::kAsOf));
  EXPECT_TRUE(bare.profile->known(FieldId::kBirth));
  // Validation is the same either way.
  const DocNode bad = yaml("person: {birth: 1990-13, sex: male}\n");
  EXPECT_EQ(read_profile(bad, kAsOf).errors,
            read_profile(bad, kAsOf, ProfileReadOptions{.apply_defaults = false}).errors);
}


// ---- issue 18: `ask` in the worker's words, at most 8 questions for the rider -------------------

// The Lincang rider working in Kunming (../shared/contract/examples/rider-lincang-in-kunming.yaml)
// as a person types it; the answer to each field asked, by path. Fields not listed are "不知道".
std::string rider_answer(const Question& q, bool id_card) {
  const std::string& p = q.path;
  if (p == "person.birth") return id_card ? "530902199407150016" : "1994年7月 男";  // birth and sex: one question
  if (p == "person.sex") return "男";
  if (p == "person.hukou.region") return id_card ? "" : "临沧市临翔区";  // Enter confirms the card's region
  if (p == "work.region") return "昆明五华区";
  if (p == "work.relationship") return "3";
  if (p == "coverage.pension.scheme" || p == "coverage.medical.scheme") return "3";
  if (p == "work.industry") return "外卖骑手";
  if (p == "work.platform") return "美团";
  if (p == "work.monthly_income") return "6200左右";
  return "不知道";
}

// Runs the rider's session; the questions' paths in the order asked.
std::vector<std::string> run_rider(AskSession& s, bool id_card) {
  std::vector<std::string> asked;
  for (int guard = 0; guard < 30 && !s.done(); ++guard) {
    const Question& q = s.question();
    EXPECT_EQ(q.number, s.questions() + 1);
    asked.push_back(q.path);
    const std::string a = rider_answer(q, id_card);
    const Reply r = s.input(a);
    EXPECT_EQ(r.kind, ReplyKind::kAccepted) << q.path << " <- " << a << ": " << r.message;
    if (r.kind != ReplyKind::kAccepted) break;
  }
  EXPECT_TRUE(s.done());
  return asked;
}

// The answer as a worker reads it, without what is still unknown (`needs` and the summary's line
// built from them).
std::string answer_without_needs(const Profile& p) {
  EvalResult r = evaluate(policies(), p);
  r.needs.clear();
  for (auto& scheme : r.schemes) scheme.needs.clear();
  return result_to_json(r, JsonOptions{Lang::kZh, false, true});
}

TEST(AskIssue18, RiderTypingAnswersReachesTheAnswerInAtMostEightQuestionsThePlatformIsNotAsked) {
  AskSession s(policies(), kAsOf, Lang::kZh);
  const auto asked = run_rider(s, false);
  // Birth and sex (one question), hukou, work place, relationship, pension, medical, industry,
  // income: the platform is not asked, since Yunnan's occupational-injury pilot has no confirmed
  // start and no platform changes the answer. The industry and the income are asked: they do
  // change it (below).
  EXPECT_LE(s.questions(), 8u);
  EXPECT_EQ(asked, (std::vector<std::string>{"person.birth", "person.hukou.region", "work.region",
                                             "work.relationship", "coverage.pension.scheme", "coverage.medical.scheme",
                                             "work.industry", "work.monthly_income"}));
  EXPECT_EQ(s.not_asked(), std::vector<FieldId>{FieldId::kPlatform});
  // Not assumed: the final answer still lists it as unknown.
  const ProfileParse p = s.final_profile();
  ASSERT_TRUE(p.profile.has_value());
  EXPECT_FALSE(p.profile->known(FieldId::kPlatform));
  const EvalResult r = evaluate(policies(), *p.profile);
  EXPECT_NE(std::find(r.needs.begin(), r.needs.end(), "work.platform"), r.needs.end());
}

TEST(AskIssue18, RiderWithAnIdCardNumberReachesTheAnswerInAtMostEightQuestions) {
  AskSession s(policies(), kAsOf, Lang::kZh);
  const auto asked = run_rider(s, true);
  EXPECT_LE(s.questions(), 8u);
  EXPECT_EQ(std::count(asked.begin(), asked.end(), "person.sex"), 0);  // from the ID-card number
  const ProfileParse p = s.final_profile();
  ASSERT_TRUE(p.profile.has_value());
  const DocNode d = s.answers_doc(false);
  EXPECT_EQ(d.find("person")->find("birth")->text, "1994-07");
  EXPECT_EQ(d.find("person")->find("sex")->text, "male");
  EXPECT_EQ(d.find("person")->find("hukou")->find("region")->text, "530902");
  EXPECT_EQ(d.find("work")->find("monthly_income")->text, "6200");
}

// The birth question asks the sex too: said with it in either order and either language, it is
// taken (and the sex question skipped); not said, the sex is its own question, counted as one.
TEST(AskIssue18, TheSexIsTakenWithTheBirthOrAskedOnItsOwn) {
  for (const char* a : {"1994-07 男", "男 1994-07", "1994年7月女", "1994-07，女性", "1994-07 female", "male, 1994-07"}) {
    AskSession s(policies(), kAsOf, Lang::kZh);
    EXPECT_NE(s.question().text.find("男性还是女性"), std::string::npos) << s.question().text;
    const Reply r = s.input(a);
    ASSERT_EQ(r.kind, ReplyKind::kAccepted) << a << ": " << r.message;
    const DocNode d = s.answers_doc(false);
    EXPECT_EQ(d.find("person")->find("birth")->text, "1994-07") << a;
    const bool female = std::string_view(a).find("女") != std::string_view::npos ||
                        std::string_view(a).find("female") != std::string_view::npos;
    EXPECT_EQ(d.find("person")->find("sex")->text, female ? "female" : "male") << a;
    EXPECT_NE(r.message.find(female ? "1994年7月出生，女" : "1994年7月出生，男"), std::string::npos) << r.message;
    EXPECT_EQ(s.question().field, FieldId::kHukouRegion) << a;
    EXPECT_EQ(s.question().number, 2u);
    ASSERT_TRUE(s.back());  // back undoes both
    EXPECT_EQ(s.answers(), 0u);
  }
  {  // an age and the sex: the month is asked within the same question, the sex kept
    AskSession s(policies(), kAsOf, Lang::kZh);
    ASSERT_EQ(s.input("32岁 女").kind, ReplyKind::kChoose);
    ASSERT_EQ(s.input("7").kind, ReplyKind::kAccepted);
    EXPECT_EQ(s.answers_doc(false).find("person")->find("sex")->text, "female");
    EXPECT_EQ(s.question().number, 2u);
  }
  {  // the birth alone: the sex is the next question
    AskSession s(policies(), kAsOf, Lang::kZh);
    ASSERT_EQ(s.input("1994-07").kind, ReplyKind::kAccepted);
    EXPECT_EQ(s.question().field, FieldId::kSex);
    EXPECT_EQ(s.question().number, 2u);
  }
  {  // words that only contain a sex word are not taken for one; the sex alone is no birth
    AskSession s(policies(), kAsOf, Lang::kEn);
    EXPECT_EQ(s.input("male").kind, ReplyKind::kRejected);
    EXPECT_EQ(s.input("1994-07male").kind, ReplyKind::kRejected);
  }
  {  // an ID card and a sex that contradicts it
    AskSession s(policies(), kAsOf, Lang::kZh);
    const Reply r = s.input("530902199407150016 女");
    ASSERT_EQ(r.kind, ReplyKind::kRejected);
    EXPECT_NE(r.message.find("性别"), std::string::npos) << r.message;
    ASSERT_EQ(s.input("530902199407150016 男").kind, ReplyKind::kAccepted);
  }
}

// The check that makes skipping safe: no value of a field left unasked gives the rider another
// answer. Fails if a skipped question would have changed the answer.
TEST(AskIssue18, NoValueOfAnUnaskedFieldChangesTheRidersAnswer) {
  AskSession s(policies(), kAsOf, Lang::kZh);
  run_rider(s, false);
  const ProfileParse p = s.final_profile();
  ASSERT_TRUE(p.profile.has_value());
  ASSERT_FALSE(s.not_asked().empty());
  const std::string without = answer_without_needs(*p.profile);
  for (FieldId f : s.not_asked()) {
    ASSERT_EQ(f, FieldId::kPlatform);  // the only enumerable string field
    for (const char* platform : {"meituan", "eleme", "didi", "huolala", "some_other_app"}) {
      Profile q = *p.profile;
      q.at(f) = FieldValue{true, false, 0};
      q.set_platform(platform);
      EXPECT_EQ(answer_without_needs(q), without) << "work.platform = " << platform << " changes the answer";
    }
  }
}

// ... and the fields that are asked are asked because they change it.
TEST(AskIssue18, IndustryAndIncomeAreAskedBecauseTheyChangeTheRidersAnswer) {
  AskSession s(policies(), kAsOf, Lang::kZh);
  run_rider(s, false);
  const ProfileParse p = s.final_profile();
  ASSERT_TRUE(p.profile.has_value());
  const std::string as_answered = answer_without_needs(*p.profile);
  Profile parcel = *p.profile;  // a parcel courier is outside the occupational-injury pilot
  parcel.at(FieldId::kIndustry) = FieldValue{true, false, enum_index(FieldId::kIndustry, "express_delivery")};
  EXPECT_NE(answer_without_needs(parcel), as_answered);
  Profile low = *p.profile;  // below Kunming's minimum wage: a warning
  low.at(FieldId::kMonthlyIncome) = FieldValue{true, false, 150000};
  EXPECT_NE(answer_without_needs(low), as_answered);
}

// Where the platform does change the answer (Guizhou's pilot started on 2026-07-01), it is asked.
TEST(AskIssue18, ThePlatformIsAskedWhereItChangesTheAnswer) {
  AskSession s(policies(), kAsOf, Lang::kZh);
  for (const char* a : {"1994-07", "男", "临沧市临翔区", "贵阳市南明区", "3"}) ASSERT_EQ(s.input(a).kind, ReplyKind::kAccepted) << a;
  bool platform = false;
  for (int guard = 0; guard < 30 && !s.done(); ++guard) {
    platform = platform || s.question().field == FieldId::kPlatform;
    const std::string a = s.question().field == FieldId::kIndustry ? "2" : s.question().field == FieldId::kPlatform ? "美团" : "不知道";
    ASSERT_EQ(s.input(a).kind, ReplyKind::kAccepted) << s.question().path;
  }
  EXPECT_TRUE(platform);
  EXPECT_TRUE(std::find(s.not_asked().begin(), s.not_asked().end(), FieldId::kPlatform) == s.not_asked().end());
}

// The summary's "what would settle it" names only an answer that changes the result, by the same
// values `ask` tries: in Kunming (no confirmed pilot start) the platform settles nothing and is
// not named; in Guiyang (the pilot started on 2026-07-01) it is.
TEST(AskIssue18, TheSettleLineNamesOnlyAnAnswerThatChangesTheResult) {
  const auto rider_in = [](const char* work) {
    const ProfileParse p = read_profile(
        yaml(std::string("as_of: 2026-11-28\nperson: {birth: 1994-07, sex: male, hukou: {region: \"530902\"}}\n"
                         "work: {region: \"") + work + "\", relationship: platform_managed, industry: food_delivery, "
                         "monthly_income: 6200}\n"),
        std::nullopt);
    EXPECT_TRUE(p.errors.empty());
    return evaluate(policies(), *p.profile);
  };
  const EvalResult kunming = rider_in("530102");
  ASSERT_NE(std::find(kunming.needs.begin(), kunming.needs.end(), "work.platform"), kunming.needs.end());
  const Summary k = summarize(kunming);
  EXPECT_NE(k.settle.value_or(""), "work.platform");
  EXPECT_EQ(result_to_json(kunming, {}).find("\"settle\":{\"path\":\"work.platform\""), std::string::npos);
  const EvalResult guiyang = rider_in("520102");
  const Summary g = summarize(guiyang);
  ASSERT_TRUE(g.settle);
  EXPECT_EQ(*g.settle, "work.platform");
  EXPECT_NE(std::find(g.settles.begin(), g.settles.end(), "injury.occupational"), g.settles.end());
}

TEST(AskIssue18, IdCardNumberFillsBirthAndSexAndSuggestsTheHukouToConfirm) {
  AskSession s(policies(), kAsOf, Lang::kZh);
  // A wrong check character is refused, and says so.
  Reply r = s.input("530902199407150017");
  ASSERT_EQ(r.kind, ReplyKind::kRejected);
  EXPECT_NE(r.message.find("校验码"), std::string::npos) << r.message;
  r = s.input("530902199407150016");
  ASSERT_EQ(r.kind, ReplyKind::kAccepted) << r.message;
  EXPECT_NE(r.message.find("1994年7月出生，男"), std::string::npos) << r.message;
  EXPECT_EQ(r.message.find("530902199407150016"), std::string::npos);  // the number is not repeated
  ASSERT_FALSE(s.done());
  EXPECT_EQ(s.question().field, FieldId::kHukouRegion);  // the sex is not asked
  EXPECT_EQ(s.question().number, 2u);
  EXPECT_EQ(s.question().suggestion, "530902");
  EXPECT_NE(s.question().hint.find("云南省临沧市临翔区"), std::string::npos) << s.question().hint;
  // Moved since: another place is taken instead of the suggestion.
  r = s.input("昆明五华区");
  ASSERT_EQ(r.kind, ReplyKind::kAccepted) << r.message;
  EXPECT_EQ(s.answers_doc(false).find("person")->find("hukou")->find("region")->text, "530102");
  // Back undoes the hukou, then the whole ID-card answer (birth and sex together).
  ASSERT_TRUE(s.back());
  ASSERT_TRUE(s.back());
  EXPECT_EQ(s.question().field, FieldId::kBirth);
  EXPECT_EQ(s.answers(), 0u);
  // A card first issued under a withdrawn code (密云县 110228, now 密云区 110118): the successor is
  // suggested, and the change said.
  ASSERT_EQ(s.input("110228199005120022").kind, ReplyKind::kAccepted);
  EXPECT_EQ(s.answers_doc(false).find("person")->find("sex")->text, "female");
  EXPECT_EQ(s.question().suggestion, "110118");
  EXPECT_NE(s.question().hint.find("已于2015年撤销"), std::string::npos) << s.question().hint;
  r = s.input("是");
  ASSERT_EQ(r.kind, ReplyKind::kAccepted) << r.message;
  EXPECT_EQ(s.answers_doc(false).find("person")->find("hukou")->find("region")->text, "110118");
}

// A card issued in a region since divided (江干区 330104, 2021): its parts are offered to choose
// from, another place can be typed, and back leaves the list to the birth question.
TEST(AskIssue18, IdCardOfADividedRegionOffersItsParts) {
  AskSession s(policies(), kAsOf, Lang::kZh);
  ASSERT_EQ(s.input("330104199001010015").kind, ReplyKind::kAccepted);
  ASSERT_EQ(s.question().field, FieldId::kHukouRegion);
  EXPECT_TRUE(s.question().choosing);
  ASSERT_EQ(s.question().choices.size(), 2u);
  EXPECT_EQ(s.question().choices[0].value, "330102");
  EXPECT_NE(s.question().hint.find("撤销"), std::string::npos) << s.question().hint;
  ASSERT_TRUE(s.back());
  EXPECT_EQ(s.question().field, FieldId::kBirth);
  ASSERT_EQ(s.input("330104199001010015").kind, ReplyKind::kAccepted);
  ASSERT_EQ(s.input("2").kind, ReplyKind::kAccepted);
  EXPECT_EQ(s.answers_doc(false).find("person")->find("hukou")->find("region")->text, "330114");
}

TEST(AskIssue18, AnAgeIsTakenAndItsMonthAskedWithinTheSameQuestion) {
  {
    AskSession s(policies(), kAsOf, Lang::kZh);  // as of 2026-11: 32 means born 1993-12 .. 1994-11
    Reply r = s.input("32岁");
    ASSERT_EQ(r.kind, ReplyKind::kChoose) << r.message;
    EXPECT_NE(r.message.find("1993年12月到1994年11月"), std::string::npos) << r.message;
    EXPECT_EQ(s.question().number, 1u);
    r = s.input("7");
    ASSERT_EQ(r.kind, ReplyKind::kAccepted) << r.message;
    EXPECT_EQ(s.answers_doc(false).find("person")->find("birth")->text, "1994-07");
    EXPECT_EQ(s.question().number, 2u);
  }
  {
    AskSession s(policies(), kAsOf, Lang::kZh);
    ASSERT_EQ(s.input("32").kind, ReplyKind::kChoose);
    ASSERT_EQ(s.input("12月").kind, ReplyKind::kAccepted);  // December: the year before
    EXPECT_EQ(s.answers_doc(false).find("person")->find("birth")->text, "1993-12");
  }
  {
    AskSession s(policies(), kAsOf, Lang::kZh);  // not remembered: the assumption is said
    ASSERT_EQ(s.input("32岁").kind, ReplyKind::kChoose);
    const Reply r = s.input("");
    ASSERT_EQ(r.kind, ReplyKind::kAccepted) << r.message;
    EXPECT_NE(r.message.find("按1994年1月出生计算"), std::string::npos) << r.message;
    EXPECT_EQ(s.answers_doc(false).find("person")->find("birth")->text, "1994-01");
  }
  {
    AskSession s(policies(), kAsOf, Lang::kZh);
    EXPECT_EQ(s.input("3岁").kind, ReplyKind::kRejected);
    for (const char* birth : {"1994-7", "199407", "1994.7", "1994年7月"}) {
      ASSERT_EQ(s.input(birth).kind, ReplyKind::kAccepted) << birth;
      EXPECT_EQ(s.answers_doc(false).find("person")->find("birth")->text, "1994-07") << birth;
      ASSERT_TRUE(s.back());
    }
  }
}

TEST(AskIssue18, IncomesAsPeopleSayThem) {
  const std::vector<std::pair<const char*, const char*>> cases = {
      {"6000", "6000"},     {"6000元", "6000"},   {"6000左右", "6000"}, {"约6000", "6000"},
      {"大概6000块", "6000"}, {"6,200", "6200"},  {"六千", "6000"},     {"六千五", "6500"},
      {"6千", "6000"},      {"1.2万", "12000"},   {"一万二", "12000"},  {"两万", "20000"},
      {"五千五百", "5500"},  {"2069.5", "2069.5"}, {"about 6000", "6000"}, {"~6000 yuan", "6000"}, {"很多", ""},         {"", ""}};
  for (const auto& [in, out] : cases) EXPECT_EQ(parse_loose_money(in), out) << in;
  AskSession s(policies(), kAsOf, Lang::kZh);
  run_rider(s, false);  // answered "6200左右"
  EXPECT_EQ(s.answers_doc(false).find("work")->find("monthly_income")->text, "6200");
}

bool has_fullwidth_punctuation(std::string_view t) {
  for (std::string_view p : {"（", "）", "：", "，", "；", "。", "“", "”", "、", "–"})
    if (t.find(p) != std::string_view::npos) return true;
  return false;
}

// Options are words (no "[platform_managed]", no "530902"); in English with ASCII punctuation.
TEST(AskIssue18, OptionsAndEchoesInWordsWithoutCodes) {
  for (Lang lang : {Lang::kZh, Lang::kEn}) {
    AskSession s(policies(), kAsOf, lang);
    for (int guard = 0; guard < 30 && !s.done(); ++guard) {
      const Question& q = s.question();
      for (const auto& c : q.choices) {
        EXPECT_FALSE(c.label.empty()) << q.path << " " << c.value;
        EXPECT_EQ(c.label.find('['), std::string::npos) << q.path << ": " << c.label;
        EXPECT_NE(c.label, c.value) << q.path;
        // An id such as platform_managed or a region code never shows (English words may be the
        // same as a plain id: "employee", "resident").
        if (c.value.find('_') != std::string::npos || std::isdigit(static_cast<unsigned char>(c.value[0]))) {
          EXPECT_EQ(c.label.find(c.value), std::string::npos) << q.path << ": " << c.label;
        }
        if (lang == Lang::kEn) {
          EXPECT_FALSE(has_fullwidth_punctuation(c.label)) << c.label;
        }
      }
      if (lang == Lang::kEn) {
        EXPECT_FALSE(has_fullwidth_punctuation(q.text)) << q.text;
        EXPECT_FALSE(has_fullwidth_punctuation(q.hint)) << q.hint;
      }
      const Reply r = s.input(rider_answer(q, false));
      ASSERT_EQ(r.kind, ReplyKind::kAccepted) << q.path << ": " << r.message;
      for (const char* code : {"[", "530902", "530102", "platform_managed", "food_delivery", "meituan"})
        EXPECT_EQ(r.message.find(code), std::string::npos) << q.path << ": " << r.message;
      if (lang == Lang::kEn) {
        EXPECT_FALSE(has_fullwidth_punctuation(r.message)) << r.message;
      }
    }
    EXPECT_TRUE(s.done());
  }
}

// After "不知道" to which pension (medical) scheme, nothing more is asked about it.
TEST(AskIssue18, NoFollowUpsAfterNotKnowingTheScheme) {
  AskSession s(policies(), kAsOf, Lang::kZh);
  for (const char* a : {"1994-07", "男", "临沧市临翔区", "昆明五华区", "3"}) ASSERT_EQ(s.input(a).kind, ReplyKind::kAccepted) << a;
  std::vector<std::string> asked;
  for (int guard = 0; guard < 30 && !s.done(); ++guard) {
    asked.push_back(s.question().path);
    ASSERT_EQ(s.input("不知道").kind, ReplyKind::kAccepted) << s.question().path;
  }
  EXPECT_NE(std::find(asked.begin(), asked.end(), "coverage.pension.scheme"), asked.end());
  EXPECT_NE(std::find(asked.begin(), asked.end(), "coverage.medical.scheme"), asked.end());
  for (const auto& p : asked) {
    const bool follow_up = (p.starts_with("coverage.pension.") || p.starts_with("coverage.medical.")) && !p.ends_with(".scheme");
    EXPECT_FALSE(follow_up) << p << " asked after 不知道 to its scheme";
  }
}

// ---- issue 19: the history of the employee pension, asked only when the scheme is employee -----

// Answers every question by its path from `answers` ("不知道" for the rest); the paths asked, in
// order (a path asked twice is listed twice).
std::vector<std::string> run_by_path(AskSession& s, const std::vector<std::pair<std::string, std::vector<std::string>>>& answers) {
  std::vector<std::string> asked;
  std::map<std::string, std::size_t> used;  // answers taken from each path's list
  for (int guard = 0; guard < 60 && !s.done(); ++guard) {
    const std::string path = s.question().path;
    asked.push_back(path);
    std::string a = "不知道";
    for (const auto& [p, list] : answers)
      if (p == path && used[p] < list.size()) a = list[used[p]++];
    const Reply r = s.input(a);
    EXPECT_EQ(r.kind, ReplyKind::kAccepted) << path << " <- " << a << ": " << r.message;
    if (r.kind != ReplyKind::kAccepted) break;
  }
  EXPECT_TRUE(s.done());
  return asked;
}

// An employee in Kunming (昆明五华区) whose hukou is in Lincang, employee pension since 2018-03 in
// Kunming, earlier 2012-01..2017-12 in Shenzhen (南山区).
const std::vector<std::pair<std::string, std::vector<std::string>>> kKunmingEmployee = {
    {"person.birth", {"1985-05"}},
    {"person.sex", {"男"}},
    {"person.hukou.region", {"530902"}},
    {"work.region", {"530102"}},
    {"work.relationship", {"1"}},
    {"work.monthly_income", {"6000"}},
    {"coverage.pension.scheme", {"employee"}},
    {"coverage.medical.scheme", {"employee"}},
    {"coverage.medical.region", {"530102"}},
    {"coverage.medical.months_paid", {"100"}},
};

TEST(AskIssue19, EmployeePensionInTwoProvincesBuildsTheHistoryAndNamesTheBenefitPlace) {
  AskSession s(policies(), kAsOf, Lang::kZh);
  auto answers = kKunmingEmployee;
  answers.push_back({"coverage.pension.history", {"是"}});
  answers.push_back({"coverage.pension.history.region", {"深圳南山"}});
  answers.push_back({"coverage.pension.history.from", {"2012年1月"}});
  answers.push_back({"coverage.pension.history.to", {"2017-12"}});
  answers.push_back({"coverage.pension.history.more", {"没有"}});
  answers.push_back({"coverage.pension.history.current.region", {"昆明五华区"}});
  answers.push_back({"coverage.pension.history.current.from", {"2018-03"}});
  const auto asked = run_by_path(s, answers);
  // The yes/no question right after the scheme, then the period, then the current place.
  const auto at = std::find(asked.begin(), asked.end(), "coverage.pension.scheme");
  ASSERT_NE(at, asked.end());
  EXPECT_EQ(std::vector<std::string>(at + 1, std::min(at + 8, asked.end())),
            (std::vector<std::string>{"coverage.pension.history", "coverage.pension.history.region",
                                      "coverage.pension.history.from", "coverage.pension.history.to",
                                      "coverage.pension.history.more", "coverage.pension.history.current.region",
                                      "coverage.pension.history.current.from"}));
  // The place and the months come from the history: not asked.
  EXPECT_EQ(std::count(asked.begin(), asked.end(), "coverage.pension.region"), 0);
  EXPECT_EQ(std::count(asked.begin(), asked.end(), "coverage.pension.months_paid"), 0);

  const ProfileParse p = s.final_profile();
  ASSERT_TRUE(p.profile.has_value()) << (p.errors.empty() ? "" : p.errors.front().message);
  const auto h = p.profile->pension_history();
  ASSERT_EQ(h.size(), 2u);
  EXPECT_EQ(h[0].region.to_string(), "440305");
  EXPECT_EQ(h[0].from.to_string(), "2012-01");
  EXPECT_EQ(h[0].to.to_string(), "2017-12");
  EXPECT_FALSE(h[0].open);
  EXPECT_EQ(h[1].region.to_string(), "530102");
  EXPECT_EQ(h[1].from.to_string(), "2018-03");
  EXPECT_TRUE(h[1].open);  // still paying: up to the month before as_of
  EXPECT_EQ(p.profile->get(FieldId::kPensionRegion).value, 530102);
  // 72 months in Shenzhen + 2018-03..2026-10 (104) in Kunming.
  EXPECT_EQ(p.profile->get(FieldId::kPensionMonthsPaid).value, 72 + 104);

  // The answer says where the pension will be drawn.
  const EvalResult r = evaluate(policies(), *p.profile);
  ASSERT_TRUE(r.records.has_value());
  ASSERT_TRUE(r.records->benefit_place.has_value());
  const std::string json = result_to_json(r, JsonOptions{Lang::kZh, false, false});
  EXPECT_NE(json.find("\"benefit_place\""), std::string::npos);
  EXPECT_NE(json.find("440305"), std::string::npos);

  // Saved, the answers carry the history and read back to the same answer.
  const std::string text = to_yaml(s.answers_doc(true));
  EXPECT_NE(text.find("history:\n"), std::string::npos) << text;
  EXPECT_NE(text.find("- region: \"440305\""), std::string::npos) << text;
  EXPECT_EQ(text.find("months_paid: 176"), std::string::npos) << text;  // derived, not written
  ProfileParse again = read_profile(yaml(text), std::nullopt);
  ASSERT_TRUE(again.profile.has_value()) << (again.errors.empty() ? "" : again.errors.front().message) << "\n" << text;
  EXPECT_EQ(again.profile->pension_history().size(), 2u);
  EXPECT_EQ(result_to_json(evaluate(policies(), *again.profile), {}), result_to_json(r, {}));
}

TEST(AskIssue19, NoOtherProvinceAddsNothingAndTheSimpleFieldsAreAsked) {
  AskSession s(policies(), kAsOf, Lang::kZh);
  auto answers = kKunmingEmployee;
  answers.push_back({"coverage.pension.history", {"否"}});
  answers.push_back({"coverage.pension.region", {"530102"}});
  answers.push_back({"coverage.pension.months_paid", {"60"}});
  const auto asked = run_by_path(s, answers);
  EXPECT_EQ(std::count(asked.begin(), asked.end(), "coverage.pension.history"), 1);
  for (const auto& a : asked) EXPECT_NE(a.rfind("coverage.pension.history.", 0), 0u) << a;
  const ProfileParse p = s.final_profile();
  ASSERT_TRUE(p.profile.has_value());
  EXPECT_TRUE(p.profile->pension_history().empty());
  EXPECT_EQ(p.profile->get(FieldId::kPensionMonthsPaid).value, 60);
  EXPECT_EQ(to_yaml(s.answers_doc(false)).find("history"), std::string::npos);
}

TEST(AskIssue19, OnlyTheEmployeeSchemeGetsTheQuestion) {
  for (const char* scheme : {"resident", "none"}) {
    AskSession s(policies(), kAsOf, Lang::kZh);
    auto answers = kKunmingEmployee;
    answers[6].second = {scheme};
    const auto asked = run_by_path(s, answers);
    for (const auto& a : asked) EXPECT_EQ(a.rfind("coverage.pension.history", 0), std::string::npos) << scheme << ": " << a;
  }
}

TEST(AskIssue19, PeriodsThatDoNotFitAreReaskedAndStillPayingEndsTheHistory) {
  AskSession s(policies(), kAsOf, Lang::kEn);
  for (int guard = 0; guard < 30 && !s.done() && s.question().path != "coverage.pension.scheme"; ++guard) {
    std::string answer = "skip";
    for (const auto& [p, list] : kKunmingEmployee)
      if (p == s.question().path) answer = list[0];
    ASSERT_EQ(s.input(answer).kind, ReplyKind::kAccepted) << s.question().path << " <- " << answer;
  }
  ASSERT_FALSE(s.done());
  ASSERT_EQ(s.input("employee").kind, ReplyKind::kAccepted);
  ASSERT_EQ(s.question().path, "coverage.pension.history");
  EXPECT_EQ(s.question().text, "Have you paid into the employee pension in another province?");
  EXPECT_EQ(s.input("maybe").kind, ReplyKind::kRejected);
  EXPECT_EQ(s.input("?").kind, ReplyKind::kHelp);
  ASSERT_EQ(s.input("yes").kind, ReplyKind::kAccepted);
  ASSERT_EQ(s.input("440305").kind, ReplyKind::kAccepted);
  EXPECT_EQ(s.input("skip").kind, ReplyKind::kRejected);  // a month is needed, roughly
  EXPECT_EQ(s.input("soon").kind, ReplyKind::kRejected);
  ASSERT_EQ(s.input("2015-06").kind, ReplyKind::kAccepted);
  EXPECT_EQ(s.input("2014-01").kind, ReplyKind::kRejected);  // ends before it starts
  ASSERT_EQ(s.input("2020-12").kind, ReplyKind::kAccepted);
  ASSERT_EQ(s.question().path, "coverage.pension.history.more");
  ASSERT_EQ(s.input("yes").kind, ReplyKind::kAccepted);
  ASSERT_EQ(s.input("530102").kind, ReplyKind::kAccepted);
  EXPECT_EQ(s.input("2019-01").kind, ReplyKind::kAccepted);
  EXPECT_EQ(s.input("now").kind, ReplyKind::kRejected);  // overlaps 2015-06..2020-12
  ASSERT_TRUE(s.back());                                  // the from month again
  ASSERT_EQ(s.question().path, "coverage.pension.history.from");
  ASSERT_EQ(s.input("2021-01").kind, ReplyKind::kAccepted);
  ASSERT_EQ(s.input("now").kind, ReplyKind::kAccepted);
  ASSERT_EQ(s.input("no").kind, ReplyKind::kAccepted);
  // Still paying in Kunming: that is the current place; no more history questions.
  ASSERT_FALSE(s.done());
  EXPECT_EQ(s.question().path.rfind("coverage.pension.history", 0), std::string::npos) << s.question().path;
  while (!s.done()) ASSERT_EQ(s.input("skip").kind, ReplyKind::kAccepted) << s.question().path;
  const ProfileParse p = s.final_profile();
  ASSERT_TRUE(p.profile.has_value());
  ASSERT_EQ(p.profile->pension_history().size(), 2u);
  EXPECT_TRUE(p.profile->pension_history()[1].open);
  EXPECT_EQ(p.profile->get(FieldId::kPensionRegion).value, 530102);
}

}  // namespace
}  // namespace shebao::ask
