#include "core/small_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace kotel::core {

Result<std::string> read_small_file(const std::string& path, const std::string& what, size_t max_bytes) {
  // O_NONBLOCK: opening a FIFO must not wait for a writer; the type check follows.
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) return Error{"cannot read " + what + " " + path + ": " + strerror(errno)};
  struct stat st{};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    const char* kind = S_ISDIR(st.st_mode) ? "a directory" : S_ISFIFO(st.st_mode) ? "a FIFO" : "not a regular file";
    return Error{what + " " + path + " is " + kind + ": give a regular file"};
  }
  if (static_cast<size_t>(st.st_size) > max_bytes) {
    ::close(fd);
    return Error{what + " " + path + " is " + std::to_string(st.st_size) + " bytes: more than the " +
                 std::to_string(max_bytes) + " a " + what + " may have"};
  }
  std::string text;
  char buf[8192];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof(buf));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      int err = errno;
      ::close(fd);
      return Error{"cannot read " + what + " " + path + ": " + strerror(err)};
    }
    if (n == 0) break;
    text.append(buf, static_cast<size_t>(n));
    if (text.size() > max_bytes) {  // it grew while being read
      ::close(fd);
      return Error{what + " " + path + " is more than " + std::to_string(max_bytes) + " bytes"};
    }
  }
  ::close(fd);
  return text;
}

}  // namespace kotel::core
