#pragma once
// Decoded kernel events for tracker, pipeline and span tests: built with
// names instead of positional fields, on a fake clock that moves forward with
// every event (or as the test says), with byte positions kept per connection
// and direction so that a test only writes gaps on purpose.

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>

#include "ingest/events.h"

namespace kotel::testing {

class EventGen {
 public:
  explicit EventGen(uint64_t start_ns = 1'000'000'000, uint64_t step_ns = 1'000) : now_(start_ns), step_(step_ns) {}

  uint64_t now() const { return now_; }
  void advance(uint64_t ns) { now_ += ns; }

  // 127.0.0.<a>:<port_a> (local) -> 127.0.0.<b>:<port_b> (remote), v4-mapped.
  static ingest::Tuple tuple(uint16_t local_port, uint16_t remote_port, uint8_t local_last = 1,
                             uint8_t remote_last = 1) {
    ingest::Tuple t;
    t.family = 2;  // AF_INET
    t.local = v4(127, 0, 0, local_last, local_port);
    t.remote = v4(127, 0, 0, remote_last, remote_port);
    return t;
  }
  static ingest::Endpoint v4(uint8_t a, uint8_t b, uint8_t c, uint8_t d, uint16_t port) {
    ingest::Endpoint e;
    e.addr[10] = e.addr[11] = 0xff;
    e.addr[12] = a, e.addr[13] = b, e.addr[14] = c, e.addr[15] = d;
    e.port = port;
    return e;
  }
  // The same connection seen from its other end.
  static ingest::Tuple reversed(const ingest::Tuple& t) { return {t.remote, t.local, t.family}; }

  ingest::ConnOpen open(ingest::ConnKey key, ingest::Role role, ingest::Tuple tuple,
                        ingest::OpenSource source = ingest::OpenSource::kConnect, uint64_t sock = 0) {
    ingest::ConnOpen o;
    o.ts_ns = tick();
    o.key = key;
    o.tid = key.pid;
    o.role = role;
    o.source = source;
    o.sock = sock;
    o.tuple = tuple;
    return o;
  }

  // Bytes the process wrote (egress) or read (ingress), at the next position
  // of that direction; `bytes` larger than the payload makes a truncated capture.
  ingest::Data data(ingest::ConnKey key, ingest::Direction dir, std::string_view payload, uint64_t bytes = 0,
                    uint32_t tid = 0) {
    ingest::Data d;
    d.ts_ns = tick();
    d.key = key;
    d.tid = tid ? tid : key.pid;
    d.direction = dir;
    d.call = dir == ingest::Direction::kEgress ? ingest::DataCall::kWrite : ingest::DataCall::kRead;
    d.bytes = bytes ? bytes : payload.size();
    d.flags.truncated = d.bytes > payload.size();
    uint64_t& pos = positions_[{key.gen, dir}];
    d.position = pos;
    pos += d.bytes;
    d.payload.assign(payload);
    return d;
  }
  ingest::Data send(ingest::ConnKey key, std::string_view payload, uint32_t tid = 0) {
    return data(key, ingest::Direction::kEgress, payload, 0, tid);
  }
  ingest::Data recv(ingest::ConnKey key, std::string_view payload, uint32_t tid = 0) {
    return data(key, ingest::Direction::kIngress, payload, 0, tid);
  }
  // Events of `bytes` lost in this direction: the next one starts after a gap.
  void lose(ingest::ConnKey key, ingest::Direction dir, uint64_t bytes) { positions_[{key.gen, dir}] += bytes; }

  ingest::ConnClose close(ingest::ConnKey key, ingest::CloseReason reason = ingest::CloseReason::kTcp) {
    ingest::ConnClose c;
    c.ts_ns = tick();
    c.key = key;
    c.tid = key.pid;
    c.reason = reason;
    c.bytes_egress = positions_[{key.gen, ingest::Direction::kEgress}];
    c.bytes_ingress = positions_[{key.gen, ingest::Direction::kIngress}];
    return c;
  }

  ingest::SockState state(uint64_t sock, ingest::TcpState from, ingest::TcpState to, uint32_t pid,
                          ingest::Tuple tuple, uint32_t srtt_us = 0) {
    return ingest::SockState{tick(), sock, from, to, pid, tuple, srtt_us};
  }
  ingest::TcpSignal signal(uint64_t sock, ingest::TcpSignalKind kind, ingest::TcpState state, uint32_t pid,
                           ingest::Tuple tuple) {
    return ingest::TcpSignal{tick(), sock, kind, state, pid, tuple};
  }
  ingest::ProcExec exec(uint32_t pid, std::string comm, std::string path, uint32_t ppid = 1) {
    return ingest::ProcExec{tick(), pid, ppid, 0, std::move(comm), std::move(path)};
  }
  ingest::ProcExit exit(uint32_t pid, int32_t wait_status = 0, bool oom = false) {
    return ingest::ProcExit{tick(), pid, wait_status, oom};
  }
  ingest::ProcFork thread(uint32_t pid, uint32_t parent_tid, uint32_t child_tid) {
    return ingest::ProcFork{tick(), pid, parent_tid, pid, child_tid};
  }
  ingest::LogWrite log(uint32_t pid, std::string_view text, uint8_t fd = 1, uint32_t tid = 0) {
    ingest::LogWrite w;
    w.ts_ns = tick();
    w.pid = pid;
    w.tid = tid ? tid : pid;
    w.fd = fd;
    w.bytes = text.size();
    w.payload.assign(text);
    return w;
  }

 private:
  uint64_t tick() { return now_ += step_; }
  uint64_t now_, step_;
  std::map<std::pair<uint64_t, ingest::Direction>, uint64_t> positions_;
};

}  // namespace kotel::testing
