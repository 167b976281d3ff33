// The HTTP API as a pure function: Request in, Response out. No socket, no clock, no global
// state that changes an answer; the server (server.h) does the I/O and calls handle() once per
// request. Every route of ../shared/contract/INTERFACES.md is here, and so are the error responses
// the server sends on its own (413, 400 for a malformed request, 431).
//
// Routes:
//   POST /v1/evaluate            profile JSON -> RESULT.md   (?explain=1 ?lang=zh|en ?pretty=1)
//   GET  /v1/retirement          ?birth=YYYY-MM&sex=male|female[&original_age=50|55][&lang][&pretty=1]
//   GET  /v1/schemes             the nine scheme ids with their names (zh, en)
//   GET  /v1/policies            packs, jurisdictions, documents, parameters, digest
//   GET  /v1/config              {"office":{"name","address","phone"}} for the page
//   OPTIONS (any route)          CORS preflight, for the --cors-origin origins only
//   GET  /healthz                {"status":"ok", ...}
//   GET  /v1/openapi.json        the OpenAPI 3.0 document of this API
//   POST /v1/admin/reload        only with an admin token (Authorization: Bearer <token>)
//   GET  /  and other files      from the web folder, when one is configured and holds the file
// GET routes also answer HEAD. Errors: {"errors":[{"path","code","message"}]} with 400, 401, 404,
// 405 (+ Allow), 413, 415, 422 (reload rejected), 500 (a bug, never for user input); `path` is a
// profile field path (person.birth), a query parameter's name, or "" (the request or the body as a
// whole), with `line` and `column` when a place in the body is known. Codes are snake_case.
// Language of answers and errors (request_language): the `lang` query parameter (zh, zh-CN, en,
// en-US, ...; anything else is a 400), else Accept-Language, else Chinese.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "shebao/core/date.h"
#include "shebao/core/diagnostics.h"
#include "shebao/service/service.h"

namespace shebao::http {

inline constexpr std::size_t kMaxBodyBytes = 64 * 1024;   // request body limit
inline constexpr std::size_t kMaxHeaderBytes = 8 * 1024;  // request line + header fields

struct Request {
  std::string method;        // as sent: "GET", "POST", ...
  std::string target;        // origin-form: "/v1/evaluate?explain=1"
  std::string content_type;  // "" when absent
  std::string authorization; // "" when absent
  std::string body;
  std::string accept_language = {};  // Accept-Language, "" when absent
};
// The request's CORS headers (apart from Request, whose fields callers list in order).
struct CorsHeaders {
  std::string origin;          // Origin, "" when absent
  std::string request_method;  // Access-Control-Request-Method: set on a preflight (OPTIONS)
};

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // extra headers (Allow, ...)
  // For the access log only, never sent: the short digest of the policy set that answered.
  std::string policy_digest;
};

// What a reload did: on failure `diagnostics` says why and the running set stays.
struct ReloadOutcome {
  bool ok = false;
  std::string digest;           // digest of the set now running
  std::string previous_digest;  // digest of the set running before
  Diagnostics diagnostics;
};
using ReloadFn = std::function<ReloadOutcome()>;

// What an observer of an evaluation says: whether the answer may be given, and the id of the audit
// record written for it (if any), which the response carries in `X-Audit-Record` (DECISIONS.md: the
// printed answer shows the audit record id). A bool converts to it (no record id).
struct ObserveResult {
  ObserveResult(bool given) : ok(given) {}  // NOLINT(google-explicit-constructor)
  ObserveResult(bool given, std::int64_t id) : ok(given), record_id(id) {}
  bool ok = true;
  std::optional<std::int64_t> record_id;
};

// Called after each answered evaluation (e.g. by an audit log): the profile text as received, the
// answer, and the policy set that gave it. Must be thread-safe; must not throw. Returns false when
// the answer must not be given (its audit record could not be written): the client gets 503
// `audit_unavailable` instead, so that no answer goes out unaudited.
using EvaluateObserver = std::function<ObserveResult(std::string_view profile_text, const EvalRequest& request,
                                                     const JsonAnswer& answer, const PolicySet& set)>;

// What an operator configures about the site (`serve --office-name ... --cors-origin ...`).
struct SiteOptions {
  std::string office_name, office_address, office_phone;  // GET /v1/config, the page's print footer
  std::vector<std::string> cors_origins;  // exact origins allowed cross-origin ("*": any); none by default
};

struct Context {
  const PolicyHolder& policies;
  Date today;                      // default as_of (the server passes today in China)
  std::string_view admin_token;    // empty: no admin routes (they answer 404)
  const ReloadFn* reload = nullptr;
  std::string_view web_dir;        // empty: no web page (GET / answers 404)
  const EvaluateObserver* on_evaluate = nullptr;
  const SiteOptions* site = nullptr;  // null: no office line, no CORS
};

// The API routes handle() serves (GET routes also take HEAD); "/" and the web folder's files
// come on top when a web folder is configured.
struct RouteInfo {
  std::string_view path;
  std::string_view method;
};
std::span<const RouteInfo> api_routes();

// Answers one request. Never throws.
Response handle(const Request& req, const Context& ctx);
// The same with its CORS headers: a preflight from an allowed origin (ctx.site->cors_origins)
// answers 204 with the Access-Control-Allow-* headers; other answers to an allowed origin carry
// Access-Control-Allow-Origin and Vary: Origin; other origins get no CORS header.
Response handle(const Request& req, const Context& ctx, const CorsHeaders& cors);

// The language an Accept-Language header asks for: the supported one (parse_lang) with the highest
// q-value, the first listed among equals; nullopt when none is supported (or the header is empty).
std::optional<Lang> preferred_language(std::string_view accept_language);

// The language of the answer to a request: its `lang` query parameter when that names a supported
// language, else preferred_language(accept_language), else Chinese.
Lang request_language(std::string_view target, std::string_view accept_language);

// {"errors":[{"path":path,"code":code,"message":message}]} with `status`.
Response error_response(int status, std::string_view code, std::string_view message,
                        std::string_view path = "");

// The path part of a target, without the query ("/v1/evaluate?x=1" -> "/v1/evaluate").
std::string_view target_path(std::string_view target);

// "sha256:0123456789ab" (the first 12 hex digits) of a full "sha256:<hex>" digest.
std::string short_digest(std::string_view digest);

// True when a and b are equal; the time taken does not depend on where they differ.
bool constant_time_equal(std::string_view a, std::string_view b);

// The embedded OpenAPI document (adapters/http/openapi.json).
std::string_view openapi_document();

// Content type for a file name by its extension ("index.html" -> "text/html; charset=utf-8").
std::string_view content_type_for(std::string_view file_name);

// Reloads the packs of one folder into a holder; serialised (a SIGHUP and a POST at once run one
// after the other). Thread-safe.
class PolicyReloader {
 public:
  PolicyReloader(PolicyHolder& holder, std::string dir);
  ~PolicyReloader();
  PolicyReloader(const PolicyReloader&) = delete;
  PolicyReloader& operator=(const PolicyReloader&) = delete;
  ReloadOutcome reload();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace shebao::http
