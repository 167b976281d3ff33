#include "shebao/core/doc_sniff.h"
#include "shebao/http/handler.h"

#include "regions_route.h"

#include <algorithm>
#include <array>
#include <boost/json.hpp>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <optional>
#include <sstream>
#include <system_error>

#include "shebao/eval/evaluator.h"
#include "shebao/json/result_json.h"

namespace shebao::http {

namespace {

namespace json = boost::json;
namespace fs = std::filesystem;

// ---- small helpers ------------------------------------------------------------------------------

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

Response json_response(int status, std::string body, std::string digest = {}) {
  Response r;
  r.status = status;
  r.body = std::move(body);
  r.policy_digest = std::move(digest);
  return r;
}

json::object text_json(const Text& t) { return json::object{{"zh", t.zh}, {"en", t.en}}; }

// An error in the request's language.
Response error_in(Lang lang, int status, std::string_view code, std::string_view zh, std::string_view en,
                  std::string_view path = "") {
  return error_response(status, code, lang == Lang::kEn ? en : zh, path);
}

// %XX and '+' decoding of a query component; nullopt on a bad escape or a NUL byte.
std::optional<std::string> percent_decode(std::string_view s, bool plus_is_space) {
  std::string out;
  out.reserve(s.size());
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '%') {
      if (i + 2 >= s.size()) return std::nullopt;
      int hi = hex(s[i + 1]), lo = hex(s[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      c = static_cast<char>(hi * 16 + lo);
      i += 2;
    } else if (c == '+' && plus_is_space) {
      c = ' ';
    }
    if (c == '\0') return std::nullopt;
    out.push_back(c);
  }
  return out;
}

struct Query {
  std::map<std::string, std::string, std::less<>> values;
  std::optional<Response> error;
};

// Parses "a=1&b=2". Every name must be in `allowed`; a name may appear once. Errors in `lang`.
Query parse_query(std::string_view q, std::initializer_list<std::string_view> allowed, Lang lang) {
  Query out;
  while (!q.empty()) {
    std::size_t amp = q.find('&');
    std::string_view part = q.substr(0, amp);
    q = amp == std::string_view::npos ? std::string_view{} : q.substr(amp + 1);
    if (part.empty()) continue;
    std::size_t eq = part.find('=');
    auto name = percent_decode(part.substr(0, eq), true);
    auto value = percent_decode(eq == std::string_view::npos ? std::string_view{} : part.substr(eq + 1), true);
    if (!name || !value) {
      out.error = error_in(lang, 400, "bad_query", "查询字符串中有无效的 % 转义",
                           "the query string has an invalid %-escape");
      return out;
    }
    bool known = false;
    for (auto a : allowed) known = known || a == *name;
    if (!known) {
      std::string list;
      for (auto a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
      const std::string shown = name->substr(0, 64);
      out.error = error_in(lang, 400, "unknown_parameter",
                           "未知的查询参数“" + shown + "”" +
                               (list.empty() ? std::string("（这个接口不接受查询参数）") : "（可用：" + list + "）"),
                           "unknown query parameter '" + shown + "'" +
                               (list.empty() ? std::string(" (this route takes none)") : " (allowed: " + list + ")"),
                           *name);
      return out;
    }
    if (out.values.count(*name)) {
      out.error = error_in(lang, 400, "duplicate_parameter", "查询参数“" + *name + "”出现了两次",
                           "query parameter '" + *name + "' is given twice", *name);
      return out;
    }
    out.values.emplace(std::move(*name), std::move(*value));
  }
  return out;
}

// "1" | "true" | "" (bare flag) -> true; "0" | "false" -> false; anything else -> error.
std::optional<Response> flag(const Query& q, std::string_view name, bool& out, Lang lang) {
  auto it = q.values.find(name);
  if (it == q.values.end()) return std::nullopt;
  const std::string& v = it->second;
  if (v.empty() || v == "1" || v == "true") out = true;
  else if (v == "0" || v == "false") out = false;
  else
    return error_in(lang, 400, "invalid_parameter", std::string(name) + " 只能是 1 或 0",
                    std::string(name) + " must be 1 or 0", name);
  return std::nullopt;
}

// The `lang` parameter, already applied by request_language(); here only refused when it names
// neither Chinese nor English (the message is then in the Accept-Language or default language).
std::optional<Response> lang_param(const Query& q, Lang lang) {
  auto it = q.values.find("lang");
  if (it == q.values.end() || parse_lang(it->second)) return std::nullopt;
  return error_in(lang, 400, "invalid_parameter",
                  "lang 只能是中文（zh、zh-CN 等）或英文（en、en-US 等）",
                  "lang must be Chinese (zh, zh-CN, ...) or English (en, en-US, ...)", "lang");
}

// ---- derived documents of a policy set, computed once per set --------------------------------

struct Derived {
  std::string schemes;   // GET /v1/schemes
  std::string policies;  // GET /v1/policies
};

Derived derive(const PolicySet& set) {
  Derived d;
  std::vector<PackView> packs = describe_policies(set);
  const std::string digest = policy_digest(set);

  json::array schemes;
  for (std::string_view id : scheme_ids()) {
    Text name;
    for (const auto& p : packs) {
      if (!p.parent.empty()) continue;  // names are declared by the national pack
      for (const auto& s : p.schemes)
        if (s.id == id) name = s.name;
    }
    schemes.push_back(json::object{{"id", id}, {"name", text_json(name)}});
  }
  d.schemes = json::serialize(json::object{{"schemes", std::move(schemes)}});

  json::array jurisdictions, pack_list;
  for (const auto& p : packs) {
    jurisdictions.push_back(json::value(p.jurisdiction));
    json::array docs, sch, params;
    for (const auto& doc : p.documents)
      docs.push_back(json::object{{"key", doc.key}, {"number", doc.number}, {"title", text_json(doc.title)}, {"url", doc.url}});
    for (const auto& s : p.schemes) {
      json::array rules;
      for (const auto& r : s.rules) {
        json::array cites, added;
        for (const auto& c : r.citations) cites.push_back(json::value(c));
        for (const auto& a : r.added_citations) {
          json::array ac;
          for (const auto& c : a.citations) ac.push_back(json::value(c));
          added.push_back(json::object{{"pack", a.pack},
                                       {"jurisdiction", a.jurisdiction},
                                       {"jurisdiction_name", text_json(a.jurisdiction_name)},
                                       {"citations", std::move(ac)}});
        }
        rules.push_back(json::object{
            {"id", r.id}, {"status", r.status}, {"citations", std::move(cites)}, {"added_citations", std::move(added)}});
      }
      sch.push_back(json::object{{"id", s.id}, {"name", text_json(s.name)}, {"rules", std::move(rules)}});
    }
    for (const auto& prm : p.parameters) {
      json::array versions;
      for (const auto& v : prm.versions)
        versions.push_back(json::object{{"from", v.from}, {"value", v.value}, {"verified", v.verified}, {"source", v.source}});
      params.push_back(json::object{{"id", prm.id},
                                    {"type", prm.type},
                                    {"label", text_json(prm.label)},
                                    {"region", prm.region},
                                    {"versions", std::move(versions)}});
    }
    json::object o{{"id", p.id},
                   {"jurisdiction", p.jurisdiction},
                   {"parent", p.parent.empty() ? json::value(nullptr) : json::value(p.parent)},
                   {"name", text_json(p.name)},
                   {"files", p.files},
                   {"documents", std::move(docs)},
                   {"schemes", std::move(sch)},
                   {"parameters", std::move(params)}};
    pack_list.push_back(std::move(o));
  }
  d.policies = json::serialize(json::object{
      {"digest", digest}, {"jurisdictions", std::move(jurisdictions)}, {"packs", std::move(pack_list)}});
  return d;
}

std::shared_ptr<const Derived> derived_for(const std::shared_ptr<const PolicySet>& set) {
  static std::mutex mu;
  static std::weak_ptr<const PolicySet> cached_set;
  static std::shared_ptr<const Derived> cached;
  {
    std::lock_guard lock(mu);
    if (cached && cached_set.lock() == set) return cached;
  }
  auto d = std::make_shared<const Derived>(derive(*set));
  std::lock_guard lock(mu);
  cached_set = set;
  cached = d;
  return d;
}

// ---- routes ----------------------------------------------------------------------------------

bool is_json_content_type(std::string_view ct) {
  std::string_view media = trim(ct.substr(0, ct.find(';')));
  if (media.empty() && ct.empty()) return true;  // no Content-Type: accepted
  return lower(media) == "application/json";
}

Response evaluate_route(const Request& req, std::string_view query, const Context& ctx, Lang lang) {
  if (!is_json_content_type(req.content_type))
    return error_in(lang, 415, "unsupported_media_type", "请求体必须是 JSON 格式的档案（Content-Type: application/json）",
                    "the body must be a JSON profile (Content-Type: application/json)");
  if (req.body.size() > kMaxBodyBytes)
    return error_in(lang, 413, "body_too_large", "请求体超过 65536 字节", "the body is larger than 65536 bytes");
  Query q = parse_query(query, {"explain", "lang", "pretty"}, lang);
  if (q.error) return *q.error;
  EvalRequest er;
  er.lang = lang;
  if (auto e = flag(q, "explain", er.explain, lang)) return *e;
  if (auto e = flag(q, "pretty", er.pretty, lang)) return *e;
  if (auto e = lang_param(q, lang)) return *e;
  std::string_view body = strip_bom(req.body);
  std::size_t i = 0;
  while (i < body.size() && (body[i] == ' ' || body[i] == '\n' || body[i] == '\r' || body[i] == '\t')) ++i;
  if (i == body.size())
    return error_in(lang, 400, "empty_body", "请求体是空的：请发送一份档案，写成一个 JSON 对象",
                    "the body is empty: send a profile as a JSON object");
  if (body[i] != '{')
    return error_in(lang, 400, "not_a_json_object", "请求体必须是一份档案，写成一个 JSON 对象（{ … }）",
                    "the body must be a profile as one JSON object");
  std::shared_ptr<const PolicySet> set = ctx.policies.get();  // one snapshot for the whole request
  er.today = ctx.today;
  JsonAnswer a = evaluate_to_json(*set, req.body, er);
  std::optional<std::int64_t> record;
  if (a.ok && ctx.on_evaluate && *ctx.on_evaluate) {
    const ObserveResult seen = (*ctx.on_evaluate)(req.body, er, a, *set);
    if (!seen.ok) {
      Response r = error_in(lang, 503, "audit_unavailable", "答复无法写入审计日志，请稍后再试",
                            "the answer cannot be recorded in the audit log; try again later");
      r.headers.emplace_back("Retry-After", "5");
      return r;
    }
    record = seen.record_id;
  }
  Response r = json_response(a.ok ? 200 : 400, std::move(a.json), short_digest(policy_digest(*set)));
  if (record) r.headers.emplace_back("X-Audit-Record", std::to_string(*record));  // the printed answer shows it
  return r;
}

Response retirement_route(std::string_view query, const Context& ctx, Lang lang) {
  Query q = parse_query(query, {"birth", "sex", "original_age", "lang", "pretty"}, lang);
  if (q.error) return *q.error;
  JsonOptions opt;
  if (auto e = flag(q, "pretty", opt.pretty, lang)) return *e;
  if (auto e = lang_param(q, lang)) return *e;
  auto birth_it = q.values.find("birth");
  if (birth_it == q.values.end())
    return error_in(lang, 400, "missing_parameter", "缺少出生年月 birth（YYYY-MM）", "birth is required (YYYY-MM)",
                    "birth");
  auto birth = YearMonth::parse(birth_it->second);
  if (!birth)
    return error_in(lang, 400, "invalid_parameter", "birth 应为年月 YYYY-MM，例如 1975-03",
                    "birth must be a month YYYY-MM", "birth");
  auto sex_it = q.values.find("sex");
  if (sex_it == q.values.end())
    return error_in(lang, 400, "missing_parameter", "缺少性别 sex（male 或 female）", "sex is required (male or female)",
                    "sex");
  if (sex_it->second != "male" && sex_it->second != "female")
    return error_in(lang, 400, "invalid_parameter", "sex 只能是 male（男）或 female（女）", "sex must be male or female",
                    "sex");
  const bool female = sex_it->second == "female";
  int original = 0;
  if (auto it = q.values.find("original_age"); it != q.values.end()) {
    if (it->second == "50") original = 50;
    else if (it->second == "55") original = 55;
    else
      return error_in(lang, 400, "invalid_parameter", "original_age 只能是 50（女职工）或 55（女干部）",
                      "original_age must be 50 or 55", "original_age");
    if (!female)
      return error_in(lang, 400, "invalid_parameter", "original_age 只适用于女性（男性原法定退休年龄为60岁）",
                      "original_age applies to women only (men's original age is 60)", "original_age");
  } else if (female) {
    return error_in(lang, 400, "missing_parameter",
                    "女性需要 original_age（原法定退休年龄）：50（女职工）或 55（女干部；灵活就业人员）",
                    "original_age is required for women: 50 (worker posts) or 55 (cadre posts; flexible employees)",
                    "original_age");
  }
  std::shared_ptr<const PolicySet> set = ctx.policies.get();
  const RetirementRules& rules = retirement_rules(*set);
  const RetirementCategory* cat = retirement_category(rules, female, female ? original : 60);
  if (!cat)
    return error_in(lang, 400, "invalid_parameter", "政策包中没有适用于此人的退休类别",
                    "no retirement category for this person", "original_age");
  RetirementAnswer ans = compute_retirement(rules, *cat, *birth);
  return json_response(200, retirement_to_json(ans, sex_it->second, opt), short_digest(policy_digest(*set)));
}

// GET /v1/regions?q=深圳&limit=20 (regions_route.cpp).
Response regions_route(std::string_view query, Lang lang) {
  Query q = parse_query(query, {"q", "limit"}, lang);
  if (q.error) return *q.error;
  auto it = q.values.find("q");
  if (it == q.values.end() || it->second.empty())
    return error_in(lang, 400, "missing_parameter", "缺少 q：地名、简称、拼音或代码",
                    "q is required: a name, short name, pinyin or code", "q");
  if (it->second.size() > 200)
    return error_in(lang, 400, "invalid_parameter", "q 不能超过200字节", "q is longer than 200 bytes", "q");
  std::size_t limit = 20;
  if (auto l = q.values.find("limit"); l != q.values.end()) {
    const std::string& v = l->second;
    if (v.empty() || v.size() > 3 || v.find_first_not_of("0123456789") != std::string::npos || std::stoul(v) < 1 ||
        std::stoul(v) > 100)
      return error_in(lang, 400, "invalid_parameter", "limit 须为1到100的整数", "limit must be a number from 1 to 100",
                      "limit");
    limit = std::stoul(v);
  }
  return json_response(200, http_internal::regions_json(it->second, limit));
}

Response healthz_route(const Context& ctx) {
  std::shared_ptr<const PolicySet> set = ctx.policies.get();
  std::string digest = policy_digest(*set);
  return json_response(200, json::serialize(json::object{{"status", "ok"}, {"policy_set", json::object{{"digest", digest}}}}),
                       short_digest(digest));
}

Response reload_route(const Request& req, const Context& ctx, Lang lang) {
  std::string_view auth = trim(req.authorization);
  bool ok = false;
  if (auth.size() > 7 && lower(auth.substr(0, 7)) == "bearer ") {
    ok = constant_time_equal(trim(auth.substr(7)), ctx.admin_token);
  }
  if (!ok) {
    Response r = error_in(lang, 401, "unauthorized", "需要管理令牌：Authorization: Bearer <令牌>",
                          "an admin token is required: Authorization: Bearer <token>");
    r.headers.emplace_back("WWW-Authenticate", "Bearer");
    return r;
  }
  ReloadOutcome out = (*ctx.reload)();
  if (out.ok) {
    return json_response(200,
                         json::serialize(json::object{{"status", "reloaded"},
                                                      {"policy_set", json::object{{"digest", out.digest}}},
                                                      {"previous", json::object{{"digest", out.previous_digest}}}}),
                         short_digest(out.digest));
  }
  json::array errors;
  // A pack file's problem: `path` (a profile field path) is empty; the file and its line and column
  // are fields of their own.
  for (const auto& d : out.diagnostics.items) {
    json::object e{{"path", ""},
                   {"code", d.code},
                   {"message", lang == Lang::kZh && !d.message_zh.empty() ? d.message_zh : d.message},
                   {"file", d.file}};
    if (d.pos.line) {
      e["line"] = d.pos.line;
      e["column"] = d.pos.column;
    }
    errors.push_back(std::move(e));
  }
  if (errors.empty())
    errors.push_back(json::object{{"path", ""},
                                  {"code", "reload_failed"},
                                  {"message", lang == Lang::kZh ? "政策包没有加载成功" : "the policy packs did not load"}});
  return json_response(422,
                       json::serialize(json::object{{"errors", std::move(errors)},
                                                    {"policy_set", json::object{{"digest", out.digest}}}}),
                       short_digest(out.digest));
}

// Static files of the web folder. `path` is the decoded URL path ("/" -> "/index.html").
std::optional<Response> static_route(std::string_view raw_path, std::string_view web_dir) {
  if (web_dir.empty()) return std::nullopt;
  auto decoded = percent_decode(raw_path, false);
  if (!decoded) return std::nullopt;
  std::string rel = *decoded;
  if (rel.empty() || rel.front() != '/') return std::nullopt;
  if (rel.back() == '/') rel += "index.html";
  // Each segment must be a plain name: no "..", no ".", no hidden files, no backslash.
  std::string_view rest = std::string_view(rel).substr(1);
  while (true) {
    std::size_t slash = rest.find('/');
    std::string_view seg = rest.substr(0, slash);
    if (seg.empty() || seg.front() == '.' || seg.find('\\') != std::string_view::npos) return std::nullopt;
    if (slash == std::string_view::npos) break;
    rest = rest.substr(slash + 1);
  }
  std::error_code ec;
  fs::path root = fs::canonical(fs::path(web_dir), ec);
  if (ec) return std::nullopt;
  fs::path file = fs::canonical(root / fs::path(rel.substr(1)), ec);
  if (ec) return std::nullopt;
  // Symbolic links must not lead out of the folder.
  auto [root_end, file_it] = std::mismatch(root.begin(), root.end(), file.begin(), file.end());
  if (root_end != root.end()) return std::nullopt;
  if (!fs::is_regular_file(file, ec)) return std::nullopt;
  auto size = fs::file_size(file, ec);
  if (ec || size > (16u << 20)) return std::nullopt;
  std::ifstream in(file, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream ss;
  ss << in.rdbuf();
  Response r;
  r.status = 200;
  r.content_type = std::string(content_type_for(file.filename().string()));
  r.body = ss.str();
  return r;
}

// GET /v1/config: what the page shows about the office running the service (its print footer).
Response config_route(const Context& ctx) {
  static const SiteOptions kNone;
  const SiteOptions& s = ctx.site ? *ctx.site : kNone;
  return json_response(200, json::serialize(json::object{
                                {"office", json::object{{"name", s.office_name}, {"address", s.office_address},
                                                        {"phone", s.office_phone}}}}));
}

// CORS (https://fetch.spec.whatwg.org/#http-cors-protocol): only the configured origins, exactly
// as sent (scheme://host[:port]); none by default. No credentials are allowed cross-origin.
bool cors_allowed(const CorsHeaders& cors, const Context& ctx) {
  if (!ctx.site || cors.origin.empty()) return false;
  for (const auto& o : ctx.site->cors_origins)
    if (o == "*" || o == cors.origin) return true;
  return false;
}

void add_cors_headers(const CorsHeaders& cors, Response& r) {
  r.headers.emplace_back("Access-Control-Allow-Origin", cors.origin);
  for (auto& [name, value] : r.headers)
    if (name == "Vary") {
      value += ", Origin";
      return;
    }
  r.headers.emplace_back("Vary", "Origin");
}

using Route = RouteInfo;  // the one method it takes (GET routes also take HEAD)
constexpr std::array<Route, 9> kRoutes{{
    {"/v1/evaluate", "POST"},
    {"/v1/config", "GET"},
    {"/v1/regions", "GET"},
    {"/v1/retirement", "GET"},
    {"/v1/schemes", "GET"},
    {"/v1/policies", "GET"},
    {"/healthz", "GET"},
    {"/v1/openapi.json", "GET"},
    {"/v1/admin/reload", "POST"},
}};

Response method_not_allowed(std::string_view allowed, Lang lang) {
  std::string allow = allowed == "GET" ? "GET, HEAD" : std::string(allowed);
  Response r = error_in(lang, 405, "method_not_allowed", "这个接口只接受 " + allow, "this route takes " + allow);
  r.headers.emplace_back("Allow", allow);
  return r;
}

Response route(const Request& req, const Context& ctx) {
  const std::string_view target = req.target;
  const Lang lang = request_language(target, req.accept_language);
  if (target.empty() || target.front() != '/')
    return error_in(lang, 400, "bad_target", "请求目标必须是以 / 开头的路径", "the request target must be a path starting with /");
  const std::string_view path = target_path(target);
  const std::string_view query = path.size() < target.size() ? target.substr(path.size() + 1) : std::string_view{};
  const bool get = req.method == "GET" || req.method == "HEAD";

  for (const Route& r : kRoutes) {
    if (r.path != path) continue;
    if (r.path == "/v1/admin/reload" && (ctx.admin_token.empty() || !ctx.reload)) break;  // not configured: 404
    const bool method_ok = r.method == "GET" ? get : req.method == r.method;
    if (!method_ok) return method_not_allowed(r.method, lang);
    if (r.path == "/v1/evaluate") return evaluate_route(req, query, ctx, lang);
    if (r.path == "/v1/admin/reload") return reload_route(req, ctx, lang);
    if (r.path == "/v1/retirement") return retirement_route(query, ctx, lang);
    if (r.path == "/v1/regions") return regions_route(query, lang);
    // The remaining GET routes take no query parameters.
    Query q = parse_query(query, {}, lang);
    if (q.error) return *q.error;
    if (r.path == "/healthz") return healthz_route(ctx);
    if (r.path == "/v1/config") return config_route(ctx);
    if (r.path == "/v1/openapi.json") return json_response(200, std::string(openapi_document()));
    std::shared_ptr<const PolicySet> set = ctx.policies.get();
    auto d = derived_for(set);
    return json_response(200, r.path == "/v1/schemes" ? d->schemes : d->policies, short_digest(policy_digest(*set)));
  }

  // Not an API route: a file of the web folder, for GET and HEAD.
  const bool api_space = path.rfind("/v1/", 0) == 0 || path == "/v1" || path == "/healthz";
  if (!api_space && !ctx.web_dir.empty()) {
    if (auto file = static_route(path, ctx.web_dir)) {
      if (!get) return method_not_allowed("GET", lang);
      file->headers.emplace_back("Cache-Control", "no-cache");
      file->headers.emplace_back("X-Frame-Options", "DENY");
      file->headers.emplace_back("Referrer-Policy", "no-referrer");
      return *std::move(file);
    }
  }
  return error_in(lang, 404, "not_found", "没有这个接口", "no such route");
}

}  // namespace

Response error_response(int status, std::string_view code, std::string_view message, std::string_view path) {
  Response r;
  r.status = status;
  r.body = json::serialize(json::object{
      {"errors", json::array{json::object{{"path", path}, {"code", code}, {"message", message}}}}});
  return r;
}

std::span<const RouteInfo> api_routes() { return kRoutes; }

std::optional<Lang> preferred_language(std::string_view accept_language) {
  // "en-US,en;q=0.9,zh;q=0.8": the supported language with the highest q (1 when absent); among
  // equal q-values the first listed. q=0 means "not this one"; "*" and malformed entries are
  // skipped.
  std::optional<Lang> best;
  int best_q = 0;  // thousandths
  while (!accept_language.empty()) {
    const std::size_t comma = accept_language.find(',');
    std::string_view item = trim(accept_language.substr(0, comma));
    accept_language = comma == std::string_view::npos ? std::string_view{} : accept_language.substr(comma + 1);
    const std::size_t semi = item.find(';');
    const std::string_view tag = trim(item.substr(0, semi));
    int q = 1000;
    bool ok = true;
    for (std::string_view params = semi == std::string_view::npos ? std::string_view{} : item.substr(semi + 1);
         !params.empty();) {
      const std::size_t next = params.find(';');
      std::string_view p = trim(params.substr(0, next));
      params = next == std::string_view::npos ? std::string_view{} : params.substr(next + 1);
      if (p.size() < 2 || (p[0] != 'q' && p[0] != 'Q') || p[1] != '=') continue;  // other parameters: ignored
      // qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] )  (RFC 9110 12.4.2)
      std::string_view v = p.substr(2);
      if (v.empty() || (v[0] != '0' && v[0] != '1') || v.size() > 5 || (v.size() > 1 && v[1] != '.')) {
        ok = false;
        break;
      }
      int value = (v[0] - '0') * 1000, scale = 100;
      for (std::size_t k = 2; k < v.size(); ++k, scale /= 10) {
        if (v[k] < '0' || v[k] > '9') ok = false;
        else value += (v[k] - '0') * scale;
      }
      if (!ok || value > 1000) {
        ok = false;
        break;
      }
      q = value;
    }
    if (!ok || q == 0) continue;
    const std::optional<Lang> l = parse_lang(tag);
    if (l && q > best_q) {
      best = l;
      best_q = q;
    }
  }
  return best;
}

Lang request_language(std::string_view target, std::string_view accept_language) {
  // A `lang` query parameter that names a language wins; one that does not is refused by the
  // route (in the language found here without it).
  const std::size_t question = target.find('?');
  for (std::string_view q = question == std::string_view::npos ? std::string_view{} : target.substr(question + 1);
       !q.empty();) {
    const std::size_t amp = q.find('&');
    std::string_view part = q.substr(0, amp);
    q = amp == std::string_view::npos ? std::string_view{} : q.substr(amp + 1);
    if (part.substr(0, part.find('=')) != "lang" || part.find('=') == std::string_view::npos) continue;
    if (auto value = percent_decode(part.substr(part.find('=') + 1), true))
      if (auto l = parse_lang(*value)) return *l;
    break;
  }
  return preferred_language(accept_language).value_or(Lang::kZh);
}

std::string_view target_path(std::string_view target) { return target.substr(0, target.find('?')); }

std::string short_digest(std::string_view digest) {
  constexpr std::string_view kPrefix = "sha256:";
  if (digest.rfind(kPrefix, 0) == 0) return std::string(digest.substr(0, kPrefix.size() + 12));
  return std::string(digest.substr(0, 19));
}

bool constant_time_equal(std::string_view a, std::string_view b) {
  // Compare every byte of the longer length, so that neither the place of the first difference
  // nor (beyond one bit) the length of the secret shows in the time taken.
  const std::size_t n = std::max(a.size(), b.size());
  unsigned char diff = a.size() == b.size() ? 0 : 1;
  for (std::size_t i = 0; i < n; ++i) {
    unsigned char x = i < a.size() ? static_cast<unsigned char>(a[i]) : 0;
    unsigned char y = i < b.size() ? static_cast<unsigned char>(b[i]) : 0;
    diff = static_cast<unsigned char>(diff | (x ^ y));
  }
  return diff == 0 && !b.empty();
}

std::string_view content_type_for(std::string_view name) {
  std::size_t dot = name.rfind('.');
  std::string ext = dot == std::string_view::npos ? std::string() : lower(name.substr(dot + 1));
  static const std::map<std::string, std::string_view, std::less<>> kTypes{
      {"html", "text/html; charset=utf-8"},
      {"htm", "text/html; charset=utf-8"},
      {"css", "text/css; charset=utf-8"},
      {"js", "text/javascript; charset=utf-8"},
      {"mjs", "text/javascript; charset=utf-8"},
      {"json", "application/json"},
      {"webmanifest", "application/manifest+json"},
      {"txt", "text/plain; charset=utf-8"},
      {"svg", "image/svg+xml"},
      {"png", "image/png"},
      {"jpg", "image/jpeg"},
      {"jpeg", "image/jpeg"},
      {"gif", "image/gif"},
      {"webp", "image/webp"},
      {"ico", "image/vnd.microsoft.icon"},
      {"woff", "font/woff"},
      {"woff2", "font/woff2"},
      {"wasm", "application/wasm"},
  };
  auto it = kTypes.find(ext);
  return it == kTypes.end() ? std::string_view("application/octet-stream") : it->second;
}

Response handle(const Request& req, const Context& ctx) { return handle(req, ctx, CorsHeaders{}); }

Response handle(const Request& req, const Context& ctx, const CorsHeaders& cors_headers) {
  Lang lang = Lang::kZh;
  try {
    lang = request_language(req.target, req.accept_language);
    const bool cors = cors_allowed(cors_headers, ctx);
    if (cors && req.method == "OPTIONS" && !cors_headers.request_method.empty()) {  // preflight
      Response r;
      r.status = 204;
      add_cors_headers(cors_headers, r);
      r.headers.emplace_back("Access-Control-Allow-Methods", "GET, HEAD, POST");
      r.headers.emplace_back("Access-Control-Allow-Headers", "Content-Type");
      r.headers.emplace_back("Access-Control-Max-Age", "600");
      return r;
    }
    Response r = route(req, ctx);
    // Answers of the API depend on Accept-Language (files of the web folder do not).
    if (r.content_type == "application/json") r.headers.emplace_back("Vary", "Accept-Language");
    if (cors) add_cors_headers(cors_headers, r);
    return r;
  } catch (...) {
    return error_in(lang, 500, "internal", "内部错误", "internal error");
  }
}

// ---- PolicyReloader ------------------------------------------------------------------------------

struct PolicyReloader::Impl {
  Impl(PolicyHolder& h, std::string d) : holder(h), dir(std::move(d)) {}
  PolicyHolder& holder;
  std::string dir;
  std::mutex mu;
};

PolicyReloader::PolicyReloader(PolicyHolder& holder, std::string dir)
    : impl_(std::make_unique<Impl>(holder, std::move(dir))) {}
PolicyReloader::~PolicyReloader() = default;

ReloadOutcome PolicyReloader::reload() {
  std::lock_guard lock(impl_->mu);
  ReloadOutcome out;
  out.previous_digest = policy_digest(*impl_->holder.get());
  LoadedPolicies loaded;
  try {
    loaded = load_policies(impl_->dir);
  } catch (const std::exception& e) {
    loaded.set.reset();
    loaded.diagnostics.add(impl_->dir, {}, "load_failed", e.what());
  }
  if (!loaded.set) {
    out.digest = out.previous_digest;
    out.diagnostics = std::move(loaded.diagnostics);
    if (out.diagnostics.empty())
      out.diagnostics.add(impl_->dir, {}, "load_failed", Text{"政策包没有加载成功", "the policy packs did not load"}, {});
    return out;
  }
  out.ok = true;
  out.digest = policy_digest(*loaded.set);
  impl_->holder.replace(std::move(loaded.set));
  return out;
}

}  // namespace shebao::http
