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

// Parses "a=1&b=2". Every name must be in `allowed`; a name may appear once.
Query parse_query(std::string_view q, std::initializer_list<std::string_view> allowed) {
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
      out.error = error_response(400, "bad_query", "the query string has an invalid %-escape");
      return out;
    }
    bool known = false;
    for (auto a : allowed) known = known || a == *name;
    if (!known) {
      std::string list;
      for (auto a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
      out.error = error_response(400, "unknown_parameter",
                                 "unknown query parameter '" + name->substr(0, 64) + "'" +
                                     (list.empty() ? std::string(" (this route takes none)") : " (allowed: " + list + ")"),
                                 *name);
      return out;
    }
    if (out.values.count(*name)) {
      out.error = error_response(400, "duplicate_parameter", "query parameter '" + *name + "' is given twice", *name);
      return out;
    }
    out.values.emplace(std::move(*name), std::move(*value));
  }
  return out;
}

// "1" | "true" | "" (bare flag) -> true; "0" | "false" -> false; anything else -> error.
std::optional<Response> flag(const Query& q, std::string_view name, bool& out) {
  auto it = q.values.find(name);
  if (it == q.values.end()) return std::nullopt;
  const std::string& v = it->second;
  if (v.empty() || v == "1" || v == "true") out = true;
  else if (v == "0" || v == "false") out = false;
  else
    return error_response(400, "invalid_parameter", std::string(name) + " must be 1 or 0", name);
  return std::nullopt;
}

