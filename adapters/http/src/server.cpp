// Listener and session after Beast's examples (boost-1.81.0: example/http/server/async,
// example/advanced/server): a session owns its socket and keeps itself alive through its
// handlers (do_read -> on_read -> send -> on_write -> do_read | do_close); a fresh parser per
// request with header and body limits.
//
// Per-request costs are kept low (issue 6): one io_context per thread, so a connection's handlers
// always run on one thread and need no strand; one timer per connection whose wait is re-armed
// only when it fires before the current deadline (moving a deadline later costs a clock read, not a
// timerfd_settime); the answer is written as two buffers (header block built in a reused string,
// body moved from the handler) in one sendmsg; the read buffer is reserved so that a whole request
// usually arrives in one recvmsg; TCP_NODELAY.
// GCC 12 at -O2/-O3 reports -Wnull-dereference inside inlined std::shared_ptr and Asio executor
// code (shared_ptr_base.h, io_context.hpp): false positives in library headers. Silenced for this
// file only, before the includes, so that the pragma covers the inlined header lines.
#pragma GCC diagnostic ignored "-Wnull-dereference"
// Asio's fenced blocks use std::atomic_thread_fence, which GCC 12 flags under -fsanitize=thread
// (-Wtsan): the TSan build (scripts/test-tsan.sh) is built with -Werror too.
#if defined(__GNUC__) && !defined(__clang__) && __GNUC__ >= 12
#pragma GCC diagnostic ignored "-Wtsan"
#endif

#include "shebao/http/server.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cctype>
#include <charconv>
#include <condition_variable>
#include <csignal>
#include <mutex>
#include <optional>
#include <sys/resource.h>
#include <thread>
#include <unordered_map>
#include <vector>

namespace shebao::http {

namespace {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;
using Clock = std::chrono::steady_clock;

// What the access log may show of a path: printable ASCII, at most 200 bytes; anything else is
// %-escaped. The query is never passed here.
std::string loggable_path(std::string_view path) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : path) {
    if (out.size() >= 200) {
      out += "...";
      break;
    }
    if (c > 0x20 && c < 0x7f && c != '%' && c != '"' && c != '\\') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out.empty() ? "-" : out;
}

std::string loggable_method(std::string_view m) {
  std::string out;
  for (char c : m.substr(0, 16)) out.push_back(std::isupper(static_cast<unsigned char>(c)) ? c : '?');
  return out.empty() ? "-" : out;
}

bool is_parse_error(const beast::error_code& ec) {
  return ec.category() == bhttp::make_error_code(bhttp::error::bad_target).category();
}

// The header block of an answer, as Beast's serializer wrote it for a response<string_body> after
// set(...), keep_alive(k) and prepare_payload(): status line, Server, Content-Type,
// X-Content-Type-Options, the handler's extra headers, Cache-Control (unless given), Connection
// (HTTP/1.1 closing: "close"; HTTP/1.0 kept alive: "keep-alive"), Content-Length, blank line.
void build_head(std::string& out, unsigned version, const Response& r, bool keep_alive, std::size_t content_length) {
  out.clear();
  out += version == 10 ? "HTTP/1.0 " : "HTTP/1.1 ";
  char num[24];
  out.append(num, std::to_chars(num, num + sizeof num, r.status).ptr);
  out += ' ';
  const std::string_view reason = bhttp::obsolete_reason(static_cast<bhttp::status>(r.status));
  out.append(reason.data(), reason.size());
  out += "\r\nServer: shebao\r\nContent-Type: ";
  out += r.content_type;
  out += "\r\nX-Content-Type-Options: nosniff\r\n";
  bool cache_set = false;
  for (const auto& [name, value] : r.headers) {
    cache_set = cache_set || beast::iequals(name, "Cache-Control");
    out += name;
    out += ": ";
    out += value;
    out += "\r\n";
  }
  if (!cache_set) out += "Cache-Control: no-store\r\n";
  if (version != 10 && !keep_alive) out += "Connection: close\r\n";
  if (version == 10 && keep_alive) out += "Connection: keep-alive\r\n";
  out += "Content-Length: ";
  out.append(num, std::to_chars(num, num + sizeof num, content_length).ptr);
  out += "\r\n\r\n";
}

}  // namespace

class Session;

struct Server::Impl {
  PolicyHolder& holder;
  PolicyReloader* reloader;
  ServerOptions opt;
  ReloadFn reload_fn;

