// The OpenAPI document (adapters/http/openapi.json, embedded): valid JSON, every route the
// handler serves is documented (and nothing else), and real answers carry every `required`
// property of their documented schemas.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <cstdio>
#include <fstream>
#include <set>
#include <sstream>

#include "shebao/http/handler.h"
#include "test_support.h"

namespace shebao::http {
namespace {

namespace json = boost::json;
using test::TempDir;

const json::object& doc() {
  static const json::value v = json::parse(openapi_document());
  return v.as_object();
}

const json::value& resolve(const json::value& schema) {
  const json::value* s = &schema;
  for (int guard = 0; guard < 16 && s->is_object() && s->as_object().contains("$ref"); ++guard) {
    std::string ref(s->at("$ref").as_string());
    const std::string prefix = "#/components/schemas/";
    EXPECT_EQ(ref.rfind(prefix, 0), 0u) << ref;
    s = &doc().at("components").at("schemas").at(ref.substr(prefix.size()));
  }
  return *s;
}

// Checks `value` against `schema`: types, required properties and enums, recursively; every
// problem goes to `problems` with its JSON path.
void check(const json::value& value, const json::value& schema_in, const std::string& path, std::vector<std::string>& problems) {
  const json::value& schema = resolve(schema_in);
  const json::object& s = schema.as_object();
  if (auto* t = s.if_contains("type")) {
    std::string_view type = t->as_string();
    bool ok = (type == "object" && value.is_object()) || (type == "array" && value.is_array()) ||
              (type == "string" && value.is_string()) || (type == "boolean" && value.is_bool()) ||
              (type == "integer" && (value.is_int64() || value.is_uint64())) ||
              (type == "number" && (value.is_number())) ||
              (value.is_null() && s.contains("nullable") && s.at("nullable").as_bool());
    if (!ok) {
      problems.push_back(path + ": not " + std::string(type) + ": " + json::serialize(value).substr(0, 80));
      return;
    }
  }
  if (auto* e = s.if_contains("enum")) {
    bool found = false;
    for (const auto& x : e->as_array()) found = found || x == value;
    if (!found) problems.push_back(path + ": " + json::serialize(value) + " is not in the enum");
  }
  if (value.is_object()) {
    const json::object& o = value.as_object();
    if (auto* req = s.if_contains("required"))
      for (const auto& name : req->as_array())
        if (!o.contains(name.as_string())) problems.push_back(path + ": required property '" + std::string(name.as_string()) + "' missing");
    if (auto* props = s.if_contains("properties"))
      for (const auto& [k, v] : o)
        if (auto* ps = props->as_object().if_contains(k)) check(v, *ps, path + "." + std::string(k), problems);
  }
  if (value.is_array()) {
    if (auto* items = s.if_contains("items")) {
      std::size_t i = 0;
      for (const auto& v : value.as_array()) check(v, *items, path + "[" + std::to_string(i++) + "]", problems);
    }
    if (auto* mn = s.if_contains("minItems"))
      if (value.as_array().size() < static_cast<std::size_t>(mn->to_number<std::int64_t>())) problems.push_back(path + ": too few items");
  }
}

std::vector<std::string> problems_of(std::string_view body, std::string_view schema_name) {
  std::vector<std::string> problems;
  check(json::parse(body), doc().at("components").at("schemas").at(schema_name), "$", problems);
  return problems;
}

std::string joined(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += s + "\n";
  return out;
}

class OpenApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    test::write_fixture(dir_.path());
    holder_ = std::make_unique<PolicyHolder>(load_policies(dir_.str()).set);
    ASSERT_TRUE(holder_->get());
  }
  Response call(std::string method, std::string target, std::string body = {}) {
    Request r{std::move(method), std::move(target), "application/json", {}, std::move(body)};
    return handle(r, Context{*holder_, *Date::parse("2026-11-28"), {}, nullptr, {}});
  }
  TempDir dir_;
  std::unique_ptr<PolicyHolder> holder_;
};

