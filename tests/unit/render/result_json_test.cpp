// RESULT.md JSON: key order, omission of absent fields, escaping, number formats, determinism.
#include "shebao/json/result_json.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <random>
#include <string>

#include "sample_result.h"

namespace shebao {
namespace {

using test::minimal_result;
using test::realistic_result;

// The realistic result in Chinese with explain, compact: the whole text, byte for byte.
const std::string kRealisticZh =
    R"({"contract_version":"1.2.0","as_of":"2026-11-28",)"
    R"("policy_set":{"id":"cn-yn-lincang","digest":"sha256:0123456789abcdef0123456789abcdef","jurisdictions":["000000","530000","530900"]},)"
    R"("person":{"age":{"years":34,"months":8},)"
    R"("retirement":{"age":{"years":63,"months":0},"date":"2055-03","original_age":{"years":60,"months":0},"delay_months":36,"min_contribution_years":{"years":20,"months":0},"flexible":{"earliest":"2052-03","latest":"2058-03"},"citations":[{"document":"全国人民代表大会常务委员会关于实施渐进式延迟法定退休年龄的决定","article":""}]},)"
    R"("outlook":{"months_paid":60,"months_to_retirement":340,"projected_months":400,"required_months":240,"will_meet_minimum":true,"shortfall_months":0,"advice":[]}},)"
    R"("relationship":{"id":"platform_managed","label":"不完全符合确立劳动关系情形但企业对劳动者进行劳动管理","explanation":"平台企业应为其参加职业伤害保障；养老、医疗保险可以个人参保。","citations":[{"document":"人社部发〔2021〕56号","article":"（二）"}]},)"
    // No rule of this hand-built result gives advice: no actions; the open medical scheme names
    // the answer that settles it.
    R"("summary":{"actions":[],"total":{"monthly":"0.00","annual":"0.00","at_least":false,"complete":true},)"
    R"("settle":{"path":"work.monthly_income","label":"您一个月大概挣多少钱（元）？","schemes":["medical.employee"]},"bring":[]},)"
    R"("schemes":[)"
    // 1
    R"({"id":"pension.employee","status":"eligible","channel":"flexible","enrol_region":"530102","enrol_region_name":"云南省昆明市五华区","name":"企业职工基本养老保险","determined":true,)"
    R"("reasons":[{"rule":"cn-yn/pension.employee/flexible-at-work-place","text":"灵活就业人员可以在就业地参加职工养老保险。","citations":[{"document":"云人社发〔2021〕40号","article":"（九）"}]}],)"
    R"("contribution":{"base":{"monthly":"7263.00","min":"4357.80","max":"21789.00"},"rate":{"personal":"0.20","employer":"0.00"},)"
    R"("monthly":{"personal":"1452.60","employer":"0.00","total":"1452.60"},"annual":{"personal":"17431.20","employer":"0.00","total":"17431.20"},)"
    R"("options":[{"id":"ratio_0.60","label":"按60%缴费基数","base":"4357.80","monthly":{"personal":"871.56","employer":"0.00","total":"871.56"},"annual":{"personal":"10458.72","employer":"0.00","total":"10458.72"}},)"
    R"({"id":"ratio_1.00","label":"按100%缴费基数","base":"7263.00","monthly":{"personal":"1452.60","employer":"0.00","total":"1452.60"},"annual":{"personal":"17431.20","employer":"0.00","total":"17431.20"}},)"
    R"({"id":"ratio_3.00","label":"按300%缴费基数","base":"21789.00","monthly":{"personal":"4357.80","employer":"0.00","total":"4357.80"},"annual":{"personal":"52293.60","employer":"0.00","total":"52293.60"}}]},)"
    R"("alternatives":["pension.resident"],"details":[]},)"
    // 2
    R"({"id":"pension.resident","status":"eligible","channel":"individual","enrol_region":"530902","enrol_region_name":"云南省临沧市临翔区","name":"城乡居民基本养老保险","determined":true,)"
    R"("reasons":[{"rule":"cn/pension.resident/hukou-place","text":"在户籍地参加城乡居民养老保险。","citations":[{"document":"国发〔2014〕8号","article":"第五条"}]}],)"
    R"("contribution":{"annual":{"personal":"300.00","employer":"0.00","total":"300.00"},"government_annual":"30.00"},)"
    R"("alternatives":["pension.employee"],"details":[{"id":"grade","label":"缴费档次","value":"300","unit":"yuan"}]},)"
    // 3
    R"({"id":"medical.employee","status":"eligible","channel":"flexible","enrol_region":"530102","enrol_region_name":"云南省昆明市五华区","name":"职工基本医疗保险","determined":false,)"
    R"("reasons":[{"rule":"cn-yn/medical.employee/flexible","text":"灵活就业人员可以参加职工医保。","citations":[{"document":"云医保〔2022〕10号","article":""}]}],)"
    R"("contribution":{"base":{"min":"4357.80"},"rate":{"personal":"0.085"},"monthly":{"personal":"370.41","employer":"0.00","total":"370.41"},"annual":{"personal":"4444.92","employer":"0.00","total":"4444.92"}},)"
    R"("alternatives":["medical.resident"],"details":[],"needs":["work.monthly_income"]},)"
    // 4
    R"({"id":"medical.resident","status":"recommended","channel":"individual","enrol_region":"530902","enrol_region_name":"云南省临沧市临翔区","name":"城乡居民基本医疗保险","determined":true,)"
    R"("reasons":[{"rule":"cn/medical.resident/hukou","text":"可在户籍地参加。","citations":[]}],)"
    R"("contribution":{"annual":{"personal":"400.00","employer":"0.00","total":"400.00"},"government_annual":"670.00"},)"
    R"("alternatives":[],"details":[]},)"
    // 5
    R"({"id":"injury.work","status":"not_eligible","name":"工伤保险","determined":true,)"
    R"("reasons":[{"rule":"cn/injury.work/needs-employer","text":"工伤保险由用人单位缴纳，个人不能参加。","citations":[{"document":"工伤保险条例","article":"第二条"}]}],)"
    R"("alternatives":["injury.occupational"],"details":[]},)"
    // 6
    R"({"id":"injury.occupational","status":"platform_covered","channel":"platform","enrol_region":"530102","enrol_region_name":"云南省昆明市五华区","name":"新就业形态人员职业伤害保障","determined":true,)"
    R"("reasons":[{"rule":"cn/injury.occupational/pilot-platform","text":"试点平台按单缴费。","citations":[{"document":"人社部发〔2022〕31号","article":""}]}],)"
    R"("alternatives":[],"details":[{"id":"premium_per_order","label":"每单保费","value":"0.04","unit":"yuan_per_order"}]},)"
    // 7
    R"({"id":"unemployment","status":"not_eligible","name":"失业保险","determined":true,)"
    R"("reasons":[{"rule":"cn/unemployment/needs-employer","text":"失业保险需要用人单位参保。","citations":[]}],"alternatives":[],"details":[]},)"
    // 8
    R"({"id":"commercial.accident","status":"recommended","channel":"individual","name":"人身意外伤害保险","determined":true,)"
    R"("reasons":[{"rule":"cn/commercial.accident/always","text":"商业保险，可自愿购买。","citations":[]}],"alternatives":[],"details":[]},)"
    // 9
    R"({"id":"commercial.employer_liability","status":"not_available","name":"雇主责任保险","determined":true,)"
    R"("reasons":[{"rule":"cn/commercial.employer_liability/employer-only","text":"由雇主购买。","citations":[]}],"alternatives":[],"details":[]}],)"
    R"("transfers":[{"scheme":"pension.employee","from_region":"440305","to_region":"530102",)"
    R"("from_region_name":"广东省深圳市南山区","to_region_name":"云南省昆明市五华区","kind":"pension.full_transfer","rule":"cn/transfers/pension-full",)"
    R"("steps":["在新参保地参保缴费。","向新参保地社保经办机构申请转移。"],"citations":[{"document":"国办发〔2009〕66号","article":"第五条"}]}],)"
    R"("needs":["work.monthly_income"],)"
    R"("warnings":[{"code":"parameter_unverified","text":"2025年社平工资尚未核实。","subject":"avg_wage_monthly"},{"code":"below_minimum_wage","text":"收入低于最低工资。"}],)"
    R"("trace":[{"scheme":"pension.employee","rules":[{"rule":"cn-yn/pension.employee/employee-at-employer","matched":"false","seen":[{"path":"work.relationship","value":"platform_managed"}]},)"
    R"({"rule":"cn-yn/pension.employee/flexible-at-work-place","matched":"true","seen":[{"path":"work.relationship","value":"platform_managed"},{"path":"age","value":"34"}]}]},)"
    R"({"scheme":"medical.employee","rules":[{"rule":"cn-yn/medical.employee/flexible","matched":"unknown","seen":[{"path":"work.monthly_income","value":"unknown"}]}]}]})";

const std::string kMinimalCompact =
    R"({"contract_version":"1.2.0","as_of":"2025-01-02","policy_set":{"id":"cn","digest":"sha256:ab","jurisdictions":["000000"]},)"
    R"("person":{"age":{"years":16,"months":0}},)"
    R"("relationship":{"id":"self_employed","label":"自主经营","explanation":"","citations":[]},)"
    R"("summary":{"actions":[],"total":{"monthly":"0.00","annual":"0.00","at_least":false,"complete":true},"bring":[]},)"
    R"("schemes":[{"id":"unemployment","status":"not_available","name":"失业保险","determined":true,"reasons":[],"alternatives":[],"details":[]}],)"
    R"("transfers":[],"needs":[],"warnings":[]})";

const std::string kMinimalPretty = R"({
  "contract_version": "1.2.0",
  "as_of": "2025-01-02",
  "policy_set": {
    "id": "cn",
    "digest": "sha256:ab",
    "jurisdictions": [
      "000000"
    ]
  },
  "person": {
    "age": {
      "years": 16,
      "months": 0
    }
  },
  "relationship": {
    "id": "self_employed",
    "label": "自主经营",
    "explanation": "",
    "citations": []
  },
  "summary": {
    "actions": [],
    "total": {
      "monthly": "0.00",
      "annual": "0.00",
      "at_least": false,
      "complete": true
    },
    "bring": []
  },
  "schemes": [
    {
      "id": "unemployment",
      "status": "not_available",
      "name": "失业保险",
      "determined": true,
      "reasons": [],
      "alternatives": [],
      "details": []
    }
  ],
  "transfers": [],
  "needs": [],
  "warnings": [],
  "trace": []
})";

