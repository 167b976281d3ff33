// The pure handler, without sockets: every route, every error status, the JSON shapes.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "shebao/http/handler.h"
#include "test_support.h"

namespace shebao::http {
namespace {

namespace json = boost::json;
using test::TempDir;

class HandlerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    test::write_fixture(dir_.path());
    LoadedPolicies l = load_policies(dir_.str());
    ASSERT_TRUE(l.set) << (l.diagnostics.empty() ? "" : l.diagnostics.items[0].to_string());
    digest_ = policy_digest(*l.set);
    holder_ = std::make_unique<PolicyHolder>(l.set);
    reloader_ = std::make_unique<PolicyReloader>(*holder_, dir_.str());
    reload_fn_ = [this] { return reloader_->reload(); };
  }

  Context ctx(std::string_view token = {}, std::string_view web = {}) const {
    return Context{*holder_, *Date::parse("2026-11-28"), token, &reload_fn_, web};
  }
  Response call(std::string method, std::string target, std::string body = {}, std::string content_type = {},
                const Context* c = nullptr) const {
    Request r{std::move(method), std::move(target), std::move(content_type), {}, std::move(body)};
    Context def = ctx();
    return handle(r, c ? *c : def);
  }
  static json::value parse(const Response& r) { return json::parse(r.body); }
  static std::string first_error_code(const Response& r) {
    json::value v = json::parse(r.body);
    return std::string(v.at("errors").at(0).at("code").as_string());
  }
  static std::string header(const Response& r, std::string_view name) {
    for (auto& [k, v] : r.headers)
      if (k == name) return v;
    return {};
  }

  TempDir dir_;
  std::string digest_;
  std::unique_ptr<PolicyHolder> holder_;
  std::unique_ptr<PolicyReloader> reloader_;
  ReloadFn reload_fn_;
};

// ---- POST /v1/evaluate ------------------------------------------------------------------------

TEST_F(HandlerTest, EvaluateAnswersResultJson) {
  Response r = call("POST", "/v1/evaluate", std::string(test::kProfile), "application/json");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.content_type, "application/json");
  json::value v = parse(r);
  EXPECT_EQ(v.at("as_of").as_string(), "2026-11-28");
  EXPECT_EQ(v.at("policy_set").at("digest").as_string(), digest_);
  const auto& schemes = v.at("schemes").as_array();
  ASSERT_EQ(schemes.size(), 9u);
  EXPECT_EQ(schemes[0].at("id").as_string(), "pension.employee");
  EXPECT_EQ(schemes[0].at("status").as_string(), "eligible");
  EXPECT_EQ(schemes[0].at("contribution").at("monthly").at("personal").as_string(), "1400.00");
  EXPECT_EQ(schemes[0].at("name").as_string(), "企业职工基本养老保险");
  EXPECT_FALSE(v.as_object().contains("trace"));
  EXPECT_EQ(r.policy_digest, short_digest(digest_));
  EXPECT_EQ(r.body.find('\n'), std::string::npos);
}

TEST_F(HandlerTest, EvaluateQueryOptions) {
  Response en = call("POST", "/v1/evaluate?lang=en&explain=1&pretty=1", std::string(test::kProfile));
  ASSERT_EQ(en.status, 200) << en.body;
  json::value v = parse(en);
  EXPECT_EQ(v.at("schemes").at(0).at("name").as_string(), "Enterprise employees' basic pension");
  EXPECT_TRUE(v.as_object().contains("trace"));
  EXPECT_NE(en.body.find("\n  "), std::string::npos);
  Response off = call("POST", "/v1/evaluate?explain=0&pretty=false&lang=zh", std::string(test::kProfile));
  ASSERT_EQ(off.status, 200);
  EXPECT_FALSE(parse(off).as_object().contains("trace"));
  // A bare flag means on; %-escapes are decoded.
  Response bare = call("POST", "/v1/evaluate?explain&l%61ng=en", std::string(test::kProfile));
  ASSERT_EQ(bare.status, 200) << bare.body;
  EXPECT_TRUE(parse(bare).as_object().contains("trace"));
}

TEST_F(HandlerTest, EvaluateContentTypes) {
  const std::string body(test::kProfile);
  EXPECT_EQ(call("POST", "/v1/evaluate", body, "").status, 200);
  EXPECT_EQ(call("POST", "/v1/evaluate", body, "application/json; charset=utf-8").status, 200);
  EXPECT_EQ(call("POST", "/v1/evaluate", body, "Application/JSON").status, 200);
  Response r = call("POST", "/v1/evaluate", body, "text/plain");
  EXPECT_EQ(r.status, 415);
  EXPECT_EQ(first_error_code(r), "unsupported_media_type");
  EXPECT_EQ(call("POST", "/v1/evaluate", body, "application/x-www-form-urlencoded").status, 415);
  EXPECT_EQ(call("POST", "/v1/evaluate", body, "application/yaml").status, 415);
}

TEST_F(HandlerTest, EvaluateInvalidProfileIs400WithFieldPaths) {
  Response r = call("POST", "/v1/evaluate?lang=en",
                    R"({"person":{"birth":"1994-13","sex":"male","hukou":{"region":"530902"}},"work":{"region":"530102"},"wen":1})");
  ASSERT_EQ(r.status, 400) << r.body;
  json::value v = parse(r);
  const auto& errors = v.at("errors").as_array();
  ASSERT_FALSE(errors.empty());
  bool birth = false, unknown = false;
  for (const auto& e : errors) {
    EXPECT_TRUE(e.as_object().contains("path") && e.as_object().contains("code") && e.as_object().contains("message"));
    birth = birth || e.at("path").as_string() == "person.birth";
    unknown = unknown || e.at("path").as_string() == "wen";
  }
  EXPECT_TRUE(birth) << r.body;
  EXPECT_TRUE(unknown) << r.body;
}

