#pragma once
// Real TCP connections over loopback for kernel tests, with fds owned by RAII.

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdint>
#include <string>

namespace kotel::testing {

class Fd {
 public:
  Fd() = default;
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() { reset(); }
  Fd(Fd&& o) noexcept : fd_(o.release()) {}
  Fd& operator=(Fd&& o) noexcept {
    if (this != &o) {
      reset();
      fd_ = o.release();
    }
    return *this;
  }
  int get() const { return fd_; }
  int release() {
    int f = fd_;
    fd_ = -1;
    return f;
  }
  void reset() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

 private:
  int fd_ = -1;
};

struct Listener {
  Fd fd;
  uint16_t port = 0;
};

// family AF_INET (127.0.0.1) or AF_INET6 (::1).
Listener listen_loopback(int family = AF_INET);
// Connects to the listener; `v4_mapped` connects an AF_INET6 socket to ::ffff:127.0.0.1.
Fd connect_loopback(const Listener& l, int family = AF_INET, bool v4_mapped = false);
Fd accept_one(const Listener& l);

void write_all(int fd, const std::string& data);
std::string read_exactly(int fd, size_t n);

}  // namespace kotel::testing
