// The server over real loopback sockets, started in-process on port 0: concurrency, reload
// under load, slow and malformed clients, limits, graceful stop, SIGHUP. Every loop is bounded
// in count and time.
#include <gtest/gtest.h>
#include <signal.h>
#include <spdlog/sinks/base_sink.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <boost/json.hpp>
#include <future>
#include <mutex>
#include <random>
#include <set>
#include <sstream>
#include <thread>
#include <vector>

#include "shebao/http/server.h"
#include "test_support.h"

namespace shebao::http {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;
using test::HttpResponse;
using test::RawClient;
using test::TempDir;
using Clock = std::chrono::steady_clock;

constexpr std::string_view kToken = "test-admin-token-0123456789";

// An in-memory log sink that can be read while the server writes to it.
class MemorySink : public spdlog::sinks::base_sink<std::mutex> {
 public:
  std::string text() {
    std::lock_guard lock(mutex_);
    return text_;
  }
  int flushes() const { return flushes_.load(); }

 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override {
    spdlog::memory_buf_t formatted;
    formatter_->format(msg, formatted);
    text_.append(formatted.data(), formatted.size());
  }
  void flush_() override { ++flushes_; }

 private:
  std::string text_;
  std::atomic<int> flushes_{0};
};

// A running server on a fixture tree, with an in-memory access log.
class Running {
 public:
  explicit Running(ServerOptions opt = {}) {
    test::write_fixture(dir_.path());
    LoadedPolicies l = load_policies(dir_.str());
    if (!l.set) throw std::runtime_error("fixture did not load");
    digest_ = policy_digest(*l.set);
    holder_ = std::make_unique<PolicyHolder>(l.set);
    reloader_ = std::make_unique<PolicyReloader>(*holder_, dir_.str());
    sink_ = std::make_shared<MemorySink>();
    access_ = std::make_shared<spdlog::logger>("access-test", sink_);
    access_->set_pattern("%v");
    opt.host = "127.0.0.1";
    opt.port = 0;
    if (!opt.threads) opt.threads = 4;
    opt.admin_token = std::string(kToken);
    opt.access_log = access_;
    opt.today = [] { return *Date::parse("2026-11-28"); };
    server_ = std::make_unique<Server>(*holder_, reloader_.get(), std::move(opt));
    std::string error;
    if (!server_->start(error)) throw std::runtime_error(error);
  }
  ~Running() { server_.reset(); }

  unsigned short port() const { return server_->port(); }
  Server& server() { return *server_; }
  const TempDir& dir() const { return dir_; }
  const std::string& digest() const { return digest_; }
  std::string access_log() { return sink_->text(); }
  int access_log_flushes() const { return sink_->flushes(); }

 private:
  TempDir dir_;
  std::string digest_;
  std::unique_ptr<PolicyHolder> holder_;
  std::unique_ptr<PolicyReloader> reloader_;
  std::shared_ptr<MemorySink> sink_;
  std::shared_ptr<spdlog::logger> access_;
  std::unique_ptr<Server> server_;
};

// The exact answer of a fixture tree with this wage, computed without the server.
std::pair<std::string, std::string> expected_answer(std::string_view wage) {
  TempDir d;
  test::write_fixture(d.path(), wage);
  LoadedPolicies l = load_policies(d.str());
  EvalRequest req;
  req.today = *Date::parse("2026-11-28");
  return {policy_digest(*l.set), evaluate_to_json(*l.set, test::kProfile, req).json};
}

std::string digest_of(const std::string& body) {
  json::value v = json::parse(body);
  return std::string(v.at("policy_set").at("digest").as_string());
}

TEST(Server, ListensOnLoopbackAndAnswers) {
  Running s;
  EXPECT_NE(s.port(), 0);
  EXPECT_EQ(s.server().url(), "http://127.0.0.1:" + std::to_string(s.port()));
  HttpResponse h = test::fetch(s.port(), "GET", "/healthz");
  ASSERT_TRUE(h.ok);
  EXPECT_EQ(h.status, 200);
  EXPECT_EQ(h.header("content-type"), "application/json");
  EXPECT_EQ(h.header("x-content-type-options"), "nosniff");
  EXPECT_EQ(h.header("cache-control"), "no-store");
  HttpResponse e = test::fetch(s.port(), "POST", "/v1/evaluate", test::kProfile);
  ASSERT_TRUE(e.ok);
  EXPECT_EQ(e.status, 200);
  EXPECT_EQ(e.body, expected_answer("7000.00").second);
}

TEST(Server, EveryErrorStatusOverTheWire) {
  Running s;
  HttpResponse nf = test::fetch(s.port(), "GET", "/nope");
  EXPECT_EQ(nf.status, 404);
  HttpResponse m = test::fetch(s.port(), "DELETE", "/v1/evaluate");
  EXPECT_EQ(m.status, 405);
  EXPECT_EQ(m.header("allow"), "POST");
  HttpResponse bad = test::fetch(s.port(), "POST", "/v1/evaluate", R"({"person":1})");
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(json::parse(bad.body).at("errors").at(0).at("path").as_string(), "person");
  RawClient c;
  ASSERT_TRUE(c.connect(s.port()));
  ASSERT_TRUE(c.send("POST /v1/evaluate HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\n{}"));
  HttpResponse u = c.read_response();
  EXPECT_EQ(u.status, 415);
  HttpResponse unauth = test::fetch(s.port(), "POST", "/v1/admin/reload");
  EXPECT_EQ(unauth.status, 401);
  HttpResponse head = test::fetch(s.port(), "HEAD", "/healthz");
  ASSERT_TRUE(head.ok);
  EXPECT_EQ(head.status, 200);
  EXPECT_TRUE(head.body.empty());
  EXPECT_NE(head.header("content-length"), "0");
}

TEST(Server, KeepAliveAndPipelining) {
  Running s;
  RawClient c;
  ASSERT_TRUE(c.connect(s.port()));
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(c.send(test::make_request("GET", "/healthz")));
    HttpResponse r = c.read_response();
    ASSERT_TRUE(r.ok) << i;
    EXPECT_EQ(r.status, 200);
  }
  // Three requests in one write: three answers in order.
  ASSERT_TRUE(c.send(test::make_request("GET", "/v1/schemes") + test::make_request("GET", "/nope") +
                     test::make_request("POST", "/v1/evaluate", test::kProfile)));
  EXPECT_EQ(c.read_response().status, 200);
  EXPECT_EQ(c.read_response().status, 404);
  EXPECT_EQ(c.read_response().status, 200);
  // HTTP/1.0 without keep-alive: the server closes after the answer.
  RawClient old;
  ASSERT_TRUE(old.connect(s.port()));
  ASSERT_TRUE(old.send("GET /healthz HTTP/1.0\r\n\r\n"));
  EXPECT_EQ(old.read_response().status, 200);
  EXPECT_TRUE(old.wait_closed(3s));
}

