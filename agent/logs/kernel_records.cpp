#include "logs/kernel_records.h"

#include "logs/severity.h"

#include <fmt/format.h>

#include <array>

namespace kotel::logs {
namespace {

LogRecord kernel_record(uint32_t pid, int severity, std::string event, std::string body) {
  LogRecord r;
  r.source = LogSource::kKernel;
  r.pid = pid;
  r.severity = {severity, severity_text(severity)};
  r.event_name = std::move(event);
  r.body = std::move(body);
  return r;
}

}  // namespace

std::string signal_name(int sig) {
  static constexpr std::array<const char*, 32> kNames{
      "",        "SIGHUP",  "SIGINT",    "SIGQUIT", "SIGILL",  "SIGTRAP", "SIGABRT",  "SIGBUS",
      "SIGFPE",  "SIGKILL", "SIGUSR1",   "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM",  "SIGTERM",
      "SIGSTKFLT", "SIGCHLD", "SIGCONT", "SIGSTOP", "SIGTSTP", "SIGTTIN", "SIGTTOU",  "SIGURG",
      "SIGXCPU", "SIGXFSZ", "SIGVTALRM", "SIGPROF", "SIGWINCH", "SIGIO",  "SIGPWR",   "SIGSYS"};
  if (sig > 0 && sig < 32) return kNames[static_cast<size_t>(sig)];
  return fmt::format("signal {}", sig);
}

LogRecord process_exit_record(uint32_t pid, int32_t wait_status, std::string_view comm) {
  int sig = wait_status & 0x7f;
  int code = (wait_status >> 8) & 0xff;
  std::string who = comm.empty() ? fmt::format("process {}", pid) : fmt::format("{}[{}]", comm, pid);
  if (sig) {
    bool core = (wait_status & 0x80) != 0;
    // A signal the process did not ask for: SIGTERM/SIGINT/SIGHUP are the usual way to stop one.
    bool requested = sig == 1 || sig == 2 || sig == 15;
    LogRecord r = kernel_record(pid, requested ? 13 : 17, "kotel.process.exit",
                                fmt::format("{} killed by {}{}", who, signal_name(sig), core ? " (core dumped)" : ""));
    r.attributes.push_back({"kotel.process.exit.signal", signal_name(sig)});
    r.attributes.push_back({"process.exit.code", int64_t{128 + sig}});  // as a shell reports it
    r.attributes.push_back({"error.type", signal_name(sig)});
    return r;
  }
  LogRecord r = kernel_record(pid, code ? 13 : 9, "kotel.process.exit", fmt::format("{} exited with code {}", who, code));
  r.attributes.push_back({"process.exit.code", int64_t{code}});
  return r;
}

LogRecord oom_kill_record(uint32_t pid, std::string_view comm) {
  std::string who = comm.empty() ? fmt::format("process {}", pid) : fmt::format("{}[{}]", comm, pid);
  LogRecord r = kernel_record(pid, 21, "kotel.process.oom_kill", who + " killed by the OOM killer");
  r.attributes.push_back({"error.type", std::string("oom_kill")});
  return r;
}

LogRecord tcp_problem_record(uint32_t pid, TcpProblem problem, const std::string& peer_address, uint16_t peer_port,
                             uint32_t count) {
  std::string peer = fmt::format("{}:{}", peer_address, peer_port);
  LogRecord r;
  switch (problem) {
    case TcpProblem::kConnectRefused:
      r = kernel_record(pid, 13, "kotel.tcp.connect_failed", "TCP connect to " + peer + " refused");
      r.attributes.push_back({"error.type", std::string("connection_refused")});
      break;
    case TcpProblem::kConnectFailed:
      r = kernel_record(pid, 13, "kotel.tcp.connect_failed",
                        "TCP connect to " + peer + " failed without an answer (timeout, unreachable, or closed first)");
      r.attributes.push_back({"error.type", std::string("connection_failed")});
      break;
    case TcpProblem::kReset:
      r = kernel_record(pid, 13, "kotel.tcp.reset", "TCP connection to " + peer + " reset by the peer");
      r.attributes.push_back({"error.type", std::string("connection_reset")});
      break;
    case TcpProblem::kRetransmitBurst:
      r = kernel_record(pid, 13, "kotel.tcp.retransmits",
                        fmt::format("{} TCP retransmits to {} within a second", count, peer));
      r.attributes.push_back({"kotel.tcp.retransmits", int64_t{count}});
      break;
  }
  r.attributes.push_back({"network.peer.address", peer_address});
  r.attributes.push_back({"network.peer.port", int64_t{peer_port}});
  r.attributes.push_back({"network.transport", std::string("tcp")});
  return r;
}

}  // namespace kotel::logs