TEST_F(HandlerTest, EvaluateBodyMustBeOneJsonObject) {
  Response yaml = call("POST", "/v1/evaluate", "person:\n  birth: 1994-07\n");
  EXPECT_EQ(yaml.status, 400);
  EXPECT_EQ(first_error_code(yaml), "not_a_json_object");
  EXPECT_EQ(call("POST", "/v1/evaluate", "[1,2]").status, 400);
  Response empty = call("POST", "/v1/evaluate", "  \r\n");
  EXPECT_EQ(empty.status, 400);
  EXPECT_EQ(first_error_code(empty), "empty_body");
  Response broken = call("POST", "/v1/evaluate", R"({"person": {)");
  EXPECT_EQ(broken.status, 400);
  Response dup = call("POST", "/v1/evaluate", R"({"as_of":"2026-11-28","as_of":"2026-11-28"})");
  EXPECT_EQ(dup.status, 400);
  Response nul = call("POST", "/v1/evaluate", std::string("{\"a\":\"\0\"}", 9));
  EXPECT_EQ(nul.status, 400);
  Response bad_utf8 = call("POST", "/v1/evaluate", "{\"a\":\"\xff\xfe\"}");
  EXPECT_EQ(bad_utf8.status, 400);
}

TEST_F(HandlerTest, EvaluateBodyLimit) {
  std::string big = "{\"extra\":{\"x\":\"" + std::string(kMaxBodyBytes, 'a') + "\"}}";
  Response r = call("POST", "/v1/evaluate", big);
  EXPECT_EQ(r.status, 413);
  EXPECT_EQ(first_error_code(r), "body_too_large");
}

TEST_F(HandlerTest, EvaluateBadQuery) {
  const std::string body(test::kProfile);
  Response unknown = call("POST", "/v1/evaluate?verbose=1", body);
  EXPECT_EQ(unknown.status, 400);
  EXPECT_EQ(first_error_code(unknown), "unknown_parameter");
  EXPECT_EQ(call("POST", "/v1/evaluate?explain=yes", body).status, 400);
  EXPECT_EQ(call("POST", "/v1/evaluate?lang=fr", body).status, 400);
  EXPECT_EQ(call("POST", "/v1/evaluate?lang=en&lang=zh", body).status, 400);
  EXPECT_EQ(call("POST", "/v1/evaluate?lang=%zz", body).status, 400);
  EXPECT_EQ(call("POST", "/v1/evaluate?lang=%", body).status, 400);
  EXPECT_EQ(call("POST", "/v1/evaluate?lang=e%00n", body).status, 400);
}

TEST_F(HandlerTest, EvaluateWrongMethodIs405WithAllow) {
  Response r = call("GET", "/v1/evaluate");
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(header(r, "Allow"), "POST");
  EXPECT_EQ(first_error_code(r), "method_not_allowed");
  EXPECT_EQ(call("PUT", "/v1/evaluate", "{}").status, 405);
  EXPECT_EQ(call("DELETE", "/v1/evaluate").status, 405);
}

TEST_F(HandlerTest, EvaluateTakesOneSnapshot) {
  // The handler answers from the set it took, and a replaced set answers the next request.
  TempDir other;
  test::write_fixture(other.path(), "8000.00");
  LoadedPolicies l = load_policies(other.str());
  ASSERT_TRUE(l.set);
  const std::string other_digest = policy_digest(*l.set);
  ASSERT_NE(other_digest, digest_);
  holder_->replace(l.set);
  Response r = call("POST", "/v1/evaluate", std::string(test::kProfile));
  ASSERT_EQ(r.status, 200);
  json::value v = parse(r);
  EXPECT_EQ(v.at("policy_set").at("digest").as_string(), other_digest);
  EXPECT_EQ(v.at("schemes").at(0).at("contribution").at("monthly").at("personal").as_string(), "1600.00");
}

TEST_F(HandlerTest, EvaluateObserverSeesAnsweredEvaluations) {
  int calls = 0;
  std::string seen_digest;
  EvaluateObserver obs = [&](std::string_view text, const EvalRequest&, const JsonAnswer& a, const PolicySet& set) {
    ++calls;
    EXPECT_EQ(text, test::kProfile);
    EXPECT_TRUE(a.ok);
    seen_digest = policy_digest(set);
    return true;
  };
  Context c = ctx();
  c.on_evaluate = &obs;
  EXPECT_EQ(call("POST", "/v1/evaluate", std::string(test::kProfile), "", &c).status, 200);
  EXPECT_EQ(call("POST", "/v1/evaluate", "{\"bad\":1}", "", &c).status, 400);
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(seen_digest, digest_);
}

