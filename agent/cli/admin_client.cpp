#include "cli/admin_client.h"

#include <errno.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstring>

namespace kotel::cli {

std::optional<SocketProblem> probe_socket(const std::string& path) {
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  if (path.size() >= sizeof addr.sun_path) return SocketProblem{2, "admin socket path too long: " + path};
  std::strncpy(addr.sun_path, path.c_str(), sizeof addr.sun_path - 1);
  int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return SocketProblem{kExitCallFailed, std::string("socket: ") + std::strerror(errno)};
  int rc = connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  int err = errno;
  close(fd);
  if (rc == 0) return std::nullopt;
  if (err == ENOENT || err == ECONNREFUSED)
    return SocketProblem{kExitNoAgent, "no kotel agent is running (nothing listens on " + path +
                                           "): start one with `sudo kotel agent`, or pass --admin-socket PATH"};
  if (err == EACCES || err == EPERM)
    return SocketProblem{kExitDenied, "permission denied on " + path + " (" + std::strerror(err) +
                                          "): the admin socket is for root and the agent's user; run kotel with sudo"};
  return SocketProblem{kExitNoAgent, "cannot connect to " + path + ": " + std::strerror(err)};
}

std::unique_ptr<v1::Admin::Stub> admin_stub(const std::string& path) {
  return v1::Admin::NewStub(grpc::CreateChannel("unix:" + path, grpc::InsecureChannelCredentials()));
}

SocketProblem call_failed(const grpc::Status& status, const std::string& path) {
  switch (status.error_code()) {
    case grpc::StatusCode::PERMISSION_DENIED: return {kExitDenied, "permission denied: " + status.error_message()};
    case grpc::StatusCode::UNAVAILABLE:
      return {kExitNoAgent, "the kotel agent at " + path + " is not answering: " + status.error_message()};
    default: return {kExitCallFailed, status.error_message()};
  }
}

}  // namespace kotel::cli
