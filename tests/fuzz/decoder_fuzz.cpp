// ingest::decode on arbitrary ring/perf records: never a crash or an
// out-of-bounds read (ASan/UBSan); the kernel's numbers become named values or
// kUnknown; a decoded payload is the record's own bytes and never more than it
// carries; the same bytes always decode to the same event.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <type_traits>
#include <variant>

#include "fuzz_check.h"
#include "ingest/decoder.h"
#include "ingest/event_names.h"

extern "C" {
#include "kotel/events.h"
}

using namespace kotel::ingest;
using kotel::fuzz::check;

namespace {

// Every field of an event, as text: two decodes agree when these agree
// (the Event types have no operator==).
template <typename V>
void put(std::string& out, V v) {  // integers, bools and enums
  if constexpr (std::is_enum_v<V>) {
    out += std::to_string(static_cast<uint64_t>(v));
  } else if constexpr (std::is_signed_v<V>) {
    out += std::to_string(static_cast<int64_t>(v));
  } else {
    static_assert(std::is_unsigned_v<V>, "a field of an integer type");
    out += std::to_string(static_cast<uint64_t>(v));
  }
  out += ',';
}
void put(std::string& out, const std::string& s) {
  out += std::to_string(s.size()) + ':' + s + ',';
}
void put(std::string& out, const Endpoint& e) {
  out.append(reinterpret_cast<const char*>(e.addr.data()), e.addr.size());
  put(out, e.port);
}
void put(std::string& out, const Tuple& t) {
  put(out, t.local);
  put(out, t.remote);
  put(out, t.family);
}
void put(std::string& out, const ConnKey& k) {
  put(out, k.pid);
  put(out, k.fd);
  put(out, k.gen);
}
void put(std::string& out, const DataFlags& f) {
  for (bool b : {f.truncated, f.no_payload, f.inexact, f.tls_ciphertext, f.tls_plaintext}) put(out, b);
}
template <typename... T>
std::string fields_of(const T&... v) {
  std::string out;
  (put(out, v), ...);
  return out;
}

std::string fields(const Event& ev) {
  return std::to_string(ev.index()) + '|' +
         std::visit(
             [](const auto& e) {
               using T = std::decay_t<decltype(e)>;
               if constexpr (std::is_same_v<T, ConnOpen>) {
                 return fields_of(e.ts_ns, e.key, e.tid, e.role, e.source, e.sock, e.cgroup_id, e.tuple, e.connect_ret);
               } else if constexpr (std::is_same_v<T, ConnClose>) {
                 return fields_of(e.ts_ns, e.key, e.tid, e.reason, e.bytes_egress, e.bytes_ingress);
               } else if constexpr (std::is_same_v<T, Data>) {
                 return fields_of(e.ts_ns, e.key, e.tid, e.direction, e.call, e.flags, e.position, e.bytes, e.payload);
               } else if constexpr (std::is_same_v<T, SockState>) {
                 return fields_of(e.ts_ns, e.sock, e.old_state, e.new_state, e.pid, e.tuple, e.srtt_us);
               } else if constexpr (std::is_same_v<T, ProcExec>) {
                 return fields_of(e.ts_ns, e.pid, e.ppid, e.cgroup_id, e.comm, e.filename);
               } else if constexpr (std::is_same_v<T, ProcExit>) {
                 return fields_of(e.ts_ns, e.pid, e.exit_code, e.oom_killed);
               } else if constexpr (std::is_same_v<T, ProcFork>) {
                 return fields_of(e.ts_ns, e.parent_pid, e.parent_tid, e.child_pid, e.child_tid);
               } else if constexpr (std::is_same_v<T, TcpSignal>) {
                 return fields_of(e.ts_ns, e.sock, e.kind, e.state, e.pid, e.tuple);
               } else if constexpr (std::is_same_v<T, UserProbeHit>) {
                 std::string args;
                 for (size_t i = 0; i < UserProbeHit::kArgs; ++i) args += fields_of(e.ints[i], e.strs[i]);
                 return fields_of(e.ts_ns, e.start_ns, e.pid, e.tid, e.probe, e.ret) + args;
               } else {
                 static_assert(std::is_same_v<T, LogWrite>, "every event type is compared");
                 return fields_of(e.ts_ns, e.pid, e.tid, e.fd, e.truncated, e.bytes, e.payload);
               }
             },
             ev);
}

// The ABI's numbers -> enum values the agent names (or kUnknown), never a value
// outside the enum (a uint8_t enum holds any byte: UBSan would not see it).
bool named(TcpState s) {
  return s == TcpState::kUnknown || tcp_state_name(s)[0] != '?';
}

void check_named(const Event& ev) {
  std::visit(
      [](const auto& e) {
        using T = std::decay_t<decltype(e)>;
        if constexpr (std::is_same_v<T, ConnOpen>) {
          check(e.role == Role::kUnknown || e.role == Role::kClient || e.role == Role::kServer, "a named role");
          check(e.source == OpenSource::kUnknown || open_source_name(e.source)[0] != '?', "a named open source");
        } else if constexpr (std::is_same_v<T, ConnClose>) {
          check(static_cast<int>(e.reason) <= static_cast<int>(CloseReason::kTcp), "a close reason the kernel gives");
        } else if constexpr (std::is_same_v<T, Data>) {
          check(e.direction == Direction::kEgress || e.direction == Direction::kIngress, "a direction");
          check(e.call == DataCall::kUnknown || data_call_name(e.call)[0] != '?', "a named call");
        } else if constexpr (std::is_same_v<T, SockState>) {
          check(named(e.old_state) && named(e.new_state), "named TCP states");
        } else if constexpr (std::is_same_v<T, TcpSignal>) {
          check(e.kind == TcpSignalKind::kRetransmit || e.kind == TcpSignalKind::kResetSent ||
                    e.kind == TcpSignalKind::kResetReceived,
                "a TCP signal kind");
          check(named(e.state), "a named TCP state");
        }
      },
      ev);
}

// A payload decoded from `rec` after a fixed part of `fixed` bytes: within the
// record (and within hdr.size of it), and exactly the bytes that follow.
void check_payload(std::span<const std::byte> rec, size_t fixed, const std::string& payload) {
  kotel_event_header hdr;
  std::memcpy(&hdr, rec.data(), sizeof hdr);
  check(fixed + payload.size() <= rec.size(), "payload within the record");
  check(fixed + payload.size() <= hdr.size, "payload within the header's size");
  check(payload.empty() || std::memcmp(payload.data(), rec.data() + fixed, payload.size()) == 0,
        "payload is the record's bytes");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::span<const std::byte> rec(reinterpret_cast<const std::byte*>(data), size);
  auto first = decode(rec);
  auto again = decode(rec);
  check(first.ok() == again.ok(), "decoding is deterministic");
  if (!first.ok()) {
    check(!first.error().empty(), "a rejected record says why");
    check(first.error() == again.error(), "the same reason every time");
    return 0;
  }
  check(fields(first.value()) == fields(again.value()), "the same event every time");

  check(size >= sizeof(kotel_event_header), "a decoded record has a header");
  kotel_event_header hdr;
  std::memcpy(&hdr, data, sizeof hdr);
  check(hdr.size <= size, "a decoded record fits its header's size");
  const Event& ev = first.value();
  check(event_ts(ev) == hdr.ts_ns, "the event's time is the header's");
  check(event_kind_name(event_kind(ev))[0] != '?', "every decoded event has a kind");
  check_named(ev);
  if (const auto* d = std::get_if<Data>(&ev)) {
    check(hdr.type == KOTEL_EV_DATA, "data from a data record");
    check(d->payload.size() <= KOTEL_PAYLOAD_MAX, "data payload within the ABI's maximum");
    check_payload(rec, sizeof(kotel_data_event), d->payload);
  } else if (const auto* w = std::get_if<LogWrite>(&ev)) {
    check(hdr.type == KOTEL_EV_LOG_WRITE, "a log write from a log record");
    check(w->payload.size() <= KOTEL_LOG_PAYLOAD_MAX, "log payload within the ABI's maximum");
    check(w->fd == 1 || w->fd == 2, "log writes are to stdout or stderr");
    check(w->payload.size() >= w->bytes || w->truncated, "a payload shorter than the write is marked truncated");
    check_payload(rec, sizeof(kotel_log_event), w->payload);
  } else if (const auto* u = std::get_if<UserProbeHit>(&ev)) {
    check(hdr.type == KOTEL_EV_USER_PROBE, "a user probe hit from a user probe record");
    check(u->probe < KOTEL_USER_PROBES_MAX, "a probe index the agent can have configured");
    for (const auto& s : u->strs) check(s.size() <= KOTEL_USER_STR_LEN, "string arguments within their slot");
  }
  return 0;
}