TEST(Server, ExpectContinue) {
  Running s;
  RawClient c;
  ASSERT_TRUE(c.connect(s.port()));
  const std::string body(test::kProfile);
  ASSERT_TRUE(c.send("POST /v1/evaluate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nExpect: 100-continue\r\n"
                     "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n"));
  HttpResponse cont = c.read_response(5s, true);
  ASSERT_TRUE(cont.ok);
  EXPECT_EQ(cont.status, 100);
  ASSERT_TRUE(c.send(body));
  HttpResponse r = c.read_response();
  EXPECT_EQ(r.status, 200);
}

TEST(Server, ConcurrentClients) {
  Running s;
  const auto [digest, expected] = expected_answer("7000.00");
  constexpr int kThreads = 8, kRequests = 25;
  std::atomic<int> ok{0}, failed{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      RawClient c;
      if (!c.connect(s.port())) {
        failed += kRequests;
        return;
      }
      for (int i = 0; i < kRequests; ++i) {
        const bool eval = (i + t) % 3 != 0;
        if (!c.send(eval ? test::make_request("POST", "/v1/evaluate", test::kProfile) : test::make_request("GET", "/v1/schemes"))) {
          ++failed;
          continue;
        }
        HttpResponse r = c.read_response();
        if (r.ok && r.status == 200 && (!eval || r.body == expected)) ++ok;
        else ++failed;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failed.load(), 0);
  EXPECT_EQ(ok.load(), kThreads * kRequests);
}

TEST(Server, ReloadUnderLoadNeverMixesSets) {
  Running s;
  const auto a = expected_answer("7000.00");
  const auto b = expected_answer("8000.00");
  ASSERT_EQ(a.first, s.digest());
  ASSERT_NE(a.first, b.first);
  const std::map<std::string, std::string> expected{{a.first, a.second}, {b.first, b.second}};

  std::atomic<bool> stop{false};
  std::atomic<int> answered{0}, failures{0};
  std::mutex mu;
  std::set<std::string> digests_seen;
  std::string first_failure;
  std::vector<std::thread> hammer;
  for (int t = 0; t < 3; ++t) {
    hammer.emplace_back([&] {
      RawClient c;
      const auto until = Clock::now() + 60s;  // bound, whatever happens
      while (!stop.load() && Clock::now() < until) {
        if (!c.is_open() && !c.connect(s.port())) {
          ++failures;
          continue;
        }
        if (!c.send(test::make_request("POST", "/v1/evaluate", test::kProfile))) {
          ++failures;
          c.close();
          continue;
        }
        HttpResponse r = c.read_response();
        std::string why;
        if (!r.ok || r.status != 200) {
          why = "status " + std::to_string(r.status) + " " + r.body;
        } else {
          std::string d = digest_of(r.body);
          auto it = expected.find(d);
          if (it == expected.end()) why = "unknown digest " + d;
          else if (it->second != r.body) why = "answer does not match its digest " + d;
          std::lock_guard lock(mu);
          digests_seen.insert(d);
        }
        if (why.empty()) {
          ++answered;
        } else {
          ++failures;
          std::lock_guard lock(mu);
          if (first_failure.empty()) first_failure = why;
          c.close();
        }
      }
    });
  }
  auto reload = [&] {
    return test::fetch(s.port(), "POST", "/v1/admin/reload", {}, "Authorization: Bearer " + std::string(kToken) + "\r\n");
  };
  std::this_thread::sleep_for(100ms);
  for (int round = 0; round < 3; ++round) {
    test::write_fixture(s.dir().path(), "8000.00");
    HttpResponse r1 = reload();
    EXPECT_EQ(r1.status, 200) << r1.body;
    std::this_thread::sleep_for(80ms);
    test::break_fixture(s.dir().path());
    HttpResponse r2 = reload();
    EXPECT_EQ(r2.status, 422) << r2.body;
    if (r2.ok) {
      EXPECT_EQ(json::parse(r2.body).at("policy_set").at("digest").as_string(), b.first);
    }
    std::this_thread::sleep_for(80ms);
    test::write_fixture(s.dir().path(), "7000.00");
    HttpResponse r3 = reload();
    EXPECT_EQ(r3.status, 200) << r3.body;
    std::this_thread::sleep_for(80ms);
  }
  stop = true;
  for (auto& t : hammer) t.join();
  EXPECT_EQ(failures.load(), 0) << first_failure;
  EXPECT_GT(answered.load(), 20);
  EXPECT_EQ(digests_seen.size(), 2u);
}

TEST(Server, SlowlorisDoesNotDelayOthersAndIsCutAtTheDeadline) {
  ServerOptions opt;
  opt.read_timeout = 3000ms;
  opt.threads = 2;
  Running s(std::move(opt));
  // Ten slow clients send a request one byte every 100 ms, for ever (bounded: 8 s).
  constexpr int kSlow = 10;
  std::vector<std::future<double>> slow;
  for (int i = 0; i < kSlow; ++i) {
    slow.push_back(std::async(std::launch::async, [&] {
      RawClient c;
      if (!c.connect(s.port())) return -1.0;
      const std::string line = "POST /v1/evaluate HTTP/1.1\r\nHost: x\r\nX-Slow: " + std::string(200, 'a');
      const auto start = Clock::now();
      for (std::size_t k = 0; k < line.size() && Clock::now() - start < 8s; ++k) {
        if (!c.send(line.substr(k, 1))) break;  // the server closed the connection
        if (c.wait_closed(100ms)) break;
      }
      return std::chrono::duration<double>(Clock::now() - start).count();
    }));
  }
  std::this_thread::sleep_for(200ms);
  // Meanwhile normal clients are answered at once.
  for (int i = 0; i < 10; ++i) {
    const auto t0 = Clock::now();
    HttpResponse r = test::fetch(s.port(), "POST", "/v1/evaluate", test::kProfile);
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - t0).count();
    EXPECT_EQ(r.status, 200);
    EXPECT_LT(ms, 1500) << "a normal request waited behind slow clients";
  }
  // The slow ones are closed at the request deadline although they keep sending.
  for (auto& f : slow) {
    double secs = f.get();
    EXPECT_GT(secs, 2.5);
    EXPECT_LT(secs, 6.5) << "the deadline was extended by trickled bytes";
  }
}