// The audit record id goes back with the answer (X-Audit-Record), for the printed answer; none
// without a record.
TEST_F(HandlerTest, AuditRecordIdIsSentWithTheAnswer) {
  const auto header = [](const Response& r) {
    std::string v = "(none)";
    for (const auto& [k, val] : r.headers)
      if (k == "X-Audit-Record") v = val;
    return v;
  };
  EvaluateObserver recorded = [](std::string_view, const EvalRequest&, const JsonAnswer&, const PolicySet&) {
    return ObserveResult(true, 42);
  };
  Context c = ctx();
  c.on_evaluate = &recorded;
  Response r = call("POST", "/v1/evaluate", std::string(test::kProfile), "", &c);
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(header(r), "42");
  EXPECT_EQ(header(call("POST", "/v1/evaluate", std::string(test::kProfile), "", nullptr)), "(none)");
}

// When the audit record cannot be written, no answer goes out: 503 with Retry-After.
TEST_F(HandlerTest, UnrecordedAnswerIs503) {
  EvaluateObserver obs = [](std::string_view, const EvalRequest&, const JsonAnswer&, const PolicySet&) { return false; };
  Context c = ctx();
  c.on_evaluate = &obs;
  Response r = call("POST", "/v1/evaluate", std::string(test::kProfile), "", &c);
  EXPECT_EQ(r.status, 503);
  EXPECT_NE(r.body.find("\"audit_unavailable\""), std::string::npos) << r.body;
  EXPECT_EQ(r.body.find("\"schemes\""), std::string::npos) << r.body;
  bool retry = false;
  for (const auto& [k, v] : r.headers) retry = retry || (k == "Retry-After" && v == "5");
  EXPECT_TRUE(retry);
}

// ---- one error format, in the request's language (issue 18, DECISIONS "Errors and diagnostics") --

TEST_F(HandlerTest, SyntaxErrorHasNoPathButLineAndColumn) {
  Response r = call("POST", "/v1/evaluate", "{\"person\": {\n  \"birth\": 1994-07}}");
  ASSERT_EQ(r.status, 400) << r.body;
  json::value e = parse(r).at("errors").at(0);
  EXPECT_EQ(e.at("path").as_string(), "") << r.body;
  EXPECT_EQ(e.at("code").as_string(), "json_syntax") << r.body;
  EXPECT_EQ(e.at("line").as_int64(), 2) << r.body;
  EXPECT_EQ(e.at("column").as_int64(), 16) << r.body;
  EXPECT_EQ(e.at("message").as_string(), "JSON 格式错误：此处不应出现“-”") << r.body;
  Response en = call("POST", "/v1/evaluate?lang=en", "{\"person\": {\n  \"birth\": 1994-07}}");
  EXPECT_EQ(parse(en).at("errors").at(0).at("message").as_string(), "invalid JSON at '-'") << en.body;
  // Duplicate keys: snake_case, Chinese by default without English inside.
  Response dup = call("POST", "/v1/evaluate", R"({"as_of":"2026-11-28","as_of":"2026-11-28"})");
  json::value d = parse(dup).at("errors").at(0);
  EXPECT_EQ(d.at("code").as_string(), "duplicate_key");
  EXPECT_EQ(d.at("path").as_string(), "");
  EXPECT_EQ(d.at("message").as_string(), "键“as_of”重复（第一次出现在第 1 行第 2 列）");
  EXPECT_EQ(d.at("column").as_int64(), 23);
}

TEST_F(HandlerTest, BodyErrorsHaveAnEmptyPath) {
  for (const char* body : {"", "  \r\n", "[1,2]", "person: x"}) {
    Response r = call("POST", "/v1/evaluate", body);
    ASSERT_EQ(r.status, 400) << body;
    EXPECT_EQ(parse(r).at("errors").at(0).at("path").as_string(), "") << body;
  }
}

TEST_F(HandlerTest, LangTakesLanguageTags) {
  const std::string body(test::kProfile);
  for (const char* zh : {"zh", "zh-CN", "ZH-cn", "zh-Hans", "zh-TW", "zh_CN"}) {
    Response r = call("POST", std::string("/v1/evaluate?lang=") + zh, body);
    ASSERT_EQ(r.status, 200) << zh << r.body;
    EXPECT_EQ(parse(r).at("schemes").at(0).at("name").as_string(), "企业职工基本养老保险") << zh;
  }
  for (const char* en : {"en", "en-US", "EN-gb", "en-GB"}) {
    Response r = call("POST", std::string("/v1/evaluate?lang=") + en, body);
    ASSERT_EQ(r.status, 200) << en << r.body;
    EXPECT_NE(std::string(parse(r).at("schemes").at(0).at("name").as_string()).find("Enterprise"), std::string::npos)
        << en;
  }
  for (const char* bad : {"fr", "fr-FR", "cn", "chinese", "zh-", ""}) {
    Response r = call("POST", std::string("/v1/evaluate?lang=") + bad, body);
    ASSERT_EQ(r.status, 400) << bad;
    json::value e = parse(r).at("errors").at(0);
    EXPECT_EQ(e.at("code").as_string(), "invalid_parameter") << bad;
    EXPECT_EQ(e.at("path").as_string(), "lang") << bad;
    EXPECT_EQ(e.at("message").as_string(), "lang 只能是中文（zh、zh-CN 等）或英文（en、en-US 等）") << bad;
  }
}

