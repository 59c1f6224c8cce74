#include "exporters/console/event_format.h"

#include <fmt/format.h>

#include <array>

#include "ingest/endpoint_text.h"
#include "ingest/event_names.h"

namespace kotel::console {
namespace {

constexpr size_t kPayloadChars = 120;

using ingest::tcp_state_name;

std::string who(uint32_t pid, ProcessLabel p) {
  return p.comm.empty() ? fmt::format("[{}]", pid) : fmt::format("{}[{}]", p.comm, pid);
}

std::string conn_id(const ingest::ConnKey& k) { return fmt::format("fd={} gen={}", k.fd, k.gen); }

std::string tuple_text(const ingest::Tuple& t) {
  return format_endpoint(t.local) + " -> " + format_endpoint(t.remote);
}

struct Formatter {
  const connections::Connection* conn;
  ProcessLabel proc;
  std::string_view time;

  std::string operator()(const ingest::ConnOpen& e) const {
    return fmt::format("{} OPEN   {} {} {} {} ({}{})", time, who(e.key.pid, proc), conn_id(e.key),
                       conn ? connections::role_name(conn->role) : connections::role_name(e.role),
                       tuple_text(e.tuple), ingest::open_source_name(e.source),
                       e.connect_ret ? fmt::format(", connect returned {}", e.connect_ret) : "");
  }
  std::string operator()(const ingest::ConnClose& e) const {
    return fmt::format("{} CLOSE  {} {} sent {} B, received {} B ({})", time, who(e.key.pid, proc), conn_id(e.key),
                       e.bytes_egress, e.bytes_ingress, ingest::close_reason_name(e.reason));
  }
  std::string operator()(const ingest::Data& e) const {
    std::string flags;
    if (e.flags.truncated) flags += " truncated";
    if (e.flags.no_payload) flags += " no-payload";
    if (e.flags.inexact) flags += " inexact";
    return fmt::format("{} DATA   {} tid={} {} {} {} {} B @{}{} \"{}\"", time, who(e.key.pid, proc), e.tid,
                       conn_id(e.key), e.direction == ingest::Direction::kEgress ? "egress " : "ingress",
                       ingest::data_call_name(e.call), e.bytes, e.position, flags, escape_payload(e.payload, kPayloadChars));
  }
  std::string operator()(const ingest::SockState& e) const {
    return fmt::format("{} STATE  sock={:#x} {} -> {} {}", time, e.sock, tcp_state_name(e.old_state),
                       tcp_state_name(e.new_state), tuple_text(e.tuple));
  }
  std::string operator()(const ingest::ProcExec& e) const {
    return fmt::format("{} EXEC   {}[{}] ppid={} {}", time, e.comm, e.pid, e.ppid, e.filename);
  }
  std::string operator()(const ingest::LogWrite& e) const {
    return fmt::format("{} WRITE  {} tid={} fd={} {} B{} \"{}\"", time, who(e.pid, proc), e.tid, e.fd, e.bytes,
                       e.truncated ? " (truncated)" : "", escape_payload(e.payload, 200));
  }
  std::string operator()(const ingest::ProcExit& e) const {
    int sig = e.exit_code & 0x7f;
    std::string how = sig ? fmt::format("killed by signal {}", sig) : fmt::format("exit code {}", (e.exit_code >> 8) & 0xff);
    return fmt::format("{} EXIT   {} {}", time, who(e.pid, proc), how);
  }
  std::string operator()(const ingest::UserProbeHit& e) const {
    return fmt::format("{} PROBE  {} tid={} probe #{} {}us ret={}", time, who(e.pid, proc), e.tid, e.probe,
                       (e.ts_ns - std::min(e.start_ns, e.ts_ns)) / 1000, e.ret);
  }
  std::string operator()(const ingest::ProcFork& e) const {
    bool thread = e.parent_pid == e.child_pid;
    return fmt::format("{} FORK   {} {} {}", time, who(e.parent_pid, proc), thread ? "thread" : "process",
                       thread ? e.child_tid : e.child_pid);
  }
  std::string operator()(const ingest::TcpSignal& e) const {
    const char* what = e.kind == ingest::TcpSignalKind::kRetransmit  ? "retransmit"
                       : e.kind == ingest::TcpSignalKind::kResetSent ? "reset sent"
                                                                     : "reset received";
    return fmt::format("{} TCP    sock={:#x} {} in {}{}", time, e.sock, what, tcp_state_name(e.state),
                       e.tuple.family ? " " + tuple_text(e.tuple) : std::string());
  }
};

}  // namespace

std::string format_endpoint(const ingest::Endpoint& e) {
  if (ingest::is_v4_mapped(e)) return fmt::format("{}:{}", ingest::address_text(e), e.port);
  return fmt::format("[{}]:{}", ingest::address_text(e), e.port);
}

std::string escape_payload(std::string_view bytes, size_t max_chars) {
  std::string out;
  out.reserve(std::min(bytes.size(), max_chars) + 8);
  for (unsigned char c : bytes) {
    if (out.size() >= max_chars) {
      out += "...";
      break;
    }
    switch (c) {
      case '\r': out += "\\r"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      default:
        if (c >= 0x20 && c < 0x7f) out += static_cast<char>(c);
        else out += fmt::format("\\x{:02x}", c);
    }
  }
  return out;
}

std::string format_event(const ingest::Event& ev, const connections::Connection* conn, ProcessLabel proc,
                         std::string_view time) {
  return std::visit(Formatter{conn, proc, time}, ev);
}

std::string format_connection_summary(const connections::Connection& c, ProcessLabel proc, std::string_view time) {
  const auto& out = c.stats(ingest::Direction::kEgress);
  const auto& in = c.stats(ingest::Direction::kIngress);
  uint64_t gap = out.gap_bytes + in.gap_bytes;
  std::string role = connections::role_name(c.role) + std::string(c.role_inferred ? "?" : "");
  if (c.protocol != protocols::Protocol::kUndecided) role += std::string(" ") + protocols::protocol_name(c.protocol);
  return fmt::format("{} CONN   {} {} {} {} sent {} B, received {} B, {:.3f} s{}{}", time, who(c.key.pid, proc),
                     conn_id(c.key), role,
                     c.tuple_known ? tuple_text(c.tuple) : "(tuple unknown)", out.bytes_seen + out.gap_bytes,
                     in.bytes_seen + in.gap_bytes,
                     static_cast<double>((c.closed ? c.closed_ns : c.last_ns) - c.opened_ns) / 1e9,
                     gap ? fmt::format(", {} B lost", gap) : "", c.closed ? "" : " (open)");
}

}  // namespace kotel::console
