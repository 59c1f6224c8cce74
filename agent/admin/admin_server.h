#pragma once
// The admin API on a unix socket. The directory is 0700 and the socket 0600,
// and each connection's peer is checked (SO_PEERCRED) before gRPC sees it:
// root or the agent's own user is served, anyone else gets PERMISSION_DENIED
// on every call.

#include <grpcpp/grpcpp.h>

#include <memory>
#include <string>
#include <thread>

namespace kotel::admin {

class AdminServer {
 public:
  // Throws core::FatalError when the socket cannot be set up.
  AdminServer(const std::string& path, grpc::Service& service);
  ~AdminServer();
  AdminServer(const AdminServer&) = delete;
  AdminServer& operator=(const AdminServer&) = delete;

  // The uids served: 0 and the agent's own.
  static bool peer_allowed(uint32_t uid);

 private:
  void accept_loop();

  std::string path_;
  int listen_fd_ = -1;
  int stop_fd_ = -1;  // eventfd: wakes the accept loop to stop
  std::unique_ptr<grpc::Service> refusing_;
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<grpc::Server> refuse_server_;
  std::thread accept_thread_;
};

}  // namespace kotel::admin