  mutable std::mutex mu;
  std::condition_variable cv;
  bool stop_requested = false;
  bool running = false;
  bool drained = false;
  std::unordered_map<Session*, std::weak_ptr<Session>> sessions;
  std::unordered_map<std::string, std::size_t> per_address;  // open connections (or proxied requests)
  std::optional<net::ip::address> proxy;                      // opt.trusted_proxy, parsed
  std::atomic<bool> stopping{false};
  // Requests read and not yet answered (the work in flight), across threads.
  std::atomic<std::size_t> in_flight{0};
  // What the acceptor did at the caps since it last logged (touched by the acceptor's handler only).
  std::size_t evicted = 0, refused = 0, refused_address = 0;
  Clock::time_point last_cap_log{};
  unsigned short bound_port = 0;
  bool v6 = false;

  std::vector<std::thread> threads;
  std::thread reload_thread;  // SIGHUP reloads run here, not on an I/O thread
  // One io_context per thread (concurrency hint 1): a connection is handed to one of them when
  // accepted and all its handlers run on that thread. They go after the members above: sessions
  // still queued in them when they are destroyed deregister themselves through `mu` and
  // `sessions`. The I/O objects after them (all on the first one) go before them.
  std::vector<std::unique_ptr<net::io_context>> iocs;
  std::vector<net::executor_work_guard<net::io_context::executor_type>> work;
  std::size_t next_ioc = 0;  // round robin, touched by the acceptor's handler only
  std::optional<tcp::acceptor> acceptor;
  std::optional<net::steady_timer> accept_retry;
  std::optional<net::steady_timer> flush_timer;
  std::optional<net::signal_set> signals;

  Impl(PolicyHolder& h, PolicyReloader* r, ServerOptions o) : holder(h), reloader(r), opt(std::move(o)) {
    if (reloader) reload_fn = [this] { return reloader->reload(); };
    if (!opt.today) opt.today = today_cst;
    const unsigned n = o_threads(opt);
    for (unsigned i = 0; i < n; ++i) iocs.push_back(std::make_unique<net::io_context>(1));
  }
  ~Impl() {
    // The acceptor's pending accept may hold a socket of another io_context: the first one (which
    // holds the acceptor) goes first, the others after it.
    signals.reset();
    flush_timer.reset();
    accept_retry.reset();
    acceptor.reset();
    work.clear();
    for (auto& ioc : iocs) ioc.reset();
    if (reload_thread.joinable()) reload_thread.join();
  }
  static unsigned o_threads(const ServerOptions& o) {
    return o.threads ? o.threads : std::max(1u, std::thread::hardware_concurrency());
  }

  void log_error(std::string_view what, const beast::error_code& ec) {
    if (opt.log) opt.log->warn("{}: {}", what, ec.message());
  }

  void do_accept();
  void on_accept(beast::error_code ec, tcp::socket socket);
  void wait_signal();
  void schedule_flush();
  void flush_logs() {
    if (opt.access_log) opt.access_log->flush();
    if (opt.log) opt.log->flush();
  }
  void remove(Session* s, const std::string& peer) {
    std::lock_guard lock(mu);
    sessions.erase(s);
    if (!peer.empty()) release_address_locked(peer);
    if (sessions.empty()) cv.notify_all();
  }
  // The per-address cap: false when `addr` already has max_per_address connections (requests).
  bool acquire_address_locked(const std::string& addr) {
    std::size_t& n = per_address[addr];
    if (n >= opt.max_per_address) return false;
    ++n;
    return true;
  }
  void release_address_locked(const std::string& addr) {
    auto it = per_address.find(addr);
    if (it != per_address.end() && --it->second == 0) per_address.erase(it);
  }
  bool acquire_address(const std::string& addr) {
    std::lock_guard lock(mu);
    return acquire_address_locked(addr);
  }
  void release_address(const std::string& addr) {
    std::lock_guard lock(mu);
    release_address_locked(addr);
  }
  std::shared_ptr<Session> pick_victim_locked();
  void log_caps();
};