JsonOptions zh_explain() {
  JsonOptions o;
  o.explain = true;
  return o;
}

TEST(ResultJson, RealisticZhGolden) {
  EXPECT_EQ(result_to_json(realistic_result(), zh_explain()), kRealisticZh);
}

TEST(ResultJson, IsValidJsonAndDeterministic) {
  const EvalResult r = realistic_result();
  const std::string a = result_to_json(r, zh_explain());
  const std::string b = result_to_json(r, zh_explain());
  EXPECT_EQ(a, b);
  boost::system::error_code ec;
  const boost::json::value v = boost::json::parse(a, ec);
  ASSERT_FALSE(ec) << ec.message();
  EXPECT_EQ(v.at("schemes").as_array().size(), 9u);
}

TEST(ResultJson, TraceOnlyWithExplain) {
  const std::string plain = result_to_json(realistic_result(), JsonOptions{});
  EXPECT_EQ(plain.find("\"trace\""), std::string::npos);
  // Without explain the text is the explain text minus the trace member.
  const std::string with = result_to_json(realistic_result(), zh_explain());
  const std::size_t at = with.find(R"(,"trace":)");
  ASSERT_NE(at, std::string::npos);
  EXPECT_EQ(plain, with.substr(0, at) + "}");
}

TEST(ResultJson, MinimalCompactOmitsAbsentFields) {
  const std::string s = result_to_json(minimal_result(), JsonOptions{});
  EXPECT_EQ(s, kMinimalCompact);
  for (const char* absent : {"\"retirement\"", "\"outlook\"", "\"channel\"", "\"enrol_region\"",
                             "\"contribution\"", "\"trace\"", "\"subject\""})
    EXPECT_EQ(s.find(absent), std::string::npos) << absent;
  // Scheme-level needs only when not empty; the top-level array always.
  EXPECT_EQ(s.find(R"("needs")"), s.rfind(R"("needs")"));
}

