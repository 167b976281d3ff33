// Tests of the summary (engine/src/eval/summary.cpp) on hand-built results: which schemes become
// actions, choices, order, the total, the answer that settles what is open, deadlines and what to
// bring.
#include "shebao/eval/summary.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "../render/sample_result.h"

namespace shebao {
namespace {

using test::amounts;
using test::strs;

const Text kName{"险种", "scheme"};
const Text kIdCard{"身份证件", "ID card"};
const std::vector<Text> kBringId{kIdCard};

SchemeResult advised(std::string_view id, Status status, int priority, std::optional<Channel> channel = std::nullopt) {
  SchemeResult s = test::scheme(id, TextView::of(kName), status);
  s.channel = channel;
  SchemeAdvice& a = s.advice.emplace();
  a.priority = priority;
  a.text = test::rt("办理", "do it");
  return s;
}

void monthly_cost(SchemeResult& s, std::string_view personal_month, std::string_view personal_year) {
  Contribution c;
  c.monthly = amounts(personal_month, "0.00", personal_month);
  c.annual = amounts(personal_year, "0.00", personal_year);
  s.contribution = c;
}

void annual_cost(SchemeResult& s, std::string_view personal_year) {
  Contribution c;
  c.annual = amounts(personal_year, "0.00", personal_year);
  s.contribution = c;
}

std::vector<std::string_view> ids(const SummaryAction& a) {
  std::vector<std::string_view> v;
  for (const auto& o : a.options) v.push_back(o.scheme->id);
  return v;
}

TEST(Summary, OnlySchemesWithAdviceAreActions) {
  EvalResult r;
  r.schemes.push_back(advised("pension.employee", Status::kEligible, 30, Channel::kFlexible));
  r.schemes.push_back(test::scheme("unemployment", TextView::of(kName), Status::kNotEligible));
  const Summary s = summarize(r);
  ASSERT_EQ(s.actions.size(), 1u);
  EXPECT_EQ(ids(s.actions[0]), (std::vector<std::string_view>{"pension.employee"}));
  EXPECT_EQ(s.actions[0].kind, ActionKind::kDo);
  EXPECT_TRUE(summarize(EvalResult{}).actions.empty());
}

TEST(Summary, MutualAlternativesAreOneChoiceOneWayAreNot) {
  EvalResult r;
  auto emp = advised("pension.employee", Status::kEligible, 30, Channel::kFlexible);
  emp.alternatives = strs({"pension.resident"});
  auto res = advised("pension.resident", Status::kEnrolled, 40, Channel::kIndividual);
  res.alternatives = strs({"pension.employee"});
  auto occ = advised("injury.occupational", Status::kNotAvailable, 15);
  occ.alternatives = strs({"commercial.accident"});  // "look at this instead": one way only
  auto acc = advised("commercial.accident", Status::kRecommended, 60, Channel::kPlatform);
  r.schemes.push_back(std::move(emp));
  r.schemes.push_back(std::move(res));
  r.schemes.push_back(std::move(occ));
  r.schemes.push_back(std::move(acc));
  const Summary s = summarize(r);
  ASSERT_EQ(s.actions.size(), 3u);
  EXPECT_EQ(ids(s.actions[0]), (std::vector<std::string_view>{"injury.occupational"}));
  EXPECT_EQ(s.actions[1].kind, ActionKind::kChooseOne);
  EXPECT_EQ(ids(s.actions[1]), (std::vector<std::string_view>{"pension.employee", "pension.resident"}));
  EXPECT_EQ(ids(s.actions[2]), (std::vector<std::string_view>{"commercial.accident"}));
}

TEST(Summary, MandatoryComesFirstWhateverItsPriority) {
  EvalResult r;
  r.schemes.push_back(advised("pension.employee", Status::kEligible, 1, Channel::kFlexible));
  r.schemes.push_back(advised("injury.work", Status::kMandatory, 99, Channel::kEmployer));
  const Summary s = summarize(r);
  ASSERT_EQ(s.actions.size(), 2u);
  EXPECT_EQ(s.actions[0].options[0].scheme->id, "injury.work");
  EXPECT_EQ(s.actions[0].priority, -1);
}

TEST(Summary, TotalCountsEachActionAndTheCheaperSideOfEachChoice) {
  EvalResult r;
  auto emp = advised("pension.employee", Status::kEligible, 30, Channel::kFlexible);
  emp.alternatives = strs({"pension.resident"});
  monthly_cost(emp, "871.40", "10456.80");
  auto res = advised("pension.resident", Status::kEnrolled, 40, Channel::kIndividual);
  res.alternatives = strs({"pension.employee"});
  annual_cost(res, "300.00");
  auto med = advised("medical.employee", Status::kMandatory, 10, Channel::kEmployer);
  monthly_cost(med, "100.01", "1200.12");
  r.schemes.push_back(std::move(emp));
  r.schemes.push_back(std::move(res));
  r.schemes.push_back(std::move(med));
  const Summary s = summarize(r);
  EXPECT_EQ(s.annual, test::yuan("1500.12"));    // 1200.12 + min(10456.80, 300.00)
  EXPECT_EQ(s.monthly, test::yuan("125.01"));    // 1500.12 / 12 = 125.01
  EXPECT_TRUE(s.at_least);
  EXPECT_TRUE(s.complete);
  ASSERT_TRUE(s.actions[1].options[0].cost);
  EXPECT_EQ(s.actions[1].options[0].cost->monthly, test::yuan("871.40"));
  EXPECT_FALSE(s.actions[1].options[1].cost->monthly);  // yearly only
}

TEST(Summary, NoChoiceMeansNotAtLeastAndAWithheldEstimateIsIncomplete) {
  EvalResult r;
  auto emp = advised("pension.employee", Status::kEligible, 30, Channel::kFlexible);  // estimate withheld
  auto acc = advised("commercial.accident", Status::kRecommended, 60, Channel::kPlatform);  // the platform pays
  r.schemes.push_back(std::move(emp));
  r.schemes.push_back(std::move(acc));
  Summary s = summarize(r);
  EXPECT_FALSE(s.at_least);
  EXPECT_FALSE(s.complete);
  EXPECT_FALSE(s.actions[0].options[0].cost_known);
  EXPECT_TRUE(s.actions[1].options[0].cost_known);
  EXPECT_EQ(s.annual, Money());

  r.schemes.erase(r.schemes.begin());
  s = summarize(r);
  EXPECT_TRUE(s.complete);
}

TEST(Summary, AnOpenSchemeIsACheckAndTheSharedNeedSettlesIt) {
  EvalResult r;
  auto occ = advised("injury.occupational", Status::kNotAvailable, 15);
  occ.determined = false;
  occ.needs.push_back("work.platform");
  occ.needs.push_back("work.industry");
  auto acc = test::scheme("commercial.accident", TextView::of(kName), Status::kNotAvailable);
  acc.determined = false;
  acc.needs.push_back("work.platform");
  r.schemes.push_back(std::move(occ));
  r.schemes.push_back(std::move(acc));
  r.needs.push_back("work.industry");
  r.needs.push_back("work.platform");
  const Summary s = summarize(r);
  ASSERT_EQ(s.actions.size(), 1u);
  EXPECT_EQ(s.actions[0].kind, ActionKind::kCheck);
  ASSERT_TRUE(s.settle);
  EXPECT_EQ(*s.settle, "work.platform");  // two open schemes need it, work.industry only one
  EXPECT_EQ(s.settles, (std::vector<std::string_view>{"injury.occupational", "commercial.accident"}));

  EvalResult settled;
  settled.schemes.push_back(advised("pension.employee", Status::kEligible, 30, Channel::kFlexible));
  EXPECT_FALSE(summarize(settled).settle);
}

// A need no value of which changes the scheme (SchemeResult::inert_needs, set by `evaluate`) is
// not the answer that settles it: the next one that does is named, or none.
TEST(Summary, AnAnswerThatChangesNothingDoesNotSettle) {
  EvalResult r;
  auto occ = advised("injury.occupational", Status::kNotAvailable, 15);
  occ.determined = false;
  occ.needs.push_back("work.industry");
  occ.needs.push_back("work.platform");
  occ.inert_needs = 1u << 1;  // work.platform changes nothing here
  auto acc = test::scheme("commercial.accident", TextView::of(kName), Status::kNotAvailable);
  acc.determined = false;
  acc.needs.push_back("work.platform");
  acc.inert_needs = 1u << 0;
  r.schemes.push_back(std::move(occ));
  r.schemes.push_back(std::move(acc));
  r.needs.push_back("work.industry");
  r.needs.push_back("work.platform");
  Summary s = summarize(r);
  ASSERT_TRUE(s.settle);
  EXPECT_EQ(*s.settle, "work.industry");
  EXPECT_EQ(s.settles, (std::vector<std::string_view>{"injury.occupational"}));
  r.schemes[0].inert_needs = 3u;  // nothing changes anything: nothing is named
  s = summarize(r);
  EXPECT_FALSE(s.settle);
  EXPECT_TRUE(s.settles.empty());
}

TEST(Summary, DeadlinesAndDocumentsToBringOnce) {
  EvalResult r;
  auto a = advised("pension.employee", Status::kEligible, 30, Channel::kFlexible);
  a.advice->bring = kBringId;
  auto b = advised("medical.employee", Status::kEligible, 30, Channel::kFlexible);
  b.advice->bring = kBringId;
  auto c = advised("medical.resident", Status::kEligible, 40, Channel::kIndividual);
  c.advice->deadline = test::rt("集中参保期", "collection period");
  r.schemes.push_back(std::move(a));
  r.schemes.push_back(std::move(b));
  r.schemes.push_back(std::move(c));
  const Summary s = summarize(r);
  ASSERT_EQ(s.bring.size(), 1u);
  EXPECT_EQ(s.bring[0].zh, "身份证件");
  ASSERT_EQ(s.deadlines.size(), 1u);
  EXPECT_EQ(s.deadlines[0]->id, "medical.resident");
}

}  // namespace
}  // namespace shebao
