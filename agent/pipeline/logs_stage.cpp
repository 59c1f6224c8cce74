#include "pipeline/logs_stage.h"

#include <algorithm>

#include "ingest/endpoint_text.h"
#include "logs/line_parser.h"

namespace kotel::pipeline {
namespace {
constexpr size_t kMaxBursts = 65536;
uint64_t stream_key(uint32_t pid, uint8_t fd) { return uint64_t{pid} << 8 | fd; }
}  // namespace

LogsStage::LogsStage(LogSettings settings, ResourceLookup resources, ActiveRequest active, CommLookup comm,
                     core::MonotonicToRealtime clock, Sink sink)
    : settings_(std::move(settings)), resources_(std::move(resources)), active_(std::move(active)),
      comm_(std::move(comm)), clock_(clock), sink_(std::move(sink)),
      assembler_({settings_.max_record_bytes, settings_.idle_flush_ns, 4096},
                 [this](logs::AssembledLine&& l) { on_line(std::move(l)); }),
      limiter_(settings_.rate_limit) {}

bool LogsStage::watched(uint32_t pid) const {
  if (pid == 0) return false;
  const auto& ex = settings_.exclude_pids;
  if (std::find(ex.begin(), ex.end(), pid) != ex.end()) return false;
  const auto& only = settings_.pids;
  return only.empty() || std::find(only.begin(), only.end(), pid) != only.end();
}

LogsStage::LineContext LogsStage::context_of(uint32_t pid, uint32_t tid) const {
  LineContext c;
  if (!active_) return c;
  if (const spans::LinkContext* ctx = active_(pid, tid)) {
    c.trace_id = ctx->trace_id;
    c.span_id = ctx->span_id;
    c.sampled = ctx->sampled;
  }
  return c;
}

void LogsStage::on_write(const ingest::LogWrite& w) {
  ++stats_.writes;
  stats_.bytes_captured += w.payload.size();
  logged_pids_.insert(w.pid);
  current_key_ = stream_key(w.pid, w.fd);
  current_ = context_of(w.pid, w.tid);
  // A line that starts in this write takes this write's context; one that
  // started earlier keeps the context it started with.
  if (!assembler_.in_line(w.pid, w.fd)) {
    if (line_context_.size() > 2 * 4096) line_context_.clear();  // bounded like the assembler's streams
    line_context_[current_key_] = current_;
  }
  assembler_.on_write(w.pid, w.tid, w.fd, w.ts_ns, w.payload, w.truncated);
  current_key_ = 0;
  current_ = {};  // lines flushed later (idle, exit) use only what their start recorded
}

void LogsStage::on_line(logs::AssembledLine&& line) {
  uint64_t key = stream_key(line.pid, line.fd);
  auto it = line_context_.find(key);
  LineContext ctx = it != line_context_.end() ? it->second : current_;
  // The next line of this stream starts in the write being applied, if any.
  if (key == current_key_) line_context_[key] = current_;
  else if (it != line_context_.end()) line_context_.erase(it);
  logs::LogRecord r;
  r.source = line.fd == 2 ? logs::LogSource::kStderr : logs::LogSource::kStdout;
  r.pid = line.pid;
  r.tid = line.tid;
  r.trace_id = ctx.trace_id;
  r.span_id = ctx.span_id;
  r.sampled = ctx.sampled;
  logs::ParsedLine parsed = logs::parse_line(line.text, settings_.local_utc_offset_s);
  r.severity = std::move(parsed.severity);
  r.time_unix_ns = parsed.time_unix_ns;
  r.attributes = std::move(parsed.attributes);
  r.body = parsed.body.empty() ? std::move(line.text) : std::move(parsed.body);
  r.attributes.push_back({"log.iostream", std::string(line.fd == 2 ? "stderr" : "stdout")});
  if (line.truncated) {
    ++stats_.lines_truncated;
    r.attributes.push_back({"log.record.truncated", true});
  }
  deliver(std::move(r), line.ts_ns);
}

void LogsStage::deliver(logs::LogRecord&& r, uint64_t ts_ns) {
  r.resource = resources_ ? resources_(r.pid) : nullptr;
  if (r.resource && !settings_.exclude_services.empty()) {
    const auto& ex = settings_.exclude_services;
    if (std::find(ex.begin(), ex.end(), r.resource->service_name) != ex.end()) {
      ++stats_.dropped_excluded_service;
      return;
    }
  }
  if (!limiter_.allow(r.pid, ts_ns)) {
    ++stats_.dropped_rate_limited;
    return;
  }
  r.observed_unix_ns = clock_.to_unix_ns(ts_ns);
  ++stats_.records[static_cast<size_t>(r.source)];
  sink_(std::move(r));
}

void LogsStage::on_exit(const ingest::ProcExit& e) {
  assembler_.on_exit(e.pid);
  line_context_.erase(stream_key(e.pid, 1));
  line_context_.erase(stream_key(e.pid, 2));
  bool logged = logged_pids_.erase(e.pid) > 0;
  if (e.oom_killed) on_oom_kill(e.ts_ns, e.pid);
  if (watched(e.pid) && (logged || e.exit_code != 0))
    deliver(logs::process_exit_record(e.pid, e.exit_code, comm_ ? comm_(e.pid) : std::string()), e.ts_ns);
  limiter_.forget(e.pid);
}

void LogsStage::on_oom_kill(uint64_t ts_ns, uint32_t pid) {
  if (watched(pid)) deliver(logs::oom_kill_record(pid, comm_ ? comm_(pid) : std::string()), ts_ns);
}

void LogsStage::on_tcp(uint64_t ts_ns, uint32_t pid, uint64_t sock, logs::TcpProblem problem,
                       const ingest::Endpoint& peer) {
  if (problem != logs::TcpProblem::kRetransmitBurst) bursts_.erase(sock);
  if (!watched(pid)) return;
  deliver(logs::tcp_problem_record(pid, problem, ingest::address_text(peer), peer.port), ts_ns);
}

void LogsStage::on_retransmit(uint64_t ts_ns, uint32_t pid, uint64_t sock, const ingest::Endpoint& peer) {
  if (!watched(pid)) return;
  if (bursts_.size() >= kMaxBursts) bursts_.clear();
  Burst& b = bursts_[sock];
  if (ts_ns - b.window_start_ns > kBurstWindowNs) b = Burst{ts_ns, 0, false};
  if (++b.count < kRetransmitBurst || b.reported) return;
  b.reported = true;  // one record per burst window
  deliver(logs::tcp_problem_record(pid, logs::TcpProblem::kRetransmitBurst, ingest::address_text(peer), peer.port,
                                   b.count),
          ts_ns);
}

void LogsStage::tick(uint64_t now_ns) {
  assembler_.tick(now_ns);
  std::erase_if(bursts_, [&](const auto& kv) { return now_ns - kv.second.window_start_ns > 10 * kBurstWindowNs; });
}

}  // namespace kotel::pipeline
