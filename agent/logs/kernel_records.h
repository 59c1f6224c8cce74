#pragma once
// What the kernel reports about a process, as log records: its exit (code or
// signal), an OOM kill, a failed TCP connect, a reset, a burst of
// retransmits. Semantic-convention attribute names where they exist
// (process.exit.code, network.peer.*, error.type), kotel.* otherwise. Pure.

#include <cstdint>
#include <string>

#include "logs/log_record.h"

namespace kotel::logs {

enum class TcpProblem : uint8_t { kConnectRefused, kConnectFailed, kReset, kRetransmitBurst };

// `wait_status`: (code << 8) | signal, as the kernel keeps it.
LogRecord process_exit_record(uint32_t pid, int32_t wait_status, std::string_view comm);
LogRecord oom_kill_record(uint32_t pid, std::string_view comm);
// `count`: retransmits in the burst (kRetransmitBurst only).
LogRecord tcp_problem_record(uint32_t pid, TcpProblem problem, const std::string& peer_address, uint16_t peer_port,
                             uint32_t count = 0);
std::string signal_name(int sig);  // "SIGKILL", or "signal 42"

}  // namespace kotel::logs
