#include "pipeline/event_pipeline.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <ctime>

#include "ingest/decoder.h"
#include "ingest/endpoint_text.h"

namespace kotel::pipeline {
namespace {

uint32_t event_pid(const ingest::Event& ev) {
  struct {
    uint32_t operator()(const ingest::ConnOpen& e) const { return e.key.pid; }
    uint32_t operator()(const ingest::ConnClose& e) const { return e.key.pid; }
    uint32_t operator()(const ingest::Data& e) const { return e.key.pid; }
    uint32_t operator()(const ingest::SockState& e) const { return e.pid; }
    uint32_t operator()(const ingest::ProcExec& e) const { return e.pid; }
    uint32_t operator()(const ingest::ProcExit& e) const { return e.pid; }
    uint32_t operator()(const ingest::ProcFork& e) const { return e.parent_pid; }
    uint32_t operator()(const ingest::TcpSignal& e) const { return e.pid; }
    uint32_t operator()(const ingest::LogWrite& e) const { return e.pid; }
    uint32_t operator()(const ingest::UserProbeHit& e) const { return e.pid; }
  } visitor;
  return std::visit(visitor, ev);
}
}  // namespace

EventPipeline::EventPipeline(config::PrintMode print, connections::TrackerLimits limits,
                             core::MonotonicToRealtime clock, KernelControl control,
                             std::shared_ptr<ConsoleSink> console)
    : print_(console ? print : config::PrintMode::kNone), tracker_(limits), clock_(clock), control_(std::move(control)),
      console_(std::move(console)) {}

void EventPipeline::on_record(std::span<const std::byte> record) {
  ++stats_.records;
  auto ev = ingest::decode(record);
  if (!ev) {
    ++stats_.decode_errors;
    spdlog::debug("undecodable record: {}", ev.error());
    return;
  }
  if (reorder_) pending_.push_back(std::move(ev.value()));
  else on_event(ev.value());
}

void EventPipeline::flush() {
  std::stable_sort(pending_.begin(), pending_.end(),
                   [](const ingest::Event& a, const ingest::Event& b) { return ingest::event_ts(a) < ingest::event_ts(b); });
  for (const auto& ev : pending_) on_event(ev);
  pending_.clear();
}

void EventPipeline::on_event(const ingest::Event& ev) {
  ++stats_.by_kind[static_cast<size_t>(ingest::event_kind(ev))];
  apply(ev);
}

void EventPipeline::apply(const ingest::Event& ev) {
  const connections::Connection* conn = nullptr;
  if (auto* e = std::get_if<ingest::ConnOpen>(&ev)) {
    conn = &tracker_.on_open(*e);
    if (tcp_metrics_ || logs_) tcp_.on_open(e->sock, e->key.pid, e->tuple);
  } else if (auto* e = std::get_if<ingest::Data>(&ev)) {
    stats_.payload_bytes += e->payload.size();
    connections::DataOutcome outcome = tracker_.on_data(*e);
    conn = outcome.conn;
    if (outcome.conn && (e->flags.tls_plaintext || e->flags.tls_ciphertext)) start_tls(*outcome.conn);
    bool parse = outcome.conn && (!outcome.conn->tls || e->flags.tls_plaintext);
    if (parse) classify(*e, outcome.conn);
    if (parse && http_ && outcome.conn->protocol == protocols::Protocol::kHttp1)
      http_->on_data(*outcome.conn, *e, outcome.gap_bytes);
    if (parse && redis_ && outcome.conn->protocol == protocols::Protocol::kRedis &&
        !redis_->on_data(*outcome.conn, *e, outcome.gap_bytes)) {
      outcome.conn->protocol = protocols::Protocol::kOther;  // no longer followed: stop its payload
      ++stats_.muted_connections;
      if (control_.mute_payload) control_.mute_payload(e->key.gen);
    }
  } else if (auto* e = std::get_if<ingest::ConnClose>(&ev)) {
    const connections::Connection* known = tracker_.find(e->key);
    bool already_closed = known && known->closed;  // by its process's exit, seen first
    conn = tracker_.on_close(*e);
    if (conn) close_http(conn->key, e->ts_ns);
    if (conn && tcp_metrics_ && !already_closed && conn->tuple_known) {
      auto metered = conn->bytes_metered;  // the kernel's totals, less what the ticks counted already
      tcp_metrics_->record_closed(resources_.lookup(conn->key.pid, processes_.lookup(conn->key.pid).comm),
                                  ingest::address_text(conn->tuple.remote),
                                  e->bytes_egress > metered[0] ? e->bytes_egress - metered[0] : 0,
                                  e->bytes_ingress > metered[1] ? e->bytes_ingress - metered[1] : 0);
    }
    if (conn && !already_closed && print_ == config::PrintMode::kConnections)
      console_->connection(*conn, processes_.lookup(conn->key.pid).comm, clock_.to_unix_ns(e->ts_ns));
  } else if (auto* e = std::get_if<ingest::SockState>(&ev)) {
    using ingest::TcpState;
    if (e->new_state == TcpState::kListen) tracker_.listening_ports().add(e->tuple.local.port);
    if (e->old_state == TcpState::kListen && e->new_state == TcpState::kClose)
      tracker_.listening_ports().remove(e->tuple.local.port);
    if (tcp_metrics_ || logs_) {
      tcp_.on_state(*e, &findings_);
      tcp_findings();
    }
  } else if (auto* e = std::get_if<ingest::TcpSignal>(&ev)) {
    if (tcp_metrics_ || logs_) {
      tcp_.on_signal(*e, &findings_);
      tcp_findings();
    }
  } else if (auto* e = std::get_if<ingest::LogWrite>(&ev)) {
    if (auto* l = live_logs()) l->on_write(*e);
  } else if (auto* e = std::get_if<ingest::UserProbeHit>(&ev)) {
    on_user_probe(*e);
  } else if (auto* e = std::get_if<ingest::ProcExec>(&ev)) {
    processes_.on_exec(e->pid, e->comm, e->filename);
    runtimes_.forget(e->pid);  // a new program: its runtime is read when it first speaks HTTP
    if (control_.process_exec) control_.process_exec(e->pid);
    if (http_ || logs_) resources_.on_exec(e->pid, e->comm);
  } else if (auto* e = std::get_if<ingest::ProcFork>(&ev)) {
    processes_.on_fork(e->parent_pid, e->child_pid);
    if (control_.process_fork && e->parent_pid != e->child_pid) control_.process_fork(e->parent_pid, e->child_pid);
  } else if (auto* e = std::get_if<ingest::ProcExit>(&ev)) {
    if (auto* l = live_logs()) l->on_exit(*e);  // while its name and resource are still known
    if (control_.process_exit) control_.process_exit(e->pid);
    for (const auto& key : tracker_.on_process_exit(e->pid, e->ts_ns)) {
      if (control_.forget_connection) control_.forget_connection(key.pid, key.fd);
      close_http(key, e->ts_ns);
      if (const auto* c = tracker_.find(key)) {  // the kernel sends no close for it: say it closed here
        ingest::ConnClose closed{e->ts_ns, key, e->pid, ingest::CloseReason::kProcessExit,
                                 c->stats(ingest::Direction::kEgress).bytes_seen + c->stats(ingest::Direction::kEgress).gap_bytes,
                                 c->stats(ingest::Direction::kIngress).bytes_seen + c->stats(ingest::Direction::kIngress).gap_bytes};
        show_event(closed, c);
      }
      if (print_ == config::PrintMode::kConnections) {
        if (const auto* c = tracker_.find(key))
          console_->connection(*c, processes_.lookup(key.pid).comm, clock_.to_unix_ns(e->ts_ns));
      }
    }
  }
  show_event(ev, conn);
  if (auto* e = std::get_if<ingest::ProcExit>(&ev)) {
    processes_.on_exit(e->pid);
    runtimes_.forget(e->pid);
    if (http_) http_->forget_process(e->pid);
    resources_.forget(e->pid);  // after its last spans took their resource
  }
}

void EventPipeline::on_user_probe(const ingest::UserProbeHit& hit) {
  if (hit.probe >= user_probes_.size()) return;  // not configured (cannot happen: the kernel has our specs only)
  double seconds = static_cast<double>(hit.ts_ns - std::min(hit.start_ns, hit.ts_ns)) / 1e9;
  if (user_probe_metrics_) user_probe_metrics_->record(hit.probe, seconds);
  const auto& probe = user_probes_[hit.probe];
  if (probe.span && http_) http_->on_user_probe(hit, probe);
}

// Decides the protocol from the first bytes; a connection that is not one kotel
// parses stops costing payload copies.
void EventPipeline::classify(const ingest::Data& ev, connections::Connection* c) {
  constexpr uint32_t kMaxUndecided = 16;  // mid-stream data without a message head
  if (!c || c->protocol != protocols::Protocol::kUndecided || ev.payload.empty()) return;
  protocols::Protocol p = protocols::detect_protocol(ev.payload, ev.position == 0);
  if (p == protocols::Protocol::kUndecided && ++c->undecided_events >= kMaxUndecided) p = protocols::Protocol::kOther;
  c->protocol = p;
  if (p == protocols::Protocol::kHttp1) ++stats_.http1_connections;
  // Redis: CLIENT spans from the client's side; the server's side says nothing more.
  if (p == protocols::Protocol::kRedis && redis_ && c->role == ingest::Role::kClient) ++stats_.redis_connections;
  else if (p == protocols::Protocol::kRedis) p = c->protocol = protocols::Protocol::kOther;
  if (p == protocols::Protocol::kOther) {
    ++stats_.muted_connections;
    if (control_.mute_payload) control_.mute_payload(ev.key.gen);
  }
}

// The first sign that a connection is TLS: what its ciphertext made of it
// (the handshake looks like no protocol) is forgotten; its plaintext decides.
void EventPipeline::start_tls(connections::Connection& c) {
  if (c.tls) return;
  c.tls = true;
  ++stats_.tls_connections;
  if (c.protocol == protocols::Protocol::kOther && stats_.muted_connections) --stats_.muted_connections;
  c.protocol = protocols::Protocol::kUndecided;
  c.undecided_events = 0;
}

void EventPipeline::show_event(const ingest::Event& ev, const connections::Connection* conn) {
  bool print = print_ == config::PrintMode::kEvents, tap = tap_wanted_ && tap_wanted_();
  if (!print && !tap) return;
  uint32_t pid = std::holds_alternative<ingest::SockState>(ev) ? 0 : event_pid(ev);
  std::string_view comm;
  if (pid != 0) comm = processes_.lookup(pid).comm;
  uint64_t unix_ns = clock_.to_unix_ns(ingest::event_ts(ev));
  if (print) console_->event(ev, conn, comm, unix_ns);
  if (!tap) return;
  std::shared_ptr<const model::Resource> resource;
  if (pid) resource = resources_.lookup(pid, comm);
  tap_({unix_ns, pid, ingest::event_kind(ev), resource ? std::string_view(resource->service_name) : "", &ev, conn,
        comm});
}

void EventPipeline::tcp_record(uint32_t pid, const ingest::Endpoint& peer, metrics::TcpEvent event) {
  if (!tcp_metrics_) return;
  std::shared_ptr<const model::Resource> resource;
  if (pid) resource = resources_.lookup(pid, processes_.lookup(pid).comm);
  tcp_metrics_->record(resource, ingest::address_text(peer), event);
}

void EventPipeline::tcp_record_rtt(uint32_t pid, const ingest::Endpoint& peer, uint32_t srtt_us) {
  if (!tcp_metrics_) return;
  tcp_metrics_->record_rtt(resources_.lookup(pid, processes_.lookup(pid).comm), ingest::address_text(peer),
                           srtt_us / 1e6);
}

// What the TCP events meant, for the metrics and as log records.
void EventPipeline::tcp_findings() {
  for (const auto& f : findings_) {
    if (f.kind == metrics::TcpFinding::Kind::kRtt) {
      tcp_record_rtt(f.pid, f.peer, f.srtt_us);
      continue;
    }
    tcp_record(f.pid, f.peer, f.event);
    auto* l = live_logs();
    if (!l) continue;
    switch (f.event) {
      case metrics::TcpEvent::kConnectRefused: l->on_tcp(f.ts_ns, f.pid, f.sock, logs::TcpProblem::kConnectRefused, f.peer); break;
      case metrics::TcpEvent::kConnectFailed: l->on_tcp(f.ts_ns, f.pid, f.sock, logs::TcpProblem::kConnectFailed, f.peer); break;
      case metrics::TcpEvent::kRetransmit: l->on_retransmit(f.ts_ns, f.pid, f.sock, f.peer); break;
      case metrics::TcpEvent::kResetReceived:  // a refused connect is logged at its close
        if (!f.during_connect) l->on_tcp(f.ts_ns, f.pid, f.sock, logs::TcpProblem::kReset, f.peer);
        break;
      default: break;
    }
  }
  findings_.clear();
}

void EventPipeline::tick(uint64_t now_ns) {
  tracker_.expire(now_ns);
  if (http_) http_->tick(tracker_, now_ns);
  if (redis_) redis_->tick(tracker_);
  if (logs_) logs_->tick(now_ns);
  if (tcp_metrics_) meter_open_connections();
}

// Long-lived connections count their bytes as they go, not only at close; the
// active gauge is the open tracked connections per process and peer.
void EventPipeline::meter_open_connections() {
  std::vector<metrics::OpenConnection> open;
  tracker_.for_each([&](connections::Connection& c) {
    if (c.closed || !c.tuple_known) return;
    metrics::OpenConnection o{resources_.lookup(c.key.pid, processes_.lookup(c.key.pid).comm),
                              ingest::address_text(c.tuple.remote)};
    o.sent = c.dir[0].next_position - std::min(c.bytes_metered[0], c.dir[0].next_position);
    o.received = c.dir[1].next_position - std::min(c.bytes_metered[1], c.dir[1].next_position);
    c.bytes_metered = {std::max(c.bytes_metered[0], c.dir[0].next_position),
                       std::max(c.bytes_metered[1], c.dir[1].next_position)};
    open.push_back(std::move(o));
  });
  tcp_metrics_->on_tick(open);
}

void EventPipeline::enable_spans(spans::SpanSettings settings, spans::HttpSpanBuilder::SpanSink sink,
                                 std::unique_ptr<spans::IdSource> ids) {
  if (!ids) ids = std::make_unique<spans::RandomIdSource>();
  auto resources = [this](uint32_t pid) { return resources_.lookup(pid, processes_.lookup(pid).comm); };
  auto out = [this, sink = std::move(sink)](spans::Span&& span) {
    ++stats_.spans;
    if (print_ == config::PrintMode::kSpans) console_->span(span);
    if (sink) sink(std::move(span));
  };
  auto runtimes = [this](uint32_t pid) { return runtimes_.lookup(pid); };
  http_ = std::make_unique<HttpStage>(std::move(settings), std::move(ids), resources, clock_, std::move(out), runtimes);
  redis_ = std::make_unique<RedisStage>(
      [this](const connections::Connection& c, protocols::redis::RedisCall&& call) { http_->on_redis_call(c, std::move(call)); });
}

void EventPipeline::enable_logs(LogSettings settings, LogsStage::Sink sink, std::function<bool()> wanted) {
  logs_wanted_ = std::move(wanted);
  auto resources = [this](uint32_t pid) { return resources_.lookup(pid, processes_.lookup(pid).comm); };
  auto active = [this](uint32_t pid, uint32_t tid) -> const spans::LinkContext* {
    return http_ ? http_->builder().threads().current(pid, tid) : nullptr;
  };
  auto comm = [this](uint32_t pid) { return std::string(processes_.lookup(pid).comm); };
  auto out = [this, sink = std::move(sink)](logs::LogRecord&& r) {
    if (print_ == config::PrintMode::kLogs) console_->log(r);
    if (sink) sink(std::move(r));
  };
  logs_ = std::make_unique<LogsStage>(std::move(settings), resources, active, comm, clock_, std::move(out));
}

void EventPipeline::close_http(const ingest::ConnKey& key, uint64_t ts_ns) {
  if (redis_) redis_->on_close(key);
  if (!http_) return;
  if (auto* c = tracker_.find_mutable(key)) http_->on_close(*c, ts_ns);
}

}  // namespace kotel::pipeline
