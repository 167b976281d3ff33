// A raw HTTP/1.1 client for the hostile suite: sends the bytes of a file to HOST:PORT exactly as
// they are (malformed requests included), closes its sending side, and prints what the server
// answers: the first line "STATUS <code>" (or "STATUS none" when the server closed without a
// response), then the raw response. Everything is bounded by a deadline.
//   shebao-hostile-client PORT FILE [SECONDS]
// Exit status: 0 when it could connect and send (whatever the answer), 1 otherwise.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s PORT FILE [SECONDS]\n", argv[0]);
    return 2;
  }
  const int port = std::atoi(argv[1]);
  const int seconds = argc > 3 ? std::atoi(argv[3]) : 10;
  std::ifstream in(argv[2], std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "cannot read %s\n", argv[2]);
    return 1;
  }
  const std::vector<char> req((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());

  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (fd < 0 || ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    std::fprintf(stderr, "cannot connect to 127.0.0.1:%d: %s\n", port, std::strerror(errno));
    return 1;
  }
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  auto left_ms = [&] {
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()).count();
    return static_cast<int>(ms > 0 ? ms : 0);
  };
  std::string resp;
  char buf[65536];
  // Send everything (the server may answer and close early, e.g. 413: stop sending then), reading
  // whatever comes back meanwhile.
  std::size_t sent = 0;
  bool peer_closed = false;
  while (sent < req.size() && left_ms() > 0 && !peer_closed) {
    pollfd p{fd, POLLOUT | POLLIN, 0};
    if (::poll(&p, 1, left_ms()) <= 0) break;
    if (p.revents & POLLIN) {
      ssize_t n = ::recv(fd, buf, sizeof buf, 0);
      if (n > 0) resp.append(buf, static_cast<std::size_t>(n));
      else peer_closed = true;
    }
    if (!peer_closed && (p.revents & POLLOUT)) {
      ssize_t n = ::send(fd, req.data() + sent, req.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) break;  // reset by the server: read what it said
      sent += static_cast<std::size_t>(n);
    }
    if (p.revents & (POLLERR | POLLHUP)) break;
  }
  ::shutdown(fd, SHUT_WR);
  while (!peer_closed && left_ms() > 0) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, left_ms()) <= 0) break;
    ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    resp.append(buf, static_cast<std::size_t>(n));
  }
  ::close(fd);
  if (resp.rfind("HTTP/1.", 0) == 0 && resp.size() >= 12) std::printf("STATUS %s\n", resp.substr(9, 3).c_str());
  else std::printf("STATUS none\n");
  std::fwrite(resp.data(), 1, resp.size(), stdout);
  std::printf("\n");
  return 0;
}