std::optional<Response> lang_param(const Query& q, Lang& out) {
  auto it = q.values.find("lang");
  if (it == q.values.end()) return std::nullopt;
  auto l = parse_lang(it->second);
  if (!l) return error_response(400, "invalid_parameter", "lang must be zh or en", "lang");
  out = *l;
  return std::nullopt;
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
        json::array cites;
        for (const auto& c : r.citations) cites.push_back(json::value(c));
        rules.push_back(json::object{{"id", r.id}, {"status", r.status}, {"citations", std::move(cites)}});
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

Response evaluate_route(const Request& req, std::string_view query, const Context& ctx) {
  if (!is_json_content_type(req.content_type))
    return error_response(415, "unsupported_media_type", "the body must be a JSON profile (Content-Type: application/json)");
  if (req.body.size() > kMaxBodyBytes)
    return error_response(413, "body_too_large", "the body is larger than 65536 bytes");
  Query q = parse_query(query, {"explain", "lang", "pretty"});
  if (q.error) return *q.error;
  EvalRequest er;
  if (auto e = flag(q, "explain", er.explain)) return *e;
  if (auto e = flag(q, "pretty", er.pretty)) return *e;
  if (auto e = lang_param(q, er.lang)) return *e;
  std::string_view body = strip_bom(req.body);
  std::size_t i = 0;
  while (i < body.size() && (body[i] == ' ' || body[i] == '\n' || body[i] == '\r' || body[i] == '\t')) ++i;
  if (i == body.size())
    return error_response(400, "empty_body", "the body is empty: send a profile as a JSON object", "(body)");
  if (body[i] != '{')
    return error_response(400, "not_a_json_object", "the body must be a profile as one JSON object", "(body)");
  std::shared_ptr<const PolicySet> set = ctx.policies.get();  // one snapshot for the whole request
  er.today = ctx.today;
  JsonAnswer a = evaluate_to_json(*set, req.body, er);
  if (a.ok && ctx.on_evaluate && *ctx.on_evaluate && !(*ctx.on_evaluate)(req.body, er, a, *set)) {
    Response r = error_response(503, "audit_unavailable", "the answer cannot be recorded in the audit log; try again later");
    r.headers.emplace_back("Retry-After", "5");
    return r;
  }
  return json_response(a.ok ? 200 : 400, std::move(a.json), short_digest(policy_digest(*set)));
}

Response retirement_route(std::string_view query, const Context& ctx) {
  Query q = parse_query(query, {"birth", "sex", "original_age", "pretty"});
  if (q.error) return *q.error;
  JsonOptions opt;
  if (auto e = flag(q, "pretty", opt.pretty)) return *e;
  auto birth_it = q.values.find("birth");
  if (birth_it == q.values.end())
    return error_response(400, "missing_parameter", "birth is required (YYYY-MM)", "birth");
  auto birth = YearMonth::parse(birth_it->second);
  if (!birth) return error_response(400, "invalid_parameter", "birth must be a month YYYY-MM", "birth");
  auto sex_it = q.values.find("sex");
  if (sex_it == q.values.end())
    return error_response(400, "missing_parameter", "sex is required (male or female)", "sex");
  if (sex_it->second != "male" && sex_it->second != "female")
    return error_response(400, "invalid_parameter", "sex must be male or female", "sex");
  const bool female = sex_it->second == "female";
  int original = 0;
  if (auto it = q.values.find("original_age"); it != q.values.end()) {
    if (it->second == "50") original = 50;
    else if (it->second == "55") original = 55;
    else return error_response(400, "invalid_parameter", "original_age must be 50 or 55", "original_age");
    if (!female)
      return error_response(400, "invalid_parameter", "original_age applies to women only (men's original age is 60)",
                            "original_age");
  } else if (female) {
    return error_response(400, "missing_parameter",
                          "original_age is required for women: 50 (worker posts) or 55 (cadre posts; flexible employees)",
                          "original_age");
  }
  std::shared_ptr<const PolicySet> set = ctx.policies.get();
  const RetirementRules& rules = retirement_rules(*set);
  const RetirementCategory* cat = retirement_category(rules, female, female ? original : 60);
  if (!cat) return error_response(400, "invalid_parameter", "no retirement category for this person", "original_age");
  RetirementAnswer ans = compute_retirement(rules, *cat, *birth);
  return json_response(200, retirement_to_json(ans, sex_it->second, opt), short_digest(policy_digest(*set)));
}

// GET /v1/regions?q=深圳&limit=20 (regions_route.cpp).
Response regions_route(std::string_view query) {
  Query q = parse_query(query, {"q", "limit"});
  if (q.error) return *q.error;
  auto it = q.values.find("q");
  if (it == q.values.end() || it->second.empty())
    return error_response(400, "missing_parameter", "q is required: a name, short name, pinyin or code", "q");
  if (it->second.size() > 200) return error_response(400, "invalid_parameter", "q is longer than 200 bytes", "q");
  std::size_t limit = 20;
  if (auto l = q.values.find("limit"); l != q.values.end()) {
    const std::string& v = l->second;
    if (v.empty() || v.size() > 3 || v.find_first_not_of("0123456789") != std::string::npos || std::stoul(v) < 1 ||
        std::stoul(v) > 100)
      return error_response(400, "invalid_parameter", "limit must be a number from 1 to 100", "limit");
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

Response reload_route(const Request& req, const Context& ctx) {
  std::string_view auth = trim(req.authorization);
  bool ok = false;
  if (auth.size() > 7 && lower(auth.substr(0, 7)) == "bearer ") {
    ok = constant_time_equal(trim(auth.substr(7)), ctx.admin_token);
  }
  if (!ok) {
    Response r = error_response(401, "unauthorized", "an admin token is required: Authorization: Bearer <token>");
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
  for (const auto& d : out.diagnostics.items) {
    std::string where = d.file;
    if (d.pos.line) where += ":" + std::to_string(d.pos.line) + ":" + std::to_string(d.pos.column);
    errors.push_back(json::object{{"path", where}, {"code", d.code}, {"message", d.message}});
  }
  if (errors.empty())
    errors.push_back(json::object{{"path", ""}, {"code", "reload_failed"}, {"message", "the policy packs did not load"}});
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

Response method_not_allowed(std::string_view allowed) {
  std::string allow = allowed == "GET" ? "GET, HEAD" : std::string(allowed);
  Response r = error_response(405, "method_not_allowed", "this route takes " + allow);
  r.headers.emplace_back("Allow", allow);
  return r;
}

Response route(const Request& req, const Context& ctx) {
  const std::string_view target = req.target;
  if (target.empty() || target.front() != '/')
    return error_response(400, "bad_target", "the request target must be a path starting with /");
  const std::string_view path = target_path(target);
  const std::string_view query = path.size() < target.size() ? target.substr(path.size() + 1) : std::string_view{};
  const bool get = req.method == "GET" || req.method == "HEAD";

  for (const Route& r : kRoutes) {
    if (r.path != path) continue;
    if (r.path == "/v1/admin/reload" && (ctx.admin_token.empty() || !ctx.reload)) break;  // not configured: 404
    const bool method_ok = r.method == "GET" ? get : req.method == r.method;
    if (!method_ok) return method_not_allowed(r.method);
    if (r.path == "/v1/evaluate") return evaluate_route(req, query, ctx);
    if (r.path == "/v1/admin/reload") return reload_route(req, ctx);
    if (r.path == "/v1/retirement") return retirement_route(query, ctx);
    if (r.path == "/v1/regions") return regions_route(query);
    // The remaining GET routes take no query parameters.
    Query q = parse_query(query, {});
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
      if (!get) return method_not_allowed("GET");
      file->headers.emplace_back("Cache-Control", "no-cache");
      file->headers.emplace_back("X-Frame-Options", "DENY");
      file->headers.emplace_back("Referrer-Policy", "no-referrer");
      return *std::move(file);
    }
  }
  return error_response(404, "not_found", "no such route");
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
  try {
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
    if (cors) add_cors_headers(cors_headers, r);
    return r;
  } catch (const std::exception&) {
    return error_response(500, "internal", "internal error");
  } catch (...) {
    return error_response(500, "internal", "internal error");
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
    loaded.diagnostics.add(impl_->dir, {}, "load-failed", e.what());
  }
  if (!loaded.set) {
    out.digest = out.previous_digest;
    out.diagnostics = std::move(loaded.diagnostics);
    if (out.diagnostics.empty()) out.diagnostics.add(impl_->dir, {}, "load-failed", "the policy packs did not load");
    return out;
  }
  out.ok = true;
  out.digest = policy_digest(*loaded.set);
  impl_->holder.replace(std::move(loaded.set));
  return out;
}

}  // namespace shebao::http