TEST(ResultJson, MinimalPretty) {
  JsonOptions o = zh_explain();
  o.pretty = true;
  EXPECT_EQ(result_to_json(minimal_result(), o), kMinimalPretty);
}

// Pretty and compact carry the same values; compact is pretty minus the layout whitespace.
std::string strip_layout(const std::string& s) {
  std::string r;
  bool in_string = false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (in_string) {
      r += c;
      if (c == '\\') {
        r += s[++i];
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
      r += c;
    } else if (c != ' ' && c != '\n') {
      r += c;
    }
  }
  return r;
}

TEST(ResultJson, PrettyMatchesCompact) {
  const EvalResult r = realistic_result();
  JsonOptions pretty = zh_explain();
  pretty.pretty = true;
  const std::string p = result_to_json(r, pretty);
  EXPECT_NE(p.find("\n  \"schemes\": [\n    {\n      \"id\": \"pension.employee\",\n"),
            std::string::npos);
  EXPECT_EQ(strip_layout(p), result_to_json(r, zh_explain()));
  EXPECT_EQ(boost::json::parse(p), boost::json::parse(kRealisticZh));
}

TEST(ResultJson, EnglishTexts) {
  JsonOptions o;
  o.lang = Lang::kEn;
  const std::string s = result_to_json(realistic_result(), o);
  EXPECT_NE(s.find(R"("enrol_region_name":"Wuhua District, Kunming, Yunnan","name":"Enterprise employees' basic pension")"),
            std::string::npos);
  EXPECT_NE(s.find(R"("label":"at 60% of the average wage")"), std::string::npos);
  EXPECT_NE(s.find(R"("steps":["Enrol and pay at the new place.","Apply to the new place's agency for the transfer."])"),
            std::string::npos);
  EXPECT_NE(s.find(R"({"code":"below_minimum_wage","text":"Income below minimum wage."})"),
            std::string::npos);
  // Citations keep the document number as printed.
  EXPECT_NE(s.find(R"({"document":"云人社发〔2021〕40号","article":"（九）"})"), std::string::npos);
  EXPECT_EQ(s.find("企业职工"), std::string::npos);
}

TEST(ResultJson, Escaping) {
  EvalResult r = minimal_result();
  // Policy wording (a view of the PolicySet, which only holds UTF-8): escaped, copied as it is.
  const std::string label = std::string("q\"b\\s/n\nr\rt\tb\bf\fc") + '\x01' + '\x1f' + "\x7f中文" +
                            std::string(20, 'x') + "\"" + std::string(9, 'y') + '\x02';
  r.relationship.label.zh = label;
  // Text composed outside the policy wording is checked: malformed bytes become U+FFFD.
  r.warnings.push_back({"w", test::rt("bad\xff utf8 \xe4\xb8", ""), ""});
  const std::string s = result_to_json(r, JsonOptions{});
  EXPECT_NE(s.find(R"("label":"q\"b\\s/n\nr\rt\tb\bf\fc\u0001\u001f)" "\x7f" R"(中文xxxxxxxxxxxxxxxxxxxx\"yyyyyyyyy\u0002")"),
            std::string::npos)
      << s;
  EXPECT_NE(s.find("\"text\":\"bad\xEF\xBF\xBD utf8 \xEF\xBF\xBD\xEF\xBF\xBD\""), std::string::npos) << s;
  boost::system::error_code ec;
  const boost::json::value v = boost::json::parse(s, ec);
  ASSERT_FALSE(ec);
  EXPECT_EQ(v.at("relationship").at("label").as_string(), label);
}

// Every byte sequence a caller can put into a result's own texts gives valid JSON; policy wording
// (any valid UTF-8, every ASCII control character) round-trips exactly.
TEST(ResultJson, ArbitraryBytesGiveValidJson) {
  std::mt19937 gen(20261128);
  std::uniform_int_distribution<int> byte(0, 255);
  std::uniform_int_distribution<int> ascii(0, 127);
  for (int round = 0; round < 200; ++round) {
    EvalResult r = minimal_result();
    std::string junk;
    for (int i = 0; i < 64; ++i) junk += static_cast<char>(byte(gen));
    std::string wording;
    for (int i = 0; i < 64; ++i) wording += i % 7 == 3 ? std::string("中") : std::string(1, static_cast<char>(ascii(gen)));
    r.relationship.label.zh = wording;
    r.warnings.push_back({"w", test::rt(junk, junk), ""});
    r.schemes[0].details.push_back({"d", {}, junk, ""});
    JsonOptions o;
    o.pretty = round % 2 == 0;
    boost::system::error_code ec;
    const boost::json::value v = boost::json::parse(result_to_json(r, o), ec);
    ASSERT_FALSE(ec) << round;
    EXPECT_EQ(v.at("relationship").at("label").as_string(), wording) << round;
  }
}

TEST(ResultJson, MoneyAndRateFormats) {
  EvalResult r = minimal_result();
  Contribution c;
  c.base_monthly = Money::from_fen(5);
  c.rate_personal = Decimal::from_micros(85'000);
  c.rate_employer = Decimal::from_micros(160'000);
  c.monthly = Amounts{Money::from_fen(-5), Money::from_fen(100), Money::from_fen(123456789)};
  r.schemes[0].contribution = c;
  const std::string s = result_to_json(r, JsonOptions{});
  EXPECT_NE(s.find(R"("contribution":{"base":{"monthly":"0.05"},"rate":{"personal":"0.085","employer":"0.16"},)"
                   R"("monthly":{"personal":"-0.05","employer":"1.00","total":"1234567.89"}})"),
            std::string::npos)
      << s;
}

TEST(ErrorsJson, Languages) {
  const std::vector<FieldError> errors = {
      {"person.birth", "invalid_date", "not a date", "不是日期"},
      {"work.\"x\"", "unknown_field", "unknown field", ""},
  };
  EXPECT_EQ(errors_to_json(errors, Lang::kZh),
            R"({"errors":[{"path":"person.birth","code":"invalid_date","message":"不是日期"},)"
            R"({"path":"work.\"x\"","code":"unknown_field","message":"unknown field"}]})");
  EXPECT_EQ(errors_to_json(errors, Lang::kEn),
            R"({"errors":[{"path":"person.birth","code":"invalid_date","message":"not a date"},)"
            R"({"path":"work.\"x\"","code":"unknown_field","message":"unknown field"}]})");
  EXPECT_EQ(errors_to_json({}, Lang::kEn), R"({"errors":[]})");
}