TEST(Server, IdleConnectionsAreClosedAfterTheDeadline) {
  ServerOptions opt;
  opt.read_timeout = 500ms;
  Running s(std::move(opt));
  RawClient idle;
  ASSERT_TRUE(idle.connect(s.port()));
  EXPECT_EQ(test::fetch(s.port(), "GET", "/healthz").status, 200);
  EXPECT_TRUE(idle.wait_closed(3s));
}

// The read deadline is per request: a keep-alive connection used more often than the deadline
// lasts longer than it; once idle it is closed at the deadline.
TEST(Server, KeepAliveDeadlineIsPerRequest) {
  ServerOptions opt;
  opt.read_timeout = 700ms;
  opt.threads = 1;
  Running s(std::move(opt));
  RawClient c;
  ASSERT_TRUE(c.connect(s.port()));
  for (int i = 0; i < 5; ++i) {  // 5 x 300 ms: twice the deadline in all
    ASSERT_TRUE(c.send(test::make_request("GET", "/healthz"))) << i;
    HttpResponse r = c.read_response(5s);
    ASSERT_TRUE(r.ok) << i;
    EXPECT_EQ(r.status, 200);
    std::this_thread::sleep_for(300ms);
  }
  EXPECT_TRUE(c.wait_closed(5s));
}

// After the last answer the lingering close is bounded by linger_timeout, also when the request's
// deadline is later: a client that never closes does not hold the connection that long.
TEST(Server, LingeringCloseEndsBeforeALaterDeadline) {
  ServerOptions opt;
  opt.read_timeout = 20'000ms;
  opt.write_timeout = 20'000ms;
  opt.linger_timeout = 200ms;
  Running s(std::move(opt));
  RawClient c;
  ASSERT_TRUE(c.connect(s.port()));
  ASSERT_TRUE(c.send(test::make_request("GET", "/healthz", {}, {}, true)));
  HttpResponse r = c.read_response();
  ASSERT_TRUE(r.ok);
  EXPECT_EQ(r.header("connection"), "close");
  // The client keeps its end open and sends nothing more.
  const auto t0 = Clock::now();
  while (s.server().open_connections() > 0 && Clock::now() - t0 < 10s) std::this_thread::sleep_for(10ms);
  EXPECT_EQ(s.server().open_connections(), 0u);
}

