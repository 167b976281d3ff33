// `shebao serve [--listen 127.0.0.1:8080] [--threads N] [--policies DIR] [--admin-token-file FILE]
//               [--access-log FILE] [--web DIR]`: the HTTP API (adapters/http).
// Exit: 0 after a clean stop (SIGTERM/SIGINT), 2 bad arguments, 4 the packs do not load,
// 1 the address cannot be used or a log file cannot be opened.
#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/base_sink.h>
#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cerrno>

#include <CLI/CLI.hpp>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <mutex>
#include <sstream>
#include <string>
#include <condition_variable>
#include <ctime>
#include <thread>

#include "commands.h"
#include "shebao/store/audit_store.h"
#include "common.h"
#include "shebao/http/server.h"
#include "shebao/service/install_paths.h"

namespace shebao::cli {

namespace {

namespace fs = std::filesystem;

struct ServeArgs {
  std::string listen = "127.0.0.1:8080";
  unsigned threads = 0;
  std::string policies;
  std::string admin_token_file;
  std::string access_log;
  std::string web;
  std::string audit;
  bool audit_full = false;
  http::SiteOptions site;          // --office-*, --cors-origin
  std::string log_format = "text";  // text | json (one JSON object per line)
  // Issue 22 (attack, overload, tampering) and issue 20 item 7 (retention): one block.
  std::size_t max_connections = 1024;
  double header_timeout = 5;
  double request_timeout = 10;
  std::size_t max_per_address = 0;
  std::string trusted_proxy;
  std::size_t max_in_flight = 256;
  std::string audit_key_file;
  unsigned audit_retain_days = 0;
};

// Removes the audit records older than `days` days now and then every hour, until stopped.
class AuditRetention {
 public:
  AuditRetention(std::shared_ptr<store::AuditStore> audit, unsigned days, std::shared_ptr<spdlog::logger> log)
      : audit_(std::move(audit)), days_(days), log_(std::move(log)) {
    if (days_ > 0) thread_ = std::thread([this] { run(); });
  }
  ~AuditRetention() {
    {
      std::lock_guard lock(mu_);
      stop_ = true;
    }
    cv_.notify_all();
    if (thread_.joinable()) thread_.join();
  }
  // The purge itself (also run once before the server starts).
  void purge_once() {
    using namespace std::chrono;
    const auto cutoff = system_clock::now() - hours(24) * days_;
    const std::time_t t = system_clock::to_time_t(cutoff);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char before[96];
    std::snprintf(before, sizeof before, "%04d-%02d-%02dT%02d:%02d:%02d.000Z", tm.tm_year + 1900, tm.tm_mon + 1,
                  tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
    try {
      store::PurgeResult r = audit_->purge_before(before);
      if (r.removed > 0)
        log_->info("audit retention ({} days): removed {} records answered before {}{}", days_, r.removed, before,
                   r.reclaimed ? "" : " (space not reclaimed yet)");
    } catch (const std::exception& e) {
      log_->error("audit retention: {}", e.what());
    }
  }

 private:
  void run() {
    std::unique_lock lock(mu_);
    while (!cv_.wait_for(lock, std::chrono::hours(1), [this] { return stop_; })) {
      lock.unlock();
      purge_once();
      lock.lock();
    }
  }
  std::shared_ptr<store::AuditStore> audit_;
  unsigned days_;
  std::shared_ptr<spdlog::logger> log_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  std::thread thread_;
};

// The access log on stderr when stderr is not a terminal: whole lines are collected and written
// once about 16 KiB are in, on flush() (the server flushes every second and at stop) and when the
// sink goes; not one write(2) per request.
class BufferedStderrSink final : public spdlog::sinks::base_sink<std::mutex> {
 public:
  ~BufferedStderrSink() override {
    std::lock_guard lock(mutex_);
    write_out();
  }

 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override {
    spdlog::memory_buf_t formatted;
    formatter_->format(msg, formatted);
    buf_.append(formatted.data(), formatted.size());
    if (buf_.size() >= kBlock) write_out();
  }
  void flush_() override { write_out(); }

