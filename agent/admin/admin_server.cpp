#include "admin/admin_server.h"

#include <errno.h>
#include <fcntl.h>
#include <grpcpp/server_posix.h>
#include <poll.h>
#include <spdlog/spdlog.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <filesystem>

#include "core/fatal_error.h"
#include "kotel/admin/v1/admin.grpc.pb.h"

namespace kotel::admin {
namespace {

using grpc::ServerContext;
namespace v1 = kotel::admin::v1;

// Every call from a refused peer: PERMISSION_DENIED, saying who may call.
class RefusingService final : public v1::Admin::Service {
  static grpc::Status refuse() {
    return grpc::Status(grpc::StatusCode::PERMISSION_DENIED,
                  "the kotel admin socket serves root (uid 0) and the agent's user (uid " +
                      std::to_string(geteuid()) + ") only: run kotel with sudo");
  }

 public:
  grpc::Status Status(ServerContext*, const v1::StatusRequest*, v1::StatusReply*) override { return refuse(); }
  grpc::Status Probes(ServerContext*, const v1::ProbesRequest*, v1::ProbesReply*) override { return refuse(); }
  grpc::Status Conns(ServerContext*, const v1::ConnsRequest*, v1::ConnsReply*) override { return refuse(); }
  grpc::Status TailSpans(ServerContext*, const v1::TailRequest*, grpc::ServerWriter<v1::SpanRecord>*) override {
    return refuse();
  }
  grpc::Status Top(ServerContext*, const v1::TopRequest*, grpc::ServerWriter<v1::TopFrame>*) override {
    return refuse();
  }
  grpc::Status Explain(ServerContext*, const v1::ExplainRequest*, v1::ExplainReply*) override { return refuse(); }
};

[[noreturn]] void fail(const std::string& what, const std::string& hint) {
  throw core::FatalError(what + ": " + std::strerror(errno), hint);
}

// Refuses to take over a socket another agent still serves; removes a stale one.
void claim_path(const std::string& path) {
  int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  std::strncpy(addr.sun_path, path.c_str(), sizeof(addr.sun_path) - 1);
  bool live = connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  close(fd);
  if (live)
    throw core::FatalError("another kotel agent serves the admin socket " + path,
                           "stop it, or give this one its own: --admin-socket PATH (or off)");
  unlink(path.c_str());
}

int listen_on(const std::string& path) {
  std::filesystem::path dir = std::filesystem::path(path).parent_path();
  if (path.size() >= sizeof(sockaddr_un::sun_path))
    throw core::FatalError("admin socket path too long: " + path, "use a shorter --admin-socket path");
  if (!dir.empty() && mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST)
    fail("cannot create " + dir.string(), "check the parent directory, or pass --admin-socket PATH (or off)");
  if (!dir.empty() && chmod(dir.c_str(), 0700) != 0) fail("cannot chmod 0700 " + dir.string(), "check its owner");
  claim_path(path);
  int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  if (fd < 0) fail("admin socket", "check the process's fd limit");
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  std::strncpy(addr.sun_path, path.c_str(), sizeof(addr.sun_path) - 1);
  mode_t old = umask(0177);  // created 0600: no window where others can connect
  int rc = bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  umask(old);
  if (rc != 0 || listen(fd, 16) != 0) {
    close(fd);
    fail("cannot listen on " + path, "pass --admin-socket PATH (or off)");
  }
  return fd;
}

std::unique_ptr<grpc::Server> fd_only_server(grpc::Service& service) {
  grpc::ServerBuilder b;
  b.RegisterService(&service);
  auto server = b.BuildAndStart();
  if (!server) throw core::FatalError("cannot start the admin gRPC server", "run with --admin-socket off");
  return server;
}

}  // namespace

bool AdminServer::peer_allowed(uint32_t uid) { return uid == 0 || uid == geteuid(); }

AdminServer::AdminServer(const std::string& path, grpc::Service& service)
    : path_(path), refusing_(std::make_unique<RefusingService>()) {
  listen_fd_ = listen_on(path);
  stop_fd_ = eventfd(0, EFD_CLOEXEC);
  server_ = fd_only_server(service);
  refuse_server_ = fd_only_server(*refusing_);
  accept_thread_ = std::thread([this] { accept_loop(); });
  spdlog::info("admin API: unix:{} (root and uid {} only)", path_, geteuid());
}

AdminServer::~AdminServer() {
  uint64_t one = 1;
  if (write(stop_fd_, &one, sizeof one) < 0) spdlog::warn("admin: cannot wake the accept loop");
  accept_thread_.join();
  auto deadline = std::chrono::system_clock::now() + std::chrono::seconds(2);
  server_->Shutdown(deadline);
  refuse_server_->Shutdown(deadline);
  close(listen_fd_);
  close(stop_fd_);
  unlink(path_.c_str());
}

void AdminServer::accept_loop() {
  pollfd fds[2] = {{listen_fd_, POLLIN, 0}, {stop_fd_, POLLIN, 0}};
  while (true) {
    if (poll(fds, 2, -1) < 0 && errno != EINTR) return;
    if (fds[1].revents) return;
    if (!(fds[0].revents & POLLIN)) continue;
    int fd = accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC | SOCK_NONBLOCK);
    if (fd < 0) continue;
    ucred cred{};
    socklen_t len = sizeof cred;
    bool allowed = getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) == 0 && peer_allowed(cred.uid);
    if (!allowed) spdlog::warn("admin: refused a client with uid {} (pid {})", cred.uid, cred.pid);
    grpc::AddInsecureChannelFromFd(allowed ? server_.get() : refuse_server_.get(), fd);  // takes the fd
  }
}

}  // namespace kotel::admin
