// Helpers of the HTTP tests: a temporary folder, a tiny self-contained policy pack tree (so the
// tests never depend on the bundled packs, which change under other work), and a raw blocking
// HTTP/1.1 client on POSIX sockets with timeouts (byte-level control for slow and malformed
// clients). Loopback only.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "../support/temp_dir.h"

namespace shebao::http::test {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

using test_support::TempDir;
using test_support::write_file;

// ---- a minimal valid pack tree: the national pack only, nine schemes, one parameter ----------

inline constexpr std::string_view kPackYaml = R"(id: cn
jurisdiction: "000000"
name: {zh: 全国, en: China (national)}
documents:
  doc-a:
    number: 测试文件1号
    title: {zh: 测试文件, en: Test document}
)";

inline constexpr std::string_view kRelationshipsYaml = R"(relationships:
  employee: {label: {zh: 劳动关系, en: Employee}, explanation: {zh: 说明, en: Explanation}, cite: [{document: doc-a}]}
  part_time: {label: {zh: 非全日制, en: Part-time}, explanation: {zh: 说明, en: Explanation}, cite: [{document: doc-a}]}
  platform_managed: {label: {zh: 劳动管理, en: Managed}, explanation: {zh: 说明, en: Explanation}, cite: [{document: doc-a}]}
  self_employed: {label: {zh: 自主经营, en: Self-employed}, explanation: {zh: 说明, en: Explanation}, cite: [{document: doc-a}]}
  dispatched: {label: {zh: 劳务派遣, en: Dispatched}, explanation: {zh: 说明, en: Explanation}, cite: [{document: doc-a}]}
  outsourced: {label: {zh: 外包, en: Outsourced}, explanation: {zh: 说明, en: Explanation}, cite: [{document: doc-a}]}
)";

inline constexpr std::string_view kRetirementYaml = R"(retirement:
  categories:
    male:      {original_age: 60y, first_birth: 1965-01, step_months: 4, max_delay_months: 36}
    female_55: {original_age: 55y, first_birth: 1970-01, step_months: 4, max_delay_months: 36}
    female_50: {original_age: 50y, first_birth: 1975-01, step_months: 2, max_delay_months: 60}
  minimum_years: {base: 15y, first_year: 2030, step_months: 6, max: 20y}
  flexible: {early_max: 3y, late_max: 3y}
  cite: [{document: doc-a}]
)";

inline std::string parameters_yaml(std::string_view wage) {
  return std::string(R"(parameters:
  avg_wage_monthly:
    type: money
    label: {zh: 月平均工资, en: average monthly wage}
    source: {document: doc-a}
    values:
      2024-01-01: {value: ")") +
         std::string(wage) + "\", verified: true}\n";
}

inline std::string schemes_yaml() {
  struct S {
    const char* id;
    const char* zh;
    const char* en;
  };
  static constexpr S kSchemes[] = {
      {"pension.employee", "企业职工基本养老保险", "Enterprise employees' basic pension"},
      {"pension.resident", "城乡居民基本养老保险", "Resident pension"},
      {"medical.employee", "职工基本医疗保险", "Employee medical insurance"},
      {"medical.resident", "城乡居民基本医疗保险", "Resident medical insurance"},
      {"injury.work", "工伤保险", "Work-injury insurance"},
      {"injury.occupational", "新就业形态人员职业伤害保障", "Occupational-injury protection"},
      {"unemployment", "失业保险", "Unemployment insurance"},
      {"commercial.accident", "人身意外伤害保险", "Accident insurance"},
      {"commercial.employer_liability", "雇主责任保险", "Employer liability insurance"},
  };
  std::string out = "schemes:\n";
  for (const S& s : kSchemes) {
    out += std::string("  ") + s.id + ":\n    name: {zh: " + s.zh + ", en: \"" + s.en + "\"}\n    rules:\n";
    if (std::string_view(s.id) == "pension.employee") {
      out += R"(      - id: flexible
        when: work.relationship in [part_time, platform_managed, self_employed]
        then:
          status: eligible
          channel: flexible
          enrol_region: work.region
          contribution:
            base: param.avg_wage_monthly
            rate: {personal: 0.2, employer: 0}
        because: {zh: "可以参保", en: "may join"}
        cite: [{document: doc-a}]
)";
    }
    out += R"(      - id: otherwise
        then: {status: not_available}
        because: {zh: 不适用, en: does not apply}
        cite: [{document: doc-a}]
)";
  }
  return out;
}

// Writes (or rewrites) the tree under `root`; `wage` changes the set's digest and its answers.
inline void write_fixture(const fs::path& root, std::string_view wage = "7000.00") {
  std::error_code ec;
  fs::remove(root / "cn" / "bad.yaml", ec);
  write_file(root / "cn" / "pack.yaml", kPackYaml);
  write_file(root / "cn" / "relationships.yaml", kRelationshipsYaml);
  write_file(root / "cn" / "retirement.yaml", kRetirementYaml);
  write_file(root / "cn" / "parameters.yaml", parameters_yaml(wage));
  write_file(root / "cn" / "schemes.yaml", schemes_yaml());
}