// The header block as Beast wrote it: HTTP/1.0 keep-alive is answered with Connection:
// keep-alive and the connection stays; HTTP/1.1 keep-alive has no Connection header.
TEST(Server, ConnectionHeaderOfEachVersion) {
  Running s;
  RawClient c;
  ASSERT_TRUE(c.connect(s.port()));
  for (int i = 0; i < 2; ++i) {
    ASSERT_TRUE(c.send("GET /healthz HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"));
    HttpResponse r = c.read_response();
    ASSERT_TRUE(r.ok) << i;
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.header("connection"), "keep-alive");
    EXPECT_EQ(r.header("content-length"), std::to_string(r.body.size()));
    EXPECT_EQ(r.header("server"), "shebao");
  }
  ASSERT_TRUE(c.send(test::make_request("GET", "/v1/evaluate")));
  HttpResponse m = c.read_response();
  ASSERT_TRUE(m.ok);
  EXPECT_EQ(m.status, 405);
  EXPECT_EQ(m.header("connection"), "");
  EXPECT_EQ(m.header("allow"), "POST");
  EXPECT_EQ(m.header("cache-control"), "no-store");
  EXPECT_EQ(m.header("content-type"), "application/json");
}

// The access log is not flushed per line: every log_flush_interval and when the server stops.
TEST(Server, AccessLogIsFlushedPeriodicallyAndAtStop) {
  ServerOptions opt;
  opt.log_flush_interval = 50ms;
  Running s(std::move(opt));
  EXPECT_EQ(test::fetch(s.port(), "GET", "/healthz").status, 200);
  const auto t0 = Clock::now();
  while (s.access_log_flushes() == 0 && Clock::now() - t0 < 5s) std::this_thread::sleep_for(10ms);
  EXPECT_GT(s.access_log_flushes(), 0);
  s.server().stop();
  const int at_stop = s.access_log_flushes();
  EXPECT_NE(s.access_log().find("GET /healthz 200 "), std::string::npos);
  std::this_thread::sleep_for(200ms);
  EXPECT_EQ(s.access_log_flushes(), at_stop) << "flushing went on after the stop";
}

// At the cap, room is made by closing the oldest connection that has not delivered a complete
// request header (issue 22), not the new one: held idle connections cannot lock clients out.
TEST(Server, ConnectionLimitClosesTheOldestWithoutAHeader) {
  ServerOptions opt;
  opt.max_connections = 4;
  Running s(std::move(opt));
  std::vector<std::unique_ptr<RawClient>> held;
  for (int i = 0; i < 4; ++i) {
    held.push_back(std::make_unique<RawClient>());
    ASSERT_TRUE(held.back()->connect(s.port()));
    const auto t0 = Clock::now();  // connected in this order, as the server sees it
    while (s.server().open_connections() < static_cast<std::size_t>(i + 1) && Clock::now() - t0 < 3s)
      std::this_thread::sleep_for(5ms);
  }
  EXPECT_EQ(test::fetch(s.port(), "GET", "/healthz").status, 200);  // admitted
  EXPECT_TRUE(held[0]->wait_closed(3s)) << "the oldest idle connection was not closed";
  EXPECT_FALSE(held[3]->wait_closed(200ms)) << "a younger one was closed";
  held.clear();
  const auto t1 = Clock::now();
  while (s.server().open_connections() > 0 && Clock::now() - t1 < 3s) std::this_thread::sleep_for(10ms);
  EXPECT_EQ(s.server().open_connections(), 0u);
}

