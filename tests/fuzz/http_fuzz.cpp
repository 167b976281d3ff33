// Fuzz target: the HTTP API. Input = the raw bytes a client sends on one connection. They go
// through Boost.Beast's request parser with the server's limits (as adapters/http/src/server.cpp
// does); every complete request is turned into an http::Request and answered by the pure
// handler with the bundled packs, an admin token, a reload function and a small web folder.
// The response is then serialised as the server would send it.
// Findings: crashes, sanitizer reports, a 5xx, a response header with CR/LF (response splitting),
// a status outside 100..599, an error status whose body is not {"errors": ...} JSON.
#include <unistd.h>

#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cstddef>
#include <cstring>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

#include "fuzz_common.h"
#include "shebao/http/handler.h"

namespace {

using namespace shebao;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace fs = std::filesystem;

struct World {
  PolicyHolder holder{fuzz::bundled_policies()};
  std::string web_dir;
  http::ReloadFn reload;
  http::EvaluateObserver observer;

  World() {
    // A web folder of our own under the temp folder (never the repository's).
    std::string tmpl = (fs::temp_directory_path() / "shebao-http-fuzz-XXXXXX").string();
    if (!::mkdtemp(tmpl.data())) fuzz::die("mkdtemp failed");
    web_dir = tmpl;
    auto put = [&](const std::string& rel, const std::string& text) {
      fs::create_directories((fs::path(web_dir) / rel).parent_path());
      std::ofstream(fs::path(web_dir) / rel, std::ios::binary) << text;
    };
    put("index.html", "<!doctype html><title>shebao</title>");
    put("app.js", "console.log('x');");
    put("css/site.css", "body{}");
    put(".hidden", "secret");
    const std::string digest = policy_digest(*holder.get());
    reload = [digest] {
      http::ReloadOutcome o;
      o.ok = true;
      o.digest = digest;
      o.previous_digest = digest;
      return o;
    };
    observer = [](std::string_view, const EvalRequest&, const JsonAnswer& a, const PolicySet&) {
      if (a.json.empty()) fuzz::die("observer saw an empty answer");
      return true;  // recorded (a false return is answered 503 audit_unavailable)
    };
  }
  ~World() {
    std::error_code ec;
    fs::remove_all(web_dir, ec);
  }
};

World& world() {
  static World w;
  return w;
}

void check_response(const http::Response& r) {
  if (r.status < 100 || r.status > 599) fuzz::die("status out of range", std::to_string(r.status));
  if (r.status >= 500) fuzz::die("5xx for a client request", r.body);
  auto bad = [](std::string_view s) { return s.find_first_of("\r\n") != std::string_view::npos || s.find('\0') != std::string_view::npos; };
  if (bad(r.content_type)) fuzz::die("CR/LF in Content-Type");
  for (const auto& [k, v] : r.headers)
    if (bad(k) || bad(v) || k.empty()) fuzz::die("CR/LF in a response header", k);
  if (r.status >= 400 && r.body.rfind("{\"errors\":[", 0) != 0) fuzz::die("error without an errors body", r.body);
  // Serialised as the server sends it.
  bhttp::response<bhttp::string_body> res{static_cast<bhttp::status>(r.status), 11};
  res.set(bhttp::field::content_type, r.content_type);
  for (const auto& [k, v] : r.headers) res.set(k, v);
  res.body() = r.body;
  res.prepare_payload();
  bhttp::response_serializer<bhttp::string_body> sr{res};
  beast::error_code ec;
  std::size_t total = 0;
  do {
    sr.next(ec, [&](beast::error_code&, const auto& buffers) {
      const std::size_t n = beast::buffer_bytes(buffers);
      total += n;
      sr.consume(n);
    });
  } while (!ec && !sr.is_done());
  if (ec) fuzz::die("the response does not serialise", ec.message());
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  (void)world();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 256 * 1024) return 0;
  World& w = world();
  const http::Context ctx{w.holder, *Date::from_ymd(2026, 11, 28), "fuzz-admin-token", &w.reload, w.web_dir,
                          &w.observer};
  // Pipelined requests on one connection, as the server reads them: a fresh parser per request.
  if (size == 0) return 0;  // nothing sent: the server waits, then closes
  beast::flat_buffer buffer;
  {
    auto b = buffer.prepare(size);
    std::memcpy(b.data(), data, size);
    buffer.commit(size);
  }
  for (int requests = 0; requests < 8 && buffer.size() > 0; ++requests) {
    bhttp::request_parser<bhttp::string_body> parser;
    parser.header_limit(static_cast<std::uint32_t>(http::kMaxHeaderBytes));
    parser.body_limit(http::kMaxBodyBytes);
    parser.eager(true);
    // As http::read does: put() what there is; need_more means the client must send more, and it
    // sent everything it will (put_eof). put() is never called again without new bytes.
    beast::error_code ec;
    while (!parser.is_done()) {
      const std::size_t used = parser.put(buffer.data(), ec);
      buffer.consume(used);
      if (ec == bhttp::error::need_more || (!ec && used == 0)) {
        ec = {};
        parser.put_eof(ec);  // the client closed its side
        if (ec) return 0;    // ... mid-request: the server just closes
        break;
      }
      if (ec) {  // 400 / 413 / 431 sent by the server itself, connection closed
        if (std::getenv("SHEBAO_FUZZ_VERBOSE")) std::fprintf(stderr, "  parser: %s\n", ec.message().c_str());
        return 0;
      }
    }
    if (!parser.is_done()) return 0;
    auto& req = parser.get();
    http::Request r;
    r.method = std::string(req.method_string());
    r.target = std::string(req.target());
    r.content_type = std::string(req[bhttp::field::content_type]);
    r.authorization = std::string(req[bhttp::field::authorization]);
    r.body = std::move(req.body());
    const http::Response res = http::handle(r, ctx);
    static const bool verbose = std::getenv("SHEBAO_FUZZ_VERBOSE") != nullptr;
    if (verbose) std::fprintf(stderr, "  %s %s -> %d\n", r.method.c_str(), r.target.substr(0, 80).c_str(), res.status);
    check_response(res);
    if (!req.keep_alive()) break;
  }
  return 0;
}