// ---- session ----------------------------------------------------------------------------------

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket&& socket, Server::Impl& server, std::string peer, bool from_proxy)
      : server_(server), socket_(std::move(socket)), timer_(socket_.get_executor()), peer_(std::move(peer)),
        from_proxy_(from_proxy) {}
  ~Session() {
    end_request();
    server_.remove(this, peer_);
  }

  void run() { net::dispatch(socket_.get_executor(), beast::bind_front_handler(&Session::do_read, shared_from_this())); }

  // Posted to the session's thread when the server stops: an idle keep-alive connection is
  // closed now; a request being received or answered finishes first (then the connection closes).
  void on_server_stop() {
    stopping_ = true;
    if (reading_ && buffer_.size() == 0 && !(parser_ && parser_->got_some())) {
      beast::error_code ec;
      socket_.shutdown(tcp::socket::shutdown_both, ec);
      socket_.close(ec);  // the pending read ends with operation_aborted, then do_close()
    }
  }
  auto executor() { return socket_.get_executor(); }

  // When it began waiting for a request header (steady clock ticks); 0: not waiting (reading a
  // body, answering, lingering); -1: chosen to be closed at the connection cap. Written by the
  // session's thread, read and claimed (compare-exchange to -1) by the acceptor under Impl::mu.
  std::atomic<Clock::rep> awaiting_since{0};

  // Posted by the acceptor at the connection cap: closes the connection if it still has not
  // delivered a complete request header (else it is being answered: left alone).
  void evict() {
    if (!reading_header_ || !socket_.is_open()) return;
    beast::error_code ec;
    socket_.close(ec);  // the pending read ends with operation_aborted, then close_now()
  }
  // An answer is one write; Nagle would only delay the next one behind the client's delayed ACK.
  void set_no_delay(beast::error_code& ec) { socket_.set_option(tcp::no_delay(true), ec); }

 private:
  Server::Impl& server_;
  tcp::socket socket_;
  // The deadline of the current phase (receiving a request, sending an answer, lingering). The
  // timer's wait may be set for an earlier time: when it fires before deadline_ it is re-armed.
  net::steady_timer timer_;
  Clock::time_point deadline_{};
  bool timer_armed_ = false;
  beast::flat_buffer buffer_{kMaxHeaderBytes + kMaxBodyBytes + 16 * 1024};
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  // The answer being written: header block and body, kept until the write completes.
  std::string head_;
  std::string body_;
  int status_ = 0;
  std::array<char, 4096> linger_buf_{};
  std::size_t lingered_ = 0;
  bool reading_ = false;
  bool reading_header_ = false;
  bool stopping_ = false;
  // Counted in Impl::per_address for the connection's life (empty: not counted).
  std::string peer_;
  bool from_proxy_ = false;      // the connection comes from the trusted proxy
  std::string forwarded_;        // the proxied client address counted for the current request
  bool in_flight_ = false;       // counted in Impl::in_flight
  bool overloaded_ = false;      // the request is beyond the bound: answered 503 once read
  Clock::time_point body_deadline_{};
  Clock::time_point started_;
  // For the access log.
  std::string log_method_ = "-", log_path_ = "-", log_digest_ = "-";
  std::size_t log_in_ = 0;

  static constexpr std::size_t kInitialReadBuffer = 8 * 1024;

  // Sets the deadline of the phase that starts now. Cheap when the deadline moves later (the
  // common case: the pending wait re-arms itself when it fires); a wait set for a later time than
  // the new deadline is replaced.
  void set_deadline(std::chrono::milliseconds d) { set_deadline_at(Clock::now() + d); }
  void set_deadline_at(Clock::time_point t) {
    deadline_ = t;
    if (timer_armed_ && timer_.expiry() <= deadline_) return;
    arm_timer();
  }
  // The request is answered (or abandoned): it leaves the work in flight and the proxied client's count.
  void end_request() {
    if (in_flight_) {
      in_flight_ = false;
      server_.in_flight.fetch_sub(1, std::memory_order_relaxed);
    }
    if (!forwarded_.empty()) {
      server_.release_address(forwarded_);
      forwarded_.clear();
    }
  }
  void arm_timer() {
    timer_.expires_at(deadline_);  // cancels a pending wait (its handler sees operation_aborted)
    timer_armed_ = true;
    timer_.async_wait(beast::bind_front_handler(&Session::on_timer, shared_from_this()));
  }
  void on_timer(beast::error_code ec) {
    if (ec == net::error::operation_aborted) return;  // replaced by a newer wait, or closing
    timer_armed_ = false;
    if (!socket_.is_open()) return;
    if (Clock::now() < deadline_) return arm_timer();
    // The deadline passed: the pending read or write ends with operation_aborted and the
    // connection is closed (as beast::tcp_stream did on its timeout).
    beast::error_code ignored;
    socket_.close(ignored);
  }
  void close_now() {
    beast::error_code ignored;
    socket_.close(ignored);
    timer_.cancel();  // lets the session go (the wait holds it)
    timer_armed_ = false;
  }

  void do_read() {
    if (stopping_ || server_.stopping.load(std::memory_order_relaxed)) return do_close();
    if (buffer_.capacity() < kInitialReadBuffer) buffer_.reserve(kInitialReadBuffer);
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(kMaxHeaderBytes));
    parser_->body_limit(kMaxBodyBytes);
    // Deadlines from the first wait on the request, not extended per byte: the header's (idle wait
    // + request line + headers), then the whole request's.
    const auto now = Clock::now();
    body_deadline_ = now + server_.opt.read_timeout;
    set_deadline_at(now + std::min(server_.opt.header_timeout, server_.opt.read_timeout));
    reading_ = true;
    reading_header_ = true;
    awaiting_since.store(std::max<Clock::rep>(1, now.time_since_epoch().count()), std::memory_order_relaxed);
    bhttp::async_read_header(socket_, buffer_, *parser_, beast::bind_front_handler(&Session::on_header, shared_from_this()));
  }

  void on_header(beast::error_code ec, std::size_t) {
    reading_header_ = false;
    awaiting_since.store(0, std::memory_order_relaxed);
    started_ = Clock::now();
    if (ec) return on_read_error(ec);
    auto& req = parser_->get();
    log_method_ = loggable_method(req.method_string());
    log_path_ = loggable_path(target_path(req.target()));
    // Behind the trusted proxy the client is the last X-Forwarded-For entry (the one the proxy
    // added): the per-address cap counts its requests.
    if (from_proxy_ && server_.opt.max_per_address > 0) {
      std::string_view xff = req["X-Forwarded-For"];
      const std::size_t comma = xff.rfind(',');
      std::string_view last = comma == std::string_view::npos ? xff : xff.substr(comma + 1);
      while (!last.empty() && (last.front() == ' ' || last.front() == '\t')) last.remove_prefix(1);
      while (!last.empty() && (last.back() == ' ' || last.back() == '\t')) last.remove_suffix(1);
      beast::error_code aec;
      const auto addr = net::ip::make_address(std::string(last), aec);
      if (!aec) {
        std::string key = addr.to_string();
        if (!server_.acquire_address(key))
          return send(error_in_request_language(429, "too_many_connections", "来自这个地址的同时请求太多，请稍后再试",
                                                "too many requests from this address at once; try again shortly"),
                      false, false);
        forwarded_ = std::move(key);
      }
    }
    // Overload: beyond the bound on work in flight, the request is read (its body is bounded) and
    // answered 503 without being evaluated (on_read), keeping the connection.
    overloaded_ = server_.in_flight.load(std::memory_order_relaxed) >= server_.opt.max_in_flight;
    if (!overloaded_) {
      in_flight_ = true;
      server_.in_flight.fetch_add(1, std::memory_order_relaxed);
    }
    set_deadline_at(body_deadline_);
    // Answered from the queue, after the other headers read in the same round: the work in flight
    // counts what waits, so that a backlog is answered 503 instead of growing.
    if (parser_->is_done())
      return net::post(socket_.get_executor(), beast::bind_front_handler(&Session::on_read, shared_from_this(),
                                                                         beast::error_code{}, std::size_t{0}));
    auto expect = req[bhttp::field::expect];
    if (beast::iequals(expect, "100-continue")) {
      static constexpr std::string_view kContinue11 = "HTTP/1.1 100 Continue\r\n\r\n";
      static constexpr std::string_view kContinue10 = "HTTP/1.0 100 Continue\r\n\r\n";
      const std::string_view c = req.version() == 10 ? kContinue10 : kContinue11;
      return net::async_write(socket_, net::buffer(c.data(), c.size()),
                              beast::bind_front_handler(&Session::on_continue, shared_from_this()));
    }
    bhttp::async_read(socket_, buffer_, *parser_, beast::bind_front_handler(&Session::on_read, shared_from_this()));
  }

  void on_continue(beast::error_code ec, std::size_t) {
    if (ec) return do_close();
    bhttp::async_read(socket_, buffer_, *parser_, beast::bind_front_handler(&Session::on_read, shared_from_this()));
  }

  // An error the server sends by itself, in the request's language once its headers are read
  // (request_language: ?lang=, Accept-Language), else in Chinese.
  Response error_in_request_language(int status, std::string_view code, std::string_view zh, std::string_view en) {
    Lang lang = Lang::kZh;
    if (parser_ && parser_->is_header_done())
      lang = request_language(parser_->get().target(), parser_->get()[bhttp::field::accept_language]);
    return error_response(status, code, lang == Lang::kEn ? en : zh);
  }

  void on_read_error(beast::error_code ec) {
    reading_ = false;
    end_request();
    if (parser_ && !parser_->get().target().empty()) {  // the request line was read
      log_method_ = loggable_method(parser_->get().method_string());
      log_path_ = loggable_path(target_path(parser_->get().target()));
    }
    if (ec == bhttp::error::end_of_stream || ec == bhttp::error::partial_message || ec == net::error::operation_aborted ||
        ec == beast::error::timeout)
      return do_close();  // the client left, was too slow, or the server stops
    if (ec == bhttp::error::body_limit)
      return send(error_in_request_language(413, "body_too_large", "请求体超过 65536 字节",
                                            "the body is larger than 65536 bytes"),
                  false, false);
    if (ec == bhttp::error::header_limit || ec == bhttp::error::buffer_overflow)
      return send(error_in_request_language(431, "header_too_large", "请求行和请求头超过 8192 字节",
                                            "the request line and headers exceed 8192 bytes"),
                  false, false);
    if (is_parse_error(ec))
      return send(error_in_request_language(400, "bad_request", "请求不是有效的 HTTP/1.1",
                                            "the request is not valid HTTP/1.1"),
                  false, false);
    return do_close();  // a socket error
  }

  void on_read(beast::error_code ec, std::size_t) {
    if (ec) return on_read_error(ec);
    reading_ = false;
    auto& req = parser_->get();
    Request r;
    r.method = std::string(req.method_string());
    r.target = std::string(req.target());
    r.content_type = std::string(req[bhttp::field::content_type]);
    r.authorization = std::string(req[bhttp::field::authorization]);
    r.accept_language = std::string(req[bhttp::field::accept_language]);
    const CorsHeaders cors{std::string(req[bhttp::field::origin]),
                           std::string(req[bhttp::field::access_control_request_method])};
    r.body = std::move(req.body());
    log_in_ = r.body.size();
    const bool keep_alive_req = req.keep_alive() && !stopping_ && !server_.stopping.load(std::memory_order_relaxed);
    if (overloaded_) {
      overloaded_ = false;
      Response busy = error_in_request_language(503, "overloaded", "服务繁忙，请稍后再试",
                                                "the service is busy; try again shortly");
      busy.headers.emplace_back("Retry-After", "1");
      return send(std::move(busy), keep_alive_req, req.method() == bhttp::verb::head);
    }
    Context ctx{server_.holder, server_.opt.today(), server_.opt.admin_token,
                server_.reload_fn ? &server_.reload_fn : nullptr, server_.opt.web_dir,
                server_.opt.on_evaluate ? &server_.opt.on_evaluate : nullptr, &server_.opt.site};
    Response res = handle(r, ctx, cors);
    const bool keep_alive = req.keep_alive() && !stopping_ && !server_.stopping.load(std::memory_order_relaxed);
    send(std::move(res), keep_alive, req.method() == bhttp::verb::head);
  }

  void send(Response r, bool keep_alive, bool head) {
    unsigned version = parser_ && parser_->is_header_done() ? parser_->get().version() : 11;
    if (version != 10) version = 11;
    status_ = r.status;
    build_head(head_, version, r, keep_alive, r.body.size());  // HEAD: the length of the GET answer
    body_ = std::move(r.body);
    if (head) body_.clear();
    if (!r.policy_digest.empty()) log_digest_ = std::move(r.policy_digest);
    set_deadline(server_.opt.write_timeout);
    const std::array<net::const_buffer, 2> buffers{net::buffer(head_), net::buffer(body_)};
    net::async_write(socket_, buffers, beast::bind_front_handler(&Session::on_write, shared_from_this(), keep_alive));
  }

  void on_write(bool keep_alive, beast::error_code ec, std::size_t bytes) {
    end_request();
    if (auto& log = server_.opt.access_log) {
      const auto us = std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - started_).count();
      log->info("{} {} {} {}us policy={} in={} out={}{}", log_method_, log_path_, status_, us, log_digest_, log_in_,
                bytes, ec ? " write-failed" : "");
    }
    log_method_ = log_path_ = log_digest_ = "-";
    log_in_ = 0;
    body_.clear();
    if (body_.capacity() > 64 * 1024) body_.shrink_to_fit();  // an idle connection keeps little
    if (ec) return do_close();
    if (!keep_alive) return do_close();
    do_read();
  }

  // Half-close, then read and drop what the client still sends (bounded in bytes and time), so
  // that our last answer is not destroyed by a reset.
  void do_close() {
    reading_ = false;
    beast::error_code ec;
    socket_.shutdown(tcp::socket::shutdown_send, ec);
    if (ec || !socket_.is_open()) return close_now();
    set_deadline(server_.opt.linger_timeout);
    do_linger();
  }
  void do_linger() {
    socket_.async_read_some(net::buffer(linger_buf_), beast::bind_front_handler(&Session::on_linger, shared_from_this()));
  }
  void on_linger(beast::error_code ec, std::size_t n) {
    lingered_ += n;
    if (ec || lingered_ > (1u << 20)) return close_now();
    do_linger();
  }
};

