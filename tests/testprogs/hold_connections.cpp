// Opens N loopback TCP connections (clients in this process, accepted ends in
// a child, so each stays under the fd limit), writes a few bytes on each so a
// tracer sees both ends, prints "ready N" and holds them until stdin closes.
// Used to measure the agent's memory with many live connections.
//
// usage: hold_connections N

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <algorithm>
#include <cstdlib>
#include <vector>

int main(int argc, char** argv) {
  int n = argc > 1 ? std::atoi(argv[1]) : 10000;
  rlimit rl{};
  getrlimit(RLIMIT_NOFILE, &rl);
  rl.rlim_cur = std::min<rlim_t>(rl.rlim_max, static_cast<rlim_t>(n + 64));
  if (setrlimit(RLIMIT_NOFILE, &rl) != 0 || rl.rlim_cur < static_cast<rlim_t>(n + 16)) {
    std::fprintf(stderr, "hold_connections: fd limit %lu is below %d\n", static_cast<unsigned long>(rl.rlim_cur), n + 16);
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
  int done[2];
  if (pipe(done) != 0) return 1;
  pid_t acceptor = fork();
  if (acceptor == 0) {  // accepted ends: read the greeting, answer, hold until the parent goes
    close(done[1]);
    std::vector<int> fds;
    for (int i = 0; i < n; ++i) {
      int s = accept(lfd, nullptr, nullptr);
      char buf[2];
      if (s < 0 || read(s, buf, 2) != 2 || write(s, "ok", 2) != 2) _exit(1);
      fds.push_back(s);
    }
    char b;
    while (read(done[0], &b, 1) > 0) {
    }
    _exit(0);
  }
  close(done[0]);
  std::vector<int> fds;
  for (int i = 0; i < n; ++i) {
    int c = socket(AF_INET, SOCK_STREAM, 0);
    char buf[2];
    if (c < 0 || connect(c, reinterpret_cast<sockaddr*>(&a), sizeof(a)) != 0 || write(c, "hi", 2) != 2 ||
        read(c, buf, 2) != 2) {
      std::perror("connect");
      return 1;
    }
    fds.push_back(c);
  }
  std::printf("ready %d\n", n);
  std::fflush(stdout);
  char buf[64];
  while (read(0, buf, sizeof(buf)) > 0) {
  }
  close(done[1]);
  waitpid(acceptor, nullptr, 0);
  return 0;
}