TEST_F(OpenApiTest, IsValidJsonOpenApi3) {
  EXPECT_EQ(std::string(doc().at("openapi").as_string()).rfind("3.0.", 0), 0u);
  EXPECT_TRUE(doc().at("info").as_object().contains("title"));
  EXPECT_TRUE(doc().at("info").as_object().contains("version"));
  // The file in the repository is what is embedded.
  std::ifstream in(std::string(SHEBAO_SOURCE_DIR) + "/adapters/http/openapi.json", std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  EXPECT_EQ(ss.str(), openapi_document());
  // Every $ref points at something.
  std::vector<const json::value*> stack{&doc().at("paths"), &doc().at("components")};
  int refs = 0;
  while (!stack.empty()) {
    const json::value* v = stack.back();
    stack.pop_back();
    if (v->is_object()) {
      for (const auto& [k, x] : v->as_object()) {
        if (k == "$ref") {
          ++refs;
          std::string ref(x.as_string());
          ASSERT_EQ(ref.rfind("#/components/", 0), 0u) << ref;
          std::string rest = ref.substr(13);
          std::size_t slash = rest.find('/');
          EXPECT_TRUE(doc().at("components").at(rest.substr(0, slash)).as_object().contains(rest.substr(slash + 1))) << ref;
        } else {
          stack.push_back(&x);
        }
      }
    } else if (v->is_array()) {
      for (const auto& x : v->as_array()) stack.push_back(&x);
    }
  }
  EXPECT_GT(refs, 10);
}

TEST_F(OpenApiTest, DocumentsEveryRouteAndOnlyThose) {
  const json::object& paths = doc().at("paths").as_object();
  std::set<std::string> served;
  for (const RouteInfo& r : api_routes()) {
    served.insert(std::string(r.path));
    ASSERT_TRUE(paths.contains(r.path)) << r.path << " is not documented";
    std::string m(r.method);
    for (char& c : m) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    EXPECT_TRUE(paths.at(r.path).as_object().contains(m)) << r.method << " " << r.path << " is not documented";
    EXPECT_EQ(paths.at(r.path).as_object().size(), 1u) << r.path << " documents methods it does not take";
  }
  served.insert("/");  // the web page
  EXPECT_TRUE(paths.contains("/"));
  for (const auto& [p, v] : paths) EXPECT_TRUE(served.count(std::string(p))) << p << " is documented but not served";
  // The error responses are documented where the handler gives them.
  EXPECT_TRUE(paths.at("/v1/evaluate").at("post").at("responses").as_object().contains("413"));
  EXPECT_TRUE(paths.at("/v1/evaluate").at("post").at("responses").as_object().contains("415"));
  EXPECT_TRUE(paths.at("/v1/evaluate").at("post").at("responses").as_object().contains("400"));
  EXPECT_TRUE(paths.at("/v1/evaluate").at("post").at("responses").as_object().contains("405"));
  EXPECT_TRUE(paths.at("/v1/admin/reload").at("post").at("responses").as_object().contains("422"));
}

TEST_F(OpenApiTest, EvaluateAnswersMatchTheResultSchema) {
  for (const char* target : {"/v1/evaluate", "/v1/evaluate?explain=1&lang=en"}) {
    Response r = call("POST", target, std::string(test::kProfile));
    ASSERT_EQ(r.status, 200) << r.body;
    auto problems = problems_of(r.body, "Result");
    EXPECT_TRUE(problems.empty()) << target << "\n" << joined(problems);
  }
  // Fewer facts: a woman with no original retirement age, an employee.
  Response r2 = call("POST", "/v1/evaluate",
                     R"({"as_of":"2026-11-28","person":{"birth":"1970-01","sex":"female","hukou":{"region":"530902"}},)"
                     R"("work":{"region":"530102","relationship":"employee"}})");
  ASSERT_EQ(r2.status, 200) << r2.body;
  auto problems = problems_of(r2.body, "Result");
  EXPECT_TRUE(problems.empty()) << joined(problems);
}

// JSON text with decimals written plainly (Boost.JSON writes 0.6 as 6E-1, which profiles reject).
std::string plain_json(const json::value& v) {
  switch (v.kind()) {
    case json::kind::double_: {
      char buf[32];
      std::snprintf(buf, sizeof buf, "%.15g", v.as_double());
      return buf;
    }
    case json::kind::object: {
      std::string out = "{";
      for (const auto& [k, x] : v.as_object()) out += (out.size() > 1 ? "," : "") + json::serialize(json::value(k)) + ":" + plain_json(x);
      return out + "}";
    }
    case json::kind::array: {
      std::string out = "[";
      for (const auto& x : v.as_array()) out += (out.size() > 1 ? "," : "") + plain_json(x);
      return out + "]";
    }
    default:
      return json::serialize(v);
  }
}

TEST_F(OpenApiTest, TheDocumentedProfileExampleIsAccepted) {
  const json::value& example = doc().at("components").at("schemas").at("Profile").at("example");
  Response r = call("POST", "/v1/evaluate", plain_json(example));
  EXPECT_EQ(r.status, 200) << r.body;
  std::vector<std::string> problems;
  check(example, doc().at("components").at("schemas").at("Profile"), "$", problems);
  EXPECT_TRUE(problems.empty()) << joined(problems);
}

TEST_F(OpenApiTest, RetirementAnswersMatchTheRetirementSchema) {
  for (const char* target : {"/v1/retirement?birth=1975-03&sex=female&original_age=50", "/v1/retirement?birth=1960-01&sex=male",
                             "/v1/retirement?birth=1990-12&sex=female&original_age=55"}) {
    Response r = call("GET", target);
    ASSERT_EQ(r.status, 200) << r.body;
    auto problems = problems_of(r.body, "Retirement");
    EXPECT_TRUE(problems.empty()) << target << "\n" << joined(problems);
  }
  const json::value& example = doc().at("components").at("schemas").at("Retirement").at("example");
  Response r = call("GET", "/v1/retirement?birth=1975-03&sex=female&original_age=50");
  EXPECT_EQ(json::parse(r.body), example);
}

TEST_F(OpenApiTest, OtherAnswersMatchTheirSchemas) {
  EXPECT_TRUE(problems_of(call("GET", "/v1/schemes").body, "Schemes").empty()) << joined(problems_of(call("GET", "/v1/schemes").body, "Schemes"));
  EXPECT_TRUE(problems_of(call("GET", "/v1/policies").body, "Policies").empty()) << joined(problems_of(call("GET", "/v1/policies").body, "Policies"));
  EXPECT_TRUE(problems_of(call("GET", "/healthz").body, "Health").empty());
  EXPECT_TRUE(problems_of(call("GET", "/v1/config").body, "SiteConfig").empty()) << joined(problems_of(call("GET", "/v1/config").body, "SiteConfig"));
  for (auto [method, target, body] : {std::tuple{"GET", "/nope", ""}, {"GET", "/v1/evaluate", ""}, {"POST", "/v1/evaluate", "{\"x\":1}"},
                                      {"GET", "/v1/retirement?sex=x", ""}}) {
    Response r = call(method, target, body);
    EXPECT_GE(r.status, 400);
    auto problems = problems_of(r.body, "Errors");
    EXPECT_TRUE(problems.empty()) << target << "\n" << joined(problems);
  }
}

}  // namespace
}  // namespace shebao::http