// ---- listener -----------------------------------------------------------------------------------

void Server::Impl::do_accept() {
  // The new connection goes to the next thread's io_context.
  net::io_context& target = *iocs[next_ioc];
  next_ioc = (next_ioc + 1) % iocs.size();
  acceptor->async_accept(target, beast::bind_front_handler(&Server::Impl::on_accept, this));
}

void Server::Impl::on_accept(beast::error_code ec, tcp::socket socket) {
  if (stopping.load() || ec == net::error::operation_aborted) return;
  if (ec) {
    // Out of descriptors and the like: log, wait a little (no busy loop), accept again.
    log_error("accept", ec);
    accept_retry->expires_after(std::chrono::milliseconds(100));
    accept_retry->async_wait([this](beast::error_code e) {
      if (!e && !stopping.load()) do_accept();
    });
    return;
  }
  beast::error_code pec;
  const net::ip::address peer = socket.remote_endpoint(pec).address();
  const bool from_proxy = !pec && proxy && peer == *proxy;
  std::string counted;  // the address counted for the connection's life
  std::shared_ptr<Session> s, victim;
  bool refused_by_address = false;
  {
    std::lock_guard lock(mu);
    if (opt.max_per_address > 0 && !pec && !from_proxy) {
      std::string key = peer.to_string();
      if (acquire_address_locked(key))
        counted = std::move(key);
      else
        refused_by_address = true;
    }
    if (!refused_by_address) {
      // At the cap, room is made by closing the oldest connection still waiting for its request
      // header (idle keep-alive or slow): a crowd of slow clients cannot lock the others out. A
      // little slack above the cap covers the closes not yet done.
      bool admit = sessions.size() < opt.max_connections;
      if (!admit && sessions.size() < opt.max_connections + opt.max_connections / 8 + 16) {
        victim = pick_victim_locked();
        admit = victim != nullptr;
      }
      if (admit) {
        s = std::make_shared<Session>(std::move(socket), *this, counted, from_proxy);
        sessions.emplace(s.get(), s);
      } else if (!counted.empty()) {
        release_address_locked(counted);
      }
    }
  }
  if (victim) {
    ++evicted;
    net::post(victim->executor(), [victim] { victim->evict(); });
    victim.reset();
  }
  if (s) {
    beast::error_code ignored;
    s->set_no_delay(ignored);
    s->run();
  } else {
    beast::error_code ignored;
    socket.close(ignored);
    ++(refused_by_address ? refused_address : refused);
  }
  if (evicted + refused + refused_address > 0) log_caps();
  do_accept();
}

