#include "cli/endpoint_check.h"

#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <map>

namespace kotel::cli {
namespace {

// Non-blocking connect, waited for with poll: a filtered port must not hang `kotel check`.
std::string connect_once(const addrinfo& ai, std::chrono::milliseconds timeout) {
  int fd = socket(ai.ai_family, ai.ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, ai.ai_protocol);
  if (fd < 0) return std::string("socket: ") + strerror(errno);
  int err = 0;
  if (connect(fd, ai.ai_addr, ai.ai_addrlen) != 0) {
    err = errno;
    if (err == EINPROGRESS) {
      pollfd p{fd, POLLOUT, 0};
      int n = poll(&p, 1, static_cast<int>(timeout.count()));
      socklen_t len = sizeof err;
      if (n == 0) err = ETIMEDOUT;
      else if (n < 0) err = errno;
      else getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len);
    }
  }
  close(fd);
  if (err == ETIMEDOUT) return "no answer within " + std::to_string(timeout.count()) + " ms";
  return err ? strerror(err) : "";
}

}  // namespace

std::string tcp_connect_problem(const std::string& host, uint16_t port, std::chrono::milliseconds timeout) {
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* res = nullptr;
  int rc = getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &res);
  if (rc != 0) return "cannot resolve " + host + ": " + gai_strerror(rc);
  std::string problem = "no address";
  for (addrinfo* a = res; a; a = a->ai_next) {
    problem = connect_once(*a, timeout);
    if (problem.empty()) break;
  }
  freeaddrinfo(res);
  return problem;
}

std::vector<probes::HostCheck> exporter_checks(const config::OtlpConfig& cfg, std::chrono::milliseconds timeout) {
  using probes::CheckState;
  // host:port -> the signals sent there, and how.
  std::map<std::pair<std::string, uint16_t>, std::pair<std::string, std::string>> targets;
  for (auto sig : {config::Signal::kTraces, config::Signal::kMetrics, config::Signal::kLogs}) {
    const auto& s = cfg.signal(sig);
    if (!s.otlp) continue;
    auto& t = targets[{s.url.host, s.url.port}];
    t.first += (t.first.empty() ? "" : "+") + std::string(config::to_string(sig));
    t.second = config::to_string(s.protocol);
  }
  if (targets.empty())
    return {{"exporter", CheckState::kSkip,
             "no OTLP endpoint configured (OTEL_EXPORTER_OTLP_ENDPOINT or --otlp-endpoint): console and /metrics only"}};
  std::vector<probes::HostCheck> out;
  for (const auto& [where, what] : targets) {
    std::string problem = tcp_connect_problem(where.first, where.second, timeout);
    std::string host_port = where.first + ":" + std::to_string(where.second);
    std::string head = what.first + " to " + host_port + " (" + what.second + ")";
    if (problem.empty()) out.push_back({"exporter", CheckState::kPass, head + ": reachable"});
    else
      out.push_back({"exporter", CheckState::kFail,
                     head + ": cannot connect (" + problem +
                         "): exports would be retried, then dropped; start the collector or fix the endpoint"});
  }
  return out;
}

}  // namespace kotel::cli
