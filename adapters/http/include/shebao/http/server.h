// The HTTP server: Boost.Beast, asynchronous, N threads with one io_context each (connections are
// spread over them round robin when accepted and stay there). The listener and the session follow
// Beast's http_server_async / advanced_server examples (boost-1.81.0); every answer comes from the
// pure handler (handler.h).
//
// Limits: request line + headers 8 KiB (431), body 64 KiB (413); per request a header deadline
// (the idle wait, request line and headers) shorter than the deadline for reading it whole, never
// extended per byte (slowloris-safe); a deadline for writing the answer; keep-alive between
// requests. Fair under slow clients (issue 22): at the cap on open connections, the oldest
// connection that has not yet delivered a complete request header is closed to make room for the
// new one (not the new one); an optional cap per client address (the address from
// X-Forwarded-For only on connections from the trusted proxy). Graceful under overload: requests
// read and not yet answered are bounded (max_in_flight); beyond it a request is answered 503 with
// Retry-After at once, without being evaluated. Memory is bounded by max_connections times the
// per-connection limits (about 90 KiB of buffers and a 64 KiB body at most).
// Stop: request_stop() (or SIGINT/SIGTERM with handle_signals) closes the listening socket,
// closes idle keep-alive connections, lets every request already being received or answered
// finish (bounded by the deadlines and drain_timeout), then the threads end.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>

#include "shebao/core/date.h"
#include "shebao/http/handler.h"
#include "shebao/service/service.h"

namespace spdlog {
class logger;
}

namespace shebao::http {

class Session;

struct ServerOptions {
  std::string host = "127.0.0.1";  // an IP literal (IPv4 or IPv6, brackets allowed) or localhost
  unsigned short port = 8080;      // 0: any free port (see Server::port())
  unsigned threads = 0;            // 0: std::thread::hardware_concurrency()
  std::chrono::milliseconds header_timeout{5'000};  // request line + headers, from the first wait
                                                    // on the request (idle keep-alive included)
  std::chrono::milliseconds read_timeout{10'000};   // whole request, from the first wait on it
  std::chrono::milliseconds write_timeout{10'000};  // whole response
  std::chrono::milliseconds linger_timeout{2'000};  // draining the client's unread bytes at close
  std::chrono::milliseconds drain_timeout{30'000};  // graceful stop: at most this long
  std::size_t max_connections = 1024;  // at the cap the oldest connection without a complete request
                                       // header is closed for a new one; if none, the new one is
  std::size_t max_per_address = 0;     // open connections per client address (0: no cap); more: closed
  std::string trusted_proxy;           // IP of a reverse proxy: on its connections the client address
                                       // is the last X-Forwarded-For entry (cap per request: 429)
  std::size_t max_in_flight = 256;     // requests read and not yet answered; beyond: 503 at once
  std::string admin_token;                          // empty: no /v1/admin/reload
  std::string web_dir;                              // empty: no web page
  std::shared_ptr<spdlog::logger> access_log;       // one line per request; null: none
  std::shared_ptr<spdlog::logger> log;              // server events (reload, errors); null: none
  // Both loggers are flushed this often and when the server stops, not per line (0: only at stop).
  std::chrono::milliseconds log_flush_interval{1'000};
  bool handle_signals = false;                      // SIGINT/SIGTERM stop, SIGHUP reload
  std::function<Date()> today;                      // default: today_cst
  EvaluateObserver on_evaluate;                     // optional (audit log)
  SiteOptions site;                                 // office line, CORS origins
};

// Parses "HOST:PORT", "[::1]:PORT" or ":PORT" (host stays as given). False on a bad form.
bool parse_listen(const std::string& text, std::string& host, unsigned short& port);

class Server {
 public:
  // `reloader` may be null (then SIGHUP does nothing and there is no reload route).
  Server(PolicyHolder& holder, PolicyReloader* reloader, ServerOptions options);
  ~Server();  // stops and joins if still running
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds, listens and starts the threads. False (with `error`) when the address cannot be used.
  bool start(std::string& error);
  unsigned short port() const;  // the bound port
  std::string url() const;      // "http://127.0.0.1:PORT" / "http://[::1]:PORT"

  // Asks the server to stop; returns at once. Thread-safe.
  void request_stop();
  // Blocks until a stop is requested, then drains and joins the threads.
  void wait();
  // request_stop() + wait().
  void stop();

  std::size_t open_connections() const;

 private:
  friend class Session;
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace shebao::http