std::shared_ptr<Session> Server::Impl::pick_victim_locked() {
  // Two tries: a session may stop waiting between the scan and the claim.
  for (int attempt = 0; attempt < 2; ++attempt) {
    Session* oldest = nullptr;
    Clock::rep since = 0;
    for (const auto& [ptr, weak] : sessions) {
      const Clock::rep t = ptr->awaiting_since.load(std::memory_order_relaxed);
      if (t > 0 && (!oldest || t < since)) {
        oldest = ptr;
        since = t;
      }
    }
    if (!oldest) return nullptr;
    if (!oldest->awaiting_since.compare_exchange_strong(since, -1, std::memory_order_relaxed)) continue;
    return sessions[oldest].lock();  // null when it is being destroyed: then it leaves anyway
  }
  return nullptr;
}

// At most one line a second about the caps (an attack would otherwise flood the log).
void Server::Impl::log_caps() {
  const auto now = Clock::now();
  if (now - last_cap_log < std::chrono::seconds(1)) return;
  last_cap_log = now;
  if (opt.log)
    opt.log->warn(
        "connection cap ({}): closed {} connections that had not sent a complete request header, refused {} new "
        "connections; per-address cap ({}): refused {}",
        opt.max_connections, evicted, refused, opt.max_per_address, refused_address);
  evicted = refused = refused_address = 0;
}

