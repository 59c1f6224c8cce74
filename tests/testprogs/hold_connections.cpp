// Opens N loopback TCP connections (both ends in this process), writes a few
// bytes on each so a tracer sees them, prints "ready N" and holds them until
// stdin closes. Used to measure the agent's memory with many live connections.
//
// usage: hold_connections N

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <vector>

int main(int argc, char** argv) {
  int n = argc > 1 ? std::atoi(argv[1]) : 10000;
  rlimit rl{static_cast<rlim_t>(2 * n + 64), static_cast<rlim_t>(2 * n + 64)};
  if (setrlimit(RLIMIT_NOFILE, &rl) != 0) {
    std::perror("setrlimit");
    return 1;
  }
  int lfd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof(a);
  if (bind(lfd, reinterpret_cast<sockaddr*>(&a), len) != 0 || listen(lfd, 4096) != 0 ||
      getsockname(lfd, reinterpret_cast<sockaddr*>(&a), &len) != 0) {
    std::perror("listen");
    return 1;
  }
  std::vector<int> fds;
  fds.reserve(2 * static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) {
    int c = socket(AF_INET, SOCK_STREAM, 0);
    if (c < 0 || connect(c, reinterpret_cast<sockaddr*>(&a), sizeof(a)) != 0) {
      std::perror("connect");
      return 1;
    }
    int s = accept(lfd, nullptr, nullptr);
    if (s < 0) {
      std::perror("accept");
      return 1;
    }
    if (write(c, "hi", 2) != 2) return 1;
    char buf[2];
    if (read(s, buf, 2) != 2) return 1;
    fds.push_back(c);
    fds.push_back(s);
  }
  std::printf("ready %d\n", n);
  std::fflush(stdout);
  char buf[64];
  while (read(0, buf, sizeof(buf)) > 0) {
  }
  return 0;
}