TEST_F(HandlerTest, AcceptLanguageWhenNoLangParameter) {
  const std::string body(test::kProfile);
  auto with = [&](std::string target, std::string accept) {
    Request r{"POST", std::move(target), "application/json", {}, body};
    r.accept_language = std::move(accept);
    return handle(r, ctx());
  };
  auto first_name = [&](const Response& r) { return std::string(parse(r).at("schemes").at(0).at("name").as_string()); };
  EXPECT_EQ(first_name(with("/v1/evaluate", "en-US,en;q=0.9")), "Enterprise employees' basic pension");
  EXPECT_EQ(first_name(with("/v1/evaluate", "fr-FR, de;q=0.9, en;q=0.5, zh;q=0.4")),
            "Enterprise employees' basic pension");
  EXPECT_EQ(first_name(with("/v1/evaluate", "en;q=0.3, zh-CN;q=0.8")), "企业职工基本养老保险");
  EXPECT_EQ(first_name(with("/v1/evaluate", "fr, de")), "企业职工基本养老保险");  // none supported: zh
  EXPECT_EQ(first_name(with("/v1/evaluate", "")), "企业职工基本养老保险");
  // The lang parameter wins.
  EXPECT_EQ(first_name(with("/v1/evaluate?lang=zh", "en-US")), "企业职工基本养老保险");
  // Errors follow it too; a refused lang is explained in the header's language.
  Response bad = with("/v1/evaluate?lang=fr", "en-GB");
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(parse(bad).at("errors").at(0).at("message").as_string(),
            "lang must be Chinese (zh, zh-CN, ...) or English (en, en-US, ...)");
  Response nf = with("/v1/nothing", "en");
  EXPECT_EQ(parse(nf).at("errors").at(0).at("message").as_string(), "no such route");
  EXPECT_EQ(parse(call("GET", "/v1/nothing")).at("errors").at(0).at("message").as_string(), "没有这个接口");
  // Caches are told the answer depends on it.
  EXPECT_EQ(header(with("/v1/evaluate", "en"), "Vary"), "Accept-Language");
}

TEST(AcceptLanguage, QValues) {
  EXPECT_EQ(preferred_language("en"), Lang::kEn);
  EXPECT_EQ(preferred_language("zh-CN,zh;q=0.9,en;q=0.8"), Lang::kZh);
  EXPECT_EQ(preferred_language("en-US;q=0.5, zh-TW;q=0.7"), Lang::kZh);
  EXPECT_EQ(preferred_language("en;q=0.7, zh;q=0.7"), Lang::kEn);  // equal: the first listed
  EXPECT_EQ(preferred_language("zh;q=0, en;q=0.1"), Lang::kEn);    // q=0: not this one
  EXPECT_EQ(preferred_language("*, en;q=0.1"), Lang::kEn);
  EXPECT_EQ(preferred_language("ZH-HANS-CN ; Q=1.000"), Lang::kZh);
  EXPECT_EQ(preferred_language("zh;q=2, en;q=0.5"), Lang::kEn);    // a malformed q: skipped
  EXPECT_EQ(preferred_language("zh;q=abc, en"), Lang::kEn);
  EXPECT_FALSE(preferred_language("").has_value());
  EXPECT_FALSE(preferred_language("fr-FR, de;q=0.8").has_value());
  EXPECT_FALSE(preferred_language(",,;;,").has_value());
  EXPECT_EQ(request_language("/v1/evaluate?explain=1&lang=en-US", "zh"), Lang::kEn);
  EXPECT_EQ(request_language("/v1/evaluate?lang=fr", "en"), Lang::kEn);
  EXPECT_EQ(request_language("/v1/evaluate?lang=%65n", ""), Lang::kEn);
  EXPECT_EQ(request_language("/v1/evaluate", ""), Lang::kZh);
}

TEST_F(HandlerTest, ErrorsAreChineseByDefaultAndEnglishOnRequest) {
  Response zh = call("POST", "/v1/evaluate?verbose=1", std::string(test::kProfile));
  EXPECT_EQ(parse(zh).at("errors").at(0).at("message").as_string(),
            "未知的查询参数“verbose”（可用：explain, lang, pretty）");
  Response en = call("POST", "/v1/evaluate?verbose=1&lang=en", std::string(test::kProfile));
  EXPECT_EQ(parse(en).at("errors").at(0).at("message").as_string(),
            "unknown query parameter 'verbose' (allowed: explain, lang, pretty)");
  Response ret = call("GET", "/v1/retirement?birth=1980-06&sex=female");
  EXPECT_EQ(parse(ret).at("errors").at(0).at("message").as_string(),
            "女性需要 original_age（原法定退休年龄）：50（女职工）或 55（女干部；灵活就业人员）");
  Response ret_en = call("GET", "/v1/retirement?birth=1980-06&sex=female&lang=en-US");
  EXPECT_EQ(ret_en.status, 400);
  EXPECT_NE(std::string(parse(ret_en).at("errors").at(0).at("message").as_string()).find("required for women"),
            std::string::npos);
  EXPECT_EQ(call("GET", "/v1/retirement?birth=1980-06&sex=male&lang=en").status, 200);
}

// ---- GET /v1/regions (issue 17) -----------------------------------------------------------------