void Server::Impl::schedule_flush() {
  if (opt.log_flush_interval.count() <= 0 || (!opt.access_log && !opt.log)) return;
  flush_timer->expires_after(opt.log_flush_interval);
  flush_timer->async_wait([this](beast::error_code ec) {
    if (ec || stopping.load()) return;
    flush_logs();
    schedule_flush();
  });
}

void Server::Impl::wait_signal() {
  signals->async_wait([this](beast::error_code ec, int sig) {
    if (ec) return;
    if (sig == SIGHUP) {
      // The reload runs on its own thread, not on an I/O thread (their connections go on).
      if (reloader) {
        if (reload_thread.joinable()) reload_thread.join();  // a previous SIGHUP's reload
        reload_thread = std::thread([this] {
          ReloadOutcome out = reloader->reload();
          if (!opt.log) return;
          if (out.ok) {
            opt.log->info("SIGHUP: policy packs reloaded: {} (was {})", out.digest, out.previous_digest);
          } else {
            opt.log->error("SIGHUP: policy packs rejected, still running {}", out.digest);
            for (const auto& d : out.diagnostics.items) opt.log->error("  {}", d.to_string());
          }
        });
      }
      wait_signal();
      return;
    }
    if (opt.log) opt.log->info("signal {}: stopping", sig);
    {
      std::lock_guard lock(mu);
      stop_requested = true;
    }
    cv.notify_all();
  });
}

