#include "ingest/decoder.h"

#include <cstring>
#include <string>

#include "ingest/abi_checks.h"

namespace kotel::ingest {
namespace {

template <typename T>
bool read_fixed(std::span<const std::byte> rec, T& out) {
  if (rec.size() < sizeof(T)) return false;
  std::memcpy(&out, rec.data(), sizeof(T));
  return true;
}

std::string bounded_string(const char* s, size_t cap) { return std::string(s, strnlen(s, cap)); }

Tuple to_tuple(const kotel_tuple& t) {
  Tuple out;
  std::memcpy(out.local.addr.data(), t.saddr, 16);
  std::memcpy(out.remote.addr.data(), t.daddr, 16);
  out.local.port = t.sport;
  out.remote.port = t.dport;
  out.family = t.family;
  return out;
}

ConnKey to_key(const kotel_conn_id& id) { return ConnKey{id.pid, id.fd, id.gen}; }

// The ABI's numbers -> C++ values. The enums keep the kernel's numbering
// (pinned below), so a checked cast is the whole mapping; anything out of
// range is kUnknown, never an invalid enum value.
static_assert(static_cast<int>(OpenSource::kConnect) == KOTEL_OPEN_CONNECT &&
              static_cast<int>(OpenSource::kAccept) == KOTEL_OPEN_ACCEPT &&
              static_cast<int>(OpenSource::kDiscovered) == KOTEL_OPEN_DISCOVERED &&
              static_cast<int>(OpenSource::kActive) == KOTEL_OPEN_ACTIVE &&
              static_cast<int>(OpenSource::kPassive) == KOTEL_OPEN_PASSIVE);
static_assert(static_cast<int>(Role::kClient) == KOTEL_ROLE_CLIENT && static_cast<int>(Role::kServer) == KOTEL_ROLE_SERVER);
static_assert(static_cast<int>(CloseReason::kSyscall) == KOTEL_CLOSE_SYSCALL &&
              static_cast<int>(CloseReason::kFdReused) == KOTEL_CLOSE_FD_REUSED &&
              static_cast<int>(CloseReason::kTcp) == KOTEL_CLOSE_TCP);
static_assert(static_cast<int>(DataCall::kRead) == KOTEL_CALL_READ &&
              static_cast<int>(DataCall::kWrite) == KOTEL_CALL_WRITE &&
              static_cast<int>(DataCall::kReadv) == KOTEL_CALL_READV &&
              static_cast<int>(DataCall::kWritev) == KOTEL_CALL_WRITEV &&
              static_cast<int>(DataCall::kSendto) == KOTEL_CALL_SENDTO &&
              static_cast<int>(DataCall::kRecvfrom) == KOTEL_CALL_RECVFROM &&
              static_cast<int>(DataCall::kSendmsg) == KOTEL_CALL_SENDMSG &&
              static_cast<int>(DataCall::kRecvmsg) == KOTEL_CALL_RECVMSG &&
              static_cast<int>(DataCall::kSendfile) == KOTEL_CALL_SENDFILE &&
              static_cast<int>(DataCall::kSendmmsg) == KOTEL_CALL_SENDMMSG &&
              static_cast<int>(DataCall::kRecvmmsg) == KOTEL_CALL_RECVMMSG &&
              static_cast<int>(DataCall::kSslRead) == KOTEL_CALL_SSL_READ &&
              static_cast<int>(DataCall::kSslWrite) == KOTEL_CALL_SSL_WRITE);

template <typename Enum>
Enum checked(int64_t v, Enum last) {
  return v >= 0 && v <= static_cast<int64_t>(last) ? static_cast<Enum>(v) : Enum::kUnknown;
}

DataFlags to_flags(uint8_t f) {
  return DataFlags{(f & KOTEL_DATA_TRUNCATED) != 0, (f & KOTEL_DATA_NO_PAYLOAD) != 0, (f & KOTEL_DATA_INEXACT) != 0,
                   (f & KOTEL_DATA_TLS_CIPHERTEXT) != 0, (f & KOTEL_DATA_TLS_PLAINTEXT) != 0};
}

core::Error too_short(const char* what, size_t got) {
  return core::Error{std::string("record too short for ") + what + " (" + std::to_string(got) + " bytes)"};
}

core::Result<Event> decode_data(std::span<const std::byte> rec) {
  kotel_data_event ev{};
  if (!read_fixed(rec, ev)) return too_short("data", rec.size());
  if (ev.payload_len > KOTEL_PAYLOAD_MAX || sizeof(ev) + ev.payload_len > rec.size())
    return core::Error{"data record payload_len " + std::to_string(ev.payload_len) + " exceeds record size " +
                       std::to_string(rec.size())};
  Data d;
  d.ts_ns = ev.hdr.ts_ns;
  d.key = to_key(ev.id);
  d.tid = ev.tid;
  d.direction = ev.direction == KOTEL_DIR_INGRESS ? Direction::kIngress : Direction::kEgress;
  d.call = checked(ev.call, DataCall::kSslWrite);
  d.flags = to_flags(ev.flags);
  d.position = ev.position;
  d.bytes = ev.bytes;
  d.payload.assign(reinterpret_cast<const char*>(rec.data()) + sizeof(ev), ev.payload_len);
  return Event{std::move(d)};
}

core::Result<Event> decode_log(std::span<const std::byte> rec) {
  kotel_log_event ev{};
  if (!read_fixed(rec, ev)) return too_short("log write", rec.size());
  if (ev.payload_len > KOTEL_LOG_PAYLOAD_MAX || sizeof(ev) + ev.payload_len > rec.size())
    return core::Error{"log record payload_len " + std::to_string(ev.payload_len) + " exceeds record size " +
                       std::to_string(rec.size())};
  if (ev.fd != 1 && ev.fd != 2) return core::Error{"log record for fd " + std::to_string(ev.fd)};
  LogWrite w;
  w.ts_ns = ev.hdr.ts_ns;
  w.pid = ev.pid;
  w.tid = ev.tid;
  w.fd = ev.fd;
  w.truncated = (ev.flags & KOTEL_LOG_TRUNCATED) != 0 || ev.payload_len < ev.bytes;
  w.bytes = ev.bytes;
  w.payload.assign(reinterpret_cast<const char*>(rec.data()) + sizeof(ev), ev.payload_len);
  return Event{std::move(w)};
}

}  // namespace

const char* event_kind_name(EventKind k) {
  static constexpr const char* kNames[] = {"open", "close", "data", "state", "exec", "exit", "fork", "tcp", "log", "user"};
  static_assert(std::size(kNames) == static_cast<size_t>(EventKind::kCount));
  auto i = static_cast<size_t>(k);
  return i < std::size(kNames) ? kNames[i] : "?";
}

uint64_t event_ts(const Event& e) {
  return std::visit([](const auto& v) { return v.ts_ns; }, e);
}

core::Result<Event> decode(std::span<const std::byte> rec) {
  kotel_event_header hdr{};
  if (!read_fixed(rec, hdr)) return too_short("header", rec.size());
  // Perf records may be padded past hdr.size; a ring record is exact.
  if (hdr.size > rec.size()) return core::Error{"header size " + std::to_string(hdr.size) + " > record " +
                                                std::to_string(rec.size())};
  rec = rec.first(hdr.size);
  switch (hdr.type) {
    case KOTEL_EV_CONN_OPEN: {
      kotel_conn_open_event ev{};
      if (!read_fixed(rec, ev)) return too_short("conn open", rec.size());
      return Event{ConnOpen{ev.hdr.ts_ns, to_key(ev.id), ev.tid, checked(ev.role, Role::kServer),
                            checked(ev.source, OpenSource::kPassive), ev.sock, ev.cgroup_id, to_tuple(ev.tuple),
                            ev.connect_ret}};
    }
    case KOTEL_EV_CONN_CLOSE: {
      kotel_conn_close_event ev{};
      if (!read_fixed(rec, ev)) return too_short("conn close", rec.size());
      return Event{ConnClose{ev.hdr.ts_ns, to_key(ev.id), ev.tid, checked(ev.reason, CloseReason::kTcp),
                             ev.bytes_egress, ev.bytes_ingress}};
    }
    case KOTEL_EV_DATA:
      return decode_data(rec);
    case KOTEL_EV_SOCK_STATE: {
      kotel_sock_state_event ev{};
      if (!read_fixed(rec, ev)) return too_short("sock state", rec.size());
      return Event{SockState{ev.hdr.ts_ns, ev.sock, checked(ev.old_state, TcpState::kNewSynRecv),
                             checked(ev.new_state, TcpState::kNewSynRecv), ev.pid, to_tuple(ev.tuple), ev.srtt_us}};
    }
    case KOTEL_EV_PROC_EXEC: {
      kotel_proc_exec_event ev{};
      if (!read_fixed(rec, ev)) return too_short("exec", rec.size());
      return Event{ProcExec{ev.hdr.ts_ns, ev.pid, ev.ppid, ev.cgroup_id, bounded_string(ev.comm, sizeof(ev.comm)),
                            bounded_string(ev.filename, sizeof(ev.filename))}};
    }
    case KOTEL_EV_PROC_EXIT: {
      kotel_proc_exit_event ev{};
      if (!read_fixed(rec, ev)) return too_short("exit", rec.size());
      return Event{ProcExit{ev.hdr.ts_ns, ev.pid, ev.exit_code, (ev.flags & KOTEL_EXIT_OOM_KILLED) != 0}};
    }
    case KOTEL_EV_TCP_SIGNAL: {
      kotel_tcp_signal_event ev{};
      if (!read_fixed(rec, ev)) return too_short("tcp signal", rec.size());
      if (ev.kind < KOTEL_TCP_RETRANSMIT || ev.kind > KOTEL_TCP_RESET_RECEIVED)
        return core::Error{"tcp signal of unknown kind " + std::to_string(ev.kind)};
      return Event{TcpSignal{ev.hdr.ts_ns, ev.sock, static_cast<TcpSignalKind>(ev.kind),
                             checked(ev.state, TcpState::kNewSynRecv), ev.pid, to_tuple(ev.tuple)}};
    }
    case KOTEL_EV_LOG_WRITE:
      return decode_log(rec);
    case KOTEL_EV_USER_PROBE: {
      kotel_user_probe_event ev{};
      if (!read_fixed(rec, ev)) return too_short("user probe", rec.size());
      if (ev.probe >= KOTEL_USER_PROBES_MAX) return core::Error{"user probe of unknown index " + std::to_string(ev.probe)};
      UserProbeHit h{ev.hdr.ts_ns, ev.start_ns, ev.pid, ev.tid, ev.probe, ev.ret, {}, {}};
      for (size_t i = 0; i < UserProbeHit::kArgs; ++i) {
        h.ints[i] = ev.ints[i];
        h.strs[i] = bounded_string(ev.strs[i], sizeof(ev.strs[i]));
      }
      return Event{std::move(h)};
    }
    case KOTEL_EV_PROC_FORK: {
      kotel_proc_fork_event ev{};
      if (!read_fixed(rec, ev)) return too_short("fork", rec.size());
      return Event{ProcFork{ev.hdr.ts_ns, ev.parent_pid, ev.parent_tid, ev.child_pid, ev.child_tid}};
    }
  }
  return core::Error{"unknown event type " + std::to_string(hdr.type)};
}

}  // namespace kotel::ingest