TEST_F(HandlerTest, RegionsByNameShortNameAndPinyin) {
  Response r = call("GET", "/v1/regions?q=%E6%B7%B1%E5%9C%B3%E5%8D%97%E5%B1%B1");  // 深圳南山
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.content_type, "application/json");
  const json::value v = parse(r);
  const json::array& list = v.at("regions").as_array();
  ASSERT_EQ(list.size(), 1u) << r.body;
  EXPECT_EQ(list[0].at("code"), "440305");
  EXPECT_EQ(list[0].at("name"), "南山区");
  EXPECT_EQ(list[0].at("full_name"), "广东省深圳市南山区");
  EXPECT_EQ(list[0].at("en"), "Nanshan District, Shenzhen, Guangdong");

  Response py = call("GET", "/v1/regions?q=shenzhen&limit=1");
  ASSERT_EQ(py.status, 200) << py.body;
  ASSERT_EQ(parse(py).at("regions").as_array().size(), 1u);
  EXPECT_EQ(parse(py).at("regions").at(0).at("code"), "440300");

  Response two = call("GET", "/v1/regions?q=%E4%B8%B4%E6%B2%A7+%E4%B8%B4%E7%BF%94");  // 临沧 临翔
  ASSERT_EQ(two.status, 200) << two.body;
  EXPECT_EQ(parse(two).at("regions").at(0).at("code"), "530902");

  Response none = call("GET", "/v1/regions?q=atlantis");
  ASSERT_EQ(none.status, 200);
  EXPECT_TRUE(parse(none).at("regions").as_array().empty());
}

TEST_F(HandlerTest, RegionsWithdrawnCodeGivesItsSuccessor) {
  Response r = call("GET", "/v1/regions?q=530122");  // 晋宁县, 晋宁区 since 2016
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(parse(r).at("regions").at(0).at("code"), "530115");
}

TEST_F(HandlerTest, RegionsBadQueries) {
  EXPECT_EQ(call("GET", "/v1/regions").status, 400);
  EXPECT_EQ(first_error_code(call("GET", "/v1/regions")), "missing_parameter");
  EXPECT_EQ(first_error_code(call("GET", "/v1/regions?q=")), "missing_parameter");
  EXPECT_EQ(first_error_code(call("GET", "/v1/regions?q=a&limit=0")), "invalid_parameter");
  EXPECT_EQ(first_error_code(call("GET", "/v1/regions?q=a&limit=101")), "invalid_parameter");
  EXPECT_EQ(first_error_code(call("GET", "/v1/regions?q=a&limit=x")), "invalid_parameter");
  EXPECT_EQ(first_error_code(call("GET", "/v1/regions?q=a&x=1")), "unknown_parameter");
  EXPECT_EQ(first_error_code(call("GET", "/v1/regions?q=" + std::string(201, 'a'))), "invalid_parameter");
  EXPECT_EQ(call("POST", "/v1/regions?q=a", "{}").status, 405);
}

// ---- GET /v1/retirement -----------------------------------------------------------------------

TEST_F(HandlerTest, RetirementMatchesTheContractExample) {
  Response r = call("GET", "/v1/retirement?birth=1975-03&sex=female&original_age=50");
  ASSERT_EQ(r.status, 200) << r.body;
  json::value v = parse(r);
  json::value expected = json::parse(R"({"birth": "1975-03", "sex": "female", "original_age": {"years": 50, "months": 0},
 "delay_months": 2, "age": {"years": 50, "months": 2}, "date": "2025-05",
 "min_contribution_years": {"years": 15, "months": 0},
 "flexible": {"earliest": "2025-03", "latest": "2028-05"}})");
  EXPECT_EQ(v, expected) << r.body;
}

TEST_F(HandlerTest, RetirementMen) {
  Response r = call("GET", "/v1/retirement?birth=1980%2D06&sex=male&pretty=1");
  ASSERT_EQ(r.status, 200) << r.body;
  json::value v = parse(r);
  EXPECT_EQ(v.at("age").at("years").as_int64(), 63);
  EXPECT_EQ(v.at("delay_months").as_int64(), 36);
  EXPECT_NE(r.body.find('\n'), std::string::npos);
}

TEST_F(HandlerTest, RetirementBadQueries) {
  struct Case {
    const char* target;
    const char* code;
    const char* path;
  };
  const Case cases[] = {
      {"/v1/retirement", "missing_parameter", "birth"},
      {"/v1/retirement?birth=1980-06", "missing_parameter", "sex"},
      {"/v1/retirement?birth=1980-13&sex=male", "invalid_parameter", "birth"},
      {"/v1/retirement?birth=1980-06-01&sex=male", "invalid_parameter", "birth"},
      {"/v1/retirement?birth=1980-06&sex=other", "invalid_parameter", "sex"},
      {"/v1/retirement?birth=1980-06&sex=female", "missing_parameter", "original_age"},
      {"/v1/retirement?birth=1980-06&sex=female&original_age=60", "invalid_parameter", "original_age"},
      {"/v1/retirement?birth=1980-06&sex=male&original_age=55", "invalid_parameter", "original_age"},
      {"/v1/retirement?birth=1980-06&sex=male&foo=1", "unknown_parameter", "foo"},
      {"/v1/retirement?birth=1980-06&sex=male&pretty=2", "invalid_parameter", "pretty"},
  };
  for (const Case& c : cases) {
    Response r = call("GET", c.target);
    EXPECT_EQ(r.status, 400) << c.target;
    json::value v = parse(r);
    EXPECT_EQ(v.at("errors").at(0).at("code").as_string(), c.code) << c.target;
    EXPECT_EQ(v.at("errors").at(0).at("path").as_string(), c.path) << c.target;
  }
  Response post = call("POST", "/v1/retirement?birth=1980-06&sex=male", "{}");
  EXPECT_EQ(post.status, 405);
  EXPECT_EQ(header(post, "Allow"), "GET, HEAD");
}