// ---- Server -------------------------------------------------------------------------------------

bool parse_listen(const std::string& text, std::string& host, unsigned short& port) {
  std::string h, p;
  if (!text.empty() && text.front() == '[') {
    std::size_t close = text.find(']');
    if (close == std::string::npos || close + 1 >= text.size() || text[close + 1] != ':') return false;
    h = text.substr(1, close - 1);
    p = text.substr(close + 2);
  } else {
    std::size_t colon = text.rfind(':');
    if (colon == std::string::npos) return false;
    h = text.substr(0, colon);
    p = text.substr(colon + 1);
    if (h.find(':') != std::string::npos) return false;  // IPv6 needs brackets
  }
  if (p.empty() || p.size() > 5) return false;
  unsigned long v = 0;
  for (char c : p) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + static_cast<unsigned long>(c - '0');
  }
  if (v > 65535) return false;
  if (h.empty()) h = "127.0.0.1";
  host = h;
  port = static_cast<unsigned short>(v);
  return true;
}

Server::Server(PolicyHolder& holder, PolicyReloader* reloader, ServerOptions options)
    : impl_(std::make_shared<Impl>(holder, reloader, std::move(options))) {}

Server::~Server() {
  bool running;
  {
    std::lock_guard lock(impl_->mu);
    running = impl_->running;
  }
  if (running) stop();
}