// When every connection has delivered its header (a body is on its way), the new one is closed.
TEST(Server, ConnectionLimitKeepsRequestsBeingReceived) {
  ServerOptions opt;
  opt.max_connections = 2;
  Running s(std::move(opt));
  std::vector<std::unique_ptr<RawClient>> held;
  for (int i = 0; i < 2; ++i) {
    held.push_back(std::make_unique<RawClient>());
    ASSERT_TRUE(held.back()->connect(s.port()));
    ASSERT_TRUE(held.back()->send("POST /v1/evaluate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                                  "Content-Length: 1000\r\n\r\n{"));
  }
  const auto t0 = Clock::now();
  while (s.server().open_connections() < 2 && Clock::now() - t0 < 3s) std::this_thread::sleep_for(10ms);
  std::this_thread::sleep_for(100ms);  // both headers read
  RawClient extra;
  ASSERT_TRUE(extra.connect(s.port()));  // the kernel accepts; the server closes it
  EXPECT_TRUE(extra.wait_closed(3s));
  EXPECT_FALSE(held[0]->wait_closed(200ms));
}

// The header deadline is shorter than the request's: a client that trickles its header is cut at
// the first; one that sent its header and trickles a body is not.
TEST(Server, HeaderDeadlineIsSeparateFromTheBodyDeadline) {
  ServerOptions opt;
  opt.header_timeout = 300ms;
  opt.read_timeout = 10'000ms;
  Running s(std::move(opt));
  RawClient slow_header, slow_body;
  ASSERT_TRUE(slow_header.connect(s.port()));
  ASSERT_TRUE(slow_body.connect(s.port()));
  ASSERT_TRUE(slow_header.send("POST /v1/evaluate HTTP/1.1\r\nHost: x\r\n"));
  ASSERT_TRUE(slow_body.send("POST /v1/evaluate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                             "Content-Length: 2\r\n\r\n{"));
  EXPECT_TRUE(slow_header.wait_closed(5s));
  ASSERT_TRUE(slow_body.send("}"));
  HttpResponse r = slow_body.read_response(5s);
  ASSERT_TRUE(r.ok);
  EXPECT_EQ(r.status, 400);  // an answer (the profile {} is incomplete), not a closed connection
}

// Beyond the bound on work in flight a request is answered 503 with Retry-After at once, without
// being evaluated, and the connection stays usable.
TEST(Server, OverloadIs503WithRetryAfter) {
  ServerOptions opt;
  opt.max_in_flight = 0;  // everything is beyond the bound
  Running s(std::move(opt));
  RawClient c;
  ASSERT_TRUE(c.connect(s.port()));
  for (int i = 0; i < 2; ++i) {
    ASSERT_TRUE(c.send(test::make_request("POST", "/v1/evaluate", test::kProfile)));
    HttpResponse r = c.read_response(5s);
    ASSERT_TRUE(r.ok) << i;
    EXPECT_EQ(r.status, 503);
    EXPECT_EQ(r.header("retry-after"), "1");
    EXPECT_NE(r.body.find("\"overloaded\""), std::string::npos);
    EXPECT_EQ(r.body.find("\"schemes\""), std::string::npos);
  }
}

TEST(Server, PerAddressCap) {
  ServerOptions opt;
  opt.max_per_address = 2;
  Running s(std::move(opt));
  RawClient a, b, c;
  ASSERT_TRUE(a.connect(s.port()));
  ASSERT_TRUE(b.connect(s.port()));
  const auto t0 = Clock::now();
  while (s.server().open_connections() < 2 && Clock::now() - t0 < 3s) std::this_thread::sleep_for(10ms);
  ASSERT_TRUE(c.connect(s.port()));
  EXPECT_TRUE(c.wait_closed(3s)) << "a third connection from 127.0.0.1";
  a.close();
  const auto t1 = Clock::now();
  while (s.server().open_connections() > 1 && Clock::now() - t1 < 3s) std::this_thread::sleep_for(10ms);
  EXPECT_EQ(test::fetch(s.port(), "GET", "/healthz").status, 200);
}

// Behind the trusted proxy the cap counts the X-Forwarded-For client's requests, not the proxy's
// connections.
TEST(Server, PerAddressCapBehindTheTrustedProxy) {
  ServerOptions opt;
  opt.max_per_address = 1;
  opt.trusted_proxy = "127.0.0.1";
  Running s(std::move(opt));
  RawClient busy;  // one request of 10.0.0.7 being received
  ASSERT_TRUE(busy.connect(s.port()));
  ASSERT_TRUE(busy.send("POST /v1/evaluate HTTP/1.1\r\nHost: x\r\nX-Forwarded-For: 192.0.2.1, 10.0.0.7\r\n"
                        "Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"));
  std::this_thread::sleep_for(200ms);
  HttpResponse r = test::fetch(s.port(), "GET", "/healthz", {}, "X-Forwarded-For: 10.0.0.7\r\n");
  EXPECT_EQ(r.status, 429);
  EXPECT_EQ(test::fetch(s.port(), "GET", "/healthz", {}, "X-Forwarded-For: 10.0.0.8\r\n").status, 200);
  EXPECT_EQ(test::fetch(s.port(), "GET", "/healthz").status, 200);  // the proxy's own connections
}

TEST(Server, OversizedBodyIs413) {
  Running s;
  // Announced too large: refused after the headers, without reading the body.
  {
    RawClient c;
    ASSERT_TRUE(c.connect(s.port()));
    ASSERT_TRUE(c.send("POST /v1/evaluate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 70000\r\n\r\n"));
    HttpResponse r = c.read_response();
    ASSERT_TRUE(r.ok);
    EXPECT_EQ(r.status, 413);
    EXPECT_EQ(json::parse(r.body).at("errors").at(0).at("code").as_string(), "body_too_large");
    EXPECT_EQ(r.header("connection"), "close");
  }
  // Sent whole: the answer still arrives (the server drains before closing).
  {
    RawClient c;
    ASSERT_TRUE(c.connect(s.port()));
    const std::string body(70000, 'x');
    c.send(test::make_request("POST", "/v1/evaluate", body));
    HttpResponse r = c.read_response();
    ASSERT_TRUE(r.ok);
    EXPECT_EQ(r.status, 413);
  }
  // Chunked, growing past the limit.
  {
    RawClient c;
    ASSERT_TRUE(c.connect(s.port()));
    std::string req = "POST /v1/evaluate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
    std::string chunk = "4000\r\n" + std::string(0x4000, 'y') + "\r\n";
    for (int i = 0; i < 5; ++i) req += chunk;
    c.send(req);
    HttpResponse r = c.read_response();
    ASSERT_TRUE(r.ok);
    EXPECT_EQ(r.status, 413);
  }
  // Exactly at the limit is read (and is then a bad profile, not a 413).
  {
    RawClient c;
    ASSERT_TRUE(c.connect(s.port()));
    std::string body = "{\"extra\":{\"x\":\"";
    body += std::string(kMaxBodyBytes - body.size() - 3, 'z');
    body += "\"}}";
    ASSERT_EQ(body.size(), kMaxBodyBytes);
    c.send(test::make_request("POST", "/v1/evaluate", body));
    HttpResponse r = c.read_response();
    ASSERT_TRUE(r.ok);
    EXPECT_EQ(r.status, 400);
  }
}

TEST(Server, HeaderLimitIs431) {
  Running s;
  RawClient c;
  ASSERT_TRUE(c.connect(s.port()));
  ASSERT_TRUE(c.send("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(9000, 'h') + "\r\n\r\n"));
  HttpResponse r = c.read_response();
  ASSERT_TRUE(r.ok);
  EXPECT_EQ(r.status, 431);
  RawClient c2;
  ASSERT_TRUE(c2.connect(s.port()));
  ASSERT_TRUE(c2.send("GET /" + std::string(9000, 'p') + " HTTP/1.1\r\nHost: x\r\n\r\n"));
  EXPECT_EQ(c2.read_response().status, 431);
}

TEST(Server, MalformedRequestsAre400) {
  Running s;
  for (std::string raw : {std::string("GARBAGE\r\n\r\n"), std::string("GET /healthz HTTP/9.9\r\n\r\n"),
                          std::string("GET /healthz HTTP/1.1 extra\r\n\r\n"), std::string("GET  HTTP/1.1\r\n\r\n"),
                          std::string("GET /healthz HTTP/1.1\r\nBad Header\r\n\r\n"),
                          std::string("POST /v1/evaluate HTTP/1.1\r\nContent-Length: abc\r\n\r\n"),
                          std::string("POST /v1/evaluate HTTP/1.1\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}")}) {
    RawClient c;
    ASSERT_TRUE(c.connect(s.port()));
    ASSERT_TRUE(c.send(raw));
    HttpResponse r = c.read_response(5s);
    ASSERT_TRUE(r.ok) << raw;
    EXPECT_EQ(r.status, 400) << raw;
    EXPECT_TRUE(c.wait_closed(3s)) << raw;
  }
  // The server is still fine.
  EXPECT_EQ(test::fetch(s.port(), "GET", "/healthz").status, 200);
}

TEST(Server, RandomGarbageNeverHurtsTheServer) {
  ServerOptions opt;
  opt.read_timeout = 500ms;  // mutated lengths leave some requests incomplete
  Running s(std::move(opt));
  const std::string valid = test::make_request("POST", "/v1/evaluate?explain=1", test::kProfile);
  std::atomic<int> bad_status{0}, lost{0}, answered{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 6; ++t) {
    threads.emplace_back([&, t] {
      std::mt19937 rng(20261128u + static_cast<unsigned>(t));
      for (int i = 0; i < 25; ++i) {
        std::string req = valid;
        const int edits = 1 + static_cast<int>(rng() % 8);
        for (int e = 0; e < edits; ++e) {
          const std::size_t at = rng() % req.size();
          switch (rng() % 4) {
            case 0: req[at] = static_cast<char>(rng() % 256); break;
            case 1: req.erase(at, 1 + rng() % 8); break;
            case 2: req.insert(at, std::string(1 + rng() % 4, static_cast<char>(rng() % 256))); break;
            default: req.insert(at, "\r\n"); break;
          }
          if (req.empty()) req = "x";
        }
        RawClient c;
        if (!c.connect(s.port())) {
          ++lost;
          continue;
        }
        c.send(req + "\r\n\r\n");
        // An answer, if any, is never a 500; a request cut short may get none (deadline).
        HttpResponse r = c.read_response(3s);
        if (r.ok) ++answered;
        if (r.ok && r.status >= 500) ++bad_status;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(lost.load(), 0) << "the server stopped accepting";
  EXPECT_EQ(bad_status.load(), 0);
  EXPECT_GT(answered.load(), 50);
  EXPECT_EQ(test::fetch(s.port(), "GET", "/healthz").status, 200);
}

TEST(Server, GracefulStopFinishesInFlightRequests) {
  Running s;
  const std::string body(test::kProfile);
  RawClient inflight, idle;
  ASSERT_TRUE(inflight.connect(s.port()));
  ASSERT_TRUE(idle.connect(s.port()));
  ASSERT_TRUE(idle.send(test::make_request("GET", "/healthz")));
  ASSERT_EQ(idle.read_response().status, 200);  // now an idle keep-alive connection
  // Headers and half of the body are in; the rest comes after the stop was asked for.
  ASSERT_TRUE(inflight.send("POST /v1/evaluate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: " +
                            std::to_string(body.size()) + "\r\n\r\n" + body.substr(0, body.size() / 2)));
  std::this_thread::sleep_for(100ms);
  auto stopped = std::async(std::launch::async, [&] { s.server().stop(); });
  EXPECT_TRUE(idle.wait_closed(3s)) << "an idle connection stays open during a stop";
  RawClient late;
  const auto t0 = Clock::now();
  bool refused = false;
  while (Clock::now() - t0 < 3s) {
    if (!late.connect(s.port())) {
      refused = true;
      break;
    }
    late.close();
    std::this_thread::sleep_for(20ms);
  }
  EXPECT_TRUE(refused) << "still accepting after stop";
  EXPECT_EQ(stopped.wait_for(0ms), std::future_status::timeout) << "stop did not wait for the request in flight";
  ASSERT_TRUE(inflight.send(body.substr(body.size() / 2)));
  HttpResponse r = inflight.read_response();
  ASSERT_TRUE(r.ok);
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.header("connection"), "close");
  EXPECT_EQ(stopped.wait_for(5s), std::future_status::ready);
}

TEST(Server, SighupReloads) {
  ServerOptions opt;
  opt.handle_signals = true;
  Running s(std::move(opt));
  const auto b = expected_answer("8000.00");
  test::write_fixture(s.dir().path(), "8000.00");
  ASSERT_EQ(::kill(::getpid(), SIGHUP), 0);
  std::string digest;
  const auto t0 = Clock::now();
  while (Clock::now() - t0 < 5s) {
    HttpResponse h = test::fetch(s.port(), "GET", "/healthz");
    if (h.ok) digest = json::parse(h.body).at("policy_set").at("digest").as_string();
    if (digest == b.first) break;
    std::this_thread::sleep_for(20ms);
  }
  EXPECT_EQ(digest, b.first);
  // A bad set on SIGHUP: rejected, the running one stays.
  test::break_fixture(s.dir().path());
  ASSERT_EQ(::kill(::getpid(), SIGHUP), 0);
  std::this_thread::sleep_for(300ms);
  HttpResponse h = test::fetch(s.port(), "GET", "/healthz");
  EXPECT_EQ(json::parse(h.body).at("policy_set").at("digest").as_string(), b.first);
  // SIGTERM stops the server (wait() returns).
  ASSERT_EQ(::kill(::getpid(), SIGTERM), 0);
  auto waited = std::async(std::launch::async, [&] { s.server().wait(); });
  EXPECT_EQ(waited.wait_for(5s), std::future_status::ready);
}

TEST(Server, BindErrors) {
  Running s;
  PolicyHolder holder(load_policies(s.dir().str()).set);
  ServerOptions opt;
  opt.port = s.port();  // taken
  Server other(holder, nullptr, opt);
  std::string error;
  EXPECT_FALSE(other.start(error));
  EXPECT_NE(error.find("cannot listen"), std::string::npos) << error;
  ServerOptions bad;
  bad.host = "not-an-address";
  Server third(holder, nullptr, bad);
  EXPECT_FALSE(third.start(error));
}

TEST(Server, Ipv6Loopback) {
  Running v4;
  PolicyHolder holder(load_policies(v4.dir().str()).set);
  ServerOptions opt;
  opt.host = "::1";
  opt.port = 0;
  opt.threads = 1;
  Server s(holder, nullptr, opt);
  std::string error;
  if (!s.start(error)) GTEST_SKIP() << "no IPv6 loopback here: " << error;
  EXPECT_EQ(s.url(), "http://[::1]:" + std::to_string(s.port()));
  int fd = ::socket(AF_INET6, SOCK_STREAM, 0);
  ASSERT_GE(fd, 0);
  sockaddr_in6 addr{};
  addr.sin6_family = AF_INET6;
  addr.sin6_port = htons(s.port());
  addr.sin6_addr = in6addr_loopback;
  ASSERT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  std::string req = "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
  ASSERT_EQ(::send(fd, req.data(), req.size(), MSG_NOSIGNAL), static_cast<ssize_t>(req.size()));
  std::string got;
  char buf[4096];
  pollfd p{fd, POLLIN, 0};
  while (::poll(&p, 1, 3000) > 0) {
    ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    got.append(buf, static_cast<std::size_t>(n));
  }
  ::close(fd);
  EXPECT_EQ(got.rfind("HTTP/1.1 200", 0), 0u) << got;
  s.stop();
}

TEST(Server, ParseListen) {
  std::string host;
  unsigned short port = 1;
  EXPECT_TRUE(parse_listen("127.0.0.1:8080", host, port));
  EXPECT_EQ(host, "127.0.0.1");
  EXPECT_EQ(port, 8080);
  EXPECT_TRUE(parse_listen("[::1]:0", host, port));
  EXPECT_EQ(host, "::1");
  EXPECT_EQ(port, 0);
  EXPECT_TRUE(parse_listen(":9000", host, port));
  EXPECT_EQ(host, "127.0.0.1");
  EXPECT_FALSE(parse_listen("127.0.0.1", host, port));
  EXPECT_FALSE(parse_listen("127.0.0.1:65536", host, port));
  EXPECT_FALSE(parse_listen("127.0.0.1:http", host, port));
  EXPECT_FALSE(parse_listen("::1:80", host, port));
  EXPECT_FALSE(parse_listen("[::1]80", host, port));
  EXPECT_FALSE(parse_listen("127.0.0.1:", host, port));
}

TEST(Server, AccessLogHasNoPersonalData) {
  Running s;
  const std::string profile =
      R"({"as_of":"2026-11-28","person":{"birth":"1994-07","sex":"male","hukou":{"region":"530902"}},)"
      R"("work":{"region":"530102","relationship":"platform_managed","platform":"zzsecretzz","monthly_income":98765.43}})";
  EXPECT_EQ(test::fetch(s.port(), "POST", "/v1/evaluate?lang=en", profile).status, 200);
  // A bad profile carrying the same values, a query with them, a wrong method.
  EXPECT_EQ(test::fetch(s.port(), "POST", "/v1/evaluate", R"({"zzsecretzz":98765.43})").status, 400);
  EXPECT_EQ(test::fetch(s.port(), "GET", "/v1/retirement?birth=1975-03&sex=female&original_age=50").status, 200);
  EXPECT_EQ(test::fetch(s.port(), "GET", "/v1/evaluate?platform=zzsecretzz&income=98765.43").status, 405);
  RawClient big;
  ASSERT_TRUE(big.connect(s.port()));
  big.send("POST /v1/evaluate?p=zzsecretzz HTTP/1.1\r\nHost: x\r\nContent-Length: 99999\r\n\r\n");
  EXPECT_EQ(big.read_response().status, 413);

  // A line is written when the server's write completes, which may come just after the client
  // has read the answer: wait (bounded) for all five.
  std::string log;
  for (const auto t0 = Clock::now(); Clock::now() - t0 < 5s; std::this_thread::sleep_for(20ms)) {
    log = s.access_log();
    if (std::count(log.begin(), log.end(), '\n') >= 5) break;
  }
  EXPECT_NE(log.find("POST /v1/evaluate 200 "), std::string::npos) << log;
  EXPECT_NE(log.find("POST /v1/evaluate 400 "), std::string::npos) << log;
  EXPECT_NE(log.find("GET /v1/retirement 200 "), std::string::npos) << log;
  EXPECT_NE(log.find("GET /v1/evaluate 405 "), std::string::npos) << log;
  EXPECT_NE(log.find("POST /v1/evaluate 413 "), std::string::npos) << log;
  EXPECT_NE(log.find("policy=" + short_digest(s.digest())), std::string::npos) << log;
  EXPECT_NE(log.find("us "), std::string::npos) << log;
  EXPECT_NE(log.find("in=" + std::to_string(profile.size())), std::string::npos) << log;
  for (const char* secret : {"zzsecretzz", "98765", "1975-03", "female", "530902", "1994-07"})
    EXPECT_EQ(log.find(secret), std::string::npos) << secret << " leaked into the access log:\n" << log;
}

// The bundled packs, copied at test time (they may be mid-edit by other work: skip then).
TEST(Server, BundledPacksWhenTheyLoad) {
  TempDir copy;
  std::error_code ec;
  test::fs::copy(test::fs::path(SHEBAO_SOURCE_DIR) / "policies", copy.path(), test::fs::copy_options::recursive, ec);
  ASSERT_FALSE(ec) << ec.message();
  LoadedPolicies l = load_policies(copy.str());
  if (!l.set) GTEST_SKIP() << "the bundled packs do not load right now";
  PolicyHolder holder(l.set);
  ServerOptions opt;
  opt.port = 0;
  opt.threads = 2;
  Server s(holder, nullptr, opt);
  std::string error;
  ASSERT_TRUE(s.start(error)) << error;
  std::string profile;
  {
    std::ifstream in(test::fs::path(SHEBAO_SOURCE_DIR) / "examples" / "rider-lincang-in-kunming.yaml");
    std::ostringstream ss;
    ss << in.rdbuf();
    profile = ss.str();
  }
  // YAML is not accepted over HTTP; the same profile as JSON is.
  EXPECT_EQ(test::fetch(s.port(), "POST", "/v1/evaluate", profile).status, 400);
  HttpResponse r = test::fetch(s.port(), "POST", "/v1/evaluate",
                               R"({"as_of":"2026-11-28","person":{"birth":"1994-07","sex":"male","hukou":{"region":"530902","kind":"rural"}},)"
                               R"("work":{"region":"530102","relationship":"platform_managed","industry":"food_delivery","platform":"meituan","monthly_income":6200}})");
  EXPECT_EQ(r.status, 200) << r.body;
  if (r.status == 200) {
    EXPECT_EQ(json::parse(r.body).at("schemes").as_array().size(), 9u);
  }
  s.stop();
}

}  // namespace
}  // namespace shebao::http