// ---- the other GET routes ---------------------------------------------------------------------

TEST_F(HandlerTest, SchemesListsTheNineWithNames) {
  Response r = call("GET", "/v1/schemes");
  ASSERT_EQ(r.status, 200);
  json::value v = parse(r);
  const auto& s = v.at("schemes").as_array();
  ASSERT_EQ(s.size(), 9u);
  const char* ids[] = {"pension.employee", "pension.resident", "medical.employee", "medical.resident", "injury.work",
                       "injury.occupational", "unemployment", "commercial.accident", "commercial.employer_liability"};
  for (std::size_t i = 0; i < 9; ++i) {
    EXPECT_EQ(s[i].at("id").as_string(), ids[i]);
    EXPECT_FALSE(s[i].at("name").at("zh").as_string().empty());
    EXPECT_FALSE(s[i].at("name").at("en").as_string().empty());
  }
  EXPECT_EQ(s[4].at("name").at("zh").as_string(), "工伤保险");
  EXPECT_EQ(call("GET", "/v1/schemes?x=1").status, 400);
}

TEST_F(HandlerTest, PoliciesDescribesTheSet) {
  Response r = call("GET", "/v1/policies");
  ASSERT_EQ(r.status, 200);
  json::value v = parse(r);
  EXPECT_EQ(v.at("digest").as_string(), digest_);
  EXPECT_EQ(v.at("jurisdictions").at(0).as_string(), "000000");
  const auto& pack = v.at("packs").at(0);
  EXPECT_EQ(pack.at("id").as_string(), "cn");
  EXPECT_TRUE(pack.at("parent").is_null());
  EXPECT_EQ(pack.at("name").at("en").as_string(), "China (national)");
  EXPECT_EQ(pack.at("documents").at(0).at("number").as_string(), "测试文件1号");
  EXPECT_EQ(pack.at("parameters").at(0).at("id").as_string(), "avg_wage_monthly");
  EXPECT_EQ(pack.at("parameters").at(0).at("versions").at(0).at("from").as_string(), "2024-01-01");
  EXPECT_EQ(pack.at("schemes").as_array().size(), 9u);
  // Computed once per set: the same text again, and a new set gives a new text.
  EXPECT_EQ(call("GET", "/v1/policies").body, r.body);
  TempDir other;
  test::write_fixture(other.path(), "8000.00");
  holder_->replace(load_policies(other.str()).set);
  EXPECT_NE(call("GET", "/v1/policies").body, r.body);
}

// A rule's citations added by a descendant pack (add_citations) are listed apart from its own,
// with the pack and the place they apply to.
TEST_F(HandlerTest, PoliciesShowAddedCitations) {
  test::write_file(dir_.path() / "cn-530000" / "pack.yaml",
                   "id: cn-530000\njurisdiction: \"530000\"\nparent: cn\nname: {zh: 云南省, en: Yunnan}\n"
                   "documents:\n  yn-40: {number: 云人社发〔2021〕40号, title: {zh: 实施意见, en: Implementing opinions}}\n");
  test::write_file(dir_.path() / "cn-530000" / "citations.yaml",
                   "add_citations:\n  - {to: cn/pension.employee/flexible, cite: [{document: yn-40, article: （九）}]}\n");
  LoadedPolicies l = load_policies(dir_.str());
  ASSERT_TRUE(l.set) << (l.diagnostics.empty() ? "" : l.diagnostics.items[0].to_string());
  holder_->replace(l.set);
  json::value v = parse(call("GET", "/v1/policies"));
  for (const auto& pack : v.at("packs").as_array()) {
    const auto& rule = pack.at("schemes").at(0).at("rules").at(0);
    ASSERT_EQ(rule.at("id").as_string(), "cn/pension.employee/flexible");
    EXPECT_EQ(rule.at("citations"), json::parse(R"(["测试文件1号"])")) << pack.at("id");
    EXPECT_EQ(rule.at("added_citations"),
              json::parse(R"([{"pack":"cn-530000","jurisdiction":"530000","jurisdiction_name":{"zh":"云南省","en":"Yunnan"},)"
                          R"("citations":["云人社发〔2021〕40号（九）"]}])"))
        << pack.at("id");
  }
  const auto& other = v.at("packs").at(0).at("schemes").at(1).at("rules").at(0);
  EXPECT_TRUE(other.at("added_citations").as_array().empty());
}

TEST_F(HandlerTest, HealthzAndHead) {
  Response r = call("GET", "/healthz");
  ASSERT_EQ(r.status, 200);
  json::value v = parse(r);
  EXPECT_EQ(v.at("status").as_string(), "ok");
  EXPECT_EQ(v.at("policy_set").at("digest").as_string(), digest_);
  EXPECT_EQ(call("HEAD", "/healthz").status, 200);
  EXPECT_EQ(call("HEAD", "/v1/schemes").status, 200);
  Response post = call("POST", "/healthz");
  EXPECT_EQ(post.status, 405);
  EXPECT_EQ(header(post, "Allow"), "GET, HEAD");
}

TEST_F(HandlerTest, OpenApiIsServed) {
  Response r = call("GET", "/v1/openapi.json");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.content_type, "application/json");
  EXPECT_EQ(r.body, openapi_document());
}

