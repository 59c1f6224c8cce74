#include "metrics/tcp_inference.h"

namespace kotel::metrics {

using ingest::TcpState;

void TcpInference::on_open(uint64_t sock, uint32_t pid, const ingest::Tuple& tuple) {
  if (!sock) return;
  if (socks_.size() >= kMaxSocks && !socks_.count(sock)) socks_.clear();  // bounded; at worst a few lose their owner
  SockInfo& s = socks_[sock];
  s.pid = pid;
  s.tuple = tuple;
}

// Connects: SYN_SENT (in the connecting process: its pid is right) then
// ESTABLISHED or CLOSE; a reset received meanwhile means refused.
void TcpInference::on_state(const ingest::SockState& e, std::vector<TcpFinding>* out) {
  if (e.new_state == TcpState::kSynSent) {
    if (socks_.size() >= kMaxSocks) socks_.clear();
    socks_[e.sock] = SockInfo{e.pid, e.tuple, true, false};
    return;
  }
  auto it = socks_.find(e.sock);
  if (it == socks_.end()) return;
  SockInfo& s = it->second;
  TcpFinding f;
  f.pid = s.pid;
  f.peer = e.tuple.remote;
  f.sock = e.sock;
  f.ts_ns = e.ts_ns;
  if (e.old_state == TcpState::kSynSent) {
    if (e.new_state == TcpState::kEstablished) {
      f.event = TcpEvent::kConnectOk;
      out->push_back(f);
    } else if (e.new_state == TcpState::kClose) {
      f.event = s.reset_while_connecting ? TcpEvent::kConnectRefused : TcpEvent::kConnectFailed;
      out->push_back(f);
    }
    s.connecting = false;
  }
  if (e.new_state == TcpState::kClose) {
    if (e.srtt_us) {
      TcpFinding rtt = f;
      rtt.kind = TcpFinding::Kind::kRtt;
      rtt.srtt_us = e.srtt_us;
      rtt.peer = s.tuple.remote;
      out->push_back(rtt);
    }
    socks_.erase(it);
  }
}

void TcpInference::on_signal(const ingest::TcpSignal& e, std::vector<TcpFinding>* out) {
  auto it = socks_.find(e.sock);
  bool known = it != socks_.end();
  TcpFinding f;
  f.pid = e.pid ? e.pid : known ? it->second.pid : 0;
  f.peer = e.tuple.family ? e.tuple.remote : known ? it->second.tuple.remote : e.tuple.remote;
  f.sock = e.sock;
  f.ts_ns = e.ts_ns;
  switch (e.kind) {
    case ingest::TcpSignalKind::kRetransmit: f.event = TcpEvent::kRetransmit; break;
    case ingest::TcpSignalKind::kResetSent: f.event = TcpEvent::kResetSent; break;
    case ingest::TcpSignalKind::kResetReceived:
      f.event = TcpEvent::kResetReceived;
      if (known && it->second.connecting) {
        it->second.reset_while_connecting = true;
        f.during_connect = true;
      }
      break;
  }
  out->push_back(f);
}

}  // namespace kotel::metrics
