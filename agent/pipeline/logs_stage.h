#pragma once
// The logs part of the pipeline: writes to stdout/stderr become lines
// (LineAssembler), lines become records (severity, timestamp, JSON fields,
// the process's resource, the trace and span id of the SERVER span the
// writing thread serves), kernel events become records too; one rate limit
// per process over both. Every record refused is counted by reason.

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/clock.h"
#include "ingest/events.h"
#include "logs/kernel_records.h"
#include "logs/line_assembler.h"
#include "logs/log_record.h"
#include "logs/rate_limiter.h"
#include "spans/parent_links.h"

namespace kotel::pipeline {

struct LogSettings {
  size_t max_record_bytes = 8192;
  uint32_t rate_limit = 1000;  // records per second per process, 0: none
  uint64_t idle_flush_ns = 1'000'000'000;
  std::vector<std::string> exclude_services;
  std::vector<uint32_t> pids, exclude_pids;  // kernel-event records follow the same filters as capture
  int64_t local_utc_offset_s = 0;            // for timestamps without a zone
};

struct LogStats {
  std::array<uint64_t, 4> records{};  // by logs::LogSource: use records_from()
  uint64_t records_from(logs::LogSource s) const { return records[static_cast<size_t>(s)]; }
  uint64_t bytes_captured = 0;
  uint64_t writes = 0;
  uint64_t dropped_rate_limited = 0;
  uint64_t dropped_excluded_service = 0;
  uint64_t lines_truncated = 0;
};

class LogsStage {
 public:
  using ResourceLookup = std::function<std::shared_ptr<const model::Resource>(uint32_t pid)>;
  // The SERVER request a thread is serving now (null: none, or several).
  using ActiveRequest = std::function<const spans::LinkContext*(uint32_t pid, uint32_t tid)>;
  using CommLookup = std::function<std::string(uint32_t pid)>;
  using Sink = std::function<void(logs::LogRecord&&)>;

  LogsStage(LogSettings settings, ResourceLookup resources, ActiveRequest active, CommLookup comm,
            core::MonotonicToRealtime clock, Sink sink);

  void on_write(const ingest::LogWrite& w);
  // Flushes the process's partial lines, then its exit record when it is
  // worth one (killed by a signal, non-zero code, or it wrote logs).
  void on_exit(const ingest::ProcExit& e);
  void on_oom_kill(uint64_t ts_ns, uint32_t pid);
  // A TCP problem of process `pid` with `peer`; `sock` groups retransmits into bursts.
  void on_tcp(uint64_t ts_ns, uint32_t pid, uint64_t sock, logs::TcpProblem problem, const ingest::Endpoint& peer);
  void on_retransmit(uint64_t ts_ns, uint32_t pid, uint64_t sock, const ingest::Endpoint& peer);
  void tick(uint64_t now_ns);

  const LogStats& stats() const { return stats_; }
  const logs::AssemblerStats& assembler_stats() const { return assembler_.stats(); }

  static constexpr uint32_t kRetransmitBurst = 3;  // retransmits of one connection within a second
  static constexpr uint64_t kBurstWindowNs = 1'000'000'000;

 private:
  struct LineContext {
    spans::TraceId trace_id{};
    spans::SpanId span_id{};
    bool sampled = true;
  };
  LineContext context_of(uint32_t pid, uint32_t tid) const;
  void on_line(logs::AssembledLine&& line);
  void deliver(logs::LogRecord&& r, uint64_t ts_ns);
  bool watched(uint32_t pid) const;

  LogSettings settings_;
  ResourceLookup resources_;
  ActiveRequest active_;
  CommLookup comm_;
  core::MonotonicToRealtime clock_;
  Sink sink_;
  logs::LineAssembler assembler_;
  logs::RateLimiter limiter_;
  LogStats stats_;
  // Per (pid, fd): the trace context of the line in progress, taken when its
  // first byte was written; the write being applied now.
  std::unordered_map<uint64_t, LineContext> line_context_;
  LineContext current_{};
  uint64_t current_key_ = 0;
  std::unordered_set<uint32_t> logged_pids_;
  struct Burst {
    uint64_t window_start_ns = 0;
    uint32_t count = 0;
    bool reported = false;
  };
  std::unordered_map<uint64_t, Burst> bursts_;  // by socket
};

}  // namespace kotel::pipeline