TEST_F(HandlerTest, UnknownRoutesAndTargets) {
  for (const char* t : {"/v1/evaluate/", "/v2/evaluate", "/nothing", "/v1", "/v1/", "/healthz/x", "/"}) {
    Response r = call("GET", t);
    EXPECT_EQ(r.status, 404) << t;
    EXPECT_EQ(first_error_code(r), "not_found") << t;
  }
  EXPECT_EQ(call("OPTIONS", "*").status, 400);
  EXPECT_EQ(call("GET", "http://example.com/healthz").status, 400);
  EXPECT_EQ(call("GET", "").status, 400);
}

// ---- POST /v1/admin/reload --------------------------------------------------------------------

TEST_F(HandlerTest, ReloadIsAbsentWithoutToken) {
  EXPECT_EQ(call("POST", "/v1/admin/reload").status, 404);
  EXPECT_EQ(call("GET", "/v1/admin/reload").status, 404);
}

TEST_F(HandlerTest, ReloadNeedsTheToken) {
  const std::string token = "s3cret-token-0123456789";
  Context c = ctx(token);
  auto with_auth = [&](std::string method, std::string auth) {
    Request r{std::move(method), "/v1/admin/reload", "", std::move(auth), ""};
    return handle(r, c);
  };
  Response none = with_auth("POST", "");
  EXPECT_EQ(none.status, 401);
  EXPECT_EQ(header(none, "WWW-Authenticate"), "Bearer");
  EXPECT_EQ(with_auth("POST", "Bearer wrong").status, 401);
  EXPECT_EQ(with_auth("POST", "Bearer " + token + "x").status, 401);
  EXPECT_EQ(with_auth("POST", "Bearer " + token.substr(1)).status, 401);
  EXPECT_EQ(with_auth("POST", "Basic " + token).status, 401);
  EXPECT_EQ(with_auth("POST", token).status, 401);
  Response get = with_auth("GET", "Bearer " + token);
  EXPECT_EQ(get.status, 405);
  EXPECT_EQ(header(get, "Allow"), "POST");

  // Good -> swapped.
  test::write_fixture(dir_.path(), "9000.00");
  Response ok = with_auth("POST", "bearer " + token);
  ASSERT_EQ(ok.status, 200) << ok.body;
  json::value v = parse(ok);
  EXPECT_EQ(v.at("status").as_string(), "reloaded");
  EXPECT_EQ(v.at("previous").at("digest").as_string(), digest_);
  const std::string new_digest(v.at("policy_set").at("digest").as_string());
  EXPECT_NE(new_digest, digest_);
  EXPECT_EQ(policy_digest(*holder_->get()), new_digest);

  // Bad -> rejected with its diagnostics; the running set stays.
  test::break_fixture(dir_.path());
  Response bad = with_auth("POST", "Bearer " + token);
  ASSERT_EQ(bad.status, 422) << bad.body;
  json::value b = parse(bad);
  EXPECT_EQ(b.at("policy_set").at("digest").as_string(), new_digest);
  const auto& e = b.at("errors").at(0);
  EXPECT_EQ(e.at("code").as_string(), "unknown_key");
  // `path` is for profile fields: a pack file's place is in file, line and column.
  EXPECT_EQ(e.at("path").as_string(), "") << bad.body;
  EXPECT_NE(std::string(e.at("file").as_string()).find("bad.yaml"), std::string::npos) << bad.body;
  EXPECT_EQ(e.at("line").as_int64(), 1) << bad.body;
  EXPECT_EQ(e.at("column").as_int64(), 1) << bad.body;
  EXPECT_EQ(policy_digest(*holder_->get()), new_digest);
}

TEST(ConstantTimeEqual, Cases) {
  EXPECT_TRUE(constant_time_equal("abc", "abc"));
  EXPECT_FALSE(constant_time_equal("abc", "abd"));
  EXPECT_FALSE(constant_time_equal("abc", "abcd"));
  EXPECT_FALSE(constant_time_equal("abcd", "abc"));
  EXPECT_FALSE(constant_time_equal("", ""));  // an empty secret never matches
  EXPECT_FALSE(constant_time_equal("x", ""));
}

TEST(Helpers, ShortDigestAndPaths) {
  EXPECT_EQ(short_digest("sha256:0123456789abcdef0123"), "sha256:0123456789ab");
  EXPECT_EQ(target_path("/v1/evaluate?x=1"), "/v1/evaluate");
  EXPECT_EQ(target_path("/healthz"), "/healthz");
  EXPECT_EQ(content_type_for("index.html"), "text/html; charset=utf-8");
  EXPECT_EQ(content_type_for("APP.JS"), "text/javascript; charset=utf-8");
  EXPECT_EQ(content_type_for("style.css"), "text/css; charset=utf-8");
  EXPECT_EQ(content_type_for("logo.svg"), "image/svg+xml");
  EXPECT_EQ(content_type_for("data.bin"), "application/octet-stream");
  EXPECT_EQ(content_type_for("Makefile"), "application/octet-stream");
}

// ---- the web folder ---------------------------------------------------------------------------

