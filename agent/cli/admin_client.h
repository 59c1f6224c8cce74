#pragma once
// The CLI's side of the admin API: a channel to the agent's unix socket, and
// a plain sentence when there is no agent to talk to or it refuses us.

#include <grpcpp/grpcpp.h>

#include <memory>
#include <optional>
#include <string>

#include "kotel/admin/v1/admin.grpc.pb.h"

namespace kotel::cli {

namespace v1 = kotel::admin::v1;

// Exit codes of the inspection commands.
inline constexpr int kExitNoAgent = 3;      // no agent at the socket
inline constexpr int kExitDenied = 4;       // the socket or the agent refused us
inline constexpr int kExitCallFailed = 5;   // the agent answered with an error

// Why `path` cannot be used, or nullopt when something listens there.
// Tries a plain connect() first: its errno says more than gRPC's UNAVAILABLE.
struct SocketProblem {
  int exit_code;
  std::string message;
};
std::optional<SocketProblem> probe_socket(const std::string& path);

std::unique_ptr<v1::Admin::Stub> admin_stub(const std::string& path);
// Message and exit code for a failed call.
SocketProblem call_failed(const grpc::Status& status, const std::string& path);

}  // namespace kotel::cli
