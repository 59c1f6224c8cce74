#include "loopback.h"

#include <arpa/inet.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace kotel::testing {
namespace {
[[noreturn]] void die(const char* what) { throw std::runtime_error(std::string(what) + ": " + strerror(errno)); }
}  // namespace

Listener listen_loopback(int family) {
  Listener l;
  l.fd = Fd(socket(family, SOCK_STREAM, 0));
  if (l.fd.get() < 0) die("socket");
  int one = 1;
  setsockopt(l.fd.get(), SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
  sockaddr_storage ss{};
  socklen_t len;
  if (family == AF_INET) {
    auto* a = reinterpret_cast<sockaddr_in*>(&ss);
    a->sin_family = AF_INET;
    a->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    len = sizeof(*a);
  } else {
    auto* a = reinterpret_cast<sockaddr_in6*>(&ss);
    a->sin6_family = AF_INET6;
    a->sin6_addr = in6addr_loopback;
    len = sizeof(*a);
  }
  if (bind(l.fd.get(), reinterpret_cast<sockaddr*>(&ss), len) != 0) die("bind");
  if (listen(l.fd.get(), 64) != 0) die("listen");
  if (getsockname(l.fd.get(), reinterpret_cast<sockaddr*>(&ss), &len) != 0) die("getsockname");
  l.port = ntohs(family == AF_INET ? reinterpret_cast<sockaddr_in*>(&ss)->sin_port
                                   : reinterpret_cast<sockaddr_in6*>(&ss)->sin6_port);
  return l;
}

Fd connect_loopback(const Listener& l, int family, bool v4_mapped) {
  Fd fd(socket(family, SOCK_STREAM, 0));
  if (fd.get() < 0) die("socket");
  int rc;
  if (family == AF_INET) {
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(l.port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    rc = connect(fd.get(), reinterpret_cast<sockaddr*>(&a), sizeof(a));
  } else {
    sockaddr_in6 a{};
    a.sin6_family = AF_INET6;
    a.sin6_port = htons(l.port);
    if (v4_mapped) inet_pton(AF_INET6, "::ffff:127.0.0.1", &a.sin6_addr);
    else a.sin6_addr = in6addr_loopback;
    rc = connect(fd.get(), reinterpret_cast<sockaddr*>(&a), sizeof(a));
  }
  if (rc != 0) die("connect");
  return fd;
}

Fd accept_one(const Listener& l) {
  Fd fd(accept(l.fd.get(), nullptr, nullptr));
  if (fd.get() < 0) die("accept");
  return fd;
}

void write_all(int fd, const std::string& data) {
  size_t off = 0;
  while (off < data.size()) {
    ssize_t n = write(fd, data.data() + off, data.size() - off);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) die("write");
    off += static_cast<size_t>(n);
  }
}

std::string read_exactly(int fd, size_t n) {
  std::string out(n, '\0');
  size_t off = 0;
  while (off < n) {
    ssize_t r = read(fd, out.data() + off, n - off);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) die("read");
    off += static_cast<size_t>(r);
  }
  return out;
}

}  // namespace kotel::testing