 private:
  static constexpr std::size_t kBlock = 16 * 1024;
  std::string buf_;
  void write_out() {
    std::size_t done = 0;
    while (done < buf_.size()) {
      ssize_t n = ::write(STDERR_FILENO, buf_.data() + done, buf_.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;  // stderr is gone: drop the lines rather than block the server
      done += static_cast<std::size_t>(n);
    }
    buf_.clear();
  }
};

// The TOML/INI config of `serve --config`: keys outside a section are serve's options.
class ServeConfig final : public CLI::ConfigTOML {
 public:
  std::vector<CLI::ConfigItem> from_config(std::istream& input) const override {
    std::vector<CLI::ConfigItem> read = CLI::ConfigTOML::from_config(input);
    for (auto& item : read)
      if (item.parents.empty() || item.parents.front() != "serve") item.parents.insert(item.parents.begin(), "serve");
    return read;
  }
};

// %* in a pattern: the message as the inside of a JSON string (RFC 8259 escapes).
class JsonMessageFlag final : public spdlog::custom_flag_formatter {
 public:
  void format(const spdlog::details::log_msg& msg, const std::tm&, spdlog::memory_buf_t& dest) override {
    for (char c : std::string_view(msg.payload.data(), msg.payload.size())) {
      const auto u = static_cast<unsigned char>(c);
      if (c == '"' || c == '\\') {
        dest.push_back('\\');
        dest.push_back(c);
      } else if (u < 0x20) {
        static constexpr char kHex[] = "0123456789abcdef";
        const char esc[6] = {'\\', 'u', '0', '0', kHex[u >> 4], kHex[u & 15]};
        dest.append(esc, esc + 6);
      } else {
        dest.push_back(c);
      }
    }
  }
  std::unique_ptr<custom_flag_formatter> clone() const override { return std::make_unique<JsonMessageFlag>(); }
};

std::unique_ptr<spdlog::formatter> json_formatter(const std::string& pattern) {
  auto f = std::make_unique<spdlog::pattern_formatter>();
  f->add_flag<JsonMessageFlag>('*').set_pattern(pattern);
  return f;
}

// The bundled web page folder (share/shebao/web installed, web/ in the build tree), or "".
std::string default_web_dir() { return bundled_paths().web; }

int run_serve(const ServeArgs& a) {
  http::ServerOptions opt;
  if (!http::parse_listen(a.listen, opt.host, opt.port)) {
    std::cerr << "--listen: '" << a.listen << "' is not HOST:PORT (e.g. 127.0.0.1:8080 or [::1]:8080)\n";
    return kUsage;
  }
  opt.threads = a.threads;
  if (a.header_timeout > a.request_timeout) {
    std::cerr << "--header-timeout must not be longer than --request-timeout\n";
    return kUsage;
  }
  opt.max_connections = a.max_connections;
  opt.header_timeout = std::chrono::milliseconds(static_cast<std::int64_t>(a.header_timeout * 1000));
  opt.read_timeout = std::chrono::milliseconds(static_cast<std::int64_t>(a.request_timeout * 1000));
  opt.max_per_address = a.max_per_address;
  opt.trusted_proxy = a.trusted_proxy;
  opt.max_in_flight = a.max_in_flight;
  if (a.audit.empty() && (!a.audit_key_file.empty() || a.audit_retain_days > 0 || a.audit_full)) {
    std::cerr << "--audit-full, --audit-key-file and --audit-retain-days need --audit FILE\n";
    return kUsage;
  }

  if (!a.admin_token_file.empty()) {
    std::ifstream in(a.admin_token_file, std::ios::binary);
    if (!in) {
      std::cerr << "--admin-token-file: cannot read '" << a.admin_token_file << "'\n";
      return kUsage;
    }
    std::ostringstream ss;
    ss << in.rdbuf();
    std::string token = ss.str();
    while (!token.empty() && (token.back() == '\n' || token.back() == '\r' || token.back() == ' ' || token.back() == '\t'))
      token.pop_back();
    if (token.size() < 16 || token.find_first_of(" \t\r\n") != std::string::npos) {
      std::cerr << "--admin-token-file: the token must be one line of at least 16 characters without spaces\n";
      return kUsage;
    }
    opt.admin_token = std::move(token);
  }

  if (!a.web.empty()) {
    std::error_code ec;
    if (!fs::is_directory(a.web, ec)) {
      std::cerr << "--web: '" << a.web << "' is not a folder\n";
      return kUsage;
    }
    opt.web_dir = a.web;
  } else {
    opt.web_dir = default_web_dir();
  }

  std::shared_ptr<spdlog::logger> log, access;
  try {
    log = std::make_shared<spdlog::logger>("shebao", std::make_shared<spdlog::sinks::stderr_sink_mt>());
    // Text: one line per event with its level, as journald shows it; json: one object per line
    // (%* is the message escaped for a JSON string). Messages never hold a profile.
    if (a.log_format == "json")
      log->set_formatter(json_formatter(R"({"time":"%Y-%m-%dT%H:%M:%S.%e%z","logger":"shebao","level":"%l","message":"%*"})"));
    else
      log->set_pattern("%Y-%m-%dT%H:%M:%S.%e%z shebao %l: %v");
    // The access log is buffered, not flushed per request: the server flushes it every second
    // and when it stops (ServerOptions::log_flush_interval); on a terminal each line shows at once.
    if (a.access_log.empty() && ::isatty(STDERR_FILENO)) {
      access = std::make_shared<spdlog::logger>("access", std::make_shared<spdlog::sinks::stderr_sink_mt>());
    } else if (a.access_log.empty()) {
      access = std::make_shared<spdlog::logger>("access", std::make_shared<BufferedStderrSink>());
    } else {
      access = std::make_shared<spdlog::logger>("access",
                                                std::make_shared<spdlog::sinks::basic_file_sink_mt>(a.access_log));
    }
    access->flush_on(spdlog::level::warn);
    if (a.log_format == "json")
      access->set_formatter(json_formatter(R"({"time":"%Y-%m-%dT%H:%M:%S.%f%z","logger":"access","request":"%*"})"));
    else
      access->set_pattern("%Y-%m-%dT%H:%M:%S.%f%z %v");
  } catch (const std::exception& e) {
    std::cerr << "--access-log: " << e.what() << '\n';
    return kFailure;
  }
  opt.log = log;
  opt.access_log = access;

  // The audit log: every answered evaluation, with a keyed digest of the profile (the profile
  // itself only with --audit-full). A record that cannot be written is logged without the
  // profile, and the request is answered 503: no unaudited answers.
  std::shared_ptr<store::AuditStore> audit;
  std::unique_ptr<AuditRetention> retention;
  if (!a.audit.empty()) {
    try {
      audit = std::make_shared<store::AuditStore>(a.audit, store::AuditStore::Mode::kCreate, a.audit_key_file);
    } catch (const std::exception& e) {
      std::cerr << "--audit: " << e.what() << '\n';
      return kFailure;
    }
    const bool full = a.audit_full;
    opt.on_evaluate = [audit, full, log](std::string_view text, const EvalRequest& req, const JsonAnswer& answer,
                                         const PolicySet& set) -> http::ObserveResult {
      try {
        // The record id goes back with the answer (X-Audit-Record), for the printed answer.
        return {true, audit->record(store::make_audit_record("http", text, req, answer, policy_digest(set), full))};
      } catch (const std::exception& e) {
        log->error("audit record not written, answered 503: {}", e.what());
        return false;
      }
    };
    if (a.audit_retain_days > 0) {
      retention = std::make_unique<AuditRetention>(audit, a.audit_retain_days, log);
      retention->purge_once();
    }
  }
  opt.handle_signals = true;
  opt.site = a.site;

  const std::string dir = policies_dir(a.policies);
  LoadedPolicies pol = load_or_report(dir, Lang::kZh);
  if (!pol.set) return kBadPolicy;
  PolicyHolder holder(pol.set);
  http::PolicyReloader reloader(holder, dir);
  log->info("policy set {} from {}", policy_digest(*pol.set), dir);
  pol.set.reset();

  http::Server server(holder, &reloader, std::move(opt));
  std::string error;
  if (!server.start(error)) {
    std::cerr << error << '\n';
    return kFailure;
  }
  std::cout << "listening on " << server.url() << std::endl;
  server.wait();
  retention.reset();
  log->info("stopped");
  log->flush();
  access->flush();
  return kOk;
}

const RegisterCommand kServe{
    "serve", "HTTP JSON API and the service-window page / HTTP 接口与服务窗口页面", [](CLI::App& sub) {
      auto args = std::make_shared<ServeArgs>();
      sub.add_option("--listen", args->listen, "HOST:PORT to listen on (loopback by default; [::1]:PORT for IPv6; port 0: any)")
          ->default_val("127.0.0.1:8080");
      sub.add_option("--threads", args->threads, "worker threads (default: one per core)")->check(CLI::Range(0u, 256u));
      sub.add_option("--policies", args->policies, "folder of policy packs (default: the bundled ones)");
      sub.add_option("--admin-token-file", args->admin_token_file,
                     "file holding the token for POST /v1/admin/reload (Authorization: Bearer <token>)");
      sub.add_option("--access-log", args->access_log, "append the access log to FILE (default: stderr)");
      sub.add_option("--audit", args->audit, "record every answered evaluation in this SQLite file (WAL)");
      sub.add_flag("--audit-full", args->audit_full, "also store the profiles themselves in the audit log");
      // --config FILE: every option of serve as a key of FILE (CLI11 reads config files only on the
      // main command: the file's keys are taken as serve's, and serve passes --config up to it).
      CLI::App* app = sub.get_parent();
      app->config_formatter(std::make_shared<ServeConfig>());
      app->set_config("--config", "", "serve: read its options from FILE (key = value, one per line; "
                                      "e.g. /etc/shebao/serve.conf); the command line wins")
          ->type_name("FILE");
      app->allow_config_extras(CLI::config_extras_mode::error);
      sub.fallthrough();
      sub.add_option("--office-name", args->site.office_name, "office name printed in the page's footer (GET /v1/config)");
      sub.add_option("--office-address", args->site.office_address, "office address for the print footer");
      sub.add_option("--office-phone", args->site.office_phone, "office phone for the print footer");
      sub.add_option("--cors-origin", args->site.cors_origins,
                     "allow this origin (scheme://host[:port]) to call the API from a browser (repeatable; none by default)")
          ->type_name("ORIGIN");
      sub.add_option("--log-format", args->log_format, "text | json (one JSON object per line)")
          ->check(CLI::IsMember({"text", "json"}))
          ->default_val("text");
      sub.add_option("--web", args->web, "folder of the web page served at / (default: the bundled web/ when present)");
      // Issue 22 (slow clients, overload, tamper-evident audit) and issue 20 item 7 (retention).
      sub.add_option("--max-connections", args->max_connections,
                     "open connections at most; at the cap the oldest one without a complete request header is closed")
          ->default_val(1024)->check(CLI::Range(std::size_t{1}, std::size_t{1'000'000}));
      sub.add_option("--header-timeout", args->header_timeout,
                     "seconds to receive a request's line and headers (idle keep-alive included)")
          ->default_val(5)->check(CLI::Range(0.05, 3600.0));
      sub.add_option("--request-timeout", args->request_timeout, "seconds to receive a whole request")
          ->default_val(10)->check(CLI::Range(0.05, 3600.0));
      sub.add_option("--max-per-address", args->max_per_address, "open connections per client address (default 0: no cap)")
          ->default_val(0);
      sub.add_option("--trusted-proxy", args->trusted_proxy,
                     "IP address of a reverse proxy: on its connections the client is the last X-Forwarded-For entry");
      sub.add_option("--max-in-flight", args->max_in_flight,
                     "requests read and not yet answered; beyond it 503 with Retry-After at once")
          ->default_val(256)->check(CLI::Range(std::size_t{1}, std::size_t{1'000'000}));
      sub.add_option("--audit-key-file", args->audit_key_file,
                     "the audit key (HMAC of profiles and of the hash chain; default: AUDIT.key; created 0600 if absent)");
      sub.add_option("--audit-retain-days", args->audit_retain_days,
                     "remove audit records (and stored profiles) older than N days, at start and hourly (default 0: keep)")
          ->default_val(0);
      return [args] { return run_serve(*args); };
    }};

}  // namespace

}  // namespace shebao::cli