bool Server::start(std::string& error) {
  Impl& s = *impl_;
  std::string host = s.opt.host == "localhost" ? "127.0.0.1" : s.opt.host;
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  beast::error_code ec;
  auto address = net::ip::make_address(host, ec);
  if (ec) {
    error = "'" + s.opt.host + "' is not an IP address";
    return false;
  }
  if (!s.opt.trusted_proxy.empty()) {
    s.proxy = net::ip::make_address(s.opt.trusted_proxy, ec);
    if (ec) {
      error = "trusted proxy '" + s.opt.trusted_proxy + "' is not an IP address";
      return false;
    }
  }
  // Enough descriptors for the connection cap: the soft limit is raised towards the hard one.
  rlimit rl{};
  const rlim_t want = static_cast<rlim_t>(s.opt.max_connections + s.opt.max_connections / 8 + 64);
  if (::getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < want) {
    rl.rlim_cur = rl.rlim_max == RLIM_INFINITY ? want : std::min(want, rl.rlim_max);
    ::setrlimit(RLIMIT_NOFILE, &rl);
    if (rl.rlim_cur < want && s.opt.log)
      s.opt.log->warn("open files limited to {} (ulimit -n): fewer than the {} connections allowed", rl.rlim_cur,
                      s.opt.max_connections);
  }
  tcp::endpoint endpoint{address, s.opt.port};
  net::io_context& first = *s.iocs.front();
  s.acceptor.emplace(first);
  s.acceptor->open(endpoint.protocol(), ec);
  if (!ec) s.acceptor->set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) s.acceptor->bind(endpoint, ec);
  if (!ec) s.acceptor->listen(net::socket_base::max_listen_connections, ec);
  if (ec) {
    error = "cannot listen on " + s.opt.host + ":" + std::to_string(s.opt.port) + ": " + ec.message();
    s.acceptor.reset();
    return false;
  }
  s.bound_port = s.acceptor->local_endpoint().port();
  s.v6 = address.is_v6();
  s.accept_retry.emplace(first);
  s.flush_timer.emplace(first);
  if (s.opt.handle_signals) {
    // On the acceptor's io_context: wait() cancels it there.
    s.signals.emplace(first, SIGINT, SIGTERM);
    if (s.reloader) s.signals->add(SIGHUP);
    s.wait_signal();
  }
  s.do_accept();
  s.schedule_flush();
  {
    std::lock_guard lock(s.mu);
    s.running = true;
  }
  // Each io_context runs until wait() stops it, also while it has no connection.
  for (auto& ioc : s.iocs) s.work.push_back(net::make_work_guard(*ioc));
  s.threads.reserve(s.iocs.size());
  for (auto& ioc : s.iocs) {
    s.threads.emplace_back([&s, &ioc = *ioc] {
      for (;;) {
        try {
          ioc.run();
          return;
        } catch (const std::exception& e) {
          if (s.opt.log) s.opt.log->error("uncaught exception in a handler: {}", e.what());
        }
      }
    });
  }
  return true;
}

unsigned short Server::port() const { return impl_->bound_port; }

std::string Server::url() const {
  std::string host = impl_->opt.host == "localhost" ? "127.0.0.1" : impl_->opt.host;
  if (impl_->v6 && host.front() != '[') host = "[" + host + "]";
  return "http://" + host + ":" + std::to_string(impl_->bound_port);
}

void Server::request_stop() {
  {
    std::lock_guard lock(impl_->mu);
    impl_->stop_requested = true;
  }
  impl_->cv.notify_all();
}

std::size_t Server::open_connections() const {
  std::lock_guard lock(impl_->mu);
  return impl_->sessions.size();
}

void Server::stop() {
  request_stop();
  wait();
}

void Server::wait() {
  Impl& s = *impl_;
  std::vector<std::weak_ptr<Session>> snapshot;
  {
    std::unique_lock lock(s.mu);
    if (!s.running) return;
    s.cv.wait(lock, [&] { return s.stop_requested; });
    if (s.drained) return;
    s.drained = true;
    s.stopping.store(true);
    for (auto& [ptr, weak] : s.sessions) snapshot.push_back(weak);
  }
  // Stop accepting, flushing and listening for signals (on the acceptor's io_context).
  net::post(*s.iocs.front(), [&s] {
    beast::error_code ec;
    s.acceptor->close(ec);
    s.accept_retry->cancel();
    s.flush_timer->cancel();
    if (s.signals) s.signals->cancel(ec);
  });
  for (auto& weak : snapshot)
    if (auto session = weak.lock()) net::post(session->executor(), [session] { session->on_server_stop(); });
  snapshot.clear();
  {
    std::unique_lock lock(s.mu);
    s.cv.wait_for(lock, s.opt.drain_timeout, [&] { return s.sessions.empty(); });
  }
  s.work.clear();
  for (auto& ioc : s.iocs) ioc->stop();
  for (auto& t : s.threads)
    if (t.joinable()) t.join();
  s.threads.clear();
  if (s.reload_thread.joinable()) s.reload_thread.join();
  s.flush_logs();  // every line of the requests answered so far
  std::lock_guard lock(s.mu);
  s.running = false;
}

}  // namespace shebao::http