// Makes the tree fail to load (an unknown top-level key).
inline void break_fixture(const fs::path& root) { write_file(root / "cn" / "bad.yaml", "bogus: 1\n"); }

inline constexpr std::string_view kProfile =
    R"({"as_of":"2026-11-28","person":{"birth":"1994-07","sex":"male","hukou":{"region":"530902"}},)"
    R"("work":{"region":"530102","relationship":"platform_managed","industry":"food_delivery","monthly_income":6200}})";

// ---- a raw HTTP/1.1 client -------------------------------------------------------------------

struct HttpResponse {
  bool ok = false;  // a complete response was read
  int status = 0;
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string body;
  std::string header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? std::string() : it->second;
  }
};

class RawClient {
 public:
  RawClient() = default;
  ~RawClient() { close(); }
  RawClient(const RawClient&) = delete;
  RawClient& operator=(const RawClient&) = delete;

  bool connect(unsigned short port) {
    close();
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd_ < 0) return false;
    int one = 1;
    ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
      close();
      return false;
    }
    buf_.clear();
    return true;
  }
  void close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }
  bool is_open() const { return fd_ >= 0; }

  bool send(std::string_view data) {
    while (!data.empty()) {
      ssize_t n = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return false;
      data.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
  }

  // Reads one response (Content-Length bodies; HEAD answers have none when `head`).
  HttpResponse read_response(std::chrono::milliseconds timeout = 10s, bool head = false) {
    HttpResponse r;
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    std::size_t end;
    while ((end = buf_.find("\r\n\r\n")) == std::string::npos)
      if (!fill(deadline)) return r;
    std::string head_text = buf_.substr(0, end);
    buf_.erase(0, end + 4);
    std::size_t line_end = head_text.find("\r\n");
    std::string status_line = head_text.substr(0, line_end);
    if (status_line.size() < 12) return r;
    r.status = std::atoi(status_line.c_str() + 9);
    std::size_t pos = line_end == std::string::npos ? head_text.size() : line_end + 2;
    while (pos < head_text.size()) {
      std::size_t e = head_text.find("\r\n", pos);
      if (e == std::string::npos) e = head_text.size();
      std::string line = head_text.substr(pos, e - pos);
      pos = e + 2;
      std::size_t colon = line.find(':');
      if (colon == std::string::npos) continue;
      std::string name = line.substr(0, colon);
      for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      std::string value = line.substr(colon + 1);
      while (!value.empty() && value.front() == ' ') value.erase(0, 1);
      r.headers[name] = value;
    }
    std::size_t length = head ? 0 : static_cast<std::size_t>(std::atoll(r.header("content-length").c_str()));
    while (buf_.size() < length)
      if (!fill(deadline)) return r;
    r.body = buf_.substr(0, length);
    buf_.erase(0, length);
    r.ok = true;
    return r;
  }

  // True when the server closed the connection (EOF or reset) within `timeout`.
  bool wait_closed(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) return false;
      pollfd p{fd_, POLLIN, 0};
      int rc = ::poll(&p, 1, static_cast<int>(left.count()));
      if (rc < 0 && errno == EINTR) continue;
      if (rc <= 0) return false;
      char tmp[4096];
      ssize_t n = ::recv(fd_, tmp, sizeof tmp, 0);
      if (n <= 0) return true;
      buf_.append(tmp, static_cast<std::size_t>(n));
    }
  }

 private:
  bool fill(std::chrono::steady_clock::time_point deadline) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    pollfd p{fd_, POLLIN, 0};
    int rc = ::poll(&p, 1, static_cast<int>(left.count()));
    if (rc <= 0) return false;
    char tmp[16384];
    ssize_t n = ::recv(fd_, tmp, sizeof tmp, 0);
    if (n <= 0) return false;
    buf_.append(tmp, static_cast<std::size_t>(n));
    return true;
  }

  int fd_ = -1;
  std::string buf_;
};

inline std::string make_request(std::string_view method, std::string_view target, std::string_view body = {},
                                std::string_view extra_headers = {}, bool close = false) {
  std::string r = std::string(method) + " " + std::string(target) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
  r += extra_headers;
  if (!body.empty() || method == "POST") r += "Content-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) + "\r\n";
  if (close) r += "Connection: close\r\n";
  r += "\r\n";
  r += body;
  return r;
}

// One request on a fresh connection.
inline HttpResponse fetch(unsigned short port, std::string_view method, std::string_view target, std::string_view body = {},
                          std::string_view extra_headers = {}) {
  RawClient c;
  if (!c.connect(port)) return {};
  if (!c.send(make_request(method, target, body, extra_headers, true))) return {};
  return c.read_response(10s, method == "HEAD");
}

}  // namespace shebao::http::test