TEST_F(HandlerTest, WebFolderServesFilesSafely) {
  TempDir web;
  TempDir outside;
  test::write_file(outside.path() / "secret.txt", "secret");
  const std::string web_dir = web.str();  // Context holds views: keep the text alive
  // Without index.html, / is 404.
  Context no_index = ctx({}, web_dir);
  EXPECT_EQ(call("GET", "/", "", "", &no_index).status, 404);

  test::write_file(web.path() / "index.html", "<!doctype html><title>社保</title>");
  test::write_file(web.path() / "app.js", "console.log(1)");
  test::write_file(web.path() / "css" / "site.css", "body{}");
  test::write_file(web.path() / ".hidden", "no");
  test::fs::create_symlink(outside.path() / "secret.txt", web.path() / "link.txt");
  Context c = ctx({}, web_dir);

  Response index = call("GET", "/", "", "", &c);
  ASSERT_EQ(index.status, 200);
  EXPECT_EQ(index.content_type, "text/html; charset=utf-8");
  EXPECT_EQ(index.body, "<!doctype html><title>社保</title>");
  EXPECT_EQ(call("GET", "/index.html", "", "", &c).status, 200);
  EXPECT_EQ(call("HEAD", "/", "", "", &c).status, 200);
  Response js = call("GET", "/app.js?v=1", "", "", &c);
  EXPECT_EQ(js.status, 200);
  EXPECT_EQ(js.content_type, "text/javascript; charset=utf-8");
  Response css = call("GET", "/css/site.css", "", "", &c);
  EXPECT_EQ(css.status, 200);
  EXPECT_EQ(css.content_type, "text/css; charset=utf-8");

  for (const char* t : {"/../secret.txt", "/css/../index.html", "/%2e%2e/secret.txt", "/css/%2E%2E/%2e%2e/x", "/.hidden",
                        "/link.txt", "/css", "/nothing.html", "//etc/passwd", "/css//site.css", "/a%00b", "/%5c..%5cx"}) {
    Response r = call("GET", t, "", "", &c);
    EXPECT_EQ(r.status, 404) << t;
  }
  // The API space never falls through to files; other methods on a file are 405.
  test::write_file(web.path() / "v1" / "x.html", "no");
  EXPECT_EQ(call("GET", "/v1/x.html", "", "", &c).status, 404);
  Response post = call("POST", "/", "", "", &c);
  EXPECT_EQ(post.status, 405);
  EXPECT_EQ(header(post, "Allow"), "GET, HEAD");
}

}  // namespace
}  // namespace shebao::http

// ---- GET /v1/config and CORS (serve --office-*, --cors-origin) ----------------------------------

namespace shebao::http {
namespace {

class SiteTest : public HandlerTest {
 protected:
  Response call_site(std::string method, std::string target, std::string origin, std::string preflight_method = {}) {
    Request r{std::move(method), std::move(target), "application/json", {}, std::string(test::kProfile)};
    Context c = ctx();
    c.site = &site_;
    return handle(r, c, CorsHeaders{std::move(origin), std::move(preflight_method)});
  }
  SiteOptions site_{"临翔区社会保险服务中心", "临翔区某路1号", "0883-1234567", {"https://a.example"}};
};

TEST_F(SiteTest, ConfigGivesTheOfficeLine) {
  Response r = call_site("GET", "/v1/config", "");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(json::parse(r.body), json::parse(R"({"office":{"name":"临翔区社会保险服务中心","address":"临翔区某路1号","phone":"0883-1234567"}})"));
  // Not configured: empty strings, not an error.
  Response none = call("GET", "/v1/config");
  ASSERT_EQ(none.status, 200);
  EXPECT_EQ(json::parse(none.body), json::parse(R"({"office":{"name":"","address":"","phone":""}})"));
  EXPECT_EQ(call("POST", "/v1/config").status, 405);
}

TEST_F(SiteTest, PreflightOnlyForConfiguredOrigins) {
  Response ok = call_site("OPTIONS", "/v1/evaluate", "https://a.example", "POST");
  EXPECT_EQ(ok.status, 204);
  EXPECT_EQ(header(ok, "Access-Control-Allow-Origin"), "https://a.example");
  EXPECT_EQ(header(ok, "Access-Control-Allow-Methods"), "GET, HEAD, POST");
  EXPECT_EQ(header(ok, "Access-Control-Allow-Headers"), "Content-Type");
  EXPECT_EQ(header(ok, "Vary"), "Origin");
  Response foreign = call_site("OPTIONS", "/v1/evaluate", "https://evil.example", "POST");
  EXPECT_EQ(foreign.status, 405);
  EXPECT_EQ(header(foreign, "Access-Control-Allow-Origin"), "");
  // An OPTIONS without Access-Control-Request-Method is no preflight.
  EXPECT_EQ(call_site("OPTIONS", "/v1/evaluate", "https://a.example").status, 405);
}

TEST_F(SiteTest, AnswersCarryTheOriginOnlyWhenAllowed) {
  Response ok = call_site("POST", "/v1/evaluate", "https://a.example");
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(header(ok, "Access-Control-Allow-Origin"), "https://a.example");
  EXPECT_EQ(header(ok, "Vary"), "Accept-Language, Origin");
  EXPECT_EQ(header(call_site("POST", "/v1/evaluate", "https://a.example.evil"), "Access-Control-Allow-Origin"), "");
  EXPECT_EQ(header(call_site("POST", "/v1/evaluate", ""), "Access-Control-Allow-Origin"), "");
  // No --cors-origin: never.
  site_.cors_origins.clear();
  EXPECT_EQ(header(call_site("POST", "/v1/evaluate", "https://a.example"), "Access-Control-Allow-Origin"), "");
}

}  // namespace
}  // namespace shebao::http