RetirementAnswer woman_1975_03() {
  RetirementAnswer a;
  a.birth = test::ym(1975, 3);
  a.original_age_months = 600;
  a.delay_months = 2;
  a.age_months = 602;
  a.date = test::ym(2025, 5);
  a.min_contribution_months = 180;
  a.flexible_earliest = test::ym(2025, 3);
  a.flexible_latest = test::ym(2028, 5);
  return a;
}

TEST(RetirementJson, InterfacesExample) {
  const std::string s = retirement_to_json(woman_1975_03(), "female");
  EXPECT_EQ(s,
            R"({"birth":"1975-03","sex":"female","original_age":{"years":50,"months":0},)"
            R"("delay_months":2,"age":{"years":50,"months":2},"date":"2025-05",)"
            R"("min_contribution_years":{"years":15,"months":0},)"
            R"("flexible":{"earliest":"2025-03","latest":"2028-05"}})");
  // The same values as the example in INTERFACES.md.
  EXPECT_EQ(boost::json::parse(s),
            boost::json::parse(R"({"birth": "1975-03", "sex": "female", "original_age": {"years": 50, "months": 0},
 "delay_months": 2, "age": {"years": 50, "months": 2}, "date": "2025-05",
 "min_contribution_years": {"years": 15, "months": 0},
 "flexible": {"earliest": "2025-03", "latest": "2028-05"}})"));
}

TEST(RetirementJson, Pretty) {
  JsonOptions o;
  o.pretty = true;
  EXPECT_EQ(retirement_to_json(woman_1975_03(), "female", o), R"({
  "birth": "1975-03",
  "sex": "female",
  "original_age": {
    "years": 50,
    "months": 0
  },
  "delay_months": 2,
  "age": {
    "years": 50,
    "months": 2
  },
  "date": "2025-05",
  "min_contribution_years": {
    "years": 15,
    "months": 0
  },
  "flexible": {
    "earliest": "2025-03",
    "latest": "2028-05"
  }
})");
}

}  // namespace
}  // namespace shebao
