// The cost of one syscall as a process sees it, for bench/logs_overhead.sh:
//   kotel_syscall_cost getppid N       an unrelated syscall in a tight loop
//   kotel_syscall_cost log N [rate]    N lines of ~100 bytes written to stdout, one write each,
//                                      as fast as possible or paced at `rate` lines/s
//   kotel_syscall_cost file N          the same writes to a file fd (not stdout/stderr)
// Prints "<ns per call> <cpu ns per call>" (wall and this process's CPU time).

#include <fcntl.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

namespace {

uint64_t now_ns(clockid_t clock) {
  timespec ts{};
  clock_gettime(clock, &ts);
  return static_cast<uint64_t>(ts.tv_sec) * 1'000'000'000 + static_cast<uint64_t>(ts.tv_nsec);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s getppid|log|file N [rate]\n", argv[0]);
    return 2;
  }
  std::string mode = argv[1];
  uint64_t n = std::strtoull(argv[2], nullptr, 10);
  uint64_t rate = argc > 3 ? std::strtoull(argv[3], nullptr, 10) : 0;
  char line[128];
  int fd = 1;
  if (mode == "file") {
    fd = open("/dev/null", O_WRONLY);
    if (fd < 0) return 1;
  }
  uint64_t t0 = now_ns(CLOCK_MONOTONIC), c0 = now_ns(CLOCK_PROCESS_CPUTIME_ID);
  for (uint64_t i = 0; i < n; ++i) {
    if (mode == "getppid") {
      syscall(SYS_getppid);
      continue;
    }
    int len = std::snprintf(line, sizeof(line),
                            "2026-12-02 14:00:00,000 INFO request %llu served in 1.2 ms status=200 path=/api/items\n",
                            static_cast<unsigned long long>(i));
    if (write(fd, line, static_cast<size_t>(len)) != len) return 1;
    if (rate) {  // pace: sleep until this line's slot when ahead
      uint64_t due = t0 + (i + 1) * 1'000'000'000 / rate;
      while (now_ns(CLOCK_MONOTONIC) < due) {
        timespec ts{0, 20'000};
        nanosleep(&ts, nullptr);
      }
    }
  }
  uint64_t wall = now_ns(CLOCK_MONOTONIC) - t0, cpu = now_ns(CLOCK_PROCESS_CPUTIME_ID) - c0;
  std::fprintf(stderr, "%.1f %.1f\n", static_cast<double>(wall) / static_cast<double>(n),
               static_cast<double>(cpu) / static_cast<double>(n));
  return 0;
}
